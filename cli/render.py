"""Renderers: the only module that writes results (to stdout or to the `-o` file).

`table` (rich, for people), `json` (one array), `jsonl` (one event a line, flushed as each is
ready) and `csv` (flat columns for a spreadsheet). `[]` is the JSON of nothing.
"""
from __future__ import annotations

import csv
import json
import os
import signal
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from enum import Enum
from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from dipevents.models import Event, Party


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    sqlite = "sqlite"


# `-o FILE` picks the format from the extension unless `--format` says otherwise.
SUFFIX_FORMATS = {".csv": Format.csv, ".json": Format.json, ".jsonl": Format.jsonl,
                  ".ndjson": Format.jsonl, ".db": Format.sqlite, ".sqlite": Format.sqlite,
                  ".sqlite3": Format.sqlite}
COMPACT_BELOW = 100  # terminal columns under which the table drops titles and merges columns
DEFAULT_WIDTH = 160  # the table's width when stdout is not a terminal and COLUMNS is unset

CSV_COLUMNS = ["id", "date", "date_precision", "date_basis", "date_text", "reported",
               "sort_date", "type", "cameo", "plover_mode", "status", "confidence", "who",
               "who_title", "who_country", "whom", "whom_title", "whom_country", "place",
               "place_country", "lat", "lon", "sources", "urls", "sentence"]


class FormatError(ValueError):
    """An output format that cannot go where it is asked to."""


def choose_format(fmt: "Format | None", path: str | None) -> "Format":
    """`fmt` when given, else the format of `path`'s extension, else a table. A table is
    never written into a file whose extension names another format."""
    suffix = os.path.splitext(path)[1].lower() if path and path != "-" else ""
    if path and path.lower().endswith(".gz"):
        raise FormatError(f"{path}: compressed output is not written; pipe it to gzip")
    by_suffix = SUFFIX_FORMATS.get(suffix)
    if fmt is None:
        return by_suffix or Format.table
    if fmt is Format.table and by_suffix is not None:
        raise FormatError(f"--format table cannot be written to {path} (a {suffix} file); "
                          f"leave --format out to write {by_suffix.value}")
    if fmt is Format.sqlite and (not path or path == "-"):
        raise FormatError("--format sqlite needs -o FILE (a database is not written to stdout)")
    if by_suffix is Format.sqlite and fmt is not Format.sqlite:
        raise FormatError(f"{path} is a database: leave --format out, or name a "
                          f".{fmt.value} file")
    return fmt


@contextmanager
def output(path: str | None) -> Iterator[IO[str]]:
    """stdout, or a file written atomically: a temporary file renamed into place at the end,
    so an interrupted run never leaves half a file where an old one was. A symlink is
    followed (its target is replaced, the link stays); a device, FIFO or socket (`-o
    /dev/null`, a named pipe) is written in place, never replaced by a regular file."""
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    path = os.path.realpath(path)
    try:
        special = not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        special = False
    if special:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            yield handle
        return
    folder = os.path.dirname(path)
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


def write(events: Iterable[Event], fmt: Format, stream: IO[str], bom: bool = False) -> int:
    """Write every event in `fmt`; returns how many were written. `bom` starts a CSV with a
    byte order mark, so that Excel reads it as UTF-8."""
    if fmt is Format.csv:
        return _csv(events, stream, bom)
    writer = {Format.table: _table, Format.json: _json, Format.jsonl: _jsonl}[fmt]
    return writer(events, stream)


def _jsonl(events: Iterable[Event], stream: IO[str]) -> int:
    count = 0
    for event in events:
        with _whole_line():
            stream.write(event.to_json() + "\n")
            stream.flush()
        count += 1
    return count


STOPPING = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)}


@contextmanager
def _whole_line():
    """Ctrl-C (or SIGTERM, SIGHUP) waits until the line is written: an interrupted run
    leaves no half line."""
    blocked = hasattr(signal, "pthread_sigmask")
    if blocked:
        signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
    try:
        yield
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)


def _json(events: Iterable[Event], stream: IO[str]) -> int:
    items = [event.to_dict() for event in events]
    json.dump(items, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
    return len(items)


def _csv(events: Iterable[Event], stream: IO[str], bom: bool = False) -> int:
    """Every text value quoted (so "040" stays text where quotes mean text), numbers not;
    one line per event (line breaks in sentences become spaces)."""
    if bom:
        stream.write("\ufeff")
    stream.write(",".join(CSV_COLUMNS) + "\n")
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\n",
                            quoting=csv.QUOTE_NONNUMERIC)
    count = 0
    for event in events:
        writer.writerow(flat_row(event))
        count += 1
    return count


