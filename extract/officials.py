"""Who is who: the offline table of officials, looked up by name and date.

The table (`extract/gazetteers/officials.sqlite`, built by `officials_build.py`) holds
persons (a Wikidata id where a source has one, else a stable `kb:` id), their offices with
dates, and every name, alias and surname under its `key`. The API is small:

    key(name)                      normalised name: "El-Sisi" = "el sisi" = "Sisi"
    lookup(name, when, country=None, title=None) -> Official | None
    who(name, when=None) -> list[Holder]     everything the table knows, for `dipevents who`
    common_country(name, when)               the one country of several possible people
    complete(party, when) -> Party           the hook assembly calls once per party

A name resolves to one person or to nobody: a surname alone resolves only to a head of
state or government, foreign minister or similar office holder in office on that day and
unique among all office holders of the day with that surname; with a country or title
(from the text) any office counts. A full name resolves to the one person of that name in
office on the day, else to the one person of that name the table knows at all (country,
no title). Anything else is ambiguous and left alone. The table is opened on first use.

    python -m dipevents.extract.officials build ../shared/kb     # rebuild the table
"""
from __future__ import annotations

import os
import re
import sqlite3
import sys
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib.resources import as_file, files
from pathlib import Path

from dipevents.extract.lexicon import words
from dipevents.models import Party

TABLE = "officials.sqlite"
SCHEMA = """
CREATE TABLE sources (name TEXT PRIMARY KEY, file TEXT, licence TEXT, updated TEXT);
CREATE TABLE persons (n INTEGER PRIMARY KEY, id TEXT, name TEXT, country TEXT, sources TEXT);
CREATE TABLE offices (person INTEGER, country TEXT, title TEXT, start TEXT, end TEXT,
                      office INTEGER, source TEXT);
CREATE TABLE aliases (alias TEXT, person INTEGER, kind INTEGER,
                      PRIMARY KEY (alias, person)) WITHOUT ROWID;
"""
LOOSE_MIN = 5  # shorter skeletons ("pt" for "Putin") say too little to be looked up
# aliases.kind: 0 full name, 1 surname alone; 2 and 3 the same in `loose` form.
PARTICLES = frozenset(w.rstrip("-") for w in words("name_particles"))
SUFFIXES = frozenset({"jr", "sr", "junior", "senior"})
# Surname first: "Xi Jinping" is "Xi", "Lee Hsien Loong" is "Lee", "Hun Manet" is "Hun".
EAST_ASIAN = frozenset({"CHN", "TWN", "HKG", "MAC", "PRK", "KOR", "KHM", "SGP"})
# Offices whose holders news names by surname alone ("Putin", "Merkel", "Blinken").
PROMINENT = frozenset({
    "President", "Prime Minister", "Chancellor", "King", "Queen", "Emir", "Sultan",
    "Supreme Leader", "Head of State", "Leader", "Foreign Minister", "Foreign Secretary",
    "Secretary of State", "Secretary-General", "Crown Prince", "Vice President",
    "General Secretary", "Emperor", "Pope", "Grand Duke", "Chairman",
})
# Offices of international organisations: their holders represent no state.
INTERNATIONAL = frozenset({"Secretary-General", "Deputy Secretary-General",
                           "Under-Secretary-General", "High Representative", "Director-General"})
_APOSTROPHES = dict.fromkeys(map(ord, "'’ʼʻ‘`´"), None)
_SPACES = dict.fromkeys(map(ord, "-‐‑‒–—.,;:()\"“”/"), " ")


# The commonest given names with several romanisations, spelt one way in keys.
SPELLINGS = ((re.compile(r"m[ou]h[ae]m+[ae]d|mu?ham+[ae]d|mohd"), "muhammad"),
             (re.compile(r"ahm[ae]d"), "ahmad"), (re.compile(r"abd[eu]l"), "abdul"),
             (re.compile(r"h[ou]s+[ae]in|hos+ein"), "husain"))


