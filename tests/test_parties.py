"""Party resolution over a whole document (extract/parties.py, `DocContext`): what the text
says of a person in one place serves the person's other mentions. Invented people; the
table of officials, where one is needed, is built from `tests/data/officials/`."""
from __future__ import annotations

import pytest

from dipevents.extract.gazetteer import get_gazetteer
from dipevents.extract.officials import Officials
from dipevents.extract.officials_build import build
from dipevents.extract.assemble.party import _subject_of_the_clause_above
from dipevents.extract.parties import DocContext
from dipevents.models import Party


@pytest.fixture(scope="module")
def table(tmp_path_factory) -> Officials:
    path = tmp_path_factory.mktemp("officials") / "officials.sqlite"
    build("tests/data/officials", path)
    return Officials(path)


def people(nlp, table: Officials, text: str) -> dict[str, tuple]:
    """Each PERSON mention as written -> (name, title, country) of the party it gives."""
    doc = nlp(text)
    ctx = DocContext(doc, get_gazetteer(), 0, table)
    found = {}
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            party = ctx.person(ent)
            found.setdefault(ent.text, (party.name, party.title, party.country))
    return found


def test_a_name_alone_before_its_full_name_is_that_person(nlp, table):
    text = ("President Varga will host the Austrian chancellor on Friday, officials said. "
            "Officials said that Hungarian President Tamas Varga will host Austrian "
            "Chancellor Lukas Huber in Budapest on Friday.")
    found = people(nlp, table, text)
    assert found["Varga"] == found["Tamas Varga"] == ("Tamas Varga", "President", "HUN")


def test_a_name_alone_stays_apart_from_a_full_name_that_disagrees(nlp, table):
    text = ("Foreign Minister Varga arrived on Monday. "
            "Hungarian President Tamas Varga met Austrian Chancellor Lukas Huber on Friday.")
    found = people(nlp, table, text)
    assert found["Varga"][0] == "Varga"


def test_a_coordinated_title_takes_the_first_state_unless_the_table_knows_better(nlp, table):
    text = ("Russian President Pyotr Sokolov and Prime Minister Anton Belov met "
            "in Samarkand on Thursday.")
    assert people(nlp, table, text)["Anton Belov"] == ("Anton Belov", "Prime Minister", "RUS")
    text = ("Russian President Pyotr Sokolov and Prime Minister Erik Halvorsen met "
            "in Samarkand on Thursday.")  # the table knows Halvorsen as Norway's
    assert people(nlp, table, text)["Erik Halvorsen"] == ("Erik Halvorsen", "Prime Minister",
                                                          None)


@pytest.mark.parametrize("text, title, country", [
    ("Foreign Minister Peter Mwangi of the Republic of Kenya met Wang Lei in Beijing.",
     "Foreign Minister", "KEN"),
    ("Foreign ministers Peter Mwangi (Kenya) and Wang Lei (China) met in Beijing.",
     "Foreign Minister", "KEN"),
    ("Wang Lei received Kenya's newly appointed ambassador Peter Mwangi in Beijing.",
     "Ambassador", "KEN"),
    ("Wang Lei met Peter Mwangi from Kenya in Beijing on Monday.", None, "KEN"),
    ("Wang Lei and his Kenyan counterpart, Peter Mwangi, met in Beijing on Monday.",
     None, "KEN"),
    ("Wang Lei met Kenyan Cabinet Secretary for Foreign Affairs Peter Mwangi in Beijing.",
     "Cabinet Secretary", "KEN"),
    ("Wang Lei met a Kenyan delegation led by Foreign Minister Peter Mwangi in Beijing.",
     "Foreign Minister", "KEN"),
    ("Wang Lei met a delegation from Kenya led by Peter Mwangi in Beijing on Monday.",
     None, "KEN"),
    # a comma before the name: what stands after the last name before it, not across it
    ("Wang Lei held talks with Pakistani Prime Minister Ali Raza and the president of "
     "Kenya, Peter Mwangi, in Samarkand.", "President", "KEN"),
    ("Wang Lei met Kenyan opposition leader Peter Mwangi in Beijing on Monday.",
     "Leader", "KEN"),
    ("Wang Lei met UAE Minister of State Peter Mwangi in Beijing on Monday.",
     "Minister of State", "ARE"),
    ("Wang Lei met Kenya Defence Forces chief Peter Mwangi in Beijing on Monday.", None, "KEN"),
    ("Wang Lei met Kenyan President Amos Kiprono's chief of staff Peter Mwangi in Beijing.",
     "Chief of Staff", "KEN"),
])
def test_the_state_written_next_to_a_name(nlp, table, text, title, country):
    assert people(nlp, table, text)["Peter Mwangi"] == ("Peter Mwangi", title, country)


