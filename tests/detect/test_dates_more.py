"""Date classes found on a private corpus: the story's day stated in the lede, dates of
asides, quotes dated by the speech after them, coordinated occasions. Sentences written
for these tests."""

from __future__ import annotations

TRUMP, HARRIS = "Donald Trump", "Kamala Harris"

LEDE = (
    "Harris tours the summit\n\n"
    "ROME (Wire) — Kamala Harris spent a busy Tuesday at the food summit here, hopping between tents.\n\n"
)


def _dates(found: set[tuple[str, str, str, str, str | None]], leader: str) -> set[str | None]:
    return {d for _, ld, _, _, d in found if ld == leader}


# ------------------------------------------------------------ the story day of the lede


def test_the_lede_day_dates_the_next_paragraphs(contacts):
    text = LEDE + "Harris met Giorgia Meloni in the main hall.\n\nShe also sat down with Emmanuel Macron."
    found = contacts(text, "2024-10-16")
    assert _dates(found, "Giorgia Meloni") == {"2024-10-15"}
    assert _dates(found, "Emmanuel Macron") == {"2024-10-15"}


def test_a_date_stated_after_the_lede_ends_the_story_day(contacts):
    text = LEDE + "On Monday the summit opened without her.\n\nHarris met Giorgia Meloni in the main hall."
    assert _dates(contacts(text, "2024-10-16"), "Giorgia Meloni") == {None}


def test_another_occasion_keeps_no_lede_day(contacts):
    text = LEDE + "Harris met Giorgia Meloni several times as vice president."
    assert _dates(contacts(text, "2024-10-16"), "Giorgia Meloni") == {None}


def test_a_lede_about_someone_else_gives_no_day(contacts):
    text = (
        "Harris tours the summit\n\n"
        "ROME (Wire) — Olaf Scholz spent a busy Tuesday at the food summit here.\n\n"
        "Kamala Harris met Giorgia Meloni in the main hall."
    )
    assert _dates(contacts(text, "2024-10-16"), "Giorgia Meloni") == {None}


def test_a_lede_with_two_dates_gives_no_day(contacts):
    text = (
        "Harris tours the summit\n\n"
        "ROME (Wire) — Kamala Harris arrived on Monday and spent Tuesday at the food summit.\n\n"
        "Harris met Giorgia Meloni in the main hall."
    )
    assert _dates(contacts(text, "2024-10-16"), "Giorgia Meloni") == {None}


# ------------------------------------------------------ the date of an aside is its own


def test_a_date_in_a_relative_clause_after_the_leader_is_not_the_contacts(contacts):
    text = "Kamala Harris sat down with Giorgia Meloni, whose coalition won a vote that ended on Friday."
    assert _dates(contacts(text, "2024-10-16"), "Giorgia Meloni") == {None}


def test_a_date_after_the_relative_clause_still_dates_the_contact(contacts):
    text = "Kamala Harris sat down with Giorgia Meloni, whose coalition won a vote, on Friday."
    assert _dates(contacts(text, "2024-10-16"), "Giorgia Meloni") == {"2024-10-11"}


# ------------------------------------ a plural after the cue is not the leader's own stretch


def test_a_plural_after_the_cue_does_not_take_a_later_date(contacts):
    text = (
        "Donald Trump and Volodymyr Zelenskyy spoke by phone on Friday, with both men calling the talk good "
        "and Trump promising peace if he wins in November."
    )
    assert contacts(text, "2024-07-20") == {(TRUMP, "Volodymyr Zelenskyy", "call", "occurred", "2024-07-19")}


def test_the_leaders_name_after_the_cue_still_owns_its_date(contacts):
    text = "Donald Trump spoke with Keir Starmer on Monday and with Emmanuel Macron on Tuesday."
    found = contacts(text, "2024-11-14")
    assert _dates(found, "Emmanuel Macron") == {"2024-11-12"}
    assert _dates(found, "Keir Starmer") == {"2024-11-11"}


def test_the_two_as_the_nouns_own_object_keeps_the_date_after_it(contacts):
    text = (
        "Donald Trump praised Vladimir Putin again. "
        "The only summit between the two men, in Helsinki in July 2018, ended with Trump "
        "siding with Putin, a moment Democrats have revived this week."
    )
    found = contacts(text, "2024-10-09")
    assert _dates(found, "Vladimir Putin") == {"2018-07"}


# ------------------------------------------- coordinated occasions with places between them


def test_a_list_of_occasions_with_places_gives_one_contact_each(contacts):
    text = (
        "Donald Trump met Kim Jong Un three times: in Singapore in June 2018, in Hanoi in February 2019 "
        "and at the Demilitarized Zone in June 2019."
    )
    assert _dates(contacts(text, "2024-07-18"), "Kim Jong Un") == {"2018-06", "2019-02", "2019-06"}


def test_again_on_a_day_of_that_year_takes_the_first_dates_year(contacts):
    text = "Mahmoud Abbas and Donald Trump met on May 3, 2017, and again in Bethlehem on May 23 of that year."
    assert _dates(contacts(text, "2024-07-20"), "Mahmoud Abbas") == {"2017-05-03", "2017-05-23"}


def test_a_lowercase_phrase_between_dates_is_no_list(contacts):
    text = "Donald Trump met Kim Jong Un in June 2018, in a hurry after a row in February 2019."
    assert _dates(contacts(text, "2024-07-18"), "Kim Jong Un") == {"2018-06"}


# ----------------------------------- a date that closes an earlier verb phrase is that verb's


