"""Documents from text, JSON, JSON Lines and web pages: a record's fields, the
publication date (option, metadata, header), pieces of a huge text, debris blanked."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from dipevents.extract.html import Page, has_markup, read_page
from dipevents.extract.reader.debris import blank_debris
from dipevents.extract.reader.decode import (
    SURROGATES,
    Decoded,
    chained,
    split_lines,
    normalise_newlines,
    clean_controls,
    repair_mojibake,
)
from dipevents.extract.reader.header import analyse_header, parse_full_date
from dipevents.models.events import Dateline, Document, Header, ReadError

JSON_SUFFIXES = (".json",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
METADATA_DATE_KEYS = ("date", "published", "published_at", "datePublished")
NOT_A_DOCUMENT = "skipped: not a document file (no text field)"
HELD_ERRORS = 1000  # bad JSONL lines held back while looking for a folder file's first record


@dataclass
class NotADocument(ReadError):
    """A JSON or JSONL file met while walking a folder that holds data, not documents: its
    first record has no `text` field (annotations kept beside the articles, say); or an
    image file (by its suffix) met in a folder. Noted once and skipped, never a failure.
    Named on the command line, the same file is read as documents, and each record
    without text (or a binary image) is an error."""

    reason: str = NOT_A_DOCUMENT


@dataclass(frozen=True)
class ReadOptions:
    doc_date: str | None
    max_chars: int


def _pieces(chunks: Iterable[str], max_chars: int) -> Iterator[str]:
    """Cut a stream of text into pieces of at most `max_chars` characters."""
    parts: list[str] = []
    size = 0
    emitted = False
    for chunk in chunks:
        parts.append(chunk)
        size += len(chunk)
        if size <= max_chars:
            continue
        buffer = "".join(parts)
        start = 0  # cut by moving a start, not by copying what is left (a 100 MB record)
        while len(buffer) - start > max_chars:
            cut = cut_point(buffer[start:start + max_chars], max_chars)
            yield buffer[start:start + cut]
            emitted = True
            start += cut
        buffer = buffer[start:]
        parts, size = [buffer], len(buffer)
    buffer = "".join(parts)
    if buffer or not emitted:
        yield buffer


def cut_point(text: str, limit: int) -> int:
    """Where to end a piece of at most `limit` chars: after a blank line, else a line end,
    else a sentence end (". "), else a space or tab, preferring cuts in the second half;
    else a hard cut at `limit`. (A cut at a space may split a name.)"""
    window = text[:limit]
    paragraph = window.rfind("\n\n")
    line = window.rfind("\n")
    sentence = window.rfind(". ")
    space = max(window.rfind(" "), window.rfind("\t"))
    candidates = [i + width for i, width in ((paragraph, 2), (line, 1), (sentence, 2),
                                             (space, 1)) if i >= 0]
    for cut in candidates:
        if cut > limit // 2:
            return cut
    for cut in candidates:
        if 0 < cut <= limit:
            return cut
    return limit


def read_text(path: str, decoded: Decoded | ReadError, options: ReadOptions,
               base: dict[str, Any] | None = None) -> Iterator[Document | ReadError]:
    """One text (a file, stdin or a JSON record's `text`) as one or more Documents."""
    if isinstance(decoded, ReadError):
        yield decoded
        return
    base = dict(base or {})
    known: dict[str, Any] = dict(base.pop("header", {}))  # item, html, site: from the record
    if decoded.encoding:
        known["encoding"] = decoded.encoding
    metadata_date = base.pop("metadata_date", None)
    offset = 0
    in_list = False
    header: Header | None = None
    fields: dict[str, Any] = {}
    for raw in _pieces(normalise_newlines(decoded.chunks), options.max_chars):
        text = clean_controls(repair_mojibake(raw))
        if header is None:  # the first piece holds the header
            top = analyse_header(text)
            found = (top.get("doc_date"), top.get("doc_date_source"))
            candidates = [(options.doc_date, "argument"), (metadata_date, "metadata"), found]
            doc_date, source = next(((d, s) for d, s in candidates if d), (None, None))
            header = Header(body_start=top["body_start"], dateline=_dateline(top),
                            date_source=source, **known)
            fields = {**base, "doc_date": doc_date}
        text, in_list = blank_debris(text, in_list)
        yield Document(path=path, text=text, offset=offset, header=header.shifted(offset),
                       **fields)
        offset += len(text)


def _dateline(top: dict[str, Any]) -> Dateline | None:
    """The dateline `analyse_header` found, typed."""
    if "dateline_place" not in top:
        return None
    return Dateline(place=top["dateline_place"], text=top["dateline_text"],
                    start=top["dateline_start"], end=top["dateline_end"],
                    rule=top["dateline_pattern"], region=top.get("dateline_region"),
                    date=top.get("dateline_date"), agency=top.get("dateline_agency"))


def read_jsonl(path: str, decoded: Decoded | ReadError, options: ReadOptions,
                in_folder: bool = False) -> Iterator[Document | ReadError]:
    if isinstance(decoded, ReadError):
        yield decoded
        return
    yield from records_from_lines(path, split_lines(decoded.chunks), options, decoded.encoding,
                                   in_folder)


def records_from_lines(path: str, lines: Iterable[str], options: ReadOptions,
                        encoding: str | None = None, in_folder: bool = False,
                        first_line: int = 1) -> Iterator[Document | ReadError]:
    parsed = parsed_lines(path, lines, first_line)
    if in_folder:
        # Lines before the first record with a `text` field (a header object, `[]`, `null`,
        # malformed lines) are held: a document further down makes them the file's errors;
        # none among the first HELD_ERRORS lines, and the file is data, not documents.
        held: list[tuple[int, Any] | ReadError] = []
        records = 0
        for entry in parsed:
            if isinstance(entry, ReadError) or not is_document(entry[1]):
                records += not isinstance(entry, ReadError)
                if len(held) < HELD_ERRORS:
                    held.append(entry)
                    continue
                if records:
                    yield NotADocument(path)
                    return
            parsed = chained([*held, entry], parsed)
            break
        else:
            if records:
                yield NotADocument(path)
            else:
                yield from held  # only malformed lines (or none)
            return
    for entry in parsed:
        if isinstance(entry, ReadError):
            yield entry
        else:
            number, record = entry
            yield from _record(path, record, options, encoding, line=number)


def parsed_lines(path: str, lines: Iterable[str],
                  first_line: int = 1) -> Iterator[tuple[int, Any] | ReadError]:
    """(line number, JSON value) for each non-blank line, or its ReadError."""
    for number, line in enumerate(lines, start=first_line):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError) as err:
            yield ReadError(path, f"invalid JSON: {_json_reason(err)}", line=number)
            continue
        line = None  # a huge record's text is kept once, in `value`
        yield number, value


