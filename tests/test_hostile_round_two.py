"""Hostile input, round two: every case of the second round, each built in a temporary
folder and run as a user runs it (a fresh `dipevents` process) under a hard timeout, so a
regression fails instead of hanging.

Each run asserts what a user would check: the exit code, no traceback and no "internal
error" on stderr, the summary's counts, and that it finished within its time bound.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import SUMMARY, summary, write
from dipevents.extract import reader
from dipevents.extract.reader import debris, decode, formats, header, inputs
from dipevents.extract.reader import rules as rules_module

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
OTHER_UID = 12345  # a uid with no passwd entry (as in a container run with --user 12345)
MEETING = "Zambian President Mwila Banda met Botswana President Kagiso Molefe in Lusaka on Tuesday."
MEETING_2 = "Norwegian Prime Minister Ingrid Aasen met Danish Prime Minister Anders Holm in Oslo on Friday."
ACCENTED = ("Peruvian Foreign Minister Elena Castañeda met Chilean Foreign Minister Tomás Herrera "
            "in Santiago on Monday.")
FILLER = "Farmers sell apples, pears and plums at the weekly market.\n\n"


@dataclass
class Done:
    code: int
    stdout: str
    stderr: str
    seconds: float


def dipevents(*args, bound: float = 60, stdin=None, input: str | bytes | None = None,
              env: dict | None = None, driver: str | None = None, **popen) -> Done:
    """`dipevents ARGS` in a fresh process, killed after `bound` seconds (the test fails);
    no traceback and no internal error may reach stderr."""
    command = [sys.executable, "-c", driver, *map(str, args)] if driver else \
        [sys.executable, "-m", "dipevents", *map(str, args)]
    popen.setdefault("stdout", subprocess.PIPE)
    started = time.monotonic()
    done = subprocess.run(command, input=input.encode() if isinstance(input, str) else input,
                          stdin=stdin if input is None else None, stderr=subprocess.PIPE,
                          timeout=bound, env=env, **popen)
    stderr = done.stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr[-3000:]
    return Done(done.returncode, (done.stdout or b"").decode("utf-8", errors="replace"), stderr,
                time.monotonic() - started)


def counts(read=0, prefiltered=0, not_documents=0, failed=0, with_events=0, without_events=0,
           written=0) -> dict[str, int]:
    return dict(read=read, skipped=prefiltered + not_documents, prefiltered=prefiltered,
                not_documents=not_documents, failed=failed, with_events=with_events,
                without_events=without_events, written=written)


def messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not SUMMARY.match(line)]


def events(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def who(event: dict) -> tuple[str, ...]:
    return tuple(p["name"] for p in event["who"] + event["whom"])


@pytest.fixture
def shared_tmp():
    """A temporary folder another uid can read (pytest's own are private to this user)."""
    folder = Path(tempfile.mkdtemp(prefix="dipevents-hostile-"))
    folder.chmod(0o755)
    yield folder
    for path in folder.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


# `dipevents` as a uid with no passwd entry. As root the process really changes its uid
# (after loading what it needs: the interpreter may sit in a folder only root can read);
# otherwise the passwd lookup is made to fail as it does for such a uid.
OTHER_USER = f"""
import os, pwd, sys
from dipevents.cli.app import main
from dipevents.extract.pipeline import load_nlp
import dipevents.extract.gazetteer, dipevents.extract.reader, dipevents.extract.score
import charset_normalizer, json, multiprocessing, sqlite3, encodings.idna
load_nlp()
if os.geteuid() == 0:
    os.setgroups([])
    os.setgid({OTHER_UID})
    os.setuid({OTHER_UID})
else:
    def unknown(uid):
        raise KeyError(f"getpwuid(): uid not found: {{uid}}")
    pwd.getpwuid = unknown
sys.argv[0] = "dipevents"
main()
"""


# ---------------------------------------------------------------- one bad document is one failure

def _fan_of_symlinks(root: Path, levels: int) -> None:
    """Each level holds two links to the next: 2**levels paths to one real file."""
    for level in range(levels):
        (root / f"level{level}").mkdir(parents=True)
    for level in range(levels - 1):
        for name in ("a", "b"):
            os.symlink(root / f"level{level + 1}", root / f"level{level}" / name)
    write(root / f"level{levels - 1}" / "bottom.txt", MEETING_2 + "\n")


def test_each_bad_document_is_its_own_failure_and_the_rest_is_read(tmp_path):
    docs = tmp_path / "docs"
    surrogate = json.dumps({"text": MEETING + " \ud800 and \udfff"})  # lone surrogate escapes
    write(docs / "a_surrogate.jsonl", surrogate + "\n" + json.dumps({"text": MEETING_2}) + "\n")
    write(docs / "b_huge_date.jsonl", json.dumps({"text": MEETING, "date": int("9" * 400)}) + "\n")
    write(docs / "c_huge_integer.json", '{"text": "x", "n": ' + "7" * 5000 + "}")
    odd = os.fsencode(str(docs)) + b"/d_caf\xe9"
    os.makedirs(odd)
    with open(odd + b"/r\xe9union\n[bold red]x.txt", "w", encoding="utf-8") as handle:
        handle.write(MEETING + "\n")
    with open(odd + b"/[red]bad\nname.txt", "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n\x00\x00")
    deep = docs / "e_deep"
    path = str(deep)
    os.mkdir(path)
    for _ in range(1000):  # os.makedirs would recurse past the limit
        path += "/d"
        os.mkdir(path)
    Path(path, "bottom.txt").write_text(ACCENTED + "\n", encoding="utf-8")
    _fan_of_symlinks(docs / "f_fan", 22)  # 4 million paths if walked once per path
    try:
        result = dipevents("extract", docs, "-f", "jsonl", "--no-merge", "--errors",
                           tmp_path / "errors.jsonl", bound=90)
        assert result.code == 1
        assert messages(result.stderr) == [
            f"dipevents: {docs}/c_huge_integer.json: invalid JSON: exceeds the limit (4300 "
            "digits) for integer string conversion",
            f"dipevents: {docs}/d_caf\\xe9/[red]bad\\nname.txt: binary file (png)",
        ]
        # a_surrogate (2 records), b_huge_date, d_café/réunion, e_deep, f_fan's file once
        assert summary(result.stderr) == counts(read=8, failed=2, with_events=6, written=6)
        found = events(result.stdout)
        banda, aasen = ("Mwila Banda", "Kagiso Molefe"), ("Ingrid Aasen", "Anders Holm")
        assert [who(e) for e in found] == [banda, aasen, banda, banda,
                                           ("Elena Castañeda", "Tomás Herrera"), aasen]
        assert found[3]["sources"][0]["doc"] == f"{docs}/d_caf\\xe9/r\\xe9union\\n[bold red]x.txt"
        # the first path in sorted order: each link followed once, each folder walked once
        assert found[5]["sources"][0]["doc"] == f"{docs}/f_fan/level0" + "/a" * 21 + "/bottom.txt"
        errors = [json.loads(line)
                  for line in (tmp_path / "errors.jsonl").read_text().splitlines()]
        assert [e["reason"] for e in errors] == [
            "invalid JSON: exceeds the limit (4300 digits) for integer string conversion",
            "binary file (png)"]
        table = dipevents("extract", os.fsdecode(odd), bound=60,
                          env={**os.environ, "COLUMNS": "250"})
        assert table.code == 1
        assert "r\\xe9union\\n[bold red]x.txt" in table.stdout  # escaped; no markup
    finally:
        _remove_deep(deep)


def _remove_deep(folder: Path) -> None:
    """Remove the deep folder bottom up (a recursive removal would pass the recursion limit)."""
    path = str(folder) + "/d" * 1000
    for name in os.listdir(path):
        os.unlink(os.path.join(path, name))
    while path != str(folder):
        os.rmdir(path)
        path = os.path.dirname(path)


def test_lost_documents_are_read(tmp_path):
    """A feed whose first line is a header, [] or null; a NUL byte inside one record."""
    docs = tmp_path / "feeds"
    records = "".join(json.dumps({"text": text}) + "\n" for text in (MEETING, MEETING_2))
    write(docs / "a_header.jsonl", json.dumps({"feed": "Wire", "version": 2}) + "\n" + records)
    write(docs / "b_list.jsonl", "[]\n" + records)
    write(docs / "c_null.jsonl", "null\n" + records)
    write(docs / "d_nul.jsonl", b'{"text": "bad \x00 byte"}\n' + records.encode())
    write(docs / "e_gold.jsonl", json.dumps({"doc": "x.txt", "who": []}) + "\n")  # data
    result = dipevents("extract", docs, "-f", "jsonl", "--no-merge")
    assert result.code == 1
    assert messages(result.stderr) == [
        f"dipevents: {docs / 'a_header.jsonl'}:1: no text field",
        f"dipevents: {docs / 'b_list.jsonl'}:1: not a JSON object",
        f"dipevents: {docs / 'c_null.jsonl'}:1: not a JSON object",
        f"dipevents: {docs / 'd_nul.jsonl'}:1: invalid JSON: Invalid control character at",
        f"dipevents: {docs / 'e_gold.jsonl'}: {reader.NOT_A_DOCUMENT}",
    ]
    assert summary(result.stderr) == counts(read=13, failed=4, not_documents=1, with_events=8,
                                            written=8)


def test_deep_json_on_stdin_is_reported_like_a_file():
    result = dipevents("extract", "-", input="[" * 100_000)
    assert result.code == 1
    assert messages(result.stderr) == ["dipevents: <stdin>: invalid JSON: nested too deeply"]
    assert summary(result.stderr) == counts(read=1, failed=1)


def test_closed_stdin_is_a_failure():
    result = dipevents("extract", "-", "-f", "jsonl", preexec_fn=lambda: os.close(0))
    assert result.code == 1
    assert messages(result.stderr) == ["dipevents: <stdin>: stdin is closed"]
    assert summary(result.stderr) == counts(read=1, failed=1)


# ---------------------------------------------------------------- the city cache

def test_no_home_and_a_uid_without_passwd_entry(shared_tmp):
    path = write(shared_tmp / "a.txt", MEETING + "\n")
    path.chmod(0o644)
    env = {k: v for k, v in os.environ.items()
           if k not in ("HOME", "XDG_CACHE_HOME", "DIPEVENTS_CACHE")}
    result = dipevents("extract", path, "-f", "jsonl", env=env, driver=OTHER_USER)
    assert result.code == 0, result.stderr
    assert [who(e) for e in events(result.stdout)] == [("Mwila Banda", "Kagiso Molefe")]
    assert summary(result.stderr) == counts(read=1, with_events=1, written=1)


def _damage(path: Path) -> None:
    """Overwrite part of every seventh page after the first two with 0xff bytes."""
    data = bytearray(path.read_bytes())
    for offset in range(8192, len(data) - 4096, 4096 * 7):
        data[offset + 100:offset + 2000] = b"\xff" * 1900
    path.write_bytes(bytes(data))


def _sound(path: Path) -> bool:
    with sqlite3.connect(path) as db:
        try:
            return db.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        except sqlite3.DatabaseError:
            return False


def test_a_damaged_city_cache_is_rebuilt_and_the_run_goes_on(tmp_path):
    cache = tmp_path / "cache"
    env = {**os.environ, "DIPEVENTS_CACHE": str(cache)}
    text = write(tmp_path / "a.txt", MEETING + "\n" + MEETING_2 + "\n")
    first = dipevents("extract", text, "-f", "jsonl", env=env)
    [saved] = cache.glob("cities-*.sqlite")
    _damage(saved)
    assert not _sound(saved)
    second = dipevents("extract", text, "-f", "jsonl", env=env)
    assert second.code == 0, second.stderr
    assert second.stdout == first.stdout  # the same places, Lusaka and Oslo included
    assert {e["place"]["name"] for e in events(second.stdout)} == {"Lusaka", "Oslo"}
    assert summary(second.stderr) == counts(read=1, with_events=1, written=2)
    assert _sound(saved)  # built again over the damaged file


# ---------------------------------------------------------------- hangs and blow-ups

BREADCRUMB = "  >  ".join(["News Section"] * 13)  # 17 s before, each segment more x4
SPACED = "a  >  " * 10 + "!"  # a 61-character line that never finished
TICKER = "   \u2022   ".join(["Markets close higher   "] * 12) + " !"


def test_debris_lines_and_trigger_dense_text_finish_in_seconds(tmp_path):
    docs = tmp_path / "docs"
    write(docs / "a_breadcrumb.txt", f"{BREADCRUMB} !\n{SPACED}\n{BREADCRUMB}\n\n{MEETING}\n")
    write(docs / "b_ticker.txt", f"{TICKER}\n\n{MEETING_2}\n")
    write(docs / "c_met.txt", "met " * 4000)  # 16 KB: 46 s before
    result = dipevents("extract", docs, "-f", "jsonl", "--no-merge", bound=60)
    assert result.code == 0, result.stderr
    assert [who(e) for e in events(result.stdout)] == [("Mwila Banda", "Kagiso Molefe"),
                                                      ("Ingrid Aasen", "Anders Holm")]
    assert summary(result.stderr) == counts(read=3, with_events=2, without_events=1, written=2)
    assert result.seconds < 30


CUT_DRIVER = """
import sys, time
from dipevents.extract.reader import iter_documents
started = time.monotonic()
pieces = sum(1 for _ in iter_documents(sys.argv[1:], max_chars=200))
print(pieces, round(time.monotonic() - started, 1))
"""


@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".txt"])
def test_a_huge_record_is_cut_without_copying_what_is_left(tmp_path, suffix):
    """4 MB in pieces of 200 characters: cutting by copying the rest each time copies
    40 GB (minutes); cutting by moving a start takes a second."""
    text = FILLER * (4_000_000 // len(FILLER))
    data = text if suffix == ".txt" else json.dumps({"text": text}) + "\n"
    path = write(tmp_path / f"huge{suffix}", data)
    done = subprocess.run([sys.executable, "-c", CUT_DRIVER, str(path)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    pieces, seconds = done.stdout.split()
    assert int(pieces) >= len(text) // 200
    assert float(seconds) < 30


# ---------------------------------------------------------------- refused up front

# Runs the command once per argument list in one process (each a fresh CliRunner), under the
# caller's hard timeout: the cases below fail before any document is read.
BATCH = """
import json, sys
from typer.testing import CliRunner
from dipevents.cli.app import app
results = []
for args in json.loads(sys.argv[1]):
    run = CliRunner().invoke(app, args)
    crashed = run.exception is not None and not isinstance(run.exception, SystemExit)
    results.append([run.exit_code, run.stderr, repr(run.exception) if crashed else None])
print(json.dumps(results))
"""


def refused(cases: list[tuple[list[str], str]], bound: float = 60) -> None:
    """Each argument list ends with exit 2 and exactly its one-line message."""
    done = subprocess.run([sys.executable, "-c", BATCH, json.dumps([a for a, _ in cases])],
                          capture_output=True, text=True, timeout=bound)
    assert done.returncode == 0, done.stderr[-3000:]
    for (args, message), (code, stderr, crash) in zip(cases, json.loads(done.stdout), strict=True):
        assert crash is None and "Traceback" not in stderr, (args, crash, stderr)
        assert (code, messages(stderr)) == (2, [f"dipevents: {message}"]), args


def test_doc_dates_the_reader_cannot_use_are_refused(tmp_path):
    text = str(write(tmp_path / "a.txt", MEETING))
    refused([(["extract", text, "--doc-date", value],
              f"--doc-date {value!r} is not a YYYY-MM-DD date between 1800 and 2100")
             for value in ("1700-01-01", "9999-12-31", "2024-01-01garbage", "2024-W09-5")])


def test_output_options_are_refused_before_the_run(tmp_path):
    text = str(write(tmp_path / "a.txt", MEETING))
    same = str(write(tmp_path / "same.jsonl", "kept\n"))
    (tmp_path / "out").mkdir()
    dotted = str(tmp_path / "out" / ".." / "same.jsonl")
    refused([
        (["extract", text, "-o", same, "--errors", same],
         f"--output and --errors are the same file: {same}"),
        (["extract", text, "-o", dotted, "--errors", same],
         f"--output and --errors are the same file: {dotted}"),
        (["extract", text, "-o", ""], "--output: empty file name"),
        (["extract", text, "--errors", ""], "--errors: empty file name"),
        (["extract", text, "--errors", "-"],
         "--errors -: stdout carries the events; give a file (or /dev/stderr)"),
        (["extract", text, "--model", "../../etc"],
         "--model '../../etc': not the name of a spaCy pipeline package"),
    ] + [(["extract", text, "--model", name],
          f"spaCy pipeline {name!r} is not installed; install it with `pip install {name}` "
          f"or `python -m spacy download {name}`") for name in ("os", "json")])
    assert (tmp_path / "same.jsonl").read_text() == "kept\n"


def test_jobs_has_an_upper_bound(tmp_path):
    result = dipevents("extract", write(tmp_path / "a.txt", MEETING), "--jobs", "100000",
                       bound=30)
    assert result.code == 2
    assert "--jobs" in result.stderr
    assert result.seconds < 20  # refused before anything forks


def test_eval_refuses_a_gold_file_it_cannot_score_against(tmp_path):
    text = str(write(tmp_path / "a.txt", MEETING))
    cases = []
    for name, content, reason in [
            ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (png)"),
            ("data", b"\x00\x01\x02\x03" * 100, "binary file (data)"),
            ("empty", b"", "no annotations (each line a JSON object with a `doc`)"),
            ("blank", b"\n\n", "no annotations (each line a JSON object with a `doc`)")]:
        gold = str(write(tmp_path / f"{name}.jsonl", content))
        cases.append((["eval", gold, text], f"{gold}: {reason}"))
    refused(cases)


# ---------------------------------------------------------------- exit codes

def test_file_in_an_unreadable_folder_is_a_per_file_error(shared_tmp):
    write(shared_tmp / "ok.txt", MEETING + "\n").chmod(0o644)
    locked = shared_tmp / "locked"
    write(locked / "a.txt", MEETING_2 + "\n")
    locked.chmod(0)
    result = dipevents("extract", locked / "a.txt", shared_tmp / "ok.txt", "-f", "jsonl",
                       driver=OTHER_USER)
    assert result.code == 1
    assert messages(result.stderr) == [f"dipevents: {locked / 'a.txt'}: permission denied"]
    assert summary(result.stderr) == counts(read=2, failed=1, with_events=1, written=1)


def _without_stderr_reader(*args) -> Done:
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody reads stderr: every write to it fails with EPIPE
    try:
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "dipevents", *map(str, args)],
                              stdout=subprocess.PIPE, stderr=write_end, timeout=60)
    finally:
        os.close(write_end)
    return Done(done.returncode, done.stdout.decode(), "", time.monotonic() - started)


def test_stderr_without_a_reader_changes_neither_output_nor_exit_code(tmp_path):
    text = write(tmp_path / "a.txt", MEETING + "\n")
    clean = _without_stderr_reader("extract", text, "-f", "jsonl")
    assert clean.code == 0
    assert [who(e) for e in events(clean.stdout)] == [("Mwila Banda", "Kagiso Molefe")]
    failed = _without_stderr_reader("extract", text, write(tmp_path / "b.txt", b"\x89PNG\r\n\x1a\n"),
                                    "-f", "jsonl")
    assert failed.code == 1
    assert len(events(failed.stdout)) == 1


# ---------------------------------------------------------------- eval, schema: one guard

def _gold(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


GOOD_GOLD = {"doc": "a.txt", "who": [{"name": "Mwila Banda", "country": "ZMB"}],
             "whom": [{"name": "Kagiso Molefe", "country": "BWA"}]}


def test_eval_reports_each_malformed_gold_line_and_exits_1(tmp_path):
    text = write(tmp_path / "a.txt", MEETING + "\n")
    gold = write(tmp_path / "gold.jsonl", _gold(
        {"doc": ["a.txt"]}, {"doc": "a.txt", "who": [1]}, {"doc": "a.txt", "place": "Lusaka"},
        {"doc": "a.txt", "date": 20240305}, "[" * 50_000, "{not json", {"doc": "a.txt", "who": None},
        GOOD_GOLD))
    result = dipevents("eval", gold, text, "--json")
    assert result.code == 1
    assert messages(result.stderr) == [
        f"dipevents: {gold}:1: malformed gold line (`doc` is not a file name)",
        f"dipevents: {gold}:2: malformed gold line (`who` is not a list of parties)",
        f"dipevents: {gold}:3: malformed gold line (`place` is not an object with a name and country)",
        f"dipevents: {gold}:4: malformed gold line (`date` is not text)",
        f"dipevents: {gold}:5: malformed gold line (invalid JSON: nested too deeply)",
        f"dipevents: {gold}:6: malformed gold line (invalid JSON: Expecting property name "
        "enclosed in double quotes)",
    ]
    scores = json.loads(result.stdout)
    assert (scores["required_pairs"], scores["matched_required"]) == (1, 1)


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_eval_reads_gold_in_other_encodings(tmp_path, encoding):
    text = write(tmp_path / "a.txt", ACCENTED + "\n")
    record = {"doc": "a.txt", "who": [{"name": "Elena Castañeda", "country": "PER"}],
              "whom": [{"name": "Tomás Herrera", "country": "CHL"}]}
    gold = write(tmp_path / "gold.jsonl", json.dumps(record, ensure_ascii=False).encode(encoding))
    result = dipevents("eval", gold, text, "--json")
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["matched_required"] == 1


def test_eval_with_extract_side_errors_reports_them(tmp_path):
    docs = tmp_path / "docs"
    write(docs / "a.txt", MEETING + "\n")
    write(docs / "b.json", '{"text": "x", "n": ' + "7" * 5000 + "}")
    odd = os.fsencode(str(docs)) + b"/c\xff.txt"
    with open(odd, "w") as handle:
        handle.write(MEETING_2 + "\n")
    gold = write(tmp_path / "gold.jsonl", _gold(GOOD_GOLD))
    result = dipevents("eval", gold, docs, "-v")
    assert result.code == 1
    assert messages(result.stderr) == [
        f"dipevents: {docs}/b.json: invalid JSON: exceeds the limit (4300 digits) for integer "
        "string conversion"]
    assert "documents: 3 read, 1 failed; 2 events predicted" in result.stdout


@pytest.mark.parametrize("command", [["schema"], ["eval", "GOLD", "TEXT"], ["--help"]])
def test_a_full_or_closed_stdout_is_one_line_and_exit_1(tmp_path, command):
    gold = write(tmp_path / "gold.jsonl", _gold(GOOD_GOLD))
    text = write(tmp_path / "a.txt", MEETING + "\n")
    args = [{"GOLD": gold, "TEXT": text}.get(a, a) for a in command]
    if os.path.exists("/dev/full"):
        with open("/dev/full", "w") as full:
            result = dipevents(*args, stdout=full)
        assert result.code == 1
        assert messages(result.stderr) == ["dipevents: no space left on device"]
    result = dipevents(*args, stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1))
    assert result.code == 1
    assert messages(result.stderr) == ["dipevents: stdout is closed"]


@pytest.mark.parametrize("fmt", ["jsonl", "table"])
def test_an_ascii_stdout_gets_escapes(tmp_path, fmt):
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    result = dipevents("extract", write(tmp_path / "a.txt", ACCENTED + "\n"), "-f", fmt, env=env)
    assert result.code == 0, result.stderr
    assert result.stdout.isascii()
    if fmt == "jsonl":
        assert [who(e) for e in events(result.stdout)] == [("Elena Castañeda", "Tomás Herrera")]
    else:
        assert "Casta\\u00f1eda" in result.stdout


# ---------------------------------------------------------------- output safety

def test_output_to_devices_fifos_and_symlinks(tmp_path):
    text = write(tmp_path / "a.txt", MEETING + "\n")
    if ROOT:  # -o /dev/null replaced by a regular file would break the machine
        result = dipevents("extract", text, "-f", "jsonl", "-o", "/dev/null")
        assert result.code == 0
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received = []
    reader_thread = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader_thread.start()
    result = dipevents("extract", text, "-f", "jsonl", "-o", fifo)
    reader_thread.join(timeout=30)
    assert result.code == 0, result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [who(e) for e in events(received[0])] == [("Mwila Banda", "Kagiso Molefe")]
    target = write(tmp_path / "real" / "events.json", "old")
    link = tmp_path / "link.json"
    os.symlink(target, link)
    result = dipevents("extract", text, "-f", "json", "-o", link)
    assert result.code == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert [who(e) for e in json.loads(target.read_text())] == [("Mwila Banda", "Kagiso Molefe")]
    assert not list(tmp_path.rglob(".dipevents-*.tmp"))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_clean_up_temporary_files_and_workers(tmp_path, signum):
    docs = tmp_path / "docs"
    for index in range(600):
        write(docs / f"{index:03d}.txt", (MEETING, MEETING_2)[index % 2] + "\n")
    output = tmp_path / "out" / "events.jsonl"
    write(output, "old\n")
    process = subprocess.Popen([sys.executable, "-m", "dipevents", "extract", docs, "-f",
                                "jsonl", "-o", output, "--jobs", "2"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while time.monotonic() < deadline and (len(workers) < 2 or not _temporary(output)):
            time.sleep(0.1)
            workers = _children(process.pid)
        assert len(workers) >= 2 and _temporary(output), "the run did not start its workers"
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 128 + signum
    assert stderr.decode() == f"dipevents: terminated ({signal.Signals(signum).name})\n"
    assert output.read_text() == "old\n"
    assert not _temporary(output)
    time.sleep(0.5)
    assert not [pid for pid in workers if _alive(pid)]


def _temporary(output: Path) -> list[Path]:
    return list(output.parent.glob(".dipevents-*.tmp"))


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# ---------------------------------------------------------------- every reader regex is linear

def _reader_regexes() -> list[tuple[str, re.Pattern, int, str]]:
    """(name, regex, longest line it is tried on, how it is called) for every regex the
    reader runs on text: the debris and header-date rules and its modules' own."""
    rules = reader.reader_rules()
    found = [(f"debris:{r.id}", r.regex, r.max_chars, "fullmatch") for r in rules.debris]
    found += [(f"dates:{r.id}", r.regex, reader.HEADER_LINE_CHARS,
               "finditer" if r.where == "header" else "match") for r in rules.dates]
    found.append(("dates:YEAR", rules.year, reader.HEADER_LINE_CHARS, "finditer"))
    found += [(name, value, 2000, "finditer")
              for module in (debris, decode, formats, header, inputs, rules_module)
              for name, value in vars(module).items() if isinstance(value, re.Pattern)]
    return found


REGEXES = _reader_regexes()
# The pieces that make regexes backtrack: runs of spaces next to separators that a
# neighbouring class also matches, words, dates, bullets, a final character that fails.
PIECES = st.sampled_from([
    " ", "  ", "\t", "a", "ab", "News", "Home", "A", ">", " > ", "  >  ", "\u00bb", "\u203a",
    "/", "|", "\u2022", " \u2022 ", "\u00b7", "\u25aa", "-", "\u2013", "\u2014", ":", ",", ".",
    "!", "&", "'", "\u2019", "(", ")", "2024", "12", "Jan", "March", "Monday", "date", "Date:",
    "Published", "Updated", "PARIS", "Port Louis", "(Reuters)", "\u00c3\u00a9", "\u00e2\u20ac",
    "share", "related", "advertisement", "cookie", "photo", "\u00a9", "1.", "read more:"])
LINES = st.tuples(st.lists(PIECES, min_size=1, max_size=8), st.integers(1, 60), PIECES).map(
    lambda parts: "".join(parts[0]) * parts[1] + parts[2])
BUDGET = 0.25  # seconds per call; a backtracking regex takes seconds to hours on these


class _TooSlow(Exception):
    pass


def _raise_too_slow(signum, frame):
    raise _TooSlow


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(line=LINES)
def test_every_reader_regex_finishes_within_a_small_budget(line):
    previous = signal.signal(signal.SIGALRM, _raise_too_slow)
    try:
        for name, regex, longest, how in REGEXES:
            text = line[:longest]
            signal.setitimer(signal.ITIMER_REAL, 2.0)  # a hard stop: a hang fails, never hangs
            started = time.perf_counter()
            try:
                if how == "fullmatch":
                    regex.fullmatch(text.strip())
                elif how == "match":
                    regex.match(text)
                else:
                    for _ in regex.finditer(text):
                        pass
            except _TooSlow:
                pytest.fail(f"{name} still running after 2 s on {text!r}")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            assert time.perf_counter() - started < BUDGET, (name, text)
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_the_regex_property_covers_every_debris_and_date_rule():
    names = {name for name, *_ in REGEXES}
    assert {"debris:breadcrumb", "debris:ticker", "dates:labelled_date"} <= names
    assert len(names) >= len(reader.reader_rules().debris) + len(reader.reader_rules().dates) + 5


# ---------------------------------------------------------------- huge documents are one document

def test_a_meeting_repeated_across_pieces_is_one_event(tmp_path):
    """Over 50,000 characters, a document is read in pieces: one meeting reported in two
    pieces is one event, and a one-line document is cut at a sentence end, not in a name."""
    filler = FILLER * (55_000 // len(FILLER))
    write(tmp_path / "docs" / "a_paragraphs.txt", f"{MEETING}\n\n{filler}{MEETING}\n")
    line = FILLER.strip() + " "
    name_at = MEETING_2.index("Aasen")  # 50,000 falls between "Ingrid" and "Aasen"
    before = line * ((50_000 - name_at) // len(line))
    before += " " * (50_000 - name_at - len(before))
    write(tmp_path / "docs" / "b_one_line.txt", before + MEETING_2 + " " + line * 20)
    result = dipevents("extract", tmp_path / "docs", "-f", "jsonl", "--no-merge")
    assert result.code == 0, result.stderr
    found = events(result.stdout)
    assert [who(e) for e in found] == [("Mwila Banda", "Kagiso Molefe"),
                                       ("Ingrid Aasen", "Anders Holm")]
    assert found[0]["sources"][0]["start"] == 0  # the first mention is the evidence
    assert summary(result.stderr) == counts(read=2, with_events=2, written=2)


def test_entity_dense_text_costs_time_in_proportion_to_its_length(tmp_path):
    """Every sentence a meeting with four entities: each trigger once read the document's
    whole entity list (18 KB took 15 s)."""
    path = write(tmp_path / "dense.txt", (MEETING + " ") * 200)
    result = dipevents("extract", path, "-f", "jsonl", bound=60)
    assert result.code == 0, result.stderr
    assert [who(e) for e in events(result.stdout)] == [("Mwila Banda", "Kagiso Molefe")]
    assert summary(result.stderr) == counts(read=1, with_events=1, written=1)
    assert result.seconds < 40


def test_progress_bar_on_a_terminal_with_failures(tmp_path):
    """stderr a terminal: the progress bar shows, failures print above it, the run ends."""
    import pty

    docs = tmp_path / "docs"
    write(docs / "a.txt", MEETING + "\n")
    write(docs / "b.txt", b"\x89PNG\r\n\x1a\n")
    main, terminal = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "dipevents", "extract", docs, "-f", "jsonl"],
                              stdout=subprocess.PIPE, stderr=terminal, timeout=60)
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the terminal's other end is closed and drained
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(main)
    assert done.returncode == 1
    assert [who(e) for e in events(done.stdout.decode())] == [("Mwila Banda", "Kagiso Molefe")]
    text = shown.decode("utf-8", errors="replace")
    assert f"{docs / 'b.txt'}: binary file (png)" in text and "Traceback" not in text
    assert "2 documents read" in text


def test_one_guard_serves_every_command():
    """Every command of `app`, and any added to a `GuardedTyper` later, ends a bug in one
    line and exit 1, a failed write in one line, a usage error as Typer reports it."""
    from typer.testing import CliRunner

    from dipevents.cli.app import GuardedTyper, app

    assert app.registered_commands and all(
        hasattr(command.callback, "__wrapped__") for command in app.registered_commands)
    probe = GuardedTyper()

    @probe.command()
    def bug() -> None:
        raise ZeroDivisionError("division by zero")

    @probe.command()
    def disk() -> None:
        raise OSError(28, "No space left on device")

    @probe.command()
    def usage() -> None:
        import typer

        raise typer.BadParameter("not a day", param_hint="--date")

    runner = CliRunner()
    bug_run, disk_run, usage_run = (runner.invoke(probe, [name]) for name in ("bug", "disk", "usage"))
    assert (bug_run.exit_code, disk_run.exit_code, usage_run.exit_code) == (1, 1, 2)
    assert bug_run.stderr.startswith("dipevents: internal error: ZeroDivisionError: division by zero")
    assert disk_run.stderr == "dipevents: no space left on device\n"
    assert "not a day" in usage_run.stderr and "Traceback" not in usage_run.stderr
