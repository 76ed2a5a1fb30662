"""The sketch index finds exactly the near-duplicates that comparing every pair finds."""

from __future__ import annotations

import random

from pipeline.dedup import SketchIndex, is_near_duplicate, sketch

WORDS = [
    "the",
    "minister",
    "met",
    "envoy",
    "talks",
    "harbor",
    "summit",
    "city",
    "council",
    "budget",
    "river",
    "bridge",
    "vote",
    "week",
    "morning",
    "evening",
    "trade",
    "port",
    "rail",
    "grain",
    "steel",
    "plan",
    "signed",
    "delayed",
    "agreed",
    "officials",
    "said",
    "north",
    "south",
    "east",
    "west",
    "first",
    "second",
    "new",
    "old",
    "long",
    "short",
    "quick",
    "slow",
    "market",
    "price",
]


def _texts(seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    base = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 400))) for _ in range(60)]
    # Rewrites: a story with a part cut and a few words changed, so some pairs are near-duplicates.
    rewrites = []
    for text in base[:20]:
        words = text.split()
        cut = words[: int(len(words) * rng.uniform(0.6, 1.0))]
        for _ in range(5):
            cut[rng.randrange(len(cut))] = rng.choice(WORDS)
        rewrites.append(" ".join(cut))
    return base + rewrites


def test_index_candidates_hold_every_near_duplicate() -> None:
    sketches = [s for s in map(sketch, _texts()) if s is not None]
    index = SketchIndex()
    for key, sk in enumerate(sketches):
        index.add(key, sk)
    pairs_found = 0
    for key, sk in enumerate(sketches):
        everyone = {
            other for other, osk in enumerate(sketches) if other != key and is_near_duplicate(sk, osk)
        }
        candidates = index.candidates(sk) - {key}
        indexed = {other for other in candidates if is_near_duplicate(sk, sketches[other])}
        assert indexed == everyone
        pairs_found += len(everyone)
    assert pairs_found >= 20, "the rewrites are near-duplicates of their stories"


def test_unrelated_sketches_are_not_candidates() -> None:
    index = SketchIndex()
    first = sketch(" ".join(f"alpha{i} beta{i} gamma{i}" for i in range(80)))
    other = sketch(" ".join(f"delta{i} epsilon{i} zeta{i}" for i in range(80)))
    assert first is not None and other is not None
    index.add(1, first)
    assert index.candidates(other) == set()
    assert index.candidates(first) == {1}
