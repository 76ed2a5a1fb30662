"""Cue tables: the words that make a contact, its kind, its status, and what blocks it.

Every rule of the detector reads these tables; no cue word is written inside
the rules themselves. Patterns are regular-expression fragments matched on
folded, lowercased text (see :mod:`pipeline.detect.normalize`): hyphens are
spaces, quotes and apostrophes are plain ASCII, accents are gone.
"""

from __future__ import annotations

# ------------------------------------------------------------------ contact cues
#
# Each cue: (pattern, kind, form). ``kind`` is meeting / call / message, or
# "talk" for words whose kind depends on the rest of the clause (a phone word
# makes a call, an in-person word a meeting, otherwise DEFAULT_TALK_KIND).
# ``form`` says how participants attach:
#   verb     X <cue> Y, X and Y <cue>, X <cue> with Y
#   noun     X's <cue> with Y, a <cue> between X and Y, <cue> with Y (subject X)
#   call     "called" as a phone verb: only when no naming complement follows
#   visit    X <cue> Y's place (a possessive place noun), or X <cue> Y
#   intrans  X and Y <cue> (no object: "the two spoke briefly before the funeral of Z")

# Listeners that make "speaking to ..." a public statement, not a conversation with a person.
AUDIENCES = (
    r"(?:reporters|journalists|the press|the media|the news media|supporters|the crowd|a crowd|crowds|aides"
    r"|students|an audience|the audience|lawmakers|voters|donors|troops|workers|business leaders)"
)

