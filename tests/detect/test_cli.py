"""`leaderwatch detect` on files and on a corpus folder."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.cli import main

CONFIG = str(Path(__file__).resolve().parents[2] / "config")


def test_detect_txt_file_with_explain(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text(
        "Trump and Modi\n\nDonald Trump met Narendra Modi in New York on Saturday.\n", encoding="utf-8"
    )
    assert main(["--config", CONFIG, "detect", str(f), "--published", "2024-09-23", "--explain"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(rows) == 1
    row = rows[0]
    assert (row["candidate"], row["leader"], row["kind"], row["status"], row["date"]) == (
        "Donald Trump",
        "Narendra Modi",
        "meeting",
        "occurred",
        "2024-09-21",
    )
    assert row["file"] == str(f) and row["evidence"] in f.read_text(encoding="utf-8")
    assert row["rule"] and "cue" in row["explain"]


def test_detect_corpus_reads_only_ids_files_and_dates(tmp_path, capsys):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "x.txt").write_text(
        "H\n\nKamala Harris will meet Olaf Scholz in Berlin on Friday.\n", encoding="utf-8"
    )
    gold = {"id": "x", "file": "articles/x.txt", "published": "2024-10-07", "contacts": "not read"}
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    assert main(["--config", CONFIG, "detect", "--corpus", str(tmp_path)]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(r["id"], r["leader"], r["status"], r["date"]) for r in rows] == [
        ("x", "Olaf Scholz", "planned", "2024-10-11")
    ]
    assert "rule" not in rows[0]


def test_detect_missing_file_fails(tmp_path, capsys):
    assert main(["--config", CONFIG, "detect", str(tmp_path / "nope.txt")]) == 1
