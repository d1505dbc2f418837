"""Which actors and edges a view shows, and what it marks (findings, witness paths).

What changed between two scenarios is coloured by the page itself, from the frames it holds
(:mod:`visualisations.model`), so any two of them can be compared on one page.

Each function takes the actor graph(s) of :func:`graf.network.actor_graph` and returns a
:class:`View`; none of them touches the store, so they are pure and quick to test.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graf.errors import UnknownNameError


@dataclass
class View:
    """The actors and edges of one map, with marks for the diff and findings views."""

    graph: nx.MultiDiGraph[str]
    title: dict[str, str]
    mode: str = "plain"  # plain | findings
    node_marks: dict[str, str] = field(default_factory=dict)
    edge_marks: dict[str, str] = field(default_factory=dict)
    missing_edges: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    focus: str | None = None
    notes: list[dict[str, str]] = field(default_factory=list)

    def _repr_html_(self) -> str:
        """The view drawn as a map in a notebook cell (one frame; ``graf.maps.network`` gives every scenario)."""
        from visualisations.maps import render_view  # maps imports this module
        from visualisations.notebook import iframe  # here: it loads pyvis (start-up)

        return iframe(render_view(self))


def _subgraph(G: nx.MultiDiGraph[str], nodes: Iterable[str], edges: Iterable[tuple[str, str, str]] | None = None
              ) -> nx.MultiDiGraph[str]:
    """A copy of ``G`` restricted to ``nodes`` and (if given) those edge keys."""
    keep = set(nodes)
    H: nx.MultiDiGraph[str] = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from((n, G.nodes[n]) for n in G.nodes if n in keep)
    if edges is None:
        chosen = [(u, v, k) for u, v, k in G.edges(keys=True) if u in keep and v in keep]
    else:
        chosen = [(u, v, k) for u, v, k in edges if u in keep and v in keep]
    # types-networkx lists only (u, v) and (u, v, data) edges; a multigraph takes (u, v, key, data) too
    H.add_edges_from((u, v, k, G.edges[u, v, k]) for u, v, k in chosen)  # type: ignore[misc]
    return H


def overview(G: nx.MultiDiGraph[str]) -> View:
    return View(_subgraph(G, G.nodes), {"da": "Overblik: alle aktører", "en": "Overview: all actors"})


def _channel_view(G: nx.MultiDiGraph[str], layer: str, with_entry_points: bool) -> nx.MultiDiGraph[str]:
    edges = [(u, v, k) for u, v, k, d in G.edges(keys=True, data=True)
             if d.get("relation") == "channel" and d.get("layer") == layer]
    nodes = {u for u, _v, _k in edges} | {v for _u, v, _k in edges}
    if with_entry_points:
        nodes |= {n for n, d in G.nodes(data=True) if d.get("entry_point")}
    return _subgraph(G, nodes, edges)


def strategic(G: nx.MultiDiGraph[str]) -> View:
    return View(_channel_view(G, "formal", True),
                {"da": "Strategisk: formelle kanaler og indgangen",
                 "en": "Strategic: formal channels and the entry point"})


def operational(G: nx.MultiDiGraph[str]) -> View:
    return View(_channel_view(G, "operational", False),
                {"da": "Operationelt: direkte kontakter", "en": "Operational: direct contacts"})


def actor_ids(G: nx.Graph[str]) -> dict[str, str]:
    """Short unambiguous ids (the shortest unique tail of the IRI path) -> actor IRI."""
    tails: dict[str, list[str]] = {}
    for iri in G.nodes:
        tails[iri] = [p for p in iri.split("#")[-1].split("/") if p] if "#" in iri else \
            [p for p in iri.split("/")[3:] if p]
    out: dict[str, str] = {}
    counts: dict[str, int] = defaultdict(int)
    for parts in tails.values():
        for n in range(1, len(parts) + 1):
            counts["/".join(parts[-n:])] += 1
    for iri, parts in tails.items():
        for n in range(1, len(parts) + 1):
            short = "/".join(parts[-n:])
            if counts[short] == 1:
                out[short] = iri
                break
        else:
            out[iri] = iri
    return out


def resolve_actor(G: nx.Graph[str], ident: str) -> str:
    """The actor IRI named by ``ident``: an IRI, or a unique tail of its path (e.g. a local name)."""
    if ident in G:
        return ident
    ident = ident.strip().strip("/")
    matches = sorted(n for n in G.nodes if n.rstrip("/").endswith("/" + ident) or n.endswith("#" + ident))
    if len(matches) == 1:
        return matches[0]
    ids = actor_ids(G)
    if matches:  # ambiguous: list the unambiguous ids of the candidates
        valid = [short for short, iri in ids.items() if iri in matches]
        raise UnknownNameError("actor (ambiguous, use a longer id)", ident, valid)
    raise UnknownNameError("actor", ident, ids)


def neighbourhood(G: nx.MultiDiGraph[str], actor: str, degree: int = 1) -> View:
    iri = resolve_actor(G, actor)
    ego = nx.ego_graph(G, iri, radius=degree, undirected=True)
    label = G.nodes[iri]["label"]
    return View(_subgraph(G, ego.nodes),
                {"da": f"{label['da']}: naboer (grad {degree})", "en": f"{label['en']}: neighbours (degree {degree})"},
                focus=iri)


def _get(finding: Any, name: str, default: Any = None) -> Any:
    if isinstance(finding, dict):
        return finding.get(name, default)
    return getattr(finding, name, default)


def _messages(finding: Any) -> dict[str, str]:
    messages = _get(finding, "messages", None) or {}
    en = str(messages.get("en") or _get(finding, "message", "") or "")
    return {"da": str(messages.get("da") or en), "en": en}


def findings(G: nx.MultiDiGraph[str], found: Iterable[Any]) -> View:
    """The whole scenario with the nodes, edges and witness path of every finding marked."""
    view = View(_subgraph(G, G.nodes), {"da": "Fund fra valideringen", "en": "Validation findings"},
                mode="findings")
    edge_index: dict[frozenset[str], list[str]] = defaultdict(list)
    for u, v, k in view.graph.edges(keys=True):
        edge_index[frozenset((u, v))].append(k)
    edge_keys = {k for keys in edge_index.values() for k in keys}
    order = {"violation": 0, "warning": 1, "info": 2}
    ranked = sorted(found, key=lambda f: order.get(str(_get(f, "severity", "")), 3))  # stable: keeps rule order
    for i, finding in enumerate(ranked):
        nodes = [n for n in _get(finding, "nodes", ()) or () if n in view.graph]
        edges = [e for e in _get(finding, "edges", ()) or () if e in edge_keys]
        witness = [w for w in _get(finding, "witness", ()) or () if w in view.graph]
        witness_edges = _witness_edges(view, edge_index, witness, edges, i)
        _mark(view, nodes, edges, witness, witness_edges)
        view.findings.append(_finding_entry(finding, sorted(set(nodes) | set(witness)),
                                            sorted(set(edges) | set(witness_edges))))
    return view


def _mark(view: View, nodes: list[str], edges: list[str], witness: list[str], witness_edges: list[str]) -> None:
    """Mark a finding's nodes and edges (unless marked already) and its witness path (always) in ``view``."""
    for n in nodes:
        view.node_marks.setdefault(n, "finding")
    for n in witness:
        view.node_marks[n] = "witness"
    for e in edges:
        view.edge_marks.setdefault(e, "finding")
    for e in witness_edges:
        view.edge_marks[e] = "witness"


