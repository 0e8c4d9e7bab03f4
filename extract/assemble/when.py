"""The date of an event: the date named in its clause nearest the trigger, what relative
dates count from (the publication date; for "the next day", the day the story named
before), the date a party arrived where an undated event takes place, and the lead's date
for a meeting the next sentences report without one."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from spacy.tokens import Span

from dipevents.extract import dates
from dipevents.extract.assemble.story import Story
from dipevents.extract.components import TRIGGERS
from dipevents.extract.lexicon import words
from dipevents.extract.syntax import (
    REPORTING, clause_verb, ents_in, gathering_clause, in_subtree, same_clause, time_clause,
)
from dipevents.models import Document, EventDate, Party, Place

NOT_DATES = words("not_dates")
OTHER_TIME_WORDS = words("other_time")
SEQUENCE_WORDS = words("sequence")


def date_of(head, sent, ref: date | None, planned: bool, parties, story: Story):
    best = None
    frame = head if head.pos_ in ("VERB", "AUX") else clause_verb(head)
    before_after = before_or_after(head)
    offset = _offset_clause(head)  # "a week after | meeting X": only the clause's own date,
    if offset is not None:  # else a week before the main verb's
        before_after = frame
    for ent in _date_spans([*ents_in(sent), *_untagged_days(sent)]):
        if ent.label_ not in ("DATE", "TIME") or ent.start_char < story.body_start:
            continue
        if before_after is not None and not in_subtree(ent.root, before_after):
            continue  # "X held talks Tuesday after ending his visit to Y": not the visit's day
        if story.skip[0] <= ent.start_char < story.skip[1]:
            continue  # the dateline's own date
        if ent.start_char - story.body_start < 3 and any(ch.isdigit() for ch in ent.text[-4:]):
            continue  # a publication stamp opening the body: "May 12, 2015 And more ..."
        if ent.root.head.lemma_ in REPORTING and ent.root.head.i != head.i:
            continue  # "X said Friday it was hosting ...": the day of the saying
        text = ent.text
        lower = text.lower()
        counted = dates.is_counted(lower)  # "two days ago", "a week later": a day, no duration
        if not counted and any(word in lower for word in NOT_DATES) \
                and not any(ch.isdigit() for ch in lower[:4]):
            continue
        if not counted and ("ago" in lower or "past" in lower):
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
        if _before_or_after_something(ent):
            continue  # "the day after the summit", "the day before he met Y": not counted
            # from the day named before
        if counted and _governor(ent).i not in (head.i, getattr(frame, "i", None)):
            continue  # "his statement two weeks ago": the statement's day, not the event's
        anchor = named_before(ent, story, planned) if dates.counts_from_named(text) else None
        resolved = dates.resolve(text, ref, planned, anchor)
        if resolved is None and ent.start - 2 >= sent.start and not any(
                t.ent_type_ == "DATE" for t in doc[ent.start - 2:ent.start]):  # "earlier in | the day"
            resolved = dates.resolve(doc[ent.start - 2:ent.end].text, ref, planned)
        if resolved is None:
            continue
        if not same_clause(ent.root, frame) and not gathering_clause(ent.root, frame):
            continue  # the date of another clause: "..., as they pledged ... in 2024"
        if _of_another_meeting(ent, head):
            continue  # "Ahead of his meeting with X on Friday, Y met Z on Monday"
        distance = 0 if in_subtree(ent.root, head) or _after_noun(ent, head) else 50
        distance += abs(ent.start - head.i) / 10
        if best is None or distance < best[0]:
            best = (distance, resolved)
    if best is None and offset is not None:
        return _offset_date(*offset, ref, planned)  # "Y met Z on Monday, a week after
        # meeting X": a week before Monday
    return best[1] if best else None


SET_APART = {"ahead", "before", "after", "prior", "following", "preceding"}
CLOSING_WORDS = {"before", "after", *dates.COUNTED_WORDS}  # "the day | before", "two days | later"
ONE_WORD_DAYS = {phrase for phrase in dates.RELATIVE_DAYS if " " not in phrase}


def _date_spans(ents: list[Span]) -> list[Span]:
    """Dates as NER leaves them, mended: "last week | on Wednesday", tagged as two dates, is
    one (that Wednesday); "The day | before," and "Two days | later," take the word that
    says from when they count, which NER leaves out."""
    out: list[Span] = []
    for ent in sorted(ents, key=lambda e: (e.start, e.end)):  # (tagged and untagged mixed)
        last = out[-1] if out else None
        if last is not None and last.label_ == ent.label_ == "DATE" \
                and 0 <= ent.start - last.end <= 1 \
                and all(t.lower_ in ("on", ",") for t in ent.doc[last.end:ent.start]):
            joined = Span(ent.doc, last.start, ent.end, label="DATE")
            if dates.WEEK_DAY.search(joined.text):
                out[-1] = joined
                continue
        out.append(_with_closing_word(ent))
    return out


def _with_closing_word(ent: Span) -> Span:
    doc = ent.doc
    if ent.label_ != "DATE" or ent.end >= len(doc) or doc[ent.end].lower_ not in CLOSING_WORDS:
        return ent
    longer = Span(doc, ent.start, ent.end + 1, label="DATE")
    if _before_or_after_something(longer) or not dates.counts_from_named(longer.text):
        return ent
    return longer


def _of_another_meeting(ent: Span, head) -> bool:
    """A date of another meeting, one a noun names with its counterpart in a phrase that
    puts it before or after this one: "Ahead of his meeting with X on Friday, Y met Z on
    Monday" (Friday is that meeting's, whether the parse hangs it from "meeting" or from
    "met"). Not a noun that is this meeting: "sat down for talks with X on Monday"."""
    doc = ent.doc
    own = {t.i for span in doc.spans.get(TRIGGERS, []) if span.start <= head.i < span.end
           for t in span}
    nouns = {t.i for span in doc.spans.get(TRIGGERS, []) for t in span
             if t.pos_ == "NOUN" and t.i not in own and t.i != head.i and _set_apart(t)
             and any(c.dep_ == "prep" and c.lower_ == "with" for c in t.children)}
    if not nouns:
        return False
    current = ent.root.head
    for _ in range(12):  # the parse hangs the date from the other meeting
        if current.i == head.i or current.head.i == current.i:
            break
        if current.i in nouns:
            return True
        current = current.head
    for i in nouns:  # or word order does: the date after the noun, no comma between, and
        # this trigger not between them
        if i < ent.start and not i < head.i < ent.start and not any(
                t.text in (",", ";") or t.is_sent_start for t in doc[i + 1:ent.start]):
            return True
    return False


def _set_apart(noun) -> bool:
    """A noun in a phrase that puts it before or after something: "ahead of his meeting",
    "before talks with", "prior to his meeting", "following talks with"."""
    prep = noun.head
    return noun.dep_ == "pobj" and (prep.lower_ in SET_APART or prep.head.lower_ in SET_APART)


def _before_or_after_something(ent: Span) -> bool:
    """"The day after | the summit", "the day before | he left": the day of something the
    sentence names, not one counted from the day named before."""
    doc = ent.doc
    return ent.text.lower().endswith(("after", "before")) and ent.end < len(doc) \
        and doc[ent.end].pos_ in ("DET", "NOUN", "PROPN", "PRON", "ADJ", "NUM", "VERB")


def _after_noun(ent: Span, head) -> bool:
    """A date right after a meeting noun in a phrase, with no comma between, is the noun's
    however the parse hangs it: "met Z on Monday ahead of his meeting with X on Friday"."""
    doc = ent.doc
    return head.pos_ == "NOUN" and head.dep_ == "pobj" and head.i < ent.start \
        and not any(t.text in (",", ";") or t.is_sent_start or t.pos_ == "VERB"
                    for t in doc[head.i + 1:ent.start])


def named_before(ent: Span, story: Story, planned: bool) -> EventDate | None:
    """The date the story named last before `ent`, what "the next day", "two days later"
    and "on the second day of the visit" count from: the nearest date before it in the
    body (one that counts from an earlier date counts from that one in turn); none when
    there is none. A month or a year is returned as such, and gives no day."""
    doc = ent.doc
    earlier = [e for e in _date_spans(list(doc.ents)) if e.label_ == "DATE" and e.end <= ent.start
               and e.start_char >= story.body_start
               and not story.skip[0] <= e.start_char < story.skip[1]]
    for other in reversed(earlier):
        if _no_day_of_a_scene(other) or _before_or_after_something(other):
            continue
        anchor = None
        if dates.counts_from_named(other.text):
            anchor = named_before(other, story, planned)
            if anchor is None:
                return None
        found = dates.resolve(other.text, story.ref, planned, anchor)
        if found is not None:
            return found
    return None


def _no_day_of_a_scene(ent: Span) -> bool:
    """A date no later "the next day" counts from: a duration ("a four-day visit"), a
    bound ("until Friday"), the day of a saying ("the ministry said on Monday")."""
    lower = ent.text.lower()
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    return (any(word in lower for word in NOT_DATES) and not dates.is_counted(lower)) \
        or (prev is not None and prev.lower_ in ("since", "until", "by", "before", "after")) \
        or _governor(ent).lemma_ in REPORTING


def _untagged_days(sent):
    """"Today", "yesterday" the NER left untagged ("Today a working meeting took place")."""
    return [Span(sent.doc, t.i, t.i + 1, label="DATE") for t in sent
            if t.lower_ in ONE_WORD_DAYS and not t.ent_type_]


def before_or_after(head):
    """The "after ..." or "before ..." phrase a trigger sits in, below the verb the phrase
    opens ("held talks on Tuesday after ending his visit to Africa": the visit); None for
    the phrase's own verb or object ("after holding talks with X", "after talks with X":
    the clause's date is theirs)."""
    found = time_clause(head)
    return found[0] if found is not None and found[1].i != head.i else None


