"""Recall classes (third set), one section per class of language the detector missed or
misread. Sentences written for these tests."""

from __future__ import annotations

TRUMP, HARRIS = "Donald Trump", "Kamala Harris"


def pairs(found):
    return {(c, ld) for c, ld, *_ in found}


# ------------------------------------------------------------ interview transcripts

_INTRO = (
    "Trump on the world\n\nThis is a transcript of an interview with Donald Trump on Tuesday at his club.\n\n"
)


def test_first_person_in_a_labelled_turn_is_the_speaker(contacts):
    text = (
        _INTRO
        + "RADIO HOST: Tell us about Turkey.\n\nTRUMP: Erdogan phoned me on Monday. I met him in Ankara in 2019.\n"
    )
    found = contacts(text, "2024-09-18")
    # "on Monday" is the Monday before the interview (Tuesday the 17th), not before publication
    assert (TRUMP, "Recep Tayyip Erdoğan", "call", "occurred", "2024-09-16") in found
    assert (TRUMP, "Recep Tayyip Erdoğan", "meeting", "occurred", "2019") in found


def test_you_in_the_interviewers_turn_is_the_interviewee(contacts):
    text = _INTRO + "RADIO HOST: You met Viktor Orban in Budapest in May.\n\nTRUMP: He is a strong leader.\n"
    assert (TRUMP, "Viktor Orbán", "meeting", "occurred", "2024-05") in contacts(text, "2024-09-18")


def test_pronoun_in_the_interviewers_turn_is_the_person_of_the_last_question(contacts):
    text = (
        _INTRO + "RADIO HOST: You met Viktor Orban in Budapest in May. What did he want?\n\n"
        "TRUMP: Peace. I told him that Putin wants it too.\n\n"
        "RADIO HOST: Kamala Harris met him in Munich the week before.\n"
    )
    found = contacts(text, "2024-09-18")
    assert (HARRIS, "Viktor Orbán") in pairs(found)
    assert (HARRIS, "Vladimir Putin") not in pairs(found)


def test_a_question_in_a_transcript_states_no_contact(contacts):
    text = _INTRO + "RADIO HOST: Have you spoken to King Charles?\n\nTRUMP: Not recently. Great family.\n"
    assert contacts(text, "2024-09-18") == set()


def test_a_question_after_a_stated_contact_leaves_the_contact(contacts):
    text = "Trump met Narendra Modi on Monday in Delhi; was it a success?"
    assert pairs(contacts(text, "2024-09-18")) == {(TRUMP, "Narendra Modi")}


def test_one_capitalised_label_is_no_transcript(contacts):
    # a single "LONDON:" opener is a dateline: "I" in the narration is nobody's
    text = "Talks\n\nLONDON: I met the Polish president on Monday, a reporter wrote about Andrzej Duda.\n"
    assert contacts(text, "2024-09-18") == set()


def test_capitalised_labels_that_name_nobody_keep_the_publication_day(contacts):
    text = (
        "Visit\n\nIn an interview on Tuesday, aides described the plan.\n\n"
        "WASHINGTON: Trump met Viktor Orban yesterday.\n\nEDITOR'S NOTE: An earlier version misspelt a name.\n"
    )
    assert (TRUMP, "Viktor Orbán", "meeting", "occurred", "2024-09-17") in contacts(text, "2024-09-18")


def test_had_him_at_a_candidates_venue_is_a_meeting(contacts):
    text = _INTRO + "RADIO HOST: And Xi Jinping?\n\nTRUMP: I had him at Mar-a-Lago, beautiful dinner.\n"
    assert (TRUMP, "Xi Jinping", "meeting", "occurred", None) in contacts(text, "2024-09-18")


def test_had_him_elsewhere_is_no_meeting(contacts):
    text = (
        _INTRO + "RADIO HOST: And Xi Jinping?\n\nTRUMP: I had him at number one on my list of tough guys.\n"
    )
    assert contacts(text, "2024-09-18") == set()


def test_a_leader_who_came_to_a_candidates_venue_met_the_candidate(contacts):
    found = contacts("Viktor Orban came to Mar-a-Lago in March, Trump's aides said.", "2024-09-18")
    assert (TRUMP, "Viktor Orbán", "meeting", "occurred", "2024-03") in found


