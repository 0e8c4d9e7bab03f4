"""Party resolution: who a mention in the text is, with title and country.

`DocContext` reads a parsed document once and remembers its people: each full name with
the title and country written around its first mention, so that a later surname ("Wang"),
title ("the King", "the Chinese foreign minister") or pronoun resolves to that person.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from dipevents.extract.gazetteer import Gazetteer, get_gazetteer
from dipevents.extract.lexicon import address_words, title_words, words
from dipevents.extract.officials import INTERNATIONAL, Officials, get_officials
from dipevents.extract.syntax import REPORTING, entity, ents_in
from dipevents.models import Party, Place, normalise_name

PRONOUNS = words("pronouns")
GROUP_WORDS = words("groups")
DELEGATION_WORDS = words("delegations")
GENERIC_PEOPLE = words("generic_people")
FORMER = words("former")
THE_DEAD = words("the_dead")
SPOUSES = words("spouses")
PRIVATE_BODIES = words("private_bodies")
COMPANY_SUFFIXES = words("company_suffixes")
STATE_OFFICE_WORDS = words("state_office_words")
CONTEXT_DEPS = {"compound", "amod", "poss", "case", "nmod", "appos", "det", "punct", "prep",
                "pobj", "cc", "conj", "nummod", "quantmod"}


@dataclass
class Person:
    name: str
    title: str | None = None
    country: str | None = None
    first: int = 0  # token index of the first full mention
    positions: list[int] = field(default_factory=list)
    private: bool = False  # the text puts his office in a union, federation or company


class DocContext:
    """The people of one document, and what a surname, title or pronoun refers to."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer, body_start: int = 0,
                 officials: Officials | None = None, when: date | None = None):
        self.doc = doc
        self.gaz = gazetteer
        self.officials = officials or get_officials()
        self.when = when  # the story's date, for the table of officials
        self._dyads: set[frozenset[str]] | None = None
        self.people: dict[str, Person] = {}
        self.aliases: dict[str, list[tuple[int, str]]] = {}
        self.subjects: list[tuple[int, str]] = []  # (token index, person key) of subjects
        self.speakers: set[int] = set()  # subjects of reporting verbs ("X said")
        headline = []
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                if ent.start_char >= body_start:
                    self._register(ent)
                else:
                    headline.append(ent)
        for ent in headline:
            self._described_in_headline(ent)

    # --- building ----------------------------------------------------------------------
    def _register(self, ent: Span) -> None:
        name = clean_name(ent.text)
        if not name:
            return
        tokens = name.split()
        key = normalise_name(name)
        target = key
        title, country = self.describe(ent)
        if len(tokens) == 1 or key not in self.people:
            target = self._alias_before(key, ent.start) or self._same_ends(tokens) or key
        if len(tokens) == 1 and target != key and (holder := self._other_holder(name, title, target)):
            target, name = normalise_name(holder), holder  # "Nancy Reagan ... President Reagan"
        if target not in self.people:
            self.people[target] = Person(name=name, first=ent.start)
        person = self.people[target]
        person.positions.append(ent.start)
        person.title = person.title or title
        person.country = person.country or country
        person.private = person.private or self._private_office(ent)
        if len(tokens) > 1:
            for alias in name_aliases(ent.text):
                self._join_earlier(normalise_name(alias), target)
                self.aliases.setdefault(normalise_name(alias), []).append((ent.start, target))
        subject = ent.root.head if ent.root.dep_ == "appos" else ent.root  # "The Minister, X,"
        if subject.dep_ == "poss":
            subject = subject.head  # "X's China trip is ...": X is what the sentence is about
        if any(t.dep_ in ("nsubj", "nsubjpass") for t in ent) or \
                subject.dep_ in ("nsubj", "nsubjpass"):
            self.subjects.append((ent.start, target))
            if subject.head.lemma_ in REPORTING:
                self.speakers.add(ent.start)

    @property
    def dyads(self) -> set[frozenset[str]]:
        """Pairs of states the story joins with a hyphen: "Kenya-Ghana ties",
        "Chile-Peru relations"."""
        if self._dyads is None:
            self._dyads = set()
            places = [e for e in self.doc.ents if e.label_ in ("GPE", "NORP")]
            for ent in places:  # one entity "Kenya-Ghana"
                parts = re.split(r"\s*[-–—/]\s*", ent.text)
                codes = [self.gaz.country_code(part) for part in parts]
                if len(parts) == 2 and all(codes) and codes[0] != codes[1]:
                    self._dyads.add(frozenset(codes))
            doc = self.doc
            for first, second in zip(places, places[1:]):
                between = doc[first.end:second.start].text.strip()
                if between not in ("-", "–", "—") or doc[first.end].whitespace_:
                    continue  # "Chile-Peru relations", not "Chile and Peru" in a list
                codes = (self.gaz.country_code(first.text), self.gaz.country_code(second.text))
                if all(codes) and codes[0] != codes[1]:
                    self._dyads.add(frozenset(codes))
        return self._dyads

    def partner(self, country: str) -> str | None:
        """The one state the story pairs `country` with, if there is one."""
        partners = {c for pair in self.dyads if country in pair for c in pair if c != country}
        return partners.pop() if len(partners) == 1 else None

    def _may_serve(self, name: str, country: str | None) -> str | None:
        """`country`, unless the table of officials knows `name` as someone of another
        state ("Russian President X and Prime Minister Y": Y may be Pakistan's)."""
        if country is None:
            return None
        found = self.officials.lookup(name)
        known = found.country if found else self.officials.common_country(name)
        return country if known in (None, country) else None

    def _join_earlier(self, alias: str, target: str) -> None:
        """A name written alone before any full name that has it ("President Varga will ...",
        then "President Tamas Varga") is the person of that full name, unless what the
        text says of the two disagrees, or the single name's title is, by the table, held
        by another person of that surname."""
        single = self.people.get(alias)
        person = self.people[target]
        if single is None or alias == target or len(single.name.split()) != 1 or \
                alias in self.aliases or not (_agree(single.title, person.title) and
                                              _agree(single.country, person.country)):
            return
        if self._other_holder(single.name, single.title, target):
            return  # "President Reagan will visit ... Reagan and Nancy Reagan": the table's
            # President Reagan, not the later Nancy Reagan
        del self.people[alias]
        person.positions = sorted(single.positions + person.positions)
        person.title = person.title or single.title
        person.country = person.country or single.country
        self.subjects = [(start, target if key == alias else key) for start, key in self.subjects]

    def _described_in_headline(self, ent: Span) -> None:
        """What the headline says of a person named in the body ("US Vice President X" over
        a story that writes "Vice President X") fills what the body leaves out."""
        title, country = self.describe(ent)
        if not country:
            return
        name = clean_name(ent.text)
        key = normalise_name(name)
        targets = {target for _, target in self.aliases.get(key, [])}
        if key in self.people:
            targets = {key}
        elif len(name.split()) > 1:
            targets = {found} if (found := self._same_ends(name.split())) else set()
        if len(targets) != 1:
            return
        person = self.people[targets.pop()]
        if person.country is None and _agree(title, person.title):
            person.country = country
            person.title = person.title or title

    def _same_ends(self, tokens: list[str]) -> str | None:
        """A person already named with the same first and last word ("Ana Maria Duarte"
        after "Ana Duarte")."""
        if len(tokens) < 2:
            return None
        ends = (normalise_name(tokens[0]), normalise_name(tokens[-1]))
        for key, person in self.people.items():
            words = key.split()
            if len(words) > 1 and (words[0], words[-1]) == ends:
                return key
        return None

    def _other_holder(self, surname: str, title: str | None, target: str) -> str | None:
        """The office holder a titled surname names when the story's earlier person of that
        surname holds no such title and the table knows one holder of it by that surname
        ("Nancy Reagan ... President Reagan" is Ronald Reagan)."""
        earlier = self.people.get(target)
        if not title or earlier is None or earlier.title == title:
            return None
        found = self.officials.lookup(surname, self.when, title=title)
        if found is None or found.title not in (None, title) or normalise_name(found.name) == target:
            return None
        return found.name

    def _alias_before(self, alias: str, position: int) -> str | None:
        """The full name a surname refers to: the latest mentioned before (but a titled
        person of that surname alone, kept apart from a namesake, stays himself); else,
        unless the surname is a person of its own already, the first mentioned after."""
        entries = self.aliases.get(alias, [])
        before = [target for start, target in entries if start < position]
        single = self.people.get(alias)
        if before and single is not None and single.title and single.first < position:
            return alias  # "President Reagan ... Nancy Reagan ... Reagan will meet": the
            # office holder the story began with, kept apart from his namesake
        if before:
            return before[-1]
        if single is not None and single.first <= position:
            return alias
        return entries[0][1] if entries else None

    def _described_from(self, ent: Span) -> int:
        """Where what the text writes before a name begins: its titles, demonyms, countries
        and the words inside a title ("Ambassador of Japan to Kenya X")."""
        start = ent.start
        while start > ent.sent.start and (_is_modifier_token(self.doc[start - 1], self.gaz) or
                                          _inside_title(self.doc[start - 1], ent)):
            start -= 1
        return start

    def describe(self, ent: Span) -> tuple[str | None, str | None]:
        """Title and country written around a name: before it, or in an appositive after it."""
        doc = self.doc
        start = self._described_from(ent)
        before, after = doc[start:ent.start], None
        title, country = self._title_country(before)
        if any(t.lower_ in FORMER for t in doc[max(start - 1, ent.sent.start):ent.start]):
            title = None  # "former U.S. Ambassador X" (an adjective the title may hold)
        if title and not country and start - 2 >= ent.sent.start and doc[start - 1].lower_ == "and":
            # "Kenyan President X and Foreign Minister Y": Y serves X's state
            earlier = next((e for e in ents_in(doc[ent.sent.start:start - 1])
                            if e.end == start - 1 and e.label_ == "PERSON"), None)
            if earlier is not None:
                country = self._may_serve(clean_name(ent.text), self.describe(earlier)[1])
        if not country and start > ent.sent.start and doc[start - 1].ent_type_ == "PERSON" and \
                "'s" in (doc[start].text.replace("’", "'"), doc[start - 1].text.replace("’", "'")):
            country = self._state_of_person_ending(start)  # "President X's chief of staff Y"
        if not country and start - 3 >= ent.sent.start and doc[start - 1].lower_ == "by" \
                and doc[start - 2].lower_ in ("led", "headed"):
            country = self._delegation_state(doc[start - 2].head)  # "the Kenyan delegation led by X"
        if not country and ent.end + 1 < len(doc) and doc[ent.end].lower_ in ("of", "(", "from"):
            country = self._country_after(ent)  # "King X of Morocco", "X (Kenya)"
        lead = start if title and not country else ent.start  # (over "Sheikh" to the comma)
        while lead - 1 > ent.sent.start and doc[lead - 1].lower_ in address_words():
            lead -= 1  # "the President of Gondor, Mr. X Y"
        if (title is None or not country) and lead - 2 >= ent.sent.start \
                and doc[lead - 1].text == ",":  # ("the Emir of Qatar, Sheikh X": Qatar's)
            end = lead - 1  # "The Minister of Foreign Affairs, X Y, said"
            if doc[end - 1].text == ")":  # "the president of X (also known as Y), X Y"
                end = next((t.i for t in reversed(doc[ent.sent.start:end - 1]) if t.text == "("),
                           end)
            start = end - 1
            while start > ent.sent.start and doc[start - 1].text not in (",", ";") \
                    and doc[start - 1].pos_ not in ("VERB", "AUX") \
                    and doc[start - 1].ent_type_ != "PERSON":  # another person's title
                start -= 1
            had_title = title
            before_title, before_country = self._title_country(doc[start:end])
            if before_title and not before_country and end - 1 > start \
                    and doc[end - 2].text in ("'s", "\u2019s"):
                before_country = self._state_of_person_ending(end - 2)  # "X's envoy, Y,"
            elif before_title and not before_country and end - 2 > start \
                    and doc[end - 3].text in ("'s", "\u2019s"):
                before_country = self._state_of_person_ending(end - 3)  # "X's special envoy, Y"
            if doc[end - 1].dep_ == "pobj" and doc[end - 1].head.lower_ == "as":
                before_title = before_country = None  # "as he begins his term as US
                # President, X said": a role someone takes in the clause, not X's title
            if before_title:
                title, country = had_title or before_title, country or before_country
            elif doc[lead - 2].lower_ in GENERIC_PEOPLE or any(
                    t.lower_ in GENERIC_PEOPLE for t in doc[start:end]) and doc[lead - 2].ent_type_ \
                    in ("GPE", "NORP"):
                country = country or before_country  # "his Danish counterpart, X Y,", "his
                # counterpart from Japan, X Y"
        if ent.end < len(doc) and doc[ent.end].text == ",":
            end = ent.end + 1
            limit = min(ent.sent.end, ent.end + 16)
            while end < limit and doc[end].text not in (",", ";", "(", ")") \
                    and doc[end].pos_ != "VERB" and doc[end].ent_type_ != "PERSON":
                end += 1  # "X, Bundesbank President Y and ...": Y's title, not X's
            if end < limit and doc[end].ent_type_ == "PERSON":
                end = ent.end + 1  # another person follows: nothing here is X's
            after_title, after_country = self._title_country(doc[ent.end + 1:end])
            title = title or after_title
            country = country or after_country or self._home_region(doc[ent.end + 1:end])
            after = doc[ent.end + 1:end]
        return title, country or self._national_state(ent, before, after)

    def _national_state(self, ent: Span, before: Span, after: Span | None) -> str | None:
        """The state of a form of address or an office only one state has: "Baroness X",
        "Downing Street adviser X", "X, a White House spokesman" (`national_honorifics`
        and `national_offices` in `gazetteers/countries.json`)."""
        doc = self.doc
        for size in (1, 2):
            for words in (doc[max(ent.start - size, ent.sent.start):ent.start],
                          doc[ent.start:min(ent.start + size, ent.end - 1)]):
                if len(words) == size and (code := self.gaz.honorific_state(words.text)):
                    return code
        return self.gaz.office_state(before.text) or (
            self.gaz.office_state(after.text) if after is not None else None)

    def _private_office(self, ent: Span) -> bool:
        """Whether what the text writes before a name, or in an appositive after it, puts the
        office in a body that is no state's: a union, a federation, a chamber of commerce, a
        company ("X, chairman of the Federation of Economic Organisations", "the miners
        federation leader Y", "Z, president of Alpha Textile Inc"); word classes
        `private_bodies` and `company_suffixes`. A former office does not count."""
        doc = self.doc
        start = self._described_from(ent)
        spans = [doc[start:ent.start]]
        if ent.end < len(doc) and doc[ent.end].text == ",":
            end = ent.end + 1
            limit = min(ent.sent.end, ent.end + 16)
            while end < limit and doc[end].text not in (",", ";", "(", ")") \
                    and doc[end].pos_ not in ("VERB", "AUX") and doc[end].ent_type_ != "PERSON":
                end += 1
            spans.append(doc[ent.end + 1:end])
        return any(self._private_body(span) for span in spans
                   if not any(t.lower_ in FORMER for t in span))

    def _private_body(self, span: Span) -> bool:
        """A word of `private_bodies` or `company_suffixes` outside any name the gazetteer
        knows as a state or an international organisation ("the Russian Federation"), in
        words that name no office of state ("Foreign Minister", "Federation Council")."""
        tokens = list(span)
        if self.gaz.office_state(span.text) or any(
                t.lower_ in STATE_OFFICE_WORDS for t in tokens):
            return False
        hits = [t for t in tokens if t.lower_ in PRIVATE_BODIES or t.lower_ in COMPANY_SUFFIXES
                and t.i > span.start and t.text[:1].isupper()]
        hits += [b for a, b in zip(tokens, tokens[1:]) if f"{a.lower_} {b.lower_}" in PRIVATE_BODIES]
        doc = self.doc
        for token in hits:
            names = [doc[max(token.i - size, span.start):token.i + 1].text for size in (1, 2, 3)]
            if (name := entity(token)) is not None:
                names.append(name.text)
            if not any(self.gaz.organization(text) or self.gaz.country_code(text)
                       for text in names):
                return True
        return False

    def in_private_office(self, party: Party) -> bool:
        """Whether a party speaks for no state because the text puts it in a body that is no
        state's: a company ("Alpha Textile Inc"), or a person whose office is in a union,
        federation, chamber of commerce or company (`_private_office`)."""
        if party.kind == "organization" and party.name:
            words = party.name.split()
            return len(words) > 1 and words[-1].lower() in COMPANY_SUFFIXES
        if party.kind != "person" or not party.name:
            return False
        key = normalise_name(party.name)
        targets = [key] + [target for _, target in self.aliases.get(key, [])] + \
            [target for _, target in self.aliases.get(normalise_name(party.name.split()[-1]), [])]
        person = next((self.people[t] for t in targets if t in self.people), None)
        return person is not None and person.private

    def _home_region(self, span: Span) -> str | None:
        """The state of a region or city an appositive describes someone by: "X, an Illinois
        Democrat,", "Y, a Bavarian conservative," (not "a Beijing-based envoy")."""
        if len(span) < 3 or span[0].lower_ not in ("a", "an"):
            return None
        place = entity(span[1])
        if place is None or place.label_ not in ("GPE", "NORP", "LOC") or place.start != span[1].i \
                or place.end >= span.end or self.doc[place.end].text == "-":
            return None
        found = self.gaz.find_place(place.text)
        return found.country if found is not None else None

    def _state_of_person_ending(self, end: int) -> str | None:
        """The state of the person whose name ends at token `end` (what the text says of
        them, else what the table knows)."""
        sent = self.doc[end - 1].sent
        boss = next((e for e in ents_in(self.doc[sent.start:min(end + 1, sent.end)])
                     if e.label_ == "PERSON" and (e.end == end or e.end == end + 1 and
                                                  self.doc[end].text in ("'s", "’s"))), None)
        if boss is None:
            return None
        found = self.describe(boss)[1]
        if found is None:
            known = self.officials.lookup(clean_name(boss.text))
            found = known.country if known else None
        return found

    def _delegation_state(self, token: Token) -> str | None:
        """The state of a delegation (or team, mission) a person leads: a demonym or
        country before the noun, or "from"/"of" a country after it."""
        if token.lower_ not in DELEGATION_WORDS:
            return None
        if country := self._title_country(self.doc[token.left_edge.i:token.i])[1]:
            return country  # "a North Korean delegation"
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in ("from", "of"):
                for pobj in child.children:
                    text = " ".join(t.text for t in pobj.subtree if t.lower_ != "the")
                    if pobj.dep_ == "pobj" and (country := self.gaz.country_code(text) or
                                                self.gaz.country_code(pobj.text)):
                        return country
        return None

    def _country_after(self, ent: Span) -> str | None:
        """The state named right after a name: "X of Morocco", "X of the Republic of
        Kenya", "X (Kenya)"."""
        doc = self.doc
        start = ent.end + 1
        if start < len(doc) and doc[start].lower_ == "the":
            start += 1
        end = start
        while end < min(len(doc), start + 6) and not doc[end].is_punct and \
                doc[end].pos_ not in ("VERB", "AUX"):
            end += 1
        if doc[ent.end].text == "(" and (end >= len(doc) or doc[end].text != ")"):
            return None
        for size in range(end - start, 0, -1):  # the longest name first
            for i in range(start, end - size + 1):
                if (country := self.gaz.country_code(doc[i:i + size].text)) \
                        and not self._inside_place(doc[i:i + size], country):
                    return country
        state = entity(doc[start]) if doc[ent.end].lower_ == "of" else None
        if state is not None and state.label_ == "GPE" and state.start == start:
            place = self.gaz.find_place(state.text)  # "X of Illinois", "X of Bavaria"
            return place.country if place is not None else None
        return None

    def _inside_place(self, span: Span, country: str) -> bool:
        """A country's name ending a longer place's: "New | Mexico" is a US state."""
        if span.start == 0:
            return False
        longer = self.gaz.find_place(self.doc[span.start - 1:span.end].text)
        return longer is not None and longer.country not in (None, country)

    def _title_country(self, span: Span) -> tuple[str | None, str | None]:
        if len(span) == 0:
            return None, None
        title = best_title(span, self.gaz)
        if any(t.lower_ in FORMER for t in span):
            title = None  # "former U.S. Ambassador X" holds no office now
        country = None
        for ent in ents_in(span):
            if _posted_to(ent[0], span):
                continue  # "Lao Ambassador to Vietnam": the host country, not the envoy's
            country = self.gaz.country_code(ent.text) or (
                _possessive(ent[-1]) and self.gaz.capital_code(ent.text))
            if country:
                break
        if not country:
            country = None
            for token in span:
                if _posted_to(token, span):
                    continue
                if _possessive(token):  # "Chile's" read as part of an organisation's name,
                    # or a capital for its state ("Accra's chief negotiator")
                    country = self.gaz.country_code(token.text) or \
                        self.gaz.capital_code(token.text)
                elif token.ent_type_ == "ORG" and token.is_title and token.i == span.start and \
                        not self.gaz.demonym_code(token.text):  # "Kenya Defence Forces chief"
                    country = self.gaz.country_code(token.text)
                elif token.is_upper and len(token) > 1 and token.ent_type_ != "NORP":  # "UAE"
                    country = self.gaz.country_code(token.text)
                elif token.ent_type_ in ("NORP", "GPE"):
                    country = self.gaz.country_code(token.text)
                elif token.is_title and token.ent_type_ != "ORG":  # missed: "Turkmen"
                    country = self.gaz.country_code(token.text)
                elif token.is_title and token.i == span.start:  # "Indian External Affairs"
                    country = self.gaz.demonym_code(token.text)
                if country:
                    break
        if not country:  # "his Alberta counterpart", "the Punjab chief minister"
            country = next((code for ent in ents_in(span) if ent.label_ in ("GPE", "LOC")
                            and not _posted_to(ent[0], span)
                            and (code := self.gaz.region_code(ent.text))), None)
        return title, country

    # --- lookups -----------------------------------------------------------------------
    def person(self, ent: Span) -> Party:
        name = clean_name(ent.text)
        key = normalise_name(name)
        if len(name.split()) == 1 or key not in self.people:
            alias = key
            key = self._alias_before(key, ent.start) or self._same_ends(name.split()) or key
            if len(name.split()) == 1 and key != alias and \
                    (holder := self._other_holder(name, self.describe(ent)[0], key)):
                key = normalise_name(holder)
        person = self.people.get(key)
        if person is None:
            title, country = self.describe(ent)
            return Party(name=name, title=title, country=country, kind="person")
        return Party(name=person.name, title=person.title, country=person.country,
                     kind="person")

    def focus(self, position: int, acting: bool = False, besides: int | None = None
              ) -> Party | None:
        """Who "he" or "she" is: the person last written as a subject before `position`;
        with `acting`, leaving out those who only said something ("X said"); `besides`, the
        start of the subject of the pronoun's own clause, which "him" cannot be."""
        earlier = [key for start, key in self.subjects if start < position
                   and not (acting and start in self.speakers)]
        if besides is not None:
            own = {key for start, key in self.subjects if start == besides}
            earlier = [key for key in earlier if key not in own]
        if not earlier:
            return None
        person = self.people[earlier[-1]]
        return Party(name=person.name, title=person.title, country=person.country)

    def known(self, token: Token) -> Party | None:
        """The person a proper noun the NER did not tag names, when the story has named him
        before or the table of officials knows the name on the story's date ("X would
        take it with him")."""
        if token.pos_ != "PROPN" or token.ent_type_:
            return None
        target = self._alias_before(normalise_name(token.text), token.i)
        person = self.people.get(target) if target else None
        if person is not None:
            return Party(name=person.name, title=person.title, country=person.country)
        if self.officials.lookup(token.text, self.when) is not None:
            return Party(name=token.text)  # (the table completes him with the sides)
        return None

    def named_in(self, sent: Span) -> list[Party]:
        """The people `sent` names, in order, if two or more."""
        found = sorted((min(p for p in person.positions if sent.start <= p < sent.end), person)
                       for person in self.people.values()
                       if any(sent.start <= p < sent.end for p in person.positions))
        if len(found) < 2:
            return []
        return [Party(name=p.name, title=p.title, country=p.country) for _, p in found]

    def by_country(self, country: str, position: int) -> Party | None:
        """The person of this country last mentioned before `position` ("his Cambodian
        counterpart")."""
        best: tuple[int, Person] | None = None
        for person in self.people.values():
            if person.country != country:
                continue
            last = max((p for p in person.positions if p < position), default=None)
            if last is not None and (best is None or last > best[0]):
                best = (last, person)
        if best is None:
            return None
        found = best[1]
        return Party(name=found.name, title=found.title, country=found.country)

    def by_titles(self, titles: frozenset[str], position: int) -> Party | None:
        """The person holding one of `titles` who acted in the story before `position`,
        else the one last mentioned before it: "His Majesty" is the story's king."""
        acting = {key for start, key in self.subjects
                  if start < position and start not in self.speakers}
        best: tuple[tuple[bool, int], Person] | None = None
        for key, person in self.people.items():
            last = max((p for p in person.positions if p < position), default=None)
            if person.title not in titles or last is None:
                continue
            rank = (key in acting, last)
            if best is None or rank > best[0]:
                best = (rank, person)
        if best is None:
            return None
        found = best[1]
        return Party(name=found.name, title=found.title, country=found.country)

    def by_title(self, title: str, country: str | None, position: int) -> Party | None:
        """The person last mentioned before `position` with this title and country (or,
        failing that, with this title and no known country): "the Brazilian president"."""
        best: tuple[tuple[bool, int], Person] | None = None
        acting = {key for start, key in self.subjects
                  if start < position and start not in self.speakers}
        for strict in (True, False):
            for key, person in self.people.items():
                if person.title != title:
                    continue
                if country and person.country != country and (strict or person.country):
                    continue
                last = max((p for p in person.positions if p < position), default=None)
                rank = (key in acting, last)  # who acted in the story before who was named
                if last is not None and (best is None or rank > best[0]):
                    best = (rank, person)
            if best is not None:
                break
        if best is None:
            return None
        found = best[1]
        return Party(name=found.name, title=found.title, country=found.country or country)


