"""Mention finding: who is named where in an article, including titles and pronouns.

- Names and aliases through one Aho-Corasick automaton over every folded name
  form of the gazetteer (the cheap prefilter: an article with no candidate
  name or title costs one scan).
- Forms marked ambiguous ("Harris", a bare surname) resolve only to a person
  whose full name the article gives; a single-word name right after another
  capitalized given name is someone else ("Melania Trump", "Karina Milei").
- Title phrases ("India's prime minister", "the Ukrainian leader", "Qatari
  Emir", "former British Prime Minister") resolve through term dates at the
  sentence's reference date; candidate descriptions come from the watchlist.
- Pronouns, plural references ("the two men") and first person inside a quote
  resolve to people mentioned before (see :func:`resolve_references`).

Each mention says whether it can be a participant: a possessor ("Trump's
campaign"), a modifier ("a Trump aide") or a relative ("his father, King
Charles III") cannot.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from pipeline.config import DatedName
from pipeline.detect.clauses import Quote, Sentence, Turn
from pipeline.detect.cues import (
    CALENDAR_WORDS,
    EVENT_NOUNS,
    GENERIC_LEADER_TITLES,
    KINSHIP_NOUNS,
    MODIFIED_NOUNS,
    MONTH_NAMES,
    PLACE_NOUNS,
    PLANNED_CUES,
    PLURAL_REFERENCES,
    SENTENCE_START_WORDS,
    SHARED_TITLES,
    SPEECH_VERBS,
    TITLE_PHRASES,
    TITLE_PREFIXES,
    TITLE_WORDS,
)
from pipeline.detect.dates import find_dates
from pipeline.detect.document import Document
from pipeline.detect.gazetteer import LEADER, Gazetteer, NameForm, canonical_title
from pipeline.detect.normalize import fold_name, lower


@dataclass
class Mention:
    start: int
    end: int
    persons: tuple[str, ...]  # one person, or two for "the two men"
    how: str  # name | alias | title | description | pronoun | plural | speaker
    participant: bool = True
    note: str = ""
    in_quote: bool = False

    @property
    def person(self) -> str:
        return self.persons[0]


# two capitalised words right after a title: the full name of whoever holds it
_FULL_NAME_AFTER = re.compile(r" ([A-Z][a-z]+ [A-Z][a-z]+)\b(?!')")


def _first_letters(words: Iterable[str]) -> str:
    """A lookahead for the first characters of ``words``: the regex engine then skips every
    position that cannot start one of them without trying each alternative there."""
    chars = sorted({w[0] for w in words if w})
    return "(?=[" + "".join(re.escape(c) for c in chars) + "])"


def _group_first_letters(pattern: str) -> str:
    """``_first_letters`` of a cue pattern that lists words: "(?:wife|son|...)" or
    "\\b(?:they|the two(?: men)?|...)\\b"; "" (no guard) for any other shape."""
    m = re.fullmatch(r"(\\b)?\(\?:(.*)\)(\\b)?", pattern, re.DOTALL)
    if m is None:
        return ""
    alternatives: list[str] = []
    depth, begin = 0, 0
    body = m.group(2)
    for i, ch in enumerate(body):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            alternatives.append(body[begin:i])
            begin = i + 1
    alternatives.append(body[begin:])
    # each alternative must start with a letter that is not optional ("s?he" could start at "h")
    if depth != 0 or not all(
        a[:1].isalpha() and a[:1].isascii() and a[1:2] not in ("?", "*", "{") for a in alternatives
    ):
        return ""
    return _first_letters(alternatives)


_FULL_NAME_BEFORE = re.compile(r"(?<![\w'])([A-Z][a-z]+ [A-Z][a-z]+), (?:then |now )?$")
_POSSESSIVE_AFTER = re.compile(r"^(?:'s\b|'\s)")
_PLACE_OR_EVENT_AFTER = re.compile(
    r"^(?:'s|')?\s+(?:[A-Za-z]+\s+){0,3}?(?:" + PLACE_NOUNS + "|" + EVENT_NOUNS + r")\b", re.IGNORECASE
)
_MODIFIER_AFTER = re.compile(r"^\s+(?:" + MODIFIED_NOUNS + r")\b", re.IGNORECASE)
_KINSHIP_BEFORE = re.compile(
    _group_first_letters(KINSHIP_NOUNS) + r"\b" + KINSHIP_NOUNS + r",?\s+(?:[A-Z][a-z]+\.?\s+){0,3}$",
    re.IGNORECASE,
)


_PRONOUN_WORDS = ["he", "him", "his", "she", "her", "hers", "himself", "herself"]
# ("Her Majesty", "His Royal Highness" are forms of address, not pronouns)
_PRONOUN_RE = re.compile(
    _first_letters(_PRONOUN_WORDS)
    + r"\b(?:"
    + "|".join(_PRONOUN_WORDS)
    + r")\b(?!\s+(?:Majesty|Highness|Royal Highness|Excellency|Holiness)\b)",
    re.IGNORECASE,
)
# "we" / "our" in a quote are the speaker too ("We had a great call," Harris said);
# lower-case "us" only, so that "US" (the country) is no speaker
_FIRST_PERSON_RE = re.compile(r"(?=[IOWmouw])\b(?:I|me|my|myself|[Ww]e|us|[Oo]ur)\b")
# "my friend" with no name after it: the counterpart of the speaker in the story
_MY_FRIEND = re.compile(r"\s+(?:(?:good|dear|great|old|close|very)\s+){0,2}friend\b(?!,?\s+(?:the\s+)?[A-Z])")
# "X said that he": the pronoun is X
# "The president also revealed that she": a role noun as the speaker, then the pronoun (nobody
# named in between)
_ROLE_SAID_THAT = re.compile(
    r"\s*(?:The|the)\s+(?:president|mandataria|mandatario|prime minister|premier|chancellor|leader|head of state)"
    r"\s+(?:[a-z]+ly\s+|also\s+|later\s+)?"
    + SPEECH_VERBS
    + r"\s+(?:that\s+)?(?:(?:on|this|last)\s+\w+\s*,?\s*)?"
)
_SAID_THAT = re.compile(
    r"\s+(?:[a-z]+ly\s+|also\s+|later\s+)?"
    + SPEECH_VERBS
    + r"(?:\s+(?:reporters|aides|allies))?\s+(?:that\s+)?"
)
# the person a quote is about: '..., Trump said of Orban', 'Asked about Macron, ...'
_TOPIC_BEFORE = re.compile(
    r"\b(?:(?:said|says|wrote|added|told|tells|asked|questioned|pressed)(?:\s+[a-z]+){0,2}?\s+(?:of|about)"
    r"|referring to|speaking (?:of|about)|talking about)\s+$",
    re.IGNORECASE,
)
_PLURAL_RE = re.compile(_group_first_letters(PLURAL_REFERENCES) + PLURAL_REFERENCES, re.IGNORECASE)
_SPEECH_AFTER = re.compile(r"^\s*,?\s*(?:[a-z]+\s+){0,1}" + SPEECH_VERBS, re.IGNORECASE)
_SPEECH_BEFORE = re.compile(SPEECH_VERBS + r"\s*$", re.IGNORECASE)
# A venue is the candidate's as the place of a visit: after a preposition or a visit verb.
_PLACE_WORDS = [
    "at",
    "to",
    "in",
    "into",
    "inside",
    "from",
    "visited",
    "visit",
    "visits",
    "visiting",
    "toured",
]
_PLACE_BEFORE = (
    _first_letters(_PLACE_WORDS) + r"\b(?:" + "|".join(_PLACE_WORDS) + r")\s+(?:the\s+)?"
    r"(?:(?:his|her|private|sprawling|luxury|golf|beachfront|palm beach|florida|new jersey)\s+){0,2}"
)


_TO_PLACE_BEFORE = re.compile(
    r"\b(?:at|to|in|into|inside|from|outside|visited|visit|visits|visiting|toured|entered)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_GIVEN_NAME_BEFORE = re.compile(r"([A-Z][a-z]+) +$")
_HONORIFIC_BEFORE = re.compile(r"\b(Mr|Mister|Mrs|Ms|Miss|Madam|Sir|Dame)\.?\s+$")
_HONORIFIC_GENDER = {"mr": "he", "mister": "he", "sir": "he", "mrs": "she", "ms": "she", "miss": "she"}
_HONORIFIC_GENDER |= {"madam": "she", "dame": "she"}


def _honorific_gender(text: str, start: int) -> str | None:
    """ "he" after "Mr", "she" after "Ms"/"Mrs": what the honorific before a name says."""
    m = _HONORIFIC_BEFORE.search(text, max(0, start - 8), start)
    return _HONORIFIC_GENDER[m.group(1).lower()] if m else None


@dataclass
class FoldedText:
    """An article's text and its folded copies: all that name finding reads, so that an
    article can be dismissed before its sentence layout is built."""

    text: str
    folded: str
    low: str


@dataclass
class _TitleHit:
    start: int
    end: int
    country: str  # the country word as written (folded, lowercase)
    title: str
    pre: str  # "former", "then", ... or ""


_WORD = re.compile(r"[\w.']+")
_PREFIX = re.compile(TITLE_PREFIXES)
_ELECT_AFTER = re.compile(r"[\s-]elect\b")
_OF_THE = re.compile(r"\s+of\s+(?:the\s+)?")
_THE_BEFORE = re.compile(r"\bthe\s+(?:(" + TITLE_PREFIXES + r")\s+)?$")
_PREFIX_BEFORE = re.compile(r"\b(?:the\s+)?(" + TITLE_PREFIXES + r")\s+$")
# "the emir", "the former king": not "the king of Jordan" (a country title) nor "the King Center"
_SHARED_TITLE = re.compile(
    r"\bthe\s+(?:(former|late|then)\s+)?(" + "|".join(SHARED_TITLES) + r")\b(?!\s+of\b|'s?\s+(?:of)\b)",
)


def _personal(words: str) -> bool:
    """Two capitalised words that may be a person's name ("On Monday", "In Tokyo" are not)."""
    first, second = (w.lower() for w in words.split())
    return not (
        first in SENTENCE_START_WORDS or {first, second} & CALENDAR_WORDS or {first, second} & TITLE_WORDS
    )


