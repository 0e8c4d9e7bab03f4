"""A fault in one document is that document's failure, on every execution path.

A failure is injected by patching a component to raise (or to hang) on the one document
that names "Quillon"; the others of the same batch must come out as in a run without the
fault. The cluster path is tested in test_cluster.py.
"""
from __future__ import annotations

import json
import time

import pytest

from helpers import SUMMARY, dipevents, summary, write
from dipevents.extract import assemble, components
from dipevents.extract.faults import Budget, DocumentTimeout, deadline

MEETINGS = [
    "Zambian President Mwila Banda met Botswana President Kagiso Molefe in Lusaka on Tuesday.",
    "Norwegian Prime Minister Ingrid Aasen met Danish Prime Minister Anders Holm in Oslo on Friday.",
    "Peruvian Foreign Minister Elena Castaneda met Chilean Foreign Minister Tomas Herrera in "
    "Santiago on Monday.",
]
FAULTY = ("Ruritanian President Otto Quillon met Grand Fenwick Prime Minister Mountjoy in "
          "Strelsau on Monday.")
MARK = "Quillon"


@pytest.fixture
def folder(tmp_path):
    """Four articles in one batch; the third names the marked president."""
    texts = MEETINGS[:2] + [FAULTY] + MEETINGS[2:]
    for number, text in enumerate(texts):
        write(tmp_path / "news" / f"{number}.txt", f" date 2024-03-0{number + 1}\n{text}\n")
    return tmp_path / "news"


@pytest.fixture
def records(tmp_path):
    """The same four as JSON Lines records, the marked one on line 3."""
    texts = MEETINGS[:2] + [FAULTY] + MEETINGS[2:]
    lines = [json.dumps({"id": f"r{n}", "date": f"2024-03-0{n + 1}", "text": text})
             for n, text in enumerate(texts)]
    return write(tmp_path / "records.jsonl", "\n".join(lines) + "\n")


def _raise_on_mark(original):
    def call(self, doc):
        if MARK in doc.text:
            raise ValueError("injected fault for a test\nwith a second line")
        return original(self, doc)
    return call


def _hang_on_mark(original):
    def call(self, doc):
        while MARK in doc.text:
            time.sleep(0.02)
        return original(self, doc)
    return call


def _clean_run(path, *args):
    result = dipevents("extract", path, "-f", "jsonl", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _without_mark(stdout: str) -> str:
    return "".join(line + "\n" for line in stdout.splitlines() if MARK not in line)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_exception_in_the_spacy_pass_fails_one_document(folder, tmp_path, monkeypatch, jobs):
    clean = _clean_run(folder, "--jobs", jobs)
    assert MARK in clean  # without the fault the marked document has its event
    monkeypatch.setattr(components.RuleMatcher, "__call__",
                        _raise_on_mark(components.RuleMatcher.__call__))
    errors = tmp_path / "errors.jsonl"
    result = dipevents("extract", folder, "-f", "jsonl", "--jobs", jobs, "--errors", errors)
    assert result.exit_code == 1
    assert result.stdout == _without_mark(clean)  # the rest of the batch is not lost
    [line] = [line for line in result.stderr.splitlines() if not SUMMARY.match(line)]
    assert line == f"dipevents: {folder / '2.txt'}: extraction failed: ValueError: " \
                   "injected fault for a test"
    assert summary(result.stderr) == dict(read=4, skipped=0, prefiltered=0, not_documents=0,
                                          failed=1, with_events=3, without_events=0, written=3)
    assert [json.loads(x) for x in errors.read_text().splitlines()] == [
        {"path": str(folder / "2.txt"), "line": None,
         "reason": "extraction failed: ValueError: injected fault for a test"}]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_exception_in_assembly_names_the_record(records, monkeypatch, jobs):
    clean = _clean_run(records, "--no-merge", "--jobs", jobs)
    original = assemble.Assembler.__call__

    def call(self, doc, source):
        if MARK in source.text:
            raise KeyError("no such party")
        return original(self, doc, source)

    monkeypatch.setattr(assemble.Assembler, "__call__", call)
    result = dipevents("extract", records, "-f", "jsonl", "--no-merge", "--jobs", jobs)
    assert result.exit_code == 1
    assert result.stdout == _without_mark(clean)
    assert f"dipevents: {records}:3: extraction failed: KeyError: 'no such party'" \
        in result.stderr.splitlines()
    assert summary(result.stderr)["failed"] == 1


def test_exception_in_the_prefilter_fails_one_document(folder, monkeypatch):
    from dipevents.extract.prefilter import Prefilter

    clean = _clean_run(folder)
    original = Prefilter.reach

    def reach(self, text):
        if MARK in text:
            raise RuntimeError("prefilter fault")
        return original(self, text)

    monkeypatch.setattr(Prefilter, "reach", reach)
    result = dipevents("extract", folder, "-f", "jsonl")
    assert result.exit_code == 1
    assert result.stdout == _without_mark(clean)
    assert f"dipevents: {folder / '2.txt'}: extraction failed: RuntimeError: prefilter fault" \
        in result.stderr.splitlines()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_document_past_its_time_budget_fails_and_the_run_goes_on(folder, monkeypatch, jobs):
    clean = _clean_run(folder, "--jobs", jobs)
    monkeypatch.setattr(components.RuleMatcher, "__call__",
                        _hang_on_mark(components.RuleMatcher.__call__))
    started = time.monotonic()
    result = dipevents("extract", folder, "-f", "jsonl", "--jobs", jobs, "--doc-timeout", "0.5")
    # The batch's budget (4 x 0.5 s), then the marked document alone (0.5 s), and spaCy.
    assert time.monotonic() - started < 60
    assert result.exit_code == 1
    assert result.stdout == _without_mark(clean)
    assert f"dipevents: {folder / '2.txt'}: extraction stopped after 0.5 s (--doc-timeout)" \
        in result.stderr.splitlines()
    assert summary(result.stderr)["failed"] == 1


def test_default_budget_grows_with_the_length():
    budget = Budget.from_option(None)
    assert budget.of([50_000]) > budget.of([1_000]) > 0
    assert budget.of([1_000, 1_000]) == 2 * budget.of([1_000])
    assert Budget.from_option(2).of([10, 100_000]) == 4
    assert Budget.from_option(0).of([10]) is None


def test_deadline_interrupts_the_main_thread_and_other_threads():
    import threading

    def spin():
        with deadline(0.2):
            while True:
                time.sleep(0.01)

    with pytest.raises(DocumentTimeout):
        spin()
    caught = []

    def in_thread():
        try:
            spin()
        except DocumentTimeout:
            caught.append(True)

    worker = threading.Thread(target=in_thread)
    worker.start()
    worker.join(10)
    assert caught == [True]


def test_deadline_that_is_not_reached_leaves_nothing_behind():
    import threading

    def quick():
        with deadline(0.05):
            pass
        time.sleep(0.15)  # past the deadline: nothing may strike now
        return "done"

    assert quick() == "done"
    out = []
    worker = threading.Thread(target=lambda: out.append(quick()))
    worker.start()
    worker.join(10)
    assert out == ["done"]
