"""Filters choose what is written, never what is extracted: each option on made-up events,
then the options on the command line against an unfiltered run."""
from __future__ import annotations

import json

import pytest
import typer

from dipevents.cli.filters import check_filters, day_range, filter_events
from dipevents.models import Event, EventDate, Party, Place, Source
from helpers import dipevents, summary, write


def event(name: str, *, date=None, reported="2024-03-10", who=(("Ana Velk", "KEN"),),
          whom=(("Boris Tamm", "EST"),), place=None, type="meeting", status="occurred",
          confidence=0.8, end=None) -> Event:
    made = Event(
        type=type, status=status, confidence=confidence,
        who=[Party(n, "Minister", c) for n, c in who],
        whom=[Party(n, "Minister", c) for n, c in whom],
        place=Place(*place) if place else None,
        date=EventDate(date, {4: "year", 7: "month"}.get(len(date), "day"), date, "explicit", end)
        if date else None,
        sources=[Source(f"{name}.txt", reported, "…", 0, 1)] if reported or name else [],
    )
    made.id = name
    return made


def kept(events, **options) -> list[str]:
    return [e.id for e in filter_events(events, **options)]


def test_no_option_keeps_everything_in_order():
    events = [event("b"), event("a"), event("c")]
    assert kept(events) == ["b", "a", "c"]


def test_since_and_until_read_the_event_date_then_the_report_date():
    events = [event("day", date="2024-03-05"), event("month", date="2024-04"),
              event("range", date="2024-02-27", end="2024-03-02"),
              event("undated", reported="2024-03-20"),
              event("nothing", reported=None)]
    assert kept(events, since="2024-03-01") == ["day", "month", "range", "undated"]
    assert kept(events, since="2024-03-06") == ["month", "undated"]
    assert kept(events, until="2024-03-01") == ["range"]
    assert kept(events, since="2024-04-30", until="2024-05") == ["month"]
    assert kept(events, since="2024-03", until="2024-03") == ["day", "range", "undated"]
    assert kept(events, since="2025") == []


def test_country_matches_any_party_or_the_place_and_repeats_as_or():
    events = [event("ken", who=(("Ana Velk", "KEN"),)),
              event("place", who=(("Ana Velk", None),), whom=(("Boris Tamm", None),),
                    place=("Kigali", "RWA")),
              event("other", who=(("Ana Velk", "UGA"),), whom=(("Boris Tamm", "TZA"),))]
    assert kept(events, country=["KEN"]) == ["ken"]
    assert kept(events, country=["rwa"]) == ["place"]
    assert kept(events, country=["RWA", "TZA"]) == ["place", "other"]


def test_person_matches_the_party_key_whatever_the_spelling():
    events = [event("a", who=(("Kim Song-nam", "PRK"),)), event("b", whom=(("Li Wen", "CHN"),))]
    assert kept(events, person=["kim song nam"]) == ["a"]
    assert kept(events, person=["KIM SONG-NAM"]) == ["a"]
    assert kept(events, person=["Boris Tamm"]) == ["a"]
    assert kept(events, person=["Li Wen", "Kim Song Nam"]) == ["a", "b"]
    assert kept(events, person=["Kim"]) == []
    assert kept(events, person=["Song-nam Kim"]) == ["a"]  # the officials table's key: any order


def test_person_matches_an_official_id():
    known = event("k")
    known.who[0].key = "kb:ana-velk"  # resolved to a person of the officials table
    assert kept([known, event("other", who=(("Ivo Kask", "EST"),))],
                person=["kb:ana-velk"]) == ["k"]


def test_type_status_and_confidence():
    events = [event("m"), event("v", type="visit", status="planned", confidence=0.5),
              event("c", type="call", confidence=0.95)]
    assert kept(events, type=["visit", "call"]) == ["v", "c"]
    assert kept(events, status=["planned"]) == ["v"]
    assert kept(events, min_confidence=0.8) == ["m", "c"]
    assert kept(events, type=["meeting", "call"], min_confidence=0.9) == ["c"]


@pytest.mark.parametrize("options", [dict(since="March"), dict(until="2024-02-30"),
                                     dict(country=["Kenya"]), dict(type=["lunch"]),
                                     dict(status=["done"]), dict(min_confidence=1.5)])
def test_bad_values_are_refused(options):
    with pytest.raises(typer.BadParameter):
        check_filters(**options)


def test_day_range():
    assert day_range("2024-02") == ("2024-02-01", "2024-02-29")
    assert day_range("2023") == ("2023-01-01", "2023-12-31")
    assert day_range("2023-13") is None


KENYA = ("Kenyan Foreign Minister Amani Odero met Estonian Foreign Minister Kalev Saar "
         "in Nairobi on Monday.\n")
PLANNED = "Chilean President Tomás Herrera will visit Peru on Friday, officials said.\n"


def test_extract_options_filter_what_is_written(tmp_path):
    write(tmp_path / "a.txt", KENYA)
    write(tmp_path / "b.txt", PLANNED)
    base = ("extract", tmp_path, "--doc-date", "2024-03-07", "-f", "jsonl")
    everything = [json.loads(line) for line in dipevents(*base, "-q").stdout.splitlines()]
    assert {e["type"] for e in everything} == {"meeting", "visit"}
    kenya = dipevents(*base, "--country", "KEN")
    assert [json.loads(line) for line in kenya.stdout.splitlines()] == [
        e for e in everything if e["type"] == "meeting"]
    counts = summary(kenya.stderr)
    assert (counts["with_events"], counts["written"]) == (2, 1)  # extracted, then filtered
    assert dipevents(*base, "-q", "--person", "amani  ODERO").stdout == kenya.stdout
    assert dipevents(*base, "-q", "--status", "planned").stdout.count("\n") == 1
    assert dipevents(*base, "-q", "--since", "2024-03-05").stdout.count("\n") == 1
    assert dipevents(*base, "-q", "--until", "2024-03-04", "--type", "meeting").stdout \
        == kenya.stdout


def test_extract_bad_filter_is_one_line_and_exit_2(tmp_path):
    result = dipevents("extract", write(tmp_path / "a.txt", KENYA), "--since", "soon")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("dipevents: --since 'soon' is not a date "
                             "(YYYY, YYYY-MM or YYYY-MM-DD)\n")
