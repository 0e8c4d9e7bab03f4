"""The spaCy pass on several cores, same output in the same order as one process.

Batches of documents go to worker processes (forked where the platform allows, so the
loaded pipeline is shared copy-on-write); at most two batches per worker are in flight,
so memory stays flat however long the input is, and results come back in input order.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.language import Language

from dipevents.models import Document, Event

_NLP: Language | None = None


def _init(nlp: Language | None, model: str | None) -> None:
    global _NLP
    if nlp is not None:
        _NLP = nlp
    else:
        from dipevents.extract.pipeline import load_nlp

        _NLP = load_nlp(model) if model else load_nlp()


def _work(batch: list[tuple[Document, bool]]) -> list[list[Event]]:
    from dipevents.extract.pipeline import extract_serial

    return list(extract_serial(iter(batch), _NLP, len(batch)))


def extract_parallel(pairs: Iterable[tuple[Document, bool]], nlp: Language, jobs: int,
                     batch_size: int) -> Iterator[list[Event]]:
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        context = multiprocessing.get_context("fork")
        initargs = (nlp, None)
    else:  # spawn: each worker loads the pipeline by name
        context = multiprocessing.get_context("spawn")
        initargs = (None, nlp.meta.get("lang", "") and _model_name(nlp))
    pairs = iter(pairs)
    with context.Pool(jobs, initializer=_init, initargs=initargs) as pool:
        pending: deque = deque()
        while True:
            while len(pending) < jobs * 2:
                batch = list(islice(pairs, batch_size))
                if not batch:
                    break
                pending.append(pool.apply_async(_work, (batch,)))
            if not pending:
                break
            yield from pending.popleft().get()


def _model_name(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', 'core_web_sm')}"
