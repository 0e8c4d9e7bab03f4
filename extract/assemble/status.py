"""Status: whether a trigger reports a meeting that happened, one still to happen, or none
(sought, refused, hypothetical); and whether it is an earlier one than the story's."""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from dipevents.extract.lexicon import words
from dipevents.extract.syntax import clause_verb

AHEAD = re.compile(r"\b(next|coming|upcoming|later this)\b", re.IGNORECASE)


def status_of(head: Token, cues: list[Span]) -> str | None:
    """`occurred`, `planned`, or None for a sought, refused or hypothetical meeting."""
    fronted = head.dep_ == "pobj" and head.head.lower_ in ("in", "at") \
        and head.head.head.pos_ in ("VERB", "AUX") and head.head.i < head.head.head.i
    if fronted or head.dep_ == "pobj" and head.head.lower_ in ("after", "following", "during"):
        # ("In a meeting with X on Monday, they agreed to ...": the meeting took place)
        # "agreed to X after talks": the talks are what the clause follows from; they were
        # held unless the clause itself is still to come ("will sign after talks"); what
        # happens "during" them shares its status ("plans to meet X during his visit"),
        # what happens after them need not ("agreed to resolve it after talks")
        verb = clause_verb(head)
        ahead = verb is not None and any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll")
                                         for c in verb.children)
        if verb is not None and head.head.lower_ == "during" and verb.i != head.i:
            ahead = status_of(verb, cues) == "planned"
        return "planned" if ahead else "occurred"
    if _habitual(head):
        return None
    scope: set[int] = set()
    token = head
    steps = 0
    for _ in range(12):
        if steps == 4:
            break
        if token.dep_ not in PHRASE_DEPS:
            steps += 1  # words inside one noun phrase ("visiting Kenyan President X") are
            # no step up the clause
        purpose = token.dep_ == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        if token.head.i == token.i or (
                token.dep_ in ("ccomp", "parataxis", "advcl", "relcl") and not purpose):
            break  # the status of a clause is its own: "wanted to ..., as he met X";
            # a purpose ("will travel to X to meet Y") takes its verb's
        token = token.head
        scope.add(token.i)
        scope.update(c.i for c in token.children if c.dep_ in ("aux", "auxpass", "neg"))
    for child in head.children:
        if child.dep_ in ("aux", "auxpass", "neg", "mark", "amod"):
            scope.add(child.i)
    if head.head.i != head.i:
        for child in head.head.children:
            if child.dep_ in ("aux", "auxpass", "neg") and head.dep_ in ("xcomp", "conj"):
                scope.add(child.i)
    if _conditional(head) or _hedged(head):
        return None
    status = "planned" if _still_to_come(head) else "occurred"
    for cue in cues:
        if not any(i in scope for i in range(cue.start, cue.end)):
            continue
        if cue[-1].dep_ == "prep" and cue[-1].i not in scope:
            continue  # a cue ending in a preposition governs only what that takes: "called
            # for talks", not "in his meeting with X, Y called for calm"
        if cue.label_ == "negated" and _reported_future(head, cue):
            status = "planned"
            continue
        if cue.label_ == "negated":
            return None
        status = "planned"
    return status


PHRASE_DEPS = frozenset({"amod", "compound", "nmod", "appos", "poss", "det", "nummod", "flat"})
HABITUAL = words("habitual")
LIFE_STAGES = words("life_stages")


def _habitual(head: Token) -> bool:
    """Meetings in general, no one meeting: "I met him many times", "they meet often" (at
    no time the clause gives: "met several times last month" tells of that month); or
    before office: "first met in 1990 as students"."""
    if head.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_ == "prep" and c.lower_ == "as" and any(
            g.dep_ == "pobj" and g.lemma_.lower() in LIFE_STAGES for g in c.children)
           for c in head.children):
        return True
    if any(t.ent_type_ == "DATE" and t.head.lower_ != "since" for t in head.subtree):
        return False  # ("since 2022" is a stretch of time, no one time)
    return any(c.dep_ in ("advmod", "npadvmod") and (c.lower_ in HABITUAL or any(
        g.dep_ == "amod" and f"{g.lower_} {c.lower_}" in HABITUAL for g in c.children) or (
            c.lower_ == "times" and any(g.dep_ == "nummod" for g in c.children)))
        for c in head.children)  # "a dozen times", "three times"