# Verbs of saying something to a person ("thanked X", "assured X").
ADDRESS_VERBS = (
    r"told|tells|thanked|thanks|thank|assured|assures|urged|urges|pressed|presses|congratulated|congratulates"
    r"|congratulate|briefed|briefs|warned|warns|reassured|reassures|promised|promises|informed|informs|asked|asks"
)
# "joined Biden on Wednesday for a phone call with X": what follows the joined person
JOINED_FOR_CALL = (
    r"(?:[\w.'-]+\s+){1,8}?(?:on|for|in) (?:a |an |the |their )?(?:[a-z]+ )?"
    r"(?:phone call|telephone call|video call|call|videoconference) with\b"
)
CONTACT_CUES: tuple[tuple[str, str, str], ...] = (
    # meetings, verbs
    (r"(?:met|meet|meets|meeting)(?: up)?(?: again)?(?: with)?", "meeting", "verb"),
    (
        r"(?:sat|sit|sits|sitting) (?:down|across|opposite|beside|next|side by side)(?: with| from| to)?",
        "meeting",
        "verb",
    ),
    (r"(?:came|come|comes|coming|got|get|gets|getting) together(?: with)?", "meeting", "verb"),
    (r"(?:stood|stand|stands|standing) (?:beside|alongside|next to|with)", "meeting", "verb"),
    (r"(?:hosted|hosts|host|hosting|played host to|plays host to|play host to)", "meeting", "verb"),
    (r"(?:welcomed|welcomes|welcome|welcoming)", "meeting", "verb"),
    (r"(?:received|receives|receive|receiving)", "meeting", "verb"),
    (r"(?:greeted|greets|greet|greeting)", "meeting", "verb"),
    (r"(?:visited|visits|visit|visiting)", "meeting", "visit"),
    (r"(?:dined|dines|dine|dining|lunched|breakfasted) with", "meeting", "verb"),
    # verb-final word order of translated text: "Trump has with Orban in Mar-a-Lago dined"
    (r"(?:dined|lunched|breakfasted)(?! with)", "meeting", "verb"),
    (r"(?:negotiated|negotiates|negotiate|negotiating)(?: with)?", "meeting", "verb"),
    (r"(?:embraced|embraces|embrace|embracing|hugged|hugs)", "meeting", "verb"),
    (r"(?:entertained|entertains|entertain|entertaining)", "meeting", "verb"),
    (r"(?:played|plays|play|playing) (?:a round of )?golf with", "meeting", "verb"),
    (r"(?:played|plays|play|playing) (?:a round of )?golf(?! with)", "meeting", "intrans"),
    # "told X during their meeting", "thanked X in a phone call": a word said to X at a
    # meeting or on a call is that contact
    (
        r"(?:"
        + ADDRESS_VERBS
        + r")(?!\s+[\w.-]+'s?\s)(?=\s+(?:[\w.'-]+\s+){1,4}(?:[^.;]{0,50}?\s)?(?:during|in|at|on|over)"
        r" (?:a|an|the|their|his|her) (?:[\w-]+ ){0,2}(?:meeting|talks|summit|bilateral|dinner|lunch|breakfast)\b"
        r"(?! with\b| between\b))",
        "meeting",
        "verb",
    ),
    (
        r"(?:"
        + ADDRESS_VERBS
        + r")(?!\s+[\w.-]+'s?\s)(?=\s+(?:[\w.'-]+\s+){1,4}(?:[^.;]{0,50}?\s)?(?:by phone|by telephone"
        r"|over the phone|on the phone|(?:during|in|on) (?:a|an|the|their|his|her) (?:[\w-]+ ){0,2}"
        r"(?:call|phone call|telephone call|phone conversation|telephone conversation|video call))\b(?! with\b))",
        "call",
        "verb",
    ),
    # "thanked X for the call": the call had taken place
    (
        r"(?:thanked|thanks|thank)(?!\s+[\w.-]+'s?\s)(?=\s+(?:[\w.'-]+\s+){1,4}for (?:the|their|a|his|her)"
        r" (?:[\w-]+ ){0,2}(?:call|phone call|telephone call|phone conversation|conversation)\b)",
        "call",
        "verb",
    ),
    (
        r"(?:thanked|thanks|thank)(?!\s+[\w.-]+'s?\s)(?=\s+(?:[\w.'-]+\s+){1,4}for (?:the|their|a|his|her)"
        r" (?:[\w-]+ ){0,2}(?:meeting|talks|visit|dinner|lunch|hospitality|welcome)\b)",
        "meeting",
        "verb",
    ),
    # "discussed Gaza with Netanyahu": the one discussed with is the other side
    # (the cue runs to "with": what is discussed is no participant)
    (r"(?:discussed|discusses|discuss|discussing)\s[^.;]{0,60}?\bwith", "talk", "verb"),
    (r"(?:shook|shake|shakes|shaking) hands(?: with)?", "meeting", "verb"),
    (
        r"(?:held|hold|holds|holding|had|have|has|having) (?:(?:a |an )?(?:brief |private |working |long |lengthy"
        r" |short |formal |informal |bilateral |closed door |one on one |face to face |back to back )*"
        r"(?:talks|meeting|meetings|dinner|lunch|luncheon|breakfast|tea|coffee|pull aside|pull asides|bilateral"
        r"|summit|session))",
        "meeting",
        "verb",
    ),
    (r"(?:huddled|huddles|huddle|conferred|confers|confer)(?: with)?", "meeting", "verb"),
    (r"(?:crossed|cross|crosses|crossing) paths(?: with)?", "meeting", "verb"),
    # "was reunited with the president" (translated text): met again
    (r"(?:reunited|reunites|reunite|reuniting) with", "meeting", "verb"),
    # "joined Mr. Modi on stage", "joined X for talks": a shared appearance or meeting
    (
        r"(?:joined|joins|join|joining)(?=\s+(?!(?:the|a|an|his|her|their|its)\s)(?:[a-z.']+\s+){1,6}(?:on (?:the )?stage|onstage"
        r"|for (?:talks|dinner|lunch|breakfast|a meeting|a dinner|a lunch|a working))\b)",
        "meeting",
        "verb",
    ),
    # the host of an event and its guests: "presided as X and Y signed", "brought together X, Y and Z"
    (r"(?:presided|presides|preside|presiding) (?:over|as|at)", "meeting", "verb"),
    (r"(?:brought|brings|bring|bringing) together", "meeting", "verb"),
    # "paid a call on", "is to call on X in New York": a visit ("called on X to ..." urges: see rules)
    (
        r"(?:paid|pay|pays|paying) (?:a )?(?:courtesy |brief )?(?:call|visit|visits) (?:on|to)",
        "meeting",
        "visit",
    ),
    # not "a call on Tuesday", "a call on the sidelines": a time or an occasion follows
    (
        r"(?:call|calls|calling|called) on(?! (?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|the (?:eve|sidelines"
        r"|morning|evening|night|day|first|second|third|\d+)|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
        r"|\d+)\b)",
        "meeting",
        "callon",
    ),
    (r"(?:see|sees|saw|seeing)", "meeting", "verb"),
    (r"(?:talked|talks|talk|talking) (?:with|to)(?! " + AUDIENCES + r"\b)", "meeting", "verb"),
    (r"(?:is|are|was|were) (?:coming|going|due|set) to (?:meet|see|visit)", "meeting", "verb"),
    (
        r"(?:flew|fly|flies|flying|travelled|traveled|travel|travels|went|go|goes|came|come|comes)"
        r" to (?:see|meet|visit)",
        "meeting",
        "verb",
    ),
    (r"(?:is|are|was|were) (?:due|expected) (?:at|in)", "meeting", "visit"),
    (r"(?:guest|guests) (?:of|at)", "meeting", "visit"),
    # "had been Trump's guest last week", "was Trump's first foreign visitor": the host owns the noun
    (
        r"(?<='s )(?:(?:first|latest|last|only) )?(?:foreign )?(?:guest|guests|visitor|visitors)",
        "meeting",
        "noun",
    ),
    # "joined Trump for dinner", "spent the evening with X", "the two spent an hour together"
    (
        r"(?:joined|joins|join|joining)(?=\s+(?:[\w.'-]+\s+){1,4}for (?:a |an )?(?:private |working )?"
        r"(?:dinner|lunch|breakfast|talks|meeting|round of golf|golf|tea|coffee)\b)",
        "meeting",
        "verb",
    ),
    # "joined Biden for a call with X": the one joining takes part in the call
    # (the other side is the one after "with": see JOINED_FOR_CALL)
    (r"(?:joined|joins|join|joining)(?=\s+" + JOINED_FOR_CALL + ")", "call", "verb"),
    # "is expected to join X on Sunday at the unveiling", "a joint appearance with X": the two
    # appear together; "joined X in condemning" is a shared statement, no contact
    (
        # ("was joined by his minister": the passive names a companion, no contact)
        r"(?:joined|joins|join|joining)(?! by\b)(?!\s+(?:[\w.'-]+\s+){1,4}in\s+(?:[a-z]+ing|calling|(?:a|the) (?:call|chorus"
        r"|statement|letter|condemnation))\b)"
        # the object is a person: "joined the call", "join NATO leaders" name no one to meet
        # (nor a pronoun: "joined them" mostly adds a late guest to a meeting stated before)
        r"(?!\s+(?:him|her|them|us|me)\b)"
        r"(?!\s+(?:the|a|an|his|her|their|its|this|that|other|fellow|[a-z]+ leaders)\s"
        r"(?!(?:[a-z]+ )?(?:president|prime minister|premier|chancellor|king|emir|crown prince|taoiseach)\b))",
        "meeting",
        "verb",
    ),
    (r"joint (?:appearance|appearances|event|news conference|press conference|visit)", "meeting", "noun"),
    (
        r"(?:spent|spend|spends|spending)(?= (?:(?:about|nearly|almost|more than|over|an|a|the|two|three|several"
        r"|[a-z]+day|\d+) ){0,3}(?:evening|afternoon|morning|day|hour|hours|minutes|time|weekend|night) with\b)",
        "meeting",
        "verb",
    ),
    (
        r"(?:spent|spend|spends|spending)(?= (?:(?:about|nearly|almost|more than|over|an|a|the|two|three|several"
        r"|[a-z]+day|\d+) ){0,3}(?:evening|afternoon|morning|day|hour|hours|minutes|time|weekend|night) together\b)",
        "meeting",
        "intrans",
    ),
    (r"(?:invited|invites|invite|inviting)", "meeting", "verb"),
    # a candidate's venue makes these a visit: "X came to Mar-a-Lago", "I had him at the White House"
    # (form "goto" / "host": no contact unless a venue mention follows, see rules)
    (
        r"(?:came|come|comes|coming|went|goes|flew|flies|travelled|traveled|travels|returned|returns) to",
        "meeting",
        "goto",
    ),
    # "called off his trip to Denmark": a trip to a country whose leader the story names (see rules)
    (r"(?:trip|trips) to", "meeting", "noun"),
    (
        r"(?:had|has|have|having)(?= (?:him|her|them|[a-z]+(?: [a-z]+){0,3}) (?:at|over at|over to|to) )",
        "meeting",
        "host",
    ),
    # meetings, nouns
    # ("their summit in Helsinki": the pair named before owns it)
    (
        r"(?:summit|summits)(?: with|(?= between\b)|(?:(?<=\btheir summit)|(?<=\btheir summits))"
        r"(?=\s*[,.;]|\s+(?:in|at|on|last|this|that|was|were|had|has|is|took|ended|lasted|came)\b))",
        "meeting",
        "noun",
    ),
    (
        r"(?:meeting|meetings|talks|sit down|sit downs|dinner|lunch|breakfast|tete a tete"
        r"|encounter|encounters|dinners|lunches|audience with|bilateral(?! (?!with\b|between\b)[a-z]{3,})|one on one|face to face meeting|(?<!met )(?<!meet )(?<!meets )(?<!spoke )(?<!talked )face to face|visit|invitation|pull aside"
        r"|pull asides|working breakfast|working lunch|luncheon|state visit|courtesy call)",
        "meeting",
        "noun",
    ),
    # calls
    (
        r"(?:spoke|spoken|speak|speaks|speaking) (?:by phone |on the phone |by telephone |over the phone |briefly )?"
        r"(?:with|to)(?! " + AUDIENCES + r"\b)",
        "talk",
        "verb",
    ),
    # no preposition: only a joint subject takes part ("the two spoke briefly")
    (r"(?:spoke|spoken|speak) (?:by phone|on the phone|by telephone|over the phone)", "call", "intrans"),
    (r"(?:spoke|spoken|speak) (?:briefly|privately|at length)", "talk", "intrans"),
    # "Trump and Zelenskyy spoke last Wednesday": a joint subject and a time, nothing else
    (
        r"(?:spoke|spoken|talked)(?=\s+(?:last (?:week|night|month|[a-z]+day)|on [a-z]+day|yesterday|earlier this"
        r" [a-z]+|again|twice|for (?:about |nearly |almost |more than |over )?(?:\d+|an?|[a-z]+) (?:minutes?|hours?))"
        r"\s*[.,;]|\s*\.)",
        "talk",
        "intrans",
    ),
    (
        r"(?:talked|talk|talks|conversed|converse|spoke|spoken) (?:by|over the|on the|in a|via)"
        r" (?:phone|telephone|videocall|video call|video link|videoconference|virtual meeting)",
        "call",
        "intrans",
    ),
    (r"(?:conversed|converses|converse|conversing) with", "talk", "verb"),
    (r"(?:phoned|phones|phone|telephoned|rang|dialled|dialed)", "call", "verb"),
    (r"(?:called|calls|call|calling)", "call", "call"),
    (
        r"(?:phone call|phone calls|telephone call|video call|videocall|video conference|videoconference"
        r"|telephone talks?|phone talks?"
        r"|virtual meeting|call|calls"
        r"|phone conversation|telephone conversation)",
        "call",
        "noun",
    ),
    (r"(?:conversation|conversations|communications|contacts)", "talk", "noun"),
    # messages
    (r"(?:wrote|writes|write|written) (?:a letter |a note |a message )?to", "message", "verb"),
    (r"(?:sent|sends|send) (?:a |an )?(?:letter|note|message)", "message", "verb"),
    # "sent Trump a letter": the recipient named between the verb and the letter
    (
        r"(?:sent|sends|send)(?=\s+(?:[\w.'-]+\s+){1,4}(?:a |an |the )?(?:(?:handwritten|personal|private"
        r"|congratulatory|brief|warm) )?(?:letter|letters|note|message)\b)",
        "message",
        "verb",
    ),
    # "had sent him a letter": the recipient between the verb and the letter
    (
        r"(?:sent|sends|send)(?=\s+(?:him|her|them)\s+(?:a |an |the )?(?:letter|letters|note|message)\b)",
        "message",
        "verb",
    ),
    (r"(?:wrote|writes|write|written) back(?: [a-z]+){0,3}? to", "message", "verb"),
    # "sent to X a letter" (translated word order)
    (r"(?:sent|sends|send) to(?=[^.;]{0,60}\b(?:letter|note|message)\b)", "message", "verb"),
    (r"(?:exchanged|exchange) (?:letters|messages|notes)", "message", "verb"),
    (r"(?:letter|letters|handwritten note|private message|congratulatory message)", "message", "noun"),
)