def counts_from_unknown(head) -> bool:
    """Whether the sentence counts a date from a day it could not be given ("Three years
    later", with no year named before; "a week after meeting X" in a clause whose main
    verb has no date): its event then takes no date from elsewhere."""
    return _offset_clause(head) is not None or any(
        ent.label_ == "DATE" and dates.counts_from_named(ent.text)
        for ent in _date_spans(ents_in(head.sent)))


def _offset_clause(head):
    """The span and the main verb of "a week after | meeting X", "a day after | X met Y",
    "two days before | he met Y", for a trigger in such a clause; else None."""
    verb = head if head.pos_ in ("VERB", "AUX") else clause_verb(head)
    if verb is None:
        return None
    if verb.dep_ == "pcomp" and verb.head.lower_ in ("after", "before"):
        link = verb.head  # "a week | after | meeting X": the span above the preposition
        span_word, main = link.head, link.head.head
    elif verb.dep_ == "advcl":
        link = next((c for c in verb.children if c.dep_ == "mark"
                     and c.lower_ in ("after", "before")), None)
        span_word = next((c for c in verb.children if c.dep_ == "npadvmod"), None)
        main = verb.head
    else:
        return None
    if link is None or span_word is None or span_word.ent_type_ != "DATE":
        return None
    ent = next((e for e in ents_in(head.sent) if e.start <= span_word.i < e.end), None)
    if ent is None or ent.end != link.i or not dates.is_counted(
            f"{ent.text} {_COUNTED_BACK[link.lower_]}"):
        return None
    return ent, link, main


