"""The trigger gate: the spaCy pass in two stages, the second only for documents in
which a trigger pattern matched, cut after the last paragraph with a match."""
from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from functools import lru_cache

from dipevents.extract.patterns import load_rules
from dipevents.extract.prefilter.cut import PARAGRAPH_END
from dipevents.extract.prefilter.tagged import TAGGED_LATE, TaggedPatterns

# The pipeline splits before the first of these: the components before it are what the
# trigger patterns read; it and everything after run only where a trigger matched.
LATE_COMPONENTS = ("ner",)
# Token attributes that components from the late stage set: a trigger pattern reading one
# cannot be matched early, and then no document is gated.
LATE_ATTRS = {"ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID", "_"}
RULES_COMPONENT = "dipevents_rules"


class Route(Enum):
    """What the spaCy pass does with a document."""

    SKIP = "skip"  # no trigger word: not parsed at all
    GATE = "gate"  # parsed up to the trigger patterns, then on only if one matches
    PARSE = "parse"  # the prefilter is off: parsed in full


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
        """A `Doc` for every (text, route), or None where the gate stopped it: the early
        stage, the gate and cut for route GATE, the late stage."""
        docs = self.early_stage([text for text, _ in items], batch_size)
        kept = [self.kept(doc) if route is Route.GATE else doc
                for doc, (_, route) in zip(docs, items)]
        return self.late_stage(kept, batch_size)

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
        """The texts through the tokenizer and what the trigger patterns read (the tagger)."""
        return _apply(self.early, [self.nlp.make_doc(text) for text in texts], batch_size)

    def late_stage(self, docs: list, batch_size: int) -> list:
        """The documents the gate kept through the rest of the pipeline (parser, NER, the
        rule components); None stays None."""
        done = iter(_apply(self.late, [doc for doc in docs if doc is not None], batch_size))
        return [next(done) if doc is not None else None for doc in docs]

    def triggers(self, doc) -> list[str]:
        """The ids of the trigger patterns that match `doc` after the early stage."""
        if self.matcher is None:
            return []
        return sorted({self.nlp.vocab.strings[key] for key, _, _ in self.matcher(doc)})


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