# Kind for "talk" cues when the clause says nothing about phone or presence.
DEFAULT_TALK_KIND = {"verb": "call", "noun": "call", "intrans": "call"}
TALK_VERBS_IN_PERSON = r"\b(?:talked|talks|talk|talking) (?:with|to)\b"

PHONE_WORDS = r"\b(?:phone|phones|phoned|telephone|call|calls|called|video|zoom|line)\b"
IN_PERSON_WORDS = (
    r"\b(?:in person|face to face|met|meet|meeting|visit|visited|dinner|lunch|sat|seated|beside|alongside"
    r"|sidelines|hosted|welcomed|inside|side by side|chairs|at the white house|at mar a lago|at his|at her|at the)\b"
)

# "called X" names or describes someone unless a phone complement follows the object.
CALL_NAMING_AFTER = r'^\s*(?:"|a |an |the |him |her |it |his |their |them |on |for |out |off |up )'
CALL_PHONE_AFTER = (
    r"^\s*(?:to |and |after |on |last |this |in |from |by |,|\.|;|$|days |hours |shortly |again"
    r"|the other day|yesterday|today|recently|twice|several times|repeatedly)"
)

# Nouns that host a meeting when owned by a person ("Trump's Mar-a-Lago estate").
PLACE_NOUNS = (
    r"(?:estate|home|homes|residence|resort|club|golf club|tower|palace|ranch|mansion|compound|property"
    r"|apartment|penthouse|office|country house|retreat|dacha)"
)
# Event nouns owned by a person ("Harris's meeting with", "his call with").
EVENT_NOUNS = (
    r"(?:meeting|meetings|summit|summits|talks|call|calls|phone call|conversation|visit|dinner|letter|invitation"
    r"|sit down|encounter|trip|guest|host|first|last|second|third|seventh|latest|recent|previous)"
)