def tokens(name: str) -> list[str]:
    """The words of a name, folded: no diacritics, case, apostrophes, hyphens or dots, and
    one spelling of a few common given names ("Mohammed" = "Muhammad")."""
    text = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES).translate(_SPACES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return [_spelling(word) for word in text.casefold().split()]


def _spelling(word: str) -> str:
    for pattern, spelling in SPELLINGS:
        if pattern.fullmatch(word):
            return spelling
    return word


def key(name: str) -> str:
    """The normalised form under which spellings of one name agree: folded, particles
    ("al", "bin", "von der") and "Jr." left out, words sorted so that name order does not
    matter ("Kim Jong-un" = "Jong Un Kim", "Abdel Fattah El-Sisi" = "abdel fattah sisi")."""
    words_ = tokens(name)
    core = [w for w in words_ if w not in PARTICLES and w not in SUFFIXES] or words_
    return " ".join(sorted(core))


def loose(name: str) -> str:
    """A coarser key for transliteration variants: each word's consonant skeleton after
    its first letter ("Raeisi" = "Raisi", "Sergei" = "Sergey", "Mohammed" = "Muhammad")."""
    return " ".join(sorted(_skeleton(w) for w in key(name).split()))


_DIGRAPHS = (("kh", "h"), ("ph", "f"), ("th", "t"), ("dh", "d"), ("sh", "s"), ("ch", "k"),
             ("ck", "k"), ("q", "k"), ("c", "k"), ("y", "i"), ("w", "v"), ("z", "s"),
             ("dj", "j"), ("ou", "u"))


def _skeleton(word: str) -> str:
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    if not word:
        return word
    head = "a" if word[0] in "aeiou" else word[0]
    out = head
    for ch in word[1:]:
        if ch not in "aeiou" and ch != out[-1]:
            out += ch
    return out


@dataclass(frozen=True)
class Office:
    country: str | None
    title: str | None
    start: str  # YYYY-MM-DD or ""
    end: str  # YYYY-MM-DD or "" (unknown)
    office: bool  # a government post (False: an elite, opposition or rebel role)
    source: str
    licence: str

    def covers(self, day: str) -> bool:
        if not (self.office and (self.start or self.end)):
            return False
        return (not self.start or self.start <= day) and (not self.end or day <= self.end)


@dataclass(frozen=True)
class Official:
    """A person the table knows, as of a date: the office held then (title, country)."""

    id: str
    name: str  # canonical name
    country: str | None
    title: str | None  # None when not in office on the date asked about
    start: str | None = None
    end: str | None = None
    source: str = ""
    licence: str = ""


@dataclass(frozen=True)
class Holder:
    """Everything the table holds about one person (for `dipevents who`)."""

    id: str
    name: str
    country: str | None
    sources: str
    licence: str
    offices: tuple[Office, ...]
    in_office: Office | None = None  # the office held on the date asked about


class Officials:
    """The packaged table, opened read-only on first use (and again in a forked worker)."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else None
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._sources: dict[str, str] | None = None

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is None or self._pid != os.getpid():
            path = self.path
            if path is None:
                with as_file(files("dipevents.extract") / "gazetteers" / TABLE) as found:
                    path = Path(found)
            if not path.is_file():
                return None
            self._db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True,
                                       check_same_thread=False)
            self._pid = os.getpid()
        return self._db

    # --- reading ------------------------------------------------------------------------
    def _matches(self, name: str) -> tuple[list[tuple[int, int]], bool]:
        """(person, alias kind) for a name, and whether they were found by `loose` form
        only: exact keys first (a long name also by its first two words or first and last
        word), loose forms if none."""
        db = self._connection()
        form = key(name)
        if db is None or not form:
            return [], False
        query = "SELECT person, kind FROM aliases WHERE alias = ? AND kind < 2"
        rows = db.execute(query, (form,)).fetchall()
        core = [w for w in tokens(name) if w not in PARTICLES and w not in SUFFIXES]
        if not rows and len(core) > 2:  # "Mohammed bin Salman bin Abdulaziz Al Saud"
            for short in (core[:2], (core[0], core[-1])):
                rows = [r for r in db.execute(query, (key(" ".join(short)),)) if r[1] == 0]
                if rows:
                    break
        if rows:
            return sorted(set(rows)), False
        query = "SELECT person, kind - 2 FROM aliases WHERE alias = ? AND kind >= 2"
        rows = db.execute(query, (loose(name),)).fetchall()
        if not rows and len(core) > 2:  # "Tariq bin Haider" for "Tariq bin Haidar": a
            for short in (core[:2], (core[0], core[-1])):  # long name's short forms, loosely,
                rows = [r for r in db.execute(query, (loose(" ".join(short)),))  # with the
                        if r[1] == 0 and self._first_word(r[0]) == core[0]]  # same first word
                if rows:
                    break
        return sorted(set(rows)), True

    def _first_word(self, person: int) -> str | None:
        row = self._connection().execute("SELECT name FROM persons WHERE n = ?",
                                         (person,)).fetchone()
        core = [w for w in tokens(row[0]) if w not in PARTICLES] if row else []
        return core[0] if core else None

    def _holder(self, person: int) -> Holder | None:
        db = self._connection()
        row = db.execute("SELECT id, name, country, sources FROM persons WHERE n = ?",
                         (person,)).fetchone()
        if row is None:
            return None
        licences = self._licences()
        offices = tuple(Office(c, t, s or "", e or "", bool(o), src, licences.get(src, ""))
                        for c, t, s, e, o, src in db.execute(
                            "SELECT country, title, start, end, office, source FROM offices "
                            "WHERE person = ? ORDER BY start, end, title", (person,)))
        licence = "; ".join(sorted({licences.get(s, "") for s in row[3].split(",")}))
        return Holder(*row, licence=licence, offices=offices)

    def _licences(self) -> dict[str, str]:
        if self._sources is None:
            self._sources = dict(self._connection().execute("SELECT name, licence FROM sources"))
        return self._sources

    def is_full_name(self, name: str) -> bool:
        """Whether `name` is the full name (not a surname alone) of someone in the table."""
        db = self._connection()
        form = key(name)
        return bool(db is not None and form and db.execute(
            "SELECT 1 FROM aliases WHERE alias = ? AND kind = 0 LIMIT 1", (form,)).fetchone())

    def who(self, name: str, when: date | str | None = None) -> list[Holder]:
        """Every person `name` may be, each with the office held on `when` (if any)."""
        day = _day(when)
        found = []
        for person, _ in self._matches(name)[0]:
            holder = self._holder(person)
            if holder is not None:
                found.append(replace(holder, in_office=_best(holder.offices, day) if day else None))
        return sorted(found, key=lambda h: (h.in_office is None, h.name, h.id))

    def lookup(self, name: str, when: date | str | None = None, country: str | None = None,
               title: str | None = None) -> Official | None:
        """The one official `name` names on `when`, given what the text says (country,
        title); None when the table knows nobody or several people could be meant."""
        matches, loosely = self._matches(name)
        if not matches:
            return None
        surname = all(kind == 1 for _, kind in matches)
        day = _day(when)
        holders = [h for h in (self._holder(p) for p in sorted({p for p, _ in matches})) if h]
        if country:
            holders = [h for h in holders if h.country == country or
                       any(o.country == country for o in h.offices)]
        serving = []  # (holder, the office held on the day that fits the text's title)
        unknown_office = []  # holders whose offices of the day do not fit the text's title
        for holder in holders:
            offices = [o for o in holder.offices if (not country or o.country in (country, None))]
            held = [o for o in offices if day and o.covers(day)]
            fitting = [o for o in held if not title or o.title == title] or \
                [o for o in held if title and compatible(title, o.title)]
            if fitting:
                serving.append((holder, _best(fitting, day)))
            elif held:
                unknown_office.append(holder)
        if not serving and len(unknown_office) == 1 and len(holders) == 1:
            holder = unknown_office[0]  # the text names an office the table does not know
            return Official(holder.id, holder.name, None, None, None, None,
                            holder.sources, holder.licence)
        if title and len(serving) > 1:  # the title the text gives decides, where one holds it
            serving = [(h, o) for h, o in serving if o.title == title] or serving
        if len(serving) > 1:
            return None  # ambiguous: several office holders of the day
        if serving:
            holder, office = serving[0]
            if surname and not (country or title) and office.title not in PROMINENT:
                return None  # a bare surname names only the most prominent offices
            return Official(holder.id, holder.name, _represents(office),
                            office.title, office.start or None, office.end or None,
                            office.source, office.licence)
        if surname and day is None:  # no date: the one holder of a prominent office (or
            # of the office the text names) by that surname, as with a date
            known = [h for h in holders if any(o.office and o.title and (
                compatible(title, o.title) if title else o.title in PROMINENT)
                for o in h.offices)]
            if len(known) == 1:
                return Official(known[0].id, known[0].name, known[0].country, None, None, None,
                                known[0].sources, known[0].licence)
            return None
        if loosely and day is None and title and len(holders) == 1 and any(
                o.title == title for o in holders[0].offices):
            holder = holders[0]  # no date, a spelling variant and the very office it held:
            return Official(holder.id, holder.name, holder.country, None, None, None,
                            holder.sources, holder.licence)  # "Sultan Tariq bin Haider"
        if surname or loosely or title in INTERNATIONAL or len(holders) != 1:
            return None  # a spelling variant counts only for someone in office on the day;
            # an international office (the text's title) represents no state
        holder = holders[0]  # a full name the table knows, not in office on the day
        if not set(key(name).split()) <= set(key(holder.name).split()):
            return None  # only the same name (or a fuller one), never a lookalike
        return Official(holder.id, holder.name, holder.country, None, None, None,
                        holder.sources, holder.licence)

    def common_country(self, name: str, when: date | str | None = None,
                       title: str | None = None) -> str | None:
        """The country shared by everyone `name` may be when `lookup` cannot tell them
        apart: the office holders of the day, else everyone the table knows by that full
        name (or, with no date, by that surname of a prominent office holder)."""
        matches, loosely = self._matches(name)
        if not matches or loosely or title in INTERNATIONAL:
            return None
        surname = all(kind == 1 for _, kind in matches)
        day = _day(when)
        holders = [h for h in (self._holder(p) for p in sorted({p for p, _ in matches})) if h]
        serving = [h for h in holders if day and any(o.covers(day) for o in h.offices)]
        if surname and not day:  # no date: the holders of a prominent office (or of the
            holders = [h for h in holders if any(o.office and o.title and (  # office the
                compatible(title, o.title) if title else o.title in PROMINENT)  # text names)
                for o in h.offices)]
        pool = serving or ([] if surname and day else holders)
        offices = [o for h in pool for o in h.offices if not serving or o.covers(day)]
        if not pool or surname and not any(o.title in PROMINENT for o in offices):
            return None
        countries = {h.country for h in pool} if not serving else {
            _represents(o) for h in pool for o in h.offices if o.covers(day)}
        return countries.pop() if len(countries) == 1 and None not in countries else None

    def complete(self, party: Party, when: date | str | None) -> Party:
        """A person party with its `key` (the official's id, else the normalised name), its
        missing country and title from the table as of `when`, and a surname alone
        replaced by the full canonical name. What the text says is never overwritten."""
        if party.kind != "person" or not party.name:
            return party
        found = self.lookup(party.name, when, party.country, party.title)
        if found is None:
            country = party.country or self.common_country(party.name, when, party.title)
            return replace(party, key=key(party.name), country=country)
        name = party.name
        words = found.name.split()
        at = 0 if found.country in EAST_ASIAN else len(words) - 1
        if len(name.split()) == 1 and key(name) == key(words[at]):
            # "Putin" is "Vladimir Putin"; "Abdullah" stays, not "Abdullah II"; the surname
            # as written where only accents or apostrophes differ ("Mata'afa", "Erdogan")
            if len(tokens(words[at])) == 1:
                words[at] = name
            name = " ".join(words)
        return replace(party, key=found.id, name=name,
                       country=party.country or found.country, title=party.title or found.title)

    def complete_sides(self, who: list[Party], whom: list[Party], when: date | str | None
                       ) -> tuple[list[Party], list[Party]]:
        """`complete` for both sides of an event. Where the text names no office, state or
        organisation on either side, the table vouches only for people it knows: with a
        name it has never heard of among them, the parties get their keys and nothing else
        ("X met Y" with X a leader and Y a stranger, or a place taken for a name)."""
        done = [self.complete(p, when) for p in who], [self.complete(p, when) for p in whom]
        parties = who + whom
        if not any(p.title or p.country or p.kind != "person" for p in parties) and any(
                p.kind == "person" and p.name and not self._matches(p.name)[0] for p in parties):
            return ([replace(p, key=q.key) for p, q in zip(who, done[0])],
                    [replace(p, key=q.key) for p, q in zip(whom, done[1])])
        return done


GENERIC_TITLES = frozenset({"Leader", "Head of State", "Minister", "Secretary", "Official"})


def _represents(office: Office) -> str | None:
    """The state an office holder speaks for on the day: the office's. The table's offices
    with no state are the international ones: their holder speaks for no state, whatever
    his own (a Secretary-General once his country's foreign minister)."""
    return office.country


def compatible(written: str, held: str | None) -> bool:
    """Whether a title the text gives may name an office the table gives: the same, a
    generic one ("Leader", "Minister"), or a minister's post written as "Minister"."""
    if held is None or written == held or written in GENERIC_TITLES or held in GENERIC_TITLES:
        return True
    return "Minister" in written and "Minister" in held and "Prime" not in written + held


def _day(when: date | str | None) -> str | None:
    if when is None or when == "":
        return None
    return when.isoformat() if isinstance(when, date) else str(when)[:10]


def _best(offices, day: str) -> Office | None:
    """The office held on `day`: a titled government post before an untitled role, a
    prominent one first, then the latest taken up."""
    held = [o for o in offices if o.covers(day)]
    if not held:
        return None
    return max(held, key=lambda o: (o.title is not None, o.title in PROMINENT, o.start))


@lru_cache(maxsize=1)
def get_officials() -> Officials:
    return Officials()


def lookup(name: str, when: date | str | None = None, country: str | None = None,
           title: str | None = None) -> Official | None:
    """`Officials.lookup` on the packaged table."""
    return get_officials().lookup(name, when, country, title)


def who(name: str, when: date | str | None = None) -> list[Holder]:
    """`Officials.who` on the packaged table."""
    return get_officials().who(name, when)


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "build" or argv[1] in ("-h", "--help"):
        print("usage: python -m dipevents.extract.officials build SOURCE_DIR [-o TABLE]",
              file=sys.stderr)
        return 2
    from dipevents.extract.officials_build import build

    out = argv[argv.index("-o") + 1] if "-o" in argv else \
        Path(str(files("dipevents.extract") / "gazetteers" / TABLE))
    try:
        counts = build(argv[1], out)
    except FileNotFoundError as error:
        print(f"officials: {error}", file=sys.stderr)
        return 2
    print(f"officials: wrote {out}: {counts['persons']} persons, {counts['offices']} offices, "
          f"{counts['aliases']} names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
