"""Date resolution: the words of a date expression, read against the publication date.

Relative expressions resolve with python-dateutil's `relativedelta` against the document's
date (never today's): "on Monday" is the latest Monday on or before it (that day included),
"last month" the month before, "in July" the latest July not after it. A planned event looks
forward instead ("will meet on Friday" is the next Friday on or after it). With no reference
date a relative expression resolves to nothing; an explicit one with a year still resolves.
Words that count from another day the story named ("the next day", "two days later") need
that day, the anchor, and resolve to nothing without it.
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
ANCHORED_DAYS = _WORDS.anchored_days  # counted from the day the story named last
NUMBERS = _WORDS.numbers
COUNTED_WORDS = _WORDS.counted  # "ago" -> ("published", -1)
UNITS = {"day": ("days", "day"), "week": ("weeks", "day"), "month": ("months", "month"),
         "year": ("years", "year")}  # a counted unit: relativedelta's name, the precision


def _either(words) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_WEEKDAY_NAME = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
WEEK_DAY = re.compile(r"\b" + _WEEKDAY_NAME + r"\s*,?\s+(?:of\s+)?(?P<rel>last|this|next)\s+week\b"
                      r"|\b(?P<rel2>last|this|next)\s+week\s*,?\s+(?:on\s+)?(?P<weekday2>"
                      + "|".join(WEEKDAYS) + r")\b", re.I)
WEEKEND = re.compile(r"\b(?:(?P<rel>last|this|next|coming)\s+)?(?:" + _either(_WORDS.weekend)
                     + r")\b", re.I)
_COUNT = r"(?P<count>\d{1,2}|" + _either(NUMBERS) + r")"
COUNTED = re.compile(r"\b" + _COUNT + r"\s+(?P<unit>day|week|month|year)s?\s+(?P<closer>"
                     + _either(COUNTED_WORDS) + r")\b", re.I)
ANCHORED = re.compile(r"\b(?P<phrase>" + _either(ANCHORED_DAYS) + r")\b", re.I)
DAY_OF = re.compile(r"\b(?:the\s+)?(?P<ordinal>" + _either(ORDINALS) + r")\s+day\b"
                    r"|\bday\s+(?P<count>\d{1,2}|" + _either(NUMBERS) + r")\s+of\b", re.I)


def parse_iso(value: str | None) -> date | None:
    """A `YYYY-MM-DD` string as a date; None for anything else."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def resolve(text: str, ref: date | None, planned: bool = False,
            anchor: date | EventDate | None = None) -> EventDate | None:
    """The date that `text` names, read against the reference (publication) date `ref`;
    words that count from another day ("the next day", "two days later", "on the second
    day of the visit") count from `anchor`, the date the story named last, and give
    nothing without one. An anchor that is only a month or a year gives only what counts
    in months or years from it ("three years later"), never a day."""
    words = " ".join(text.split()).strip(" ,.;()")
    lower = words.lower()
    for resolver in (_iso, _month_day, _day_month, _numeric, _relative_day, _week_day,
                     _relative_span, _weekend, _counted, _weekday, _month, _day_only, _year):
        found = resolver(words, lower, ref, planned)
        if found:
            return found
    if isinstance(anchor, EventDate):
        anchor, coarse = _first_day(anchor.value), anchor.precision
    else:
        coarse = "day"
    if anchor is None:
        return None
    found = _counted(words, lower, anchor, planned, named=True)
    if found is not None:
        return found if PRECISION_RANK[found.precision] >= PRECISION_RANK[coarse] else None
    if coarse != "day":
        return None
    return _anchored_day(words, lower, anchor) or _day_of_visit(words, lower, anchor)


PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


def _first_day(value: str) -> date | None:
    """The first day of a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` value."""
    parts = value.split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                    int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def counts_from_named(text: str) -> bool:
    """Whether `text` counts from a day the story named before ("the next day", "two days
    later", "on the second day of the visit"), so that it needs that day to resolve."""
    lower = " ".join(text.split()).lower()
    counted = COUNTED.search(lower)
    return bool(ANCHORED.search(lower) or DAY_OF.search(lower) or (
        counted and COUNTED_WORDS[counted["closer"]][0] == "named"))


def is_counted(text: str) -> bool:
    """A span counted back from the publication date ("two days ago") or on from a day
    named before ("a week later"): a day, not a duration."""
    return COUNTED.search(" ".join(text.split()).lower()) is not None


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


def _week_day(words, lower, ref, planned):
    """A weekday of the week before, this week or the week after: "on Wednesday last week",
    "last week on Wednesday", "Tuesday of next week"."""
    match = WEEK_DAY.search(words)
    if not match or ref is None:
        return None
    rel = (match["rel"] or match["rel2"]).lower()
    weekday = _WORDS.weekdays[(match["weekday"] or match["weekday2"]).lower()]
    weeks = {"last": -1, "next": 1}.get(rel, 0)
    monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=weeks)
    return _make(monday + timedelta(days=weekday), "day", words, "relative")


def _weekend(words, lower, ref, planned):
    """A Saturday and the Sunday after it: "over the weekend" is the latest one begun on or
    before `ref`, "last weekend" the latest that ended two days before it, a planned or
    "next" weekend the next one."""
    match = WEEKEND.search(lower)
    if not match or ref is None:
        return None
    rel = match["rel"] or ""
    forward = rel in ("next", "coming") or (planned and rel != "last")
    if forward:
        saturday = ref + relativedelta(days=1 if rel == "next" else 0, weekday=SA(+1))
    else:
        saturday = ref + relativedelta(days=-2 if rel == "last" else 0, weekday=SA(-1))
    sunday = saturday + timedelta(days=1)
    return _make(saturday, "day", words, "relative", sunday if forward or sunday <= ref else None)


def _counted(words, lower, base, planned, named=False):
    """A span counted in days, weeks, months or years: "two days ago" back from the
    publication date; "three days later", "a week earlier" from the day named before."""
    match = COUNTED.search(lower)
    if not match or base is None:
        return None
    counts_from, direction = COUNTED_WORDS[match["closer"]]
    if (counts_from == "named") != named:
        return None
    count = match["count"]
    count = int(count) if count.isdigit() else NUMBERS[count]
    unit, precision = UNITS[match["unit"]]
    return _make(base + relativedelta(**{unit: direction * count}), precision, words, "relative")


def _anchored_day(words, lower, anchor):
    """"The next day", "earlier the same day", "the previous day": from the day named before."""
    match = ANCHORED.search(lower)
    if not match:
        return None
    return _make(anchor + timedelta(days=ANCHORED_DAYS[match["phrase"]]), "day", words, "relative")


def _day_of_visit(words, lower, anchor):
    """"On the second day of the visit", "on day two of his trip": the day named before is
    the first."""
    match = DAY_OF.search(lower)
    if not match:
        return None
    if match["ordinal"]:
        number = ORDINALS[match["ordinal"]]
    else:
        number = int(match["count"]) if match["count"].isdigit() else NUMBERS[match["count"]]
    return _make(anchor + timedelta(days=number - 1), "day", words, "relative")


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
