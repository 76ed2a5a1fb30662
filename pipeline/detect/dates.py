"""Date expressions in news text and their resolution against a reference date.

Finds absolute dates ("April 8", "14 November 2023", "May 2019", "2019 May",
"in 2019") and relative ones ("on Thursday", "last week", "in July", "last
December", "this spring", "next year", "days after the election"), and turns
each into an ISO date as precise as the words allow: a weekday gives a day,
"last week" a month, a season a year.

Relative expressions resolve against the sentence's reference date (the
publication date, or a live-blog entry's stamp) and the contact's status: a
weekday or month without a year is the latest one not after the reference for
something that happened, the next one for a plan.

Written here rather than taken from dateparser: dateparser parses a string you
already cut out; finding expressions in running text with its search mode is
slow and has no notion of "the past Thursday for a meeting that happened, the
coming one for a plan". The grammar below is small and tested.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.detect.clauses import _MONTHS

_MONTH_ALT = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_ALT = "(?:" + "|".join(_WEEKDAYS) + ")"
_SEASONS = {"spring", "summer", "fall", "autumn", "winter"}
# US general elections: "since the election" in the months after one means that month.


def _election_day(year: int) -> dt.date:
    """The Tuesday after the first Monday of November."""
    first = dt.date(year, 11, 1)
    monday = first + dt.timedelta(days=(0 - first.weekday()) % 7)
    return monday + dt.timedelta(days=1)


_ELECTIONS = [_election_day(y) for y in range(2016, 2100, 4)]
_NUMBER_WORDS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "an": 1,
    "several": 3,
    "few": 3,
}

_PATTERNS: list[tuple[str, str]] = [
    # 14 november 2023 / 1 july / "the 7 of may" (translated text)
    (
        "dmy",
        r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>"
        + _MONTH_ALT
        + r")(?:,?\s+(?:of\s+)?(?P<y>(?:19|20)\d{2}))?\b",
    ),
    # april 8 / sept. 27, 2024
    (
        "mdy",
        r"\b(?P<m>"
        + _MONTH_ALT
        + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<y>(?:19|20)\d{2}))?\b",
    ),
    # may 2019 / march of 2021 / march of this year
    ("my", r"\b(?P<m>" + _MONTH_ALT + r")\s+(?:of\s+)?(?P<y>(?:19|20)\d{2}|this year|last year|next year)\b"),
    # 2019 may (translated text)
    ("ym", r"\b(?P<y>(?:19|20)\d{2})\s+(?P<m>" + _MONTH_ALT + r")(?!\s+\d)\b"),
    # last december / this july / in july / early june
    (
        "m",
        r"\b(?P<rel>last|this|next|in|early|late|mid|since|until|during|by|that|the previous|the following)"
        r"\s+(?P<m>" + _MONTH_ALT + r")\b",
    ),
    # in the summer of 2022 / spring 2019: the year
    (
        "y",
        r"\b(?:(?:in|during|since|by)\s+)?(?:the\s+)?(?:early\s+|late\s+)?(?:spring|summer|fall|autumn|winter)"
        r"\s+(?:of\s+)?(?P<y>(?:19|20)\d{2})\b",
    ),
    # in 2019 / during 2016
    ("y", r"\b(?:in|during|since|of|early|late|mid)\s+(?P<y>(?:19|20)\d{2})\b"),
    # "during a 2015 visit": the year as a modifier of the event
    ("y", r"\b(?:a|an|the|his|her|their)\s+(?P<y>(?:19|20)\d{2})\s+(?=[a-z])"),
    # last/this/next week, month, year, weekend
    (
        "rel",
        r"\b(?P<rel>last|this|next|past|earlier this|later this|coming)\s+(?P<unit>week|weekend|month|year)\b",
    ),
    # over the weekend / at the start of the month / the week after next
    (
        "rel",
        r"\b(?P<rel>over the|at the)\s+(?P<unit>weekend)\b"
        r"|\b(?:at |by |until )?(?:the )?(?:start|beginning|end|middle) of (?P<rel2>the|this|last|next)"
        r" (?P<unit2>week|month|year)\b"
        r"|\bthe (?P<unit3>week|month) after next\b",
    ),
    # "in the first weeks of this year" / "the first days of 2024": January of that year
    (
        "yearstart",
        r"\bthe\s+(?:first|opening)\s+(?:few\s+)?(?:days|weeks)\s+of\s+"
        r"(?:(?P<rel>this|last|next)\s+year|(?P<y>(?:19|20)\d{2}))\b",
    ),
    # in two weeks / in a few days (a plan)
    (
        "in",
        r"\bin\s+(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|a few)\s+"
        r"(?P<unit>days|day|weeks|week|months|month)(?:'? time)?\b",
    ),
    # this spring / last summer
    (
        "season",
        r"\b(?P<rel>this|last|next|in the|earlier this|late last)\s+(?P<s>spring|summer|fall|autumn|winter)\b",
    ),
    # on thursday (night) / last friday / thursday's
    (
        "wd",
        r"\b(?:(?P<rel>last|this|next|later on|later|on|since|until|by|late|early)\s+)?(?P<w>"
        + _WEEKDAY_ALT
        + r")\b",
    ),
    (
        "day",
        r"\b(?P<w>the day before yesterday|the day after tomorrow|today|tonight|yesterday|tomorrow|this morning"
        r"|this afternoon|this evening|last night)\b",
    ),
    # "the other day": a few days before, the month is all it tells
    ("recent", r"\bthe other day\b"),
    # two weeks ago / days ago
    (
        "ago",
        r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few)?\s*"
        r"(?P<unit>days|day|weeks|week|months|month|years|year)\s+ago\b",
    ),
    # "the same day", "the following day": a day stated earlier in the article (see rules)
    (
        "sameday",
        r"\b(?P<rel>(?:on |that |the |later |earlier )?(?:the same day|that same day|that day|same day"
        r"|that (?:morning|afternoon|evening|night)|(?:earlier|later) in the day)"
        r"|the (?:next|following|previous) day|the day (?:before|after)|a day (?:later|earlier))\b",
    ),
    # "the day after the election", "on election night": a day counted from the US election
    # (one within the 120 days before the reference date)
    (
        "electionday",
        r"\b(?:(?:on\s+)?the\s+(?P<off>day|morning|night|evening)\s+(?P<dir>after|following|before)\s+(?:the|his|her|their)\s+"
        r"(?:\d{4}\s+)?(?:election|vote)|(?:on\s+)?election\s+(?:day|night))\b",
    ),
    # since the election / days after the election / after his victory
    (
        "election",
        r"\b(?:since|after|following)\s+(?:the|his|her|their)\s+(?:\d{4}\s+)?(?:election|election victory|victory|win|vote|electoral victory)\b",
    ),
    # (at the) un general assembly in 2019: the high-level week is in September
    (
        "unga",
        r"\b(?:un|u n|united nations) general assembly\b|\bunga\b|\bsidelines of the (?:un|u n|united nations)\b",
    ),
]
_COMPILED = [(kind, re.compile(p)) for kind, p in _PATTERNS]
_MONTH_WORDS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Literal strings one of which every match of a pattern holds: a pattern whose
# strings are all absent from a sentence is not run on it (most sentences hold no date).
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "dmy": _MONTH_WORDS,
    "mdy": _MONTH_WORDS,
    "my": _MONTH_WORDS,
    "ym": _MONTH_WORDS,
    "m": _MONTH_WORDS,
    "y": ("19", "20"),
    "rel": ("week", "month", "year"),
    "in": ("day", "week", "month"),
    "yearstart": ("first", "opening"),
    "season": ("spring", "summer", "fall", "autumn", "winter"),
    "wd": ("day",),
    "day": ("today", "tonight", "yesterday", "tomorrow", "this ", "last night"),
    "ago": ("ago",),
    "recent": ("other day",),
    "sameday": ("day", "that morning", "that afternoon", "that evening", "that night"),
    "electionday": ("election",),
    "election": ("election", "victory", "win", "vote"),
    "unga": ("general assembly", "unga", "sidelines"),
}
_GUARDED = [(kind, rx, _TRIGGERS[kind]) for kind, rx in _COMPILED]


@dataclass(frozen=True)
class DateExpr:
    start: int
    end: int
    kind: str
    groups: tuple[tuple[str, str | None], ...]

    def get(self, name: str) -> str | None:
        return dict(self.groups).get(name)

    @property
    def relative(self) -> bool:
        return self.kind in (
            "m",
            "rel",
            "season",
            "wd",
            "day",
            "ago",
            "in",
            "election",
            "electionday",
            "sameday",
            "recent",
        ) or (self.kind in ("dmy", "mdy", "yearstart") and self.get("y") is None)

    def anchor(self, ref: dt.date) -> dt.date | None:
        """The day a past expression points to, to resolve what was said then ("told ... last week")."""
        if self.kind == "rel" and (self.get("unit") or "").startswith("week"):
            step = {"last": -7, "past": -7, "next": 7}.get(self.get("rel") or "", 0)
            return ref + dt.timedelta(days=step)
        value = self.resolve(ref, False)
        if value and len(value) == 10:
            return dt.date.fromisoformat(value)
        return None

    @property
    def day_precise(self) -> bool:
        return self.kind in ("dmy", "mdy", "wd", "day", "electionday")

    def day_offset(self) -> int:
        """For "the same day" and kin: days from the anchor day."""
        rel = self.get("rel") or ""
        if re.search(r"(?:next|following) day|day after|day later", rel):
            return 1
        if re.search(r"previous day|day before|day earlier", rel):
            return -1
        return 0

    @property
    def explicit_year(self) -> int | None:
        """The year the words give ("May 2019", "in 2019"), not one inferred from the reference."""
        y = self.get("y") if self.kind in ("dmy", "mdy", "my", "ym", "y") else None
        return int(y) if y and y.isdigit() else None

    def in_context_year(self, context: DateExpr) -> str | None:
        """A bare month read in the year of an earlier explicit date: "In August 2019, ... planned
        for early September" is September 2019; "the previous December" is the one before it."""
        year = context.explicit_year
        if self.kind != "m" or year is None or (self.get("rel") or "") in ("last", "this", "next"):
            return None
        month = _month(self.get("m"))
        ctx_month = _month(context.get("m")) if context.get("m") else None
        rel = self.get("rel")
        if rel == "the previous" and ctx_month is not None and month >= ctx_month:
            year -= 1
        elif rel == "the following" and ctx_month is not None and month <= ctx_month:
            year += 1
        return f"{year:04d}-{month:02d}"

    def resolve(self, ref: dt.date | None, planned: bool) -> str | None:
        try:
            return _resolve(self, ref, planned)
        except (ValueError, OverflowError):
            return None


