"""Merging: one meeting mentioned several times is one event.

`dedupe` folds the mentions of one document; `Merger` folds the same meeting reported by
several documents into one event that lists every source (as GDELT's NumSources counts).
Two events are the same when they have the same type and parties and their dates and
places do not disagree. The merger keeps only the events, never the documents.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date
from itertools import permutations

from dipevents.models import Event, Party


def party_set(event: Event) -> frozenset[str]:
    """The parties that identify an event: a visit by its visitors, others by everyone."""
    parties = event.who if event.type == "visit" and event.who else event.parties()
    return frozenset(p.identity() for p in parties)


def _same_party(a: Party, b: Party) -> bool:
    """Named parties by name; an unnamed one ("a Chinese delegation") by its country."""
    if a.name and b.name:
        return a.identity() == b.identity()
    if a.name or b.name:  # an unnamed party is the named one of its country, or of none known
        named, unnamed = (a, b) if a.name else (b, a)
        return unnamed.country is not None and named.country in (None, unnamed.country)
    return bool(a.country) and a.country == b.country


def parties_agree(a: Event, b: Event) -> bool:
    """The same parties, one to one: named by name, unnamed by country."""
    left = a.who if a.type == "visit" and a.who else a.parties()
    right = b.who if b.type == "visit" and b.who else b.parties()
    shared = {p.identity() for p in left if p.name} & {q.identity() for q in right if q.name}
    if not shared and any(p.name for p in left) and any(q.name for q in right):
        return False  # two named sides with nobody in common are two events
    left = [p for p in left if p.identity() not in shared]  # the same named people pair off first
    right = [q for q in right if q.identity() not in shared]
    if len(left) != len(right) or len(left) > 7:
        return len(left) == len(right) and party_set(a) == party_set(b)
    return any(all(_same_party(p, q) for p, q in zip(left, order))
               for order in permutations(right))


def dates_agree(a: Event, b: Event) -> bool:
    if a.date and b.date:
        return a.date.value.startswith(b.date.value) or b.date.value.startswith(a.date.value)
    return True


def places_agree(a: Event, b: Event) -> bool:
    if a.place and b.place and a.place.country and b.place.country:
        return a.place.country == b.place.country
    return True


def compatible(a: Event, b: Event, strict: bool = True) -> bool:
    """Two reports of one event: same type, the same parties, no disagreeing date or place."""
    if a.type != b.type or a.earlier != b.earlier:
        return False
    if strict and party_set(a) != party_set(b):
        return False
    if not strict and not parties_agree(a, b):
        return False
    if not (dates_agree(a, b) and places_agree(a, b)):
        return False
    if strict and a.place and b.place and a.place.name != b.place.name \
            and a.date is None and b.date is None:
        return False  # across documents, undated reports must agree on the place itself
    return True


def visit_within(visit: Event, meeting: Event) -> bool:
    """A visit that is the travel to a meeting the document reports ("visited X, where he met Y")."""
    if visit.type != "visit" or meeting.type == "visit":
        return False
    visitors = [p for p in visit.who if p.name]
    if visit.status != meeting.status:
        return False
    return bool(visitors) and all(any(_same_party(v, p) for p in meeting.parties()) for v in visitors) \
        and (dates_agree(visit, meeting) or _arrived_before(visit, meeting)) \
        and places_agree(visit, meeting)


def _arrived_before(visit: Event, meeting: Event) -> bool:
    """An arrival up to three days before the meeting is the trip to it."""
    if not (visit.date and meeting.date and visit.date.precision == meeting.date.precision == "day"):
        return False
    arrived, met = date.fromisoformat(visit.date.value), date.fromisoformat(meeting.date.value)
    return 0 <= (met - arrived).days <= 3


def _told_next(first: Event, then: Event) -> bool:
    """Whether `then` is told in the sentence right after `first`'s (one document)."""
    a, b = first.sources[0], then.sources[0]
    return a.doc == b.doc and a.end is not None and b.start is not None \
        and 0 <= b.start - a.end <= 3


