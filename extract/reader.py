"""Reading documents: files, folders, JSON, JSONL and stdin in; `Document`s out.

The first stage of the chain. It decodes bytes, normalises the text, finds the publication
date and dateline, blanks page debris and cuts huge texts into pieces. It never fails on one
bad input: what cannot be read becomes a `ReadError` and reading goes on.

Offsets. Every offset (`Document.offset`, `meta["body_start"]`, `meta["dateline_start"]`...)
counts characters of the *normalised* text: decoded, CRLF and lone CR turned into LF,
mojibake repaired line by line. Replacing control characters and blanking debris keep the
length, so `piece.text == whole[piece.offset:piece.offset + len(piece.text)]`, where `whole`
is the normalised document with debris blanked.
"""
from __future__ import annotations

import codecs
import errno
import gzip
import json
import os
import re
import stat
import sys
import warnings
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from importlib.resources import files
from typing import Any, BinaryIO, TextIO

from dateutil import parser as date_parser

from dipevents.extract.patterns import date_words
from dipevents.extract.unwrap import unwrap
from dipevents.extract.html import HTML_SUFFIXES, Page, has_markup, read_page
from dipevents.models.events import Document, ReadError

STDIN_PATH = "<stdin>"
GZIP_MAGIC = b"\x1f\x8b"
BLOCK_BYTES = 1 << 20  # read size; the first block is also the encoding sample
NUL_SCAN_BYTES = 8192
DETECT_SAMPLE_BYTES = 64 * 1024  # what charset-normalizer sees
HEADER_SCAN_CHARS = 20_000
HEADER_LINE_CHARS = 300  # header regexes see at most this much of a line
PROSE_MIN_WORDS = 6  # a line ending like a sentence, with at least this many words
PROSE_LONG_WORDS = 20  # or this many words, however it ends
JSON_SUFFIXES = (".json",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
WESTERN_MAX_ACCENTED = 0.3  # share of non-ASCII letters up to which a code page is read as cp1252
METADATA_DATE_KEYS = ("date", "published", "published_at", "datePublished")
NOT_A_DOCUMENT = "skipped: not a document file (no text field)"
# Pictures kept beside the articles (a screenshot, a scraped page's images): met in a
# folder they are noted and skipped like a data file; named on the command line, a binary
# one is still a read error.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".bmp")
NOT_A_DOCUMENT_IMAGE = "skipped: not a document file (an image)"
HELD_ERRORS = 1000  # bad JSONL lines held back while looking for a folder file's first record

MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x1f\x8b", "gzip"),
    (b"\x7fELF", "elf"),
)
BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SURROGATES = re.compile("[\ud800-\udfff]")
PATH_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# UTF-8 read as Windows-1252: a lead byte (Â..ß, à..ï) then what continuation bytes became.
_CP1252_HIGH = bytes(range(0x80, 0xC0)).decode("cp1252", errors="replace").replace("\ufffd", "")
_CONTINUATION = "[" + re.escape(_CP1252_HIGH + "\x81\x8d\x8f\x90\x9d") + "]"
MOJIBAKE = re.compile(f"[\u00c2-\u00df]{_CONTINUATION}|[\u00e0-\u00ef]{_CONTINUATION}{{2}}")
SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")
FULL_STOP_END = re.compile(r"\.[\"'\u201d\u2019)\]]*$")
LIST_BULLET = re.compile(r"(?:[-*\u2022\u00b7\u25aa\u2013]|\d{1,2}[.)])\s")
FRAGMENT = re.compile(r"\{\{(\w+)\}\}")
DASHES = ",:-\u2013\u2014"  # trimmed from the end of a dateline


def _cp1252_then_latin1(err: UnicodeDecodeError) -> tuple[str, int]:
    """The 5 bytes Windows-1252 leaves undefined are read as Latin-1 (C1 controls)."""
    return err.object[err.start:err.end].decode("latin-1"), err.end


def _c1_to_byte(err: UnicodeEncodeError) -> tuple[bytes, int]:
    """Encoding back to Windows-1252: C1 controls (its five holes) go back to their bytes."""
    chars = err.object[err.start:err.end]
    if all(0x80 <= ord(c) <= 0x9F for c in chars):
        return chars.encode("latin-1"), err.end
    raise err


