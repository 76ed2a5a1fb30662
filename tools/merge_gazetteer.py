"""Merge regional gazetteer fragments into config/leaders.yaml.

Usage: python tools/merge_gazetteer.py FRAGMENT.yaml... [--extra EXTRA.yaml] -o config/leaders.yaml

Countries listed in two fragments are merged (names and adjectives united);
a leader listed twice is merged (aliases united, terms deduplicated). The
result is validated with pipeline.config.LeadersFile before it is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import yaml

from pipeline.config import LeadersFile

HEADER = """\
# leaderwatch gazetteer: heads of state and of government of every country
# (UN members and observers, plus Taiwan, Kosovo and the Palestinian Authority),
# current and all in office since 2016-01-01, with a few earlier ones news still
# names. Facts from the public record; merged from regional fragments by
# tools/merge_gazetteer.py, then edited by hand.
#
# Format (validated by pipeline.config.LeadersFile and `leaderwatch check-config`):
#   countries: code (ISO 3166-1 alpha-2; PS Palestine, XK Kosovo), name, names
#              (other names news uses), adjectives ("Ukrainian" in "Ukrainian president").
#   leaders:   name (exact English Wikipedia article title), country, aliases
#              (spellings and short forms, surname alone, family-name-first order),
#              ambiguous_aliases (forms that need the full name first in an article,
#              e.g. "Harris"), terms (title as news writes it, role head_of_state |
#              head_of_government | other, start, end or null while in office).
"""


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _uniq(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def merge(fragments: list[dict[str, Any]]) -> dict[str, Any]:
    countries: dict[str, dict[str, Any]] = {}
    leaders: dict[str, dict[str, Any]] = {}
    for frag in fragments:
        for c in frag.get("countries") or []:
            have = countries.get(c["code"])
            if have is None:
                countries[c["code"]] = {
                    "code": c["code"],
                    "name": c["name"],
                    "names": _uniq(list(c.get("names") or [])),
                    "adjectives": _uniq(list(c.get("adjectives") or [])),
                }
            else:
                have["names"] = _uniq(have["names"] + list(c.get("names") or []))
                have["adjectives"] = _uniq(have["adjectives"] + list(c.get("adjectives") or []))
        for ld in frag.get("leaders") or []:
            terms = [
                {k: (_day(v) if k in ("start", "end") and v is not None else v) for k, v in t.items()}
                for t in ld.get("terms") or []
            ]
            have = leaders.get(ld["name"])
            if have is None:
                leaders[ld["name"]] = {
                    "name": ld["name"],
                    "country": ld["country"],
                    "aliases": _uniq(list(ld.get("aliases") or [])),
                    "ambiguous_aliases": _uniq(list(ld.get("ambiguous_aliases") or [])),
                    "terms": terms,
                }
            else:
                have["aliases"] = _uniq(have["aliases"] + list(ld.get("aliases") or []))
                have["ambiguous_aliases"] = _uniq(
                    have["ambiguous_aliases"] + list(ld.get("ambiguous_aliases") or [])
                )
                for t in terms:
                    if t not in have["terms"]:
                        have["terms"].append(t)
    for ld in leaders.values():
        # an alias that is also ambiguous is ambiguous
        ld["aliases"] = [a for a in ld["aliases"] if a not in ld["ambiguous_aliases"] and a != ld["name"]]
        if not ld["ambiguous_aliases"]:
            del ld["ambiguous_aliases"]
    return {
        "countries": sorted(countries.values(), key=lambda c: c["code"]),
        "leaders": sorted(leaders.values(), key=lambda x: (x["country"], x["name"])),
    }


def dump(data: dict[str, Any]) -> str:
    lines = [HEADER, "countries:"]
    for c in data["countries"]:
        flow = yaml.safe_dump(c, default_flow_style=True, allow_unicode=True, width=10_000, sort_keys=False)
        lines.append("  - " + flow.strip())
    lines.append("leaders:")
    for ld in data["leaders"]:
        body = yaml.safe_dump(
            {k: v for k, v in ld.items() if k != "terms"},
            default_flow_style=None,
            allow_unicode=True,
            width=10_000,
            sort_keys=False,
        )
        first, *rest = body.strip().splitlines()
        lines.append("  - " + first)
        lines += ["    " + r for r in rest]
        lines.append("    terms:")
        for t in ld["terms"]:
            lines.append(
                "      - "
                + yaml.safe_dump(
                    t, default_flow_style=True, allow_unicode=True, width=10_000, sort_keys=False
                ).strip()
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("fragments", nargs="+", type=Path)
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args(argv)
    frags = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in args.fragments]
    data = merge(frags)
    text = dump(data)
    LeadersFile.model_validate(yaml.safe_load(text))
    args.output.write_text(text, encoding="utf-8")
    print(
        f"{args.output}: {len(data['countries'])} countries, {len(data['leaders'])} leaders", file=sys.stderr
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
