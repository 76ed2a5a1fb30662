"""One article prepared for the rules: original text, folded copies, layout."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from pipeline.detect.clauses import Layout, Sentence, split_article
from pipeline.detect.normalize import fold, lower


@dataclass
class Document:
    text: str  # the article as given (evidence is cut from it)
    folded: str  # same length, accents/quotes/hyphens folded
    low: str  # folded and lowercased, same length
    published: dt.date | None
    layout: Layout
    _starts: list[int] | None = field(default=None, repr=False)

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
        if self._starts is None:
            self._starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return None
        s = self.sentences[i]
        return s if pos < s.end else None
