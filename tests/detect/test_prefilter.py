"""The cheap paths of detection give the same answers as the plain ones they replace."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pipeline.detect import detector as detector_module
from pipeline.detect.clauses import Layout, Quote, split_article
from pipeline.detect.gazetteer import Gazetteer
from pipeline.detect.mentions import (
    Mention,
    _first_letters,
    _group_first_letters,
    _Nearby,
    _QuoteIndex,
)
from pipeline.detect.normalize import _FIXED, _fold_char, fold

DAY = dt.date(2024, 9, 18)


def _fold_by_table(text: str) -> str:
    """The plain definition: every character through its own fold."""
    table = {ord(ch): _fold_char(ch) for ch in set(text) if not ch.isascii() or ch in _FIXED}
    return text.translate(table)


@pytest.mark.parametrize(
    "text",
    [
        "Orbán met Zelenskyy in Kyiv\u2019s old town \u2014 twice.",
        "Al-Thani\tand Erdo\u011fan \u201cspoke\u201d by phone\r\nat 9\u00a0a.m.",
        "\u01ff\u00f8\u0141\u00df\u0131 `quoted' \u2013 \u2012 \u2015 \u202f\u2009",
        "plain ascii text, nothing to fold",
        "\u0410\u043d\u043d\u0430 \u65e5\u672c \U0001f600 caf\u00e9",
    ],
)
def test_fold_changes_each_character_as_its_own_fold(text):
    folded = fold(text)
    assert folded == _fold_by_table(text)
    assert len(folded) == len(text)


def test_fold_maps_a_character_once_not_through_a_chain():
    # "ǿ" folds to "ø" (its base); "ø" folds to "o" only when it is written as such
    assert fold("\u01ff \u00f8") == "\u00f8 o"


def test_first_letter_guards_keep_every_match():
    words = ["he", "him", "his", "she", "her"]
    plain = re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)
    guarded = re.compile(_first_letters(words) + plain.pattern, re.IGNORECASE)
    text = "She said HE met him; his aide and Her staff, shepherd, the heir, SHE."
    assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert len(list(guarded.finditer(text))) == 6


@pytest.mark.parametrize(
    ("pattern", "guard"),
    [
        (r"(?:wife|son|half brother)", "(?=[hsw])"),
        (r"\b(?:they|the two(?: men| leaders)?|both men)\b", "(?=[bt])"),
        (r"(?:s?he|they)", ""),  # the first letter is optional
        (r"(?:\w+ly|they)", ""),  # not a word list
        (r"(?:a|b)", "(?=[ab])"),
        (r"(?:a*b|c)", ""),  # "a" may be absent
        (r"wife|son", ""),  # not a group
    ],
)
def test_group_guard_only_for_plain_word_lists(pattern, guard):
    assert _group_first_letters(pattern) == guard


def _article_layout() -> tuple[str, Layout]:
    text = (
        'Trump said "we had a great call" on Monday. He added: "Modi is a friend."\n\n'
        'An aide said "the meeting is off\n\n'
        "No quotes here at all."
    )
    return text, split_article(text, DAY, has_headline=False)


def test_quote_index_agrees_with_the_layout_at_every_position():
    text, layout = _article_layout()
    assert len(layout.quotes) == 3
    index = _QuoteIndex(layout.quotes)
    assert index.ordered
    for pos in range(len(text) + 2):
        assert index.at(pos) is layout.quote_at(pos)


def test_quote_index_falls_back_to_a_scan_for_overlapping_quotes():
    quotes = [Quote(10, 40), Quote(5, 20), Quote(50, 60)]
    layout = Layout(quotes=quotes)
    index = _QuoteIndex(quotes)
    assert not index.ordered
    for pos in range(70):
        assert index.at(pos) is layout.quote_at(pos)


def test_nearby_mentions_hold_every_mention_ending_in_the_window():
    spans = [(0, 5), (3, 30), (12, 14), (31, 35), (40, 70), (72, 75), (90, 91)]
    mentions = [Mention(a, b, ("X",), "name") for a, b in spans]
    nearby = _Nearby(mentions)
    for lo in range(0, 95, 3):
        for hi in range(lo, 100, 7):
            ending = [m for m in mentions if lo <= m.end <= hi]
            window = nearby.ending_within(lo, hi)
            assert all(m in window for m in ending)
            assert window == sorted(window, key=lambda m: m.start)
    assert nearby.starting_from(31) == mentions[3:]


def test_article_without_candidates_is_dismissed_before_its_layout(detector, monkeypatch):
    calls = []

    def counting(*args, **kwargs):
        calls.append(args)
        return split_article(*args, **kwargs)

    monkeypatch.setattr(detector_module, "split_article", counting)
    text = "Markets rose in Tokyo on Monday. Chancellor Scholz spoke about trade with Macron. " * 50
    assert detector.detect(text, DAY) == []
    assert calls == []
    found = detector.detect("Trump met Indian Prime Minister Narendra Modi on Monday.", DAY)
    assert len(calls) == 1
    assert [(c.candidate, c.leader, c.kind) for c in found] == [("Donald Trump", "Narendra Modi", "meeting")]


def test_title_holders_are_kept_and_bounded(detector, monkeypatch):
    gaz: Gazetteer = detector.gazetteer
    monkeypatch.setattr("pipeline.detect.gazetteer._HOLDERS_KEPT", 3)
    gaz._holders_seen.clear()
    first = gaz.resolve_title("IN", "prime minister", dt.date(2019, 6, 1))
    assert first == "Narendra Modi"
    assert gaz.resolve_title("IN", "prime minister", dt.date(2019, 6, 1)) == first
    assert gaz.resolve_title("GB", "prime minister", dt.date(2019, 6, 1)) == "Theresa May"
    assert gaz.resolve_title("GB", "prime minister", dt.date(2020, 6, 1)) == "Boris Johnson"
    assert gaz.resolve_title("GB", "prime minister", dt.date(2023, 6, 1)) == "Rishi Sunak"
    assert len(gaz._holders_seen) <= 3
    gaz._holders_seen.clear()