def test_a_leader_who_came_to_a_city_met_no_candidate(contacts):
    assert contacts("Viktor Orban came to Washington in March, Trump said.", "2024-09-18") == set()


def test_called_me_the_other_day_is_a_call_this_month(contacts):
    text = _INTRO + "RADIO HOST: Any calls?\n\nTRUMP: Erdogan called me the other day, very nice.\n"
    assert (TRUMP, "Recep Tayyip Erdoğan", "call", "occurred", "2024-09") in contacts(text, "2024-09-18")


def test_a_book_that_says_they_spoke_makes_the_call_alleged(contacts):
    text = "A new book by a veteran reporter says Trump has spoken with Vladimir Putin seven times."
    assert {(c, ld, k, s) for c, ld, k, s, _ in contacts(text, "2024-10-10")} == {
        (TRUMP, "Vladimir Putin", "call", "alleged")
    }


# ------------------------------------------------- titles and venues at the contact's date


def test_a_title_in_a_dated_past_sentence_is_its_holder_then(contacts):
    text = (
        "Trump spoke with Irish leader Simon Harris on Wednesday. "
        "Trump last met an Irish leader in person in March 2020, when he hosted then Taoiseach Leo Varadkar."
    )
    found = contacts(text, "2024-11-14")
    assert (TRUMP, "Leo Varadkar", "meeting", "occurred", "2020-03") in found
    assert (TRUMP, "Simon Harris", "meeting", "occurred", "2020-03") not in found


def test_a_title_with_no_year_in_the_sentence_is_its_holder_at_publication(contacts):
    found = contacts("Trump met the Taoiseach at the White House on Monday.", "2025-03-12")
    assert pairs(found) == {(TRUMP, "Micheál Martin")}


def test_a_year_in_an_aside_about_the_holder_is_not_the_sentences_time(contacts):
    text = "Japan's prime minister, who took office in 2024, met Trump at the White House on Friday."
    assert pairs(contacts(text, "2025-02-09")) == {(TRUMP, "Shigeru Ishiba")}


def test_president_elect_is_not_the_sitting_president(contacts):
    found = contacts(
        "Irish leader Simon Harris spoke by phone with US president-elect Donald Trump on Wednesday.",
        "2024-11-14",
    )
    assert (TRUMP, "Simon Harris", "call", "occurred", "2024-11-13") in found


def test_a_venue_in_a_planned_sentence_is_its_owner_at_the_coming_date(contacts):
    text = "Simon Harris expects to travel for a visit to the White House in March, Trump's team said."
    assert (TRUMP, "Simon Harris", "meeting", "planned", "2025-03") in contacts(text, "2024-11-14")


def test_an_extended_invitation_to_visit_is_a_plan(contacts):
    text = '"I extended an invitation to Mr Trump to visit Ireland," Simon Harris said.'
    assert {(c, ld, k, s) for c, ld, k, s, _ in contacts(text, "2024-11-14")} == {
        (TRUMP, "Simon Harris", "meeting", "planned")
    }


# ---------------------------------------------------------------- planning words


def test_hoped_to_meet_is_a_plan(contacts):
    found = contacts("Kamala Harris hoped to meet Kenyan President William Ruto, an aide said.", "2023-04-01")
    assert {(c, ld, k, s) for c, ld, k, s, _ in found} == {(HARRIS, "William Ruto", "meeting", "planned")}


def test_had_hoped_to_meet_is_no_plan(contacts):
    assert contacts("Kamala Harris had hoped to meet Kenyan President William Ruto.", "2023-04-01") == set()


def test_would_after_a_condition_is_no_plan(contacts):
    text = 'Trump wrote on Saturday that if Kim Jong Un saw the post, "I would meet him at the border."'
    assert contacts(text, "2019-07-01") == set()


def test_would_with_no_condition_is_a_plan(contacts):
    text = "Trump said on Saturday that he would meet Kim Jong Un at the border."
    assert {(c, ld, k, s) for c, ld, k, s, _ in contacts(text, "2019-07-01")} == {
        (TRUMP, "Kim Jong Un", "meeting", "planned")
    }


# ------------------------------------------------------------------------ dates


