"""Hostile input: never crash, never lose a document, never hang.

Every input here is built in a temporary folder by the test itself (nothing large is
committed). Each test asserts what a user would check: the exit code, the summary's counts
(every document read ends in exactly one outcome), the error records, the events' offsets,
byte-identical reruns, memory that does not grow with the size of a file.
"""
from __future__ import annotations

import ast
import codecs
import errno
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import threading
import sys
import time
import unicodedata
import zipfile
from importlib.resources import as_file, files

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import SUMMARY, dipevents, summary, write
from dipevents.cli.app import PIECE_CHARS
from dipevents.extract.reader import inputs
from dipevents.extract.pipeline import RunStats, extract_document, load_nlp, run
from dipevents.extract.prefilter import Prefilter
from dipevents.extract.reader import iter_documents
from dipevents.models import Document, ReadError

TEXT = ("Peruvian Foreign Minister Elena Castañeda met Chilean Foreign Minister Tomás Herrera in "
        "Santiago on Monday, the ministry said in a statement titled “Closer ties”.")
MEETINGS = [
    "Zambian President Mwila Banda met Botswana President Kagiso Molefe in Lusaka on Tuesday.",
    "Norwegian Prime Minister Ingrid Aasen met Danish Prime Minister Anders Holm in Oslo on Friday.",
    "Peruvian Foreign Minister Elena Castañeda met Chilean Foreign Minister Tomás Herrera in "
    "Santiago on Monday.",
]
# No trigger word: the prefilter passes over it, so big inputs of it cost no spaCy time.
FILLER = ("Farmers sell apples, pears and plums at the weekly market. Rainfall stays low and the "
          "rivers look calm, so the barges carry less grain than usual.\n\n")
NO_EVENT = "The talks were held behind closed doors.\n"  # parsed, but names nobody
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


@pytest.fixture(scope="module", autouse=True)
def filler_is_not_parsed():
    assert not Prefilter()(FILLER), "FILLER must hold no trigger word, or the big tests crawl"


def counts(read=0, prefiltered=0, not_documents=0, failed=0, with_events=0, without_events=0,
           written=0) -> dict[str, int]:
    return dict(read=read, skipped=prefiltered + not_documents, prefiltered=prefiltered,
                not_documents=not_documents, failed=failed, with_events=with_events,
                without_events=without_events, written=written)


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def names(event: dict) -> tuple[str, ...]:
    return tuple(p["name"] for p in event["who"] + event["whom"])


def failures(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not SUMMARY.match(line)]


# ---------------------------------------------------------------- encodings

def _latin1(text: str) -> str:
    return text.replace("“", "«").replace("”", "»")  # curly quotes are not Latin-1


ENCODED = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16-le-bom": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "windows-1252": lambda t: t.encode("cp1252"),
    "latin-1": lambda t: _latin1(t).encode("latin-1"),
}


