"""Status from what a cue acts on: a cancelled non-contact, and a columnist's unconfirmed claim."""

from __future__ import annotations

TRUMP, HARRIS, VANCE = "Donald Trump", "Kamala Harris", "JD Vance"


def test_calling_off_something_else_leaves_the_call_occurred(contacts):
    text = "Kamala Harris said she had phoned King Abdullah II on Friday and urged him to call off the new border closures."
    found = contacts(text, "2024-08-12")
    assert {(c, ld, k, s) for c, ld, k, s, _ in found} == {
        (HARRIS, "Abdullah II of Jordan", "call", "occurred")
    }


def test_cancelling_a_contact_noun_is_still_cancelled(contacts):
    text = "Vance cancelled his planned visit with Prime Minister Giorgia Meloni on Tuesday."
    found = contacts(text, "2025-03-03")
    assert {(c, ld, s) for c, ld, _, s, _ in found} == {(VANCE, "Giorgia Meloni", "cancelled")}


def test_a_columnists_claim_is_alleged(contacts):
    text = "A Polish columnist wrote on Sunday that Trump had phoned Andrzej Duda late on Saturday."
    found = contacts(text, "2024-09-23")
    assert {(c, ld, k, s) for c, ld, k, s, _ in found} == {(TRUMP, "Andrzej Duda", "call", "alleged")}


def test_a_meeting_not_held_or_not_realized_is_cancelled(contacts):
    text = (
        "The talks with Prime Minister Pedro Sánchez that Vance had on his agenda for Monday were not held."
    )
    found = contacts(text, "2025-03-12")
    assert {(c, ld, s) for c, ld, _, s, _ in found} == {(VANCE, "Pedro Sánchez", "cancelled")}
    # a literal machine translation of "no se realizó"
    text = "The encounter between Kamala Harris and Emmanuel Macron, which was foreseen for that Friday, was not realized."
    found = contacts(text, "2024-09-18")
    assert {(c, ld, s) for c, ld, _, s, _ in found} == {(HARRIS, "Emmanuel Macron", "cancelled")}