class MentionFinder:
    """Built once per gazetteer; finds mentions in many documents."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.automaton = ahocorasick.Automaton()
        for form, owners in gaz.forms.items():
            self.automaton.add_word(form, (form, tuple(owners)))
        if gaz.forms:
            self.automaton.make_automaton()
        self._has_names = bool(gaz.forms)
        # a title only one country's leaders hold ("the Taoiseach") needs no country word
        holders: dict[str, set[str]] = {}
        for p in gaz.persons.values():
            for t in p.terms:
                if t.role != "other":
                    holders.setdefault(canonical_title(t.title), set()).add(p.country)
        self.national_titles = {
            t: next(iter(cs)) for t, cs in holders.items() if len(cs) == 1 and t not in GENERIC_LEADER_TITLES
        }
        spoken = [t for t in TITLE_PHRASES if canonical_title(t) in self.national_titles]
        self.national_re = (
            re.compile(_first_letters(spoken) + r"\b(?:" + "|".join(re.escape(t) for t in spoken) + r")\b")
            if spoken
            else None
        )
        title_alt = "|".join(re.escape(t) for t in sorted(TITLE_PHRASES, key=len, reverse=True))
        self.title_word_re = re.compile(_first_letters(TITLE_PHRASES) + r"\b(?:" + title_alt + r")\b")
        # descriptions ("the former president"), some valid only between dates ("the president")
        self.descriptions: dict[str, list[tuple[str, DatedName | None]]] = {}
        for p in gaz.persons.values():
            for t in p.titles:
                self.descriptions.setdefault(fold_name(t).lower(), []).append((p.key, None))
            for dn in p.dated_titles:
                self.descriptions.setdefault(fold_name(dn.name).lower(), []).append((p.key, dn))
        alt = "|".join(re.escape(d) for d in sorted(self.descriptions, key=len, reverse=True))
        # "the president of Brazil" is someone else's title
        self.desc_re = (
            re.compile(_first_letters(list(self.descriptions)) + r"\b(?:" + alt + r")\b(?!\s+of\b)")
            if alt
            else None
        )
        self.places: dict[str, list[tuple[str, DatedName]]] = {}
        for p in gaz.persons.values():
            for dn in p.places:
                self.places.setdefault(fold_name(dn.name).lower(), []).append((p.key, dn))
        palt = "|".join(re.escape(d) for d in sorted(self.places, key=len, reverse=True))
        self.place_re = re.compile(_PLACE_BEFORE + r"(" + palt + r")\b") if palt else None

    # ------------------------------------------------------------------ names

    def names(self, doc: Document | FoldedText) -> list[Mention]:
        """Names and aliases; they need the folded text only, not the sentence layout."""
        if not self._has_names:
            return []
        text = doc.folded
        raw: list[tuple[int, int, str, tuple[NameForm, ...]]] = []
        for end_idx, (form, owners) in self.automaton.iter(text):
            start = end_idx - len(form) + 1
            end = end_idx + 1
            if start > 0 and (text[start - 1].isalnum()):
                continue
            if end < len(text) and (text[end].isalnum()):
                continue
            raw.append((start, end, form, owners))
        # leftmost-longest, no overlaps
        raw.sort(key=lambda r: (r[0], -(r[1] - r[0])))
        chosen: list[tuple[int, int, str, tuple[NameForm, ...]]] = []
        last_end = -1
        for r in raw:
            if r[0] >= last_end:
                chosen.append(r)
                last_end = r[1]
        established: list[tuple[int, str]] = []
        for start, _end, _form, owners in chosen:
            for o in owners:
                if o.full and not o.ambiguous:
                    established.append((start, o.person))
        out: list[Mention] = []
        for start, end, form, owners in chosen:
            if " " not in form and self._other_person(text, start) and not self._paired(doc, start):
                continue
            if doc.low[start:end] in MONTH_NAMES and (
                _MONTH_BEFORE.search(doc.low, max(0, start - 12), start) or _MONTH_AFTER.match(doc.low, end)
            ):
                continue  # "in May", "May 2019": the month, not Theresa May
            person = self._pick(owners, start, established, _honorific_gender(text, start))
            if person is None and any(o.ambiguous for o in owners):
                person = self._qualified(doc, start, {o.person for o in owners})
            if person is None:
                continue
            full = any(o.full and o.person == person for o in owners)
            out.append(Mention(start, end, (person,), "name" if full else "alias"))
        return out

    def _pick(
        self,
        owners: tuple[NameForm, ...],
        pos: int,
        established: list[tuple[int, str]],
        gender: str | None = None,
    ) -> str | None:
        """Who a name form denotes here; None when the article leaves it open.

        "Mr Harris" / "Ms Harris": an honorific keeps only people of that gender. A bare
        surname shared by two people the article names in full ("Kamala Harris" and
        "Simon Harris") denotes neither: guessing would turn one into the other.
        """
        keys = {o.person for o in owners}
        if gender is not None:
            fitting = {k for k in keys if self._gender_fits(k, gender)}
            if fitting:
                keys = fitting
                owners = tuple(o for o in owners if o.person in keys)
        plain = [o.person for o in owners if not o.ambiguous]
        if len(keys) == 1 and plain:
            return plain[0]
        named = {p for _s, p in established if p in keys}
        if len(named) > 1:
            return None
        before = [p for s, p in established if s < pos and p in keys]
        if before:
            return before[-1]
        after = [p for s, p in established if s > pos and p in keys]
        if after:
            return after[0]
        if len(plain) == 1:
            return plain[0]
        return None

    def _qualified(self, doc: Document | FoldedText, start: int, keys: set[str]) -> str | None:
        """A shared surname a country or a title right before it settles: "Spain's Sanchez",
        "South Korean President Yoon", "President Yoon" (the one who held that title)."""
        words = [w.group(0) for w in _WORD.finditer(doc.low, max(0, start - 50), start)][-6:]
        if not words or not doc.low[start - 1 : start].isspace():
            return None
        title = None
        for t in TITLE_PHRASES:
            n = len(t.split())
            if len(words) >= n and " ".join(words[-n:]) == t:
                title = canonical_title(t)
                words = words[:-n]
                break
        if words and _PREFIX.fullmatch(words[-1]):
            words = words[:-1]
        code = None
        for k in range(min(3, len(words)), 0, -1):
            phrase = " ".join(words[-k:])
            phrase = phrase[:-2] if phrase.endswith("'s") else phrase.rstrip("'")
            if phrase in self.gaz.countries:
                code = self.gaz.countries[phrase]
                break
        if code is None and title is None:
            return None
        fits = [
            k
            for k in keys
            if k in self.gaz.persons
            and (code is None or self.gaz.persons[k].country == code)
            and (title is None or any(canonical_title(t.title) == title for t in self.gaz.persons[k].terms))
        ]
        return fits[0] if len(fits) == 1 else None

    def _gender_fits(self, key: str, gender: str) -> bool:
        """Leaders without a pronoun in the gazetteer are taken as men (most are)."""
        p = self.gaz.persons.get(key)
        pronoun = (p.pronoun if p is not None else None) or "he"
        return pronoun == gender

    def _paired(self, doc: Document | FoldedText, start: int) -> bool:
        """ "the Trump-Modi meeting": a name joined by a hyphen to another known name is no
        given name of it."""
        if start < 2 or doc.text[start - 1] not in "-\u2013/":
            return False
        m = re.search(r"([A-Z][\w'.]+)$", doc.folded[max(0, start - 30) : start - 1])
        return m is not None and self.automaton.exists(m.group(1))

    @staticmethod
    def _other_person(text: str, start: int) -> bool:
        """A single-word name preceded by another capitalized given name ("Melania Trump")."""
        m = _GIVEN_NAME_BEFORE.search(text[max(0, start - 30) : start])
        if not m:
            return False
        word = m.group(1)
        if word.lower() in TITLE_WORDS or word.lower() in CALENDAR_WORDS:
            return False
        before = text[max(0, start - 30) : start - len(m.group(0))]
        # at a sentence start only a function word ("Then Trump") is not a given name
        at_start = not before.strip() or before.rstrip()[-1:] in '.!?:"\u2014'
        return not (at_start and word.lower() in SENTENCE_START_WORDS)

    # ------------------------------------------------------------------ titles

    def _title_matches(self, low: str) -> list[_TitleHit]:
        """Title phrases: each title word, then a lookup of the country words before or after it.

        "India's prime minister", "the former Polish president", "president of the Philippines".
        A dictionary lookup of one to four words beside the title replaces one large
        alternation of every country name.
        """
        out: list[_TitleHit] = []
        last_end = -1
        countries = self.gaz.countries
        for hit in self.title_word_re.finditer(low):
            ts, te = hit.start(), hit.end()
            if ts < last_end:
                continue
            if _ELECT_AFTER.match(low, te):
                continue  # "US president-elect Donald Trump" is not the sitting president
            found = self._country_before(low, ts, countries) or self._country_after(low, ts, te, countries)
            if found is None:
                continue
            start, end, country, pre = found
            if start < last_end:
                continue
            out.append(_TitleHit(start, max(end, te), country, hit.group(0), pre))
            last_end = max(end, te)
        return out

    @staticmethod
    def _country_before(low: str, ts: int, countries: dict[str, str]) -> tuple[int, int, str, str] | None:
        words = list(_WORD.finditer(low, max(0, ts - 70), ts))
        pre = ""
        edge = ts  # where the country words must end: the title, or a prefix before it
        if words and _PREFIX.fullmatch(words[-1].group(0)) and words[-1].end() <= ts:
            pre = words[-1].group(0)
            edge = words[-1].start()
            words = words[:-1]
        if not words or not low[words[-1].end() : edge].isspace():
            return None
        # the last one to four words, each gap between them tested once
        tail = words[-4:]
        texts = [w.group(0) for w in tail]
        spaced = [low[a.end() : b.start()].isspace() for a, b in itertools.pairwise(tail)]
        for k in range(len(tail), 0, -1):
            first = len(tail) - k
            if not all(spaced[first:]):
                continue
            span = tail[first:]
            phrase = " ".join(texts[first:])
            if phrase.endswith("'s"):
                phrase = phrase[:-2]
            elif phrase.endswith("'"):
                phrase = phrase[:-1]
            if phrase in countries:
                start = span[0].start()
                rest = words[: len(words) - k]
                if rest and _PREFIX.fullmatch(rest[-1].group(0)) and low[rest[-1].end() : start].isspace():
                    pre = pre or rest[-1].group(0)
                    start = rest[-1].start()
                    rest = rest[:-1]
                if rest and rest[-1].group(0) == "the" and low[rest[-1].end() : start].isspace():
                    start = rest[-1].start()
                return start, ts, phrase, pre
        return None

    @staticmethod
    def _country_after(
        low: str, ts: int, te: int, countries: dict[str, str]
    ) -> tuple[int, int, str, str] | None:
        m = _OF_THE.match(low, te)
        if m is None:
            return None
        words = list(_WORD.finditer(low, m.end(), min(len(low), m.end() + 60)))[:4]
        for k in range(len(words), 0, -1):
            span = words[:k]
            if span[0].start() != m.end():
                return None
            phrase = " ".join(w.group(0) for w in span).rstrip(".")
            if phrase in countries and all(
                low[a.end() : b.start()].isspace() for a, b in itertools.pairwise(span)
            ):
                end = span[-1].end()
                pm = _PREFIX_BEFORE.search(low, max(0, ts - 30), ts)
                return (pm.start(), end, phrase, pm.group(1)) if pm else (ts, end, phrase, "")
        return None

    def titles(self, doc: Document, names: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        mentioned: list[str] = []
        name_iter = sorted(names, key=lambda m: m.start)
        hits = self._title_matches(doc.low)
        starts = {n.start for n in names}
        for h in hits:
            code = self.gaz.countries.get(h.country)
            if code is None:
                continue
            full = _FULL_NAME_AFTER.match(doc.folded, h.end)
            if full is not None and full.start(1) not in starts:
                # "Former Japanese Prime Minister Aso Taro": the title is that (unlisted) person's
                continue
            before = _FULL_NAME_BEFORE.search(doc.folded, max(0, h.start - 40), h.start)
            if before is not None and before.start(1) not in starts and _personal(before.group(1)):
                # "Taro Aso, the former Japanese prime minister, ...": the same, in apposition
                continue
            sent = doc.sentence_at(h.start)
            day = _title_day(doc, sent, h.end) if h.pre not in ("current", "new", "incoming") else None
            day = day or (sent.ref_date if sent else None) or doc.published
            former = h.pre in ("former", "ex", "late")
            # people named before the title first (latest wins), then those named after it
            # (a headline's "Irish leader" is the one the story names)
            mentioned = [n.person for n in reversed(name_iter) if n.start > h.start]
            mentioned += [n.person for n in name_iter if n.start < h.start]
            person = self.gaz.resolve_title(code, h.title, day, former=former, mentioned=mentioned)
            if person is None and h.pre == "then":
                person = self.gaz.resolve_title(code, h.title, day, former=True, mentioned=mentioned)
            if person is None:
                continue
            out.append(Mention(h.start, h.end, (person,), "title", note=doc.text[h.start : h.end]))
        out += self._national_titles(doc, names, [(h.start, h.end) for h in hits])
        out += self._shared_titles(doc, names + out)
        if self.desc_re is not None:
            for m in self.desc_re.finditer(doc.low):
                sent = doc.sentence_at(m.start())
                day = (sent.ref_date if sent else None) or doc.published
                keys = [k for k, dn in self.descriptions.get(m.group(0), []) if dn is None or dn.covers(day)]
                if len(keys) == 1:
                    out.append(Mention(m.start(), m.end(), (keys[0],), "description"))
        return out

    def _national_titles(
        self, doc: Document, names: list[Mention], taken: list[tuple[int, int]]
    ) -> list[Mention]:
        """ "the Taoiseach", "the then taoiseach": a title of one country, resolved at the date."""
        out: list[Mention] = []
        if self.national_re is None:
            return out
        for hit in self.national_re.finditer(doc.low):
            code = self.national_titles.get(canonical_title(hit.group(0)))
            if code is None or any(a <= hit.start() < b for a, b in taken):
                continue
            m = _THE_BEFORE.search(doc.low, max(0, hit.start() - 20), hit.start())
            if m is None:
                continue
            sent = doc.sentence_at(hit.start())
            pre = m.group(1) or ""
            day = _title_day(doc, sent, hit.end()) if pre not in ("current", "new", "incoming") else None
            day = day or (sent.ref_date if sent else None) or doc.published
            mentioned = [n.person for n in sorted(names, key=lambda n: n.start) if n.start < hit.start()]
            person = self.gaz.resolve_title(code, hit.group(0), day, former=pre in ("former", "ex", "late"))
            if pre == "then":
                person = self.gaz.resolve_title(code, hit.group(0), day, former=True, mentioned=mentioned)
            if person is not None:
                out.append(
                    Mention(m.start(), hit.end(), (person,), "title", note=doc.text[m.start() : hit.end()])
                )
        return out

    def _shared_titles(self, doc: Document, named: list[Mention]) -> list[Mention]:
        """ "the emir", "the king" when several countries have one: the holder at the date
        whom the article named last before it ("Qatar's emir ... the emir")."""
        out: list[Mention] = []
        if not named or " the " not in doc.low:
            return out
        taken = [(m.start, m.end) for m in named]
        ordered = sorted((m for m in named if len(m.persons) == 1 and m.persons[0]), key=lambda m: m.start)
        starts = [m.start for m in ordered]
        for hit in _SHARED_TITLE.finditer(doc.low):
            a, b = hit.start(), hit.end()
            if any(s < b and a < e for s, e in taken) or doc.folded[b : b + 2].strip()[:1].isupper():
                continue
            sent = doc.sentence_at(a)
            day = (sent.ref_date if sent else None) or doc.published or dt.date.today()
            pre = hit.group(1) or ""
            former = pre in ("former", "late", "then")
            titles = frozenset({canonical_title(hit.group(2))})
            # the latest person named before it who held the title then: only the people
            # already named are tried, not every holder in the gazetteer
            person = None
            for m in reversed(ordered[: bisect.bisect_left(starts, a)]):
                p = self.gaz.persons.get(m.person)
                if (
                    p is not None
                    and p.kind == LEADER
                    and (p.held_before(day, titles) if former else p.holds(day, titles))
                ):
                    person = p.key
                    if "president" in titles and not _near_president(doc, m, a):
                        person = None  # a bare "the president" of US news is the US one
                    elif "president" in titles and self._president_named_before(doc, ordered, a, day):
                        # "Trump and his wife were welcomed ..., and the President then ...": the
                        # sentence's own candidate who held the office then, not a president named
                        # in the sentence before
                        person = None
                    break
            if person is not None:
                out.append(Mention(a, b, (person,), "title", note=doc.text[a:b]))
        return out

    def _president_named_before(self, doc: Document, ordered: list[Mention], at: int, day: dt.date) -> bool:
        """Whether a watched candidate who was "the president" on ``day`` is named earlier in
        the sentence of ``at``."""
        sent = doc.sentence_at(at)
        if sent is None:
            return False
        holders = {
            k for k, dn in self.descriptions.get("the president", []) if dn is not None and dn.covers(day)
        }
        return any(
            sent.start <= m.start < at and m.person in holders and self.gaz.is_candidate(m.person)
            for m in ordered
        )

    def places_of(self, doc: Document) -> list[Mention]:
        """A candidate's own venue after "at", "to", "visited" ...: the candidate as host.

        "Orbán was a guest at Mar-a-Lago" is a meeting with Trump; an office's venue
        ("the White House") is the candidate's only while the candidate holds it, judged
        at the first date the sentence gives (else its reference date).
        """
        if self.place_re is None or not any(name in doc.low for name in self.places):
            return []  # the venue names are literal in the pattern: none in the text, no match
        out: list[Mention] = []
        for m in self.place_re.finditer(doc.low):
            start, end = m.start(1), m.end(1)
            if _MODIFIER_AFTER.match(doc.folded[end : end + 30]) or _SPEECH_AFTER.match(
                doc.folded[end : end + 30]
            ):
                continue  # "a White House official", "the White House said"
            sent = doc.sentence_at(start)
            if sent is None:
                continue
            day = _sentence_day(doc, sent, start)
            keys = [k for k, dn in self.places.get(m.group(1), []) if dn.covers(day)]
            if len(set(keys)) == 1:
                out.append(Mention(start, end, (keys[0],), "place", note=doc.text[start:end]))
        return out


def _title_day(doc: Document, sent: Sentence | None, title_end: int) -> dt.date | None:
    """The past day a sentence with an explicit year speaks of: "met an Irish leader in
    March 2020" is whoever held the office then, not at publication. A year in an aside
    about the holder ("Japan's prime minister, who took office in 2024, met ...") is not
    the time the sentence speaks of."""
    if sent is None:
        return None
    ref = sent.ref_date or doc.published
    if "19" not in doc.low[sent.start : sent.end] and "20" not in doc.low[sent.start : sent.end]:
        return None  # no year in the sentence (most sentences): nothing to scan
    aside = _HOLDER_ASIDE.match(doc.low, title_end)
    for d in find_dates(doc.low, max(sent.start, sent.skip_until), sent.end):
        if d.explicit_year is None:
            continue
        if aside is not None and aside.start() <= d.start < aside.end():
            continue
        value = d.resolve(ref, False)
        if not value:
            continue
        day = _mid(value)
        return day if ref is None or day < ref else None
    return None


# ", who took office in 2024," right after a title
_HOLDER_ASIDE = re.compile(r",\s*(?:who|which|whose)\b[^,;]*")


def _mid(value: str) -> dt.date:
    """A partial ISO date as one day inside it."""
    if len(value) == 4:
        value += "-07-01"
    elif len(value) == 7:
        value += "-15"
    return dt.date.fromisoformat(value)


def _sentence_day(doc: Document, sent: Sentence, venue: int) -> dt.date | None:
    """The first date the sentence states, else its reference date (for dated venues).

    A sentence that plans ("expects to travel ... to the White House in March") points to
    the coming March, not the past one; a planning word after the venue ("met in July,
    after talks at the White House, that she would not be silent") is another clause's."""
    ref = sent.ref_date or doc.published
    ahead = _PLANNING.search(doc.low, sent.start, venue) is not None
    for d in find_dates(doc.low, max(sent.start, sent.skip_until), sent.end):
        value = d.resolve(ref, ahead)
        if value:
            return _mid(value)
    return ref


# -------------------------------------------------------------- participation


def mark_participation(doc: Document, mentions: list[Mention]) -> None:
    """Flag possessors, modifiers and relatives: they are not participants."""
    text = doc.folded
    for m in mentions:
        after = text[m.end : m.end + 60]
        word = lower(text[m.start : m.end])
        # "He's met" is a contraction, not a possessive
        contraction = m.how == "pronoun" and word in ("he", "she")
        # the possessive marks start with an apostrophe: no regex for the other mentions
        possessive = (after.startswith("'") and _POSSESSIVE_AFTER.match(after) and not contraction) or (
            m.how == "pronoun" and word in ("his", "their")
        )
        if possessive:
            owned = _PLACE_OR_EVENT_AFTER.match(after)
            if not owned or (
                # "irritated the prime minister's office": the office as an institution;
                # "at Netanyahu's office" is a place
                owned.group(0).endswith("office")
                and not _TO_PLACE_BEFORE.search(text, max(0, m.start - 20), m.start)
            ):
                m.participant = False
                m.note = "possessor"
                continue
            m.note = "owner"  # of a place or an event: "Trump's estate", "her call"
        if m.how in ("name", "alias") and _MODIFIER_AFTER.match(after):
            m.participant = False
            m.note = "modifier"
            continue
        before = text[max(0, m.start - 40) : m.start]
        if _KINSHIP_BEFORE.search(before):
            m.participant = False
            m.note = "relative"


def _same_country(gaz: Gazetteer | None, a: str, b: str) -> bool:
    pa, pb = (gaz.persons.get(a), gaz.persons.get(b)) if gaz is not None else (None, None)
    return pa is not None and pb is not None and pa.country == pb.country


def merge_adjacent(doc: Document, mentions: list[Mention], gaz: Gazetteer | None = None) -> list[Mention]:
    """Drop a title directly followed by a name of the same person (keep the name)."""
    mentions.sort(key=lambda m: (m.start, -m.end))
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            prev = out[-1]
            if prev.how in ("title", "description") and m.how in ("name", "alias"):
                out[-1] = m
            continue
        if out and out[-1].how in ("title", "description") and m.how in ("name", "alias"):
            gap = doc.folded[out[-1].end : m.start]
            if (
                m.how == "name"
                and out[-1].how == "title"
                and re.fullmatch(r",? ?", gap)
                and _same_country(gaz, out[-1].person, m.person)
            ):
                # "Irish Taoiseach Leo Varadkar" in a later year: the name says who, not the date
                out[-1] = Mention(out[-1].start, m.end, m.persons, m.how, note=out[-1].note)
                continue
            if (
                len(gap) <= 12
                and re.fullmatch(r"[\s,]*(?:(?:Sheikh|Sheik|Shaikh|Emir|King|Prince|Crown Prince)\s+)?", gap)
                and out[-1].person == m.person
            ):
                out[-1] = Mention(out[-1].start, m.end, m.persons, m.how, note=out[-1].note)
                continue
        if (
            out
            and out[-1].how == "name"
            and m.how == "title"
            and re.fullmatch(r", ?", doc.folded[out[-1].end : m.start])
            and _same_country(gaz, out[-1].person, m.person)
        ):
            # "Li Keqiang, China's premier at the time": the apposition describes the person named
            out[-1] = Mention(out[-1].start, m.end, out[-1].persons, out[-1].how, note=m.note)
            continue
        out.append(m)
    return out


# ----------------------------------------------------------------- coreference


@dataclass
class _Seen:
    sentence: int
    pos: int
    person: str
    first_in_sentence: bool


class _QuoteIndex:
    """``Layout.quote_at`` by bisection: quotes come in text order and do not overlap, so at
    most one holds a position (checked; otherwise each lookup scans the list as before)."""

    def __init__(self, quotes: list[Quote]) -> None:
        self.quotes = quotes
        self.starts = [q.start for q in quotes]
        self.ordered = all(a.end <= b.start for a, b in itertools.pairwise(quotes))

    def at(self, pos: int) -> Quote | None:
        if not self.ordered:
            return next((q for q in self.quotes if q.start < pos < q.end), None)
        i = bisect.bisect_left(self.starts, pos) - 1
        if i >= 0 and pos < self.quotes[i].end:
            return self.quotes[i]
        return None


def resolve_references(doc: Document, gaz: Gazetteer, explicit: list[Mention]) -> list[Mention]:
    """Add pronoun, plural and first-person mentions resolved against earlier ones."""
    by_sentence: dict[int, list[Mention]] = {}
    for m in explicit:
        s = doc.sentence_at(m.start)
        if s is None:
            continue
        if s.skip_until and m.start < s.skip_until:
            continue
        by_sentence.setdefault(s.index, []).append(m)
    named = sorted((m for ms in by_sentence.values() for m in ms), key=lambda m: m.start)
    interviewee, asking = _transcript_turns(doc, gaz, named) if doc.layout.turns else (None, [])
    # built once the transcript's turns have joined the quotes
    quotes = _QuoteIndex(doc.layout.quotes)
    ref_words = _reference_words(doc, quotes, asking if interviewee else [])
    # who speaks each quote and whom it is about, from the names alone: a pronoun inside
    # the quote is the person it is about, and never its speaker
    named_speakers = _quote_speakers(doc, named) if doc.layout.quotes else {}
    topics = _quote_topics(doc, named, quotes) if doc.layout.quotes else {}
    history: list[_Seen] = []
    para_first: dict[int, int] = {}
    for s in doc.sentences:
        para_first.setdefault(s.paragraph, s.index)
    pairs: list[tuple[int, str, str]] = []  # (sentence, candidate, leader) seen together
    out: list[Mention] = []
    first_person: list[Mention] = []
    for sent in doc.sentences:
        own = sorted(by_sentence.get(sent.index, []), key=lambda m: m.start)
        refs = _pronouns(ref_words.get(sent.index, []), own)
        items = sorted(own + refs, key=lambda m: m.start)
        mark_participation(doc, items)
        first_pos = items[0].start if items else -1
        prev_subject = _subject_of(history, sent.index - 1)
        resolved: list[Mention] = []
        for m in items:
            m.in_quote = quotes.at(m.start) is not None
            if m.how == "pronoun":
                word = lower(doc.folded[m.start : m.end])
                initial = m.start == first_pos or _clause_initial(doc, m.start)
                # "Beyond Buhari and Kenyatta, his diplomacy ...": people of a fronted phrase
                # are no antecedents in their own sentence
                fronted = _FRONTED_PP.match(doc.low, sent.start)
                q = quotes.at(m.start)
                topic = topics.get(q.start) if q is not None else None
                speaker = named_speakers.get(q.start) if q is not None else None
                if topic is not None and topic != speaker and _gender_ok(gaz, topic, word):
                    m.persons = (topic,)
                    resolved.append(m)
                    continue
                # "Trump said he would ...": the subject of a speech verb right before it
                sayer = resolved[-1] if resolved and word in ("he", "she") else None
                if (
                    sayer is not None
                    and len(sayer.persons) == 1
                    and sayer.persons[0]
                    and _SAID_THAT.fullmatch(doc.folded, sayer.end, m.start)
                    and _gender_ok(gaz, sayer.person, word) == 2
                ):
                    m.persons = (sayer.person,)
                    resolved.append(m)
                    continue
                # "Balazs Orban, the director of ..., has been ... He sat down": "He" continues a
                # subject nobody lists, not the last person we know (checked only for such a "He")
                if (
                    word in ("he", "she")
                    and m.start == first_pos
                    and not q
                    and sent.index > 0
                    and not doc.folded[max(sent.start, sent.skip_until) : m.start].strip()
                    and _unknown_subject(
                        doc, doc.sentences[sent.index - 1], by_sentence.get(sent.index - 1, [])
                    )
                ):
                    continue
                if word in ("he", "she") and _ROLE_SAID_THAT.fullmatch(doc.folded, sent.start, m.start):
                    # "The mandataria also commented that on Thursday she spoke": the speaker is a
                    # leader described by role, the last leader of the story the pronoun fits
                    role = _last_leader(gaz, history, word)
                    if role is not None:
                        m.persons = (role,)
                        resolved.append(m)
                        continue
                if asking and q is None:
                    # the interviewer's "him" is never the interviewee, and with no one named
                    # before it in the turn it is the person of the interviewer's last question
                    speaker = interviewee
                    asked = _asked_about(gaz, asking, named, m.start, word, interviewee)
                    if asked is not None:
                        m.persons = (asked,)
                        resolved.append(m)
                        continue
                person = _cataphora(doc, gaz, sent.start, m, word, items) or _resolve_pronoun(
                    gaz,
                    word,
                    m.start,
                    initial,
                    sent.index,
                    history,
                    prev_subject,
                    [c for c in resolved if fronted is None or c.start >= fronted.end()],
                    possessive=word == "her" and _POSSESSIVE_HER.match(doc.low, m.end) is not None,
                    local_subject=_local_subject(doc, sent.start, m.start, resolved),
                    exclude=speaker,
                    narrative=q is None,
                )
                if person is None:
                    continue
                m.persons = (person,)
            elif m.how == "speaker":
                q = doc.layout.quote_at(m.start)
                if q is None or q.speaker is None:
                    first_person.append(m)
                    continue
                # a transcript turn's "I" is its speaker, known before any pronoun of the turn
                # ("Milei is a great guy, I met him": "him" is not the speaker)
                m.persons = (q.speaker,)
            elif m.how == "addressee":
                if interviewee is None:
                    continue
                m.persons = (interviewee,)  # "you" in the interviewer's question
            elif m.how == "plural":
                # "the two" reaches back over a long quote: to the paragraph before this one
                prev_para = para_first.get(sent.paragraph - 1, sent.index)
                pair = _recent_pair(
                    gaz,
                    pairs,
                    resolved,
                    sent.index,
                    lower(doc.folded[m.start : m.end]),
                    sent.index - prev_para,
                )
                if pair is None:
                    continue
                later = _later_leader(gaz, items, m, pair[0], history)
                if later is not None and m.start == first_pos:
                    # "They first met in May, where Kenyatta was ...": the leader the sentence names
                    pair = (pair[0], later)
                m.persons = pair
            resolved.append(m)

        for m in resolved:
            if len(m.persons) == 1:
                history.append(_Seen(sent.index, m.start, m.person, m.start == first_pos))
        cands = [
            m.person for m in resolved if m.participant and len(m.persons) == 1 and gaz.is_candidate(m.person)
        ]
        leads = [
            m.person
            for m in resolved
            if m.participant and len(m.persons) == 1 and cands and gaz.is_foreign_leader(m.person, cands[-1])
        ]
        joined = _joined_pair(doc, resolved)
        plural = next((m.persons for m in resolved if m.how == "plural" and len(m.persons) == 2), None)
        if joined is not None:
            pairs.append((sent.index, *joined))
        elif cands and leads:
            # the first leader of the sentence is the main clause's, not one in a "when" aside
            pairs.append((sent.index, cands[-1], leads[0]))
        elif plural is not None:
            # "the two" of this sentence keeps the pair in view for a "they" in the next one
            pairs.append((sent.index, plural[0], plural[1]))
        out += resolved
    out.sort(key=lambda m: m.start)
    speakers = _quote_speakers(doc, out)
    said: list[Mention] = []
    for m in first_person:
        q = quotes.at(m.start)
        if q is not None and q.start in speakers:
            m.persons = (speakers[q.start],)
            m.in_quote = True
            if doc.folded[m.start : m.end].lower() in ("my", "our") and not _PLACE_OR_EVENT_AFTER.match(
                doc.folded[m.end : m.end + 60]
            ):
                # "our country", "my friend, X": the speaker as possessor takes no part
                m.participant = False
                m.note = "possessor"
            said.append(m)
    for m in said:
        _my_friend(doc, gaz, m, out, topics)
    out += said
    out.sort(key=lambda m: m.start)
    return out


def _quote_speakers(doc: Document, mentions: list[Mention]) -> dict[int, str]:
    """Speaker of each quote: the person the attribution names, carried over to the
    next quotes of the same paragraph (or the next one)."""
    speakers: dict[int, str] = {}
    last: tuple[int, str] | None = None
    nearby = _Nearby(mentions)
    for q in doc.layout.quotes:
        if q.label is not None:
            # a transcript turn: the label says who speaks, and nothing carries over
            if q.speaker is not None:
                speakers[q.start] = q.speaker
            last = None
            continue
        para = doc.sentence_at(q.start)
        spk = _speaker(doc, q, nearby)
        if spk is None and last is not None and para is not None and last[0] >= para.paragraph - 1:
            spk = last[1]
        if spk is not None and para is not None:
            speakers[q.start] = spk
            last = (para.paragraph, spk)
    return speakers


def _quote_topics(doc: Document, named: list[Mention], quotes: _QuoteIndex) -> dict[int, str]:
    """The person each quote is about: '"I spoke to him," Trump said of Orban',
    'Trump was asked about Macron. "I like him," he said.' (this sentence or the one before)."""
    starts = [m.start for m in named]
    out: dict[int, str] = {}
    for q in doc.layout.quotes:
        s = doc.sentence_at(q.start)
        e = doc.sentence_at(max(q.start, q.end - 1))
        if s is None or e is None:
            continue
        lo = doc.sentences[s.index - 1].start if s.index > 0 else s.start
        after: str | None = None
        before: str | None = None
        for m in named[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, e.end)]:
            if len(m.persons) != 1 or not m.persons[0] or quotes.at(m.start) is not None:
                continue
            if not _TOPIC_BEFORE.search(doc.folded[max(0, m.start - 40) : m.start]):
                continue
            if m.start >= q.end and after is None:
                after = m.person
            elif m.start < q.start:
                before = m.person
        topic = after or before
        if topic is not None:
            out[q.start] = topic
    return out


