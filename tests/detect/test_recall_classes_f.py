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
