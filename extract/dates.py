"""Date resolution: the words of a date expression, read against the publication date.

Relative expressions resolve with python-dateutil's `relativedelta` against the document's
date (never today's): "on Monday" is the latest Monday on or before it (that day included),
"last month" the month before, "in July" the latest July not after it. A planned event looks
forward instead ("will meet on Friday" is the next Friday on or after it). With no reference
date a relative expression resolves to nothing; an explicit one with a year still resolves.
The words (months, weekdays, "yesterday", "last month", ordinals) are data,
`patterns/date_words.json`, which the reader's headers and datelines read too.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from dipevents.extract.patterns import date_words
from dipevents.models import EventDate

_WORDS = date_words()  # patterns/date_words.json
MONTHS = _WORDS.months
WEEKDAYS = {name: (MO, TU, WE, TH, FR, SA, SU)[number] for name, number in _WORDS.weekdays.items()}
ORDINALS = _WORDS.ordinals

_MONTH = r"(?P<month>" + _WORDS.month_regex() + r")\.?"
_DAY = r"(?P<day>\d{1,2}|" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")(?:st|nd|rd|th)?"
_END = r"(?:\s*(?:-|–|to|and|until|till)\s*(?P<end>\d{1,2})(?:st|nd|rd|th)?)?"
_YEAR = r"(?:,?\s*(?P<year>(?:19|20)\d{2}))?"
ISO = re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b")
NUMERIC = re.compile(r"\b(?P<month>\d{1,2})/(?P<day>\d{1,2})(?:/(?P<year>(?:19|20)\d{2}))?\b")
MONTH_DAY = re.compile(r"\b" + _MONTH + r"\s+(?:the\s+)?" + _DAY + r"\b" + _END + _YEAR, re.I)
DAY_MONTH = re.compile(r"\b(?:the\s+)?" + _DAY + _END.replace("end", "end2")
                       + r"\s+(?:of\s+)?" + _MONTH + _YEAR, re.I)
MONTH_YEAR = re.compile(r"\b(?P<rel>last|next|this|early|late|mid|in)?\s*-?" + _MONTH
                        + r"(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d{2}))?\b", re.I)
DAY_ONLY = re.compile(r"\bthe\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b", re.I)
YEAR = re.compile(r"\b(?P<year>(?:19|20)\d{2})\b")
WEEKDAY = re.compile(r"\b(?P<rel>last|next|this|coming)?\s*(?P<weekday>"
                     + "|".join(WEEKDAYS) + r")\b", re.I)
RELATIVE_DAYS = _WORDS.relative_days
RELATIVE_SPANS = _WORDS.relative_spans  # (unit, amount, precision)


def parse_iso(value: str | None) -> date | None:
    """A `YYYY-MM-DD` string as a date; None for anything else."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def resolve(text: str, ref: date | None, planned: bool = False) -> EventDate | None:
    """The date that `text` names, read against the reference (publication) date `ref`."""
    words = " ".join(text.split()).strip(" ,.;()")
    lower = words.lower()
    for resolver in (_iso, _month_day, _day_month, _numeric, _relative_day, _relative_span,
                     _weekday, _month, _day_only, _year):
        found = resolver(words, lower, ref, planned)
        if found:
            return found
    return None


def _make(day: date, precision: str, text: str, basis: str, end: date | None = None) -> EventDate:
    value = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}
    return EventDate(value=value[precision], precision=precision, text=text, basis=basis,
                     end=end.isoformat() if end else None)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_number(value: str) -> int:
    value = value.lower()
    return ORDINALS[value] if value in ORDINALS else int(value)


def _pick_year(month: int, day: int, ref: date | None, planned: bool) -> int | None:
    """The year of a month and day written without one: the closest fit around `ref`."""
    if ref is None:
        return None
    candidate = _safe_date(ref.year, month, day) or _safe_date(ref.year, month, 28)
    if candidate is None:
        return None
    if planned and candidate < ref - timedelta(days=3):
        return ref.year + 1
    if not planned and candidate > ref + timedelta(days=3):
        return ref.year - 1
    return ref.year


