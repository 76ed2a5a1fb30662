"""Only people who hold or held a leading office are foreign leaders (SCHEMA.md)."""

from __future__ import annotations

TRUMP = "Donald Trump"


def test_a_militia_commander_is_no_leader(contacts):
    # Khalifa Haftar is in the gazetteer with a military command only
    assert contacts("Donald Trump spoke by phone with Khalifa Haftar on Monday.", "2019-04-19") == set()


def test_a_crown_prince_who_never_led_is_no_leader(contacts):
    text = "Donald Trump met Muhammad bin Nayef at the White House on Friday."
    assert contacts(text, "2017-03-20") == set()


def test_a_later_leader_still_counts(contacts):
    # met as crown prince, later prime minister: the detector may report it (gold marks it optional)
    found = contacts("Donald Trump met Mohammed bin Salman in the Oval Office on Tuesday.", "2017-03-16")
    assert {(c, ld) for c, ld, *_ in found} == {(TRUMP, "Mohammed bin Salman")}


def test_a_possessor_is_not_the_subject_a_pronoun_continues(contacts):
    # "he" is the predecessor named after the possessive, not the possessor
    text = (
        "Olaf Scholz's predecessor, Angela Merkel, was received by Donald Trump in March 2017, "
        "a week after he had phoned her."
    )
    found = contacts(text, "2024-09-25")
    assert ("Donald Trump", "Olaf Scholz") not in {(c, ld) for c, ld, *_ in found}
    assert (TRUMP, "Angela Merkel", "meeting", "occurred", "2017-03") in found