# --------------------------------------------------------------------- status

PLANNED_CUES = (
    r"\b(?:will|won't|'ll|would|shall|going to|(?<!his )(?<!her )(?<!their )(?<!the )(?<!a )plans? to"
    # "presented his plan to Biden" is a document, "his plan to visit" a plan
    r"|(?:his|her|their|the|a) plans? to (?:meet|see|visit|host|travel|call|speak|talk|hold|fly|go|receive)"
    r"|planning to|planned|set to|slated to|poised to|on track to|expected to|expects to"
    r"|scheduled to|scheduled|is due|are due|due to|hopes? to|hoped to|hoping to|wants? to|intends? to|agreed to"
    # "agreed with Trump to meet in person", "we agreed with President X to discuss at a meeting"
    r"|(?:agreed|agrees|agree) with [^,.;\"]{1,40}? to"
    r"|agree to|offered to|offers to|looking forward|look forward|upcoming"
    r"|is coming to|are coming to|coming to meet|probably|may|might|is to|are to|asked to meet"
    r"|seeking|seeks|sought|requested|next week|next month|next year|tomorrow|later this"
    r"|(?:accepted|accepts|accept|accepting) (?:an |the |his |her |their |a )?(?:invitation|invite|offer))\b"
)
# A travel schedule in the present tense: "he flies to Paris on Thursday for talks with X".
SCHEDULE_PRESENT = r"\b(?:flies|travels|heads|departs|continues on|moves on|goes on)\b(?![^,;]{0,60}\b(?:last|ago|earlier)\b)"
# A cue in the perfect or simple past after one of these is still a plan that did not happen yet.
CANCELLED_CUES = (
    r"\b(?:cancell?ed|cancel|cancels|cancelling|canceling|called off|calls off|call off|calling off|scrapped|scraps"
    r"|scrap|scrapping|axed|axing|shelving|nixing|skipped|skips|skip|(?:declined|declines|refused|refuses|turned down|turns down)(?: an?| the| his| her)?(?: to (?:meet|see|host|receive|talk|speak)| invitation| meeting| request)|never took place"
    r"|did not take place|didn't take place|did not happen|didn't happen|never happened|fell through"
    r"|falls through|without the|(?:was|were) not (?:held|realized|realised|carried out)|(?:has|have|had) not been (?:held|realized|realised)"
    r"|without (?:realizing|realising|holding) the|(?:pulled|backed|bowed) out of|no longer|(?:postponed|put off|delayed)(?: [^,.;]{1,60}?)? indefinitely|shelved"
    r"|nixed|scuttled|put on hold|(?:dropped|struck|taken|removed) (?:from|off) (?:the |her |his |their )?(?:schedule|agenda|itinerary|programme|program)|(?:did not|didn't|never|failed to) materiali[sz]e[ds]?|(?:turned|turns|turn) (?:him|her|them|it|the request) down|rebuffed|(?:was|were|has been|had been|got) dropped|abandoned (?:the |a |his |her |their )?(?:plan|plans|trip|visit|meeting))\b"
)
# "called off a wave of strikes": a cancelling verb with a determiner-led object cancels a
# contact only when that object names one (or a plan for one).
CANCEL_VERB = (
    r"^(?:cancell?ed|cancel|cancels|cancelling|canceling|called off|calls off|call off|calling off|scrapped|scraps"
    r"|scrap|scrapping|axed|axing|shelved|shelving|nixed|nixing|scuttled|skipped|skips|skip)$"
)
CANCEL_OBJECT = r"^\s+(?:a|an|the|his|her|their|its|this|that|these|those|all)\s+([^,.;:\"()]{0,50})"
CANCELLABLE_NOUNS = (
    r"\b(?:meetings?|talks|calls?|visits?|trips?|summits?|dinners?|lunch|lunches|breakfast|encounters?|sit-?downs?"
    r"|bilaterals?|plans?|appearances?|sessions?|tours?|stops?|stopovers?|audiences?|invitations?|conversations?"
    r"|receptions?|ceremony|ceremonies|events?|engagements?|travel|journey|rendezvous|date|appointment"
    r"|get-together|round|schedule|itinerary|state visit|press conference|photo op|handshake|reunion)\b"
)
# A request for a contact: what the next sentence says of it ("turned him down") decides.
REQUEST_CUES = r"^(?:seeking|seeks|sought|requested|asked to meet)$"
# An expectation that the text reports as past: usually followed by its cancellation.
FAILED_PLAN_CUES = r"\b(?:had (?:also |originally |initially )?been (?:expected|scheduled|set|due|planning)|was supposed to|were supposed to|had planned)\b"

