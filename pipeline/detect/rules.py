"""Contact rules: from a sentence's cues and mentions to candidate–leader contacts.

For every contact cue (a verb such as "met", "hosted", "spoke by phone"; a
noun such as "talks", "phone call", "letter") the rule finds the clause the
cue stands in and the people around it:

- the subject group: the mentions right before the cue, with the ones joined
  to them by "and" or commas ("Trump and Zelenskyy spoke");
- the object group: the mentions after the cue in the same clause ("met X,
  Y and Z"; "with X").

A contact needs the candidate and the leader as participants: on the two
sides of the cue, or both in a joined subject of a reciprocal cue, or both
after a cue with no person before it ("Standing beside Trump, the Polish
leader proposed"). Someone else as the subject (Biden met Zelenskyy while
Trump campaigned) blocks it. Then status (planned, cancelled, alleged,
negated), kind (for "spoke"/"conversation": phone or in person) and date.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.detect import status as st
from pipeline.detect.clauses import Quote, Sentence, clause_bounds, parentheticals
from pipeline.detect.cues import (
    CALL_NAMING_AFTER,
    CALL_ON_URGES,
    CALL_PHONE_AFTER,
    CANCELLABLE_NOUNS,
    CONTACT_CUES,
    DEFAULT_TALK_KIND,
    DENIAL_NEAR,
    GROUP_MEMBER,
    IN_PERSON_WORDS,
    INVITATION_PLACE,
    INVITATION_PLAN,
    JOINED_FOR_CALL,
    NEGATION_CUES,
    PHONE_WORDS,
    PLACE_NOUNS,
    REPORTED_THAT,
    REQUEST_CUES,
    SCHEDULE_PRESENT,
    SPEECH_VERBS,
    TALK_VERBS_IN_PERSON,
)
from pipeline.detect.dates import _NUMBER_WORDS, DateExpr, find_dates, unga_hint
from pipeline.detect.document import Document
from pipeline.detect.gazetteer import Gazetteer
from pipeline.detect.mentions import Mention

_CUES = [(re.compile(r"\b(?:" + p + r")\b"), kind, form, p) for p, kind, form in CONTACT_CUES]
_PHONE = re.compile(PHONE_WORDS)
_IN_PERSON = re.compile(IN_PERSON_WORDS)
_TALK_IN_PERSON = re.compile(TALK_VERBS_IN_PERSON)
_SPEECH = re.compile(SPEECH_VERBS)
_NAMING = re.compile(CALL_NAMING_AFTER)
_PHONE_AFTER = re.compile(CALL_PHONE_AFTER)
_JOIN = re.compile(r"^[\s,]*(?:and|&|with|as well as|along with)?[\s,]*(?:separately,?\s*)?(?:both\s+)?$")
_DEFINITE = re.compile(r"\b(?:the|that|this|those|these)\s+(?:\w+\s+)?$")
_COPULAR = re.compile(
    r"^\s*,?\s*(?:is|was|became|becomes|has become|had become|will be"
    r"|(?:has|had|have)\s+(?:already\s+|also\s+|twice\s+)?been)\b[^,;]{0,60}$"
)
_INVITATION_PLAN = re.compile(INVITATION_PLAN)
_INVITATION_PLACE = re.compile(INVITATION_PLACE)
_CALL_ON_URGES = re.compile(CALL_ON_URGES)
# "Trump's Palm Beach estate" owns a place; "Abe's visit to Trump Tower" owns the visit
_PLACE_OWNER = re.compile(r"^(?:'s|')?\s+(?:(?!(?:to|at|in|of|for)\b)[a-z]+\s+){0,3}?" + PLACE_NOUNS + r"\b")
_AND_WITH = re.compile(r"(?:,\s*)?\b(?:and|or)\s+(?:also\s+)?(?:with|to)\s+(?:\S+\s+){0,3}$")
_MESSAGE_NEAR = re.compile(r"\b(?:letter|letters|message|messages|note)\b")
_CALL_NEAR = re.compile(r"\b(?:call|calls|phone call)\b")
_CONGRATS = re.compile(r"\bcongratulat")
_ALSO = re.compile(r"\balso\b")
_PERFECT = re.compile(r"\b(?:has|have|'ve)\b(?:\s+\w+)?\s*$")
_SINCE = re.compile(r"\bsince\b")
_TIMES_SINCE = re.compile(r"\b(?:times|occasions|repeatedly|often|regularly)\b[^.;]{0,30}\bsince\b")
# "have not met since their summit in Hanoi in February": they met then
# ("since he took office" dates no contact: a clause, not an event)
# nor does "since taking office in July": a gerund after "since" is the subject's own doing
# (unless it is the contact: "since meeting in Hanoi in February")
_NOT_SINCE = re.compile(
    r"(?:\s+\w+){0,4}?\s+since\b(?!\s+(?:he|she|they|it|we|i|you|then|(?!meeting|speaking|talking|seeing)[a-z]+ing)\b)"
)
# "in June 2018, in Hanoi in February 2019 and at the Demilitarized Zone in June 2019": a
# capitalised place between two dates of a list (matched on folded, not lowercased, text)
_DATE_JOIN_PLACE = re.compile(
    r"^\s*(?:,\s*(?:(?:and|or)\s+)?|(?:and|or)\s+)(?:again\s+)?"
    r"(?:(?:in|at)\s+(?:the\s+)?[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3}\s+)?(?:in|on|during)?\s*$"
)
# "on Thursday and had invited": a date, then a new verb phrase of the same subject
_CLOSES_PHRASE = re.compile(r"\s*,?\s*(?:and|but)\s+(?:[a-z']+\s+){0,3}$")
_CLAIM_WORD = re.compile(r"\b(?:claimed|claims|claim)\b(?! credit| responsibility| victory)")
_SUBJECT_GAP = re.compile(r"(?:\s+(?:has|have|had|also|often|repeatedly|long|since))*\s+")
_NEW_CLAUSE_AND = re.compile(r",\s*and\b")
_HABITUAL = re.compile(r"\b(?:kept|keeps|keep|continued|continues|continue)\s+(?:to\s+)?$")
_TIME_CLAUSE = re.compile(r"\b(?:after|before|when|while|since|until|because)\b")
# "two months after the phone call": an earlier event named as a time anchor
_OFFSET_EVENT = re.compile(
    r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>days|weeks|months|years)\s+"
    r"(?P<dir>after|before)\s+(?:the|their|a|his|her)\s+(?:[a-z]+\s+){0,2}$"
)
# "in March and in July": one more occasion per coordinated date
_DATE_JOIN = re.compile(r"^\s*(?:,\s*)?(?:and|or|,)\s*(?:again\s+)?(?:in|on|during)?\s*$")
_OTHER_OCCASION = re.compile(
    r"\b(?:again|since|ever|once|before|previously|earlier|later|first|last|several times|many times|often"
    r"|repeatedly|twice|regularly|years|never|multiple)\b"
)
# a list goes on after a comma; a new clause starts with one of these ("..., shortly after X did")
_NEGATION = re.compile(NEGATION_CUES)
_THAT = re.compile(r"\bthat\b")
_WITH_ENDS = re.compile(r"\bwith\s+(?:the\s+)?(?:[a-z]+\s+){0,4}$")
_PAIR_DASHES = frozenset({"-", "\u2013", "\u2014", "/"})
_INVITED_TO = re.compile(r"\binvit(?:ed|es|e|ing) (?:[\w.'-]+ ){1,5}to $")
_HOPED = re.compile(r"\bhad (?:also |long |once )?(?:hoped|wanted|wished)\b")
_TOPIC_BEFORE = re.compile(
    r"\b(?:about|regarding|concerning|criticising|criticizing|attacking)\s+(?:[a-z.'-]+\s+){0,2}$"
)
# a subject followed by its verb: "Zelensky presented his plan to"
_VERB_AFTER = re.compile(r"\s+(?:[a-z]+ly\s+|also\s+|then\s+)?[a-z]+(?:ed|s)\b[^;,]*$")
# a clause that opens on its verb: "but will meet", "and is to see"
_CLAUSE_VERB = re.compile(r"\s*,?\s*(?:but|and|yet)\s+(?:[a-z']+\s+){0,4}$")
# "..., and will meet", "and is expected to meet": a verb phrase joined to the one before
_COORDINATED_VERB = re.compile(r"^[^;.\"]{0,80}?,?\s(?:and|but)\s+(?:[a-z']+\s+){1,5}$")
# "..., then held talks with him": a second verb with no subject of its own
_THEN_VERB = re.compile(r"(?:,|\band)\s+(?:then|later|afterwards|subsequently)\s+(?:[a-z]+ly\s+)?$")
_SUBORDINATOR = re.compile(
    r"\b(?:after|before|when|while|whereas|because|since|until|although|though|who|which|whose|as)\b"
)
# what separates a noun cue from a person who is not its participant
_SPEECH_CUT = re.compile(
    r"\band (?:later |then |also |afterwards |separately )?(?:said|says|told|tells|added|adds|argued|insisted"
    r"|declared|claimed|wrote|posted)\b"
)
_ATTRIBUTION = re.compile(r"\s+(?:said|says|told|tells|added|adds|wrote|posted)\b(?=[^,;]{0,30}[.;]|\s*$)")
_JOINED_FOR_CALL = re.compile(r"\s+" + JOINED_FOR_CALL)
# "came a day after she sent": the cue's event is that far from the day the sentence builds on
_DAYS_BEFORE_CUE = re.compile(
    r"\b(?:came|happened|followed|was|took place) (?P<n>a|an|one|two|three|four|five|\d+) (?P<unit>days?|weeks?)"
    r" (?P<dir>after|before) (?:[a-z]+ ){0,2}$"
)
# "Japan's Aso to call on Trump": a short subject, then "to" (not "Orban flies to Florida to meet")
_HEADLINE_TO = re.compile(r"^\W*(?:[\w.'-]+\s+){1,4}?to\s+(?:[a-z]+ly\s+)?$")
_WILL_NOT = re.compile(r"\b(?:will not|won't|will no longer|is not going to|no longer plans to)\b")
_OBJECT_CUT = re.compile(r";|\b(?:after|before|when|while|because|until|although|though)\b[^,;]*,")
# an aside that names the contact stated just before: ", their third meeting"
_RESTATEMENT = re.compile(r"[\w.],\s+(?:their|the|his|her|a)\s+(?:[a-z]+\s+){0,2}$")
# "their first meeting since the clash in which ...": the aside names an earlier event
_SINCE_AFTER = re.compile(r"\s+since\b")
_WHOM = re.compile(r"\s*,?\s*whom?\s+")
_AUXILIARIES = re.compile(
    r"[\s,]*(?:(?:had|has|have|would|did|will|was|were)\s+)?(?:(?:already|also|first|previously|once|later|just)\s+)?"
)
_REQUEST = re.compile(REQUEST_CUES)
_SCHEDULE_PRESENT = re.compile(SCHEDULE_PRESENT)
_PARTICIPLE_OPEN = re.compile(r",\s[a-z]+ing\b")
_DEFINITE_EVENT = re.compile(
    r"\s*(?:the|that)\s+(dinner|lunch|luncheon|breakfast|meeting|summit|talks|visit|call|reception|banquet)\b"
)
_PLUPERFECT = re.compile(r"\bhad\s+(?:[a-z]+ly\s+|also\s+|already\s+)?$")
# ", their third meeting this year": an aside after the leader, with its own time
_APPOSITION = re.compile(
    r",\s*(?:their|the|a|his|her)\s+(?:first|second|third|fourth|fifth|last|latest|[a-z]+est)\b"
)
_ACCOMPANIED = re.compile(r",\s*with\s+(?:[a-z']+\s+){0,3}$")
_REMOTE = re.compile(
    r",?\s+(?:who\s+)?(?:joining|joined|joins|taking part|took part|participating|participated)"
    r"\s+(?:by|via|over the|on the)\s+(?:phone|telephone|video|video link|videoconference)\b"
)
_PREP_NOUN = re.compile(
    r"\b(?:before|after|ahead of|following|then)\s+(?:a|an|his|her|their)\s+(?:[a-z]+\s+){0,2}$"
)
_PAST_REQUEST = re.compile(r"\b(?:sought|requested)\b")
# "if X, I would meet Y": what a condition would bring about is no plan
_IF_THEN_WOULD = re.compile(
    r"\bif\b[^,;.]{1,60},\s*\"?\s*(?:[a-z]+\s+){0,2}(?:would|'d|could|might)\s+(?:[a-z]+\s+)?$"
)
_SAME_DAY_OPENER = re.compile(r"^\s*(?:earlier|later)(?: (?:in|that) the day| that day)?\s*,")
# an aside set off by commas between two list items, then "and" / "as well as"
_APPOSITIVE_JOIN = re.compile(r"^\s*,[^,;]{0,80},\s*(?:and|as well as|along with)\s+(?:[\w']+\s+){0,3}$")
_RELATIVE_AFTER = re.compile(r",\s*(?:who|which|whose)\b")
# a sentence that opens on a contact already in view: "The trip has since been called off."
_EVENT_OPENER = re.compile(
    r"\s*(?:but\s+|however,?\s+|now\s+)?(?:the|that|this|his|her|their)\s+(?:[a-z]+\s+){0,2}?"
    + CANCELLABLE_NOUNS
)
_OTHER_EVENT_AFTER = re.compile(
    r"\b(?:after|before|since|once)\s+(?:[a-z]+ing\s+)?(?:a|an|the|his|her|their|its)\s+(?:[a-z]+\s+){0,2}?"
    + CANCELLABLE_NOUNS
)
# an aside right after a leader: a relative clause or a noun with its own relative
_LEADER_ASIDE = re.compile(
    r",\s*(?:(?:to|with|for|from|by)\s+whom|who|whom|which|whose"
    r"|(?:the|a|an)\s+[a-z]+(?:\s+[a-z]+)?\s+(?:who|whom|that|he|she|they))\b"
)
_PLANNED_FOR = re.compile(r"\b(?:planned|scheduled|set|slated|due|booked)\s+(?:for\s+)?(?=[a-z0-9])")
_WHEN_CLAUSE = re.compile(r"\s*(?:when|where)\b")
# "who" stands for people named before it; "a delegation that met X" may include the candidate
_SIMULTANEOUS = re.compile(r",\s*(?:as|while)\s+[^,;]*$")
_RELATIVE_SUBJECT = re.compile(r"\bwho\b(?=[^,;]*$)")
_GROUP_MEMBER = re.compile(GROUP_MEMBER)
_WITH_BEFORE = re.compile(r"^[^;.]{0,120}\b(?:with|to)\b")
_BY_AGENT = re.compile(r"\bby\s+$")
# what may stand between "came to" / "had him" and the venue
_VENUE_GAP = re.compile(
    r"\s+(?:(?:him|her|them|[a-z]+(?:\s+[a-z]+){0,3})\s+(?:at|over at|over to|to)\s+)?(?:the\s+)?"
)
_QUESTION = re.compile(r"\?[\"')\]]*\s*$")
_PAST_MARKER = re.compile(
    r"\b(?:\w+ (?:months|years|weeks) (?:after|before|earlier|later|ago)|first term|while in office"
    r"|when (?:he|she) was (?:president|in office|vice president)|as (?:sitting )?president)\b"
)


@dataclass
class Cue:
    start: int
    end: int
    kind: str
    form: str
    pattern: str


@dataclass
class Frame:
    """One candidate–leader contact stated by one cue of one sentence."""

    candidate: str
    leader: str
    kind: str
    status: str
    date: str | None
    sentence: Sentence
    cue: Cue
    rule: str
    anaphoric: bool = False  # participants found only through pronouns / "the two"
    explain: dict[str, Any] = field(default_factory=dict)


_ON_A_DAY = re.compile(
    r"\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the \d|\d|(?:jan|feb|mar|apr|may|jun|jul"
    r"|aug|sep|oct|nov|dec)[a-z]*\.? \d)"
)
_DIRECT_OBJECT = re.compile(r"\s*(?:with|between|to)?\s*")
_REPORTED_THAT = re.compile(REPORTED_THAT)
_ACCORDING_TO = re.compile(r",\s*according to [^,;]{1,40},")
_DENIAL_NEAR = re.compile(DENIAL_NEAR)
# a call the leader owns: "Zelenskyy's call", "his own call", "her brief phone call"
_OWNED_CALL = re.compile(r"(?:'s|\b(his|her))\s+(?:own\s+)?(?:[a-z0-9]+\s+){0,2}$")
_ANY_CUE = re.compile(r"\b(?:" + "|".join(p for p, _, _ in CONTACT_CUES) + r")\b")


def find_cues(doc: Document, start: int, end: int) -> list[Cue]:
    found: list[Cue] = []
    # one combined scan finds where cues start; each cue is then tried only there
    for hit in _ANY_CUE.finditer(doc.low, start, end):
        for rx, kind, form, pattern in _CUES:
            m = rx.match(doc.low, hit.start(), end)
            if m and not (form == "callon" and _ON_A_DAY.match(doc.low, m.end())):
                # "his own call on Thursday": a call dated by "on", not the visit verb "call on"
                found.append(Cue(m.start(), m.end(), kind, form, pattern))
    # "an impromptu call": the noun, not the verb
    found.sort(key=lambda c: (c.start, -(c.end - c.start), _verb_first(doc, c)))
    out: list[Cue] = []
    for c in found:
        if out and c.start < out[-1].end:
            continue
        out.append(c)
    return out


_NOUN_BEFORE = re.compile(
    r"\b(?:a|an|the|his|her|their|its|this|that|first|second|third|fourth|fifth|last|impromptu|brief|phone|video"
    r"|congratulatory|private|lengthy|short|recent|planned|scheduled|proposed|promised|expected|possible"
    r"|secret|joint|formal|bilateral|long|previous|only|next|another|follow up|own)\s+$|'s\s+$"
    # "the famous call of 25 July 2019", "a testy call": a determiner and an adjective of events
    r"|\b(?:a|an|the|his|her|their|that|this)\s+(?:famous|infamous|fateful|notorious|controversial|tense|cordial"
    r"|warm|friendly|testy|heated|contentious|productive|surprise|rare|historic|now famous)\s+$"
    # "their July 2019 call": a date between the determiner and the noun
    r"|\b(?:a|an|the|his|her|their|its)\s+(?:[a-z]+\s+)?(?:19|20)\d\d\s+$"
)
_NOUN_AFTER = re.compile(r"^\s+(?:between|with)\b")


def _verb_first(doc: Document, c: Cue) -> int:
    """Sort key among cues on the same words: noun forms first after a determiner."""
    noun_context = (
        _NOUN_BEFORE.search(doc.low[max(0, c.start - 20) : c.start]) is not None
        or _NOUN_AFTER.match(doc.low[c.end : c.end + 10]) is not None
    )
    return 0 if (c.form == "noun") == noun_context else 1


class SentenceRules:
    """Applies the contact rules to the sentences of one document."""

    def __init__(self, gaz: Gazetteer, doc: Document, mentions: list[Mention]) -> None:
        self.gaz = gaz
        self.doc = doc
        self.by_sentence: dict[int, list[Mention]] = {}
        for m in mentions:
            s = doc.sentence_at(m.start)
            if s is not None:
                self.by_sentence.setdefault(s.index, []).append(m)
        self.frames: list[Frame] = []
        self._date_cache: dict[int, list[DateExpr]] = {}
        self.chosen_date: DateExpr | None = None  # the expression the last _date call used
        self._claimed: set[int] = set()  # starts of mentions an earlier cue of the sentence took as objects
        self._last_subject: list[Mention] = []  # the subject the last cue of the sentence had

    # ----------------------------------------------------------------- driver

    def run(self) -> list[Frame]:
        pending_failed: list[Frame] = []
        pending_plans: list[Frame] = []
        for sent in self.doc.sentences:
            mentions = self.by_sentence.get(sent.index, [])
            new: list[Frame] = []
            # only a sentence naming a candidate and a leader (or "the two") reaches the costly rules
            if mentions and (self._may_hold_contact(mentions) or self._about_event(sent)):
                cues = find_cues(self.doc, sent.start, sent.end)
                if cues:
                    new = self._sentence(sent, mentions, cues)
            # a plan "had been expected" and a cancellation in the next sentence; any plan
            # when the next sentence opens on the event itself ("The trip was called off")
            if (
                pending_plans
                and _EVENT_OPENER.match(self.doc.low, sent.start)
                and not self._names_other(mentions, pending_plans)
            ):
                pending_failed = pending_failed + [f for f in pending_plans if f not in pending_failed]
            cancel = st.cancelled(self.doc.low[sent.start : sent.end]) if pending_failed else None
            at = st.cancelled_at(self.doc.low, sent.start, sent.end) if cancel else None
            # unless the cancellation is this sentence's own (a contact stated before it)
            if (
                cancel
                and at is not None
                and not any(f.status == "cancelled" and f.cue.start < at for f in new)
            ):
                for f in pending_failed:
                    f.status = "cancelled"
                    f.explain["status"] = f"cancelled by next sentence: {cancel!r}"
            pending_failed = [
                f
                for f in new
                if f.status == "planned"
                and (f.explain.get("failed_plan") or _REQUEST.match(f.explain.get("status", "")))
            ]
            pending_plans = [f for f in new if f.status == "planned"]
            self.frames += new
        return self.frames

    def _names_other(self, mentions: list[Mention], frames: list[Frame]) -> bool:
        """The sentence names a leader none of ``frames`` is about."""
        known = {f.leader for f in frames} | {f.candidate for f in frames}
        return any(p and p not in known and p in self.gaz.persons for m in mentions for p in m.persons)

    def _may_hold_contact(self, mentions: list[Mention]) -> bool:
        gaz = self.gaz
        cand = lead = False
        for m in mentions:
            if m.how == "plural":
                return True
            for p in m.persons:
                if gaz.is_candidate(p):
                    cand = True
                elif p in gaz.persons:
                    lead = True
        return cand and lead

    # --------------------------------------------------------------- sentence

    def _sentence(self, sent: Sentence, mentions: list[Mention], cues: list[Cue]) -> list[Frame]:
        doc = self.doc
        clauses = clause_bounds(doc.folded, sent.start, sent.end)
        parens = parentheticals(doc.folded, sent.start, sent.end)
        dates = self._dates_of(sent)
        out: list[Frame] = []
        self._claimed = set()
        self._last_subject = []
        # "flew to Ankara": a travel verb is a cue only before a candidate's venue
        cues = [c for c in cues if c.form not in ("goto", "host") or self._venue_after(c, mentions)]
        for i, cue in enumerate(cues):
            clause = next((c for c in clauses if c[0] <= cue.start < c[1]), (sent.start, sent.end))
            frames = self._cue(sent, cue, clause, parens, mentions, dates, cues, i)
            out += frames
        # a cancellation in a later clause of the same sentence ("..., but the meeting never took place")
        for a, b in clauses:
            cancel = st.cancelled(doc.low[a:b])
            if not cancel:
                continue
            for f in out:
                if f.cue.start < a and f.status == "planned":
                    f.status = "cancelled"
                    f.explain["status"] = f"cancelled by later clause: {cancel!r}"
        return out

    def _cue(
        self,
        sent: Sentence,
        cue: Cue,
        clause: tuple[int, int],
        parens: list[tuple[int, int]],
        mentions: list[Mention],
        dates: list[DateExpr],
        cues: list[Cue],
        index: int,
    ) -> list[Frame]:
        doc = self.doc
        a, b = clause
        paren = next(((s, e) for s, e in parens if s <= cue.start < e), None)
        quote = doc.layout.quote_at(cue.start)
        # "Harris visited Manila, meeting Marcos at the palace": the participle's subject is
        # the subject of the clause it hangs on
        head = None
        # ("Trump stayed home, scrapping a joint appearance with X": the participle's object
        # is the subject's own event, when nobody is named in the aside before the cue)
        if (
            paren is not None
            and _PARTICIPLE_OPEN.match(doc.low, paren[0])
            and (
                cue.start - paren[0] <= 3
                or not any(m.participant and paren[0] <= m.start < cue.start for m in mentions)
            )
        ):
            head = next((m for m in mentions if m.participant and a <= m.start < paren[0]), None)
        elif paren is None and _ING_WORD.match(doc.low, cue.start):
            # "the summit, where Trump, standing next to X, said": the "where" aside ends at the
            # participle's comma; the person it names is the participle's subject
            prior = next(((s, e) for s, e in parens if 0 <= cue.start - e <= 1), None)
            if prior is not None and _WHERE_OPEN.match(doc.low, prior[0]):
                head = next((m for m in mentions if m.participant and prior[0] <= m.start < prior[1]), None)

        def usable(m: Mention) -> bool:
            if not m.participant or not m.persons[0]:
                return False
            if m is head:
                return True
            if not (a <= m.start < b):
                return False
            mq = doc.layout.quote_at(m.start)
            # a quoted fragment inside a reported sentence ('Modi was "coming to meet me"')
            # shares its participants with the sentence; a full quote keeps its own
            if mq is not quote and not (_embedded(doc, mq) or _embedded(doc, quote)):
                return False
            if paren is not None:
                if paren[0] <= m.start < paren[1] or m is head:
                    return True
                # the antecedent of "who" right before the parenthetical
                return m.end <= paren[0] and paren[0] - m.end <= 3
            return not any(s <= m.start < e and not _names_group(doc, cue, s) for s, e in parens)

        people = [m for m in mentions if usable(m)]
        if cue.form in ("goto", "host"):
            # "X came to Mar-a-Lago", "I had him at the White House": a visit or a hosting only
            # at a candidate's venue right after the verb (or its object)
            venue = next(
                (m for m in people if m.how == "place" and _VENUE_GAP.fullmatch(doc.low, cue.end, m.start)),
                None,
            )
            if venue is None and cue.form == "goto":
                # "Orban, who travelled to Trump in Florida": a journey to a person is a visit
                venue = next((m for m in people if _person_after(doc.low, cue, m)), None)
            if venue is None:
                return []
        if _QUESTION.search(doc.folded, a, b):
            return []  # "Have you spoken to King Charles?": a question states no contact
        if (
            index > 0
            and _same_kind(cues[index - 1], cue)
            and _RESTATEMENT.search(doc.low[max(a, cue.start - 40) : cue.start])
            and not _SINCE_AFTER.match(doc.low, cue.end)
        ):
            # "to meet X on Friday, their second meeting this year, ...": an aside restating
            # the contact the earlier cue states, with its status
            return []
        if cue.form == "call" and not self._phone_call(cue, people):
            return []
        offset = _OFFSET_EVENT.search(doc.low, max(sent.start, cue.start - 40), cue.start)
        if cue.form == "noun" and offset is not None and self._last_subject:
            # "X and Y met in September 2019, two months after the phone call that ...": an
            # earlier event of the same two, dated from the first
            return self._offset_event(sent, cue, offset, dates)
        # "the meeting", "that call": a reference back to an event already stated,
        # unless the noun itself names who took part ("the talks with Trump")
        if (
            cue.form == "noun"
            and _DEFINITE.search(doc.low[max(a, cue.start - 12) : cue.start])
            and not re.match(
                r"^\s*(?:with|between|(?:took place|was held|happened|occurred)(?: [a-z]+){0,3} between"
                # "the call of 25 July 2019, in which Trump asked X": the clause names who took part
                r"|(?:of [^,;]{1,30},?\s+)?(?:in|during|at) which)\b",
                doc.low[cue.end : cue.end + 60],
            )
        ):
            return []
        # "At his home, delegations sat across from Trump": an owner before the cue is a
        # place, not the subject; owners of a place count after the cue ("due at Trump's estate")
        left = [
            m
            for m in people
            if m.end <= cue.start
            and not (m.note == "owner" and _PLACE_OWNER.match(doc.low[m.end : m.end + 40]))
        ]
        # "met X on Friday and later said Putin bore responsibility", "joined the leaders, Trump
        # said": a person after a new speech verb, or the speaker of an attribution, is no object
        right = [
            m
            for m in people
            if m.start >= cue.end
            and not _SPEECH_CUT.search(doc.low, cue.end, m.start)
            and not (doc.low.endswith(", ", 0, m.start) and _ATTRIBUTION.match(doc.low, m.end))
        ]
        if cue.form == "noun":
            # the subject of a speech verb after a noun is no participant ("... private talks, said he saw")
            right = [
                m
                for m in right
                if not (
                    doc.low[m.start : m.end] in _NOMINATIVE and _SAID_BEFORE.search(doc.low, cue.end, m.start)
                )
            ]
        joined = _JOINED_FOR_CALL.match(doc.low, cue.end) if cue.kind == "call" else None
        if joined is not None:
            # "joined Biden for a phone call with X": X is the other side, Biden a fellow caller
            right = [m for m in right if m.start >= joined.end()]
        if cue.form == "intrans":
            # "spoke by phone on Monday with X" has an object; "spoke briefly before the funeral of X" not
            right = [m for m in right if _WITH_BEFORE.search(doc.low[cue.end : m.start])]
        # "leaders who had flown in to see him": the relative pronoun is the subject, and
        # what it stands for is the word before it (a participant only if it is a mention)
        rel = _RELATIVE_SUBJECT.search(doc.low, a, cue.start)
        bare_relative = rel is not None and not any(rel.end() <= m.start < cue.start for m in left)
        if bare_relative and rel is not None:
            antecedent = [m for m in left if 0 <= rel.start() - m.end <= 3]
            if not antecedent:
                # "Vance was one of four senators who met X": the group's member is the subject
                member = next(
                    (m for m in reversed(left) if _GROUP_MEMBER.match(doc.low[m.end : rel.start()])), None
                )
                antecedent = [member] if member is not None else []
            left = antecedent
        if left and left[-1].how == "place" and any(m.how != "place" for m in left):
            # "X will travel to Mar-a-Lago to meet Trump": a venue on the way is no subject
            left = [m for m in left if m.how != "place"]
        subject = self._group(left, reverse=True)
        if (
            subject
            and self._last_subject
            and subject[0].start in self._claimed
            and _COORDINATED_VERB.match(doc.low[subject[0].end : cue.start])
        ):
            # "met X and will meet Y": the second verb shares the first one's subject, not X
            subject = self._last_subject
        elif (
            subject
            and left
            and left[0] not in subject
            and _COORDINATED_VERB.match(doc.low[subject[0].end : cue.start])
            and _VERB_AFTER.match(doc.low, left[0].end, subject[-1].start)
        ):
            # "X briefed Biden in the Oval Office and then met Y": X is the subject of both verbs
            subject = [left[0]]
        elif subject:
            self._last_subject = subject
        elif self._last_subject and _CLAUSE_VERB.match(doc.low, a, cue.start):
            # "has never met X but will meet him on Friday": the clause has no subject of its own
            subject = self._last_subject
        if _THEN_VERB.search(doc.low, max(sent.start, a - 2), cue.start):
            # "X shared the stage with Y in 2019, then held talks with him in 2020": the verb
            # after "then" has the sentence's subject, not the first verb's object
            pool = [
                m for m in mentions if m.participant and m.persons[0] and sent.start <= m.start < cue.start
            ]
            first = min(pool, key=lambda m: m.start, default=None)
            opening = doc.low[max(sent.start, sent.skip_until) : first.start] if first else ""
            if first is not None and first.how != "pronoun" and len(opening.strip(" -,")) <= 40:
                subject = [first]
        objects = self._group(right, reverse=False)
        if not objects and subject and cue.form == "verb":
            # "With Trump the prime minister Orban met on Thursday", "Trump has with Orban
            # dined" (translated word order): a person after "with" before a verb with nothing
            # after it is the verb's other side
            gaz = self.gaz
            # (no comma after it: "With Trump absent, Orban dined" is no contact)
            with_ms = [
                m
                for m in left
                if _WITH_ENDS.search(doc.low, max(a, m.start - 40), m.start)
                and "," not in doc.low[m.end : cue.start]
            ]
            others = [m for m in left if m not in with_ms]
            if with_ms and others:
                obj, subj = with_ms[-1], others[-1]
                if (
                    subj.persons[0]
                    and obj.persons[0]
                    and gaz.is_candidate(obj.person) != gaz.is_candidate(subj.person)
                ):
                    subject, objects = [subj], [obj]
        if cue.pattern.startswith("(?:trip|trips) to"):
            # a trip is a contact only with its host (below), not with anyone named after it
            objects, right = [], []
        if (
            _TRAVEL_CUE.match(doc.low, cue.start)
            and not any(
                p in self.gaz.persons and not self.gaz.is_candidate(p) for m in objects for p in m.persons
            )
            and (st.cancelled(doc.low[a:b]) or st.planned(doc.low[a : cue.start], doc.low[cue.end : b]))
        ):
            # "called off a state visit to Denmark ... Frederiksen": a planned or cancelled trip to
            # a country whose leader the story names is a meeting with that leader (a trip that
            # happened says who was met, or it was no meeting: "criticised Scholz on a trip to Germany")
            host = self._host_of(sent, cue)
            if host is not None:
                objects = [host]
        if objects and _TOPIC_BEFORE.search(doc.low, max(cue.end, objects[0].start - 40), objects[0].start):
            # "a letter about Orban", "talks regarding Modi": the topic, not the other side
            objects = []
        if objects and objects[0].start in self._claimed and "," in doc.low[cue.end : objects[0].start]:
            # "meet X, their third meeting after two encounters in May, as well as Y": Y is
            # the earlier cue's object, not the aside's
            objects = []
        self._claimed.update(m.start for m in objects)
        if objects and _OBJECT_CUT.search(doc.low[cue.end : objects[0].start]):
            # "their talks on Sunday after months of strain over X, Y": a subordinate clause
            # ended before the person, who is not the cue's participant
            objects = []
        if (
            cue.form == "noun"
            and not objects
            and subject
            and _IN_A_NOUN.search(doc.low, max(a, cue.start - 40), cue.start)
            and _WITH_END.search(doc.low, max(a, subject[0].start - 8), subject[0].start)
        ):
            # "he clashed with Macron in a frosty face-to-face": the one "with" names and the
            # clause's subject are the noun's participants
            others = [m for m in left if m.end <= subject[0].start]
            if others:
                objects = [subject[0]]
                subject = self._group(others, reverse=True)
        if cue.form == "noun" and subject and objects and self._far_subject(subject[0], cue):
            # "..., including at meetings with Y": a noun far behind asides has its own participants
            subject = []
        if cue.form == "callon":
            # "called on Netanyahu to agree" urges; only "called on X in Tokyo" is a visit
            tail_from = objects[-1].end if objects else cue.end
            if not objects or _CALL_ON_URGES.match(doc.low[tail_from:b]):
                return []
        # a noun cue owned by a possessor: "Her first phone call with him"
        if cue.form == "noun" and not subject:
            subject = [m for m in left if m.end <= cue.start and cue.start - m.end <= 40]
        anyone_before = [m for m in people if m.end <= cue.start]
        # "Standing beside Trump, the Polish leader ...": everyone after the cue takes part, but
        # not the agent of a passive ("leaders invited by X hope to see Y": X is no participant)
        opener = not bare_relative and not (
            right and _BY_AGENT.search(doc.low[max(cue.end, right[0].start - 6) : right[0].start])
        )
        # "X and Y met on Monday, with Z joining by phone": the joined subject met as well
        accompanied = bool(objects) and _ACCOMPANIED.search(doc.low[cue.end : objects[0].start]) is not None
        # "calls on Trump at his tower, a week after Kishida's visit": a time clause ends the people
        # who take part with nobody before the cue
        cut = _TIME_CLAUSE.search(doc.low, cue.end, b)
        open_right = [m for m in right if cut is None or m.start < cut.start()]
        pairs = self._pairs(
            subject, objects, anyone_before, open_right if opener else objects, cue, accompanied
        )
        if not pairs and objects and left and _PREP_NOUN.search(doc.low, a, cue.start):
            # "he is due to meet X on Wednesday before a meeting with Y": the clause's subject
            # has the second meeting too
            subject = left[:1]
            pairs = [p for p in self._pairs(subject, objects, [], [], cue) if p[3] == "subject-object"]
        if not pairs:
            pairs = self._copular_relative(left, cue) or self._object_relative(left, cue)
        if not pairs and cue.pattern.startswith("(?:brought"):
            pairs = self._event_host(sent, objects)
        if not pairs:
            implicit = self._implicit_candidate(sent, cue, left, right)
            if implicit is None:
                return []
            pairs = [implicit]
        before = doc.low[max(a, self._subject_start(subject, a)) : cue.start]
        after = doc.low[cue.end : b]
        neg = (
            st.negated(before)
            or st.negated(_after_last_comma(doc.low[a : cue.start]))
            or (st.negated(doc.low[cue.end : cue.end + 12]) if cue.form == "noun" else None)
            or st.denied(doc.low[a : cue.start], doc.low[sent.start : sent.end])
        )
        # a relative clause after the cue speaks of its antecedent: "has not met X, who declined
        # to receive the envoy" is no cancelled meeting
        cancel = st.cancelled(_without_relative(doc.low, cue.end, a, b))
        since_date = None
        if neg and not cancel:
            since_date = self._not_since(cue, b, dates)
            if since_date is None:
                return []
            neg = None
        hoped = False
        if _IF_THEN_WOULD.search(doc.low, max(sent.start, cue.start - 120), cue.start) and not cancel:
            return []  # "if Kim saw it, 'I would meet him at the border'": the consequence of a condition
        if st.irrealis(_after_last_comma(doc.low[a : cue.start])) and not cancel:
            # "had hoped to meet X, but the meeting did not materialise": a plan, cancelled by
            # the later clause (see _sentence)
            if not (
                _HOPED.search(doc.low, a, cue.start) and b < sent.end and st.cancelled(doc.low[b : sent.end])
            ):
                return []
            hoped = True
        # a future phrase after the next cue is that cue's ("met X and plans to meet Y next week")
        own_after = after
        if index + 1 < len(cues) and cues[index + 1].start < b:
            own_after = doc.low[cue.end : cues[index + 1].start]
        plan = st.planned(before + doc.low[cue.start : cue.end], own_after)
        if plan is None and cue.form == "noun":
            # "in what would be their first conversation": the owner of the noun stands after the
            # planning word
            plan = st.planned(_after_last_comma(doc.low[a : cue.start]), "")
        if (
            plan is None
            and (cue.pattern.startswith("(?:invited") or doc.low.startswith("invitation", cue.start))
            and (_INVITATION_PLAN.match(after) or _INVITATION_PLACE.match(doc.folded[cue.end : b]))
        ):
            # "invited X to visit", "extended an invitation to X to visit": a plan
            plan = "invited to"
        if plan is None and _INVITED_TO.search(doc.low, max(a, cue.start - 60), cue.start):
            plan = "invited to"  # "invited Modi to visit Mar-a-Lago": the visit is what is invited
        if plan is None and _SCHEDULE_PRESENT.search(doc.low, max(a, cue.start - 80), cue.start):
            plan = "travel schedule in the present tense"
        if plan is None and sent.headline and _HEADLINE_TO.match(doc.low, sent.start, cue.start):
            plan = "headline infinitive"  # "Japan's Aso to call on Trump": a headline's "to" is the future
        failed = st.failed_plan(doc.low[a : cue.start])
        claim = st.alleged(doc.low[sent.start : sent.end]) or self._denied_report(sent, cue)
        if claim and self._own_claim(sent, mentions):
            claim = None  # "He has claimed they exchanged letters": the candidate's own account
        status = "occurred"
        why = ""
        if hoped:
            status, why = "planned", "hoped for"
        elif cancel:
            status, why = "cancelled", cancel
        elif failed:
            status, why = "planned", "failed plan"
        elif claim:
            status, why = "alleged", claim
        elif plan:
            status, why = "planned", plan
        if status == "planned" and st.superseded(doc.low[a : cue.start]):
            return []
        # "spoke with X about Y, and is due to meet Z": the words of a later verb of another
        # kind ("meet", "visit") say nothing of this cue's kind
        k_hi = min(
            [b]
            + [c.start for c in cues if c.start >= cue.end and c.form != "noun" and not _same_kind(c, cue)]
        )
        kind = self._kind(cue, doc.low[a:k_hi], a)
        if kind == "message" and _PUBLIC_CHANNEL.match(doc.low, cue.end, min(b, cue.end + 80)):
            return []  # "sent a message of recognition in the social networks": public, not private
        # "with X as host and Y joining by phone": Y took part by phone
        remote = {p for m in people if _REMOTE.match(doc.low, m.end) for p in m.persons}
        out = []
        for cand, lead, anaphoric, rule in pairs:
            pair_kind = "call" if lead in remote and kind == "meeting" else kind
            if since_date is not None:
                date, date_note = since_date
            else:
                date, date_note = self._date(sent, cue, lead, dates, status, clause, cues, index)
                if date is None and status == "occurred" and date_note == "no date in the clause":
                    date, date_note = self._lede_day(sent, cand, cue, clause) or (date, date_note)
                if pair_kind != "message" and _DEPICTION.search(doc.low, max(a, cue.start - 80), cue.start):
                    # (a photograph of a letter is the letter itself: its report dates it)
                    # "carried photos of Kim and Trump shaking hands": a picture of a meeting told
                    # elsewhere; the sentence's date is the picture's publication, not the meeting's
                    date, date_note = None, "a picture of the contact: no date of its own"
            if date_note == "superseded":
                continue  # "first announced for Thursday": a plan that changed
            next_cue = next((c.start for c in cues[index + 1 :] if c.start >= cue.end), sent.end)
            extra_dates = (
                self._coordinated(self.chosen_date, dates, status, next_cue) if since_date is None else []
            )
            if (
                date
                and status == "occurred"
                and plan is None
                and sent.ref_date
                and _after(date, sent.ref_date)
            ):
                status, why = "planned", "future date"
            out.append(
                Frame(
                    candidate=cand,
                    leader=lead,
                    kind=pair_kind,
                    status=status,
                    date=date,
                    sentence=sent,
                    cue=cue,
                    rule=f"{rule}:{pair_kind}",
                    anaphoric=anaphoric,
                    explain={
                        "cue": doc.text[cue.start : cue.end],
                        "clause": doc.text[a:b].strip(),
                        "status": why or "no planning, cancelling or claim word",
                        "date": date_note,
                        "failed_plan": failed,
                    },
                )
            )
            for value, note in extra_dates:
                twin = copy.copy(out[-1])
                twin.date = value
                twin.explain = dict(out[-1].explain, date=note)
                out.append(twin)
        return out

    # -------------------------------------------------------------- structure

    def _group(self, side: list[Mention], reverse: bool) -> list[Mention]:
        """The mentions nearest the cue plus those joined to them by and/commas."""
        if not side:
            return []
        seq = list(reversed(side)) if reverse else list(side)
        group = [seq[0]]
        prev = seq[0]
        for m in seq[1:]:
            if not reverse and self.doc.low[m.start : m.end] in _NOMINATIVE:
                break  # "met X, the leader he snubbed": a subject pronoun opens a clause, not a list item
            if not reverse and m.how in ("place", "plural"):
                # a venue or "their" between list items neither joins nor ends the list
                # ("received X at the White House in May, Y in June")
                continue
            lo, hi = (m.end, prev.start) if reverse else (prev.end, m.start)
            gap = self.doc.low[lo:hi]
            if not reverse and _ANY_CUE.search(gap) and (_NEGATION.search(gap) or st.planned(gap, "")):
                break  # "met X and has no plans to meet Y": the second cue speaks for Y
            if not reverse and _APPOSITIVE_JOIN.match(gap):
                group.append(m)  # "meet X, their third meeting this year, as well as Y"
                prev = m
                continue
            if (
                _JOIN.match(gap)
                or gap in _PAIR_DASHES  # "the Trump-Modi meeting"
                or (not reverse and _AND_WITH.search(gap))
                or (len(gap) <= 40 and re.fullmatch(r"[^;.]*\band\b[^;.]*", gap) and not _SPEECH.search(gap))
            ):
                group.append(m)
                prev = m
            elif (
                not reverse
                and len(gap) <= 90
                # an item may open with a possessive country word ("X, Egypt's Y and Britain's Z")
                and re.search(r"(?:,|\band\b)\s*(?:\w+(?:'s|')?\s+){0,6}$", gap)
                and not _SPEECH.search(gap)
                and not _SUBORDINATOR.search(gap)
                and not _THAT.search(gap)  # ", a meeting that irritated X": X is no list item
            ):
                group.append(m)  # "met X at the palace and Y" / long list items
                prev = m
            else:
                if reverse:
                    break
                break
        return group

    def _venue_after(self, cue: Cue, mentions: list[Mention]) -> bool:
        low = self.doc.low
        return any(
            (m.how == "place" and _VENUE_GAP.fullmatch(low, cue.end, m.start))
            or (cue.form == "goto" and _person_after(low, cue, m))
            for m in mentions
        )

    def _host_of(self, sent: Sentence, cue: Cue) -> Mention | None:
        """The leader of the country a trip goes to ("a visit to Denmark"), named in this
        sentence or the one before or after it."""
        m = _TO_PLACE.match(self.doc.low, cue.end)
        if m is None:
            return None
        words = m.group(1).split()
        code = next(
            (
                self.gaz.countries[w]
                for k in range(len(words), 0, -1)
                if (w := " ".join(words[:k])) in self.gaz.countries
            ),
            None,
        )
        if code is None:
            return None
        for idx in (sent.index, sent.index - 1, sent.index + 1):
            for x in self.by_sentence.get(idx, []):
                if len(x.persons) != 1 or not x.persons[0] or self.gaz.is_candidate(x.person):
                    continue
                p = self.gaz.persons.get(x.person)
                if p is not None and p.country == code and x.how in ("name", "alias", "title"):
                    return x
        return None

    def _far_subject(self, nearest: Mention, cue: Cue) -> bool:
        gap = self.doc.low[nearest.end : cue.start]
        return len(gap) > 80 and gap.count(",") >= 2

    def _subject_start(self, subject: list[Mention], clause_start: int) -> int:
        return min((m.start for m in subject), default=clause_start)

    def _pairs(
        self,
        subject: list[Mention],
        objects: list[Mention],
        left: list[Mention],
        right: list[Mention],
        cue: Cue,
        accompanied: bool = False,
    ) -> list[tuple[str, str, bool, str]]:
        gaz = self.gaz
        out: list[tuple[str, str, bool, str]] = []
        seen: set[tuple[str, str]] = set()

        def add(c: Mention, cp: str, lm: Mention, lp: str, rule: str) -> None:
            if not gaz.is_candidate(cp) or not gaz.is_foreign_leader(lp, cp) or (cp, lp) in seen:
                return
            seen.add((cp, lp))
            anaphoric = c.how in ("pronoun", "plural") and lm.how in ("pronoun", "plural")
            out.append((cp, lp, anaphoric, rule))

        # the two sides of the cue
        for s in subject:
            for o in objects:
                for sp in s.persons:
                    for op in o.persons:
                        add(s, sp, o, op, "subject-object")
                        add(o, op, s, sp, "subject-object")
        # a joined subject of a reciprocal cue with no person after it ("X and Y met")
        if not objects or cue.form == "noun" or accompanied:
            flat = [(m, p) for m in subject for p in m.persons]
            for m1, p1 in flat:
                for m2, p2 in flat:
                    if p1 != p2:
                        add(m1, p1, m2, p2, "joint-subject")
        # nobody before the cue: everyone after it takes part ("meet both Harris and Trump: X")
        if not left:
            flat = [(m, p) for m in right if m.how != "plural" for p in m.persons]
            for m1, p1 in flat:
                for m2, p2 in flat:
                    if p1 != p2:
                        add(m1, p1, m2, p2, "object-group")
        return out

    def _copular_relative(self, left: list[Mention], cue: Cue) -> list[tuple[str, str, bool, str]]:
        """ "Duda became the first foreign leader Trump received": the leader is the object."""
        if len(left) < 2:
            return []
        near = left[-1]
        # "... the first foreign leader Trump received", "... had been Trump's guest"
        if not self.gaz.is_candidate(near.person) or self.doc.low[near.end : cue.start].strip() not in (
            "",
            "'s",
        ):
            return []
        for m in reversed(left[:-1]):
            gap = self.doc.low[m.end : near.start]
            if (
                _COPULAR.search(gap)
                and not st.negated(gap)
                and self.gaz.is_foreign_leader(m.person, near.person)
            ):
                return [(near.person, m.person, False, "copular-relative")]
        return []

    def _object_relative(self, left: list[Mention], cue: Cue) -> list[tuple[str, str, bool, str]]:
        """ "X, whom Trump hosted in March": the antecedent of "whom" is the object."""
        if len(left) < 2:
            return []
        subj, ante = left[-1], left[-2]
        # "X, whom she had spoken with", "X, who Trump hosted": "who" as an object too
        if not _AUXILIARIES.fullmatch(self.doc.low, subj.end, cue.start) or not _WHOM.fullmatch(
            self.doc.low[ante.end : subj.start]
        ):
            return []
        out = []
        for cp in subj.persons:
            for lp in ante.persons:
                if self.gaz.is_candidate(cp) and self.gaz.is_foreign_leader(lp, cp):
                    out.append((cp, lp, False, "object-relative"))
        return out

    def _offset_event(
        self, sent: Sentence, cue: Cue, offset: re.Match[str], dates: list[DateExpr]
    ) -> list[Frame]:
        """The event a "two months after the call" phrase names: the joint subject of the
        sentence's earlier cue took part; its date is the earlier date shifted back (or on)."""
        flat = [p for m in self._last_subject for p in m.persons]
        pairs = [
            (c, ld)
            for c in flat
            for ld in flat
            if self.gaz.is_candidate(c) and self.gaz.is_foreign_leader(ld, c)
        ]
        prior = [d for d in dates if d.end <= offset.start()]
        base = prior[-1].resolve(self.doc.published, False) if prior else None
        n_word, unit = offset.group("n"), offset.group("unit")
        n = int(n_word) if n_word.isdigit() else _NUMBER_WORDS.get(n_word)
        if not pairs or base is None or n is None:
            return []
        step = -n if offset.group("dir") == "after" else n
        if unit == "years":
            value = str(int(base[:4]) + step)
        elif unit == "months" and len(base) >= 7:
            y, m = divmod(int(base[:4]) * 12 + int(base[5:7]) - 1 + step, 12)
            value = f"{y:04d}-{m + 1:02d}"
        else:
            return []  # days or weeks from a month: no day to count from
        kind = "call" if cue.kind == "talk" else cue.kind
        note = f"{offset.group(0).strip()!r} {self.doc.text[prior[-1].start : prior[-1].end]!r} -> {value}"
        own = next((d for d in dates if 0 <= d.start - cue.end <= 4), None)
        own_value = own.resolve(self.doc.published, False) if own is not None else None
        if own is not None and own_value and own_value.startswith(value[:4]):
            # "... two months after the call of 25 July 2019": the event's own date, when it has one
            value = own_value
            note = f"{self.doc.text[own.start : own.end]!r} -> {value}"
        return [
            Frame(
                c,
                ld,
                kind,
                "occurred",
                value,
                sent,
                cue,
                f"offset-event:{kind}",
                False,
                {
                    "cue": self.doc.text[cue.start : cue.end],
                    "clause": self.doc.text[sent.start : sent.end].strip(),
                    "status": "no planning, cancelling or claim word",
                    "date": note,
                    "failed_plan": False,
                },
            )
            for c, ld in pairs
        ]

    def _own_claim(self, sent: Sentence, mentions: list[Mention]) -> bool:
        """Whether the sentence's claim word has a candidate as its subject ("He has claimed")."""
        hit = _CLAIM_WORD.search(self.doc.low, sent.start, sent.end)
        if hit is None or st.alleged(self.doc.low[hit.end() : sent.end]):
            return False  # no "claimed", or another claim word follows it
        who = [
            m
            for m in mentions
            if m.end <= hit.start() and _SUBJECT_GAP.fullmatch(self.doc.low, m.end, hit.start())
        ]
        return bool(who) and all(self.gaz.is_candidate(p) for p in who[-1].persons)

    def _denied_report(self, sent: Sentence, cue: Cue) -> str | None:
        """ "The Daily Globe reported that T spoke with P" or "P, according to <author>, told T"
        where neither side gives the account, and a denial or a failure to confirm follows: in the
        next two sentences of the paragraph, or the first one of the next paragraph."""
        low = self.doc.low
        mentions = self.by_sentence.get(sent.index, [])
        report = None
        for m in _REPORTED_THAT.finditer(low, max(sent.start, sent.skip_until), cue.start):
            report = m
        if report is not None:
            # "Erdogan said he spoke to Trump": a side's own account
            source = [m for m in mentions if m.start < report.start()]
        else:
            report = _ACCORDING_TO.search(low, max(sent.start, sent.skip_until), cue.start)
            if report is None:
                return None
            source = [m for m in mentions if report.start() <= m.start < report.end()]
        if any(self.gaz.persons.get(p) for m in source for p in m.persons):
            return None
        end = sent.end
        for idx in range(sent.index + 1, min(len(self.doc.sentences), sent.index + 3)):
            nxt = self.doc.sentences[idx]
            end = nxt.end
            if nxt.paragraph != sent.paragraph:
                break
        denial = _DENIAL_NEAR.search(low, cue.end, end)
        return f"{report.group(0).strip(' ,')} ... {denial.group(0)}" if denial else None

    def _implicit_candidate(
        self, sent: Sentence, cue: Cue, left: list[Mention], right: list[Mention]
    ) -> tuple[str, str, bool, str] | None:
        """A leader "called to offer congratulations", or a leader's own call ("X's call came on
        Wednesday", "said after his own call"): with the candidate the story is about."""
        if cue.kind != "call":
            return None
        low = self.doc.low
        owned = cue.form == "noun" and _OWNED_CALL.search(low, max(sent.start, cue.start - 40), cue.start)
        if not owned and not _CONGRATS.search(low[cue.start : sent.end]):
            return None
        leaders = [
            m
            for m in left + right
            if any(self.gaz.persons.get(p) and not self.gaz.is_candidate(p) for p in m.persons)
        ]
        if not leaders or any(self.gaz.is_candidate(p) for m in left + right for p in m.persons):
            return None
        if owned and (len(leaders) != len(left + right) or len({m.person for m in leaders}) != 1):
            return None  # anyone else in the clause may be the other side of the call
        if owned and owned.group(1) is None and not (left and left[-1].end == owned.start()):
            return None  # "'s call" owned by someone who is not the leader
        for idx in range(sent.index - 1, max(-1, sent.index - 4), -1):
            for m in reversed(self.by_sentence.get(idx, [])):
                if m.participant and self.gaz.is_candidate(m.person):
                    lead = leaders[-1].person
                    if self.gaz.is_foreign_leader(lead, m.person):
                        return (m.person, lead, False, "implicit-congratulation")
        return None

    def _phone_call(self, cue: Cue, people: list[Mention]) -> bool:
        """ "called X" is a phone call unless a naming complement follows ("called him a 'strong man'")."""
        obj = next((m for m in people if m.start >= cue.end and m.start - cue.end <= 3), None)
        tail_from = obj.end if obj else cue.end
        tail = self.doc.low[tail_from : tail_from + 30]
        if obj is None and not re.match(r"^\s*(?:to |back|him|her|them|me)", tail):
            return False
        if _NAMING.match(tail) and not re.match(
            r"^\s*(?:on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|the other day)", tail
        ):
            return False
        return bool(_PHONE_AFTER.match(tail)) or obj is None

    def _kind(self, cue: Cue, clause_low: str, clause_start: int) -> str:
        if cue.pattern.startswith("(?:received"):
            # "a letter he received from", "received a call from"
            around = self.doc.low[max(0, cue.start - 25) : cue.end + 15]
            if _MESSAGE_NEAR.search(around):
                return "message"
            if _CALL_NEAR.search(around):
                return "call"
        if cue.pattern.startswith("(?:talked|talks") and _HABITUAL.search(
            self.doc.low, max(0, cue.start - 20), cue.start
        ):
            return "call"  # "kept talking to X after leaving office": an ongoing exchange, not a sitting
        if cue.kind != "talk":
            return cue.kind
        at = cue.start - clause_start
        phone = _nearest(_PHONE, clause_low, at)
        in_person = _nearest(_IN_PERSON, clause_low, at)
        # "video showed them seated ... before a long conversation": the nearer word decides
        if phone is not None and (in_person is None or phone <= in_person):
            return "call"
        text = self.doc.low[cue.start : cue.end]
        if _TALK_IN_PERSON.match(text):
            return "meeting"
        if in_person is not None:
            return "meeting"
        return DEFAULT_TALK_KIND[cue.form]

    # ------------------------------------------------------------------ dates

    def _date(
        self,
        sent: Sentence,
        cue: Cue,
        leader: str,
        dates: list[DateExpr],
        status: str,
        clause: tuple[int, int],
        cues: list[Cue],
        index: int,
    ) -> tuple[str | None, str]:
        doc = self.doc
        ref = sent.ref_date or doc.published
        a, _b = clause
        # "had been scheduled to meet on Wednesday": a plan the text reports as past
        # ("sought a call in March": a past request, dated backwards too)
        planned = (
            status == "planned"
            and not st.failed_plan(doc.low[a : cue.start])
            and not _PAST_REQUEST.search(doc.low[a : cue.start])
        )
        # the stretch of text this cue owns: up to the next cue of another kind, from the previous one
        lo = a
        other_before = False  # a cue of another kind earlier in the clause
        for c in cues[:index]:
            if not _same_kind(c, cue) and c.end <= cue.start:
                lo = max(lo, c.end)
                other_before = True
        # dates may sit in a "when" clause after the cue: look on to the sentence end
        hi = sent.end
        stop = re.search(r";|\bbut\b", doc.low[cue.end : sent.end])
        if stop:
            hi = cue.end + stop.start()
        for c in cues[index + 1 :]:
            if not _same_kind(c, cue):
                hi = min(hi, c.start)
                break
        # a sentence of several leaders with their own dates: the leader's own stretch first
        # (a name, a title, or "the two" as the cue's own object: "with both men describing the call,
        # ... in November" is no stretch of the leader's; "a summit between the two men, in July 2018" is)
        # (a leader who is the clause's subject has no stretch after the cue: "X spoke with T on
        # Wednesday, after which ... X disputed the next day")
        in_subject = any(
            leader in m.persons and a <= m.start < cue.start for m in self.by_sentence.get(sent.index, [])
        )
        lead_ms = [
            m
            for m in self.by_sentence.get(sent.index, [])
            if leader in m.persons
            and not in_subject
            and cue.end <= m.start < _b
            and (m.how not in ("plural", "pronoun") or _DIRECT_OBJECT.fullmatch(doc.low[cue.end : m.start]))
        ]
        report = self._report_time(sent, cue, dates)
        if report is not None and _SIMULTANEOUS.search(doc.low[report.end : cue.start]):
            report = None  # "said on Monday ..., as Trump hosted him": the saying and the visit coincide
        # ", their third meeting this year,": the time of an aside after the cue is its own
        aside = _APPOSITION.search(doc.low, cue.end, hi)
        own_clause = doc.low[a:_b]
        if aside is not None:
            close = doc.low.find(",", aside.end(), hi)
            aside_span = (aside.start(), close if close >= 0 else hi)
            dates = [d for d in dates if not (aside_span[0] <= d.start < aside_span[1])]
            own_clause = doc.low[a : aside_span[0]] + doc.low[aside_span[1] : _b]
        if planned:
            # "hopes to meet ... possibly before the inauguration of the 20 of January": a deadline
            dates = [d for d in dates if not _DEADLINE.search(doc.low, max(0, d.start - 40), d.start)]
        # "..., who took office in December", "..., to whom she congratulated ... last Tuesday",
        # "..., the leader he snubbed in August", "..., whose visit planned for September": an aside
        # after a person, up to its comma, has dates of its own (unless the cue is in it)
        asides = []
        for o in self.by_sentence.get(sent.index, []):
            if o.start < cue.end:
                continue
            hit = _LEADER_ASIDE.match(doc.low, o.end, hi)
            if hit is not None:
                close = doc.low.find(",", hit.end(), hi)
                asides.append((o.end, close if close >= 0 else hi))
        dates = [d for d in dates if not any(x <= d.start < y for x, y in asides)]
        chosen: DateExpr | None = None
        for m in lead_ms[:1]:
            nxt = [
                o.start
                for o in self.by_sentence.get(sent.index, [])
                if o.start > m.end
                and o.persons[0]
                and o.persons[0] != leader
                and not self.gaz.is_candidate(o.persons[0])
            ]
            end = min([hi, *nxt])
            said = _SPEECH.search(doc.low, m.end, end)
            if said is not None:
                # "..., said he saw no reason ... in the 2016 election": the saying's content
                end = said.start()
            rel = _RELATIVE_AFTER.match(doc.low, m.end, end) or _APPOSITION.match(doc.low, m.end, end)
            if rel is not None:
                end = m.end  # "with X, who took office last week": the aside's date is not the contact's
                # nor may the fallback below take it ("with X, whose government ... ended on Friday")
                close = doc.low.find(",", rel.end(), hi)
                rel_end = close if close >= 0 else hi
                dates = [d for d in dates if not (m.end <= d.start < rel_end)]
            if any(x == m.end for x, _ in asides):
                end = m.end
            own = [d for d in dates if m.end <= d.start < end and d is not report]
            if own:
                chosen = own[0]
        if status == "cancelled":
            # a cancelled meeting is dated by its plan, which the cancellation names ("did not
            # happen this week"), not by other events of the sentence ("left on Monday night")
            # "One meeting that did not happen this week: ...": the date next to the cancellation
            cancel_at = st.cancelled_at(doc.low, sent.start, sent.end)
            if cancel_at is not None:
                seg = [d for d in dates if _same_segment(doc.low, cancel_at, d.start)]
                if seg:
                    chosen = seg[0]
                elif chosen is not None and chosen.day_precise and chosen.relative:
                    chosen = None
            # "called off a state visit to Copenhagen planned for early September": the plan's date
            plan_for = _PLANNED_FOR.search(doc.low, cue.end, hi)
            if plan_for is not None:
                chosen = next((d for d in dates if d.start == plan_for.end()), chosen)
        if chosen is None:
            # "went as guest of Trump, and in November 2019 ... he held meeting": a date after
            # ", and" that opens the next verb's clause is that verb's
            later_verbs = [c.start for c in cues[index + 1 :] if c.form != "noun"]
            after = [
                d
                for d in dates
                if cue.end <= d.start < hi
                and d is not report
                and not (
                    any(d.end <= v for v in later_verbs) and _NEW_CLAUSE_AND.search(doc.low, cue.end, d.start)
                )
            ]
            # "spoke to T on Thursday and had invited him to visit": a date that closes an earlier
            # cue's verb phrase before "and" is that cue's
            before = [
                d
                for d in dates
                if lo <= d.start < cue.start
                and d is not report
                and not (
                    any(c.end <= d.start for c in cues[:index])
                    and _CLOSES_PHRASE.match(doc.low, d.end, cue.start)
                )
            ]
            # "spoke by phone in July and met in person ... in 2019": a date right after an
            # earlier cue of another kind is that cue's; this one takes the date after it
            if after and (not before or after[0].start - cue.end <= 80 or other_before):
                chosen = after[0]
            elif before:
                chosen = before[-1]
        if chosen is not None and chosen.kind in ("y", "rel", "season"):
            # "this year, in March and in July": the finer date that follows says when
            finer = next((d for d in dates if d.start >= chosen.end), None)
            gap = doc.low[chosen.end : finer.start] if finer is not None else ""
            if (
                finer is not None
                and finer.kind in ("m", "my", "ym", "dmy", "mdy")
                and (_DATE_JOIN.match(gap) or re.fullmatch(r"\s*,\s*(?:in|on)?\s*", gap))
            ):
                chosen = finer
        if chosen is None and _WHEN_CLAUSE.match(doc.low, a):
            # "in Manila in November 2017, when he met X": the "when" clause is dated by its head
            # ("a dinner on Wednesday evening, when X and Y sat down": the time of day too)
            prior = [d for d in dates if d.end <= a and _WHEN_HEAD_GAP.fullmatch(doc.low, d.end, a)]
            chosen = prior[-1] if prior else None
        if chosen is not None and chosen.kind == "sameday":
            # "the same day Wednesday": the weekday named with it says which day
            named = next((d for d in dates if d.kind == "wd" and 0 <= d.start - chosen.end <= 2), None)
            chosen = named or chosen
        self.chosen_date = chosen
        if chosen is not None:
            context = self._context_date(sent, chosen, dates)
            in_year = chosen.in_context_year(context) if context is not None else None
            if in_year is not None:
                return (
                    in_year,
                    f"{doc.text[chosen.start : chosen.end]!r} in the year of the context -> {in_year}",
                )
        if chosen is not None:
            anchor = ref
            if report is not None and chosen.relative and chosen.start > report.start and ref is not None:
                anchor = report.anchor(ref) or ref
            if planned and st.superseded(doc.low[max(lo, chosen.start - 40) : chosen.start]):
                return None, "superseded"
            if chosen.kind == "sameday":
                day = self._anchor_day(sent, chosen.start)
                month = self._anchor_month(sent, chosen.start)
                if month is not None:
                    # "You met him in New York last month." ... "Harris met him the day before":
                    # the last time stated is a month, and the day before it lies in that month
                    return (
                        month,
                        f"{doc.text[chosen.start : chosen.end]!r}: in the month stated before -> {month}",
                    )
                if day is None:
                    return None, f"{doc.text[chosen.start : chosen.end]!r}: no earlier day in the article"
                value = (day + dt.timedelta(days=chosen.day_offset())).isoformat()
                return value, f"{doc.text[chosen.start : chosen.end]!r} -> {value} (day stated earlier)"
            # "will not attend Sunday's unveiling, scrapping ...": a cancelled plan lies ahead
            ahead = planned or (
                status == "cancelled" and _WILL_NOT.search(doc.low, sent.start, cue.start) is not None
            )
            value = chosen.resolve(anchor, ahead)
            if value and chosen.kind == "y" and unga_hint(doc.low, lo, hi):
                value = f"{value}-09"
            quote = doc.layout.quote_at(cue.start)
            if (
                value
                and not planned
                and quote is not None
                and quote.label is None
                and chosen.start >= quote.end
                and not chosen.day_precise
                and chosen.start - quote.end <= 60
                and _SPEECH.search(doc.low, quote.end, chosen.start)
            ):
                # '"He wrote me beautiful letters," he said in September': the time of the saying
                # bounds the contact, which may lie months before it: only its year is told
                value = value[:4]
                return value, f"{doc.text[chosen.start : chosen.end]!r}: time of the saying -> year {value}"
            return value, f"{doc.text[chosen.start : chosen.end]!r} -> {value}"
        if report is not None and not _TIMES_SINCE.search(doc.low, cue.end, _b):
            # ("had spoken with X seven times since leaving office": many contacts over a span,
            # none of them at the time of the report)
            value = report.resolve(ref, False)
            if value:
                return value[:7], f"report time {doc.text[report.start : report.end]!r} -> month {value[:7]}"
        if _ALSO.search(doc.low[a : cue.start]) and sent.index > 0:
            prev = self.doc.sentences[sent.index - 1]
            pdates = self._dates_of(prev)
            if pdates:
                value = pdates[-1].resolve(prev.ref_date or doc.published, planned)
                if value:
                    value = value[:7]
                    return value, f"'also': date of the previous sentence -> {value}"
        inherited = self._inherited_date(sent, planned, own_clause, leader) or self._event_date(sent, planned)
        if inherited is not None:
            return _shifted(inherited, _DAYS_BEFORE_CUE.search(doc.low, max(a, cue.start - 40), cue.start))
        if sent.in_entry and status == "occurred" and ref is not None:
            return ref.isoformat(), "live-blog entry date"
        if cue.kind == "call" and _CONGRATS.search(doc.low[sent.start : sent.end]) and ref is not None:
            from pipeline.detect.dates import _ELECTIONS

            for e in reversed(_ELECTIONS):
                if e <= ref and (ref - e).days <= 90:
                    return f"{e.year:04d}-{e.month:02d}", "congratulation call after the election"
        if (
            ref is not None
            and _PERFECT.search(doc.low[a : cue.start])
            and _SINCE.search(doc.low[cue.end : _b])
        ):
            # "have spoken several times since she became the nominee": up to now
            return str(ref.year), "perfect tense with 'since': the reference year"
        return None, "no date in the clause"

    def _lede_day(
        self, sent: Sentence, candidate: str, cue: Cue, clause: tuple[int, int]
    ) -> tuple[str, str] | None:
        """The story's day, stated once in the lede ("Harris spent a long Saturday at the summit"):
        it dates what the candidate does in the paragraphs after it until another date is stated.
        A clause that marks another occasion ("again", "as president", "had met") keeps none."""
        doc = self.doc
        a, b = clause
        turn = doc.layout.quote_at(cue.start)
        if (
            sent.in_entry
            or (turn is not None and turn.label is not None)  # an answer in a transcript tells of any time
            or _OTHER_OCCASION.search(doc.low[a:b])
            or _PAST_MARKER.search(doc.low[a:b])
            or _PLUPERFECT.search(doc.low, max(a, cue.start - 20), cue.start)
        ):
            return None
        for idx in range(sent.index - 1, -1, -1):
            prev = self.doc.sentences[idx]
            if prev.headline:
                return None
            dates = self._dates_of(prev)
            if not dates:
                continue
            # the lede: the first sentence of the body that names anyone, with one day and the candidate
            if any(self.by_sentence.get(i) for i in range(idx) if not doc.sentences[i].headline):
                return None
            if len(dates) != 1 or not dates[0].day_precise:
                return None
            if not any(m.participant and candidate in m.persons for m in self.by_sentence.get(idx, [])):
                return None
            value = dates[0].resolve(prev.ref_date or doc.published, False)
            if value is None:
                return None
            return value, f"story day {doc.text[dates[0].start : dates[0].end]!r} of the lede -> {value}"
        return None

    def _context_date(self, sent: Sentence, chosen: DateExpr, dates: list[DateExpr]) -> DateExpr | None:
        """The last date with an explicit year before ``chosen`` in its sentence; for "that
        December" / "the previous December" also in the earlier sentences of the paragraph."""
        if chosen.kind != "m":
            return None
        own = [d for d in dates if d.end <= chosen.start and d.explicit_year is not None]
        if own:
            return own[-1]
        if (chosen.get("rel") or "") not in ("that", "the previous", "the following"):
            return None
        for idx in range(sent.index - 1, max(-1, sent.index - 4), -1):
            prev = self.doc.sentences[idx]
            if prev.paragraph != sent.paragraph:
                break
            found = [d for d in self._dates_of(prev) if d.explicit_year is not None]
            if found:
                return found[-1]
        return None

    def _not_since(self, cue: Cue, clause_end: int, dates: list[DateExpr]) -> tuple[str, str] | None:
        """ "Have not met since their summit in Hanoi in February": the last contact, dated."""
        low = self.doc.low
        m = _NOT_SINCE.match(low, cue.end, clause_end)
        if m is None:
            return None
        after = [d for d in dates if m.end() <= d.start < clause_end]
        ref = self.doc.published
        for d in after:
            value = d.resolve(ref, False)
            if value:
                return value, f"last contact 'since ... {self.doc.text[d.start : d.end]}' -> {value}"
        return None

    def _coordinated(
        self, chosen: DateExpr | None, dates: list[DateExpr], status: str, limit: int
    ) -> list[tuple[str, str]]:
        """Dates joined to the chosen one ("in March and in July"; "three times: in Singapore in
        June 2018, in Hanoi in February 2019"; "on May 3, 2017, and again in Bethlehem on May 23"):
        one occasion each. A date at or after ``limit`` (the next cue) is that cue's."""
        kinds = ("m", "my", "y", "ym", "mdy", "dmy")
        if chosen is None or chosen.kind not in kinds:
            return []
        day_precise = chosen.kind in ("mdy", "dmy")
        year = chosen.explicit_year
        out: list[tuple[str, str]] = []
        prev = chosen
        for d in dates:
            if d.start < prev.end:
                continue
            if d.start >= limit or d.kind not in kinds or (d.kind in ("mdy", "dmy")) != day_precise:
                break
            gap_low, gap = self.doc.low[prev.end : d.start], self.doc.folded[prev.end : d.start]
            if not (_DATE_JOIN.match(gap_low) or _DATE_JOIN_PLACE.match(gap)):
                break
            # "on May 23 of that year": a date without its year takes the year of the first
            ref = dt.date(year, 12, 31) if year and d.explicit_year is None else self.doc.published
            value = d.resolve(ref, status == "planned" and ref is self.doc.published)
            if value:
                out.append((value, f"coordinated date {self.doc.text[d.start : d.end]!r} -> {value}"))
            prev = d
        return out

    def _dates_of(self, sent: Sentence) -> list[DateExpr]:
        if sent.index not in self._date_cache:
            start = max(sent.start, sent.skip_until)
            self._date_cache[sent.index] = find_dates(self.doc.low, start, sent.end)
        return self._date_cache[sent.index]

    def _anchor_day(self, sent: Sentence, before: int) -> dt.date | None:
        """The last day the article states before ``before`` ("the same day" points back to it)."""
        for idx in range(sent.index, max(-1, sent.index - 40), -1):
            prev = self.doc.sentences[idx]
            ref = prev.ref_date or self.doc.published
            for d in reversed(self._dates_of(prev)):
                if d.start >= before or not d.day_precise:
                    continue
                value = d.resolve(ref, False)
                if not value or len(value) != 10:
                    continue
                day = dt.date.fromisoformat(value)
                if d.relative and ref is not None and (ref - day).days > 183:
                    # "the election here on 29 November" in a mid-November story is the coming
                    # one, read back a year by a past reading: no day an event "the same day" shares
                    continue
                return day
        return None

    def _anchor_month(self, sent: Sentence, before: int) -> str | None:
        """The month of the last date the article states before ``before``, when that date
        names a month but no day ("last month", "in September")."""
        for idx in range(sent.index, max(-1, sent.index - 40), -1):
            prev = self.doc.sentences[idx]
            for d in reversed(self._dates_of(prev)):
                if d.start >= before or d.kind == "sameday":
                    continue
                if d.day_precise:
                    return None  # the last time stated is a day: that day is the anchor
                value = d.resolve(prev.ref_date or self.doc.published, False)
                return value if value and len(value) == 7 else None
        return None

    def _inherited_date(
        self, sent: Sentence, planned: bool, clause_low: str, leader: str
    ) -> tuple[str, str] | None:
        """A date stated in an earlier sentence of the same paragraph or live-blog entry.

        "Trump landed in Tokyo on Saturday. He met Abe at the palace." A clause that
        marks another occasion ("again", "since", "several times") keeps no date; nor
        does a date before an undated sentence that introduces the leader ("... Milei in
        February. Bolsonaro is a good man. I had him at the White House").
        """
        # "Earlier in the day, he held talks": the same day as the sentence before
        if _OTHER_OCCASION.search(_SAME_DAY_OPENER.sub("", clause_low, count=1)):
            return None
        for idx in range(sent.index - 1, max(-1, sent.index - 4), -1):
            prev = self.doc.sentences[idx]
            same_entry = sent.in_entry and prev.in_entry and prev.entry == sent.entry
            if prev.paragraph != sent.paragraph and not same_entry:
                return None
            dates = self._dates_of(prev)
            if not dates:
                if self._names(prev, leader):
                    return None  # the leader's own undated introduction: earlier dates are not theirs
                continue
            # "X held talks with Y yesterday ... Z planned for early September. He said the
            # pair had a great meeting": the date of the contact that sentence states, not its
            # last date
            stated = [f for f in self.frames if f.sentence.index == idx and f.date and f.status == "occurred"]
            if stated and not planned:
                value = stated[0].date
                return value, f"date of the contact stated in an earlier sentence -> {value}"
            if stated:
                # "X spoke with T on Thursday. He said he had invited T to visit": that day is
                # the call's; the visit's is not stated
                return None
            d = dates[-1]
            if d.kind == "sameday":
                # "Earlier in the day, X greeted him. He then ...": the day that one points to
                day = self._anchor_day(prev, d.start)
                value = (day + dt.timedelta(days=d.day_offset())).isoformat() if day else None
            else:
                value = d.resolve(prev.ref_date or self.doc.published, planned)
            if value:
                return value, f"{self.doc.text[d.start : d.end]!r} of an earlier sentence -> {value}"
        return None

    def _names(self, sent: Sentence, leader: str) -> bool:
        return any(
            m.how in ("name", "alias", "title") and leader in m.persons
            for m in self.by_sentence.get(sent.index, [])
        )

    def _event_sentence(self, sent: Sentence) -> tuple[Sentence, int, str] | None:
        """For a sentence opening with "The dinner": the earlier sentence naming that event."""
        m = _DEFINITE_EVENT.match(self.doc.low, max(sent.start, sent.skip_until))
        if m is None:
            return None
        noun = re.compile(r"\b" + re.escape(m.group(1)) + r"\b")
        for idx in range(sent.index - 1, max(-1, sent.index - 6), -1):
            prev = self.doc.sentences[idx]
            hit = noun.search(self.doc.low, prev.start, prev.end)
            if hit is not None:
                return prev, hit.start(), m.group(0).strip()
        return None

    def _about_event(self, sent: Sentence) -> bool:
        return _DEFINITE_EVENT.match(self.doc.low, max(sent.start, sent.skip_until)) is not None

    def _event_host(self, sent: Sentence, guests: list[Mention]) -> list[tuple[str, str, bool, str]]:
        """ "The dinner ... brought together X and Y": guests of the candidate who held the dinner."""
        found = self._event_sentence(sent)
        if found is None:
            return []
        prev, at, _ = found
        hosts = [
            m.person
            for m in self.by_sentence.get(prev.index, [])
            if m.participant and m.start < at and len(m.persons) == 1 and self.gaz.is_candidate(m.person)
        ]
        if not hosts:
            return []
        return [
            (hosts[0], p, False, "event-host")
            for g in guests
            for p in g.persons
            if self.gaz.is_foreign_leader(p, hosts[0])
        ]

    def _event_date(self, sent: Sentence, planned: bool) -> tuple[str, str] | None:
        """ "The dinner, at the hotel, brought together X and Y": the date of the dinner stated
        in one of the sentences before ("used a dinner with leaders on Monday night")."""
        found = self._event_sentence(sent)
        if found is None:
            return None
        prev, at, name = found
        near = [d for d in self._dates_of(prev) if d.start >= at]
        value = near[0].resolve(prev.ref_date or self.doc.published, planned) if near else None
        return (value, f"date of {name!r} stated before -> {value}") if value else None

    def _report_time(self, sent: Sentence, cue: Cue, dates: list[DateExpr]) -> DateExpr | None:
        """A date that belongs to the reporting verb ("On Sunday, Trump wrote that he'd met")."""
        low = self.doc.low
        for d in dates:
            if d.start >= cue.start:
                continue
            between = low[d.end : cue.start]
            around = low[max(sent.start, d.start - 50) : d.start]
            sp = _SPEECH.search(between)
            if sp and len(between) < 120:
                return d
            if sp and _PLUPERFECT.search(low, max(0, cue.start - 20), cue.start):
                return d  # "On Thursday, a website ... claimed the two had met": reported then
            if (
                _SPEECH.search(around)
                and len(between) < 80
                and (re.search(r"\bthat\b|\"", between) or _SPEECH.search(around[-12:]))
            ):
                return d
        return None


