"""Assembly: from a parsed document's trigger matches to events.

For each trigger the dependency parse gives the sides (subject: `who`; object, "with",
"to", "between": `whom`), `DocContext` turns each side into parties, and the sentence
gives status, place and date. Nothing here knows a name, place or phrase of any article.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from dipevents.extract import dates
from dipevents.extract.components import CUES, TRIGGERS
from dipevents.extract.gazetteer import Gazetteer
from dipevents.extract.lexicon import country_display_names
from dipevents.extract.parties import (
    DELEGATION_WORDS, GENERIC_PEOPLE, GROUP_WORDS, PRONOUNS, DocContext, best_title,
)
from dipevents.extract.patterns import load_patterns
from dipevents.extract.merge import dates_agree, parties_agree, places_agree
from dipevents.models import CAMEO, Document, Event, Party, Place, Source

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
OBJECT_DEPS = {"dobj", "dative", "attr", "oprd"}
WITH_PREPS = {"with", "between", "to", "on", "by", "alongside"}
PLACE_PREPS = {"in", "at", "to", "inside"}
PHONE_WORDS = {"phone", "telephone", "video", "virtual", "videoconference", "online",
               "teleconference", "phoned", "telephoned", "phones", "telephonic"}
NOT_DATES = ("anniversary", "year-old", "decade", "decades", "years", "months", "weeks",
             "days", "hours", "minutes", "day-long", "-day", "-year", "century")
OTHER_TIME_WORDS = {"earlier", "previously", "before", "ago", "last", "former", "past", "once",
                    "had"}
SEQUENCE_WORDS = {"then", "later", "afterwards", "subsequently", "thereafter"}
REPORTING = {"say", "tell", "report", "announce", "state", "add", "confirm", "write", "tweet",
             "quote", "note"}
# "held talks with A, B and C" is three meetings; an invitation to one event is one gathering.
SPLIT_TRIGGERS = {"meet-verb", "hold-talks", "meeting-noun", "call-on", "courtesy-call",
                  "receive-verb", "host-verb", "welcome-verb", "speak-with", "phone-call"}


def trigger_entries() -> dict[str, dict]:
    return {entry["id"]: entry for entry in load_patterns("triggers.jsonl")}


class Assembler:
    """Turns one parsed document into events (before merging)."""

    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        self.entries = trigger_entries()

    def __call__(self, doc: Doc, source: Document) -> list[Event]:
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
        self._body_start = source.meta.get("body_start", 0) - source.offset
        for span in doc.spans[TRIGGERS]:
            if span.start_char < self._body_start:
                continue  # headline and header lines: the body reports the event
            head = self._head(span)
            if head.i in seen_heads:
                continue
            seen_heads.add(head.i)
            self._group_used = False
            found = self._event(doc, span, head, ctx, ref, source, last)
            if found is None or found is _ANAPHORA:
                continue
            for event in found if isinstance(found, list) else [found]:
                events.append(event)
                last = self._last = event
                if len(event.parties()) > 1:
                    self._last_group = event
        return events

    # --- the trigger and its sides -----------------------------------------------------
    def _head(self, span: Span) -> Token:
        """The token that carries the frame: the verb, or the noun of a noun trigger."""
        entry = self.entries[span.id_]
        if entry["label"] == "call" and span[0].lower_ in PHONE_WORDS and len(span) > 1:
            return span[-1]
        if span[0].pos_ == "DET":
            return span[-1]
        return span[0]

    def _event(self, doc, span, head, ctx, ref, source, last):
        entry = self.entries[span.id_]
        sent = head.sent
        kind = entry["label"]
        cues = [c for c in doc.spans[CUES] if c.start >= sent.start and c.end <= sent.end]
        status = self._status(head, cues)
        if status is None:
            return None
        who_tokens, whom_tokens, visit_of = self._sides(head, entry)
        who = self._parties(who_tokens, ctx, head)
        whom = self._parties(whom_tokens, ctx, head)
        place = self._place(head, sent, who + whom)
        if kind == "visit" or visit_of:
            kind, who, whom, place = self._visit_frame(head, who, whom, place, visit_of)
        if kind == "meeting" and _has_any(sent, PHONE_WORDS):
            kind = "call"
        who, whom = _distinct(who, whom)
        parties = who + whom
        date_value = self._date(head, sent, ref, status == "planned", parties)
        if date_value and ref and date_value.value > ref.isoformat()[:len(date_value.value)]:
            status = "planned"
        if date_value is None and last is not None and any(
                c.dep_ == "advmod" and c.lower_ in SEQUENCE_WORDS for c in head.children):
            date_value, place = last.date, place or last.place  # "X then met Y": same trip
        if not parties:
            if last is not None and span.id_ == "event-anaphora" and \
                    not any(e.label_ == "PERSON" for e in sent.ents):
                _fill(last, place, date_value)
                return _ANAPHORA
            return None
        scene = self._scene
        if kind == "call":
            place = None
        elif place is None:
            place, earlier = self._fallback(kind, parties, date_value, source, scene)
            if date_value is None and earlier is not None and not _has_any(sent, OTHER_TIME_WORDS):
                date_value = earlier
        if status == "occurred" and kind != "call" and (place or date_value):
            self._scene = (frozenset(p.key() for p in parties if p.name), place, date_value)
        if kind in ("meeting", "call") and (
                len(parties) < 2 or not any(p.kind in ("person", "delegation") for p in parties)):
            return None
        if kind in ("meeting", "call") and not who:
            return None  # nobody acts: "... for talks with X and Y" with the subject unknown
        if kind in ("meeting", "call") and not whom and not entry.get("weak") \
                and _unresolved_object(head):
            return None  # "X and Y met supporters": they did not meet each other
        if entry.get("weak") and sum(1 for p in parties if p.name) < 2:
            return None
        if kind in ("meeting", "call") and not any(
                p.title or p.kind != "person" or p.country for p in parties):
            return None  # no office, state or organisation on either side: not diplomacy
        countries = {p.country for p in parties}
        if kind in ("meeting", "call") and len(countries) == 1 and None not in countries \
                and all(p.kind == "person" for p in parties):
            return None  # everyone from one state: domestic politics, not a diplomatic meeting
        if kind == "visit" and (place is None or not any(p.name and p.kind == "person" for p in who)):
            return None  # a visit is a named person going somewhere the text names
        if span.id_ == "call-on" and _urges(head):
            return None  # "called on the government to resign" is a demand, not a visit
        if kind == "visit" and not visit_of and head.dep_ in ("pcomp", "advcl") and \
                not any(c.dep_ in SUBJECT_DEPS for c in head.children):
            return None  # "X received Y upon landing": who landed is not X
        cameo = entry.get("cameo", CAMEO["consult"])
        if kind == "meeting" and "sidelines" in sent.text.lower():
            cameo = CAMEO["meet_third"]
        confidence = _confidence(entry, parties, place, date_value)
        event = Event(
            type=kind, status=status, who=who, whom=whom, place=place, date=date_value,
            confidence=confidence, cameo=cameo, earlier=_past_perfect(head),
            sources=[Source(doc=source.path, doc_date=source.doc_date, sentence=sent.text.strip(),
                            start=source.offset + sent.start_char + _lead(sent.text),
                            end=source.offset + sent.start_char + len(sent.text.rstrip()))],
        )
        definite = head.pos_ == "NOUN" and _is_definite(head)
        same_kind = last is not None and (last.type == kind or (
            kind == "meeting" and (entry.get("weak") or definite)))
        if last is not None and (self._group_used or definite) and same_kind and not event.earlier \
                and parties_agree(last, event) \
                and dates_agree(last, event) and places_agree(last, event):
            _fill(last, place, date_value)  # "the two leaders", "the meeting of X with Y"
            return _ANAPHORA
        if kind in ("meeting", "call") and len(who) == 1 and len(whom) > 1 \
                and span.id_ in SPLIT_TRIGGERS:
            return [replace(event, whom=[party], sources=list(event.sources)) for party in whom]
        if kind == "visit" and len(whom) > 1 and all(p.kind == "country" for p in whom):
            return [replace(event, whom=[party], place=self._country_place(party.country),
                            sources=list(event.sources)) for party in whom]
        return event

    def _status(self, head: Token, cues: list[Span]) -> str | None:
        """`occurred`, `planned`, or None for a sought, refused or hypothetical meeting."""
        scope: set[int] = set()
        token = head
        for _ in range(4):
            if token.head.i == token.i or token.dep_ in ("ccomp", "parataxis", "advcl", "relcl"):
                break  # the status of a clause is its own: "wanted to ..., as he met X"
            token = token.head
            scope.add(token.i)
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
        verb = head if head.pos_ in ("VERB", "AUX") else _clause_verb(head)
        if head.pos_ in ("NOUN", "PROPN"):
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in ("between", "among"):
                    who.extend(_pobjs(prep))
                elif prep.dep_ == "prep" and prep.lower_ in ("with", "to", "on", "for"):
                    whom.extend(_pobjs(prep))
                elif prep.dep_ == "prep" and prep.lower_ in ("by", "of", "from"):
                    who.extend(_pobjs(prep))
                elif prep.dep_ in ("poss", "nsubj"):
                    who.append(prep)  # "X's meeting with Y"
            if not who and verb is not None and head.dep_ not in SUBJECT_DEPS \
                    and verb.lemma_ not in ONLOOKER_VERBS:
                who.extend(_subjects(verb))
            if verb is not None and head.dep_ in OBJECT_DEPS:
                for prep in verb.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("with", "between"):
                        whom.extend(_pobjs(prep))
            return who, whom, visit_of
        if not any(c.dep_ in SUBJECT_DEPS | OBJECT_DEPS | {"prep", "agent"} for c in head.children) \
                and head.dep_ in ("amod", "compound", "nmod", "ROOT") and not entry.get("weak"):
            return _linear_sides(head)  # the parse lost the verb: nearest names either side
        passive = any(c.dep_ == "nsubjpass" for c in head.children)
        agents = [t for c in head.children if c.dep_ == "agent" for t in _pobjs(c)]
        if passive and agents:
            who.extend(agents)
            whom.extend(c for c in head.children if c.dep_ == "nsubjpass")
        else:
            who.extend(_subjects(head))
            for child in head.children:
                if child.dep_ in OBJECT_DEPS:
                    if child.lemma_ in ("visit", "delegation") and entry.get("host"):
                        visit_of = True
                        for prep in child.children:
                            if prep.dep_ in ("prep", "agent") and prep.lower_ in ("by", "from"):
                                whom.extend(_pobjs(prep))
                            if prep.dep_ == "acl":
                                whom.append(child)
                        if not any(True for _ in whom):
                            whom.append(child)
                        continue
                    if child.pos_ in ("NOUN",) and child.lower_ in TALK_NOUNS:
                        for prep in child.children:
                            if prep.dep_ == "prep" and prep.lower_ in ("with", "between", "on", "for", "from"):
                                whom.extend(_pobjs(prep))
                        continue
                    whom.append(child)
                elif child.dep_ in ("prep", "agent") and child.lower_ in WITH_PREPS \
                        and not _onlookers(child):
                    whom.extend(_pobjs(child))
                elif child.dep_ == "prt" and child.lower_ == "on":
                    whom.extend(t for c in head.children if c.dep_ == "dobj" for t in [c])
        return who, whom, visit_of

    # --- parties -------------------------------------------------------------------------
    def _parties(self, tokens: list[Token], ctx: DocContext, head: Token) -> list[Party]:
        parties: list[Party] = []
        for token in _with_conjuncts(tokens):
            party = self._party(token, ctx, head)
            if isinstance(party, list):
                parties.extend(party)
            elif party is not None:
                parties.append(party)
        return parties

    def _party(self, token: Token, ctx: DocContext, head: Token):
        """The party (or parties) a token names; None when it names nobody."""
        ent = _entity(token)
        if ent is not None and ent.label_ == "PERSON":
            return ctx.person(ent)
        if token.lemma_ in DELEGATION_WORDS or token.lower_ in DELEGATION_WORDS:
            return self._delegation(token, ctx)
        if token.pos_ == "PRON" or (token.lower_ in GROUP_WORDS and not _has_of(token)):
            found = self._pronoun(token, ctx)
            if found or token.pos_ == "PRON":
                return found
        # a title and a name: "Foreign Minister Wang Yi", "the president of X, Y Z",
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
        title = best_title(_noun_phrase(token), self.gaz) if token.pos_ in ("NOUN", "PROPN") else None
        if title or token.lower_ in GENERIC_PEOPLE:
            countries = self._countries_of(token)
            if len(countries) > 1:
                return [Party(name=None, title=title, country=c, kind="person") for c in countries]
            country = countries[0] if countries else None
            if title and _is_definite(token) and not _has_of(token):
                found = ctx.by_title(title, country, token.i)
                if found is not None:
                    return found
            if country and token.lower_ in ("counterpart", "counterparts") and _is_definite(token):
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
            lead_ent = _entity(leader)
            if lead_ent is not None and lead_ent.label_ == "PERSON":
                return ctx.person(lead_ent)
        country = self._country_in(token)
        return Party(name=None, country=country, kind="delegation") if country else None

    def _pronoun(self, token: Token, ctx: DocContext):
        """"He" is the person last written as a subject; "they", "the two leaders" are the
        parties of the event just reported."""
        if token.lower_ in PRONOUNS:
            return ctx.focus(token.i)
        group = self._last_group
        if token.lower_ in GROUP_WORDS and group is not None and (
                token.lower_ in ("they", "them", "both") or _is_definite(token)):
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
        ent = _entity(token)
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
                for obj in _with_conjuncts(_pobjs(child)):
                    ent = _entity(obj)
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
        if place is None and targets:
            capital = None
            place = Place(name=country_display_names().get(targets[0].country) or targets[0].country,
                          country=targets[0].country, lat=None, lon=None) if capital is None else capital
        return "visit", who, targets, place

    def _country_place(self, code: str | None) -> Place | None:
        name = country_display_names().get(code) if code else None
        return Place(name=name, country=code) if name else None

    # --- place -----------------------------------------------------------------------------
    def _place(self, head: Token, sent: Span, parties: list[Party]) -> Place | None:
        """The most specific place the sentence gives for the event, in the event's clause."""
        frame = head if head.pos_ in ("VERB", "AUX") else _clause_verb(head)
        travel = head.lemma_ in TRAVEL_WORDS or (frame is not None and frame.lemma_ in TRAVEL_WORDS)
        own_target = head.pos_ == "NOUN" and head.lemma_ in TRAVEL_WORDS and any(
            c.dep_ == "prep" and c.lower_ == "to" for c in head.children)
        candidates: list[tuple[float, Place]] = []
        for ent in sent.ents:
            if ent.label_ not in ("GPE", "LOC", "FAC", "ORG", "EVENT", "PERSON", "NORP"):
                continue
            if own_target and not _in_subtree(ent.root, head):
                continue  # "X's visit to Y": the place is Y or nothing
            subordinate = not _same_clause(ent.root, frame)
            if subordinate and not _hangs_from(ent.root, frame):
                continue  # "... to pressure Russia over its war in Ukraine"
            prep = _preposition_before(ent)
            if prep is None and ent.start > 0 and ent.doc[ent.start - 1].lower_ == "from" \
                    and ent.doc[ent.start - 1].head.lemma_ in REPORTING:
                prep = "from"  # "..., a correspondent reports from Moscow"
            capital = _after_capital(ent)
            place = None
            if prep is not None or capital:
                place = self.gaz.find_place(ent.text)
            if place is None and (prep in ("in", "at") or _names_gathering(ent)):
                place = self._leading_place(ent, capital_only=not _names_gathering(ent))
                prep = prep or "at"  # "the Jeddah Security Summit"
            if place is None:
                continue
            topic = ent.root.head.head
            if ent.root.head.dep_ == "prep" and topic.lower_ in TOPIC_WORDS and topic.pos_ == "NOUN":
                continue  # "the situation in Afghanistan" is what they discussed, not where
            possessive = ent.end < len(ent.doc) and ent.doc[ent.end].text in ("'s", "\u2019s")
            is_country = self.gaz.country_code(ent.text) is not None
            if possessive and not (is_country and _region_follows(ent)):
                continue  # "Indonesia's G20 presidency" is not a place; "Russia's Far East" is
            score = 0.0 if is_country else 2.0
            if capital:
                score += 3
            if _in_subtree(ent.root, head):
                score += 2
            if prep == "to" and not travel:
                score -= 3
            if prep == "from":
                score -= 4
            if subordinate:
                score -= 5  # "received Y upon landing at the Jeddah airport": only if nothing else
            score -= abs(ent.start - head.i) / 100
            candidates.append((score, place))
        if not candidates:
            candidates.extend(self._untagged_places(sent, head, frame))
        if not candidates:
            return None
        candidates.sort(key=lambda item: -item[0])
        return candidates[0][1]

    def _untagged_places(self, sent: Span, head: Token, frame) -> list[tuple[float, Place]]:
        """"in Montevideo" where the tagger saw no entity: a proper-noun run after "in"/"at"
        that the gazetteer knows as a city."""
        found = []
        for token in sent:
            if token.lower_ not in ("in", "at") or token.i + 1 >= sent.end:
                continue
            start = end = token.i + 1
            while end < sent.end and end - start < 3 and sent.doc[end].pos_ == "PROPN" \
                    and sent.doc[end].is_title and not sent.doc[end].ent_type_:
                end += 1
            if end == start or not _same_clause(sent.doc[start], frame):
                continue
            name = sent.doc[start:end].text
            place = None if self.gaz.country_code(name) else self.gaz.find_place(name)
            if place is not None:
                found.append((2.0 - abs(start - head.i) / 100, place))
        return found

    def _leading_place(self, ent: Span, capital_only: bool = False) -> Place | None:
        """A city that opens a longer name: "the Jeddah Summit", "Hà Nội for ..." (NER cut)."""
        words = [t.text for t in ent if t.lower_ != "the"]
        for size in (2, 1):
            if len(words) > size:
                name = " ".join(words[:size])
                if self.gaz.country_code(name) is not None:
                    continue
                if capital_only and self.gaz.capital_code(name) is None:
                    continue
                place = self.gaz.find_place(name)
                if place is not None:
                    return place
        return None

    def _fallback(self, kind: str, parties: list[Party], when, source: Document, scene):
        """No place in the sentence: the place (and date) of the scene just reported with
        the same people ("In a meeting with X, the president ..."), else the dateline's city."""
        if scene is not None:
            keys, place, date_value = scene
            shared = keys & {p.key() for p in parties if p.name}
            same_time = when is None or (date_value is not None
                                         and when.value[:7] == date_value.value[:7])
            if shared and same_time and place is not None:
                return place, date_value
        city = source.meta.get("dateline_place")
        if city and kind == "meeting":
            return self.gaz.find_place(city), None
        return None, None

    # --- date ------------------------------------------------------------------------------
    def _date(self, head, sent, ref: date | None, planned: bool, parties):
        best = None
        frame = head if head.pos_ in ("VERB", "AUX") else _clause_verb(head)
        for ent in sent.ents:
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
            if resolved is None:
                continue
            if not _same_clause(ent.root, frame):
                continue  # the date of another clause: "..., as they pledged ... in 2024"
            distance = 0 if _in_subtree(ent.root, head) else 50
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


