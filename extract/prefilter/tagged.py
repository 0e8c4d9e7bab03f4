"""Trigger patterns loosened to read only what the tokenizer and tagger set, so the gate
can match them before the parser."""
from __future__ import annotations

from collections.abc import Iterable

from dipevents.extract.patterns import load_json
from dipevents.extract.prefilter.inflections import surface_forms
from dipevents.extract.prefilter.tokens import literal

# With `TaggedPatterns`, the pipeline splits before the first of these instead.
TAGGED_LATE = ("parser", "attribute_ruler", "lemmatizer", "morphologizer", "ner")
# Token keys the tokenizer and tagger settle: a loosened pattern may read only these.
TAGGED_KEYS = {"ORTH", "TEXT", "LOWER", "LENGTH", "SHAPE", "PREFIX", "SUFFIX", "IS_ALPHA",
               "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT",
               "IS_SPACE", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL", "TAG", "OP", "LEMMA", "POS"}


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
        forms = literal(token.get("LOWER"))
        forms = {form.lower() for form in forms} if forms is not None else None
        if "LEMMA" in token:
            lemmas = literal(token["LEMMA"])
            if lemmas is None:
                return None
            found = surface_forms(frozenset(w.lower() for w in lemmas), True, self.suffix_rules,
                              self.forms)
            forms = found if forms is None else forms & found
            out["LOWER"] = {"IN": sorted(forms)}
        if "POS" in token:
            parts = literal(token["POS"])
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
    found = literal(value) if value is not None else None
    if found is None:
        return None
    return frozenset(v.lower() for v in found) if lower else frozenset(found)
