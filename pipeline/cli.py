"""The ``leaderwatch`` command (also ``python -m pipeline``).

Parses arguments and hands each command to the module that owns its stage; no
pipeline logic lives here. Exit codes: 0 success, 1 failure of the work,
2 bad usage or bad configuration.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from pipeline.config import AppConfig, ConfigError, load_config

log = logging.getLogger("leaderwatch")


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


def _config(args: argparse.Namespace) -> AppConfig:
    return load_config(args.config)


# ------------------------------------------------------------------- commands


def cmd_check_config(args: argparse.Namespace) -> int:
    cfg = _config(args)
    from pipeline.detect.gazetteer import check_gazetteer

    problems = check_gazetteer(cfg)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 2
    print(
        f"{cfg.directory}: OK ({len(cfg.feeds)} feeds, {len(cfg.watchlist)} candidates, "
        f"{len(cfg.leaders)} leaders, {len(cfg.countries)} countries, {len(cfg.baseline)} baseline events)"
    )
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from pipeline.store import current_revision, upgrade

    cfg = _config(args)
    upgrade(cfg.settings.database_url)
    print(f"database at revision {current_revision(cfg.settings.database_url)}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from pipeline.cycle import run_cycle

    cfg = _config(args)
    report = run_cycle(cfg, dry_run=args.dry_run)
    print(report.render())
    return 0 if report.ok else 1


def cmd_detect(args: argparse.Namespace) -> int:
    from pipeline.detect.cli import detect_command

    return detect_command(_config(args), args)


def cmd_eval(args: argparse.Namespace) -> int:
    from pipeline.evaluate import eval_command

    return eval_command(_config(args), args)


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.extract import extract_command

    return extract_command(_config(args), args)


def cmd_feeds(args: argparse.Namespace) -> int:
    from pipeline.feeds import feeds_command

    return feeds_command(_config(args), args)


def cmd_replay(args: argparse.Namespace) -> int:
    from pipeline.replay import replay_command

    return replay_command(_config(args), args)


def cmd_baseline(args: argparse.Namespace) -> int:
    from pipeline.baseline import baseline_command

    return baseline_command(_config(args), args)


def cmd_backfill(args: argparse.Namespace) -> int:
    from pipeline.backfill import backfill_command

    return backfill_command(_config(args), args)


# --------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leaderwatch",
        description="Watch the news for contacts between candidates and foreign leaders.",
    )
    parser.add_argument(
        "--config", metavar="DIR", default=None, help="config folder (default ./config or LEADERWATCH_CONFIG)"
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-vv for debug)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, fn: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=fn)
        return p

    p = add("run", cmd_run, "one monitoring cycle, as the DAG does it")
    p.add_argument("--dry-run", action="store_true", help="print alerts instead of posting to Slack")

    p = add("backfill", cmd_backfill, "load historical articles into the baseline (digest alerts)")
    p.add_argument("--from", dest="date_from", required=True, metavar="D", help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", required=True, metavar="D", help="last day, YYYY-MM-DD")
    p.add_argument("source", help="news sitemap URL/file, a file of URLs, or a folder of saved pages")
    p.add_argument("--dry-run", action="store_true", help="print the digest instead of posting it")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")

    p = add("detect", cmd_detect, "contacts as JSON lines (txt or html input)")
    p.add_argument("files", nargs="*", metavar="FILE")
    p.add_argument("--published", metavar="D", help="publication date of the input, YYYY-MM-DD")
    p.add_argument("--corpus", metavar="DIR", help="detect every article of DIR/gold.jsonl")
    p.add_argument("--explain", action="store_true", help="show which rule fired for each contact")

    p = add("extract", cmd_extract, "text and metadata of pages, one JSON line per input")
    p.add_argument("inputs", nargs="+", metavar="FILE_OR_URL")

    add("feeds", cmd_feeds, "per-feed health")

    p = add("eval", cmd_eval, "precision/recall/F1 of the detector against DIR/gold.jsonl")
    p.add_argument("corpus", metavar="CORPUS_DIR")
    p.add_argument("--json", action="store_true", help="machine-readable report")
    p.add_argument("--misses", action="store_true", help="list false positives and misses per article")

    p = add("replay", cmd_replay, "alerts of a scenario as JSON lines")
    p.add_argument("corpus", metavar="CORPUS_DIR")
    p.add_argument("--scenario", required=True, metavar="FILE")
    p.add_argument(
        "--score",
        action="store_true",
        help="score against the scenario's alerts (JSON on stderr; exit 1 if not perfect)",
    )

    p = add("baseline", cmd_baseline, "import or export the baseline of known events (YAML or CSV)")
    p.add_argument("action", choices=["import", "export"])
    p.add_argument("file", metavar="FILE")

    add("check-config", cmd_check_config, "validate the config folder")

    p = add("db", cmd_db_upgrade, "database maintenance")
    p.add_argument("action", choices=["upgrade"])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    try:
        return int(args.func(args))
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `leaderwatch detect ... | head` is fine
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
