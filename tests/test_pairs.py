"""`dipevents pairs` and the PLOVER fields: counted from made-up events, then end to end."""
from __future__ import annotations

import csv
import io
import json

from dipevents.cli.pairs import PairKind, count_pairs
from dipevents.models import CAMEO, Event, EventDate, Party, Place, Source
from helpers import dipevents, write


def meeting(who, whom, date=None, reported="2024-05-01", place=None, type="meeting",
            cameo=CAMEO["consult"], name="e") -> Event:
    event = Event(type=type, status="occurred", cameo=cameo,
                  who=[Party(n, "Minister", c, k) for n, c, k in who],
                  whom=[Party(n, "Minister", c, k) for n, c, k in whom],
                  place=Place(*place) if place else None,
                  date=EventDate(date, "day", date, "explicit") if date else None,
                  sources=[Source(f"{name}.txt", reported, "…", 0, 1)])
    event.id = name
    return event


ANA = ("Ana Velk", "EST", "person")
ANA_AGAIN = ("ana velk", "EST", "person")
BORIS = ("Boris Tamm", "LVA", "person")
CARLA = ("Carla Ruiz", "PER", "person")


def test_pairs_count_meetings_both_ways_and_sort_most_often_first():
    events = [meeting([ANA], [BORIS], "2024-03-05", name="1"),
              meeting([BORIS], [ANA_AGAIN], "2024-01-09", name="2"),  # B–A is A–B
              meeting([ANA], [BORIS, CARLA], None, reported="2024-06-02", name="3"),
              meeting([CARLA], [("", "PER", "delegation")], "2024-02-01", name="4")]
    rows = count_pairs(events, PairKind.all)
    assert [(r.kind, r.a, r.b, r.events, r.first, r.last, r.ids) for r in rows] == [
        ("country", "EST", "LVA", 3, "2024-01-09", "2024-06-02", ["1", "2", "3"]),
        ("person", "Ana Velk", "Boris Tamm", 3, "2024-01-09", "2024-06-02", ["1", "2", "3"]),
        ("country", "EST", "PER", 1, "2024-06-02", "2024-06-02", ["3"]),
        ("person", "Ana Velk", "Carla Ruiz", 1, "2024-06-02", "2024-06-02", ["3"]),
    ]  # one side's own members never pair; a state with itself is no dyad
    assert {r.kind for r in count_pairs(events, PairKind.person)} == {"person"}
    assert [r.a + r.b for r in count_pairs(events, PairKind.country)] == ["ESTLVA", "ESTPER"]


def test_an_event_counts_once_per_pair():
    two_from_one_state = meeting([ANA, ("Eva Kask", "EST", "person")], [BORIS], "2024-03-05")
    [row] = count_pairs([two_from_one_state], PairKind.country)
    assert (row.a, row.b, row.events) == ("EST", "LVA", 1)


def test_plover_modes():
    mode = lambda event: event.plover()  # noqa: E731
    assert mode(meeting([ANA], [BORIS], type="call")) == {"type": "CONSULT", "mode": "phone"}
    visit = meeting([ANA], [("", "LVA", "country")], type="visit", place=("Riga", "LVA"))
    assert mode(visit)["mode"] == "visit"
    assert mode(meeting([ANA], [BORIS], place=("Riga", "LVA")))["mode"] == "visit"
    assert mode(meeting([ANA], [BORIS], place=("Lima", "PER")))["mode"] == "third-party"
    assert mode(meeting([ANA], [BORIS], cameo=CAMEO["meet_third"]))["mode"] == "third-party"
    assert mode(meeting([ANA], [BORIS, CARLA]))["mode"] == "multilateral"
    assert mode(meeting([ANA], [BORIS]))["mode"] is None  # no place: the text does not tell
    assert meeting([ANA], [BORIS]).to_dict()["plover"] == {"type": "CONSULT", "mode": None}


def test_plover_is_in_the_schema_and_the_output(tmp_path):
    schema = json.loads(dipevents("schema").stdout)
    assert "plover" in schema["required"]
    plover = schema["$defs"]["plover"]
    assert plover["properties"]["type"] == {"enum": ["CONSULT"]}
    assert plover["properties"]["mode"]["oneOf"][1]["enum"] == [
        "visit", "third-party", "multilateral", "phone"]
    write(tmp_path / "a.txt", "Estonian Foreign Minister Ana Velk met Latvian Foreign Minister "
                              "Boris Tamm in Lima on Monday.\n"
                              "Estonian Prime Minister Eva Kask spoke by phone with Latvian "
                              "Prime Minister Juris Ozols on Tuesday.\n")
    events = json.loads(dipevents("extract", tmp_path, "-f", "json", "-q",
                                  "--doc-date", "2024-03-07").stdout)
    assert sorted((e["type"], e["plover"]["mode"]) for e in events) == [
        ("call", "phone"), ("meeting", "third-party")]


STORIES = {
    "a.txt": "Estonian Foreign Minister Ana Velk met Latvian Foreign Minister Boris Tamm "
             "in Riga on Monday.\n",
    "b.txt": "Latvian Foreign Minister Boris Tamm held talks with Estonian Foreign Minister "
             "Ana Velk in Tallinn on March 20, 2024.\n",
    "c.txt": "Peruvian President Carla Ruiz met Estonian Foreign Minister Ana Velk "
             "in Lima on April 2, 2024.\n",
}


def test_pairs_command(tmp_path):
    for name, text in STORIES.items():
        write(tmp_path / name, text)
    args = ("pairs", tmp_path, "--doc-date", "2024-03-07")
    result = dipevents(*args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["kind"], r["a"], r["b"], r["events"], r["first"], r["last"]) for r in rows] == [
        ("country", "EST", "LVA", 2, "2024-03-04", "2024-03-20"),
        ("person", "Ana Velk", "Boris Tamm", 2, "2024-03-04", "2024-03-20"),
        ("country", "EST", "PER", 1, "2024-04-02", "2024-04-02"),
        ("person", "Ana Velk", "Carla Ruiz", 1, "2024-04-02", "2024-04-02"),
    ]
    assert "4 pairs from 3 events" in result.stderr
    dyads = list(csv.DictReader(io.StringIO(
        dipevents(*args, "-k", "country", "-f", "csv", "-q").stdout)))
    assert [(d["a"], d["b"], d["events"]) for d in dyads] == [("EST", "LVA", "2"),
                                                              ("EST", "PER", "1")]
    table = dipevents(*args, "-q", "--country", "PER").stdout
    assert "Ana Velk [EST] – Carla Ruiz [PER]" in table and "Boris Tamm" not in table
    target = tmp_path / "out" / "pairs.csv"
    target.parent.mkdir()
    assert dipevents(*args, "-q", "-o", target).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("kind,a,a_country,b,")


def test_pairs_refuse_a_database_output(tmp_path):
    write(tmp_path / "a.txt", STORIES["a.txt"])
    result = dipevents("pairs", tmp_path, "-o", tmp_path / "pairs.db")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1 and not (tmp_path / "pairs.db").exists()
