"""Loading rule patterns from the JSONL data files under `extract/patterns/`.

As in medspacy's rule loaders, unknown keys fail at load time with the file and line, so a
bad pattern file never reaches the pipeline half-read. `load_rules` turns each line into a
typed rule (`TriggerRule`, `CueRule`) whose fields say what the rule does; the
`dipevents_rules` component loads its rules this way once, from its config, and every other
stage (the word test, the trigger gate, assembly) asks it for them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

PATTERN_KEYS = {"id", "label", "pattern", "cameo", "host", "weak", "split", "comment",
                "topic_object", "head"}


class _Fields:
    """Read access by key as well as by attribute (`rule["pattern"]`, `rule.get("weak")`),
    so code and tests written against pattern lines read rules the same way."""

    def __getitem__(self, key: str) -> Any:
        if key not in self:
            raise KeyError(key)
        return getattr(self, key)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self.keys()

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self else default

    def keys(self) -> list[str]:
        """The fields this rule sets (a field left at its default is absent, as in the file)."""
        return [f.name for f in fields(self)  # type: ignore[arg-type]
                if f.name in REQUIRED or getattr(self, f.name) not in (None, False)]


REQUIRED = ("id", "label", "pattern")


@dataclass(frozen=True, eq=False)
class TriggerRule(_Fields):
    """A trigger pattern (`patterns/triggers.jsonl`): words that report a meeting, visit or call."""

    id: str
    label: str  # meeting, visit or call
    pattern: list
    cameo: str | None = None  # the CAMEO code of its events (040 when not given)
    host: bool = False  # the subject hosts: "received X", "hosted a visit by X"
    weak: bool = False  # counts only between two named parties: "discussed"
    split: bool = False  # one acting party and several others make one event each
    topic_object: bool = False  # the object is what was talked about: "discussed trade"
    head: str | None = None  # "last": the frame is the span's last token ("on a visit")
    comment: str | None = None

    LABELS = ("meeting", "visit", "call")


@dataclass(frozen=True, eq=False)
class CueRule(_Fields):
    """A status cue (`patterns/cues.jsonl`): words that make a meeting planned or no event."""

    id: str
    label: str  # planned or negated
    pattern: list
    comment: str | None = None

    LABELS = ("planned", "negated")


def _resource(name: str):
    """`extract/patterns/<name>`, or the file `name` when it is an absolute path (patterns
    of one's own, given in the component's config)."""
    if Path(name).is_absolute():
        return Path(name), name
    return files("dipevents.extract").joinpath("patterns", name), f"patterns/{name}"


@lru_cache(maxsize=None)
def load_rules(name: str, kind: type = TriggerRule) -> tuple:
    """The rules of one pattern file as `kind` objects; a key `kind` does not have, or a
    label it does not know, fails naming the file and line."""
    allowed = {f.name for f in fields(kind)}
    rules = []
    for where, entry in _entries(name):
        unknown = set(entry) - allowed
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
        if kind.LABELS and entry["label"] not in kind.LABELS:
            raise ValueError(f"{where}: label {entry['label']!r} is none of {list(kind.LABELS)}")
        rules.append(kind(**entry))
    return tuple(rules)


@lru_cache(maxsize=None)
def load_patterns(name: str) -> tuple[dict, ...]:
    """The patterns of `extract/patterns/<name>`, one JSON object a line, each with an id."""
    return tuple(entry for _, entry in _entries(name))


def _entries(name: str) -> list[tuple[str, dict]]:
    resource, shown = _resource(name)
    patterns = []
    seen: set[str] = set()
    for number, line in enumerate(resource.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{shown}:{number}"
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
        patterns.append((where, entry))
    return patterns


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
