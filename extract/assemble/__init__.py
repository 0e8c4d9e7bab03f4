"""Assembly: from a parsed document's trigger matches to events.

For each trigger the dependency parse gives the sides (subject: `who`; object, "with",
"to", "between": `whom`), `DocContext` turns each side into parties, and the sentence
gives status, place and date. Nothing here knows a name, place or phrase of any article.

The parts, by the question each asks:

- `frame`: who is on which side (the parse, lists by word order, a visit's visitor and host);
- `party`: what party a side's token names (a name, a delegation, "I", "he", "they", an office);
- `status`: occurred, planned, or no meeting at all;
- `when`: the date, what relative dates count from, the date a party arrived;
- `filters`: the verdict, whose named filters turn a candidate away (`FILTERS`);
- `confidence`: how likely the event is right;
- `story`: what is known about the document so far (`Story`, one per document).

The `Assembler` holds only what is the same for every document (gazetteer, officials,
places, trigger rules); `assemble()` makes a `Story` and passes it along.
"""
from __future__ import annotations

from collections.abc import Iterable
from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from dipevents.extract.assemble.confidence import _confidence
from dipevents.extract.assemble.filters import (
    BUSINESS_WORDS, COMPANY_TITLES, FILTERS, PRIVATE_WORDS, SPORT_WORDS, STATE_OFFICES,
    Candidate, Dropped, verdict,
)
from dipevents.extract.assemble.frame import (
    DISPLACING_VERBS, HAPPEN_VERBS, LIST_ENDERS, LIST_LIMIT, LIST_PREPS, OBJECT_DEPS,
    ONLOOKER_VERBS, PLACE_PREPOSITIONS, SUBJECT_DEPS, TALK_NOUNS, WITH_PREPS, read_lists,
    read_sides, visit_frame,
)
from dipevents.extract.assemble.party import (
    FIRST_PERSON, QUOTE_MARKS, home_ministers, name_office_holders, placed_hosts, read_parties,
)
from dipevents.extract.assemble.status import AHEAD, _past_perfect, status_of
from dipevents.extract.assemble.story import Story
from dipevents.extract.assemble.when import (
    NOT_DATES, OTHER_TIME_WORDS, SEQUENCE_WORDS, arrival_date, before_or_after,
    counts_from_unknown, date_of, dated_today, lead_date, reference_date,
)
from dipevents.extract import dates
from dipevents.extract.components import CUES, TRIGGERS, rules_of
from dipevents.extract.gazetteer import Gazetteer
from dipevents.extract.lexicon import words
from dipevents.extract.merge import dates_agree, parties_agree, places_agree
from dipevents.extract.officials import Officials, get_officials
from dipevents.extract.parties import DocContext, at_home, clean_name, the_other_state
from dipevents.extract.patterns import TriggerRule
from dipevents.extract.places import PlaceResolver
from dipevents.extract.provenance import source_fields
from dipevents.extract.syntax import clause_verb, ents_in, has_any, is_definite
from dipevents.models import CAMEO, Document, Event, EventDate, Party, Place, Source

__all__ = [
    "AHEAD", "BUSINESS_WORDS", "COMPANY_TITLES", "DISPLACING_VERBS", "FILTERS", "FIRST_PERSON",
    "HAPPEN_VERBS", "JOINT_WORDS", "LIST_ENDERS", "LIST_LIMIT", "LIST_PREPS",
    "MAX_TRIGGERS_PER_SENTENCE", "NOT_DATES", "OBJECT_DEPS", "ONLOOKER_VERBS",
    "OTHER_TIME_WORDS", "PHONE_WORDS", "PLACE_PREPOSITIONS", "PRIVATE_WORDS", "QUOTE_MARKS",
    "SEQUENCE_WORDS", "SPORT_WORDS", "STATE_OFFICES", "SUBJECT_DEPS", "TALK_NOUNS", "WITH_PREPS",
    "Assembler", "Candidate", "Dropped", "Story", "reference_date", "trigger_entries", "verdict",
]

