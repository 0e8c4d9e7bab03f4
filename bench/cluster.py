"""Throughput of `dipevents extract --cluster` (Dask) against one process.

Run from the project root with the project's virtualenv (and the `dask` extra):

    .venv/bin/python bench/cluster.py [--corpus PATH] [--limit N] [--chunk-bytes BYTES]

On `--limit` evenly spaced texts of the corpus, copied to a temporary JSONL file, it times
(wall clock, process start to exit, start-up included):

- `dipevents extract FILE --format jsonl --no-merge -q` in one process (`--jobs 1`);
- the same with `--cluster local:1` and `--cluster local:2` (a LocalCluster of one or two
  worker processes, the file read in byte ranges of `--chunk-bytes` on the workers);
  each output must be byte for byte the one-process output;
- each of the three on a one-text file: the fixed cost (start-up, and for a cluster its
  scheduler, workers and the pipeline loaded on every worker), taken off to give the
  steady rate and the overhead per document;
- the client's own work: the results of a run on a LocalCluster of two workers, unpickled,
  counted, merged and written in this process's main thread, timed as that thread's CPU:
  one client can take at most 1 / (that per document) documents a second, whatever the
  number of workers.

Every timing reports how many cores other processes used meanwhile (from /proc/stat); on
a shared machine those figures are noisy. The JSON summary goes to
`bench/results/<date>-cluster.json`; the corpus is never copied into the project.
"""
from __future__ import annotations