def find_dates(low: str, start: int, end: int) -> list[DateExpr]:
    """Date expressions in ``low[start:end]`` (folded lowercase text), without overlaps."""
    found: list[DateExpr] = []
    span = low[start:end]
    for kind, rx, triggers in _GUARDED:
        if not any(t in span for t in triggers):
            continue
        for m in rx.finditer(low, start, end):
            found.append(DateExpr(m.start(), m.end(), kind, tuple(m.groupdict().items())))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DateExpr] = []
    for d in found:
        if out and d.start < out[-1].end:
            if d.end > out[-1].end:  # "in may" inside "in may 2019": keep the fuller one
                out[-1] = d
            continue
        if d.kind == "m" and d.get("m") == "mar":
            continue  # "in mar" is not English: a word cut short
        if d.kind == "unga":
            continue  # only a hint for an adjacent year (see year_hint)
        out.append(d)
    return out


def unga_hint(low: str, start: int, end: int) -> bool:
    return any(kind == "unga" and rx.search(low, start, end) for kind, rx in _COMPILED)


def _month(name: str | None) -> int:
    if not name:
        raise ValueError("no month")
    return _MONTHS[name.rstrip(".")]


def _resolve(d: DateExpr, ref: dt.date | None, planned: bool) -> str | None:
    k = d.kind
    if k in ("dmy", "mdy"):
        month, day = _month(d.get("m")), int(d.get("d") or 0)
        year_s = d.get("y")
        if year_s:
            return dt.date(int(year_s), month, day).isoformat()
        if ref is None:
            return None
        cand = dt.date(ref.year, month, day)
        if planned and cand < ref - dt.timedelta(days=2):
            cand = dt.date(ref.year + 1, month, day)
        elif not planned and cand > ref + dt.timedelta(days=1):
            cand = dt.date(ref.year - 1, month, day)
        return cand.isoformat()
    if k in ("my", "ym"):
        month = _month(d.get("m"))
        y = d.get("y") or ""
        if y.isdigit():
            return f"{int(y):04d}-{month:02d}"
        if ref is None:
            return None
        shift = {"this year": 0, "last year": -1, "next year": 1}[y]
        return f"{ref.year + shift:04d}-{month:02d}"
    if k == "y":
        return d.get("y")
    if k == "yearstart":
        y = d.get("y")
        if y:
            return f"{int(y):04d}-01"
        if ref is None:
            return None
        return f"{ref.year + {'last': -1, 'next': 1}.get(d.get('rel') or '', 0):04d}-01"
    if ref is None:
        return None
    if k == "m":
        month = _month(d.get("m"))
        rel = d.get("rel")
        year = ref.year
        if rel == "last":
            year = ref.year if month < ref.month else ref.year - 1
        elif rel == "next":
            year = ref.year if month > ref.month else ref.year + 1
        elif rel == "this":
            year = ref.year
        elif planned:
            year = ref.year if month >= ref.month else ref.year + 1
        else:
            year = ref.year if month <= ref.month else ref.year - 1
        return f"{year:04d}-{month:02d}"
    if k == "rel":
        rel = d.get("rel") or d.get("rel2") or ""
        unit = d.get("unit") or d.get("unit2") or d.get("unit3") or ""
        if d.get("unit3"):  # "the week after next"
            day = ref + dt.timedelta(days=14 if unit == "week" else 61)
            return f"{day.year:04d}-{day.month:02d}"
        if rel in ("over the", "at the"):
            # the weekend just past for what happened, the coming one for a plan
            sat = (5 - ref.weekday()) % 7 if planned else -((ref.weekday() - 5) % 7)
            day = ref + dt.timedelta(days=sat)
            return f"{day.year:04d}-{day.month:02d}"
        step = -1 if rel in ("last", "past") else 1 if rel in ("next", "coming") else 0
        if unit in ("week", "weekend"):
            day = ref + dt.timedelta(days=7 * step)
            return f"{day.year:04d}-{day.month:02d}"
        if unit == "month":
            y, m = divmod(ref.year * 12 + ref.month - 1 + step, 12)
            return f"{y:04d}-{m + 1:02d}"
        return f"{ref.year + step:04d}"
    if k == "season":
        rel = d.get("rel") or ""
        year = ref.year - 1 if rel in ("last", "late last") else ref.year + 1 if rel == "next" else ref.year
        return f"{year:04d}"
    if k == "wd":
        w = _WEEKDAYS.index(d.get("w") or "")
        rel = d.get("rel")
        back = (ref.weekday() - w) % 7
        fwd = (w - ref.weekday()) % 7
        if rel == "last":
            day = ref - dt.timedelta(days=back or 7)
        elif rel == "next":
            day = ref + dt.timedelta(days=fwd or 7)
        elif planned and rel in ("later on", "later") and back <= 2:
            # "due to see X later on Friday" is the day of writing: a copy printed on Saturday
            # still means that Friday, not the next one
            day = ref - dt.timedelta(days=back)
        elif planned:
            day = ref + dt.timedelta(days=fwd)
        else:
            day = ref - dt.timedelta(days=back)
        return day.isoformat()
    if k == "in":
        if not planned:
            return None  # "twice in two weeks": a span, not a date
        n = d.get("n") or ""
        count = int(n) if n.isdigit() else _NUMBER_WORDS.get(n.split()[-1], 2)
        unit = d.get("unit") or ""
        days = count * (30 if unit.startswith("month") else 7 if unit.startswith("week") else 1)
        day = ref + dt.timedelta(days=days)
        return day.isoformat() if unit.startswith("day") else f"{day.year:04d}-{day.month:02d}"
    if k == "day":
        w = d.get("w")
        shift = {
            "yesterday": -1,
            "tomorrow": 1,
            "last night": -1,
            "the day before yesterday": -2,
            "the day after tomorrow": 2,
        }.get(w or "", 0)
        return (ref + dt.timedelta(days=shift)).isoformat()
    if k == "recent":
        day = ref - dt.timedelta(days=3)
        return f"{day.year:04d}-{day.month:02d}"
    if k == "ago":
        n = d.get("n")
        count = int(n) if n and n.isdigit() else _NUMBER_WORDS.get(n or "", 2)
        unit = d.get("unit") or ""
        if unit.startswith("year"):
            return f"{ref.year - count:04d}"
        days = count * (30 if unit.startswith("month") else 7 if unit.startswith("week") else 1)
        day = ref - dt.timedelta(days=days)
        return f"{day.year:04d}-{day.month:02d}"
    if k == "electionday":
        shift = 0 if not d.get("off") else -1 if d.get("dir") == "before" else 1
        for e in reversed(_ELECTIONS):
            if e <= ref and (ref - e).days <= 120:
                return (e + dt.timedelta(days=shift)).isoformat()
        return None
    if k == "election":
        for e in reversed(_ELECTIONS):
            if e <= ref and (ref - e).days <= 120:
                return f"{e.year:04d}-{e.month:02d}"
        return None
    return None
