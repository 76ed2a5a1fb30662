"""Date expressions and their resolution against the reference date."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.detect.dates import find_dates

REF = dt.date(2024, 9, 18)  # a Wednesday


def resolve(text: str, planned: bool = False, ref: dt.date = REF) -> list[str | None]:
    low = text.lower()
    return [d.resolve(ref, planned) for d in find_dates(low, 0, len(low))]


@pytest.mark.parametrize(
    ("text", "planned", "expected"),
    [
        ("they met on Monday", False, "2024-09-16"),
        ("they will meet on Monday", True, "2024-09-23"),
        ("on Wednesday evening", False, "2024-09-18"),
        ("last Friday", False, "2024-09-13"),
        ("in May 2019", False, "2019-05"),
        ("in 2019 May", False, "2019-05"),
        ("on April 8", False, "2024-04-08"),
        ("14 November 2023", False, "2023-11-14"),
        ("Sept. 27, 2024", False, "2024-09-27"),
        ("in July", False, "2024-07"),
        ("in October", True, "2024-10"),
        ("in October", False, "2023-10"),
        ("last December", False, "2023-12"),
        ("last month", False, "2024-08"),
        ("last week", False, "2024-09"),
        ("next week", True, "2024-09"),
        ("this spring", False, "2024"),
        ("next year", True, "2025"),
        ("in 2016", False, "2016"),
        ("March of this year", False, "2024-03"),
        ("two weeks ago", False, "2024-09"),
    ],
)
def test_resolution(text: str, planned: bool, expected: str) -> None:
    assert resolve(text, planned) == [expected]


def test_since_the_election_is_the_election_month() -> None:
    assert resolve("since the election", ref=dt.date(2024, 11, 20)) == ["2024-11"]
    assert resolve("since the election", ref=dt.date(2024, 6, 1)) == [None]


def test_no_dates_in_plain_numbers() -> None:
    assert resolve("on the 26th floor, $60 billion, 45 minutes, 3% of output") == []


def test_reported_time_anchors_relative_plans(contacts) -> None:
    # "next week" said last week is this week, not the week after publication
    text = 'Trump told reporters last week that Modi was "coming to meet me next week."'
    found = contacts(text, "2024-09-27")
    assert {d for *_, d in found} == {"2024-09"}


def test_report_time_gives_month_for_contact_in_complement(contacts) -> None:
    found = contacts(
        "On Sunday, Trump wrote that he had met with Qatari Emir Tamim bin Hamad Al Thani.", "2024-09-22"
    )
    assert found == {("Donald Trump", "Tamim bin Hamad Al Thani", "meeting", "occurred", "2024-09")}


def test_dateline_date_is_ignored(contacts) -> None:
    text = "Milei meets Trump\n\nBUENOS AIRES, 3 March 2021 (Wire) — President Javier Milei met Donald Trump on Thursday night."
    found = contacts(text, "2024-11-15")
    assert found == {("Donald Trump", "Javier Milei", "meeting", "occurred", "2024-11-14")}


def test_live_blog_entry_stamp_is_the_reference(contacts) -> None:
    text = (
        "Live updates: UN week\n\n"
        "3:10 p.m. ET, Sept. 24, 2024\n"
        "Harris meets Albanese\n"
        "Kamala Harris met Anthony Albanese at the White House for an hour.\n"
    )
    found = contacts(text, "2024-09-26")
    assert found == {("Kamala Harris", "Anthony Albanese", "meeting", "occurred", "2024-09-24")}


def test_years_ago_gives_the_year():
    assert resolve("they met three years ago") == ["2021"]
    assert resolve("a year ago") == ["2023"]


def test_same_day_takes_the_day_stated_earlier(contacts):
    text = "Trump landed in Rome on Friday, May 3. He had lunch with Giorgia Meloni the following day."
    assert contacts(text, "2024-05-06") == {
        ("Donald Trump", "Giorgia Meloni", "meeting", "occurred", "2024-05-04")
    }


def test_date_of_an_earlier_sentence_in_the_paragraph(contacts):
    text = "Walz arrived in Oslo on Tuesday. He sat down with Jonas Gahr Støre at the parliament."
    assert contacts(text, "2024-09-20") == {
        ("Tim Walz", "Jonas Gahr Støre", "meeting", "occurred", "2024-09-17")
    }
    # "again" marks another occasion: no date carried over
    text = "Walz arrived in Oslo on Tuesday. He met Jonas Gahr Støre again at a dinner."
    found = contacts(text, "2024-09-20")
    assert all(d is None for *_, d in found)


def test_live_blog_stamps_without_year_and_entry_headings(contacts):
    text = (
        "Live: the summit\n\n"
        "Last updated 9:10 p.m. CET, March 8, 2025\n\n"
        "6:05 p.m. CET, March 8\n"
        "Vance meets Meloni\n"
        "JD Vance met Giorgia Meloni at the palace.\n\n"
        "9:30 a.m. CET, March 7\n"
        "Looking back: Wednesday in Paris\n"
        "In the evening JD Vance had dinner with Emmanuel Macron.\n"
    )
    found = contacts(text, "2025-03-08")
    assert ("JD Vance", "Giorgia Meloni", "meeting", "occurred", "2025-03-08") in found
    assert ("JD Vance", "Emmanuel Macron", "meeting", "occurred", "2025-03-05") in found


def test_coordinated_months_are_two_occasions(contacts):
    text = "Trump has received Javier Milei at Mar-a-Lago this year, in February and again in June."
    found = contacts(text, "2025-08-01")
    assert {d for *_, d in found} == {"2025-02", "2025-06"}


def test_not_met_since_dates_the_last_meeting(contacts):
    text = "Kamala Harris and Yoon Suk Yeol have not met since their talks in Seoul in September 2022."
    assert contacts(text, "2024-03-01") == {
        ("Kamala Harris", "Yoon Suk Yeol", "meeting", "occurred", "2022-09")
    }
    # without a dated occasion it stays a negation
    assert contacts("Kamala Harris has not met Yoon Suk Yeol since the summit.", "2024-03-01") == set()


def test_perfect_with_since_takes_the_reference_year(contacts):
    text = "JD Vance has spoken with Giorgia Meloni twice since he joined the ticket."
    assert contacts(text, "2024-10-01") == {("JD Vance", "Giorgia Meloni", "call", "occurred", "2024")}


def test_a_when_clause_takes_the_date_of_its_head(contacts):
    text = "Trump's only visit to Lima came in April 2018, when he met Peruvian President Martín Vizcarra."
    found = contacts(text, "2024-09-18")
    assert found == {("Donald Trump", "Martín Vizcarra", "meeting", "occurred", "2018-04")}


def test_a_bare_month_takes_the_year_stated_earlier_in_the_sentence(contacts):
    text = (
        "In June 2018, Donald Trump cancelled a trip to Ottawa that had been planned for late July "
        "to meet Justin Trudeau."
    )
    found = contacts(text, "2024-09-18")
    assert {(c, ld, d) for c, ld, _k, _s, d in found} == {("Donald Trump", "Justin Trudeau", "2018-07")}


def test_that_december_is_in_the_year_the_paragraph_named(contacts):
    text = (
        "Relations soured in March 2019 over tariffs. Donald Trump and Justin Trudeau patched things "
        "up and met that December at a summit in Paris."
    )
    found = contacts(text, "2024-09-18")
    assert ("Donald Trump", "Justin Trudeau", "meeting", "occurred", "2019-12") in found


def test_that_afternoon_is_the_day_stated_before(contacts):
    text = (
        "Kamala Harris landed in Manila on Tuesday. Later that afternoon, she and Ferdinand Marcos Jr. "
        "met at the palace. The two had last met in 2023."
    )
    found = contacts(text, "2024-09-19")
    assert ("Kamala Harris", "Bongbong Marcos", "meeting", "occurred", "2024-09-17") in found or (
        "Kamala Harris",
        "Ferdinand Marcos Jr.",
        "meeting",
        "occurred",
        "2024-09-17",
    ) in found
