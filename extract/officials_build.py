"""Building the table of officials (`extract/gazetteers/officials.sqlite`) from the raw
sources in a folder like `../shared/kb/` (its README names origin, licence and caveats).

    python -m dipevents.extract.officials build ../shared/kb [-o PATH]

Each source is read into `Record`s (one person, one office or role, with source and
licence); records of one person are joined by normalised name and country, Wikidata ids
win as person ids, and every name, alias and surname is indexed by `officials.key` and
`officials.loose`. The result is deterministic: the same sources give the same file.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from dipevents.extract.gazetteer import Gazetteer
from dipevents.extract.lexicon import title_words
from dipevents.extract.officials import (
    EAST_ASIAN, LOOSE_MIN, PARTICLES, PROMINENT, SCHEMA, key, loose, tokens,
)

MIT = "MIT"
CC_BY_SA_3 = "CC BY-SA 3.0"
CC_BY_SA_4 = "CC BY-SA 4.0"
CC0 = "CC0"
# name, licence, and the last date the source knows of ("in office" means up to then).
SOURCES = {
    "phoenix": ("phoenix_countries_actors.txt", MIT, "2014-01-30"),
    "countryinfo-leaders": ("countryinfo_people_leaders.csv", CC_BY_SA_3, "2013-12-31"),
    "countryinfo-gov": ("countryinfo_people_gov.csv", CC_BY_SA_3, "2013-12-31"),
    "wikidata-heads": ("wikidata_heads_2022.csv", CC0, "2022-12-31"),
    "wikidata-foreign": ("wikidata_foreign_ministers_2023.csv", CC0, "2023-01-31"),
    "wikidata-un": ("wikidata_un_officials.csv", CC0, "2023-01-31"),
    "g20": ("current_g20_leaders_2026.csv", CC_BY_SA_4, "2026-06-30"),
    "asean": ("current_asean_leaders_2026.csv", CC_BY_SA_4, "2026-06-30"),
}
# Offices of one holder at a time, whose next holder ends an open term.
SINGLE = PROMINENT - {"Chairman", "Leader", "Vice President", "Crown Prince"}
# An office still held when a source was last updated is taken to last this long after it,
# unless a successor in the same office and country is known from any source.
OPEN_YEARS = 4
OPEN_YEARS_OTHER = 1  # offices without a known successor ("Minister"): a shorter guess
SENTINEL = "20161201"
# PETRARCH roles from here on were added by hand after CountryInfo's government tables
# end: leaders ("Poroshenko", "Modi"), whose open roles last as long as titled ones.
CURATED_SINCE = "2012-01-01"
# Malay and Indonesian usage names people by their given name ("Anwar", "Prabowo").
GIVEN_NAME_FIRST = frozenset({"MYS", "IDN", "BRN"})
OLD_CODES = {"TMP": "TLS", "ROM": "ROU", "ZAR": "COD"}  # CAMEO country codes that are not ISO
SPELT = {"madagaskar": "MDG"}  # country names CountryInfo spells its own way
AREAS = {  # "Minister of X" -> the gazetteer's title "<X> Minister"
    "foreign affairs": "Foreign", "external affairs": "Foreign", "external relations": "Foreign",
    "foreign relations": "Foreign", "defence": "Defence", "defense": "Defence",
    "national defense": "Defence", "national defence": "Defence", "interior": "Interior",
    "home affairs": "Interior", "internal affairs": "Interior", "finance": "Finance",
    "economy": "Economy", "trade": "Trade", "commerce": "Trade", "energy": "Energy",
    "justice": "Justice", "health": "Health", "education": "Education",
    "agriculture": "Agriculture", "culture": "Culture", "tourism": "Tourism",
    "transport": "Transport", "environment": "Environment", "labour": "Labour", "labor": "Labour",
    "industry": "Industry", "information": "Information", "unification": "Unification",
}
HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "dame", "he", "hrh", "mister", "kanzler",
              "bundeskanzler", "senator", "sen", "rep", "gen", "lt", "col", "maj", "adm",
              "gov", "sheikh", "shaikh", "sheik", "acting", "former", "new", "outgoing"}


@dataclass
class Record:
    """One person's name (and aliases) with one office or role, as one source gives it."""

    source: str
    name: str
    country: str | None
    title: str | None = None  # canonical title; None for a role code without an office
    start: str = ""  # YYYY-MM-DD, "" when unknown
    end: str = ""  # "" when open (held at the source's last update) or unknown
    open: bool = False
    office: bool = True  # a post in government; False for elite, opposition, rebel roles
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)
    curated: bool = False  # a PETRARCH role added by hand (a leader), not from CountryInfo


