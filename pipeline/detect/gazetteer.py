"""The people the detector knows: watched candidates and foreign leaders, and their names.

Built once from the config (``config/watchlist.yaml`` and ``config/leaders.yaml``):

- every surface form of every person (names, aliases, generated variants such as
  the family-name-first order of translated text, the surname alone), folded the
  way :mod:`pipeline.detect.normalize` folds article text;
- title resolution: "India's prime minister" or "the Ukrainian leader" at a given
  date, through the term dates;
- :func:`check_gazetteer`, the problems an operator must fix in the two files.

It does not look at article text; :mod:`pipeline.detect.mentions` does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from pipeline.config import AppConfig, Candidate, DatedName, Leader, Term
from pipeline.detect.cues import GENERIC_LEADER_TITLES, NAME_PARTICLES, TITLE_SYNONYMS
from pipeline.detect.normalize import fold_name, lower

# ISO 3166-1 alpha-2 codes in use, plus the user-assigned XK (Kosovo) that news
# and the fragments use. PS covers the Palestinian Authority.
ISO_CODES = frozenset(
    [
        "AD",
        "AE",
        "AF",
        "AG",
        "AI",
        "AL",
        "AM",
        "AO",
        "AQ",
        "AR",
        "AS",
        "AT",
        "AU",
        "AW",
        "AX",
        "AZ",
        "BA",
        "BB",
        "BD",
        "BE",
        "BF",
        "BG",
        "BH",
        "BI",
        "BJ",
        "BL",
        "BM",
        "BN",
        "BO",
        "BQ",
        "BR",
        "BS",
        "BT",
        "BV",
        "BW",
        "BY",
        "BZ",
        "CA",
        "CC",
        "CD",
        "CF",
        "CG",
        "CH",
        "CI",
        "CK",
        "CL",
        "CM",
        "CN",
        "CO",
        "CR",
        "CU",
        "CV",
        "CW",
        "CX",
        "CY",
        "CZ",
        "DE",
        "DJ",
        "DK",
        "DM",
        "DO",
        "DZ",
        "EC",
        "EE",
        "EG",
        "EH",
        "ER",
        "ES",
        "ET",
        "FI",
        "FJ",
        "FK",
        "FM",
        "FO",
        "FR",
        "GA",
        "GB",
        "GD",
        "GE",
        "GF",
        "GG",
        "GH",
        "GI",
        "GL",
        "GM",
        "GN",
        "GP",
        "GQ",
        "GR",
        "GS",
        "GT",
        "GU",
        "GW",
        "GY",
        "HK",
        "HM",
        "HN",
        "HR",
        "HT",
        "HU",
        "ID",
        "IE",
        "IL",
        "IM",
        "IN",
        "IO",
        "IQ",
        "IR",
        "IS",
        "IT",
        "JE",
        "JM",
        "JO",
        "JP",
        "KE",
        "KG",
        "KH",
        "KI",
        "KM",
        "KN",
        "KP",
        "KR",
        "KW",
        "KY",
        "KZ",
        "LA",
        "LB",
        "LC",
        "LI",
        "LK",
        "LR",
        "LS",
        "LT",
        "LU",
        "LV",
        "LY",
        "MA",
        "MC",
        "MD",
        "ME",
        "MF",
        "MG",
        "MH",
        "MK",
        "ML",
        "MM",
        "MN",
        "MO",
        "MP",
        "MQ",
        "MR",
        "MS",
        "MT",
        "MU",
        "MV",
        "MW",
        "MX",
        "MY",
        "MZ",
        "NA",
        "NC",
        "NE",
        "NF",
        "NG",
        "NI",
        "NL",
        "NO",
        "NP",
        "NR",
        "NU",
        "NZ",
        "OM",
        "PA",
        "PE",
        "PF",
        "PG",
        "PH",
        "PK",
        "PL",
        "PM",
        "PN",
        "PR",
        "PS",
        "PT",
        "PW",
        "PY",
        "QA",
        "RE",
        "RO",
        "RS",
        "RU",
        "RW",
        "SA",
        "SB",
        "SC",
        "SD",
        "SE",
        "SG",
        "SH",
        "SI",
        "SJ",
        "SK",
        "SL",
        "SM",
        "SN",
        "SO",
        "SR",
        "SS",
        "ST",
        "SV",
        "SX",
        "SY",
        "SZ",
        "TC",
        "TD",
        "TF",
        "TG",
        "TH",
        "TJ",
        "TK",
        "TL",
        "TM",
        "TN",
        "TO",
        "TR",
        "TT",
        "TV",
        "TW",
        "TZ",
        "UA",
        "UG",
        "UM",
        "US",
        "UY",
        "UZ",
        "VA",
        "VC",
        "VE",
        "VG",
        "VI",
        "VN",
        "VU",
        "WF",
        "WS",
        "YE",
        "YT",
        "ZA",
        "ZM",
        "ZW",
        "XK",
    ]
)

CANDIDATE = "candidate"
LEADER = "leader"


@dataclass(frozen=True)
class Person:
    """A watched candidate or a leader; ``key`` is the canonical name."""

    key: str
    kind: str  # CANDIDATE or LEADER
    country: str
    pronoun: str | None = None
    terms: tuple[Term, ...] = ()
    titles: tuple[str, ...] = ()  # candidates: descriptions like "the former president"
    dated_titles: tuple[DatedName, ...] = ()  # candidates: "the president" during a term
    places: tuple[DatedName, ...] = ()  # candidates: their own venues ("Mar-a-Lago")
    fame: int = 0  # number of aliases: a proxy for how often news names the person

    def holds(self, day: dt.date, titles: frozenset[str] | None = None) -> bool:
        """Whether the person held one of ``titles`` (any leading office if None) on ``day``."""
        return any(term.covers(day) and _title_matches(term, titles) for term in self.terms)

    @property
    def ever_led(self) -> bool:
        """Whether any term is a leading office (a Vatican secretary of state, a militia
        commander or a crown prince who never headed a government is no foreign leader)."""
        return any(term.role in ("head_of_state", "head_of_government") for term in self.terms)

    def held_before(self, day: dt.date, titles: frozenset[str] | None = None) -> bool:
        return any(
            term.end is not None and term.end < day and _title_matches(term, titles) for term in self.terms
        )


def _title_matches(term: Term, titles: frozenset[str] | None) -> bool:
    if titles is None:
        return term.role in ("head_of_state", "head_of_government")
    return canonical_title(term.title) in titles


def canonical_title(title: str) -> str:
    t = " ".join(lower(title).replace("-", " ").split())
    return TITLE_SYNONYMS.get(t, t)


@dataclass(frozen=True)
class NameForm:
    """One surface form of a person's name."""

    person: str
    ambiguous: bool  # usable only once the person is established in the article
    full: bool  # establishes the person (a full name or an unambiguous alias)


