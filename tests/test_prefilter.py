"""The prefilter: exact (it never turns away a text a trigger pattern matches), derived
from the pattern file, and cheap enough that the documents it skips cost no spaCy time."""
from __future__ import annotations

import json

import pytest

from dipevents.extract.components import TRIGGERS
from dipevents.extract.parallel import Ready, extract_parallel, in_order
from dipevents.extract.patterns import load_json, load_patterns
from dipevents.extract.pipeline import extract_serial
from dipevents.extract.prefilter import (
    Prefilter,
    Route,
    TaggedPatterns,
    TriggerGate,
    inflections_of,
    regular_forms,
    required_words,
)
from dipevents.extract.prefilter.tokens import initial_class
from dipevents.models import Document

# Irregular forms and the common shapes of a meeting report: each must pass.
MEETING_SENTENCES = [
    "The two foreign ministers met in Geneva on Tuesday.",
    "Officials held talks with their Indian counterparts.",
    "The president spoke with the chancellor by telephone.",
    "The envoy has met the rebels twice; he hasn't met the army.",
    "MINISTERS MEET IN RIGA",
    "She is meeting the premier tomorrow.",
    "The leaders began talks on trade.",
    "The king received the ambassador at the palace.",
    "Beijing hosted a summit of regional leaders.",
    "The prime minister visited Jakarta last week.",
    "His visit to Ankara was the first in a decade.",
    "The delegation arrived in Hanoi on Sunday.",
    "The foreign minister called on the emir.",
    "They negotiated with the union for months.",
]
# No trigger word in any form.
NO_MEETING = [
    "Arsenal beat Chelsea 2-1 at the Emirates. Saka scored twice after the break and the "
    "home side climbed three points clear at the top of the table.",
    "Shares of Acme rose 3 pct after the company reported higher quarterly profit and "
    "raised its dividend.",
    "",
]
# Around the edges of what the tokenizer makes of a text.
EDGES = [
    "They called  on the minister.",  # two spaces: a space token between, no call-on
    "They called\non the minister.",
    "He called on the minister.",
    "The PM's visit-to-Oslo plan.",
    "The ministers' talks\nwith Iran ended.",
    "Tete-a-tete with the Pope.",
    "They're gonna visit Kyiv.",
    "It is a courtesy call.",
    "He hadn't met her; they haven't held talks with anyone.",
    "Met with officials.",
    "METWITH",
    "The Talks With Tehran",
]


@pytest.fixture(scope="module")
def check() -> Prefilter:
    return Prefilter()


@pytest.mark.parametrize("text", MEETING_SENTENCES)
def test_meeting_reports_pass(check, text):
    assert check(text), check.passing(text)


@pytest.mark.parametrize("text", NO_MEETING)
def test_texts_without_trigger_words_are_skipped(check, text):
    assert not check(text), check.passing(text)


@pytest.mark.parametrize("entry", load_patterns("triggers.jsonl"), ids=lambda e: e["id"])
def test_every_pattern_passes_its_own_words(check, entry):
    """A text made of the first word of each required token, in order, passes: the
    prefilter asks for nothing a pattern does not."""
    required = required_words(entry["pattern"])
    assert any(required), f"{entry['id']} names no word: the prefilter would pass every text"
    words = [sorted(found[0][0])[0] if found else "Name" if initial_class(token) else None
             for token, found in zip(entry["pattern"], required)]
    text = "The " + " ".join(word for word in words if word) + " ended."
    assert entry["id"] in check.passing(text), text


@pytest.mark.parametrize("lemma, forms", sorted(load_json("inflections.json")["forms"].items()))
def test_irregular_forms_stand_for_their_lemma(lemma, forms):
    pattern = [{"id": "p", "label": "meeting", "pattern": [{"LEMMA": lemma}]}]
    fresh = Prefilter(pattern)
    for form in forms:
        assert fresh(f"Yesterday {form} something."), form


def test_a_new_pattern_brings_its_words():
    text = "The envoys parleyed for three hours in Oslo."
    assert not Prefilter()(text)
    patterns = [*load_patterns("triggers.jsonl"),
                {"id": "parley", "label": "meeting", "pattern": [{"LEMMA": "parley", "POS": "VERB"}]}]
    fresh = Prefilter(patterns)
    assert fresh(text)
    assert fresh.passing(text) == ["parley"]


