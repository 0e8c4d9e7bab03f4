"""Small readings of a dependency parse that several stages share: clauses, subtrees,
entities, prepositional objects."""
from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Span, Token

from dipevents.extract.lexicon import title_words, words

REPORTING = words("reporting")
GENERIC_PEOPLE = words("generic_people")
GATHERINGS = words("gatherings")


def clause_verb(token: Token) -> Token | None:
    """The verb of the clause a token sits in (for a noun trigger, the verb that governs it)."""
    current = token
    for _ in range(12):
        if current.head.i == current.i:
            return current if current.pos_ in ("VERB", "AUX") else None
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return None


def in_subtree(token: Token, head: Token) -> bool:
    current = token
    for _ in range(12):
        if current.i == head.i:
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def same_clause(token: Token, frame: Token | None) -> bool:
    """Whether a token belongs to the frame verb's clause (not to another verb's)."""
    clause = clause_verb(token)
    if clause is None or frame is None or clause.i == frame.i:
        return True
    if in_subtree(frame, clause):
        return True
    # a participle on the frame's subject: "X, accompanied by Y, in Riyadh on Monday, met Z"
    return clause.dep_ in ("acl", "amod") and clause.head.head.i == frame.i \
        and not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
    # a participle on a side ("received a delegation led by X in Y"), not an infinitive
    # ("discussed the summit to be held in Y")


def hangs_from(token: Token, frame: Token | None) -> bool:
    """A token in an adverbial clause hanging right off the frame: "upon landing at X"."""
    clause = clause_verb(token)
    if clause is None or frame is None:
        return False
    return clause.dep_ in ("pcomp", "advcl") and (
        clause.head.i == frame.i or clause.head.head.i == frame.i)


def pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def with_conjuncts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        for item in (token, *token.conjuncts):
            if item not in out:
                out.append(item)
    return out


def entity(token: Token) -> Span | None:
    """The entity `token` is in, read from the IOB tags around it (as `Doc.ents` builds
    it), not by listing every entity of the document: that made each call cost the
    document's length."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    first = doc[start]
    return Span(doc, start, end, label=first.ent_type, kb_id=first.ent_kb_id,
                span_id=first.ent_id)


_ENTS = "dipevents_ents"  # Doc.user_data key: the entities and their starts, listed once


def ents_in(span: Span) -> list[Span]:
    """The entities that fall completely within `span`, as `span.ents` gives them; but
    `Span.ents` lists every entity of the document at each call, so reading the sentence
    of each trigger cost the length of the whole document. Called once the pipeline has
    run (the document's entities no longer change)."""
    doc = span.doc
    cached = doc.user_data.get(_ENTS)
    if cached is None:
        ents = doc.ents
        cached = doc.user_data[_ENTS] = (ents, [ent.start for ent in ents])
    ents, starts = cached
    found = []
    for ent in ents[bisect_left(starts, span.start):]:
        if ent.end > span.end:
            break
        found.append(ent)
    return found


def is_definite(token: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "his", "her",
                                                          "their", "its")
               for c in token.children)


def has_any(span: Span, words: set[str]) -> bool:
    return any(t.lower_ in words for t in span)


def has_of(token: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)


def noun_phrase(token: Token) -> Span:
    left = token.left_edge.i
    return token.doc[left:token.i + 1]


def is_office(token: Token) -> bool:
    """An office noun: "presidents", "counterparts", "Foreign Minister"."""
    word = token.lower_
    return token.pos_ in ("NOUN", "PROPN") and (
        word in GENERIC_PEOPLE or token.lemma_ in GENERIC_PEOPLE
        or word in title_words() or word.rstrip("s") in title_words())


def gathering_clause(token: Token, frame: Token | None) -> bool:
    """A token in a relative clause on a gathering the frame's clause names: "met X at the
    summit, which took place in Arusha on June 8" (where and when the summit was)."""
    clause = clause_verb(token)
    return clause is not None and frame is not None and clause.dep_ == "relcl" \
        and (clause.head.lemma_ in GATHERINGS or clause.head.lower_ in GATHERINGS) \
        and in_subtree(clause.head, frame) \
        and not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
    # not an infinitive: "the next summit to be held in 2027" is another gathering


def time_clause(token: Token) -> tuple[Token, Token] | None:
    """The "after ...", "before ...", "since ..." clause a token sits in: its preposition
    and the verb it opens ("after | ending | his visit to Africa")."""
    current = token
    for _ in range(8):
        parent = current.head
        if parent.i == current.i:
            return None
        if parent.dep_ == "prep" and parent.lower_ in ("after", "before", "ahead", "since") \
                and current.dep_ == "pcomp":
            return parent, current
        current = parent
    return None
