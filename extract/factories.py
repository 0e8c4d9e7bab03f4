"""Every spaCy factory dipevents registers, in one place (as spaCy's own factories.py).

A `make_*` function only passes config to the component's constructor.
"""
from __future__ import annotations

from spacy.language import Language

from dipevents.extract.components import CUES, TRIGGERS, NameRecogniser, NewlineBoundaries, RuleMatcher


@Language.factory("dipevents_newlines")
def make_newlines(nlp: Language, name: str):
    return NewlineBoundaries()


@Language.factory("dipevents_names")
def make_names(nlp: Language, name: str):
    return NameRecogniser(nlp)


@Language.factory("dipevents_rules", default_config={"files": {TRIGGERS: "triggers.jsonl",
                                                                 CUES: "cues.jsonl"}})
def make_rules(nlp: Language, name: str, files: dict[str, str]):
    return RuleMatcher(nlp, files)
