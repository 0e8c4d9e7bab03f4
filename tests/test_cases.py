"""The cases of `tests/data/cases.jsonl`: short texts with invented people and the events
they must give, each naming the rule or filter it exercises (as PETRARCH keeps its
validation records). Every case goes through the reader, as the command line does.

A case: {"id", "rule", "text", "doc_date", "events": [...]}; each expected event has
"type", "status" and "parties" ([name, country] pairs, compared as a set, who and whom
together, as the scorer pairs them), and may give "place" (a name or null), "date" (a
value or null) and "cameo" (the code). An empty list means the text reports no event. The events are compared as
a whole list, so a missing, an extra or a wrong event fails alike.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dipevents.extract.pipeline import extract_document
from dipevents.extract.reader import iter_documents

CASES_FILE = Path(__file__).parent / "data" / "cases.jsonl"
CASES = [json.loads(line) for line in CASES_FILE.read_text(encoding="utf-8").splitlines()
         if line.strip()]


def _sorted(parties) -> list[list]:
    return sorted((list(p) for p in parties), key=lambda p: (p[0] or "", p[1] or ""))


def _parties(event) -> list[list]:
    return _sorted([p.name, p.country] for p in event.parties())


def _summary(event, expected: dict) -> dict:
    found = {"type": event.type, "status": event.status, "parties": _parties(event)}
    if "place" in expected:
        found["place"] = event.place.name if event.place else None
    if "date" in expected:
        found["date"] = event.date.value if event.date else None
    if "cameo" in expected:
        found["cameo"] = event.cameo
    return found


def _normalised(expected: dict) -> dict:
    return {**expected, "parties": _sorted(expected["parties"])}


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case(nlp, tmp_path, case):
    path = tmp_path / "case.txt"
    path.write_text(case["text"], encoding="utf-8")
    (doc,) = iter_documents([str(path)], doc_date=case.get("doc_date"))
    events = extract_document(doc, nlp)
    expected = [_normalised(e) for e in case["events"]]
    found = [_summary(event, e) for event, e in zip(events, expected)]
    found += [_summary(event, {}) for event in events[len(expected):]]
    assert found == expected, case["text"]


def test_case_ids_are_unique_and_name_a_rule():
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids))
    assert all(case.get("rule") for case in CASES)
