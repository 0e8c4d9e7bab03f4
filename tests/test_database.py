"""The SQLite archive: its schema, an append run that merges and skips, and a run killed
mid-way that leaves every committed document and resumes."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from helpers import dipevents, summary, write

STORIES = {
    "a.txt": "Estonian Foreign Minister Ana Velk met Latvian Foreign Minister Boris Tamm "
             "in Riga on Monday.\n",
    "b.txt": "Peruvian President Carla Ruiz met Chilean President Tomás Herrera "
             "in Lima on Tuesday.\n",
}
AGAIN = ("Latvian Foreign Minister Boris Tamm held talks with Estonian Foreign Minister "
         "Ana Velk in Riga on Monday, officials said.\n")
NEW = "Zambian President Mwila Banda met Botswana President Kagiso Molefe in Lusaka on Friday.\n"


def rows(db, query, *args):
    with sqlite3.connect(db) as conn:
        return conn.execute(query, args).fetchall()


def test_schema_tables_keys_and_indexes(tmp_path):
    for name, text in STORIES.items():
        write(tmp_path / "in" / name, text)
    db = tmp_path / "events.db"
    result = dipevents("extract", tmp_path / "in", "-o", db, "--doc-date", "2024-03-07")
    assert (result.exit_code, result.stdout) == (0, "")
    tables = {name for (name,) in rows(db, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"documents", "events", "parties", "event_parties", "places", "sources"}
    foreign = {(table, target) for table in tables
               for (_, _, target, *_rest) in rows(db, f"PRAGMA foreign_key_list({table})")}
    assert foreign == {("events", "places"), ("event_parties", "events"),
                       ("event_parties", "parties"), ("sources", "events"),
                       ("sources", "documents")}
    indexed = {(table, column) for (table,) in [(t,) for t in tables]
               for (_, index, *_r) in rows(db, f"PRAGMA index_list({table})")
               for (_, _, column) in rows(db, f"PRAGMA index_info({index})")}
    for needed in (("events", "sort_date"), ("events", "date"), ("parties", "key"),
                   ("parties", "country"), ("event_parties", "country"),
                   ("places", "country"), ("documents", "hash")):
        assert needed in indexed, needed
    assert rows(db, "PRAGMA foreign_key_check") == []
    # what a user queries: who met whom, by country, with the sentence and the document
    found = rows(db, """
        SELECT e.date, e.plover_mode, who.name, whom.name, pl.name, s.doc, s.sentence
        FROM events e
        JOIN event_parties a ON a.event_id = e.id AND a.role = 'who'
        JOIN parties who ON who.id = a.party_id
        JOIN event_parties b ON b.event_id = e.id AND b.role = 'whom'
        JOIN parties whom ON whom.id = b.party_id
        JOIN places pl ON pl.id = e.place_id
        JOIN sources s ON s.event_id = e.id
        WHERE a.country = 'EST' OR b.country = 'EST'""")
    assert found == [("2024-03-04", "visit", "Ana Velk", "Boris Tamm", "Riga",
                      str(tmp_path / "in" / "a.txt"), STORIES["a.txt"].strip())]
    assert rows(db, "SELECT key, kind, country FROM parties ORDER BY key") == [
        ("ana velk", "person", "EST"), ("boris tamm", "person", "LVA"),
        ("carla ruiz", "person", "PER"), ("herrera tomas", "person", "CHL")]  # Party.key
    # the same events as the JSON output, ids included
    as_json = json.loads(dipevents("extract", tmp_path / "in", "-f", "json", "-q",
                                   "--doc-date", "2024-03-07").stdout)
    assert sorted(rows(db, "SELECT id, type, cameo, status, confidence FROM events")) == sorted(
        (e["id"], e["type"], e["cameo"], e["status"], e["confidence"]) for e in as_json)


def test_append_run_merges_new_reports_and_skips_documents_done(tmp_path):
    for name, text in STORIES.items():
        write(tmp_path / "day1" / name, text)
    db = tmp_path / "archive.sqlite"
    assert dipevents("extract", tmp_path / "day1", "-o", db, "--doc-date", "2024-03-07",
                     "-q").exit_code == 0
    before = rows(db, "SELECT id FROM events ORDER BY id")
    # the next day: the same folder again, one more report of the Riga talks, one new meeting
    write(tmp_path / "day1" / "c.txt", AGAIN)
    write(tmp_path / "day1" / "d.txt", NEW)
    copy = write(tmp_path / "elsewhere" / "copy_of_a.txt", STORIES["a.txt"])  # same text
    result = dipevents("extract", tmp_path / "day1", copy, "-o", db, "--doc-date", "2024-03-07")
    assert result.exit_code == 0, result.stderr
    assert "3 documents already in" in result.stderr  # a.txt, b.txt and its copy, by content
    counts = summary(result.stderr)
    assert (counts["read"], counts["written"]) == (2, 2)  # Riga gains a source; Lusaka is new
    assert rows(db, "SELECT count(*) FROM documents") == [(4,)]
    events = rows(db, "SELECT id FROM events ORDER BY id")
    assert len(events) == 3 and set(before) < set(events)  # ids kept, nothing duplicated
    riga = rows(db, """SELECT s.doc FROM sources s JOIN events e ON e.id = s.event_id
                       JOIN places p ON p.id = e.place_id WHERE p.name = 'Riga'
                       ORDER BY s.position""")
    assert riga == [(str(tmp_path / "day1" / "a.txt"),), (str(tmp_path / "day1" / "c.txt"),)]
    again = dipevents("extract", tmp_path / "day1", "-o", db, "--doc-date", "2024-03-07")
    assert "4 documents already in" in again.stderr and summary(again.stderr)["read"] == 0
    assert rows(db, "PRAGMA foreign_key_check") == [] and rows(db, "PRAGMA integrity_check") == [
        ("ok",)]


def test_not_an_archive_is_refused(tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (x)")
    write(tmp_path / "a.txt", NEW)
    result = dipevents("extract", tmp_path / "a.txt", "-o", other)
    assert result.exit_code == 2 and "not a dipevents archive" in result.stderr
    junk = write(tmp_path / "junk.db", "not a database at all " * 100)
    result = dipevents("extract", tmp_path / "a.txt", "-o", junk)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert dipevents("extract", tmp_path / "a.txt", "-f", "sqlite").exit_code == 2
    busy = tmp_path / "busy.db"
    assert dipevents("extract", tmp_path / "a.txt", "-o", busy, "-q").exit_code == 0
    holder = sqlite3.connect(busy, timeout=0, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another run is writing
    try:
        result = dipevents("extract", tmp_path / "a.txt", "-o", busy, "-q")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "database is locked" in result.stderr


def test_run_killed_midway_keeps_committed_documents_and_resumes(tmp_path):
    stories = [STORIES["a.txt"], STORIES["b.txt"], NEW, AGAIN]
    count = 96
    for index in range(count):
        write(tmp_path / "in" / f"{index:03}.txt",
              f"Bulletin {index}.\n\n" + stories[index % len(stories)])
    db = tmp_path / "events.db"
    command = [sys.executable, "-m", "dipevents", "extract", str(tmp_path / "in"), "-o", str(db),
               "--doc-date", "2024-03-07", "-q"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    committed = 0
    try:
        while committed < 16 and time.monotonic() < deadline:  # two batches in
            time.sleep(0.05)
            if os.path.exists(db):
                try:
                    committed = rows(db, "SELECT count(*) FROM documents")[0][0]
                except sqlite3.OperationalError:  # not created yet, or locked
                    pass
        assert proc.poll() is None, "the run ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "PRAGMA foreign_key_check") == []
    kept = rows(db, "SELECT count(*) FROM documents")[0][0]
    assert committed <= kept < count and kept % 8 == 0  # whole batches, nothing half-written
    assert rows(db, "SELECT count(*) FROM sources WHERE document_id NOT IN "
                    "(SELECT id FROM documents)") == [(0,)]
    resumed = subprocess.run(command[:-1], capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{kept} documents already in" in resumed.stderr
    assert rows(db, "SELECT count(*) FROM documents") == [(count,)]
    fresh = tmp_path / "fresh.db"
    subprocess.run([*command[:6], str(fresh), *command[7:]], check=True, timeout=300)
    query = ("SELECT e.type, e.date, p.name, count(s.id) FROM events e "
             "JOIN places p ON p.id = e.place_id JOIN sources s ON s.event_id = e.id "
             "GROUP BY e.id ORDER BY e.date, p.name")
    assert rows(db, query) == rows(fresh, query)  # resuming gives what one run gives