def _iso(words, lower, ref, planned):
    match = ISO.search(words)
    if match:
        day = _safe_date(int(match["year"]), int(match["month"]), int(match["day"]))
        return _make(day, "day", words, "explicit") if day else None
    return None


def _dated(words, year, month, day, end, ref, planned):
    basis = "explicit"
    if year is None:
        year = _pick_year(month, day, ref, planned)
        basis = "relative"
        if year is None:
            return None
    start = _safe_date(int(year), month, day)
    if start is None:
        return None
    last = _safe_date(int(year), month, int(end)) if end else None
    if last and last <= start:
        last = None
    return _make(start, "day", words, basis, last)


def _month_day(words, lower, ref, planned):
    return _written_date(MONTH_DAY, "end", words, ref, planned)


def _day_month(words, lower, ref, planned):
    return _written_date(DAY_MONTH, "end2", words, ref, planned)


def _written_date(pattern, end_group, words, ref, planned):
    """A day with a month name, in either order ("March 5", "5 March 2024", "5-7 March")."""
    match = pattern.search(words)
    if not match:
        return None
    return _dated(words, match["year"], MONTHS[match["month"].lower()], _day_number(match["day"]),
                  match[end_group], ref, planned)


def _numeric(words, lower, ref, planned):
    """Month/day as some wires write it, US order: "Tuesday (3/8)" is March 8."""
    match = NUMERIC.search(words)
    if not match or int(match["month"]) > 12:
        return None
    return _dated(words, match["year"], int(match["month"]), int(match["day"]), None, ref, planned)


def _relative_day(words, lower, ref, planned):
    if ref is None:
        return None
    for phrase, offset in sorted(RELATIVE_DAYS.items(), key=lambda item: -len(item[0])):
        if re.search(rf"\b{phrase}\b", lower):
            return _make(ref + timedelta(days=offset), "day", words, "relative")
    return None


def _relative_span(words, lower, ref, planned):
    if ref is None:
        return None
    for phrase, (unit, amount, precision) in sorted(RELATIVE_SPANS.items(),
                                                   key=lambda item: -len(item[0])):
        if re.search(rf"\b{phrase}\b", lower):
            return _make(ref + relativedelta(**{unit: amount}), precision, words, "relative")
    return None


def _weekday(words, lower, ref, planned):
    match = WEEKDAY.search(words)
    if not match or ref is None:
        return None
    weekday = WEEKDAYS[match["weekday"].lower()]
    rel = (match["rel"] or "").lower()
    forward = rel in ("next", "coming") or (planned and rel != "last")
    if forward:
        day = ref + relativedelta(days=1 if rel == "next" else 0, weekday=weekday(+1))
    else:
        day = ref + relativedelta(days=-1 if rel == "last" else 0, weekday=weekday(-1))
    return _make(day, "day", words, "relative")


def _month(words, lower, ref, planned):
    for match in MONTH_YEAR.finditer(words):
        name = match["month"].lower()
        if name in _WORDS.common_word_months and not (match["rel"] or match["year"]):
            continue  # the modal verb, not the month
        if name in _WORDS.lower_case_not_months \
                and words[match.start("month"):match.end("month")].islower():
            continue
        month = MONTHS[name]
        if match["year"]:
            return _make(date(int(match["year"]), month, 1), "month", words, "explicit")
        if ref is None:
            return None
        rel = (match["rel"] or "").lower()
        year = ref.year
        if rel == "next" or (planned and rel != "last"):
            if month < ref.month:
                year += 1
        elif month > ref.month or (rel == "last" and month == ref.month):
            year -= 1
        return _make(date(year, month, 1), "month", words, "relative")
    return None


def _day_only(words, lower, ref, planned):
    match = DAY_ONLY.search(words)
    if not match or ref is None:
        return None
    day = int(match["day"])
    start = _safe_date(ref.year, ref.month, day)
    if start is None:
        return None
    if start > ref and not planned:
        start = start - relativedelta(months=1)
    return _make(start, "day", words, "relative")


def _year(words, lower, ref, planned):
    match = YEAR.search(words)
    if match:
        return _make(date(int(match["year"]), 1, 1), "year", words, "explicit")
    return None
