"""Assembly: from a parsed document's trigger matches to events.

For each trigger the dependency parse gives the sides (subject: `who`; object, "with",
"to", "between": `whom`), `DocContext` turns each side into parties, and the sentence
gives status, place and date. Nothing here knows a name, place or phrase of any article.
"""
from __future__ import annotations

import re

from collections.abc import Iterable
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from dipevents.extract.lexicon import title_words, words
from dipevents.extract import dates
from dipevents.extract.components import CUES, TRIGGERS, rules_of
from dipevents.extract.gazetteer import Gazetteer
from dipevents.extract.officials import Officials, get_officials
from dipevents.extract.places import PlaceResolver
from dipevents.extract.syntax import (
    REPORTING, clause_verb, ents_in, entity, has_any, has_of, in_subtree, is_definite, noun_phrase, pobjs,
    same_clause, with_conjuncts,
)
from dipevents.extract.parties import (
    DELEGATION_WORDS, GENERIC_PEOPLE, GROUP_WORDS, PRONOUNS, DocContext, best_title,
)
from dipevents.extract.patterns import TriggerRule
from dipevents.extract.merge import dates_agree, parties_agree, places_agree
from dipevents.extract.provenance import source_fields
from dipevents.models import CAMEO, Document, Event, Party, Place, Source

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# Triggers read per sentence: a sentence of news holds a handful; text made of trigger words
# ("met met met ...") would otherwise cost a sentence's reading per word.
MAX_TRIGGERS_PER_SENTENCE = 12
AHEAD = re.compile(r"\b(next|coming|upcoming|later this)\b", re.IGNORECASE)
# Verbs of which a meeting noun is the subject when the sentence reports that it happened.
HAPPEN_VERBS = {"take", "hold", "happen", "occur", "be"}
OBJECT_DEPS = {"dobj", "dative", "attr", "oprd"}
WITH_PREPS = words("with_preps")
PHONE_WORDS = words("phone")
NOT_DATES = words("not_dates")
OTHER_TIME_WORDS = words("other_time")
SEQUENCE_WORDS = words("sequence")

def trigger_entries(rules: Iterable[TriggerRule] | None = None) -> dict[str, TriggerRule]:
    """The trigger rules by id: those given (a pipeline's, `components.rules_of`), else
    those of the rule component's default config."""
    return {rule.id: rule for rule in (rules_of() if rules is None else rules)}


