"""Pages the benchmark feeds the pipeline: real pages read in place, and generated news pages.

- :func:`real_pages` lists the ``.html`` pages of the shared corpus, the demo site
  and, when present, the peer extraction suite. They are read where they lie,
  never copied into the repository.
- :class:`PageGenerator` builds news pages at bench time from the paragraphs of
  the corpus and demo articles, with the candidates, the leaders (and their
  countries), the years and the publication dates varied from the config, so
  that detection does real work and the pages are not one story repeated. The
  pages live in memory or in a temporary folder; nothing generated is committed.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import ahocorasick
from lxml import html as lxml_html

from pipeline.config import AppConfig

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
PEER_HTML = SHARED / "peer" / "extract" / "html"
DEMO_ARTICLES = REPO / "pipeline" / "demo" / "site" / "articles"

OUTLETS = (
    "Harbor Courier",
    "Plains Ledger",
    "Northgate Times",
    "Coastline Post",
    "Capital Wire",
    "Midland Herald",
    "Summit Daily",
    "Riverside Tribune",
)
SECTIONS = ("World", "Politics", "Elections", "Diplomacy", "Opinion", "Business")
FILLER_LINKS = (
    "Markets close mixed after a volatile week",
    "Five things to watch this weekend",
    "Storm warnings issued along the coast",
    "Local team wins in overtime thriller",
    "How to read the latest jobs report",
    "The best budget laptops of the year",
)
_YEAR = re.compile(r"\b(20[0-2]\d)\b")


def real_pages(include_peer: bool = True) -> list[Path]:
    """The real HTML pages the throughput figures are measured on (corpus, demo, peer suite)."""
    pages = sorted((CORPUS / "articles").glob("*.html")) + sorted(DEMO_ARTICLES.glob("*.html"))
    if include_peer and PEER_HTML.is_dir():
        pages += sorted(PEER_HTML.glob("*.html"))
    return pages


@dataclass(frozen=True)
class SourceArticle:
    """One article the generator varies: headline, paragraphs, publication day."""

    headline: str
    paragraphs: tuple[str, ...]
    published: dt.date


def _corpus_articles() -> list[SourceArticle]:
    gold = CORPUS / "gold.jsonl"
    if not gold.exists():
        return []
    out = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        path = CORPUS / record["file"]
        if path.suffix != ".txt" or not path.exists():
            continue
        head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        paragraphs = tuple(p.strip() for p in body.split("\n\n") if p.strip())
        if not paragraphs:  # an article without a headline line
            paragraphs, head = (head.strip(),), ""
        published = dt.date.fromisoformat(record.get("published") or "2024-09-01")
        out.append(SourceArticle(head.strip(), paragraphs, published))
    return out


def _demo_articles() -> list[SourceArticle]:
    out = []
    for path in sorted(DEMO_ARTICLES.glob("*.html")):
        tree = lxml_html.fromstring(path.read_bytes())
        headline = " ".join(tree.xpath("string(//article//h1)").split())
        paragraphs = tuple(
            " ".join(p.text_content().split()) for p in tree.xpath("//article//p[not(@class)]")
        )
        stamp = tree.xpath("string(//meta[@property='article:published_time']/@content)")
        published = dt.date.fromisoformat(stamp[:10]) if stamp else dt.date(2024, 10, 1)
        out.append(SourceArticle(headline, paragraphs, published))
    return out


def source_articles() -> list[SourceArticle]:
    return _corpus_articles() + _demo_articles()


@dataclass(frozen=True)
class _Person:
    name: str
    short: str
    forms: tuple[str, ...]
    country: str | None = None  # leaders only
    pronoun: str | None = None  # candidates only


def _short_name(name: str, aliases: tuple[str, ...]) -> str:
    single = [a for a in aliases if " " not in a and a[:1].isupper()]
    return single[0] if single else name.split()[-1]


@dataclass(frozen=True)
class GeneratedPage:
    slug: str
    title: str
    published: dt.date
    outlet: str
    html: bytes


class PageGenerator:
    """Varied news pages from the corpus and demo articles, reproducible from a seed."""

    def __init__(
        self,
        cfg: AppConfig,
        seed: int = 7,
        year_range: tuple[int, int] = (2016, 2024),
        recent: dt.date | None = None,
    ) -> None:
        """Pages dated in ``year_range`` (an archive), or within three days before ``recent`` (a live feed)."""
        self.rng = random.Random(seed)
        self.year_range = year_range
        self.recent = recent
        self.sources = source_articles()
        if not self.sources:
            raise RuntimeError(f"no source articles found under {CORPUS} or {DEMO_ARTICLES}")
        self.candidates = [
            _Person(c.name, _short_name(c.name, c.aliases), (c.name, *c.aliases), pronoun=c.pronoun)
            for c in cfg.watchlist
        ]
        self._candidate_set = set(self.candidates)
        home = {c.country for c in cfg.watchlist}
        # Leaders of the candidates' own country are not foreign: they stay as written.
        self.leaders = [
            _Person(ld.name, _short_name(ld.name, ld.aliases), (ld.name, *ld.aliases), country=ld.country)
            for ld in cfg.leaders
            if ld.country not in home
        ]
        self.countries = {c.code: c for c in cfg.countries}
        # form -> ("person", person) or ("country", "name"|"adj", code)
        self._forms: dict[str, tuple[str, ...] | _Person] = {}
        for person in self.candidates + self.leaders:
            for form in person.forms:
                self._forms.setdefault(form, person)
        for code, country in self.countries.items():
            for form in (country.name, *country.names):
                self._forms.setdefault(form, ("name", code))
            for form in country.adjectives:
                self._forms.setdefault(form, ("adj", code))
        # One automaton over every form: a regex alternation of ~5,000 names is
        # a hundred times slower on these texts.
        self._automaton = ahocorasick.Automaton()
        for form in self._forms:
            self._automaton.add_word(form, form)
        self._automaton.make_automaton()

    # ------------------------------------------------------------------ varying

    def _country_word(self, code: str, kind: str) -> str:
        country = self.countries.get(code)
        if country is None:
            return code
        if kind == "adj" and country.adjectives:
            return country.adjectives[0]
        return country.name

    def _find(self, text: str) -> list[tuple[int, int, str]]:
        """Leftmost-longest whole-word occurrences of known forms: (start, end, form)."""
        hits = []
        for end, form in self._automaton.iter(text):
            start = end - len(form) + 1
            before = text[start - 1] if start else " "
            after = text[end + 1] if end + 1 < len(text) else " "
            if not (before.isalnum() or after.isalnum()):
                hits.append((start, end + 1, form))
        hits.sort(key=lambda h: (h[0], -h[1]))
        chosen: list[tuple[int, int, str]] = []
        for hit in hits:
            if not chosen or hit[0] >= chosen[-1][1]:
                chosen.append(hit)
        return chosen

    def _stand_in(self, cast: dict[str, _Person], person: _Person) -> _Person:
        """Who plays ``person`` on this page (chosen on first sight, then kept)."""
        if person.name not in cast:
            if person.pronoun is not None or person in self._candidate_set:
                peers = [p for p in self.candidates if p.pronoun == person.pronoun] or self.candidates
            else:
                peers = self.leaders
            cast[person.name] = self.rng.choice(peers)
        return cast[person.name]

    def _vary(self, text: str, cast: dict[str, _Person], year_shift: int) -> str:
        hits = self._find(text)
        # Cast every person first, so "the Hungarian leader" before his name already moves.
        for _, _, form in hits:
            what = self._forms[form]
            if isinstance(what, _Person):
                stand_in = self._stand_in(cast, what)
                if what.country and stand_in.country:
                    cast.setdefault(f"country:{what.country}", _Person(stand_in.country, "", ()))
        out: list[str] = []
        last = 0
        for start, end, form in hits:
            what = self._forms[form]
            if isinstance(what, _Person):
                stand_in = cast[what.name]
                word = stand_in.name if " " in form else stand_in.short
            else:
                kind, code = what
                mapped = cast.get(f"country:{code}")
                word = self._country_word(mapped.name, kind) if mapped else form
            out.append(text[last:start])
            out.append(word)
            last = end
        out.append(text[last:])
        return _YEAR.sub(lambda m: str(int(m.group(1)) + year_shift), "".join(out))

    # ---------------------------------------------------------------- building

    def page(self, index: int) -> GeneratedPage:
        source = self.sources[index % len(self.sources)]
        cast: dict[str, _Person] = {}
        if self.recent is not None:
            published = self.recent - dt.timedelta(days=self.rng.randint(0, 3))
            shift = published.year - source.published.year
        else:
            low, high = self.year_range
            year = self.rng.randint(low, high)
            shift = year - source.published.year
            try:
                published = source.published.replace(year=year)
            except ValueError:  # 29 February
                published = source.published.replace(year=year, day=28)
        paragraphs = list(source.paragraphs)
        if len(paragraphs) > 4:  # keep the lead and about half of the rest
            keep = [paragraphs[0]] + [p for p in paragraphs[1:] if self.rng.random() > 0.5]
            paragraphs = keep
        # Paragraphs from other stories: two pages made from one story should
        # not always be near-duplicates of each other (some are, as in real news).
        for _ in range(self.rng.randint(1, 4)):
            other = self.rng.choice(self.sources)
            paragraphs.insert(self.rng.randint(1, len(paragraphs)), self.rng.choice(other.paragraphs))
        paragraphs = [self._vary(p, cast, shift) for p in paragraphs]
        title = self._vary(source.headline, cast, shift) or paragraphs[0][:80]
        outlet = self.rng.choice(OUTLETS)
        slug = f"{published.isoformat()}-{_slugify(title)[:60]}-{index:06d}"
        return GeneratedPage(
            slug, title, published, outlet, render_page(title, paragraphs, published, outlet)
        )

    def pages(self, count: int) -> Iterator[GeneratedPage]:
        for index in range(count):
            yield self.page(index)

    def write(self, folder: Path, count: int) -> list[Path]:
        """Write ``count`` pages as ``folder/<slug>.html``; return their paths."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for page in self.pages(count):
            path = folder / f"{page.slug}.html"
            path.write_bytes(page.html)
            paths.append(path)
        return paths


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "story"