@pytest.mark.parametrize("encoding", ENCODED)
def test_encodings_are_detected(tmp_path, encoding):
    text = TEXT + "\n"
    path = write(tmp_path / f"{encoding}.txt", ENCODED[encoding](text))
    result = dipevents("extract", path, "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    [event] = jsonl(result.stdout)
    assert names(event) == ("Elena Castañeda", "Tomás Herrera")
    expected = _latin1(TEXT) if encoding == "latin-1" else TEXT
    assert event["sources"][0]["sentence"] == expected
    assert summary(result.stderr) == counts(read=1, with_events=1, written=1)


def test_mojibake_and_control_characters_do_not_reach_the_output(tmp_path):
    # UTF-8 once read as Windows-1252, its five undefined bytes as Latin-1 (as browsers do)
    mojibake = "".join(chr(b) if b in b"\x81\x8d\x8f\x90\x9d" else bytes([b]).decode("cp1252")
                       for b in TEXT.encode("utf-8"))
    assert "Ã±" in mojibake and "â€œ" in mojibake
    text = "\x1b[1mMarket report\x1b[0m\x07\u0085\n\n\x0b" + mojibake + "\x7f\x1f\n"
    result = dipevents("extract", write(tmp_path / "bad.txt", text), "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    [event] = jsonl(result.stdout)
    assert names(event) == ("Elena Castañeda", "Tomás Herrera")
    assert event["sources"][0]["sentence"] == TEXT
    assert not CONTROL.search(json.loads(result.stdout)["sources"][0]["sentence"])
    assert "Ã" not in result.stdout and "\\u00" not in result.stdout


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_line_endings(tmp_path, newline):
    lines = ["MARKET NEWS", "", MEETINGS[0], "", FILLER.strip(), "", MEETINGS[1], ""]
    path = write(tmp_path / "a.txt", newline.join(lines))
    result = dipevents("extract", path, "-f", "jsonl", "--no-merge")
    assert result.exit_code == 0, result.stderr
    normalised = "\n".join(lines)  # offsets count characters of the text with LF line ends
    events = jsonl(result.stdout)
    assert [normalised[s["start"]:s["end"]] for e in events for s in e["sources"]] == \
        MEETINGS[:2]
    assert summary(result.stderr) == counts(read=1, with_events=1, written=2)


# ---------------------------------------------------------------- files

def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", MEETINGS[0])
    return buffer.getvalue()


BINARIES = {
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "png"),
    "archive.txt": (_zip(), "zip"),
    "report.txt": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n", "pdf"),
    "noise.txt": (bytes(range(256)) * 64, "data"),
}


def test_binary_files_with_text_names_are_failures(tmp_path):
    for name, (data, _) in BINARIES.items():
        write(tmp_path / name, data)
    write(tmp_path / "z.txt", MEETINGS[0] + "\n")
    errors = tmp_path / "errors.jsonl"
    result = dipevents("extract", tmp_path, "-f", "jsonl", "--errors", errors)
    assert result.exit_code == 1
    assert len(jsonl(result.stdout)) == 1
    expected = sorted((str(tmp_path / name), f"binary file ({kind})")
                      for name, (_, kind) in BINARIES.items())
    assert failures(result.stderr) == [f"dipevents: {path}: {reason}" for path, reason in expected]
    assert jsonl(errors.read_text(encoding="utf-8")) == [
        {"path": path, "line": None, "reason": reason} for path, reason in expected]
    assert summary(result.stderr) == counts(read=5, failed=4, with_events=1, written=1)


def test_empty_files(tmp_path):
    for name in ("a.txt", "b.md", "c.jsonl", "d.html"):
        write(tmp_path / name, "")
    write(tmp_path / "e.txt", "\n\n  \n")
    result = dipevents("extract", tmp_path, "-f", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")
    assert summary(result.stderr) == counts(read=4, prefiltered=4)  # c.jsonl holds no document


@pytest.fixture
def unreadable(monkeypatch):
    """A file without read permission. Root reads it anyway, so for root the reader's
    `open` is made to refuse it the way the kernel refuses everyone else."""
    made = []

    def make(path):
        path.chmod(0)
        made.append(path)
        return path

    if ROOT:
        def guarded(path, *args, **kwargs):
            if os.stat(path).st_mode & 0o444 == 0:
                raise PermissionError(errno.EACCES, "Permission denied", path)
            return open(path, *args, **kwargs)

        monkeypatch.setattr(inputs, "open", guarded, raising=False)
    yield make
    for path in made:
        path.chmod(0o644)


def test_unreadable_file(tmp_path, unreadable):
    locked = unreadable(write(tmp_path / "a_locked.txt", MEETINGS[0]))
    write(tmp_path / "b_open.txt", MEETINGS[1])
    for args in ((tmp_path,), (locked, tmp_path / "b_open.txt")):
        result = dipevents("extract", *args, "-f", "jsonl")
        assert result.exit_code == 1
        assert failures(result.stderr) == [f"dipevents: {locked}: permission denied"]
        assert [names(e) for e in jsonl(result.stdout)] == [("Ingrid Aasen", "Anders Holm")]
        assert summary(result.stderr) == counts(read=2, failed=1, with_events=1, written=1)


def test_broken_and_looping_symlinks_and_fifos(tmp_path):
    root = tmp_path / "docs"
    write(root / "a.txt", MEETINGS[0])
    os.symlink(tmp_path / "gone.txt", root / "broken.txt")
    os.symlink(root / "loop.txt", root / "loop.txt")
    (root / "nested").mkdir()
    os.symlink(root, root / "nested" / "up")
    os.mkfifo(root / "pipe.txt")  # read as a file, it would wait forever for a writer
    result = dipevents("extract", root, "-f", "jsonl")
    assert result.exit_code == 1
    assert failures(result.stderr) == [
        f"dipevents: {root / 'broken.txt'}: broken symlink",
        f"dipevents: {root / 'loop.txt'}: symlink loop",
        f"dipevents: {root / 'nested' / 'up'}: symlink loop",
        f"dipevents: {root / 'pipe.txt'}: not a regular file",
    ]
    assert summary(result.stderr) == counts(read=5, failed=4, with_events=1, written=1)
    named = dipevents("extract", root / "broken.txt", root / "loop.txt")
    assert named.exit_code == 1
    assert failures(named.stderr) == [f"dipevents: {root / 'broken.txt'}: broken symlink",
                                      f"dipevents: {root / 'loop.txt'}: symlink loop"]


def test_ten_thousand_small_files_in_nested_folders(tmp_path):
    root = tmp_path / "corpus"
    meeting_at = {1234: 0, 5678: 1, 9999: 2}
    for i in range(10_000):
        folder = root / f"{i // 1000:02d}" / f"{i // 100 % 10:02d}"
        if i % 100 == 0:
            folder.mkdir(parents=True)
        text = MEETINGS[meeting_at[i]] if i in meeting_at else f"Note {i}. {FILLER}"
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    result = dipevents("extract", root, "-f", "jsonl", "--no-merge")
    assert result.exit_code == 0, result.stderr[:500]
    events = jsonl(result.stdout)
    assert [os.path.basename(e["sources"][0]["doc"]) for e in events] == [
        "01234.txt", "05678.txt", "09999.txt"]
    assert summary(result.stderr) == counts(read=10_000, prefiltered=9_997, with_events=3,
                                            written=3)


def test_hundred_thousand_line_jsonl_with_malformed_lines(tmp_path):
    path = tmp_path / "feed.jsonl"
    bad = {}
    with open(path, "w", encoding="utf-8") as feed:
        for number in range(1, 100_001):
            if number % 10_000 == 7:
                feed.write('{"id": %d, "text": "cut off\n' % number)
                bad[number] = "invalid JSON: Unterminated string starting at"
            elif number % 25_000 == 3:
                feed.write("[1, 2]\n")
                bad[number] = "not a JSON object"
            elif number == 50_000:
                feed.write(json.dumps({"id": number, "text": MEETINGS[2]}) + "\n")
            else:
                feed.write(json.dumps({"id": number, "text": f"Note {number}: {FILLER}"}) + "\n")
    errors = tmp_path / "errors.jsonl"
    result = dipevents("extract", path, "-f", "jsonl", "--no-merge", "--errors", errors)
    assert result.exit_code == 1
    [event] = jsonl(result.stdout)
    assert names(event) == ("Elena Castañeda", "Tomás Herrera")
    expected = [{"path": str(path), "line": n, "reason": r} for n, r in sorted(bad.items())]
    assert jsonl(errors.read_text(encoding="utf-8")) == expected
    assert failures(result.stderr) == [f"dipevents: {path}:{e['line']}: {e['reason']}"
                                       for e in expected]
    assert summary(result.stderr) == counts(read=100_000, failed=len(bad),
                                            prefiltered=100_000 - len(bad) - 1,
                                            with_events=1, written=1)


DRIVER = """
import resource, sys
from dipevents.cli.app import app
try:
    app(sys.argv[1:], prog_name="dipevents")
except SystemExit as done:
    code = done.code
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
sys.stderr.write(f"peak={peak * (1 if sys.platform == 'darwin' else 1024)}\\n")
sys.exit(code)
"""


def run_measured(*args, timeout=300) -> tuple[subprocess.CompletedProcess, int]:
    """The command in a fresh process, and its peak resident memory in bytes."""
    done = subprocess.run([sys.executable, "-c", DRIVER, *map(str, args)], capture_output=True,
                          text=True, timeout=timeout)
    peak = re.search(r"^peak=(\d+)$", done.stderr, re.MULTILINE)
    assert peak, done.stderr[-2000:]
    return done, int(peak.group(1))


def filler_then_meeting(path, size: int) -> int:
    """About `size` bytes of FILLER paragraphs, then a meeting; returns where it starts.

    The filler is a whole number of the command's pieces, so the meeting opens a small last
    piece: the only one parsed, the same in a run on 1 MB and on 50 MB.
    """
    per_piece = PIECE_CHARS // len(FILLER)  # a piece ends at the last paragraph that fits
    pieces = -(-size // (per_piece * len(FILLER)))
    block = FILLER * per_piece
    with open(path, "w", encoding="utf-8", newline="") as handle:
        for _ in range(pieces):
            handle.write(block)
        position = handle.tell()
        handle.write(MEETINGS[0] + " " + FILLER)  # longer than the room left in a piece
    return position


def test_fifty_megabyte_file_streams_in_flat_memory(tmp_path):
    """The same run on 1 MB and on 50 MB of text: the peak memory stays put, and the
    meeting 50 MB into the document keeps its offset."""
    args = ("extract", "-f", "jsonl", "--no-merge")
    measured = {}
    for size in (1 << 20, 50 << 20):
        path = tmp_path / f"{size}.txt"
        position = filler_then_meeting(path, size)
        started = time.monotonic()
        done, measured[size] = run_measured(*args, path)
        assert done.returncode == 0, done.stderr[-2000:]
        assert time.monotonic() - started < 60
        [event] = jsonl(done.stdout)
        [source] = event["sources"]
        assert (source["start"], source["end"]) == (position, position + len(MEETINGS[0]))
        assert summary(done.stderr) == counts(read=1, with_events=1, written=1)
    # Holding the whole file once would add at least 49 MB (its text), twice that with its bytes.
    growth = measured[50 << 20] - measured[1 << 20]
    assert growth < 20 << 20, measured


def test_single_five_megabyte_line(tmp_path):
    """One line of 5 MB, as text and as one JSONL record: cut at spaces, counted once."""
    words = FILLER.replace("\n", " ")
    line = MEETINGS[1] + " " + words * (5 * 1024 * 1024 // len(words))
    path = write(tmp_path / "oneline.txt", line)
    record = write(tmp_path / "oneline.jsonl", json.dumps({"id": "x", "text": line[100:]}) + "\n")
    result = dipevents("extract", path, record, "-f", "jsonl", "--no-merge")
    assert result.exit_code == 0, result.stderr
    [event] = jsonl(result.stdout)
    [source] = event["sources"]
    assert (source["doc"], line[source["start"]:source["end"]]) == (str(path), MEETINGS[1])
    assert summary(result.stderr) == counts(read=2, prefiltered=1, with_events=1, written=1)


def test_huge_document_pieces_keep_offsets_into_the_document(tmp_path):
    """Cut into pieces at paragraph bounds, one document is counted once and its events'
    offsets point into the whole document, whichever piece they came from."""
    paragraphs = [FILLER] * 3000
    spots = {10: MEETINGS[0], 1200: MEETINGS[1], 2999: MEETINGS[2]}
    for index, sentence in spots.items():
        paragraphs[index] = sentence + "\n\n"
    whole = "".join(paragraphs)
    path = write(tmp_path / "long.txt", whole)
    items = list(iter_documents([str(path)], max_chars=5000))
    assert len(items) > 50 and {d.path for d in items} == {str(path)}
    assert all(len(d.text) <= 5000 and d.text.endswith("\n\n") for d in items[:-1])
    stats = RunStats()
    events = list(run(iter(items), load_nlp(), merge=False, stats=stats))
    found = sorted((s.start, whole[s.start:s.end]) for e in events for s in e.sources)
    assert [text for _, text in found] == list(spots.values())
    assert [start for start, _ in found] == [whole.index(s) for s in spots.values()]
    assert (stats.read, stats.with_events, stats.skipped, stats.failed) == (1, 1, 0, 0)
    assert stats.balanced()


def test_every_document_ends_in_one_outcome(tmp_path, unreadable):
    """A folder of everything at once: the summary adds up to the documents written here,
    every failure is on stderr and in the --errors file, and the rest is processed."""
    root = tmp_path / "mixed"
    write(root / "a_meeting.txt", MEETINGS[0])
    write(root / "b_filler.txt", FILLER)
    write(root / "c_no_event.txt", NO_EVENT)
    write(root / "d_empty.txt", "")
    write(root / "e_image.txt", BINARIES["image.txt"][0])
    write(root / "f_feed.jsonl", "\n".join([json.dumps({"text": MEETINGS[1]}), "{bad",
                                            json.dumps({"text": 5}), json.dumps({"text": FILLER})]))
    write(root / "g_gold.jsonl", json.dumps({"doc": "a_meeting.txt", "who": []}) + "\n")
    write(root / "h_list.json", json.dumps([{"text": MEETINGS[2]}, "stray"]))
    unreadable(write(root / "i_locked.txt", MEETINGS[2]))
    os.symlink(tmp_path / "nowhere", root / "j_broken.txt")
    errors = tmp_path / "errors.jsonl"
    result = dipevents("extract", root, "-f", "jsonl", "--no-merge", "--errors", errors)
    assert result.exit_code == 1
    found = summary(result.stderr)
    # with events: a_meeting, f_feed:1, h_list item 1; without: c_no_event; prefiltered:
    # b_filler, d_empty, f_feed:4; not a document: g_gold; failed: e_image, f_feed:2 and 3,
    # h_list item 2, i_locked, j_broken.
    assert found == counts(read=14, prefiltered=3, not_documents=1, failed=6, with_events=3,
                           without_events=1, written=3)
    records = jsonl(errors.read_text(encoding="utf-8"))
    assert len(records) == found["failed"]
    assert [f"dipevents: {r['path']}{':' + str(r['line']) if r['line'] else ''}: {r['reason']}"
            for r in records] == [line for line in failures(result.stderr)
                                  if "skipped:" not in line]
    assert [os.path.basename(r["path"]) for r in records] == [
        "e_image.txt", "f_feed.jsonl", "f_feed.jsonl", "h_list.json", "i_locked.txt",
        "j_broken.txt"]


# ---------------------------------------------------------------- text

WORDS = st.sampled_from(
    ["met", "meets", "visited", "talks", "with", "President", "Foreign Minister", "Kenyan",
     "Ghanaian", "Lima", "in", "on", "Tuesday", "March 3", "and", "the", ".", ",", "\n", "\n\n",
     "Ava Moreno", "Lars Berg", "U.N.", "“", "”", "\u200b", "\u00ad", "ﬁ", "İ", "😀", "\t", "-"])
TEXTS = st.one_of(st.text(max_size=300),
                  st.lists(st.one_of(WORDS, st.text(max_size=4)), max_size=60).map(" ".join))


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True)
@given(text=TEXTS)
def test_arbitrary_text_raises_nothing_and_offsets_point_at_the_evidence(text):
    for event in extract_document(Document("fuzz.txt", text), load_nlp()):
        for source in event.sources:
            assert text[source.start:source.end] == source.sentence
            assert source.sentence.strip() == source.sentence != ""


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=400), st.text(max_size=200).map(str.encode)),
       prefix=st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE]),
       suffix=st.sampled_from([".txt", ".jsonl", ".json"]))
