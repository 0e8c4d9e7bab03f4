"""The event data model: documents in, events out.

Plain dataclasses with `to_dict`/`from_dict`; this module imports neither spaCy nor Typer,
so anything that consumes dipevents output can use it.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field, replace
from typing import Any

EVENT_TYPES = ("meeting", "visit", "call")
STATUSES = ("occurred", "planned")
PARTY_KINDS = ("person", "delegation", "organization", "country")
DATE_BASES = ("explicit", "relative", "unknown")
PRECISIONS = ("day", "month", "year")

# CAMEO codes (Gerner et al., CAMEO manual 1.1b3, section 04 "Consult").
CAMEO = {
    "consult": "040",
    "make_visit": "042",
    "host_visit": "043",
    "meet_third": "044",
    "negotiate": "046",
}


@dataclass(frozen=True)
class Dateline:
    """The place (and maybe date and agency) that opens an article's body, as the reader
    found it: "LISBON, June 8 (Wire) -". `start` and `end` are the span of its text, relative
    to the piece that holds the header (negative in a later piece of a huge document)."""

    place: str  # as a name: "LISBON" is "Lisbon"
    text: str  # as written, without the trailing dash
    start: int
    end: int
    rule: str  # the id of the `patterns/doc_dates.json` pattern that found it
    region: str | None = None  # "LISBON, Portugal": "Portugal"
    date: str | None = None  # the date as written: "June 8"
    agency: str | None = None  # "Wire"

    def shifted(self, by: int) -> "Dateline":
        return replace(self, start=self.start - by, end=self.end - by)


@dataclass(frozen=True)
class Header:
    """What the reader found about a document besides its text, handed to every later stage
    typed (never a dict that one stage fills and another reads). Offsets are relative to the
    piece's `text`; a later piece of a huge document has the first piece's header shifted, so
    they are negative there (the header lies before it)."""

    body_start: int = 0  # where the body starts (after headline, date and header lines)
    dateline: Dateline | None = None
    date_source: str | None = None  # what gave `doc_date`: "argument", "metadata" or a pattern id
    site: str | None = None  # a web page's site name
    encoding: str | None = None  # the encoding the bytes were read in
    item: int | None = None  # the record's number in a JSON list ("feed.json[3]")
    html: bool = False  # the text was taken from a web page

    def shifted(self, by: int) -> "Header":
        """The same header with its offsets relative to a text starting `by` later."""
        if not by:
            return self
        return replace(self, body_start=self.body_start - by,
                       dateline=self.dateline.shifted(by) if self.dateline else None)


@dataclass
class Document:
    """One input document, already decoded and cleaned of page debris."""

    path: str
    text: str
    doc_date: str | None = None  # YYYY-MM-DD publication date, None when unknown
    id: str | None = None
    url: str | None = None
    title: str | None = None
    line: int | None = None  # line in a JSONL file, for error messages
    offset: int = 0  # where `text` starts in the full document (pieces of a huge file)
    header: Header = field(default_factory=Header)  # the reader's findings, typed
    # Where the spaCy pass may stop (relative to `text`): the word test found that nothing
    # after it can hold a trigger. None: read it all.
    parse_end: int | None = None

    def label(self) -> str:
        """What `sources[].doc` says: the path as a normalised relative or absolute path
        ("./news/a.txt" is "news/a.txt"), and for a record of a JSON or JSONL file the
        record too: "feed.jsonl#ID" by its id, else "feed.jsonl:LINE" or "feed.json[ITEM]"."""
        path = self.path if self.path.startswith("<") else os.path.normpath(self.path)
        if self.id:
            return f"{path}#{self.id}"
        if self.line:
            return f"{path}:{self.line}"
        if self.header.item:
            return f"{path}[{self.header.item}]"
        return path


@dataclass
class ReadError:
    """A document or line that could not be read: reported, never fatal."""

    path: str
    reason: str
    line: int | None = None

    def message(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass
class Party:
    name: str | None
    title: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3
    kind: str = "person"
    # The person's id in the table of officials (a Wikidata id like "Q7747", or "kb:..."),
    # else the normalised name (`extract.officials.key`); None for an unnamed party.
    key: str | None = None

    def identity(self) -> str:
        """What identifies the party when events are compared or merged: its `key`, else
        its normalised name, else its kind and country."""
        if self.key:
            return self.key
        if self.name:
            return normalise_name(self.name)
        return f"{self.kind}:{self.country}"


@dataclass
class Place:
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class EventDate:
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str  # day, month, year
    text: str  # the words it came from
    basis: str  # explicit, relative, unknown
    end: str | None = None  # last day of a range ("from April 4 to 6")


@dataclass
class Source:
    doc: str  # the file, and the record in a JSON or JSONL file (`Document.label`)
    doc_date: str | None
    sentence: str
    start: int
    end: int
    id: str | None = None  # the input record's `id`
    url: str | None = None  # the record's or page's URL
    title: str | None = None  # the record's or page's title
    doc_date_source: str | None = None  # option, metadata, header or dateline
    site: str | None = None  # a web page's site name


@dataclass
class Event:
    type: str
    status: str
    who: list[Party]
    whom: list[Party] = field(default_factory=list)
    place: Place | None = None
    date: EventDate | None = None
    sources: list[Source] = field(default_factory=list)
    confidence: float = 0.5
    cameo: str = CAMEO["consult"]
    id: str = ""
    # Not serialised: set for "they had met", an earlier meeting than the one reported.
    earlier: bool = field(default=False, repr=False, compare=False)

    def parties(self) -> list[Party]:
        return [*self.who, *self.whom]

    def sort_key(self) -> tuple:
        """Oldest first: the event's own date, else its earliest source's publication date."""
        day = self.date.value if self.date else self.reported() or "9999"
        return (day, self.id)

    def reported(self) -> str | None:
        dates = [s.doc_date for s in self.sources if s.doc_date]
        return min(dates) if dates else None

    def assign_id(self) -> None:
        """A stable id from what the event is, so reruns give the same ids: its type, status,
        parties, date, place and first report (sentence and offset), never the path, so
        "a.txt", "./a.txt" and "/abs/a.txt" agree. Identical reports in two documents give
        the same id here; a run numbers the repeats (`unique_ids`)."""
        parts = sorted(p.identity() for p in self.parties())
        first = self.sources[0] if self.sources else None
        place = self.place
        basis = [self.type, self.status, *parts, self.date.value if self.date else "",
                 place.name if place else "", (place.country or "") if place else "",
                 first.sentence if first else "", str(first.start) if first else ""]
        self.id = hashlib.sha1("\x1f".join(basis).encode("utf-8")).hexdigest()[:16]

    def plover(self) -> dict[str, Any]:
        """PLOVER's CONSULT with its mode (PLOVER manual, 2021, "CONSULT"): `phone` for
        calls, `visit` when one side travels to the other's country, `third-party` for a
        meeting in a country neither side represents, `multilateral` when three or more
        states or organisations meet; null when the text does not tell."""
        return {"type": "CONSULT", "mode": plover_mode(self)}

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["plover"] = self.plover()
        order = ["id", "type", "cameo", "plover", "status", "confidence", "who", "whom",
                 "place", "date", "sources"]
        return {key: data[key] for key in order}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Event":
        date = data.get("date")
        place = data.get("place")
        return cls(
            id=data.get("id", ""),
            type=data["type"],
            cameo=data.get("cameo", CAMEO["consult"]),
            status=data.get("status", "occurred"),
            confidence=data.get("confidence", 0.5),
            who=[Party(**p) for p in data.get("who", [])],
            whom=[Party(**p) for p in data.get("whom", [])],
            place=Place(**place) if place else None,
            date=EventDate(**date) if isinstance(date, dict) else None,
            sources=[Source(**s) for s in data.get("sources", [])],
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=False)


def plover_mode(event: Event) -> str | None:
    if event.type == "call":
        return "phone"
    if event.type == "visit":
        return "visit"
    sides = [{_side(p) for p in side} - {None} for side in (event.who, event.whom)]
    if len(sides[0] | sides[1]) >= 3:
        return "multilateral"
    if event.cameo == CAMEO["meet_third"]:
        return "third-party"
    where = event.place.country if event.place else None
    countries = [{p.country for p in side if p.country} for side in (event.who, event.whom)]
    if where is None or not all(countries):
        return None
    if where not in countries[0] | countries[1]:
        return "third-party"
    if countries[0] != countries[1]:
        return "visit"  # the meeting is on one side's ground
    return None


def _side(party: Party) -> str | None:
    """A state or an organisation taking part, for counting the sides of a meeting."""
    if party.country:
        return party.country
    if party.kind == "organization" and party.name:
        return "org:" + normalise_name(party.name)
    return None


def unique_ids(events):
    """Ids that no two events of a run share: the second event with an id gets a new one
    derived from it and its number, so repeats of one story keep distinct, stable ids."""
    seen: dict[str, int] = {}
    for event in events:
        if event.id in seen:
            seen[event.id] += 1
            base = event.id
            event.id = hashlib.sha1(f"{base}#{seen[base]}".encode("utf-8")).hexdigest()[:16]
            while event.id in seen:
                event.id = hashlib.sha1(event.id.encode("utf-8")).hexdigest()[:16]
        seen.setdefault(event.id, 1)
        yield event


def normalise_name(name: str) -> str:
    """Lower case, hyphens and dots as spaces, single spaces: "Kim Song-nam" = "kim song nam"."""
    cleaned = name.lower().replace("-", " ").replace(".", " ").replace("\u2019", "'")
    return " ".join(cleaned.split())