def _json_reason(err: Exception) -> str:
    if isinstance(err, RecursionError):
        return "nested too deeply"
    return getattr(err, "msg", None) or str(err).split(":")[0].lower()


def is_document(record: Any) -> bool:
    """A record of a document collection: an object with a `text` or `html` field."""
    return isinstance(record, dict) and ("text" in record or "html" in record)


def read_json(path: str, decoded: Decoded | ReadError, options: ReadOptions,
               in_folder: bool = False) -> Iterator[Document | ReadError]:
    if isinstance(decoded, ReadError):
        yield decoded
        return
    text = "".join(decoded.chunks)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        yield ReadError(path, f"invalid JSON: {err.msg}", line=err.lineno)
        return
    except ValueError as err:  # an integer of more than 4,300 digits
        yield ReadError(path, f"invalid JSON: {str(err).split(':')[0].lower()}")
        return
    except RecursionError:
        yield ReadError(path, "invalid JSON: nested too deeply")
        return
    del text  # the records hold what is needed; a huge file is not kept twice
    if in_folder and data != [] and not is_document(data[0] if isinstance(data, list) else data):
        yield NotADocument(path)
        return
    if isinstance(data, dict):
        yield from _record(path, data, options, decoded.encoding)
    elif isinstance(data, list):
        yield from records_from_json(path, data, options, decoded.encoding)
    else:
        yield ReadError(path, "expected a JSON object or a list of objects")


def records_from_json(path: str, data: list, options: ReadOptions,
                       encoding: str | None = None) -> Iterator[Document | ReadError]:
    for item, record in enumerate(data, start=1):
        yield from _record(path, record, options, encoding, item=item)


def _record(path: str, record: Any, options: ReadOptions, encoding: str | None,
            line: int | None = None, item: int | None = None) -> Iterator[Document | ReadError]:
    """One JSON object with a `text` field (and optional id, date/published, url, title)."""
    where = f"item {item}: " if item else ""
    if not isinstance(record, dict):
        yield ReadError(path, f"{where}not a JSON object", line=line)
        return
    text = record.get("text")
    page = None
    if text is None and isinstance(record.get("html"), str):
        page = read_page(record["html"], url=_string(record.get("url")))
        text = page.text
    if not isinstance(text, str):
        reason = "no text field" if text is None else "text is not a string"
        yield ReadError(path, where + reason, line=line)
        return
    base: dict[str, Any] = {
        "id": _string(record.get("id")),
        "url": _string(record.get("url")),
        "title": _string(record.get("title")),
        "line": line,
        "metadata_date": _metadata_date(record),
        "header": {"item": item} if item else {},
    }
    if page is not None:  # the record's own fields first, then the page's metadata
        base = _with_page(base, page)
    yield from read_text(path, Decoded(iter([text]), encoding), options, base)


def read_html(path: str, decoded: Decoded | ReadError,
               options: ReadOptions) -> Iterator[Document | ReadError]:
    """A saved web page: its main text, with the page's date, title, site and URL."""
    if isinstance(decoded, ReadError):
        yield decoded
        return
    content = "".join(decoded.chunks)
    if not has_markup(content):  # text saved under an .html name
        yield from read_text(path, Decoded(iter([content]), decoded.encoding), options)
        return
    page = read_page(content)
    base = _with_page({}, page)
    yield from read_text(path, Decoded(iter([page.text]), decoded.encoding), options, base)


def _with_page(base: dict[str, Any], page: Page) -> dict[str, Any]:
    """Fields a page's metadata fills where the record left them empty."""
    base = dict(base)
    for key, value in (("url", page.url), ("title", page.title), ("metadata_date", page.date)):
        if not base.get(key):
            base[key] = value
    base["header"] = {**base.get("header", {}), "html": True,
                      **({"site": page.site} if page.site else {})}
    return base


def _string(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value)
    return SURROGATES.sub("\ufffd", text) if SURROGATES.search(text) else text


def _metadata_date(record: dict) -> str | None:
    for key in METADATA_DATE_KEYS:
        value = record.get(key)
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (int, float)):
            try:  # a 400-digit integer overflows the division
                seconds = value / 1000 if value > 1e11 else value
                return datetime.fromtimestamp(seconds, tz=timezone.utc).date().isoformat()
            except (OverflowError, OSError, ValueError):
                continue
        if isinstance(value, str) and (day := parse_full_date(value)):
            return day
    return None