class _Anaphora:
    """Marks a mention ("The meeting, which took place on Monday") of the previous event."""


_ANAPHORA = _Anaphora()
# What talks are about: a place after these is a topic ("the war in Ukraine"), not a venue.
TOPIC_WORDS = {"situation", "crisis", "war", "conflict", "conflicts", "issue", "issues",
               "developments", "relations", "peace", "process", "ties", "cooperation",
               "security", "investment", "investments", "violence", "tensions", "fighting",
               "elections", "election", "humanitarian", "aid", "trade", "policy"}
TRAVEL_WORDS = {"visit", "travel", "arrive", "trip", "tour", "fly", "land", "come", "go", "head",
                "embark", "mission", "journey"}
GATHERING_WORDS = {"summit", "conference", "forum", "meeting", "talks", "dialogue", "assembly",
                   "games", "session", "congress", "expo", "week"}
TALK_NOUNS = {"talks", "talk", "meeting", "meetings", "discussions", "consultations", "summit",
              "bilaterals", "bilateral", "dialogue", "negotiations", "conversation", "call",
              "reception", "receptions", "session", "audience", "visit"}


def _fill(event: Event, place: Place | None, when) -> None:
    if event.place is None and place is not None and event.type != "call":
        event.place = place
    if event.date is None and when is not None:
        event.date = when