import argparse
import datetime
import io
import itertools
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import (BIN, DEFAULT_CORPUS, busy_seconds, measure, read_records,  # noqa: E402
                        wait_idle)

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=2000, help="evenly spaced texts to use")
    parser.add_argument("--chunk-bytes", type=int, default=128 * 1024,
                        help="bytes per cluster task (the slice must make several per worker)")
    parser.add_argument("--wait-idle", type=float, default=60, metavar="SECONDS",
                        help="before each timing, wait up to this long for other processes "
                             "to leave the cores alone (0: do not wait)")
    parser.add_argument("--client-only", action="store_true",
                        help="measure only the client's work per document")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    cores = os.cpu_count()
    summary: dict = {"date": datetime.datetime.now().isoformat(timespec="seconds"),
                     "cores": cores, "corpus": str(args.corpus), "chunk_bytes": args.chunk_bytes}
    with tempfile.TemporaryDirectory(prefix="dipevents-bench-") as tmp:
        tmp = Path(tmp)
        texts = tmp / "texts.jsonl"
        one = tmp / "one.jsonl"
        docs = copy_spaced(args.corpus, texts, args.limit)
        with open(texts, encoding="utf-8") as handle:
            one.write_text(next(handle), encoding="utf-8")
        summary["docs"] = docs
        summary["bytes"] = texts.stat().st_size
        print(f"[{cores} cores] {docs:,} texts, {summary['bytes']:,} bytes; load "
              f"{os.getloadavg()[0]:.1f}", flush=True)

        runs = summary["runs"] = {}
        reference = None
        for name, options in () if args.client_only else (("jobs1", []),
                              ("local1", ["--cluster", "local:1", "--chunk-bytes", str(args.chunk_bytes)]),
                              ("local2", ["--cluster", "local:2", "--chunk-bytes", str(args.chunk_bytes)])):
            quiet(args.wait_idle)
            fixed = timed(one, tmp / f"{name}-one.jsonl", options)
            quiet(args.wait_idle)
            run = timed(texts, tmp / f"{name}.jsonl", options)
            output = (tmp / f"{name}.jsonl").read_bytes()
            reference = output if reference is None else reference
            run["identical_to_jobs1"] = output == reference
            run["fixed_seconds"] = fixed["seconds"]
            run["fixed_others_cores"] = fixed["others_cores"]
            steady = max(run["seconds"] - fixed["seconds"], 1e-6)
            run["docs_per_s"] = round(docs / run["seconds"], 1)
            run["steady_docs_per_s"] = round(docs / steady, 1)
            run["steady_ms_per_doc"] = round(1000 * steady / docs, 3)
            # CPU time (all the command's processes) is far less disturbed by other processes
            # than wall time: the cost of a document on the cluster path, workers included.
            run["fixed_cpu_seconds"] = fixed["cpu_seconds"]
            run["cpu_ms_per_doc"] = round(1000 * (run["cpu_seconds"] - fixed["cpu_seconds"])
                                          / docs, 3)
            runs[name] = run
            print(f"[{cores} cores] {name}: {run['docs_per_s']} docs/s end to end "
                  f"({run['seconds']} s), fixed cost {fixed['seconds']} s, steady "
                  f"{run['steady_docs_per_s']} docs/s, {run['cpu_ms_per_doc']} ms CPU a document; output "
                  f"{'identical' if run['identical_to_jobs1'] else 'DIFFERS'}; other processes "
                  f"used {run['others_cores']} cores", flush=True)
        for name in () if args.client_only else ("local1", "local2"):
            runs[name]["overhead_ms_per_doc"] = round(
                runs[name]["steady_ms_per_doc"] - runs["jobs1"]["steady_ms_per_doc"]
                * (1 if name == "local1" else 0.5), 3)
            runs[name]["overhead_cpu_ms_per_doc"] = round(
                runs[name]["cpu_ms_per_doc"] - runs["jobs1"]["cpu_ms_per_doc"], 3)
        quiet(args.wait_idle)
        summary["idle"] = idle_cost()
        print(f"[{cores} cores] a LocalCluster of one worker doing nothing uses "
              f"{summary['idle']['cores']} cores (heartbeats, memory monitors)", flush=True)
        for name in () if args.client_only else ("local1", "local2"):
            run = runs[name]
            background = summary["idle"]["cores"] * int(name[-1]) * (run["seconds"] - run["fixed_seconds"])
            run["overhead_cpu_ms_per_doc_less_idle"] = round(
                run["overhead_cpu_ms_per_doc"] - 1000 * background / docs, 3)
        quiet(args.wait_idle)
        summary["client"] = client_cost(texts, docs, args.chunk_bytes)
        c = summary["client"]
        print(f"[{cores} cores] client: {c['cpu_ms_per_doc']} ms CPU per document merged "
              f"({c['no_merge_cpu_ms_per_doc']} ms with --no-merge; {c['result_bytes_per_doc']} "
              f"bytes of results a document): at most {c['ceiling_docs_per_s']:,} docs/s "
              f"through one client", flush=True)

    out = args.out or ROOT / "bench" / "results" / f"{datetime.date.today()}-cluster.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"summary: {out}")
    print(markdown(summary))
    return 0 if all(run["identical_to_jobs1"] for run in runs.values()) else 1


class _Say:
    line = staticmethod(lambda text: print(text, flush=True))


def quiet(limit: float) -> None:
    if limit > 0:
        wait_idle(limit, _Say)


