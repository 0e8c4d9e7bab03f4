"""Every spaCy factory dipevents registers, in one place (as spaCy's own factories.py).

A `make_*` function only passes config to the component's constructor.
"""
from __future__ import annotations

from spacy.language import Language

from dipevents.extract.components import DEFAULT_FILES, NameRecogniser, NewlineBoundaries, RuleMatcher

# What each component reads and sets, so that `nlp.analyze_pipes()` checks the order.
# (The attribute ruler declares nothing, so the parts of speech it sets cannot be required.)


@Language.factory("dipevents_newlines", assigns=["token.is_sent_start"])
def make_newlines(nlp: Language, name: str):
    return NewlineBoundaries()


@Language.factory("dipevents_names", requires=["doc.ents", "token.dep", "token.ent_type"],
                  assigns=["doc.ents", "token.ent_type", "token.ent_iob"])
def make_names(nlp: Language, name: str):
    return NameRecogniser(nlp)


@Language.factory("dipevents_rules", default_config={"files": DEFAULT_FILES},
                  requires=["token.lemma", "token.tag", "token.dep"], assigns=["doc.spans"])
def make_rules(nlp: Language, name: str, files: dict[str, str]):
    return RuleMatcher(nlp, files)
