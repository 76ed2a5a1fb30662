"""Length-preserving text folding, so every match maps back to the original text.

The detector matches names and cues on a folded copy of the article: accents
dropped ("Orbán" -> "Orban"), typographic quotes and apostrophes made plain,
hyphens turned into spaces ("Al-Thani" == "Al Thani", "sit-down" == "sit down")
and dashes unified. Each character maps to exactly one character, so an offset
in the folded text is the same offset in the original and evidence can be cut
verbatim from the article.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters with a fixed replacement (all one character long).
_FIXED = {
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "\u2032": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2013": "\u2014",  # en dash used as a parenthetical dash, like the em dash
    "\u2012": "\u2014",
    "\u2015": "\u2014",
    "-": " ",
    "\u2010": " ",
    "\u2011": " ",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\t": " ",
    "\r": " ",
    "\u00df": "s",
    "\u0131": "i",
    "\u0141": "L",
    "\u0142": "l",
    "\u00d8": "O",
    "\u00f8": "o",
    "\u0110": "D",
    "\u0111": "d",
}


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    if ch in _FIXED:
        return _FIXED[ch]
    if ch.isascii():
        return ch
    base = unicodedata.normalize("NFD", ch)[0]
    if len(base) == 1 and (base.isascii() or base.isalpha()):
        return base
    return ch


# The characters fold() may change: everything not ASCII, and the ASCII ones of _FIXED.
_TO_FOLD = re.compile(r"[^\x00-\x08\x0a-\x0c\x0e-\x2c\x2e-\x5f\x61-\x7f]")


def _fold_match(m: re.Match[str]) -> str:
    return _fold_char(m.group())


def fold(text: str) -> str:
    """Fold ``text`` character by character; the result has the same length."""
    if text.isascii() and "-" not in text and "`" not in text and "\t" not in text and "\r" not in text:
        return text
    # news text is mostly ASCII: replacing only the few characters that fold is about
    # fifteen times faster than str.translate(), which looks every character up in the table
    return _TO_FOLD.sub(_fold_match, text)


@lru_cache(maxsize=8192)
def _lower_char(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch


def lower(text: str) -> str:
    """Lowercase without changing the length (a few characters lowercase to two)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(_lower_char(ch) for ch in text)


def fold_name(name: str) -> str:
    """The folded form of a gazetteer name, with runs of spaces squeezed."""
    return " ".join(fold(name).split())
