"""Filters: which extracted events are written. They never change what is extracted.

One function does the work, `filter_events(events, since=..., until=..., ...)`, and yields
the events it keeps, in the order it gets them. Every command that writes events (`extract`,
`pairs`, `report`) takes the same options; their Typer declarations are here too, so each
command declares them the same way:

    from dipevents.cli import filters

    def report(paths: Paths, since: filters.SinceOpt = None, until: filters.UntilOpt = None,
               country: filters.CountryOpt = None, person: filters.PersonOpt = None,
               type_: filters.TypeOpt = None, status: filters.StatusOpt = None,
               min_confidence: filters.MinConfidenceOpt = None):
        kept = filters.filter_events(events, since=since, until=until, country=country,
                                     person=person, type=type_, status=status,
                                     min_confidence=min_confidence)

What each option keeps (options combine with AND; the values of a repeated option with OR):

- `since` / `until`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, both ends included. An event is
  kept when the days its date covers ("2024-03" is the whole of March, a range runs to its
  `end`) meet the interval; an event without a date is placed at its report date (the
  earliest source's publication date); an event with neither is dropped by either option.
- `country`: ISO 3166-1 alpha-3 of any party or of the place.
- `person`: a party's key (`Party.key`: the id in the table of officials, else the
  normalised name), so "Kim Song-nam" finds "Kim Song Nam", a name the table knows as one
  person finds that person however the text spells it, and an id ("Q7747") finds its
  person.
- `type`: meeting, visit, call. `status`: occurred, planned.
- `min_confidence`: confidence at least this.

Bad values raise `typer.BadParameter`. A command checks them before any work is done with
`chosen = check_filters(...)` and later writes `chosen.apply(events)`; `filter_events` is
both in one call (it checks when the first event is asked for).
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated, Optional

import typer

from dipevents.models import Event, Party
from dipevents.models.events import EVENT_TYPES, STATUSES, normalise_name

PANEL = "Filters (what is written)"
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ISO3 = re.compile(r"^[A-Za-z]{3}$")

SinceOpt = Annotated[Optional[str], typer.Option(
    "--since", metavar="DATE", rich_help_panel=PANEL,
    help="Events on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD); undated ones by report date.")]
UntilOpt = Annotated[Optional[str], typer.Option(
    "--until", metavar="DATE", rich_help_panel=PANEL,
    help="Events on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD); undated ones by report date.")]
CountryOpt = Annotated[Optional[list[str]], typer.Option(
    "--country", metavar="ISO3", rich_help_panel=PANEL,
    help="A party or the place is of this country (repeatable: any of them).")]
PersonOpt = Annotated[Optional[list[str]], typer.Option(
    "--person", metavar="NAME", rich_help_panel=PANEL,
    help="A party is this person, however the name is spelt (repeatable: any of them).")]
TypeOpt = Annotated[Optional[list[str]], typer.Option(
    "--type", metavar="TYPE", rich_help_panel=PANEL,
    help="meeting, visit or call (repeatable).")]
StatusOpt = Annotated[Optional[list[str]], typer.Option(
    "--status", metavar="STATUS", rich_help_panel=PANEL,
    help="occurred or planned (repeatable).")]
MinConfidenceOpt = Annotated[Optional[float], typer.Option(
    "--min-confidence", metavar="X", rich_help_panel=PANEL,
    help="Confidence at least X (0 to 1).")]


@dataclass(frozen=True)
class Filters:
    """The checked filter values; `keeps(event)` is the test."""

    first: str | None = None  # YYYY-MM-DD, the first day kept
    last: str | None = None  # YYYY-MM-DD, the last day kept
    countries: frozenset[str] = frozenset()
    persons: frozenset[str] = frozenset()  # party keys
    types: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    min_confidence: float | None = None

    def active(self) -> bool:
        return any((self.first, self.last, self.countries, self.persons, self.types,
                    self.statuses, self.min_confidence is not None))

    def apply(self, events: Iterable[Event]) -> Iterator[Event]:
        """The events kept, in the order given (a stream stays a stream)."""
        if not self.active():
            yield from events
            return
        for event in events:
            if self.keeps(event):
                yield event

    def keeps(self, event: Event) -> bool:
        if self.types and event.type not in self.types:
            return False
        if self.statuses and event.status not in self.statuses:
            return False
        if self.min_confidence is not None and event.confidence < self.min_confidence:
            return False
        if self.countries and not self.countries & event_countries(event):
            return False
        if self.persons and not any(self.persons & party_keys(p) for p in event.parties()):
            return False
        if self.first or self.last:
            span = event_days(event)
            if span is None:
                return False
            if self.first and span[1] < self.first:
                return False
            if self.last and span[0] > self.last:
                return False
        return True


def check_filters(since: str | None = None, until: str | None = None,
                  country: Iterable[str] | None = None, person: Iterable[str] | None = None,
                  type: Iterable[str] | None = None, status: Iterable[str] | None = None,
                  min_confidence: float | None = None) -> Filters:
    """The option values, checked: `typer.BadParameter` names the option and the value."""
    for option, value in (("--since", since), ("--until", until)):
        if value is not None and (not PARTIAL_DATE.match(value) or day_range(value) is None):
            raise typer.BadParameter(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                                     param_hint=option)
    countries = set()
    for code in country or ():
        if not ISO3.match(code):
            raise typer.BadParameter(f"{code!r} is not an ISO 3166-1 alpha-3 code (e.g. KEN)",
                                     param_hint="--country")
        countries.add(code.upper())
    for option, values, allowed in (("--type", type, EVENT_TYPES),
                                    ("--status", status, STATUSES)):
        for value in values or ():
            if value not in allowed:
                raise typer.BadParameter(f"{value!r} is not one of {', '.join(allowed)}",
                                         param_hint=option)
    if min_confidence is not None and not 0 <= min_confidence <= 1:
        raise typer.BadParameter(f"{min_confidence} is not between 0 and 1",
                                 param_hint="--min-confidence")
    return Filters(
        first=day_range(since)[0] if since else None,
        last=day_range(until)[1] if until else None,
        countries=frozenset(countries),
        persons=frozenset(key for name in person or () if name.strip()
                          for key in person_keys(name)),
        types=frozenset(type or ()), statuses=frozenset(status or ()),
        min_confidence=min_confidence,
    )


def filter_events(events: Iterable[Event], since: str | None = None, until: str | None = None,
                  country: Iterable[str] | None = None, person: Iterable[str] | None = None,
                  type: Iterable[str] | None = None, status: Iterable[str] | None = None,
                  min_confidence: float | None = None) -> Iterator[Event]:
    """The events the options keep, in the order given (a stream stays a stream)."""
    yield from check_filters(since, until, country, person, type, status,
                             min_confidence).apply(events)


def party_key(party: Party) -> str:
    """What identifies a party, never None: `Party.identity()` (its `key`: the id in the
    table of officials, else the normalised name; else its kind and country)."""
    return party.identity()


def party_keys(party: Party) -> set[str]:
    """The keys a `--person` value may name: the party's key, and its name normalised the
    two ways names are compared (the officials table's `key`, the merger's)."""
    from dipevents.extract.officials import key

    keys = {party_key(party)}
    if party.name:
        keys.update((key(party.name), normalise_name(party.name)))
    return keys


def person_keys(name: str) -> set[str]:
    """The keys a `--person NAME` finds: the name as given (an id like "Q7747"), its
    normalised forms, and the id of the one official the table knows by that name."""
    from dipevents.extract.officials import key, who

    name = name.strip()
    keys = {name, key(name), normalise_name(name)}
    holders = who(name)
    if len(holders) == 1:
        keys.add(holders[0].id)
    return keys


def event_countries(event: Event) -> set[str]:
    countries = {p.country for p in event.parties() if p.country}
    if event.place and event.place.country:
        countries.add(event.place.country)
    return countries


def event_days(event: Event) -> tuple[str, str] | None:
    """The first and last day (YYYY-MM-DD) the event's date covers; the report date for an
    undated event; None when neither is known."""
    if event.date:
        first, last = day_range(event.date.value) or (None, None)
        if first and event.date.end:
            last = max(last, (day_range(event.date.end) or (last, last))[1])
        return (first, last) if first else None
    reported = event.reported()
    return day_range(reported) if reported else None


def day_range(value: str) -> tuple[str, str] | None:
    """"2024" -> ("2024-01-01", "2024-12-31"), "2024-02" -> (…-02-01, …-02-29); None if invalid."""
    if not PARTIAL_DATE.match(value or ""):
        return None
    parts = [int(p) for p in value.split("-")]
    year = parts[0]
    month_first, month_last = (parts[1], parts[1]) if len(parts) > 1 else (1, 12)
    if not 1 <= month_first <= 12:
        return None
    last_day = calendar.monthrange(year, month_last)[1]
    if len(parts) == 3:
        if not 1 <= parts[2] <= last_day:
            return None
        day_first = day_last = parts[2]
    else:
        day_first, day_last = 1, last_day
    return (f"{year:04d}-{month_first:02d}-{day_first:02d}",
            f"{year:04d}-{month_last:02d}-{day_last:02d}")