MULTILATERAL = words("multilateral")
ENVOYS = ("Ambassador", "Envoy", "Representative", "Charge")


def at_home(who: list[Party], whom: list[Party], place: Place | None, sentence: str,
            officials: Officials) -> tuple[list[Party], list[Party]]:
    """A meeting in a state's territory between people of other states and one titled
    official of no known state: that official is the host, of the place's state ("Kenyan
    Foreign Minister X met President Y in Accra"). Not at a gathering of many states (a
    summit's sidelines), not for an envoy, and not for someone the table knows elsewhere."""
    country = place.country if place else None
    parties = who + whom
    unknown = [p for p in parties if p.kind == "person" and p.name and p.title and not p.country]
    known = [p for p in parties if p.country]
    if not country or len(unknown) != 1 or not known or any(p.country == country for p in known):
        return who, whom
    host = unknown[0]
    if host.title.startswith(ENVOYS) or host.title in INTERNATIONAL or \
            MULTILATERAL & set(re.findall(r"[a-z]+", sentence.lower())):
        return who, whom
    found = officials.lookup(host.name)
    if (found.country if found else officials.common_country(host.name)) not in (None, country):
        return who, whom
    at = replace(host, country=country)
    return [at if p is host else p for p in who], [at if p is host else p for p in whom]


