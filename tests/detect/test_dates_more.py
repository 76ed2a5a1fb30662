"""Date classes found on a private corpus: the story's day stated in the lede, dates of
asides, quotes dated by the speech after them, coordinated occasions. Sentences written
for these tests."""

from __future__ import annotations

TRUMP, HARRIS = "Donald Trump", "Kamala Harris"


def _dates(found: set[tuple[str, str, str, str, str | None]], leader: str) -> set[str | None]:
    return {d for _, ld, _, _, d in found if ld == leader}


# ------------------------------------------------------ the date of an aside is its own


def test_a_date_in_a_relative_clause_after_the_leader_is_not_the_contacts(contacts):
    text = "Kamala Harris sat down with Giorgia Meloni, whose coalition won a vote that ended on Friday."
    assert _dates(contacts(text, "2024-10-16"), "Giorgia Meloni") == {None}


def test_a_date_after_the_relative_clause_still_dates_the_contact(contacts):
    text = "Kamala Harris sat down with Giorgia Meloni, whose coalition won a vote, on Friday."
    assert _dates(contacts(text, "2024-10-16"), "Giorgia Meloni") == {"2024-10-11"}
