"""DAG tests run against a throwaway AIRFLOW_HOME (set before anything imports airflow)."""

from tests.support import airflow_env

airflow_env.configure()
