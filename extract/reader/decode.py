"""Bytes to text: binary files are refused, the encoding is detected (BOM, UTF-8,
charset-normalizer, Windows-1252) and the stream decoded lazily; newlines, mojibake and
control characters are normalised without changing the text's length."""
from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from dipevents.models.events import ReadError

BLOCK_BYTES = 1 << 20  # read size; the first block is also the encoding sample
NUL_SCAN_BYTES = 8192
DETECT_SAMPLE_BYTES = 64 * 1024  # what charset-normalizer sees
WESTERN_MAX_ACCENTED = 0.3  # share of non-ASCII letters up to which a code page is read as cp1252
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
# UTF-8 read as Windows-1252: a lead byte (Â..ß, à..ï) then what continuation bytes became.
_CP1252_HIGH = bytes(range(0x80, 0xC0)).decode("cp1252", errors="replace").replace("\ufffd", "")
_CONTINUATION = "[" + re.escape(_CP1252_HIGH + "\x81\x8d\x8f\x90\x9d") + "]"
MOJIBAKE = re.compile(f"[\u00c2-\u00df]{_CONTINUATION}|[\u00e0-\u00ef]{_CONTINUATION}{{2}}")


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


def chained(first: Iterable[str], rest: Iterator[str]) -> Iterator[str]:
    yield from first
    yield from rest


@dataclass
class Decoded:
    chunks: Iterator[str]
    encoding: str | None


def decode_stream(path: str, stream: BinaryIO, records: bool = False) -> Decoded | ReadError:
    """Sniff the first block (binary? which encoding?), then decode the stream lazily.
    With `records` (JSON Lines), a NUL byte in some lines is their error, not the file's:
    the file is binary when NUL bytes are in most of its first lines."""
    first = stream.read(BLOCK_BYTES)
    kind = binary_kind(first, records)
    if kind:
        return ReadError(path, f"binary file ({kind})")
    complete = len(first) < BLOCK_BYTES
    encoding = detect_encoding(first, complete)
    return Decoded(decode_blocks(_chain_bytes(first, stream), encoding), encoding)


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


def decode_blocks(blocks: Iterator[bytes], encoding: str) -> Iterator[str]:
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


def normalise_newlines(chunks: Iterable[str]) -> Iterator[str]:
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


def split_lines(chunks: Iterable[str]) -> Iterator[str]:
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