def _has_any(span: Span, words: set[str]) -> bool:
    return any(t.lower_ in words for t in span)


def _is_definite(token: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "his", "her",
                                                          "their", "its")
               for c in token.children)


def _clause_verb(token: Token) -> Token | None:
    """The verb of the clause a token sits in (for a noun trigger, the verb that governs it)."""
    current = token
    for _ in range(12):
        if current.head.i == current.i:
            return current if current.pos_ in ("VERB", "AUX") else None
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return None


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
        if current.dep_ in ("conj", "xcomp", "advcl", "pcomp", "acl", "ccomp") \
                and current.head.i != current.i:
            current = current.head
            if current.pos_ not in ("VERB", "AUX"):
                if verb.dep_ == "acl":
                    return [current]
                current = _clause_verb(current) or current
            continue
        if current.dep_ == "prep" or current.head.dep_ == "prep":
            current = current.head
            continue
        break
    return []


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        for item in (token, *token.conjuncts):
            if item not in out:
                out.append(item)
    return out


def _entity(token: Token) -> Span | None:
    if not token.ent_type_:
        return None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def _led_by(token: Token) -> Token | None:
    for child in token.subtree:
        if child.lemma_ in ("lead", "head") and child.dep_ in ("acl", "relcl"):
            for grand in child.children:
                if grand.dep_ == "agent":
                    for obj in _pobjs(grand):
                        ent = _entity(obj)
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
            ent = _entity(doc[after + 1])
            if ent is not None and ent.start == after + 1:
                found = [ent]
    return found


