"""The contact detector: article text in, one Contact per distinct event out.

``Detector.from_config`` builds the gazetteer, the name automaton and the
title patterns once; ``detect`` is then cheap per article. An article with no
watched candidate's name or description anywhere is dismissed after one scan,
and only sentences holding a candidate reference and a contact cue reach the
costly rules. Empty, binary, huge or foreign-language input yields no contacts
in bounded time.

Within one article, detections of the same candidate, leader and kind with
compatible dates are one event (SCHEMA.md): the most specific date and the
most informative status are kept, and a detection without a date that repeats
a dated one ("the meeting", "greeted him") is folded into it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.config import AppConfig
from pipeline.contacts import Contact
from pipeline.detect.clauses import split_article
from pipeline.detect.document import Document
from pipeline.detect.gazetteer import Gazetteer
from pipeline.detect.mentions import FoldedText, MentionFinder, merge_adjacent, resolve_references
from pipeline.detect.normalize import fold, lower
from pipeline.detect.rules import _PAST_MARKER, _TIMES_SINCE, Frame, SentenceRules

# Beyond this many characters an "article" is not one; the rest is not read.
MAX_CHARS = 2_000_000
_ENTRY_DATE = "live-blog entry date"
_SCHEDULE = "travel schedule in the present tense"  # the status note rules.py gives that plan  # the note rules.py gives a date taken from the entry stamp
_STATUS_RANK = {"planned": 0, "alleged": 1, "cancelled": 2, "occurred": 3}


@dataclass
class Detector:
    gazetteer: Gazetteer
    finder: MentionFinder

    @classmethod
    def from_config(cls, cfg: AppConfig) -> Detector:
        gaz = Gazetteer.from_config(cfg)
        return cls(gazetteer=gaz, finder=MentionFinder(gaz))

    def detect(self, text: str, published: dt.date | None, title: str | None = None) -> list[Contact]:
        """Contacts stated in ``text`` (``title``, if given, is prepended as the headline)."""
        if not text or not isinstance(text, str):
            return []
        has_headline = title is not None
        if title:
            text = f"{title}\n\n{text}"
        text = text[:MAX_CHARS]
        if _looks_binary(text):
            return []
        # the cheap gate first: names and candidate descriptions need only the folded text,
        # so an article about none of the watched people never pays for its sentence layout
        folded = fold(text)
        low = lower(folded)
        names = self.finder.names(FoldedText(text, folded, low))
        if not any(self.gazetteer.is_candidate(m.person) for m in names) and not self._describes_candidate(
            low
        ):
            return []
        headline = has_headline or _has_headline(text)
        doc = Document(text, folded, low, published, split_article(folded, published, headline))
        titles = self.finder.titles(doc, names) + self.finder.places_of(doc)
        explicit = merge_adjacent(doc, names + titles, self.gazetteer)
        mentions = resolve_references(doc, self.gazetteer, explicit)
        frames = SentenceRules(self.gazetteer, doc, mentions).run()
        return [self._contact(doc, f) for f in merge_frames(frames)]

    def _describes_candidate(self, low: str) -> bool:
        rx = self.finder.desc_re
        return rx is not None and rx.search(low) is not None

    def _contact(self, doc: Document, f: Frame) -> Contact:
        sent = f.sentence
        evidence = doc.text[sent.start : sent.end].strip()
        country = self.gazetteer.persons[f.leader].country
        return Contact(
            candidate=f.candidate,
            leader=f.leader,
            country=country,
            kind=f.kind,  # type: ignore[arg-type]
            status=f.status,  # type: ignore[arg-type]
            date=f.date,
            evidence=evidence,
            rule=f.rule,
            explain=dict(f.explain, merged=f.explain.get("merged", 1)),
        )


_BINARY_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")


def _looks_binary(text: str) -> bool:
    sample = text[:4000]
    if not sample:
        return True
    bad = len(_BINARY_CHARS.findall(sample))
    return bad / len(sample) > 0.05


def _has_headline(text: str) -> bool:
    """Line 1 is a headline when a blank line follows it (the corpus .txt layout)."""
    head, sep, rest = text.partition("\n")
    return bool(sep) and rest.startswith("\n") and len(head) < 300


# ------------------------------------------------------------------ merging


def _compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a.startswith(b) or b.startswith(a)


def _near(a: str, b: str, days: int = 3) -> bool:
    if len(a) != 10 or len(b) != 10:
        return False
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days) <= days


def merge_frames(frames: list[Frame]) -> list[Frame]:
    """One frame per distinct event of the article (see the module docstring)."""
    groups: dict[tuple[str, str, str], list[Frame]] = {}
    for f in frames:
        groups.setdefault((f.candidate, f.leader, f.kind), []).append(f)
    out: list[Frame] = []
    for group in groups.values():
        # one alleged statement makes the article's plain ones of the same occasion (same
        # or no date) a report of the claim; a differently dated one is another event
        # a live-blog entry's stamp stands in for a date only while the entry states none
        # ("Erdogan rang Trump" under the stamp, "dialled Trump on Tuesday" in its text)
        for f in group:
            if f.explain.get("date") == _ENTRY_DATE and any(
                g.date and g.sentence.entry == f.sentence.entry and g.explain.get("date") != _ENTRY_DATE
                for g in group
            ):
                f.date = None
        # a headline's present tense ("X flies to Y for dinner with Z") reports the story's
        # event: when the body states it happened, the headline is that event, not a plan
        if any(f.status == "occurred" and not f.sentence.headline for f in group):
            group = [f for f in group if not (f.sentence.headline and f.explain.get("status") == _SCHEDULE)]
        claims = [f.date for f in group if f.status == "alleged"]
        for f in group:
            if f.status == "occurred" and any(f.date is None or _compatible(f.date, d) for d in claims):
                f.status = "alleged"
        dated = sorted((f for f in group if f.date), key=lambda f: -len(f.date or ""))
        clusters: list[list[Frame]] = []
        for f in dated:
            for cl in clusters:
                head = cl[0]
                if _compatible(head.date, f.date) or (
                    {head.status, f.status} == {"planned", "occurred"}
                    and _near(head.date or "", f.date or "")
                ):
                    cl.append(f)
                    break
            else:
                clusters.append([f])
        merged = [_merge(cl) for cl in clusters]
        undated: dict[str, list[Frame]] = {}
        for f in group:
            if f.date is None:
                undated.setdefault(f.status, []).append(f)
        for status, fs in undated.items():
            # ("spoken with X seven times since leaving office": a series, not the dated one)
            keep = [
                f
                for f in fs
                if _PAST_MARKER.search(f.explain.get("clause", "").lower())
                or _TIMES_SINCE.search(f.explain.get("clause", "").lower())
            ]
            if any(m.status == status for m in merged):
                merged += [_merge([f]) for f in keep[:1]]
                continue
            merged.append(_merge(fs))
        out += merged
    out.sort(key=lambda f: (f.sentence.start, f.cue.start))
    return out


def _merge(cluster: list[Frame]) -> Frame:
    best_status = max(cluster, key=lambda f: _STATUS_RANK[f.status]).status
    best_date = max(cluster, key=lambda f: len(f.date or "")).date
    # evidence from the statement that gives the kept date (first such in the text)
    lead = min(
        (f for f in cluster if f.date == best_date),
        key=lambda f: (f.anaphoric, f.sentence.start),
    )
    lead.status = best_status
    lead.explain["merged"] = len(cluster)
    return lead
