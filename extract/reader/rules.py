"""The reader's rules as data: `patterns/doc_dates.json` (publication-date headers and
datelines, with the date words of `patterns/date_words.json`) and `patterns/debris.json`
(page debris), loaded once and checked (unknown keys, bad regexes fail naming the file)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from dipevents.extract.patterns import date_words

FRAGMENT = re.compile(r"\{\{(\w+)\}\}")


@dataclass(frozen=True)
class DateRule:
    id: str
    where: str
    regex: re.Pattern
    upper: bool


@dataclass(frozen=True)
class DebrisRule:
    id: str
    regex: re.Pattern
    starts_list: bool
    max_chars: int
    requires: tuple[str, ...]  # casefolded; the line must hold one to be tried (empty: any)


@dataclass(frozen=True)
class ReaderRules:
    dates: tuple[DateRule, ...]
    not_places: frozenset[str]
    header_lines: int
    year: re.Pattern
    debris: tuple[DebrisRule, ...]
    max_debris_chars: int


def _load_json(name: str) -> dict:
    resource = files("dipevents.extract").joinpath("patterns", name)
    try:
        data = json.loads(resource.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ValueError(f"patterns/{name}: line {err.lineno}: {err.msg}") from err
    if not isinstance(data, dict):
        raise ValueError(f"patterns/{name}: expected a JSON object")
    return data


def _check_keys(name: str, what: str, data: dict, allowed: set[str], required: set[str]) -> None:
    unknown = set(data) - allowed
    missing = required - set(data)
    if unknown:
        raise ValueError(f"patterns/{name}: {what}: unknown keys {sorted(unknown)}")
    if missing:
        raise ValueError(f"patterns/{name}: {what}: missing keys {sorted(missing)}")


def _compile(name: str, rule_id: str, pattern: str, flags: int = 0) -> re.Pattern:
    try:
        return re.compile(pattern, flags)
    except re.error as err:
        raise ValueError(f"patterns/{name}: pattern {rule_id!r}: {err}") from err


def _expand(name: str, pattern: str, fragments: dict[str, str], depth: int = 0) -> str:
    if depth > 10:
        raise ValueError(f"patterns/{name}: fragments nest too deeply")

    def replace(match: re.Match) -> str:
        if match.group(1) not in fragments:
            raise ValueError(f"patterns/{name}: unknown fragment {match.group(1)!r}")
        return _expand(name, fragments[match.group(1)], fragments, depth + 1)

    return FRAGMENT.sub(replace, pattern)


@lru_cache(maxsize=1)
def reader_rules() -> ReaderRules:
    dates_file, debris_file = "doc_dates.json", "debris.json"
    dates = _load_json(dates_file)
    _check_keys(dates_file, "top level", dates,
                {"_about", "header_lines", "fragments", "not_places", "patterns"},
                {"_about", "patterns"})
    words = date_words()  # {{MONTH}} and {{WEEKDAY}}: patterns/date_words.json
    fragments = {"MONTH": rf"(?i:{words.month_regex()})\b\.?",
                 "WEEKDAY": rf"(?i:{words.weekday_regex(abbreviations=True)})\b\.?",
                 **dates.get("fragments", {})}
    date_rules = []
    seen: set[str] = set()
    for index, rule in enumerate(dates["patterns"], start=1):
        what = f"pattern {rule.get('id', index)!r}"
        _check_keys(dates_file, what, rule, {"id", "where", "pattern", "about", "place_case"},
                    {"id", "where", "pattern"})
        if rule["id"] in seen:
            raise ValueError(f"patterns/{dates_file}: {what}: duplicate id")
        seen.add(rule["id"])
        if rule["where"] not in ("first_line", "header", "dateline"):
            raise ValueError(f"patterns/{dates_file}: {what}: bad where {rule['where']!r}")
        if rule.get("place_case", "upper") != "upper":
            raise ValueError(f"patterns/{dates_file}: {what}: place_case can only be 'upper'")
        regex = _compile(dates_file, rule["id"], _expand(dates_file, rule["pattern"], fragments))
        date_rules.append(DateRule(rule["id"], rule["where"], regex, "place_case" in rule))
    year = _compile(dates_file, "YEAR", r"\b" + _expand(dates_file, "{{YEAR}}", fragments))

    debris = _load_json(debris_file)
    _check_keys(debris_file, "top level", debris, {"_about", "max_line_chars", "patterns"},
                {"_about", "patterns"})
    debris_rules = []
    default_max = int(debris.get("max_line_chars", 200))
    seen = set()
    for index, rule in enumerate(debris["patterns"], start=1):
        what = f"pattern {rule.get('id', index)!r}"
        _check_keys(debris_file, what, rule,
                    {"id", "pattern", "about", "starts_list", "max_line_chars", "requires"},
                    {"id", "pattern"})
        if rule["id"] in seen:
            raise ValueError(f"patterns/{debris_file}: {what}: duplicate id")
        seen.add(rule["id"])
        requires = rule.get("requires", [])
        if not (isinstance(requires, list) and all(isinstance(w, str) and w for w in requires)):
            raise ValueError(f"patterns/{debris_file}: {what}: requires must be a list of strings")
        regex = _compile(debris_file, rule["id"], rule["pattern"], re.IGNORECASE)
        debris_rules.append(DebrisRule(rule["id"], regex, bool(rule.get("starts_list", False)),
                                        int(rule.get("max_line_chars", default_max)),
                                        tuple(w.casefold() for w in requires)))
    return ReaderRules(
        dates=tuple(date_rules),
        not_places=frozenset(word.casefold() for word in (
            *dates.get("not_places", []), *words.months, *words.weekday_forms)),
        header_lines=int(dates.get("header_lines", 15)),
        year=year,
        debris=tuple(debris_rules),
        max_debris_chars=max((rule.max_chars for rule in debris_rules), default=0),
    )