def test_the_date_of_a_relative_clause_after_the_leader_is_its_own(contacts):
    text = (
        "On Friday, Kamala Harris held talks with German Chancellor Olaf Scholz, who took office in December."
    )
    assert (HARRIS, "Olaf Scholz", "meeting", "occurred", "2022-02-18") in contacts(text, "2022-02-20")


def test_the_date_of_an_appositive_aside_after_the_leader_is_its_own(contacts):
    text = "Yesterday Trump met Danish Prime Minister Mette Frederiksen, the leader he snubbed in August."
    assert (TRUMP, "Mette Frederiksen", "meeting", "occurred", "2019-12-04") in contacts(text, "2019-12-05")


def test_a_leader_in_a_relative_clause_does_not_take_its_date(contacts):
    text = (
        "Sheinbaum said she had a phone call yesterday with Donald Trump, "
        "to whom she offered congratulations on his win of last Tuesday."
    )
    assert (TRUMP, "Claudia Sheinbaum", "call", "occurred", "2024-11-07") in contacts(text, "2024-11-08")


def test_the_same_day_with_a_weekday_is_that_weekday(contacts):
    text = (
        "Sheinbaum hopes to see Trump before the 20th of January. "
        "She wrote to Donald Trump the same day Wednesday, her office said."
    )
    assert (TRUMP, "Claudia Sheinbaum", "message", "occurred", "2024-11-06") in contacts(text, "2024-11-08")


def test_a_deadline_is_not_the_date_of_a_plan(contacts):
    text = "Sheinbaum hopes to meet Trump in person, possibly before the inauguration of the 20 of January."
    assert (TRUMP, "Claudia Sheinbaum", "meeting", "planned", None) in contacts(text, "2024-11-08")


def test_a_when_clause_is_dated_by_its_head_with_a_time_of_day(contacts):
    text = "The talks followed a dinner on Wednesday evening, when Trump and Kim Jong Un sat down together."
    assert (TRUMP, "Kim Jong Un", "meeting", "occurred", "2019-02-27") in contacts(text, "2019-02-28")


def test_a_reference_back_takes_the_date_of_the_contact_stated_before(contacts):
    text = (
        "Yesterday Trump held talks with Angela Merkel and met Mette Frederiksen, whose visit planned for "
        "early September he had called off. He said the pair had a great meeting."
    )
    found = contacts(text, "2019-12-05")
    assert (TRUMP, "Angela Merkel", "meeting", "occurred", "2019-12-04") in found
    assert (TRUMP, "Angela Merkel", "meeting", "occurred", "2019-09") not in found


def test_the_same_day_is_not_a_coming_day_read_back_a_year(contacts):
    text = (
        "Simon Harris spoke by phone with Donald Trump on Wednesday. "
        "The general election here on 29 November could change the government. "
        "The Taoiseach's call came on the same day Trump met Joe Biden."
    )
    found = contacts(text, "2024-11-14")
    assert {d for *_, d in found} == {"2024-11-13"}


def test_the_day_before_a_contact_dated_by_month_is_in_that_month(contacts):
    text = (
        "Trump spoke to reporters on Thursday. "
        "He met Volodymyr Zelenskyy in New York last month. Kamala Harris met him the day before."
    )
    assert (HARRIS, "Volodymyr Zelenskyy", "meeting", "occurred", "2024-09") in contacts(text, "2024-10-18")


def test_the_day_before_a_contact_dated_by_day_is_that_day_minus_one(contacts):
    text = "Trump met Volodymyr Zelenskyy in New York on Friday. Kamala Harris met him the day before."
    assert (HARRIS, "Volodymyr Zelenskyy", "meeting", "occurred", "2024-09-26") in contacts(
        text, "2024-09-29"
    )


def test_photos_of_a_meeting_are_not_dated_by_their_publication(contacts):
    text = (
        "Trump met Kim Jong Un at the border on Sunday. "
        "On Monday, state media carried photos of Kim and Trump shaking hands."
    )
    assert contacts(text, "2019-07-01") == {(TRUMP, "Kim Jong Un", "meeting", "occurred", "2019-06-30")}


def test_a_handshake_told_with_its_own_day_keeps_it(contacts):
    text = (
        "Trump met Kim Jong Un at the border on Sunday. On Monday, Kim and Trump shook hands again in Seoul."
    )
    assert (TRUMP, "Kim Jong Un", "meeting", "occurred", "2019-07-01") in contacts(text, "2019-07-01")


