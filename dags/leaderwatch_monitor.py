"""
### leaderwatch monitor

Every cycle (schedule from `config/settings.yaml`, default every 15 minutes):

1. **list_feeds**: bring the store to head, sync `feeds.yaml`, return the feed ids.
2. **fetch_feed**: one mapped task instance per feed. A broken feed is one red
   box (its health is recorded on the Contacts page); the others go on and the
   run still succeeds. Any other failed task fails the run; the work it left
   is picked up by the next run (every stage reads its input from the store).
3. **plan_batches**: the pending articles (new ones and ones an earlier run
   left behind), split into batches.
4. **process_batch**: one mapped task instance per batch: fetch the page,
   extract, date, fingerprint, detect contacts.
5. **match_events**: detections become mentions and events; changes go to
   the alert outbox.
6. **send_alerts**: drain the outbox to Slack (connection `slack_api_default`),
   or to the dry-run file when no token is configured.

Tasks pass ids, never article bodies; each reads the previous stage's rows from
the leaderwatch database, so any task can be cleared and re-run. Task failures
are posted to `slack.ops_channel` when it is set.
"""

from __future__ import annotations

import datetime as dt

from airflow.sdk import dag, task

from pipeline.airflow_support import OpsFailureNotifier, config_dir, dag_settings, default_args

CONFIG_DIR = config_dir(__file__)
SETTINGS = dag_settings(CONFIG_DIR)
on_failure = OpsFailureNotifier(CONFIG_DIR)


@dag(
    dag_id="leaderwatch_monitor",
    schedule=SETTINGS.schedule,
    start_date=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=dt.timedelta(hours=1),
    tags=["leaderwatch", "monitor"],
    doc_md=__doc__,
    on_failure_callback=on_failure,
    default_args=default_args(on_failure, execution_timeout=dt.timedelta(minutes=20)),
)
def leaderwatch_monitor() -> None:
    @task
    def list_feeds() -> list[int]:
        from pipeline import stages
        from pipeline.airflow_support import task_config

        cfg = task_config(CONFIG_DIR)
        stages.prepare_store(cfg)
        return stages.list_feeds(cfg)

    @task(map_index_template="{{ feed_label }}", retries=1)
    def fetch_feed(feed_id: int) -> list[int]:
        from airflow.sdk import get_current_context

        from pipeline import stages
        from pipeline.airflow_support import feed_label, task_config

        cfg = task_config(CONFIG_DIR)
        get_current_context()["feed_label"] = feed_label(cfg, feed_id)  # type: ignore[typeddict-unknown-key]
        return stages.fetch_feed(cfg, feed_id)

    # all_done: a broken feed (a failed fetch_feed instance) must not stop the
    # others' articles; plan_cycle itself fails when list_feeds did.
    @task(trigger_rule="all_done")
    def plan_batches(feed_ids: list[int] | None, fetched: list[list[int]]) -> list[list[int]]:
        from pipeline.airflow_support import plan_cycle, task_config

        return plan_cycle(task_config(CONFIG_DIR), feed_ids, fetched)

    @task(map_index_template="{{ batch_label }}")
    def process_batch(article_ids: list[int]) -> list[int]:
        from airflow.sdk import get_current_context

        from pipeline import stages
        from pipeline.airflow_support import batch_label, task_config

        get_current_context()["batch_label"] = batch_label(article_ids)  # type: ignore[typeddict-unknown-key]
        return stages.process_articles(task_config(CONFIG_DIR), article_ids)

    # Runs after the batches, or straight after plan_batches when there was
    # nothing to process (the mapped task is then skipped).
    @task(trigger_rule="none_failed_min_one_success")
    def match_events() -> dict[str, object]:
        from pipeline import stages
        from pipeline.airflow_support import task_config

        # Every processed, unmatched article in the store, including ones an
        # earlier run processed but did not get to match.
        return stages.match_events(task_config(CONFIG_DIR))

    @task
    def send_alerts() -> dict[str, object]:
        from pipeline import stages
        from pipeline.airflow_support import slack_client, task_config

        return stages.send_alerts(task_config(CONFIG_DIR), client=slack_client())

    feed_ids = list_feeds()
    planned = plan_batches(feed_ids, fetch_feed.expand(feed_id=feed_ids))
    processed = process_batch.expand(article_ids=planned)
    matched = match_events()
    [planned, processed] >> matched
    matched >> send_alerts()


leaderwatch_monitor()
