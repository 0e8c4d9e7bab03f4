"""The event data model (not model weights): documents, parties, places, dates, events."""
from dipevents.models.events import (
    CAMEO, Dateline, Document, Event, EventDate, Header, Party, Place, ReadError, Source,
    normalise_name,
)

__all__ = ["CAMEO", "Dateline", "Document", "Event", "EventDate", "Header", "Party", "Place",
           "ReadError", "Source", "normalise_name"]