class Assembler:
    """Turns one parsed document into events (before merging)."""

    def __init__(self, gazetteer: Gazetteer, officials: Officials | None = None,
                 rules: Iterable[TriggerRule] | None = None):
        self.gaz = gazetteer
        self.officials = officials or get_officials()
        self.places = PlaceResolver(gazetteer)
        self.entries = trigger_entries(rules)

    def __call__(self, doc: Doc, source: Document) -> list[Event]:
        return self.assemble(doc, source)[0]

    def assemble(self, doc: Doc, source: Document) -> tuple[list[Event], list[Dropped]]:
        """The events of a parsed document, and the candidates the verdict turned away."""
        dropped: list[Dropped] = []
        body_start = source.meta.get("body_start", 0) - source.offset
        ctx = DocContext(doc, self.gaz, max(body_start, 0))
        ref = reference_date(source)
        meta = source.meta
        self._skip = (meta.get("dateline_start", -1) - source.offset,
                      meta.get("dateline_end", -1) - source.offset)
        events: list[Event] = []
        seen_heads: set[int] = set()
        last: Event | None = None
        self._last = None
        self._last_group = None
        self._scene = None
        self._where: dict[str, tuple] = {}  # person key -> (place, date) last stated for them
        self._led: dict[str | None, Party] = {}  # country -> the leader of its delegation
        city = source.meta.get("dateline_place")
        self._here = self.gaz.find_place(city) if city else None
        self._body_start = source.meta.get("body_start", 0) - source.offset
        per_sentence: Counter = Counter()
        for span in doc.spans[TRIGGERS]:
            if span.start_char < self._body_start:
                continue  # headline and header lines: the body reports the event
            head = self._head(span)
            if head.i in seen_heads:
                continue
            seen_heads.add(head.i)
            per_sentence[head.sent.start] += 1
            if per_sentence[head.sent.start] > MAX_TRIGGERS_PER_SENTENCE:
                continue  # no sentence of news reports more meetings: text made of triggers
            self._group_used = False
            found = self._event(doc, span, head, ctx, ref, source, last)
            if isinstance(found, Dropped):
                dropped.append(found)
                continue
            if found is _ANAPHORA:
                continue
            for event in found if isinstance(found, list) else [found]:
                events.append(event)
                last = self._last = event
                if len(event.parties()) > 1:
                    self._last_group = event
        return events, dropped

    # --- the trigger and its sides -----------------------------------------------------
    def _head(self, span: Span) -> Token:
        """The token that carries the frame: the verb, or the noun of a noun trigger."""
        entry = self.entries[span.id_]
        if entry.get("head") == "last":
            return span[-1]
        if entry["label"] == "call" and span[0].lower_ in PHONE_WORDS and len(span) > 1:
            return span[-1]
        if span[0].pos_ == "DET":
            return span[-1]
        return span[0]

    def _event(self, doc, span, head, ctx, ref, source, last):
        """The event(s) a trigger reports, `_ANAPHORA` for a mention of the event just
        reported, or a `Dropped` naming the verdict filter that turned the candidate away."""
        entry = self.entries[span.id_]
        sent = head.sent
        kind = entry["label"]
        self._inferred = False  # a side read from word order, a list, a pronoun or the story
        cues = [c for c in doc.spans[CUES] if c.start >= sent.start and c.end <= sent.end]
        status = self._status(head, cues)
        if status is None:
            return Dropped("not-sought-or-refused", span)
        who_tokens, whom_tokens, visit_of = self._sides(head, entry)
        who = self._parties(who_tokens, ctx, head)
        whom = self._parties(whom_tokens, ctx, head)
        if kind in ("meeting", "call"):
            who, whom = self._lists(head, who, whom, ctx)
        place = self.places.in_sentence(head, sent, self._here)
        if kind == "visit" or visit_of:
            kind, who, whom, place = self._visit_frame(head, who, whom, place, visit_of)
        if kind == "meeting" and has_any(sent, PHONE_WORDS):
            kind = "call"
        who, whom = _distinct(*self.officials.complete_sides(who, whom, ref))
        parties = who + whom
        date_value = self._date(head, sent, ref, status == "planned", parties)
        if date_value and ref and date_value.value > ref.isoformat()[:len(date_value.value)]:
            status = "planned"
        if date_value and status == "occurred" and AHEAD.search(date_value.text):
            status = "planned"  # "next week", "the coming days": still to happen
        if date_value is None and last is not None and any(
                c.dep_ == "advmod" and c.lower_ in SEQUENCE_WORDS for c in head.children):
            date_value, place = last.date, place or last.place  # "X then met Y": same trip
        if not parties:
            if last is not None and span.id_ == "event-anaphora" and \
                    not any(e.label_ == "PERSON" for e in ents_in(sent)):
                _fill(last, place, date_value)
                return _ANAPHORA
            return Dropped("needs-a-party", span)
        scene = self._scene
        stated = place is not None and kind != "call"
        if kind == "call":
            place = None
        elif place is None:
            place, earlier = self.places.fallback(kind, parties, date_value, source, scene,
                                                  self._where)
            if date_value is None and earlier is not None and not has_any(sent, OTHER_TIME_WORDS):
                date_value = earlier
        if status == "occurred" and kind != "call" and (place or date_value):
            self._scene = (frozenset(p.identity() for p in parties if p.name), place, date_value)
        if stated and date_value is None and status == "occurred" \
                and not has_any(sent, OTHER_TIME_WORDS):
            date_value = self._arrival_date(parties, place)  # "arrived on Tuesday ... received"
        if stated and status == "occurred" and not _past_perfect(head):
            for party in parties:  # where these people are, for their next events
                if party.name:
                    self._where[party.identity()] = (place, date_value)
        candidate = Candidate(kind, entry, span, head, who, whom, place, visit_of)
        failed = verdict(candidate)
        if failed is not None:
            return Dropped(failed, span, parties)
        cameo = entry.get("cameo", CAMEO["consult"])
        if kind == "meeting" and "sidelines" in sent.text.lower():
            cameo = CAMEO["meet_third"]
        confidence = _confidence(entry, parties, place, date_value, status, self._inferred)
        event = Event(
            type=kind, status=status, who=who, whom=whom, place=place, date=date_value,
            confidence=confidence, cameo=cameo, earlier=_past_perfect(head),
            sources=[Source(**source_fields(source), sentence=sent.text.strip(),
                            start=source.offset + sent.start_char + _lead(sent.text),
                            end=source.offset + sent.start_char + len(sent.text.rstrip()))],
        )
        definite = head.pos_ == "NOUN" and is_definite(head)
        same_kind = last is not None and (last.type == kind or (
            kind == "meeting" and (entry.get("weak") or definite)))
        if last is not None and (self._group_used or definite) and same_kind and not event.earlier \
                and parties_agree(last, event) \
                and dates_agree(last, event) and places_agree(last, event):
            _fill(last, place, date_value)  # "the two leaders", "the meeting of X with Y"
            return _ANAPHORA
        if kind in ("meeting", "call") and len(who) == 1 and len(whom) > 1 \
                and entry.get("split"):  # "held talks with A, B and C": three meetings
            return [replace(event, whom=[party], sources=list(event.sources)) for party in whom]
        if kind == "visit" and len(whom) > 1 and all(p.kind == "country" for p in whom):
            return [replace(event, whom=[party], place=self.places.country_place(party.country),
                            sources=list(event.sources)) for party in whom]
        return event

    def _status(self, head: Token, cues: list[Span]) -> str | None:
        """`occurred`, `planned`, or None for a sought, refused or hypothetical meeting."""
        scope: set[int] = set()
        token = head
        for _ in range(4):
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
        status = "occurred"
        for cue in cues:
            if not any(i in scope for i in range(cue.start, cue.end)):
                continue
            if cue.label_ == "negated":
                return None
            status = "planned"
        return status

    def _sides(self, head: Token, entry: dict) -> tuple[list[Token], list[Token], bool]:
        """Tokens naming the acting side and the other side; and whether it hosts a visit."""
        who: list[Token] = []
        whom: list[Token] = []
        visit_of = False
        verb = head if head.pos_ in ("VERB", "AUX") else clause_verb(head)
        if head.pos_ in ("NOUN", "PROPN"):
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in ("between", "among"):
                    who.extend(pobjs(prep))
                elif prep.dep_ == "prep" and prep.lower_ in ("with", "to", "on", "for"):
                    whom.extend(pobjs(prep))
                elif prep.dep_ == "prep" and prep.lower_ in ("by", "of", "from"):
                    who.extend(pobjs(prep))
                elif prep.dep_ in ("poss", "nsubj"):
                    who.append(prep)  # "X's meeting with Y"
                elif prep.dep_ in ("nmod", "compound") and prep.i < head.i \
                        and prep.ent_type_ == "PERSON":
                    who.append(prep)  # a caption: "X (R) meeting with Y in Z"
            if not who and verb is not None and head.dep_ not in SUBJECT_DEPS \
                    and (verb.lemma_ not in ONLOOKER_VERBS
                         or any(c.dep_ == "prt" and c.lower_ == "down" for c in verb.children)):
                who.extend(_subjects(verb))
            if verb is not None and head.dep_ in OBJECT_DEPS:
                for prep in verb.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("with", "between"):
                        whom.extend(pobjs(prep))
            if verb is not None and head.dep_ in SUBJECT_DEPS and verb.lemma_ in HAPPEN_VERBS:
                for prep in verb.children:  # "a meeting took place between X and Y"
                    if prep.dep_ == "prep" and prep.lower_ == "between":
                        who.extend(pobjs(prep))
                    elif prep.dep_ == "prep" and prep.lower_ == "with":
                        whom.extend(pobjs(prep))
            return who, whom, visit_of
        if not any(c.dep_ in SUBJECT_DEPS | OBJECT_DEPS | {"prep", "agent"} for c in head.children) \
                and head.dep_ in ("amod", "compound", "nmod", "ROOT") and not entry.get("weak"):
            self._inferred = True
            return _linear_sides(head)  # the parse lost the verb: nearest names either side
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
                        for prep in child.children:
                            if prep.dep_ in ("prep", "agent") and prep.lower_ in ("by", "from"):
                                whom.extend(pobjs(prep))
                            if prep.dep_ == "acl":
                                whom.append(child)
                        if not any(True for _ in whom):
                            whom.append(child)
                        continue
                    if child.pos_ in ("NOUN",) and child.lower_ in TALK_NOUNS:
                        for prep in child.children:
                            if prep.dep_ == "prep" and prep.lower_ in ("with", "between", "on", "for", "from"):
                                whom.extend(pobjs(prep))
                        for prep in head.children:  # "hosted a reception in X for Y"
                            if prep.dep_ == "prep" and prep.lower_ == "for" and entry.get("host"):
                                whom.extend(pobjs(prep))
                        continue
                    whom.append(child)
                elif child.dep_ in ("prep", "agent") and child.lower_ in WITH_PREPS \
                        and not _onlookers(child):
                    whom.extend(pobjs(child))
                elif child.dep_ == "prt" and child.lower_ == "on":
                    whom.extend(t for c in head.children if c.dep_ == "dobj" for t in [c])
        return who, whom, visit_of

    def _arrival_date(self, parties: list[Party], place: Place):
        """The date a party was last placed in this same place, for an undated event there."""
        for party in parties:
            where = self._where.get(party.identity()) if party.name else None
            if where and where[1] is not None and where[0] is not None and (
                    where[0].name == place.name or where[0].country == place.country):
                return where[1]
        return None

    # --- lists of parties ------------------------------------------------------------------
    def _lists(self, head: Token, who: list[Party], whom: list[Party], ctx: DocContext):
        """Sides read as lists when the parse loses some of their members: "talks with his
        A counterpart X, B President Y and C Prime Minister Z", "the presidents of A and
        B", "leaders, including X and Y"; "President of A X and President of B Y held
        talks". A list is read by word order between the trigger and the end of its
        clause; it replaces the parse's side only when it names more parties."""
        start = _list_start(head)
        if start is not None:
            listed = [ctx.person(ent) for ent in _listed_people(head.doc, start, head.sent.end)]
            if not listed:
                listed = self._listed_countries(head.doc, start, head.sent.end)
            if len(listed) > len(whom) and not who and head.doc[start - 1].lower_ == "between":
                who, whom = listed, []  # "talks between A, B and C": all act alike
                self._inferred = True
            elif len(listed) > len(whom):
                whom = listed
                self._inferred = True
        verb = head if head.pos_ in ("VERB", "AUX") else None
        if verb is not None and len(who) == 1:
            subjects = [ctx.person(ent) for ent in _subject_list(verb)]
            if len(subjects) > 1:
                who = subjects
                self._inferred = True
        if not who and whom and head.pos_ in ("NOUN", "PROPN") and clause_verb(head) is not None \
                and not any(c.dep_ in SUBJECT_DEPS and c.i < head.i
                            for c in clause_verb(head).children):
            focus = ctx.focus(head.i, acting=True)  # "Meetings with X took place": the story's subject
            if focus is not None and focus.identity() not in {p.identity() for p in whom}:
                who = [focus]
                self._inferred = True
        return who, whom

    def _listed_countries(self, doc: Doc, start: int, end: int) -> list[Party]:
        """"the presidents of A, B and C", "counterparts from A and B": one unnamed office
        holder per country after a plural office noun."""
        parties: list[Party] = []
        holder: Token | None = None
        stop = _list_end(doc, start, end)
        i = start
        while i < stop:
            token = doc[i]
            if token.lower_ in ("of", "from") and i > start and _is_office(doc[i - 1]):
                holder = doc[i - 1]  # what follows are the countries of office holders
            found = None
            if holder is not None and (token.is_title or token.is_upper):
                found = next(((n, code) for n in (3, 2, 1) if i + n <= stop
                              and (code := self.gaz.country_code(doc[i:i + n].text))), None)
            if found is None:
                i += 1
                continue
            size, code = found
            if all(p.country != code for p in parties):
                title = best_title(noun_phrase(holder), self.gaz)
                parties.append(Party(name=None, title=title, country=code, kind="person"))
            i += size
        return parties

    # --- parties -------------------------------------------------------------------------
    def _parties(self, tokens: list[Token], ctx: DocContext, head: Token) -> list[Party]:
        parties: list[Party] = []
        for token in with_conjuncts(tokens):
            party = self._party(token, ctx, head)
            if isinstance(party, list):
                parties.extend(party)
            elif party is not None:
                parties.append(party)
        return parties

    def _party(self, token: Token, ctx: DocContext, head: Token):
        """The party (or parties) a token names; None when it names nobody."""
        ent = entity(token)
        if ent is not None and ent.label_ == "PERSON":
            return ctx.person(ent)
        if token.lemma_ in DELEGATION_WORDS or token.lower_ in DELEGATION_WORDS:
            return self._delegation(token, ctx)
        if token.lower_ in FIRST_PERSON:
            return self._speaker(token, ctx)
        if token.pos_ == "PRON" or (token.lower_ in GROUP_WORDS and not has_of(token)):
            found = self._pronoun(token, ctx, head)
            if found or token.pos_ == "PRON":
                return found
        # a title and a name: "Foreign Minister Ana Duarte", "the president of X, Y Z",
        # "leaders such as presidents A and B"
        people = [ctx.person(e) for e in _people_in(token)]
        if people:
            return people
        if ent is not None and ent.label_ == "GPE":
            code = self.gaz.country_code(ent.text)
            if code:
                return Party(name=None, country=code, kind="country")
        if ent is not None and ent.label_ in ("ORG", "NORP", "GPE", "FAC", "EVENT", "PRODUCT"):
            org = self.gaz.organization(ent.text)
            if org:
                return Party(name=org, kind="organization")
        title = best_title(noun_phrase(token), self.gaz) if token.pos_ in ("NOUN", "PROPN") else None
        if title or token.lower_ in GENERIC_PEOPLE:
            countries = self._countries_of(token)
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
        return None

    def _delegation(self, token: Token, ctx: DocContext):
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
                    person = replace(person, country=self._country_in(token))
                self._led[person.country] = person
                return person
        country = self._country_in(token)
        if is_definite(token) and country in self._led:
            self._inferred = True
            return self._led[country]  # "the Chinese delegation" is the one led by X
        return Party(name=None, country=country, kind="delegation") if country else None

    def _speaker(self, token: Token, ctx: DocContext) -> Party | None:
        """"I met X": the person the sentence quotes ("..., Minister Y said"), else an
        unnamed office holder of the state the release comes from (its dateline)."""
        self._inferred = True
        for ent in token.sent.ents:
            if ent.label_ == "PERSON" and ent.root.dep_ in SUBJECT_DEPS \
                    and ent.root.head.lemma_ in REPORTING:
                return ctx.person(ent)
        if any(t.text in QUOTE_MARKS for t in token.sent):
            return None  # a quote whose speaker the sentence does not name
        country = self._here.country if self._here is not None else None
        return Party(name=None, country=country, kind="person") if country else None

    def _pronoun(self, token: Token, ctx: DocContext, head: Token):
        """"He" is the person last written as a subject; "they", "the two leaders" are the
        parties of the event just reported."""
        self._inferred = True
        if token.lower_ in PRONOUNS:
            return ctx.focus(token.i)
        group = self._last_group
        if token.lower_ in GROUP_WORDS and head.pos_ == "NOUN" and not head.is_ancestor(token) \
                and head.dep_ == "pobj":
            return ctx.focus(head.i, acting=True)  # "In the meeting with X, the two leaders
            # discussed ...": the leaders are the story's subject and X, not an earlier pair
        if token.lower_ in GROUP_WORDS and group is not None and (
                token.lower_ in ("they", "them", "both") or is_definite(token)):
            self._group_used = True
            return [p for p in group.parties() if p.kind in ("person", "delegation")]
        return None

    def _country_in(self, token: Token) -> str | None:
        for child in token.subtree:
            if child.ent_type_ in ("NORP", "GPE"):
                code = self._country_of(child)
                if code:
                    return code
        return None

    def _country_of(self, token: Token) -> str | None:
        """The country a token names, read from its whole entity ("North Korean", not "Korean")."""
        ent = entity(token)
        return self.gaz.country_code(ent.text if ent is not None else token.text)

    def _countries_of(self, token: Token) -> list[str]:
        """Countries a title noun stands for: "leaders of A and B", "Chinese premier"."""
        found: list[str] = []
        for child in token.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod") and (
                    child.ent_type_ in ("NORP", "GPE") or child.is_title):
                code = self._country_of(child)
                if code and code not in found:
                    found.append(code)
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in with_conjuncts(pobjs(child)):
                    ent = entity(obj)
                    code = self.gaz.country_code(ent.text if ent is not None else obj.text)
                    if code and code not in found:
                        found.append(code)
        return found

    # --- visits ----------------------------------------------------------------------------
    def _visit_frame(self, head, who, whom, place, visit_of):
        """A visit: the visitor is `who`; the host, when named, is `whom`."""
        if visit_of:  # "X hosted a visit by Y": Y visits X
            visitors = [p for p in whom if p.kind != "country"] or whom
            hosts = [p for p in who if p not in visitors]
            who, whom = visitors, hosts
        targets = [p for p in whom if p.kind == "country"]
        people = [p for p in whom if p.kind != "country"]
        if people:  # "X visited Y" with Y a person is a meeting
            return "meeting", who, people, place
        if place is None and targets:  # no place stated: the host country
            place = self.places.country_place(targets[0].country)
        return "visit", who, targets, place


    # --- date ------------------------------------------------------------------------------
    def _date(self, head, sent, ref: date | None, planned: bool, parties):
        best = None
        frame = head if head.pos_ in ("VERB", "AUX") else clause_verb(head)
        for ent in ents_in(sent):
            if ent.label_ not in ("DATE", "TIME") or ent.start_char < self._body_start:
                continue
            if self._skip[0] <= ent.start_char < self._skip[1]:
                continue  # the dateline's own date
            if ent.start_char - self._body_start < 3 and any(ch.isdigit() for ch in ent.text[-4:]):
                continue  # a publication stamp opening the body: "May 12, 2015 And more ..."
            if ent.root.head.lemma_ in REPORTING and ent.root.head.i != head.i:
                continue  # "X said Friday it was hosting ...": the day of the saying
            text = ent.text
            lower = text.lower()
            if any(word in lower for word in NOT_DATES) and not any(ch.isdigit() for ch in lower[:4]):
                continue
            if "ago" in lower or "past" in lower:
                continue
            prev = ent.doc[ent.start - 1] if ent.start > 0 else None
            if prev is not None and prev.lower_ in ("since", "until", "by", "before", "after"):
                continue
            # a date in parentheses right after it belongs to it: "Monday (Jan. 2)"
            end = ent.end
            doc = ent.doc
            if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 1].ent_type_ == "DATE":
                close = end + 1
                while close < len(doc) and doc[close].text != ")":
                    close += 1
                text = doc[ent.start:close].text
            resolved = dates.resolve(text, ref, planned)
            if resolved is None and ent.start >= 2:  # "earlier in | the day"
                resolved = dates.resolve(doc[ent.start - 2:ent.end].text, ref, planned)
            if resolved is None:
                continue
            if not same_clause(ent.root, frame):
                continue  # the date of another clause: "..., as they pledged ... in 2024"
            distance = 0 if in_subtree(ent.root, head) else 50
            distance += abs(ent.start - head.i) / 10
            if best is None or distance < best[0]:
                best = (distance, resolved)
        return best[1] if best else None


