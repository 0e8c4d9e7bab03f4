"""The rule pattern files: every pattern id matches a sentence, and bad files fail at load.

`SENTENCES` maps each pattern id of `extract/patterns/triggers.jsonl` and `cues.jsonl` to a
sentence written for this file and the words the pattern should match in it. A pattern added
without a sentence here fails `test_every_pattern_id_has_a_sentence`.
"""
from __future__ import annotations

import json

import pytest
import spacy

from dipevents.extract import patterns as patterns_module
from dipevents.extract.components import CUES, TRIGGERS, RuleMatcher
from dipevents.extract.patterns import load_patterns

FILES = {TRIGGERS: "triggers.jsonl", CUES: "cues.jsonl"}

# id -> (sentence, the words the pattern matches in it)
SENTENCES = {
    TRIGGERS: {
        "meet-verb": ("Moldovan President Maia Sandu met Romanian President Nicusor Dan.", "met"),
        "hold-talks": ("Maia Sandu held talks with Nicusor Dan in Bucharest.", "held talks"),
        "hold-rounds-of-talks": ("Maia Sandu held a round of talks with Nicusor Dan.", "held a round of talks"),
        "sit-down-with": ("Maia Sandu sat down with Nicusor Dan in Bucharest.", "sat down with"),
        "meeting-noun": ("Her meeting with the Romanian president lasted two hours.",
                         "meeting with"),
        "meeting-took-place": ("A meeting took place between Sandu and Dan.", "meeting took place between"),
        "meeting-was-with": ("Her first meeting was with the Romanian president.",
                             "meeting was with"),
        "these-were-with": ("Velk held four meetings in Lima. These were with Peru and Chile.",
                            "These were with"),
        "present-credentials": ("Ambassador Velk presented his credentials to President Brandt.",
                                "presented his credentials"),
        "negotiate": ("Moldova negotiated with Romania over the gas pipeline.",
                      "negotiated with"),
        "receive-verb": ("President Nicusor Dan received Maia Sandu at Cotroceni Palace.",
                         "received"),
        "host-verb": ("Ghana hosted the Togolese president in Accra.", "hosted"),
        "welcome-verb": ("Prime Minister Edi Rama welcomed the Greek delegation.", "welcomed"),
        "greet-verb": ("The emir greeted the Omani sultan at the airport.", "greeted"),
        "give-audience": ("The pope gave audience to the Slovak president.", "gave audience"),
        "call-on": ("The new ambassador called on the foreign minister in Quito.", "called on"),
        "courtesy-call": ("The envoy paid a courtesy call on the governor.", "courtesy call"),
        "speak-with": ("The Samoan prime minister spoke with her Tongan counterpart.",
                       "spoke with"),
        "after-talks": ("Okafor and Lindqvist agreed on a plan after talks in Abuja.",
                        "after talks"),
        "confer-with": ("The Samoan prime minister conferred with her Tongan counterpart.",
                        "conferred with"),
        "discuss-with": ("The two presidents discussed border security.", "discussed"),
        "exchange-views": ("The two presidents exchanged views on border security.",
                           "exchanged views"),
        "invite-verb": ("The Malawian leader invited his Zambian counterpart to Lilongwe.",
                        "invited"),
        "phone-call": ("The two ministers held a phone call on energy prices.", "phone call"),
        "spoke-by-phone": ("Sandu and Dan spoke by phone on Sunday.", "spoke by phone"),
        "spoke-in-person": ("Okafor and Lindqvist spoke briefly before dinner.", "spoke briefly"),
        "spoke-on-the-sidelines": ("Okafor and Lindqvist talked on Sunday on the sidelines of "
                                   "the forum.", "talked on Sunday on the sidelines"),
        "telephoned": ("The chancellor telephoned the French president late at night.",
                       "telephoned"),
        "called-someone": ("Prime Minister Okafor called Swedish Prime Minister Lindqvist on Sunday.",
                           "called Swedish"),
        "visit-verb": ("The Ghanaian president visited Abidjan last week.", "visited"),
        "on-a-visit": ("The Malawian president is in Lusaka on a working visit.", "on a working visit"),
        "visit-noun": ("Her visit to Tirana was her first abroad.", "visit to"),
        "pay-visit": ("The Sultan paid a state visit to Singapore.", "paid a state visit"),
        "arrive-in": ("The Kenyan president arrived in Kampala on Monday.", "arrived"),
        "travel-to": ("The foreign minister travelled to Dili on Sunday.", "travelled to Dili"),
        "embark-on": ("The Slovak president embarked on a tour of the Baltic states.",
                      "embarked on"),
        "hosting-visit": ("President Dan received a delegation from Chisinau.",
                          "received a delegation"),
        "event-anaphora": ("The meeting took place behind closed doors.", "The meeting"),
    },
    CUES: {
        "neg-seek": ("The opposition sought talks with the government.", "sought"),
        "neg-cancel": ("The president cancelled the summit at short notice.", "cancelled"),
        "neg-call-off": ("Both sides called off the talks.", "called off"),
        "neg-modal": ("The prime minister would meet the envoy.", "would"),
        "neg-not": ("The two leaders did not meet in Honiara.", "not"),
        "neg-condition": ("She will travel to Riga if the weather clears.", "if"),
        "planned-will": ("The king will receive the ambassadors tomorrow.", "will"),
        "planned-verb": ("The minister is scheduled to arrive in Maseru.", "scheduled"),
        "planned-going-to": ("The president is going to visit Luanda.", "going to"),
        "planned-upcoming": ("Officials prepared for the upcoming summit.", "upcoming"),
        "neg-rule-out": ("The chancellor ruled out a meeting with the rebels.", "ruled out"),
        "neg-call-for": ("The council called for talks between the two provinces.", "called for"),
        "planned-ahead-of": ("Security was tightened ahead of the summit in Apia.", "ahead of"),
        "neg-hypothetical": ("Envoys raised the possibility of a summit in Oslo.", "possibility"),
    },
}
CASES = [(key, pattern_id, *case) for key, table in SENTENCES.items()
         for pattern_id, case in table.items()]


