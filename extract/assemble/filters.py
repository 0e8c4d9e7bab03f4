"""The verdict: a candidate (a trigger read into sides, parties and place) is an event unless
a named filter turns it away; the filter's name is what `eval --explain` prints.

`FILTERS` lists them in order; `bench/mutations.py` switches each off here by name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span, Token

from dipevents.extract.assemble.frame import SUBJECT_DEPS, TALK_NOUNS
from dipevents.extract.lexicon import words
from dipevents.extract.officials import INTERNATIONAL
from dipevents.extract.syntax import pobjs, with_conjuncts
from dipevents.models import Party, Place

SPORT_WORDS = words("sport")
SPORT_STORY_WORDS = words("sport_story")
SPORT_STORY = 3  # words only sport uses, in the whole story
OUTSIDE_GOVERNMENT = words("titles_outside_government")
STATE_TALKS = words("talks_between_states")
BUSINESS_WORDS = words("business")
COMMERCIAL_SIDES = words("commercial_sides")
THINGS_RECEIVED = words("things_received")
PRIVATE_WORDS = words("private_life")
STATE_OFFICES = words("state_offices")
COMPANY_TITLES = words("company_titles")
STATE_HEADS = words("single_holder_titles")
HEADS = words("heads_of_state")


@dataclass
class Candidate:
    """A trigger read into sides, parties and place, before the verdict."""

    kind: str
    entry: dict
    span: Span
    head: Token
    who: list[Party]
    whom: list[Party]
    place: Place | None
    visit_of: bool
    # identities of the parties the text puts in a body that is no state's: a company, or
    # an office in a union, federation or chamber of commerce (`DocContext.in_private_office`)
    private: frozenset[str] = frozenset()

    @property
    def parties(self) -> list[Party]:
        return self.who + self.whom

    @property
    def talks(self) -> bool:
        return self.kind in ("meeting", "call")


@dataclass
class Dropped:
    """A candidate turned away, and the name of the filter that did it (`eval --explain`)."""

    reason: str
    span: Span
    parties: list[Party] = field(default_factory=list)



def _needs_two_parties(c: Candidate) -> bool:
    """A meeting or call has two sides, one of them a person or delegation, or two states
    holding talks ("Ghana and Kenya held consultations")."""
    return not c.talks or (len(c.parties) >= 2 and (
        any(p.kind in ("person", "delegation") for p in c.parties)
        or any(t.lower_ in STATE_TALKS for t in c.head.subtree)))


def _needs_an_acting_side(c: Candidate) -> bool:
    """"... for talks with X and Y" with nobody acting is no meeting of X and Y."""
    return not c.talks or bool(c.who)


def _object_is_a_party(c: Candidate) -> bool:
    """"X and Y met supporters": an object that names nobody; they did not meet each other."""
    return not c.talks or bool(c.whom) or c.entry.get("weak") or not _unresolved_object(c.head)


def _hosts_someone(c: Candidate) -> bool:
    """"received spiritual support from X", "welcomed the words of Y", "received an award":
    a host verb whose object is a thing hosts nobody."""
    return not c.entry.get("host") or not any(
        child.dep_ == "dobj" and child.pos_ == "NOUN" and child.lemma_ in THINGS_RECEIVED
        for child in c.head.children)


def _weak_needs_two_names(c: Candidate) -> bool:
    """A weak trigger ("discussed", "invited") counts only between two named parties."""
    return not c.entry.get("weak") or sum(1 for p in c.parties if p.name) >= 2


def _needs_office_or_state(c: Candidate) -> bool:
    """Some side acts for a state or an organisation: a country, organisation or
    delegation, a person with a country, or one holding an office of government (a film's
    director or a lobby's chairman does not); for a visit, the visitor."""
    if not (c.talks or c.kind == "visit"):
        return True
    return any(p.kind != "person" or p.country or (
        p.title and p.title.lower() not in OUTSIDE_GOVERNMENT)
        for p in (c.parties if c.talks else c.who))


def _no_private_side(c: Candidate) -> bool:
    """A side made only of companies ("Alpha Textile Inc") or of people whose office the
    text puts in a union, a federation or a chamber of commerce ("X, secretary general of
    the Gondorian Labour Organization", "the miners federation leader Y") speaks for no
    state: a minister's talks with union leaders or an envoy's with an industry federation's
    chairman are no diplomacy; for a visit, the visitor."""
    if not (c.talks or c.kind == "visit"):
        return True
    sides = (c.who, c.whom) if c.talks else (c.who,)
    return not any(side and all(p.identity() in c.private for p in side) for side in sides)


def _two_states(c: Candidate) -> bool:
    """Everyone from one state is domestic politics, not a diplomatic meeting: all parties
    of one country, or every other-side party of the same country as someone acting."""
    countries = {p.country for p in c.parties}
    if c.talks and len(countries) == 1 and None not in countries \
            and all(p.kind in ("person", "country") for p in c.parties):
        return False  # also a person with his own state: "X came home to brief Turkey"
    acting = {p.country for p in c.who if p.country and p.kind == "person"}
    others = [p for p in c.whom if p.kind in ("person", "country")]
    if c.talks and not c.whom and len(acting) == 1 and all(
            p.kind == "person" and (p.country or _colleague(p)) for p in c.who):
        return False  # "Finance Minister X (FRA), Industry Minister Y and Telecommunications
        # Minister Z met": ministers of one state with no other state written
    return not (c.talks and others and acting and all(p.country in acting for p in others))


def _colleague(p: Party) -> bool:
    """A titled person of no state written, beside people of one state: their colleague,
    unless a head of state or government (of a state the text may not name: "President
    X and Japanese Prime Minister Y held a summit") or an international official."""
    return bool(p.title) and p.title not in STATE_HEADS and p.title not in HEADS \
        and p.title not in INTERNATIONAL


def _visit_abroad(c: Candidate) -> bool:
    """A visit within the visitor's own country is a domestic trip."""
    if c.kind != "visit" or c.place is None or not c.place.country:
        return True
    home = {p.country for p in c.who if p.kind == "person" and p.country}
    return not home or c.place.country not in home


def _visit_needs_place_and_person(c: Candidate) -> bool:
    """A visit is a named person, an organisation's team or a state's delegation going
    somewhere the text names."""
    return c.kind != "visit" or (c.place is not None and any(
        (p.name and p.kind in ("person", "organization")) or p.kind == "delegation"
        for p in c.who))


def _not_a_demand(c: Candidate) -> bool:
    """"called on the government to resign" is a demand, not a visit; "invited X to visit
    Y" is an invitation, not a meeting (rules with `demand`)."""
    return not c.entry.get("demand") or not _urges(c.head)


def _visitor_is_the_subject(c: Candidate) -> bool:
    """"X received Y upon landing": who landed is not X."""
    return not (c.kind == "visit" and not c.visit_of and c.head.dep_ in ("pcomp", "advcl")
                and not any(ch.dep_ in SUBJECT_DEPS for ch in c.head.children))


def _not_a_count(c: Candidate) -> bool:
    """"X held 11 meetings", "had six bilaterals": a tally of meetings with people the
    sentence does not name, unless a "with" phrase names them; whoever word order finds
    after it is no counterpart ("The two presidents held two calls" is theirs)."""
    noun = c.span[-1]
    counted = any(ch.dep_ == "nummod" for ch in noun.children)
    named = any(ch.dep_ == "prep" and ch.lower_ in ("with", "between") for ch in noun.children)
    return not (c.talks and counted and not named and c.whom)


def _sentence_words(c: Candidate) -> set[str]:
    sent = c.head.sent
    words = {t.lower_ for t in sent}
    words.update(f"{a.lower_} {b.lower_}" for a, b in zip(sent, sent[1:]))
    return words


def _holds_state_office(c: Candidate, companies_have: frozenset = frozenset()) -> bool:
    """Some party holds an office of state; among company words, not one that companies
    and exchanges have too ("president", "chairman")."""
    return any(p.title and _of_state(p.title, companies_have) for p in c.parties)


def _of_state(title: str, companies_have: frozenset = frozenset()) -> bool:
    title = title.lower()
    if title in companies_have:
        return False
    return title in STATE_OFFICES or any(word in STATE_OFFICES for word in title.split())


def _not_sport(c: Candidate) -> bool:
    """"Spain host Italy in the final", "the top seed meets X": fixtures, not diplomacy; in
    a sports story, any sentence ("Gill phoned Dein three times to complain")."""
    return not (_sentence_words(c) & SPORT_WORDS or _sports_story(c.head.doc)) \
        or _holds_state_office(c)


def _sports_story(doc) -> bool:
    """Whether the story uses words or phrases only sport uses at least SPORT_STORY times
    ("straight sets", "fly-half": read in the text, so hyphens and phrases count)."""
    if "dipevents_sport" not in doc.user_data:
        doc.user_data["dipevents_sport"] = sum(
            1 for _ in _phrases(SPORT_STORY_WORDS).finditer(doc.text)) >= SPORT_STORY
    return doc.user_data["dipevents_sport"]


@lru_cache(maxsize=8)
def _phrases(found: frozenset[str]) -> re.Pattern:
    """One pattern for a word class of words and phrases, whole words only: a phrase
    written with capitals matches only as written ("Six Nations", not "six nations
    agreed"), the others in any case; an empty class matches nothing."""
    def alternative(phrase: str) -> str:
        body = re.escape(phrase).replace(r"\ ", r"\s+")
        return body if phrase != phrase.lower() else f"(?i:{body})"
    if not found:
        return re.compile(r"(?!)")
    return re.compile(r"(?<![\w-])(?:" + "|".join(
        alternative(p) for p in sorted(found, key=len, reverse=True)) + r")(?![\w-])")


def _not_business(c: Candidate) -> bool:
    """Executives' talks, a company's negotiations: commerce, unless each side is a state,
    an organisation or someone who speaks for a state ("Toyota's president met Premier X"
    is commerce). Talks with banks or creditors as a side are
    commerce whoever sits on the other ("talks between banks and Mexico, Chile and
    Venezuela", "creditor banks' negotiations with the finance minister")."""
    if any(t.lower_ in COMMERCIAL_SIDES for t in _side_heads(c.head)) \
            and not any(p.kind == "organization" for p in c.parties):
        return False  # but "talks with creditor banks and the IMF" are with the IMF too
    if not (_sentence_words(c) & BUSINESS_WORDS):
        return True
    return all(any(_speaks_for_a_state(p) for p in side) for side in (c.who, c.whom) if side)


def _speaks_for_a_state(p) -> bool:
    """A state, an organisation or a state's delegation; a person of a state with a title;
    a person holding an office companies do not have ("Toyota president X" is none), or
    a state's head or other one-person office ("Kenyan President X")."""
    if p.kind != "person":
        return True
    if not p.title:
        return False
    if p.country and (p.title.lower() not in COMPANY_TITLES or p.title in STATE_HEADS):
        return True  # "Kenyan President X"; not "the chairman of General Motors, X"
    return _of_state(p.title, COMPANY_TITLES)


def _side_heads(head: Token) -> list[Token]:
    """The head words of the trigger's sides as written: its subjects and the objects of
    its "with", "between" and "among" (and of its verb's, for a noun trigger)."""
    frames = [head] + ([head.head] if head.pos_ == "NOUN" and head.head.i != head.i else [])
    found = []
    for frame in frames:
        for child in frame.children:
            if child.dep_ in SUBJECT_DEPS or child.dep_ == "poss":
                found.append(child)
            elif child.dep_ == "prep" and child.lower_ in ("with", "between", "among"):
                found.extend(pobjs(child))
    return with_conjuncts(found)


def _not_private_life(c: Candidate) -> bool:
    """"the university where he met his future wife"; not a state visit on which spouses
    come along (each side holding an office of a different state)."""
    if not _sentence_words(c) & PRIVATE_WORDS:
        return True
    acting = {p.country for p in c.who if p.country and p.title and _of_state(p.title)}
    other = {p.country for p in c.whom if p.country and p.title and _of_state(p.title)}
    return bool(acting and other and not acting & other)


def _not_naming(c: Candidate) -> bool:
    """"called X a friend", "called Y's decision wise": a name given, no phone call (the
    parse may call the person an "oprd" too: only a second, non-person complement names)."""
    head = c.head
    if c.span.id_ == "called-someone" and (head.dep_ in ("amod", "acl") or (
            head.i >= 2 and head.doc[head.i - 1].text == "-" and head.doc[head.i - 2].lower_ == "so")):
        return False  # "the so-called X provision", "a group called X": a name
    return c.span.id_ != "called-someone" or not any(
        child.dep_ in ("oprd", "xcomp", "ccomp", "dobj") and child.pos_ in ("NOUN", "ADJ")
        and child.ent_type_ != "PERSON" for child in head.children)


# The verdict: each filter, in order, by the name `eval --explain` prints.
FILTERS = (
    ("needs-two-parties", _needs_two_parties),
    ("naming-not-a-call", _not_naming),
    ("counted-meetings", _not_a_count),
    ("needs-an-acting-side", _needs_an_acting_side),
    ("object-is-no-party", _object_is_a_party),
    ("host-object-is-a-thing", _hosts_someone),
    ("weak-trigger-needs-two-names", _weak_needs_two_names),
    ("needs-office-or-state", _needs_office_or_state),
    ("private-side", _no_private_side),
    ("one-state-only", _two_states),
    ("visit-at-home", _visit_abroad),
    ("visit-needs-place-and-person", _visit_needs_place_and_person),
    ("demand-not-visit", _not_a_demand),
    ("visitor-not-subject", _visitor_is_the_subject),
    ("sport-not-diplomacy", _not_sport),
    ("business-not-diplomacy", _not_business),
    ("private-life-not-diplomacy", _not_private_life),
)


def verdict(candidate: Candidate) -> str | None:
    """The name of the first filter the candidate fails, or None when it is an event."""
    for name, keeps in FILTERS:
        if not keeps(candidate):
            return name
    return None


def _unresolved_object(head: Token) -> bool:
    """The verb has an object or "with" phrase, none of which names a party."""
    if head.pos_ not in ("VERB", "AUX"):
        return False
    objects = [c for c in head.children if c.dep_ in ("dobj", "dative")
               and not any(t.lower_ in TALK_NOUNS or t.lemma_ in TALK_NOUNS
                           for t in c.subtree)]  # "held a third round of consultations"
    objects += [t for c in head.children if c.dep_ == "prep" and c.lower_ == "with" for t in pobjs(c)]
    return any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in objects)


def _urges(head: Token) -> bool:
    """"X called on Y to do Z": an infinitive after the object makes it a demand."""
    for token in head.subtree:
        if token.dep_ in ("xcomp", "advcl", "ccomp") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            return True
    return False