codecs.register_error("dipevents-latin1", _cp1252_then_latin1)
codecs.register_error("dipevents-c1", _c1_to_byte)


@dataclass
class NotADocument(ReadError):
    """A JSON or JSONL file met while walking a folder that holds data, not documents: its
    first record has no `text` field (annotations kept beside the articles, say); or an
    image file (by its suffix) met in a folder. Noted once and skipped, never a failure.
    Named on the command line, the same file is read as documents, and each record
    without text (or a binary image) is an error."""

    reason: str = NOT_A_DOCUMENT


# ---------------------------------------------------------------- entry points

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
    _rules()  # a broken pattern file fails here, not halfway through the inputs
    return _iter_all(paths, _Options(forced, max_chars), stdin)


@dataclass(frozen=True)
class _Options:
    doc_date: str | None
    max_chars: int


def _iter_all(paths: list[str], options: _Options,
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
    options = _Options(forced, max_chars)
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
            yield from _records_from_lines(path, _lines(_decode_blocks(blocks, decoding)),
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
        first = next((entry for entry in _parsed_lines(path, lines)
                      if not isinstance(entry, ReadError)), None)
        if first is None or not _is_document(first[1]):
            return None
    return encoding


# ---------------------------------------------------------------- folders

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


# ---------------------------------------------------------------- one input

def _read_file(path: str, options: _Options, in_folder: bool,
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
                decoded = _decode_stream(shown, stream, records=True)
                yield from _read_jsonl(shown, decoded, options, in_folder)
            elif suffix in JSON_SUFFIXES:
                yield from _read_json(shown, _decode_stream(shown, stream), options, in_folder)
            elif suffix in HTML_SUFFIXES:
                yield from _read_html(shown, _decode_stream(shown, stream), options)
            else:
                yield from _read_text(shown, _decode_stream(shown, stream), options)
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
    decoded = _decode_stream(shown_path(path), stream, records=True)
    if isinstance(decoded, ReadError):
        return decoded
    return _lines(_normalise_newlines(decoded.chunks))


def _read_stdin(stream: TextIO | BinaryIO, options: _Options) -> Iterator[Document | ReadError]:
    """stdin is text, unless it opens with a JSON object line (JSONL) or a JSON list."""
    if isinstance(stream.read(0), str):
        decoded: _Decoded | ReadError = _Decoded(iter(lambda: stream.read(BLOCK_BYTES), ""), None)
    else:
        decoded = _decode_stream(STDIN_PATH, stream)
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
            yield from _records_from_lines(STDIN_PATH, _lines(_chain(head, rest)), options,
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
            yield from _records_from_json(STDIN_PATH, data, options, decoded.encoding)
            return
        head, rest = [whole], iter(())
    text_chunks = _chain(head, rest)
    if start.startswith("<"):  # a web page piped in (`curl ... | dipevents extract -`)
        content = "".join(text_chunks)
        if has_markup(content):
            yield from _read_html(STDIN_PATH, _Decoded(iter([content]), decoded.encoding),
                                  options)
            return
        text_chunks = iter([content])
    yield from _read_text(STDIN_PATH, _Decoded(text_chunks, decoded.encoding), options)


def _chain(first: Iterable[str], rest: Iterator[str]) -> Iterator[str]:
    yield from first
    yield from rest


# ---------------------------------------------------------------- decoding

@dataclass
class _Decoded:
    chunks: Iterator[str]
    encoding: str | None


def _decode_stream(path: str, stream: BinaryIO, records: bool = False) -> _Decoded | ReadError:
    """Sniff the first block (binary? which encoding?), then decode the stream lazily.
    With `records` (JSON Lines), a NUL byte in some lines is their error, not the file's:
    the file is binary when NUL bytes are in most of its first lines."""
    first = stream.read(BLOCK_BYTES)
    kind = binary_kind(first, records)
    if kind:
        return ReadError(path, f"binary file ({kind})")
    complete = len(first) < BLOCK_BYTES
    encoding = detect_encoding(first, complete)
    return _Decoded(_decode_blocks(_chain_bytes(first, stream), encoding), encoding)


def _chain_bytes(first: bytes, stream: BinaryIO) -> Iterator[bytes]:
    if first:
        yield first
    while block := stream.read(BLOCK_BYTES):
        yield block


def binary_kind(head: bytes, records: bool = False) -> str | None:
    """"png", "pdf"... for a known magic number, "data" for NUL bytes, None for text.
    With `records`, "data" only when most lines of the sample hold a NUL byte."""
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    if any(head.startswith(bom) for bom, name in BOMS if name in ("utf-16", "utf-32")):
        return None
    sample = head[:NUL_SCAN_BYTES]
    if b"\x00" not in sample:
        return None
    if records:
        lines = [line for line in sample.split(b"\n") if line.strip()]
        if 2 * sum(b"\x00" in line for line in lines) <= len(lines):
            return None
    return "data"


def detect_encoding(sample: bytes, complete: bool = True) -> str:
    """BOM, else strict UTF-8, else charset-normalizer, else Windows-1252 (Latin-1 for its holes).

    "cp1252" here always means Windows-1252 with the five undefined bytes read as Latin-1.
    """
    for bom, name in BOMS:
        if sample.startswith(bom):
            return name
    if _decodes(sample, "utf-8", complete) is not None:
        return "utf-8"
    head = sample[:DETECT_SAMPLE_BYTES]
    return _guess_encoding(head, complete and len(head) == len(sample)) or "cp1252"


def _decodes(sample: bytes, encoding: str, final: bool) -> str | None:
    try:
        return codecs.getincrementaldecoder(encoding)().decode(sample, final)
    except (UnicodeDecodeError, LookupError):
        return None


def _guess_encoding(sample: bytes, final: bool) -> str | None:
    """Windows-1252 for mostly-ASCII text with a few accents or curly quotes; otherwise
    charset-normalizer's choice, still preferring Windows-1252 among equally good ones.

    charset-normalizer alone is unreliable on short Western samples (it reads "café" as
    Urdu cp1006 and curly quotes as Central European cp1250).
    """
    from charset_normalizer import from_bytes

    western = sample.decode("cp1252", errors="dipevents-latin1")
    letters = [c for c in western if c.isalpha()]
    accented = sum(1 for c in letters if not c.isascii())
    if letters and accented <= WESTERN_MAX_ACCENTED * len(letters):
        return "cp1252"
    matches = [m for m in from_bytes(sample) if not m.encoding.startswith(("utf_16", "utf_32"))]
    if not matches:
        return None
    best = min(matches, key=lambda m: m.chaos)
    for match in matches:
        if match.encoding in ("cp1252", "latin_1", "iso8859_15", "ascii") \
                and match.chaos <= best.chaos + 0.01:
            return "cp1252"
    text = _decodes(sample, best.encoding, final)
    if text is None or CONTROL_CHARS.search(text.replace("\x0c", "")) or "\ufffd" in text:
        return None
    return best.encoding


class _Cp1252Decoder:
    """Stateless: Windows-1252 never needs more bytes to finish a character."""

    def decode(self, data: bytes, final: bool = False) -> str:
        return data.decode("cp1252", errors="dipevents-latin1")


def _decoder(encoding: str):
    if encoding == "cp1252":
        return _Cp1252Decoder()
    return codecs.getincrementaldecoder(encoding)(errors="strict")


def _decode_blocks(blocks: Iterator[bytes], encoding: str) -> Iterator[str]:
    """Decode lazily; bytes that break the chosen encoding switch the rest to Windows-1252."""
    decoder = _decoder(encoding)
    for block in blocks:
        try:
            yield decoder.decode(block, False)
        except UnicodeDecodeError as err:
            seen = bytes(err.object)  # the bytes the decoder held back, then this block
            good = _decodes(seen[:err.start], encoding, False)
            rest = seen[err.start:] if good is not None else seen
            decoder = _Cp1252Decoder()
            yield (good or "") + decoder.decode(rest)
    try:
        tail = decoder.decode(b"", True)
    except UnicodeDecodeError as err:  # the stream ends inside a character (odd UTF-16 length)
        tail = _Cp1252Decoder().decode(bytes(err.object))
    if tail:
        yield tail


# ---------------------------------------------------------------- text normalisation

def _normalise_newlines(chunks: Iterable[str]) -> Iterator[str]:
    """CRLF and lone CR become LF, also when a CRLF is split between two chunks."""
    pending = ""
    for chunk in chunks:
        chunk = pending + chunk
        pending = ""
        if chunk.endswith("\r"):
            chunk, pending = chunk[:-1], "\r"
        if chunk:
            yield chunk.replace("\r\n", "\n").replace("\r", "\n")
    if pending:
        yield "\n"


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Windows-1252 ("â€™" -> "’"), line by line, when it round-trips."""
    if not MOJIBAKE.search(text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if MOJIBAKE.search(line):
            try:
                lines[i] = line.encode("cp1252", errors="dipevents-c1").decode("utf-8")
            except UnicodeError:
                pass
    return "\n".join(lines)


def clean_controls(text: str) -> str:
    """C0 and C1 control characters other than newline and tab become spaces, and lone
    surrogates (a JSON "\\ud800" escape) U+FFFD, the replacement character (same length)."""
    text = CONTROL_CHARS.sub(" ", text)
    return SURROGATES.sub("\ufffd", text) if SURROGATES.search(text) else text


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


# ---------------------------------------------------------------- documents from text

def _read_text(path: str, decoded: _Decoded | ReadError, options: _Options,
               base: dict[str, Any] | None = None) -> Iterator[Document | ReadError]:
    """One text (a file, stdin or a JSON record's `text`) as one or more Documents."""
    if isinstance(decoded, ReadError):
        yield decoded
        return
    base = dict(base or {})
    meta: dict[str, Any] = dict(base.pop("meta", {}))
    if decoded.encoding:
        meta["encoding"] = decoded.encoding
    metadata_date = base.pop("metadata_date", None)
    offset = 0
    in_list = False
    fields: dict[str, Any] | None = None
    for raw in _pieces(_normalise_newlines(decoded.chunks), options.max_chars):
        text = clean_controls(repair_mojibake(raw))
        if fields is None:  # the first piece holds the header
            header = analyse_header(text)
            found = (header.pop("doc_date", None), header.pop("doc_date_source", None))
            candidates = [(options.doc_date, "argument"), (metadata_date, "metadata"), found]
            doc_date, source = next(((d, s) for d, s in candidates if d), (None, None))
            meta.update(header)
            if source:
                meta["doc_date_source"] = source
            fields = {**base, "doc_date": doc_date}
        text, in_list = blank_debris(text, in_list)
        yield Document(path=path, text=text, offset=offset, meta=dict(meta), **fields)
        offset += len(text)


# ---------------------------------------------------------------- JSON and JSONL

def _lines(chunks: Iterable[str]) -> Iterator[str]:
    """Split decoded text into lines without building more than one line at a time."""
    pending: list[str] = []
    for chunk in chunks:
        parts = chunk.split("\n")
        if len(parts) == 1:
            pending.append(chunk)
            continue
        pending.append(parts[0])
        yield _joined(pending)  # a huge line is not kept here while it is read
        yield from parts[1:-1]
        pending.append(parts[-1])
    if last := _joined(pending):
        yield last


def _joined(parts: list[str]) -> str:
    """The parts as one string; the list is emptied."""
    text = "".join(parts)
    parts.clear()
    return text


def _read_jsonl(path: str, decoded: _Decoded | ReadError, options: _Options,
                in_folder: bool = False) -> Iterator[Document | ReadError]:
    if isinstance(decoded, ReadError):
        yield decoded
        return
    yield from _records_from_lines(path, _lines(decoded.chunks), options, decoded.encoding,
                                   in_folder)


def _records_from_lines(path: str, lines: Iterable[str], options: _Options,
                        encoding: str | None = None, in_folder: bool = False,
                        first_line: int = 1) -> Iterator[Document | ReadError]:
    parsed = _parsed_lines(path, lines, first_line)
    if in_folder:
        # Lines before the first record with a `text` field (a header object, `[]`, `null`,
        # malformed lines) are held: a document further down makes them the file's errors;
        # none among the first HELD_ERRORS lines, and the file is data, not documents.
        held: list[tuple[int, Any] | ReadError] = []
        records = 0
        for entry in parsed:
            if isinstance(entry, ReadError) or not _is_document(entry[1]):
                records += not isinstance(entry, ReadError)
                if len(held) < HELD_ERRORS:
                    held.append(entry)
                    continue
                if records:
                    yield NotADocument(path)
                    return
            parsed = _chain([*held, entry], parsed)
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


def _parsed_lines(path: str, lines: Iterable[str],
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


def _is_document(record: Any) -> bool:
    """A record of a document collection: an object with a `text` or `html` field."""
    return isinstance(record, dict) and ("text" in record or "html" in record)


def _read_json(path: str, decoded: _Decoded | ReadError, options: _Options,
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
    if in_folder and data != [] and not _is_document(data[0] if isinstance(data, list) else data):
        yield NotADocument(path)
        return
    if isinstance(data, dict):
        yield from _record(path, data, options, decoded.encoding)
    elif isinstance(data, list):
        yield from _records_from_json(path, data, options, decoded.encoding)
    else:
        yield ReadError(path, "expected a JSON object or a list of objects")


def _records_from_json(path: str, data: list, options: _Options,
                       encoding: str | None = None) -> Iterator[Document | ReadError]:
    for item, record in enumerate(data, start=1):
        yield from _record(path, record, options, encoding, item=item)


def _record(path: str, record: Any, options: _Options, encoding: str | None,
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
        "meta": {"item": item} if item else {},
    }
    if page is not None:  # the record's own fields first, then the page's metadata
        base = _with_page(base, page)
    yield from _read_text(path, _Decoded(iter([text]), encoding), options, base)


def _read_html(path: str, decoded: _Decoded | ReadError,
               options: _Options) -> Iterator[Document | ReadError]:
    """A saved web page: its main text, with the page's date, title, site and URL."""
    if isinstance(decoded, ReadError):
        yield decoded
        return
    content = "".join(decoded.chunks)
    if not has_markup(content):  # text saved under an .html name
        yield from _read_text(path, _Decoded(iter([content]), decoded.encoding), options)
        return
    page = read_page(content)
    base = _with_page({"meta": {}}, page)
    yield from _read_text(path, _Decoded(iter([page.text]), decoded.encoding), options, base)


def _with_page(base: dict[str, Any], page: Page) -> dict[str, Any]:
    """Fields a page's metadata fills where the record left them empty."""
    base = dict(base)
    for key, value in (("url", page.url), ("title", page.title), ("metadata_date", page.date)):
        if not base.get(key):
            base[key] = value
    base["meta"] = {**base.get("meta", {}), "html": True,
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


# ---------------------------------------------------------------- dates

def parse_full_date(text: str) -> str | None:
    """YYYY-MM-DD when `text` names a whole day ("March 2, 2015", "2015-03-02T10:00Z"), else None.

    Missing parts are never filled in from today: "Sep 14" and "March 2015" give None.
    Numeric dates follow dateutil: "03/01/2023" is month first, "03.01.2023" day first.
    """
    text = text.strip()
    if not text or len(text) > 100:
        return None
    dayfirst = bool(re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", text))
    days = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for default in (datetime(2000, 1, 1), datetime(2001, 2, 2)):
            try:
                parsed = date_parser.parse(text, default=default, ignoretz=True, dayfirst=dayfirst)
            except (ValueError, OverflowError):
                return None
            days.add(parsed.date())
    day = days.pop()
    if days or not 1800 <= day.year <= 2100:
        return None
    return day.isoformat()


# ---------------------------------------------------------------- rules (package data)

@dataclass(frozen=True)
class _DateRule:
    id: str
    where: str
    regex: re.Pattern
    upper: bool


@dataclass(frozen=True)
class _DebrisRule:
    id: str
    regex: re.Pattern
    starts_list: bool
    max_chars: int
    requires: tuple[str, ...]  # casefolded; the line must hold one to be tried (empty: any)


@dataclass(frozen=True)
class _Rules:
    dates: tuple[_DateRule, ...]
    not_places: frozenset[str]
    header_lines: int
    year: re.Pattern
    debris: tuple[_DebrisRule, ...]
    max_debris_chars: int


def _load_json(name: str) -> dict:
    resource = files("dipevents.extract").joinpath("patterns", name)
    try:
        data = json.loads(resource.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ValueError(f"patterns/{name}: line {err.lineno}: {err.msg}") from err
    if not isinstance(data, dict):
        raise ValueError(f"patterns/{name}: expected a JSON object")
    return data


def _check_keys(name: str, what: str, data: dict, allowed: set[str], required: set[str]) -> None:
    unknown = set(data) - allowed
    missing = required - set(data)
    if unknown:
        raise ValueError(f"patterns/{name}: {what}: unknown keys {sorted(unknown)}")
    if missing:
        raise ValueError(f"patterns/{name}: {what}: missing keys {sorted(missing)}")


def _compile(name: str, rule_id: str, pattern: str, flags: int = 0) -> re.Pattern:
    try:
        return re.compile(pattern, flags)
    except re.error as err:
        raise ValueError(f"patterns/{name}: pattern {rule_id!r}: {err}") from err


def _expand(name: str, pattern: str, fragments: dict[str, str], depth: int = 0) -> str:
    if depth > 10:
        raise ValueError(f"patterns/{name}: fragments nest too deeply")

    def replace(match: re.Match) -> str:
        if match.group(1) not in fragments:
            raise ValueError(f"patterns/{name}: unknown fragment {match.group(1)!r}")
        return _expand(name, fragments[match.group(1)], fragments, depth + 1)

    return FRAGMENT.sub(replace, pattern)


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    dates_file, debris_file = "doc_dates.json", "debris.json"
    dates = _load_json(dates_file)
    _check_keys(dates_file, "top level", dates,
                {"_about", "header_lines", "fragments", "not_places", "patterns"},
                {"_about", "patterns"})
    words = date_words()  # {{MONTH}} and {{WEEKDAY}}: patterns/date_words.json
    fragments = {"MONTH": rf"(?i:{words.month_regex()})\b\.?",
                 "WEEKDAY": rf"(?i:{words.weekday_regex(abbreviations=True)})\b\.?",
                 **dates.get("fragments", {})}
    date_rules = []
    seen: set[str] = set()
    for index, rule in enumerate(dates["patterns"], start=1):
        what = f"pattern {rule.get('id', index)!r}"
        _check_keys(dates_file, what, rule, {"id", "where", "pattern", "about", "place_case"},
                    {"id", "where", "pattern"})
        if rule["id"] in seen:
            raise ValueError(f"patterns/{dates_file}: {what}: duplicate id")
        seen.add(rule["id"])
        if rule["where"] not in ("first_line", "header", "dateline"):
            raise ValueError(f"patterns/{dates_file}: {what}: bad where {rule['where']!r}")
        if rule.get("place_case", "upper") != "upper":
            raise ValueError(f"patterns/{dates_file}: {what}: place_case can only be 'upper'")
        regex = _compile(dates_file, rule["id"], _expand(dates_file, rule["pattern"], fragments))
        date_rules.append(_DateRule(rule["id"], rule["where"], regex, "place_case" in rule))
    year = _compile(dates_file, "YEAR", r"\b" + _expand(dates_file, "{{YEAR}}", fragments))

    debris = _load_json(debris_file)
    _check_keys(debris_file, "top level", debris, {"_about", "max_line_chars", "patterns"},
                {"_about", "patterns"})
    debris_rules = []
    default_max = int(debris.get("max_line_chars", 200))
    seen = set()
    for index, rule in enumerate(debris["patterns"], start=1):
        what = f"pattern {rule.get('id', index)!r}"
        _check_keys(debris_file, what, rule,
                    {"id", "pattern", "about", "starts_list", "max_line_chars", "requires"},
                    {"id", "pattern"})
        if rule["id"] in seen:
            raise ValueError(f"patterns/{debris_file}: {what}: duplicate id")
        seen.add(rule["id"])
        requires = rule.get("requires", [])
        if not (isinstance(requires, list) and all(isinstance(w, str) and w for w in requires)):
            raise ValueError(f"patterns/{debris_file}: {what}: requires must be a list of strings")
        regex = _compile(debris_file, rule["id"], rule["pattern"], re.IGNORECASE)
        debris_rules.append(_DebrisRule(rule["id"], regex, bool(rule.get("starts_list", False)),
                                        int(rule.get("max_line_chars", default_max)),
                                        tuple(w.casefold() for w in requires)))
    return _Rules(
        dates=tuple(date_rules),
        not_places=frozenset(word.casefold() for word in (
            *dates.get("not_places", []), *words.months, *words.weekday_forms)),
        header_lines=int(dates.get("header_lines", 15)),
        year=year,
        debris=tuple(debris_rules),
        max_debris_chars=max((rule.max_chars for rule in debris_rules), default=0),
    )


# ---------------------------------------------------------------- header: date, dateline, body

def analyse_header(text: str) -> dict[str, Any]:
    """What the top of a document says: publication date, dateline, where the body starts.

    Keys (absent when not found): doc_date, doc_date_source (the pattern id, or
    "<dateline id>+year" for a yearless dateline completed by the only year in the
    header), dateline_place, dateline_region, dateline_text, dateline_date,
    dateline_agency, dateline_start, dateline_end, dateline_pattern; body_start is always
    set (0 when no line in the header reads like prose).
    """
    rules = _rules()
    text = unwrap(text[:HEADER_SCAN_CHARS * 2])  # a wrapped first paragraph is one line
    window = _header_window(text[:HEADER_SCAN_CHARS], rules.header_lines)
    found: dict[str, Any] = {}
    if window and (prefix := _date_prefix(window[0][1][:HEADER_LINE_CHARS], rules)):
        day, rule_id, end = prefix
        found.update(doc_date=day, doc_date_source=rule_id)
        start, line = window[0]
        window[0] = (start + end, line[end:])  # the body may go on after the prefix
    body = _body_line(window)
    found["body_start"] = window[body][0] + _indent(window[body][1]) if body is not None else 0
    if "doc_date" not in found:
        for _, line in window:
            if hit := _header_date(line[:HEADER_LINE_CHARS], rules):
                found.update(doc_date=hit[0], doc_date_source=hit[1])
                break
    searched = window if body is None else window[:body + 1]  # a dateline opens the body
    for index, (start, line) in enumerate(searched):
        if dateline := _dateline(line[:HEADER_LINE_CHARS], rules):
            found.update(_dateline_fields(*dateline, start, line))
            if "doc_date" not in found and (hit := _dateline_day(*dateline, window[:index], rules)):
                found.update(doc_date=hit[0], doc_date_source=hit[1])
            break
    return found


def _date_prefix(line: str, rules: _Rules) -> tuple[str, str, int] | None:
    """(day, pattern id, where the prefix ends) for a metadata prefix on the first line."""
    for rule in rules.dates:
        if rule.where == "first_line" and (match := rule.regex.match(line)):
            if day := parse_full_date(match["date"]):
                return day, rule.id, match.end()
    return None


def _dateline_fields(rule: _DateRule, match: re.Match, start: int, line: str) -> dict[str, Any]:
    groups = match.groupdict()
    end = match.end()
    while end > match.start("place") and (line[end - 1].isspace() or line[end - 1] in DASHES):
        end -= 1
    fields: dict[str, Any] = {
        "dateline_place": _title_place(match["place"]),
        "dateline_text": line[match.start("place"):end],
        "dateline_start": start + match.start("place"),
        "dateline_end": start + end,
        "dateline_pattern": rule.id,
    }
    for group in ("region", "agency", "date"):
        if groups.get(group):
            fields[f"dateline_{group}"] = groups[group].strip()
    return fields


def _dateline_day(rule: _DateRule, match: re.Match, earlier: list[tuple[int, str]],
                  rules: _Rules) -> tuple[str, str] | None:
    """The dateline's date; a yearless one takes the year when the lines above name one year."""
    text = match.groupdict().get("date")
    if not text:
        return None
    if day := parse_full_date(text):
        return day, rule.id
    years = {found.group(0) for _, line in earlier for found in rules.year.finditer(line)}
    if len(years) == 1 and (day := parse_full_date(f"{text} {years.pop()}")):
        return day, f"{rule.id}+year"
    return None


def _header_window(text: str, count: int) -> list[tuple[int, str]]:
    """The first `count` non-blank lines with their offsets."""
    window = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            window.append((offset, line))
            if len(window) == count:
                break
        offset += len(line) + 1
    return window


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _body_line(window: list[tuple[int, str]]) -> int | None:
    for index, (_, line) in enumerate(window):
        if looks_like_prose(line) and not _debris_rule(line.strip()):
            return index
    return None


def looks_like_prose(line: str) -> bool:
    """A sentence-like line: ends like a sentence with some words, or is long."""
    words = line.split()
    if len(words) >= PROSE_LONG_WORDS:
        return True
    return len(words) >= PROSE_MIN_WORDS and bool(SENTENCE_END.search(line.rstrip()))


def _header_date(line: str, rules: _Rules) -> tuple[str, str] | None:
    for rule in rules.dates:
        if rule.where != "header":
            continue
        for match in rule.regex.finditer(line):
            names = match.groupdict()
            name = names.get("source") or names.get("place")
            if name is not None and not _plausible_place(name, rule.upper, rules.not_places):
                continue
            if day := parse_full_date(match["date"]):
                return day, rule.id
    return None


def _dateline(line: str, rules: _Rules) -> tuple[_DateRule, re.Match] | None:
    for rule in rules.dates:
        if rule.where != "dateline":
            continue
        match = rule.regex.match(line)
        if not match or not _plausible_place(match["place"], rule.upper, rules.not_places):
            continue
        region = match.groupdict().get("region")
        if region and not _plausible_place(region, False, rules.not_places):
            continue
        return rule, match
    return None


def _plausible_place(name: str, upper: bool, not_places: frozenset[str]) -> bool:
    """Capitalised words (short lower-case joiners inside allowed), not a stop word."""
    words = name.split()
    if not words or len(words) > 4 or sum(c.isalpha() for c in name) < 2:
        return False
    if name.casefold() in not_places or words[0].casefold().rstrip(".") in not_places:
        return False
    if upper and not name.isupper():
        return False
    for index, word in enumerate(words):
        if word[0].isupper():
            continue
        if 0 < index < len(words) - 1 and word.islower() and len(word) <= 3:
            continue
        return False
    return True


def _title_place(name: str) -> str:
    """"PORT LOUIS" -> "Port Louis", "SÃO TOMÉ" -> "São Tomé"; mixed case stays as written."""
    if not name.isupper():
        return name
    return re.sub(r"(^|[\s\-./])(\w)(\w*)",
                  lambda m: m.group(1) + m.group(2).upper() + m.group(3).lower(), name)


# ---------------------------------------------------------------- page debris

def _debris_rule(stripped: str) -> _DebrisRule | None:
    rules = _rules()
    if not stripped or len(stripped) > rules.max_debris_chars:
        return None
    folded = stripped.casefold()
    for rule in rules.debris:
        if len(stripped) > rule.max_chars:
            continue
        if rule.requires and not any(word in folded for word in rule.requires):
            continue
        if rule.regex.fullmatch(stripped):
            return rule
    return None


def _ends_list(line: str) -> bool:
    """In a link list, prose means: not a bullet item, and a full stop or many words."""
    if LIST_BULLET.match(line):
        return False
    words = line.split()
    if len(words) >= PROSE_LONG_WORDS:
        return True
    return len(words) >= PROSE_MIN_WORDS and bool(FULL_STOP_END.search(line))


def blank_debris(text: str, in_list: bool = False) -> tuple[str, bool]:
    """Overwrite debris lines (and link lists after a list heading) with spaces.

    Returns the new text, same length, and whether a link list is still open at the end,
    to carry into the next piece of the same document.
    """
    lines = text.split("\n")
    changed = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        rule = _debris_rule(stripped)
        if rule is not None:
            in_list = in_list or rule.starts_list
        elif in_list and _ends_list(stripped):
            in_list = False
            continue
        elif not in_list:
            continue
        lines[index] = " " * len(line)
        changed = True
    return ("\n".join(lines) if changed else text), in_list


__all__ = [
    "NOT_A_DOCUMENT",
    "STDIN_PATH",
    "NotADocument",
    "analyse_header",
    "binary_kind",
    "blank_debris",
    "check_paths",
    "clean_controls",
    "cut_point",
    "detect_encoding",
    "iter_documents",
    "looks_like_prose",
    "parse_full_date",
    "read_lines",
    "shown_path",
    "repair_mojibake",
]
