"""Replay of a scenario: the matching logic against the dev scenario, scoring, the command."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from pipeline.config import AppConfig, load_config
from pipeline.contacts import Contact
from pipeline.replay import load_scenario, replay, score_alerts, split_headline

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cfg() -> AppConfig:
    return load_config(REPO / "config", env={})


def gold_detector(corpus: Path):  # type: ignore[no-untyped-def]
    """A perfect detector: the annotated contacts of the article whose text it is given.

    This exercises events matching alone (the real replay never reads gold contacts).
    """
    by_text: dict[str, list[Contact]] = {}
    for line in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = (corpus / row["file"]).read_text(encoding="utf-8")
        by_text[text] = [
            Contact(
                **{k: c[k] for k in ("candidate", "leader", "country", "kind", "status", "date", "evidence")}
            )
            for c in row["contacts"]
        ]

    def detect(text: str, published: dt.date, title: str | None) -> Sequence[Contact]:
        return by_text[text]

    return detect


def test_matching_with_gold_contacts_gives_the_dev_scenario_alerts(cfg: AppConfig, corpus_dir: Path) -> None:
    scenario = load_scenario(corpus_dir / "scenario-dev.yaml")
    produced = replay(cfg, corpus_dir, scenario, detect=gold_detector(corpus_dir))
    score = score_alerts(scenario.alerts, produced)
    assert score.missed == [] and score.extra == [] and score.duplicate_new == []
    assert score.matched == score.expected > 30


def test_score_alerts_rules() -> None:
    expected: list[dict[str, Any]] = [
        {"after": "a", "type": "new", "candidate": "C", "leader": "L", "kind": "call", "status": "occurred", "date": "2024"},
        {"after": "a", "type": "new", "candidate": "C", "leader": "M", "kind": "call", "status": "occurred",
         "date": "2020", "optional": True},
        {"after": "b", "type": "update", "candidate": "C", "leader": "L", "kind": "call", "status": "cancelled",
         "date": "2024"},
    ]  # fmt: skip
    produced: list[dict[str, Any]] = [
        # order within an article is free; the optional alert is free either way
        {"after": "a", "type": "new", "candidate": "C", "leader": "M", "kind": "call", "status": "occurred", "date": "2020"},
        {"after": "a", "type": "new", "candidate": "C", "leader": "L", "kind": "call", "status": "occurred", "date": "2024"},
        # the update came one article too early, and the same event was announced twice
        {"after": "a", "type": "update", "candidate": "C", "leader": "L", "kind": "call", "status": "cancelled",
         "date": "2024"},
        {"after": "b", "type": "new", "candidate": "C", "leader": "L", "kind": "call", "status": "occurred",
         "date": "2024-05"},
    ]  # fmt: skip
    score = score_alerts(expected, produced)
    assert (score.matched, score.expected, score.optional_matched) == (1, 2, 1)
    assert [m["after"] for m in score.missed] == ["b"]
    assert len(score.extra) == 2 and len(score.duplicate_new) == 1
    assert score.precision == pytest.approx(1 / 3) and score.recall == pytest.approx(1 / 2)
    assert not score.perfect
    assert score_alerts(expected[:1], produced[1:2]).perfect


def test_split_headline() -> None:
    assert split_headline("Title here\n\nBody text.") == ("Title here", "Title here\n\nBody text.")
    assert split_headline("No headline, just a body.\nSecond line.")[0] is None


def test_replay_command_matches_dev_scenario(corpus_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The acceptance test: real detection + matching give exactly the dev scenario's alerts."""
    from pipeline.cli import main

    code = main(["--config", str(REPO / "config"), "replay", str(corpus_dir), "--scenario",
                 str(corpus_dir / "scenario-dev.yaml")])  # fmt: skip
    assert code == 0
    produced = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert all(set(p) == {"after", "type", "candidate", "leader", "kind", "status", "date"} for p in produced)
    score = score_alerts(load_scenario(corpus_dir / "scenario-dev.yaml").alerts, produced)
    report = json.dumps(score.as_dict(), indent=1, ensure_ascii=False)
    # Every required alert, none the scenario does not expect, no event announced twice
    # (optional alerts are free, as the scenario's scoring says).
    assert score.duplicate_new == [], report
    assert score.extra == [], report
    assert score.missed == [], report
    assert score.perfect and score.matched == score.expected