def test_both_words_of_a_two_word_pattern_are_needed_next_to_each_other():
    fresh = Prefilter([{"id": "call-on", "label": "meeting", "pattern": [
        {"LEMMA": "call", "POS": "VERB"}, {"LOWER": {"IN": ["on", "in"]}}]}])
    assert fresh("The minister called on the emir.")
    assert fresh("They call in experts.")
    assert not fresh("He called his office and then went on holiday.")
    assert not fresh("The call came late.")


def test_optional_tokens_ask_for_nothing():
    fresh = Prefilter([{"id": "p", "label": "meeting", "pattern": [
        {"LOWER": "state", "OP": "?"}, {"LOWER": "visit"}, {"LOWER": "to", "OP": "*"}]}])
    assert fresh("a visit")
    assert not fresh("a state trip to Rome")


def test_a_capital_after_the_chain_is_asked_for_in_the_text_as_written():
    fresh = Prefilter([{"id": "p", "label": "visit", "pattern": [
        {"LEMMA": "fly"}, {"LOWER": "to"}, {"LOWER": "the", "OP": "?"},
        {"TEXT": {"REGEX": "^[A-Z]"}, "POS": "PROPN"}]}])
    assert fresh("The envoy flew to Lima.")
    assert fresh("The envoy flew to the Hague.")
    assert fresh("THE ENVOY FLEW TO LIMA.")
    assert not fresh("Prices flew to record highs.")
    assert not fresh("The envoy flew to the capital.")


PARAGRAPHS = ("Shares rose on Monday.\n\n"
              "The foreign minister met his Peruvian counterpart in Lima.\n\n"
              "Oil prices fell.\n    Gold was flat.")


def test_the_text_is_cut_after_the_last_paragraph_that_can_hold_a_trigger(check):
    end = check.reach(PARAGRAPHS)
    assert PARAGRAPHS[:end].endswith("counterpart in Lima.")
    later = PARAGRAPHS.replace("Gold was flat", "They met again")
    assert check.reach(later) == len(later)
    assert check.reach("Oil prices fell.\n\nGold was flat.") == 0


def test_words_of_one_pattern_in_different_paragraphs_hold_no_trigger():
    fresh = Prefilter([{"id": "call-on", "label": "meeting", "pattern": [
        {"LEMMA": "call", "POS": "VERB"}, {"LOWER": "on"}]}])
    assert fresh.reach("They called\non the emir.") > 0  # one paragraph, a wrapped line
    assert fresh.reach("They called.\n\nOn Monday it rained.") == 0


def test_a_pattern_a_line_break_can_fill_is_not_cut_after():
    fresh = Prefilter([{"id": "p", "label": "meeting", "pattern": [
        {"LEMMA": "meet"}, {"OP": "*"}, {"LOWER": "envoy"}]}])
    assert fresh.crossing == ["p"]
    text = "They met.\n\nThe envoy left.\n\nRain."
    assert fresh.reach(text) == len(text)
    assert Prefilter().crossing == []


def test_a_pattern_without_words_lets_everything_through():
    fresh = Prefilter([{"id": "any-verb", "label": "meeting", "pattern": [{"POS": "VERB"}]}])
    assert fresh.unanchored == ["any-verb"]
    assert fresh("Arsenal beat Chelsea.")


def test_regular_forms_undo_the_suffix_rules():
    rules = [("s", ""), ("ies", "y"), ("ed", "e"), ("ing", "e"), ("ed", ""), ("men", "man")]
    assert regular_forms("fly", rules) >= {"flys", "flies", "flyed"}
    assert regular_forms("receive", rules) >= {"receives", "received", "receiving"}
    assert "chairmen" in regular_forms("chairman", rules)


# ---------------------------------------------------------------- against the pipeline

def test_inflections_file_matches_the_pipeline(nlp):
    """inflections.json holds every rule and irregular form the pipeline's lemmatizer,
    attribute ruler and tokenizer imply for the trigger words; refresh it with
    `python bench/inflections.py` when this fails."""
    want = inflections_of(nlp, load_patterns("triggers.jsonl"))
    have = load_json("inflections.json")
    assert {tuple(r) for r in want["suffix_rules"]} <= {tuple(r) for r in have["suffix_rules"]}
    missing = {word: sorted(set(forms) - set(have["forms"].get(word, [])))
               for word, forms in want["forms"].items()}
    missing = {word: forms for word, forms in missing.items() if forms}
    assert not missing, (f"run `python bench/inflections.py`: patterns/inflections.json lacks "
                         f"the forms {json.dumps(missing)}")


# The edges in which a trigger pattern matches; in the others none does.
MATCHED_EDGES = {
    "He called on the minister.",
    "They're gonna visit Kyiv.",
    "It is a courtesy call.",
    "He hadn't met her; they haven't held talks with anyone.",
    "The Talks With Tehran",
}


