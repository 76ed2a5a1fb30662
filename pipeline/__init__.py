"""leaderwatch: contacts between watched candidates and foreign leaders, from the news.

Importable without Airflow: the DAGs in ``dags/`` only wire these functions.
"""

__version__ = "0.1.0"