def absorb(kept: Event, other: Event) -> None:
    """Fold `other` into `kept`: the more precise date and place, every source."""
    if other.date and (kept.date is None or len(other.date.value) > len(kept.date.value)):
        kept.date = other.date
    if other.place and (kept.place is None or (kept.place.lat is None and other.place.lat is not None)):
        kept.place = other.place
    if kept.status == "planned" and other.status == "occurred":
        kept.status = "occurred"
    known = {(s.doc, s.start) for s in kept.sources}
    kept.sources.extend(s for s in other.sources if (s.doc, s.start) not in known)
    kept.confidence = round(min(0.99, max(kept.confidence, other.confidence) + 0.02), 2)


def dedupe(events: list[Event]) -> list[Event]:
    """One event per meeting within a document; the first mention is its evidence.

    Within a document an unnamed party ("a Chinese official") is the named one of the same
    country, and a visit that brought a party to a meeting is part of that meeting."""
    kept: list[Event] = []
    for event in events:
        for other in kept:
            if compatible(other, event, strict=False):
                sources = list(other.sources)
                _prefer_named(other, event)
                absorb(other, event)
                other.sources = sources  # one document, one source: the first mention
                break
        else:
            kept.append(event)
    meetings = [e for e in kept if e.type != "visit"]
    result = []
    for event in kept:
        host = next((m for m in meetings if visit_within(event, m)), None)
        if host is None:
            result.append(event)
        elif host.place is None and event.place is not None and host.type != "call" \
                and (host.date and event.date or _told_next(host, event)):
            host.place = event.place  # (a call is made from afar: a trip gives it no place;
            # an undated visit only in the sentence right after: "X met Y on Monday. X was
            # on a state visit to Moscow.")
    return result


def _prefer_named(kept: Event, other: Event) -> None:
    """Replace unnamed parties of `kept` by the named ones of `other` they stand for."""
    for side_kept, side_other in ((kept.who, other.who + other.whom), (kept.whom, other.whom + other.who)):
        for i, party in enumerate(side_kept):
            if party.name:
                continue
            present = {p.identity() for p in kept.parties()}
            named = next((q for q in side_other if q.name and _same_party(party, q)
                          and q.identity() not in present), None)
            if named is not None:
                side_kept[i] = named if named.country else replace(named, country=party.country)
    if kept.type == "visit":
        known = {p.identity() for p in kept.parties()}
        kept.whom.extend(p for p in other.whom if p.identity() not in known)


class Merger:
    """Merges events across documents, holding only events, indexed by their parties."""

    def __init__(self) -> None:
        self._by_parties: dict[tuple, list[Event]] = defaultdict(list)
        self._order: list[Event] = []

    def add(self, events: list[Event]) -> None:
        for event in events:
            self.place(event)

    def place(self, event: Event) -> Event:
        """Merge `event` into the event it reports again, or keep it as a new one; returns
        the event it now lives in."""
        bucket = self._by_parties[(event.type, party_set(event))]
        for other in bucket:
            if compatible(other, event) and not _same_doc(other, event):
                absorb(other, event)
                return other
        bucket.append(event)
        self._order.append(event)
        return event

    def seed(self, events: list[Event]) -> None:
        """Events merged before (read back from an archive): kept as they are, not compared
        with each other."""
        for event in events:
            self._by_parties[(event.type, party_set(event))].append(event)
            self._order.append(event)

    def events(self) -> list[Event]:
        complete_people(self._order)
        for event in self._order:
            event.assign_id()
        return sorted(self._order, key=Event.sort_key)


def complete_people(events: list[Event]) -> None:
    """One person, one description: a person whose title or country one report leaves out
    takes them from another report of the run that names the same person (same key)."""
    known: dict[str, tuple] = {}
    for event in events:
        for party in event.parties():
            if party.name and party.kind == "person":
                title, country = known.get(party.identity(), (None, None))
                known[party.identity()] = (title or party.title, country or party.country)
    for event in events:
        for side in (event.who, event.whom):
            for i, party in enumerate(side):
                if party.name and party.kind == "person" and not (party.title and party.country):
                    title, country = known[party.identity()]
                    side[i] = replace(party, title=party.title or title,
                                      country=party.country or country)


def _same_doc(a: Event, b: Event) -> bool:
    return bool({s.doc for s in a.sources} & {s.doc for s in b.sources})
