"""The extraction on a Dask cluster gives the one-machine output, byte for byte, and loses
no document to a fault: an exception or a hang in one document's extraction on a worker,
or a worker process that dies mid-run.

The cluster runs are subprocesses with hard timeouts; the inputs are the seeds and a slice
of the research corpus, read from `../shared/corpus` beside the repository (never copied
into it), cut into byte ranges small enough that both workers get several tasks.
"""
from __future__ import annotations

import gzip
import itertools
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import cloudpickle
import pytest
from distributed import Client, LocalCluster

from helpers import SUMMARY, dipevents, summary, write
from dipevents.extract import components

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl.gz"
SLICE_TEXTS = 200  # every 150th text of the corpus
CHUNK = "30000"  # bytes per task: the slice (~180 KB) makes about six byte ranges
RUN_TIMEOUT = 300  # seconds: a cluster run that hangs fails the test instead
MARK = "Quillon"
FAULTY = ("Ruritanian President Otto Quillon met Grand Fenwick Prime Minister Mountjoy in "
          "Strelsau on Monday.")

MEETINGS = [
    "Zambian President Mwila Banda met Botswana President Kagiso Molefe in Lusaka on Tuesday.",
    "Norwegian Prime Minister Ingrid Aasen met Danish Prime Minister Anders Holm in Oslo on "
    "Friday.",
    "Peruvian Foreign Minister Elena Castaneda met Chilean Foreign Minister Tomas Herrera in "
    "Santiago on Monday.",
]
LABELLED = (60, 100, 186)  # their lines, before the three lines inserted at 121, 151, 171

cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the fault patches, to workers


@pytest.fixture(scope="module")
def corpus_slice(tmp_path_factory) -> Path:
    """SLICE_TEXTS corpus texts as JSONL, half of them without an id (an event names such a
    record by its line), with two malformed lines in later byte ranges and one marked
    meeting: line numbers must count from the file's start on every worker."""
    if not CORPUS.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CORPUS} is missing: CI lays shared/ beside the clone")
        pytest.skip(f"{CORPUS} is not beside this clone")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as corpus:
        lines = [line.rstrip("\n") for line in itertools.islice(corpus, 0, None, 150)]
    lines = lines[:SLICE_TEXTS]
    for number in range(0, SLICE_TEXTS, 2):  # without an id, a record is named by its line
        record = json.loads(lines[number])
        record.pop("id", None)
        lines[number] = json.dumps(record)
    for number, text in zip(LABELLED, MEETINGS):  # meetings named by their lines
        lines[number - 1] = json.dumps({"date": "2024-05-06", "text": text})
    lines[120:120] = ['{"text": "broken']
    lines[150:150] = [json.dumps({"id": "marked", "date": "2024-05-02", "text": FAULTY})]
    lines[170:170] = ["not json at all"]
    path = tmp_path_factory.mktemp("slice") / "slice.jsonl"
    return write(path, "\n".join(lines) + "\n")  # the marked record is line 151


@pytest.fixture(scope="module")
def small_slice(corpus_slice, tmp_path_factory) -> Path:
    """Lines 131 to 170 of the slice, the marked record on line 21: four byte ranges."""
    lines = corpus_slice.read_text(encoding="utf-8").splitlines()[130:170]
    path = tmp_path_factory.mktemp("small") / "small.jsonl"
    return write(path, "\n".join(lines) + "\n")