@dataclass
class Gazetteer:
    persons: dict[str, Person]
    forms: dict[str, list[NameForm]]  # folded surface form -> who it may denote
    countries: dict[str, str]  # folded lowercase country name/adjective -> code
    country_names: dict[str, str]  # code -> display name
    titles: frozenset[str]  # canonical titles in use (lowercase)
    home: dict[str, str] = field(default_factory=dict)  # candidate -> home country
    by_country: dict[str, list[Person]] = field(default_factory=dict)
    _holders_seen: dict[tuple[str | None, str, dt.date, bool], list[Person]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _title_pools: dict[tuple[str | None, str], list[tuple[Person, tuple[Term, ...]]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for p in self.persons.values():
            self.by_country.setdefault(p.country, []).append(p)

    # ------------------------------------------------------------- building

    @classmethod
    def from_config(cls, cfg: AppConfig) -> Gazetteer:
        persons: dict[str, Person] = {}
        forms: dict[str, list[NameForm]] = defaultdict(list)
        for cand in cfg.watchlist:
            persons[cand.name] = Person(
                key=cand.name,
                kind=CANDIDATE,
                country=cand.country,
                pronoun=cand.pronoun,
                titles=tuple(lower(t) for t in cand.titles),
                dated_titles=cand.dated_titles,
                places=cand.places,
                fame=len(cand.aliases),
            )
            _add_forms(forms, cand.name, _candidate_forms(cand))
        for leader in cfg.leaders:
            if leader.name in persons:  # a candidate who also led a country stays a candidate
                continue
            persons[leader.name] = Person(
                key=leader.name,
                kind=LEADER,
                country=leader.country,
                pronoun=leader.pronoun,
                terms=leader.terms,
                fame=len(leader.aliases),
            )
            _add_forms(forms, leader.name, _leader_forms(leader))
        countries: dict[str, str] = {}
        names: dict[str, str] = {}
        for c in cfg.countries:
            names[c.code] = c.name
            for word in (c.name, *c.names, *c.adjectives):
                countries[lower(fold_name(word))] = c.code
        titles = {canonical_title(t.title) for p in persons.values() for t in p.terms}
        return cls(
            persons=persons,
            forms=dict(forms),
            countries=countries,
            country_names=names,
            titles=frozenset(titles),
            home={c.name: c.country for c in cfg.watchlist},
        )

    # ------------------------------------------------------------- queries

    def is_candidate(self, key: str) -> bool:
        p = self.persons.get(key)
        return p is not None and p.kind == CANDIDATE

    def is_foreign_leader(self, key: str, candidate: str) -> bool:
        p = self.persons.get(key)
        if p is None or p.kind != LEADER or not p.ever_led:
            return False
        return p.country != self.home.get(candidate, "US")

    def resolve_title(
        self,
        country: str | None,
        title: str,
        day: dt.date | None,
        former: bool = False,
        mentioned: list[str] | None = None,
    ) -> str | None:
        """The person who held ``title`` for ``country`` on ``day`` ("former": before ``day``).

        A generic title ("leader", "ruler") means whoever held a leading office;
        when several did, a person already mentioned in the article wins, then
        the better-known one. ``mentioned`` lists keys in order of mention.
        """
        day = day or dt.date.today()
        found = self._holders(country, title, day, former)
        if not found:
            return None
        if country is None and len({p.country for p in found}) > 1:
            # a title without a country only resolves to someone already in the story
            found = [p for p in found if mentioned and p.key in mentioned]
            if not found:
                return None
        if len(found) == 1:
            return found[0].key
        if mentioned:
            ranked = [k for k in reversed(mentioned) if any(p.key == k for p in found)]
            if ranked:
                return ranked[0]
        if former:
            return None  # several former holders and none in the story: do not guess
        return max(found, key=lambda p: (p.fame, p.key)).key

    def _holders(self, country: str | None, title: str, day: dt.date, former: bool) -> list[Person]:
        """The leaders who held (``former``: had left) ``title`` for ``country`` on ``day``.

        The same title, country and date recur throughout an article and across a feed's
        articles: the answer is kept (the gazetteer does not change once built).
        """
        key = (country, title, day, former)
        found = self._holders_seen.get(key)
        if found is None:
            canon = canonical_title(title)
            titles = None if canon in GENERIC_LEADER_TITLES else frozenset({canon})
            pool = self._title_pools.get((country, canon))
            if pool is None:
                # the leaders with any term of that title, in gazetteer order, each with those
                # terms: nobody else can hold it or have held it on any day
                base = self.by_country.get(country, []) if country is not None else self.persons.values()
                pool = []
                for p in base:
                    terms = tuple(t for t in p.terms if _title_matches(t, titles))
                    if p.kind == LEADER and terms:
                        pool.append((p, terms))
                self._title_pools[(country, canon)] = pool
            # Person.holds / Person.held_before, over the terms of that title only
            if former:
                found = [p for p, terms in pool if any(t.end is not None and t.end < day for t in terms)]
            else:
                found = [p for p, terms in pool if any(t.covers(day) for t in terms)]
            if len(self._holders_seen) >= _HOLDERS_KEPT:
                self._holders_seen.clear()
            self._holders_seen[key] = found
        return list(found)


_HOLDERS_KEPT = 50_000


def _add_forms(forms: dict[str, list[NameForm]], key: str, items: list[tuple[str, bool, bool]]) -> None:
    for text, ambiguous, full in items:
        folded = fold_name(text)
        if not folded:
            continue
        existing = forms.get(folded, [])
        if any(f.person == key for f in existing):
            continue
        forms.setdefault(folded, []).append(NameForm(person=key, ambiguous=ambiguous, full=full))


def _candidate_forms(c: Candidate) -> list[tuple[str, bool, bool]]:
    out: list[tuple[str, bool, bool]] = [(c.name, False, True)]
    out += [(a, False, len(a.split()) > 1) for a in c.aliases]
    out += [(a, True, False) for a in c.ambiguous_aliases]
    return out


def _leader_forms(leader: Leader) -> list[tuple[str, bool, bool]]:
    out: list[tuple[str, bool, bool]] = [(leader.name, False, True)]
    out += [(a, False, True) for a in leader.aliases]
    out += [(a, True, False) for a in leader.ambiguous_aliases]
    listed = {fold_name(a) for a in (leader.name, *leader.aliases, *leader.ambiguous_aliases)}
    out += [(v, False, True) for v in _spelling_variants(leader.name, *leader.aliases) if v not in listed]
    tokens = fold_name(leader.name).split()
    simple = len(tokens) in (2, 3) and not any(lower(t) in NAME_PARTICLES for t in tokens)
    if simple:
        # translated text puts the family name first ("Orban Viktor")
        flipped = f"{tokens[-1]} {' '.join(tokens[:-1])}"
        if flipped not in listed:
            out.append((flipped, False, True))
        surname = tokens[-1]
        if surname not in listed and len(surname) >= 3 and surname[0].isupper():
            # the surname alone, once the full name has been seen
            out.append((surname, True, False))
    return out


# A Slavic "-sky" ending is transliterated many ways ("-skyy", "-skiy", "-skyi", "-skij", "-ski");
# translated copy uses whichever its scheme gives, so every spelling of a listed name is known.
_SKY_END = re.compile(r"(?<=[a-z]s[kc])(?:yy|iy|yi|yj|ij|ii|y|i)$")
_SKY_FORMS = ("y", "yy", "iy", "yi", "yj", "ij", "i")


def _spelling_variants(*names: str) -> set[str]:
    out: set[str] = set()
    for name in names:
        folded = fold_name(name)
        if _SKY_END.search(folded):
            stem = _SKY_END.sub("", folded)
            out.update(stem + end for end in _SKY_FORMS)
    return out


# ---------------------------------------------------------------- validation

_CODE_RE = re.compile(r"^[A-Z]{2}$")


def check_gazetteer(cfg: AppConfig) -> list[str]:
    """Problems in leaders.yaml / watchlist.yaml, each naming the file, the entry and the field."""
    leaders_file = str(cfg.directory / "leaders.yaml")
    watch_file = str(cfg.directory / "watchlist.yaml")
    problems: list[str] = []
    codes = {c.code for c in cfg.countries}
    seen_codes: set[str] = set()
    for c in cfg.countries:
        if c.code not in ISO_CODES:
            problems.append(f"{leaders_file}: countries ({c.code}), field 'code': not an ISO 3166-1 code")
        if c.code in seen_codes:
            problems.append(f"{leaders_file}: countries ({c.code}), field 'code': listed twice")
        seen_codes.add(c.code)
    names: set[str] = set()
    for leader in cfg.leaders:
        where = f"{leaders_file}: leaders ({leader.name})"
        if leader.name in names:
            problems.append(f"{where}, field 'name': listed twice")
        names.add(leader.name)
        if leader.country not in ISO_CODES:
            problems.append(f"{where}, field 'country': {leader.country!r} is not an ISO 3166-1 code")
        elif codes and leader.country not in codes:
            problems.append(f"{where}, field 'country': {leader.country!r} is not in the countries list")
        if not leader.terms:
            problems.append(f"{where}, field 'terms': no term of office")
        for i, term in enumerate(leader.terms):
            if term.end is not None and term.end < term.start:
                problems.append(f"{where}, field 'terms[{i}]': end {term.end} is before start {term.start}")
        overlap = set(leader.aliases) & set(leader.ambiguous_aliases)
        for alias in sorted(overlap):
            problems.append(f"{where}, field 'ambiguous_aliases': {alias!r} is also a plain alias")
    problems += _alias_clashes(cfg, leaders_file)
    wnames: set[str] = set()
    for cand in cfg.watchlist:
        where = f"{watch_file}: candidates ({cand.name})"
        if cand.country not in ISO_CODES:
            problems.append(f"{where}, field 'country': {cand.country!r} is not an ISO 3166-1 code")
        if cand.name in wnames:
            problems.append(f"{where}, field 'name': listed twice")
        wnames.add(cand.name)
    for cand in cfg.watchlist:
        for alias in cand.aliases:
            owners = [
                leader.name
                for leader in cfg.leaders
                if leader.name != cand.name
                and fold_name(alias) in {fold_name(a) for a in (leader.name, *leader.aliases)}
            ]
            for owner in owners:
                problems.append(
                    f"{watch_file}: candidates ({cand.name}), field 'aliases': {alias!r} is also an alias of "
                    f"{owner} in leaders.yaml; list it under ambiguous_aliases"
                )
    return problems


def _alias_clashes(cfg: AppConfig, leaders_file: str) -> list[str]:
    """Plain aliases that name two people whose terms overlap (not marked ambiguous)."""
    owners: dict[str, list[Leader]] = defaultdict(list)
    for leader in cfg.leaders:
        for alias in {fold_name(a) for a in (leader.name, *leader.aliases)}:
            owners[alias].append(leader)
    problems = []
    for alias, people in sorted(owners.items()):
        if len(people) < 2:
            continue
        for i, a in enumerate(people):
            for b in people[i + 1 :]:
                if _terms_overlap(a.terms, b.terms) or not a.terms or not b.terms:
                    problems.append(
                        f"{leaders_file}: leaders ({b.name}), field 'aliases': {alias!r} also names "
                        f"{a.name} at the same time; move it to ambiguous_aliases of one of them"
                    )
    return problems


def _terms_overlap(a: tuple[Term, ...], b: tuple[Term, ...]) -> bool:
    far = dt.date(9999, 12, 31)
    return any(x.start <= (y.end or far) and y.start <= (x.end or far) for x in a for y in b)
