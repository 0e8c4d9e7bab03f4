"""The same extraction on a Dask cluster (`dipevents extract --cluster`), for inputs that
outgrow one machine.

The chain is the one of `pipeline.run()`, cut in two:

1. on the client, `partitions()` lists the input files in the order of the one-machine run
   and cuts them into tasks of about `chunk_bytes`: consecutive small files together, a big
   UTF-8 JSONL file in byte ranges (a record belongs to the range its line starts in);
2. on the workers, `extract_part()` reads its files or range (paths every worker can read:
   a shared file system, or fsspec URLs such as `s3://...` where the backend is installed)
   and runs the reading, prefilter, spaCy and assembly stages of `extract_documents()` with
   the pipeline that `PipelinePlugin` loaded once per worker; per-document faults are
   failures there as on one machine (`faults.py`: the time budget is kept by a watchdog
   thread, since Dask runs tasks in a worker's thread pool);
3. back on the client, the results are taken in input order (at most `window` tasks in
   flight, so the client's memory stays flat), the counts are added up, and the events are
   merged (or streamed) exactly as on one machine, so the output is byte for byte the same.
   A byte range after a file's first numbers its lines from the file's start: it waits for
   small tasks that count the lines of the ranges before it.

A worker that dies loses nothing: the scheduler hands its tasks to another worker (Dask's
own retries, `distributed.scheduler.allowed-failures`); a task that kills every worker it
runs on ends as a failure of its files, and the run goes on. Progress counts the documents
the workers report done through the scheduler's event log (topic `dipevents-progress`).
"""
from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from distributed import Client, LocalCluster, get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from dipevents.extract.faults import Budget
from dipevents.models import Document, Event, ReadError
from dipevents.models.events import unique_ids

PROGRESS_TOPIC = "dipevents-progress"
PROGRESS_SECONDS = 0.5  # a worker reports its documents done at most this often
PLUGIN_NAME = "dipevents-pipeline"
GROUP_FILES = 256  # at most this many small files in one task


class ClusterSpecError(ValueError):
    """--cluster is neither local:N nor a scheduler address."""


def is_url(path: str) -> bool:
    return "://" in path


