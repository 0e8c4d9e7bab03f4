"""The command-line contract: outputs, formats, exit codes, one-line errors, no tracebacks.

Each test runs `dipevents` through `typer.testing.CliRunner` (or `python -m dipevents` in a
subprocess) on small texts written here, and compares the real output.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys

import pytest

from helpers import dipevents, summary, write

MEETING = ("Peruvian Foreign Minister Elena Castañeda met Chilean Foreign Minister Tomás Herrera "
           "in Santiago on Monday.\n")
SECOND = "Zambian President Mwila Banda met Botswana President Kagiso Molefe in Lusaka on Tuesday.\n"
QUIET_TEXT = "Farmers sell apples and pears. Rainfall stays low; rivers look calm.\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def jsonl(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def party(event: dict, side: str) -> list[tuple]:
    return [(p["name"], p["title"], p["country"]) for p in event[side]]


# ---------------------------------------------------------------- end to end

def test_extract_one_meeting_as_jsonl(tmp_path):
    path = write(tmp_path / "lima.txt", MEETING)
    result = dipevents("extract", path, "-f", "jsonl", "--doc-date", "2024-03-07")
    assert result.exit_code == 0, result.stderr
    [event] = jsonl(result.stdout)
    assert (event["type"], event["status"]) == ("meeting", "occurred")
    assert party(event, "who") == [("Elena Castañeda", "Foreign Minister", "PER")]
    assert party(event, "whom") == [("Tomás Herrera", "Foreign Minister", "CHL")]
    assert (event["place"]["name"], event["place"]["country"]) == ("Santiago", "CHL")
    assert (event["date"]["value"], event["date"]["text"]) == ("2024-03-04", "Monday")
    assert event["sources"] == [{"doc": str(path), "doc_date": "2024-03-07",
                                 "sentence": MEETING.strip(), "start": 0,
                                 "end": len(MEETING.strip()), "id": None, "url": None,
                                 "title": None, "doc_date_source": "option",
                                 "site": None}]
    assert summary(result.stderr) == dict(read=1, skipped=0, prefiltered=0, not_documents=0,
                                          failed=0, with_events=1, without_events=0, written=1)


def test_formats_carry_the_same_events(tmp_path):
    write(tmp_path / "a.txt", MEETING)
    write(tmp_path / "b.txt", SECOND)
    args = ("extract", tmp_path, "--doc-date", "2024-03-07", "-q", "-f")
    as_json = json.loads(dipevents(*args, "json").stdout)
    as_jsonl = jsonl(dipevents(*args, "jsonl").stdout)
    assert as_json == as_jsonl and len(as_json) == 2
    assert [e["date"]["value"] for e in as_json] == ["2024-03-04", "2024-03-05"]  # oldest first
    rows = list(csv.DictReader(io.StringIO(dipevents(*args, "csv").stdout)))
    assert [(r["id"], r["who"], r["whom"], r["place"], r["date"]) for r in rows] == [
        (e["id"], e["who"][0]["name"], e["whom"][0]["name"], e["place"]["name"],
         e["date"]["value"]) for e in as_json]
    table = dipevents(*args, "table")
    assert table.exit_code == 0 and table.stderr == ""
    for text in ("Diplomatic events", "Elena Castañeda", "Kagiso Molefe", "Lusaka (ZMB)", "a.txt"):
        assert text in table.stdout


def test_stdin(tmp_path):
    result = dipevents("extract", "-", "-f", "jsonl", "-q", input=SECOND.encode("utf-8"))
    [event] = jsonl(result.stdout)
    assert party(event, "who") == [("Mwila Banda", "President", "ZMB")]
    assert event["sources"][0]["doc"] == "<stdin>"


def test_output_file(tmp_path):
    write(tmp_path / "in" / "a.txt", MEETING)
    target = write(tmp_path / "events.json", "old contents")
    result = dipevents("extract", tmp_path / "in", "-f", "json", "-o", target)
    assert (result.exit_code, result.stdout) == (0, "")
    assert [e["place"]["name"] for e in json.loads(target.read_text(encoding="utf-8"))] == [
        "Santiago"]
    assert sorted(os.listdir(tmp_path)) == ["events.json", "in"]  # no temporary file left


# ---------------------------------------------------------------- nothing to report

@pytest.mark.parametrize("fmt, expected", [("json", "[]\n"), ("jsonl", ""),
                                           ("csv", "id,date,date_precision,")])
def test_empty_input(tmp_path, fmt, expected):
    (tmp_path / "empty").mkdir()
    result = dipevents("extract", tmp_path / "empty", "-f", fmt)
    assert result.exit_code == 0
    assert result.stdout.startswith(expected) and result.stdout.count("\n") == (fmt != "jsonl")
    assert summary(result.stderr)["read"] == 0


def test_empty_input_prints_an_empty_table(tmp_path):
    empty = write(tmp_path / "empty.txt", "")
    result = dipevents("extract", empty)
    assert result.exit_code == 0
    assert "Diplomatic events" in result.stdout and "When" in result.stdout
    assert summary(result.stderr) == dict(read=1, skipped=1, prefiltered=1, not_documents=0,
                                          failed=0, with_events=0, without_events=0, written=0)


# ---------------------------------------------------------------- errors

def test_missing_path_is_one_line_and_exit_2(tmp_path):
    good = write(tmp_path / "a.txt", MEETING)
    result = dipevents("extract", good, tmp_path / "nope.txt")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"dipevents: no such file or folder: {tmp_path / 'nope.txt'}\n"


def test_model_not_installed_is_one_line_and_exit_2(tmp_path):
    result = dipevents("extract", write(tmp_path / "a.txt", MEETING),
                       "--model", "not_installed_model")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("dipevents: spaCy pipeline 'not_installed_model' is not "
                                    "installed; install it with `pip install ")


@pytest.mark.parametrize("args, message", [
    (("--doc-date", "soon"), "--doc-date 'soon' is not a YYYY-MM-DD date"),
    (("-o", "{tmp}/no/such/folder/out.json"), "--output {tmp}/no/such/folder/out.json: no such folder"),
    (("--errors", "{tmp}"), "--errors {tmp}: is a folder"),
])
def test_bad_options_are_one_line_and_exit_2(tmp_path, args, message):
    path = write(tmp_path / "a.txt", MEETING)
    args = [a.format(tmp=tmp_path) for a in args]
    result = dipevents("extract", path, *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("dipevents: " + message.format(tmp=tmp_path))
    assert result.stderr.count("\n") == 1


def test_bad_files_are_reported_and_the_rest_is_processed(tmp_path):
    write(tmp_path / "a_good.txt", MEETING)
    write(tmp_path / "b_image.txt", PNG)
    lines = [json.dumps({"text": SECOND, "id": "s1"}), '{"text": "cut off',
             json.dumps({"id": "no text"})]
    feed = write(tmp_path / "c_feed.jsonl", "\n".join(lines) + "\n")
    write(tmp_path / "d_latin.txt", "Caf\xe9 society.\n".encode("latin-1"))
    errors = tmp_path / "errors.jsonl"
    result = dipevents("extract", tmp_path / "a_good.txt", tmp_path / "b_image.txt", feed,
                       tmp_path / "d_latin.txt", "-f", "jsonl", "--no-merge",
                       "--errors", errors)
    assert result.exit_code == 1
    assert [e["who"][0]["name"] for e in jsonl(result.stdout)] == ["Elena Castañeda",
                                                                   "Mwila Banda"]
    assert result.stderr.splitlines()[:3] == [
        f"dipevents: {tmp_path / 'b_image.txt'}: binary file (png)",
        f"dipevents: {feed}:2: invalid JSON: Unterminated string starting at",
        f"dipevents: {feed}:3: no text field",
    ]
    assert summary(result.stderr) == dict(read=6, skipped=1, prefiltered=1, not_documents=0,
                                          failed=3, with_events=2, without_events=0, written=2)
    assert jsonl(errors.read_text(encoding="utf-8")) == [
        {"path": str(tmp_path / "b_image.txt"), "line": None, "reason": "binary file (png)"},
        {"path": str(feed), "line": 2, "reason": "invalid JSON: Unterminated string starting at"},
        {"path": str(feed), "line": 3, "reason": "no text field"},
    ]


def test_annotation_file_in_a_folder_is_skipped_not_failed(tmp_path):
    """A JSONL file beside the articles whose records have no `text` is not a document file:
    noted once and skipped. Named on the command line, each record is an error."""
    write(tmp_path / "a.txt", MEETING)
    gold = write(tmp_path / "gold.jsonl", "".join(
        json.dumps({"doc": "a.txt", "who": [{"name": f"Person {i}"}]}) + "\n" for i in range(5)))
    write(tmp_path / "config.json", json.dumps({"version": 2}))
    write(tmp_path / "notes.json", json.dumps([{"doc": "a.txt"}]))
    result = dipevents("extract", tmp_path, "-f", "jsonl")
    assert result.exit_code == 0
    assert len(jsonl(result.stdout)) == 1
    notes = [line for line in result.stderr.splitlines() if "skipped:" in line]
    assert notes == [f"dipevents: {tmp_path / name}: skipped: not a document file (no text field)"
                     for name in ("config.json", "gold.jsonl", "notes.json")]
    assert summary(result.stderr) == dict(read=4, skipped=3, prefiltered=0, not_documents=3,
                                          failed=0, with_events=1, without_events=0, written=1)
    explicit = dipevents("extract", gold, "-f", "jsonl")
    assert explicit.exit_code == 1
    assert [line for line in explicit.stderr.splitlines() if "no text field" in line] == [
        f"dipevents: {gold}:{n}: no text field" for n in range(1, 6)]


def test_document_collection_with_bad_first_line_is_still_read(tmp_path):
    lines = ["{oops", json.dumps({"text": SECOND})]
    write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    result = dipevents("extract", tmp_path, "-f", "jsonl")
    assert result.exit_code == 1
    assert len(jsonl(result.stdout)) == 1
    assert f"{tmp_path / 'feed.jsonl'}:1: invalid JSON" in result.stderr


def test_seeds_folder_runs_clean():
    seeds = os.path.join(os.path.dirname(__file__), "..", "seeds")
    result = dipevents("extract", seeds, "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    counts = summary(result.stderr)
    assert (counts["not_documents"], counts["failed"]) == (2, 0)  # gold.jsonl, report.png
    assert counts["with_events"] >= 1 and len(jsonl(result.stdout)) == counts["written"]


def test_images_in_a_folder_are_noted_and_skipped_but_named_ones_fail(tmp_path):
    write(tmp_path / "lima.txt", MEETING)
    write(tmp_path / "shot.png", PNG)
    write(tmp_path / "logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'><text>Lima</text></svg>")
    result = dipevents("extract", tmp_path, "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert f"{tmp_path / 'shot.png'}: skipped: not a document file (an image)" in result.stderr
    counts = summary(result.stderr)
    assert (counts["not_documents"], counts["failed"], counts["written"]) == (2, 0, 1)
    result = dipevents("extract", tmp_path / "shot.png", "-f", "jsonl")
    assert result.exit_code == 1
    assert f"{tmp_path / 'shot.png'}: binary file (png)" in result.stderr


def test_quiet_drops_the_summary_but_not_the_errors(tmp_path):
    write(tmp_path / "b.txt", PNG)
    result = dipevents("extract", tmp_path, "-q")
    assert result.exit_code == 1
    assert result.stderr == f"dipevents: {tmp_path / 'b.txt'}: binary file (png)\n"


# ---------------------------------------------------------------- schema and entry points

def test_schema_is_json_schema_that_output_follows(tmp_path):
    result = dipevents("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    write(tmp_path / "a.txt", MEETING)
    [event] = json.loads(dipevents("extract", tmp_path, "-f", "json", "-q").stdout)
    assert list(violations(event, schema, schema)) == []
    event["type"] = "lunch"
    del event["sources"][0]["start"]
    assert list(violations(event, schema, schema)) == [
        "$.type: not one of ['meeting', 'visit', 'call']", "$.sources[0]: no 'start'"]


def violations(value, schema: dict, root: dict, where: str = "$"):
    """The JSON Schema keywords event.schema.json uses, checked (no jsonschema needed)."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        yield from violations(value, root["$defs"][name], root, where)
        return
    if "oneOf" in schema:
        if sum(not list(violations(value, s, root, where)) for s in schema["oneOf"]) != 1:
            yield f"{where}: not exactly one of oneOf"
        return
    types = schema.get("type")
    if types is not None:
        kinds = {"object": dict, "array": list, "string": str, "null": type(None),
                 "integer": int, "number": (int, float)}
        names = [types] if isinstance(types, str) else types
        if not any(isinstance(value, kinds[t]) and not isinstance(value, bool) or
                   (t == "null" and value is None) for t in names):
            yield f"{where}: not {types}"
            return
    if "enum" in schema and value not in schema["enum"]:
        yield f"{where}: not one of {schema['enum']}"
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
        yield f"{where}: does not match {schema['pattern']}"
    if "minimum" in schema and isinstance(value, (int, float)) and value < schema["minimum"]:
        yield f"{where}: below {schema['minimum']}"
    if "maximum" in schema and isinstance(value, (int, float)) and value > schema["maximum"]:
        yield f"{where}: above {schema['maximum']}"
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                yield f"{where}: no {key!r}"
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                yield from violations(value[key], sub, root, f"{where}.{key}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            yield f"{where}: fewer than {schema['minItems']} items"
        for index, item in enumerate(value):
            yield from violations(item, schema.get("items", {}), root, f"{where}[{index}]")


def test_python_m_dipevents(tmp_path):
    path = write(tmp_path / "a.txt", SECOND)
    done = subprocess.run([sys.executable, "-m", "dipevents", "extract", str(path), "-f", "jsonl"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    [event] = jsonl(done.stdout)
    assert (event["place"]["name"], event["place"]["country"]) == ("Lusaka", "ZMB")
    schema = subprocess.run([sys.executable, "-m", "dipevents", "schema"], capture_output=True,
                            text=True, timeout=60)
    assert schema.returncode == 0 and json.loads(schema.stdout)["title"] == "dipevents event"