ALLEGED_CUES = (
    r"\b(?:alleged|allegedly|allegation|allegations|reportedly|purported|purportedly|unconfirmed|rumou?red"
    r"|(?:claims|claimed|claim)(?! credit| responsibility| victory)|denied|denies|deny|denial|if true|according to (?:a|the|an upcoming|a new)"
    r" (?:book|report|memoir)"
    # "a forthcoming memoir says Trump met X"
    r"|(?:book|memoir|biography|documentary)\b[^.;\"]{0,40}?\b(?:says|said|claims|claimed|alleges|alleged|asserts"
    r"|recounts|describes|details)"
    r"|(?:rejected|rejects|dismissed|dismisses|disputed|disputes)"
    r" (?:the |a |those |these )?(?:\w+ )?(?:reports?|accounts?|suggestions?|stories|story|allegations?)"
    r"|according to (?:a|the|an upcoming|a new)"
    r" (?:book|report|memoir)|unnamed sources|anonymous sources"
    r"|(?:people|person|persons|sources?|officials?|aides?) (?:familiar with|briefed on|with knowledge of)"
    r"|according to (?:a |an |the |two |three |four |several |multiple )?(?:\w+ )?(?:people|sources|book|memoir"
    r"|account|excerpts?)|(?:is|are|was|were) said to have|(?:would not|did not|declined to|refused to)"
    r" confirm"
    # a media report the candidate's side does not confirm: "a tabloid reported that"
    r"|(?:tabloid|newspaper|paper|weekly|daily|magazine|outlet|news site|website|broadcaster|the report|a report|reports"
    r"|columnist|commentator|blogger|pundit)\b[^.;\"]{0,90}?"
    r"\b(?:(?:reported|wrote)(?: (?:on|last|this|late|early) [a-z]+)?|said|claimed|alleged|suggested) that)\b"
    # "a new book by X says you have spoken with": a book's claim needs no "that"
    r"|\b(?:book|memoir)\b[^.;\"]{0,60}?\b(?:says|said|claims|claimed|alleges|alleged|reports|reported)\b"
)

