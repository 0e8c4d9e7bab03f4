"""The rules have one owner: the `dipevents_rules` component loads them as typed rules from
its config, and the word test, the trigger gate and assembly take them from it. The
components declare what they read and set, so spaCy checks their order."""
from __future__ import annotations

import json

import pytest
import spacy

from dipevents.extract import patterns as patterns_module
from dipevents.extract.components import CUES, TRIGGERS, rules_of
from dipevents.extract.patterns import CueRule, TriggerRule, load_patterns, load_rules
from dipevents.extract.pipeline import load_nlp, run
from dipevents.extract.prefilter import Prefilter, Route, TriggerGate
from dipevents.models import Document

# A trigger word no packaged pattern has: only a pattern added through config finds it.
PARLEY = {"id": "parley-with", "label": "meeting", "cameo": "046",
          "pattern": [{"LOWER": {"IN": ["parley", "parleys", "parleyed"]}}, {"LOWER": "with"}]}
TEXT = ("Kenyan President Daniel Otieno parleyed with Ugandan President Yoweri Kato in "
        "Nairobi on Monday.")


def test_trigger_lines_become_typed_rules():
    rules = {rule.id: rule for rule in load_rules("triggers.jsonl", TriggerRule)}
    assert len(rules) == len(load_patterns("triggers.jsonl"))
    receive = rules["receive-verb"]
    assert isinstance(receive, TriggerRule)
    assert (receive.label, receive.cameo, receive.host, receive.weak) == ("meeting", "043", True, False)
    assert rules["discuss-with"].weak and rules["discuss-with"].topic_object
    assert rules["on-a-visit"].head == "last"
    assert all(isinstance(rule, CueRule) for rule in load_rules("cues.jsonl", CueRule))


def test_the_component_owns_the_rules(nlp):
    component = nlp.get_pipe("dipevents_rules")
    assert component.triggers is load_rules("triggers.jsonl", TriggerRule)
    assert component.cues is load_rules("cues.jsonl", CueRule)
    assert rules_of(nlp) is component.triggers
    assert TriggerGate.of(nlp).matcher is not None
    assert len(TriggerGate.of(nlp).matcher) == len(component.triggers)


@pytest.fixture
def pattern_dir(tmp_path, monkeypatch):
    (tmp_path / "patterns").mkdir()
    monkeypatch.setattr(patterns_module, "files", lambda package: tmp_path)
    return tmp_path / "patterns"


def test_a_cue_with_a_trigger_field_fails_naming_file_and_line(pattern_dir):
    good = {"id": "will", "label": "planned", "pattern": [{"LOWER": "will"}]}
    (pattern_dir / "cues-host.jsonl").write_text(
        json.dumps(good) + "\n" + json.dumps({**good, "id": "shall", "host": True}) + "\n")
    with pytest.raises(ValueError) as error:
        load_rules("cues-host.jsonl", CueRule)
    assert str(error.value) == "patterns/cues-host.jsonl:2: unknown keys ['host']"


def test_a_trigger_with_an_unknown_label_fails_naming_file_and_line(pattern_dir):
    (pattern_dir / "label.jsonl").write_text(json.dumps({**PARLEY, "label": "meting"}) + "\n")
    with pytest.raises(ValueError) as error:
        load_rules("label.jsonl", TriggerRule)
    assert str(error.value).startswith("patterns/label.jsonl:1: label 'meting' is none of")


@pytest.fixture(scope="module")
def parley_nlp(tmp_path_factory):
    """A pipeline of its own whose rule component reads the packaged triggers and one more,
    from a file named in the component's config."""
    path = tmp_path_factory.mktemp("rules") / "triggers-and-parley.jsonl"
    packaged = "".join(json.dumps(entry) + "\n" for entry in load_patterns("triggers.jsonl"))
    path.write_text(packaged + json.dumps(PARLEY) + "\n", encoding="utf-8")
    nlp = load_nlp.__wrapped__()  # not the shared, cached pipeline
    nlp.replace_pipe("dipevents_rules", "dipevents_rules",
                     config={"files": {TRIGGERS: str(path), CUES: "cues.jsonl"}})
    return nlp


def test_a_pattern_added_through_config_reaches_every_stage(nlp, parley_nlp):
    assert "parley-with" in [rule.id for rule in rules_of(parley_nlp)]
    # the word test
    assert Prefilter.of(parley_nlp).passing(TEXT) == ["parley-with"]
    assert not Prefilter.of(nlp)(TEXT)
    # the trigger gate
    gate = TriggerGate.of(parley_nlp)
    [early] = gate.early_stage([TEXT], batch_size=1)
    assert gate.triggers(early) == ["parley-with"]
    assert gate.parse([(TEXT, Route.GATE)], batch_size=1)[0] is not None
    # assembly, through the whole chain
    [event] = run([Document(path="parley.txt", text=TEXT, doc_date="2025-04-18")],
                  nlp=parley_nlp, merge=False)
    assert (event.type, event.cameo, event.place.name, event.date.value) == (
        "meeting", "046", "Nairobi", "2025-04-14")
    assert sorted(p.name for p in event.parties()) == ["Daniel Otieno", "Yoweri Kato"]
    # the shared pipeline knows nothing of it
    assert list(run([Document(path="parley.txt", text=TEXT, doc_date="2025-04-18")],
                    nlp=nlp, merge=False)) == []


def test_analyze_pipes_finds_no_problem_in_the_pipeline(nlp):
    analysis = nlp.analyze_pipes()
    assert all(not missing for missing in analysis["problems"].values()), analysis["problems"]
    meta = {name: nlp.get_pipe_meta(name) for name in nlp.pipe_names}
    assert meta["dipevents_rules"].assigns == ["doc.spans"]
    assert "token.lemma" in meta["dipevents_rules"].requires
    assert meta["dipevents_names"].assigns[0] == "doc.ents"


def test_analyze_pipes_reports_the_rules_before_what_they_read():
    blank = spacy.blank("en")
    blank.add_pipe("dipevents_rules")
    problems = blank.analyze_pipes()["problems"]
    assert set(problems["dipevents_rules"]) == {"token.lemma", "token.tag", "token.dep"}
