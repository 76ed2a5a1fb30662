"""Rule classes added after the holdout review: each with its own sentences and a near-miss."""

from __future__ import annotations

TRUMP, HARRIS, VANCE, WALZ = "Donald Trump", "Kamala Harris", "JD Vance", "Tim Walz"


def test_passive_agent_is_not_a_participant(contacts):
    text = "Several guests invited by Giorgia Meloni also hope to get some time with Trump in Rome."
    assert contacts(text, "2025-05-02") == set()


def test_who_clause_takes_its_antecedent_as_subject(contacts):
    # "him" is Trump, but the ones who came to see him are unnamed delegates
    text = "Trump flew home early, leaving several presidents who had travelled to see him without a meeting."
    assert contacts("Javier Milei praised the summit. " + text, "2025-06-10") == set()


def test_phone_word_after_talk_cue_keeps_the_date(contacts):
    found = contacts(
        "Mark Rutte had spoken with Trump by phone on Tuesday night, his office said.", "2024-11-29"
    )
    assert found == {(TRUMP, "Mark Rutte", "call", "occurred", "2024-11-26")}


def test_sat_side_by_side_and_came_together(contacts):
    found = contacts("The two men sat side by side at a summit in Biarritz in August 2019.", "2024-10-01")
    assert found == set()  # nobody named before: "the two" has no antecedent
    text = (
        "Trump and Shinzo Abe golfed often. The two sat side by side at a summit in Biarritz in August 2019."
    )
    assert (TRUMP, "Shinzo Abe", "meeting", "occurred", "2019-08") in contacts(text, "2024-10-01")
    text = "Trump and Moon Jae-in also came together in Seoul in June 2019."
    assert contacts(text, "2024-10-01") == {(TRUMP, "Moon Jae-in", "meeting", "occurred", "2019-06")}


def test_sent_to_leader_a_letter(contacts):
    found = contacts("In January 2018 Trump sent to Kim Jong Un a letter about the summit.", "2024-10-01")
    assert found == {(TRUMP, "Kim Jong Un", "message", "occurred", "2018-01")}
    assert contacts("In January 2018 Trump sent to Seoul an envoy, and Kim Jong Un was told.") == set()


def test_bilateral_as_an_adjective_is_no_meeting(contacts):
    text = "Trump and Fumio Kishida agreed to deepen bilateral ties, officials said on Monday."
    assert contacts(text, "2024-10-01") == set()


def test_unfulfilled_hope_is_no_contact(contacts):
    text = "The treasurer met several guests, including Canada's Justin Trudeau, who had hoped for a meeting with Trump."
    assert contacts(text, "2024-10-01") == set()


def test_failed_plan_with_an_adverb_is_cancelled_by_the_next_sentence(contacts):
    text = (
        "Polish President Andrzej Duda, who had also been due to meet Trump on Friday, flew home. "
        "Officials said the meeting had been postponed indefinitely."
    )
    found = contacts(text, "2024-09-28")
    assert {(c, ld, k, s) for c, ld, k, s, _ in found} == {(TRUMP, "Andrzej Duda", "meeting", "cancelled")}


def test_meeting_that_did_not_materialize(contacts):
    text = "Fumio Kishida sought to see Kamala Harris in July, but that meeting did not materialize."
    found = {(c, ld, k, s) for c, ld, k, s, _ in contacts(text, "2024-10-01")}
    assert found == {(HARRIS, "Fumio Kishida", "meeting", "cancelled")}


def test_invitation_to_stop_is_a_plan_and_declining_cancels_it(contacts):
    text = "Trump invited Pedro Sánchez to stop in Washington, but Sánchez declined the invitation."
    found = {(c, ld, k, s) for c, ld, k, s, _ in contacts(text, "2025-03-01")}
    assert found == {(TRUMP, "Pedro Sánchez", "meeting", "cancelled")}


def test_dated_title_resolves_at_the_article_date(contacts):
    text = "Donald Trump spoke at a rally. Later, Mark Rutte met the president at the White House on Monday."
    assert contacts(text, "2025-03-12") == {(TRUMP, "Mark Rutte", "meeting", "occurred", "2025-03-10")}
    # in 2024 "the president" is the incumbent, who is not watched
    assert contacts(text, "2024-03-12") == set()