def _people_below(token: Token) -> list[Span]:
    found: list[Span] = []
    stack = [token]
    while stack:
        current = stack.pop()
        if current.ent_type_ == "PERSON":
            ent = _entity(current)
            if ent is not None and ent not in found:
                found.append(ent)
        for child in current.children:
            if child.dep_ in ("relcl", "advcl", "acl", "ccomp", "conj", "cc", "punct") \
                    and not (child.dep_ == "punct" and child.text == ","):
                continue
            if child.pos_ == "VERB":
                continue
            stack.append(child)
    return sorted(found, key=lambda ent: ent.start)


def _same_clause(token: Token, frame: Token | None) -> bool:
    """Whether a token belongs to the frame verb's clause (not to another verb's)."""
    clause = _clause_verb(token)
    if clause is None or frame is None or clause.i == frame.i:
        return True
    if _in_subtree(frame, clause):
        return True
    # a participle on the frame's subject: "X, accompanied by Y, in Riyadh on Monday, met Z"
    return clause.dep_ in ("acl", "amod") and clause.head.head.i == frame.i


# Who attends, joins or covers a meeting is not a party to it.
ONLOOKER_VERBS = {"attend", "join", "witness", "observe", "cover", "accompany", "sit", "watch",
                  "brief", "report"}