def _my_friend(
    doc: Document, gaz: Gazetteer, m: Mention, resolved: list[Mention], topics: dict[int, str]
) -> None:
    """'a great talk with my friend' in a leader's quote is the candidate of the story
    (and in a candidate's quote, the leader it is about): "my friend" stands for that
    person, not for the speaker."""
    if doc.folded[m.start : m.end] != "my":
        return
    hit = _MY_FRIEND.match(doc.folded, m.end)
    if hit is None:
        return
    q = doc.layout.quote_at(m.start)
    sent = doc.sentence_at(m.start)
    if q is None or sent is None:
        return
    speaker = m.person
    other: str | None = None
    if gaz.is_candidate(speaker):
        topic = topics.get(q.start)
        other = topic if topic is not None and gaz.is_foreign_leader(topic, speaker) else None
    else:
        for c in reversed(resolved):
            if c.start >= m.start or len(c.persons) != 1 or not c.persons[0]:
                continue
            cs = doc.sentence_at(c.start)
            if cs is None or cs.index < sent.index - 2:
                break
            if gaz.is_candidate(c.person) and gaz.is_foreign_leader(speaker, c.person):
                other = c.person
                break
    if other is not None:
        m.persons = (other,)
        m.end = hit.end()
        m.how = "pronoun"
        m.participant, m.note = True, ""