@pytest.mark.parametrize("key, pattern_id, sentence, words", CASES,
                         ids=[case[1] for case in CASES])
def test_pattern_matches_its_sentence(nlp, key, pattern_id, sentence, words):
    doc = nlp(sentence)
    matched = [span.text for span in doc.spans[key] if span.id_ == pattern_id]
    assert words in matched, (pattern_id, matched, [(s.id_, s.text) for s in doc.spans[key]])


@pytest.mark.parametrize("key", FILES)
def test_every_pattern_id_has_a_sentence(key):
    ids = {entry["id"] for entry in load_patterns(FILES[key])}
    assert ids - set(SENTENCES[key]) == set(), "patterns without a test sentence"
    assert set(SENTENCES[key]) - ids == set(), "test sentences for patterns that are gone"


def test_matches_carry_the_pattern_label(nlp):
    doc = nlp("Maia Sandu will meet Nicusor Dan in Bucharest.")
    assert [(s.id_, s.label_, s.text) for s in doc.spans[TRIGGERS]] == [
        ("meet-verb", "meeting", "meet")]
    assert [(s.id_, s.label_, s.text) for s in doc.spans[CUES]] == [
        ("planned-will", "planned", "will")]


# ---------------------------------------------------------------- loading errors

@pytest.fixture
def pattern_dir(tmp_path, monkeypatch):
    """A package folder of our own: `load_patterns` reads `patterns/<name>` from it."""
    (tmp_path / "patterns").mkdir()
    monkeypatch.setattr(patterns_module, "files", lambda package: tmp_path)
    return tmp_path / "patterns"


def write_lines(folder, name: str, entries: list) -> str:
    lines = [entry if isinstance(entry, str) else json.dumps(entry) for entry in entries]
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return name


GOOD = {"id": "meet-verb", "label": "meeting", "pattern": [{"LEMMA": "meet"}]}


def test_unknown_key_fails_at_load_naming_file_and_line(pattern_dir):
    misspelt = {"id": "greet", "lable": "meeting", "pattern": [{"LEMMA": "greet"}]}
    name = write_lines(pattern_dir, "unknown-key.jsonl", [GOOD, misspelt])
    with pytest.raises(ValueError) as error:
        load_patterns(name)
    assert str(error.value) == "patterns/unknown-key.jsonl:2: unknown keys ['lable']"


def test_unknown_key_fails_when_the_component_is_built(pattern_dir):
    name = write_lines(pattern_dir, "component-key.jsonl", ["", {**GOOD, "weight": 2}])
    with pytest.raises(ValueError) as error:
        RuleMatcher(spacy.blank("en"), {"spans": name})
    assert str(error.value) == "patterns/component-key.jsonl:2: unknown keys ['weight']"


@pytest.mark.parametrize("line, reason", [
    ('{"id": "x", "label": "meeting", "pattern": [', "invalid JSON"),
    ({"id": "x", "pattern": [{"LEMMA": "meet"}]}, "a pattern needs id, label and pattern"),
    (GOOD, "duplicate id 'meet-verb'"),
], ids=["invalid JSON", "missing label", "duplicate id"])
def test_other_bad_lines_fail_naming_file_and_line(pattern_dir, line, reason):
    name = write_lines(pattern_dir, "bad.jsonl", [GOOD, line])
    with pytest.raises(ValueError) as error:
        load_patterns(name)
    assert str(error.value).startswith(f"patterns/{name}:2: {reason}")



def test_a_bad_word_class_names_the_file_and_line(monkeypatch):
    """A word class whose words are no list fails naming patterns/words.json and its line."""
    import copy

    from dipevents.extract import lexicon

    data = copy.deepcopy(patterns_module.load_json("words.json"))
    data["classes"]["phone"]["words"] = "phone"
    line = next(number for number, text in enumerate(
        patterns_module.files("dipevents.extract").joinpath("patterns", "words.json")
        .read_text(encoding="utf-8").splitlines(), start=1) if text.startswith('  "phone":'))
    monkeypatch.setattr(lexicon, "load_json", lambda name: data)
    lexicon.words.cache_clear()
    try:
        with pytest.raises(ValueError, match=rf"^patterns/words.json:{line}: word class 'phone'"):
            lexicon.words("phone")
    finally:
        monkeypatch.undo()
        lexicon.words.cache_clear()
    assert "phone" in lexicon.words("phone")