_COUNTED_BACK = {"after": "earlier", "before": "later"}  # "a week after X": X a week earlier


def _offset_date(ent: Span, link, main, ref, planned: bool):
    """The main verb's date, counted back (or on) by the span: "met Z on Monday, a week
    after meeting X" is a week before Monday; nothing when the main verb has no date."""
    found = [resolved for other in ents_in(ent.sent)
             if other.label_ == "DATE" and other.start != ent.start
             and _governor(other).i == main.i
             and (resolved := dates.resolve(other.text, ref, planned)) is not None]
    if len(found) != 1:
        return None
    counted = dates.resolve(f"{ent.text} {_COUNTED_BACK[link.lower_]}", ref, planned, found[0])
    return replace(counted, text=f"{ent.text} {link.text}") if counted else None


def lead_date(head, parties: list[Party], story: Story,
              gathering: Place | None = None) -> EventDate | None:
    """The date the story's lead gives, for a meeting reported with none of its own in one
    of the next two sentences, at most a paragraph on: "Japan and the Philippines agreed
    on Tuesday to deepen defence cooperation. Japanese Prime Minister X and Philippine
    President Y held talks in Tokyo." Strict about what counts as the same story: the lead
    names every party of the meeting (its name, or its state), gives one date only, and no
    date is written between the lead and the meeting; so a later paragraph, or a meeting
    of people the lead does not name, keeps no date rather than take another's. For a
    meeting at the `gathering` the lead places ("The summit opened in Astana on Thursday.
    On the sidelines, X met Y"), the lead names that place instead of the parties."""
    doc, sent = head.doc, head.sent
    lead = _lead_sentence(doc, story)
    if lead is None or sent.start <= lead.start or (len(parties) < 2 and gathering is None) \
            or any(t.lower_ in OTHER_TIME_WORDS - {"had"} for t in sent):
        return None  # "Earlier, X held talks with Z": another time than the lead's ("X
        # wrote that he had discussed ...", reported speech's past perfect, may be the same)
    gap = doc.text[lead.end_char:sent.start_char]
    if len(list(doc[lead.end:sent.start].sents)) > 1 or _paragraph_breaks(gap) > 1:
        return None
    if any(_a_date(ent, story) or dates.counts_from_named(ent.text)
           for ent in [*ents_in(doc[lead.end:sent.end]), *_untagged_days(sent)]):
        return None  # another date is written after the lead: this meeting may be of another day
    main, other = {}, set()  # the dates of what the lead did ("agreed on Tuesday"); others
    for ent in ents_in(lead):  # ("output in 1987", "said on Monday", "will meet on Friday")
        if story.skip[0] <= ent.start_char < story.skip[1] \
                or (date_value := _a_date(ent, story)) is None:
            continue
        if _of_the_main_verb(ent, lead) and not _no_day_of_a_scene(ent) and not _ahead(ent):
            main[date_value.value] = date_value
        else:
            other.add(date_value.value)
    if len(main) != 1 or other - set(main):
        return None
    (value,) = main.values()
    if gathering is not None:
        return value if gathering.name in lead.text else None
    named = {t.lower_ for t in lead if t.pos_ == "PROPN"}
    states = {code for ent in ents_in(lead) if ent.label_ in ("GPE", "NORP", "ORG")
              and (code := _state(ent.text, story))}
    if not all((p.name and p.name.split()[-1].lower() in named) or (p.country in states)
               for p in parties):
        return None
    return value