def the_other_state(who: list[Party], whom: list[Party], ctx: "DocContext"
                    ) -> tuple[list[Party], list[Party]]:
    """Two sides, one of them people of one state S and the other one person of no known
    state, in a story that joins S and one other state with a hyphen ("Kenya-Ghana ties"):
    that person is of the other state. Not for someone the table knows as another
    state's."""
    parties = who + whom
    unknown = [p for p in parties if p.kind == "person" and p.name and not p.country]
    states = {p.country for p in parties if p.country}
    if len(unknown) != 1 or len(states) != 1:
        return who, whom
    country = ctx.partner(next(iter(states)))
    found = ctx._may_serve(unknown[0].name, country)
    if found is None:
        return who, whom
    at = replace(unknown[0], country=found)
    return [at if p is unknown[0] else p for p in who], [at if p is unknown[0] else p for p in whom]


NICKNAME = re.compile(r"\s*[\"“”‘«]([^\"“”’»]{2,30})[\"“”’»]\s*")
PARTICLES = words("name_particles")


def name_aliases(text: str) -> set[str]:
    """What a later mention may call a person: each name word ("Duarte"), the last two words,
    and a nickname in quotes ('Paul "Bigman" Okello' may be "Bigman")."""
    nick = NICKNAME.search(text)
    tokens = clean_name(text).split()
    aliases = {word for word in tokens if word.lower() not in PARTICLES and len(word) > 1
               and word.lower().strip(".") not in title_words()}
    if len(tokens) > 2:
        aliases.add(" ".join(tokens[-2:]))
    if nick:
        aliases.add(nick.group(1).strip())
    return aliases


