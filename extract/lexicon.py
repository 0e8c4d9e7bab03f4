"""Word sets, built once: the closed word classes of `patterns/words.json`, and title words
and country names derived from the gazetteer."""
from __future__ import annotations

import json
from functools import lru_cache

from dipevents.extract.gazetteer import get_gazetteer
from dipevents.extract.patterns import load_json, locate

CLASS_KEYS = {"about", "words"}


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """A closed word class from `extract/patterns/words.json` ("phone", "topics", ...)."""
    data = load_json("words.json")
    entry = data["classes"].get(name)
    if entry is None:
        raise ValueError(f"patterns/words.json: no word class {name!r}")
    if set(entry) != CLASS_KEYS or not isinstance(entry["words"], list) \
            or not all(isinstance(word, str) for word in entry["words"]):
        raise ValueError(f"{locate('words.json', json.dumps(name) + ':')}: word class {name!r} "
                         f"needs {sorted(CLASS_KEYS)}, 'words' a list of strings")
    return frozenset(entry["words"])


FUNCTION_WORDS = words("title_function_words")
NAME_WORDS = words("honorific_name_words")


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Lower-cased single words that make up titles, honorifics and their modifiers."""
    gaz = get_gazetteer()
    words: set[str] = set()
    for form in (*gaz.titles(), *gaz.honorifics()):
        for word in form.replace("-", " ").split():
            word = word.lower().strip(".,")
            if word and word not in FUNCTION_WORDS and (word not in NAME_WORDS or word == form.lower()):
                words.add(word)  # "Tan" of "Tan Sri" is a name alone ("Lawrence Tan Wei")
    return frozenset(words)


@lru_cache(maxsize=1)
def address_words() -> frozenset[str]:
    """Lower-cased words of the forms of address written before a name ("Mr.", "His
    Excellency", "H.E."), dots kept as the tokenizer keeps them, and without a final
    apostrophe, which the tokenizer splits off ("Dato'")."""
    found: set[str] = set()
    for form in get_gazetteer().honorifics():
        for word in form.split():
            found.update({word.lower(), word.lower().rstrip("."), word.lower().rstrip("'’")})
    return frozenset(found - FUNCTION_WORDS - {""})


@lru_cache(maxsize=1)
def country_display_names() -> dict[str, str]:
    """ISO3 -> the country's common English name (the first form the gazetteer lists)."""
    names: dict[str, str] = {}
    for form, code in get_gazetteer().country_names():
        names.setdefault(code, form)
    return names


@lru_cache(maxsize=1)
def folded_country_names() -> frozenset[str]:
    """Every country name and alias, folded as the scorer folds place names."""
    from dipevents.extract.score import _fold

    return frozenset(_fold(form) for form, _ in get_gazetteer().country_names())
