"""Paths to files: what exists, folders walked in a stable order (each real file once),
files opened (`.gz` through gzip) and handed to the reader of their format, stdin sniffed.
The entry points `iter_documents` and `read_file` live here."""
from __future__ import annotations

import errno
import gzip
import json
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, TextIO

from dipevents.extract.html import HTML_SUFFIXES, has_markup
from dipevents.extract.reader.decode import (
    BLOCK_BYTES,
    SURROGATES,
    Decoded,
    chained,
    decode_blocks,
    decode_stream,
    split_lines,
    normalise_newlines,
    binary_kind,
    detect_encoding,
)
from dipevents.extract.reader.formats import (
    JSONL_SUFFIXES,
    JSON_SUFFIXES,
    NotADocument,
    ReadOptions,
    is_document,
    parsed_lines,
    read_html,
    read_json,
    read_jsonl,
    read_text,
    records_from_json,
    records_from_lines,
)
from dipevents.extract.reader.header import parse_full_date
from dipevents.extract.reader.rules import reader_rules
from dipevents.models.events import Document, ReadError

STDIN_PATH = "<stdin>"
GZIP_MAGIC = b"\x1f\x8b"
# Pictures kept beside the articles (a screenshot, a scraped page's images): met in a
# folder they are noted and skipped like a data file; named on the command line, a binary
# one is still a read error.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".bmp")
NOT_A_DOCUMENT_IMAGE = "skipped: not a document file (an image)"
PATH_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def check_paths(paths: Iterable[str]) -> None:
    """Raise FileNotFoundError for the first path that does not exist ("-" is stdin).

    The error's `args[0]` and `filename` are the path (as `shown_path` writes it). A broken
    symlink exists (as a link), and so does a path that cannot be looked at (in a folder
    without permission): reading it gives a ReadError instead.
    """
    for path in paths:
        if path == "-":
            continue
        try:
            os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            error = FileNotFoundError(shown_path(path))
            error.errno, error.filename = errno.ENOENT, shown_path(path)
            raise error from None
        except (OSError, ValueError):  # permission denied, a NUL in the name: read errors
            pass


def shown_path(path: str) -> str:
    """A path as messages, events and tables write it: bytes of a file name that are not
    UTF-8 (kept by Python as lone surrogates) as \\xff, control characters (a newline in a
    name) as \\n or \\x1b, so that every message stays one line of valid text."""
    if SURROGATES.search(path):
        path = os.fsencode(path).decode("utf-8", errors="backslashreplace")
    if PATH_CONTROLS.search(path):
        path = PATH_CONTROLS.sub(lambda m: repr(m.group(0))[1:-1], path)
    return path


def iter_documents(paths: Iterable[str], doc_date: str | None = None,
                   stdin: TextIO | BinaryIO | None = None,
                   max_chars: int = 200_000) -> Iterator[Document | ReadError]:
    """Documents and read errors from files, folders and "-" (stdin), in a stable order.

    Checks happen at call time, before anything is yielded: a missing path raises
    FileNotFoundError, a `doc_date` that is not a full date raises ValueError.
    `doc_date` (YYYY-MM-DD or any full date) overrides every date found in the documents.
    A text longer than `max_chars` comes as several Documents with the same path, each at
    most `max_chars` long, cut at a blank line, else a line end, else a space.
    A JSON or JSONL file met inside a folder whose first record has no `text` field is data,
    not documents: it comes as one `NotADocument` (a ReadError to note, not a failure).
    """
    paths = list(paths)
    check_paths(paths)
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    forced = None
    if doc_date is not None:
        forced = parse_full_date(doc_date)
        if forced is None:
            raise ValueError(f"not a full date: {doc_date!r}")
    reader_rules()  # a broken pattern file fails here, not halfway through the inputs
    return _iter_all(paths, ReadOptions(forced, max_chars), stdin)


def _iter_all(paths: list[str], options: ReadOptions,
              stdin: TextIO | BinaryIO | None) -> Iterator[Document | ReadError]:
    for entry in iter_files(paths):
        if isinstance(entry, ReadError):
            yield entry
        elif entry.path == "-":
            if stdin is None and sys.stdin is None:  # started with stdin closed (<&-)
                yield ReadError(STDIN_PATH, "stdin is closed")
                continue
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, options)
        else:
            yield from _read_file(entry.path, options, in_folder=entry.in_folder)


@dataclass(frozen=True)
class FileEntry:
    """A file to read: named on the command line, or met walking a folder (`in_folder`)."""

    path: str
    in_folder: bool = False


def iter_files(paths: Iterable[str]) -> Iterator[FileEntry | ReadError]:
    """The files `iter_documents` reads, in its order ("-" for stdin), and the errors of the
    folder walk in their place. Listing only: no file is opened."""
    for path in paths:
        if path != "-" and os.path.isdir(path):
            yield from _walk(path)
        else:
            yield FileEntry(path)


