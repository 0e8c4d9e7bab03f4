"""The word test (`Prefilter`), on the raw text, before any spaCy: a text in which no
trigger pattern has all its words is not parsed; the others are cut after the last
paragraph in which some pattern has them all."""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from dipevents.extract.patterns import load_json, load_rules
from dipevents.extract.prefilter.cut import paragraphs
from dipevents.extract.prefilter.inflections import surface_forms
from dipevents.extract.prefilter.tokens import (
    LETTERS,
    WORD_KEYS,
    initial_class,
    literal,
    words_of,
    required_words,
)


class Prefilter:
    """True for a text that may hold a trigger: some pattern has all its words in it.

    Per pattern, every required token that names words is a clause (one of its words must
    occur), and every run of such tokens that must follow one another is a chain (their
    words must occur in that order, apart by at most whitespace: "called on", "visit to").
    `patterns` and `inflections` default to `patterns/triggers.jsonl` and
    `patterns/inflections.json`; pass others to build a prefilter for other rules, or take
    the trigger rules of a pipeline's rule component with `Prefilter.of(nlp)`.
    """

    def __init__(self, patterns: Iterable[dict] | None = None,
                 inflections: dict | None = None) -> None:
        entries = load_rules("triggers.jsonl") if patterns is None else tuple(patterns)
        data = load_json("inflections.json") if inflections is None else inflections
        rules = [tuple(rule) for rule in data["suffix_rules"]]
        forms = data["forms"]
        self.clauses: dict[str, tuple[frozenset[str], ...]] = {}
        self.chains: dict[str, tuple[re.Pattern, ...]] = {}
        self.unanchored: list[str] = []  # patterns with no word clause: every text passes
        # patterns with a token a line break's space token can fill: no cut after them
        self.crossing = [entry["id"] for entry in entries if _may_cross_lines(entry["pattern"])]

        def surface_of(token: dict) -> frozenset[str]:  # the narrowest of its word keys
            attrs = token.get("RIGHT_ATTRS", token)
            return min((frozenset(surface_forms(frozenset(w.lower() for w in words), key == "LEMMA",
                                            rules, forms))
                        for key in WORD_KEYS if (words := literal(attrs.get(key)))), key=len)

        for entry in entries:
            surfaces = [[frozenset(surface_forms(words, lemma, rules, forms))
                         for words, lemma in token] for token in required_words(entry["pattern"])]
            clauses = tuple(clause for token in surfaces for clause in token if clause)
            if not clauses:
                self.unanchored.append(entry["id"])
                continue
            self.clauses[entry["id"]] = clauses
            self.chains[entry["id"]] = tuple(
                _chain_regex(entry["pattern"], run, surface_of)
                for run in _chains(entry["pattern"]))
        every = set().union(*(c for clauses in self.clauses.values() for c in clauses))
        self.words = frozenset(w for w in every if LETTERS.fullmatch(w))  # found by splitting
        self.others = tuple(sorted(every - self.words))  # "'s", "tete-a-tete": found by `in`

    @classmethod
    @lru_cache(maxsize=4)
    def of(cls, nlp) -> "Prefilter":
        """The word test for the trigger rules of `nlp`'s `dipevents_rules` component."""
        from dipevents.extract.components import rules_of

        return cls(rules_of(nlp))

    def __call__(self, text: str) -> bool:
        """Whether any of `text` goes on to the spaCy pass (see `reach`)."""
        return self.reach(text) > 0

    def reach(self, text: str) -> int:
        """Where the spaCy pass can stop: the end of the last paragraph in which some
        pattern has all its words; 0 when there is none (the text cannot hold a trigger)."""
        if self.unanchored:
            return len(text)
        found = self.passing(text)
        if not found:
            return 0
        if any(pattern_id in self.crossing for pattern_id in found):
            return len(text)
        for start, end in reversed(paragraphs(text)):
            if self.passing(text[start:end], first=True):
                return end
        return 0  # every word of a pattern occurs, but no paragraph holds them all

    def passing(self, text: str, first: bool = False) -> list[str]:
        """The ids of the patterns whose words all occur in `text` (with `first`, stop at
        the first)."""
        lowered = text.lower()
        present = self.present(lowered)
        found = []
        for pattern_id, clauses in self.clauses.items():
            if all(clause & present for clause in clauses) and all(
                    chain.search(text) for chain in self.chains[pattern_id]):
                found.append(pattern_id)
                if first:
                    break
        return found

    def present(self, lowered: str) -> set[str]:
        """The prefilter's words that occur in `lowered`, a lower-cased text."""
        found = set(self.words.intersection(LETTERS.findall(lowered)))
        found.update(word for word in self.others if word in lowered)
        return found


def _may_cross_lines(pattern: list[dict]) -> bool:
    """Whether some token of a Matcher pattern could be a line break's space token: one that
    names no words and leaves the part of speech open to SPACE. Dependency patterns are not
    bound to the order of the text: they count as crossing."""
    for token in pattern:
        if "RIGHT_ID" in token:
            return True
        if words_of(token):
            continue
        pos = literal(token.get("POS"))
        if pos is not None and "SPACE" not in pos:
            continue
        if token.get("IS_SPACE") is False:
            continue
        return True
    return False


def _chains(pattern: list[dict]) -> list[list[int]]:
    """Runs of consecutive tokens of a Matcher pattern that are adjacent in a matching doc:
    tokens that match exactly one token and name words, with optional word tokens ("?")
    between them, and at the end a token whose text must start with a letter class
    (`"TEXT": {"REGEX": "^[A-Z]"}`)."""
    if any("RIGHT_ID" in token for token in pattern):
        return []  # a dependency pattern: its tokens need not be in order
    runs: list[list[int]] = [[]]
    for i, token in enumerate(pattern):
        op = token.get("OP")
        if op in (None, "1") and words_of(token):
            runs[-1].append(i)
        elif op == "?" and words_of(token) and runs[-1]:
            runs[-1].append(i)
        elif op in (None, "1") and initial_class(token) and runs[-1]:
            runs[-1].append(i)
            runs.append([])
        else:
            runs.append([])
    found = []
    for run in runs:
        while run and pattern[run[-1]].get("OP") == "?":
            run.pop()  # an optional token at the end asks for nothing
        if len(run) > 1:
            found.append(run)
    return found


def _chain_regex(pattern: list[dict], run: list[int], surfaces) -> re.Pattern:
    """The regex of a chain, for the text as written: words in any case, an optional
    token's words optional, a leading letter class as a look-ahead. Adjacent tokens are
    apart by at most one whitespace character (spaCy gives any other whitespace a token of
    its own). No word boundaries: a token may start or end inside a letter run ("hasn't"
    is "has" + "n't")."""
    regex = ""
    for i in run:
        token = pattern[i]
        initial = initial_class(token)
        if initial and not words_of(token):
            regex += f"(?={initial})"
            continue
        words = "(?i:" + "|".join(map(re.escape, sorted(surfaces(token), key=len, reverse=True))) + ")"
        regex += f"(?:{words}\\s?)?" if token.get("OP") == "?" else f"{words}\\s?"
    return re.compile(regex)


@lru_cache(maxsize=1)
def default_prefilter() -> Prefilter:
    return Prefilter()
