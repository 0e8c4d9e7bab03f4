"""Reading documents: formats, folders, stdin, encodings, dates, debris, huge texts."""
from __future__ import annotations

import codecs
import io
import json
import os
import sys

import pytest

from helpers import write
from dipevents.extract import reader
from dipevents.extract.reader import debris, decode, inputs, rules
from dipevents.extract.reader import (
    analyse_header,
    blank_debris,
    check_paths,
    iter_documents,
    parse_full_date,
)
from dipevents.models.events import Document, ReadError

BODY = "The trade ministers of Lumeria and Vostrana met in Lisbon on Tuesday to discuss tariffs.\n"


def read(*paths, **kwargs) -> list[Document | ReadError]:
    return list(iter_documents([str(p) for p in paths], **kwargs))


def one(*paths, **kwargs) -> Document:
    items = read(*paths, **kwargs)
    assert len(items) == 1, items
    assert isinstance(items[0], Document), items[0]
    return items[0]




# ---------------------------------------------------------------- formats

def test_txt_and_md_are_one_document_each(tmp_path):
    txt = write(tmp_path / "a.txt", BODY)
    md = write(tmp_path / "b.md", "# Trade talks\n\n" + BODY)
    first, second = read(txt, md)
    assert (first.path, first.text, first.offset, first.line) == (str(txt), BODY, 0, None)
    assert second.path == str(md)
    assert second.text == "# Trade talks\n\n" + BODY


def test_other_extensions_are_text(tmp_path):
    doc = one(write(tmp_path / "article.html", BODY))
    assert doc.text == BODY


def test_path_is_kept_as_given(tmp_path, monkeypatch):
    write(tmp_path / "news" / "a.txt", BODY)
    monkeypatch.chdir(tmp_path)
    assert [d.path for d in read("news/a.txt", "news/")] == ["news/a.txt", "news/a.txt"]


def test_json_object(tmp_path):
    record = {"text": BODY, "id": 42, "date": "2019-05-06T23:10:00+09:00",
              "url": "https://example.org/a", "title": "Trade talks"}
    path = write(tmp_path / "one.json", json.dumps(record))
    doc = one(path)
    assert (doc.path, doc.text, doc.id, doc.url, doc.title) == (
        str(path), BODY, "42", "https://example.org/a", "Trade talks")
    assert doc.doc_date == "2019-05-06"
    assert doc.header.date_source == "metadata"


def test_json_list_with_bad_items(tmp_path):
    data = [{"text": "First.", "id": "a", "published": "March 3, 2018"},
            {"title": "no body"}, 7, {"text": ["not", "a", "string"]}]
    path = write(tmp_path / "many.json", json.dumps(data))
    items = read(path)
    assert isinstance(items[0], Document)
    assert (items[0].text, items[0].id, items[0].doc_date, items[0].header.item) == (
        "First.", "a", "2018-03-03", 1)
    assert items[1:] == [ReadError(str(path), "item 2: no text field"),
                         ReadError(str(path), "item 3: not a JSON object"),
                         ReadError(str(path), "item 4: text is not a string")]


def test_invalid_json_file(tmp_path):
    path = write(tmp_path / "broken.json", '{"text": "a",\n "id": }')
    [error] = read(path)
    assert isinstance(error, ReadError)
    assert error.path == str(path) and error.line == 2 and error.reason.startswith("invalid JSON")


def test_jsonl_bad_lines_are_errors_and_reading_goes_on(tmp_path):
    lines = [json.dumps({"text": "One.", "id": "x1"}),
             '{"text": "unterminated',
             json.dumps({"id": "x3"}),
             "",
             json.dumps({"text": "Four.", "date": "2020-02-29"})]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    items = read(path)
    assert [type(i).__name__ for i in items] == ["Document", "ReadError", "ReadError", "Document"]
    first = items[0]
    assert (first.path, first.line, first.id, first.text) == (str(path), 1, "x1", "One.")
    assert items[1].line == 2 and items[1].reason.startswith("invalid JSON")
    assert items[2] == ReadError(str(path), "no text field", line=3)
    assert items[2].message() == f"{path}:3: no text field"
    assert (items[3].line, items[3].doc_date) == (5, "2020-02-29")


def test_jsonl_is_streamed(tmp_path, monkeypatch):
    monkeypatch.setattr(decode, "BLOCK_BYTES", 4096)
    record = json.dumps({"text": "x" * 100}) + "\n"
    data = (record * 5000).encode()
    stream = CountingReader(data)
    items = iter_documents(["-"], stdin=stream)
    first = next(items)
    assert first.text == "x" * 100 and first.line == 1
    assert stream.consumed <= 2 * 4096 < len(data)
    assert sum(1 for _ in items) == 4999


