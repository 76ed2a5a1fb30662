"""Recall classes found on a private corpus: lists whose items open with a possessive
country word, coordinated predicates, the kind of a cue's own stretch, and more.
Sentences written for these tests."""

from __future__ import annotations

TRUMP, HARRIS = "Donald Trump", "Kamala Harris"


def _pairs(found: set[tuple[str, str, str, str, str | None]]) -> set[tuple[str, str]]:
    return {(c, ld) for c, ld, *_ in found}


# ------------------------------------------------ lists with possessive country words


def test_list_items_opening_with_a_possessive_country_word(contacts):
    text = "On Monday Trump spoke with Italy's Giorgia Meloni, Poland's Andrzej Duda and Canada's Justin Trudeau."
    found = contacts(text, "2024-11-12")
    assert _pairs(found) == {(TRUMP, "Giorgia Meloni"), (TRUMP, "Andrzej Duda"), (TRUMP, "Justin Trudeau")}
    assert {d for *_, d in found} == {"2024-11-11"}


def test_list_mixing_a_title_and_a_possessive_king(contacts):
    text = "Kamala Harris met Egyptian President Abdel Fattah el-Sisi, Jordan's King Abdullah II and Macron in Paris."
    found = contacts(text, "2024-09-18")
    assert _pairs(found) == {
        (HARRIS, "Abdel Fattah el-Sisi"),
        (HARRIS, "Abdullah II of Jordan"),
        (HARRIS, "Emmanuel Macron"),
    }


def test_possessive_after_a_list_that_a_clause_ended_is_no_item(contacts):
    # the second comma opens a new clause with its own subject: Scholz is no guest of Trump
    text = "Trump met Giorgia Meloni in Rome, after which Germany's Olaf Scholz spoke to reporters."
    assert _pairs(contacts(text, "2024-09-18")) == {(TRUMP, "Giorgia Meloni")}


def test_possessive_owner_of_a_place_in_a_list_is_not_met(contacts):
    text = "Trump met Giorgia Meloni, Italy's envoy and Macron's chief of staff at the palace."
    assert _pairs(contacts(text, "2024-09-18")) == {(TRUMP, "Giorgia Meloni")}


# ------------------------------------------------- a second verb after ", then"


def test_verb_after_then_has_the_sentences_subject(contacts):
    text = (
        "Donald Trump toured a stadium with Modi in 2019, then held talks with him in Delhi in February 2020."
    )
    assert (TRUMP, "Narendra Modi", "meeting", "occurred", "2020-02") in contacts(text, "2024-09-18")


def test_verb_after_then_does_not_join_the_first_verbs_object(contacts):
    text = "Emmanuel Macron greeted Donald Trump at the airport, then held talks with Olaf Scholz."
    assert _pairs(contacts(text, "2024-09-18")) == {(TRUMP, "Emmanuel Macron")}


def test_then_with_a_subject_of_its_own_keeps_it(contacts):
    text = "Donald Trump praised Modi at a rally, then Modi held talks with Xi Jinping in Delhi."
    assert contacts(text, "2024-09-18") == set()


# ------------------------------------------- the kind of a cue is read in its own stretch


def test_a_later_verb_of_another_kind_does_not_make_a_talk_a_meeting(contacts):
    text = (
        "Kamala Harris spoke with Isaac Herzog earlier this month about the hostages, her office said, "
        "and is due to meet Benjamin Netanyahu next week."
    )
    found = contacts(text, "2024-07-18")
    assert (HARRIS, "Isaac Herzog", "call", "occurred", "2024-07") in found
    assert (HARRIS, "Benjamin Netanyahu", "meeting", "planned", "2024-07") in found


def test_spoke_and_invited_to_visit_is_a_call_and_a_plan(contacts):
    text = "Recep Tayyip Erdogan said he spoke to Donald Trump on Thursday and invited him to visit Ankara."
    found = contacts(text, "2024-11-12")
    assert ("Donald Trump", "Recep Tayyip Erdoğan", "call", "occurred", "2024-11-07") in found
    assert ("Donald Trump", "Recep Tayyip Erdoğan", "meeting", "occurred", "2024-11-07") not in found


def test_in_person_words_of_the_same_occasion_still_make_a_meeting(contacts):
    text = "Kamala Harris spoke with Isaac Herzog at his residence in Jerusalem and later visited a school."
    assert {k for *_, k, _, _ in contacts(text, "2024-07-18")} == {"meeting"}


# ------------------------------------------ "has not met X since <doing something>"