REGION_WORDS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                "far", "capital", "border", "region", "province", "state", "coast", "island",
                "islands", "city", "central"}


def _region_follows(ent: Span) -> bool:
    doc = ent.doc
    nxt = ent.end + 1
    return nxt < len(doc) and (doc[nxt].lower_ in REGION_WORDS or doc[nxt].ent_type_ == "LOC")


def _hangs_from(token: Token, frame: Token | None) -> bool:
    """A token in an adverbial clause hanging right off the frame: "upon landing at X"."""
    clause = _clause_verb(token)
    if clause is None or frame is None:
        return False
    return clause.dep_ in ("pcomp", "advcl") and (
        clause.head.i == frame.i or clause.head.head.i == frame.i)


def _names_gathering(ent: Span) -> bool:
    return any(t.lower_ in GATHERING_WORDS for t in ent) or \
        (ent.end < len(ent.doc) and ent.doc[ent.end].lower_ in GATHERING_WORDS)


def _linear_sides(head: Token) -> tuple[list[Token], list[Token], bool]:
    """Sides by word order when the parse is broken around a verb trigger: the closest
    person before it acts, the closest person after it is the other side."""
    sent = head.sent
    people = [ent for ent in sent.ents if ent.label_ == "PERSON"]
    before = [ent for ent in people if ent.end <= head.i]
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
    objects += [t for c in head.children if c.dep_ == "prep" and c.lower_ == "with" for t in _pobjs(c)]
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
    verb = head if head.pos_ in ("VERB", "AUX") else _clause_verb(head)
    return verb is not None and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)


