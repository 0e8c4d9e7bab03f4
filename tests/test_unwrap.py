"""Hard-wrapped text: which line breaks `unwrap` turns into spaces (no spaCy)."""
from __future__ import annotations

import pytest

from dipevents.extract.unwrap import unwrap, wrap_width

BRIEF = ("VALDORA, May 4 (Wire) - Arnorian President Helmut Varga met\n"
         "Gondorian President Elsa Brandt on Tuesday to discuss a\n"
         "fishing dispute, officials said.\n")


def joined(text: str) -> list[str]:
    """The lines of `text` after unwrapping."""
    out = unwrap(text)
    assert len(out) == len(text)  # offsets stay where they were
    return out.split("\n")


def test_a_three_line_brief_is_one_paragraph():
    assert wrap_width(BRIEF) is None  # too few lines to show a width
    assert joined(BRIEF) == [BRIEF.replace("\n", " ")[:-1], ""]


def test_a_two_line_brief_is_one_paragraph():
    text = ("VALDORA, May 4 (Wire) - Arnorian President Helmut Varga met\n"
            "Gondorian President Elsa Brandt on Tuesday.\n")
    assert joined(text)[0] == text.replace("\n", " ", 1).rstrip("\n")


def test_a_name_cut_at_the_line_end_is_joined():
    text = ("PORT ARNO, Jan 12 (Wire) - Arnorian Foreign Minister Edvard\n"
            "Shalin met Gondorian Foreign Minister Hans-Peter\n"
            "Lindqvist in the palace today, the agency said.\n")
    assert len(joined(text)) == 2


def test_a_line_after_a_full_stop_runs_on_when_it_starts_in_lower_case():
    text = ("Arnorian President Helmut Varga met the Gondorian envoy to the U.N.\n"
            "secretariat on Tuesday, officials said.\n")
    assert len(joined(text)) == 2


def test_brief_paragraphs_under_an_indent_or_a_blank_line_stay_apart():
    text = BRIEF + "    The two presidents also agreed to meet again in\nthe spring.\n\n" + BRIEF
    lines = joined(text)
    assert lines[0].startswith("VALDORA") and lines[0].endswith("officials said.")
    assert lines[1] == "    The two presidents also agreed to meet again in the spring."
    assert lines[3].startswith("VALDORA") and lines[3].endswith("officials said.")


STORY = ("Arnorian President Helmut Varga met Gondorian President Elsa\n"
         "Brandt in Valdora on Tuesday, officials said.\n")


@pytest.mark.parametrize("headline", [
    "Arnor's President Meets Gondor's Leader Over Fishing Row",  # title case
    "ARNOR - GONDOR SUMMIT ENDS WITH A FISHING ACCORD - OFFICIAL",  # capitals, with a dash
])
def test_a_headline_stays_over_its_wrapped_story(headline):
    assert joined(headline + "\n" + STORY) == [headline, STORY.replace("\n", " ", 1)[:-1], ""]


def test_a_dateline_opens_its_own_line():
    text = ("Arnor's president meets Gondor's leader over fishing row\n"
            "VALDORA, May 4 (Wire) - Arnorian President Helmut Varga met\n"
            "Gondorian President Elsa Brandt on Tuesday, officials said.\n")
    lines = joined(text)
    assert lines[0] == "Arnor's president meets Gondor's leader over fishing row"
    assert lines[1].startswith("VALDORA") and lines[1].endswith("officials said.")


@pytest.mark.parametrize("text", [
    # two lines, the first not cut for lack of room: a headline in sentence case
    "Talks on the fishing dispute resume after a pause\n"
    "Arnorian President Helmut Varga met Gondorian President Elsa Brandt.\n",
    # a paragraph a line: every line ends a sentence
    "Arnorian President Helmut Varga met Gondorian President Elsa Brandt.\n"
    "The two leaders discussed the fishing dispute and trade.\n"
    "They agreed to meet again in the spring in Valdora.\n",
    # header lines of every length above the story
    "Published on March 3, 2015\n"
    "Communique issued by the Presidency of the Republic of Arnor\n\n"
    "Arnorian President Helmut Varga met Gondorian President Elsa Brandt.\n",
    # a table: its last row ends no sentence
    "Arnor 12 mln tonnes wheat exports vs 11 mln tonnes in the year\n"
    "Gondor 4 mln tonnes wheat exports vs 5 mln tonnes\n",
    # a byline above the story: a line far short of the others
    "By a staff correspondent\n" + STORY,
    # a line longer than any wire's, written a paragraph a line
    "Arnorian President Helmut Varga met Gondorian President Elsa Brandt in Valdora on "
    "Tuesday to discuss the fishing dispute that has strained relations for two years\n"
    "The talks were constructive, officials said.\n",
])
def test_texts_written_a_paragraph_a_line_are_left_alone(text):
    assert unwrap(text) == text


def test_long_wrapped_articles_still_unwrap_by_their_width():
    text = (BRIEF.replace("officials said.\n", "officials said. The two presidents\n")
            + "agreed to set up a joint commission on the fishing grounds, a\n"
            + "statement said. Brandt is due to travel on to Port Arno on\n"
            + "Wednesday before returning home.\n")
    assert wrap_width(text) is not None
    assert joined(text) == [text.replace("\n", " ")[:-1], ""]