# ---------------------------------------------------------------- stdin

class CountingReader(io.BytesIO):
    """A binary stdin that remembers how much was read from it."""

    consumed = 0

    def read(self, size=-1):
        data = super().read(size)
        self.consumed += len(data)
        return data


def test_stdin_bytes_and_text():
    [doc] = read("-", stdin=io.BytesIO(BODY.encode("utf-8")))
    assert (doc.path, doc.text) == ("<stdin>", BODY)
    [doc] = read("-", stdin=io.StringIO("Line one.\r\nLine two."))
    assert doc.text == "Line one.\nLine two."


def test_stdin_defaults_to_sys_stdin_buffer(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BODY.encode("utf-8"))))
    assert one("-").text == BODY


def test_stdin_jsonl_and_json_list():
    feed = json.dumps({"text": "A.", "id": 1}) + "\n" + json.dumps({"text": "B.", "id": 2}) + "\n"
    docs = read("-", stdin=io.BytesIO(feed.encode()))
    assert [(d.id, d.line, d.text) for d in docs] == [("1", 1, "A."), ("2", 2, "B.")]
    docs = read("-", stdin=io.StringIO(json.dumps([{"text": "C."}])))
    assert [d.text for d in docs] == ["C."]


def test_stdin_text_that_starts_like_json_stays_text():
    text = "{Draft} The envoys met.\nThey agreed to talk again.\n"
    assert one("-", stdin=io.StringIO(text)).text == text
    text = "[Updated] The envoys met.\n"
    assert one("-", stdin=io.StringIO(text)).text == text


# ---------------------------------------------------------------- folders and paths

def test_folder_walk_is_sorted_and_skips_hidden(tmp_path):
    names = ["b.txt", "a/z.txt", "a/c.txt", "c.md", ".hidden.txt", ".git/x.txt", "a/.tmp/y.txt"]
    for name in names:
        write(tmp_path / name, "Text of " + name)
    paths = [d.path for d in read(tmp_path)]
    rel = [os.path.relpath(p, tmp_path) for p in paths]
    assert rel == ["a/c.txt", "a/z.txt", "b.txt", "c.md"]
    assert read(tmp_path) == read(tmp_path)  # deterministic


def test_explicit_hidden_file_is_read(tmp_path):
    assert one(write(tmp_path / ".notes.txt", BODY)).text == BODY


def test_missing_path_raises_before_anything(tmp_path):
    good = write(tmp_path / "a.txt", BODY)
    with pytest.raises(FileNotFoundError) as info:
        iter_documents([str(good), str(tmp_path / "missing.txt")])
    missing = str(tmp_path / "missing.txt")
    assert (info.value.filename, info.value.args[0]) == (missing, missing)
    with pytest.raises(FileNotFoundError):
        check_paths([str(tmp_path / "nope")])
    check_paths([str(good), "-"])


def test_bad_doc_date_argument_raises_at_call(tmp_path):
    with pytest.raises(ValueError):
        iter_documents([str(write(tmp_path / "a.txt", BODY))], doc_date="next week")


def test_broken_symlink_and_loops_are_errors(tmp_path):
    root = tmp_path / "docs"
    write(root / "a.txt", BODY)
    os.symlink(tmp_path / "missing.txt", root / "gone.txt")
    os.symlink(root, root / "sub")  # a folder that contains itself
    os.symlink(root / "self", root / "self")  # a link to itself
    items = read(root)
    assert items == [one(root / "a.txt"),
                     ReadError(str(root / "gone.txt"), "broken symlink"),
                     ReadError(str(root / "self"), "symlink loop"),
                     ReadError(str(root / "sub"), "symlink loop")]
    assert read(root / "gone.txt") == [ReadError(str(root / "gone.txt"), "broken symlink")]
    assert read(root / "self") == [ReadError(str(root / "self"), "symlink loop")]


def test_symlinked_folder_is_followed(tmp_path):
    write(tmp_path / "real" / "a.txt", BODY)
    (tmp_path / "top").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "top" / "link")
    assert [d.path for d in read(tmp_path / "top")] == [str(tmp_path / "top" / "link" / "a.txt")]


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path / "locked.txt", BODY)
    path.chmod(0)
    if os.access(path, os.R_OK):  # running as root: chmod does not stop reading
        real_open = open

        def refuse(name, *args, **kwargs):
            if os.fspath(name) == str(path):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(name, *args, **kwargs)

        monkeypatch.setattr(inputs, "open", refuse, raising=False)
    try:
        assert read(path) == [ReadError(str(path), "permission denied")]
    finally:
        path.chmod(0o644)


