"""The frame: who is on which side of a trigger.

The dependency parse gives the sides (subject: `who`; object, "with", "to", "between":
`whom`); where it loses some of them, word order reads the sides as lists; a visit turns
its sides into visitor and host.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dipevents.extract.assemble.story import Story
from dipevents.extract.gazetteer import Gazetteer
from dipevents.extract.lexicon import address_words, title_words, words
from dipevents.extract.parties import (
    DELEGATION_WORDS, GENERIC_PEOPLE, DocContext, best_title, not_a_party,
)
from dipevents.extract.places import PlaceResolver
from dipevents.extract.syntax import (
    REPORTING, clause_verb, ents_in, entity, is_office, noun_phrase, pobjs, with_conjuncts,
)
from dipevents.models import Party

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# Verbs of which a meeting noun is the subject when the sentence reports that it happened.
HAPPEN_VERBS = {"take", "hold", "happen", "occur", "be"}
OBJECT_DEPS = {"dobj", "dative", "attr", "oprd"}
WITH_PREPS = words("with_preps")
ONLOOKER_VERBS = words("onlookers")
TALK_NOUNS = words("talk_nouns")
CALL_NOUNS = words("call_nouns")
SENDING = words("sending")


# --- the trigger and its sides -----------------------------------------------------------
def read_sides(head: Token, entry: dict, story: Story) -> tuple[list[Token], list[Token], bool]:
    """Tokens naming the acting side and the other side; and whether it hosts a visit."""
    who: list[Token] = []
    whom: list[Token] = []
    visit_of = False
    verb = head if head.pos_ in ("VERB", "AUX") else clause_verb(head)
    if head.pos_ in ("NOUN", "PROPN") or head.lower_ in ("these", "those"):
        for prep in head.children:  # "these" stands for the meetings before: "These were with"
            if prep.dep_ == "prep" and prep.lower_ in ("between", "among"):
                who.extend(pobjs(prep))
            elif prep.dep_ == "prep" and prep.lower_ == "on" and head.lower_ not in CALL_NOUNS:
                continue  # "talks on North Korea": what they talked about
            elif prep.dep_ == "prep" and prep.lower_ in ("with", "to", "on", "for"):
                whom.extend(pobjs(prep))
            elif prep.dep_ == "prep" and prep.lower_ in ("by", "of", "from"):
                who.extend(_no_dates(pobjs(prep)))  # not "from April 13"
            elif prep.dep_ in ("poss", "nsubj"):
                who.append(prep)  # "X's meeting with Y"
            elif prep.dep_ in ("nmod", "compound") and prep.i < head.i \
                    and prep.ent_type_ == "PERSON":
                who.append(prep)  # a caption: "X (R) meeting with Y in Z"
        if not who and head.lower_ in ("these", "those"):
            who.extend(_before_these(head))
        sent_one = _sent(verb)
        if not who and sent_one is not None:
            who.append(sent_one)  # "X is sending Y to Moscow for talks with Z": Y goes
        subject = head.dep_ in SUBJECT_DEPS or _partitive(head) is not None
        if not who and verb is not None and not subject \
                and (verb.lemma_ not in ONLOOKER_VERBS
                     or any(c.dep_ == "prt" and c.lower_ == "down" for c in verb.children)):
            who.extend(_subjects(verb))
        if verb is not None and head.dep_ in OBJECT_DEPS:
            for prep in verb.children:
                if prep.dep_ == "prep" and prep.lower_ in ("with", "between"):
                    whom.extend(pobjs(prep))
        if verb is not None and subject and verb.lemma_ in HAPPEN_VERBS:
            for prep in verb.children:  # "a meeting took place between X and Y"
                if prep.dep_ == "prep" and prep.lower_ == "between":
                    who.extend(pobjs(prep))
                elif prep.dep_ == "prep" and prep.lower_ == "with":
                    whom.extend(pobjs(prep))
        return who, whom, visit_of
    if not any(c.dep_ in SUBJECT_DEPS | OBJECT_DEPS | {"prep", "agent"} for c in head.children) \
            and head.dep_ in ("amod", "compound", "nmod", "ROOT") and not entry.get("weak"):
        story.inferred = True
        return _linear_sides(head)  # the parse lost the verb: nearest names either side
    if head.dep_ == "relcl" and not any(c.dep_ in OBJECT_DEPS for c in head.children) \
            and any(c.dep_ in SUBJECT_DEPS for c in head.children):
        whom.extend(_equated(head.head) or _among_those(head.head))  # "the last leader
        # he received was X": X; "Among those he met were A and B": A and B
    passive = any(c.dep_ == "nsubjpass" for c in head.children)
    agents = [t for c in head.children if c.dep_ == "agent" for t in pobjs(c)]
    if passive and agents:
        who.extend(agents)
        whom.extend(c for c in head.children if c.dep_ == "nsubjpass")
    else:
        who.extend(_subjects(head))
        for child in head.children:
            if child.dep_ in OBJECT_DEPS and entry.get("topic_object"):
                continue  # "discussed North Korea": the object is what they talked about
            if child.dep_ in OBJECT_DEPS:
                if child.lemma_ in ("visit", "delegation") and entry.get("host"):
                    visit_of = True
                    before = len(whom)
                    led = any(t.lemma_ in ("lead", "head") and t.dep_ in ("acl", "relcl")
                              for t in child.subtree)  # "a delegation ... headed by X": X
                    for prep in child.children:
                        if prep.dep_ in ("prep", "agent") and prep.lower_ in ("by", "from") \
                                and not led:
                            whom.extend(t for t in pobjs(prep) if child.lemma_ == "visit"
                                        or t.ent_type_ in ("PERSON", "GPE", "NORP"))
                        if prep.dep_ == "acl":
                            whom.append(child)
                    if len(whom) == before:
                        whom.append(child)  # "a delegation from Kenya's parliament": Kenya's
                    continue
                if entry.get("host") and _someones_thing(child):
                    continue  # "welcomed X's decision": X is no guest
                if entry.get("host") and (honoured := _in_honour_of(child)):
                    whom.extend(honoured)  # "hosted a dinner in honour of X"
                    continue
                if child.pos_ in ("NOUN",) and child.lower_ in TALK_NOUNS:
                    for prep in child.children:
                        if prep.dep_ == "prep" and (
                                prep.lower_ in ("with", "between", "on", "for", "from")
                                or (prep.lower_ == "to" and child.lower_ == "audience")):
                            whom.extend(pobjs(prep))  # "granted an audience to X"
                    for prep in head.children:  # "hosted a reception in X for Y"
                        if prep.dep_ == "prep" and prep.lower_ == "for" and entry.get("host"):
                            whom.extend(pobjs(prep))
                    continue
                whom.append(child)
            elif child.dep_ in ("prep", "agent") and child.lower_ in WITH_PREPS \
                    and not _onlookers(child) and not _posting(child, whom):
                whom.extend(_no_dates(pobjs(child)))  # not "on Monday"
            elif child.dep_ == "prt" and child.lower_ == "on":
                whom.extend(t for c in head.children if c.dep_ == "dobj" for t in [c])
    return who, whom, visit_of


def _before_these(these: Token) -> list[Token]:
    """"X had four meetings. These were with A, B ...": who had the meetings of the
    sentence before."""
    if these.sent.start == 0:
        return []
    before = these.doc[these.sent.start - 1].sent
    for noun in reversed(before):
        verb = clause_verb(noun) if noun.lower_ in TALK_NOUNS else None
        if verb is not None and (found := _subjects(verb)):
            return [_antecedent(t) for t in found]
    return []


def _antecedent(token: Token) -> Token:
    """A relative pronoun's antecedent ("X, who ... had meetings": X); else the token."""
    if token.tag_ not in ("WP", "WDT"):
        return token
    clause = next((t for t in token.ancestors if t.dep_ == "relcl"), None)
    return clause.head if clause is not None else token