def _transcript_turns(doc: Document, gaz: Gazetteer, named: list[Mention]) -> tuple[str | None, list[Turn]]:
    """Turns of an interview transcript ("TRUMP: I met him in 2018."): a turn whose label
    names a person of the article is a quote of that speaker (its "I" is the speaker, its
    "him" someone else); the other labels are the interviewer's. Returns the interviewee,
    when exactly one labelled speaker is a person, and the interviewer's turns, whose "you"
    is that interviewee.
    """
    in_article = {m.person for m in named if len(m.persons) == 1 and m.persons[0]}
    people: dict[str, str] = {}
    for label in {t.label for t in doc.layout.turns}:
        owners = {o.person for form in (label.title(), label) for o in gaz.forms.get(fold_name(form), [])}
        named_here = owners & in_article
        if len(named_here) == 1:
            people[label] = next(iter(named_here))
    turns = [
        Quote(start=t.start - 1, end=t.end, label=t.label, speaker=people.get(t.label))
        for t in doc.layout.turns
        if t.label in people
    ]
    if turns:
        # a turn is the quote its words are in; quotes inside a turn are the speaker's too
        doc.layout.quotes = sorted(turns + doc.layout.quotes, key=lambda q: (q.start, q.label is None))
    speakers = set(people.values())
    interviewee = next(iter(speakers)) if len(speakers) == 1 else None
    day = _interview_day(doc) if people else None  # a transcript with a named speaker only
    if day is not None:
        # "yesterday" in an answer is the day before the interview, not before publication
        first = doc.layout.turns[0].start
        for sent in doc.sentences:
            if sent.end > first:
                sent.ref_date = day
    return interviewee, [t for t in doc.layout.turns if t.label not in people]