NAME_PREFIXES = words("name_prefixes")


def clean_name(text: str) -> str:
    """A name without possessive, nickname, quotes, a form of address ("HE", "Dr") or stray
    punctuation, single-spaced."""
    text = NICKNAME.sub(" ", text.strip())
    text = text.replace("\u2019", "'").strip(" \"'“”‘,.;:()[]-")
    if text.endswith("'s"):
        text = text[:-2]
    tokens = text.split()
    while len(tokens) > 1 and tokens[0] in NAME_PREFIXES:
        tokens = tokens[1:]
    return " ".join(tokens)


def best_title(span: Span, gaz: Gazetteer) -> str | None:
    """The longest title the tokens of `span` spell, e.g. "Vice Foreign Minister"."""
    tokens = [t.text for t in span]
    best = None
    best_len = 0
    for i in range(len(tokens)):
        for j in range(len(tokens), i, -1):
            if j - i <= best_len:
                break
            title = gaz.is_title(" ".join(tokens[i:j]))
            if title:
                best, best_len = title, j - i
                break
    return best


def _agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _possessive(token: Token) -> bool:
    """A proper noun with "'s" after it ("Chile's", "Accra's")."""
    return token.pos_ == "PROPN" and token.i + 1 < len(token.doc) and \
        token.doc[token.i + 1].text in ("'s", "’s")