def _partitive(noun: Token) -> Token | None:
    """The subject a meeting noun is part of: "one of the meetings was with X", "the
    first of his talks was with Y" ("one", "first")."""
    of = noun.head
    if noun.dep_ != "pobj" or of.lower_ != "of" or of.head.dep_ not in SUBJECT_DEPS:
        return None
    part = of.head
    return part if part.pos_ in ("NUM", "ADJ", "PRON", "NOUN") and part.i < noun.i else None


def _no_dates(tokens: list[Token]) -> list[Token]:
    """The tokens that are no date, with the conjuncts of those that are: "visited Estonia
    on Monday and Latvia on Tuesday" (the parse hangs Latvia on Monday)."""
    return [t for t in with_conjuncts(tokens) if t.ent_type_ != "DATE"] \
        if any(t.ent_type_ == "DATE" for t in tokens) else tokens


def _in_honour_of(obj: Token) -> list[Token]:
    """Who a hosted occasion honours: "a dinner in honour of X" (however the parse hangs
    "of")."""
    doc = obj.doc
    for token in obj.subtree:
        if token.lower_ in ("honour", "honor") and token.i > 0 and doc[token.i - 1].lower_ == "in" \
                and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "of":
            return pobjs(doc[token.i + 1])
    return []


def _someones_thing(obj: Token) -> bool:
    """A common noun someone owns ("X's decision", "Kenya's proposal"): a thing, not a
    person, an office or a delegation."""
    return obj.pos_ == "NOUN" and not is_office(obj) and obj.lemma_ not in DELEGATION_WORDS \
        and obj.lower_ not in DELEGATION_WORDS and any(c.dep_ == "poss" for c in obj.children) \
        and not any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in obj.children) \
        and obj.lower_ not in GENERIC_PEOPLE  # "his guest, X", "his counterpart"