def _interview_day(doc: Document) -> dt.date | None:
    """The day of the interview, as the introduction before the first turn states it
    ("an interview ... conducted on Thursday")."""
    first = doc.layout.turns[0].start
    for sent in doc.sentences:
        if sent.end > first:
            break
        if "interview" not in doc.low[sent.start : sent.end]:
            continue
        for d in find_dates(doc.low, max(sent.start, sent.skip_until), sent.end):
            value = d.resolve(sent.ref_date or doc.published, False) if d.day_precise else None
            if value and len(value) == 10:
                return dt.date.fromisoformat(value)
    return None


def _last_leader(gaz: Gazetteer, history: list[_Seen], word: str) -> str | None:
    """The leader (not a watched candidate) of the story named last whom ``word`` fits."""
    for h in reversed(history[-30:]):
        if h.person and not gaz.is_candidate(h.person) and _gender_ok(gaz, h.person, word) == 2:
            return h.person
    return None


def _asked_about(
    gaz: Gazetteer, asking: list[Turn], named: list[Mention], pos: int, word: str, interviewee: str | None
) -> str | None:
    """ "You met Zelensky last month. ..." then "Harris met him the day before": a pronoun in
    an interviewer's turn that names no one fitting before it is the one person the
    interviewer's previous turn named."""
    idx = next((i for i, t in enumerate(asking) if t.start <= pos < t.end), None)
    if not idx:
        return None  # not in a turn, or in the first one: nothing asked before

    def fitting(lo: int, hi: int) -> set[str]:
        return {
            n.person
            for n in named
            if lo <= n.start < hi
            and len(n.persons) == 1
            and n.person
            and n.person != interviewee
            and _gender_ok(gaz, n.person, word) == 2
        }

    if fitting(asking[idx].start, pos):
        return None
    prev = fitting(asking[idx - 1].start, asking[idx - 1].end)
    return next(iter(prev)) if len(prev) == 1 else None


