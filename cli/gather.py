"""The events `report` and `graph` draw: extracted from documents, as `extract` does, or
read back from a file of events that `extract` wrote (`-f jsonl` or `-f json`).

A file named on the command line is a file of events when its first record looks like an
event (an object with `type` and `who` and no `text`); everything else goes through the
extraction pipeline unchanged. Bad lines in a file of events are reported with file and
line, like any read error, and the rest is read.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields

import typer

from dipevents.cli.filters import Filters
from dipevents.extract.pipeline import RunStats, run
from dipevents.models import Event, EventDate, Party, Place, ReadError, Source

EVENT_SUFFIXES = (".jsonl", ".ndjson", ".json")
DAY = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


@dataclass
class Extraction:
    """How the events are made when some paths are documents (the `extract` options)."""

    model: str
    doc_date: str | None = None
    prefilter: bool = True
    jobs: int = 1


def gather(paths: list[str], extraction: Extraction, stats: RunStats,
           on_error: Callable[[ReadError], None],
           on_progress: Callable[[RunStats], None] | None = None) -> list[Event]:
    """Every event in `paths`, oldest first: files of events are read, the other paths are
    run through the pipeline (merged across documents). Read errors go to `on_error` and
    are counted in `stats` as failures."""
    from dipevents.cli.app import BATCH_SIZE, _documents, _load

    event_files = [path for path in paths if is_event_file(path)]
    documents = [path for path in paths if path not in event_files]
    events: list[Event] = []
    for path in sorted(event_files):
        for item in read_events(path):
            if isinstance(item, ReadError):
                stats.failed += 1
                stats.errors.append(item)
                on_error(item)
            else:
                events.append(item)
    if documents:
        items = _documents(documents, extraction.doc_date)
        nlp = _load(extraction.model)
        events.extend(run(items, nlp, prefilter=extraction.prefilter, merge=True,
                          jobs=extraction.jobs, batch_size=BATCH_SIZE, stats=stats,
                          on_error=on_error, on_progress=on_progress))
    return _unique(events)


def _unique(events: list[Event]) -> list[Event]:
    """Oldest first, each event once (the same file named twice, or a rerun's output)."""
    seen: set[str] = set()
    kept = []
    for event in sorted(events, key=Event.sort_key):
        key = event.id or event.to_json()
        if key not in seen:
            seen.add(key)
            kept.append(event)
    return kept


def looks_like_event(record: object) -> bool:
    return isinstance(record, dict) and "text" not in record and \
        isinstance(record.get("type"), str) and isinstance(record.get("who"), list)


def is_event_file(path: str) -> bool:
    """A regular file whose first JSON record looks like an event."""
    if path == "-" or not path.lower().endswith(EVENT_SUFFIXES) or not os.path.isfile(path):
        return False
    try:
        with open(path, encoding="utf-8-sig") as handle:
            head = handle.read(1 << 16)
    except (OSError, UnicodeDecodeError):
        return False  # the reader reports it
    stripped = head.lstrip()
    if stripped.startswith("["):
        if stripped[1:].lstrip().startswith("]"):
            return False  # `[]` holds nothing either way: the reader says so
        record = _first_in_array(path)
    else:
        line = stripped.split("\n", 1)[0]
        try:
            record = json.loads(line)
        except ValueError:
            return False
    return looks_like_event(record)


def _first_in_array(path: str) -> object:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            data = json.load(handle)
    except (OSError, ValueError, RecursionError):
        return None
    return data[0] if isinstance(data, list) and data else None


def read_events(path: str) -> Iterator[Event | ReadError]:
    """The events of a `-f jsonl` (one a line) or `-f json` (one array) file; a line or
    item that is not an event is a ReadError naming it."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        yield ReadError(path, f"cannot read: {getattr(error, 'strerror', None) or error}")
        return
    if text.lstrip().startswith("["):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as error:
            yield ReadError(path, f"invalid JSON: {getattr(error, 'msg', error)}",
                            line=getattr(error, "lineno", None))
            return
        records = ((None, item, index) for index, item in enumerate(data, start=1))
    else:
        records = _lines(path, text)
    for line, record, item in records:
        if isinstance(record, ReadError):
            yield record
            continue
        where = f"item {item}: " if item else ""
        if not looks_like_event(record):
            yield ReadError(path, f"{where}not an event (needs `type` and `who`)", line=line)
            continue
        try:
            event = Event.from_dict(_known_fields(record))
        except (KeyError, TypeError, ValueError) as error:
            yield ReadError(path, f"{where}not an event ({type(error).__name__}: {error})",
                            line=line)
            continue
        problem = _problem(event)
        if problem:
            yield ReadError(path, f"{where}not an event ({problem})", line=line)
        else:
            yield event


def _problem(event: Event) -> str | None:
    """What makes a record read as an event unfit to draw, or None."""
    def text(*values) -> bool:
        return all(value is None or isinstance(value, str) for value in values)

    if not isinstance(event.type, str) or not isinstance(event.status, str):
        return "type and status must be strings"
    if isinstance(event.confidence, bool) or not isinstance(event.confidence, (int, float)):
        return "confidence must be a number"
    if not all(text(p.name, p.title, p.country, p.kind) for p in event.parties()):
        return "party fields must be strings or null"
    if event.date and not (isinstance(event.date.value, str) and DAY.match(event.date.value)
                           and text(event.date.text, event.date.end)):
        return "date.value must be YYYY, YYYY-MM or YYYY-MM-DD"
    if event.place and not (isinstance(event.place.name, str) and text(event.place.country)):
        return "place.name must be a string"
    for source in event.sources:
        if not (isinstance(source.doc, str) and isinstance(source.sentence, str)
                and (source.doc_date is None or (isinstance(source.doc_date, str)
                                                 and DAY.match(source.doc_date)))):
            return "a source needs doc and sentence strings and a YYYY-MM-DD doc_date or null"
    return None


def _known_fields(record: dict) -> dict:
    """The record without the keys this version's data model does not have (a newer
    `extract` may write more), so that `Event.from_dict` reads what it knows."""
    def only(cls, value):
        if not isinstance(value, dict):
            return value
        names = {f.name for f in fields(cls)}
        return {key: item for key, item in value.items() if key in names}

    def each(cls, values):
        return [only(cls, value) for value in values] if isinstance(values, list) else values

    cleaned = dict(record)
    cleaned["who"] = each(Party, record.get("who"))
    cleaned["whom"] = each(Party, record.get("whom", []))
    cleaned["sources"] = each(Source, record.get("sources", []))
    for key, cls in (("place", Place), ("date", EventDate)):
        if key in record:
            cleaned[key] = only(cls, record[key])
    return cleaned


def _lines(path: str, text: str):
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line), None
        except (ValueError, RecursionError) as error:
            yield number, ReadError(path, f"invalid JSON: {getattr(error, 'msg', error)}",
                                    line=number), None


@dataclass
class Collected:
    """What `collect` hands the command: the events, and the run's accounting."""

    events: list[Event]
    stats: RunStats


@contextmanager
def collect(paths: list[str], output: str | None, extraction: Extraction, quiet: bool,
            chosen: Filters | None = None):
    """The frame `report` and `graph` share with `extract`: the output's folder checked
    first, progress and read errors on stderr, every failure one line, the summary, and
    exit code 1 when some input failed. The events are those `chosen` keeps (the
    `--since`, `--country`, ... options); the body draws `collected.events` and writes."""
    from dipevents.cli.app import _check_output, err
    from dipevents.cli.progress import Reporter

    _check_output("--output", output)  # what goes wrong ends in one line (`guard_command`)
    stats = RunStats()
    reporter = Reporter(err, quiet=quiet)
    with reporter:
        events = gather(paths, extraction, stats, reporter.error, reporter.progress)
    if chosen is not None:
        events = list(chosen.apply(events))
    collected = Collected(events, stats)
    yield collected
    reporter.summary(stats, len(collected.events))
    raise typer.Exit(1 if stats.failed else 0)
