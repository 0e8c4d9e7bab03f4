"""Confidence: how likely an assembled event is right (`eval --calibration` shows the result)."""
from __future__ import annotations

from dipevents.models import Party


def _confidence(entry: dict, parties: list[Party], place, when, status: str,
                inferred: bool) -> float:
    """How likely the event is right: a strong trigger whose sides the parse names, with
    office or country known for every party, a place and a date, scores highest; each
    weaker reading takes something off (`eval --calibration` shows the result)."""
    score = 0.95
    if entry.get("weak"):
        score -= 0.15
    if inferred:
        score -= 0.1
    if any(not p.name for p in parties):
        score -= 0.1
    if any(not (p.title or p.country) for p in parties):
        score -= 0.1
    if place is None:
        score -= 0.05
    if when is None:
        score -= 0.05
    if status == "planned":
        score -= 0.05
    return round(max(score, 0.05), 2)
