"""Contact cues beyond "met": venues, meals, handshakes, courtesy calls, lists, titles and names."""

from __future__ import annotations

TRUMP, HARRIS, VANCE, WALZ = "Donald Trump", "Kamala Harris", "JD Vance", "Tim Walz"


def test_meal_and_pull_aside_nouns_are_meetings(contacts):
    assert contacts("Tim Walz had coffee with Mette Frederiksen in Copenhagen on Monday.") == {
        (WALZ, "Mette Frederiksen", "meeting", "occurred", "2024-09-16")
    }
    found = contacts("Kamala Harris had a short pull-aside with Anthony Albanese at the summit last October.")
    assert found == {(HARRIS, "Anthony Albanese", "meeting", "occurred", "2023-10")}


def test_intransitive_handshake_and_huddle_of_a_joined_subject(contacts):
    assert contacts("JD Vance and Giorgia Meloni shook hands outside the palace on Tuesday.") == {
        (VANCE, "Giorgia Meloni", "meeting", "occurred", "2024-09-17")
    }
    assert contacts("At the summit on Monday, Trump and Recep Tayyip Erdogan huddled for an hour.") == {
        (TRUMP, "Recep Tayyip Erdoğan", "meeting", "occurred", "2024-09-16")
    }


def test_call_on_is_a_visit_but_called_on_to_act_is_not(contacts):
    found = contacts("Pedro Sánchez is expected to call on Trump in Palm Beach next week.")
    assert found == {(TRUMP, "Pedro Sánchez", "meeting", "planned", "2024-09")}
    assert contacts("Trump called on Benjamin Netanyahu to end the fighting on Sunday.") == set()
    # a later "according to" is not an urging "to"
    found = contacts("Pedro Sánchez paid a call on Trump in Palm Beach on Monday, according to his office.")
    assert found == {(TRUMP, "Pedro Sánchez", "meeting", "occurred", "2024-09-16")}
    found = contacts("Pedro Sánchez will call on Trump in Palm Beach, according to his office.")
    assert {(c, ld, k) for c, ld, k, _, _ in found} == {(TRUMP, "Pedro Sánchez", "meeting")}


def test_noun_call_between_two_people(contacts):
    found = contacts(
        "A scheduled call between JD Vance and Friedrich Merz fell through on Friday.", "2025-06-02"
    )
    assert {(c, ld, k, s) for c, ld, k, s, _ in found} == {(VANCE, "Friedrich Merz", "call", "cancelled")}


def test_title_before_a_name_of_an_earlier_holder_is_that_person(contacts):
    # in 2024 "Irish Taoiseach" alone is Simon Harris; before a name it is that name's apposition
    found = contacts("Vance recalled a breakfast with Irish Taoiseach Leo Varadkar in Dublin in 2019.")
    assert {ld for _, ld, *_ in found} == {"Leo Varadkar"}


def test_noun_far_behind_asides_keeps_its_own_participants(contacts):
    text = (
        "Mark Carney was joined by his finance minister, Jane Doe, who in 2019 mocked Trump on television"
        " and has since courted Republicans, including at dinners with Trump's running mate, JD Vance."
    )
    assert contacts(text, "2025-05-10") == set()


def test_the_two_takes_the_main_clause_leader(contacts):
    text = (
        "Kamala Harris held talks with Anthony Albanese in Canberra in May 2023, when she also praised"
        " Shinzo Abe. The two also met in Jakarta last September."
    )
    found = contacts(text, "2024-04-10")
    assert (HARRIS, "Anthony Albanese", "meeting", "occurred", "2023-09") in found
    assert all(ld == "Anthony Albanese" for _, ld, *_ in found)


def test_talk_kind_follows_the_nearer_phone_or_presence_word(contacts):
    text = (
        "Trump hosted Javier Milei at his club, where a video clip showed them at a table"
        " before a private dinner and a long conversation."
    )
    found = contacts(text, "2024-11-16")
    assert {k for _, _, k, _, _ in found} == {"meeting"}


def test_title_phrases_found_by_country_word_lookup(contacts):
    day = "2024-11-20"
    assert {
        ld for _, ld, *_ in contacts("Trump spoke by phone with the president of the Philippines.", day)
    } == {"Bongbong Marcos"}
    assert {ld for _, ld, *_ in contacts("Trump met the Polish president in New York on Monday.", day)} == {
        "Andrzej Duda"
    }
    found = contacts("Trump hosted Britain's former prime minister at his club on Friday.", day)
    assert found == set()  # several former holders, none named in the story: no guess
    assert {ld for _, ld, *_ in contacts("Vance called South Korea's president on Tuesday.", day)} == {
        "Yoon Suk Yeol"
    }