def test_not_met_since_taking_office_is_no_contact(contacts):
    text = "Keir Starmer has not met Vice President Kamala Harris since taking office in July."
    assert contacts(text, "2024-09-27") == set()


def test_not_met_since_an_event_still_dates_the_last_contact(contacts):
    text = "Donald Trump has not met Kim Jong Un since their summit in Hanoi in February 2019."
    found = contacts(text, "2024-09-27")
    assert {(c, ld, d) for c, ld, _, _, d in found} == {(TRUMP, "Kim Jong Un", "2019-02")}


# --------------------------------------------- "call on <day>" is no visit verb


def test_call_on_a_weekday_is_no_visit(contacts):
    text = "Yoon Suk Yeol said after his call on Thursday that Donald Trump had praised him."
    found = contacts(text, "2024-11-12")
    assert all(k != "meeting" for _, _, k, _, _ in found)


def test_call_on_a_person_in_a_city_is_still_a_visit(contacts):
    text = "Donald Trump will call on Shigeru Ishiba in Tokyo next month."
    assert {(ld, k, s) for _, ld, k, s, _ in contacts(text, "2024-11-12")} == {
        ("Shigeru Ishiba", "meeting", "planned")
    }


# ------------------------------------- a leader's own call with the candidate of the story


def test_a_leaders_own_call_is_with_the_candidate_of_the_story(contacts):
    text = (
        "Donald Trump spent Wednesday taking calls from foreign leaders at his club. "
        "Emmanuel Macron's call came in the afternoon; an aide who was with Trump said it went well."
    )
    assert contacts(text, "2024-11-08") == {(TRUMP, "Emmanuel Macron", "call", "occurred", "2024-11-06")}


def test_said_after_his_own_call(contacts):
    text = (
        "Donald Trump spent the week taking calls. "
        "Yoon Suk Yeol said after his own call on Thursday that Trump had urged him to take up golf."
    )
    assert (TRUMP, "Yoon Suk Yeol", "call", "occurred", "2024-11-07") in contacts(text, "2024-11-12")


def test_a_leaders_call_with_no_candidate_before_gives_nothing(contacts):
    text = (
        "Olaf Scholz spent Wednesday taking calls from abroad. "
        "Emmanuel Macron's call came in the afternoon; an aide who was with Trump said it went well."
    )
    assert contacts(text, "2024-11-08") == set()


def test_a_leaders_call_with_someone_named_is_not_the_candidates(contacts):
    text = (
        "Donald Trump spent Wednesday taking calls from foreign leaders at his club. "
        "Emmanuel Macron's call with Olaf Scholz came in the afternoon; an aide who was with Trump said so."
    )
    assert contacts(text, "2024-11-08") == set()


# -------------------------------------- a third party's report that a side denies is a claim


def test_an_outlets_report_denied_in_the_next_sentence_is_alleged(contacts):
    text = (
        "The Capital Post reported on Sunday that Donald Trump spoke with Vladimir Putin on Thursday. "
        "The Kremlin called the report pure fiction."
    )
    assert contacts(text, "2024-11-12") == {(TRUMP, "Vladimir Putin", "call", "alleged", "2024-11-07")}


def test_an_author_who_writes_that_with_no_confirmation_is_alleged(contacts):
    text = (
        "The author writes that Donald Trump held a phone call with Vladimir Putin in March. "
        "He says he could not independently confirm it."
    )
    assert {s for _, _, _, s, _ in contacts(text, "2024-10-09")} == {"alleged"}


def test_a_report_nobody_denies_stays_occurred(contacts):
    text = "The Capital Post reported on Sunday that Donald Trump spoke with Vladimir Putin on Thursday."
    assert {s for _, _, _, s, _ in contacts(text, "2024-11-12")} == {"occurred"}


def test_a_sides_own_account_is_no_third_party_report(contacts):
    text = (
        "Recep Tayyip Erdogan wrote that he spoke to Donald Trump on Thursday. "
        "Trump's team called the account of the tariffs false."
    )
    assert {s for _, _, _, s, _ in contacts(text, "2024-11-12")} == {"occurred"}


def test_a_denial_in_another_paragraph_does_not_count(contacts):
    text = (
        "The Capital Post reported on Sunday that Donald Trump spoke with Vladimir Putin on Thursday.\n\n"
        "Trump spent the weekend at his club. He played golf on Saturday. "
        "Separately, a court denied a motion in an unrelated case."
    )
    assert {s for _, _, _, s, _ in contacts(text, "2024-11-12")} == {"occurred"}


