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
    ("on Wednesday last week", False, "2025-04-09", "day", "relative"),
    ("Saturday of last week", False, "2025-04-12", "day", "relative"),  # not a fortnight back
    ("last week on Wednesday", False, "2025-04-09", "day", "relative"),
    ("on Monday this week", False, "2025-04-14", "day", "relative"),
    ("Tuesday next week", True, "2025-04-22", "day", "relative"),
    ("two days ago", False, "2025-04-16", "day", "relative"),
    ("a week ago", False, "2025-04-11", "day", "relative"),
    ("3 days ago", False, "2025-04-15", "day", "relative"),
    ("a month ago", False, "2025-03", "month", "relative"),
    ("two years ago", False, "2023", "year", "relative"),
    ("over the weekend", False, "2025-04-12", "day", "relative"),
    ("last weekend", False, "2025-04-12", "day", "relative"),
    ("this weekend", True, "2025-04-19", "day", "relative"),
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


def test_a_weekend_is_a_saturday_to_sunday_not_after_the_reference():
    assert resolve("over the weekend", FRIDAY).end == "2025-04-13"
    saturday = resolve("over the weekend", date(2025, 4, 19))
    assert (saturday.value, saturday.end) == ("2025-04-19", None)  # Sunday is still ahead
    assert resolve("at the weekend", date(2025, 4, 20)).value == "2025-04-19"
    assert resolve("last weekend", date(2025, 4, 20)).value == "2025-04-12"  # on a Sunday
    assert resolve("last weekend", date(2025, 4, 21)).value == "2025-04-19"  # on a Monday


@pytest.mark.parametrize("text, value", [
    ("the next day", "2025-04-11"),
    ("The following day", "2025-04-11"),
    ("two days later", "2025-04-12"),
    ("a week later", "2025-04-17"),
    ("three days earlier", "2025-04-07"),
    ("Earlier the same day", "2025-04-10"),
    ("later that day", "2025-04-10"),
    ("the previous day", "2025-04-09"),
    ("on the second day of the visit", "2025-04-11"),
    ("on day three of his tour", "2025-04-12"),
])
def test_words_counted_from_the_day_named_before(text, value):
    """"The next day", "two days later": from the day the story named last (the anchor),
    never from the publication date; without an anchor, nothing."""
    assert resolve(text, FRIDAY, anchor=date(2025, 4, 10)).value == value
    assert resolve(text, FRIDAY) is None


def test_an_anchor_of_a_month_or_a_year_gives_no_day():
    from dipevents.models import EventDate

    year = EventDate("2019", "year", "in 2019", "explicit")
    month = EventDate("2025-02", "month", "in February", "relative")
    assert resolve("three years later", FRIDAY, anchor=year).value == "2022"
    assert resolve("a month later", FRIDAY, anchor=month).value == "2025-03"
    assert resolve("two days later", FRIDAY, anchor=month) is None
    assert resolve("the next day", FRIDAY, anchor=month) is None
    assert resolve("on the second day of the visit", FRIDAY, anchor=year) is None
    day = EventDate("2025-04-10", "day", "April 10", "relative")
    assert resolve("the next day", FRIDAY, anchor=day).value == "2025-04-11"


def test_counted_spans_are_days_not_durations():
    from dipevents.extract.dates import counts_from_named, is_counted

    assert is_counted("two days ago") and is_counted("Two days later")
    assert not is_counted("two days") and not is_counted("a few days ago")
    assert resolve("a few days ago", FRIDAY) is None
    assert counts_from_named("The next day") and counts_from_named("three weeks later")
    assert not counts_from_named("two days ago") and not counts_from_named("on Monday")
    # a day counted from the publication date wins over an anchor
    assert resolve("the day before yesterday", FRIDAY, anchor=date(2025, 4, 10)).value \
        == "2025-04-16"


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
    ('"the next day": 1', '"the next day": "one"', "is not a number of days"),
    ('"ago": ["published", -1]', '"ago": ["today", -1]', "is not [from"),
    ('"two": 2', '"two": 0', "is not a count"),
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


def test_date_spans_given_out_of_order_are_mended_in_order(nlp):
    """Tagged dates and untagged day words come in two lists: a day word before a tagged date
    must not be joined backwards (a span ending before it starts crashed a corpus record)."""
    from spacy.tokens import Span

    from dipevents.extract.assemble.when import _date_spans

    doc = nlp.make_doc("The ministers met yesterday , Monday , in Nairobi .")
    monday = Span(doc, 5, 6, label="DATE")
    yesterday = Span(doc, 3, 4, label="DATE")
    spans = _date_spans([monday, yesterday])
    assert [(s.start, s.end) for s in spans] == [(3, 4), (5, 6)]