def test_read_failure_midway_is_an_error(tmp_path, monkeypatch):
    path = write(tmp_path / "a.txt", BODY)

    class Failing(io.BytesIO):
        def read(self, size=-1):
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(inputs, "open", lambda *a, **k: Failing(), raising=False)
    assert read(path) == [ReadError(str(path), "input/output error")]


# ---------------------------------------------------------------- encodings

def test_utf8_with_and_without_bom(tmp_path):
    text = "Envoy “Zoë” arrived in Bogotá.\n"
    plain = one(write(tmp_path / "plain.txt", text.encode("utf-8")))
    bom = one(write(tmp_path / "bom.txt", codecs.BOM_UTF8 + text.encode("utf-8")))
    assert plain.text == bom.text == text
    assert (plain.header.encoding, bom.header.encoding) == ("utf-8", "utf-8-sig")


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"),
                                        (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_utf16_with_bom(tmp_path, bom, codec):
    text = "Délégation reçue à Genève.\nSecond line.\n"
    doc = one(write(tmp_path / "u16.txt", bom + text.encode(codec)))
    assert doc.text == text


def test_cp1252_curly_quotes_and_accents(tmp_path):
    text = "“We welcome the café talks,” the envoy said — twice…\n"
    doc = one(write(tmp_path / "win.txt", text.encode("cp1252")))
    assert doc.text == text
    assert doc.header.encoding == "cp1252"


def test_short_cp1252_word(tmp_path):
    assert one(write(tmp_path / "w.txt", "café".encode("cp1252"))).text == "café"


def test_latin1(tmp_path):
    text = "Reunión en Ñuñoa: el señor ministro, año ½, © agencia.\n"
    assert one(write(tmp_path / "l1.txt", text.encode("latin-1"))).text == text


def test_undefined_cp1252_byte_does_not_fail(tmp_path):
    doc = one(write(tmp_path / "odd.txt", b"Caf\xe9 \x81 talks."))
    assert doc.text == "Café   talks."


def test_cyrillic_code_page_goes_to_charset_normalizer(tmp_path):
    text = "Министр иностранных дел встретился с послом в Москве во вторник.\n"
    assert one(write(tmp_path / "ru.txt", text.encode("cp1251"))).text == text


def test_bad_bytes_after_the_sample_switch_to_cp1252(tmp_path, monkeypatch):
    monkeypatch.setattr(decode, "BLOCK_BYTES", 64)
    data = ("a" * 100 + "é").encode("utf-8") + b" caf\xe9 " + "ü".encode("utf-8")
    doc = one(write(tmp_path / "mixed.txt", data))
    assert doc.text.startswith("a" * 100 + "é caf")
    assert doc.text.endswith("é Ã¼")  # after the switch, UTF-8 bytes read as cp1252


def test_mojibake_is_repaired(tmp_path):
    good = "The minister’s visit to Bogotá ended — “well”.\n"
    garbled = good.encode("utf-8").decode("cp1252", errors="dipevents-latin1")
    assert "â€™" in garbled and "â€\x9d" in garbled
    doc = one(write(tmp_path / "moji.txt", garbled + "Plain line.\n"))
    assert doc.text == good + "Plain line.\n"


@pytest.mark.parametrize("data, kind", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),
    (b"PK\x03\x04\x14\x00", "zip"),
    (b"GIF89a\x01\x00", "gif"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
    (b"\x1f\x8b\x08\x00", "gzip"),
    (b"\x7fELF\x02\x01\x01", "elf"),
    (b"text then \x00 a NUL", "data"),
])
def test_binary_files_are_errors(tmp_path, data, kind):
    path = write(tmp_path / "looks_like.txt", data)
    assert read(path) == [ReadError(str(path), f"binary file ({kind})")]


def test_empty_file_is_an_empty_document(tmp_path):
    doc = one(write(tmp_path / "empty.txt", b""))
    assert (doc.text, doc.offset, doc.doc_date) == ("", 0, None)
    assert one(write(tmp_path / "empty2.txt", b""), doc_date="2020-01-02").doc_date == "2020-01-02"


