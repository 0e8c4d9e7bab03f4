"""All-capitals wire text: which paragraphs `recase` puts in ordinary case (no pipeline)."""
from __future__ import annotations

import pytest

from dipevents.extract.recase import recase


def test_an_all_capitals_paragraph_of_prose_is_in_ordinary_case():
    """Words the rules read in lower case are lower-cased, the others capitalised (a word no
    list knows, "fishing", reads as a name: harmless next to a meeting's words)."""
    text = ("ARNORIAN PRESIDENT HELMUT VARGA MET GONDORIAN PRESIDENT ELSA BRANDT IN VALDORA "
            "ON TUESDAY. THE TWO LEADERS HELD TALKS ON THE FISHING DISPUTE.\n")
    out = recase(text)
    assert len(out) == len(text)
    assert out == ("Arnorian President Helmut Varga met Gondorian President Elsa Brandt in Valdora "
                   "on Tuesday. The two leaders held talks on the Fishing Dispute.\n")


def test_each_paragraph_is_judged_alone():
    story = "Arnorian President Helmut Varga met Gondorian President Elsa Brandt on Tuesday.\n"
    caps = "THE TWO LEADERS HELD TALKS ON THE FISHING DISPUTE IN VALDORA.\n"
    out = recase(story + "\n" + caps).split("\n")
    assert out[0] == story.rstrip("\n")
    assert out[2] == "The two leaders held talks on the Fishing Dispute in Valdora."


@pytest.mark.parametrize("text", [
    # a headline in capitals over a story in ordinary case: no sentence ends it
    "ARNOR AND GONDOR PRESIDENTS MEET OVER THE FISHING DISPUTE\n\n"
    "Arnorian President Helmut Varga met Gondorian President Elsa Brandt on Tuesday.\n",
    # a headline ending with an abbreviation, not a sentence
    "ARNOR TO SEEK HIGHER TEXTILE EXPORTS TO U.S.\n",
    # too short to be a story
    "ARNOR AND GONDOR MEET.\n",
    # a table of prices
    "APR7  69.57 UP  0.17\nJUN7  64.92 OFF 0.10\n",
    # one capitalised word in a sentence in ordinary case
    "The ARNORIAN president met Gondorian President Elsa Brandt on Tuesday in Valdora.\n",
])
def test_headlines_tables_and_ordinary_text_are_left_alone(text):
    assert recase(text) == text


def test_words_of_country_names_and_titles_stay_capitalised():
    """"Sri" is also a word of honorifics the rules read in lower case; in a country's name
    it is capitalised, as a title word is."""
    out = recase("SRI LANKAN PRESIDENT NIMAL SENANAYAKE MET THE PRIME MINISTER OF NEW ZEALAND.\n")
    assert out == "Sri Lankan President Nimal Senanayake met the Prime Minister of New Zealand.\n"