def test_a_month_of_saying_after_a_quote_tells_only_the_year_of_the_contact(contacts):
    text = '"He sent me a beautiful letter," Trump said of Kim Jong Un in September.'
    assert (TRUMP, "Kim Jong Un", "message", "occurred", "2018") in contacts(text, "2019-02-28")


def test_a_month_inside_the_quote_dates_the_contact(contacts):
    text = '"He sent me a beautiful letter in September," Trump said of Kim Jong Un.'
    assert (TRUMP, "Kim Jong Un", "message", "occurred", "2018-09") in contacts(text, "2019-02-28")


# ---------------------------------------------------------------- trips to a country


def test_a_trip_to_a_country_whose_leader_is_named_is_a_meeting_with_that_leader(contacts):
    text = "Trump called off his trip to Denmark after Prime Minister Mette Frederiksen refused to sell Greenland."
    assert (TRUMP, "Mette Frederiksen", "meeting", "cancelled", None) in contacts(text, "2019-08-22")


def test_a_cancelled_visit_is_dated_by_the_plan_it_names(contacts):
    text = (
        "Trump snubbed Mette Frederiksen in August when he called off a state visit to Denmark "
        "planned for early September."
    )
    assert (TRUMP, "Mette Frederiksen", "meeting", "cancelled", "2019-09") in contacts(text, "2019-12-05")


def test_a_trip_that_happened_says_itself_whom_it_met(contacts):
    text = "JD Vance took a trip to Germany in February and criticised Chancellor Olaf Scholz there."
    assert contacts(text, "2024-09-18") == set()


def test_a_trip_to_a_country_with_no_leader_named_is_no_contact(contacts):
    assert contacts("Trump called off his trip to Denmark over Greenland.", "2019-08-22") == set()


# ------------------------------------------------------------------ lists and groups


def test_a_dash_aside_after_a_group_of_leaders_lists_the_participants(contacts):
    text = (
        "On Sunday, Kamala Harris met the presidents of the three Baltic states — Alar Karis of Estonia, "
        "Egils Levits of Latvia and Gitanas Nauseda of Lithuania — in Munich."
    )
    found = contacts(text, "2022-02-20")
    assert pairs(found) == {(HARRIS, "Alar Karis"), (HARRIS, "Egils Levits"), (HARRIS, "Gitanas Nausėda")}


def test_a_dash_aside_after_anything_else_carries_no_participants(contacts):
    text = (
        "On Sunday, Kamala Harris met the press — Alar Karis of Estonia, a president, had left — in Munich."
    )
    assert contacts(text, "2022-02-20") == set()


def test_both_as_the_subject_is_the_pair_of_the_story(contacts):
    text = "Lopez Obrador was received by Trump at the White House in July 2020. Before, in June 2019, both spoke by phone."
    assert (TRUMP, "Andrés Manuel López Obrador", "call", "occurred", "2019-06") in contacts(
        text, "2024-11-08"
    )


def test_both_after_two_named_people_is_those_people(contacts):
    text = "Trump met Xi Jinping in 2017. Later, Joe Biden and Xi Jinping both met in Bali in 2022."
    assert contacts(text, "2024-09-18") == {(TRUMP, "Xi Jinping", "meeting", "occurred", "2017")}


def test_both_as_a_determiner_is_no_reference(contacts):
    text = "Trump met Lopez Obrador in July 2020. Both countries spoke of trade."
    assert {d for *_, d in contacts(text, "2024-11-08")} == {"2020-07"}


# ------------------------------------------------------------ relative clauses


def test_whom_with_an_auxiliary_before_the_verb(contacts):
    text = (
        "Kamala Harris held talks with Alejandro Giammattei, whom she had spoken with by video call in April."
    )
    assert (HARRIS, "Alejandro Giammattei", "call", "occurred", "2021-04") in contacts(text, "2021-06-09")


def test_who_as_the_object_of_a_relative_clause(contacts):
    text = "Recep Tayyip Erdogan, who Trump hosted at the White House last month, met Macron on Tuesday."
    assert (TRUMP, "Recep Tayyip Erdoğan", "meeting", "occurred", "2019-11") in contacts(text, "2019-12-05")