def test_according_to_an_author_with_a_denial_in_the_next_paragraph_is_alleged(contacts):
    text = (
        "Vladimir Putin, according to the author, told Donald Trump in a phone call that he was grateful.\n\n"
        '"None of these made up stories are true," a Trump spokesman said.'
    )
    assert {(k, s) for _, _, k, s, _ in contacts(text, "2024-10-09")} == {("call", "alleged")}


def test_according_to_a_side_is_no_third_party(contacts):
    text = (
        "Donald Trump, according to Vladimir Putin, held a phone call with him in March.\n\n"
        "A Trump spokesman said the account was false."
    )
    assert {(k, s) for _, _, k, s, _ in contacts(text, "2024-10-09")} == {("call", "occurred")}


# --------------------------------------------- "their July 2019 call" is a noun


def test_a_call_noun_after_a_dated_determiner(contacts):
    text = (
        "Donald Trump and Volodymyr Zelenskyy met in New York in September 2019. "
        "That encounter came two months after their July 2019 call, in which Trump asked for a favour."
    )
    assert (TRUMP, "Volodymyr Zelenskyy", "call", "occurred", "2019-07") in contacts(text, "2024-07-20")


def test_called_after_a_year_is_still_a_verb(contacts):
    text = "In 2019 Donald Trump called Volodymyr Zelenskyy a friend."
    assert contacts(text, "2024-07-20") == set()


# ------------------------------------------------- planning words around a noun cue


def test_a_call_set_for_a_day_is_planned(contacts):
    text = "Zelenskyy says call with Donald Trump set for Friday\n\nThe two men have not spoken in years."
    assert (TRUMP, "Volodymyr Zelenskyy", "call", "planned", "2024-07-19") in contacts(text, "2024-07-18")


def test_what_would_be_their_first_conversation_is_planned(contacts):
    text = (
        "Volodymyr Zelenskyy is expected to speak by phone with Donald Trump on Friday, "
        "in what would be their first conversation in years."
    )
    assert {s for _, _, _, s, _ in contacts(text, "2024-07-18")} == {"planned"}


def test_a_call_that_set_off_a_row_is_no_plan(contacts):
    text = "Donald Trump's call with Volodymyr Zelenskyy in July 2019 set off an impeachment."
    assert {s for _, _, _, s, _ in contacts(text, "2024-07-18")} == {"occurred"}


# --------------------------------------------------------- a wish is no contact


def test_he_would_like_to_see_me_is_a_wish(contacts):
    text = '"He\'d like to see me too," Donald Trump said of Kim Jong Un.'
    assert contacts(text, "2024-07-18") == set()


def test_would_love_to_meet_is_a_wish(contacts):
    assert contacts("Donald Trump said he would love to meet Kim Jong Un again.", "2024-07-18") == set()


def test_would_meet_after_a_comma_is_still_a_plan(contacts):
    text = "Donald Trump said he would meet Kim Jong Un in Singapore next month."
    assert {s for _, _, _, s, _ in contacts(text, "2024-07-18")} == {"planned"}


# -------------------------------- a pronoun after a verb's object, the subject unknown


def test_her_after_an_unknown_subject_is_the_object_named_before(contacts):
    text = (
        "Emmanuel Macron addressed the plenary before flying home.\n\n"
        "The host, an oil executive, greeted Kamala Harris at the venue and then welcomed her to the stage."
    )
    assert contacts(text, "2023-12-03") == set()


def test_him_is_still_never_the_clause_subject(contacts):
    text = "Donald Trump greeted Emmanuel Macron at the door and then welcomed him to the table."
    assert _pairs(contacts(text, "2024-09-18")) == {(TRUMP, "Emmanuel Macron")}


# ---------------------------------- a title followed by a full name nobody lists


def test_a_title_before_an_unlisted_full_name_is_that_persons(contacts):
    text = (
        "Former Japanese Prime Minister Hiro Tanabe met Donald Trump at his tower on Tuesday. "
        "His mentor, the late Shinzo Abe, was often at such meetings."
    )
    assert contacts(text, "2024-04-24") == set()


def test_a_title_before_a_listed_name_still_resolves(contacts):
    text = "Former Japanese Prime Minister Shinzo Abe met Donald Trump at his tower in November 2016."
    assert _pairs(contacts(text, "2024-04-24")) == {(TRUMP, "Shinzo Abe")}


