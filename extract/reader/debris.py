"""Prose and page debris: a line that reads like a sentence, and lines of adverts, menus
and "Related" link lists (`patterns/debris.json`) blanked with spaces, keeping every offset."""
from __future__ import annotations

import re

from dipevents.extract.reader.rules import DebrisRule, reader_rules

PROSE_MIN_WORDS = 6  # a line ending like a sentence, with at least this many words
PROSE_LONG_WORDS = 20  # or this many words, however it ends
SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")
FULL_STOP_END = re.compile(r"\.[\"'\u201d\u2019)\]]*$")
LIST_BULLET = re.compile(r"(?:[-*\u2022\u00b7\u25aa\u2013]|\d{1,2}[.)])\s")


def looks_like_prose(line: str) -> bool:
    """A sentence-like line: ends like a sentence with some words, or is long."""
    words = line.split()
    if len(words) >= PROSE_LONG_WORDS:
        return True
    return len(words) >= PROSE_MIN_WORDS and bool(SENTENCE_END.search(line.rstrip()))


def debris_rule(stripped: str) -> DebrisRule | None:
    rules = reader_rules()
    if not stripped or len(stripped) > rules.max_debris_chars:
        return None
    folded = stripped.casefold()
    for rule in rules.debris:
        if len(stripped) > rule.max_chars:
            continue
        if rule.requires and not any(word in folded for word in rule.requires):
            continue
        if rule.regex.fullmatch(stripped):
            return rule
    return None


def _ends_list(line: str) -> bool:
    """In a link list, prose means: not a bullet item, and a full stop or many words."""
    if LIST_BULLET.match(line):
        return False
    words = line.split()
    if len(words) >= PROSE_LONG_WORDS:
        return True
    return len(words) >= PROSE_MIN_WORDS and bool(FULL_STOP_END.search(line))


def blank_debris(text: str, in_list: bool = False) -> tuple[str, bool]:
    """Overwrite debris lines (and link lists after a list heading) with spaces.

    Returns the new text, same length, and whether a link list is still open at the end,
    to carry into the next piece of the same document.
    """
    lines = text.split("\n")
    changed = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        rule = debris_rule(stripped)
        if rule is not None:
            in_list = in_list or rule.starts_list
        elif in_list and _ends_list(stripped):
            in_list = False
            continue
        elif not in_list:
            continue
        lines[index] = " " * len(line)
        changed = True
    return ("\n".join(lines) if changed else text), in_list
