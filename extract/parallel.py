"""Batches of documents through the spaCy pass, in input order, on one core or several.

`in_order` is the scheduler both paths share: documents the prefilter skipped never join a
batch (their `[]` is yielded in its place), the others are sent a batch at a time, and the
results come back in input order. `extract_parallel` hands the batches to worker processes
(forked where the platform allows, so the loaded pipeline is shared copy-on-write); at most
two batches per worker are in flight, so memory stays flat however long the input is. The
batches are the same as in one process, so the output is the same, byte for byte. A
document whose extraction fails in a worker comes back as its `ExtractError` (`faults.py`).
"""
from __future__ import annotations

import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from spacy.language import Language

from dipevents.extract.faults import Budget
from dipevents.extract.prefilter import Route
from dipevents.models import Document, Event

Batch = list[tuple[Document, Route]]
# A batch ends at this many characters even before `batch_size` documents: the arrays of
# the spaCy pass grow with the batch's tokens, and a run of long articles would make the
# peak memory of a long input higher than that of a short one.
BATCH_CHARS = 30_000

_NLP: Language | None = None
AWAITED = object()


class Ready:
    """An already computed result with the `AsyncResult` methods `in_order` uses."""

    def __init__(self, value: Any):
        self.value = value

    def ready(self) -> bool:
        return True

    def get(self) -> Any:
        return self.value


def in_order(pairs: Iterable[tuple[Document, Route]], batch_size: int,
             submit: Callable[[Batch], Any], in_flight: int = 0,
             batch_chars: int = BATCH_CHARS) -> Iterator[list[Event]]:
    """Per document, in input order: [] for one routed SKIP, the failure itself for one
    whose route is an `ExtractError` (the prefilter failed on it), else its result from
    `submit(batch)` (a handle whose `get()` gives, per document, its events or its
    `ExtractError`). A batch holds `batch_size` documents, or fewer once they reach
    `batch_chars` characters. Waits on the oldest batch once more than `in_flight` are out."""
    # Per document not yet yielded: AWAITED when it waits for a batch, else what to yield.
    waiting: deque = deque()
    tasks: deque = deque()
    results: deque[list[Event]] = deque()
    batch: Batch = []
    chars = 0

    def flush(limit: int) -> Iterator[list[Event]]:
        while waiting:
            if waiting[0] is not AWAITED:
                yield waiting.popleft()
            elif results:
                waiting.popleft()
                yield results.popleft()
            elif tasks and (len(tasks) > limit or tasks[0].ready()):
                results.extend(tasks.popleft().get())
            else:
                return

    for doc, route in pairs:
        if route is Route.GATE or route is Route.PARSE:
            waiting.append(AWAITED)
            batch.append((doc, route))
            chars += len(doc.text)
            if len(batch) >= batch_size or chars >= batch_chars:
                tasks.append(submit(batch))
                batch, chars = [], 0
        else:
            waiting.append([] if route is Route.SKIP else route)
        yield from flush(in_flight)
    if batch:
        tasks.append(submit(batch))
    yield from flush(0)


def _init(nlp: Language | None, model: str | None) -> None:
    # Ctrl-C is the parent's to handle: it stops the pool, workers must not print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM (the pool stopping its workers) ends a worker at once, not through the
    # parent's handlers that a forked worker inherits.
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    global _NLP
    if nlp is not None:
        _NLP = nlp
    else:
        from dipevents.extract.pipeline import load_nlp

        _NLP = load_nlp(model) if model else load_nlp()


def _work(batch: Batch, budget: Budget) -> list:
    from dipevents.extract.pipeline import extract_serial

    # One batch, cut as in one process: the same documents reach spaCy together. The
    # worker's main thread runs it, so the time budget is kept with SIGALRM as in one process.
    return list(extract_serial(iter(batch), _NLP, len(batch), budget))


def extract_parallel(pairs: Iterable[tuple[Document, Route]], nlp: Language, jobs: int,
                     batch_size: int, budget: Budget | None = None) -> Iterator:
    if "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        initargs = (nlp, None)
    else:  # spawn: each worker loads the pipeline by name
        context = multiprocessing.get_context("spawn")
        initargs = (None, f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', 'core_web_sm')}")
    pool = context.Pool(jobs, initializer=_init, initargs=initargs)
    try:
        yield from in_order(pairs, batch_size, lambda batch: pool.apply_async(_work, (batch, budget or Budget())),
                            in_flight=2 * jobs)
    except BaseException:  # Ctrl-C, a signal, the reader stopping: end the workers now
        _abandon(pool)
        raise
    pool.close()
    pool.join()


ABANDONED: list = []  # pools given up on; the command line then leaves without clean-up


def _abandon(pool) -> None:
    """The workers are killed at once. The pool's own clean-up runs in a thread the exit
    does not wait for: it can block for good on the task queue's lock when a worker was
    stopped while holding it, which hung an interrupted `--jobs 2` run now and then; the
    interpreter's own exit would call it again, so the command line leaves with
    `os._exit` once a pool is in `ABANDONED`."""
    ABANDONED.append(pool)
    for worker in multiprocessing.active_children():
        worker.kill()
    threading.Thread(target=pool.terminate, daemon=True).start()
