"""Where a text can stop: spaCy gives every line break a space token of its own, so no
trigger match runs over one, and what follows the last paragraph that can hold a match
cannot hold a meeting."""
from __future__ import annotations

import re

# Where a paragraph ends: a blank line, or a line break before an indented line (the same
# breaks `NewlineBoundaries` always ends a sentence at).
PARAGRAPH_END = re.compile(r"\n[ \t]*\n|\n(?=[ \t])")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of `text`; the break itself belongs to neither."""
    spans, start = [], 0
    for match in PARAGRAPH_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans
