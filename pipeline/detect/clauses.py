"""Sentences, clauses, quotes, datelines and live-blog entries of an article.

A small splitter written for news text rather than a general library: it keeps
character offsets (evidence is cut from the original), knows the
abbreviations of US datelines and titles ("Sen.", "Fla.", "p.m."), treats every
line as its own paragraph (headlines, live-blog stamps and bullets have no
final period), and finds the spans the rules need: quotes with their speaker,
parentheticals that carry no participants, and clause boundaries.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from pipeline.detect.cues import ABBREVIATIONS, LIST_PARTICIPLES, PARENTHETICAL_OPENERS, TITLE_PHRASES

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}

# A live-blog entry stamp on a line of its own: "12:41 p.m. ET, Sept. 27, 2024", "7:40 p.m. KST, June 30",
# "Last updated 7:40 p.m. KST (6:40 a.m. ET), June 30, 2019", "Sept. 27, 2024, 12:41 p.m.", "30 June 2019".
_TIME = r"\d{1,2}[:.]\d{2}\s*(?:a\.?m\.?|p\.?m\.?)?\s*(?:[A-Z]{2,5})?\s*(?:\([^)\n]{0,30}\))?"
_STAMP_RE = re.compile(
    r"^\s*(?:(?:last\s+)?updated:?\s*)?(?:" + _TIME + r"\s*,?\s*)?(?:[A-Za-z]+day,?\s+)?"
    r"(?:(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})|(?P<day2>\d{1,2})\s+(?P<mon2>[A-Za-z]{3,9}))"
    r"(?:,?\s+(?P<year>\d{4}))?\s*(?:,?\s*(?:at\s+)?" + _TIME + r")?\s*$",
    re.IGNORECASE,
)
# "PALM BEACH, Fla. (Meridian Wire) —" or "BUENOS AIRES, 14 November 2023 (Correo) –" at a paragraph start.
_DATELINE_RE = re.compile(
    r"^\s*(?:[a-z ]*\d{4}-\d{2}-\d{2}\s+)?[A-Z][A-Z .,'/]{2,40}(?:,[^—\n(]{0,40})?\s*(?:\([^)\n]{1,40}\))?\s*[—:]\s*"
)
_SENT_END_RE = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9])|[.!?]+[\"')\]]*\s*$")


@dataclass
class Sentence:
    """A sentence: offsets into the article text, its paragraph and its reference date."""

    index: int
    start: int
    end: int
    paragraph: int
    ref_date: dt.date | None  # a live-blog entry's date, else the publication date
    in_entry: bool = False  # inside a dated live-blog entry
    entry: int = 0  # live-blog entry number (0: before the first stamp)
    headline: bool = False
    skip_until: int = 0  # a dateline ends here: no dates or names before it


@dataclass
class Quote:
    start: int  # offset of the opening quote mark
    end: int  # offset just after the closing mark
    speaker_span: tuple[int, int] | None = None  # where the attribution names the speaker
    label: str | None = None  # a transcript turn: the speaker label before its colon ("TRUMP")
    speaker: str | None = None  # the person the label names, when the layout says who speaks


@dataclass
class Turn:
    """One paragraph of an interview transcript: "TRUMP: I met him in 2018."."""

    start: int  # first character after the label's colon
    end: int  # end of the paragraph
    label: str  # the label as written ("TRUMP", "CAPITAL LEDGER", "Q")


@dataclass
class Layout:
    sentences: list[Sentence] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)  # speaker-labelled paragraphs of a transcript

    def quote_at(self, pos: int) -> Quote | None:
        for q in self.quotes:
            if q.start < pos < q.end:
                return q
        return None


def parse_stamp(line: str, published: dt.date | None = None) -> dt.date | None:
    """The date of a live-blog stamp line; a stamp without a year takes the publication's."""
    if len(line) > 90:
        return None
    m = _STAMP_RE.match(line)
    if not m:
        return None
    mon = _MONTHS.get((m.group("mon") or m.group("mon2")).lower().rstrip("."))
    if mon is None:
        return None
    day = int(m.group("day") or m.group("day2"))
    try:
        if m.group("year"):
            return dt.date(int(m.group("year")), mon, day)
        if published is None:
            return None
        stamp = dt.date(published.year, mon, day)
        return stamp if stamp <= published else dt.date(published.year - 1, mon, day)
    except ValueError:
        return None


def split_article(folded: str, published: dt.date | None, has_headline: bool) -> Layout:
    """Sentences (with live-blog reference dates) and quotes of the folded article text."""
    layout = Layout()
    pos = 0
    para = 0
    ref = published
    in_entry = False
    entry = 0
    first_line = True
    for line in folded.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        stamp = parse_stamp(line, published)
        if stamp is not None:
            ref = stamp if published is None or stamp <= published else published
            in_entry = True
            entry += 1
            continue
        para += 1
        skip = 0
        if not first_line or not has_headline:
            m = _DATELINE_RE.match(line)
            if m and m.end() < len(line):
                skip = start + m.end()
        for s, e in _split_sentences(line, start):
            layout.sentences.append(
                Sentence(
                    index=len(layout.sentences),
                    start=s,
                    end=e,
                    paragraph=para,
                    ref_date=ref,
                    in_entry=in_entry,
                    entry=entry,
                    headline=first_line and has_headline,
                    skip_until=skip if s < skip else 0,
                )
            )
        layout.quotes += _quotes(line, start)
        turn = _TURN_RE.match(line) if not first_line or not has_headline else None
        if turn is not None:
            layout.turns.append(Turn(start + turn.end(), end, turn.group(1)))
        first_line = False
    # a transcript has turns of at least two labels; one "WASHINGTON:" opener is a dateline
    if len({t.label for t in layout.turns}) < 2:
        layout.turns = []
    return layout


