"""The prefilter: text that cannot hold a meeting skips the spaCy pass, or most of it.

Two tests, both exact (a text they turn away cannot match a trigger pattern), and both off
with `--no-prefilter`, to check what they change:

1. `Prefilter`, on the raw text. Every token of a trigger pattern that must be present and
   names words (`LOWER`, `ORTH`, `TEXT`, `LEMMA`) is a clause: one of its words has to occur.
   Tokens that must follow one another make a chain: their words have to occur in that
   order, apart by at most a space ("called on"). A text passes when every clause and chain
   of at least one pattern is met; the others are not parsed at all.
2. `TriggerGate`, after the tokenizer and tagger: each trigger pattern is matched in a
   loosened form that reads only words and tags (`TaggedPatterns`); a text none matches
   skips the parser, attribute ruler, lemmatizer, entity recogniser and dipevents'
   components.

Both also say where the text can stop. spaCy makes every line break a space token of its
own, and no trigger pattern has a token a space token can fill, so a match never runs over
a line break. What follows the last paragraph that can hold a match cannot hold a meeting:
`Prefilter.reach` cuts the text there before the spaCy pass, and the gate cuts the tagged
text again after the last paragraph in which a trigger did match, before the parser. The
extraction reads what it knows about a meeting (who the names are, their titles, the
scene) from the text before and in its sentence, with one exception: a person's title or
full name written only after the cut. That is what the cut can change; over the 31,402
corpus texts of the benchmark it changed 4 of 396 events (the README's "Speed and memory").

A lemma is looked for in every surface form the pipeline's lemmatizer could map to it: the
lemma itself, the forms its suffix rules undo ("meets", "meeting"), its exceptions ("met",
"held") and the tokenizer's contractions that hide a form inside a longer word ("hasn't").
Those tables live in `patterns/inflections.json`, copied from the English pipeline; a test
checks them against it, so the prefilter itself needs no spaCy.

By job: `words` (the word test), `gate` (the trigger gate and the routes), `tagged` (the
loosened patterns), `cut` (paragraphs), `tokens` (what a pattern's tokens ask for),
`inflections` (surface forms of trigger words). `python bench/inflections.py` rewrites
`patterns/inflections.json` in a source tree when a pattern brings a new word.
"""
from dipevents.extract.prefilter.cut import PARAGRAPH_END, paragraphs
from dipevents.extract.prefilter.gate import RULES_COMPONENT, Route, TriggerGate
from dipevents.extract.prefilter.inflections import inflections_json, inflections_of, regular_forms
from dipevents.extract.prefilter.tagged import TaggedPatterns
from dipevents.extract.prefilter.tokens import required_words
from dipevents.extract.prefilter.words import Prefilter, default_prefilter

__all__ = [
    "PARAGRAPH_END",
    "RULES_COMPONENT",
    "Prefilter",
    "Route",
    "TaggedPatterns",
    "TriggerGate",
    "default_prefilter",
    "inflections_json",
    "inflections_of",
    "paragraphs",
    "regular_forms",
    "required_words",
]