def reference_date(source: Document) -> date | None:
    """What relative dates count from: the dateline's day ("Paris, March 2, 2015" in a
    communiqué published on the 3rd), else the publication date."""
    published = dates.parse_iso(source.doc_date)
    stated = source.meta.get("dateline_date")
    if stated:
        found = dates.resolve(stated, published)
        if found is not None and found.precision == "day":
            day = dates.parse_iso(found.value)
            if published is None or (day <= published and (published - day).days <= 7):
                return day
    return published


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
    """A meeting or call has two sides, one of them a person or delegation."""
    return not c.talks or (len(c.parties) >= 2
                           and any(p.kind in ("person", "delegation") for p in c.parties))


def _needs_an_acting_side(c: Candidate) -> bool:
    """"... for talks with X and Y" with nobody acting is no meeting of X and Y."""
    return not c.talks or bool(c.who)


def _object_is_a_party(c: Candidate) -> bool:
    """"X and Y met supporters": an object that names nobody; they did not meet each other."""
    return not c.talks or bool(c.whom) or c.entry.get("weak") or not _unresolved_object(c.head)


def _weak_needs_two_names(c: Candidate) -> bool:
    """A weak trigger ("discussed", "invited") counts only between two named parties."""
    return not c.entry.get("weak") or sum(1 for p in c.parties if p.name) >= 2


