"""``leaderwatch detect``: contacts of files or of a whole corpus as JSON lines.

``detect FILE... [--published D] [--explain]`` reads .txt (line 1 the headline,
a blank line, then the body) or .html (text extracted by pipeline.extract);
``detect --corpus DIR`` reads only ``id``, ``file`` and ``published`` from
DIR/gold.jsonl, never the gold contacts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.config import AppConfig
from pipeline.contacts import Contact
from pipeline.detect.detector import Detector


def read_article(path: Path) -> tuple[str, str | None, dt.date | None]:
    """(text, title, published) of a .txt or .html file; title None means "first line if any"."""
    data = path.read_bytes()
    if path.suffix.lower() in (".html", ".htm"):
        from pipeline.extract import extract_html

        page = extract_html(data)
        if page is None:
            return "", None, None
        return page.text, page.title, page.published
    return data.decode("utf-8", errors="replace"), None, None


def corpus_articles(corpus: Path) -> Iterator[tuple[str, Path, dt.date | None]]:
    """(id, file, published) of every article listed in DIR/gold.jsonl."""
    gold = corpus / "gold.jsonl"
    with gold.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            published = dt.date.fromisoformat(row["published"]) if row.get("published") else None
            yield row["id"], corpus / row["file"], published


def detect_file(detector: Detector, path: Path, published: dt.date | None) -> list[Contact]:
    text, title, page_date = read_article(path)
    return detector.detect(text, published or page_date, title=title)


def detect_corpus(detector: Detector, corpus: Path) -> dict[str, list[Contact]]:
    return {aid: detect_file(detector, path, pub) for aid, path, pub in corpus_articles(corpus)}


def _emit(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def detect_command(cfg: AppConfig, args: argparse.Namespace) -> int:
    detector = Detector.from_config(cfg)
    explain = bool(getattr(args, "explain", False))
    if getattr(args, "corpus", None):
        corpus = Path(args.corpus)
        if not (corpus / "gold.jsonl").exists():
            print(f"{corpus}: no gold.jsonl in this folder", file=sys.stderr)
            return 2
        for aid, path, published in corpus_articles(corpus):
            for c in detect_file(detector, path, published):
                _emit({"id": aid, "file": str(path.relative_to(corpus)), **c.to_json(explain)})
        return 0
    if not args.files:
        print("detect: give FILE... or --corpus DIR", file=sys.stderr)
        return 2
    published = None
    if args.published:
        try:
            published = dt.date.fromisoformat(args.published)
        except ValueError:
            print(f"--published {args.published!r}: expected YYYY-MM-DD", file=sys.stderr)
            return 2
    status = 0
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            print(f"{path}: no such file", file=sys.stderr)
            status = 1
            continue
        for c in detect_file(detector, path, published):
            _emit({"file": str(path), **c.to_json(explain)})
    return status