# "you" in an interviewer's question
_SECOND_PERSON_RE = re.compile(r"\b(?:you|your|yourself)\b", re.IGNORECASE)


def _reference_words(
    doc: Document, quotes: _QuoteIndex, asking: list[Turn]
) -> dict[int, list[tuple[int, int, str]]]:
    """Pronouns, first person inside quotes and plural references, by sentence (one pass each);
    "you" in the interviewer's turns of a transcript (``asking``)."""
    found: list[tuple[int, int, str]] = []
    found += [(m.start(), m.end(), "pronoun") for m in _PRONOUN_RE.finditer(doc.folded)]
    for t in asking:
        found += [
            (m.start(), m.end(), "addressee") for m in _SECOND_PERSON_RE.finditer(doc.folded, t.start, t.end)
        ]
    if doc.layout.quotes:
        found += [
            (m.start(), m.end(), "speaker")
            for m in _FIRST_PERSON_RE.finditer(doc.folded)
            if quotes.at(m.start()) is not None
        ]
    found += [(m.start(), m.end(), "plural") for m in _PLURAL_RE.finditer(doc.low)]
    out: dict[int, list[tuple[int, int, str]]] = {}
    for a, b, how in found:
        s = doc.sentence_at(a)
        if s is not None:
            out.setdefault(s.index, []).append((a, b, how))
    return out