def _posted_to(token: Token, title: Span) -> bool:
    """A country after "to" in a title ("Ambassador to Vietnam") is where the envoy serves;
    not after a "to" before the title ("a courtesy call to Nigerian President X")."""
    return token.i > title.start and token.doc[token.i - 1].lower_ == "to"


def _inside_title(token: Token, ent: Span) -> bool:
    """Lower-case words inside what stands before a name: an adjective ("Chilean
    parliamentary speaker", "outgoing"), the role noun the name stands in apposition to
    ("Accra's chief negotiator X"), "to" before a country ("Ambassador of Japan to
    Kenya X") and "and" between title words ("Ambassador Extraordinary and
    Plenipotentiary")."""
    doc = token.doc
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if token.dep_ == "amod" and token.pos_ in ("ADJ", "VERB") or \
            token.dep_ == "advmod" and token.head.dep_ == "amod":  # "newly appointed"
        return True
    if token.pos_ == "NOUN" and (ent.start <= token.head.i < ent.end or
                                 (ent.root.head.i == token.i and ent.root.dep_ == "appos") or
                                 token.dep_ == "compound" and token.i < token.head.i < ent.start):
        return True  # "Accra's chief negotiator X", "Kenyan opposition leader X"
    if following is None or token.i == 0:
        return False
    if token.lower_ == "for":  # "Minister for Foreign Affairs X"
        return doc[token.i - 1].is_title and following.is_title
    if token.lower_ == "to":  # (a country NER ran into the name: "to Kenya Li Hong")
        gaz = get_gazetteer()
        return following.ent_type_ == "GPE" or (following.ent_type_ != "NORP" and bool(
            gaz.country_code(following.text)) and not gaz.demonym_code(following.text))
    if token.lower_ == "and":
        titles = title_words()
        return doc[token.i - 1].lower_ in titles and following.lower_ in titles
    return False