def render_page(title: str, paragraphs: list[str], published: dt.date, outlet: str) -> bytes:
    """A publisher's page: navigation, the article, related links, comments, footer."""
    esc = html.escape
    links = "".join(f'<li><a href="/story/{i}">{esc(t)}</a></li>' for i, t in enumerate(FILLER_LINKS))
    nav = " | ".join(f'<a href="/{s.lower()}">{s}</a>' for s in SECTIONS)
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    stamp = f"{published.isoformat()}T12:00:00Z"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{esc(title)} | {esc(outlet)}</title>
<meta property="og:title" content="{esc(title)}">
<meta property="og:site_name" content="{esc(outlet)}">
<meta property="article:published_time" content="{stamp}">
</head><body>
<header><nav><a href="/">Home</a> | {nav} | <a href="/subscribe">Subscribe</a></nav></header>
<main><article>
<h1>{esc(title)}</h1>
<p class="byline">By {esc(outlet)} staff</p>
<time datetime="{stamp}">{published.strftime("%B %d, %Y")}</time>
{body}
</article></main>
<aside class="related"><h2>Most read</h2><ul>{links}</ul></aside>
<section class="comments"><h2>Comments</h2><div class="comment">reader: first!</div></section>
<footer><p>&copy; {published.year} {esc(outlet)}. All rights reserved.</p></footer>
</body></html>
""".encode()
