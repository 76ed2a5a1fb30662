"""Slack Block Kit rendering of alerts and digests, with mrkdwn escaping.

Pure functions from plain data (:class:`AlertView`, :class:`DigestItem`) to
:class:`SlackMessage` (``text`` fallback + ``blocks``); nothing here reads the
store or talks to Slack (pipeline/alerts.py does both).

Every string that comes from an article (title, summary, evidence, outlet, URL)
goes through :func:`escape` or :func:`link`, so a feed cannot ping
``<!channel>``, mention users or forge ``<http://x|y>`` links. Messages stay
inside Block Kit limits: 50 blocks per message, 3000 characters per section
text, 150 per header, 2000 per section field.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_FIELD = 2000
MAX_HEADER = 150
MAX_TEXT = 3000  # fallback `text`: Slack allows more, notifications show far less
MAX_SOURCES = 5  # links listed before "and N more"
SUMMARY_CHARS = 600

STATUS_EMOJI = {"occurred": "✅", "planned": "🗓️", "cancelled": "❌", "alleged": "❓"}
KIND_LABEL = {"meeting": "Meeting", "call": "Call", "message": "Message"}
_ENTITY_TAIL = re.compile(r"&[a-z]{0,4}$")
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[A-Z][A-Za-z]{0,3}|(?:[A-Za-z]\.)+[A-Za-z])\.$")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+")


# --------------------------------------------------------------------- escaping


def escape(text: str) -> str:
    """Slack's three control characters; everything else is shown as written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` (already escaped) to ``limit`` characters without splitting an entity."""
    if len(text) <= limit:
        return text
    cut = _ENTITY_TAIL.sub("", text[: limit - 1])
    return cut.rstrip() + "…"


def escape_cut(text: str, limit: int) -> str:
    return truncate(escape(text), limit)


def link(url: str | None, label: str) -> str:
    """A mrkdwn link whose URL cannot close the link early and whose label is escaped."""
    label = escape(label.replace("|", "¦")) or "source"
    if not url or not re.match(r"^https?://", url):
        return label
    safe_url = url.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")
    safe_url = safe_url.replace(" ", "%20")
    return f"<{safe_url}|{label}>"


def flag(country: str | None) -> str:
    """Flag emoji of an ISO 3166-1 alpha-2 code (regional indicator pair); a globe otherwise."""
    if not country or not re.fullmatch(r"[A-Za-z]{2}", country):
        return "🌐"
    return "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in country.upper())