def _among_those(antecedent: Token) -> list[Token]:
    """The people a copula names for "among those who ...": "Among the ministers who called
    on X were A and B" gives A and B."""
    among = antecedent.head
    if antecedent.dep_ != "pobj" or among.lower_ != "among" or among.head.lemma_ != "be":
        return []
    return with_conjuncts([c for c in among.head.children
                           if c.dep_ in ("nsubj", "attr") and c.i > among.i])


def _equated(noun: Token) -> list[Token]:
    """Whom a copula says an office noun is: "X was the first leader to meet Y", "the
    first leader to visit Y was X", "X, who was in Z as the first leader to meet Y": X.
    Only for an office noun without a name of its own."""
    if not is_office(noun) or noun.ent_type_ == "PERSON":
        return []
    verb = noun.head
    if noun.dep_ == "pobj" and verb.lower_ == "as":
        verb = verb.head  # "who was in Z as the first leader ..."
        wanted = SUBJECT_DEPS
    elif noun.dep_ == "attr":
        wanted = SUBJECT_DEPS
    elif noun.dep_ in SUBJECT_DEPS:
        wanted = {"attr"}
    else:
        return []
    if verb.lemma_ != "be":
        return []
    named = with_conjuncts([c for c in verb.children if c.dep_ in wanted and c.i != noun.i])
    if len(named) == 1 and named[0].tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
        return [verb.head]  # "X, who was ...": X
    return [t for t in named if t.pos_ != "PRON" or t.lower_ not in ("it", "this", "that")]


def _subjects(verb: Token) -> list[Token]:
    current = verb
    for _ in range(5):
        found = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        if current.dep_ == "relcl" and all(t.tag_ in ("WP", "WDT") for t in found) \
                and (named := _among_those(current.head)):
            return named  # "Among those who met X were A and B" (not "those he met")
        if found and not (len(found) == 1 and found[0].lower_ in ("it", "this", "that")):
            return found
        if found and current.dep_ in ("ccomp", "xcomp") and current.head.i != current.i:
            current = current.head  # "X said it was fantastic to welcome Y"
            continue
        if current.dep_ == "relcl":
            return _equated(current.head) or [current.head]
        if current.dep_ == "ccomp" and current.head.lemma_ in REPORTING:
            break  # "..., met Y, X told reporters": the teller is no side
        if current.dep_ in ("conj", "xcomp", "advcl", "pcomp", "acl", "ccomp", "attr") \
                and current.head.i != current.i:
            current = current.head
            if current.pos_ not in ("VERB", "AUX"):
                if verb.dep_ == "acl" and current.dep_ != "attr":
                    # "the delegation visiting X": the delegation; "X was the first
                    # leader visiting Y": X
                    return _equated(current) or [current]
                # "it was a pleasure meeting X": whoever found it so, read on upwards
                current = clause_verb(current) or current
            continue
        if current.dep_ == "prep" or current.head.dep_ == "prep":
            current = current.head
            continue
        break
    return []


