"""Web pages in: a page built from tests/data/pages/article.html (a template with a nav,
cookie banner, related links, scripts, an HTML comment and reader comments, each holding a
meeting sentence of its own) around the paragraphs of article.txt. The page gives the same
events as the text, none from the boilerplate, and its metadata date."""
from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from helpers import dipevents, write

PAGES = Path(__file__).parent / "data" / "pages"
TEXT = (PAGES / "article.txt").read_text(encoding="utf-8")
BOILERPLATE_PEOPLE = {"Mwila Banda", "Kagiso Molefe", "Tomás Herrera", "Luis Mamani",
                      "Amani Odero", "Moses Okello", "Ola Dahl", "Mette Holm", "Jon Arnason",
                      "Eli Joensen"}
PROVENANCE = ("doc", "id", "url", "title", "site", "doc_date_source")


def page(text: str = TEXT, head_paragraphs: tuple[str, ...] = ()) -> str:
    """The template around the article: its first line is the headline (the template's
    <h1>), the other paragraphs become <p> elements."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()][1:]
    body = "\n".join(f"      <p>{html.escape(p.strip())}</p>"
                     for p in (*head_paragraphs, *paragraphs))
    return (PAGES / "article.html").read_text(encoding="utf-8").replace("{{BODY}}", body)


def events_of(*args) -> list[dict]:
    result = dipevents("extract", *args, "-f", "json", "-q")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def without_provenance(events: list[dict]) -> list[dict]:
    return [{**e, "sources": [{k: v for k, v in s.items() if k not in PROVENANCE}
                              for s in e["sources"]]} for e in events]


def test_page_gives_the_events_of_the_plain_text(tmp_path):
    saved = write(tmp_path / "riga.html", page())
    text = write(tmp_path / "riga.txt", TEXT)
    from_page = events_of(saved)
    from_text = events_of(text, "--doc-date", "2024-03-07")
    assert len(from_page) == 2
    assert without_provenance(from_page) == without_provenance(from_text)
    assert [e["id"] for e in from_page] == [e["id"] for e in from_text]  # same offsets too
    people = {p["name"] for e in from_page for p in e["who"] + e["whom"] if p["name"]}
    assert people == {"Ana Velk", "Boris Tamm", "Carla Ruiz"}
    assert not people & BOILERPLATE_PEOPLE
    # the boilerplate's sentences are meetings when read as text: only the page reading drops them
    leaked = write(tmp_path / "boilerplate.txt", "\n\n".join([
        "Kenyan President Amani Odero met Ugandan President Moses Okello in Kampala on Thursday.",
        "Icelandic President Jon Arnason met Faroese Premier Eli Joensen in Reykjavik on Sunday.",
    ]) + "\n")
    assert len(events_of(leaked, "--doc-date", "2024-03-07")) == 2


def test_page_metadata_reaches_every_source(tmp_path):
    saved = write(tmp_path / "riga.htm", page())
    for event in events_of(saved):
        [source] = event["sources"]
        assert {k: source[k] for k in ("doc", "url", "title", "site", "doc_date",
                                       "doc_date_source")} == {
            "doc": str(saved), "url": "https://ledger.invalid/world/baltic-ministers-meet",
            "title": "Baltic ministers meet in Riga", "site": "Northern Ledger",
            "doc_date": "2024-03-07", "doc_date_source": "metadata"}
        assert TEXT[source["start"]:source["end"]] == source["sentence"]  # offsets: the text


def test_metadata_date_wins_over_a_date_in_the_text(tmp_path):
    saved = write(tmp_path / "riga.html", page(head_paragraphs=("Published on January 2, 2020",)))
    meeting = next(e for e in events_of(saved) if e["type"] == "meeting")
    assert meeting["sources"][0]["doc_date"] == "2024-03-07"
    assert meeting["date"]["value"] == "2024-03-04"  # "on Monday" before March 7, 2024
    as_text = write(tmp_path / "riga.txt", "Published on January 2, 2020\n\n" + TEXT)
    assert events_of(as_text)[0]["sources"][0]["doc_date"] == "2020-01-02"  # no metadata


def test_json_record_may_carry_html(tmp_path):
    feed = write(tmp_path / "pages.jsonl", "\n".join([
        json.dumps({"id": "p1", "html": page()}),
        json.dumps({"id": "p2", "url": "https://mirror.invalid/p2", "date": "2024-03-08",
                    "html": page()}),
    ]) + "\n")
    events = events_of(feed, "--no-merge")
    first = [e for e in events if e["sources"][0]["id"] == "p1"]
    second = [e for e in events if e["sources"][0]["id"] == "p2"]
    assert len(first) == len(second) == 2
    assert {s["url"] for e in first for s in e["sources"]} == {
        "https://ledger.invalid/world/baltic-ministers-meet"}
    # the record's own fields come first, the page fills the rest
    assert {(s["url"], s["doc_date"], s["title"]) for e in second for s in e["sources"]} == {
        ("https://mirror.invalid/p2", "2024-03-08", "Baltic ministers meet in Riga")}


def test_a_folder_of_pages_and_an_empty_page(tmp_path):
    write(tmp_path / "a.html", page())
    write(tmp_path / "b.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
    result = dipevents("extract", tmp_path, "-f", "jsonl")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 2


def test_page_from_stdin_and_gzipped(tmp_path):
    import gzip

    piped = dipevents("extract", "-", "-f", "json", "-q", input=page().encode("utf-8"))
    packed = write(tmp_path / "riga.html.gz", gzip.compress(page().encode("utf-8")))
    from_gz = events_of(packed)
    from_file = events_of(write(tmp_path / "riga.html", page()))
    assert without_provenance(json.loads(piped.stdout)) == without_provenance(from_gz) == \
        without_provenance(from_file)
    assert len(from_gz) == 2 and from_gz[0]["sources"][0]["site"] == "Northern Ledger"


BODY = ("<p>Estonian Foreign Minister Ana Velk met Latvian Foreign Minister Boris Tamm in Riga "
        "on Monday, the two governments said in a joint statement issued afterwards.</p>") * 2


@pytest.mark.parametrize("head, before, date", [
    ('<meta property="article:published_time" content="2024-03-07T08:00:00Z">', "", "2024-03-07"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", '
     '"datePublished": "2024-03-07"}</script>', "", "2024-03-07"),
    ("", '<time datetime="2024-03-07T10:00:00Z">7 March</time>', "2024-03-07"),
    ("", "<p>Published on January 2, 2020</p>", None),  # the text's date is the reader's job
])
def test_page_date_comes_from_metadata_only(head, before, date):
    from dipevents.extract.html import read_page

    found = read_page(f"<html><head><title>Talks</title>{head}</head><body><article>"
                      f"{before}{BODY}</article></body></html>")
    assert found.date == date
    assert "Ana Velk met Latvian Foreign Minister Boris Tamm" in found.text
