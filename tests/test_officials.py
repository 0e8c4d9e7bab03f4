"""The table of officials (extract/officials.py): building it, looking names up by date,
and what it changes in the extraction.

The table these tests read is built from `tests/data/officials/`, invented officials in the
formats of the real sources; only `test_packaged_table_*` reads the packaged table.
"""
from __future__ import annotations

import json
import sqlite3

import pytest
from helpers import dipevents
from spacy.tokens import Span

from dipevents.extract.assemble import Assembler
from dipevents.extract.gazetteer import get_gazetteer
from dipevents.extract.merge import Merger, dedupe
from dipevents.extract.officials import Officials, key, loose
from dipevents.extract.officials_build import build
from dipevents.models import Document, Party

DATA = "tests/data/officials"


@pytest.fixture(scope="module")
def table(tmp_path_factory) -> Officials:
    path = tmp_path_factory.mktemp("officials") / "officials.sqlite"
    build(DATA, path)
    return Officials(path)


def extract(nlp, table: Officials, text: str, doc_date: str | None, path="t.txt"):
    """The events of one text, with `table` as the table of officials."""
    source = Document(path=path, text=text, doc_date=doc_date)
    events = dedupe(Assembler(get_gazetteer(), table)(nlp(text), source))
    for event in events:
        event.assign_id()
    return events


def parties(events) -> list[list[tuple]]:
    return [[(p.name, p.title, p.country, p.key) for p in e.who + e.whom] for e in events]


# ---------------------------------------------------------------- building the table

def test_build_keeps_ids_sources_and_licences_per_record(table):
    db = sqlite3.connect(table.path)
    persons = dict(db.execute("SELECT name, id FROM persons"))
    assert persons["Arvid Tolvanen"] == "Q90000001"  # Wikidata id where a source has one
    assert persons["Erik Halvorsen"].startswith("kb:")  # a stable id of our own otherwise
    assert "Kyrgyz National Guard" not in persons and "Q90000099" not in persons  # no person
    licences = dict(db.execute("SELECT name, licence FROM sources"))
    offices = db.execute("SELECT p.name, o.source, o.start, o.end FROM offices o "
                         "JOIN persons p ON p.n = o.person").fetchall()
    by_name = {name: (source, start, end) for name, source, start, end in offices}
    assert licences[by_name["Pavel Kral"][0]] == "CC BY-SA 3.0"
    assert licences[by_name["Arvid Tolvanen"][0]] == "CC0"
    assert by_name["Pavel Kral"][1] == "2004-09-30"  # 20040931 clamped to the month's end


def test_build_reads_a_source_spelling_of_a_country(table):
    found = table.lookup("Andrianaivo", "2010-01-01")  # CountryInfo's "madagaskar"
    assert (found.name, found.country, found.title) == ("Hery Andrianaivo", "MDG", "President")


def test_build_is_deterministic(tmp_path):
    build(DATA, tmp_path / "a.sqlite")
    build(DATA, tmp_path / "b.sqlite")
    assert (tmp_path / "a.sqlite").read_bytes() == (tmp_path / "b.sqlite").read_bytes()


def test_build_names_missing_sources(tmp_path):
    with pytest.raises(FileNotFoundError, match="wikidata_heads_2022.csv"):
        build(tmp_path, tmp_path / "t.sqlite")


# ---------------------------------------------------------------- names

@pytest.mark.parametrize("a, b", [
    ("Kim Song-chol", "kim song chol"),            # hyphens and case
    ("Tomáš Dvořák", "Tomas Dvorak"),              # diacritics
    ("Chea Vannak", "Vannak Chea"),                # name order
    ("Faisal Al-Harbi", "Faisal Harbi"),           # particles
    ("Ferdinand Ruiz Jr.", "Ferdinand Ruiz"),      # suffixes
    ("Mohammed Saleh", "Muhammad Saleh"),          # a common given name's romanisations
])
def test_spellings_of_one_name_share_a_key(a, b):
    assert key(a) == key(b)


