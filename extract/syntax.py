"""Small readings of a dependency parse that several stages share: clauses, subtrees,
entities, prepositional objects."""
from __future__ import annotations

from spacy.tokens import Span, Token

from dipevents.extract.lexicon import words

REPORTING = words("reporting")


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
    return clause.dep_ in ("acl", "amod") and clause.head.head.i == frame.i


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
    if not token.ent_type_:
        return None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


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