def _linear_sides(head: Token) -> tuple[list[Token], list[Token], bool]:
    """Sides by word order when the parse is broken around a verb trigger: the closest
    person before it acts, the closest person after it is the other side."""
    sent = head.sent
    people = [ent for ent in ents_in(sent) if ent.label_ == "PERSON"
              and not (ent.root.dep_ in SUBJECT_DEPS and ent.root.head.lemma_ in REPORTING)]
    before = [ent for ent in people if ent.end <= head.i]  # "..., X told reporters": no side
    after = [ent for ent in people if ent.start > head.i]
    who = [before[-1].root] if before else []
    whom = [after[0].root] if after else []
    if not before and head.i == sent.start and head.tag_ == "VBG" and len(after) > 1:
        main = [c for c in sent.root.children if c.dep_ in SUBJECT_DEPS and c.i > after[0].end]
        who = main[:1]  # "Meeting X in Kampala on Monday, Y pledged support": Y met X
    return who, whom, False


def _onlookers(prep: Token) -> bool:
    """"with the foreign minister attending": people present, not a side of the meeting."""
    return any(t.lemma_ in ONLOOKER_VERBS or t.lower_ == "present"
               for t in prep.subtree if t.pos_ in ("VERB", "ADJ"))


# --- lists of parties ----------------------------------------------------------------------
def read_lists(head: Token, who: list[Party], whom: list[Party], ctx: DocContext,
               gaz: Gazetteer, story: Story):
    """Sides read as lists when the parse loses some of their members: "talks with his
    A counterpart X, B President Y and C Prime Minister Z", "the presidents of A and
    B", "leaders, including X and Y"; "President of A X and President of B Y held
    talks". A list is read by word order between the trigger and the end of its
    clause; it replaces the parse's side only when it names more parties."""
    start = _list_start(head)
    if start is not None:
        listed = [ctx.person(ent) for ent in _listed_people(head.doc, start, head.sent.end)]
        if not listed:
            listed = listed_countries(head.doc, start, head.sent.end, gaz)
        if len(listed) > len(whom) and not who and head.doc[start - 1].lower_ == "between":
            who, whom = listed, []  # "talks between A, B and C": all act alike
            story.inferred = True
        elif len(listed) > len(whom):
            whom = listed
            story.inferred = True
    verb = head if head.pos_ in ("VERB", "AUX") else None
    if verb is not None and not whom and (colon := _counted_then_colon(verb)) is not None:
        whom = [ctx.person(ent) for ent in _listed_people(head.doc, colon + 1, head.sent.end)] \
            or listed_countries(head.doc, colon + 1, head.sent.end, gaz)
        story.inferred = story.inferred or bool(whom)
    if verb is not None and len(who) == 1:
        subjects = [ctx.person(ent) for ent in _subject_list(verb)]
        countries = {p.country for p in subjects}
        if len(subjects) > 1 and not whom:
            who = subjects  # "President of A X and President of B Y held talks"; not the
            story.inferred = True  # entourage of one state meeting someone else
    fronted = _fronted_for(head) if not who and head.pos_ in ("NOUN", "PROPN") else None
    if fronted and whom:  # "At a meeting with X, Y (and Z) said ...": Y (and Z) met X
        who = [ctx.person(ent) for ent in fronted]
        keys = {p.identity() for p in who}
        whom = [p for p in whom if p.identity() not in keys]
    if not who and whom and fronted is None and head.pos_ in ("NOUN", "PROPN") \
            and clause_verb(head) is not None \
            and not any(c.dep_ in SUBJECT_DEPS and c.i < head.i and c != _partitive(head)
                        for c in clause_verb(head).children) \
            and not _own_subject_above(head, "GPE", "ORG", "NORP"):
        above = _own_subject_above(head, "PERSON")  # "X hopes Y will make proposals at a
        focus = ctx.person(above) if above else ctx.focus(head.i, acting=True)  # meeting
        # with Z": Y's; "Meetings with X took place": the story's subject
        if focus is not None and focus.identity() not in {p.identity() for p in whom}:
            who = [focus]
            story.inferred = True
    return who, whom


