"""The date of an event: the date named in its clause nearest the trigger, what relative
dates count from, and the date a party arrived where an undated event takes place."""
from __future__ import annotations

from datetime import date

from spacy.tokens import Span

from dipevents.extract import dates
from dipevents.extract.assemble.story import Story
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
    for ent in [*ents_in(sent), *_untagged_days(sent)]:
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
        if not same_clause(ent.root, frame) and not gathering_clause(ent.root, frame):
            continue  # the date of another clause: "..., as they pledged ... in 2024"
        distance = 0 if in_subtree(ent.root, head) else 50
        distance += abs(ent.start - head.i) / 10
        if best is None or distance < best[0]:
            best = (distance, resolved)
    return best[1] if best else None


ONE_WORD_DAYS = {phrase for phrase in dates.RELATIVE_DAYS if " " not in phrase}


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