# A report by someone who is neither side ("The Daily Globe reported on Sunday that", "the author
# writes that"): alleged when a denial or a failure to confirm follows it (DENIAL_NEAR).
REPORTED_THAT = (
    r"\b(?:reported|reports|writes|wrote|claims|claimed|alleges|alleged|asserts|asserted)"
    r"(?:\s+(?:on|last|this|early|late)\s+[a-z]+)?"
    # "wrote in his book \"War\" that", "reported in a column last week that"
    r"(?:\s+in\s+(?:his|her|their|a|an|the)\s+(?:new\s+|latest\s+|forthcoming\s+)?(?:book|memoir|column|article"
    r"|report|biography|essay|newsletter)(?:\s+\"[^\"]{1,40}\")?)?\s+that\b"
)
DENIAL_NEAR = (
    r"\b(?:denied|denies|deny|denial|not true|(?:pure |complete |total )?fiction|made up|fabricat[a-z]*|false"
    r"|(?:declined|refused|not|unable) to (?:independently )?confirm|could not (?:independently )?confirm"
    r"|did not confirm|would not confirm|unconfirmed|nonsense|fake news)\b"
)

# Negation before the cue within the clause: no contact.
NEGATION_CUES = (
    r"\b(?:never|not|no|[a-z]+n't|neither|nor|has yet to|have yet to|had yet to|without|no plans|no record"
    r"|no indication|no evidence|unable to)\b"
)
# "denied ever speaking with X", "denies that he had met X": the candidate's own denial
# with no third party's claim in the sentence is a negation, not an alleged contact.
DENIAL_BEFORE = (
    r"\b(?:denied|denies|deny|denying)\s+(?:(?:ever|having|once|that|he|she|they|it|[a-z]+)\s+){0,4}?"
    r"(?:ever\s+|having\s+|had\s+|has\s+|have\s+)*(?:[a-z]+ly\s+)?$"
)
THIRD_PARTY_CLAIM = (
    r"\b(?:reports?|reported|book|memoir|claims?|claimed|allegations?|alleged|sources?|accounts?|story|stories"
    r"|suggestions?|rumou?rs?|according to)\b"
)
# Negation words that do not negate the contact.
NEGATION_EXCEPTIONS = (
    r"\b(?:not (?:just|only|least|since|for the first|the first|their first|his first|her first|until"
    r"|long after|long before)|no stranger|not strangers|not a stranger|no doubt|not without)\b"
)
# "invited X to visit": an invitation is a plan only with what it invites to.
INVITATION_PLAN = (
    r"^[^.;]{0,80}?\bto (?:visit|meet|come|see|attend|travel|join|speak|hold|talk|stop|stop by|drop by|dine"
    r"|lunch|address)\b"
)
# "invited X to Washington": to a named place (matched on folded, not lowercased, text).
INVITATION_PLACE = r"^[^.;]{0,80}?\bto (?:the )?[A-Z][a-z]"
# "called on X to act" urges; "call on X in New York" visits.
CALL_ON_URGES = r"^\s*,?\s*to [a-z]+"
# Plans that were superseded by what happened ("had originally said he would see").
SUPERSEDED_CUES = r"\b(?:originally|initially|first announced|at first)\b"
# Questions and conditions: no contact in the rest of the clause.
# "had hoped for a meeting": a wish the text reports as unfulfilled, not a plan.
IRREALIS_CUES = (
    r"\b(?:whether|if|unless|asked if|in hopes of|hypothetical"
    r"|had (?:also |long |once )?(?:hoped|wanted|wished)"
    # "he'd like to see me": a wish, neither a plan nor a contact
    r"|(?:'d|would|would really) (?:like|love) to"
    # "said he was ready to talk to him": a readiness, no arrangement and no contact
    r"|(?:is|are|was|were|'s|am|be|being|stands|stood) (?:still |now |always )?\"?(?:ready|prepared|willing|open)\"? to)\b"
)
# "first foreign leader to see": an infinitive that reports something done.
ACHIEVED_INFINITIVE = r"\b(?:first|last|second|only|latest)\b[^,;]{0,60}\bto$"