@contextmanager
def connect(spec: str) -> Iterator[Client]:
    """`local:N`: a LocalCluster of N single-threaded worker processes on this machine, shut
    down at the end; `tcp://host:port` (or any scheduler address): a running cluster.
    ClusterSpecError, on entering, for anything else or a scheduler out of reach."""
    if spec.startswith("local:"):
        count = spec.split(":", 1)[1]
        if not count.isdigit() or int(count) < 1:
            raise ClusterSpecError("expected local:N with N at least 1")
        with LocalCluster(n_workers=int(count), threads_per_worker=1, processes=True,
                          dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
                Client(cluster) as client:
            yield client
        return
    if ":" not in spec:
        raise ClusterSpecError("expected local:N or a scheduler address such as tcp://host:8786")
    try:
        client = Client(spec, timeout="30s")
    except (OSError, TimeoutError) as error:
        raise ClusterSpecError(f"cannot reach the scheduler ({error})") from None
    with client:
        yield client


class PipelinePlugin(WorkerPlugin):
    """Loads the spaCy pipeline, the prefilter and the gazetteers once per worker, when the
    worker starts (or joins later, or is restarted after dying)."""

    def __init__(self, model: str):
        self.model = model

    def setup(self, worker) -> None:
        from dipevents.extract.pipeline import _assembler, load_nlp
        from dipevents.extract.prefilter import Prefilter, TriggerGate

        nlp = load_nlp(self.model)
        TriggerGate.of(nlp)
        Prefilter.of(nlp)
        _assembler(nlp)


# ---------------------------------------------------------------- partitions

@dataclass(frozen=True)
class Piece:
    """A file to read on a worker, whole or one byte range of it."""

    path: str
    in_folder: bool = False
    byte_range: tuple[int, int] | None = None
    encoding: str | None = None
    first: bool = True  # the first range of its file (or the whole file)


@dataclass
class Part:
    """One task's input: files (or one range) to read on the worker, or documents already
    read on the client (stdin)."""

    pieces: list[Piece] = field(default_factory=list)
    items: list[Document | ReadError] = field(default_factory=list)
    size: int = 0


def partitions(paths: Iterable[str], chunk_bytes: int,
               stdin_items: Callable[[], Iterator[Document | ReadError]] | None = None
               ) -> Iterator[Part | ReadError]:
    """Tasks in input order, and the errors of listing the inputs in their place."""
    group = Part()
    for entry in _entries(paths):
        if isinstance(entry, ReadError) or entry.path == "-":
            if group.pieces:
                yield group
                group = Part()
            if isinstance(entry, ReadError):
                yield entry
            else:
                yield from _stdin_parts(stdin_items(), chunk_bytes)
            continue
        size = _size(entry.path)
        encoding = _splittable(entry, size, chunk_bytes)
        if encoding:
            if group.pieces:
                yield group
                group = Part()
            for start in range(0, size, chunk_bytes):
                span = (start, min(start + chunk_bytes, size))
                yield Part([Piece(entry.path, entry.in_folder, span, encoding, start == 0)],
                           size=span[1] - span[0])
            continue
        if group.pieces and (group.size + size > chunk_bytes or len(group.pieces) >= GROUP_FILES):
            yield group
            group = Part()
        group.pieces.append(Piece(entry.path, entry.in_folder))
        group.size += size
    if group.pieces:
        yield group


def _entries(paths: Iterable[str]):
    from dipevents.extract.reader import FileEntry, iter_files

    for path in paths:
        if not is_url(path):
            yield from iter_files([path])
            continue
        import fsspec

        fs, root = fsspec.core.url_to_fs(path)
        if fs.isdir(root):
            protocol = path.split("://", 1)[0]
            for name in sorted(fs.find(root)):
                if not any(part.startswith(".") for part in name[len(root):].split("/")):
                    yield FileEntry(f"{protocol}://{name}", in_folder=True)
        else:
            yield FileEntry(path)


def _stdin_parts(items: Iterator[Document | ReadError], chunk_bytes: int) -> Iterator[Part]:
    """Documents read from stdin on the client, sent in parts; the pieces of one huge
    document stay in one part."""
    part = Part()
    for item in items:
        starts = not isinstance(item, Document) or item.offset == 0
        if starts and part.size >= chunk_bytes:
            yield part
            part = Part()
        part.items.append(item)
        part.size += len(item.text) if isinstance(item, Document) else 0
    if part.items:
        yield part


def _opener(path: str):
    if is_url(path):
        import fsspec

        return lambda name, mode: fsspec.open(name, mode).open()
    return None  # the reader's own `open`


def _size(path: str) -> int:
    try:
        if is_url(path):
            import fsspec

            fs, root = fsspec.core.url_to_fs(path)
            return int(fs.size(root) or 0)
        return os.path.getsize(path)
    except (OSError, ValueError):
        return 0


def _splittable(entry, size: int, chunk_bytes: int) -> str | None:
    from dipevents.extract.reader import splittable_jsonl

    if size <= chunk_bytes:
        return None
    return splittable_jsonl(entry.path, entry.in_folder, _opener(entry.path))


# ---------------------------------------------------------------- on a worker

@dataclass
class PartResult:
    """What one task sends back: per document with events, its events; the task's counts;
    its errors and notes in input order."""

    events: list[list[Event]]
    stats: object
    reported: list[ReadError]


def extract_part(part: Part, model: str, doc_date: str | None, max_chars: int, prefilter: bool,
                 batch_size: int, budget: Budget, first_line: int = 1) -> PartResult:
    """Read and extract one part on a worker; `first_line` is the number of the first line
    of a byte range in its file (its records' labels and errors name their lines)."""
    from dipevents.extract.pipeline import RunStats, extract_documents, load_nlp

    stats = RunStats()
    reported: list[ReadError] = []
    progress = _Progress()
    events = [found for found in extract_documents(
        _read_part(part, doc_date, max_chars, first_line), load_nlp(model), prefilter=prefilter,
        batch_size=batch_size, budget=budget, stats=stats, on_error=reported.append,
        on_progress=progress) if found]
    progress.flush(stats)
    return PartResult(events, stats, reported)


def count_range_lines(piece: Piece) -> int:
    """The lines of a byte range, on a worker: the next range's first line follows."""
    from dipevents.extract.reader import count_lines

    return count_lines(piece.path, piece.byte_range, _opener(piece.path))


def line_after(first_line: int, lines: int) -> int:
    return first_line + lines


def _read_part(part: Part, doc_date, max_chars, first_line: int):
    from dipevents.extract.reader import read_file

    yield from part.items
    for piece in part.pieces:
        yield from read_file(piece.path, doc_date, max_chars, in_folder=piece.in_folder,
                             byte_range=piece.byte_range, encoding=piece.encoding,
                             opener=_opener(piece.path), first_line=first_line)


class _Progress:
    """Sends the documents done to the scheduler's event log, at most every PROGRESS_SECONDS."""

    def __init__(self) -> None:
        self.sent_read = 0
        self.sent_events = 0
        self.last = time.monotonic()
        try:
            self.worker = get_worker()
        except ValueError:  # not on a worker (called directly)
            self.worker = None

    def __call__(self, stats) -> None:
        if time.monotonic() - self.last >= PROGRESS_SECONDS:
            self.flush(stats)

    def flush(self, stats) -> None:
        self.last = time.monotonic()
        if self.worker is None or stats.read == self.sent_read:
            return
        self.worker.log_event(PROGRESS_TOPIC, {"read": stats.read - self.sent_read,
                                               "events": stats.events - self.sent_events})
        self.sent_read, self.sent_events = stats.read, stats.events


# ---------------------------------------------------------------- on the client

@dataclass
class LiveCounts:
    """What the progress bar shows: documents and events the workers reported done."""

    read: int = 0
    events: int = 0


def run_cluster(
    paths: list[str],
    client: Client,
    *,
    model: str,
    doc_date: str | None = None,
    max_chars: int = 50_000,
    prefilter: bool = True,
    merge: bool = True,
    batch_size: int = 8,
    budget: Budget | None = None,
    chunk_bytes: int = 8 << 20,
    stats=None,
    on_error: Callable[[ReadError], None] | None = None,
    on_progress: Callable[[LiveCounts], None] | None = None,
    stdin=None,
) -> Iterator[Event]:
    """Every event of `paths`, as `pipeline.run()` gives it on one machine."""
    from dipevents.extract.merge import Merger
    from dipevents.extract.pipeline import RunStats
    from dipevents.extract.reader import iter_documents

    stats = stats if stats is not None else RunStats()
    budget = budget or Budget()
    client.register_plugin(PipelinePlugin(model), name=PLUGIN_NAME)
    live = LiveCounts()

    def progressed(event) -> None:
        _, message = event
        live.read += message.get("read", 0)
        live.events += message.get("events", 0)
        if on_progress:
            on_progress(live)

    chain: dict[str, tuple] = {}  # per split file: its last range's (first line, line count)

    def submit(part: Part):
        """The part's task; a byte range after the first waits for the line counts of the
        ranges before it (small tasks on the workers), to number its lines from the file's
        start as one process does."""
        first_line = 1
        piece = part.pieces[0] if part.pieces and part.pieces[0].byte_range else None
        if piece is not None:
            if not piece.first:
                first_line = client.submit(line_after, *chain[piece.path], pure=False)
            chain[piece.path] = (first_line, client.submit(count_range_lines, piece, pure=False))
        return client.submit(extract_part, part, model, doc_date, max_chars, prefilter,
                             batch_size, budget, first_line, pure=False)

    def from_stdin():
        return iter_documents(["-"], doc_date=doc_date, max_chars=max_chars, stdin=stdin)

    def per_doc() -> Iterator[list[Event]]:
        """Each document's events, in input order, with the counts and failures taken in."""
        parts = partitions(paths, chunk_bytes, from_stdin)
        for part, result in _in_order(client, parts, submit):
            if isinstance(result, ReadError):
                _account_error(result, stats, on_error)
                continue
            if isinstance(result, BaseException):
                for failure in _part_failures(part, result):
                    _account_error(failure, stats, on_error)
                continue
            if on_error:
                for failure in result.reported:
                    on_error(failure)
            stats.add(result.stats)
            yield from result.events

    client.subscribe_topic(PROGRESS_TOPIC, progressed)
    try:  # the rest as in `pipeline.run()`
        if not merge:
            yield from unique_ids(event for events in per_doc() for event in events)
            return
        merger = Merger()
        for events in per_doc():
            merger.add(events)
        yield from unique_ids(merger.events())
    finally:
        client.unsubscribe_topic(PROGRESS_TOPIC)


def _account_error(failure: ReadError, stats, on_error) -> None:
    """A listing error or note (an image met in a folder), counted on the client."""
    stats.read_error(failure)
    if on_error:
        on_error(failure)


def _part_failures(part: Part, error: BaseException) -> list[ReadError]:
    """A task that could not finish (it killed every worker it ran on): a failure for each
    of its files, the run goes on."""
    reason = f"extraction failed on the cluster: {type(error).__name__}"
    message = str(error).strip().splitlines()
    if message:
        reason += f": {message[0]}"
    paths = [piece.path for piece in part.pieces] or sorted(
        {item.path for item in part.items})
    return [ReadError(path, reason) for path in dict.fromkeys(paths)]


def _in_order(client: Client, parts: Iterator[Part | ReadError], submit,
              window: int | None = None) -> Iterator[tuple[Part | ReadError, object]]:
    """(part, its result) in input order, with at most `window` tasks out at once; a
    listing error comes as (error, error), a task that failed as (part, exception)."""
    if window is None:
        threads = sum(client.nthreads().values()) or 1
        window = max(4, 3 * threads)
    pending: deque = deque()

    def done(entry):
        part, future = entry
        if future is None:
            return part, part
        try:
            return part, future.result()
        except Exception as error:  # noqa: BLE001 - KilledWorker and the like: the part fails
            return part, error
        finally:
            future.release()

    for part in parts:
        pending.append((part, None) if isinstance(part, ReadError) else (part, submit(part)))
        while len(pending) > window:
            yield done(pending.popleft())
    while pending:
        yield done(pending.popleft())