def test_a_bare_title_still_resolves_by_its_dates(contacts):
    text = "The Japanese prime minister met Donald Trump at his club on Tuesday."
    assert _pairs(contacts(text, "2024-04-24")) == {(TRUMP, "Fumio Kishida")}


# --------------------- people after a time clause take no part when nobody precedes the cue


def test_a_visit_owner_after_a_time_clause_is_no_participant(contacts):
    text = "Japan's envoy calls on Donald Trump at his tower, a week after Fumio Kishida's Washington visit\n\nBody."
    assert contacts(text, "2024-04-24") == set()


def test_everyone_after_a_subjectless_cue_still_takes_part(contacts):
    text = "Standing beside Donald Trump at the tower, the Japanese prime minister praised the alliance."
    assert _pairs(contacts(text, "2024-04-24")) == {(TRUMP, "Fumio Kishida")}


# ---------------------- "He" after a sentence that opens on someone the gazetteer lacks


def test_he_after_an_unlisted_namesake_is_not_the_leader(contacts):
    text = (
        "Balazs Orban, an adviser to Hungarian Prime Minister Viktor Orban, worked the convention floor. "
        "He sat down on Wednesday with a group of senators, including JD Vance."
    )
    assert contacts(text, "2024-07-18") == set()


def test_he_after_a_listed_leaders_sentence_still_resolves(contacts):
    text = (
        "Hungarian Prime Minister Viktor Orban toured the convention floor. "
        "He sat down on Wednesday with JD Vance at a hotel."
    )
    assert _pairs(contacts(text, "2024-07-18")) == {("JD Vance", "Viktor Orbán")}


# ----------------------------------------- the candidate's own claim is not "alleged"


def test_the_candidates_own_claim_is_his_account(contacts):
    text = 'Donald Trump spoke of Kim Jong Un at length. He has claimed they exchanged "beautiful letters."'
    assert {(k, s) for _, _, k, s, _ in contacts(text, "2024-07-18")} == {("message", "occurred")}


def test_a_third_partys_claim_stays_alleged(contacts):
    text = "A former aide has claimed that Donald Trump exchanged letters with Kim Jong Un in 2020."
    assert {(k, s) for _, _, k, s, _ in contacts(text, "2024-07-18")} == {("message", "alleged")}


# ------------------------- "The President" of a translated copy is the president just named


def test_capital_the_president_is_the_president_just_named(contacts):
    text = (
        "President Recep Tayyip Erdogan spoke to journalists in Ankara. "
        "The President in November 2019 held talks with Donald Trump at the White House."
    )
    assert contacts(text, "2024-09-21") == {(TRUMP, "Recep Tayyip Erdoğan", "meeting", "occurred", "2019-11")}


def test_lowercase_the_president_in_us_news_is_not_a_foreign_one(contacts):
    text = (
        "President Emmanuel Macron spoke in Paris on Sunday. "
        "Kamala Harris met the president at the White House on Monday."
    )
    assert contacts(text, "2024-09-21") == set()


def test_the_president_far_from_the_named_one_is_left_open(contacts):
    text = (
        "President Emmanuel Macron spoke in Paris on Sunday. The speech was long. It covered trade. "
        "It covered defence. It covered farming. The President met Kamala Harris on Monday."
    )
    assert contacts(text, "2024-09-21") == set()


# ------------------------------------------------------ "in May 2017" is no modal "may"


def test_the_month_may_is_no_planning_word(contacts):
    text = "Emmanuel Macron in May 2017 went to the White House as a guest of Donald Trump."
    assert contacts(text, "2024-09-21") == {(TRUMP, "Emmanuel Macron", "meeting", "occurred", "2017-05")}


def test_the_modal_may_still_plans(contacts):
    text = "Donald Trump may meet Emmanuel Macron in Paris."
    assert {s for _, _, _, s, _ in contacts(text, "2024-09-21")} == {"planned"}


# ------------------------------------- "kept talking to X": an ongoing exchange, not a sitting


def test_kept_talking_to_is_an_ongoing_exchange(contacts):
    text = "Donald Trump kept talking to Vladimir Putin after leaving office, aides said."
    assert {k for _, _, k, _, _ in contacts(text, "2024-10-09")} == {"call"}


def test_talked_with_at_a_venue_is_still_a_meeting(contacts):
    text = "Donald Trump talked with Vladimir Putin at the summit in Helsinki in July 2018."
    assert {k for _, _, k, _, _ in contacts(text, "2024-10-09")} == {"meeting"}