# Triggers read per sentence: a sentence of news holds a handful; text made of trigger words
# ("met met met ...") would otherwise cost a sentence's reading per word.
MAX_TRIGGERS_PER_SENTENCE = 12
PHONE_WORDS = words("phone")
GATHERING_WORDS = words("gatherings")
MULTILATERAL_WORDS = words("multilateral")
JOINT_WORDS = words("joint")


def trigger_entries(rules: Iterable[TriggerRule] | None = None) -> dict[str, TriggerRule]:
    """The trigger rules by id: those given (a pipeline's, `components.rules_of`), else
    those of the rule component's default config."""
    return {rule.id: rule for rule in (rules_of() if rules is None else rules)}


class Assembler:
    """Turns one parsed document into events (before merging). It holds what every
    document shares; what one document tells is in the `Story` that `assemble()` makes."""

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
        header = source.header  # offsets relative to this piece's text
        dateline = header.dateline
        ref = reference_date(source)
        story = Story(
            source=source,
            ctx=DocContext(doc, self.gaz, max(header.body_start, 0), self.officials, ref),
            ref=ref,
            here=self.gaz.find_place(dateline.place) if dateline else None,
            gathering=self.places.gathering_city(doc, max(header.body_start, 0)),
            body_start=header.body_start,
            skip=(dateline.start, dateline.end) if dateline else (-1, -1),
        )
        story.headline = self._headline_place(doc, story)
        events: list[Event] = []
        seen_heads: set[int] = set()
        per_sentence: Counter = Counter()
        for span in doc.spans[TRIGGERS]:
            if span.start_char < story.body_start:
                continue  # headline and header lines: the body reports the event
            head = self._head(span)
            if head.i in seen_heads:
                continue
            seen_heads.add(head.i)
            per_sentence[head.sent.start] += 1
            if per_sentence[head.sent.start] > MAX_TRIGGERS_PER_SENTENCE:
                continue  # no sentence of news reports more meetings: text made of triggers
            story.group_used = False
            found = self._event(doc, span, head, story)
            if isinstance(found, Dropped):
                dropped.append(found)
                continue
            if found is _ANAPHORA:
                continue
            for event in found if isinstance(found, list) else [found]:
                events.append(event)
                story.told.append(event)
                story.last = event
                if len(event.parties()) > 1:
                    story.last_group = event
                    if event.status == "occurred":
                        story.last_met = event
        return events, dropped

    def _headline_place(self, doc: Doc, story: Story) -> Place | None:
        """The town a headline's meeting is placed in ("Directors of A and B meet in
        Santiago"): the body's meeting is that one, where it names no place of its own."""
        for span in doc.spans[TRIGGERS]:
            if span.start_char >= story.body_start or span.start_char < 0:
                break
            if self.entries[span.id_]["label"] != "meeting":
                continue
            head = self._head(span)
            place = self.places.in_sentence(head, head.sent)
            if place is not None and not self.places.is_country(place) and place.country:
                return place
        return None

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

    def _event(self, doc: Doc, span: Span, head: Token, story: Story):
        """The event(s) a trigger reports, `_ANAPHORA` for a mention of the event just
        reported, or a `Dropped` naming the verdict filter that turned the candidate away."""
        ctx, ref, source, last = story.ctx, story.ref, story.source, story.last
        entry = self.entries[span.id_]
        sent = head.sent
        kind = entry["label"]
        story.inferred = False  # a side read from word order, a list, a pronoun or the story
        cues = [c for c in doc.spans[CUES] if c.start >= sent.start and c.end <= sent.end]
        status = status_of(head, cues)
        if status is None:
            return Dropped("not-sought-or-refused", span)
        story.status = status
        who_tokens, whom_tokens, visit_of = read_sides(head, entry, story)
        who = read_parties(who_tokens, ctx, head, self.gaz, story)
        whom = read_parties(whom_tokens, ctx, head, self.gaz, story)
        if kind in ("meeting", "call"):
            who, whom = read_lists(head, who, whom, ctx, self.gaz, story)
        place = self.places.in_sentence(head, sent, story.here,
                                        frozenset(p.country for p in who + whom if p.country))
        if kind == "visit" or visit_of:
            kind, who, whom, place = visit_frame(head, who, whom, place, visit_of, self.places)
        phone = has_any(sent, PHONE_WORDS) if entry.get("weak") else _by_phone(head)
        if kind == "meeting" and phone:  # ("spoke by phone and discussed X": the call's)
            kind = "call"
        elif kind == "call" and entry.get("in_person_if_placed") and not phone and (
                place is not None or "sidelines" in sent.text.lower()):
            kind = "meeting"  # "spoke with X on the sidelines of the summit", "in Geneva"
        who, whom = (respectively(side, sent, self.gaz) for side in (who, whom))
        who, whom = (name_office_holders(side, ctx, self.officials, ref, head.i)
                     for side in (who, whom))
        who, whom = _distinct(*self.officials.complete_sides(who, whom, ref))
        parties = who + whom
        place = self.places.claimed(place, parties)  # "came to Kashmir": India's part
        date_value = date_of(head, sent, ref, status == "planned", parties, story)
        if ref is None and date_value is not None:  # a story with no date of its own: who
            # held which office on the day the sentence gives ("on May 3, 2019")
            who, whom = _distinct(*self.officials.complete_sides(who, whom, _day_of(date_value)))
            parties = who + whom
        adrift = date_value is None and counts_from_unknown(head)  # "Three years later, X met
        # Y" with no year named before: no date from the scene, the lead or an arrival either
        if date_value is None and status == "occurred":
            date_value = dated_today(head, source, ref)
        if date_value and ref and date_value.value > ref.isoformat()[:len(date_value.value)]:
            status = "planned"
        if date_value and status == "occurred" and AHEAD.search(date_value.text) \
                and not dates.counts_from_named(date_value.text):
            status = "planned"  # "next week", "the coming days": still to happen (not "the
            # next day", counted from a day the story named)
        if date_value is None and not adrift and last is not None and any(
                c.dep_ == "advmod" and c.lower_ in SEQUENCE_WORDS for c in head.children):
            date_value, place = last.date, place or last.place  # "X then met Y": same trip
        if not parties:
            if last is not None and span.id_ == "event-anaphora" and not any(
                    e.label_ == "PERSON" and not has_any(e, GATHERING_WORDS)
                    for e in ents_in(sent)):  # ("the Munich Security | Conference -MSC-",
                # which NER took for a person, is none)
                self._fill_place(last, place, story)
                _fill(last, place, date_value)
                return _ANAPHORA
            return Dropped("needs-a-party", span)
        scene = story.scene
        stated = place is not None and kind != "call"
        landed = stated and self.places.transit(sent, place)  # "welcomed at X airport":
        # where the guest landed is no scene or stay for his next events
        staying = stated and self.places.visiting(sent, place)  # "X, who is on a visit to
        # Nepal, met Y": his stay's place, not its date, carries to his next events
        if kind == "call":
            place = None
        elif place is None:
            place, earlier = self.places.fallback(kind, parties, date_value, source, scene,
                                                  story.where, story.gathering, story.headline,
                                                  has_any(sent, MULTILATERAL_WORDS))
            if date_value is None and not adrift and earlier is not None and status == "occurred" \
                    and not has_any(sent, OTHER_TIME_WORDS):
                date_value = earlier  # (where they were then is no date of a meeting ahead)
            if date_value is None and not adrift and status == "occurred" and ref is not None \
                    and _at(place, story.gathering):  # the summit the story is about: the
                date_value = lead_date(head, parties, story, story.gathering) or EventDate(
                    ref.isoformat()[:7], "month", "", "relative")  # day its lead gives, or
                # the month of the story's date
            if place is None and status == "occurred" and entry.get("host"):
                place = self.places.host_capital(_subject_side(head, who, whom))
            elif place is None and status == "occurred" and entry.get("guest"):
                place = self.places.host_capital(whom)  # "X called on President Y"
            if place is None and status == "occurred" and kind == "meeting":
                place = self.places.head_receives(parties)
        elif self.places.is_country(place):  # "on a visit to Kenya": the city the story
            place = self.places.city_in(place, parties, story) or place  # puts them in
        who, whom = placed_hosts(who, whom, place if stated else None)
        parties = who + whom
        if kind == "meeting":  # the host of a meeting at home: the place's state (a place
            # from earlier in the story only if the story tells of no summit or forum)
            who, whom = at_home(who, whom, place, sent.text if stated else doc.text,
                                self.officials)
            who, whom = home_ministers(who, whom, place, story.here, sent)
            parties = who + whom
        if kind in ("meeting", "call"):  # the other state of the two the story pairs
            who, whom = the_other_state(who, whom, ctx)
            parties = who + whom
        if status == "occurred" and kind != "call" and (place or date_value) and not landed:
            story.scene = (frozenset(p.identity() for p in parties if p.name), place, date_value)
        if stated and date_value is None and not adrift and status == "occurred" \
                and not has_any(sent, OTHER_TIME_WORDS):
            date_value = arrival_date(parties, place, story)  # "arrived on Tuesday ... received"
        if date_value is None and not adrift and status == "occurred" and kind == "meeting":
            date_value = lead_date(head, parties, story)  # "A and B agreed on Tuesday ... X
            # of A and Y of B held talks": the lead's date, for the people the lead names
        if stated and status == "occurred" and not _past_perfect(head) and not landed \
                and before_or_after(head) is None:  # not "after ending his visit to X"
            for party in parties:  # where these people are, for their next events
                if party.name:
                    story.where[party.identity()] = (place, None if staying else date_value)
        private = frozenset(p.identity() for p in parties if ctx.in_private_office(p))
        candidate = Candidate(kind, entry, span, head, who, whom, place, visit_of, private)
        failed = verdict(candidate)
        if failed is not None and story.group_used and last is not None \
                and status == "occurred" and last.type == kind \
                and {p.identity() for p in parties} == {p.identity() for p in last.parties()}:
            _fill(last, place, date_value)  # "X met Y. The two sides met in Geneva on
            return _ANAPHORA  # Monday": the pair just reported, whatever the sentence alone
        if failed is not None:
            return Dropped(failed, span, parties)
        cameo = entry.get("cameo", CAMEO["consult"])
        if kind == "meeting" and "sidelines" in sent.text.lower():
            cameo = CAMEO["meet_third"]
        confidence = _confidence(entry, parties, place, date_value, status, story.inferred)
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
        if last is not None and (story.group_used or definite) and same_kind and not event.earlier \
                and parties_agree(last, event) \
                and dates_agree(last, event) and places_agree(last, event):
            self._fill_place(last, place, story)
            _fill(last, place, date_value)  # "the two leaders", "the meeting of X with Y"
            return _ANAPHORA
        if kind in ("meeting", "call") and len(who) == 1 and len(whom) > 1 \
                and entry.get("split"):  # "held talks with A, B and C": three meetings
            others = [p for p in whom if not _compatriots(who[0], p)]  # "came to brief
            # Turkey on talks between Turkey and Greece": no meeting of a Turk with Turkey
            return [replace(event, whom=[party], sources=list(event.sources))
                    for party in others] or Dropped("one-state-only", span, parties)
        if len(who) > 1 and len(whom) == 1 and all(p.kind == "person" for p in who) \
                and not has_any(sent, JOINT_WORDS):
            # "A and B met C": each meets C, and co-actors are no pair of their own (as
            # event data codes them; "the two leaders then met C": the two have their
            # meeting already); "A and B jointly met C", "A and B met C and D", "the EU
            # and ASEAN held talks with C" (bodies acting as one): one meeting of them all
            return [replace(event, who=[party], sources=list(event.sources)) for party in who]
        if kind == "visit" and len(whom) > 1 and all(p.kind == "country" for p in whom):
            return [replace(event, whom=[party], place=self.places.country_place(party.country),
                            sources=list(event.sources)) for party in whom]
        if kind == "visit" and not whom and stated and (towns := self.places.listed(sent, place)):
            return [event, *(replace(event, place=town, sources=list(event.sources))
                             for town in towns)]  # "will visit Nairobi, Kampala and Kigali"
        return event


    def _fill_place(self, event: Event, place: Place | None, story: Story) -> None:
        """A mention of the event just reported that names its town ("The meeting in Munich
        was part of ...") refines a country or region the event had ("his first visit to
        Europe"), for its people's next events too."""
        if event.type == "call" or event.place is None or place is None \
                or not self.places.refines(event.place, place):
            return
        old = event.place
        people = {p.identity() for p in event.parties() if p.name}
        for told in (event, *story.told):  # the same stay, told before with other words
            if told.place == old and people & {p.identity() for p in told.parties() if p.name}:
                told.place = place
        for key in people:
            stay = story.where.get(key)
            if stay is not None and stay[0] == old:
                story.where[key] = (place, *stay[1:])
        if story.scene is not None and story.scene[1] == old and people & story.scene[0]:
            story.scene = (story.scene[0], place, *story.scene[2:])


