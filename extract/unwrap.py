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
"""
from __future__ import annotations

# Lines of wrapped text end within this many characters of the width.
BAND = 25
# The width of wrapped text: between these, as news wires and e-mail set it.
MIN_WIDTH, MAX_WIDTH = 40, 100
# Share of the text's characters that must stand in lines within the width.
WRAPPED_SHARE = 0.8
# Lines that must reach into the band below the width: one long headline is no wrapping.
MIN_LINES = 4


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
    if width is None:
        return text
    chars = list(text)
    start = 0
    while (end := text.find("\n", start)) != -1:
        line = text[start:end].rstrip()
        following = text[end + 1:end + 2]
        if (len(line) >= width - BAND and line.strip() and following
                and not following.isspace()):
            chars[end] = " "
        start = end + 1
    return "".join(chars)