def build(folder: str | Path, out: str | Path, gaz: Gazetteer | None = None) -> dict:
    """Read every source in `folder` and write the table to `out`; returns counts."""
    gaz = gaz or Gazetteer()
    folder = Path(folder)
    missing = [name for name, *_ in SOURCES.values() if not (folder / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{folder}: missing {', '.join(missing)}")
    titles = _Titles(gaz)
    records = [*_phoenix(folder, gaz, titles), *_countryinfo(folder, gaz, titles),
               *_wikidata(folder, gaz, titles), *_current(folder, gaz, titles)]
    people = _join(records)
    _close_open_offices(people)
    return _write(people, Path(out))


# --- sources -------------------------------------------------------------------------------
def _phoenix(folder: Path, gaz: Gazetteer, titles: "_Titles"):
    """TABARI actor blocks: `NAME_  # comment`, `+ALIAS_` lines, `[ISO3ROLE start-end]`."""
    text = (folder / SOURCES["phoenix"][0]).read_text(encoding="utf-8", errors="replace")
    block: dict | None = None
    for line in text.splitlines() + [""]:
        bare = line.split("#", 1)[0].rstrip()
        if not bare.strip() or not line[:1].strip() and not bare.lstrip().startswith("["):
            if block:
                yield from _phoenix_block(block, titles)
            block = None
            continue
        if bare.lstrip().startswith("["):
            if block is not None:
                block["roles"].append(bare.strip()[1:-1].strip())
        elif bare.startswith("+"):
            if block is not None:
                block["aliases"].append(_phoenix_name(bare[1:]))
        else:
            if block:
                yield from _phoenix_block(block, titles)
            is_country = "[" in bare  # "AFGHANISTAN_  [AFG]": a country block, not a person
            block = None if is_country else {
                "name": _phoenix_name(bare), "aliases": [], "roles": [],
                "countryinfo": "CountryInfo" in line}


def _phoenix_name(raw: str) -> str:
    return " ".join(raw.replace("_", " ").split())


def _phoenix_block(block: dict, titles: "_Titles"):
    roles = []
    for role in block["roles"]:
        code, _, span = role.partition(" ")
        if len(code) < 6 or not code[:3].isalpha() or code[:3] == "---":
            continue
        start, end, is_open = _phoenix_span(span.strip())
        roles.append((OLD_CODES.get(code[:3], code[:3]), code[3:], start, end, is_open))
    dated = any(r[2] or r[3] for r in roles)
    if not roles or not (block["countryinfo"] or dated):
        return  # an institution or group: roles without dates, not a CountryInfo person
    name = _display(block["name"])
    aliases = [_display(a) for a in block["aliases"]]
    for country, role, start, end, is_open in roles:
        title = titles.written(aliases) if is_open and role == "GOV" else None
        yield Record("phoenix", name, country, title, start, end, is_open,
                     office=role.startswith("GOV"), aliases=aliases,
                     curated=not block["countryinfo"] or start >= CURATED_SINCE)


def _phoenix_span(span: str) -> tuple[str, str, bool]:
    """`yymmdd-yymmdd`, `>yymmdd` (open-ended), `<yymmdd` (until), or nothing."""
    if not span:
        return "", "", False
    if span.startswith(">"):
        return _tabari_date(span[1:]), "", True
    if span.startswith("<"):
        return "", _tabari_date(span[1:]), False
    first, _, second = span.partition("-")
    return _tabari_date(first), _tabari_date(second), False


def _tabari_date(text: str) -> str:
    text = text.strip()
    if len(text) == 6 and text.isdigit():
        century = "20" if text[0] in "012" else "19"
        text = century + text
    return _clamped(text)


def _clamped(text: str) -> str:
    """YYYYMMDD -> YYYY-MM-DD, impossible days clamped to the month's last ("20040931")."""
    if len(text) != 8 or not text.isdigit():
        return ""
    year, month, day = int(text[:4]), min(max(int(text[4:6]), 1), 12), max(int(text[6:]), 1)
    for last in (day, 31, 30, 29, 28):
        try:
            return date(year, month, min(day, last)).isoformat()
        except ValueError:
            continue
    return ""


def _countryinfo(folder: Path, gaz: Gazetteer, titles: "_Titles"):
    for source, column in (("countryinfo-leaders", "title"), ("countryinfo-gov", "description")):
        with open(folder / SOURCES[source][0], encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                country = _country(gaz, row["country"].replace("_", " "))
                name, *others = [_display(_phoenix_name(n)) for n in row["name"].split("|")]
                if not name or not country:
                    continue
                end = row["endYr"].strip()
                is_open = end == SENTINEL
                yield Record(source, name, country, titles.of(row[column], country),
                             _clamped(row["startYr"].strip()), "" if is_open else _clamped(end),
                             is_open, aliases=others)


def _wikidata(folder: Path, gaz: Gazetteer, titles: "_Titles"):
    with open(folder / SOURCES["wikidata-heads"][0], encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name, qid = row["officeholderLabel"].strip(), row["officeholder"].strip()
            country = _country(gaz, row["country"])
            name = re.sub(rf"\s+of\s+(?:the\s+)?{re.escape(row['country'])}$", "", name)
            if not name or re.fullmatch(r"Q\d+", name) or not country:
                continue  # noisy rows: a bare Q-id as label
            start = f"{row['start_year']}-01-01" if row["start_year"].strip() else ""
            end = f"{row['end_year']}-12-31" if row["end_year"].strip() else ""
            yield Record("wikidata-heads", name, country, titles.of(row["positionLabel"], country),
                         start, end, not end, wikidata=qid)
    with open(folder / SOURCES["wikidata-foreign"][0], encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name, country = row["name"].strip(), _country(gaz, row["countryLabel"])
            if not name or not row["person"].strip() or not country:
                continue
            yield Record("wikidata-foreign", name, country,
                         titles.of(row["positionLabel"], country) or "Foreign Minister",
                         row["start"].strip()[:10], "", True, wikidata=row["person"].strip())
    with open(folder / SOURCES["wikidata-un"][0], encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = row["person"].strip()
            if not name or re.fullmatch(r"Q\d+", name):
                continue
            end = row["end"].strip()[:10]
            yield Record("wikidata-un", name, None, titles.of(row["position"], None),
                         row["start"].strip()[:10], end, not end,
                         wikidata=row["personID"].strip() or None)


def _current(folder: Path, gaz: Gazetteer, titles: "_Titles"):
    countries = json.loads(files("dipevents.extract").joinpath("gazetteers", "countries.json")
                           .read_text(encoding="utf-8"))["countries"]
    iso2 = {entry["iso2"]: entry["iso3"] for entry in countries if entry.get("iso2")}
    for source in ("g20", "asean"):
        with open(folder / SOURCES[source][0], encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                country = iso2.get(row["ISO"].strip().upper())
                if not country:
                    continue
                for part in ("HoG", "HoS"):
                    name = row["Head of Government" if part == "HoG" else "Head of State"].strip()
                    if name:
                        yield Record(source, name, country, titles.of(row[f"{part} Title"], country),
                                     row[f"{part} Since"].strip()[:10], "", True)


def _country(gaz: Gazetteer, name: str) -> str | None:
    """ISO3 of a country name in any case ("afghanistan", "united states")."""
    folded = " ".join(tokens(name))
    return gaz.country_code(name) or _folded_countries(gaz).get(folded) or SPELT.get(folded)


@lru_cache(maxsize=4)
def _folded_countries(gaz: Gazetteer) -> dict[str, str]:
    found: dict[str, str] = {}
    for form, code in gaz.country_names():
        found.setdefault(" ".join(tokens(form)), code)
    return found


class _Titles:
    """Office names as the sources write them -> the gazetteer's canonical titles."""

    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        self.cache: dict[tuple[str, str | None], str | None] = {}

    def of(self, text: str, country: str | None) -> str | None:
        found = self.cache.get((text, country), ...)
        if found is ...:
            found = self.cache[(text, country)] = self._title(text)
        return found

    def written(self, aliases: list[str]) -> str | None:
        """The title PETRARCH's aliases put before the name ("President Hollande"): the
        office an open-ended role stands for, which its role code does not say."""
        found = set()
        for alias in aliases:
            words = alias.split()
            for size in range(min(4, len(words) - 1), 0, -1):
                if title := self.gaz.is_title(" ".join(words[:size])):
                    found.add(title)
                    break
        found = found & PROMINENT if len(found & PROMINENT) == 1 else found
        return found.pop() if len(found) == 1 else None  # "Secretary of State", not "Senator"

    def _title(self, text: str) -> str | None:
        first = re.split(r"\s*(?:&|;|,|\(|/| and (?=minister|deputy|president|prime))\s*",
                         text.strip(), flags=re.IGNORECASE)[0]
        of = re.match(r"(.+?)\s+of\s+(?:the\s+)?(.+)$", first.strip())
        if of and _country(self.gaz, of.group(2)):
            first = of.group(1)  # "President of Albania"
        if found := self.gaz.is_title(first):
            return found
        state = re.match(r"secretary of state for (?:the )?(.+)", first, re.IGNORECASE)
        if state:
            foreign = AREAS.get(state.group(1).lower().split(" and ")[0].strip()) == "Foreign"
            return "Foreign Secretary" if foreign else "Minister"
        area = re.match(r"(?:(deputy|vice)\s+)?minister\s+(?:of|for)\s+(?:the\s+)?(.+)",
                        first, re.IGNORECASE)
        if area:
            subject = AREAS.get(area.group(2).lower().split(" and ")[0].strip())
            deputy = f"{area.group(1).title()} " if area.group(1) else ""
            if subject and (found := self.gaz.is_title(f"{deputy}{subject} Minister")):
                return found
            return self.gaz.is_title(f"{deputy}Minister") or "Minister"
        words = first.split()
        for size in range(len(words), 0, -1):  # the longest title inside: "Permanent
            for i in range(len(words) - size + 1):  # Representative to the UN"
                if found := self.gaz.is_title(" ".join(words[i:i + size])):
                    return found
        return None


def _display(name: str) -> str:
    """An upper- or lower-case source name in the usual case: "VLADIMIR_PUTIN" -> "Vladimir
    Putin", particles lower-case ("Mohammed bin Salman")."""
    if not name or (not name.isupper() and not name.islower()):
        return name.strip()
    words = []
    for i, word in enumerate(name.lower().split()):
        if i and word in PARTICLES:
            words.append(word)
        else:
            words.append("-".join(_capital(part) for part in word.split("-")))
    return " ".join(words)


REGNAL = re.compile(r"[IVX]+", re.IGNORECASE)


def _capital(word: str) -> str:
    if REGNAL.fullmatch(word) and word != "xi":  # "Abdullah II", not "Xi Jinping"
        return word.upper()
    if word.startswith("mc") and len(word) > 3:
        return "Mc" + word[2:].capitalize()
    if "'" in word:
        return "'".join(part.capitalize() for part in word.split("'"))
    return word.capitalize()


# --- one person from many records ------------------------------------------------------------
@dataclass
class Person:
    name: str
    country: str | None
    wikidata: str | None = None
    names: set[str] = field(default_factory=set)
    records: list[Record] = field(default_factory=list)
    rank: int = 99


RANK = {"wikidata-heads": 0, "wikidata-foreign": 0, "wikidata-un": 0, "g20": 1, "asean": 1,
        "countryinfo-leaders": 2, "phoenix": 3, "countryinfo-gov": 4}


def _join(records: list[Record]) -> list[Person]:
    """Records of one person: the same Wikidata id, or the same name (exactly, then loosely)
    and country. The canonical name is the best-ranked source's."""
    people: list[Person] = []
    by_id: dict[str, Person] = {}
    by_key: dict[tuple[str, str | None], Person] = {}
    by_loose: dict[tuple[str, str | None], list[Person]] = defaultdict(list)
    ordered = sorted(records, key=lambda r: (RANK[r.source], r.name, r.country or "", r.start))
    for record in ordered:
        exact = (key(record.name.split(" of ")[0]), record.country)  # "Abdullah II of Jordan"
        person = by_id.get(record.wikidata or "") or by_key.get(exact)
        if person is None:
            near = by_loose.get((loose(record.name), record.country), [])
            person = near[0] if len(near) == 1 else None
        if person is None:
            person = Person(record.name, record.country, rank=RANK[record.source])
            people.append(person)
            by_loose[(loose(record.name), record.country)].append(person)
        if record.wikidata and not person.wikidata:
            person.wikidata = record.wikidata
            by_id[record.wikidata] = person
        by_key.setdefault(exact, person)
        person.records.append(record)
        person.names.add(record.name)
        person.names.update(record.aliases)
    return _international_joined(people)


def _international_joined(people: list[Person]) -> list[Person]:
    """An international official (no country) whose name exactly one national official of
    the table bears is that person: a UN Secretary-General who was his country's foreign
    minister. His offices keep their own states (none for the international one)."""
    national: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        if person.country:
            national[key(person.name)].append(person)
    kept = []
    for person in people:
        same = national.get(key(person.name), []) if person.country is None else []
        if len(same) != 1:
            kept.append(person)
            continue
        into = same[0]
        into.records.extend(person.records)
        into.names |= person.names
        into.wikidata = into.wikidata or person.wikidata
        if person.rank < into.rank:
            into.name, into.rank = person.name, person.rank
    return kept


def _close_open_offices(people: list[Person]) -> None:
    """An office held at a source's last update ends when a successor in the same office
    and country takes it up (from any source), else OPEN_YEARS after the update (one year
    for an office of many holders, whose successors the sources cannot tell)."""
    holders: dict[tuple[str | None, str], list[tuple[str, int]]] = defaultdict(list)
    for n, person in enumerate(people):
        for r in person.records:
            if r.start and r.office and _single(r.title):
                holders[(r.country, r.title)].append((r.start, n))
    for n, person in enumerate(people):
        for r in person.records:
            if not r.open:
                continue
            horizon = SOURCES[r.source][2]
            known = _single(r.title) or r.title in PROMINENT or r.curated
            years = OPEN_YEARS if known else OPEN_YEARS_OTHER
            last = f"{int(horizon[:4]) + years}{horizon[4:]}"
            later = [start for start, other in holders.get((r.country, r.title), [])
                     if other != n and start > (r.start or "0000")]
            r.end = min([last, *later])


def _single(title: str | None) -> bool:
    """An office one person holds at a time: "President", "Foreign Minister", not "Minister"."""
    return bool(title) and (title in SINGLE or (
        title.endswith(" Minister") and not title.startswith(("Deputy", "Vice", "Prime"))))


def _aliases(person: Person) -> dict[str, int]:
    """Index forms of a person's names -> 0 for a full name, 1 for a surname alone."""
    country = person.country
    forms: dict[str, int] = {}
    names = set(person.names)
    for name in person.names:  # "Abdullah II of Jordan", "Charles III": "Abdullah II", "Abdullah"
        words = name.split()
        if " of " in name:
            names.add(name.split(" of ")[0])
            words = name.split(" of ")[0].split()
        if len(words) == 2 and REGNAL.fullmatch(words[1]):
            forms[key(words[0])] = 1
    for name in sorted(names):
        words = _strip_titles(tokens(name))
        if not words:
            continue
        core = [w for w in words if w not in PARTICLES] or words
        forms[key(" ".join(words))] = 0 if len(core) > 1 else 1
        if len(core) > 2:
            forms.setdefault(key(" ".join(core[:2])), 0)  # "Mohammed bin Salman bin Abdulaziz ..."
            forms.setdefault(key(" ".join((core[0], core[-1]))), 0)  # no middle names
            forms.setdefault(key(" ".join(core[-2:])), 0)  # "Lopez Obrador"
        if len(core) > 1:
            surname = core[0] if country in EAST_ASIAN else core[-1]
            if len(surname) > 2 or country in EAST_ASIAN:
                forms.setdefault(key(surname), 1)
            if country in GIVEN_NAME_FIRST and len(core[0]) > 2:
                forms.setdefault(key(core[0]), 1)  # "Anwar" for Anwar Ibrahim
    return forms


def _strip_titles(words: list[str]) -> list[str]:
    """Leading titles, honorifics, countries and demonyms of an alias ("russian president
    vladimir putin" -> "vladimir putin")."""
    titles = title_words() | HONORIFICS
    skip = titles | _country_words()
    i = 0
    while i < len(words) - 1 and words[i] in skip:
        i += 1
    return words[i:] if any(w in titles for w in words[:i]) else words  # not "Jordan Peterson"


@lru_cache(maxsize=1)
def _country_words() -> frozenset[str]:
    """Country names and demonyms of one word, folded ("russian", "us", "china")."""
    found = {"the", "us", "u", "s"}
    for form, _ in Gazetteer().country_names():
        folded = tokens(form)
        if len(folded) == 1:
            found.add(folded[0])
    return frozenset(found)


def _write(people: list[Person], out: Path) -> dict:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript(SCHEMA)
    used: set[str] = set()
    rows_p, rows_o, rows_a = [], set(), set()
    people = sorted(people, key=lambda p: (p.wikidata or _stable_id(p)))
    for person in people:
        person_id = person.wikidata or _stable_id(person)
        if person_id in used:
            continue
        used.add(person_id)
        n = len(rows_p) + 1
        sources = sorted({r.source for r in person.records}, key=lambda s: (RANK[s], s))
        rows_p.append((n, person_id, person.name, _main_country(person), ",".join(sources)))
        for r in _informative(person.records):
            rows_o.add((n, r.country, r.title, r.start, r.end, int(r.office), r.source))
        prominent = any(r.title in PROMINENT for r in person.records)
        for form, surname in _aliases(person).items():
            rows_a.add((form, n, surname))
            loose_form = loose(form)
            if loose_form != form and (len(loose_form.replace(" ", "")) >= LOOSE_MIN or
                                       prominent):  # "Raeisi" for Raisi, not for every minister
                rows_a.add((loose_form, n, 2 + surname))
    aliases: dict[tuple[str, int], int] = {}
    for form, n, kind in sorted(rows_a):
        aliases.setdefault((form, n), kind)  # a full name before a surname
    db.executemany("INSERT INTO sources VALUES (?,?,?,?)",
                   [(name, *values) for name, values in sorted(SOURCES.items())])
    db.executemany("INSERT INTO persons VALUES (?,?,?,?,?)", rows_p)
    db.executemany("INSERT INTO offices VALUES (?,?,?,?,?,?,?)", sorted(rows_o, key=repr))
    db.executemany("INSERT INTO aliases VALUES (?,?,?)",
                   [(form, n, kind) for (form, n), kind in aliases.items()])
    db.execute("CREATE INDEX office_index ON offices(person)")
    db.commit()
    db.execute("VACUUM")
    db.close()
    tmp.replace(out)
    return {"persons": len(rows_p), "offices": len(rows_o), "aliases": len(aliases)}


def _informative(records: list[Record]) -> list[Record]:
    """The records worth keeping: PETRARCH's roles repeat CountryInfo's offices (it was
    generated from them) without titles, so a role that starts or ends within 45 days of a
    titled office of the same country is left out, and a role that is no office (elite,
    opposition) only stays for a person with no office at all."""
    titled = [r for r in records if r.source != "phoenix" and r.office]
    has_office = any(r.office for r in records)
    kept = []
    for r in records:
        if r.source == "phoenix":
            if not r.office and has_office:
                continue
            if r.office and any(x.country == r.country and (_near(x.start, r.start) or
                                                            _near(x.end, r.end)) for x in titled):
                continue
        kept.append(r)
    return kept


def _near(a: str, b: str) -> bool:
    if not (a and b):
        return False
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= 45


def _stable_id(person: Person) -> str:
    basis = f"{person.country}|{key(person.name)}"
    return "kb:" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:12]


def _main_country(person: Person) -> str | None:
    """The country of the person's latest office (else latest role)."""
    dated = sorted(person.records, key=lambda r: (r.office, r.start or "0000"))
    for r in reversed(dated):
        if r.country:
            return r.country
    return person.country
