"""The event data model (not model weights): documents, parties, places, dates, events."""
from dipevents.models.events import (
    CAMEO, Document, Event, EventDate, Party, Place, ReadError, Source, normalise_name,
)

__all__ = ["CAMEO", "Document", "Event", "EventDate", "Party", "Place", "ReadError", "Source",
           "normalise_name"]
