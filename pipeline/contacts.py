"""The detector's output record, shared by detection, events, replay and eval."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from pipeline.config import Kind, Status


@dataclass(frozen=True)
class Contact:
    """One contact between a watched candidate and a foreign leader, as one article states it.

    ``date`` is ISO ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` or None; ``evidence`` is a
    verbatim substring of the article text (the sentence or clause stating it).
    ``rule`` and ``explain`` say why it was found (``detect --explain``).
    """

    candidate: str
    leader: str
    country: str
    kind: Kind
    status: Status
    date: str | None
    evidence: str
    rule: str = ""
    explain: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_json(self, explain: bool = False) -> dict[str, Any]:
        out = asdict(self)
        out.pop("explain")
        out.pop("rule")
        if explain:
            out["rule"] = self.rule
            out["explain"] = self.explain
        return out