def read_file(path: str, doc_date: str | None = None, max_chars: int = 200_000,
              in_folder: bool = False, byte_range: tuple[int, int] | None = None,
              encoding: str | None = None, opener=None,
              first_line: int = 1) -> Iterator[Document | ReadError]:
    """The documents of one file, as `iter_documents` reads them; `opener(path, "rb")` opens
    it (an fsspec opener for URLs; the built-in `open` when None).

    With `byte_range` (start, end), a JSONL file of `encoding` (UTF-8, from its first block)
    is read from `start` to `end` only: the records whose lines start in that range, their
    numbered from `first_line`, the number of the range's first line in the file
    (`count_lines` of the ranges before it, plus one). Consecutive ranges read every line
    exactly once."""
    forced = parse_full_date(doc_date) if doc_date is not None else None
    if doc_date is not None and forced is None:
        raise ValueError(f"not a full date: {doc_date!r}")
    options = ReadOptions(forced, max_chars)
    if byte_range is None:
        yield from _read_file(path, options, in_folder, opener)
        return
    try:
        handle = (opener or open)(path, "rb")
    except OSError as err:
        yield ReadError(path, _os_reason(err, path))
        return
    start, end = byte_range
    try:
        with handle:
            blocks = _range_blocks(handle, start, end, [0])
            decoding = encoding if start == 0 else "utf-8"  # a BOM only opens the file
            yield from records_from_lines(path, split_lines(decode_blocks(blocks, decoding)),
                                           options, encoding, first_line=first_line)
    except OSError as err:
        yield ReadError(path, _os_reason(err, path))


def count_lines(path: str, byte_range: tuple[int, int], opener=None) -> int:
    """The number of lines that start in `byte_range` of a file (see `read_file`)."""
    count = [0]
    with (opener or open)(path, "rb") as handle:
        for _ in _range_blocks(handle, *byte_range, count):
            pass
    return count[0]


def _range_blocks(handle: BinaryIO, start: int, end: int, count: list[int]) -> Iterator[bytes]:
    """The bytes of the lines that start in [start, end), about a block at a time; `count[0]`
    grows by one for each line."""
    if start > 0:
        handle.seek(start - 1)
        handle.readline()  # the line under way at `start` belongs to the range before
    position = handle.tell()
    block: list[bytes] = []
    size = 0
    while position < end:
        line = handle.readline()
        if not line:
            break
        position += len(line)
        count[0] += 1
        block.append(line)
        size += len(line)
        if size >= BLOCK_BYTES:
            yield b"".join(block)
            block, size = [], 0
    if block:
        yield b"".join(block)


def splittable_jsonl(path: str, in_folder: bool, opener=None) -> str | None:
    """The encoding of a JSONL file that can be read in byte ranges (UTF-8, with or
    without BOM), else None: another encoding, a binary file, or, met in a folder, a file
    whose first record in its first block is not a document (it is read whole, to be
    skipped as one)."""
    if os.path.splitext(path)[1].lower() not in JSONL_SUFFIXES:
        return None
    try:
        with (opener or open)(path, "rb") as handle:
            head = handle.read(BLOCK_BYTES)
    except OSError:
        return None
    if binary_kind(head):
        return None
    encoding = detect_encoding(head, complete=False)
    if encoding not in ("utf-8", "utf-8-sig"):
        return None
    if in_folder:
        lines = head.decode(encoding, errors="replace").split("\n")[:-1]  # complete lines
        first = next((entry for entry in parsed_lines(path, lines)
                      if not isinstance(entry, ReadError)), None)
        if first is None or not is_document(first[1]):
            return None
    return encoding


def _walk(top: str) -> Iterator[FileEntry | ReadError]:
    """Depth first, entries sorted by name, hidden entries skipped, symlinks followed; each
    real folder and file once however many links lead to it (by device and inode), a link
    to a folder above it a "symlink loop". A loop, not recursion: any depth is walked."""
    info = os.stat(top)
    seen = {(info.st_dev, info.st_ino)}
    # Each level: the folder, its ancestors (device, inode) and the names left to visit.
    stack = [(top, frozenset({(info.st_dev, info.st_ino)}), iter(_names(top)))]
    while stack:
        folder, ancestors, names = stack[-1]
        name = next(names, None)
        if name is None:
            stack.pop()
            continue
        if isinstance(name, ReadError):
            yield name
            continue
        path = os.path.join(folder, name)
        try:
            info = os.stat(path)
        except (OSError, ValueError) as err:
            yield ReadError(shown_path(path), _os_reason(err, path))
            continue
        key = (info.st_dev, info.st_ino)
        if stat.S_ISDIR(info.st_mode):
            if key in ancestors:
                yield ReadError(shown_path(path), "symlink loop")
            elif key not in seen:
                seen.add(key)
                stack.append((path, ancestors | {key}, iter(_names(path))))
        elif stat.S_ISREG(info.st_mode) and name.lower().endswith(IMAGE_SUFFIXES):
            yield NotADocument(shown_path(path), NOT_A_DOCUMENT_IMAGE)
        elif stat.S_ISREG(info.st_mode):
            if key not in seen:
                seen.add(key)
                yield FileEntry(path, in_folder=True)
        else:
            yield ReadError(shown_path(path), "not a regular file")


