"""A candidate named as one member of a group whose relative clause states the contact."""

from __future__ import annotations

VANCE, WALZ = "JD Vance", "Tim Walz"


def test_one_of_several_who_met_is_the_subject(contacts):
    text = "In 2019, Vance was one of three Ohio donors who sat down with Prime Minister Viktor Orbán in Budapest."
    found = contacts(text, "2024-09-18")
    assert found == {(VANCE, "Viktor Orbán", "meeting", "occurred", "2019")}


def test_among_those_who_met_is_the_subject(contacts):
    text = "Walz was among the governors who met former Afghan President Hamid Karzai during a 2013 visit."
    found = contacts(text, "2024-09-18")
    assert {(c, ld, k, s) for c, ld, k, s, _ in found} == {(WALZ, "Hamid Karzai", "meeting", "occurred")}


def test_not_among_those_who_met_yields_nothing(contacts):
    text = "Vance was not among the senators who met Viktor Orbán in Budapest last year."
    assert contacts(text, "2024-09-18") == set()