def cli(*args, timeout: float = RUN_TIMEOUT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dipevents", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                          stdin=subprocess.DEVNULL)


def reports(stderr: str) -> list[str]:
    """The failure and note lines, without the summary's timing."""
    return [line for line in stderr.splitlines() if line.startswith("dipevents: ")
            and not SUMMARY.match(line)]


def local_run(*args):
    result = dipevents("extract", *args, "-f", "jsonl")
    return result


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of two worker processes for the tests that reach into the workers."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as local, Client(local) as client:
        yield client


@pytest.mark.parametrize("merge", [True, False], ids=["merged", "no-merge"])
def test_local_cluster_of_two_workers_gives_the_one_machine_output(corpus_slice, tmp_path,
                                                                   merge):
    seeds = ROOT / "seeds"
    flags = [] if merge else ["--no-merge"]
    one = local_run(corpus_slice, seeds, *flags, "--errors", tmp_path / "one.jsonl")
    assert one.exit_code == 1  # the two malformed lines
    for line in (60, 100, 189):  # 186 + 3: counted from the file's start, in a later range
        assert f'"doc": "{corpus_slice}:{line}"' in one.stdout
    many = cli("extract", corpus_slice, seeds, "-f", "jsonl", *flags, "--cluster", "local:2",
               "--chunk-bytes", CHUNK, "--errors", tmp_path / "many.jsonl")
    assert many.returncode == 1, many.stderr
    assert many.stdout == one.stdout
    assert reports(many.stderr) == reports(one.stderr)
    assert f"dipevents: {corpus_slice}:171: invalid JSON: Expecting value" in reports(one.stderr)
    assert summary(many.stderr) == summary(one.stderr)
    assert (tmp_path / "many.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()


def _raise_on_mark():
    original = components.RuleMatcher.__dict__.get("_dipevents_original",
                                                    components.RuleMatcher.__call__)

    def call(self, doc):
        if MARK in doc.text:
            raise ValueError("injected on a worker")
        return original(self, doc)

    components.RuleMatcher._dipevents_original = original
    components.RuleMatcher.__call__ = call


def _hang_on_mark():
    original = components.RuleMatcher.__dict__.get("_dipevents_original",
                                                    components.RuleMatcher.__call__)

    def call(self, doc):
        while MARK in doc.text:
            time.sleep(0.02)
        return original(self, doc)

    components.RuleMatcher._dipevents_original = original
    components.RuleMatcher.__call__ = call


def _heal():
    original = components.RuleMatcher.__dict__.get("_dipevents_original")
    if original is not None:
        components.RuleMatcher.__call__ = original
        del components.RuleMatcher._dipevents_original


def _cluster_run(client, path, *args, chunk=CHUNK):
    return cli("extract", path, "-f", "jsonl", "--cluster", client.scheduler.address,
               "--chunk-bytes", chunk, *args)


def _without_mark(stdout: str) -> str:
    return "".join(line + "\n" for line in stdout.splitlines() if MARK not in line)


@pytest.mark.parametrize("fault, reason", [
    (_raise_on_mark, "extraction failed: ValueError: injected on a worker"),
    (_hang_on_mark, "extraction stopped after 2 s (--doc-timeout)"),
], ids=["exception", "hang"])
def test_a_fault_on_a_worker_fails_one_document(cluster, small_slice, fault, reason):
    clean = local_run(small_slice, "--doc-timeout", "2")
    assert MARK in clean.stdout
    cluster.run(fault)
    try:
        result = _cluster_run(cluster, small_slice, "--doc-timeout", "2", chunk="8000")
    finally:
        cluster.run(_heal)
    assert result.returncode == 1, result.stderr
    assert result.stdout == _without_mark(clean.stdout)
    assert reports(result.stderr) == [f"dipevents: {small_slice}:21: {reason}"]
    counts, expected = summary(result.stderr), summary(clean.stderr)
    assert counts["failed"] == expected["failed"] + 1 == 1
    assert counts["with_events"] == expected["with_events"] - 1


def test_a_worker_killed_mid_run_loses_no_document(cluster, corpus_slice):
    one = local_run(corpus_slice)
    pids = cluster.run(os.getpid)
    killed: list[str] = []
    done = threading.Event()

    def kill_one_at_work():
        """Kill the first worker the scheduler shows busy with a task of the run."""
        while not done.is_set():
            for address, keys in cluster.processing().items():
                if any("extract_part" in str(key) for key in keys) and address in pids:
                    os.kill(pids[address], signal.SIGKILL)
                    killed.append(address)
                    return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_one_at_work, daemon=True)
    killer.start()
    try:
        result = _cluster_run(cluster, corpus_slice)
    finally:
        done.set()
        killer.join(10)
    assert killed, "no worker was seen at work: the run ended before the kill"
    assert result.returncode == 1, result.stderr  # the two malformed lines, nothing more
    assert result.stdout == one.stdout
    assert reports(result.stderr) == reports(one.stderr)
    assert summary(result.stderr) == summary(one.stderr)
    cluster.wait_for_workers(2, timeout=120)  # the nanny brought the worker back


def test_without_dask_the_cluster_option_says_how_to_install_it(tmp_path):
    write(tmp_path / "block" / "distributed" / "__init__.py", "raise ImportError('blocked')\n")
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "block"))
    result = subprocess.run([sys.executable, "-m", "dipevents", "extract", "seeds/",
                             "--cluster", "local:2"], capture_output=True, text=True,
                            timeout=RUN_TIMEOUT, cwd=ROOT, env=env, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert result.stderr == "dipevents: --cluster needs Dask: pip install 'dipevents[dask]'\n"
    plain = subprocess.run([sys.executable, "-m", "dipevents", "extract", ROOT / "seeds", "-f",
                            "jsonl", "-q"], capture_output=True, text=True, timeout=RUN_TIMEOUT,
                           cwd=ROOT, env=env, stdin=subprocess.DEVNULL)
    assert plain.returncode == 0
    assert plain.stdout == dipevents("extract", ROOT / "seeds", "-f", "jsonl", "-q").stdout != ""


def test_a_bad_cluster_spec_is_one_line():
    result = dipevents("extract", "seeds/", "--cluster", "local:zero")
    assert result.exit_code == 2
    assert result.stderr == "dipevents: --cluster local:zero: expected local:N with N at least 1\n"


def test_progress_comes_from_the_scheduler_and_urls_are_read_on_the_workers(cluster,
                                                                            corpus_slice):
    from dipevents.extract.cluster import run_cluster
    from dipevents.extract.pipeline import DEFAULT_MODEL, RunStats, run
    from dipevents.extract.reader import iter_documents

    seen: list[int] = []
    stats = RunStats()
    url = corpus_slice.as_uri()  # file://...: opened with fsspec on the workers
    events = list(run_cluster([url], cluster, model=DEFAULT_MODEL, chunk_bytes=int(CHUNK),
                              batch_size=8, stats=stats,
                              on_progress=lambda live: seen.append(live.read)))
    one = RunStats()
    expected = list(run(iter_documents([str(corpus_slice)], max_chars=50_000), batch_size=8,
                        stats=one))
    deadline = time.monotonic() + 30
    while (not seen or seen[-1] < stats.read) and time.monotonic() < deadline:
        time.sleep(0.1)  # the last reports may arrive after the last result
    assert seen == sorted(seen) and seen[-1] == stats.read == one.read
    assert all(e.sources[0].doc.startswith("file:/") for e in events)
    assert [e.sources[0].sentence for e in events] == [e.sources[0].sentence for e in expected]
    assert [(f.line, f.reason) for f in stats.errors] == [(f.line, f.reason) for f in one.errors]


def test_jobs_and_cluster_together_is_one_line():
    result = dipevents("extract", "seeds/", "--cluster", "local:2", "--jobs", "2")
    assert result.exit_code == 2
    assert result.stderr == ("dipevents: --jobs and --cluster: choose one "
                             "(a cluster's workers are its jobs)\n")