def _witness_edges(view: View, edge_index: dict[frozenset[str], list[str]], witness: list[str], edges: list[str],
                   i: int) -> list[str]:
    """The edge drawn for each step of a witness path: the finding's own edge, else a channel, else a
    dashed "missing" edge added to ``view`` (named after finding ``i``)."""
    witness_edges: list[str] = []
    for a, b in zip(witness, witness[1:], strict=False):
        keys = sorted(edge_index.get(frozenset((a, b)), []),  # the finding's own edges, then channels
                      key=lambda k: (k not in edges, not k.startswith("http"), k))
        if keys:
            witness_edges.append(keys[0])
        else:
            key = f"missing:{i}:{a}|{b}"
            view.missing_edges.append({"id": key, "from": a, "to": b})
            witness_edges.append(key)
    return witness_edges


def _finding_entry(finding: Any, nodes: list[str], edges: list[str]) -> dict[str, Any]:
    """A finding as the map's findings panel shows it (title and message in both languages)."""
    title = _get(finding, "title", {}) or {}
    if isinstance(title, str):
        title = {"da": title, "en": title}
    return {
        "rule": str(_get(finding, "rule_id", "")), "code": str(_get(finding, "code", "") or ""),
        "severity": str(_get(finding, "severity", "")),
        "title": {"da": str(title.get("da", title.get("en", ""))), "en": str(title.get("en", title.get("da", "")))},
        "message": _messages(finding), "source": str(_get(finding, "source", "") or ""),
        "nodes": nodes, "edges": edges,
    }