def _is_modifier_token(token: Token, gaz: Gazetteer) -> bool:
    """Part of what stands before a name: titles, demonyms, countries, "of", possessives."""
    if token.text in ("'s", "’s", "of", "the", "-") or token.lower_ in title_words() \
            or token.lower_ in GENERIC_PEOPLE or (token.is_title and token.lower_ in address_words()):
        return True  # "Prime Minister Dato' Seri X": forms of address between title and name
    if token.text in ("'", "’") and token.i > 0 and token.doc[token.i - 1].lower_ in address_words():
        return True
    if token.ent_type_ in ("NORP", "GPE", "ORG") or token.pos_ == "PROPN":
        return token.ent_type_ != "PERSON"
    return token.is_title and token.pos_ in ("NOUN", "ADJ")


def not_a_party(ent: Span) -> bool:
    """A person named only as company or memory: dead, a likeness, or a spouse; or a
    place NER took for a person."""
    return _dead(ent) or _spouse(ent) or _listed_with_places(ent)


def _listed_with_places(ent: Span) -> bool:
    """"visit Auckland, Wellington and Hawke's Bay": a name written in a list of places,
    with no title before it, is one of the places."""
    tagged = {t for word in ent for t in word.conjuncts
              if t.ent_type_ and not ent.start <= t.i < ent.end}
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if not tagged or any(t.ent_type_ not in ("GPE", "LOC") for t in tagged) \
            or (before is not None and before.lower_ in title_words() | {"'s", "\u2019s"}):
        return False
    gaz = get_gazetteer()  # towns and regions, not states ("Y of Canada and Z of Colombia")
    return not any(gaz.country_code(t.text) or t.head.lower_ == "of" for t in tagged)


def _dead(ent: Span) -> bool:
    """"the late President X": a person no longer alive (words of the class the_dead
    among the two words before the name or its title)."""
    start = ent.start
    while start > ent.sent.start and ent.doc[start - 1].pos_ == "PROPN":
        start -= 1  # over the title: "the late | Ghanaian President | X"
    return any(t.lower_ in THE_DEAD for t in ent.doc[max(start - 2, 0):start])


def _spouse(ent: Span) -> bool:
    """"First Lady X", "his wife X", "X's husband Y": company, not a party."""
    before = ent.doc[max(ent.start - 3, ent.sent.start):ent.start].text.lower()
    return any(before.endswith(word) or f"{word} " in before for word in SPOUSES)