class _Anaphora:
    """Marks a mention ("The meeting, which took place on Monday") of the previous event."""


_ANAPHORA = _Anaphora()


def _day_of(value: EventDate) -> str:
    """A day within an event's date, for the table of officials: mid-month for a month,
    mid-year for a year."""
    text = value.value
    return text if len(text) >= 10 else f"{text}-15" if len(text) == 7 else f"{text[:4]}-07-01"


def _compatriots(a: Party, b: Party) -> bool:
    return a.kind == "person" and b.kind in ("person", "country") and a.country is not None \
        and a.country == b.country


def _subject_side(head: Token, who: list[Party], whom: list[Party]) -> list[Party]:
    """The parties the trigger's grammatical subject names ("President X received Y": X)."""
    subjects = [c for c in head.children if c.dep_ == "nsubj"]
    if any(c.pos_ == "PRON" for c in subjects) or any(c.dep_ == "agent" for c in head.children):
        return who  # "He received Y", "Y was received by X": the side read as acting
    words = {t.text for c in subjects for t in c.subtree}
    return [p for p in who + whom if p.name and words & set(p.name.split())]


def _by_phone(head: Token) -> bool:
    """Whether the trigger's own clause says phone or video ("held talks by phone"); a
    call coordinated with a meeting ("spoke by phone with A and later met B") is its own
    clause, so each verb keeps its kind."""
    verb = head if head.pos_ in ("VERB", "AUX") else clause_verb(head)
    if verb is None:
        return has_any(head.sent, PHONE_WORDS)
    return any(t.lower_ in PHONE_WORDS for t in _clause(verb))


