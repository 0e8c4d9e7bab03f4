"""Loading rule patterns from the JSONL data files under `extract/patterns/`.

As in medspacy's rule loaders, unknown keys fail at load time with the file and line, so a
bad pattern file never reaches the pipeline half-read.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files

PATTERN_KEYS = {"id", "label", "pattern", "cameo", "host", "weak", "split", "comment",
                "topic_object", "head"}


@lru_cache(maxsize=None)
def load_patterns(name: str) -> tuple[dict, ...]:
    """The patterns of `extract/patterns/<name>`, one JSON object a line, each with an id."""
    resource = files("dipevents.extract").joinpath("patterns", name)
    patterns = []
    seen: set[str] = set()
    for number, line in enumerate(resource.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"patterns/{name}:{number}"
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{where}: invalid JSON ({error.msg})") from None
        unknown = set(entry) - PATTERN_KEYS
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
        if not {"id", "label", "pattern"} <= set(entry):
            raise ValueError(f"{where}: a pattern needs id, label and pattern")
        if entry["id"] in seen:
            raise ValueError(f"{where}: duplicate id {entry['id']!r}")
        seen.add(entry["id"])
        patterns.append(entry)
    return tuple(patterns)


def pattern_words(name: str) -> set[str]:
    """Every literal word (LOWER, LEMMA or ORTH value) the patterns of `name` look for."""
    words: set[str] = set()

    def collect(value) -> None:
        if isinstance(value, str):
            words.add(value.lower())
        elif isinstance(value, dict):
            for item in value.get("IN", []):
                words.add(str(item).lower())

    for entry in load_patterns(name):
        for token in entry["pattern"]:
            for key in ("LOWER", "LEMMA", "ORTH", "TEXT"):
                if key in token:
                    collect(token[key])
    return words


@lru_cache(maxsize=None)
def load_json(name: str) -> dict:
    """A JSON data file under `extract/patterns/` (an object with an `_about` key)."""
    resource = files("dipevents.extract").joinpath("patterns", name)
    try:
        return json.loads(resource.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"patterns/{name}:{error.lineno}: invalid JSON ({error.msg})") from None