def test_a_date_before_and_belongs_to_the_earlier_cue(contacts):
    text = (
        "Recep Tayyip Erdogan said he spoke to Donald Trump on Thursday and had invited him to visit Ankara."
    )
    found = contacts(text, "2024-11-12")
    assert (TRUMP, "Recep Tayyip Erdoğan", "call", "occurred", "2024-11-07") in found
    assert (TRUMP, "Recep Tayyip Erdoğan", "meeting", "planned", None) in found


def test_a_date_before_the_cue_with_no_earlier_cue_still_dates_it(contacts):
    text = "Donald Trump flew to Ankara on Thursday and met Recep Tayyip Erdogan at the palace."
    assert (TRUMP, "Recep Tayyip Erdoğan", "meeting", "occurred", "2024-11-07") in contacts(
        text, "2024-11-12"
    )


# ---------------------------------------------------- the first weeks of a year


def test_the_first_weeks_of_this_year_is_january(contacts):
    text = "In the first weeks of this year Donald Trump held a phone call with Vladimir Putin."
    assert _dates(contacts(text, "2024-10-09"), "Vladimir Putin") == {"2024-01"}


def test_the_first_days_of_a_named_year_is_its_january(contacts):
    text = "Donald Trump met Viktor Orban in the first days of 2020 at his club."
    assert _dates(contacts(text, "2024-10-09"), "Viktor Orbán") == {"2020-01"}


def test_the_first_weeks_of_his_term_is_no_january(contacts):
    text = "In the first weeks of his term Donald Trump held a phone call with Vladimir Putin."
    assert _dates(contacts(text, "2024-10-09"), "Vladimir Putin") == {None}


# ------------------------------------ "two months after the phone call": an earlier event


def test_an_event_named_by_an_offset_is_dated_back_from_the_first(contacts):
    text = (
        "Volodymyr Zelenskyy and Donald Trump met in New York in September 2019, "
        "two months after the phone call that led to an impeachment."
    )
    found = contacts(text, "2024-07-18")
    assert (TRUMP, "Volodymyr Zelenskyy", "call", "occurred", "2019-07") in found
    assert (TRUMP, "Volodymyr Zelenskyy", "meeting", "occurred", "2019-09") in found


def test_an_offset_event_of_a_sentence_without_a_pair_gives_nothing(contacts):
    text = (
        "Donald Trump spoke at a rally in Ohio in September 2019, "
        "two months after the phone call with Volodymyr Zelenskyy's aide."
    )
    assert contacts(text, "2024-07-18") == set()


def test_an_offset_in_weeks_from_a_month_gives_no_date_guess(contacts):
    text = (
        "Volodymyr Zelenskyy and Donald Trump met in New York in September 2019, "
        "two weeks after the phone call that led to an impeachment."
    )
    assert _dates(contacts(text, "2024-07-18"), "Volodymyr Zelenskyy") == {"2019-09"}


# ------------------------------------- a live-blog stamp yields to a day its entry states


def _blog(body: str) -> str:
    return "Convention live: day four\n\nLive updates.\n\n2:15 p.m. CT, July 18, 2024\n" + body


def test_the_entry_stamp_yields_to_the_day_the_entry_states(contacts):
    text = _blog(
        "Erdogan rang Donald Trump after the shooting\n\n"
        "Recep Tayyip Erdogan dialled Trump on Tuesday to wish him a quick recovery."
    )
    assert contacts(text, "2024-07-18") == {(TRUMP, "Recep Tayyip Erdoğan", "call", "occurred", "2024-07-16")}


def test_the_entry_stamp_dates_an_entry_that_states_no_day(contacts):
    text = _blog("Erdogan rang Donald Trump after the shooting\n\nThe two spoke about the attack.")
    assert _dates(contacts(text, "2024-07-18"), "Recep Tayyip Erdoğan") == {"2024-07-18"}


# ---------------------------------------------- "later on Friday" is the day of writing


def test_later_on_a_weekday_in_a_copy_printed_the_day_after(contacts):
    text = "Donald Trump is due to see Volodymyr Zelenskyy later on Friday at his tower."
    assert _dates(contacts(text, "2024-09-28"), "Volodymyr Zelenskyy") == {"2024-09-27"}
    assert _dates(contacts(text, "2024-09-27"), "Volodymyr Zelenskyy") == {"2024-09-27"}


def test_on_a_weekday_past_for_a_plan_is_the_coming_one(contacts):
    text = "Donald Trump is due to see Volodymyr Zelenskyy on Friday at his tower."
    assert _dates(contacts(text, "2024-09-28"), "Volodymyr Zelenskyy") == {"2024-10-04"}


# ----------------------------- a date after ", and" that opens the next verb's clause


def test_a_date_opening_the_next_verbs_clause_is_that_verbs(contacts):
    text = (
        "Emmanuel Macron in March 2017 went to the White House as a guest of Donald Trump, "
        "and in November 2019 again at the White House he held talks with Trump."
    )
    assert _dates(contacts(text, "2024-09-21"), "Emmanuel Macron") == {"2017-03", "2019-11"}


def test_a_date_after_and_with_no_later_verb_stays_the_cues(contacts):
    text = (
        "Donald Trump welcomed Emmanuel Macron to the White House, and in April 2018 the state visit ended."
    )
    assert _dates(contacts(text, "2024-09-21"), "Emmanuel Macron") == {"2018-04"}


def test_a_photograph_of_a_letter_is_dated_by_its_report(contacts):
    text = (
        "Separately, Donald Trump on Saturday posted a photograph of a handwritten letter he said he had "
        "received from Palestinian Authority President Mahmoud Abbas after the shooting."
    )
    assert contacts(text, "2024-07-20") == {(TRUMP, "Mahmoud Abbas", "message", "occurred", "2024-07")}
