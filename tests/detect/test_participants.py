"""Contact recognition: the candidate and the leader must be the participants."""

from __future__ import annotations

TRUMP, HARRIS, VANCE, WALZ = "Donald Trump", "Kamala Harris", "JD Vance", "Tim Walz"


def test_subject_verb_object(contacts):
    found = contacts(
        "Donald Trump hosted Brazilian President Luiz Inácio Lula da Silva at his club on Tuesday."
    )
    assert found == {(TRUMP, "Luiz Inácio Lula da Silva", "meeting", "occurred", "2024-09-17")}


def test_leader_as_subject_with_preposition(contacts):
    found = contacts(
        "Japanese Prime Minister Fumio Kishida sat down with Kamala Harris on Monday in Washington."
    )
    assert found == {(HARRIS, "Fumio Kishida", "meeting", "occurred", "2024-09-16")}


def test_joined_subject_of_reciprocal_cue(contacts):
    found = contacts("Tim Walz and Olaf Scholz spoke by phone in August.")
    assert found == {(WALZ, "Olaf Scholz", "call", "occurred", "2024-08")}


def test_list_of_objects_gives_one_contact_each(contacts):
    found = contacts(
        "In Paris last week, Trump met Emmanuel Macron, Giorgia Meloni and Keir Starmer.", "2024-10-10"
    )
    assert {(c, ld) for c, ld, *_ in found} == {
        (TRUMP, "Emmanuel Macron"),
        (TRUMP, "Giorgia Meloni"),
        (TRUMP, "Keir Starmer"),
    }


def test_co_mention_is_not_a_contact(contacts):
    # someone else met the leader; the candidate is only in another clause
    assert contacts("Biden met Zelenskyy at the White House while Trump campaigned in Ohio.") == set()
    assert contacts("Trump praised Viktor Orbán at a rally in Georgia on Monday.") == set()


def test_third_person_subject_blocks(contacts):
    assert (
        contacts("Joe Biden hosted Narendra Modi in Delaware, a day after Trump spoke in Michigan.") == set()
    )


def test_relative_of_a_leader_is_not_the_leader(contacts):
    text = "Prince William, representing his father, King Charles III, met Trump at the embassy on Saturday."
    assert contacts(text, "2024-12-08") == set()


def test_candidate_as_modifier_or_possessor_is_not_a_participant(contacts):
    assert contacts("A Trump campaign aide met Javier Milei in Buenos Aires on Friday.") == set()
    assert contacts("Kamala Harris's national security adviser met Olaf Scholz on Friday.") == set()


def test_other_person_with_the_candidates_surname(contacts):
    assert contacts("Melania Trump met King Charles III at the palace on Monday.") == set()
    assert contacts("Lara Trump dined with Javier Milei in Florida on Saturday.") == set()


def test_simon_harris_is_not_kamala_harris(contacts):
    text = (
        "Irish Taoiseach Simon Harris spoke by phone on Monday with JD Vance. "
        "Harris invited Vance to visit Dublin next spring."
    )
    found = contacts(text, "2024-11-20")
    assert (VANCE, "Simon Harris", "call", "occurred", "2024-11-18") in found
    assert all(c != HARRIS for c, *_ in found)


def test_quote_first_person_is_the_speaker(contacts):
    text = (
        "Trump spoke for an hour in Wisconsin on Tuesday. "
        '"Erdogan is coming to see me next month, a great guy," Trump said.'
    )
    found = contacts(text, "2024-09-18")
    assert (TRUMP, "Recep Tayyip Erdoğan", "meeting", "planned", "2024-10") in found


def test_pronoun_continues_the_subject(contacts):
    text = (
        "Kamala Harris landed in Warsaw on Monday night. "
        "She met Polish Prime Minister Donald Tusk at his office on Tuesday."
    )
    assert contacts(text, "2024-09-18") == {(HARRIS, "Donald Tusk", "meeting", "occurred", "2024-09-17")}


def test_the_two_refers_to_the_pair_of_the_story(contacts):
    text = (
        "Trump and Benjamin Netanyahu have a long history. "
        "The two last met at the White House in February 2020."
    )
    assert contacts(text) == {(TRUMP, "Benjamin Netanyahu", "meeting", "occurred", "2020-02")}


def test_the_two_after_someone_else_pair_is_not_the_candidate(contacts):
    text = (
        "Trump has criticised Xi Jinping for months. "
        "On Saturday, Joe Biden and Xi Jinping held talks in Lima. The two leaders met for two hours."
    )
    assert contacts(text, "2024-11-17") == set()


def test_title_phrase_resolves_at_publication_date(contacts):
    found = contacts("India's prime minister called Trump on Wednesday to discuss trade.", "2024-11-15")
    assert found == {(TRUMP, "Narendra Modi", "call", "occurred", "2024-11-13")}


def test_spouse_or_delegation_is_not_a_contact(contacts):
    assert contacts("A delegation from Ukraine met Trump's advisers at Mar-a-Lago on Friday.") == set()
    assert contacts("Trump's wife met the wife of Emmanuel Macron in Paris on Saturday.") == set()


def test_naming_call_is_not_a_phone_call(contacts):
    assert contacts('Trump called Xi Jinping "a brilliant man" at a rally on Monday.') == set()
    assert contacts("Trump called Viktor Orbán a strong leader on Monday.") == set()


def test_letter_is_a_message(contacts):
    found = contacts("Trump received a letter from Kim Jong Un in June 2019, he said.", "2024-09-18")
    assert (TRUMP, "Kim Jong Un", "message", "occurred", "2019-06") in found
