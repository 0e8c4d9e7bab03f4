"""What the tokens of a trigger pattern ask for: the words each names (`LOWER`, `ORTH`,
`TEXT`, `LEMMA`), whether it must occur, a leading letter class."""
from __future__ import annotations

import re

WORD_KEYS = ("LOWER", "ORTH", "TEXT", "LEMMA")
LETTERS = re.compile(r"[a-z]+")
_COUNT = re.compile(r"\{(\d*)(,?)(\d*)\}")


def required_words(pattern: list[dict]) -> list[list[tuple[frozenset[str], bool]]]:
    """Per token of a Matcher or DependencyMatcher pattern, (words, is_lemma) for each of
    its word keys, or [] for a token that may be absent or names no words. A token with
    both LOWER and LEMMA gives two: both must hold."""
    tokens = []
    for token in pattern:
        attrs = token.get("RIGHT_ATTRS", token)
        found = []
        if _required(attrs.get("OP")):
            for key in WORD_KEYS:
                words = literal(attrs.get(key))
                if words:
                    found.append((frozenset(w.lower() for w in words), key == "LEMMA"))
        tokens.append(found)
    return tokens


def words_of(token: dict) -> frozenset[str]:
    attrs = token.get("RIGHT_ATTRS", token)
    words = [literal(attrs.get(key)) for key in WORD_KEYS]
    return frozenset(w.lower() for found in words if found for w in found)


def initial_class(token: dict) -> str | None:
    """The letter class a token's text must start with, from `"TEXT": {"REGEX": "^[A-Z]"}`."""
    value = token.get("TEXT")
    if isinstance(value, dict) and set(value) == {"REGEX"}:
        found = re.match(r"\^(\[[^\]]+\])", value["REGEX"])
        return found.group(1) if found else None
    return None


def _required(op: str | None) -> bool:
    """Whether a token with this quantifier must occur at least once."""
    if op in (None, "1", "+"):
        return True
    if op in ("?", "*", "!"):
        return False
    count = _COUNT.fullmatch(op)
    if count is None:
        return False  # an operator we do not know: assume it may match nothing
    low, comma, high = count.groups()
    return int(low or 0) >= 1 if comma else int(low or high or 0) >= 1


def literal(value) -> set[str] | None:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict) and set(value) == {"IN"}:
        return {str(item) for item in value["IN"]}
    return None  # REGEX, NOT_IN, FUZZY...: not a word list