def _needs_office_or_state(c: Candidate) -> bool:
    """Some side holds an office, represents a state or is an organisation: diplomacy."""
    return not c.talks or any(p.title or p.kind != "person" or p.country for p in c.parties)


def _two_states(c: Candidate) -> bool:
    """Everyone from one state is domestic politics, not a diplomatic meeting: all parties
    of one country, or every other-side party of the same country as someone acting."""
    countries = {p.country for p in c.parties}
    if c.talks and len(countries) == 1 and None not in countries \
            and all(p.kind == "person" for p in c.parties):
        return False
    acting = {p.country for p in c.who if p.country and p.kind == "person"}
    others = [p for p in c.whom if p.kind == "person"]
    return not (c.talks and others and acting and all(p.country in acting for p in others))


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
    """"called on the government to resign" is a demand, not a visit."""
    return c.span.id_ != "call-on" or not _urges(c.head)


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
    def of_state(title: str) -> bool:
        title = title.lower()
        if title in companies_have:
            return False
        return title in STATE_OFFICES or any(word in STATE_OFFICES for word in title.split())
    return any(p.title and of_state(p.title) for p in c.parties)


def _not_sport(c: Candidate) -> bool:
    """"Spain host Italy in the final", "the top seed meets X": fixtures, not diplomacy."""
    return not (_sentence_words(c) & SPORT_WORDS) or _holds_state_office(c)


