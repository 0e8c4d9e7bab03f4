"""`dipevents pairs`: who met whom, most often first.

Every event gives pairs across its sides (each party of `who` with each of `whom`), never
within one side: the people ("person" pairs: named persons, by `Party.key`, so spellings
agree) and the states they represent ("country" pairs: the dyads event-data users count, as
POLECAT's and ICEWS's country dyads). A pair is unordered: A–B and B–A are one row. An event
counts once for a pair however many of its parties form it. Rows: the pair, how many events
(meetings, visits and calls), the first and last date (the event's date, else its report
date), most events first.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from dipevents.cli.filters import party_key
from dipevents.models import Event, Party


class PairKind(str, Enum):
    person = "person"
    country = "country"
    all = "all"


@dataclass
class PairRow:
    kind: str  # person or country
    a: str  # display names, in sorted order of their keys
    b: str
    events: int = 0
    first: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    last: str | None = None
    a_country: str | None = None
    b_country: str | None = None
    ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "a": self.a, "a_country": self.a_country, "b": self.b,
                "b_country": self.b_country, "events": self.events, "first": self.first,
                "last": self.last, "event_ids": self.ids}


def count_pairs(events: Iterable[Event], kind: PairKind = PairKind.all) -> list[PairRow]:
    """The pairs of `events`, most events first, then the earliest first date, then names."""
    rows: dict[tuple, PairRow] = {}
    for event in events:
        day = event.date.value if event.date else event.reported()
        for key, make in _pairs_of(event, kind):
            row = rows.get(key)
            if row is None:
                row = rows[key] = make()
            row.events += 1
            row.ids.append(event.id)
            if day:
                row.first = day if row.first is None else min(row.first, day)
                row.last = day if row.last is None else max(row.last, day)
    return sorted(rows.values(), key=lambda r: (-r.events, r.first or "9999", r.kind, r.a, r.b))


def _pairs_of(event: Event, kind: PairKind):
    """(key, row maker) for each distinct pair the event gives."""
    seen = set()
    if kind in (PairKind.person, PairKind.all):
        people = [[p for p in side if p.kind == "person" and p.name] for side in
                  (event.who, event.whom)]
        for left in people[0]:
            for right in people[1]:
                ends = sorted([left, right], key=party_key)
                key = ("person", party_key(ends[0]), party_key(ends[1]))
                if key[1] == key[2] or key in seen:
                    continue
                seen.add(key)
                yield key, _person_row(ends)
    if kind in (PairKind.country, PairKind.all):
        states = [{p.country for p in side if p.country} for side in (event.who, event.whom)]
        for left in states[0]:
            for right in states[1]:
                a, b = sorted([left, right])
                key = ("country", a, b)
                if a == b or key in seen:
                    continue
                seen.add(key)
                yield key, (lambda a=a, b=b: PairRow("country", a, b, a_country=a, b_country=b))


def _person_row(ends: list[Party]):
    return lambda: PairRow("person", ends[0].name, ends[1].name, a_country=ends[0].country,
                           b_country=ends[1].country)
