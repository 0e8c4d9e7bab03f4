"""Place resolution: where an event happened, from its sentence or, failing that, from
the scene just reported or the dateline. Places resolve through the offline gazetteer."""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from dipevents.extract.dates import MONTHS, WEEKDAYS
from dipevents.extract.gazetteer import Gazetteer
from dipevents.extract.lexicon import country_display_names, words
from dipevents.extract.syntax import (
    REPORTING, clause_verb, entity, ents_in, gathering_clause, hangs_from, in_subtree, is_office,
    same_clause, time_clause,
)
from dipevents.models import Document, Party, Place

PLACE_PREPS = words("place_preps")
TOPIC_WORDS = words("topics")
TRAVEL_WORDS = words("travel")
DEPARTURES = words("departures")
HEADS = words("heads_of_state")
GATHERING_WORDS = words("gatherings")
REGION_WORDS = words("regions")
TIME_LINKS = words("time_links")
DESTINATION_HEADS = words("destination_heads")
TRANSIT_WORDS = words("transit_points")
TRIP_NOUNS = words("trip_nouns")
PLACE_NOUNS = words("place_nouns")
DATE_WORDS = frozenset({*MONTHS, *WEEKDAYS})


class PlaceResolver:
    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer

    def country_place(self, code: str | None) -> Place | None:
        name = country_display_names().get(code) if code else None
        return Place(name=name, country=code) if name else None

    # --- place -----------------------------------------------------------------------------
    def in_sentence(self, head: Token, sent: Span, here: Place | None = None,
                    countries: frozenset[str] = frozenset()) -> Place | None:
        """The most specific place the sentence gives for the event, in the event's clause;
        `here` is the dateline's city, for "here"; a name that is also the capital of a
        party's state (`countries`) is that capital."""
        frame = head if head.pos_ in ("VERB", "AUX") else clause_verb(head)
        travel = head.lemma_ in TRAVEL_WORDS or (frame is not None and frame.lemma_ in TRAVEL_WORDS)
        own_target = head.pos_ == "NOUN" and head.lemma_ in TRAVEL_WORDS and any(
            c.dep_ == "prep" and c.lower_ == "to" for c in head.children)
        candidates: list[tuple[float, Place]] = []
        covered: set[int] = set()  # tokens of a longer town name read already ("Port | of Spain")
        for ent in ents_in(sent):
            if ent.label_ not in ("GPE", "LOC", "FAC", "ORG", "EVENT", "PERSON", "NORP") \
                    and not _town_taken_for_a_date(ent):
                continue
            if ent.start in covered:
                continue
            if self._in_organization_name(ent):
                continue  # "the Shanghai Cooperation Organisation summit": no town
            other_time = _time_link(ent.root, head)
            if other_time == "clause":
                continue  # "met X in Kyiv, days after X held talks with Y in Moscow"
            if own_target and not in_subtree(ent.root, head):
                continue  # "X's visit to Y": the place is Y or nothing
            subordinate = not same_clause(ent.root, frame)
            if subordinate and (_party_arrived(ent.root, frame)
                                or gathering_clause(ent.root, frame)):
                subordinate = False  # "received X, who arrived in Y on Monday": Y; "at the
                # summit, which took place in Y"
            if subordinate and not hangs_from(ent.root, frame):
                continue  # "... to pressure Russia over its war in Ukraine"
            if subordinate and _earlier_or_later(ent.root, head):
                continue  # "held talks after ending his visit to Tanzania"
            prep = _preposition_before(ent)
            if prep == "to" and _posting(ent):
                continue  # "the ambassador to Moscow": where the envoy serves
            if prep == "to" and ent.root.head.lower_ == "to" and not _destination_after(
                    ent.root.head.head):
                continue  # "to discuss aid to Kyiv": no one went there
            if prep is None and ent.root.dep_ == "dobj" and ent.root.head.lemma_ in TRAVEL_WORDS:
                prep = "to"  # "visited Nairobi"
            bound = prep is None and ent.root.dep_ == "pobj" and ent.root.head.lower_ == "for" \
                and ent.root.head.head.lemma_ in DEPARTURES
            if bound:
                prep = "to"  # "left for Cairo on a three-day visit", "leaves for Tokyo on
                # Sunday for talks with X"
            if prep is None and ent.start > 0 and ent.doc[ent.start - 1].lower_ == "from" \
                    and ent.doc[ent.start - 1].head.lemma_ in REPORTING:
                prep = "from"  # "..., a correspondent reports from Lima"
            capital = _after_capital(ent)
            place = None
            if ent.root.dep_ == "compound" and is_office(ent.root.head):
                continue  # "Kremlin spokesperson X": the government it speaks for, no venue
            longer = self._longer_town(ent)
            if longer is not None:  # "in Port Moresby", where NER tagged "Port" alone
                covered.update(range(ent.end, longer[1]))
                place = self._among(longer[0], countries)
            elif prep in ("in", "at") and (state := self._capital_of(ent)):
                place = self.gaz.capital_place(state)  # "in the Ugandan capital": Kampala
            venue = self.gaz.venue(ent.text) if place is None else False
            if venue is not False:  # a seat of government is its city, never a namesake elsewhere
                if venue is None:
                    continue
                place, prep = venue, prep or "at"
            elif place is None and (prep is not None or capital) \
                    and not self.gaz.organization(ent.text):
                place = self._among(ent.text, countries)  # "at U.N. headquarters": no town
            if place is None and (prep in ("in", "at") or _names_gathering(ent)):
                place = self._leading(ent, capital_only=not _names_gathering(ent))
                prep = prep or "at"  # a gathering named after its city: "the Arusha Trade Forum"
            if place is None:
                continue
            topic = ent.root.head.head
            if ent.root.head.dep_ == "prep" and topic.lower_ in TOPIC_WORDS and topic.pos_ == "NOUN":
                continue  # "the situation in Afghanistan" is what they discussed, not where
            possessive = ent.end < len(ent.doc) and ent.doc[ent.end].text in ("'s", "\u2019s")
            is_country = self.gaz.country_code(ent.text) is not None
            if possessive and not (is_country and _region_follows(ent)) \
                    and not (not is_country and _venue_follows(ent)):
                continue  # "Indonesia's G20 presidency" is not a place; "Russia's Far East"
                # and "in Kampala's State House" are
            score = 0.0 if is_country else 2.0
            if capital:
                score += 3
            if in_subtree(ent.root, head):
                score += 2
            if prep == "to" and not travel and not bound:
                score -= 3
            if prep == "from":
                score -= 4
            if subordinate or other_time:
                score -= 5  # "received Y upon landing at the X airport", "After talks in
                # Paris, X met Y in Warsaw": only if nothing else
            score -= abs(ent.start - head.i) / 100
            candidates.append((score, place))
        if not candidates or max(score for score, _ in candidates) < 0:
            candidates.extend(self._untagged(sent, head, frame))  # "in Kyiv", untagged,
            # over a place of another clause
        if not candidates and frame is not None and here is not None and any(
                t.lower_ == "here" and t.dep_ == "advmod" and same_clause(t, frame) for t in sent):
            return here  # "held meetings ... here": the city the story was filed from
        if not candidates and frame is not None and any(
                t.lower_ == "there" and t.dep_ == "advmod" and same_clause(t, frame) for t in sent):
            return self._last_place_before(sent)  # "gathered in X. Y met Z there"
        if not candidates:
            return None
        candidates.sort(key=lambda item: -item[0])
        return candidates[0][1]

    def _last_place_before(self, sent: Span) -> Place | None:
        """The last town or state the sentence before names after "in" or "at"."""
        if sent.start == 0:
            return None
        before = sent.doc[sent.start - 1].sent
        for ent in reversed(list(ents_in(before))):
            if ent.label_ in ("GPE", "LOC", "FAC") and _preposition_before(ent) in ("in", "at"):
                venue = self.gaz.venue(ent.text)
                return venue if venue is not False else self.gaz.find_place(ent.text)
        return None

    def _untagged(self, sent: Span, head: Token, frame) -> list[tuple[float, Place]]:
        """"in Montevideo" where the tagger saw no entity, or swallowed the place into a
        longer name ("the Pacific Leaders Meeting in Apia"): a proper-noun run after "in"/"at"
        that the gazetteer knows as a city; or the town after a venue's name ("at State
        House, Entebbe")."""
        found = []
        for token in sent:
            if token.i + 1 >= sent.end or _time_link(token, head) == "clause":
                continue
            if token.text == "," and _town_of_venue(sent.doc[token.i + 1]):
                inside = False
            elif token.lower_ not in ("in", "at"):
                continue
            else:
                inside = token.ent_iob_ == "I"  # the preposition is part of an entity's name
            start = end = token.i + 1
            while end < sent.end and end - start < 3 and sent.doc[end].pos_ == "PROPN" \
                    and sent.doc[end].is_title and (not sent.doc[end].ent_type_ or (
                        inside and sent.doc[end].ent_iob_ == "I")):
                end += 1
            if end == start or not same_clause(sent.doc[start], frame):
                continue
            name = sent.doc[start:end].text
            place = None if self.gaz.country_code(name) else self.gaz.find_place(name)
            if place is not None:
                found.append((2.0 - abs(start - head.i) / 100, place))
        return found

    def _in_organization_name(self, ent: Span) -> bool:
        """A town that begins an organisation's name ("the Shanghai Cooperation Organisation
        summit"), in the entity or run on after it."""
        doc = ent.doc
        start = ent.start + (ent[0].lower_ == "the")
        end = ent.end
        while end < len(doc) and end - ent.end < 4 and doc[end].is_title:
            end += 1
        return any(self.gaz.organization(doc[start:stop].text)
                   for stop in range(end, start + 1, -1))

    def _longer_town(self, ent: Span) -> tuple[str, int] | None:
        """A town's name NER cut short, and where it ends: "Port" of "Port Moresby", "Port
        of Spain"; only a longer name the gazetteer knows as a town, not a country."""
        doc = ent.doc
        if ent.label_ not in ("GPE", "LOC", "FAC"):
            return None
        best = None
        end = ent.end
        while end < len(doc) and end - ent.end < 3:
            token = doc[end]
            if token.lower_ in ("of", "de", "-") and end + 1 < len(doc) \
                    and doc[end + 1].is_title:
                end += 1
                continue
            if token.pos_ != "PROPN" or not token.is_title:
                break
            end += 1
            name = doc[ent.start:end].text
            if self.gaz.country_code(name) is None and self.gaz.find_place(name) is not None:
                best = (name, end)
        return best

    def _capital_of(self, ent: Span) -> str | None:
        """The state whose capital a state's name or demonym before "capital" stands for,
        where no name follows: "in the Ugandan capital", "in Kenya's capital"."""
        doc = ent.doc
        i = ent.end + (ent.end < len(doc) and doc[ent.end].text in ("'s", "\u2019s"))
        if i >= len(doc) or doc[i].lower_ != "capital" \
                or (i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN"):
            return None
        return self.gaz.demonym_code(ent.text) or self.gaz.country_code(ent.text)

    def visiting(self, sent: Span, place: Place | None) -> bool:
        """Whether the sentence gives the place in a relative clause of someone's visit
        ("X, who is on a visit to Nepal, met Y"): where he stays, with no date of its own."""
        return place is not None and any(
            ent.text == place.name and _on_a_visit(ent.root, clause_verb(ent.root))
            for ent in ents_in(sent))

    def transit(self, sent: Span, place: Place | None) -> bool:
        """Whether the sentence places the event at an airport of its town ("welcomed at
        Entebbe airport"): where a guest landed, not where he stays."""
        if place is None:
            return False
        for ent in ents_in(sent):
            if ent.text != place.name:
                continue
            after = ent.doc[ent.end:min(ent.end + 3, sent.end)]
            if any(t.lower_ in TRANSIT_WORDS for t in after) or (
                    ent.root.head.dep_ == "prep"
                    and ent.root.head.head.lower_ in TRANSIT_WORDS):
                return True  # "Entebbe (International) airport", "the airport in Entebbe"
        return False

    def _leading(self, ent: Span, capital_only: bool = False) -> Place | None:
        """A city that opens a longer name: "the Arusha Summit", or a city NER ran on into the
        next words ("Kigali for ...")."""
        if self._in_organization_name(ent):
            return None  # "the Shanghai Cooperation Organisation summit"
        words = [t.text for t in ent if t.lower_ != "the"]
        for size in (2, 1):
            if len(words) > size:
                name = " ".join(words[:size])
                if self.gaz.country_code(name) is not None or name.isupper() \
                        or self.gaz.organization(name):
                    continue  # "the UN General Assembly", "the Commonwealth Summit"
                if capital_only and self.gaz.capital_code(name) is None:
                    continue
                place = self.gaz.find_place(name)
                if place is not None and place.country is not None:
                    return place  # "the Asia-Pacific Economic Cooperation summit" is in no "Asia"
        return None

    @staticmethod
    def nobody_known(party: Party) -> bool:
        """A "person" with no title, no state and no entry in the table of officials, whom a
        visit names: a place NER took for a name more often than a host ("a tour to Wadi
        Rum")."""
        return party.kind == "person" and bool(party.name) and not party.title \
            and not party.country and not (party.key or "").startswith(("Q", "kb:"))

    def town_named(self, party: Party) -> Place | None:
        """The town or region a "person" with no title, state or entry in the table of
        officials is named after: a place read as a name ("visit Wellington and Hawke's
        Bay")."""
        if not self.nobody_known(party):
            return None
        place = self.gaz.find_place(party.name)
        return place if place is not None and place.country and not self.is_country(place) \
            else None

    def listed(self, sent: Span, place: Place) -> list[Place]:
        """The other towns of the list a visit's town is written in: "will visit Nairobi,
        Kampala and Kigali" (countries in a list are the visit's hosts, read as parties)."""
        for ent in ents_in(sent):
            if ent.label_ not in ("GPE", "LOC") or ent.text != place.name:
                continue
            more = []
            for token in ent.root.conjuncts:
                other = entity(token)
                if other is None or other.label_ not in ("GPE", "LOC") \
                        or self.gaz.country_code(other.text):
                    continue
                found = self.gaz.find_place(other.text)
                if found is not None and found.country and found not in more:
                    more.append(found)
            return more
        return []

    def refines(self, old: Place, new: Place) -> bool:
        """Whether `new` is a town within the country or region `old` ("Munich" for
        "Europe", "Entebbe" for "Uganda")."""
        vague = self.is_country(old) or self.gaz.is_region(old.name) or old.country is None
        return vague and not self.is_country(new) and new.country is not None \
            and old.country in (None, new.country)

    def is_country(self, place: Place) -> bool:
        return place.country is not None and self.gaz.country_code(place.name) == place.country

    def city_in(self, country: Place, parties: list[Party], story) -> Place | None:
        """A city of `country` the story already puts these parties in (where they arrived),
        or the city of the story's gathering or dateline there: "visited Kenya" after
        "arrived in Nairobi" is Nairobi."""
        for party in parties:
            where = story.where.get(party.identity()) if party.name else None
            if where and where[0] is not None and where[0].country == country.country \
                    and not self.is_country(where[0]):
                return where[0]
        for city in (story.gathering, story.here):
            if city is not None and city.country == country.country and not self.is_country(city):
                return city
        return None

    def _among(self, name: str, countries: frozenset[str]) -> Place | None:
        """`find_place`, but a name that is also the capital of a party's state is that
        capital: "San Jose" with Costa Rica's president, not the Californian city; a
        neutral venue stays itself ("Geneva" for Americans and Russians)."""
        first = self.gaz.find_place(name)
        if first is None or first.country in countries:
            return first
        capital_of = self.gaz.capital_code(name)
        if capital_of in countries and (capital := self.gaz.capital_place(capital_of)):
            return Place(name, capital.country, capital.lat, capital.lon)
        return first

    def claimed(self, place: Place | None, parties: list[Party]) -> Place | None:
        """A region several states share or dispute (`claimed_by` in
        `gazetteers/regions.json`) is the part the one party's state among them holds: "the
        Indian prime minister came to Kashmir" is a trip at home; with people of both
        states, or of neither, it stays no state's."""
        if place is None or place.country is not None:
            return place
        mine = self.gaz.claimants(place.name) & {p.country for p in parties if p.country}
        return replace(place, country=next(iter(mine))) if len(mine) == 1 else place

    def gathering_city(self, doc, body_start: int) -> Place | None:
        """The city of a gathering the story's lead (its first two sentences) places ("the
        38th AU Summit concluded in Addis Ababa", "the Asean Summit in Bangkok"): where its
        unplaced meetings most likely took place. A gathering named later in the story is
        more often an earlier or coming one."""
        lead = [sent for sent in doc.sents if sent.end_char > body_start][:2]
        for ent in (e for sent in lead for e in sent.ents):
            if ent.label_ != "GPE" or ent.start_char < body_start:
                continue
            prep = ent.root.head
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "at"):
                continue
            holder = prep.head
            if holder.pos_ in ("VERB", "AUX"):
                holder = next((c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")),
                              holder)
            if holder.lower_ not in GATHERING_WORDS and holder.lemma_ not in GATHERING_WORDS:
                continue
            place = self.gaz.find_place(ent.text)
            if place is not None and self.gaz.country_code(ent.text) is None:
                return place
        return None

    def host_capital(self, hosts: list[Party]) -> Place | None:
        """Where a state's officials receive or host someone when the story names no place:
        their capital. Only for people with a title, all of one state."""
        countries = {p.country for p in hosts}
        if not hosts or len(countries) != 1 or None in countries \
                or not all(p.kind == "person" and p.title for p in hosts):
            return None
        return self.gaz.capital_place(countries.pop())

    def head_receives(self, parties: list[Party]) -> Place | None:
        """A head of state or government meeting lesser officials of other states, with no
        place named: the head's capital, where such guests are received ("Foreign Secretary
        X met Maldivian President Y")."""
        heads = [p for p in parties if p.title in HEADS]
        guests = [p for p in parties if p not in heads]
        home = {p.country for p in heads}
        if len(home) != 1 or None in home or not guests or any(
                not p.title or not p.country or p.country in home for p in guests):
            return None
        return self.gaz.capital_place(home.pop())

    def fallback(self, kind: str, parties: list[Party], when, source: Document, scene,
                 where: dict | None = None, gathering: Place | None = None,
                 headline: Place | None = None, multilateral: bool = False):
        """No place in the sentence: the place (and date) of the scene just reported with
        the same people ("In a meeting with X, the president ..."); else where the text last
        put one of the parties ("arrived in X ... He also met Y"); else the city of the
        gathering the story's lead places, for a meeting; else the dateline's city, where it
        lies in a party's country. For a meeting, the town the headline places a meeting in
        comes before the gathering's and the dateline's; a dateline in a third state is the
        venue of a meeting at a summit or on its sidelines (`multilateral`)."""
        if scene is not None:
            keys, place, date_value = scene
            shared = keys & {p.identity() for p in parties if p.name}
            if shared and _same_time(when, date_value) and place is not None:
                return place, date_value
        for party in parties:
            if party.name and party.identity() in (where or {}):
                place, date_value = where[party.identity()]
                if _same_time(when, date_value):
                    return place, date_value
        if headline is not None and kind == "meeting":
            return headline, None  # "Directors of A and B meet in Santiago" over the story
        if gathering is not None and kind == "meeting":
            return gathering, None
        city = source.header.dateline.place if source.header.dateline else None
        place = self.gaz.find_place(city) if city and kind == "meeting" else None
        countries = {p.country for p in parties if p.country}
        if place is not None and (not countries or place.country in countries or (
                multilateral and not self.is_country(place))):
            return place, None  # a dateline in a party's country: most likely the host's; or
            # at a summit ("ADDIS ABABA - X met Y on the sidelines of an AU summit"), in a
            # third state: the summit's town, where the reporter is
        unknown = [p for p in parties if p.kind == "person" and p.title and not p.country]
        if place is not None and place.country and len(unknown) == 1 and len(parties) == 2 \
                and unknown[0].title in HEADS and kind == "meeting":
            return place, None  # "NAIROBI - President X met Ugandan President Y": X, a head
            # of state, is the host at home (`parties.at_home` gives him the dateline's
            # state); a minister in a dateline's city is as often its visitor
        return None, None


def _destination_after(word: Token) -> bool:
    """Whether "to X" after this word is where someone went or was received: travel, a
    trip, or a verb of sending or welcoming ("welcomed X to Alexandria")."""
    return word.lemma_ in TRAVEL_WORDS or word.lemma_ in TRIP_NOUNS \
        or word.lemma_ in DESTINATION_HEADS


def _town_taken_for_a_date(ent: Span) -> bool:
    """A proper noun NER called a date that is no date word: "met in Montevideo on
    Thursday" (NER: DATE)."""
    return ent.label_ == "DATE" and all(t.pos_ == "PROPN" and t.is_alpha for t in ent) \
        and not any(t.lower_ in DATE_WORDS for t in ent)


def _party_arrived(token: Token, frame: Token | None) -> bool:
    """A place in a relative clause of travel or presence on one of the frame's parties:
    "received the Sultan of Brunei, who arrived in Malaysia on Monday", "X, who is in
    Prague for a visit, met Y"."""
    clause = clause_verb(token)
    on_visit = _on_a_visit(token, clause)
    if token.head.lower_ not in ("in", "at") and not on_visit:
        return False  # "who later flew to Y" went on elsewhere; "who is on a visit to Y" is there
    return clause is not None and frame is not None and clause.dep_ == "relcl" \
        and (clause.lemma_ in TRAVEL_WORDS or _is_there(clause, token) or on_visit) \
        and clause.head.pos_ in ("PROPN", "NOUN") \
        and getattr(clause_verb(clause.head), "i", None) == frame.i


def _on_a_visit(token: Token, clause: Token | None) -> bool:
    """"who is | on a visit to | Y", "who is visiting Y": a place the clause's verb says
    someone is visiting now."""
    prep = token.head
    if clause is not None and token.dep_ == "dobj" and prep == clause \
            and clause.lemma_ == "visit" and clause.tag_ == "VBG":
        return any(c.dep_ == "aux" and c.lower_ in ("is", "are") for c in clause.children)
    return clause is not None and prep.lower_ == "to" and prep.head.lemma_ in TRIP_NOUNS \
        and prep.head.head.lower_ == "on" and prep.head.head.head == clause


def _is_there(copula: Token, place: Token) -> bool:
    """"who is in Prague": a copula that says where someone is (not "is popular in Y")."""
    return copula.lemma_ == "be" and place.head.head == copula \
        and not any(c.dep_ in ("acomp", "attr") for c in copula.children)


def _time_link(token: Token, head: Token) -> str | None:
    """Whether a token sits in a phrase or clause of another time that the trigger is not
    in: "clause" for "(days) after X held talks in Moscow", "phrase" for "After talks in
    Paris, ..."."""
    node = token
    for _ in range(12):
        if node.i == head.i:
            return None
        if node.pos_ in ("VERB", "AUX") and any(
                c.dep_ == "mark" and c.lower_ in TIME_LINKS for c in node.children) \
                and not in_subtree(head, node):
            return "clause"
        if node.dep_ == "prep" and node.lower_ in TIME_LINKS and not in_subtree(head, node):
            return "clause" if any(c.dep_ == "pcomp" for c in node.children) else "phrase"
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _town_of_venue(token: Token) -> bool:
    """The first word of a town named after a venue and a comma: "at State House, |Entebbe"."""
    venue = token.head
    return token.dep_ == "appos" and token.pos_ == "PROPN" and not token.ent_type_ \
        and venue.dep_ == "pobj" and venue.head.lower_ in ("in", "at")


def _venue_follows(ent: Span) -> bool:
    """A town's possessive before the named building the event is in: "in Kampala's State
    House", "at Moscow's Kremlin"."""
    owner = ent.root
    building = owner.head
    return owner.dep_ == "poss" and building.pos_ == "PROPN" and building.dep_ == "pobj" \
        and building.head.lower_ in ("in", "at") and building.head.i < ent.start


def _earlier_or_later(token: Token, head: Token) -> bool:
    """A token inside an "after ..." or "before ..." clause the trigger is not in."""
    found = time_clause(token)
    return found is not None and not in_subtree(head, found[1])


def _same_time(when, then) -> bool:
    """An event without a date, or one in the same month as the scene's."""
    return when is None or (then is not None and when.value[:7] == then.value[:7])


def _preposition_before(ent: Span) -> str | None:
    doc = ent.doc
    i = ent.start - 1
    venue = i >= 0 and doc[i].text == ","  # a venue, then its town: "at the Lakeside Hotel, Mombasa"
    kind = False  # passed a noun of a kind of place: "the Black Sea | resort of | Sochi"
    while i >= 0 and (doc[i].lower_ in ("the", ",", "of") or doc[i].lower_ in PLACE_NOUNS
                      or doc[i].dep_ == "amod" or (venue and doc[i].ent_type_ in ("FAC", "ORG"))
                      or (kind and doc[i].ent_type_ in ("LOC", "GPE", "NORP"))):
        kind = kind or doc[i].lower_ in PLACE_NOUNS
        i -= 1
        if ent.start - i > 9:
            break
    if i >= 0 and doc[i].lower_ in PLACE_PREPS:
        return doc[i].lower_
    return None


def _posting(ent: Span) -> bool:
    """"the ambassador to Moscow", "the Ambassador of Japan to Kenya": an envoy's posting."""
    doc = ent.doc
    i = ent.start - 1
    while i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 1 or doc[i].lower_ != "to":
        return False
    before = doc[i - 1]
    if before.ent_type_ == "GPE" and before.ent_iob_ != "O":  # "of Japan | to"
        j = i - 1
        while j > 0 and doc[j].ent_iob_ == "I":
            j -= 1
        if j > 1 and doc[j - 1].lower_ == "of":
            before = doc[j - 2]
    return is_office(before)


def _after_capital(ent: Span) -> bool:
    doc = ent.doc
    window = [t.lower_ for t in doc[max(ent.start - 3, 0):ent.start]]
    return "capital" in window


def _region_follows(ent: Span) -> bool:
    doc = ent.doc
    nxt = ent.end + 1
    return nxt < len(doc) and (doc[nxt].lower_ in REGION_WORDS or doc[nxt].ent_type_ == "LOC")


def _names_gathering(ent: Span) -> bool:
    return any(t.lower_ in GATHERING_WORDS for t in ent) or \
        (ent.end < len(ent.doc) and ent.doc[ent.end].lower_ in GATHERING_WORDS)