def _names(folder: str) -> list[str | ReadError]:
    """The entries of `folder` to visit, sorted; or the ReadError that says why there are none."""
    try:
        with os.scandir(folder) as entries:
            return sorted(entry.name for entry in entries if not entry.name.startswith("."))
    except OSError as err:
        return [ReadError(shown_path(folder), _os_reason(err, folder))]


def _os_reason(err: OSError | ValueError, path: str) -> str:
    if isinstance(err, ValueError):  # a NUL byte in the name
        return "not a valid file name"
    if err.errno == errno.ELOOP:
        return "symlink loop"
    if isinstance(err, FileNotFoundError):
        return "broken symlink" if os.path.islink(path) else "file not found"
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    return (err.strerror or str(err)).lower()


def _read_file(path: str, options: ReadOptions, in_folder: bool,
               opener=None) -> Iterator[Document | ReadError]:
    """One file; `in_folder` when met walking a folder (JSON data files are then skipped).
    Documents and errors name it as `shown_path` writes it."""
    shown = shown_path(path)
    try:
        handle = (opener or open)(path, "rb")  # `open` looked up now: tests replace it
    except (OSError, ValueError) as err:
        yield ReadError(shown, _os_reason(err, path))
        return
    suffix = os.path.splitext(path)[1].lower()
    try:
        with handle:
            stream, suffix = _uncompressed(path, handle, suffix)
            if suffix in JSONL_SUFFIXES:
                decoded = decode_stream(shown, stream, records=True)
                yield from read_jsonl(shown, decoded, options, in_folder)
            elif suffix in JSON_SUFFIXES:
                yield from read_json(shown, decode_stream(shown, stream), options, in_folder)
            elif suffix in HTML_SUFFIXES:
                yield from read_html(shown, decode_stream(shown, stream), options)
            else:
                yield from read_text(shown, decode_stream(shown, stream), options)
    except OSError as err:
        yield ReadError(shown, _os_reason(err, path))
    except (EOFError, zlib.error) as err:  # a truncated or corrupt .gz
        yield ReadError(shown, f"corrupt gzip data ({err})")


def _uncompressed(path: str, handle: BinaryIO, suffix: str) -> tuple[BinaryIO, str]:
    """A `.gz` file that holds gzip data is read through `gzip`; its format is that of the
    name without `.gz` ("feed.jsonl.gz" is JSON Lines). gzip data under another name stays
    a binary file."""
    peek = getattr(handle, "peek", None)
    if suffix != ".gz" or peek is None or peek(2)[:2] != GZIP_MAGIC:
        return handle, suffix
    return gzip.GzipFile(fileobj=handle, mode="rb"), os.path.splitext(path[:-3])[1].lower()


def read_lines(path: str, stream: BinaryIO) -> Iterator[str] | ReadError:
    """The lines of a JSON Lines file (any encoding the reader detects), or the ReadError
    saying it is binary."""
    decoded = decode_stream(shown_path(path), stream, records=True)
    if isinstance(decoded, ReadError):
        return decoded
    return split_lines(normalise_newlines(decoded.chunks))


def _read_stdin(stream: TextIO | BinaryIO, options: ReadOptions) -> Iterator[Document | ReadError]:
    """stdin is text, unless it opens with a JSON object line (JSONL) or a JSON list."""
    if isinstance(stream.read(0), str):
        decoded: Decoded | ReadError = Decoded(iter(lambda: stream.read(BLOCK_BYTES), ""), None)
    else:
        decoded = decode_stream(STDIN_PATH, stream)
    if isinstance(decoded, ReadError):
        yield decoded
        return
    head: list[str] = []
    first = ""
    for chunk in decoded.chunks:  # up to the end of the first non-blank line
        head.append(chunk)
        if not first:
            stripped = chunk.lstrip()
            if not stripped:
                continue
            first = stripped[0]
            if first not in "{[" or "\n" in stripped:
                break
        elif "\n" in chunk:
            break
    start = "".join(head).lstrip()
    rest = decoded.chunks
    if start.startswith("{"):
        try:
            sniffed = json.loads(start.split("\n", 1)[0])
        except ValueError:
            sniffed = None
        except RecursionError:  # an object nested too deeply: that line's error
            sniffed = {}
        if isinstance(sniffed, dict):
            yield from records_from_lines(STDIN_PATH, split_lines(chained(head, rest)), options,
                                           decoded.encoding)
            return
    elif start.startswith("["):
        whole = "".join(head) + "".join(rest)
        try:
            data = json.loads(whole)
        except ValueError:
            data = None
        except RecursionError:
            yield ReadError(STDIN_PATH, "invalid JSON: nested too deeply")
            return
        if isinstance(data, list):
            yield from records_from_json(STDIN_PATH, data, options, decoded.encoding)
            return
        head, rest = [whole], iter(())
    text_chunks = chained(head, rest)
    if start.startswith("<"):  # a web page piped in (`curl ... | dipevents extract -`)
        content = "".join(text_chunks)
        if has_markup(content):
            yield from read_html(STDIN_PATH, Decoded(iter([content]), decoded.encoding),
                                  options)
            return
        text_chunks = iter([content])
    yield from read_text(STDIN_PATH, Decoded(text_chunks, decoded.encoding), options)
