"""The parties: what person, delegation, country or organisation a side's token names.

A name is a person (`DocContext.person`); "a delegation led by X" is X; "I" is the person
the sentence quotes; "he", "they", "the two leaders" are read from the story so far; an
office noun is its holder, or an unnamed holder of the countries it names.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from dipevents.extract.assemble.frame import SUBJECT_DEPS, TALK_NOUNS
from dipevents.extract.assemble.story import Story
from dipevents.extract.gazetteer import Gazetteer, get_gazetteer
from dipevents.extract.lexicon import address_words, words
from dipevents.extract.officials import Officials
from dipevents.extract.parties import (
    DELEGATION_WORDS, GENERIC_PEOPLE, GROUP_WORDS, PRONOUNS, DocContext, best_title,
    not_a_party,
)
from dipevents.extract.syntax import (
    REPORTING, entity, ents_in, has_of, is_definite, is_office, noun_phrase, pobjs, with_conjuncts,
)
from dipevents.models import Party

FIRST_PERSON = words("first_person")
THE_DEAD = words("the_dead")
MANDATES = words("mandates")
TRIPS = words("trip_nouns")
SINGLE_HOLDER_TITLES = words("single_holder_titles")
HEADS = words("heads_of_state") - {"Leader", "Supreme Leader"}
ADDRESSED_AS = {form: words(f"addressed_as_{form}") for form in ("majesty", "highness", "holiness")}
QUOTE_MARKS = {'"', "\u201c", "\u201d", "\u00ab", "\u00bb", "''", "``"}


def read_parties(tokens: list[Token], ctx: DocContext, head: Token, gaz: Gazetteer,
                 story: Story) -> list[Party]:
    parties: list[Party] = []
    for token in _with_appositive_conjuncts(tokens):
        party = _party(token, ctx, head, gaz, story)
        if isinstance(party, list):
            parties.extend(party)
        elif party is not None:
            parties.append(party)
    return parties


def _with_appositive_conjuncts(tokens: list[Token]) -> list[Token]:
    """The tokens and their conjuncts, and the conjuncts the parse hung on an appositive
    name: "Foreign Minister, A B, and his Norwegian counterpart, C D, discussed"."""
    out = with_conjuncts(tokens)
    for token in list(out):
        for child in token.children:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                out.extend(c for c in child.conjuncts if c not in out)
    return [t for t in out if t in tokens or not _a_thing(t)]


def _a_thing(token: Token) -> bool:
    """A conjunct that names a thing, not someone: "a call from A and a letter from B"."""
    return token.pos_ == "NOUN" and not token.ent_type_ and not is_office(token) \
        and token.lemma_ not in DELEGATION_WORDS and token.lower_ not in DELEGATION_WORDS \
        and token.lower_ not in GROUP_WORDS


def _party(token: Token, ctx: DocContext, head: Token, gaz: Gazetteer, story: Story):
    """The party (or parties) a token names; None when it names nobody."""
    if token.lower_ in TRIPS and token.pos_ == "NOUN" and token.i != head.i \
            and is_definite(token) and story.last is not None and story.last.type == "visit":
        story.inferred = True  # "X will travel to Y. The visit will include talks with Z":
        return list(story.last.who)  # the visit just reported, its visitor
    if token.lower_ == "behalf":
        return None  # "X, on behalf of Y, met Z": Y sent X, Y is not there
    if token.lower_ in TALK_NOUNS and token.i != head.i:
        return None  # "The meeting with X and Y was aimed at discussing": X and Y are the
        # meeting's other side (its own trigger reads them), not who discussed with whom
    ent = entity(token)
    if ent is not None and ent.label_ == "PERSON":
        return None if not_a_party(ent) else ctx.person(ent)
    if token.lemma_ in THE_DEAD or token.lower_ in THE_DEAD:
        return None  # "the body of X arrived", "visited the tomb of X"
    if token.lower_ in MANDATES and token.pos_ == "NOUN":
        return None  # "a visit, by order of President X": X sent the visitor
    if token.lemma_ in DELEGATION_WORDS or token.lower_ in DELEGATION_WORDS:
        return _delegation(token, ctx, gaz, story)
    if token.lower_ in FIRST_PERSON:
        return _speaker(token, ctx, story, gaz)
    if token.pos_ == "PRON" or (token.lower_ in GROUP_WORDS and not has_of(token)):
        found = _pronoun(token, ctx, head, story)
        if found or token.pos_ == "PRON":
            return found
    # a title and a name: "Foreign Minister Ana Duarte", "the president of X, Y Z",
    # "leaders such as presidents A and B"
    people = [ctx.person(e) for e in _people_in(token)]
    if people and token.lower_ in GENERIC_PEOPLE:  # "Ugandan officials, including X"
        country = _modifier_country(token, gaz)
        people = [replace(p, country=country) if country and not p.country else p
                  for p in people]
    if people:
        return people
    if token.lower_ in ADDRESSED_AS:  # "His Majesty gave audience to X"
        story.inferred = True
        return ctx.by_titles(ADDRESSED_AS[token.lower_], token.i)
    if ent is not None and ent.label_ == "GPE" and (person := _possessed_person(ent)):
        return ctx.person(person)  # "A's X and B's Y", the parse hanging Y off A's X
    if ent is not None and ent.label_ == "GPE":
        code = gaz.country_code(ent.text)
        if code:
            return Party(name=None, country=code, kind="country")
    if ent is not None and ent.label_ in ("ORG", "NORP", "GPE", "FAC", "EVENT", "PRODUCT"):
        org = gaz.organization(ent.text)
        if org:
            return Party(name=org, kind="organization")
    title = best_title(noun_phrase(token), gaz) if token.pos_ in ("NOUN", "PROPN") else None
    if token.lower_ == "host" and token.pos_ == "NOUN" and title is None and is_definite(token) \
            and not has_of(token):  # "held talks with his host": the state of the dateline,
        story.inferred = True  # else of the meeting's stated place (`placed_hosts`)
        here = story.here.country if story.here is not None else None
        return Party(name=None, country=here, kind="person")
    if title or token.lower_ in GENERIC_PEOPLE:
        countries = _countries_of(token, gaz)
        if len(countries) > 1:
            return [Party(name=None, title=title, country=c, kind="person") for c in countries]
        country = countries[0] if countries else None
        if title and is_definite(token) and not has_of(token):
            found = ctx.by_title(title, country, token.i)
            if found is not None:
                return found
        if country and token.lower_ in GENERIC_PEOPLE and is_definite(token):
            found = ctx.by_country(country, token.i)  # "his Cambodian counterpart"
            if found is not None:
                return found
        if country:
            return Party(name=None, title=title, country=country, kind="person")
        if title in SINGLE_HOLDER_TITLES and is_definite(token) and not has_of(token) \
                and story.here is not None and story.here.country:
            story.inferred = True  # "ROME - ... called on the Prime Minister": Italy's
            return Party(name=None, title=title, country=story.here.country, kind="person")
        if (title in SINGLE_HOLDER_TITLES or token.lower_ in ("counterpart", "host")) \
                and is_definite(token) and not has_of(token):
            story.inferred = True  # "called on the President at State House in Nairobi",
            # "held talks with his counterpart in Seoul": placed later (`placed_hosts`)
            return Party(name=None, title=title, country=None, kind="person")
    return None


def _possessed_person(ent: Span) -> Span | None:
    """The person a state's possessive opens: "Australia's | Penny Wong"."""
    doc = ent.doc
    if ent.end + 1 < len(doc) and doc[ent.end].text in ("'s", "\u2019s"):
        person = entity(doc[ent.end + 1])
        if person is not None and person.label_ == "PERSON" and person.start == ent.end + 1 \
                and not not_a_party(person):
            return person
    return None


