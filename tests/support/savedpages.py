"""Saved news pages for backfill tests: three days, one contact each, written for these tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SavedPage:
    name: str
    day: str  # publication day, YYYY-MM-DD
    url: str  # the canonical URL the page declares
    title: str
    body: str
    contact: tuple[str, str, str, str]  # candidate, leader, kind, status


PAGES = (
    SavedPage(
        name="vance-orban.html",
        day="2024-09-10",
        url="https://news.example.org/2024/09/10/vance-orban-budapest",
        title="Vance meets Orban in Budapest",
        body=(
            "BUDAPEST - Senator JD Vance met Hungarian Prime Minister Viktor Orbán in Budapest on "
            "Monday, his campaign said, in a visit that drew protests from opposition groups. "
            "The two men discussed energy prices and the war in the region over a long lunch."
        ),
        contact=("JD Vance", "Viktor Orbán", "meeting", "occurred"),
    ),
    SavedPage(
        name="walz-trudeau.html",
        day="2024-09-11",
        url="https://news.example.org/2024/09/11/walz-trudeau-wildfires",
        title="Walz and Trudeau talk wildfires",
        body=(
            "ST PAUL - Minnesota Governor Tim Walz spoke by phone with Canadian Prime Minister Justin "
            "Trudeau on Wednesday about cooperation against wildfires along the border, his office said. "
            "Aides described the call as friendly and practical."
        ),
        contact=("Tim Walz", "Justin Trudeau", "call", "occurred"),
    ),
    SavedPage(
        name="trump-duda.html",
        day="2024-09-16",
        url="https://news.example.org/2024/09/16/trump-duda-new-york",
        title="Trump hosts Duda in New York",
        body=(
            "NEW YORK - Donald Trump met Polish President Andrzej Duda at Trump Tower on Sunday, both "
            "camps said. They talked about defence spending for about an hour."
        ),
        contact=("Donald Trump", "Andrzej Duda", "meeting", "occurred"),
    ),
)


def page_html(page: SavedPage) -> str:
    filler = " ".join(
        f"<p>Paragraph {n} of background on the campaign, the economy and the weather in the region, "
        "added so that the page has the length of a real article.</p>"
        for n in range(1, 4)
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{page.title} | Example News</title>
<link rel="canonical" href="{page.url}">
<meta property="og:url" content="{page.url}">
<meta property="og:title" content="{page.title}">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="{page.day}T09:00:00+00:00">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{page.title}</h1><p>{page.body}</p>{filler}</article>
<footer>Example News is a page written for the leaderwatch tests.</footer>
</body></html>
"""


def write_saved_pages(folder: Path, pages: tuple[SavedPage, ...] = PAGES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for page in pages:
        (folder / page.name).write_text(page_html(page), encoding="utf-8")
    return folder
