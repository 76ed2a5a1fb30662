"""Recall classes found on a further private corpus, one section per class of language the
detector missed or misread. Sentences written for these tests."""

from __future__ import annotations

TRUMP, HARRIS = "Donald Trump", "Kamala Harris"
ZELENSKYY = "Volodymyr Zelenskyy"


def pairs(found):
    return {(c, ld) for c, ld, *_ in found}


# ------------------------------------------------------------ transliterated surnames


def test_other_transliterations_of_a_sky_surname_are_the_same_leader(contacts):
    for spelling in ("Volodymyr Zelenskyi", "Volodymyr Zelenskij", "Zelenskyj"):
        found = contacts(f"Trump spoke with {spelling} by phone on Friday.", "2024-07-20")
        assert (TRUMP, ZELENSKYY, "call", "occurred", "2024-07-19") in found, spelling


def test_a_variant_surname_alone_follows_the_full_name(contacts):
    text = "Volodymyr Zelenskyi visited Kyiv on Monday.\n\nTrump met Zelenskyi in New York on Thursday."
    assert (TRUMP, ZELENSKYY, "meeting", "occurred", "2024-07-18") in contacts(text, "2024-07-20")


def test_a_variant_of_another_ending_is_no_leader(contacts):
    # only the "-sky" ending varies; a different stem is somebody else
    assert contacts("Trump spoke with Zelenkov by phone on Friday.", "2024-07-20") == set()
    assert contacts("Trump spoke with Zelenskyi's aide by phone on Friday.", "2024-07-20") == set()