def _delegation(token: Token, ctx: DocContext, gaz: Gazetteer, story: Story):
    """"A delegation led by X" and "X's delegation" are X; else the delegation's country."""
    leader = _led_by(token)
    owner = next((c for c in token.children if c.dep_ == "poss"), None)
    if leader is None and owner is not None and owner.ent_type_ == "PERSON":
        leader = owner
    if leader is not None:
        lead_ent = entity(leader)
        if lead_ent is not None and lead_ent.label_ == "PERSON":
            person = ctx.person(lead_ent)
            if person.country is None:  # "a Chinese delegation led by X": X is Chinese
                person = replace(person, country=_country_in(token, gaz))
            story.led[person.country] = person
            return person
    country = _country_in(token, gaz)
    if is_definite(token) and country in story.led:
        story.inferred = True
        return story.led[country]  # "the Chinese delegation" is the one led by X
    return Party(name=None, country=country, kind="delegation") if country else None


def _speaker(token: Token, ctx: DocContext, story: Story, gaz: Gazetteer) -> Party | None:
    """"I met X": the person the sentence quotes ("..., Minister Y said"), else an
    unnamed office holder of the state the release comes from (its dateline)."""
    story.inferred = True
    for ent in token.sent.ents:
        if ent.label_ == "PERSON" and ent.root.dep_ in SUBJECT_DEPS \
                and ent.root.head.lemma_ in REPORTING:
            return ctx.person(ent)
    for teller in token.sent:  # "..., the Kenyan Foreign Minister said": an office
        if teller.dep_ in SUBJECT_DEPS and teller.head.lemma_ in REPORTING \
                and teller.pos_ in ("NOUN", "PROPN") and teller.i > token.i:
            title = best_title(noun_phrase(teller), gaz)
            countries = _countries_of(teller, gaz)
            if title and len(countries) == 1:
                return ctx.by_title(title, countries[0], teller.i) or Party(
                    name=None, title=title, country=countries[0], kind="person")
    if any(t.text in QUOTE_MARKS for t in token.sent):
        return None  # a quote whose speaker the sentence does not name
    country = story.here.country if story.here is not None else None
    return Party(name=None, country=country, kind="person") if country else None


