"""One article prepared for the rules: original text, folded copies, layout."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.detect.clauses import Layout, Sentence, split_article
from pipeline.detect.normalize import fold, lower


@dataclass
class Document:
    text: str  # the article as given (evidence is cut from it)
    folded: str  # same length, accents/quotes/hyphens folded
    low: str  # folded and lowercased, same length
    published: dt.date | None
    layout: Layout

    @classmethod
    def build(cls, text: str, published: dt.date | None, has_headline: bool) -> Document:
        folded = fold(text)
        low = lower(folded)
        return cls(
            text=text,
            folded=folded,
            low=low,
            published=published,
            layout=split_article(folded, published, has_headline),
        )

    @property
    def sentences(self) -> list[Sentence]:
        return self.layout.sentences

    def sentence_at(self, pos: int) -> Sentence | None:
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if pos < s.start:
                hi = mid - 1
            elif pos >= s.end:
                lo = mid + 1
            else:
                return s
        return None