def test_arbitrary_bytes_are_read_or_reported(tmp_path_factory, data, prefix, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(prefix + data)
    for item in iter_documents([str(path)]):
        assert isinstance(item, (Document, ReadError))
        if isinstance(item, Document):
            assert not CONTROL.search(item.text)
            assert all(unicodedata.category(c) != "Cs" for c in item.text)  # no lone surrogates


# ---------------------------------------------------------------- output

def interrupt(original, after: int):
    """`Event.to_json` that raises KeyboardInterrupt (Ctrl-C) once `after` events are written."""
    calls = []

    def to_json(event):
        calls.append(event)
        if len(calls) > after:
            raise KeyboardInterrupt
        return original(event)

    return to_json


@pytest.fixture
def meetings(tmp_path):
    root = tmp_path / "in"
    for index, sentence in enumerate(MEETINGS):
        write(root / f"{index}.txt", sentence + "\n")
    return root


def test_interrupted_run_leaves_the_old_output_file(tmp_path, meetings, monkeypatch):
    from dipevents.models import Event

    target = write(tmp_path / "events.jsonl", "old contents\n")
    monkeypatch.setattr(Event, "to_json", interrupt(Event.to_json, after=1))
    result = dipevents("extract", meetings, "-f", "jsonl", "--no-merge", "-o", target)
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", "dipevents: interrupted\n")
    assert target.read_text(encoding="utf-8") == "old contents\n"
    assert sorted(os.listdir(tmp_path)) == ["events.jsonl", "in"]  # the temporary file is gone


def test_interrupted_jsonl_keeps_every_line_written(meetings, monkeypatch):
    from dipevents.models import Event

    monkeypatch.setattr(Event, "to_json", interrupt(Event.to_json, after=2))
    result = dipevents("extract", meetings, "-f", "jsonl", "--no-merge")
    assert (result.exit_code, result.stderr) == (130, "dipevents: interrupted\n")
    assert result.stdout.endswith("\n")
    assert [names(e)[0] for e in jsonl(result.stdout)] == ["Mwila Banda", "Ingrid Aasen"]


@pytest.fixture(scope="module")
def many_meetings(tmp_path_factory):
    root = tmp_path_factory.mktemp("many")
    for index in range(300):
        write(root / f"{index:03d}.txt", MEETINGS[index % 3] + "\n")
    return root


def _command(*args) -> list[str]:
    return [sys.executable, "-m", "dipevents", *map(str, args)]


def ctrl_c(folder, *options) -> tuple[int, list[dict], str]:
    """Start a jsonl run, press Ctrl-C (SIGINT to the whole process group, as a terminal
    does) once three events are out; the exit code, the events written, stderr."""
    process = subprocess.Popen(_command("extract", folder, "-f", "jsonl", "--no-merge", *options),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    # a hang fails the test, never the run: the whole group, or a worker keeps the pipes open
    watchdog = threading.Timer(120, os.killpg, (process.pid, signal.SIGKILL))
    watchdog.start()
    try:
        first = [process.stdout.readline() for _ in range(3)]
        os.killpg(process.pid, signal.SIGINT)
        # read on through the same buffered pipe: communicate() would skip what readline
        # has already buffered
        rest, stderr = process.stdout.read(), process.stderr.read()
        process.wait(timeout=60)
    finally:
        watchdog.cancel()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    lines = "".join(first) + rest
    assert lines.endswith("\n")
    return process.returncode, jsonl(lines), stderr  # every line complete and valid


def test_ctrl_c_keeps_the_lines_written_and_exits_130(many_meetings):
    code, events, stderr = ctrl_c(many_meetings)
    assert (code, stderr) == (130, "dipevents: interrupted\n")
    assert 3 <= len(events) < 300


def test_ctrl_c_with_two_jobs(many_meetings):
    code, events, stderr = ctrl_c(many_meetings, "--jobs", "2")
    assert (code, stderr) == (130, "dipevents: interrupted\n")
    assert 3 <= len(events) < 300


def test_broken_pipe_is_quiet(many_meetings):
    """`dipevents extract ... -f jsonl | head -1`"""
    process = subprocess.Popen(_command("extract", many_meetings, "-f", "jsonl", "--no-merge"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    watchdog = threading.Timer(120, process.kill)  # a hang fails the test, never the run
    watchdog.start()
    try:
        line = process.stdout.readline()
        process.stdout.close()
        stderr = process.stderr.read().decode()
        process.wait(timeout=60)
    finally:
        watchdog.cancel()
        process.kill()
    assert json.loads(line)["type"] == "meeting"
    assert process.returncode == 0
    assert stderr == ""


# ---------------------------------------------------------------- determinism

def test_same_input_gives_byte_identical_output(tmp_path):
    root = tmp_path / "in"
    for index, sentence in enumerate(MEETINGS):
        write(root / f"{'cab'[index]}.txt", f"Report {index}.\n\n{sentence}\n")
    write(root / "d.jsonl", "\n".join(json.dumps({"text": s, "id": i})
                                      for i, s in enumerate(reversed(MEETINGS))) + "\n")
    write(root / "e.txt", MEETINGS[0] + " " + MEETINGS[1] + "\n")
    paths = sorted(str(p) for p in root.iterdir())
    for fmt in (("-f", "json"), ("-f", "jsonl", "--no-merge"), ("-f", "csv")):
        runs = [dipevents("extract", *order, *fmt, "-q", "--jobs", jobs, "--doc-date", "2024-01-10")
                for order, jobs in ((paths, 1), (paths, 1), (paths[::-1], 1), (paths[2:] +
                                    paths[:2], 1), (paths, 2), (paths[::-1], 2))]
        assert all(r.exit_code == 0 for r in runs), [r.stderr for r in runs]
        outputs = {r.stdout_bytes for r in runs}
        assert len(outputs) == 1 and len(outputs.pop()) > 100


# ---------------------------------------------------------------- safety

def test_pattern_and_gazetteer_files_are_json_data():
    package = files("dipevents.extract")
    data_files = [f for folder in ("patterns", "gazetteers")
                  for f in package.joinpath(folder).iterdir() if not f.name.startswith(".")]
    assert data_files
    for entry in data_files:
        if entry.name.endswith(".sqlite"):  # the table of officials: tables and indexes only
            assert entry.read_bytes()[:16] == b"SQLite format 3\0", entry.name
            with as_file(entry) as path:
                db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                kinds = {kind for (kind,) in db.execute("SELECT type FROM sqlite_master")}
                db.close()
            assert kinds <= {"table", "index"}, (entry.name, kinds)  # no triggers, no views
            continue
        assert entry.name.endswith((".json", ".jsonl")), entry.name
        text = entry.read_text(encoding="utf-8")
        if entry.name.endswith(".jsonl"):
            for line in text.splitlines():
                assert not line.strip() or isinstance(json.loads(line), dict), entry.name
        else:
            json.loads(text)
    # ... and no module runs code it reads: no eval/exec/compile, no pickle, marshal or yaml.
    for module in package.iterdir():
        if not module.name.endswith(".py"):
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("eval", "exec", "compile", "__import__"), module.name
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                imported = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                assert not {"pickle", "marshal", "shelve", "yaml", "dill"} & {
                    n.split(".")[0] for n in imported}, module.name


NO_NETWORK = """
import socket, sys
attempts = []

def refuse(*args, **kwargs):
    attempts.append(args)
    raise OSError("network disabled by the test")

class NoInternet(socket.socket):
    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            refuse(address)
        return super().connect(address)

    def connect_ex(self, address):
        return self.connect(address)

    def sendto(self, data, *args):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            refuse(args)
        return super().sendto(data, *args)

socket.socket = NoInternet
socket.create_connection = socket.getaddrinfo = socket.gethostbyname = refuse
from dipevents.cli.app import app
try:
    app(sys.argv[1:], prog_name="dipevents")
except SystemExit as done:
    code = done.code
sys.stderr.write(f"network attempts: {len(attempts)}\\n")
sys.exit(code)
"""


def test_runs_without_network(meetings):
    done = subprocess.run([sys.executable, "-c", NO_NETWORK, "extract", str(meetings), "-f",
                           "jsonl"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(jsonl(done.stdout)) == 3
    assert done.stderr.splitlines()[-1] == "network attempts: 0"