# ---------------------------------------------------------------- participants

SPEECH_VERBS = (
    r"\b(?:said|says|say|told|tells|tell|wrote|writes|posted|posts|announced|announces|confirmed|confirms"
    r"|tweeted|added|adds|recounted|revealed|reveals|stated|insisted|disclosed|declared|boasted|claimed"
    r"|explained|noted|recalled|remarked|commented|informed|assured|specified|indicated|affirmed)\b"
)

# "Walz was one of five governors who met X": the member of the group is the relative's subject.
GROUP_MEMBER = (
    r"^\s*(?:is|was|were|are|has been|had been|became)\s+(?:also\s+)?(?:one of|among|part of)\b[^,;.]{0,60}$"
)

# A person named right after one of these is someone's relative, not the leader at the table.
KINSHIP_NOUNS = (
    r"(?:wife|husband|spouse|son|daughter|brother|half brother|sister|half sister|father|mother|uncle"
    r"|cousin|nephew|niece|son in law|daughter in law|widow|grandson|granddaughter|partner|first lady)"
)
# Words after a name that make the name a modifier ("a Trump aide", "the Harris campaign").
MODIFIED_NOUNS = (
    r"(?:campaign|campaigns|aide|aides|administration|tower|towers|organization|ally|allies|team|government"
    r"|victory|win|return|presidency|era|rally|rallies|supporters|supporter|transition|adviser|advisers"
    r"|advisor|advisors|official|officials|camp|world|family|loyalist|loyalists|voters|policy|policies"
    r"|doctrine|card|hotel|plaza|tariffs|years|term|ticket|jr|sr|associates|spokesman|spokeswoman"
    r"|spokesperson|staff|doctrine|effect|factor|impeachment|trial|case|national|golf|international)"
)
# Relative clauses and participle phrases set off by commas do not carry participants.
PARENTHETICAL_OPENERS = r"(?:who|which|whose|whom|where|representing|accompanied|accompanying|according)"
# Participles that open a list of participants rather than an aside.
LIST_PARTICIPLES = r"(?:including|notably|especially)"

# Capitalized words that may stand right before a name without making it another person.
TITLE_WORDS = frozenset(
    [
        "president",
        "prime",
        "minister",
        "premier",
        "chancellor",
        "king",
        "queen",
        "emir",
        "amir",
        "sheikh",
        "sheik",
        "shaikh",
        "sultan",
        "prince",
        "crown",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "dame",
        "sen",
        "senator",
        "gov",
        "governor",
        "rep",
        "representative",
        "vice",
        "former",
        "then",
        "elect",
        "candidate",
        "nominee",
        "leader",
        "taoiseach",
        "pm",
        "general",
        "gen",
        "marshal",
        "majesty",
        "highness",
        "comrade",
        "chairman",
        "secretary",
        "ambassador",
        "lord",
        "lady",
        "his",
        "her",
        "hrh",
        "republican",
        "democratic",
        "democrat",
        "presidential",
        "president",
        "elect",
        "ex",
        "outgoing",
        "incoming",
        "the",
        "a",
        "an",
        "and",
        "of",
        "with",
        "by",
        "to",
        "for",
        "from",
        "at",
        "in",
        "on",
        "as",
        "but",
        "or",
        "met",
        "meet",
        "said",
        "told",
    ]
)