def test_line_endings_are_normalised(tmp_path):
    doc = one(write(tmp_path / "crlf.txt", b"One.\r\nTwo.\rThree.\r\n\r\nFour."))
    assert doc.text == "One.\nTwo.\nThree.\n\nFour."


def test_crlf_split_between_chunks():
    chunks = ["One.\r", "\nTwo.\r", "Three.\r"]
    assert "".join(decode.normalise_newlines(chunks)) == "One.\nTwo.\nThree.\n"


def test_control_characters_become_spaces(tmp_path):
    doc = one(write(tmp_path / "ctl.txt", "A\x07B\x0cC\u0085D\tE\x1bF\x7fG\n"))
    assert doc.text == "A B C D\tE F G\n"


# ---------------------------------------------------------------- huge texts

def check_pieces(pieces, whole, max_chars):
    assert all(isinstance(p, Document) for p in pieces)
    assert "".join(p.text for p in pieces) == whole
    for piece in pieces:
        assert 0 < len(piece.text) <= max_chars
        assert piece.text == whole[piece.offset:piece.offset + len(piece.text)]


def test_huge_single_line_is_cut_at_spaces(tmp_path):
    whole = "talks " * 500_000  # 3 MB, one line
    pieces = read(write(tmp_path / "big.txt", whole))
    assert len(pieces) in (15, 16)
    check_pieces(pieces, whole, 200_000)
    assert all(p.text.endswith(" ") for p in pieces)
    assert len({p.path for p in pieces}) == 1


def test_line_without_spaces_is_cut_hard(tmp_path):
    whole = "x" * 250_000
    pieces = read(write(tmp_path / "blob.txt", whole), max_chars=100_000)
    assert [len(p.text) for p in pieces] == [100_000, 100_000, 50_000]
    check_pieces(pieces, whole, 100_000)


def test_cuts_prefer_paragraphs_then_lines(tmp_path):
    paragraph = ("Word " * 59 + "end.\n") * 3 + "\n"  # about 900 chars
    whole = paragraph * 20
    pieces = read(write(tmp_path / "paras.txt", whole), max_chars=2000)
    check_pieces(pieces, whole, 2000)
    assert all(p.text.endswith("\n\n") for p in pieces[:-1])
    lines = ("Word " * 59 + "end.\n") * 40
    pieces = read(write(tmp_path / "lines.txt", lines), max_chars=2000)
    check_pieces(pieces, lines, 2000)
    assert all(p.text.endswith(".\n") for p in pieces[:-1])


def test_big_file_is_streamed(monkeypatch):
    monkeypatch.setattr(decode, "BLOCK_BYTES", 64 * 1024)
    data = ("A sentence about talks. " * 40 + "\n\n").encode() * 5000  # about 4.9 MB
    stream = CountingReader(data)
    pieces = iter_documents(["-"], stdin=stream, max_chars=50_000)
    first = next(pieces)
    assert len(first.text) <= 50_000
    assert stream.consumed < len(data) // 10
    rest = list(pieces)
    check_pieces([first, *rest], data.decode(), 50_000)


def test_pieces_share_the_header_findings(tmp_path):
    whole = " date 2021-06-04 " + BODY + ("More text here. " * 100 + "\n\n") * 10
    pieces = read(write(tmp_path / "p.txt", whole), max_chars=3000)
    assert len(pieces) > 1
    assert {p.doc_date for p in pieces} == {"2021-06-04"}
    check_pieces(pieces, whole, 3000)


def test_huge_jsonl_text_is_cut_too(tmp_path):
    text = "meeting " * 30_000
    path = write(tmp_path / "big.jsonl", json.dumps({"text": text, "id": "big"}) + "\n")
    pieces = read(path, max_chars=100_000)
    assert len(pieces) == 3 and {(p.id, p.line) for p in pieces} == {("big", 1)}
    check_pieces(pieces, text, 100_000)


# ---------------------------------------------------------------- publication dates

def header(text: str) -> dict:
    return analyse_header(text)


def test_date_prefix_on_first_line(tmp_path):
    text = " date 2021-06-04 Foreign Minister Arlo Venn met his Vostranan counterpart on Friday.\n"
    doc = one(write(tmp_path / "a.txt", text))
    assert doc.text == text  # the prefix stays, so offsets hold
    assert (doc.doc_date, doc.header.date_source) == ("2021-06-04", "date_prefix")
    assert doc.header.body_start == text.index("Foreign")


