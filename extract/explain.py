"""Why the extraction missed, added or got wrong what it did (`dipevents eval --explain`).

Each missed gold pair, extra predicted pair and wrong field is sorted into one cause a
developer (or a user adding patterns) can act on:

- `party-missing-from-ner`: a named gold party is no PERSON, ORG or GPE entity anywhere in
  the document, so no rule could pair it;
- `wrong-pairing`: a predicted event of the document has one of the parties, paired with
  someone else or split differently;
- `dropped:<filter>`: a candidate with one of the parties was turned away by that verdict
  filter (`assemble.FILTERS`, or `not-sought-or-refused`, `needs-a-party`);
- `trigger-no-second-party`: a trigger stands in a sentence that names a party, and no
  candidate came of it;
- `no-trigger-found`: no trigger pattern matched where the parties are named;
- for extra pairs: `wrong-pairing:<how>` (a gold pair of the document shares a party; how
  the other party differs: `name-form`, `unnamed`, `other-party`) or `not-in-gold` (no
  gold event has these parties: not a meeting, or not diplomacy);
- for matched pairs: `place-wrong` and `date-wrong`, each with what went wrong
  (`missing`, `spurious`, `different`).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

from spacy.language import Language

from dipevents.extract.components import TRIGGERS
from dipevents.extract.score import Pair, Score, same_name
from dipevents.models import Document

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP")


@dataclass
class Finding:
    cause: str
    pair: Pair
    detail: str = ""


def explain(result: Score, documents: dict[str, list[Document]], nlp: Language) -> list[Finding]:
    """A cause for every miss, extra and wrong field of `result`."""
    parsed: dict[str, list] = {}
    findings: list[Finding] = []
    for pair in result.missed:
        analyses = parsed.setdefault(pair.doc, _analyse(documents.get(pair.doc, []), nlp))
        findings.append(Finding(_miss_cause(pair, analyses, result), pair))
    for pair in result.extra:
        findings.append(Finding(_extra_cause(pair, result), pair))
    for pred, gold in result.wrong_place:
        findings.append(Finding("place-wrong", gold, _field_detail(pred.place, gold.place)))
    for pred, gold in result.wrong_date:
        findings.append(Finding("date-wrong", gold, _field_detail(pred.date, gold.date)))
    return findings


def counts(findings: list[Finding]) -> Counter:
    return Counter(f.cause + (f":{f.detail}" if f.detail else "") for f in findings)


@dataclass
class _Analysis:
    entities: list[str]
    sentences: list[tuple[str, bool]]  # (sentence text, holds a trigger)
    dropped: list[tuple[str, list[str]]]  # (filter name, party names)


def _analyse(pieces: list[Document], nlp: Language) -> list[_Analysis]:
    from dipevents.extract.pipeline import _assembler, parse_text

    analyses = []
    for piece in pieces:
        doc = nlp(parse_text(piece))
        _, dropped = _assembler(nlp).assemble(doc, piece)
        trigger_sents = {span.sent.start for span in doc.spans[TRIGGERS]}
        analyses.append(_Analysis(
            entities=[ent.text for ent in doc.ents if ent.label_ in ENTITY_LABELS],
            sentences=[(sent.text, sent.start in trigger_sents) for sent in doc.sents],
            dropped=[(drop.reason, [p.name or "" for p in drop.parties]) for drop in dropped],
        ))
    return analyses


def _names(pair: Pair) -> list[str]:
    return [p.name for p in pair.parties if p.name]


def _mentions(text: str, name: str) -> bool:
    words = name.lower().replace("-", " ").split()
    lower = text.lower().replace("-", " ")
    return bool(words) and (words[-1] in lower or words[0] in lower)


def _fragments(evidence: str) -> list[str]:
    return [" ".join(f.split())[:40] for f in evidence.split("...") if len(f.strip()) > 10]


def _overlaps(sentence: str, evidence: str) -> bool:
    sentence = " ".join(sentence.split())
    return any(f in sentence for f in _fragments(evidence)) or (
        len(sentence) > 10 and sentence[:40] in " ".join(evidence.split()))


def _miss_cause(pair: Pair, analyses: list[_Analysis], result: Score) -> str:
    names = _names(pair)
    predicted = [p for p in result.predicted_pairs if p.doc == pair.doc
                 and _overlaps(p.evidence, pair.evidence)]
    if any(same_name(q.name, name) for p in predicted for q in p.parties if q.name
           for name in names):
        return "wrong-pairing"
    entities = [e for a in analyses for e in a.entities]
    for name in names:
        if not any(same_name(e, name) or _mentions(e, name) for e in entities):
            return "party-missing-from-ner"
    for analysis in analyses:
        for reason, parties in analysis.dropped:
            if any(same_name(q, name) for q in parties if q for name in names):
                return f"dropped:{reason}"
    sentences = [(text, trig) for a in analyses for text, trig in a.sentences
                 if _overlaps(text, pair.evidence)]
    if not sentences:
        sentences = [(text, trig) for a in analyses for text, trig in a.sentences
                     if names and any(_mentions(text, name) for name in names)]
    if any(trig for _, trig in sentences):
        return "trigger-no-second-party"
    return "no-trigger-found"


def _extra_cause(pair: Pair, result: Score) -> str:
    """`not-in-gold`, or `wrong-pairing` with what differs from the gold pair that shares a
    party: `name-form` (the other party named otherwise: a shorter or longer form, another
    spelling), `unnamed` (a country where the gold names its person), else `other-party`."""
    names = _names(pair)
    gold = [g for g in result.gold_pairs if g.doc == pair.doc]
    sharing = [g for g in gold if any(same_name(q.name, name) for q in g.parties if q.name
                                      for name in names)]
    if not sharing:
        return "not-in-gold"
    kinds = set()
    for g in sharing:
        for ours in pair.parties:
            if ours.name and any(same_name(ours.name, q.name) for q in g.parties if q.name):
                continue
            for theirs in g.parties:
                if theirs.name and any(same_name(theirs.name, n) for n in names):
                    continue
                kinds.add(_difference(ours, theirs))
    for kind in ("name-form", "unnamed", "other-party"):
        if kind in kinds:
            return f"wrong-pairing:{kind}"
    return "wrong-pairing:other-party"


def _difference(ours, theirs) -> str:
    if ours.name and theirs.name and set(_words(ours.name)) & set(_words(theirs.name)):
        return "name-form"
    if not ours.name and theirs.name and ours.country and ours.country == theirs.country:
        return "unnamed"
    return "other-party"


def _words(name: str) -> list[str]:
    return name.lower().replace("-", " ").replace(".", " ").split()


def _field_detail(predicted, gold) -> str:
    if not predicted:
        return "missing"
    if not gold:
        return "spurious"
    return "different"


def documents_by_name(items, keep: dict[str, list[Document]]):
    """Pass `items` on, keeping each document (by file name, as the gold names them)."""
    for item in items:
        if isinstance(item, Document):
            keep.setdefault(PurePath(item.path).name, []).append(item)
        yield item