def _pronouns(words: list[tuple[int, int, str]], own: list[Mention]) -> list[Mention]:
    taken = [(m.start, m.end) for m in own]
    out = []
    for a, b, how in words:
        if all(b <= s or a >= e for s, e in taken):
            out.append(Mention(a, b, ("",), how))
    out.sort(key=lambda m: m.start)
    return out


_PLANNING = re.compile(PLANNED_CUES)
_FRONTED = re.compile(
    r"^(?:during|on|after|before|in|at|for|since|upon|following|ahead of|despite|throughout)\b[^,]*$",
    re.IGNORECASE,
)


def _cataphora(
    doc: Document, gaz: Gazetteer, sent_start: int, m: Mention, word: str, items: list[Mention]
) -> str | None:
    """ "During his visit, Modi met ...": a possessive in a fronted phrase points forward."""
    if word not in ("his", "her") or not _FRONTED.match(doc.folded[sent_start : m.start]):
        return None
    comma = doc.folded.find(",", m.end)
    if comma < 0:
        return None
    for other in items:
        if other.start > comma and other.how in ("name", "alias", "title", "description"):
            if doc.folded[comma + 1 : other.start].strip() == "" and _gender_ok(gaz, other.person, word):
                return other.person
            return None
    return None


# "her" before a noun is a possessive ("her news conference"); before these words an object
_POSSESSIVE_HER = re.compile(
    r"\s+(?!(?:in|on|at|to|that|and|or|but|for|from|with|by|as|last|this|next|again|about|before|after"
    r"|during|since|when|while|if|the|a|an|up|out|off|back|over|into|twice|once|there|here)\b)[a-z]"
)
_LOCAL_BOUNDARY = re.compile(r"[,;:]|\b(?:that|and|as|when|while|because|after|before|who|but)\b")


# a past-tense verb right before a name: the name is that verb's object
_VERB_BEFORE = re.compile(r"\b[a-z]{3,}ed\s+$")


# "Balazs Orban, the political director of ...": a full name opening a sentence
_OPENING_NAME = re.compile(r"([A-Z][a-z]+) ([A-Z][a-z]+)(?:,| [a-z]+(?:ed|s)\b)")


def _unknown_subject(doc: Document, sent: Sentence, mentions: list[Mention]) -> bool:
    """Whether ``sent`` opens on a full name that is none of the mentions (someone unlisted)."""
    start = max(sent.start, sent.skip_until)
    m = _OPENING_NAME.match(doc.folded, start)
    if m is None or any(w.lower() in TITLE_WORDS or w.lower() in SENTENCE_START_WORDS for w in m.groups()):
        return False
    return not any(x.start == start for x in mentions)


def _near_president(doc: Document, named: Mention, at: int) -> bool:
    """ "The President" written with a capital, within three sentences of the president it
    stands for (translated copy: "President Erdogan ... The President said"); lowercase
    "the president" in US news is the US president."""
    here, there = doc.sentence_at(at), doc.sentence_at(named.start)
    if here is None or there is None or "President" not in doc.folded[at : at + 20]:
        return False
    return here.index - there.index <= 3


def _local_subject(doc: Document, sent_start: int, pos: int, resolved: list[Mention]) -> str | None:
    """The first person named in the pronoun's own clause: "him" is never that person.

    "X said that he would not ..., as Trump hosted him": the clause of "him" starts
    at "as", and its subject is Trump, not X.
    """
    cut = sent_start
    who = -1
    for m in _LOCAL_BOUNDARY.finditer(doc.low, sent_start, pos):
        cut = m.end()
        who = m.start() if m.group(0) == "who" else -1
    for c in resolved:
        if len(c.persons) != 1 or not c.persons[0]:
            continue
        if who >= 0 and 0 <= who - c.end <= 3:
            return c.person  # "Scholz, who had sent him": "who" is Scholz
        if cut <= c.start < pos:
            if _VERB_BEFORE.search(doc.low, cut, c.start):
                # "The host, <someone unknown>, greeted Harris and walked her": the first
                # person named is an object; the clause's subject is nobody we know
                return ""
            return c.person
    first = next(
        (c for c in resolved if len(c.persons) == 1 and c.persons[0] and sent_start <= c.start < pos), None
    )
    if first is not None and _VERB_BEFORE.search(doc.low, sent_start, first.start):
        return ""  # the sentence's first person is an object too: no known subject to exclude
    if cut > sent_start and _PLAIN_SUBJECT.match(doc.low, cut, pos):
        # "X is a good man, they treated him badly": the clause's subject is someone else,
        # so "him" may well be X
        return ""
    return None


# a clause opened by a pronoun subject that names nobody of the story
_PLAIN_SUBJECT = re.compile(r"\s*(?:i|we|you|they|people|everybody|everyone)\b")


def _clause_initial(doc: Document, pos: int) -> bool:
    before = doc.folded[max(0, pos - 12) : pos].rstrip()
    return not before or before[-1] in ',;:"\u2014' or before.endswith((" and", " that", " but", " when"))


