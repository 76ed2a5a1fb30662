"""Two people with one surname: honorifics, pronoun gender and refusal to guess."""

from __future__ import annotations

HARRIS, WALZ, SIMON = "Kamala Harris", "Tim Walz", "Simon Harris"


def test_honorific_picks_the_man_with_the_surname(contacts):
    text = (
        "Irish leader Simon Harris flew to Chicago in September 2024. Kamala Harris was campaigning "
        "in Georgia that week. On Friday Mr Harris sat down with Tim Walz at a union hall."
    )
    found = contacts(text, "2024-09-30")
    assert {(c, ld) for c, ld, *_ in found} == {(WALZ, SIMON)}


def test_honorific_picks_the_woman_with_the_surname(contacts):
    text = (
        "Simon Harris and Kamala Harris both spoke at the gala in Boston. "
        "Ms Harris later met the Taoiseach privately on Saturday."
    )
    found = contacts(text, "2024-09-30")
    assert {(c, ld, k) for c, ld, k, *_ in found} == {(HARRIS, SIMON, "meeting")}


def test_candidate_is_never_confused_with_a_namesake(contacts):
    # "Mr Harris ... Ms Harris": the Irish leader talking about the candidate is no contact with himself
    text = (
        "Taoiseach Simon Harris visited Ohio this week, while Vice-President Kamala Harris toured Arizona. "
        "Mr Harris told reporters he had spoken to Ms Harris only once, by phone in May."
    )
    found = contacts(text, "2024-09-30")
    assert found == {(HARRIS, SIMON, "call", "occurred", "2024-05")}


def test_bare_shared_surname_names_nobody(contacts):
    # both are named in full: a bare "Harris" could be either, so it is no participant
    text = (
        "Simon Harris and Kamala Harris were both in New York for the assembly. "
        "On Tuesday Harris met Olaf Scholz for coffee near the UN."
    )
    assert contacts(text, "2024-09-30") == set()


def test_the_national_title_needs_no_country_word(contacts):
    text = "Tim Walz was in Dublin on Monday. The Taoiseach received Mr Walz at Government Buildings."
    found = contacts(text, "2024-09-25")
    assert {(c, ld) for c, ld, *_ in found} == {(WALZ, SIMON)}


def test_a_clause_after_shortly_after_is_not_a_list_item(contacts):
    text = (
        "The Taoiseach phoned Tim Walz in August, shortly after Kamala Harris named the governor "
        "as her running mate."
    )
    found = contacts(text, "2024-09-25")
    assert {(c, ld, k) for c, ld, k, *_ in found} == {(WALZ, SIMON, "call")}
