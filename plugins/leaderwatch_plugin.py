"""Airflow plugin: the leaderwatch Contacts page, mounted in the Airflow API server with a nav entry.

The page itself is :mod:`pipeline.webui`; this file only registers it. It asks
for the Airflow login on every request (see ``pipeline.webui.airflow_user``).
The config folder is ``LEADERWATCH_CONFIG``, else ``config/`` next to this
folder, the same rule as the DAGs.
"""

from __future__ import annotations

from airflow.plugins_manager import AirflowPlugin

from pipeline.airflow_support import config_dir
from pipeline.webui import create_app

URL_PREFIX = "/leaderwatch"

# The folder is looked up per request, so LEADERWATCH_CONFIG set after this
# module was imported (tests, a changed deployment) is honoured.
contacts_app = create_app(lambda: config_dir(__file__))

FASTAPI_APPS = [{"app": contacts_app, "url_prefix": URL_PREFIX, "name": "leaderwatch contacts"}]
# url_route makes the UI show the page inside Airflow (an iframe under
# /plugin/leaderwatch-contacts) rather than leaving the UI.
EXTERNAL_VIEWS = [
    {
        "name": "Contacts",
        "href": f"{URL_PREFIX}/",
        "destination": "nav",
        "category": "browse",
        "url_route": "leaderwatch-contacts",
    }
]


class LeaderwatchPlugin(AirflowPlugin):
    name = "leaderwatch"
    fastapi_apps = FASTAPI_APPS
    external_views = EXTERNAL_VIEWS
