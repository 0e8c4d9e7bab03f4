"""`dipevents report` and `dipevents graph`: the page is self-contained, draws one mark per
event and one edge per pair of parties that met, and the graph files carry the same network.

Most tests read a file of events written here (invented people, as `extract -f jsonl`
writes them), so they need no spaCy pass; one runs the extraction on two short texts.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import networkx as nx
import pydot
import pytest

from helpers import dipevents, write


def party(name, country=None, title=None, kind="person"):
    return {"name": name, "title": title, "country": country, "kind": kind}


def event(who, whom, date=None, status="occurred", type_="meeting", doc="a.txt",
          doc_date="2024-05-20", place=None, confidence=0.8, id_="", url=None, title=None):
    source = {"doc": doc, "doc_date": doc_date, "sentence": f"{who[0]['name']} met someone.",
              "start": 0, "end": 20, "url": url, "title": title,
              "a_key": "this version does not know"}
    return {
        "id": id_,
        "type": type_, "cameo": "040", "plover": {"type": "CONSULT"}, "status": status, "confidence": confidence,
        "who": who, "whom": whom,
        "place": {"name": place[0], "country": place[1], "lat": None, "lon": None} if place else None,
        "date": {"value": date, "precision": "day" if len(date) == 10 else "month",
                 "text": "on Monday", "basis": "relative", "end": None} if date else None,
        "sources": [source],
    }


ILSA = party("Ilsa Varga", "HUN", "Foreign Minister")
TOMAS = party("Tomas Rell", "AUT", "Chancellor")
NADIA = party("Nadia Oru", "KEN", "President")
PIET = party("Piet Haan", "NLD", "Prime Minister")
SOLA = party("Sola Benn", None, "Envoy")

EVENTS = [
    event([ILSA], [TOMAS], "2024-05-13", place=("Vienna", "AUT"), id_="e1", doc="feed.jsonl#7",
          url="https://news.example.org/vienna-talks", title="Talks in Vienna"),
    event([ILSA], [TOMAS], "2024-05", doc="b.txt", id_="e2"),              # the pair again
    event([NADIA], [PIET, TOMAS], "2024-06-02", status="planned", id_="e3"),  # two pairs
    event([PIET], [NADIA], None, doc_date="2024-06-10", id_="e4",           # report date only
          doc="https://news.example.org/piet-nadia"),
    event([SOLA], [party(None, "KEN", kind="delegation")], "2024-07-01", type_="visit",
          confidence=0.4, id_="e5"),
    event([TOMAS], [ILSA], None, doc_date=None, id_="e6"),                  # no date at all
]
# The distinct pairs of parties who met, each with how many events joined them.
PAIRS = {("Ilsa Varga", "Tomas Rell"): 3, ("Nadia Oru", "Piet Haan"): 2,
         ("Nadia Oru", "Tomas Rell"): 1, ("KEN delegation", "Sola Benn"): 1}


@pytest.fixture
def events_file(tmp_path):
    return write(tmp_path / "events.jsonl", "".join(json.dumps(e) + "\n" for e in EVENTS))


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <style> and <script>."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.blocks: list[tuple[str, dict, str]] = []
        self._open = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open = (tag, dict(attrs), [])

    def handle_data(self, data):
        if self._open:
            self._open[2].append(data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            self.blocks.append((tag, self._open[1], "".join(self._open[2])))
            self._open = None


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


def figure(tags: Tags, name: str) -> dict:
    [text] = [body for tag, attrs, body in tags.blocks if attrs.get("id") == name]
    return json.loads(text)


def traces(fig: dict, role: str) -> list[dict]:
    return [t for t in fig["data"] if t.get("meta", {}).get("role") == role]


def make_report(tmp_path, *args) -> tuple[str, Tags]:
    out = tmp_path / "report.html"
    result = dipevents("report", *args, "-o", out, "-q")
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    return page, parse(page)


# ---------------------------------------------------------------- self-contained

def test_page_names_no_external_script_style_or_font(tmp_path, events_file):
    page, tags = make_report(tmp_path, events_file)
    scripts = [attrs for tag, attrs in tags.tags if tag == "script"]
    assert scripts and all("src" not in attrs for attrs in scripts)
    for tag, attrs in tags.tags:
        if tag == "link":
            assert not re.match(r"(?i)^(https?:)?//", attrs.get("href", "")), attrs
        for key in ("src", "href"):
            if tag in ("script", "link", "style", "img", "iframe") and key in attrs:
                assert not re.match(r"(?i)^(https?:)?//", attrs[key]), (tag, attrs)
    styles = " ".join(body for tag, _, body in tags.blocks if tag == "style")
    assert not re.search(r"(?i)@import|url\(\s*['\"]?(https?:)?//", styles)
    assert "@font-face" not in styles
    # plotly.js itself is inline: the page defines Plotly without any network
    [library] = [body for tag, attrs, body in tags.blocks
                 if tag == "script" and not attrs.get("type") and "Plotly" in body
                 and len(body) > 1_000_000]
    assert "newPlot" in library


# ---------------------------------------------------------------- the timeline

def test_one_mark_per_dated_event_and_the_undated_one_only_in_the_table(tmp_path, events_file):
    page, tags = make_report(tmp_path, events_file)
    marks = traces(figure(tags, "timeline-figure"), "mark")
    drawn = [index for trace in marks for index in trace["customdata"]]
    placeable = [i for i, e in enumerate(EVENTS) if e["date"] or e["sources"][0]["doc_date"]]
    assert len(drawn) == len(placeable) == 5
    assert len(set(drawn)) == len(drawn)
    assert "1 event with no date and no report date is only in the table" in page
    rows = re.findall(r'<tr id="event-\d+"', page)
    assert len(rows) == len(EVENTS)


def test_planned_and_report_date_only_marks_look_different(tmp_path, events_file):
    _, tags = make_report(tmp_path, events_file)
    marks = {t["name"]: t for t in traces(figure(tags, "timeline-figure"), "mark")}
    assert set(marks) == {"occurred", "planned", "occurred, only the report's date known"}
    look = {name: (t["marker"]["symbol"], t["marker"]["color"]) for name, t in marks.items()}
    assert len(set(look.values())) == 3
    assert len(marks["planned"]["x"]) == 1 and marks["planned"]["x"][0] == "2024-06-02"
    assert marks["occurred, only the report's date known"]["x"] == ["2024-06-10"]
    # hover names both sides, the place, the date and the sentence
    [hover] = [h for h in marks["occurred"]["hovertext"] if "Vienna" in h]
    for text in ("Ilsa Varga", "Tomas Rell", "Vienna (AUT)", "2024-05-13", "Ilsa Varga met someone."):
        assert text in hover


def test_lanes_by_country_or_by_person(tmp_path, events_file):
    _, tags = make_report(tmp_path, events_file)
    layout = figure(tags, "timeline-figure")["layout"]
    lanes = [re.sub(r"<[^>]+>|■", "", t).strip() for t in layout["yaxis"]["ticktext"]]
    assert lanes == ["HUN", "KEN", "NLD"]  # most events first; the undated one has no mark
    _, tags = make_report(tmp_path, events_file, "--by", "person")
    layout = figure(tags, "timeline-figure")["layout"]
    assert layout["yaxis"]["ticktext"] == ["Ilsa Varga", "Nadia Oru", "Piet Haan", "Sola Benn"]


# ---------------------------------------------------------------- the network

def test_one_edge_per_pair_as_wide_as_its_meetings(tmp_path, events_file):
    _, tags = make_report(tmp_path, events_file)
    network = figure(tags, "network-figure")
    labels = {node: label for t in traces(network, "node")
              for node, label in zip(t["customdata"], t["text"])}
    found = [(tuple(sorted(labels[n] for n in pair)), t["meta"]["weight"], t["line"]["width"])
             for t in traces(network, "edge") for pair in t["meta"]["pairs"]]
    assert len(found) == len(PAIRS)
    assert {pair: weight for pair, weight, _ in found} == PAIRS
    width = {pair: px for pair, _, px in found}
    assert width[("Ilsa Varga", "Tomas Rell")] > width[("Nadia Oru", "Piet Haan")] \
        > width[("Nadia Oru", "Tomas Rell")]
    # each edge is drawn: its segment's ends are its nodes' positions
    at = {node: (x, y) for t in traces(network, "node")
          for node, x, y in zip(t["customdata"], t["x"], t["y"])}
    for t in traces(network, "edge"):
        for k, (a, b) in enumerate(t["meta"]["pairs"]):
            ends = {(t["x"][3 * k], t["y"][3 * k]), (t["x"][3 * k + 1], t["y"][3 * k + 1])}
            assert ends == {at[a], at[b]}
    assert sorted(labels.values()) == sorted({n for pair in PAIRS for n in pair})
    # nodes are coloured by country: one trace per country, named after it
    colours = {t["name"]: t["marker"]["color"] for t in traces(network, "node")}
    assert set(colours) == {"AUT", "HUN", "KEN", "NLD", "no country"}
    assert len(set(colours.values())) == 5


def test_clicking_a_node_has_its_meetings_to_list(tmp_path, events_file):
    _, tags = make_report(tmp_path, events_file)
    data = figure(tags, "report-data")
    network = figure(tags, "network-figure")
    [tomas] = [node for t in traces(network, "node") for node, label
               in zip(t["customdata"], t["text"]) if label == "Tomas Rell"]
    listed = [data["events"][i] for i in data["nodes"][tomas]]
    assert len(listed) == 4  # e1, e2, e3 and the undated e6
    assert all("Tomas Rell" in e["who"] + e["whom"] for e in listed)


def test_country_nodes(tmp_path, events_file):
    _, tags = make_report(tmp_path, events_file, "--nodes", "country")
    network = figure(tags, "network-figure")
    pairs = {tuple(pair) for t in traces(network, "edge") for pair in t["meta"]["pairs"]}
    assert pairs == {("AUT", "HUN"), ("KEN", "NLD"), ("AUT", "KEN")}  # Sola Benn has no state


# ---------------------------------------------------------------- filters

@pytest.mark.parametrize("options, kept", [
    (["--country", "NLD"], {"e3", "e4"}),
    (["--status", "planned"], {"e3"}),
    (["--since", "2024-06", "--until", "2024-06"], {"e3", "e4"}),  # e4 by its report date
    (["--person", "tomas rell", "--type", "meeting"], {"e1", "e2", "e3", "e6"}),
    (["--since", "2024-07", "--min-confidence", "0.5"], set()),
])
def test_filters_choose_the_marks_edges_and_rows(tmp_path, events_file, options, kept):
    page, tags = make_report(tmp_path, events_file, *options)
    data = figure(tags, "report-data")
    chosen = [e for e in EVENTS if e["id"] in kept]
    assert len(data["events"]) == len(re.findall(r'<tr id="event-', page)) == len(chosen)
    assert f"chosen by {' '.join(options)}" in page
    marks = traces(figure(tags, "timeline-figure"), "mark")
    assert sum(len(t["x"]) for t in marks) == sum(
        1 for e in chosen if e["date"] or e["sources"][0]["doc_date"])
    network = figure(tags, "network-figure")
    labels = {node: label for t in traces(network, "node")
              for node, label in zip(t["customdata"], t["text"])}
    pairs = {tuple(sorted(labels[n] for n in pair))
             for t in traces(network, "edge") for pair in t["meta"]["pairs"]}
    expected = {tuple(sorted((a["name"] or f"{a['country']} {a['kind']}",
                              b["name"] or f"{b['country']} {b['kind']}")))
                for e in chosen for a in e["who"] for b in e["whom"]}
    assert pairs == expected


def test_graph_takes_the_same_filters(events_file):
    result = dipevents("graph", events_file, "--person", "Nadia Oru", "-q")
    assert result.exit_code == 0, result.stderr
    assert _named(nx.parse_graphml(result.stdout)) == {("Nadia Oru", "Piet Haan"): 2,
                                                       ("Nadia Oru", "Tomas Rell"): 1}


def test_a_bad_filter_value_stops_before_any_work(tmp_path, events_file):
    out = tmp_path / "r.html"
    result = dipevents("report", events_file, "--since", "June", "-o", out)
    assert result.exit_code == 2
    assert "--since" in result.stderr and not out.exists()


# ---------------------------------------------------------------- the table

def test_table_lists_every_event_with_its_sources(tmp_path, events_file):
    page, _ = make_report(tmp_path, events_file)
    head = re.search(r"<thead>(.*?)</thead>", page).group(1)
    assert re.findall(r">(\w+)</th>", head) == ["When", "Type", "Status", "Who", "Whom", "Place",
                                                "Confidence", "Evidence", "Sources"]
    assert '<a href="https://news.example.org/piet-nadia"' in page  # the doc is a web address
    assert re.search(r'<a href="https://news.example.org/vienna-talks"[^>]*>Talks in Vienna</a>',
                     page)
    assert '<span title="b.txt">b.txt</span>' in page
    # sortable: every cell says what it sorts by
    body = re.search(r"<tbody>(.*?)</tbody>", page).group(1)
    assert body.count("<td data-sort=") == 9 * len(EVENTS)


# ---------------------------------------------------------------- input

def test_bad_lines_are_reported_and_the_rest_drawn(tmp_path):
    wrong = [dict(EVENTS[1], confidence="high"), dict(EVENTS[1], date={**EVENTS[1]["date"],
                                                                       "value": "May 2024"}),
             dict(EVENTS[1], who=["Ilsa Varga"])]
    lines = [json.dumps(EVENTS[0]), "{not json", json.dumps({"type": "meeting"}),
             json.dumps(EVENTS[2]), *map(json.dumps, wrong)]
    path = write(tmp_path / "events.jsonl", "\n".join(lines) + "\n")
    out = tmp_path / "r.html"
    result = dipevents("report", path, "-o", out)
    assert result.exit_code == 1
    assert f"{path}:2: invalid JSON" in result.stderr
    assert f"{path}:3: not an event" in result.stderr
    assert f"{path}:5: not an event (confidence must be a number)" in result.stderr
    assert f"{path}:6: not an event (date.value must be YYYY, YYYY-MM or YYYY-MM-DD)" in result.stderr
    assert f"{path}:7: not an event (TypeError:" in result.stderr
    marks = traces(figure(parse(out.read_text()), "timeline-figure"), "mark")
    assert sum(len(t["x"]) for t in marks) == 2


def test_events_as_one_json_array(tmp_path):
    path = write(tmp_path / "events.json", json.dumps(EVENTS[:3], indent=2))
    result = dipevents("graph", path, "-q")
    assert result.exit_code == 0, result.stderr
    graph = nx.parse_graphml(result.stdout)
    assert graph.number_of_edges() == 3


def test_no_events_gives_an_empty_page_and_graph(tmp_path):
    path = write(tmp_path / "quiet.txt", "Farmers sell apples and pears.\n")
    page, tags = make_report(tmp_path, path)
    assert traces(figure(tags, "timeline-figure"), "mark") == []
    assert traces(figure(tags, "network-figure"), "edge") == []
    assert "0 events" in page


def test_output_folder_must_exist(tmp_path, events_file):
    result = dipevents("report", events_file, "-o", tmp_path / "nowhere" / "r.html")
    assert result.exit_code == 2
    assert "no such folder" in result.stderr


def test_report_runs_the_extraction_on_documents(tmp_path):
    write(tmp_path / "a.txt", "Peruvian Foreign Minister Elena Castañeda met Chilean Foreign "
                              "Minister Tomás Herrera in Santiago on Monday.\n")
    write(tmp_path / "b.txt", "Zambian President Mwila Banda will meet Botswana President "
                              "Kagiso Molefe in Lusaka next week.\n")
    _, tags = make_report(tmp_path, tmp_path / "a.txt", tmp_path / "b.txt",
                          "--doc-date", "2024-03-07")
    marks = {t["name"]: t for t in traces(figure(tags, "timeline-figure"), "mark")}
    assert marks["occurred"]["x"] == ["2024-03-04"]
    assert len(marks["planned"]["x"]) == 1
    network = figure(tags, "network-figure")
    labels = {node: label for t in traces(network, "node")
              for node, label in zip(t["customdata"], t["text"])}
    pairs = {tuple(sorted(labels[n] for n in pair))
             for t in traces(network, "edge") for pair in t["meta"]["pairs"]}
    assert pairs == {("Elena Castañeda", "Tomás Herrera"), ("Kagiso Molefe", "Mwila Banda")}


# ---------------------------------------------------------------- graph files

def _named(graph: nx.Graph) -> dict[tuple[str, str], int]:
    return {tuple(sorted((graph.nodes[a]["label"], graph.nodes[b]["label"]))): int(w)
            for a, b, w in graph.edges(data="weight")}


def test_graphml_and_gexf_carry_the_pairs_and_weights(tmp_path, events_file):
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"g.{fmt}"
        result = dipevents("graph", events_file, "--format", fmt, "-o", out, "-q")
        assert result.exit_code == 0, result.stderr
        graph = read(out)
        assert _named(graph) == PAIRS, fmt
        tomas = [n for n, label in graph.nodes(data="label") if label == "Tomas Rell"][0]
        assert graph.nodes[tomas]["country"] == "AUT"
        assert int(graph.nodes[tomas]["meetings"]) == 4


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pydot's parser, on pyparsing 3.2
def test_dot_parses_with_the_pairs_and_weights(events_file):
    result = dipevents("graph", events_file, "-f", "dot", "-q")
    assert result.exit_code == 0, result.stderr
    [dot] = pydot.graph_from_dot_data(result.stdout)
    graph = nx.nx_pydot.from_pydot(dot)
    labels = {n: str(label).strip('"') for n, label in graph.nodes(data="label")}
    found = {tuple(sorted((labels[a], labels[b]))): int(str(w).strip('"'))
             for a, b, w in graph.edges(data="weight")}
    assert found == PAIRS
    assert 'penwidth=3' in result.stdout  # Graphviz draws the busiest pair widest


def test_report_without_output_goes_to_stdout_when_it_is_not_a_terminal(events_file):
    result = dipevents("report", events_file, "-q")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.endswith("</html>\n")
