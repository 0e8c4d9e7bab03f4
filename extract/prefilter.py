"""The prefilter: a cheap test for text that cannot hold a meeting.

Every trigger pattern needs at least one literal word; a text in which none of those words
(or their inflected forms, from `patterns/inflections.json`) occurs cannot match a trigger,
so the spaCy pass is skipped for it. `--no-prefilter` turns it off, to check it loses nothing.
"""
from __future__ import annotations

import re
from functools import lru_cache

from dipevents.extract.patterns import load_json, load_patterns


class Prefilter:
    """A cheap test for text that cannot hold a meeting: none of the trigger words occur."""

    def __init__(self) -> None:
        words = set()
        for entry in load_patterns("triggers.jsonl"):
            words.update(_anchor_words(entry["pattern"]))
        forms = load_patterns_forms()
        stems = set()
        for word in words:
            stems.add(re.escape(word[:-1] if word.endswith("e") and len(word) > 3 else word))
            stems.update(re.escape(form) for form in forms.get(word, ()))
        self.regex = re.compile(r"\b(?:" + "|".join(sorted(stems, key=len, reverse=True)) + r")",
                                re.IGNORECASE)

    def __call__(self, text: str) -> bool:
        return self.regex.search(text) is not None


def _anchor_words(pattern: list[dict]) -> set[str]:
    """The words of the most selective required token of a pattern."""
    best: set[str] | None = None
    for token in pattern:
        if token.get("OP") in ("?", "*"):
            continue
        for key in ("LOWER", "LEMMA", "ORTH"):
            value = token.get(key)
            if value is None:
                continue
            words = {value} if isinstance(value, str) else set(value.get("IN", []))
            if best is None or len(words) < len(best) or _commoner(best, words):
                best = words
    return {w.lower() for w in best} if best else set()


def _commoner(current: set[str], candidate: set[str]) -> bool:
    """Prefer a token of content words over one of prepositions ("to", "with", "on")."""
    short = lambda words: sum(len(w) <= 3 for w in words)  # noqa: E731
    return short(current) > short(candidate) and len(candidate) <= len(current) + 4


@lru_cache(maxsize=1)
def load_patterns_forms() -> dict[str, tuple[str, ...]]:
    data = load_json("inflections.json")
    return {lemma: tuple(forms) for lemma, forms in data["forms"].items()}
