"""Scoring per pair of parties, as the gold README describes (no spaCy)."""
import json

from dipevents.extract.score import Pair, PairParty, load_gold, matches, same_name, score


def pair(doc, *parties, place=None, date=None, optional=False):
    return Pair(doc, tuple(PairParty(n, c) for n, c in parties), place, date, optional)


def test_same_name_folds_case_hyphens_and_surnames():
    assert same_name("Kim Song-nam", "kim song nam")
    assert same_name("Ruto", "William Ruto")
    assert same_name("Lula", "Lula da Silva")
    assert not same_name("Wang Yi", "Wang Huning")
    assert same_name("Nguyễn Phúc", "Nguyen Phuc")


def test_unnamed_gold_party_matches_by_country_of_party_or_place():
    gold = pair("a", ("Amina Diallo", "SEN"), (None, "MLI"))
    assert matches(pair("a", ("Amina Diallo", "SEN"), (None, "MLI")), gold)
    assert matches(pair("a", ("Amina Diallo", "SEN"), place={"name": "Bamako", "country": "MLI"}), gold)
    assert not matches(pair("a", ("Amina Diallo", "SEN"), (None, "NER")), gold)


def test_extra_named_party_does_not_match():
    gold = pair("a", ("Amina Diallo", "SEN"), ("Paulo Mendes", "BRA"))
    assert not matches(pair("a", ("Amina Diallo", "SEN"), ("Karl Berg", "DEU")), gold)


def test_score_counts_duplicates_as_false_and_optional_as_neutral():
    gold = [pair("a", ("A B", None), ("C D", None), place={"name": "Lima", "country": "PER"},
                 date="2024-05"),
            pair("a", ("A B", None), ("E F", None), optional=True)]
    predicted = [pair("a", ("A B", None), ("C D", None), place={"name": "Lima", "country": "PER"},
                      date="2024-05-02"),
                 pair("a", ("A B", None), ("C D", None)),          # the same pair again
                 pair("a", ("A B", None), ("E F", None))]          # an optional one: fine
    result = score(gold, predicted)
    assert (result.matched_predicted, result.predicted) == (2, 3)
    assert result.recall == 1.0
    assert result.place_right == 1 and result.date_right == 1      # "2024-05-02" begins with "2024-05"
    assert len(result.extra) == 1


def test_country_level_gold_place_is_right_by_country():
    gold = [pair("a", ("A B", None), ("C D", None), place={"name": "Peru", "country": "PER"})]
    predicted = [pair("a", ("A B", None), ("C D", None), place={"name": "Lima", "country": "PER"})]
    assert score(gold, predicted, country_names={"peru"}).place_right == 1


def test_load_gold_reads_events_docs_without_events_and_bad_lines(tmp_path):
    path = tmp_path / "gold.jsonl"
    lines = [
        json.dumps({"doc": "x.txt", "who": [{"name": "A B"}], "whom": [{"name": "C D"}, {"name": "E F"}],
                    "place": None, "date": None, "optional": False}),
        json.dumps({"doc": "y.txt", "events": 0}),
        "{not json",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    pairs, docs, errors = load_gold(str(path))
    assert len(pairs) == 3                                          # A-C, A-E, C-E
    assert docs == {"x.txt", "y.txt"}
    assert errors[0].line == 3


def test_explain_says_how_an_extra_pair_differs_from_the_gold_pair_it_shares_a_party_with():
    from types import SimpleNamespace

    from dipevents.extract.explain import _extra_cause

    def pair(*parties):
        return Pair(doc="a.txt", parties=tuple(PairParty(n, c) for n, c in parties),
                    place=None, date=None)

    gold = SimpleNamespace(gold_pairs=[pair(("Ana Duarte", "PRT"), ("Ama Serwaa Mensah", "GHA"))])
    cause = lambda *parties: _extra_cause(pair(*parties), gold)  # noqa: E731
    assert cause(("Ana Duarte", "PRT"), ("Ama Mensah", "GHA")) == "wrong-pairing:name-form"
    assert cause(("Ana Duarte", "PRT"), (None, "GHA")) == "wrong-pairing:unnamed"
    assert cause(("Ana Duarte", "PRT"), ("Kofi Boateng", "GHA")) == "wrong-pairing:other-party"
    assert cause(("Luis Prado", "PER"), ("Kofi Boateng", "GHA")) == "not-in-gold"
