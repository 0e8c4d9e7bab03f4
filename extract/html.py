"""Web pages in: the article's main text and the page's metadata, read with trafilatura.

A saved page (`.html`, `.htm`) or a JSON record's `html` field becomes the text the rest of
the chain reads: trafilatura's main-content extraction drops menus, cookie banners, adverts,
link lists, scripts, styles and reader comments. Each block of the article (paragraph,
heading, list item) is one paragraph, separated by a blank line, so sentences never run
across blocks. Offsets in `sources` count characters of this extracted text.

The page's own metadata (meta tags, JSON-LD, `<time>`; read by trafilatura and htmldate,
without the guesses htmldate makes from the text) gives the publication date, title, site
name and URL; the reader puts the date before any date found in the text. Nothing is
fetched: the URL is only read from the page.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MARKUP = re.compile(r"<(?:!doctype|html|head|body|p|div|article|main|meta|title|span|h[1-6])\b",
                    re.IGNORECASE)
# htmldate may only read the page's markup, never guess from the text, and wants the
# original publication date rather than the last update.
DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass
class Page:
    text: str  # the main text, paragraphs separated by blank lines ("" when none is found)
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD from the page's metadata
    site: str | None = None
    url: str | None = None


def read_page(html: str, url: str | None = None) -> Page:
    """The main text and metadata of one page. `url` (a record's) helps resolve the page's
    own relative canonical URL; the page's canonical URL wins when it has one."""
    extraction = _trafilatura()
    if not html.strip():
        return Page("")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            found = extraction.bare_extraction(
                html, url=url, with_metadata=True, include_comments=False,
                include_tables=False, include_images=False, include_links=False,
                favor_precision=True, date_extraction_params=DATE_PARAMS)
        except Exception:  # noqa: BLE001 - a page trafilatura cannot parse has no text
            found = None
    if found is None:
        return Page("")
    text = _paragraphs(found.text or "")
    date = found.date if isinstance(found.date, str) and ISO_DAY.match(found.date) else None
    return Page(text=text, title=_clean(found.title), date=date,
                site=_clean(found.sitename), url=_clean(found.url) or url)


def has_markup(text: str) -> bool:
    """Some HTML element in the first 64 KB: a `.html` file without any is read as text."""
    return bool(MARKUP.search(text[:65536]))


def _paragraphs(text: str) -> str:
    """One block a line from trafilatura; a blank line between blocks."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n\n".join(line for line in lines if line) + ("\n" if any(lines) else "")


def _clean(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


@lru_cache(maxsize=1)
def _trafilatura():
    import logging

    import trafilatura

    # Its complaints about a page ("empty HTML tree") would land on stderr; a page without
    # text simply has no events.
    for name in ("trafilatura", "htmldate", "justext", "courlan"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    return trafilatura
