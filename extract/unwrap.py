"""Hard-wrapped text: line breaks that only wrap a paragraph become spaces.

Wire copy (the Reuters texts of the benchmark corpus, press agencies' feeds, e-mailed
releases) is cut at a fixed width, about 65 characters, with paragraphs marked by an
indent or a blank line. A sentence that runs over such a break is one sentence: spaCy must
see "Minister X met Y" and not "Minister X", a space token, "met Y". Each wrapping line
break is replaced by one space, so every character offset stays where it was.

A text counts as hard-wrapped when most of its lines stay within a narrow band below one
width; a line break there wraps when the line before it reaches into that band (it was cut
for lack of room) and the line after it is neither blank nor indented. Texts written one
paragraph a line are left alone: their lines are long and of every length.

A short wire item (a brief of two or three lines) has too few lines to show a width, so
each of its paragraphs is judged alone (`_short_breaks`): every line but the last reaches
near the paragraph's longest line, and a break wraps only where the words run on over it
(the line after starts in lower case, or the line before ends mid-sentence), and the
paragraph ends a sentence; a paragraph of two lines shows its width by one line only, so
there the next word must also not have fitted on the first line. A headline
over its story (all in capitals, or every word capitalised, with no dateline dash) and a
dateline that opens the next line ("NAIROBI, April 16 -") stay on their own lines.
"""
from __future__ import annotations

import re

# Lines of wrapped text end within this many characters of the width.
BAND = 25
# The width of wrapped text: between these, as news wires and e-mail set it.
MIN_WIDTH, MAX_WIDTH = 40, 100
# Share of the text's characters that must stand in lines within the width.
WRAPPED_SHARE = 0.8
# Lines that must reach into the band below the width: one long headline is no wrapping.
MIN_LINES = 4
# A wrapped line is cut where the next word would not fit; wrappers leave up to this many
# characters free (Reuters-21578: 96% of wrapping breaks leave none, 99.7% at most 3).
SLACK = 4

# A line that ends a sentence: a full stop, question or exclamation mark, colon or
# semicolon, maybe inside closing quotes or brackets.
SENTENCE_END = re.compile(r"[.!?:;][\"'\u2019\u201d)\]]*$")
# A line that opens with a dateline: a place in capitals, then a comma, a bracket or a dash
# ("NAIROBI, April 16", "SANTA CLARA, Calif.", "LONDON (Wire)", "PARIS -").
DATELINE_START = re.compile(r"[A-Z][A-Z.'\u2019&/-]*(?: [A-Z][A-Z.'\u2019&/-]*)*(?:,| ?\(| ?-|\s[\u2013\u2014])")
# A dash between a dateline and its story, in a line whose words are all capitalised.
DATELINE_DASH = re.compile(r"\s(?:--?|[\u2013\u2014])\s")


def wrap_width(text: str) -> int | None:
    """The width a text is hard-wrapped at, or None when it is not hard-wrapped."""
    lengths = sorted(len(line.rstrip()) for line in text.split("\n") if line.strip())
    if len(lengths) < MIN_LINES:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        return None
    fitting = sum(n for n in lengths if n <= width + 5)
    full = sum(1 for n in lengths if width - BAND <= n <= width + 5)
    if full < MIN_LINES or fitting < WRAPPED_SHARE * sum(lengths):
        return None
    return width


def unwrap(text: str) -> str:
    """`text` with the line breaks that only wrap a paragraph turned into spaces (same length)."""
    if "\n" not in text:
        return text
    width = wrap_width(text)
    breaks = _wrapped_breaks(text, width) if width is not None else _short_breaks(text)
    if not breaks:
        return text
    chars = list(text)
    for index in breaks:
        chars[index] = " "
    return "".join(chars)


def _wrapped_breaks(text: str, width: int) -> list[int]:
    """The wrapping line breaks of a text hard-wrapped at `width`."""
    breaks = []
    start = 0
    while (end := text.find("\n", start)) != -1:
        line = text[start:end].rstrip()
        following = text[end + 1:end + 2]
        if (len(line) >= width - BAND and line.strip() and following
                and not following.isspace()):
            breaks.append(end)
        start = end + 1
    return breaks


def _short_breaks(text: str) -> list[int]:
    """The wrapping line breaks of a text too short to show a width, paragraph by paragraph.

    A paragraph is a run of non-blank lines, the first maybe indented, the others not.
    Its lines must fit one width (the longest between `MIN_WIDTH` and `MAX_WIDTH` + 5) and
    every line but the last must reach into the band below the longest: a short headline,
    byline or list line above a paragraph keeps the block from counting.
    """
    breaks: list[int] = []
    block: list[tuple[int, str]] = []  # (offset of the line break after it, line)
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if block and (not line.strip() or line[:1].isspace()):
            breaks.extend(_block_breaks(block))
            block = []
        if line.strip():
            block.append((end, line.rstrip()))
        start = end + 1
    if block:
        breaks.extend(_block_breaks(block))
    return breaks


def _block_breaks(block: list[tuple[int, str]]) -> list[int]:
    if len(block) < 2:
        return []
    longest = max(len(line) for _, line in block)
    if not MIN_WIDTH <= longest <= MAX_WIDTH + 5:
        return []
    if any(len(line) < longest - BAND for _, line in block[:-1]):
        return []
    if not SENTENCE_END.search(block[-1][1]):
        return []  # a paragraph ends a sentence; header lines and table rows need not
    if len(block) == 2 and not _cut(*block, longest):
        return []
    return [end for (end, line), (_, following) in zip(block, block[1:])
            if _runs_on(line, following)]


def _cut(first: tuple[int, str], second: tuple[int, str], width: int) -> bool:
    """Whether the first line of two was cut for lack of room: the second's first word would
    not have fitted within `width` (less `SLACK`, as wire wrappers fill lines loosely)."""
    return len(first[1]) + 1 + len(second[1].split()[0]) > width - SLACK


def _runs_on(line: str, following: str) -> bool:
    """Whether a sentence runs on from `line` over the line break into `following`."""
    if _all_caps(line) and not _all_caps(following):
        return False  # a headline in capitals over its story
    if following[:1].islower():
        return True
    if SENTENCE_END.search(line) or DATELINE_START.match(following):
        return False
    words = [word for word in line.split() if word[:1].isalpha()]
    if all(word[:1].isupper() for word in words) and not DATELINE_DASH.search(line):
        return False  # a headline in title case ("Kenya's President Meets Uganda's Leader")
    return True


def _all_caps(line: str) -> bool:
    return line.upper() == line and any(char.isalpha() for char in line)