def _pronoun(token: Token, ctx: DocContext, head: Token, story: Story):
    """"He" is the person last written as a subject; "they", "the two leaders" are the
    parties of the event just reported."""
    story.inferred = True
    if token.lower_ in PRONOUNS:
        if (named := _subject_of_the_clause_above(token, ctx)) is not None:
            return named
        besides = _own_subject_start(token)
        return ctx.focus(token.i, besides=besides if besides is not None
                         else _quoting_speaker_start(token))
    if token.lower_ == "their" and token.head.i == head.i and (pair := _told_in(head, ctx)):
        return pair  # "X told Y during their meeting": X and Y
    group = story.last_group  # "The two leaders last met in May": the last pair that met,
    if story.status == "occurred" and story.last_met is not None:  # not one only due to meet
        group = story.last_met
    if token.lower_ in GROUP_WORDS and head.pos_ == "NOUN" and not head.is_ancestor(token) \
            and head.dep_ == "pobj":
        return ctx.focus(head.i, acting=True)  # "In the meeting with X, the two leaders
        # discussed ...": the leaders are the story's subject and X, not an earlier pair
    if token.lower_ in GROUP_WORDS and group is not None and (
            token.lower_ in ("they", "them", "both") or is_definite(token)):
        story.group_used = True
        return [p for p in group.parties() if p.kind in ("person", "delegation")]
    if token.lower_ in GROUP_WORDS and group is None and token.sent.start > 0 \
            and any(c.lower_ == "two" for c in token.children) and token.dep_ in SUBJECT_DEPS:
        named = ctx.named_in(token.doc[token.sent.start - 1].sent)  # "X and Y signed a pact.
        return named if len(named) == 2 else None  # The two leaders met": those two
    return None


def _told_in(noun: Token, ctx: DocContext) -> list[Party] | None:
    """The speaker and the addressee of the verb a meeting noun is the time of: "X told Y
    during their meeting", "X assured Y at their talks"; None unless both are named."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in ("during", "at", "in"):
        return None
    verb = noun.head.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    addressee = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
    people = [entity(t) for t in (subject, addressee) if t is not None]
    if len(people) != 2 or any(e is None or e.label_ != "PERSON" for e in people):
        return None
    return [ctx.person(e) for e in people]


def _subject_of_the_clause_above(pronoun: Token, ctx: DocContext) -> Party | None:
    """"X would take it with him when he visits Y": the subject of a "when" or "as" clause
    is the subject of the clause it hangs from, where that is a name the story knows but
    the NER left untagged (a tagged one is already the last subject)."""
    verb = pronoun.head
    if pronoun.dep_ != "nsubj" or pronoun.lower_ not in ("he", "she") \
            or verb.dep_ != "advcl" or verb.head.i > pronoun.i:
        return None
    subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return ctx.known(subject) if subject is not None else None


def _quoting_speaker_start(pronoun: Token) -> int | None:
    """Where the speaker's name begins when "he" or "she" stands inside a quotation the
    sentence gives to that speaker: ""he is coming to Europe," said X" (he is not X)."""
    sent = pronoun.sent

    def quoted(i: int) -> bool:
        return sum(1 for t in sent[:i - sent.start] if t.text in QUOTE_MARKS) % 2 == 1

    if pronoun.lower_ in ("i", "me", "we", "us") or not quoted(pronoun.i):
        return None
    for ent in sent.ents:
        if ent.label_ == "PERSON" and ent.root.dep_ in SUBJECT_DEPS \
                and ent.root.head.lemma_ in REPORTING and not quoted(ent.start):
            return ent.start  # (a speaker inside the quotation is someone it quotes)
    return None


def _own_subject_start(pronoun: Token) -> int | None:
    """Where the subject of an object pronoun's verb begins: "X welcomed him", "X held
    talks with him" (him is not X); None for a subject pronoun."""
    if pronoun.dep_ not in ("dobj", "pobj", "dative") or pronoun.lower_ not in ("him", "her"):
        return None
    verb = next((t for t in pronoun.ancestors if t.pos_ in ("VERB", "AUX")), None)
    if verb is None:  # (for "held talks with him" the verb the talks hang from)
        return None
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None:
        return None
    ent = entity(subject) or next((entity(c) for c in subject.children if c.dep_ == "appos"
                                   and entity(c) is not None), None)
    return ent.start if ent is not None else None