@pytest.mark.parametrize("line, day", [
    ("Date:2019-11-05 14:22:10", "2019-11-05"),
    ("Published: 7 March 2018", "2018-03-07"),
    ("Posted November. 3, 2016", "2016-11-03"),
    ("Last updated on Friday, 4 June 2021", "2021-06-04"),
    ("By Staff Writer     Date 15 May 2020", "2020-05-15"),
])
def test_labelled_date(line, day):
    found = header("Envoys gather for trade talks\n" + line + "\n\n" + BODY)
    assert (found["doc_date"], found["doc_date_source"]) == (day, "labelled_date")


@pytest.mark.parametrize("line, day", [
    ("12 Apr 2025", "2025-04-12"),
    ("2021-07-26 17:28:23", "2021-07-26"),
    ("June 2, 2017 - 09:15", "2017-06-02"),
    ("Tuesday, 9 May 2017", "2017-05-09"),
])
def test_date_line(line, day):
    found = header("Envoys gather for trade talks\n\n" + line + "\n\n" + BODY)
    assert (found["doc_date"], found["doc_date_source"]) == (day, "date_line")


def test_source_then_date():
    found = header("Envoys gather\nNewswire, August 9, 2018 Change text size\n" + BODY)
    assert (found["doc_date"], found["doc_date_source"]) == ("2018-08-09", "source_date")


def test_first_dated_header_line_wins():
    found = header("Published on June 9, 2016\n\nLisbon, June 8, 2016\n\n" + BODY)
    assert found["doc_date"] == "2016-06-09"
    assert (found["dateline_place"], found["dateline_date"]) == ("Lisbon", "June 8, 2016")


def test_dateline_with_full_date_alone_on_a_line():
    text = "Ministers confer\n\nLisbon, June 8, 2016\n\n" + BODY
    found = header(text)
    assert found["doc_date"] == "2016-06-08"
    assert (found["dateline_place"], found["dateline_pattern"]) == ("Lisbon", "dateline_date")
    assert text[found["dateline_start"]:found["dateline_end"]] == "Lisbon, June 8, 2016"
    assert found["body_start"] == text.index("The trade")


def test_the_header_is_typed_with_offsets_relative_to_each_piece(tmp_path):
    """The dateline and body start reach later stages as `Document.header`; a later piece
    of a huge document has them shifted, so they lie before its text."""
    filler = ("More words here. " * 50 + "\n\n") * 20
    text = "Ministers confer\n\nLISBON, June 8, 2016 (Wire) - " + BODY + filler
    first, *later = read(write(tmp_path / "a.txt", text), max_chars=2000)
    header = first.header
    assert (header.dateline.place, header.dateline.agency, header.dateline.date) == (
        "Lisbon", "Wire", "June 8, 2016")
    assert first.text[header.dateline.start:header.dateline.end] == "LISBON, June 8, 2016 (Wire)"
    assert first.text[header.body_start:].startswith("LISBON")
    assert (header.date_source, header.encoding) == ("source_date", "utf-8")
    assert later and all(piece.header == header.shifted(piece.offset) for piece in later)
    assert all(piece.header.dateline.end < 0 < piece.offset for piece in later)


def test_yearless_dateline_gives_no_date():
    text = "Oslo, Sep 14 (NTB) The visiting minister called on the prime minister on Wednesday.\n"
    found = header(text)
    assert "doc_date" not in found
    assert found["dateline_place"] == "Oslo"
    assert found["dateline_agency"] == "NTB"
    assert found["dateline_date"] == "Sep 14"
    assert found["dateline_text"] == "Oslo, Sep 14 (NTB)"
    assert found["dateline_pattern"] == "dateline_agency"
    assert found["body_start"] == 0


def test_yearless_dateline_takes_the_only_header_year():
    lead = "SANTIAGO, Oct 2 (Prensa) - The host foreign minister met envoys.\n"
    text = "Weekly digest 2019\n\n" + lead
    found = header(text)
    assert (found["doc_date"], found["doc_date_source"]) == (
        "2019-10-02", "dateline_agency_sep+year")
    assert found["dateline_place"] == "Santiago"
    text = "Digest 2018 and 2019\n\n" + lead
    assert "doc_date" not in header(text)


def test_dateline_with_region_and_agency():
    text = "QUITO, Andes (Prensa) — The president received a visiting delegation on Friday.\n"
    found = header(text)
    assert (found["dateline_place"], found["dateline_region"], found["dateline_agency"]) == (
        "Quito", "Andes", "Prensa")
    assert found["dateline_text"] == "QUITO, Andes (Prensa)"
    assert found["dateline_pattern"] == "dateline_agency_sep"