def test_who_as_the_subject_of_a_relative_clause_is_not_the_object(contacts):
    text = "Recep Tayyip Erdogan, who praised Trump at the White House last month, met Macron on Tuesday."
    assert contacts(text, "2019-12-05") == set()


# ----------------------------------------------------------------- participants


def test_a_subject_pronoun_in_an_aside_is_no_list_item(contacts):
    text = "Trump met Mette Frederiksen, the leader he snubbed over Greenland, on Wednesday."
    assert pairs(contacts(text, "2019-12-05")) == {(TRUMP, "Mette Frederiksen")}


def test_the_subject_of_a_where_clause_is_the_participles_subject(contacts):
    text = (
        "Tim Walz was referring to the 2018 Helsinki summit, where Trump, standing next to the Russian "
        "president after two hours of private talks, said he trusted him."
    )
    found = contacts(text, "2024-10-02")
    assert (TRUMP, "Vladimir Putin", "meeting", "occurred", "2018") in found
    assert ("Tim Walz", "Vladimir Putin") not in pairs(found)


def test_a_role_noun_that_said_she_is_the_leader_of_the_story(contacts):
    text = (
        "About the defeated candidate, Kamala Harris, Claudia Sheinbaum wrote a post. The two women did not talk. "
        "The president also said that on Thursday she spoke by telephone with Justin Trudeau."
    )
    found = contacts(text, "2024-11-08")
    assert (HARRIS, "Justin Trudeau") not in pairs(found)


def test_a_message_on_social_networks_is_public(contacts):
    text = "Claudia Sheinbaum sent Kamala Harris a message of recognition on social media, thanking her."
    assert contacts(text, "2024-11-08") == set()


def test_a_private_letter_published_later_is_a_contact(contacts):
    text = "On Wednesday Trump sent Xi Jinping a private letter, which Beijing later posted on social media."
    assert (TRUMP, "Xi Jinping", "message", "occurred", "2024-11-06") in contacts(text, "2024-11-08")


def test_a_private_message_is_a_contact(contacts):
    text = "Claudia Sheinbaum sent Kamala Harris a message of recognition on Wednesday, thanking her."
    assert (HARRIS, "Claudia Sheinbaum", "message", "occurred", "2024-11-06") in contacts(text, "2024-11-08")


# ----------------------------------------------------------------- contact phrases


def test_joined_a_leader_on_stage_is_a_meeting(contacts):
    text = "At the Houston rally in September 2019, Trump joined Mr. Modi on stage."
    assert (TRUMP, "Narendra Modi", "meeting", "occurred", "2019-09") in contacts(text, "2020-02-25")


def test_joined_a_rally_is_no_meeting(contacts):
    assert contacts("Trump joined the crowd on stage after Modi spoke.", "2020-02-25") == set()


def test_with_a_leader_in_a_face_to_face(contacts):
    text = "On Tuesday Trump clashed with Emmanuel Macron in a frosty face-to-face at Winfield House."
    assert (TRUMP, "Emmanuel Macron", "meeting", "occurred", "2019-12-03") in contacts(text, "2019-12-05")


def test_her_majesty_is_no_pronoun(contacts):
    text = (
        "Trump met Emmanuel Macron on Monday. On Tuesday evening Trump was welcomed by Her Majesty the Queen."
    )
    found = contacts(text, "2019-12-05")
    assert found == {(TRUMP, "Emmanuel Macron", "meeting", "occurred", "2019-12-02")}


def test_a_first_name_alone_once_the_full_name_was_given(contacts):
    text = "Boris Johnson spoke to reporters. Later Trump went to a reception hosted by Boris on Tuesday."
    assert (TRUMP, "Boris Johnson") in pairs(contacts(text, "2019-12-05"))


def test_the_president_after_the_sentences_own_sitting_president_is_that_candidate(contacts):
    text = (
        "Trump clashed with French President Emmanuel Macron on Monday. "
        "On Tuesday evening Trump was at the palace, and the President then went to a reception "
        "hosted by Boris Johnson."
    )
    assert (TRUMP, "Boris Johnson") in pairs(contacts(text, "2019-12-05"))
