"""``leaderwatch eval``: precision, recall and F1 of the detector against gold.jsonl.

- strict: a prediction matches a gold contact of the same article with the same
  candidate, leader, kind and status (one-to-one; equal dates are paired first);
- pair: the distinct (candidate, leader) pairs of each article;
- date accuracy: the share of strictly matched gold contacts whose date the
  prediction gives exactly.

Optional gold contacts are neither rewarded nor penalised: a prediction that
matches one is not a false positive, an optional contact nobody predicts is not
a miss. :func:`evaluate` holds the logic; the command only prints.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.config import AppConfig
from pipeline.detect.normalize import fold_name

Key = tuple[str, str, str, str]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Report:
    strict: Score = field(default_factory=Score)
    pair: Score = field(default_factory=Score)
    dates_right: int = 0
    dates_total: int = 0
    misses: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)

    @property
    def date_accuracy(self) -> float:
        return self.dates_right / self.dates_total if self.dates_total else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "strict": self.strict.as_dict(),
            "pair": self.pair.as_dict(),
            "date_accuracy": round(self.date_accuracy, 4),
            "dates_right": self.dates_right,
            "dates_total": self.dates_total,
        }


def _get(c: Any, name: str) -> Any:
    return c.get(name) if isinstance(c, Mapping) else getattr(c, name)


def _key(c: Any) -> Key:
    return (_get(c, "candidate"), _get(c, "leader"), _get(c, "kind"), _get(c, "status"))


def _brief(c: Any) -> dict[str, Any]:
    return {k: _get(c, k) for k in ("candidate", "leader", "kind", "status", "date")}


def leader_aliases(cfg: AppConfig) -> dict[str, str]:
    """Each alias that names exactly one leader of the config -> that leader's canonical name.

    A gold file may write a leader as "Ferdinand Marcos Jr." where the config's
    canonical name is "Bongbong Marcos": the same person, not a miss plus a false
    positive. Keys are folded (accents, case) so spelling variants of an alias match
    too; an alias shared by two leaders, or equal to another leader's canonical name,
    maps to nobody.
    """
    owners: dict[str, set[str]] = {}
    canonical = {_fold(leader.name) for leader in cfg.leaders}
    for leader in cfg.leaders:
        for alias in (*leader.aliases, *leader.ambiguous_aliases):
            owners.setdefault(_fold(alias), set()).add(leader.name)
    return {a: next(iter(names)) for a, names in owners.items() if len(names) == 1 and a not in canonical}


def _fold(name: str) -> str:
    return fold_name(name).casefold()


def _canonical_gold(golds: Sequence[Any], aliases: Mapping[str, str]) -> list[Any]:
    """Gold contacts with a leader written as an alias renamed to the canonical name."""
    if not aliases:
        return list(golds)
    out: list[Any] = []
    for g in golds:
        name = _get(g, "leader")
        canon = aliases.get(_fold(name)) if isinstance(name, str) else None
        if canon is not None and canon != name and isinstance(g, Mapping):
            g = {**g, "leader": canon}
        out.append(g)
    return out


def evaluate(
    predictions: Mapping[str, Sequence[Any]],
    gold: Mapping[str, Sequence[Any]],
    aliases: Mapping[str, str] | None = None,
) -> Report:
    """Score ``predictions`` (article id -> contacts) against ``gold`` (article id -> gold contacts).

    Contacts may be dicts or objects with candidate/leader/kind/status/date
    attributes; gold contacts may carry ``optional``. ``aliases`` (see
    :func:`leader_aliases`) renames gold leaders written as an alias.
    """
    report = Report()
    for aid in sorted(set(gold) | set(predictions)):
        preds = list(predictions.get(aid, ()))
        golds = _canonical_gold(gold.get(aid, ()), aliases or {})
        unmatched = list(range(len(preds)))
        matched: dict[int, int] = {}
        # pass 1: same key and same date; pass 2: same key, compatible date; pass 3: same key
        for rule in ("equal", "compatible", "any"):
            for gi, g in enumerate(golds):
                if gi in matched:
                    continue
                for pi in unmatched:
                    p = preds[pi]
                    if _key(p) != _key(g):
                        continue
                    gd, pd = _get(g, "date"), _get(p, "date")
                    ok = (
                        gd == pd
                        if rule == "equal"
                        else (gd and pd and (gd.startswith(pd) or pd.startswith(gd)))
                        if rule == "compatible"
                        else True
                    )
                    if ok:
                        matched[gi] = pi
                        unmatched.remove(pi)
                        break
        misses: dict[str, list[dict[str, Any]]] = {"false_positive": [], "missed": [], "wrong_date": []}
        for gi, g in enumerate(golds):
            optional = (
                bool(_get(g, "optional")) if isinstance(g, Mapping) else bool(getattr(g, "optional", False))
            )
            if gi in matched:
                if optional:
                    continue
                report.strict.tp += 1
                report.dates_total += 1
                p = preds[matched[gi]]
                if _get(p, "date") == _get(g, "date"):
                    report.dates_right += 1
                else:
                    misses["wrong_date"].append({**_brief(g), "predicted_date": _get(p, "date")})
            elif not optional:
                report.strict.fn += 1
                misses["missed"].append(_brief(g))
        for pi in unmatched:
            report.strict.fp += 1
            misses["false_positive"].append(_brief(preds[pi]))
        # pairs: distinct (candidate, leader) per article; optional-only gold pairs are neutral
        gold_pairs = {(_get(g, "candidate"), _get(g, "leader")) for g in golds if not _optional(g)}
        optional_pairs = {
            (_get(g, "candidate"), _get(g, "leader")) for g in golds if _optional(g)
        } - gold_pairs
        pred_pairs = {(_get(p, "candidate"), _get(p, "leader")) for p in preds} - optional_pairs
        report.pair.tp += len(gold_pairs & pred_pairs)
        report.pair.fp += len(pred_pairs - gold_pairs)
        report.pair.fn += len(gold_pairs - pred_pairs)
        if any(misses.values()):
            report.misses[aid] = {k: v for k, v in misses.items() if v}
    return report


def _optional(g: Any) -> bool:
    return bool(g.get("optional")) if isinstance(g, Mapping) else bool(getattr(g, "optional", False))


def load_gold(corpus: Path) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    with (corpus / "gold.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                out[row["id"]] = row.get("contacts", [])
    return out


def render(report: Report, misses: bool = False) -> str:
    lines = []
    if misses:
        for aid, kinds in sorted(report.misses.items()):
            lines.append(aid)
            for kind, items in kinds.items():
                for c in items:
                    extra = f" (predicted {c['predicted_date']})" if "predicted_date" in c else ""
                    lines.append(
                        f"  {kind:15} {c['candidate']} | {c['leader']} | {c['kind']} {c['status']} "
                        f"{c['date']}{extra}"
                    )
        lines.append("")
    lines.append(f"{'':8} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for name, s in (("strict", report.strict), ("pair", report.pair)):
        lines.append(f"{name:8} {s.tp:4d} {s.fp:4d} {s.fn:4d} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}")
    lines.append(f"date accuracy {report.date_accuracy:.3f} ({report.dates_right}/{report.dates_total})")
    return "\n".join(lines)


def eval_command(cfg: AppConfig, args: argparse.Namespace) -> int:
    from pipeline.detect.cli import detect_corpus
    from pipeline.detect.detector import Detector

    corpus = Path(args.corpus)
    if not (corpus / "gold.jsonl").exists():
        print(f"{corpus}: no gold.jsonl in this folder")
        return 2
    detector = Detector.from_config(cfg)
    predictions = detect_corpus(detector, corpus)
    report = evaluate(predictions, load_gold(corpus), aliases=leader_aliases(cfg))
    if args.json:
        out = report.as_dict()
        if args.misses:
            out["misses"] = report.misses
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(render(report, misses=args.misses))
    return 0