def copy_spaced(source: Path, target: Path, count: int) -> int:
    """`count` evenly spaced records of `source` into `target`."""
    total = sum(1 for _ in read_records(source))
    step = max(total // count, 1)
    written = 0
    with open(target, "w", encoding="utf-8") as out:
        for line in itertools.islice(read_records(source), 0, None, step):
            out.write(line if line.endswith("\n") else line + "\n")
            written += 1
            if written == count:
                break
    return written


def timed(path: Path, out: Path, options: list[str]) -> dict:
    command = [str(BIN / "dipevents"), "extract", str(path), "--format", "jsonl",
               "--no-merge", "-q", *options]
    with open(out, "wb") as stdout:
        result = measure(command, stdout=stdout)
    result["command"] = " ".join(["dipevents", *command[1:]])
    return result


def idle_cost(seconds: float = 20) -> dict:
    """CPU a LocalCluster of one worker spends doing nothing, per second of wall time (all
    its processes): a cost of the run's length, not of its documents."""
    import resource

    from distributed import Client, LocalCluster

    from dipevents.extract.cluster import PLUGIN_NAME, PipelinePlugin
    from dipevents.extract.pipeline import DEFAULT_MODEL

    def used() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        client.register_plugin(PipelinePlugin(DEFAULT_MODEL), name=PLUGIN_NAME)
        time.sleep(2)
        workers, here = client.run(used), time.process_time()
        time.sleep(seconds)
        workers_after, here_after = client.run(used), time.process_time()
    spent = here_after - here + sum(workers_after[w] - workers[w] for w in workers)
    return {"seconds": seconds, "cores": round(spent / seconds, 4)}


def client_cost(texts: Path, docs: int, chunk_bytes: int) -> dict:
    """What the client does per document, whatever the number of workers: the results of a
    run on a LocalCluster of two workers are gathered, then, timed in this thread alone (the
    scheduler's and the comms' threads left out), unpickled, counted, merged and written as
    `run_cluster()` does."""
    import pickle

    from distributed import Client, LocalCluster

    from dipevents.cli import render
    from dipevents.extract.cluster import PLUGIN_NAME, PipelinePlugin, extract_part, partitions
    from dipevents.extract.faults import Budget
    from dipevents.extract.merge import Merger
    from dipevents.extract.pipeline import DEFAULT_MODEL, RunStats

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        client.register_plugin(PipelinePlugin(DEFAULT_MODEL), name=PLUGIN_NAME)
        parts = list(partitions([str(texts)], chunk_bytes))
        futures = [client.submit(extract_part, part, DEFAULT_MODEL, None, 50_000, True, 8,
                                 Budget(), pure=False) for part in parts]
        blobs = [pickle.dumps(result) for result in client.gather(futures)]
    timings = {}
    for merge in (True, False):
        started = time.thread_time()
        stats, merger, out = RunStats(), Merger(), io.StringIO()
        streamed = []
        for blob in blobs:
            result = pickle.loads(blob)
            stats.add(result.stats)
            for events in result.events:
                merger.add(events) if merge else streamed.extend(events)
        render.write(merger.events() if merge else iter(streamed), render.Format.jsonl, out)
        timings[merge] = time.thread_time() - started
    per_doc = timings[True] / docs
    return {"tasks": len(blobs), "result_bytes_per_doc": round(sum(map(len, blobs)) / docs, 1),
            "cpu_ms_per_doc": round(1000 * per_doc, 4),
            "no_merge_cpu_ms_per_doc": round(1000 * timings[False] / docs, 4),
            "events": stats.events,
            "ceiling_docs_per_s": int(1 / per_doc) if per_doc else None}


def markdown(summary: dict) -> str:
    runs, c = summary["runs"], summary["client"]
    rows = ["| run | end to end | fixed cost | steady | CPU per doc | overhead per doc (wall / CPU) "
            "| other processes |", "|---|---|---|---|---|---|---|"]
    names = {"jobs1": "one process (`--jobs 1`)", "local1": "`--cluster local:1`",
             "local2": "`--cluster local:2`"}
    for name, run in runs.items():
        overhead = (f"{run['overhead_ms_per_doc']:.2f} / {run['overhead_cpu_ms_per_doc']:.2f} ms"
                    if "overhead_ms_per_doc" in run else "")
        rows.append(f"| {names[name]} | {run['docs_per_s']} docs/s ({run['seconds']} s) | "
                    f"{run['fixed_seconds']} s | {run['steady_docs_per_s']} docs/s | "
                    f"{run['cpu_ms_per_doc']:.2f} ms | {overhead} | {run['others_cores']} cores |")
    rows.append(f"\nclient: {c['cpu_ms_per_doc']} ms CPU per document merged "
                f"({c['no_merge_cpu_ms_per_doc']} ms with --no-merge): at most "
                f"{c['ceiling_docs_per_s']} docs/s")
    return "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main())
