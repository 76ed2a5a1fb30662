"""Extraction: text and metadata of pages written for these tests, the bounded worker, the CLI."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from pathlib import Path

import pytest

from pipeline.config import AppConfig
from pipeline.extract import (
    MAX_HTML_BYTES,
    ExtractTimeout,
    extract_bounded,
    extract_command,
    extract_html,
    extract_text,
    run_in_worker,
)
from tests.support.configdir import make_config

STORY = [
    "HARBOUR CITY — The two delegations met for three hours on Tuesday in a converted warehouse by the docks.",
    "Officials from both sides said the talks covered fishing quotas, ferry schedules and a shared lighthouse.",
    "A joint statement is expected later this week, according to a spokesperson who asked not to be named.",
    "Local residents gathered outside the warehouse, some holding hand-painted signs about the ferry service.",
]
SIDEBAR = "Most popular: Ten ways to fold a paper boat that really floats"
COMMENT = "Great article, I always said the lighthouse should be shared!"


def _page(*, live: bool = False, charset: str = "utf-8", extra_head: str = "") -> str:
    paragraphs = "".join(f"<p>{s}</p>" for s in STORY)
    kind = '["LiveBlogPosting", "NewsArticle"]' if live else '"NewsArticle"'
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="{charset}">
<title>Harbour talks end with a promise | The Test Gazette</title>
<meta property="og:site_name" content="The Test Gazette">
<meta property="article:published_time" content="2024-05-14T21:30:00-04:00">
<link rel="canonical" href="https://gazette.example/news/2024/05/14/harbour-talks">
<script type="application/ld+json">{{"@type": {kind}, "headline": "Harbour talks end with a promise",
 "datePublished": "2024-05-14T21:30:00-04:00", "dateModified": "2024-05-16T08:00:00-04:00",
 "author": {{"@type": "Person", "name": "Ada Quill"}}}}</script>{extra_head}
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<main><article><h1>Harbour talks end with a promise</h1>
<div class="byline">By Ada Quill</div>
<div class="article-body">{paragraphs}</div></article>
<aside class="sidebar"><h2>Trending</h2><ul><li><a href="/x">{SIDEBAR}</a></li></ul></aside>
<section class="comments"><div class="comment"><p>{COMMENT}</p></div></section>
</main><footer><p>Copyright 2024 The Test Gazette. All rights reserved.</p></footer></body></html>"""


def test_extract_html_text_and_metadata() -> None:
    extracted = extract_html(_page().encode(), url="https://gazette.example/news/2024/05/14/harbour-talks")
    assert extracted is not None
    for sentence in STORY:
        assert sentence in extracted.text
    assert SIDEBAR not in extracted.text and COMMENT not in extracted.text
    assert "All rights reserved" not in extracted.text
    assert extracted.title == "Harbour talks end with a promise"
    assert extracted.sitename == "The Test Gazette"
    assert extracted.url == "https://gazette.example/news/2024/05/14/harbour-talks"
    # The publisher's own zone is kept: late evening in New York is still the 14th there.
    assert extracted.published_at == dt.datetime(
        2024, 5, 14, 21, 30, tzinfo=dt.timezone(dt.timedelta(hours=-4))
    )
    assert extracted.published == dt.date(2024, 5, 14)
    assert extracted.updated_at is not None and extracted.updated_at.day == 16
    assert extracted.live is False
    assert extract_text(_page().encode()) == extracted.text


def test_live_blog_is_flagged() -> None:
    extracted = extract_html(_page(live=True))
    assert extracted is not None and extracted.live


def test_non_utf8_page_decodes() -> None:
    html = _page(charset="windows-1252").replace("three hours", "three hours café-side").encode("cp1252")
    extracted = extract_html(html)
    assert extracted is not None and "café-side" in extracted.text


@pytest.mark.parametrize(
    "junk", [b"", b"\x00\x01\x02binary", b"<html></html>", b"<html><body> </body></html>"]
)
def test_pages_without_main_text_give_none(junk: bytes) -> None:
    assert extract_html(junk) is None


def test_huge_page_is_bounded_in_size_and_time() -> None:
    # 40 MB of paragraphs: cut to the size cap before it reaches the worker, and
    # the worker is stopped at the timeout if parsing what is left takes longer.
    html = ("<html><body>" + "<p>Filler sentence for a very large page.</p>" * 900_000).encode()
    started = time.monotonic()
    try:
        result = extract_bounded(html, timeout=4)
        assert result is not None and len(result.text) <= MAX_HTML_BYTES
    except ExtractTimeout:
        pass  # the expected outcome on a slow machine: stopped in time
    assert time.monotonic() - started < 15


def sleepy(seconds: float) -> str:
    """Stands in for an extraction that hangs (runs in the worker process)."""
    time.sleep(seconds)
    return "woke up"


def test_worker_is_stopped_after_the_timeout_and_replaced() -> None:
    started = time.monotonic()
    with pytest.raises(ExtractTimeout):
        run_in_worker(sleepy, 60, timeout=1.0)
    assert time.monotonic() - started < 10
    # The next job gets a fresh worker.
    assert run_in_worker(sleepy, 0, timeout=30) == "woke up"
    assert extract_bounded(_page(), timeout=30) is not None


@pytest.fixture
def cfg(tmp_path: Path, sqlite_url: str) -> AppConfig:
    return make_config(tmp_path, sqlite_url)


def test_extract_command_prints_one_json_line_per_input(
    cfg: AppConfig, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "story.html"
    page.write_text(_page(), encoding="utf-8")
    text_file = tmp_path / "story.txt"
    text_file.write_text("A headline written for the test\n\n" + "\n\n".join(STORY), encoding="utf-8")
    missing = tmp_path / "missing.html"

    code = extract_command(cfg, argparse.Namespace(inputs=[str(page), str(text_file), str(missing)]))

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1, "one input failed"
    assert [line["input"] for line in lines] == [str(page), str(text_file), str(missing)]
    html_line, txt_line, error_line = lines
    assert STORY[0] in html_line["text"] and html_line["title"] == "Harbour talks end with a promise"
    assert html_line["published"] == "2024-05-14" and html_line["published_source"] == "page"
    assert txt_line["title"] == "A headline written for the test" and STORY[-1] in txt_line["text"]
    assert "error" in error_line and "missing.html" in error_line["error"]


def test_extract_command_all_good_exits_zero(
    cfg: AppConfig, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "story.html"
    page.write_text(_page(), encoding="utf-8")
    assert extract_command(cfg, argparse.Namespace(inputs=[str(page)])) == 0
    assert "error" not in json.loads(capsys.readouterr().out)
