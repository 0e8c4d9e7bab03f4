"""What assembly knows about one document while it reads it: the explicit per-document state.

A `Story` is made at the top of `Assembler.assemble()` and handed to every part of the
reading, so the `Assembler` (cached, one per rule set) holds only what does not change
between documents: the gazetteer, the officials table, places and the trigger rules.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dipevents.extract.parties import DocContext
from dipevents.models import Document, Event, Party, Place


@dataclass
class Story:
    """One document being read into events."""

    source: Document
    ctx: DocContext
    ref: date | None             # what relative dates count from (`when.reference_date`)
    here: Place | None           # the dateline's place
    gathering: Place | None      # the city of the gathering the story is about, if any
    body_start: int              # where the body begins (headline and header lines before it)
    skip: tuple[int, int]        # the dateline's own characters (its date is no event's)
    headline: Place | None = None  # the town the headline places its meeting in, if any
    last: Event | None = None    # the event just reported
    told: list[Event] = field(default_factory=list)  # the events reported so far
    last_group: Event | None = None  # the last event of more than one party ("they", "both")
    last_met: Event | None = None  # the last such event that took place
    status: str = "occurred"     # the status of the trigger being read
    scene: tuple | None = None   # (party identities, place, date) of the last stated event
    where: dict[str, tuple] = field(default_factory=dict)  # person key -> (place, date) last stated
    led: dict[str | None, Party] = field(default_factory=dict)  # country -> its delegation's leader
    # Per trigger: a side read from word order, a list, a pronoun or the story; and whether
    # "they" / "the two leaders" stood for the last group.
    inferred: bool = False
    group_used: bool = False