def test_a_delegation_s_state_is_read_whole(nlp, table):
    # "North Korean", not the "Korean" inside it (which alone names the South)
    text = "A North Korean delegation led by Pak Song Il met Wang Lei in Beijing on Monday."
    assert people(nlp, table, text)["Pak Song Il"][2] == "PRK"


def _private(nlp, table: Officials, text: str) -> dict[str, bool]:
    doc = nlp(text)
    ctx = DocContext(doc, get_gazetteer(), 0, table)
    return {ent.text: ctx.in_private_office(ctx.person(ent))
            for ent in doc.ents if ent.label_ == "PERSON"}


def test_offices_in_unions_federations_and_companies_are_private(nlp, table):
    text = ("Labour Minister Tomas Arriaga met Pedro Villca, secretary general of the "
            "Gondorian Labour Organization, and Ramon Quispe, the miners federation top "
            "leader, at the mining ministry on Monday. Later Villca met Nils Akre, chairman "
            "of Delta Textile Inc.")
    found = _private(nlp, table, text)
    assert found["Tomas Arriaga"] is False
    assert found["Pedro Villca"] is found["Villca"] is True  # a later surname too
    assert found["Ramon Quispe"] is True and found["Nils Akre"] is True


def test_states_and_international_bodies_are_not_private(nlp, table):
    text = ("Kenyan President Daniel Otieno met Maria Lind, director-general of the "
            "International Labour Organization, and Ivan Petrovsky, Chairman of the "
            "Federation Council, in Nairobi on Monday. Foreign Minister of the Russian "
            "Federation Oleg Sorin arrived on Tuesday.")
    found = _private(nlp, table, text)
    assert not any(found.values()), found


@pytest.mark.parametrize("name, private", [
    ("Delta Textile Inc", True), ("Omega Mills Plc", True), ("Gamma Trasporti SpA", True),
    ("Delta Textile", False), ("Inc", False),
])
def test_a_company_is_private(nlp, table, name, private):
    ctx = DocContext(nlp("Nothing here."), get_gazetteer(), 0, table)
    assert ctx.in_private_office(Party(name=name, kind="organization")) is private


def test_he_in_a_when_clause_is_the_untagged_subject_above(nlp, table):
    text = ("Prime Minister Kenji Tanabe studied the proposal. Tom Hale said he would press "
            "for access. Tanabe would take it with him when he visits Washington.")
    doc = nlp(text)
    last = [t for t in doc if t.text == "Tanabe"][-1]
    doc.ents = [e for e in doc.ents if not e.start <= last.i < e.end]  # the NER missed it
    last.pos_ = "PROPN"
    ctx = DocContext(doc, get_gazetteer(), 0, table)
    he = [t for t in doc if t.lower_ == "he"][-1]
    assert he.dep_ == "nsubj" and he.head.dep_ == "advcl"
    found = _subject_of_the_clause_above(he, ctx)
    assert found is not None and found.name == "Kenji Tanabe"
    assert ctx.focus(he.i).name == "Tom Hale"  # what the last subject alone would give