def _has_of(token: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)


def _noun_phrase(token: Token) -> Span:
    left = token.left_edge.i
    return token.doc[left:token.i + 1]


def _preposition_before(ent: Span) -> str | None:
    doc = ent.doc
    i = ent.start - 1
    venue = i >= 0 and doc[i].text == ","  # "at the Apurva Kempinski Hotel, Bali"
    while i >= 0 and (doc[i].lower_ in ("the", "capital", ",", "city", "of", "town", "port")
                      or doc[i].dep_ == "amod" or (venue and doc[i].ent_type_ in ("FAC", "ORG"))):
        i -= 1
        if ent.start - i > 9:
            break
    if i >= 0 and doc[i].lower_ in PLACE_PREPS:
        return doc[i].lower_
    return None


def _after_capital(ent: Span) -> bool:
    doc = ent.doc
    window = [t.lower_ for t in doc[max(ent.start - 3, 0):ent.start]]
    return "capital" in window


def _in_subtree(token: Token, head: Token) -> bool:
    current = token
    for _ in range(12):
        if current.i == head.i:
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def _distinct(who: list[Party], whom: list[Party]) -> tuple[list[Party], list[Party]]:
    """Each party once; an unnamed person ("and other leaders of Nepal") is dropped when a
    named party of the same country already stands for that side."""
    seen: set[str] = set()
    out_who, out_whom = [], []
    for side, out in ((who, out_who), (whom, out_whom)):
        named = [p for p in side if p.name and p.kind == "person"]
        countries = {p.country for p in named}
        for party in side:
            key = party.key()
            if key in seen:
                continue
            if not party.name and party.kind == "person" and named and (
                    party.country in countries or None in countries):
                continue
            if party.kind == "country" and party.country in countries:
                continue  # "Solomon Islands Prime Minister X": the country is X's
            seen.add(key)
            out.append(party)
    return out_who, out_whom


def _confidence(entry: dict, parties: list[Party], place, when) -> float:
    score = 0.55 if entry.get("weak") else 0.7
    if all(p.name for p in parties):
        score += 0.1
    if place is not None:
        score += 0.05
    if when is not None:
        score += 0.05
    return round(min(score, 0.95), 2)


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())
