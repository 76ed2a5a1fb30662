"""Status rules: planned, cancelled, alleged, and negation that yields nothing."""

from __future__ import annotations

TRUMP, HARRIS, VANCE = "Donald Trump", "Kamala Harris", "JD Vance"


def test_future_and_plan_words_are_planned(contacts):
    assert contacts("Kamala Harris will meet Anthony Albanese in Washington on Friday.") == {
        (HARRIS, "Anthony Albanese", "meeting", "planned", "2024-09-20")
    }
    assert contacts("Trump is expected to meet Giorgia Meloni later this month.") == {
        (TRUMP, "Giorgia Meloni", "meeting", "planned", "2024-09")
    }
    found = contacts("Vance said he plans to talk with Mark Rutte next week.")
    assert {(c, ld, s) for c, ld, _, s, _ in found} == {(VANCE, "Mark Rutte", "planned")}


def test_invitation_to_visit_is_planned(contacts):
    found = contacts("Irish Taoiseach Simon Harris invited JD Vance to visit Dublin next year.", "2024-11-20")
    assert found == {(VANCE, "Simon Harris", "meeting", "planned", "2025")}


def test_called_off_is_cancelled(contacts):
    found = contacts("Trump's planned meeting with Justin Trudeau on Friday was called off.")
    assert {(c, ld, s) for c, ld, _, s, _ in found} == {(TRUMP, "Justin Trudeau", "cancelled")}


def test_expected_then_scrapped_next_sentence_is_cancelled(contacts):
    text = (
        "Kamala Harris had been expected to meet Chancellor Olaf Scholz in Berlin. "
        "But the stop was scrapped when the storm hit Florida."
    )
    found = contacts(text, "2024-10-10")
    assert {(c, ld, s) for c, ld, _, s, _ in found} == {(HARRIS, "Olaf Scholz", "cancelled")}


def test_never_took_place_is_cancelled(contacts):
    text = 'Trump had said Pedro Sánchez was "coming to meet me," but the meeting never took place.'
    found = contacts(text)
    assert {(c, ld, s) for c, ld, _, s, _ in found} == {(TRUMP, "Pedro Sánchez", "cancelled")}


def test_claims_in_a_book_are_alleged(contacts):
    text = "According to a new book, Trump spoke by phone with Vladimir Putin several times this year."
    found = contacts(text)
    assert {(c, ld, k, s) for c, ld, k, s, _ in found} == {(TRUMP, "Vladimir Putin", "call", "alleged")}


def test_negation_yields_nothing(contacts):
    assert contacts("Vance has never met Volodymyr Zelenskyy.") == set()
    assert contacts("Tim Walz did not meet Xi Jinping during his trips.") == set()
    assert contacts("There is no record that Walz has ever spoken with Li Qiang.") == set()
    assert contacts("Trump and Justin Trudeau did not speak on Monday.") == set()


def test_question_yields_nothing(contacts):
    text = "Asked whether he would seek a meeting with Olaf Scholz, Vance said nothing."
    assert contacts(text) == set()


def test_superseded_plan_is_not_a_second_event(contacts):
    text = (
        "Trump welcomed Benjamin Netanyahu to Mar-a-Lago on Friday. "
        "Trump had originally said he would see Netanyahu on Thursday."
    )
    found = contacts(text, "2024-07-27")
    assert found == {(TRUMP, "Benjamin Netanyahu", "meeting", "occurred", "2024-07-26")}


def test_plan_and_occurrence_merge_in_one_article(contacts):
    text = (
        "Trump said on Tuesday he would meet Javier Milei on Thursday. "
        "On Thursday, Trump met Milei at his estate."
    )
    assert contacts(text, "2024-11-15") == {(TRUMP, "Javier Milei", "meeting", "occurred", "2024-11-14")}


def test_shelved_or_postponed_indefinitely_is_cancelled(contacts):
    found = contacts("A visit by Mette Frederiksen to see Trump was postponed indefinitely.", "2019-08-22")
    assert {(c, ld, s) for c, ld, _, s, _ in found} == {(TRUMP, "Mette Frederiksen", "cancelled")}
    found = contacts("Kamala Harris's planned talks with Olaf Scholz in Berlin were shelved.", "2024-10-10")
    assert {(c, ld, s) for c, ld, _, s, _ in found} == {(HARRIS, "Olaf Scholz", "cancelled")}


def test_invitation_to_a_named_place_is_planned(contacts):
    found = contacts("JD Vance invited Friedrich Merz to Ohio, and the chancellor accepted.", "2025-06-02")
    assert {(c, ld, s) for c, ld, _, s, _ in found} == {(VANCE, "Friedrich Merz", "planned")}


def test_unnamed_people_familiar_make_it_alleged(contacts):
    text = "Tim Walz spoke with Justin Trudeau in August, according to three people briefed on the call."
    found = contacts(text)
    assert {(c, ld, k, s) for c, ld, k, s, _ in found} == {("Tim Walz", "Justin Trudeau", "call", "alleged")}


def test_a_meeting_dropped_from_the_schedule_is_cancelled(contacts):
    text = "A sit-down between Trump and Polish President Andrzej Duda, set for Friday, was dropped from the agenda."
    found = contacts(text, "2024-09-18")
    assert {(c, ld, k, s) for c, ld, k, s, _d in found} == {
        ("Donald Trump", "Andrzej Duda", "meeting", "cancelled")
    }


def test_a_media_report_of_a_call_is_alleged(contacts):
    text = "A Polish weekly reported that Donald Trump had phoned Andrzej Duda again in March."
    found = contacts(text, "2024-09-18")
    assert {(c, ld, k, s) for c, ld, k, s, _d in found} == {
        ("Donald Trump", "Andrzej Duda", "call", "alleged")
    }


def test_a_refusal_in_a_relative_clause_is_not_a_cancellation(contacts):
    text = (
        "Harris has never spoken with Hungarian Prime Minister Viktor Orbán, who in May refused to see "
        "a Senate delegation in Budapest."
    )
    assert contacts(text, "2024-09-18") == set()


def test_a_cancellation_after_an_embedded_relative_clause_still_counts(contacts):
    text = (
        "Officials said Trump's meeting with Andrzej Duda, which had been planned for Monday, had been "
        "called off."
    )
    found = contacts(text, "2024-09-18")
    assert {(c, ld, s) for c, ld, _k, s, _d in found} == {("Donald Trump", "Andrzej Duda", "cancelled")}
