"""Provenance, identity and the command line as a new user meets them: where each source
comes from, ids that do not depend on the path, the format from the extension, .gz inputs,
CSV for spreadsheets, the terminal table, help, and an interrupted merged run."""
from __future__ import annotations

import csv
import gzip
import io
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import fcntl

import pytest

from helpers import dipevents, write

MEETING = ("Peruvian Foreign Minister Elena Castañeda met Chilean Foreign Minister Tomás Herrera "
           "in Santiago on Monday.\n")
SECOND = "Zambian President Mwila Banda met Botswana President Kagiso Molefe in Lusaka on Tuesday.\n"
THIRD = ("Latvian Prime Minister Ilze Berzina met Maltese Prime Minister Joseph Farrugia "
         "in Riga on Wednesday.\n")


def jsonl(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


# ---------------------------------------------------------------- sources

def test_record_id_url_and_title_reach_the_sources(tmp_path):
    feed = write(tmp_path / "feed.jsonl", "\n".join([
        json.dumps({"id": "wire-7", "url": "https://news.invalid/7", "title": "Talks in Santiago",
                    "date": "2024-03-07", "text": MEETING}),
        json.dumps({"text": SECOND, "published": "2024-03-08"}),
    ]) + "\n")
    events = jsonl(dipevents("extract", feed, "-f", "jsonl", "-q").stdout)
    sources = sorted((e["sources"][0] for e in events), key=lambda s: s["doc"])
    assert [(s["doc"], s["id"], s["url"], s["title"], s["doc_date"], s["doc_date_source"])
            for s in sources] == [
        (f"{feed}#wire-7", "wire-7", "https://news.invalid/7", "Talks in Santiago",
         "2024-03-07", "metadata"),
        (f"{feed}:2", None, None, None, "2024-03-08", "metadata"),
    ]


def test_json_list_items_are_documents_of_their_own(tmp_path):
    feed = write(tmp_path / "feed.json", json.dumps([{"text": MEETING}, {"text": SECOND}]))
    docs = sorted(e["sources"][0]["doc"]
                  for e in jsonl(dipevents("extract", feed, "-f", "jsonl", "-q").stdout))
    assert docs == [f"{feed}[1]", f"{feed}[2]"]


def test_records_of_one_file_merge_like_separate_files(tmp_path):
    """Two records of one JSONL file reporting one meeting are two sources of one event."""
    feed = write(tmp_path / "feed.jsonl", "\n".join(
        json.dumps({"id": name, "date": "2024-03-07", "text": MEETING}) for name in ("a", "b")))
    [event] = jsonl(dipevents("extract", feed, "-f", "jsonl", "-q").stdout)
    assert [s["doc"] for s in event["sources"]] == [f"{feed}#a", f"{feed}#b"]


@pytest.mark.parametrize("text, expected", [
    ("Date: 2024-03-07\n\n" + MEETING, "header"),
    ("Weekly digest 2024\n\nSANTIAGO, Mar 7 (Prensa) - " + MEETING, "dateline"),
    (MEETING, None),
])
def test_where_the_publication_date_came_from(tmp_path, text, expected):
    path = write(tmp_path / "a.txt", text)
    [event] = jsonl(dipevents("extract", path, "-f", "jsonl", "-q").stdout)
    source = event["sources"][0]
    assert source["doc_date_source"] == expected
    assert (source["doc_date"] is None) == (expected is None)
    [forced] = jsonl(dipevents("extract", path, "-f", "jsonl", "-q",
                               "--doc-date", "2024-01-02").stdout)
    assert forced["sources"][0]["doc_date_source"] == "option"


# ---------------------------------------------------------------- ids

def test_ids_do_not_depend_on_how_the_path_is_written(tmp_path, monkeypatch):
    write(tmp_path / "news" / "a.txt", MEETING + SECOND)
    monkeypatch.chdir(tmp_path)
    runs = [jsonl(dipevents("extract", path, "-f", "jsonl", "-q").stdout)
            for path in ("news/a.txt", "./news/a.txt", str(tmp_path / "news" / "a.txt"),
                         "news/../news/a.txt")]
    ids = [[e["id"] for e in events] for events in runs]
    assert len(ids[0]) == 2 and ids == [ids[0]] * 4
    assert [e["sources"][0]["doc"] for e in runs[1]] == ["news/a.txt"] * 2


def test_no_two_events_share_an_id(tmp_path):
    visits = ("Kenyan President Amani Odero visited Estonia on Monday and Latvia on Tuesday.\n")
    for name in ("a.txt", "b.txt"):  # the same story printed twice
        write(tmp_path / name, MEETING + visits + THIRD)
    unmerged = jsonl(dipevents("extract", tmp_path, "-f", "jsonl", "-q", "--no-merge",
                               "--doc-date", "2024-03-07").stdout)
    assert len(unmerged) >= 8
    assert len({e["id"] for e in unmerged}) == len(unmerged)
    merged = jsonl(dipevents("extract", tmp_path, "-f", "jsonl", "-q",
                             "--doc-date", "2024-03-07").stdout)
    assert len({e["id"] for e in merged}) == len(merged) == len(unmerged) // 2
    again = jsonl(dipevents("extract", tmp_path, "-f", "jsonl", "-q", "--no-merge",
                            "--doc-date", "2024-03-07").stdout)
    assert [e["id"] for e in again] == [e["id"] for e in unmerged]  # stable


# ---------------------------------------------------------------- output files

@pytest.mark.parametrize("name, check", [
    ("out.csv", lambda text: text.startswith("id,date,")),
    ("out.json", lambda text: isinstance(json.loads(text), list)),
    ("out.jsonl", lambda text: all(json.loads(line)["id"] for line in text.splitlines())),
    ("out.txt", lambda text: "Diplomatic events" in text),
])
def test_output_format_from_the_extension(tmp_path, name, check):
    write(tmp_path / "in" / "a.txt", MEETING)
    target = tmp_path / name
    result = dipevents("extract", tmp_path / "in", "-o", target, "-q")
    assert (result.exit_code, result.stdout) == (0, "")
    assert check(target.read_text(encoding="utf-8"))


def test_format_option_wins_but_no_table_into_a_csv(tmp_path):
    write(tmp_path / "in" / "a.txt", MEETING)
    target = tmp_path / "out.csv"
    assert dipevents("extract", tmp_path / "in", "-o", target, "-f", "jsonl", "-q").exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8").splitlines()[0])["type"] == "meeting"
    result = dipevents("extract", tmp_path / "in", "-o", target, "-f", "table")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "--format table cannot be written to" in result.stderr


def test_gz_inputs_are_read_like_the_plain_ones(tmp_path):
    plain = tmp_path / "plain"
    write(plain / "a.txt", MEETING)
    write(plain / "b.jsonl", json.dumps({"id": "x", "text": SECOND}) + "\n")
    write(plain / "c.json", json.dumps([{"text": THIRD}]))
    packed = tmp_path / "packed"
    packed.mkdir()
    for path in plain.iterdir():
        (packed / (path.name + ".gz")).write_bytes(gzip.compress(path.read_bytes()))
    write(packed / "d.txt.gz", gzip.compress(MEETING.encode())[:25])  # cut short
    args = ("-f", "jsonl", "--doc-date", "2024-03-07", "--no-merge")
    want = jsonl(dipevents("extract", plain, *args, "-q").stdout)
    result = dipevents("extract", packed, *args)
    got = jsonl(result.stdout)
    assert len(want) == 3
    strip = lambda e: {**e, "id": None, "sources": [  # noqa: E731
        {**s, "doc": s["doc"].replace(".gz", "").replace(str(packed), "")} for s in e["sources"]]}
    assert [strip(e) for e in got] == [
        {**strip(e), "sources": [{**s, "doc": s["doc"].replace(str(plain), "")}
                                 for s in strip(e)["sources"]]} for e in want]
    assert result.exit_code == 1
    assert f"{packed / 'd.txt.gz'}: corrupt gzip data" in result.stderr


# ---------------------------------------------------------------- CSV

def test_csv_for_spreadsheets(tmp_path):
    wrapped = MEETING.replace(" in Santiago", " in\nSantiago")  # a line break in the sentence
    write(tmp_path / "a.txt", wrapped)
    write(tmp_path / "b.txt", MEETING)
    result = dipevents("extract", tmp_path, "-f", "csv", "--bom", "-q", "--doc-date",
                       "2024-03-07")
    assert result.stdout.startswith("\ufeffid,date,")
    raw = result.stdout.lstrip("\ufeff")
    [row] = list(csv.DictReader(io.StringIO(raw)))
    assert row["cameo"] == "040" and ',"040",' in raw  # quoted: text, not the number 40
    assert row["sources"] == f"{tmp_path / 'a.txt'}; {tmp_path / 'b.txt'}"
    assert row["sentence"] == MEETING.strip()  # the first source's, its line break a space
    assert (row["date"], row["sort_date"], row["plover_mode"]) == ("2024-03-04", "2024-03-04",
                                                                  "visit")
    assert raw.count("\n") == 2
    plain = dipevents("extract", tmp_path, "-f", "csv", "-q")
    assert plain.stdout.startswith("id,")


# ---------------------------------------------------------------- the terminal table

def test_table_is_compact_below_100_columns_and_never_breaks_codes(tmp_path, monkeypatch):
    write(tmp_path / "a_rather_long_file_name_for_an_article.txt", MEETING)
    args = ("extract", tmp_path, "-q", "--doc-date", "2024-03-07")
    monkeypatch.setenv("COLUMNS", "70")
    narrow = dipevents(*args).stdout
    assert max(len(line) for line in narrow.splitlines()) <= 70
    assert "What" in narrow and "Status" not in narrow and "Foreign Minister" not in narrow
    assert "2024-03-04" in narrow and "meeting" in narrow
    monkeypatch.setenv("COLUMNS", "130")
    wide = dipevents(*args).stdout
    assert 100 < max(len(line) for line in wide.splitlines()) <= 130
    assert "Status" in wide and "Foreign Minister" in wide
    name = "a_rather_long_file_name_for_an_article.txt"
    for table in (narrow, wide):  # cut with an ellipsis, never folded onto the next line
        cells = [cell.strip() for line in table.splitlines() for cell in line.split("│")]
        assert not any(cell and name.endswith(cell) and cell != name for cell in cells)
        assert any(cell == name or (cell.endswith("…") and name.startswith(cell[:-1]))
                   for cell in cells)


def _run_in_terminal(args: list[str], columns: int = 120, timeout: float = 120) -> str:
    """Run `python -m dipevents` with stdout and stderr on one pseudo-terminal."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["TERM"] = "xterm"
    proc = subprocess.Popen([sys.executable, "-m", "dipevents", *args], stdin=subprocess.DEVNULL,
                            stdout=follower, stderr=follower, env=env)
    os.close(follower)
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], timeout)
            if not ready:
                raise TimeoutError("no output")
            try:
                data = os.read(leader, 65536)
            except OSError:  # the terminal closed
                break
            if not data:
                break
            chunks.append(data)
    finally:
        proc.wait(timeout=timeout)
        os.close(leader)
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_table_comes_after_the_progress_bar_is_cleared(tmp_path):
    for index in range(12):
        write(tmp_path / f"{index:02}.txt", MEETING if index % 2 else SECOND)
    screen = _run_in_terminal(["extract", str(tmp_path), "--doc-date", "2024-03-07"])
    table = screen.index("Diplomatic events")
    assert "extracting" not in screen[table:]  # no bar drawn over or after the table
    assert "Elena Castañeda" in screen[table:] and "dipevents: 12 documents read" in screen


# ---------------------------------------------------------------- help

def test_version_help_and_metavars():
    version = dipevents("--version")
    assert version.exit_code == 0 and version.stdout.startswith("dipevents ")
    for command in ("extract", "eval", "schema"):
        short, long = dipevents(command, "-h"), dipevents(command, "--help")
        assert short.exit_code == 0 and short.stdout == long.stdout
        assert "Example" in short.stdout
        assert "<str>" not in short.stdout and "<bool>" not in short.stdout
        assert "list[str]" not in short.stdout
    text = dipevents("extract", "-h").stdout
    for metavar in ("PATH", "-o, --output FILE", "--country ISO3", "--since DATE"):
        assert metavar in text


# ---------------------------------------------------------------- interrupted runs

def test_interrupted_merged_run_writes_what_it_had(tmp_path, monkeypatch):
    from dipevents.cli import app as cli_app

    for index, text in enumerate((MEETING, SECOND, THIRD)):
        write(tmp_path / "in" / f"{index}.txt", text)
    target = write(tmp_path / "events.json", "old")
    real = cli_app._documents

    def two_then_ctrl_c(paths, doc_date):
        for count, item in enumerate(real(paths, doc_date)):
            if count == 2:
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(cli_app, "_documents", two_then_ctrl_c)
    monkeypatch.setattr(cli_app, "BATCH_SIZE", 1)
    result = dipevents("extract", tmp_path / "in", "-o", target, "--doc-date", "2024-03-07")
    assert result.exit_code == 130
    kept = json.loads(target.read_text(encoding="utf-8"))
    assert sorted(e["who"][0]["name"] for e in kept) == ["Elena Castañeda", "Mwila Banda"]
    assert "2 events merged before the interruption written to" in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["events.json", "in"]
    unmerged = dipevents("extract", tmp_path / "in", "-o", target, "--no-merge")
    assert unmerged.exit_code == 130 and target.read_text(encoding="utf-8") == json.dumps(
        kept, ensure_ascii=False, indent=2) + "\n"  # streamed runs leave the file as it was
