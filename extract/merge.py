"""Merging: one meeting mentioned several times is one event.

`dedupe` folds the mentions of one document; `Merger` folds the same meeting reported by
several documents into one event that lists every source (as GDELT's NumSources counts).
Two events are the same when they have the same type and parties and their dates and
places do not disagree. The merger keeps only the events, never the documents.
"""
from __future__ import annotations

from collections import defaultdict

from dipevents.models import Event


def party_set(event: Event) -> frozenset[str]:
    return frozenset(p.key() for p in event.parties())


def compatible(a: Event, b: Event) -> bool:
    if a.type != b.type or party_set(a) != party_set(b):
        return False
    if a.date and b.date and not (a.date.value.startswith(b.date.value)
                                  or b.date.value.startswith(a.date.value)):
        return False
    if a.place and b.place and a.place.country and b.place.country \
            and a.place.country != b.place.country:
        return False
    if a.place and b.place and a.place.name != b.place.name and a.date is None and b.date is None:
        return False
    return True


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
    """One event per meeting within a document; the first mention is its evidence."""
    kept: list[Event] = []
    for event in events:
        for other in kept:
            if compatible(other, event):
                sources = list(other.sources)
                absorb(other, event)
                other.sources = sources  # one document, one source: the first mention
                break
        else:
            kept.append(event)
    return kept


class Merger:
    """Merges events across documents, holding only events, indexed by their parties."""

    def __init__(self) -> None:
        self._by_parties: dict[tuple, list[Event]] = defaultdict(list)
        self._order: list[Event] = []

    def add(self, events: list[Event]) -> None:
        for event in events:
            bucket = self._by_parties[(event.type, party_set(event))]
            for other in bucket:
                if compatible(other, event) and not _same_doc(other, event):
                    absorb(other, event)
                    break
            else:
                bucket.append(event)
                self._order.append(event)

    def events(self) -> list[Event]:
        for event in self._order:
            event.assign_id()
        return sorted(self._order, key=Event.sort_key)


def _same_doc(a: Event, b: Event) -> bool:
    return bool({s.doc for s in a.sources} & {s.doc for s in b.sources})