@pytest.mark.parametrize("text, place", [
    ("REYKJAVIK: Iceland's prime minister hosted her Nordic colleagues on Monday.", "Reykjavik"),
    ("SAN JOSÉ — The foreign minister received the ambassador of Chile on Monday.", "San José"),
    ("PORT LOUIS -- Diplomats from twelve countries met at the summit venue today.", "Port Louis"),
    ("VALDORA - President Arno Varga met his Gondorian counterpart on Wednesday.", "Valdora"),
])
def test_all_caps_dateline(text, place):
    found = header(text + "\n")
    assert (found["dateline_place"], found["dateline_pattern"]) == (place, "dateline_caps")
    assert "doc_date" not in found


@pytest.mark.parametrize("text, place, agency", [
    ("VALDORA, May 4 (dpa) - The two ministers met on Monday.\n", "Valdora", "dpa"),
    ("Valdora, May 4 (afp) - The two ministers met on Monday.\n", "Valdora", "afp"),
])
def test_dateline_with_a_lower_case_agency(text, place, agency):
    found = header(text)
    assert (found["dateline_place"], found["dateline_agency"]) == (place, agency)


@pytest.mark.parametrize("text, place, agency, dateline", [
    ("XINHUA -- VALDORA, May 4 -- The two ministers met on Monday.\n",
     "Valdora", "XINHUA", "XINHUA -- VALDORA, May 4"),
    ("REUTERS/PORT ARNO, May 4 - The two ministers met on Monday.\n",
     "Port Arno", "REUTERS", "REUTERS/PORT ARNO, May 4"),
    ("AFP - VALDORA, May 4 - The two ministers met on Monday.\n", "Valdora", "AFP", "AFP - VALDORA, May 4"),
    ("TASS/VALDORA, May 4 - The two ministers met on Monday.\n", "Valdora", "TASS", "TASS/VALDORA, May 4"),
    ("AA/VALDORA - The two ministers met on Monday.\n", "Valdora", "AA", "AA/VALDORA"),
])
def test_agency_before_the_place(text, place, agency, dateline):
    """The agency is never the place; the dateline runs from the agency, so the whole of it is
    kept out of the first sentence."""
    found = header(text)
    assert (found["dateline_place"], found["dateline_agency"]) == (place, agency)
    assert found["dateline_pattern"] == "dateline_agency_first"
    assert text[found["dateline_start"]:found["dateline_end"]] == dateline
    assert found.get("dateline_date") == ("May 4" if "May 4" in text else None)


@pytest.mark.parametrize("text", [
    "VALDORA/PORT ARNO, May 4 - The two ministers met on Monday.\n",  # two cities, no agency
    "APRIL SHOWERS - The two ministers met on Monday.\n",
    "AP - The two ministers said on Monday - they met.\n",
    "AP - Top-seeded Arno Varga was upset by Gondorian qualifier Elsa Brandt.\n",  # a lead
    "Reuters - Hopes -- and worries -- that the two ministers would meet.\n",
    "AFP - NEW APPROACH: Two ministers met on Monday.\n",
])
def test_no_agency_first_dateline_without_an_agency_and_a_place(text):
    """Two cities, a lead after the agency ("AP - Top-seeded X ..."), words in capitals
    before a colon: no dateline of this kind."""
    assert header(text).get("dateline_pattern") != "dateline_agency_first"


@pytest.mark.parametrize("text", [
    "AP - Top-seeded Arno Varga was upset by Gondorian qualifier Elsa Brandt.\n",
    "US - Gondor talks resume as ministers meet.\n",
    "VALDORA-GONDOR TALKS RESUME\n",
])
def test_no_hyphen_dateline_for_an_agency_or_two_letters(text):
    """A hyphen between spaces closes an all-caps dateline, but not after an agency's name
    (a lead follows) or two capitals ("US - ..." is a headline's abbreviation)."""
    assert "dateline_place" not in header(text)


def test_dateline_with_date_and_dash():
    found = header("Helsinki: August 17, 2021\n\nThe two prime ministers spoke on the phone.\n")
    assert found["dateline_place"] == "Helsinki"
    found = header("VALLETTA – 16 July 2022: Malta's foreign minister met his counterpart.\n")
    assert (found["dateline_place"], found["doc_date"]) == ("Valletta", "2022-07-16")