@pytest.mark.parametrize("text", MEETING_SENTENCES + EDGES)
def test_never_skips_a_text_a_trigger_matches(nlp, check, text):
    """Every text here in which a trigger matches passes; which ones match is stated, so
    the test cannot pass by matching nothing."""
    triggers = nlp(text).spans[TRIGGERS]
    assert bool(triggers) == (text in MEETING_SENTENCES or text in MATCHED_EDGES), \
        [span.id_ for span in triggers]
    assert check(text) or not triggers, [span.id_ for span in triggers]


def test_the_gate_gives_the_same_docs_as_the_whole_pipeline(nlp):
    texts = MEETING_SENTENCES + NO_MEETING + EDGES
    gate = TriggerGate.of(nlp)
    assert gate.matcher is not None
    staged = gate.parse([(text, Route.PARSE) for text in texts], batch_size=8)
    gated = gate.parse([(text, Route.GATE) for text in texts], batch_size=8)
    for text, full, whole, cut in zip(texts, nlp.pipe(texts), staged, gated):
        assert full.to_json() == whole.to_json(), text
        if full.spans[TRIGGERS]:
            assert cut is not None and cut.to_json() == full.to_json(), text
        else:  # the gate may let through more than the patterns match, never less
            assert cut is None or cut.to_json() == full.to_json(), text


# Trigger words in shapes no pattern takes: the loosened patterns turn them away too.
NOT_TRIGGERS = [
    "The annual meeting of shareholders is in May.",
    "Prices went to record highs on Monday.",
    "The stock exchange opened late.",
    "Both teams came to the final without injuries.",
]


def test_the_gate_turns_away_trigger_words_in_other_shapes(nlp):
    gate = TriggerGate.of(nlp)
    assert [name for name, _ in gate.early] == ["tok2vec", "tagger", "dipevents_newlines"]
    assert all(not nlp(text).spans[TRIGGERS] for text in NOT_TRIGGERS)
    assert gate.parse([(text, Route.GATE) for text in NOT_TRIGGERS], batch_size=8) == [
        None] * len(NOT_TRIGGERS)


def test_loosened_patterns_match_wherever_the_patterns_do(nlp):
    """After the tagger alone, each loosened pattern matches (at least) where the pattern
    matches after the whole pipeline."""
    from spacy.matcher import Matcher

    entries = load_patterns("triggers.jsonl")
    tagged = TaggedPatterns.of(nlp, entries)
    assert tagged is not None
    loose = Matcher(nlp.vocab)
    for entry in entries:
        loose.add(entry["id"], [tagged.pattern(entry)])
    texts = MEETING_SENTENCES + EDGES + NOT_TRIGGERS + [ARTICLE]
    gate = TriggerGate.of(nlp)
    for text, full, early in zip(texts, nlp.pipe(texts), gate.early_stage(texts, 8)):
        found = {(nlp.vocab.strings[key], start) for key, start, _ in loose(early)}
        want = {(span.id_, span.start) for span in full.spans[TRIGGERS]}
        assert want <= found, text


def test_a_part_of_speech_becomes_the_tags_that_give_it(nlp):
    tagged = TaggedPatterns.of(nlp, load_patterns("triggers.jsonl"))
    token = tagged.token({"LEMMA": "receive", "POS": "VERB"})
    assert {"received", "receives", "receiving", "receive"} <= set(token["LOWER"]["IN"])
    assert {"VB", "VBD", "VBG", "VBN", "VBZ"} <= set(token["TAG"]["IN"])
    assert "NN" not in token["TAG"]["IN"]
    # a rule that reads the parse and no tag ("aux" makes any token AUX): every tag
    assert "TAG" not in tagged.token({"LOWER": "meet", "POS": "AUX"})


def test_a_pattern_that_reads_the_parse_keeps_the_gate_after_the_parser(nlp):
    reads_dep = [{"id": "p", "label": "meeting", "pattern": [{"LEMMA": "meet", "DEP": "ROOT"}]}]
    assert TaggedPatterns.of(nlp, reads_dep) is None
    gate = TriggerGate(nlp, reads_dep)
    assert [name for name, _ in gate.late][0] == "ner"
    [doc] = gate.parse([("The envoys met in Oslo.", Route.GATE)], batch_size=8)
    assert doc is not None and doc[2].dep_ == "ROOT"


