"""The glue between Airflow and the pipeline: config location, Slack client, failure notices, batches.

The DAG files in ``dags/`` stay wiring only; what they need beyond
:mod:`pipeline.stages` lives here. Every Airflow import is inside a function, so
``import pipeline.airflow_support`` works on a machine without Airflow (the CLI,
the unit tests) and a DAG file's parse stays cheap.

Slack in Airflow: the connection ``slack_api_default`` (bot token in the
password field, optional ``base_url`` in the extra) is the Airflow way to hold
the token; when it exists, alerts go through the Slack provider's hook client.
Without it the settings (``SLACK_BOT_TOKEN``) decide, as on the command line.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pipeline.config import AppConfig, Settings, load_config, load_settings

log = logging.getLogger(__name__)

SLACK_CONN_ID = "slack_api_default"
# Articles per mapped "process" task instance: big enough that task start-up
# (a new process per task) stays small next to the work, small enough that one
# bad page only delays a few others.
DEFAULT_BATCH_SIZE = 25


def config_dir(dag_file: str | os.PathLike[str]) -> Path:
    """The config folder a DAG uses: ``LEADERWATCH_CONFIG``, else ``<project>/config``.

    ``dag_file`` is the DAG module's ``__file__``; the project is the folder
    above ``dags/`` (the package may be installed elsewhere, e.g. in an image).
    """
    env = os.environ.get("LEADERWATCH_CONFIG")
    if env:
        return Path(env)
    return Path(dag_file).resolve().parent.parent / "config"


def dag_settings(directory: Path) -> Settings:
    """Only settings.yaml (not the big leaders file): what a DAG needs at parse time."""
    return load_settings(directory)


def default_args(on_failure: Any, execution_timeout: dt.timedelta) -> dict[str, Any]:
    """Task defaults of every leaderwatch DAG: retries with exponential backoff, the failure notice."""
    return {
        "retries": 2,
        "retry_delay": dt.timedelta(seconds=30),
        "retry_exponential_backoff": 2.0,
        "max_retry_delay": dt.timedelta(minutes=10),
        "execution_timeout": execution_timeout,
        "on_failure_callback": on_failure,
    }


def task_config(directory: Path) -> AppConfig:
    """The whole config, loaded inside a task (never at parse time); prepares the task process."""
    make_spawn_safe()
    return load_config(directory)


def make_spawn_safe() -> None:
    """Let ``spawn`` child processes of a task (the extraction worker) start.

    A task process's ``__main__`` is the ``airflow`` command. A ``spawn`` child
    re-runs the parent's ``__main__`` file, which imports Airflow, which fails
    there: the task's environment deliberately holds an unusable metadata-DB
    URL (tasks may not touch Airflow's database). Naming ``__main__`` as the
    ``airflow.__main__`` module makes the child skip that step, as it does for
    any ``python -m package`` program. Elsewhere this does nothing.
    """
    import importlib.machinery

    main = sys.modules.get("__main__")
    if main is None or getattr(main.__spec__, "name", None):
        return
    if Path(getattr(main, "__file__", None) or "").name != "airflow":
        return
    main.__spec__ = importlib.machinery.ModuleSpec("airflow.__main__", None)


def batches(ids: Sequence[int], size: int = DEFAULT_BATCH_SIZE) -> list[list[int]]:
    """Split ids into lists of at most ``size`` (one mapped task instance each)."""
    if size < 1:
        raise ValueError(f"batch size must be at least 1, got {size}")
    unique = list(dict.fromkeys(ids))
    return [unique[i : i + size] for i in range(0, len(unique), size)]


def plan_cycle(
    cfg: AppConfig, feed_ids: Sequence[int] | None, fetched: Iterable[Sequence[int] | None]
) -> list[list[int]]:
    """The monitor's batches: what the fetches returned plus every article still pending.

    ``feed_ids`` is list_feeds' result; None means that task did not succeed
    (the plan runs with trigger rule all_done so that broken feeds do not stop
    it, but a failed list of feeds must).
    """
    from pipeline import stages

    if feed_ids is None:
        raise RuntimeError("list_feeds did not succeed: nothing to plan (see that task's log)")
    new_ids = [i for ids in fetched if ids for i in ids]
    # The store's pending list also holds what an earlier, failed run left behind.
    return batches(new_ids + stages.pending_articles(cfg))


def batch_label(article_ids: Sequence[int]) -> str:
    """How a mapped "process" task instance is named in the grid."""
    if not article_ids:
        return "empty batch"
    return f"{len(article_ids)} articles from #{min(article_ids)}"


def feed_label(cfg: AppConfig, feed_id: int) -> str:
    """A short name for a feed's task instance in the grid (its name, else its URL)."""
    from pipeline.store import Feed, session_scope

    with session_scope(cfg.settings.database_url) as session:
        feed = session.get(Feed, feed_id)
        if feed is None:
            return f"feed {feed_id}"
        return (feed.name or feed.url)[:200]


# ----------------------------------------------------------------------- Slack


def slack_client(conn_id: str = SLACK_CONN_ID) -> Any:
    """The Slack WebClient of the Airflow connection ``conn_id``, or None when it is not set up.

    The alert sender falls back to the settings (token from the environment,
    or dry-run) when this returns None.
    """
    from airflow.providers.slack.hooks.slack import SlackHook
    from airflow.sdk.exceptions import AirflowNotFoundException

    try:
        return SlackHook(slack_conn_id=conn_id).client
    except AirflowNotFoundException:
        log.info("no Airflow connection %r with a token: alerts follow the settings", conn_id)
        return None


def _mrkdwn_escape(text: str) -> str:
    # Slack reads <...> as links and mentions; an exception message must not ping anyone.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def failure_text(context: Mapping[str, Any]) -> str:
    """One line for the ops channel: which DAG, run and task failed, and why (escaped)."""
    ti = context.get("ti") or context.get("task_instance")
    dag_run = context.get("dag_run")
    dag_id = getattr(ti, "dag_id", None) or getattr(dag_run, "dag_id", None) or "?"
    run_id = getattr(ti, "run_id", None) or getattr(dag_run, "run_id", None) or "?"
    where = f"{dag_id} / {run_id}"
    if ti is not None and getattr(ti, "task_id", None):
        where += f" / {ti.task_id}"
        map_index = getattr(ti, "map_index", -1)
        if map_index is not None and map_index >= 0:
            where += f"[{map_index}]"
    reason = context.get("exception") or context.get("reason") or "failed"
    text = f":red_circle: leaderwatch: {where} failed: {reason}"
    return _mrkdwn_escape(text[:2900])


class OpsFailureNotifier:
    """``on_failure_callback`` of every leaderwatch DAG and task.

    Posts to ``slack.ops_channel`` through the provider's SlackNotifier and the
    ``slack_api_default`` connection when both are configured; otherwise logs.
    It reads the settings when a failure happens, not when the DAG is parsed,
    and never raises: a broken notice must not hide the failure it reports.
    """

    def __init__(self, config_directory: Path, conn_id: str = SLACK_CONN_ID) -> None:
        self.config_directory = Path(config_directory)
        self.conn_id = conn_id

    def __call__(self, context: Mapping[str, Any]) -> None:
        text = failure_text(context)
        log.error("%s", text)
        try:
            channel = load_settings(self.config_directory).slack.ops_channel
        except Exception as exc:  # the config itself may be what broke
            log.warning("ops notice not sent: cannot read settings: %s", exc)
            return
        if not channel:
            return
        try:
            from airflow.providers.slack.notifications.slack import SlackNotifier

            # The text goes in through the context, not the template itself, so an
            # exception message containing "{{" is never rendered by Jinja.
            notifier = SlackNotifier(
                slack_conn_id=self.conn_id,
                channel=channel,
                text="{{ leaderwatch_failure_text }}",
                username="leaderwatch",
                unfurl_links=False,
                unfurl_media=False,
            )
            notifier({**dict(context), "leaderwatch_failure_text": text})
        except Exception as exc:
            log.warning("ops notice to %s not sent: %s", channel, exc)

    def __repr__(self) -> str:
        return f"OpsFailureNotifier({str(self.config_directory)!r})"