def test_the_vice_president_by_term(contacts):
    text = "JD Vance toured a factory. On Monday Olaf Scholz met the vice president in Munich."
    assert (VANCE, "Olaf Scholz", "meeting", "occurred", "2025-02-10") in contacts(text, "2025-02-12")


def test_candidate_venue_implies_the_candidate_as_host(contacts):
    text = "Donald Trump golfed on Sunday. Javier Milei was a guest at Mar-a-Lago on Tuesday night."
    assert contacts(text, "2024-11-16") == {(TRUMP, "Javier Milei", "meeting", "occurred", "2024-11-12")}
    text = "Donald Trump posted online. Shinzo Abe's visit to Trump Tower in 2016 set the tone."
    assert contacts(text, "2024-11-16") == {(TRUMP, "Shinzo Abe", "meeting", "occurred", "2016")}


def test_office_venue_is_the_candidates_only_during_the_term(contacts):
    text = "Donald Trump spoke. Stefan Löfven visited the White House in March 2018."
    assert contacts(text, "2024-11-16") == {(TRUMP, "Stefan Löfven", "meeting", "occurred", "2018-03")}
    assert contacts("Donald Trump spoke. Stefan Löfven visited the White House in March 2022.") == set()
    # the building as a speaker is no venue
    assert contacts("Donald Trump spoke. The White House said Löfven visited Ottawa.", "2025-03-01") == set()


def test_object_pronoun_is_not_the_subject_of_its_own_clause(contacts):
    text = "Italian Premier Giorgia Meloni said on Friday that she would not back down, as Donald Trump hosted her in Washington."
    found = contacts(text, "2025-04-19")
    assert found == {(TRUMP, "Giorgia Meloni", "meeting", "occurred", "2025-04-18")}


def test_possessive_her_can_be_the_subjects_own(contacts):
    text = (
        "Mark Rutte met aides in The Hague. Danish Prime Minister Mette Frederiksen said at her weekly briefing "
        "on Monday that she would meet Trump next week."
    )
    found = contacts(text, "2025-03-05")
    assert found == {(TRUMP, "Mette Frederiksen", "meeting", "planned", "2025-03")}


def test_weekday_before_a_surname_is_no_given_name(contacts):
    text = "JD Vance flew to Paris, where on Tuesday Vance had lunch with Emmanuel Macron."
    assert contacts(text, "2025-02-14") == {(VANCE, "Emmanuel Macron", "meeting", "occurred", "2025-02-11")}


def test_fronted_while_clause_does_not_lend_its_subject(contacts):
    text = "While Gustavo Petro was at the White House, his foreign minister met JD Vance across the street."
    assert contacts(text, "2025-05-01") == set()


def test_a_claim_does_not_taint_a_differently_dated_contact(contacts):
    text = (
        "Trump and Javier Milei spoke by phone in March. A new book claims that Trump and Milei also "
        "spoke privately in 2021, which Milei's office denied."
    )
    found = contacts(text, "2025-06-01")
    assert (TRUMP, "Javier Milei", "call", "occurred", "2025-03") in found
    assert (TRUMP, "Javier Milei", "call", "alleged", "2021") in found


def test_country_leader_in_a_headline_is_the_person_the_story_names(contacts):
    text = (
        "Walz and Danish leader swap letters on wind power\n\n"
        "Tim Walz wrote back this week to Danish Prime Minister Mette Frederiksen about a turbine plant."
    )
    found = {(c, ld, k) for c, ld, k, _, _ in contacts(text, "2024-10-12")}
    assert found == {(WALZ, "Mette Frederiksen", "message")}


def test_letter_sent_to_a_pronoun_recipient(contacts):
    text = "Tim Walz praised Olaf Scholz, who had sent him a letter in August about the trade fair."
    assert contacts(text, "2024-10-12") == {(WALZ, "Olaf Scholz", "message", "occurred", "2024-08")}


def test_cancelled_meeting_is_dated_by_the_cancellation_not_a_departure(contacts):
    text = (
        "A meeting that never happened this month: Brazil's president left Rome on Sunday night "
        "without the sit-down with Trump that aides had promised."
    )
    found = contacts(text, "2025-05-20")
    assert found == {(TRUMP, "Luiz Inácio Lula da Silva", "meeting", "cancelled", "2025-05")}
