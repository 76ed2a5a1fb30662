"""
### leaderwatch backfill

Loads historical articles so that the baseline is complete before live
alerting. Each run takes the articles published in **its own data interval**
(one day) from a source, runs them through the same stages as the monitor,
and sends **one digest** for the run instead of one alert per event.

Sources (param or run conf `source`): a news sitemap or sitemap index (URL or
file, entries dated by `lastmod` / `news:publication_date`), a file with one
URL per line, or a folder of saved HTML pages.

Two ways to run it:

* Airflow backfill, one run per day of the range:
  `airflow backfill create --dag-id leaderwatch_backfill --from-date 2024-09-01
  --to-date 2024-09-07 --dag-run-conf '{"source": "/data/sitemap.xml"}'`
* Manual trigger with params `source`, and optionally `date_from` / `date_to`
  (YYYY-MM-DD, inclusive) to override the run's data interval.

The daily timetable exists so that a backfill gets one data interval per day.
The DAG is paused when first created; **unpause it before `airflow backfill
create`** (Airflow starts no run of a paused DAG, backfill runs included). Its
own daily runs have no source and end as skipped.
"""

from __future__ import annotations

import datetime as dt

from airflow.sdk import CronDataIntervalTimetable, Param, dag, task

from pipeline.airflow_support import OpsFailureNotifier, config_dir, default_args

CONFIG_DIR = config_dir(__file__)
on_failure = OpsFailureNotifier(CONFIG_DIR)


@dag(
    dag_id="leaderwatch_backfill",
    schedule=CronDataIntervalTimetable("@daily", timezone="UTC"),
    start_date=dt.datetime(2016, 1, 1, tzinfo=dt.UTC),
    catchup=False,
    max_active_runs=1,
    is_paused_upon_creation=True,
    tags=["leaderwatch", "backfill"],
    doc_md=__doc__,
    on_failure_callback=on_failure,
    params={
        "source": Param(
            "",
            type="string",
            title="Source",
            description="news sitemap (URL or path), file of URLs, or folder of saved HTML pages",
        ),
        "date_from": Param(
            None,
            type=["null", "string"],
            format="date",
            title="From (inclusive)",
            description="overrides the start of the run's data interval",
        ),
        "date_to": Param(
            None,
            type=["null", "string"],
            format="date",
            title="To (inclusive)",
            description="overrides the end of the run's data interval",
        ),
    },
    default_args=default_args(on_failure, execution_timeout=dt.timedelta(hours=2)),
)
def leaderwatch_backfill() -> None:
    @task
    def collect_articles() -> list[int]:
        from airflow.sdk import get_current_context

        from pipeline.airflow_support import task_config
        from pipeline.backfill import collect_for_run

        context = get_current_context()
        return collect_for_run(task_config(CONFIG_DIR), context)

    @task
    def plan_batches(article_ids: list[int]) -> list[list[int]]:
        from pipeline.airflow_support import batches

        return batches(article_ids)

    @task(map_index_template="{{ batch_label }}")
    def process_batch(article_ids: list[int]) -> list[int]:
        from airflow.sdk import get_current_context

        from pipeline import stages
        from pipeline.airflow_support import batch_label, task_config

        get_current_context()["batch_label"] = batch_label(article_ids)  # type: ignore[typeddict-unknown-key]
        return stages.process_articles(task_config(CONFIG_DIR), article_ids)

    # Straight after plan_batches when the window had no articles (the mapped
    # task is then skipped).
    @task(trigger_rule="none_failed_min_one_success")
    def match_events(article_ids: list[int]) -> dict[str, object]:
        from pipeline import stages
        from pipeline.airflow_support import task_config

        return stages.match_events(task_config(CONFIG_DIR), article_ids)

    @task
    def send_digest(article_ids: list[int]) -> dict[str, object]:
        from airflow.sdk import get_current_context

        from pipeline.airflow_support import slack_client, task_config
        from pipeline.backfill import digest_for_run

        return digest_for_run(
            task_config(CONFIG_DIR), article_ids, get_current_context(), client=slack_client()
        )

    collected = collect_articles()
    planned = plan_batches(collected)
    processed = process_batch.expand(article_ids=planned)
    matched = match_events(collected)
    [planned, processed] >> matched
    matched >> send_digest(collected)


leaderwatch_backfill()
