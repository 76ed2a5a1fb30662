"""Status of a contact from the words of its clause: occurred, planned, cancelled, alleged.

Also says when a clause states that a contact did *not* happen ("has never
met", "did not meet"), which yields no contact, and when a plan was superseded
("had originally said he would see him on Thursday").
"""

from __future__ import annotations

import re

from pipeline.detect.cues import (
    ACHIEVED_INFINITIVE,
    ALLEGED_CUES,
    CANCEL_OBJECT,
    CANCEL_VERB,
    CANCELLABLE_NOUNS,
    CANCELLED_CUES,
    DENIAL_BEFORE,
    FAILED_PLAN_CUES,
    IRREALIS_CUES,
    NEGATION_CUES,
    NEGATION_EXCEPTIONS,
    PLANNED_CUES,
    SUPERSEDED_CUES,
    THIRD_PARTY_CLAIM,
)

_PLANNED = re.compile(PLANNED_CUES)
_CANCELLED = re.compile(CANCELLED_CUES)
_CANCEL_VERB = re.compile(CANCEL_VERB)
_CANCEL_OBJECT = re.compile(CANCEL_OBJECT)
_CANCELLABLE = re.compile(CANCELLABLE_NOUNS)
_FAILED = re.compile(FAILED_PLAN_CUES)
_ALLEGED = re.compile(ALLEGED_CUES)
_NEGATION = re.compile(NEGATION_CUES)
_DENIAL = re.compile(DENIAL_BEFORE)
_THIRD_PARTY = re.compile(THIRD_PARTY_CLAIM)
_NEG_EXCEPT = re.compile(NEGATION_EXCEPTIONS)
_SUPERSEDED = re.compile(SUPERSEDED_CUES)
_IRREALIS = re.compile(IRREALIS_CUES)
_ACHIEVED = re.compile(ACHIEVED_INFINITIVE)
_MONTH_MAY = re.compile(r"\b(?:in|early|late|mid|since|of|last|this|next|by|until|during)\s+may\b|\bmay\s+\d")
_INFINITIVE_TO = re.compile(r"\bto\s*$")


def negated(before_cue: str) -> str | None:
    """The negation word that cancels a contact in the text before its cue, if any."""
    cleaned = _NEG_EXCEPT.sub(" ", before_cue)
    found = None
    for m in _NEGATION.finditer(cleaned):
        found = m.group(0)
    return found


def denied(before_cue: str, sentence: str) -> str | None:
    """ "denied ever meeting X" with nobody else claiming the contact: a negation."""
    m = _DENIAL.search(before_cue)
    if m is None or _THIRD_PARTY.search(sentence):
        return None
    return m.group(0).strip()


def _cancellation(low: str, start: int, end: int) -> re.Match[str] | None:
    """The first cancellation cue in ``low[start:end]`` whose object, if it names one, is a contact."""
    for m in _CANCELLED.finditer(low, start, end):
        obj = _CANCEL_OBJECT.match(low[m.end() : end]) if _CANCEL_VERB.match(m.group(0)) else None
        if obj is not None and not _CANCELLABLE.search(obj.group(1)):
            continue  # "ordered Israel to call off a wave of strikes": not a contact
        return m
    return None


def cancelled(clause: str) -> str | None:
    m = _cancellation(clause, 0, len(clause))
    return m.group(0) if m else None


def cancelled_at(low: str, start: int, end: int) -> int | None:
    m = _cancellation(low, start, end)
    return m.start() if m else None


def failed_plan(text: str) -> bool:
    return _FAILED.search(text) is not None


def alleged(sentence: str) -> str | None:
    m = _ALLEGED.search(sentence)
    return m.group(0) if m else None


def irrealis(before_cue: str) -> str | None:
    m = _IRREALIS.search(before_cue)
    return m.group(0) if m else None


def superseded(clause: str) -> bool:
    return _SUPERSEDED.search(clause) is not None


def planned(before_cue: str, after_cue: str) -> str | None:
    """A planning word in the clause before the cue (or a future phrase after it)."""
    if _INFINITIVE_TO.search(before_cue) and _ACHIEVED.search(before_cue):
        return None  # "the first foreign leader to see him": done, not planned
    # "in May 2017": the month, not the modal
    words = _PLANNED.findall(_MONTH_MAY.sub(" ", before_cue))
    if words:
        return str(words[-1])
    after = re.match(
        r"^[^,;]{0,60}?\b(next week|next month|next year|tomorrow|later this \w+"
        r"|(?:is|are) (?:on the cards|in the works|being (?:planned|arranged|prepared))"
        r"|(?:is|was|remains|remained|seemed|seems) (?:still )?(?:possible|likely|under consideration)"
        # "call with Trump set for Friday": a participle of planning after the noun
        r"|(?:set|scheduled|slated|planned|pencill?ed in) for)\b",
        after_cue,
    )
    return after.group(1) if after else None
