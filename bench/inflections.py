"""Rewrite `extract/patterns/inflections.json` of this source tree from the English pipeline.

A developer tool, run when a trigger pattern brings a new word (`tests/test_prefilter.py`
fails and says so):

    .venv/bin/python bench/inflections.py            # writes extract/patterns/inflections.json
    .venv/bin/python bench/inflections.py --check    # exit 1 when the file is out of date

It writes into the source tree next to this script, never into an installed package, and
nothing at run time calls it. The forms come from `dipevents.extract.prefilter.inflections_of`
(the lemmatizer's suffix rules and exceptions, the attribute ruler's lemmas, the tokenizer's
contractions), for the trigger patterns of `extract/patterns/triggers.jsonl`.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "extract" / "patterns" / "inflections.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="only say whether the file is up to date (exit 1 when it is not)")
    args = parser.parse_args(argv)
    if not TARGET.is_file():
        print(f"no {TARGET}: run this from a source tree of dipevents", file=sys.stderr)
        return 2
    from dipevents.extract.patterns import load_patterns
    from dipevents.extract.pipeline import load_nlp
    from dipevents.extract.prefilter import inflections_json, inflections_of

    text = inflections_json(inflections_of(load_nlp(), load_patterns("triggers.jsonl")))
    current = TARGET.read_text(encoding="utf-8")
    if args.check:
        print(f"{TARGET.relative_to(ROOT)}: {'up to date' if text == current else 'out of date'}")
        return 0 if text == current else 1
    if text == current:
        print(f"{TARGET.relative_to(ROOT)} is up to date")
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