def _governor(ent: Span):
    """The word a date tells the time of: "agreed | on Tuesday", "statement | two weeks ago"."""
    governor = ent.root.head
    return governor.head if governor.dep_ == "prep" and governor.i != governor.head.i else governor


def _of_the_main_verb(ent: Span, sent) -> bool:
    """A date of the sentence's main verb, or of a verb joined to it ("agreed on Tuesday")."""
    governor = _governor(ent)
    return governor.pos_ in ("VERB", "AUX") and (
        governor.i == sent.root.i or (governor.dep_ == "conj" and governor.head.i == sent.root.i))


def _lead_sentence(doc, story: Story):
    """The body's first sentence with words of its own outside the dateline; where the
    parse ran a line before it into it (a headline without a full stop), from the line
    break on."""
    for sent in doc.sents:
        if sent.end_char <= story.body_start:
            continue
        if not any(t.is_alpha and t.idx >= story.body_start
                   and not story.skip[0] <= t.idx < story.skip[1] for t in sent):
            continue
        breaks = [t.i for t in sent if t.is_space and "\n" in t.text and t.i + 1 < sent.end
                  and any(w.is_alpha for w in doc[t.i + 1:sent.end])]
        return doc[breaks[-1] + 1:sent.end] if breaks else sent
    return None


def _paragraph_breaks(gap: str) -> int:
    """How many paragraph breaks (runs of line breaks and indents) a stretch of text holds."""
    return len(re.findall(r"\n\s*", gap))


def _a_date(ent: Span, story: Story) -> EventDate | None:
    """The date a DATE entity names on its own, if any (not one counted from another)."""
    if ent.label_ != "DATE" or ent.start_char < story.body_start:
        return None
    found = dates.resolve(ent.text, story.ref)
    if found is None or (story.ref and found.value > story.ref.isoformat()[:len(found.value)]):
        return None
    return found


def _ahead(ent: Span) -> bool:
    """A date of a clause about the future ("will meet on Friday")."""
    verb = clause_verb(ent.root)
    return verb is not None and any(
        c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll") for c in verb.children)


def _state(text: str, story: Story) -> str | None:
    gaz = story.ctx.gaz
    return gaz.country_code(text) or gaz.country_code(text.removeprefix("the ")) \
        or gaz.country_code(text.removeprefix("The "))


def arrival_date(parties: list[Party], place: Place, story: Story):
    """The date a party was last placed in this same place, for an undated event there."""
    for party in parties:
        where = story.where.get(party.identity()) if party.name else None
        if where and where[1] is not None and where[0] is not None and (
                where[0].name == place.name or where[0].country == place.country):
            return where[1]
    return None


def dated_today(head, source: Document, ref: date | None):
    """A dated release's present perfect ("Kigali, Friday 24 June 2022 - President X has
    attended the summit and held meetings with Y") tells of that day: the dateline's day,
    for a trigger whose clause (or the clause it is joined to) has "has" or "have"."""
    dateline = source.header.dateline
    if ref is None or dateline is None or not dateline.date:
        return None
    verb = head if head.pos_ in ("VERB", "AUX") else clause_verb(head)
    while verb is not None and verb.dep_ == "conj" and not _perfect(verb):
        verb = verb.head
    if verb is None or not _perfect(verb):
        return None
    return EventDate(ref.isoformat(), "day", dateline.date, "relative")


def _perfect(verb) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in verb.children)


def reference_date(source: Document) -> date | None:
    """What relative dates count from: the dateline's day ("Paris, March 2, 2015" in a
    communiqué published on the 3rd), else the publication date."""
    published = dates.parse_iso(source.doc_date)
    stated = source.header.dateline.date if source.header.dateline else None
    if stated:
        found = dates.resolve(stated, published)
        if found is not None and found.precision == "day":
            day = dates.parse_iso(found.value)
            if published is None or (day <= published and (published - day).days <= 7):
                return day
    return published