def _not_business(c: Candidate) -> bool:
    """Executives' talks, a company's negotiations: commerce, unless an office holder of a
    state or a state itself is a party."""
    if not (_sentence_words(c) & BUSINESS_WORDS):
        return True
    return _holds_state_office(c, companies_have=COMPANY_TITLES) \
        or any(p.kind == "country" for p in c.parties)


def _not_private_life(c: Candidate) -> bool:
    """"the university where he met his future wife"."""
    return not (_sentence_words(c) & PRIVATE_WORDS)


# The verdict: each filter, in order, by the name `eval --explain` prints.
FILTERS = (
    ("needs-two-parties", _needs_two_parties),
    ("counted-meetings", _not_a_count),
    ("needs-an-acting-side", _needs_an_acting_side),
    ("object-is-no-party", _object_is_a_party),
    ("weak-trigger-needs-two-names", _weak_needs_two_names),
    ("needs-office-or-state", _needs_office_or_state),
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


class _Anaphora:
    """Marks a mention ("The meeting, which took place on Monday") of the previous event."""


_ANAPHORA = _Anaphora()
TALK_NOUNS = words("talk_nouns")


def _fill(event: Event, place: Place | None, when) -> None:
    if event.place is None and place is not None and event.type != "call":
        event.place = place
    if event.date is None and when is not None:
        event.date = when


def _subjects(verb: Token) -> list[Token]:
    current = verb
    for _ in range(5):
        found = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        if found and not (len(found) == 1 and found[0].lower_ in ("it", "this", "that")):
            return found
        if found and current.dep_ in ("ccomp", "xcomp") and current.head.i != current.i:
            current = current.head  # "X said it was fantastic to welcome Y"
            continue
        if current.dep_ == "relcl":
            return [current.head]
        if current.dep_ == "ccomp" and current.head.lemma_ in REPORTING:
            break  # "..., met Y, X told reporters": the teller is no side
        if current.dep_ in ("conj", "xcomp", "advcl", "pcomp", "acl", "ccomp") \
                and current.head.i != current.i:
            current = current.head
            if current.pos_ not in ("VERB", "AUX"):
                if verb.dep_ == "acl":
                    return [current]
                current = clause_verb(current) or current
            continue
        if current.dep_ == "prep" or current.head.dep_ == "prep":
            current = current.head
            continue
        break
    return []


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
    if not found and token.pos_ in ("NOUN", "PROPN"):
        doc = token.doc
        after = token.right_edge.i + 1
        if after < len(doc) and doc[after].text == "(":
            close = next((t.i for t in doc[after:after + 20] if t.text == ")"), after)
            after = close + 1
        if after + 1 < len(doc) and doc[after].text == "," and doc[after + 1].ent_type_ == "PERSON":
            ent = entity(doc[after + 1])
            if ent is not None and ent.start == after + 1:
                found = [ent]
    return found


def _people_below(token: Token) -> list[Span]:
    found: list[Span] = []
    stack = [token]
    while stack:
        current = stack.pop()
        if current.ent_type_ == "PERSON":
            ent = entity(current)
            if ent is not None and ent not in found:
                found.append(ent)
        for child in current.children:
            if child.dep_ in ("relcl", "advcl", "acl", "ccomp", "conj", "cc", "punct") \
                    and not (child.dep_ == "punct" and child.text == ","):
                continue
            if child.dep_ == "prep" and child.lower_ == "as":
                continue  # "a visit as X's envoy": X is whom the visitor stands for
            if child.pos_ == "VERB":
                continue
            stack.append(child)
    return sorted(found, key=lambda ent: ent.start)


ONLOOKER_VERBS = words("onlookers")
SPORT_WORDS = words("sport")
BUSINESS_WORDS = words("business")
PRIVATE_WORDS = words("private_life")
STATE_OFFICES = words("state_offices")
COMPANY_TITLES = frozenset({"president", "vice president", "chairman", "chief executive",
                            "director", "managing director", "executive"})


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
    return None


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
    return token.ent_type_ in ("PERSON", "GPE", "NORP", "ORG") or _is_office(token) \
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
    return min(end, start + LIST_LIMIT)


def _in_place_phrase(token: Token) -> bool:
    """A name inside "in X", "at X": a venue the recogniser took for a person."""
    ent = entity(token)
    root = ent.root if ent is not None else token
    return root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS


PLACE_PREPOSITIONS = {"in", "at", "inside", "near"}
FIRST_PERSON = words("first_person")
QUOTE_MARKS = {'"', "\u201c", "\u201d", "\u00ab", "\u00bb", "''", "``"}


def _listed_people(doc: Doc, start: int, end: int) -> list[Span]:
    stop = _list_end(doc, start, end)
    return [ent for ent in ents_in(doc[start:stop]) if ent.label_ == "PERSON"]


def _subject_list(verb: Token) -> list[Span]:
    """PERSON entities before the verb, when all that stands between them is titles,
    countries, commas and "and": "President of A X and President of B Y held talks"."""
    sent = verb.sent
    people = [ent for ent in ents_in(sent) if ent.label_ == "PERSON" and ent.end <= verb.i]
    if len(people) < 2:
        return []
    for token in verb.doc[people[0].start:verb.i]:
        if token.ent_type_ or token.is_punct or token.lower_ in ("and", "of", "the", "his", "her") \
                or token.pos_ in ("PROPN", "ADJ", "ADV") or token.is_title:
            continue
        if token.pos_ == "NOUN" and token.lower_ in GENERIC_PEOPLE:
            continue
        return []
    return people


def _is_office(token: Token) -> bool:
    """An office noun: "presidents", "counterparts", "Foreign Minister"."""
    word = token.lower_
    return token.pos_ in ("NOUN", "PROPN") and (
        word in GENERIC_PEOPLE or token.lemma_ in GENERIC_PEOPLE
        or word in title_words() or word.rstrip("s") in title_words())


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
    return who, whom, False


def _onlookers(prep: Token) -> bool:
    """"with the foreign minister attending": people present, not a side of the meeting."""
    return any(t.lemma_ in ONLOOKER_VERBS or t.lower_ == "present"
               for t in prep.subtree if t.pos_ in ("VERB", "ADJ"))


def _unresolved_object(head: Token) -> bool:
    """The verb has an object or "with" phrase, none of which names a party."""
    if head.pos_ not in ("VERB", "AUX"):
        return False
    objects = [c for c in head.children if c.dep_ in ("dobj", "dative")
               and c.lower_ not in TALK_NOUNS and c.lemma_ not in TALK_NOUNS]
    objects += [t for c in head.children if c.dep_ == "prep" and c.lower_ == "with" for t in pobjs(c)]
    return any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in objects)