# --------------------------------------------------------------------- summary


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``: a line break ends one, and so does end punctuation followed by space."""
    out: list[str] = []
    for line in text.splitlines():
        line = " ".join(line.split())
        start = 0
        for m in _SENTENCE_END.finditer(line):
            if _ABBREVIATION.search(line, 0, m.start()):
                continue  # "St.", "Gen.", "U.S.", "Minn.": not the end of a sentence
            out.append(line[start : m.start() + len(m.group(0).rstrip())])
            start = m.end()
        if line[start:]:
            out.append(line[start:])
    return [s for s in out if s]


def summarize(
    text: str | None, evidence: str | None, title: str | None = None, limit: int = SUMMARY_CHARS
) -> str | None:
    """One or two sentences of the article around the contact: its sentence and the next one.

    The sentence holding the evidence says what happened; the following one
    usually adds the circumstances (where, why, who else). The headline is
    skipped (the alert shows the source's title); without the evidence in the
    text, the first two body sentences stand in.
    """
    if not text:
        return evidence
    head, sep, rest = text.partition("\n")
    if title is None and sep and rest.startswith("\n"):
        title = head  # "headline, blank line, body"
    sentences = split_sentences(text)
    if sentences and title and sentences[0] == " ".join(title.split()):
        sentences = sentences[1:]
    if not sentences:
        return evidence
    index = 0
    if evidence:
        needle = " ".join(evidence.split())
        # Evidence inside one sentence, else the sentence where it starts.
        hits = [i for i, s in enumerate(sentences) if needle in s]
        if not hits:
            hits = [i for i, s in enumerate(sentences) if needle[:40] in s]
        index = hits[0] if hits else 0
    summary = sentences[index]
    if index + 1 < len(sentences) and len(summary) + len(sentences[index + 1]) + 2 <= limit:
        # A line without end punctuation (a dateline paragraph) still reads as a sentence.
        stop = "" if summary[-1] in ".!?…\"'”’)" else "."
        summary = f"{summary}{stop} {sentences[index + 1]}"
    return summary[:limit]


# --------------------------------------------------------------------- messages


@dataclass(frozen=True)
class Source:
    url: str | None
    title: str | None
    outlet: str | None = None


@dataclass(frozen=True)
class AlertView:
    """What an alert says, as plain data (alerts.py builds it from the store)."""

    type: str  # new | update
    candidate: str
    leader: str
    kind: str
    status: str
    date: str | None
    country: str | None = None  # ISO code
    country_name: str | None = None
    previous_status: str | None = None
    summary: str | None = None
    evidence: str | None = None
    sources: tuple[Source, ...] = ()
    note: str | None = None  # e.g. "Updated: now occurred (see thread)" on an edited parent


@dataclass
class SlackMessage:
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks, "unfurl_links": False, "unfurl_media": False}


def _section(mrkdwn: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(mrkdwn, MAX_SECTION)}}


def _header(text: str) -> dict[str, Any]:
    return {
        "type": "header",
        "text": {"type": "plain_text", "text": truncate(text, MAX_HEADER), "emoji": True},
    }


def _context(mrkdwn: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(mrkdwn, MAX_SECTION)}]}


def _pair(view: AlertView) -> str:
    return f"{view.candidate} ⇄ {view.leader}"


def _status_text(view: AlertView) -> str:
    emoji = STATUS_EMOJI.get(view.status, "")
    if view.previous_status and view.previous_status != view.status:
        return f"{emoji} {view.previous_status} → *{view.status}*".strip()
    return f"{emoji} {view.status}".strip()


def _country_text(view: AlertView) -> str:
    if view.country_name and view.country:
        return f"{view.country_name} ({view.country})"
    return view.country_name or view.country or "unknown"


def sources_text(sources: Sequence[Source], limit: int = MAX_SOURCES) -> str:
    lines = [f"*Sources ({len(sources)})*" if len(sources) > 1 else "*Source*"]
    for src in sources[:limit]:
        label = src.title or src.url or "untitled"
        line = f"• {link(src.url, label)}"
        if src.outlet:
            line += f" — {escape(src.outlet)}"
        lines.append(line)
    if len(sources) > limit:
        lines.append(f"…and {len(sources) - limit} more")
    return "\n".join(lines)


def fallback_text(view: AlertView) -> str:
    """The plain `text` of the message (notifications, screen readers, old clients)."""
    label = "New contact" if view.type == "new" else "Contact update"
    change = view.status
    if view.previous_status and view.previous_status != view.status:
        change = f"{view.previous_status} → {view.status}"
    country = f" ({view.country})" if view.country else ""
    return escape_cut(
        f"{label}: {_pair(view)}{country}: {view.kind}, {change}, {view.date or 'date unknown'}", MAX_TEXT
    )


def render_alert(view: AlertView) -> SlackMessage:
    """Block Kit message for one alert (a new event, a status update, or an edited parent)."""
    title = f"{flag(view.country)} {_pair(view)}"
    blocks: list[dict[str, Any]] = [_header(title)]
    label = "🆕 New contact" if view.type == "new" else "🔄 Status update"
    blocks.append(_context(escape(view.note) if view.note else label))
    fields = [
        ("Kind", KIND_LABEL.get(view.kind, view.kind)),
        ("Status", _status_text(view)),
        ("Date", view.date or "unknown"),
        ("Country", escape(_country_text(view))),
    ]
    blocks.append(
        {
            "type": "section",
            "fields": [{"type": "mrkdwn", "text": truncate(f"*{k}*\n{v}", MAX_FIELD)} for k, v in fields],
        }
    )
    if view.summary:
        blocks.append(_section(escape_cut(view.summary, MAX_SECTION)))
    if view.evidence:
        quoted = escape_cut(" ".join(view.evidence.split()), MAX_SECTION - 4)
        blocks.append(_section(f"> “{quoted}”"))
    if view.sources:
        blocks.append(_context(sources_text(view.sources)))
    return SlackMessage(text=fallback_text(view), blocks=blocks)


# ----------------------------------------------------------------------- digest


@dataclass(frozen=True)
class DigestItem:
    candidate: str
    leader: str
    kind: str
    status: str
    date: str | None
    country: str | None = None
    type: str = "new"
    sources: int = 1
    url: str | None = None
    title: str | None = None


def _digest_line(item: DigestItem) -> str:
    change = "" if item.type == "new" else " (status update)"
    src = f", {item.sources} sources" if item.sources > 1 else ""
    where = f" — {link(item.url, item.title or 'source')}" if item.url else ""
    return (
        f"{flag(item.country)} *{escape(item.candidate)} ⇄ {escape(item.leader)}*: {item.kind}, "
        f"{item.status}{change}, {item.date or 'date unknown'}{src}{where}"
    )


def _chunk_lines(lines: Sequence[str], limit: int = MAX_SECTION) -> list[str]:
    chunks: list[str] = []
    current = ""
    for line in lines:
        line = truncate(line, limit)
        if current and len(current) + 1 + len(line) > limit:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


def top_items(items: Sequence[DigestItem]) -> list[DigestItem]:
    """Most-reported first, then the most recent date."""
    return sorted(items, key=lambda i: (-i.sources, _neg_date(i.date), i.candidate, i.leader))


def _neg_date(date: str | None) -> tuple[int, ...]:
    if not date:
        return (1,)
    return (0, *(-int(part) for part in date.split("-")))


def render_digest(
    items: Sequence[DigestItem], title: str, max_listed: int = 200, max_blocks: int = MAX_BLOCKS
) -> list[SlackMessage]:
    """One digest as one or more messages: counts per candidate, then the top events.

    Splits into several messages when the listing exceeds the block limit; each
    part repeats the header with its number so a thread reads in order.
    """
    per_candidate = Counter(i.candidate for i in items)
    per_kind: dict[str, Counter[str]] = {}
    for i in items:
        per_kind.setdefault(i.candidate, Counter())[i.kind] += 1
    count_lines = [
        f"• *{escape(c)}*: {n} ({', '.join(f'{k} {m}' for k, m in sorted(per_kind[c].items()))})"
        for c, n in per_candidate.most_common()
    ]
    ranked = top_items(items)
    listed = ranked[:max_listed]
    event_lines = [_digest_line(i) for i in listed]
    if len(ranked) > len(listed):
        event_lines.append(f"…and {len(ranked) - len(listed)} more events")
    body: list[dict[str, Any]] = [
        _section(f"*{len(items)} events found*"),
        *map(_section, _chunk_lines(count_lines)),
    ]
    body.append({"type": "divider"})
    body += [_section(chunk) for chunk in _chunk_lines(event_lines)]
    per_message = max_blocks - 1  # room for the header of each part
    parts = [body[i : i + per_message] for i in range(0, len(body), per_message)] or [[]]
    messages = []
    for n, blocks in enumerate(parts, 1):
        suffix = f" ({n}/{len(parts)})" if len(parts) > 1 else ""
        head = f"{title}{suffix}"
        text = escape_cut(f"{head}: {len(items)} events found", MAX_TEXT)
        messages.append(SlackMessage(text=text, blocks=[_header(f"📋 {head}"), *blocks]))
    return messages
