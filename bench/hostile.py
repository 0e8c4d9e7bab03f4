"""Time and memory of the inputs that used to hang or blow up (issue 15, "Hangs and
blow-ups"): a crafted breadcrumb line, text dense with trigger words or with meetings, and
one huge document as .txt, .json and .jsonl. Each input is built in a temporary folder,
run through `dipevents extract -f jsonl -q` in a fresh process (peak RSS through wait4),
and deleted. A script, not a test: the figures are for the README and bench/results.

    .venv/bin/python bench/hostile.py                 # everything (about 10 minutes)
    .venv/bin/python bench/hostile.py --huge-mb 20    # a smaller huge document
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

MEETING = "Zambian President Mwila Banda met Botswana President Kagiso Molefe in Lusaka on Tuesday."
FILLER = ("Farmers sell apples, pears and plums at the weekly market. Rainfall stays low and the "
          "rivers look calm, so the barges carry less grain than usual.\n\n")
LAUNCH = """
import os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(os.waitstatus_to_exitcode(status), time.perf_counter() - started, usage.ru_maxrss)
"""


def measure(path: Path, timeout: float) -> dict:
    command = [sys.executable, "-c", LAUNCH, sys.executable, "-m", "dipevents", "extract",
               str(path), "-f", "jsonl", "-q", "-o", os.devnull]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "note": f"over {timeout:.0f} s"}
    code, seconds, rss = done.stdout.split()
    return {"exit": int(code), "seconds": round(float(seconds), 1),
            "peak_rss_mb": round(int(rss) / 1024)}


def cases(folder: Path, huge_mb: int) -> dict[str, Path]:
    made = {}

    def write(name: str, text: str) -> None:
        (folder / name).write_text(text, encoding="utf-8")
        made[name] = folder / name

    write("breadcrumb_13_segments.txt", "  >  ".join(["News Section"] * 13) + " !\n\n" + MEETING)
    write("breadcrumb_61_chars.txt", "a  >  " * 10 + "!\n\n" + MEETING)
    write("met_16kb.txt", "met " * 4_000)
    write("met_1mb.txt", "met " * 250_000)
    write("meetings_133kb.txt", (MEETING + " ") * 1_500)
    huge = FILLER * (huge_mb * 1_000_000 // len(FILLER))
    write(f"huge_{huge_mb}mb.txt", huge)
    write(f"huge_{huge_mb}mb.json", json.dumps({"text": huge}))
    write(f"huge_{huge_mb}mb.jsonl", json.dumps({"text": huge}) + "\n")
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--huge-mb", type=int, default=100)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--out", default=f"bench/results/{date.today()}-hostile.json")
    args = parser.parse_args()
    results = {"cpu_count": os.cpu_count(), "started": time.strftime("%Y-%m-%d %H:%M")}
    with tempfile.TemporaryDirectory(prefix="dipevents-hostile-") as folder:
        for name, path in cases(Path(folder), args.huge_mb).items():
            results[name] = {"bytes": path.stat().st_size, **measure(path, args.timeout)}
            print(name, results[name], flush=True)
    Path(args.out).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print("written", args.out)


if __name__ == "__main__":
    main()
