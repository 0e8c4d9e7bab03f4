"""Merging mentions and reports of one meeting (no spaCy)."""
from dipevents.extract.merge import Merger, dedupe
from dipevents.models import Event, EventDate, Party, Place, Source


def event(doc, who, whom, *, kind="meeting", date=None, place=None, start=0):
    return Event(
        type=kind, status="occurred",
        who=[Party(*p) if isinstance(p, tuple) else Party(p) for p in who],
        whom=[Party(*p) if isinstance(p, tuple) else Party(p) for p in whom],
        date=EventDate(date, "day" if len(date) == 10 else "month", date, "explicit") if date else None,
        place=place, sources=[Source(doc, "2024-05-03", "…", start, start + 10)])


LIMA = Place("Lima", "PER", -12.04, -77.03)


def test_same_meeting_in_two_documents_is_one_event_with_both_sources():
    merger = Merger()
    merger.add([event("a.txt", ["Ana Ruiz"], ["Jon Berg"], date="2024-05-02")])
    merger.add([event("b.txt", ["Jon Berg"], ["Ana Ruiz"], date="2024-05", place=LIMA)])
    [merged] = merger.events()
    assert [s.doc for s in merged.sources] == ["a.txt", "b.txt"]
    assert merged.date.value == "2024-05-02" and merged.place == LIMA


def test_different_dates_stay_apart():
    merger = Merger()
    merger.add([event("a.txt", ["Ana Ruiz"], ["Jon Berg"], date="2024-05-02")])
    merger.add([event("b.txt", ["Ana Ruiz"], ["Jon Berg"], date="2024-03-10")])
    assert len(merger.events()) == 2


def test_events_sort_oldest_first_undated_by_report_date():
    merger = Merger()
    merger.add([event("a.txt", ["Ana Ruiz"], ["Jon Berg"], date="2024-06-01")])
    merger.add([event("b.txt", ["Li Wei"], ["Omar Haddad"])])        # reported 2024-05-03
    assert [e.who[0].name for e in merger.events()] == ["Li Wei", "Ana Ruiz"]


def test_unnamed_party_merges_with_the_named_one_of_its_country_in_a_document():
    first = event("a.txt", [(None, None, "PER", "delegation")], ["Jon Berg"])
    second = event("a.txt", [("Ana Ruiz", None, "PER")], ["Jon Berg"], place=LIMA, start=50)
    [kept] = dedupe([first, second])
    assert {p.name for p in kept.parties()} == {"Ana Ruiz", "Jon Berg"}
    assert kept.place == LIMA and kept.sources[0].start == 0


def test_a_visit_to_a_meeting_is_part_of_it():
    visit = event("a.txt", ["Ana Ruiz"], [], kind="visit", date="2024-05-01", place=LIMA)
    meeting = event("a.txt", ["Ana Ruiz"], ["Jon Berg"], date="2024-05-02", start=40)
    [kept] = dedupe([visit, meeting])
    assert kept.type == "meeting" and kept.place == LIMA


def test_separate_receptions_for_different_countries_stay_separate():
    host = ("Ana Ruiz", None, None)
    events = [event("a.txt", [host], [(None, None, code)], start=0) for code in ("NLD", "HUN")]
    assert len(dedupe(events)) == 2


def test_a_person_takes_title_and_country_from_another_report_of_the_run():
    merger = Merger()
    merger.add([event("a.txt", ["Ana Ruiz"], ["Jon Berg"], date="2024-05-02")])
    merger.add([event("b.txt", [("Ana Ruiz", "Foreign Minister", "PER")], ["Eva Lind"],
                      date="2024-06-10")])
    first, second = merger.events()
    assert (first.who[0].title, first.who[0].country) == ("Foreign Minister", "PER")
    assert first.whom[0].country is None  # nobody says where Jon Berg is from


def test_spellings_of_one_name_share_a_key():
    assert Party("Kim Song-nam").identity() == Party("Kim Song Nam").identity()
