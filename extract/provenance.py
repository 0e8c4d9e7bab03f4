"""Where a source comes from: the document's label, record id, URL, title and where its
publication date was found. Assembly copies these onto every `Source` it makes.
"""
from __future__ import annotations

from functools import lru_cache

from dipevents.models import Document

# How the reader names what gave the date (`Header.date_source`), as output says it.
FIXED_SOURCES = {"argument": "option", "metadata": "metadata"}
WHERE_SOURCE = {"first_line": "header", "header": "header", "dateline": "dateline"}


def source_fields(doc: Document) -> dict:
    """The fields of a `Source` that depend only on the document."""
    return {"doc": doc.label(), "doc_date": doc.doc_date, "id": doc.id, "url": doc.url,
            "title": doc.title,
            "doc_date_source": date_source(doc.header.date_source) if doc.doc_date else None,
            "site": doc.header.site}


def date_source(found: str | None) -> str | None:
    """"option", "metadata", "header" or "dateline" for what the reader recorded (a fixed
    name or the id of the doc_dates.json pattern that matched, "+year" when completed)."""
    if not found:
        return None
    if found in FIXED_SOURCES:
        return FIXED_SOURCES[found]
    return _pattern_places().get(found.removesuffix("+year"), found)


@lru_cache(maxsize=1)
def _pattern_places() -> dict[str, str]:
    from dipevents.extract.reader import reader_rules

    return {rule.id: WHERE_SOURCE.get(rule.where, rule.where) for rule in reader_rules().dates}
