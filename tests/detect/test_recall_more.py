"""Broader recall: title prefixes, pronoun subjects, host verbs, lists, plans and messages."""

from __future__ import annotations

TRUMP, HARRIS, VANCE, WALZ = "Donald Trump", "Kamala Harris", "JD Vance", "Tim Walz"


def test_title_with_new_prefix_after_country_possessive(contacts):
    found = contacts(
        "Trump flies to Tokyo on Monday and is to hold talks on Tuesday with Japan's new prime minister.",
        "2025-10-26",
    )
    assert (TRUMP, "Sanae Takaichi", "meeting", "planned", "2025-10-28") in found


def test_subject_pronoun_skips_a_person_named_in_an_aside(contacts):
    text = (
        "Trump said on Saturday that the talks had gone well. "
        '"She is a friend," he said, referring to the late former prime minister Shinzo Abe. '
        "On Wednesday he is due to meet President Lee Jae-myung in Seoul."
    )
    found = contacts(text, "2025-10-26")
    assert (TRUMP, "Lee Jae-myung", "meeting", "planned", "2025-10-29") in found
    assert not any(c != TRUMP for c, *_ in found)
