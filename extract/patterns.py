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

PATTERN_KEYS = {"id", "label", "pattern", "cameo", "host", "guest", "weak", "split", "demand",
                "comment", "topic_object", "head", "in_person_if_placed"}


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
    guest: bool = False  # the object hosts: "called on X", "paid a courtesy call on X"
    weak: bool = False  # counts only between two named parties: "discussed"
    split: bool = False  # one acting party and several others make one event each
    topic_object: bool = False  # the object is what was talked about: "discussed trade"
    demand: bool = False  # an infinitive after it asks for a later deed, no meeting now:
    # "called on the government to resign", "invited X to visit Y"
    head: str | None = None  # "last": the frame is the span's last token ("on a visit")
    in_person_if_placed: bool = False  # a call, unless a place or "sidelines" says in
    # person: "spoke with X on the sidelines of the summit"
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
    """A JSON data file under `extract/patterns/` (an object with an `_about` key), or the
    file `name` when it is an absolute path."""
    resource, shown = _resource(name)
    try:
        return json.loads(resource.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{shown}:{error.lineno}: invalid JSON ({error.msg})") from None


def locate(name: str, needle: str) -> str:
    """`patterns/<name>:LINE`, the first line of the data file that holds `needle` (a key or
    a word written as JSON): where a message about a bad entry points."""
    resource, shown = _resource(name)
    for number, line in enumerate(resource.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return f"{shown}:{number}"
    return shown


# ------------------------------------------------------------ date words

DATE_WORDS = "date_words.json"
DATE_WORD_KEYS = {"_about", "months", "common_word_months", "lower_case_not_months", "weekdays",
                  "relative_days", "relative_spans", "anchored_days", "numbers", "counted",
                  "weekend", "ordinals"}
COUNTED_FROM = ("published", "named")
SPAN_UNITS = ("weeks", "months", "years")
PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True)
class DateWords:
    """The words of dates (`patterns/date_words.json`), read by date resolution and by the
    reader's publication-date headers and datelines."""

    months: dict[str, int]  # every name and abbreviation -> month number (1-12)
    weekdays: dict[str, int]  # full name -> weekday (0 is Monday)
    weekday_forms: dict[str, int]  # full names and abbreviations -> weekday
    common_word_months: frozenset[str]  # "may": a month only with a year or a word before it
    lower_case_not_months: frozenset[str]  # "mar", "sep": in lower case, an ordinary word
    relative_days: dict[str, int]  # "yesterday" -> -1
    relative_spans: dict[str, tuple[str, int, str]]  # "last month" -> (unit, amount, precision)
    ordinals: dict[str, int]  # "first" -> 1
    anchored_days: dict[str, int]  # "the next day" -> 1 (from the day the story named last)
    numbers: dict[str, int]  # "two" -> 2
    counted: dict[str, tuple[str, int]]  # "ago" -> ("published", -1), "later" -> ("named", 1)
    weekend: frozenset[str]  # "weekend"

    def month_regex(self) -> str:
        """An alternation of every month form, longest first."""
        return "|".join(sorted(self.months, key=len, reverse=True))

    def weekday_regex(self, abbreviations: bool = False) -> str:
        forms = self.weekday_forms if abbreviations else self.weekdays
        return "|".join(sorted(forms, key=len, reverse=True))


@lru_cache(maxsize=2)
def date_words(name: str = DATE_WORDS) -> DateWords:
    """`patterns/date_words.json` (or another file of that form) as a `DateWords`; a bad
    entry fails naming the file and line."""
    data = load_json(name)

    def bad(needle: str, what: str) -> ValueError:
        return ValueError(f"{locate(name, needle)}: {what}")

    if not isinstance(data, dict) or set(data) != DATE_WORD_KEYS:
        raise ValueError(f"{_resource(name)[1]}: top-level keys must be {sorted(DATE_WORD_KEYS)}")
    for key in DATE_WORD_KEYS - {"_about"}:
        if not isinstance(data[key], dict) or "about" not in data[key] or len(data[key]) != 2:
            raise bad(f'"{key}"', f"{key}: an object with 'about' and one list or table")

    def word(value, where: str) -> str:
        if not isinstance(value, str) or not value or value != value.lower():
            raise bad(json.dumps(value, ensure_ascii=False) if isinstance(value, str) else where,
                      f"{where}: {value!r} is not a lower-case word")
        return value

    def forms(key: str, count: int) -> list[list[str]]:
        names = data[key]["names"] if "names" in data[key] else None
        if not isinstance(names, list) or len(names) != count:
            raise bad(f'"{key}"', f"{key}: 'names' must list {count} entries")
        for entry in names:
            if not isinstance(entry, list) or not entry or not all(
                    isinstance(form, str) and form and form == form.lower() for form in entry):
                raise bad(json.dumps(entry, ensure_ascii=False), f"{key}: {entry!r} is not a list of lower-case words")
        return names

    months = {form: number for number, entry in enumerate(forms("months", 12), start=1)
              for form in entry}
    weekdays = forms("weekdays", 7)
    words = {}
    for key in ("common_word_months", "lower_case_not_months"):
        listed = data[key].get("words")
        if not isinstance(listed, list):
            raise bad(f'"{key}"', f"{key}: 'words' must be a list")
        for form in listed:
            if word(form, key) not in months:
                raise bad(json.dumps(form), f"{key}: {form!r} is no month name")
        words[key] = frozenset(listed)
    def table(key: str, field: str, valid, wanted: str) -> dict:
        """A key's table of words to values, every word lower case, every value `valid`."""
        entries = data[key].get(field)
        if not isinstance(entries, dict):
            raise bad(f'"{key}"', f"{key}: '{field}' must be an object")
        for phrase, value in entries.items():
            word(phrase, key)
            if not valid(value):
                raise bad(json.dumps(phrase), f"{key}: {phrase!r}: {value!r} is not {wanted}")
        return entries

    days = table("relative_days", "days", lambda v: type(v) is int, "a number of days")
    spans = table("relative_spans", "spans", lambda v: isinstance(v, list) and len(v) == 3
                  and v[0] in SPAN_UNITS and type(v[1]) is int and v[2] in PRECISIONS,
                  f"[unit {'/'.join(SPAN_UNITS)}, amount, precision {'/'.join(PRECISIONS)}]")
    anchored = table("anchored_days", "days", lambda v: type(v) is int, "a number of days")
    numbers = table("numbers", "words", lambda v: type(v) is int and v >= 1, "a count")
    counted = table("counted", "words", lambda v: isinstance(v, list) and len(v) == 2
                    and v[0] in COUNTED_FROM and v[1] in (-1, 1),
                    f"[from {'/'.join(COUNTED_FROM)}, direction -1/1]")
    weekend = data["weekend"].get("words")
    if not isinstance(weekend, list) or not weekend:
        raise bad('"weekend"', "weekend: 'words' must be a list")
    ordinals = data["ordinals"].get("words")
    if not isinstance(ordinals, list):
        raise bad('"ordinals"', "ordinals: 'words' must be a list")
    return DateWords(
        months=months,
        weekdays={entry[0]: number for number, entry in enumerate(weekdays)},
        weekday_forms={form: number for number, entry in enumerate(weekdays) for form in entry},
        common_word_months=words["common_word_months"],
        lower_case_not_months=words["lower_case_not_months"],
        relative_days=dict(days),
        relative_spans={phrase: tuple(span) for phrase, span in spans.items()},
        ordinals={word(w, "ordinals"): number for number, w in enumerate(ordinals, start=1)},
        anchored_days=dict(anchored),
        numbers=dict(numbers),
        counted={closer: tuple(rule) for closer, rule in counted.items()},
        weekend=frozenset(word(w, "weekend") for w in weekend),
    )