def flat_row(event: Event) -> dict:
    date = event.date
    place = event.place
    return {
        "id": event.id, "date": date.value if date else "", "sort_date": sort_date(event),
        "date_precision": date.precision if date else "", "date_basis": date.basis if date else "",
        "date_text": date.text if date else "", "reported": event.reported() or "",
        "type": event.type, "cameo": event.cameo, "plover_mode": event.plover()["mode"] or "",
        "status": event.status,
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
        "urls": "; ".join(s.url for s in event.sources if s.url),
        "sentence": " ".join(event.sources[0].sentence.split()) if event.sources else "",
    }


def sort_date(event: Event) -> str:
    """A full YYYY-MM-DD that sorts: the first day of the event's date, else the report
    date, else empty."""
    value = event.date.value if event.date else event.reported()
    if not value:
        return ""
    return value + "-01" * (2 - value.count("-"))


def _party(party: Party, compact: bool = False) -> str:
    name = party.name or f"({party.kind})"
    details = ", ".join(x for x in ((None if compact else party.title), party.country) if x)
    return f"{name} [{details}]" if details else name


def when(event: Event, compact: bool = False) -> str:
    if event.date:
        return event.date.value + (f"–{event.date.end[-2:]}" if event.date.end else "")
    reported = event.reported()
    if not reported:
        return "undated"
    return f"({reported})" if compact else f"reported {reported}"


def table_width(stream: IO[str]) -> int | None:
    """None (the terminal's own width) on a terminal, else COLUMNS when it is a number,
    else DEFAULT_WIDTH."""
    if stream.isatty():
        return None
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else DEFAULT_WIDTH


def _table(events: Iterable[Event], stream: IO[str]) -> int:
    """Dates, codes and file names never wrap (they are cut with an ellipsis if they must
    be); below COMPACT_BELOW columns, type and status share a column, titles go and each
    event lists its first source and how many more."""
    console = Console(file=stream, width=table_width(stream), force_terminal=False)
    compact = console.width < COMPACT_BELOW
    table = Table(title="Diplomatic events", show_lines=True,
                  caption="(date): reported on, the text gives no date" if compact else None)
    # Dates and codes never wrap; names wrap at spaces; file names are cut with an ellipsis.
    table.add_column("When", no_wrap=True)
    if compact:
        table.add_column("What")  # "planned meeting" wraps at the space
    else:
        table.add_column("Type", no_wrap=True)
        table.add_column("Status", no_wrap=True)
    for column in ("Who", "Whom", "Place"):
        table.add_column(column)
    table.add_column("Sources", overflow="ellipsis")
    count = 0
    for event in events:
        place = event.place
        where = (f"{place.name} ({place.country})" if place and place.country
                 else (place.name if place else ""))
        names = [os.path.basename(s.doc) for s in event.sources]
        if compact:
            what = [event.type if event.status == "occurred" else f"{event.status} {event.type}"]
            sources = names[0] + (f" +{len(names) - 1}" if len(names) > 1 else "") if names else ""
        else:
            what = [event.type, event.status]
            sources = "\n".join(names)
        cells = (when(event, compact), *what,
                 "\n".join(_party(p, compact) for p in event.who),
                 "\n".join(_party(p, compact) for p in event.whom), where, sources)
        table.add_row(*(Text(cell) for cell in cells))  # as written: "[bold]" is no markup
        count += 1
    console.print(table)
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
PAIR_COLUMNS = ["kind", "a", "a_country", "b", "b_country", "events", "first", "last",
                "event_ids"]


def write_pairs(rows: list, fmt: Format, stream: IO[str], bom: bool = False) -> int:
    """The rows of `dipevents pairs` (`cli.pairs.PairRow`) in `fmt`; returns how many."""
    if fmt is Format.json:
        json.dump([row.to_dict() for row in rows], stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    elif fmt is Format.jsonl:
        for row in rows:
            stream.write(json.dumps(row.to_dict(), ensure_ascii=False) + "\n")
    elif fmt is Format.csv:
        if bom:
            stream.write("\ufeff")
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(PAIR_COLUMNS)
        for row in rows:
            data = row.to_dict()
            data["event_ids"] = "; ".join(data["event_ids"])
            writer.writerow(["" if data[c] is None else data[c] for c in PAIR_COLUMNS])
    else:
        _pairs_table(rows, stream)
    return len(rows)


def _pairs_table(rows: list, stream: IO[str]) -> None:
    console = Console(file=stream, width=table_width(stream), force_terminal=False)
    table = Table(title="Who met whom")
    table.add_column("Kind", no_wrap=True)
    table.add_column("Pair")
    table.add_column("Events", justify="right", no_wrap=True)
    table.add_column("First", no_wrap=True)
    table.add_column("Last", no_wrap=True)
    for row in rows:
        if row.kind == "person":
            ends = [f"{name} [{country}]" if country else name
                    for name, country in ((row.a, row.a_country), (row.b, row.b_country))]
        else:
            ends = [row.a, row.b]
        table.add_row(row.kind, " – ".join(ends), str(row.events), row.first or "", row.last or "")
    console.print(table)