# --- the countries of a token ------------------------------------------------------------
def _modifier_country(token: Token, gaz: Gazetteer) -> str | None:
    """The state a word before a noun names: "senior Ugandan officials"."""
    for child in token.lefts:
        if child.dep_ in ("amod", "compound", "nmod") and child.ent_type_ in ("NORP", "GPE") \
                and (code := _country_of(child, gaz)):
            return code
    return None


def _country_in(token: Token, gaz: Gazetteer) -> str | None:
    for child in token.subtree:
        if child.ent_type_ in ("NORP", "GPE"):
            code = _country_of(child, gaz)
            if code:
                return code
    if is_definite(token):
        return None  # ("the delegation" refers back: to the one "led by" someone)
    for child in token.children:  # "a Ugandan delegation", NER: ORG
        if child.dep_ in ("amod", "compound", "nmod") and child.is_title \
                and (code := gaz.country_code(child.text)):
            return code
    return None


def _country_of(token: Token, gaz: Gazetteer) -> str | None:
    """The country a token names, read from its whole entity ("North Korean", not "Korean")."""
    ent = entity(token)
    return gaz.country_code(ent.text if ent is not None else token.text)


def _countries_of(token: Token, gaz: Gazetteer) -> list[str]:
    """Countries a title noun stands for: "leaders of A and B", "Chinese premier",
    "Croatian and Slovenian prime ministers" (however the parse hangs the first)."""
    found: list[str] = []
    demonyms = [token.head] if token.dep_ == "conj" and token.head.pos_ == "ADJ" \
        and token.head.ent_type_ == "NORP" and token.head.i < token.i else []
    for child in token.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod") and (
                child.ent_type_ in ("NORP", "GPE") or child.is_title):
            demonyms.extend([child, *(c for c in child.conjuncts if c.ent_type_ in ("NORP", "GPE"))])
    for modifier in demonyms:
        code = _country_of(modifier, gaz)
        if code and code not in found:
            found.append(code)
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in with_conjuncts(pobjs(child)):
                ent = entity(obj)
                code = gaz.country_code(ent.text if ent is not None else obj.text)
                if code and code not in found:
                    found.append(code)
    return found


# --- people inside a phrase --------------------------------------------------------------
def _led_by(token: Token) -> Token | None:
    for child in token.subtree:
        if child.lemma_ in ("lead", "head") and child.dep_ in ("acl", "relcl"):
            for grand in child.children:
                if grand.dep_ == "agent":
                    for obj in pobjs(grand):
                        ent = entity(obj)
                        if ent is not None:
                            return obj
                        for sub in obj.subtree:
                            if sub.ent_type_ == "PERSON":
                                return sub
    return None