# "met the presidents of the three Baltic states — A of Estonia, B of Latvia and C of Lithuania —":
# a dash aside right after a plural of leaders names the cue's participants
_GROUP_OBJECT = re.compile(
    r"[^,;]{0,30}?\b(?:presidents|leaders|prime ministers|premiers|chancellors|heads of (?:state|government)"
    r"|monarchs|kings)\b[^,;\u2014]{0,60}$"
)


def _names_group(doc: Document, cue: Cue, aside_start: int) -> bool:
    """Whether the aside at ``aside_start`` is a dash aside that lists the leaders the cue's
    object names as a group."""
    if aside_start < cue.end or doc.folded[aside_start : aside_start + 3] != " \u2014 ":
        return False
    return _GROUP_OBJECT.fullmatch(doc.low, cue.end, aside_start) is not None


_NOMINATIVE = frozenset({"he", "she", "they", "we", "i"})
_SAID_BEFORE = re.compile(SPEECH_VERBS + r"\s+$")
_IN_RELATIVE = re.compile(r",\s*(?:(?:to|with|for|from|by)\s+)?(?:who|whom|which)\b[^,;]*$")
_DEADLINE = re.compile(r"\b(?:before|by|until|ahead of)\s+(?:the\s+[a-z]+\s+(?:of|on)\s+)?(?:the\s+)?$")
_PUBLIC_CHANNEL = re.compile(
    r"[^.;,]{0,40}?\b(?:in|on|via|through)\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:social (?:networks?|media)|twitter|truth social"
    r"|facebook|instagram|telegram channel|a (?:social media )?post)\b"
)
_WHEN_HEAD_GAP = re.compile(r"[\s,]*(?:(?:morning|afternoon|evening|night)[\s,]*)?")
_IN_A_NOUN = re.compile(r"\b(?:in|at|during|over)\s+(?:a|an|the|their)\s+(?:[a-z]+\s+){0,2}$")
_WITH_END = re.compile(r"\bwith\s+$")
# a trip and where it goes: "a state visit to Denmark", "his trip to the United Kingdom"
_TRAVEL_CUE = re.compile(r"(?:state visit|visit|visits|trip|trips)\b")
_TO_PLACE = re.compile(r"\s+(?:to\s+)?(?:the\s+)?([a-z]+(?:\s+[a-z]+){0,2})")
_DEPICTION = re.compile(
    r"\b(?:photos?|photographs?|pictures?|images?|footage|video)\s+(?:\w+\s+){0,2}?of\s+[^.;,]{0,60}$"
)
_ING_WORD = re.compile(r"[a-z]+ing\b")
_WHERE_OPEN = re.compile(r",\s*(?:where|when)\b")