def _subject_of(history: list[_Seen], sentence: int) -> str | None:
    """The first person of the last sentence (up to two back) that named anyone."""
    for h in reversed(history):
        if h.sentence < sentence - 1:
            break
        if h.sentence <= sentence and h.first_in_sentence:
            return h.person
    return None


def _fitting_subject(gaz: Gazetteer, history: list[_Seen], sentence: int, word: str) -> str | None:
    """The subject of one of the last three sentences whose gender fits ``word``."""
    for h in reversed(history):
        if h.sentence < sentence - 3:
            break
        if h.first_in_sentence and h.person and _gender_ok(gaz, h.person, word) == 2:
            return h.person
    return None


def _gender_ok(gaz: Gazetteer, person: str, word: str) -> int:
    """2: a match, 1: possible, 0: mismatch. Leaders' gender is not in the gazetteer:
    most are men, so an unknown leader matches "he" and only possibly "she"."""
    want = "she" if word in ("she", "her", "hers", "herself") else "he"
    p = gaz.persons.get(person)
    if p is None or p.pronoun is None:
        return 2 if want == "he" else 1
    return 2 if p.pronoun == want else 0


def _resolve_pronoun(
    gaz: Gazetteer,
    word: str,
    pos: int,
    initial: bool,
    sentence: int,
    history: list[_Seen],
    prev_subject: str | None,
    current: list[Mention],
    possessive: bool = False,
    local_subject: str | None = None,
    exclude: str | None = None,
    narrative: bool = False,
) -> str | None:
    """The person a third-person pronoun stands for.

    ``exclude``: the speaker of the quote the pronoun is in ("I spoke with him" is not
    the speaker). ``narrative``: the pronoun is outside quotes, so people named inside
    a quote of its sentence are not its subject ('"I met him," he said').
    """
    nominative = word in ("he", "she")
    if nominative:
        # a subject pronoun mostly continues the subject: this sentence's, else the last one's
        # a possessor is not the subject: "X's predecessor, Y, ... he said" is Y
        here = next(
            (
                c
                for c in current
                if c.start < pos
                and len(c.persons) == 1
                and c.persons[0]
                and c.note != "possessor"
                and not (narrative and c.in_quote)
            ),
            None,
        )
        if (
            here is not None
            and _gender_ok(gaz, here.person, word) == 2
            and (here.how != "pronoun" or not initial)
            and here.person != exclude
        ):
            return here.person
        if (
            here is None
            and prev_subject
            and _gender_ok(gaz, prev_subject, word) == 2
            and prev_subject != exclude
        ):
            return prev_subject
        if here is None:
            # the last subject does not fit ("She's a friend," he said): the subject of a
            # sentence before, not a person named late in an aside ("referring to the late X")
            earlier = _fitting_subject(gaz, history, sentence, word)
            if earlier is not None and earlier != exclude:
                return earlier
    subject_here = next((c.person for c in current if len(c.persons) == 1 and c.persons[0]), None)
    if word == "her" and possessive:
        subject_here = None  # "she said at her news conference": may be the subject's own
    elif local_subject is not None:
        subject_here = local_subject
    options: list[tuple[int, int, str]] = []
    recency = 0
    for c in reversed([c for c in current if c.start < pos and len(c.persons) == 1]):
        recency += 1
        options.append((recency, 0, c.person))
    for h in reversed(history):
        if h.sentence < sentence - 3:
            break
        recency += 1
        options.append((recency, 0, h.person))
    best: tuple[int, int, str] | None = None
    for rec, _, person in options:
        if not person or person == exclude:
            continue
        if word in ("him", "her") and person == subject_here and not nominative:
            continue
        g = _gender_ok(gaz, person, word)
        if g == 0:
            continue
        score = (g * 10) - rec
        if best is None or score > best[0]:
            best = (score, rec, person)
    return best[2] if best else None


def _joined_pair(doc: Document, mentions: list[Mention]) -> tuple[str, str] | None:
    """Two people joined by "and" ("Biden and Xi held talks"), whoever they are."""
    single = [m for m in mentions if len(m.persons) == 1 and m.persons[0] and m.participant]
    for m1, m2 in itertools.pairwise(single):
        if m1.person != m2.person and re.fullmatch(r"\s*and\s*", doc.folded[m1.end : m2.start]):
            return (m1.person, m2.person)
    return None


_MONTH_BEFORE = re.compile(
    r"\b(?:in|since|until|early|late|mid|of|by|last|next|this|that|during|through)\s+$"
)
_MONTH_AFTER = re.compile(r"\s+\d|\s+(?:of\s+)?(?:this|last|next)\s+year\b")
_FRONTED_PP = re.compile(
    r"\s*(?:beyond|besides|unlike|like|apart from|aside from|other than|except for|in addition to)\b[^,;]{0,80},"
)


def _later_leader(
    gaz: Gazetteer, items: list[Mention], plural: Mention, candidate: str, history: list[_Seen]
) -> str | None:
    """A leader named later in the sentence of a sentence-initial "they", already in the story."""
    known = {h.person for h in history}
    for x in items:
        if x.start <= plural.start or x.how not in ("name", "alias", "title") or len(x.persons) != 1:
            continue
        if x.person in known and gaz.is_foreign_leader(x.person, candidate):
            return x.person
    return None


def _recent_pair(
    gaz: Gazetteer,
    pairs: list[tuple[int, str, str]],
    current: list[Mention],
    sentence: int,
    word: str,
    para_reach: int = 0,
) -> tuple[str, ...] | None:
    cands = [
        m.person for m in current if m.participant and len(m.persons) == 1 and gaz.is_candidate(m.person)
    ]
    leads = [
        m.person
        for m in current
        if m.participant and len(m.persons) == 1 and cands and gaz.is_foreign_leader(m.person, cands[-1])
    ]
    if cands and leads:
        return (cands[-1], leads[-1])
    reach = 1 if word in ("they", "them", "their") else max(4, para_reach)
    for s, c, ld in reversed(pairs):
        if s < sentence - reach:
            break
        return (c, ld)
    return None


class _Nearby:
    """The article's mentions in text order, with their starts for bisection."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self.starts = [m.start for m in mentions]
        self.longest = max((m.end - m.start for m in mentions), default=0)

    def starting_from(self, pos: int) -> list[Mention]:
        return self.mentions[bisect.bisect_left(self.starts, pos) :]

    def ending_within(self, lo: int, hi: int) -> list[Mention]:
        """Those that may end in [lo, hi]: every mention starting in [lo - longest, hi)."""
        a = bisect.bisect_left(self.starts, lo - self.longest)
        return self.mentions[a : bisect.bisect_left(self.starts, hi)]


def _speaker(doc: Document, q: Quote, nearby: _Nearby) -> str | None:
    """The person an attribution next to the quote names ("...," Trump said)."""
    qs, qe = q.start, q.end
    # mentions that start before the quote's end play no part in the first search
    for m in nearby.starting_from(qe):
        if m.start > qe + 40:
            break
        if len(m.persons) != 1 or not m.persons[0]:
            continue
        if qe <= m.start <= qe + 40:
            between = doc.folded[qe : m.start]
            after = doc.folded[m.end : m.end + 30]
            if re.fullmatch(r"[\s,]*", between) and _SPEECH_AFTER.match(after):
                return m.person
            if _SPEECH_BEFORE.search(between):
                return m.person
    # "Trump had told a Michigan audience last week that Modi was "...": the mention
    # right before a speech verb that leads to the quote
    near = nearby.ending_within(qs - 160, qs)
    for m in reversed([m for m in near if m.end <= qs and qs - m.end <= 160 and len(m.persons) == 1]):
        if not m.persons[0]:
            continue
        follow = doc.folded[m.end : qs]
        if '"' in follow:
            break
        if re.match(r"^\s*(?:\w+\s+){0,2}?" + SPEECH_VERBS, follow, re.IGNORECASE):
            return m.person
    return None