def _people_in(token: Token) -> list[Span]:
    """PERSON entities inside a noun phrase, leaving out clauses that hang from it, or
    written right after it as an appositive ("the president of X, Y Z")."""
    found = _people_below(token)
    doc = token.doc
    if not found and token.lower_ in GENERIC_PEOPLE and token.i + 1 < len(doc) \
            and (ent := entity(doc[token.i + 1])) is not None and ent.label_ == "PERSON" \
            and ent.start == token.i + 1:
        return [ent]  # "and his Iranian counterpart Ali Rezaei held talks": the parse hung
        # the name elsewhere, but it is written right after the noun
    if not found and token.pos_ in ("NOUN", "PROPN"):
        after = token.right_edge.i + 1
        if after < len(doc) and doc[after].text == "(":
            close = next((t.i for t in doc[after:after + 20] if t.text == ")"), after)
            after = close + 1
        if after < len(doc) and doc[after].lower_ == "to":  # "the Ambassador of Japan to
            # Kenya, X Y", "the Assistant to the President for Security Affairs, X Y"
            limit = min(token.sent.end, after + 12)
            comma = next((t.i for t in doc[after:limit] if t.text == "," or t.pos_ == "VERB"),
                         None)
            if comma is not None and doc[comma].text == ",":
                after = comma
        start = after + 1
        while start < min(len(doc), after + 5) and doc[start].lower_ in address_words() \
                and doc[start].ent_type_ != "PERSON":
            start += 1  # "the President of Gondor, Mr. X Y", "..., His Excellency X Y"
        if token.lower_ in GENERIC_PEOPLE:  # "his guest, Malaysian Prime Minister X Y,"
            while start < min(len(doc), after + 6) and doc[start].ent_type_ != "PERSON" \
                    and doc[start].is_title and (doc[start].ent_type_ in ("NORP", "GPE")
                                                 or is_office(doc[start])):
                start += 1
        if start < len(doc) and doc[after].text == "," and doc[start].ent_type_ == "PERSON":
            ent = entity(doc[start])
            if ent is not None and ent.start == start \
                    and ent.root.dep_ not in ("nsubj", "nsubjpass"):  # not ", X said"
                found = [ent]
        if not found and is_office(token) and after < len(doc) and doc[after].lower_ == "to":
            found = _named_after_posting(doc, after + 1)  # "Ambassador to Kenya Li Hong"
    return found


def _named_after_posting(doc, start: int) -> list[Span]:
    """The name written right after the country an envoy is posted to: "received the
    Chinese Ambassador to Kenya Li Hong" (the parse hung the name on "to")."""
    gaz = get_gazetteer()
    if start < len(doc) and doc[start].lower_ == "the":
        start += 1
    for size in (3, 2, 1):
        if start + size < len(doc) and gaz.country_code(doc[start:start + size].text) \
                and (ent := entity(doc[start + size])) is not None \
                and ent.label_ == "PERSON" and ent.start == start + size:
            return [ent]
    return []


def _a_modifier(ent: Span) -> bool:
    """A name that only modifies a common noun, no person of the phrase: "Biden
    administration officials", "a U.S. Rice trader"."""
    head = ent.root.head
    return ent.root.dep_ == "compound" and head.i >= ent.end and any(
        t.pos_ == "NOUN" and t.is_lower and not is_office(t) for t in ent.doc[ent.end:head.i + 1])


def _people_below(token: Token) -> list[Span]:
    found: list[Span] = []
    stack = [token]
    while stack:
        current = stack.pop()
        if current.ent_type_ == "PERSON":
            ent = entity(current)
            if ent is not None and ent not in found and not not_a_party(ent) \
                    and not _a_modifier(ent):
                found.append(ent)
        for child in current.children:
            if child.lower_ in TALK_NOUNS or child.lemma_ in THE_DEAD:
                continue  # "the outcome of the meeting between X and Y" names that
                # meeting's parties, not this one's; "the tomb of X" no one alive
            if child.dep_ in ("relcl", "advcl", "acl", "ccomp", "conj", "cc", "punct") \
                    and not (child.dep_ == "punct" and child.text == ","):
                continue
            if child.dep_ == "prep" and child.lower_ == "as":
                continue  # "a visit as X's envoy": X is whom the visitor stands for
            if child.dep_ == "poss" and child.ent_type_ == "PERSON" and is_office(current):
                continue  # "X's envoy, Y": Y stands for X, X is not there
            if child.dep_ == "prep" and any(c.lower_ == "behalf" for c in child.children):
                continue  # "on behalf of X"
            if child.dep_ == "prep" and child.lower_ == "of" and current.dep_ == "appos" \
                    and current.pos_ == "NOUN" and not is_office(current):
                continue  # "Y, a close ally of X": a description of Y
            if child.pos_ == "VERB" and child.lower_ != "including":
                continue  # "officials, including X": X is one of them
            stack.append(child)
    return sorted(found, key=lambda ent: ent.start)