def _without_relative(low: str, cue_end: int, a: int, b: int) -> str:
    """The clause ``low[a:b]`` without a relative clause after the cue (", who ..." up to its
    comma), nor a time clause about another event ("met X after a planned trip to Y was
    called off": the trip is what was cancelled)."""
    rel = _RELATIVE_AFTER.search(low, cue_end, b) or _OTHER_EVENT_AFTER.search(low, cue_end, b)
    if rel is None:
        return low[a:b]
    close = low.find(",", rel.end(), b)
    return low[a : rel.start()] + (low[close:b] if close >= 0 else "")


def _person_after(low: str, cue: Cue, m: Mention) -> bool:
    """A person named right after "travelled to" (by name, not a pronoun or a possessive)."""
    # ("returned to Trump the letter" gives something back: no journey)
    return (
        m.participant
        and m.how in ("name", "alias")
        and low[cue.end : m.start].isspace()
        and not low.startswith("return", cue.start)
    )


def _shifted(inherited: tuple[str | None, str], offset: re.Match[str] | None) -> tuple[str | None, str]:
    """ "Her call came a day after she sent T a letter": the letter is a day before the call
    whose day the earlier sentence states."""
    value, note = inherited
    if offset is None or value is None or len(value) != 10:
        return inherited
    n_word = offset.group("n")
    n = int(n_word) if n_word.isdigit() else _NUMBER_WORDS.get(n_word, 1)
    days = n * (7 if offset.group("unit").startswith("week") else 1)
    day = dt.date.fromisoformat(value) + dt.timedelta(days=-days if offset.group("dir") == "after" else days)
    return day.isoformat(), f"{note}, {offset.group(0).strip()!r} -> {day.isoformat()}"


def _same_kind(a: Cue, b: Cue) -> bool:
    """ "spoke with Trump by phone": a talk cue and the phone word beside it are one statement."""
    return a.kind == b.kind or {a.kind, b.kind} == {"talk", "call"}


def _embedded(doc: Document, quote: Quote | None) -> bool:
    if quote is None:
        return False
    before = doc.folded[max(0, quote.start - 3) : quote.start].rstrip()
    return bool(before) and before[-1].isalnum()


def _nearest(rx: re.Pattern[str], text: str, at: int) -> int | None:
    """Distance from ``at`` to the nearest match of ``rx`` in ``text``."""
    best = None
    for m in rx.finditer(text):
        d = at - m.end() if m.end() <= at else max(0, m.start() - at)
        if best is None or d < best:
            best = d
    return best


def _same_segment(low: str, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return not re.search(r"[,;:]", low[lo:hi])


def _after_last_comma(text: str) -> str:
    return text[text.rfind(",") + 1 :]


def _after(date: str, ref: dt.date) -> bool:
    """Whether a (partial) ISO date lies wholly after ``ref``."""
    if len(date) == 10:
        return date > ref.isoformat()
    if len(date) == 7:
        return date > ref.isoformat()[:7]
    return date > str(ref.year)
