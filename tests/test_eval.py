"""Evaluation: strict and pair scores, date accuracy, optional gold contacts."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.detect.normalize import fold_name
from pipeline.evaluate import eval_command, evaluate, leader_aliases

REPO = Path(__file__).resolve().parents[1]


def c(cand: str, lead: str, kind: str = "meeting", status: str = "occurred", date: str | None = None, **kw):
    return {"candidate": cand, "leader": lead, "kind": kind, "status": status, "date": date, **kw}


def test_strict_pair_and_date():
    gold = {"a": [c("T", "X", date="2024-01"), c("T", "Y", kind="call", date="2024-02")]}
    pred = {"a": [c("T", "X", date="2024-01-05"), c("T", "Y", kind="meeting"), c("H", "Z")]}
    r = evaluate(pred, gold)
    assert (r.strict.tp, r.strict.fp, r.strict.fn) == (1, 2, 1)
    assert (r.pair.tp, r.pair.fp, r.pair.fn) == (2, 1, 0)
    assert (r.dates_right, r.dates_total) == (0, 1)


def test_equal_dates_are_paired_first():
    gold = {"a": [c("T", "X", date="2019-05"), c("T", "X", date="2024-03")]}
    pred = {"a": [c("T", "X", date="2024-03"), c("T", "X", date="2019-05")]}
    r = evaluate(pred, gold)
    assert r.strict.tp == 2 and r.date_accuracy == 1.0


def test_optional_gold_is_neutral():
    gold = {"a": [c("T", "X", optional=True), c("T", "Y", optional=True)]}
    pred = {"a": [c("T", "X")]}
    r = evaluate(pred, gold)
    assert (r.strict.tp, r.strict.fp, r.strict.fn) == (0, 0, 0)
    assert (r.pair.tp, r.pair.fp, r.pair.fn) == (0, 0, 0)


def test_articles_without_predictions_count_as_misses():
    r = evaluate({}, {"a": [c("T", "X")], "b": []})
    assert (r.strict.fn, r.strict.recall, r.strict.f1) == (1, 0.0, 0.0)
    assert "a" in r.misses


def test_eval_command_on_the_corpus_meets_the_targets(capsys):
    corpus = REPO.parent / "shared" / "corpus"
    if not (corpus / "gold.jsonl").exists():
        pytest.skip("corpus not found")
    cfg = load_config(REPO / "config", env={})
    assert eval_command(cfg, argparse.Namespace(corpus=str(corpus), json=False, misses=True)) == 0
    out = capsys.readouterr().out.strip().splitlines()
    strict = out[-3].split()
    pair = out[-2].split()
    assert strict[0] == "strict" and float(strict[-1]) >= 0.90
    assert pair[0] == "pair" and float(pair[-1]) >= 0.95
    assert out[-1].startswith("date accuracy") and float(out[-1].split()[2]) >= 0.80


def test_gold_leader_written_as_an_alias_is_the_canonical_leader():
    cfg = load_config(REPO / "config", env={})
    aliases = leader_aliases(cfg)
    marcos = next(x for x in cfg.leaders if "Ferdinand Marcos Jr." in x.aliases)
    gold = {"a": [c("H", "Ferdinand Marcos Jr.", status="planned", date="2022")]}
    pred = {"a": [c("H", marcos.name, status="planned", date="2022")]}
    r = evaluate(pred, gold, aliases=aliases)
    assert (r.strict.tp, r.strict.fp, r.strict.fn) == (1, 0, 0)
    assert (r.pair.tp, r.pair.fp, r.pair.fn) == (1, 0, 0)
    # without the alias table the same gold is a miss plus a false positive
    r = evaluate(pred, gold)
    assert (r.strict.tp, r.strict.fp, r.strict.fn) == (0, 1, 1)


def test_alias_map_leaves_shared_and_canonical_names_alone():
    cfg = load_config(REPO / "config", env={})
    aliases = leader_aliases(cfg)
    owners: dict[str, set[str]] = {}
    for x in cfg.leaders:
        for a in (*x.aliases, *x.ambiguous_aliases):
            owners.setdefault(a, set()).add(x.name)
    shared = next(a for a, names in owners.items() if len(names) > 1)
    assert shared.casefold() not in aliases
    # a canonical name is never renamed, even where another leader lists it as an alias
    assert all(fold_name(x.name).casefold() not in aliases for x in cfg.leaders)
    gold = {"a": [c("H", shared)]}
    r = evaluate({"a": [c("H", shared)]}, gold, aliases=aliases)
    assert r.strict.tp == 1
