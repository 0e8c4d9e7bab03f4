"""Date resolution against the publication date (no spaCy needed)."""
from datetime import date

import pytest

import re

from dipevents.extract.dates import parse_iso, resolve
from dipevents.extract.patterns import date_words

FRIDAY = date(2025, 4, 18)


@pytest.mark.parametrize("text, planned, value, precision, basis", [
    ("on Monday", False, "2025-04-14", "day", "relative"),
    ("on Friday", False, "2025-04-18", "day", "relative"),      # the same day counts
    ("on Thursday evening", False, "2025-04-17", "day", "relative"),
    ("on Friday", True, "2025-04-18", "day", "relative"),
    ("on Tuesday", True, "2025-04-22", "day", "relative"),      # planned looks forward
    ("next Monday", False, "2025-04-21", "day", "relative"),
    ("yesterday", False, "2025-04-17", "day", "relative"),
    ("today", False, "2025-04-18", "day", "relative"),
    ("this evening", False, "2025-04-18", "day", "relative"),
    ("tomorrow", True, "2025-04-19", "day", "relative"),
    ("last month", False, "2025-03", "month", "relative"),
    ("earlier this week", False, "2025-04", "month", "relative"),
    ("next week", True, "2025-04", "month", "relative"),
    ("in July", False, "2024-07", "month", "relative"),         # latest July not after
    ("in April", False, "2025-04", "month", "relative"),
    ("last September", False, "2024-09", "month", "relative"),
    ("in September", True, "2025-09", "month", "relative"),
    ("September 2019", False, "2019-09", "month", "explicit"),
    ("on March 5", False, "2025-03-05", "day", "relative"),
    ("on 5 March", False, "2025-03-05", "day", "relative"),
    ("on December 30", False, "2024-12-30", "day", "relative"),  # not in the future
    ("on the 9th", False, "2025-04-09", "day", "relative"),
    ("on the 25th", False, "2025-03-25", "day", "relative"),
    ("on August second", False, "2024-08-02", "day", "relative"),
    ("Jan 27, 2022", False, "2022-01-27", "day", "explicit"),
    ("14 February 2019", False, "2019-02-14", "day", "explicit"),
    ("2021-07-26", False, "2021-07-26", "day", "explicit"),
    ("Tuesday (11/12)", False, "2024-11-12", "day", "relative"),
    ("in 1987", False, "1987", "year", "explicit"),
    ("last year", False, "2024", "year", "relative"),
])
def test_resolve(text, planned, value, precision, basis):
    found = resolve(text, FRIDAY, planned=planned)
    assert found is not None
    assert (found.value, found.precision, found.basis) == (value, precision, basis)
    assert found.text == text.strip(" ,.;()") or found.text.startswith(text[:5])


def test_range_keeps_start_and_end():
    found = resolve("from April 4 to 6", FRIDAY)
    assert (found.value, found.end) == ("2025-04-04", "2025-04-06")
    found = resolve("October 15-16, 2023", FRIDAY)
    assert (found.value, found.end) == ("2023-10-15", "2023-10-16")


def test_relative_words_need_a_reference_date():
    assert resolve("on Monday", None) is None
    assert resolve("last month", None) is None
    assert resolve("in July", None) is None
    assert resolve("June 3, 2020", None).value == "2020-06-03"


def test_not_dates():
    assert resolve("may", FRIDAY) is None          # the modal verb
    assert resolve("several decades", FRIDAY) is None
    assert resolve("", FRIDAY) is None


def test_parse_iso():
    assert parse_iso("2024-03-26") == date(2024, 3, 26)
    assert parse_iso("2024-03-26 08:04:47") == date(2024, 3, 26)
    assert parse_iso("yesterday") is None
    assert parse_iso(None) is None


def test_date_words_are_data_shared_with_the_reader():
    """Months, weekdays and relative days come from patterns/date_words.json, which the
    reader's dateline rules read too."""
    from dipevents.extract import dates
    from dipevents.extract.reader import reader_rules

    words = date_words()
    assert dates.MONTHS is words.months and words.months["sept"] == 9
    assert words.relative_days["the day before yesterday"] == -2
    assert "tues" in words.weekday_forms and "tues" not in words.weekdays
    assert {"thurs", "september", "may"} <= reader_rules().not_places


@pytest.mark.parametrize("old, new, message", [
    ('["june", "jun", ', '["june", 6, ', "is not a list of lower-case words"),
    ('"yesterday": -1', '"yesterday": "one"', "is not a number of days"),
    ('"next year": ["years", 1, "year"]', '"next year": ["decades", 1, "year"]', "is not [unit"),
    ('"words": ["may"]', '"words": ["maybe"]', "is no month name"),
])
def test_a_bad_date_word_names_the_file_and_line(tmp_path, old, new, message):
    from importlib.resources import files

    text = files("dipevents.extract").joinpath("patterns", "date_words.json").read_text()
    assert text.count(old) == 1
    text = text.replace(old, new)
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if new in row)
    bad = tmp_path / "date_words.json"
    bad.write_text(text)
    with pytest.raises(ValueError, match=rf"date_words.json:{line}: .*{re.escape(message)}"):
        date_words(str(bad))