def _clause(verb: Token) -> list[Token]:
    """The verb's words without the verbs coordinated with it or clauses describing a noun."""
    out, stack = [], [verb]
    while stack:
        token = stack.pop()
        out.append(token)
        stack.extend(c for c in token.children if not (
            (c.dep_ in ("conj", "advcl") and c.pos_ in ("VERB", "AUX")) or c.dep_ == "relcl"))
    return out


def _fill(event: Event, place: Place | None, when) -> None:
    if event.place is None and place is not None and event.type != "call":
        event.place = place
    if when is not None and (event.date is None or (
            len(when.value) > len(event.date.value) and when.value.startswith(event.date.value))):
        event.date = when  # (or a day of the month the event was put in: "The meeting took
        # place on Monday" after a meeting at the summit the story is about)


def respectively(side: list[Party], sent, gaz: Gazetteer) -> list[Party]:
    """"the directors of the Chilean and Colombian ministries, A and B, respectively": the
    states written in a row are, in order, those of the people named in a row after them."""
    if not any(t.lower_ == "respectively" for t in sent):
        return side
    people = [e for e in ents_in(sent) if e.label_ == "PERSON"]
    if len(people) < 2:
        return side
    states = [code for e in ents_in(sent) if e.label_ in ("NORP", "GPE")
              and e.end <= people[0].start and (code := gaz.country_code(e.text))]
    if len(states) != len(people):
        return side
    of = {clean_name(e.text): code for e, code in zip(people, states)}
    named = [p for p in side if p.name in of]
    if named and any(p.country not in (None, of[p.name]) for p in named):
        return side  # the text says otherwise for one of them
    return [replace(p, country=of[p.name]) if p.name in of else p for p in side]


def _at(place: Place | None, gathering: Place | None) -> bool:
    return place is not None and gathering is not None and place.name == gathering.name


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


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())
