"""One document's fault is that document's failure, never the run's.

Every execution path (one process, the `--jobs` pool, a Dask worker) extracts documents
through `guarded()`: an exception raised while one document is prefiltered, parsed or
assembled, or a document that runs past its time budget, becomes an `ExtractError` for that
document (file, record, the exception's one-line message), and the run goes on.

The time budget is a deadline around the work, delivered as an exception between two
Python bytecodes of the thread doing it:

- in a process's main thread (one process, and each `--jobs` worker) by `SIGALRM` from
  `setitimer(ITIMER_REAL)`: the handler raises `DocumentTimeout`, which also ends a
  blocking system call;
- in any other thread (Dask runs tasks in a worker's thread pool, where signals cannot be
  handled) by one watchdog thread per process that keeps every thread's deadline and
  raises `DocumentTimeout` in a working thread past its own with `PyThreadState_SetAsyncExc`.

Either way the exception arrives when the thread next runs Python code: spaCy's pass is a
chain of Python calls over Cython loops, so it stops within one component's call on one
batch. A single C call that never returns to Python would not be interrupted; none of the
pipeline's is known to run long. `DocumentTimeout` derives from `BaseException`, so no
`except Exception` in spaCy or dipevents swallows it.
"""
from __future__ import annotations

import ctypes
import itertools
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from dipevents.models import Document, ReadError

# The default budget: BASE_SECONDS plus SECONDS_PER_CHAR for each character of the text the
# spaCy pass reads. The pass takes about 0.1 ms a character on one core of this machine; the
# margin is wide so that a loaded machine, or the first document's one-time loading of the
# gazetteers, is never mistaken for a document that hangs.
BASE_SECONDS = 30.0
SECONDS_PER_CHAR = 0.002


class DocumentTimeout(BaseException):
    """The work on a document (or a batch of them) ran past its time budget."""


@dataclass
class ExtractError(ReadError):
    """A document that was read but whose extraction failed: counted as failed, reported
    like a read error (file, line, reason)."""


@dataclass(frozen=True)
class Budget:
    """How long one document may take: `seconds` for every document when given, else
    `base` plus `per_char` for each of its characters; no limit when not `enabled`."""

    seconds: float | None = None  # --doc-timeout; None: proportional
    base: float = BASE_SECONDS
    per_char: float = SECONDS_PER_CHAR
    enabled: bool = True

    @classmethod
    def from_option(cls, seconds: float | None) -> "Budget":
        """`--doc-timeout`: None is the proportional default, 0 turns the budget off."""
        if seconds is None:
            return cls()
        if seconds <= 0:
            return cls(enabled=False)
        return cls(seconds=seconds)

    def of(self, lengths: list[int]) -> float | None:
        """The budget of documents of these lengths worked on together (None: no limit)."""
        if not self.enabled:
            return None
        if self.seconds is not None:
            return self.seconds * len(lengths)
        return sum(self.base + self.per_char * n for n in lengths)


def failure(doc: Document, error: BaseException, budget: float | None = None) -> ExtractError:
    """The one-line report of `doc`'s failure: where it is, and why."""
    if isinstance(error, DocumentTimeout):
        reason = f"extraction stopped after {budget:g} s (--doc-timeout)"
    else:
        message = str(error).strip().splitlines()
        reason = f"extraction failed: {type(error).__name__}" + (f": {message[0]}" if message else "")
    if doc.header.item:
        reason = f"item {doc.header.item}: {reason}"
    if doc.offset:
        reason = f"from character {doc.offset}: {reason}"
    return ExtractError(doc.path, reason, line=doc.line)


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise `DocumentTimeout` in this thread if the block runs longer than `seconds`."""
    if not seconds:
        yield
    elif threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            yield
    else:
        with _watchdog(seconds):
            yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    armed = True

    def ring(signum, frame):
        if armed:
            raise DocumentTimeout()

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)


class _Watchdog(threading.Thread):
    """One daemon thread per process that keeps the deadlines of all other threads: arming
    and disarming one is a lock and a notify, not a new thread per document."""

    def __init__(self) -> None:
        super().__init__(name="dipevents-deadlines", daemon=True)
        self.changed = threading.Condition()
        self.armed: dict[int, tuple[float, int]] = {}  # token: (due, thread id)
        self.fired: set[int] = set()
        self.tokens = itertools.count(1)

    def arm(self, seconds: float) -> int:
        with self.changed:
            token = next(self.tokens)
            self.armed[token] = (time.monotonic() + seconds, threading.get_ident())
            self.changed.notify()
        return token

    def disarm(self, token: int) -> None:
        with self.changed:
            self.armed.pop(token, None)
            if token in self.fired:  # raised, perhaps not yet delivered: not after the block
                self.fired.discard(token)
                _set_async_exc(threading.get_ident(), ctypes.py_object())

    def run(self) -> None:
        with self.changed:
            while True:
                now = time.monotonic()
                for token, (due, target) in list(self.armed.items()):
                    if due <= now:
                        del self.armed[token]
                        self.fired.add(token)
                        _set_async_exc(target, DocumentTimeout)
                due = min((due for due, _ in self.armed.values()), default=None)
                self.changed.wait(None if due is None else max(due - now, 0.001))


_watchdog_lock = threading.Lock()
_watchdog_thread: _Watchdog | None = None


@contextmanager
def _watchdog(seconds: float) -> Iterator[None]:
    global _watchdog_thread
    with _watchdog_lock:
        if _watchdog_thread is None or not _watchdog_thread.is_alive():
            _watchdog_thread = _Watchdog()
            _watchdog_thread.start()
    token = _watchdog_thread.arm(seconds)
    try:
        yield
    finally:
        _watchdog_thread.disarm(token)
