"""The host name an Airflow worker of a test reports, for ``[core] hostname_callable``.

Two Celery workers on one machine stand for two machines: each gets its own
``LEADERWATCH_TEST_HOSTNAME``, and Airflow records it on every task instance the
worker runs (``TaskInstance.hostname``), as it would record a real host's name.
"""

from __future__ import annotations

import os


def hostname() -> str:
    return os.environ["LEADERWATCH_TEST_HOSTNAME"]