REPORTING = words("reporting")


def _reported_future(head: Token, cue: Span) -> bool:
    """"X would meet Y next week, officials said": "would" of the trigger verb itself in a
    clause a reporting verb governs is the "will" of reported speech, not a wish."""
    if len(cue) != 1 or cue[0].lower_ != "would" or cue[0].head.i != head.i:
        return False
    if head.pos_ != "VERB" or head.dep_ not in ("ccomp", "parataxis"):
        return False
    return head.head.lemma_ in REPORTING


def _past_perfect(head: Token) -> bool:
    """"They had met in April": an earlier meeting than the one just reported."""
    verb = head if head.pos_ in ("VERB", "AUX") else clause_verb(head)
    return verb is not None and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)


CONDITIONS = ("if", "unless", "provided", "whether")
INVERTED = ("should", "were", "had")


def _conditional(head: Token) -> bool:
    """A meeting on a condition is none yet: "will meet X if the talks succeed", "if
    necessary going to the IMF"."""
    verb = head if head.pos_ in ("VERB", "AUX") else clause_verb(head)
    words = [w for w in (head, verb) if w is not None]
    while words[-1].dep_ in ("xcomp", "conj") and len(words) < 6:
        words.append(words[-1].head)  # "if necessary going to X": the condition governs
    for word in words:
        if word.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONS
                                        for c in word.children):
            return True
        if any(c.dep_ == "advcl" and c.left_edge.lower_ in INVERTED and c.left_edge.tag_ == "MD"
               for c in word.children):
            return True  # "Should the summit take place, X will meet Y"
        for child in word.children:
            if child.dep_ in ("advcl", "acomp", "advmod", "amod", "ccomp") and any(
                    g.dep_ == "mark" and g.lower_ in CONDITIONS for g in child.children):
                return True
            if child.dep_ == "mark" and child.lower_ in CONDITIONS:
                return True
    return False


HEDGES = words("hedges")
UNDER = words("under_review")
WEIGHING = words("weighing")


def _hedged(head: Token) -> bool:
    """A meeting noun whose own predicate doubts it: "a visit by X was under
    consideration", "a summit is being considered", "talks with X are possible"."""
    if head.pos_ != "NOUN" or head.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = head.head
    if head.dep_ == "nsubjpass" and verb.lemma_ in WEIGHING:
        return True
    for child in verb.children:
        if child.dep_ == "acomp" and child.lower_ in HEDGES:
            return True
        if child.dep_ == "prep" and child.lower_ == "under" and any(
                g.lemma_ in UNDER for g in child.children):
            return True
    return False


DEPARTURES = words("departures")


def _still_to_come(head: Token) -> bool:
    """"X is to meet Y" (be + to), "when X visits Y" (a present tense after "when", "once",
    "before"): the meeting is planned."""
    verb = head if head.pos_ in ("VERB", "AUX") else clause_verb(head)
    if verb is None:
        return False
    if head.pos_ == "NOUN" and head.dep_ == "pobj" and head.head.lower_ == "for" \
            and head.head.head.i == verb.i and verb.lemma_ in DEPARTURES \
            and verb.tag_ in ("VBZ", "VBP"):
        return True  # "X leaves for Tokyo on Sunday for talks with Y": the trip is ahead
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.head.lemma_ == "be" and verb.dep_ in ("xcomp", "ccomp") and infinitive:
        return True
    holder = verb.head
    if infinitive and verb.dep_ in ("relcl", "acl") and holder.dep_ == "attr" \
            and holder.head.lemma_ == "be" and holder.head.tag_ in ("VBZ", "VBP"):
        return True  # "He is the first official to visit Japan since ...": he will
    return verb.dep_ == "advcl" and verb.tag_ in ("VBZ", "VBP") and any(
        c.dep_ in ("mark", "advmod") and c.lower_ in ("when", "once", "before", "whenever")
        for c in verb.children)