# Capitalized calendar words right before a surname are not a given name ("on Tuesday Vance met").
MONTH_NAMES = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
# ("May" can be a given name: not a calendar word here)
CALENDAR_WORDS = (MONTH_NAMES - {"may"}) | frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "tonight",
    ]
)

# Capitalized words that start a sentence without being a given name ("Then Trump said").
SENTENCE_START_WORDS = frozenset(
    [
        "then",
        "when",
        "after",
        "before",
        "while",
        "as",
        "since",
        "if",
        "but",
        "so",
        "yet",
        "still",
        "also",
        "later",
        "now",
        "today",
        "yesterday",
        "earlier",
        "because",
        "although",
        "though",
        "once",
        "until",
        "where",
        "why",
        "how",
        "what",
        "whether",
        "meanwhile",
        "instead",
        "only",
        "even",
        "both",
        "neither",
        "nor",
        "last",
        "next",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "we",
        "they",
        "he",
        "she",
        "i",
        "you",
        "asked",
        "told",
        "said",
        "during",
        "despite",
        "like",
        "unlike",
        "with",
        "without",
        "for",
        "from",
        "at",
        "in",
        "on",
        "by",
    ]
)

# Plural references to the two people of the story.
PLURAL_REFERENCES = (
    r"\b(?:the two(?: men| leaders| women| politicians| politician| presidents| sides)?|the pair|both men"
    r"|both leaders|the two of them|they|them|their"
    # "both spoke by telephone": "both" as the subject of a contact verb
    r"|(?<![A-Za-z] )both(?=\s+(?:spoke|met|talked|held|had|sat|shook|exchanged|dined|conferred)\b))\b"
)

# ----------------------------------------------------------------- titles

# Titles that mean "whoever leads the country" (resolved through any leading office).
GENERIC_LEADER_TITLES = frozenset({"leader", "ruler", "head of state", "head of government", "strongman"})
# Spelling variants of titles mapped to the one used in leaders.yaml.
TITLE_SYNONYMS = {
    "premier": "prime minister",
    "pm": "prime minister",
    "amir": "emir",
    "head of government": "head of government",
    "state counselor": "state counsellor",
}
# Title words the mention finder looks for after a country word.
TITLE_PHRASES = (
    "prime minister",
    "premier",
    "president",
    "emir",
    "amir",
    "king",
    "queen",
    "chancellor",
    "taoiseach",
    "crown prince",
    "supreme leader",
    "leader",
    "ruler",
    "head of state",
    "head of government",
    "sultan",
    "monarch",
    "grand duke",
    "prince",
    "general secretary",
    "state counsellor",
    "chairman",
    "strongman",
)
TITLE_PREFIXES = r"(?:former|then|ex|outgoing|incoming|late|new|current|interim|acting)"
# Titles several countries' leaders hold at once: a bare "the emir", "the prime minister"
# is the holder the article last named (never a guess among all of them). Not "the
# president": in American news that is mostly the American one, often not named.
SHARED_TITLES = (
    "crown prince",
    "king",
    "queen",
    "emir",
    "amir",
    "sultan",
    "emperor",
    "prime minister",
    "premier",
    "chancellor",
    "president",
)

# Lowercase name particles: names with them get no generated surname form.
NAME_PARTICLES = frozenset(
    {"bin", "bint", "ibn", "al", "el", "de", "da", "do", "dos", "van", "von", "der", "la", "le"}
)

# Sentence-final abbreviations that do not end a sentence.
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "rep",
        "gov",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "st",
        "jr",
        "sr",
        "prof",
        "rev",
        "hon",
        "u.s",
        "u.n",
        "u.k",
        "d.c",
        "e.u",
        "fla",
        "mich",
        "del",
        "calif",
        "ariz",
        "ga",
        "pa",
        "va",
        "n.y",
        "n.j",
        "mass",
        "conn",
        "wash",
        "tenn",
        "ky",
        "la",
        "md",
        "mo",
        "minn",
        "wis",
        "ill",
        "ind",
        "ore",
        "okla",
        "colo",
        "nev",
        "a.m",
        "p.m",
        "jan",
        "feb",
        "mar",
        "apr",
        "aug",
        "sept",
        "sep",
        "oct",
        "nov",
        "dec",
        "no",
        "vs",
        "etc",
        "inc",
        "corp",
        "ltd",
        "co",
        "messrs",
        "mt",
        "ft",
    ]
)