def test_no_dateline_in_ordinary_sentences():
    for text in ["Monday, June 6, 2016\n" + BODY,
                 "BREAKING: Envoys meet in Lisbon to discuss the tariff dispute.\n",
                 "Prime Minister Ada Roe (C) speaks at a press conference in the capital.\n",
                 "Trade talks resume between the two neighbours after a long pause.\n"]:
        assert "dateline_place" not in header(text), text


def test_no_year_means_no_date_never_today():
    assert "doc_date" not in header("Posted March 3\n\n" + BODY)
    assert parse_full_date("March 2015") is None
    assert parse_full_date("Sep 14") is None
    assert parse_full_date("2015-03-02T10:00:00Z") == "2015-03-02"
    assert parse_full_date("03.01.2023") == "2023-01-03"


def test_doc_date_argument_overrides_everything(tmp_path):
    path = write(tmp_path / "a.txt", " date 2021-06-04 " + BODY)
    doc = one(path, doc_date="31 January 2020")
    assert (doc.doc_date, doc.header.date_source) == ("2020-01-31", "argument")
    record = {"text": " date 2021-06-04 " + BODY, "date": "2019-01-01"}
    path = write(tmp_path / "b.jsonl", json.dumps(record) + "\n")
    assert one(path).doc_date == "2019-01-01"  # metadata beats the text
    assert one(path, doc_date="2020-01-31").doc_date == "2020-01-31"


def test_unparseable_metadata_date_falls_back_to_the_text(tmp_path):
    record = {"text": " date 2021-06-04 " + BODY, "date": "sometime"}
    path = write(tmp_path / "c.json", json.dumps(record))
    assert one(path).doc_date == "2021-06-04"


def test_every_date_pattern_is_exercised():
    texts = {
        "date_prefix": " date 2020-01-02 " + BODY,
        "labelled_date": "Title\nPublished: 7 March 2018\n" + BODY,
        "date_line": "Title\n12 Apr 2025\n" + BODY,
        "source_date": "Title\nNewswire, August 9, 2018 More\n" + BODY,
        "timed_date_line": "Title\n17:11 JST, October 29, 2025\n" + BODY,
        "bracketed_date": "LIMA, (Wire - Site - 14th Jan, 2020 ) :" + BODY,
        "trailing_date": "Ministers meet in Lima 23 декабря 2014, 20:33\n" + BODY,
        "dateline_agency_first": "EFE/LIMA, May 3 - Peru's president met envoys on the coast.\n",
        "dateline_agency_sep": "LIMA, May 3 (Andina) - Peru's president met envoys on the coast.\n",
        "dateline_agency": "Lima, May 3 (Andina) Peru's president met envoys on the coast.\n",
        "dateline_date": "Lima, May 3\n" + BODY,
        "dateline_caps": "LIMA: Peru's president met envoys on the coast on Friday.\n",
    }
    ids = {rule.id for rule in reader.reader_rules().dates}
    assert set(texts) == ids
    for rule_id, text in texts.items():
        found = header(text)
        assert rule_id in (found.get("doc_date_source"), found.get("dateline_pattern")), rule_id


# ---------------------------------------------------------------- page debris

DEBRIS_EXAMPLES = {
    "advertisement": ["Advertisement", "Advertisment", "ADVERTISEMENT", "Sponsored content",
                      "Story continues below advertisement"],
    "link_list_heading": ["Related", "Related stories", "Recommended for you", "More stories",
                          "You may also like", "Most read"],
    "read_more_link": ["Read also: Ministers agree on a new fisheries deal",
                       "See also: Lumeria election results"],
    "read_more": ["Read more", "Read more »", "Click here to read more", "Load more"],
    "share": ["Share", "Share this article", "Post a comment", "12 Comments", "Print",
              "Log in to comment"],
    "share_bar": ["Facebook Twitter WhatsApp Email", "Share | Print | Email"],
    "navigation": ["Skip to content", "Back to top", "Menu", "Subscribe now", "Sign in",
                   "(3 votes)", "Rate this article", "5 min read"],
    "breadcrumb": ["Home > World > Europe", "Home » Politics", "You are here: News",
                   "News › World › Americas"],
    "cookie_notice": ["We use cookies to improve your experience. Accept all cookies"],
    "photo_credit": ["© 2021 Northwind Media", "Photo: Jan Kowal/Press Service",
                     "Photo courtesy of the ministry"],
    "tag_line": ["Tags: diplomacy, trade", "Category: World"],
    "view_count": ["Views: 1,204", "Read: 88 times", "2.3k views"],
    "ticker": ["Markets slip on Monday  • Port strike ends  • Rains lift crop hopes"],
    "separator": ["___", "* * *", "-=-=-=-"],
    "menu_item": ["1. Culture", "• Economy", "- Sport"],
}


