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
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from enum import Enum
from functools import lru_cache

from dipevents.extract.patterns import load_json, load_patterns, load_rules

WORD_KEYS = ("LOWER", "ORTH", "TEXT", "LEMMA")
LETTERS = re.compile(r"[a-z]+")
# Where a paragraph ends: a blank line, or a line break before an indented line (the same
# breaks `NewlineBoundaries` always ends a sentence at).
PARAGRAPH_END = re.compile(r"\n[ \t]*\n|\n(?=[ \t])")
_COUNT = re.compile(r"\{(\d*)(,?)(\d*)\}")
# The pipeline splits before the first of these: the components before it are what the
# trigger patterns read; it and everything after run only where a trigger matched.
LATE_COMPONENTS = ("ner",)
# Token attributes that components from the late stage set: a trigger pattern reading one
# cannot be matched early, and then no document is gated.
LATE_ATTRS = {"ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID", "_"}
RULES_COMPONENT = "dipevents_rules"
# With `TaggedPatterns`, the pipeline splits before the first of these instead.
TAGGED_LATE = ("parser", "attribute_ruler", "lemmatizer", "morphologizer", "ner")
# Token keys the tokenizer and tagger settle: a loosened pattern may read only these.
TAGGED_KEYS = {"ORTH", "TEXT", "LOWER", "LENGTH", "SHAPE", "PREFIX", "SUFFIX", "IS_ALPHA",
               "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT",
               "IS_SPACE", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL", "TAG", "OP", "LEMMA", "POS"}


class Route(Enum):
    """What the spaCy pass does with a document."""

    SKIP = "skip"  # no trigger word: not parsed at all
    GATE = "gate"  # parsed up to the trigger patterns, then on only if one matches
    PARSE = "parse"  # the prefilter is off: parsed in full


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
            return min((frozenset(_surfaces(frozenset(w.lower() for w in words), key == "LEMMA",
                                            rules, forms))
                        for key in WORD_KEYS if (words := _literal(attrs.get(key)))), key=len)

        for entry in entries:
            surfaces = [[frozenset(_surfaces(words, lemma, rules, forms))
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


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of `text`; the break itself belongs to neither."""
    spans, start = [], 0
    for match in PARAGRAPH_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _may_cross_lines(pattern: list[dict]) -> bool:
    """Whether some token of a Matcher pattern could be a line break's space token: one that
    names no words and leaves the part of speech open to SPACE. Dependency patterns are not
    bound to the order of the text: they count as crossing."""
    for token in pattern:
        if "RIGHT_ID" in token:
            return True
        if _words_of(token):
            continue
        pos = _literal(token.get("POS"))
        if pos is not None and "SPACE" not in pos:
            continue
        if token.get("IS_SPACE") is False:
            continue
        return True
    return False


def required_words(pattern: list[dict]) -> list[list[tuple[frozenset[str], bool]]]:
    """Per token of a Matcher or DependencyMatcher pattern, (words, is_lemma) for each of
    its word keys, or [] for a token that may be absent or names no words. A token with
    both LOWER and LEMMA gives two: both must hold."""
    tokens = []
    for token in pattern:
        attrs = token.get("RIGHT_ATTRS", token)
        found = []
        if _required(attrs.get("OP")):
            for key in WORD_KEYS:
                words = _literal(attrs.get(key))
                if words:
                    found.append((frozenset(w.lower() for w in words), key == "LEMMA"))
        tokens.append(found)
    return tokens


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
        if op in (None, "1") and _words_of(token):
            runs[-1].append(i)
        elif op == "?" and _words_of(token) and runs[-1]:
            runs[-1].append(i)
        elif op in (None, "1") and _initial(token) and runs[-1]:
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
        initial = _initial(token)
        if initial and not _words_of(token):
            regex += f"(?={initial})"
            continue
        words = "(?i:" + "|".join(map(re.escape, sorted(surfaces(token), key=len, reverse=True))) + ")"
        regex += f"(?:{words}\\s?)?" if token.get("OP") == "?" else f"{words}\\s?"
    return re.compile(regex)


def _words_of(token: dict) -> frozenset[str]:
    attrs = token.get("RIGHT_ATTRS", token)
    words = [_literal(attrs.get(key)) for key in WORD_KEYS]
    return frozenset(w.lower() for found in words if found for w in found)


def _initial(token: dict) -> str | None:
    """The letter class a token's text must start with, from `"TEXT": {"REGEX": "^[A-Z]"}`."""
    value = token.get("TEXT")
    if isinstance(value, dict) and set(value) == {"REGEX"}:
        found = re.match(r"\^(\[[^\]]+\])", value["REGEX"])
        return found.group(1) if found else None
    return None


def _required(op: str | None) -> bool:
    """Whether a token with this quantifier must occur at least once."""
    if op in (None, "1", "+"):
        return True
    if op in ("?", "*", "!"):
        return False
    count = _COUNT.fullmatch(op)
    if count is None:
        return False  # an operator we do not know: assume it may match nothing
    low, comma, high = count.groups()
    return int(low or 0) >= 1 if comma else int(low or high or 0) >= 1


def _literal(value) -> set[str] | None:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict) and set(value) == {"IN"}:
        return {str(item) for item in value["IN"]}
    return None  # REGEX, NOT_IN, FUZZY...: not a word list


def _surfaces(words: frozenset[str], lemma: bool, rules: list[tuple[str, str]],
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


@lru_cache(maxsize=1)
def default_prefilter() -> Prefilter:
    return Prefilter()


class TriggerGate:
    """The spaCy pass in two stages.

    The first stage sets what the trigger patterns need, the second the rest. A document of
    route GATE goes on to the second stage only if a trigger pattern matches; the result is
    the same `Doc` that the whole pipeline gives, because no first-stage component reads
    what the second sets; only the paragraphs after the last one with a match are left out
    (see the module's docstring).

    Where it can, the first stage is the tokenizer and tagger alone: each pattern is then
    matched in a looser form that reads only what they set (`TaggedPatterns`: a lemma
    becomes the word forms that can have it, a part of speech the tags that can give it), so
    it matches wherever the pattern itself could; the parser, attribute ruler, lemmatizer
    and entity recogniser run on the documents it lets through. Otherwise (a pipeline
    without an attribute ruler, or a pattern that reads the parse) the first stage runs up
    to the entity recogniser and the patterns are matched as they are.
    """

    def __init__(self, nlp, patterns: Iterable[dict] | None = None, gated: bool = True) -> None:
        from spacy.matcher import Matcher

        entries = load_rules("triggers.jsonl") if patterns is None else tuple(patterns)
        tagged = TaggedPatterns.of(nlp, entries) if gated else None
        names = nlp.pipe_names
        late = TAGGED_LATE if tagged is not None else LATE_COMPONENTS
        split = next((i for i, name in enumerate(names) if name in late), len(names))
        self.nlp = nlp
        self.early = nlp.pipeline[:split]
        self.late = nlp.pipeline[split:]
        self.matcher: Matcher | None = None
        if gated and self.late and (tagged is not None or not any(
                _reads_late(entry["pattern"]) for entry in entries)):
            self.matcher = Matcher(nlp.vocab, validate=True)
            for entry in entries:
                pattern = tagged.pattern(entry) if tagged is not None else entry["pattern"]
                self.matcher.add(entry["id"], [pattern])

    @classmethod
    @lru_cache(maxsize=4)
    def of(cls, nlp) -> "TriggerGate":
        """The gate for `nlp`, with the trigger rules of its `dipevents_rules` component
        (without that component nothing is gated)."""
        from dipevents.extract.components import rules_of

        if RULES_COMPONENT not in nlp.pipe_names:
            return cls(nlp, patterns=None, gated=False)
        return cls(nlp, rules_of(nlp))

    def parse(self, items: list[tuple[str, Route]], batch_size: int) -> list:
        """A `Doc` for every (text, route), or None where the gate stopped it."""
        docs = self.early_stage([text for text, _ in items], batch_size)
        kept = [self.kept(doc) if route is Route.GATE else doc
                for doc, (_, route) in zip(docs, items)]
        done = iter(_apply(self.late, [doc for doc in kept if doc is not None], batch_size))
        return [next(done) if doc is not None else None for doc in kept]

    def kept(self, doc):
        """`doc` up to the end of the last paragraph in which a trigger pattern matches, or
        None when none does."""
        if self.matcher is None:
            return doc
        matches = self.matcher(doc)
        if not matches:
            return None
        end = max(end for _, _, end in matches)
        while end < len(doc) and not (doc[end].is_space and PARAGRAPH_END.search(doc[end].text)):
            end += 1
        return doc[:end].as_doc() if end < len(doc) else doc

    def early_stage(self, texts: list[str], batch_size: int) -> list:
        return _apply(self.early, [self.nlp.make_doc(text) for text in texts], batch_size)

    def triggers(self, doc) -> list[str]:
        """The ids of the trigger patterns that match `doc` after the early stage."""
        if self.matcher is None:
            return []
        return sorted({self.nlp.vocab.strings[key] for key, _, _ in self.matcher(doc)})


class TaggedPatterns:
    """Trigger patterns loosened to read only what the tokenizer and tagger set.

    `LEMMA` becomes `LOWER` with every form the lemmatizer could give that lemma
    (`patterns/inflections.json`, as for the prefilter). `POS` becomes `TAG` with every tag
    for which some attribute-ruler rule gives that part of speech to a token of those forms
    (a rule that reads no tag allows every tag, and the token keeps no `TAG` test). A token
    of the loosened pattern therefore matches every token the original one matches.
    """

    def __init__(self, rules: list[tuple[str, frozenset | None, frozenset | None]],
                 inflections: dict | None = None) -> None:
        self.rules = rules  # (part of speech, tags or None for any, forms or None for any)
        data = load_json("inflections.json") if inflections is None else inflections
        self.suffix_rules = [tuple(rule) for rule in data["suffix_rules"]]
        self.forms = data["forms"]

    @classmethod
    def of(cls, nlp, entries: Iterable[dict]) -> "TaggedPatterns | None":
        """The loosened patterns for `nlp`, or None when it has no tagger before an attribute
        ruler that sets the parts of speech, or a pattern reads more than tags and words."""
        names = nlp.pipe_names
        if "tagger" not in names or "attribute_ruler" not in names or \
                names.index("tagger") > min(names.index(n) for n in TAGGED_LATE if n in names):
            return None
        rules = []
        for rule in nlp.get_pipe("attribute_ruler").patterns:
            pos = rule["attrs"].get("POS")
            if pos is None:
                continue
            for pattern in rule["patterns"]:
                token = pattern[rule.get("index", 0)]
                forms = _condition(token.get("LOWER", token.get("ORTH", token.get("TEXT"))),
                                   lower=True)
                rules.append((pos, _condition(token.get("TAG")), forms))
        tagged = cls(rules)
        if any(tagged.pattern(entry) is None for entry in entries):
            return None
        return tagged

    def pattern(self, entry: dict) -> list[dict] | None:
        tokens = [self.token(token) for token in entry["pattern"]]
        return None if any(token is None for token in tokens) else tokens

    def token(self, token: dict) -> dict | None:
        if set(token) - TAGGED_KEYS:
            return None  # reads what only later components set
        out = {key: value for key, value in token.items() if key not in ("LEMMA", "POS")}
        forms = _literal(token.get("LOWER"))
        forms = {form.lower() for form in forms} if forms is not None else None
        if "LEMMA" in token:
            lemmas = _literal(token["LEMMA"])
            if lemmas is None:
                return None
            found = _surfaces(frozenset(w.lower() for w in lemmas), True, self.suffix_rules,
                              self.forms)
            forms = found if forms is None else forms & found
            out["LOWER"] = {"IN": sorted(forms)}
        if "POS" in token:
            parts = _literal(token["POS"])
            if parts is None or "TAG" in token:
                return None
            tags = self.tags(parts, forms)
            if tags is not None:
                out["TAG"] = {"IN": sorted(tags)}
        return out

    def tags(self, parts: set[str], forms: set[str] | None) -> set[str] | None:
        """The tags a token of `forms` may have to be given one of `parts`; None for any."""
        found: set[str] = set()
        for pos, tags, rule_forms in self.rules:
            if pos not in parts or (rule_forms is not None and forms is not None
                                    and not rule_forms & forms):
                continue
            if tags is None:
                return None
            found |= tags
        return found


def _condition(value, lower: bool = False) -> frozenset[str] | None:
    """What an attribute-ruler condition allows: a set of values, or None for anything
    (no condition, or one that is not a list of values, such as NOT_IN)."""
    found = _literal(value) if value is not None else None
    if found is None:
        return None
    return frozenset(v.lower() for v in found) if lower else frozenset(found)


def _apply(components, docs: list, batch_size: int) -> list:
    for _, proc in components:
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(doc) for doc in docs]
    return docs


def _reads_late(pattern: list[dict]) -> bool:
    return any("RIGHT_ID" in token or LATE_ATTRS & set(token.get("RIGHT_ATTRS", token))
               for token in pattern)


# ------------------------------------------------------------ inflections from a pipeline

def inflections_of(nlp, patterns: Iterable[dict]) -> dict:
    """The `suffix_rules` and `forms` that `nlp` implies for the words of `patterns`.

    Rules: the lemmatizer's suffix rules of every part of speech. Forms, per word: the
    lemmatizer's exceptions and the attribute ruler's LEMMA overrides that give the word,
    then every letter run of a tokenizer special case that splits into one of the word's
    forms ("hasn't" -> "has" + "n't" gives "hasn"). Used by the tests and to refresh
    `patterns/inflections.json` when a pattern brings a new word.
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
                    for form in _literal(token.get("LOWER")) or ():
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
             "pipeline; refresh it with `python -m dipevents.extract.prefilter`.")
    forms = [f"  {json.dumps(word)}: {json.dumps(found, ensure_ascii=False)}"
             for word, found in data["forms"].items()]
    return "\n".join([
        "{" + f'"_about": {json.dumps(about)},',
        f' "suffix_rules": {json.dumps(data["suffix_rules"], ensure_ascii=False)},',
        ' "forms": {', ",\n".join(forms), " }", "}", ""])


if __name__ == "__main__":  # python -m dipevents.extract.prefilter: refresh inflections.json
    from importlib.resources import files

    from dipevents.extract.pipeline import load_nlp

    text = inflections_json(inflections_of(load_nlp(), load_patterns("triggers.jsonl")))
    files("dipevents.extract").joinpath("patterns", "inflections.json").write_text(
        text, encoding="utf-8")
    print(f"wrote patterns/inflections.json ({text.count(chr(10))} lines)")