def test_different_names_keep_different_keys():
    assert key("Erik Halvorsen") != key("Ingrid Halvorsen")
    assert loose("Raeisi Ahmadi") == loose("Raisi Ahmadi")  # transliterations, loosely


@pytest.mark.parametrize("name", ["Jambulat Sadykov", "Dzhambulat Sadykov", "Sadykov",
                                  "JAMBULAT SADYKOV"])
def test_aliases_and_variants_resolve_to_one_person(table, name):
    found = table.lookup(name, "2014-06-01")
    assert (found.name, found.country, found.title) == ("Dzhambulat Sadykov", "KGZ", "President")


@pytest.mark.parametrize("name", ["Faisal Al Harbi", "faisal al-harbi", "Faisal bin Khalid",
                                  "Faisal bin Khalid Al-Harbi"])
def test_long_arabic_names_resolve_by_their_short_forms(table, name):
    assert table.lookup(name, "2020-01-01").id == "Q90000009"


def test_a_long_name_matches_a_variant_by_its_short_forms_loosely(table):
    # "Tariq bin Haider bin Nasser" is "Tariq bin Haidar Al Zahir": the first two words
    # agree in a transliteration, the rest of the lineage is written otherwise.
    assert table.lookup("Tariq bin Haider bin Nasser", "2021-06-01").title == "Sultan"
    # with no date, a spelling variant counts only when the text names the office it held
    found = table.lookup("Tariq bin Haider bin Nasser", None, title="Sultan")
    assert (found.id, found.country) == ("Q90000011", "OMN")
    assert table.lookup("Tariq bin Haider bin Nasser", None) is None
    assert table.lookup("Tariq bin Haider bin Nasser", None, title="Foreign Minister") is None
    # the same words in another order are another person ("Sheikh Hasina" is no "Hassan
    # al-Sheikh"): a loose short form keeps the first word
    assert table.lookup("Zahir bin Tareq bin Nasser", "2021-06-01") is None


def test_east_asian_surname_comes_first(table):
    assert table.lookup("Chea", "2024-01-01").name == "Chea Vannak"
    assert table.lookup("Vannak", "2024-01-01") is None


# ---------------------------------------------------------------- dates

def test_the_date_decides_who_holds_an_office(table):
    assert table.lookup("Halvorsen", "2015-06-01").name == "Erik Halvorsen"
    assert table.lookup("Halvorsen", "2020-06-01").name == "Ingrid Halvorsen"
    assert table.lookup("Halvorsen", "2017-06-01") is None  # neither in office
    assert table.lookup("Rantanen", "2015-06-01").title == "President"
    assert table.lookup("Tolvanen", "2015-06-01") is None


def test_full_name_out_of_office_gives_the_country_but_no_title(table):
    found = table.lookup("Mikael Rantanen", "2023-06-01")
    assert (found.country, found.title) == ("FIN", None)


def test_an_international_official_is_one_person_with_his_national_offices(table):
    """A UN official who was his country's foreign minister: one person, who speaks for no
    state while in the international office and is of his country otherwise."""
    assert len(table.who("Tomas Arvidsson")) == 1
    at_un = table.lookup("Tomas Arvidsson", "2021-06-01")
    minister = table.lookup("Tomas Arvidsson", "2012-06-01")
    assert (at_un.id, at_un.country) == ("Q90000031", None)
    assert (minister.id, minister.country, minister.title) == ("Q90000031", "SWE",
                                                               "Foreign Minister")
    assert table.common_country("Tomas Arvidsson", "2021-06-01") is None


# ---------------------------------------------------------------- ambiguity

def test_surname_of_two_office_holders_is_left_unresolved(table):
    assert table.lookup("Boateng", "2020-05-01") is None
    assert table.lookup("Boateng", "2020-05-01", country="GHA").name == "Grace Boateng"
    assert table.lookup("Boateng", "2020-05-01", title="President").name == "Chidi Boateng"