def test_every_debris_pattern_is_exercised():
    ids = [rule.id for rule in reader.reader_rules().debris]
    assert set(DEBRIS_EXAMPLES) == set(ids)
    for rule_id, lines in DEBRIS_EXAMPLES.items():
        for line in lines:
            rule = debris.debris_rule(line)
            assert rule is not None and rule.id == rule_id, (line, rule)


@pytest.mark.parametrize("line", [
    "Closer Economic Ties",  # a section heading: left for the pipeline
    "The ministers shared a meal and discussed trade.",
    "He said more talks would follow next month in the capital.",
    "Home affairs ministers from both countries met in the capital on Monday.",
    "Photographs of the summit were released by the presidency on Friday evening, officials said.",
])
def test_real_lines_are_not_debris(line):
    assert debris.debris_rule(line) is None


def test_debris_is_blanked_and_offsets_hold(tmp_path):
    text = ("Home > World > Europe\n"
            "Envoys meet\n"
            "The ministers of Lumeria and Vostrana met in Lisbon on Tuesday.\n"
            "\n"
            "Advertisement\n"
            "\n"
            "They agreed to meet again in the spring, officials said.\n"
            "Related stories\n"
            "- Lumeria's premier visits the north\n"
            "Vostrana and Lumeria sign a fisheries deal\n"
            "\n"
            "Why the talks matter?\n"
            "The two countries also discussed a new railway link across the border.\n"
            "Share this article\n")
    doc = one(write(tmp_path / "page.txt", text))
    assert len(doc.text) == len(text)
    kept, blanked = [], []
    for old, new in zip(text.split("\n"), doc.text.split("\n")):
        assert len(old) == len(new)
        (kept if new == old else blanked).append(old)
        assert new == old or new == " " * len(old)
    assert blanked == ["Home > World > Europe", "Advertisement", "Related stories",
                       "- Lumeria's premier visits the north",
                       "Vostrana and Lumeria sign a fisheries deal", "Why the talks matter?",
                       "Share this article"]
    sentence = "They agreed to meet again in the spring"
    assert doc.text.index(sentence) == text.index(sentence)
    assert "Envoys meet" in kept  # headings stay
    assert doc.header.body_start == text.index("The ministers")


def test_link_list_state_carries_across_pieces():
    first, in_list = blank_debris("Talks went well, the spokesman said on Monday.\nMore stories\n")
    assert in_list
    page = "Another headline here\nNew prose begins here and it ends with a stop.\n"
    second, in_list = blank_debris(page, in_list)
    assert second.startswith(" " * len("Another headline here") + "\n")
    assert second.endswith("stop.\n") and not in_list


# ---------------------------------------------------------------- pattern files

def test_pattern_files_reject_unknown_keys(monkeypatch):
    real = rules._load_json

    def bad(name):
        data = real(name)
        if name == "debris.json":
            data["patterns"] = [*data["patterns"], {"id": "x", "pattern": "x", "colour": "red"}]
        return data

    reader.reader_rules.cache_clear()
    monkeypatch.setattr(rules, "_load_json", bad)
    try:
        with pytest.raises(ValueError, match=r"debris\.json.*'x'.*colour"):
            reader.reader_rules()
    finally:
        monkeypatch.undo()
        reader.reader_rules.cache_clear()
    assert reader.reader_rules().debris


def test_a_labelled_date_beats_a_bare_date_line_above_it():
    """A page's banner date ("today") above the story's "Published: ..." line."""
    found = header("Thursday November 28, 2024\nTitle\nPublished : 29 Jan 2019, 00:50\n" + BODY)
    assert (found["doc_date"], found["doc_date_source"]) == ("2019-01-29", "labelled_date")


@pytest.mark.parametrize("text, day", [
    ("23 декабря 2014", "2014-12-23"), ("3 février 2021", "2021-02-03"),
    ("14 marzo 2019", "2019-03-14"), ("5. Dezember 2018", "2018-12-05"),
])
def test_month_names_of_other_languages(text, day):
    assert reader.parse_full_date(text) == day


def test_a_headline_naming_its_event_date_is_no_publication_date():
    assert "doc_date" not in header("Summit set for March 3, 2025\n" + BODY)
