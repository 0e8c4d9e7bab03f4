"""All-capitals wire text: a paragraph written wholly in capitals is put in ordinary case.

Old agency copy (UPI, some Reuters and telex feeds) sets whole articles in capitals. The
English pipeline reads "KENYAN PRESIDENT WILLIAM OTIENO MET UGANDAN PRESIDENT MOSES OKELO"
as one long name and finds no verb, so such a paragraph gives nothing. Before parsing,
each word of an all-capitals paragraph is lower-cased when it is a word the rules read in
lower case (an English stop word, a form of a trigger word, a word of
`patterns/words.json` or its regular forms; `lower_in_capitals` there lists the others)
and capitalised otherwise (title words and the words of country names always) ("Otieno", "Nairobi", "President"); the
first word of each sentence is capitalised. Every character stays where it was.

Only prose is recased: a paragraph with at least `MIN_WORDS` words whose last line ends a
sentence. A headline in capitals over a story in ordinary case ("ARNOR AND GONDOR SIGN
FISHING ACCORD"), a table of prices, a headline-only wire item stay as written.
"""
from __future__ import annotations

import re
from functools import lru_cache

# A paragraph this short is a headline or a label, not a story.
MIN_WORDS = 6
# A run of this many characters without a lower-case letter: the test that lets the
# paragraphs of ordinary text through without a closer look.
CAPS_RUN = re.compile(r"[^a-z\n]{30}")
WORD = re.compile(r"[A-Z][A-Z'\u2019]*")
# The end of a sentence: a word of two letters or more (not "U.S.") and a full stop.
SENTENCE_END = re.compile(r"(?<![.\w])[A-Z\d][A-Z\d'\u2019-]+[.!?][\"'\u2019\u201d)\]]*$")
SENTENCE_START = re.compile(r"(^|[.!?][\"'\u2019\u201d)\]]*\s+)([a-z])")


@lru_cache(maxsize=1)
def lower_words() -> frozenset[str]:
    """The words an all-capitals paragraph gives in lower case."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from dipevents.extract.gazetteer import get_gazetteer
    from dipevents.extract.lexicon import title_words
    from dipevents.extract.patterns import load_json
    from dipevents.extract.prefilter.inflections import regular_forms
    from dipevents.extract.prefilter.words import Prefilter

    found = set()
    for clauses in Prefilter().clauses.values():
        for clause in clauses:
            found.update(clause)
    rules = [tuple(rule) for rule in load_json("inflections.json")["suffix_rules"]]
    for entry in load_json("words.json")["classes"].values():
        for phrase in entry["words"]:
            for word in phrase.split():
                if word.islower():
                    found.add(word)
                    found.update(regular_forms(word, rules))
    names = {word.lower() for form, _ in get_gazetteer().country_names() for word in form.split()}
    found = (found - title_words() - names) | STOP_WORDS  # "Minister", "Sri Lanka", but "her"
    return frozenset(word for word in found if word.isalpha())


def recase(text: str) -> str:
    """`text` with every all-capitals paragraph of prose in ordinary case (same length)."""
    if not CAPS_RUN.search(text):
        return text
    pieces = []
    for paragraph in re.split(r"(\n\s*\n|\n(?=[ \t]))", text):
        pieces.append(_recased(paragraph) if _all_caps_prose(paragraph) else paragraph)
    return "".join(pieces)


def _all_caps_prose(paragraph: str) -> bool:
    return (not any(char.islower() for char in paragraph)
            and len(WORD.findall(paragraph)) >= MIN_WORDS
            and bool(SENTENCE_END.search(paragraph.rstrip())))


def _recased(paragraph: str) -> str:
    lower = lower_words()

    def word(match: re.Match) -> str:
        found = match.group(0)
        new = found.lower() if found.lower() in lower else found[0] + found[1:].lower()
        return new if len(new) == len(found) else found

    out = WORD.sub(word, paragraph)
    start = len(out) - len(out.lstrip())
    out = SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), out[start:])
    return paragraph[:start] + out