def test_ambiguous_surname_in_a_text_stays_as_written(nlp, table):
    events = extract(nlp, table, "Boateng met Arvid Tolvanen in Accra on Thursday.", "2020-05-08")
    assert parties(events) == [[("Boateng", None, None, "boateng"),
                                ("Arvid Tolvanen", "President", "FIN", "Q90000001")]]


def test_earlier_full_mention_resolves_a_shared_surname(nlp, table):
    text = ("Grace Boateng arrived in Helsinki on Wednesday. "
            "Boateng met Arvid Tolvanen on Thursday.")
    events = extract(nlp, table, text, "2020-05-08")
    assert parties(events) == [[("Grace Boateng", "Foreign Minister", "GHA", "Q90000006"),
                                ("Arvid Tolvanen", "President", "FIN", "Q90000001")]]


# ---------------------------------------------------------------- extraction

def test_bare_names_of_leaders_in_office_make_a_meeting(nlp, table, tmp_path):
    text = "Arvid Tolvanen met Chidi Boateng in Helsinki on Thursday."
    events = extract(nlp, table, text, "2025-04-18")
    assert parties(events) == [[("Arvid Tolvanen", "President", "FIN", "Q90000001"),
                                ("Chidi Boateng", "President", "NGA", "Q90000005")]]
    assert events[0].place.name == "Helsinki" and events[0].date.value == "2025-04-17"
    nobody = Officials(tmp_path / "missing.sqlite")  # without the table: no office, no state
    assert extract(nlp, nobody, text, "2025-04-18") == []


def test_surnames_resolve_by_the_publication_date(nlp, table):
    text = "Halvorsen received Rantanen in Oslo on Thursday."
    assert parties(extract(nlp, table, text, "2015-06-12")) == [[
        ("Erik Halvorsen", "Prime Minister", "NOR", table.lookup("Erik Halvorsen").id),
        ("Mikael Rantanen", "President", "FIN", table.lookup("Mikael Rantanen").id)]]
    assert parties(extract(nlp, table, text, "2020-06-12")) == [[
        ("Ingrid Halvorsen", "Foreign Minister", "NOR", "Q90000004"),
        ("Rantanen", None, None, "rantanen")]]


def test_the_text_wins_over_the_table(nlp, table):
    text = "Swedish Trade Minister Erik Halvorsen met Arvid Tolvanen in Stockholm on Thursday."
    events = extract(nlp, table, text, "2025-04-18")
    assert parties(events) == [[("Erik Halvorsen", "Trade Minister", "SWE", "erik halvorsen"),
                                ("Arvid Tolvanen", "President", "FIN", "Q90000001")]]


def test_text_title_fills_nothing_the_table_contradicts(table):
    party = table.complete(Party("Chidi Boateng", title="Special Envoy"), "2020-05-01")
    assert (party.title, party.country, party.key) == ("Special Envoy", None, "Q90000005")


def test_merging_across_documents_uses_the_key(nlp, table):
    merger = Merger()
    merger.add(extract(nlp, table, "Rantanen met Sadykov in Bishkek on Monday.", "2013-04-18",
                       path="a.txt"))
    merger.add(extract(nlp, table, "Jambulat Sadykov met Mikael Rantanen in Bishkek on Monday.",
                       "2013-04-18", path="b.txt"))
    (merged,) = merger.events()
    assert [s.doc for s in merged.sources] == ["a.txt", "b.txt"]


# ---------------------------------------------------------------- the packaged table

def test_packaged_table_opens_on_first_lookup():
    fresh = Officials()
    assert fresh._db is None
    assert fresh.lookup("Nobody Atall Zzyzx", "2020-01-01") is None
    assert fresh._db is not None


