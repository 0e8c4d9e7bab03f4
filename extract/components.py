"""The rule components dipevents adds to a spaCy pipeline.

Each does one job; patterns and word lists come from data files, never from this module.
Factories that build them are registered in `extract/factories.py`.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from dipevents.extract.gazetteer import get_gazetteer
from dipevents.extract.lexicon import address_words, title_words, words
from dipevents.extract.officials import get_officials
from dipevents.extract.patterns import CueRule, TriggerRule, load_rules
from dipevents.extract.syntax import entity

TRIGGERS = "dipevents_triggers"
CUES = "dipevents_cues"
RULE_TYPES = {TRIGGERS: TriggerRule, CUES: CueRule}
QUOTES = words("quotes")
ADDRESS = address_words()
HONORIFIC_RUNS = sorted({tuple(w.lower().rstrip(".'’") for w in form.split())
                         for form in get_gazetteer().honorifics() if " " in form},
                        key=len, reverse=True)  # forms of address of several words
ROMAN = re.compile(r"[IVX]{1,5}")
# A romanised Korean syllable, the lower-case second half of a given name ("Min-seok",
# "Duck-soo", "Jae-in"); not an English word after a hyphen ("Putin-led", "Xi-era").
HYPHENED_SYLLABLE = re.compile(r"(?:[bcdghjkmnprstwy]{1,2})?[aeiouwy]{1,3}(?:ng|[nml]|k)?")
NAME_PARTICLES = words("name_particles")
SUBJECT_NAME_VERBS = words("subject_name_verbs")
ORGANISATION_WORDS = words("organisation_words")
GENERIC_PEOPLE = words("generic_people")
NOT_NAMES = GENERIC_PEOPLE | words("groups")  # "U.S. Officials said": nobody's name
NAME_LABELS_TO_FIX = {"FAC", "ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "LOC", "EVENT",
                      "LAW", "LANGUAGE"}


class NewlineBoundaries:
    """Line breaks that end a paragraph, heading or dateline end a sentence; the line
    breaks of hard-wrapped wire text (a long line running on into the next) do not. Nor
    does a title with a capitalised word after it on the same line ("Thai PM Y")."""

    FINAL = (".", "!", "?", ":", "\"", "\u201d", "'", ")")
    SHORT_LINE = 45
    # A run of more tokens than this without a line break is cut after its last full stop
    # (else semicolon or comma, else anywhere): assembly reads a trigger's whole sentence, so
    # a text of triggers without a stop ("met met met ...") would cost the square of its length.
    MAX_SENTENCE = 150
    STOPS = ((".", "!", "?"), (";",), (",",))

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        start = 0
        for token in doc[:-1]:
            gap = token.whitespace_ if "\n" in token.whitespace_ else (
                token.text if token.is_space and "\n" in token.text else "")
            if gap and self._breaks(text, token, gap):
                doc[token.i + 1].is_sent_start = True
                start = token.i + 1
            elif not gap and (self._title_then_name(token, doc[token.i + 1])
                              or token.text == ":"):
                doc[token.i + 1].is_sent_start = False  # nor a colon inside a line: "met
                # three ministers on Tuesday: A, B and C" is one sentence
            elif token.i + 1 - start >= self.MAX_SENTENCE:
                start = self._cut(doc, start, token.i + 1)
        return doc

    def _cut(self, doc: Doc, start: int, end: int) -> int:
        """Start a sentence after the last stop in doc[start:end]; return where it starts."""
        for stops in self.STOPS:
            for i in range(end - 1, start + self.MAX_SENTENCE // 3, -1):
                if doc[i].text in stops:
                    doc[i + 1].is_sent_start = True
                    return i + 1
        doc[end].is_sent_start = True
        return end

    @staticmethod
    def _title_then_name(token, after) -> bool:
        """A capitalised title on the same line as a capitalised word after it ("meeting
        Arnorian PM Tomas Velk on the sidelines"): the title is the name's, so no sentence
        starts between them (a sentence ends at a stop, never at a bare title)."""
        return token.lower_ in title_words() and token.text[:1].isupper() \
            and after.text[:1].isupper() and after.is_alpha and not after.is_space

    def _breaks(self, text: str, token, gap: str) -> bool:
        if gap.count("\n") > 1 or gap.split("\n")[-1][:1] in (" ", "\t"):
            return True  # a blank line, or an indented new paragraph
        end = token.idx if token.is_space else token.idx + len(token.text)
        line_start = text.rfind("\n", 0, end) + 1
        line = text[line_start:end].strip()
        return line.endswith(self.FINAL) or len(line) < self.SHORT_LINE


class RuleMatcher:
    """The owner of the rules: loads each file of its config once as typed rules
    (`TriggerRule` for the trigger key, `CueRule` for the cue key) and matches them into
    `doc.spans[key]`.

    Each span's label is the rule's `label` and its `id_` the rule's `id`, so later stages
    read the rule back with `rule(span)`. The word test, the trigger gate and assembly take
    their trigger rules from `triggers` (see `rules_of`), so a pattern added through the
    config reaches every stage.
    """

    def __init__(self, nlp: Language, files: dict[str, str]):
        self.matchers: dict[str, Matcher] = {}
        self.rules: dict[str, tuple] = {}
        self.entries: dict[str, TriggerRule | CueRule] = {}
        for key, name in files.items():
            matcher = Matcher(nlp.vocab, validate=True)
            self.rules[key] = load_rules(name, RULE_TYPES.get(key, TriggerRule))
            for rule in self.rules[key]:
                matcher.add(rule.id, [rule.pattern])
                self.entries[rule.id] = rule
            self.matchers[key] = matcher

    @property
    def triggers(self) -> tuple[TriggerRule, ...]:
        return self.rules.get(TRIGGERS, ())

    @property
    def cues(self) -> tuple[CueRule, ...]:
        return self.rules.get(CUES, ())

    def rule(self, span: Span) -> TriggerRule | CueRule:
        return self.entries[span.id_]

    def __call__(self, doc: Doc) -> Doc:
        for key, matcher in self.matchers.items():
            spans = []
            for match_id, start, end in matcher(doc):
                pattern_id = doc.vocab.strings[match_id]
                label = self.entries[pattern_id].label
                spans.append(Span(doc, start, end, label=label, span_id=pattern_id))
            doc.spans[key] = sorted(spans, key=lambda span: (span.start, -span.end))
        return doc


RULES_COMPONENT = "dipevents_rules"
DEFAULT_FILES = {TRIGGERS: "triggers.jsonl", CUES: "cues.jsonl"}


def rules_of(nlp: Language | None = None) -> tuple[TriggerRule, ...]:
    """The trigger rules of `nlp`'s `dipevents_rules` component; with no pipeline (or one
    without the component) the rules of its default config."""
    if nlp is not None and RULES_COMPONENT in nlp.pipe_names:
        return nlp.get_pipe(RULES_COMPONENT).triggers
    return load_rules(DEFAULT_FILES[TRIGGERS], TriggerRule)


class NameRecogniser:
    """Recovers people the statistical NER missed or mislabelled, from the titles around them.

    A proper-noun run right after a title ("Vice Foreign Minister Ana Duarte") or right
    before an appositive title ("Paul Okello, Chairman of ...") is a PERSON, unless the
    gazetteer knows it as a country, place or organisation.
    """

    def __init__(self, nlp: Language):
        self.gazetteer = get_gazetteer()
        self.officials = get_officials()
        self.title_words = title_words()
        self.verbs = _verbs_of(nlp)

    def _is_title_token(self, token) -> bool:
        word = token.lower_.strip(".")
        return word in self.title_words or (word.endswith("s") and word[:-1] in self.title_words)

    def _known_non_person(self, text: str) -> bool:
        gaz = self.gazetteer
        if any(word.lower() in ORGANISATION_WORDS for word in text.split()):
            return True  # "Planning Department", "Criminal Court"
        if all(word.lower() in NOT_NAMES for word in text.split()):
            return True  # "U.S. Officials said"
        return bool(gaz.country_code(text) or gaz.organization(text) or gaz.find_place(text))

    def __call__(self, doc: Doc) -> Doc:
        new_ents = []
        for ent in doc.ents:
            if ent.label_ in ("GPE", "NORP") and self.gazetteer.country_code(ent.text):
                new_ents.append(ent)  # "the United Arab Emirates": no "Arab Emirates" inside
            elif ent.label_ in NAME_LABELS_TO_FIX and (split := self._country_then_name(doc, ent)):
                new_ents.extend(split)  # "President of | Mali Amadou Traore"
            elif ent.label_ in NAME_LABELS_TO_FIX and self._looks_like_person(doc, ent):
                new_ents.append(Span(doc, ent.start, ent.end, label="PERSON"))
            elif ent.label_ in NAME_LABELS_TO_FIX and self._name_inside(doc, ent) is not None:
                new_ents.append(self._name_inside(doc, ent))  # "Assembly Chairperson A B C"
            elif ent.label_ in NAME_LABELS_TO_FIX and (known := self._known_official(doc, ent)):
                new_ents.append(known)  # "Expatriates | Nasser Bourita": a name the table knows
            elif ent.label_ == "PERSON" and (self._is_place(doc, ent)
                                             or self.gazetteer.country_code(ent.text)
                                             or self.gazetteer.is_region(ent.text)):
                new_ents.append(Span(doc, ent.start, ent.end, label="GPE"))
            elif ent.label_ == "PERSON" and all(t.lower_ in NOT_NAMES or t.lower_ in ADDRESS
                                                or t.text in ("'", "’") for t in ent):
                continue  # "Leaders of both sides", "Dato' | Seri X" (a form of address)
            elif ent.label_ == "PERSON" and any(t.lower_ in ORGANISATION_WORDS for t in ent):
                new_ents.append(self._known_official(doc, ent)
                                or Span(doc, ent.start, ent.end, label="ORG"))
            elif ent.label_ == "PERSON" and all(self._is_title_token(t)
                                                or self.gazetteer.demonym_code(t.text) for t in ent):
                new_ents.extend(Span(doc, t.i, t.i + 1, label="NORP") for t in ent
                                if self.gazetteer.demonym_code(t.text))  # "Jordanian King | X"
            elif ent.label_ == "PERSON":
                new_ents.append(self._strip_titles(doc, ent))
            else:
                new_ents.append(ent)
        new_ents = [ent for ent in new_ents if ent is not None]
        after_titles = self._names_after_titles(doc, new_ents)
        named = {i for ent in after_titles for i in range(ent.start, ent.end)}
        new_ents = [ent for ent in new_ents if not named.intersection(range(ent.start, ent.end))]
        new_ents.extend(after_titles)  # "Ambassador to Vietnam Orlando Diaz": not the town
        new_ents = self._surnames(doc, new_ents)
        conjoined = self._conjoined(doc, new_ents)
        covered = {i for ent in conjoined for i in range(ent.start, ent.end)}
        new_ents = conjoined + [ent for ent in new_ents  # the person wins an overlap
                                if not covered.intersection(range(ent.start, ent.end))]
        for person in self._untagged_subjects(doc):  # (over an ORG NER made of a part)
            inside = [e for e in new_ents if person.start <= e.start and e.end <= person.end]
            if all(e.label_ == "ORG" for e in inside) and not any(
                    e.start < person.end and person.start < e.end for e in new_ents
                    if e not in inside):
                new_ents = [e for e in new_ents if e not in inside] + [person]
        settled = (self._settled(doc, ent) for ent in new_ents)
        people = _joined_at_nicknames(filter_spans([ent for ent in settled if ent is not None]))
        doc.ents = [ent for ent in people if ent.label_ != "PERSON" or _may_be_a_name(ent)]
        return doc

    def _country_then_name(self, doc: Doc, ent: Span) -> list[Span]:
        """A title's country and its holder's name read as one entity after "of": "the
        President of Mali Amadou Traore" is the country Mali and the person Amadou Traore."""
        if ent.start == 0 or doc[ent.start - 1].lower_ not in ("of", "to") or len(ent) < 3:
            return []  # "President of Mali X Y", "Ambassador to Vietnam X Y"
        for start in range(ent.start, ent.end - 2):
            if start > ent.start and doc[start - 1].lower_ not in ("of", "to"):
                continue  # "Minister of Industry and Trade of | Vietnam X Y Z"
            for cut in (1, 2, 3):
                if ent.end - start - cut < 2:
                    break
                country, name = doc[start:start + cut], doc[start + cut:ent.end]
                if self.gazetteer.country_code(country.text) \
                        and all(t.is_title or ROMAN.fullmatch(t.text) for t in name) \
                        and not any(self._is_title_token(t) for t in name) \
                        and not self._known_non_person(name.text):
                    return [Span(doc, country.start, country.end, label="GPE"),
                            Span(doc, name.start, name.end, label="PERSON")]
        return []

    def _name_inside(self, doc: Doc, ent: Span) -> Span | None:
        titles = [t.i for t in ent if self._is_title_token(t)]
        if not titles:
            return None
        start = titles[-1] + 1
        if ent.end - start >= 2 and all(t.is_title or t.is_upper for t in doc[start:ent.end]) \
                and not self._known_non_person(doc[start:ent.end].text):
            return Span(doc, start, ent.end, label="PERSON")
        return None

    def _known_official(self, doc: Doc, ent: Span) -> Span | None:
        """The longest end of a mislabelled entity, two words or more, that the table of
        officials knows as a person's full name: NER took "Moroccan Expatriates Nasser
        Bourita" for one organisation, the table knows "Nasser Bourita"."""
        for start in range(ent.start, ent.end - 1):
            name = doc[start:ent.end]
            if not all(t.is_title or t.text == "-" for t in name) \
                    or any(self._is_title_token(t) for t in name):
                continue
            if self.officials.is_full_name(name.text) and not self._known_non_person(name.text):
                return Span(doc, start, ent.end, label="PERSON")
        return None

    def _with_particles(self, doc: Doc, ent: Span) -> Span:
        """"Mohammed bin Salman bin Abdulaziz al Saud" is one name, whatever NER cut."""
        if ent.label_ != "PERSON":
            return ent
        end = ent.end
        if doc[end - 1].lower_ in NAME_PARTICLES and end < len(doc) and doc[end].is_title:
            end += 1  # NER stopped inside "von der Leyen"
        if end < len(doc) and not doc[end - 1].whitespace_ and doc[end].text[:1] in ("'", "\u2019") \
                and len(doc[end].text) > 2 and doc[end].text[1:].isalpha():
            end += 1  # a name cut at its apostrophe: "Fa'asolo"
        while end < len(doc) and ROMAN.fullmatch(doc[end].text) and doc[end].pos_ == "PROPN":
            end += 1  # "Mohammed VI"
        while end + 1 < len(doc) and doc[end].lower_ in NAME_PARTICLES:
            nxt = end + 1
            while nxt < len(doc) and doc[nxt].lower_ in NAME_PARTICLES:
                nxt += 1  # "de la", "bin al"
            if nxt >= len(doc) or not doc[nxt].is_title \
                    or doc[nxt].ent_type_ not in ("", "PERSON", "ORG", "GPE", "NORP"):
                break
            end = nxt + 1
            while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN" \
                    and not self._is_title_token(doc[end]):
                end += 1
        while end + 1 < len(doc) and not doc[end - 1].whitespace_ and doc[end].text == "-" \
                and not doc[end].whitespace_ and doc[end + 1].is_title:
            end += 2  # NER stopped at a hyphen: "Al-Rashid"
        if end + 1 < len(doc) and not doc[end - 1].whitespace_ and doc[end].text == "-" \
                and not doc[end].whitespace_ and doc[end - 1].is_title \
                and HYPHENED_SYLLABLE.fullmatch(doc[end + 1].text):
            end += 2  # a given name's second syllable: "Kim Min-seok"
        if end < len(doc) and end - ent.start >= 2 and self._head_noun_of_name(doc, end):
            end += 1  # NER left out a second surname the parse heads the name with: "Claudia
            # Ortega | Ruiz met ...", "Ana Lucia | Prado"
        if end + 2 < len(doc) and doc[end].text in QUOTES and doc[end + 1].is_title \
                and doc[end + 2].text in QUOTES:
            end += 3  # a nickname after the name: "A B C “Nick”"
        start = ent.start
        while start > 1 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ \
                and not doc[start - 2].whitespace_ and doc[start - 2].is_title \
                and doc[start - 2].ent_type_ in ("", "PERSON"):
            start -= 2  # a name cut after its hyphen: "Karimi-Nouri"
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title \
                and doc[start - 1].ent_type_ in ("", "PERSON") \
                and not self._is_title_token(doc[start - 1]) \
                and not self._known_non_person(doc[start - 1].text) \
                and not self.gazetteer.demonym_code(doc[start - 1].text):
            start -= 1  # a given name NER left out: "Ahmat | Idriss Kone"
        if end - start == 1 and start >= 2 and doc[start - 1].text in QUOTES \
                and end < len(doc) and doc[end].text in QUOTES:
            left = start - 2  # the name before a quoted nickname NER took alone
            while left >= 0 and doc[left].is_title and doc[left].is_alpha \
                    and not self._is_title_token(doc[left]):
                left -= 1
            if left < start - 2:
                start, end = left + 1, end + 1
        if (start, end) == (ent.start, ent.end):
            return ent
        return Span(doc, start, end, label="PERSON")

    def _untagged_subjects(self, doc: Doc) -> list[Span]:
        """Two or three capitalised words NER tagged as nothing (or only their last words as
        an organisation), the subject of a verb of meeting in the past, are a name: "Sameh
        Farouk met X and Y separately"; not "Goldman Sachs met", all tagged as a firm."""
        found = []
        for token in doc:
            if token.dep_ != "nsubj" or token.pos_ != "PROPN" or token.ent_type_ not in ("", "ORG") \
                    or token.head.lemma_ not in SUBJECT_NAME_VERBS or token.head.tag_ != "VBD":
                continue
            start = token.i
            while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i \
                    in range(start, token.i + 1) and doc[start - 1].pos_ == "PROPN":
                start -= 1
            words_ = doc[start:token.i + 1]
            ner = {entity(t).start for t in words_ if t.ent_type_}
            if 2 <= len(words_) <= 3 and all(t.is_title and t.is_alpha and t.ent_type_ in ("", "ORG")
                                             and not self._is_title_token(t) for t in words_) \
                    and all(begin > start for begin in ner) \
                    and not self._known_non_person(words_.text) \
                    and not any(self.gazetteer.demonym_code(t.text)
                                or self.gazetteer.find_place(t.text) for t in words_):
                found.append(Span(doc, start, token.i + 1, label="PERSON"))  # (no "Manchester
                # United": a word that is a town's name makes it a club or a firm)
        return found

    def _head_noun_of_name(self, doc: Doc, end: int) -> bool:
        """Whether the word after a name is the proper noun its last word modifies, a word NER
        tagged as nothing and that is no title, no state and no known non-name."""
        word = doc[end]
        return word.pos_ == "PROPN" and word.is_title and word.is_alpha and not word.ent_type_ \
            and doc[end - 1].dep_ == "compound" and doc[end - 1].head.i == end \
            and not self._is_title_token(word) and word.lower_ not in ORGANISATION_WORDS \
            and word.lower_ not in NOT_NAMES and not self.gazetteer.demonym_code(word.text) \
            and not self.gazetteer.country_code(word.text) \
            and not self.gazetteer.capital_code(word.text)  # (a surname may be a town's name)

    def _settled(self, doc: Doc, ent: Span) -> Span | None:
        """A name's final extent: its particles, no form of address, the whole name the
        table knows, no participle before it; None where only a form of address is left."""
        ent = self._without_honorific(self._with_particles(doc, ent))
        return None if ent is None else self._without_gerund(self._known_longer(ent))

    def _after_posting(self, doc: Doc, start: int) -> int | None:
        """Where a name begins after "to" or "of" and a country that end a title
        ("Ambassador to Vietnam Orlando Diaz"); None where no such phrase starts."""
        if start + 2 >= len(doc) or doc[start].lower_ not in ("to", "of"):
            return None
        first = start + 1 + (doc[start + 1].lower_ == "the")
        for size in (3, 2, 1):
            if first + size < len(doc) and self.gazetteer.country_code(doc[first:first + size].text):
                return first + size
        return None

    def _without_honorific(self, ent: Span) -> Span | None:
        """A form of address of several words is no part of a name, wherever NER began it:
        "Tan Sri | Muhyiddin Yassin", "Dato' | Seri Anwar Ibrahim"."""
        if ent.label_ != "PERSON":
            return ent
        doc = ent.doc
        words = [t for t in doc[max(0, ent.start - 3):ent.end] if t.text not in ("'", "’")]
        for form in HONORIFIC_RUNS:
            for i in range(len(words) - len(form) + 1):
                run = words[i:i + len(form)]
                if [t.lower_.rstrip("'’") for t in run] == list(form) and run[-1].i >= ent.start \
                        and run[0].i <= ent.start + 1:
                    return Span(doc, run[-1].i + 1, ent.end, label="PERSON") \
                        if run[-1].i + 1 < ent.end else None  # the form alone: nobody
        return ent

    def _known_longer(self, ent: Span) -> Span:
        """A name NER cut short that the table of officials knows whole: "Lee Hsien | Loong",
        "To | Lam"."""
        doc = ent.doc
        if ent.label_ != "PERSON":
            return ent
        for end in (ent.end + 3, ent.end + 2, ent.end + 1):
            tail = doc[ent.end:end]
            if end <= len(doc) and all(
                    (t.text[:1].isupper() and t.pos_ == "PROPN" and t.ent_type_ == ""
                     and not self._is_title_token(t))
                    or (t.text[:1] in ("'", "\u2019") and not doc[t.i - 1].whitespace_)
                    for t in tail) \
                    and self.officials.is_full_name(doc[ent.start:end].text):
                return Span(doc, ent.start, end, label="PERSON")  # also "... Mata | ’afa"
        start = ent.start - 1  # "General Secretary To | Lam": a first word NER read as "to"
        if start >= 0 and doc[start].is_title and doc[start].ent_type_ == "" \
                and not self._is_title_token(doc[start]) and len(ent) < 3 \
                and self.officials.is_full_name(doc[start:ent.end].text):
            return Span(doc, start, ent.end, label="PERSON")
        return ent

    def _without_gerund(self, ent: Span) -> Span:
        """A sentence that opens on a participle before a name: "Receiving Anan Sok, the
        minister said" (NER took "Receiving Anan Sok" for the name)."""
        first = ent[0]
        if ent.label_ != "PERSON" or len(ent) < (2 if first.pos_ == "VERB" else 3) \
                or not first.is_sent_start or not first.lower_.endswith("ing"):
            return ent
        stem = first.lower_[:-3]
        forms = {stem, stem + "e"} | ({stem[:-1]} if stem[-2:-1] == stem[-1:] else set())
        if not forms & self.verbs:
            return ent
        rest = ent.doc[ent.start + 1:ent.end]
        if self.gazetteer.demonym_code(rest.text) or self.gazetteer.country_code(rest.text):
            return Span(ent.doc, rest.start, rest.end, label="NORP")  # "Hosting | Ugandan"
        return Span(ent.doc, rest.start, rest.end, label="PERSON")

    def _conjoined(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A proper-noun run conjoined with a person is a person: "Okello and Ana Maria
        Duarte", "presidents Ana Duarte (Gondor) and Paul Okello (Rohan)" (NER took the
        first for an organisation), "counterparts Ana Duarte of Gondor and Paul Okello of
        Rohan" (the parse hung the second name on the first one's state)."""
        people = {i for ent in ents if ent.label_ == "PERSON" for i in range(ent.start, ent.end)}
        taken = {i for ent in ents for i in range(ent.start, ent.end)
                 if not (ent.label_ in NAME_LABELS_TO_FIX and (
                     self._after_possessive_state(ent) or self._unknown_name(ent)))}
        found = []
        for token in doc:
            if token.i in taken or token.pos_ != "PROPN" or not token.is_title \
                    or self._is_title_token(token):
                continue
            linked = (token.dep_ == "conj" and token.head.i in people) or any(
                c.dep_ == "conj" and c.i in people for c in token.children) or any(
                p.dep_ == "prep" and p.lower_ in ("of", "from") and any(
                    o.dep_ == "pobj" and o.ent_type_ in ("GPE", "NORP") and any(
                        c.dep_ == "conj" and c.i in people for c in o.children)
                    for o in p.children)
                for p in token.children)
            if not linked:
                continue
            start = token.i
            while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title \
                    and start - 1 not in taken and not self._is_title_token(doc[start - 1]):
                start -= 1
            span = doc[start:token.i + 1]
            if not self._known_non_person(span.text):
                found.append(Span(doc, start, token.i + 1, label="PERSON"))
                taken.update(range(start, token.i + 1))
        return found

    def _surnames(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A lone proper noun that is the first or last word of a person named in full in
        the document ("Okello" after "Paul Okello") is that person, whatever NER said."""
        parts = set()
        for ent in ents:
            if ent.label_ == "PERSON" and len(ent) > 1:
                parts.update({ent[0].text, ent[-1].text})
        if not parts:
            return ents
        relabel = {}
        for ent in ents:
            if ent.label_ in NAME_LABELS_TO_FIX and ent[0].text in parts and \
                    (len(ent) == 1 or (len(ent) == 2 and ent[1].text in ("'s", "\u2019s"))):
                relabel[ent.start] = Span(doc, ent.start, ent.start + 1, label="PERSON")
        ents = [relabel.get(ent.start, ent) for ent in ents]
        taken = {i for ent in ents for i in range(ent.start, ent.end)}
        for token in doc:
            if token.i in taken or token.text not in parts or not token.is_title:
                continue
            if token.pos_ != "PROPN" and token.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj"):
                continue
            ents.append(Span(doc, token.i, token.i + 1, label="PERSON"))
        return ents

    def _unknown_name(self, ent: Span) -> bool:
        """A mislabelled entity that is only capitalised words, and that the gazetteer
        knows as no country, place or organisation: "Ana Duarte (" taken for a body."""
        words = [t for t in ent if not t.is_punct]
        return bool(words) and all(t.pos_ == "PROPN" and t.is_title and t.is_alpha
                                   and not self._is_title_token(t) for t in words) \
            and not self._known_non_person(" ".join(t.text for t in words)) \
            and not self.gazetteer.demonym_code(words[0].text)

    def _after_possessive_state(self, ent: Span) -> bool:
        """An entity right after a state's possessive: "Nigeria's | Musa Bello"."""
        doc = ent.doc
        return ent.start > 1 and doc[ent.start - 1].text in ("'s", "\u2019s") \
            and self.gazetteer.country_code(doc[ent.start - 2].text) is not None

    def _is_place(self, doc: Doc, ent: Span) -> bool:
        """A "person" right after "in", "to", "at" or "from" that the gazetteer knows as a place."""
        start = ent.start
        while start > 1 and doc[start - 1].pos_ == "ADJ" and doc[start - 1].is_lower \
                and ent.start - start < 2:
            start -= 1  # "in eastern Java", "to northern Sumatra"
        before = doc[start - 1].lower_ if start > 0 else ""
        if start > 0 and doc[start - 1].lemma_.lower() == "visit":
            before = "to"  # "visited Grozny"
        return before in ("in", "to", "at", "from", "into") and \
            self.gazetteer.find_place(ent.text) is not None

    def _looks_like_person(self, doc: Doc, ent: Span) -> bool:
        if len(ent) < 2 or not all(t.is_title or t.is_upper or t.text == "-" for t in ent) \
                or ent.text.isupper():
            return False
        if any(self._is_title_token(t) or not (t.is_alpha or t.text == "-") for t in ent):
            return False
        if self._known_non_person(ent.text):
            return False
        before = doc[ent.start - 1] if ent.start > 0 else None
        title_before = before is not None and (self._is_title_token(before) or (
            before.text == "," and ent.start > 1 and self._is_title_token(doc[ent.start - 2])))
        counterpart_before = before is not None and before.text == "," and any(
            t.lower_ in GENERIC_PEOPLE for t in doc[max(ent.start - 5, 0):ent.start - 1])
        return title_before or counterpart_before or self._titled_after(doc, ent.end)

    def _titled_after(self, doc: Doc, end: int) -> bool:
        """Whether an appositive title follows the name: ", minister", ", the Japanese
        foreign minister", ", Egypt's ambassador"."""
        if end >= len(doc) or doc[end].text != ",":
            return False
        for token in doc[end + 1:min(end + 6, len(doc))]:
            if self._is_title_token(token):
                return True
            if not (token.lower_ in ("the", "a", "an", "'s", "\u2019s") or token.pos_ == "ADJ"
                    or token.ent_type_ in ("NORP", "GPE")):
                return False
        return False

    def _strip_titles(self, doc: Doc, ent: Span) -> Span | None:
        """"President Duarte" is Duarte; "The King of Spain Carlos VII" is Carlos VII."""
        start = ent.start
        titles = [t.i for t in ent if self._is_title_token(t)
                  and not (t.i > ent.start and doc[t.i - 1].lower_ in NAME_PARTICLES)]
        if titles:  # (after "bin" a title word is a father's name: "bin Sultan Al Nahyan")
            last_title = max(titles)
            start = last_title + 1
            while start < ent.end and (doc[start].lower_ in ("of", "the")
                                       or self.gazetteer.country_code(doc[start].text)):
                start += 1
            if start >= ent.end:
                start = ent.start  # "Kim Jong Un": a title word ends the name
        while start < ent.end and (self._is_title_token(doc[start]) or doc[start].is_punct
                                   or doc[start].lower_ == "the"):
            start += 1
        if start > 0 and doc[start - 1].lower_ == "of":  # "President of | Kenya Daniel Otieno"
            while start < ent.end - 1 and self.gazetteer.country_code(doc[start].text):
                start += 1
        end = ent.end
        while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("of", "the")):
            end -= 1
        if start >= end:
            return None
        return Span(doc, start, end, label="PERSON")

    def _names_after_titles(self, doc: Doc, ents: list[Span | None]) -> list[Span]:
        taken = {i for ent in ents if ent is not None for i in range(ent.start, ent.end)}
        found = []
        for token in doc:
            generic = token.lower_ in GENERIC_PEOPLE  # "his Lao counterpart Bounmy Phan"
            if not (self._is_title_token(token) or generic) or token.i + 1 >= len(doc):
                continue
            start = end = token.i + 1
            comma = doc[start].text == "," and start + 1 < len(doc)
            if comma:  # "Prime Minister, A B C, said": the name in apposition
                start = end = start + 1
            posted = self._after_posting(doc, start)  # "Ambassador to Vietnam | A B"
            if posted is not None and not comma:
                start = end = posted
            while end < len(doc) and doc[end].pos_ == "PROPN" and (
                    doc[end].is_title or (end > start and ROMAN.fullmatch(doc[end].text))) \
                    and (end not in taken or posted is not None) \
                    and not self._is_title_token(doc[end]):
                end += 1
            if posted is not None and (end - start < 2 or self.gazetteer.find_place(
                    doc[start:end].text)):
                continue
            single = end - start == 1 and doc[start].ent_type_ in ("", "PERSON", "ORG") \
                and (end >= len(doc) or doc[end].pos_ != "PROPN") and not comma and not generic
            if comma and (end >= len(doc) or doc[end].text not in (",", ")", ";")):
                continue
            if (end - start >= 2 or single) and not self._known_non_person(doc[start:end].text):
                found.append(Span(doc, start, end, label="PERSON"))
                taken.update(range(start, end))
        return found


QUANTIFIERS = words("quantifiers")


def _verbs_of(nlp: Language) -> frozenset[str]:
    """The English verbs the pipeline's lemmatizer knows (none if it has no such table)."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(lookups.get_table("lemma_index").get("verb", ()))


def _may_be_a_name(ent: Span) -> bool:
    """No name has digits ("Air Force F-15E fighters") or follows a quantifier ("and other
    Democrats", "several Republicans")."""
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    return not any(c.isdigit() for c in ent.text) and before not in QUANTIFIERS


def _joined_at_nicknames(ents: list[Span]) -> list[Span]:
    """A name NER cut after a quoted nickname is one person: "Ana “Nena” | Duarte Jr."."""
    joined: list[Span] = []
    for ent in ents:
        last = joined[-1] if joined else None
        if last is not None and last.label_ == ent.label_ == "PERSON" and last.end == ent.start \
                and len(last) > 2 and last[-1].text in QUOTES:
            joined[-1] = Span(ent.doc, last.start, ent.end, label="PERSON")
        else:
            joined.append(ent)
    return joined