# --- unnamed office holders ----------------------------------------------------------------
def home_ministers(who: list[Party], whom: list[Party], place, here, sent=None
                   ) -> tuple[list[Party], list[Party]]:
    """A minister of no written state whom the table does not know, meeting a head of state
    or government in that head's own state (the meeting's place, else the dateline's), is
    that state's minister: "CAIRO - Economy Minister X met President Y" is a meeting at
    home. A visitor's state is written; a minister at home often goes without."""
    parties = who + whom
    heads = [p for p in parties if p.title in HEADS]
    where = place.country if place is not None else here.country if here is not None else None
    if len(parties) != 2 or len(heads) != 1 or heads[0].country not in (where, None) \
            or where is None:
        return who, whom

    def home(party: Party) -> Party:
        if party.kind == "person" and party.name and not party.country and party.title \
                and (party is heads[0] or "Minister" in party.title and party.title not in HEADS
                     and not (party.key or "").startswith(("Q", "kb:"))
                     and not _state_written_near(party.name, sent)):
            return replace(party, country=where)
        return party

    if not any(home(p) is not p for p in parties if p is not heads[0]):
        return who, whom  # (no minister at home: the head keeps what the text says)

    return [home(p) for p in who], [home(p) for p in whom]


def _state_written_near(name: str, sent) -> bool:
    """Whether the sentence gives the person a body or state by name, one the gazetteer may
    not know: "X, Minister of Industry of the Federation of Arnor," (an "of" and capitals
    around the name)."""
    if sent is None:
        return False
    ent = next((e for e in ents_in(sent) if e.label_ == "PERSON" and name in e.text), None)
    if ent is None:
        return False
    doc = ent.doc
    around = [*doc[max(ent.start - 8, sent.start):ent.start], *doc[ent.end:min(ent.end + 10, sent.end)]]
    return any(t.lower_ == "of" and t.i + 1 < len(doc) and (doc[t.i + 1].is_title or
               doc[t.i + 1].lower_ == "the" and t.i + 2 < len(doc) and doc[t.i + 2].is_title)
               for t in around)


def placed_hosts(who: list[Party], whom: list[Party], place) -> tuple[list[Party], list[Party]]:
    """An unnamed one-person office of no written state ("the President") is the office of
    the state of the meeting's stated place, where no other party is of that state ("X
    called on the President at State House in Nairobi"); without such a place it is nobody."""
    parties = who + whom
    country = place.country if place is not None else None

    def placed(party: Party) -> Party | None:
        if party.name or party.country or party.kind != "person":
            return party
        others = [p for p in parties if p is not party]
        if country and any(p.country for p in others) and all(p.country != country for p in others):
            return replace(party, country=country)
        return None

    return ([q for q in map(placed, who) if q is not None],
            [q for q in map(placed, whom) if q is not None])


def name_office_holders(parties: list[Party], ctx: DocContext, officials: Officials,
                        when, at: int = 0) -> list[Party]:
    """An unnamed holder of a state's one-person office ("Uzbekistan's president", "the
    leaders of Bangladesh") is the person of the story who holds it: the one the text
    describes with that title and country, else the one the table of officials has in that
    office on the day. Only a person the document names: the table never adds a name."""
    named = []
    for party in parties:
        if not party.name and party.kind == "person" and party.country and party.title:
            leader = party.title == "Leader"  # "talks with the leaders of Peru and Chile. ...
            # his talks with Chilean President X"; "receptions for the Ambassadors of A, B
            # and C ... Meeting with B's Ambassador X": the one named after the meeting (a
            # leader: the story's one head of that state)
            fits = [p for p in ctx.people.values() if p.country == party.country
                    and len(p.name.split()) > 1
                    and (p.title in HEADS if leader else p.title == party.title)]
            later = [p for p in fits if p.first > at]
            if len(later) == 1 and (len(fits) == 1 or not leader):
                named.append(replace(party, name=later[0].name, title=later[0].title))
                continue
        if party.name or party.kind != "person" or not party.country \
                or party.title not in SINGLE_HOLDER_TITLES:
            named.append(party)
            continue
        said = [p for p in ctx.people.values()
                if p.title == party.title and p.country == party.country]
        if len(said) != 1:
            said = [p for p in ctx.people.values() if len(p.name.split()) > 1 and _holds(
                officials.lookup(p.name, when, party.country, party.title), party)]
        if len(said) == 1:
            person = said[0]
            named.append(replace(party, name=person.name, title=person.title or party.title))
        else:
            named.append(party)
    return named


def _holds(official, party: Party) -> bool:
    return official is not None and official.title == party.title \
        and official.country == party.country
