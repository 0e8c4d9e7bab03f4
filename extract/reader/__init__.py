"""Reading documents: files, folders, JSON, JSONL, web pages and stdin in; `Document`s out.

The first stage of the chain. It decodes bytes, normalises the text, finds the publication
date and dateline, blanks page debris and cuts huge texts into pieces. It never fails on one
bad input: what cannot be read becomes a `ReadError` and reading goes on.

By job: `inputs` (paths, folders, files, stdin: the entry points), `decode` (bytes to
normalised text), `formats` (text, JSON, JSON Lines and pages to Documents), `header`
(publication date, dateline, body start), `debris` (prose and page debris), `rules` (the
data files they read).

Offsets. Every offset (`Document.offset`, the header's body start and dateline span...)
counts characters of the *normalised* text: decoded, CRLF and lone CR turned into LF,
mojibake repaired line by line. Replacing control characters and blanking debris keep the
length, so `piece.text == whole[piece.offset:piece.offset + len(piece.text)]`, where `whole`
is the normalised document with debris blanked.
"""
from dipevents.extract.reader.debris import blank_debris, looks_like_prose
from dipevents.extract.reader.decode import (
    binary_kind,
    clean_controls,
    detect_encoding,
    repair_mojibake,
)
from dipevents.extract.reader.formats import NOT_A_DOCUMENT, NotADocument, cut_point
from dipevents.extract.reader.header import HEADER_LINE_CHARS, analyse_header, parse_full_date
from dipevents.extract.reader.inputs import (
    STDIN_PATH,
    FileEntry,
    check_paths,
    count_lines,
    iter_documents,
    iter_files,
    read_file,
    read_lines,
    shown_path,
    splittable_jsonl,
)
from dipevents.extract.reader.rules import reader_rules

__all__ = [
    "HEADER_LINE_CHARS",
    "NOT_A_DOCUMENT",
    "STDIN_PATH",
    "FileEntry",
    "NotADocument",
    "analyse_header",
    "binary_kind",
    "blank_debris",
    "check_paths",
    "clean_controls",
    "count_lines",
    "cut_point",
    "detect_encoding",
    "iter_documents",
    "iter_files",
    "looks_like_prose",
    "parse_full_date",
    "read_file",
    "read_lines",
    "reader_rules",
    "repair_mojibake",
    "shown_path",
    "splittable_jsonl",
]
