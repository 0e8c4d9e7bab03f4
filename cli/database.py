"""The SQLite archive: `dipevents extract news/ -o events.db`.

Related tables (the README shows the schema and queries), foreign keys on, indexes on dates,
keys and countries. A run into an existing archive:

- skips documents already processed, by a hash of their text (not their path), so a daily
  run over a growing folder reads only what is new, and an interrupted run resumes;
- merges each new event into the archive's events (the same rules as `extract`: a meeting
  reported again gains a source, it is not added twice); an event keeps its id once written;
- commits one transaction per batch of documents: a killed run leaves the archive as it was
  after the last batch committed (SQLite's journal rolls back the rest on the next open).

The archive's events are read back into memory at the start to merge against (one row per
event, a few hundred bytes each).
"""
from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator

from dipevents.extract.merge import Merger
from dipevents.models import Document, Event, EventDate, Party, Place, Source

SUFFIXES = (".db", ".sqlite", ".sqlite3")
SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,          -- sha1 of the text (and its offset in a huge file)
    doc TEXT NOT NULL,                  -- as in sources[].doc: file, or file#id / file:line
    record_id TEXT, url TEXT, title TEXT, site TEXT,
    doc_date TEXT, doc_date_source TEXT,
    offset_chars INTEGER NOT NULL DEFAULT 0,  -- > 0 for later pieces of a huge file
    events INTEGER NOT NULL DEFAULT 0   -- events this document reported
);
CREATE TABLE IF NOT EXISTS places (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL, country TEXT, lat REAL, lon REAL,
    UNIQUE (name, country)
);
CREATE TABLE IF NOT EXISTS parties (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,           -- Party.key (officials-table id or normalised
                                        -- name); kind:country for an unnamed party
    name TEXT,                          -- as first written; NULL for an unnamed party
    kind TEXT NOT NULL,                 -- person, delegation, organization, country
    country TEXT                        -- ISO 3166-1 alpha-3 when first seen
);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL, cameo TEXT NOT NULL, plover_type TEXT NOT NULL, plover_mode TEXT,
    status TEXT NOT NULL, confidence REAL NOT NULL,
    date TEXT, date_end TEXT, date_precision TEXT, date_basis TEXT, date_text TEXT,
    reported TEXT,                      -- earliest source's publication date
    sort_date TEXT,                     -- YYYY-MM-DD: first day of date, else reported
    place_id INTEGER REFERENCES places(id),
    earlier INTEGER NOT NULL DEFAULT 0  -- "they had met": an earlier meeting (merging only)
);
CREATE TABLE IF NOT EXISTS event_parties (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    party_id INTEGER NOT NULL REFERENCES parties(id),
    role TEXT NOT NULL CHECK (role IN ('who', 'whom')),
    position INTEGER NOT NULL,
    title TEXT, country TEXT,           -- as this event gives them
    PRIMARY KEY (event_id, role, position)
);
CREATE TABLE IF NOT EXISTS sources (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    position INTEGER NOT NULL,
    doc TEXT NOT NULL, record_id TEXT, url TEXT, title TEXT, site TEXT,
    doc_date TEXT, doc_date_source TEXT,
    sentence TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    UNIQUE (event_id, position)
);
CREATE INDEX IF NOT EXISTS events_sort_date ON events (sort_date);
CREATE INDEX IF NOT EXISTS events_date ON events (date);
CREATE INDEX IF NOT EXISTS events_place ON events (place_id);
CREATE INDEX IF NOT EXISTS parties_country ON parties (country);
CREATE INDEX IF NOT EXISTS event_parties_party ON event_parties (party_id);
CREATE INDEX IF NOT EXISTS event_parties_country ON event_parties (country);
CREATE INDEX IF NOT EXISTS places_country ON places (country);
CREATE INDEX IF NOT EXISTS sources_event ON sources (event_id);
CREATE INDEX IF NOT EXISTS sources_document ON sources (document_id);
CREATE INDEX IF NOT EXISTS sources_doc_date ON sources (doc_date);
"""


class ArchiveError(Exception):
    """A file that is not a dipevents archive (another SQLite database, or not SQLite)."""


def is_archive_path(path: str | None) -> bool:
    return bool(path) and path.lower().endswith(SUFFIXES)


def document_hash(doc: Document) -> str:
    """What identifies a document across runs: its text (and offset, for a piece of a huge
    file), never its path."""
    digest = hashlib.sha1(doc.text.encode("utf-8", "surrogatepass"))
    digest.update(f"|{doc.offset}".encode())
    return digest.hexdigest()


class Archive:
    """An open archive: `skip(items)` drops documents already done, `add(batch)` commits a
    batch of (document, events)."""

    def __init__(self, path: str, merge: bool = True):
        self.path = path
        self.merge = merge
        try:
            self.db = sqlite3.connect(path, isolation_level=None)  # transactions by hand
            self.db.execute("PRAGMA foreign_keys = ON")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in self.db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.OperationalError as error:  # locked by another run, unreadable
            raise ArchiveError(f"{path}: cannot open the archive ({error})") from None
        except sqlite3.DatabaseError as error:
            raise ArchiveError(f"{path}: not a SQLite database ({error})") from None
        if tables and version != SCHEMA_VERSION:
            raise ArchiveError(f"{path}: a SQLite database, but not a dipevents archive")
        try:
            self.db.executescript("BEGIN;" + SCHEMA + f"PRAGMA user_version = {SCHEMA_VERSION};"
                                  "COMMIT;")
        except sqlite3.Error as error:  # read-only, locked by another run, disk full
            self.db.close()
            raise ArchiveError(f"{path}: cannot write the archive ({error})") from None
        self.done = {row[0] for row in self.db.execute("SELECT hash FROM documents")}
        self.skipped = 0  # documents met again and skipped
        self.merger = Merger()
        self._doc_of: dict[int, int] = {}  # id(Source) -> documents.id
        self._ids: set[str] = set()
        self.merger.seed(self._load())

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------ reading documents

    def skip(self, items: Iterable) -> Iterator:
        """The items, less documents whose text the archive already holds."""
        for item in items:
            if isinstance(item, Document) and document_hash(item) in self.done:
                if item.offset == 0:
                    self.skipped += 1
                continue
            yield item

    # ------------------------------------------------------------ writing

    def add(self, batch: list[tuple[Document, list[Event]]]) -> set[str]:
        """One transaction: the documents, and every event they create or report again.
        Returns the ids of the events written (new or gaining a source)."""
        changed: dict[str, Event] = {}
        keys = set()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for doc, events in batch:
                key = document_hash(doc)
                if key in self.done or key in keys:  # the same text twice in one run
                    continue
                keys.add(key)
                doc_id = self._insert_document(doc, key, len(events))
                for event in events:
                    for source in event.sources:
                        self._doc_of[id(source)] = doc_id
                    if event.id in self._ids:
                        event.id = _fresh_id(event.id, self._ids)
                    kept = self.merger.place(event) if self.merge else event
                    self._ids.add(kept.id)
                    changed[kept.id] = kept
            for event in changed.values():
                self._write_event(event)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.done.update(keys)
        return set(changed)

    def _insert_document(self, doc: Document, key: str, events: int) -> int:
        from dipevents.extract.provenance import source_fields

        fields = source_fields(doc)
        cursor = self.db.execute(
            "INSERT INTO documents (hash, doc, record_id, url, title, site, doc_date,"
            " doc_date_source, offset_chars, events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (key, fields["doc"], fields["id"], fields["url"], fields["title"], fields["site"],
             fields["doc_date"], fields["doc_date_source"], doc.offset, events))
        return cursor.lastrowid

    def _write_event(self, event: Event) -> None:
        db = self.db
        date = event.date
        place_id = self._place_id(event.place) if event.place else None
        reported = event.reported()
        day = date.value if date else reported
        sort_date = day + "-01" * (2 - day.count("-")) if day else None
        db.execute(
            "INSERT INTO events (id, type, cameo, plover_type, plover_mode, status, confidence,"
            " date, date_end, date_precision, date_basis, date_text, reported, sort_date,"
            " place_id, earlier) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET type = excluded.type, cameo = excluded.cameo,"
            " plover_type = excluded.plover_type, plover_mode = excluded.plover_mode,"
            " status = excluded.status, confidence = excluded.confidence,"
            " date = excluded.date, date_end = excluded.date_end,"
            " date_precision = excluded.date_precision, date_basis = excluded.date_basis,"
            " date_text = excluded.date_text, reported = excluded.reported,"
            " sort_date = excluded.sort_date, place_id = excluded.place_id,"
            " earlier = excluded.earlier",
            (event.id, event.type, event.cameo, "CONSULT", event.plover()["mode"], event.status,
             event.confidence, date.value if date else None, date.end if date else None,
             date.precision if date else None, date.basis if date else None,
             date.text if date else None, reported, sort_date, place_id, int(event.earlier)))
        db.execute("DELETE FROM event_parties WHERE event_id = ?", (event.id,))
        for role, side in (("who", event.who), ("whom", event.whom)):
            for position, party in enumerate(side):
                db.execute("INSERT INTO event_parties (event_id, party_id, role, position,"
                           " title, country) VALUES (?, ?, ?, ?, ?, ?)",
                           (event.id, self._party_id(party), role, position, party.title,
                            party.country))
        db.execute("DELETE FROM sources WHERE event_id = ?", (event.id,))
        for position, source in enumerate(event.sources):
            db.execute(
                "INSERT INTO sources (event_id, document_id, position, doc, record_id, url,"
                " title, site, doc_date, doc_date_source, sentence, start, \"end\")"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (event.id, self._doc_of[id(source)], position, source.doc, source.id,
                 source.url, source.title, source.site, source.doc_date, source.doc_date_source,
                 source.sentence, source.start, source.end))

    def _place_id(self, place: Place) -> int:
        row = self.db.execute("SELECT id, lat FROM places WHERE name = ? AND country IS ?",
                              (place.name, place.country)).fetchone()
        if row:
            if row[1] is None and place.lat is not None:
                self.db.execute("UPDATE places SET lat = ?, lon = ? WHERE id = ?",
                                (place.lat, place.lon, row[0]))
            return row[0]
        return self.db.execute("INSERT INTO places (name, country, lat, lon) VALUES (?, ?, ?, ?)",
                               (place.name, place.country, place.lat, place.lon)).lastrowid

    def _party_id(self, party: Party) -> int:
        from dipevents.cli.filters import party_key

        key = party_key(party)
        row = self.db.execute("SELECT id FROM parties WHERE key = ?", (key,)).fetchone()
        if row:
            return row[0]
        return self.db.execute("INSERT INTO parties (key, name, kind, country) VALUES (?, ?, ?, ?)",
                               (key, party.name, party.kind, party.country)).lastrowid

    # ------------------------------------------------------------ reading back

    def _load(self) -> list[Event]:
        db = self.db
        places = {row[0]: Place(*row[1:]) for row in db.execute(
            "SELECT id, name, country, lat, lon FROM places")}
        events: dict[str, Event] = {}
        for row in db.execute(
                "SELECT id, type, cameo, status, confidence, date, date_end, date_precision,"
                " date_basis, date_text, place_id, earlier FROM events ORDER BY rowid"):
            (event_id, kind, cameo, status, confidence, value, end, precision, basis, text,
             place_id, earlier) = row
            events[event_id] = Event(
                id=event_id, type=kind, cameo=cameo, status=status, confidence=confidence,
                who=[], whom=[], place=places.get(place_id),
                date=EventDate(value, precision, text, basis, end) if value else None,
                earlier=bool(earlier))
        for event_id, role, name, title, country, kind, key in db.execute(
                "SELECT ep.event_id, ep.role, p.name, ep.title, ep.country, p.kind, p.key"
                " FROM event_parties ep JOIN parties p ON p.id = ep.party_id"
                " ORDER BY ep.event_id, ep.role, ep.position"):
            getattr(events[event_id], role).append(
                Party(name, title, country, kind, key=key if name else None))
        for row in db.execute(
                "SELECT event_id, document_id, doc, doc_date, sentence, start, \"end\","
                " record_id, url, title, doc_date_source, site FROM sources"
                " ORDER BY event_id, position"):
            source = Source(row[2], row[3], row[4], row[5], row[6], *row[7:])
            self._doc_of[id(source)] = row[1]
            events[row[0]].sources.append(source)
        self._ids = set(events)
        return list(events.values())


def _fresh_id(taken: str, ids: set[str]) -> str:
    """A new id for an event whose content id the archive already gives another event."""
    number = 2
    while True:
        candidate = hashlib.sha1(f"{taken}#{number}".encode()).hexdigest()[:16]
        if candidate not in ids:
            return candidate
        number += 1