def test_the_gate_reads_the_trigger_file_of_the_rules_component(nlp):
    files = nlp.get_pipe_config("dipevents_rules")["files"]
    assert files[TRIGGERS] == "triggers.jsonl"
    assert len(TriggerGate.of(nlp).matcher) == len(load_patterns("triggers.jsonl"))


# ---------------------------------------------------------------- batches in input order

class Later:
    """A batch result that is not ready until asked for twice."""

    def __init__(self, value):
        self.value, self.asked = value, 0

    def ready(self):
        self.asked += 1
        return self.asked > 1

    def get(self):
        return self.value


@pytest.mark.parametrize("handle", [Ready, Later])
@pytest.mark.parametrize("batch_size", [1, 2, 5])
def test_results_come_back_in_input_order(handle, batch_size):
    routes = [Route.SKIP, Route.GATE, Route.GATE, Route.SKIP, Route.SKIP, Route.GATE,
              Route.PARSE, Route.SKIP]
    pairs = [(Document(path=f"d{i}", text=str(i)), route) for i, route in enumerate(routes)]
    sent = []

    def submit(batch):
        assert all(route is not Route.SKIP for _, route in batch)  # skipped: never sent
        assert len(batch) <= batch_size
        sent.extend(doc.path for doc, _ in batch)
        return handle([[doc.path] for doc, _ in batch])

    out = list(in_order(iter(pairs), batch_size, submit, in_flight=1))
    assert out == [[] if r is Route.SKIP else [f"d{i}"] for i, r in enumerate(routes)]
    assert sent == [f"d{i}" for i, r in enumerate(routes) if r is not Route.SKIP]


def test_two_processes_give_what_one_gives(nlp):
    texts = [*NO_MEETING, *MEETING_SENTENCES[:3], *EDGES,
             "Zambian President Mwila Banda met Botswana President Kagiso Molefe in Lusaka.",
             *NO_MEETING, "Norwegian Prime Minister Ingrid Aasen visited Copenhagen on Friday."]
    check = Prefilter()
    pairs = [(Document(path=f"d{i}.txt", text=text), Route.GATE if check(text) else Route.SKIP)
             for i, text in enumerate(texts)]
    one = [[e.to_json() for e in events] for events in extract_serial(iter(pairs), nlp, 4)]
    two = [[e.to_json() for e in events]
           for events in extract_parallel(iter(pairs), nlp, jobs=2, batch_size=4)]
    assert one == two
    assert any(one)


def test_a_batch_ends_at_its_character_budget():
    pairs = [(Document(path=f"d{i}", text="x" * size), Route.GATE)
             for i, size in enumerate([5, 5, 20, 1, 1, 1])]
    batches = []

    def submit(batch):
        batches.append([doc.path for doc, _ in batch])
        return Ready([[] for _ in batch])

    assert len(list(in_order(iter(pairs), 64, submit, batch_chars=10))) == 6
    assert batches == [["d0", "d1"], ["d2"], ["d3", "d4", "d5"]]


ARTICLE = ("Brazilian Foreign Minister Mauro Vieira arrived in Quito on Sunday.\n\n"
           "Markets in Lima were closed for a holiday.\n\n"
           "Vieira met Ecuadorean President Guillermo Lasso on Monday, the ministry said.\n\n"
           "Copper prices rose 2 percent in London. Traders said they were going to wait.\n\n"
           "The sol weakened against the dollar.")


def test_the_gate_cuts_after_the_last_paragraph_with_a_match(nlp):
    gate = TriggerGate.of(nlp)
    [cut] = gate.parse([(ARTICLE, Route.GATE)], batch_size=8)
    assert cut.text == ARTICLE[:ARTICLE.index(" the ministry said.") + len(" the ministry said.")]
    [whole] = gate.parse([(ARTICLE, Route.PARSE)], batch_size=8)
    assert whole.text == ARTICLE
    kept = [(t.text, t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in cut]
    assert kept == [(t.text, t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_)
                    for t in whole[:len(cut)]]


def test_cutting_the_text_loses_no_event(nlp):
    from dipevents.extract.pipeline import run

    def events(prefilter: bool):
        doc = Document(path="a.txt", text=ARTICLE, doc_date="2023-05-09")
        return list(run([doc], nlp, merge=False, prefilter=prefilter))

    cut = events(prefilter=True)
    assert [e.to_json() for e in cut] == [e.to_json() for e in events(prefilter=False)]
    # "Vieira" is the full name of the first paragraph; the last two are not parsed
    assert [(e.type, sorted(p.name for p in e.parties())) for e in cut] == [
        ("meeting", ["Guillermo Lasso", "Mauro Vieira"])]
