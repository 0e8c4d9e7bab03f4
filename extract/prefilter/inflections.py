"""Surface forms of trigger words: every form the pipeline's lemmatizer could map to a
lemma (suffix rules, exceptions, forms hidden in contractions), from
`patterns/inflections.json`. `inflections_of` reads them off a pipeline (the test that
checks the file, and `bench/inflections.py`, which rewrites the file in a source tree)."""
from __future__ import annotations

import json
from collections.abc import Iterable

from dipevents.extract.prefilter.tokens import LETTERS, literal, required_words


def surface_forms(words: frozenset[str], lemma: bool, rules: list[tuple[str, str]],
              forms: dict[str, list[str]]) -> set[str]:
    found = set(words)
    if lemma:
        found.update(form for word in words for form in regular_forms(word, rules))
    found.update(form for word in list(found) for form in forms.get(word, ()))
    return found


def regular_forms(lemma: str, rules: Iterable[tuple[str, str]]) -> set[str]:
    """Every string a lemmatizer suffix rule (old, new) turns into `lemma`."""
    return {lemma[:len(lemma) - len(new)] + old for old, new in rules
            if old and lemma.endswith(new)}


def inflections_of(nlp, patterns: Iterable[dict]) -> dict:
    """The `suffix_rules` and `forms` that `nlp` implies for the words of `patterns`.

    Rules: the lemmatizer's suffix rules of every part of speech. Forms, per word: the
    lemmatizer's exceptions and the attribute ruler's LEMMA overrides that give the word,
    then every letter run of a tokenizer special case that splits into one of the word's
    forms ("hasn't" -> "has" + "n't" gives "hasn"). Used by the tests and by
    `bench/inflections.py`, which refreshes `patterns/inflections.json` in a source tree when
    a pattern brings a new word.
    """
    lookups = nlp.get_pipe("lemmatizer").lookups
    rules = sorted({tuple(rule) for table in lookups.get_table("lemma_rules").values()
                    for rule in table if rule[0]})
    words, lemmas = set(), set()
    for entry in patterns:
        for clause, is_lemma in (c for token in required_words(entry["pattern"]) for c in token):
            words.update(clause)
            if is_lemma:
                lemmas.update(clause)
    irregular: dict[str, set[str]] = {}
    for table in lookups.get_table("lemma_exc").values():
        for form, results in table.items():
            for result in results:
                if result in lemmas and form != result:
                    irregular.setdefault(result, set()).add(form.lower())
    if "attribute_ruler" in nlp.pipe_names:
        for rule in nlp.get_pipe("attribute_ruler").patterns:
            result = rule["attrs"].get("LEMMA")
            if result in lemmas:
                for pattern in rule["patterns"]:
                    token = pattern[rule.get("index", 0)]
                    for form in literal(token.get("LOWER")) or ():
                        if form != result:
                            irregular.setdefault(result, set()).add(form)
    forms = {}
    for word in sorted(words):
        surfaces = {word, *irregular.get(word, ())}
        if word in lemmas:
            surfaces |= regular_forms(word, rules)
        hidden = _hidden_in_contractions(nlp, surfaces)
        extra = sorted((irregular.get(word, set()) | hidden) - {word})
        if extra:
            forms[word] = extra
    return {"suffix_rules": [list(rule) for rule in rules], "forms": forms}


def _hidden_in_contractions(nlp, surfaces: set[str]) -> set[str]:
    """Letter runs of special cases in which a token equal to a surface starts or ends
    inside the run, so that splitting the text into letter runs would not show it."""
    from spacy.attrs import ORTH

    hidden = set()
    for orth, pieces in nlp.tokenizer.rules.items():
        texts = [piece.get(ORTH, piece.get("ORTH", "")) for piece in pieces]
        if "".join(texts) != orth:
            continue
        start = 0
        lowered = orth.lower()
        for text in texts:
            end = start + len(text)
            if text.lower() in surfaces:
                for run in LETTERS.finditer(lowered):
                    inside = run.start() <= start and end <= run.end()
                    if inside and (run.start(), run.end()) != (start, end):
                        hidden.add(run.group())
            start = end
    return hidden


def inflections_json(data: dict) -> str:
    """`inflections_of`'s result as the text of `patterns/inflections.json`."""
    about = ("Surface forms of the trigger words for the prefilter, copied from the English "
             "pipeline en_core_web_sm 3.8.0 by dipevents.extract.prefilter.inflections_of: "
             "suffix_rules are its lemmatizer's suffix rules [ending, replacement] of every part "
             "of speech; forms lists, per word, its lemmatizer exceptions and attribute-ruler "
             "lemmas (met -> meet) and the letter runs of tokenizer special cases that hide a "
             "form (hasn't -> has + n't). tests/test_prefilter.py checks this file against the "
             "pipeline; refresh it with `python bench/inflections.py` in a source tree.")
    forms = [f"  {json.dumps(word)}: {json.dumps(found, ensure_ascii=False)}"
             for word, found in data["forms"].items()]
    return "\n".join([
        "{" + f'"_about": {json.dumps(about)},',
        f' "suffix_rules": {json.dumps(data["suffix_rules"], ensure_ascii=False)},',
        ' "forms": {', ",\n".join(forms), " }", "}", ""])
