"""The top of a document: publication date, dateline (place, date, agency) and where the
body starts, by the rules of `patterns/doc_dates.json`; and full dates as text."""
from __future__ import annotations

import re
import warnings
from datetime import datetime
from typing import Any

from dateutil import parser as date_parser

from dipevents.extract.reader.debris import debris_rule, looks_like_prose
from dipevents.extract.patterns import date_words
from dipevents.extract.reader.rules import DateRule, ReaderRules, reader_rules
from dipevents.extract.unwrap import unwrap

HEADER_SCAN_CHARS = 20_000
HEADER_LINE_CHARS = 300  # header regexes see at most this much of a line
DASHES = ",:-\u2013\u2014"  # trimmed from the end of a dateline


def parse_full_date(text: str) -> str | None:
    """YYYY-MM-DD when `text` names a whole day ("March 2, 2015", "2015-03-02T10:00Z"), else None.

    Missing parts are never filled in from today: "Sep 14" and "March 2015" give None.
    Numeric dates follow dateutil: "03/01/2023" is month first, "03.01.2023" day first.
    """
    text = _english_months(text.strip())
    if not text or len(text) > 100:
        return None
    dayfirst = bool(re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", text))
    days = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for default in (datetime(2000, 1, 1), datetime(2001, 2, 2)):
            try:
                parsed = date_parser.parse(text, default=default, ignoretz=True, dayfirst=dayfirst)
            except (ValueError, OverflowError):
                return None
            days.add(parsed.date())
    day = days.pop()
    if days or not 1800 <= day.year <= 2100:
        return None
    return day.isoformat()


ENGLISH_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
                  "september", "october", "november", "december")


def _english_months(text: str) -> str:
    """Month names of other languages in English, for python-dateutil: "23 декабря 2014" is
    "23 december 2014"."""
    months = date_words().months

    def english(match: re.Match) -> str:
        number = months.get(match.group(0).lower())
        return ENGLISH_MONTHS[number - 1] if number else match.group(0)
    return re.sub(r"[^\W\d_]+", english, text) if not text.isascii() or any(
        word.lower() in months for word in re.findall(r"[^\W\d_]+", text)) else text


def analyse_header(text: str) -> dict[str, Any]:
    """What the top of a document says: publication date, dateline, where the body starts.

    Keys (absent when not found): doc_date, doc_date_source (the pattern id, or
    "<dateline id>+year" for a yearless dateline completed by the only year in the
    header), dateline_place, dateline_region, dateline_text, dateline_date,
    dateline_agency, dateline_start, dateline_end, dateline_pattern; body_start is always
    set (0 when no line in the header reads like prose).
    """
    rules = reader_rules()
    text = unwrap(text[:HEADER_SCAN_CHARS * 2])  # a wrapped first paragraph is one line
    window = _header_window(text[:HEADER_SCAN_CHARS], rules.header_lines)
    found: dict[str, Any] = {}
    if window and (prefix := _date_prefix(window[0][1][:HEADER_LINE_CHARS], rules)):
        day, rule_id, end = prefix
        found.update(doc_date=day, doc_date_source=rule_id)
        start, line = window[0]
        window[0] = (start + end, line[end:])  # the body may go on after the prefix
    body = _body_line(window)
    found["body_start"] = window[body][0] + _indent(window[body][1]) if body is not None else 0
    if "doc_date" not in found and (hit := _header_date(window, rules)):
        found.update(doc_date=hit[0], doc_date_source=hit[1])
    searched = window if body is None else window[:body + 1]  # a dateline opens the body
    for index, (start, line) in enumerate(searched):
        if dateline := _dateline(line[:HEADER_LINE_CHARS], rules):
            found.update(_dateline_fields(*dateline, start, line))
            if "doc_date" not in found and (hit := _dateline_day(*dateline, window[:index], rules)):
                found.update(doc_date=hit[0], doc_date_source=hit[1])
            break
    return found


def _date_prefix(line: str, rules: ReaderRules) -> tuple[str, str, int] | None:
    """(day, pattern id, where the prefix ends) for a metadata prefix on the first line."""
    for rule in rules.dates:
        if rule.where == "first_line" and (match := rule.regex.match(line)):
            if day := parse_full_date(match["date"]):
                return day, rule.id, match.end()
    return None