# "TRUMP: ...", "CAPITAL LEDGER: ...", "Q: ...": an all-capitals speaker label opening a paragraph
_TURN_RE = re.compile(r"^\s*([A-Z](?:[A-Z.'\- ]{0,38}[A-Z.])?):\s+(?=\S)")


def _split_sentences(line: str, offset: int) -> list[tuple[int, int]]:
    out = []
    begin = 0
    for m in _SENT_END_RE.finditer(line):
        cut = m.end()
        before = line[begin : m.start()]
        word = re.search(r"([A-Za-z.]+)$", before)
        if m.group(0).startswith(".") and word:
            w = word.group(1).lower().rstrip(".")
            if w in ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                continue
        seg = line[begin:cut]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            out.append((offset + begin + lead, offset + begin + len(seg.rstrip())))
        begin = cut
    seg = line[begin:]
    if seg.strip():
        lead = len(seg) - len(seg.lstrip())
        out.append((offset + begin + lead, offset + begin + len(seg.rstrip())))
    return out


_QUOTE_MARK = re.compile('"')


def _quotes(line: str, offset: int) -> list[Quote]:
    """Double-quoted spans of one paragraph (folded text: all quote marks are '"')."""
    marks = [m.start() for m in _QUOTE_MARK.finditer(line)] if '"' in line else []
    out = []
    for a, b in zip(marks[0::2], marks[1::2], strict=False):
        out.append(Quote(start=offset + a, end=offset + b + 1))
    if len(marks) % 2 == 1:  # an unclosed quote runs to the end of the paragraph
        out.append(Quote(start=offset + marks[-1], end=offset + len(line)))
    return out


# ------------------------------------------------------------------- clauses

# Clause boundaries inside a sentence: participants do not cross them.
_BOUNDARY_RE = re.compile(
    r";|\s\u2014\s(?![^\u2014]{1,80}\s\u2014\s)|\b(?:while|whereas|although|though|but|even as|meanwhile)\b"
    r"|(?<=,) (?:and|then) (?=(?:he|she|they|it|the|[A-Z]))|\bwhen\b|\bbefore\b(?= [a-z]+ [a-z]+ed\b)|:(?!\s*\S{0,40}'s )"
)
_PAREN_RE = re.compile(
    r",\s(?:"
    + PARENTHETICAL_OPENERS
    + r"|(?!"
    + LIST_PARTICIPLES
    + r")[a-z]+ing)\b[^,;]*(?:,|(?=;)|$)|\s\u2014\s[^\u2014]{1,80}\s\u2014\s|\([^)]*\)"
)


_DASH_PAIR_RE = re.compile(r"\s\u2014\s[^\u2014]{1,100}?\s\u2014\s")


# "While X was in the Oval Office, his minister met Y": a fronted subordinate clause ends at its comma.
_FRONTED_SUBORDINATE = re.compile(
    r"(?:While|Whereas|Although|Though|When|As|Because|Since|If|Unless|Once)\b[^,;]{3,120},"
)


# "met Macron, Scholz, and Italy's Meloni": a ", and" after a list item that is only a
# name or a title ends no clause. An item is up to six words: capitalised ones, possessives
# and title words ("the German chancellor", "President Zelensky of Ukraine").
_LIST_ITEM_WORDS = frozenset(
    {"the", "of", "de", "bin", "al", "el", "van", "von", "and", "former", "new"}
    | {w for t in TITLE_PHRASES for w in t.split()}
)
_LIST_ITEM_BEFORE = re.compile(r",\s+([^,;]{1,60}),$")


def _list_and(text: str, start: int, at: int) -> bool:
    """True when the ", and" at ``at`` closes a list of names ("A, B, and C")."""
    m = _LIST_ITEM_BEFORE.search(text, max(start, at - 64), at)
    if m is None:
        return False
    words = m.group(1).split()
    if not 1 <= len(words) <= 6 or not any(w[:1].isupper() for w in words):
        return False
    return all(w[:1].isupper() or w.lower() in _LIST_ITEM_WORDS or w.endswith(("'s", "'")) for w in words)


def clause_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` (one sentence, folded) into clause spans."""
    pairs = [(m.start(), m.end()) for m in _DASH_PAIR_RE.finditer(text, start, end)]
    cuts = [start]
    fronted = _FRONTED_SUBORDINATE.match(text, start, end)
    if fronted:
        cuts.append(fronted.end())
    for m in _BOUNDARY_RE.finditer(text, start, end):
        if any(a <= m.start() < b for a, b in pairs):
            continue  # inside or at the edge of a "— aside —"
        if m.group(0).strip() == "and" and _list_and(text, start, m.start()):
            continue
        cuts.append(m.start())
    cuts.append(end)
    cuts.sort()
    spans = []
    for a, b in itertools.pairwise(cuts):
        if b > a:
            spans.append((a, b))
    return spans


def parentheticals(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans inside the sentence that carry no participants (relative clauses, asides)."""
    return [(m.start(), m.end()) for m in _PAREN_RE.finditer(text, start, end)]
