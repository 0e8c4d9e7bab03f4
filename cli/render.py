"""Renderers: the only module that writes results (to stdout or to the `-o` file).

`table` (rich, for people), `json` (one array), `jsonl` (one event a line, flushed as each is
ready) and `csv` (flat columns for a spreadsheet). `[]` is the JSON of nothing.
"""
from __future__ import annotations

import csv
import json
import os
import signal
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from enum import Enum
from typing import IO

from rich.console import Console
from rich.table import Table

from dipevents.models import Event, Party


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


CSV_COLUMNS = ["id", "date", "date_precision", "date_basis", "date_text", "reported", "type",
               "cameo", "status", "confidence", "who", "who_title", "who_country", "whom",
               "whom_title", "whom_country", "place", "place_country", "lat", "lon",
               "sources", "sentence"]


@contextmanager
def output(path: str | None) -> Iterator[IO[str]]:
    """stdout, or a file written atomically: a temporary file renamed into place at the end,
    so an interrupted run never leaves half a file where an old one was."""
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    folder = os.path.dirname(os.path.abspath(path))
    mode = _file_mode(path)
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=folder,
                                         prefix=".dipevents-", suffix=".tmp", delete=False)
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, mode)
        os.replace(handle.name, path)
    except BaseException:
        os.unlink(handle.name)
        raise


def _file_mode(path: str) -> int:
    """The mode the file has, or the one a new file gets (a temporary file is private)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write(events: Iterable[Event], fmt: Format, stream: IO[str]) -> int:
    """Write every event in `fmt`; returns how many were written."""
    writer = {Format.table: _table, Format.json: _json, Format.jsonl: _jsonl,
              Format.csv: _csv}[fmt]
    return writer(events, stream)


def _jsonl(events: Iterable[Event], stream: IO[str]) -> int:
    count = 0
    for event in events:
        with _whole_line():
            stream.write(event.to_json() + "\n")
            stream.flush()
        count += 1
    return count


@contextmanager
def _whole_line():
    """Ctrl-C waits until the line is written: an interrupted run leaves no half line."""
    blocked = hasattr(signal, "pthread_sigmask")
    if blocked:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _json(events: Iterable[Event], stream: IO[str]) -> int:
    items = [event.to_dict() for event in events]
    json.dump(items, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
    return len(items)


def _csv(events: Iterable[Event], stream: IO[str]) -> int:
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for event in events:
        writer.writerow(flat_row(event))
        count += 1
    return count


def flat_row(event: Event) -> dict:
    date = event.date
    place = event.place
    return {
        "id": event.id, "date": date.value if date else "",
        "date_precision": date.precision if date else "", "date_basis": date.basis if date else "",
        "date_text": date.text if date else "", "reported": event.reported() or "",
        "type": event.type, "cameo": event.cameo, "status": event.status,
        "confidence": event.confidence,
        "who": "; ".join(p.name or "" for p in event.who),
        "who_title": "; ".join(p.title or "" for p in event.who),
        "who_country": "; ".join(p.country or "" for p in event.who),
        "whom": "; ".join(p.name or "" for p in event.whom),
        "whom_title": "; ".join(p.title or "" for p in event.whom),
        "whom_country": "; ".join(p.country or "" for p in event.whom),
        "place": place.name if place else "", "place_country": place.country or "" if place else "",
        "lat": place.lat if place and place.lat is not None else "",
        "lon": place.lon if place and place.lon is not None else "",
        "sources": "; ".join(s.doc for s in event.sources),
        "sentence": event.sources[0].sentence if event.sources else "",
    }


def _party(party: Party) -> str:
    name = party.name or f"({party.kind})"
    details = ", ".join(x for x in (party.title, party.country) if x)
    return f"{name} [{details}]" if details else name


def when(event: Event) -> str:
    if event.date:
        return event.date.value + (f"–{event.date.end[-2:]}" if event.date.end else "")
    reported = event.reported()
    return f"reported {reported}" if reported else "undated"


def _table(events: Iterable[Event], stream: IO[str]) -> int:
    table = Table(title="Diplomatic events", show_lines=True)
    for column in ("When", "Type", "Status", "Who", "Whom", "Place", "Sources"):
        table.add_column(column, overflow="fold")
    count = 0
    for event in events:
        place = event.place
        table.add_row(
            when(event), event.type, event.status,
            "\n".join(_party(p) for p in event.who), "\n".join(_party(p) for p in event.whom),
            f"{place.name} ({place.country})" if place and place.country else (place.name if place else ""),
            "\n".join(os.path.basename(s.doc) for s in event.sources),
        )
        count += 1
    width = None if stream.isatty() else 160
    Console(file=stream, width=width, force_terminal=False).print(table)
    return count


def officials(name: str, day: str | None, holders: list, found, stream: IO[str],
              as_json: bool = False) -> None:
    """What `dipevents who` prints: every person `name` may be and whom it resolves to."""
    if as_json:
        data = {"name": name, "date": day, "resolves_to": asdict(found) if found else None,
                "candidates": [asdict(h) for h in holders]}
        json.dump(data, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
        return
    table = Table(title=f"Officials named {name!r}" + (f" on {day}" if day else ""),
                  show_lines=True)
    for column in ("Id", "Name", "Country", f"Office on {day}" if day else "Office",
                   "Offices (start – end, source)", "Licence"):
        table.add_column(column, overflow="fold")
    for holder in holders:
        now = holder.in_office
        table.add_row(
            holder.id, holder.name, holder.country or "",
            f"{now.title or '(untitled post)'}, {now.country or 'intl'}" if now else "",
            "\n".join(f"{o.title or '(role)'} {o.country or 'intl'} {o.start or '?'} – "
                      f"{o.end or '?'} ({o.source})" for o in holder.offices),
            holder.licence)
    width = None if stream.isatty() else 160
    console = Console(file=stream, width=width, force_terminal=False)
    console.print(table)
    if found is None:
        console.print(f"{name!r} resolves to nobody" + (f" on {day}" if day else "")
                      + (" (ambiguous)" if holders else " (not in the table)"), markup=False)
    else:
        console.print(f"{name!r} resolves to {found.name} ({found.id}): "
                      f"{found.title or 'no office on the day'}, {found.country or 'no country'}",
                      markup=False)