def _dateline_fields(rule: DateRule, match: re.Match, start: int, line: str) -> dict[str, Any]:
    groups = match.groupdict()
    first = match.start("place")
    if groups.get("agency") is not None:
        first = min(first, match.start("agency"))  # "XINHUA -- BEIJING": the agency opens it
    end = match.end()
    while end > first and (line[end - 1].isspace() or line[end - 1] in DASHES):
        end -= 1
    fields: dict[str, Any] = {
        "dateline_place": _title_place(match["place"]),
        "dateline_text": line[first:end],
        "dateline_start": start + first,
        "dateline_end": start + end,
        "dateline_pattern": rule.id,
    }
    for group in ("region", "agency", "date"):
        if groups.get(group):
            fields[f"dateline_{group}"] = groups[group].strip()
    return fields


def _dateline_day(rule: DateRule, match: re.Match, earlier: list[tuple[int, str]],
                  rules: ReaderRules) -> tuple[str, str] | None:
    """The dateline's date; a yearless one takes the year when the lines above name one year."""
    text = match.groupdict().get("date")
    if not text:
        return None
    if day := parse_full_date(text):
        return day, rule.id
    years = {found.group(0) for _, line in earlier for found in rules.year.finditer(line)}
    if len(years) == 1 and (day := parse_full_date(f"{text} {years.pop()}")):
        return day, f"{rule.id}+year"
    return None


def _header_window(text: str, count: int) -> list[tuple[int, str]]:
    """The first `count` non-blank lines with their offsets."""
    window = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            window.append((offset, line))
            if len(window) == count:
                break
        offset += len(line) + 1
    return window


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _body_line(window: list[tuple[int, str]]) -> int | None:
    for index, (_, line) in enumerate(window):
        if looks_like_prose(line) and not debris_rule(line.strip()):
            return index
    return None


def _header_date(window: list[tuple[int, str]], rules: ReaderRules) -> tuple[str, str] | None:
    """The publication date of the first header rule that any line matches: rules in the
    file's order, so a labelled date ("Published: 29 Jan 2019") beats a bare date line
    above it (a page's "today" in its banner)."""
    for rule in rules.dates:
        if rule.where != "header":
            continue
        for _, line in window:
            if hit := _rule_date(rule, line[:HEADER_LINE_CHARS], rules):
                return hit
    return None


def _rule_date(rule: DateRule, line: str, rules: ReaderRules) -> tuple[str, str] | None:
    for match in rule.regex.finditer(line):
        names = match.groupdict()
        name = names.get("source") or names.get("place")
        if name is not None and not _plausible_place(name, rule.upper, rules.not_places):
            continue
        if day := parse_full_date(match["date"]):
            return day, rule.id
    return None


def _dateline(line: str, rules: ReaderRules) -> tuple[DateRule, re.Match] | None:
    for rule in rules.dates:
        if rule.where != "dateline":
            continue
        match = rule.regex.match(line)
        if not match or not _plausible_place(match["place"], rule.upper, rules.not_places):
            continue
        region = match.groupdict().get("region")
        if region and not _plausible_place(region, False, rules.not_places):
            continue
        return rule, match
    return None


def _plausible_place(name: str, upper: bool, not_places: frozenset[str]) -> bool:
    """Capitalised words (short lower-case joiners inside allowed), not a stop word."""
    words = name.split()
    if not words or len(words) > 4 or sum(c.isalpha() for c in name) < 2:
        return False
    if name.casefold() in not_places or words[0].casefold().rstrip(".") in not_places:
        return False
    if upper and not name.isupper():
        return False
    for index, word in enumerate(words):
        if word[0].isupper():
            continue
        if 0 < index < len(words) - 1 and word.islower() and len(word) <= 3:
            continue
        return False
    return True


def _title_place(name: str) -> str:
    """"PORT LOUIS" -> "Port Louis", "SÃO TOMÉ" -> "São Tomé"; mixed case stays as written."""
    if not name.isupper():
        return name
    return re.sub(r"(^|[\s\-./])(\w)(\w*)",
                  lambda m: m.group(1) + m.group(2).upper() + m.group(3).lower(), name)