def _urges(head: Token) -> bool:
    """"X called on Y to do Z": an infinitive after the object makes it a demand."""
    for token in head.subtree:
        if token.dep_ in ("xcomp", "advcl", "ccomp") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            return True
    return False


def _past_perfect(head: Token) -> bool:
    """"They had met in April": an earlier meeting than the one just reported."""
    verb = head if head.pos_ in ("VERB", "AUX") else clause_verb(head)
    return verb is not None and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)


def _distinct(who: list[Party], whom: list[Party]) -> tuple[list[Party], list[Party]]:
    """Each party once; an unnamed person ("and other leaders of Nepal") is dropped when a
    named party of the same country already stands for that side."""
    seen: set[str] = set()
    out_who, out_whom = [], []
    for side, out in ((who, out_who), (whom, out_whom)):
        named = [p for p in side if p.name and p.kind == "person"]
        countries = {p.country for p in named}
        for party in side:
            key = party.identity()
            if key in seen:
                continue
            if not party.name and party.kind == "person" and named and (
                    party.country in countries or None in countries):
                continue
            if party.kind == "country" and party.country in countries:
                continue  # "Samoan Prime Minister X": the country is X's
            seen.add(key)
            out.append(party)
    return out_who, out_whom


def _confidence(entry: dict, parties: list[Party], place, when, status: str,
                inferred: bool) -> float:
    """How likely the event is right: a strong trigger whose sides the parse names, with
    office or country known for every party, a place and a date, scores highest; each
    weaker reading takes something off (`eval --calibration` shows the result)."""
    score = 0.95
    if entry.get("weak"):
        score -= 0.15
    if inferred:
        score -= 0.1
    if any(not p.name for p in parties):
        score -= 0.1
    if any(not (p.title or p.country) for p in parties):
        score -= 0.1
    if place is None:
        score -= 0.05
    if when is None:
        score -= 0.05
    if status == "planned":
        score -= 0.05
    return round(max(score, 0.05), 2)


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())