def _fronted_for(noun: Token) -> list[Span] | None:
    """The named subjects of the clause a meeting noun opens in a fronted phrase: "At a
    meeting with X, Y said ...", "In talks with X, Y and Z asked ..."; an empty list where
    the subject names no person ("..., the U.S. group urged": no one to carry over from
    earlier in the story); None where there is no such phrase."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ("at", "in", "during"):
        return None
    verb = prep.head
    if verb.pos_ not in ("VERB", "AUX") or not prep.i < verb.i \
            or any(c.dep_ == "poss" and c.lower_ not in ("his", "her") for c in noun.children):
        return None  # (not "In his meeting with X, Y ...": whose meeting is not said)
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:  # the parse hung Y on X as an appositive: the name before the verb
        subject = verb.doc[verb.i - 1]
        if not any(t.text == "," for t in verb.doc[noun.i:subject.i]):
            return None
    if subject.pos_ == "PRON" or not prep.i < subject.i < verb.i:
        return None
    people = [entity(t) for t in (subject, *subject.conjuncts)]
    return [e for e in people if e is not None and e.label_ == "PERSON"]


def _own_subject_above(head: Token, *labels: str) -> Span | None:
    """The named subject (an entity with one of `labels`) of the nearest clause above a
    meeting noun that has one, unless that clause only reports: "bankers said the U.S.
    feels the need to ..., especially with negotiations with Brazil about to start" is
    the U.S.'s business, not the story's subject's."""
    for verb in head.ancestors:
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_ in REPORTING:
            continue
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i < head.i
                        and c.pos_ in ("NOUN", "PROPN")
                        and not head.left_edge.i <= c.i <= head.right_edge.i), None)
        if subject is not None:
            ent = entity(subject)
            return ent if ent is not None and ent.label_ in labels else None
    return None


def _counted_then_colon(verb: Token) -> int | None:
    """Where the names of a counted plural object begin after a colon: "met three
    ministers on Tuesday: A, B and C"."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.tag_ != "NNS":
        return None
    return next((t.i for t in verb.sent if t.text == ":" and t.i > obj.i), None)


def listed_countries(doc: Doc, start: int, end: int, gaz: Gazetteer) -> list[Party]:
    """"the presidents of A, B and C", "counterparts from A and B": one unnamed office
    holder per country after a plural office noun."""
    parties: list[Party] = []
    holder: Token | None = None
    stop = _list_end(doc, start, end)
    i = start
    while i < stop:
        token = doc[i]
        if token.lower_ in ("of", "from") and i > start and is_office(doc[i - 1]):
            holder = doc[i - 1]  # what follows are the countries of office holders
        found = None
        if holder is not None and (token.is_title or token.is_upper):
            found = next(((n, code) for n in (3, 2, 1) if i + n <= stop
                          and (code := gaz.country_code(doc[i:i + n].text))), None)
        if found is None:
            i += 1
            continue
        size, code = found
        if all(p.country != code for p in parties):
            title = best_title(noun_phrase(holder), gaz)
            parties.append(Party(name=None, title=title, country=code, kind="person"))
        i += size
    return parties


# Words that may stand inside a list of parties; any other preposition, a verb or a
# relative word ends it.
LIST_PREPS = {"of", "from", "including", "as", "like"}
LIST_ENDERS = {";", ":", "who", "whom", "which", "that", "where", "when", "while", "with",
               "after", "before", "to", "but"}
LIST_LIMIT = 80


def _list_start(head: Token) -> int | None:
    """Where the other side's list begins: after "with"/"between" or the verb."""
    holders = [head, *[c for c in head.children if c.dep_ in OBJECT_DEPS]]
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ in SUBJECT_DEPS \
            and head.head.lemma_ in HAPPEN_VERBS:
        holders.append(head.head)  # "a meeting took place between ..."
    for token in holders:
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in ("with", "between"):
                return prep.i + 1
    objects = [c for c in head.children if c.dep_ in ("dobj", "dative")]
    if head.pos_ in ("VERB", "AUX") and objects and _could_be_party(objects[0]):
        return head.i + 1  # "received X, Y and Z"; not "received cables from X"
    if head.pos_ == "VERB" and not objects and head.lemma_ in DISPLACING_VERBS \
            and not any(c.dep_ in ("nsubjpass", "agent") for c in head.children):
        return _after_adjuncts(head)  # "received at the palace on Monday King X"
    if head.pos_ == "VERB" and not objects and _named_next(head):
        return head.i + 1  # "met Angolan President Joao dos Santos": the parse lost the
    return None  # object at a particle it took for a verb