def test_who_prints_what_the_table_knows():
    result = dipevents("who", "Xi Jinping", "--date", "2024-03-01", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["resolves_to"]["id"] == "Q15031"
    assert (data["resolves_to"]["country"], data["resolves_to"]["title"]) == ("CHN", "President")
    assert any(o["source"] == "g20" and o["licence"] == "CC BY-SA 4.0"
               for c in data["candidates"] for o in c["offices"])


def test_who_rejects_a_bad_date():
    result = dipevents("who", "Xi Jinping", "--date", "2024-13-01")
    assert result.exit_code == 2 and "--date" in result.stderr


def test_several_people_of_one_country_give_the_country_only(table):
    assert table.lookup("Halvorsen") is None  # no date: Erik or Ingrid
    party = table.complete(Party("Halvorsen"), None)
    assert (party.name, party.title, party.country, party.key) == ("Halvorsen", None, "NOR",
                                                                   "halvorsen")
    assert table.complete(Party("Boateng"), None).country is None  # Nigeria or Ghana
    # with no date, a surname names the holders of prominent offices: Erik and Ingrid,
    # not Denmark's culture minister Lars Halvorsen
    assert table.complete(Party("Halvorsen"), None).country == "NOR"


def test_without_a_date_a_single_name_is_the_one_leader_by_that_name(table):
    # "Zulkifli": a prime minister of Malaysia, and a finance minister of Indonesia; a
    # story with no date that names someone by one name alone speaks of the leader.
    assert table.lookup("Zulkifli").name == "Zulkifli Hamzah"
    assert table.lookup("Zulkifli", title="Finance Minister").name == "Budi Zulkifli"
    assert table.lookup("Boateng") is None  # two leaders: still unresolved


def test_the_table_vouches_only_for_people_it_knows(nlp, table):
    # A leader and a name the table has never heard of, with no office or state in the
    # text: not taken for diplomacy (the stranger may be a place NER took for a person).
    text = "Arvid Tolvanen met Daniel Whitcombe in Helsinki on Thursday."
    assert extract(nlp, table, text, "2025-04-18") == []
    titled = "Finnish President Arvid Tolvanen met Daniel Whitcombe in Helsinki on Thursday."
    assert parties(extract(nlp, table, titled, "2025-04-18")) == [
        [("Arvid Tolvanen", "President", "FIN", "Q90000001"),
         ("Daniel Whitcombe", None, None, "daniel whitcombe")]]


def test_a_name_the_table_knows_is_a_person_inside_a_mislabelled_entity(nlp, table):
    """NER reads a long title's last words and the name after them as one organisation
    ("... Expatriates Grace Boateng"); the end the table knows as a full name is the person."""
    recogniser = nlp.get_pipe("dipevents_names")
    packaged, recogniser.officials = recogniser.officials, table
    try:
        doc = nlp.make_doc("The Minister of Culture and Expatriates Grace Boateng left.")
        doc.ents = [Span(doc, 5, 8, label="ORG")]  # "Expatriates Grace Boateng"
        assert [(e.text, e.label_) for e in recogniser(doc).ents] == [("Grace Boateng", "PERSON")]
        doc = nlp.make_doc("The Minister of Culture and Expatriates Grace Mensah left.")
        doc.ents = [Span(doc, 5, 8, label="ORG")]  # a name the table does not know
        assert [(e.text, e.label_) for e in recogniser(doc).ents] == [
            ("Expatriates Grace Mensah", "ORG")]
    finally:
        recogniser.officials = packaged


def test_a_titled_surname_before_a_namesake_is_the_tables_holder(nlp, table):
    """"President Boateng will visit ... Boateng and Ama Boateng ... Boateng will meet":
    the President is the table's holder by that surname, not the namesake named after him,
    and the bare surname later is still the President."""
    text = ("President Boateng will visit Helsinki in June, officials said. Boateng and Ama "
            "Boateng will stay for three days. Boateng will meet President Arvid Tolvanen "
            "in Helsinki on June 4.")
    events = extract(nlp, table, text, "2020-05-08")
    assert ("Chidi Boateng", "President", "NGA", "Q90000005") in parties(events)[-1]
    assert not any(p[0] == "Ama Boateng" for e in parties(events) for p in e)