def _named_next(verb: Token) -> bool:
    """Whether a person's name follows the verb, with nothing but a title or a state's name
    between ("met Angolan President X"), and the verb has no subject after it."""
    if any(c.dep_ in ("nsubjpass", "agent", "prep") and c.i > verb.i for c in verb.children):
        return False
    for token in verb.doc[verb.i + 1:min(verb.i + 10, verb.sent.end)]:
        if token.ent_type_ == "PERSON":
            return token.ent_iob_ == "B"
        if token.text in ("'s", "\u2019s") or token.lower_ in ("of", "for", "the", "and"):
            continue  # "met Brunei's Minister of Defence X"
        if not (token.is_title and (token.ent_type_ in ("NORP", "GPE") or is_office(token)
                                    or token.lower_ in title_words()
                                    or token.lower_ in address_words())):
            return False
    return False


# Verbs whose object news English moves after the place and time: "received in the
# capital today Senator X".
DISPLACING_VERBS = {"receive", "welcome", "host", "greet"}


def _after_adjuncts(verb: Token) -> int | None:
    """Where a displaced object begins: after the place and time phrases that follow the
    verb, at the first person named in the same clause."""
    for token in verb.doc[verb.i + 1:verb.sent.end]:
        if token.ent_type_ == "PERSON" and token.ent_iob_ == "B" and not _in_place_phrase(token):
            return token.i
        if token.pos_ in ("VERB", "AUX") or token.lower_ in (";", "who", "which", "and", "but"):
            return None
    return None


def _could_be_party(token: Token) -> bool:
    return token.ent_type_ in ("PERSON", "GPE", "NORP", "ORG") or is_office(token) \
        or token.lower_ in DELEGATION_WORDS or token.lemma_ in DELEGATION_WORDS


def _list_end(doc: Doc, start: int, end: int) -> int:
    depth = 0
    for token in doc[start:min(end, start + LIST_LIMIT)]:
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth = max(depth - 1, 0)
        if depth or token.ent_type_:
            continue
        if token.lower_ in LIST_ENDERS and token.i > start:
            return token.i
        if token.pos_ in ("VERB", "AUX") and token.lower_ not in LIST_PREPS:
            return token.i
        if token.pos_ == "ADP" and token.lower_ not in LIST_PREPS and token.i > start:
            return token.i
        if token.pos_ == "NOUN" and token.i > start + 1 and doc[token.i - 1].pos_ == "DET" \
                and doc[token.i - 2].pos_ == "CCONJ" and not is_office(token) \
                and token.lower_ not in DELEGATION_WORDS:
            return token.i - 2  # "a call from A and a letter from B": B sent a letter
    return min(end, start + LIST_LIMIT)


def _in_place_phrase(token: Token) -> bool:
    """A name inside "in X", "at X": a venue the recogniser took for a person."""
    ent = entity(token)
    root = ent.root if ent is not None else token
    if root.dep_ != "pobj" or root.head.lower_ not in PLACE_PREPOSITIONS:
        return False
    start = ent.start if ent is not None else token.i  # "received in Cairo Saudi Foreign
    return not any(is_office(t) for t in token.doc[root.head.i + 1:start])  # Minister X"


PLACE_PREPOSITIONS = {"in", "at", "inside", "near"}


def _listed_people(doc: Doc, start: int, end: int) -> list[Span]:
    stop = _list_end(doc, start, end)
    return [ent for ent in ents_in(doc[start:stop]) if ent.label_ == "PERSON"
            and not _teller(ent) and not not_a_party(ent) and not _only_named(ent)]


def _only_named(ent: Span) -> bool:
    """A person a list names without being there: whom an envoy stands for ("X's envoy, Y",
    "X's special envoy"), on whose behalf ("on behalf of X"), or in a description of
    someone else ("Y, a close ally of X")."""
    doc = ent.doc
    after = ent.end
    if after < len(doc) and doc[after].text in ("'s", "\u2019s"):
        nxt = after + 1
        while nxt < len(doc) and doc[nxt].pos_ == "ADJ":
            nxt += 1
        return nxt < len(doc) and is_office(doc[nxt])
    prep = ent.root.head
    if ent.root.dep_ != "pobj" or prep.lower_ != "of":
        return False
    owner = prep.head
    return owner.lower_ == "behalf" or (owner.dep_ == "appos" and owner.pos_ == "NOUN"
                                        and not is_office(owner))


def _sent(verb: Token | None) -> Token | None:
    """The object of a verb of sending ("is sending Y to Moscow for talks"): the traveller."""
    if verb is None or verb.lemma_ not in SENDING:
        return None
    return next((c for c in verb.children if c.dep_ == "dobj"), None)


def _teller(ent: Span) -> bool:
    """"..., with President X, Secretary Y told reporters": Y tells, Y is no side (also
    where the parse hung Y on X)."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return (ent.root.dep_ in SUBJECT_DEPS and ent.root.head.lemma_ in REPORTING) or (
        after is not None and after.pos_ == "VERB" and after.lemma_ in REPORTING)


def _subject_list(verb: Token) -> list[Span]:
    """PERSON entities before the verb, when all that stands between them is titles,
    countries, commas and "and": "President of A X and President of B Y held talks"."""
    sent = verb.sent
    people = [ent for ent in ents_in(sent) if ent.label_ == "PERSON" and ent.end <= verb.i]
    if len(people) < 2:
        return []
    for token in verb.doc[people[0].start:verb.i]:
        if token.ent_type_ or token.is_punct or token.lower_ in ("and", "of", "the", "his", "her") \
                or token.pos_ in ("PROPN", "ADJ", "ADV") or token.is_title \
                or token.text in ("'s", "\u2019s") or is_office(token):  # "X, Kenya's president,"
            continue
        if token.pos_ == "NOUN" and token.lower_ in GENERIC_PEOPLE:
            continue
        return []
    return [ent for ent in people if not not_a_party(ent) and not _only_named(ent)]


def _posting(prep: Token, sides: list[Token]) -> bool:
    """"met the Ambassador of Japan to Kenya", "a call from X, Ambassador of Mexico to
    Malaysia": "to Kenya" is where the envoy is posted (the parse hung it on the verb),
    not another side."""
    return prep.lower_ == "to" and any(
        side.right_edge.i + 1 == prep.i and (is_office(side) or any(
            c.dep_ == "appos" and is_office(c) for c in side.children)) for side in sides)


# --- visits ------------------------------------------------------------------------------
def visit_frame(head, who, whom, place, visit_of, places: PlaceResolver):
    """A visit: the visitor is `who`; the host, when named, is `whom`."""
    if visit_of:  # "X hosted a visit by Y": Y visits X
        visitors = [p for p in whom if p.kind != "country"] or whom
        hosts = [p for p in who if p not in visitors]
        who, whom = visitors, hosts
    towns = [found for p in whom if (found := places.town_named(p))]
    place = place or (towns[0] if towns else None)  # "visit Auckland and Hawke's Bay": a
    whom = [p for p in whom if not places.nobody_known(p)]  # town read as a name; no host
    # either where the gazetteer does not know it ("a tour to Wadi Rum")
    targets = [p for p in whom if p.kind == "country"]
    people = [p for p in whom if p.kind != "country"]
    if people:  # "X visited Y" with Y a person is a meeting
        return "meeting", who, people, place
    if place is None and targets:  # no place stated: the host country
        place = places.country_place(targets[0].country)
    return "visit", who, targets, place
