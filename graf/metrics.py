"""Who is central: per-actor and whole-network measures of an actor graph (networkx).

:func:`metrics` takes the actor graph of :func:`graf.network.actor_graph` and returns a
:class:`Metrics`: for each actor its degree in and out per layer (formal, operational, structure),
betweenness, closeness, 2-step reach and Louvain community; for the network its density, diameter
and average path length.

The measures of position are taken on :func:`analysis_graph`: the undirected simple graph of every
channel that is not closed and every organisational relation (information and influence travel both
ways along a channel; two actors linked twice are linked once). Diameter and average path length
are those of its largest connected component (the whole graph has none when it is disconnected).

Exact or sampled, decided by the size of the graph (never by a clock): Brandes' betweenness and
all-pairs distances cost about ``n * m`` steps; up to :data:`EXACT_BUDGET` everything finishes in
under 2 s on this machine even with both cores busy (``bench/bench_metrics.py``: about 1.5 s at the
budget under a load of 6, most of it betweenness). Above it, betweenness is networkx's
estimate from ``k`` sampled sources and closeness, diameter and average path length are estimated
from ``k`` breadth-first searches (Eppstein and Wang); ``k`` is stated in the result.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for n in "abc":
...     G.add_node(n, label={"da": n, "en": n}, kind="k")
>>> G.add_edge("a", "b", key="1", layer="formal", status="open")
'1'
>>> G.add_edge("b", "c", key="2", layer="formal", status="open")
'2'
>>> m = metrics(G)
>>> m.actor("b").betweenness, m.network.diameter
(1.0, 2)
"""

from __future__ import annotations

import csv
import io
import random
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

__all__ = ["EXACT_BUDGET", "LAYERS", "MEASURES", "ActorMetrics", "Metrics", "NetworkMetrics", "analysis_graph",
           "metrics"]

#: largest ``n * m`` (nodes times edges of the analysis graph) measured exactly; above it, sampled
EXACT_BUDGET = 500_000
#: the work the sampled estimates may take, in the same unit: ``k = SAMPLED_BUDGET // m`` sources
SAMPLED_BUDGET = 1_500_000
#: fewest sources a sampled estimate uses
MIN_SAMPLES = 32
#: the layers whose degrees are counted
LAYERS = ("formal", "operational", "structure", "unknown")
#: the per-actor measures a map can size its nodes by
MEASURES = ("degree", "betweenness", "closeness", "reach2")


@dataclass
class ActorMetrics:
    """The measures of one actor."""

    iri: str
    label: dict[str, str]
    kind: str
    degree: int  #: neighbours in the analysis graph
    degree_in: dict[str, int]  #: incoming edges per layer (every edge of the actor graph, closed channels too)
    degree_out: dict[str, int]
    betweenness: float  #: normalised (networkx): share of shortest paths between others that pass through it
    closeness: float  #: networkx's (Wasserman and Faust for a disconnected graph)
    reach2: int  #: actors within two steps
    reach2_share: float  #: ``reach2`` over the other actors
    community: int  #: Louvain community, numbered from 0 by size


@dataclass
class NetworkMetrics:
    """Measures of the whole network, and how they were computed."""

    actors: int
    links: int  #: edges of the analysis graph
    density: float
    components: int
    largest_component: int
    diameter: int | None  #: of the largest component; a lower bound when ``method == "sampled"``
    average_path_length: float | None  #: of the largest component; estimated when sampled
    communities: int
    modularity: float
    method: str  #: ``exact`` or ``sampled``
    samples: int | None  #: ``k``: sources of the sampled estimates
    seed: int


@dataclass
class Metrics:
    """:func:`metrics`' result: the network's measures and one row per actor (sorted by betweenness)."""

    scenario: str | None
    network: NetworkMetrics
    actors: list[ActorMetrics] = field(default_factory=list)

    def actor(self, iri: str) -> ActorMetrics:
        for a in self.actors:
            if a.iri == iri:
                return a
        raise KeyError(iri)

    def as_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "network": asdict(self.network), "actors": [asdict(a) for a in self.actors]}

    def rows(self, lang: str = "en") -> list[dict[str, Any]]:
        """One flat row per actor (the CSV columns)."""
        out = []
        for a in self.actors:
            row: dict[str, Any] = {"iri": a.iri, "label": a.label.get(lang, a.iri), "kind": a.kind, "degree": a.degree}
            for layer in LAYERS:
                row[f"in_{layer}"] = a.degree_in.get(layer, 0)
                row[f"out_{layer}"] = a.degree_out.get(layer, 0)
            row.update(betweenness=round(a.betweenness, 6), closeness=round(a.closeness, 6), reach2=a.reach2,
                       reach2_share=round(a.reach2_share, 6), community=a.community)
            out.append(row)
        return out

    def csv(self, lang: str = "en") -> str:
        rows = self.rows(lang)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["iri"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()

    def text(self, lang: str = "en", top: int = 20) -> str:
        """A readable summary: the network's measures and the ``top`` actors by betweenness."""
        n = self.network
        how = "exact" if n.method == "exact" else f"sampled estimate from k={n.samples} sources (seed {n.seed})"
        lines = [f"scenario: {self.scenario or 'all'}",
                 f"actors {n.actors}, links {n.links}, density {n.density:.4f}, components {n.components} "
                 f"(largest {n.largest_component})",
                 f"diameter {_fmt(n.diameter)}{' (at least)' if n.method == 'sampled' else ''}, "
                 f"average path length {_fmt(n.average_path_length)} (largest component)",
                 f"communities {n.communities} (Louvain, modularity {n.modularity:.3f})",
                 f"betweenness and closeness: {how}", ""]
        width = max([len(a.label.get(lang, a.iri)) for a in self.actors[:top]] + [5])
        lines.append(f"{'actor':<{width}}  degree  betweenness  closeness  reach2  community")
        for a in self.actors[:top]:
            lines.append(f"{a.label.get(lang, a.iri):<{width}}  {a.degree:>6}  {a.betweenness:>11.4f}  "
                         f"{a.closeness:>9.4f}  {a.reach2:>6}  {a.community:>9}")
        if len(self.actors) > top:
            lines.append(f"... {len(self.actors) - top} more (--format csv or json lists every actor)")
        return "\n".join(lines) + "\n"


def _fmt(value: float | int | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def analysis_graph(G: nx.MultiDiGraph[str]) -> nx.Graph[str]:
    """The undirected simple graph the measures of position are taken on.

    Every actor, and a link between two actors joined by an organisational relation or by a
    channel that is not closed (in either direction, once however many).
    """
    U: nx.Graph[str] = nx.Graph()
    U.add_nodes_from(G.nodes)
    U.add_edges_from((u, v) for u, v, d in G.edges(data=True)
                     if u != v and not (d.get("relation", "channel") == "channel" and d.get("status") == "closed"))
    return U


def metrics(G: nx.MultiDiGraph[str], *, seed: int = 1, exact_budget: int = EXACT_BUDGET,
            sampled_budget: int = SAMPLED_BUDGET) -> Metrics:
    """Per-actor and network measures of the actor graph ``G`` (see the module docstring).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An actor graph (:func:`graf.network.actor_graph`): nodes with ``label`` and ``kind``, edges
        with ``layer`` (and ``relation``, ``status`` for channels).
    seed : int
        Seed of Louvain and of the sampled estimates, so the same graph gives the same result.
    exact_budget : int
        Largest ``n * m`` measured exactly (default :data:`EXACT_BUDGET`).
    sampled_budget : int
        Work of a sampled estimate: ``k = sampled_budget // m`` sources, at least :data:`MIN_SAMPLES`
        (default :data:`SAMPLED_BUDGET`); when ``k`` reaches ``n`` the measures are exact.

    Returns
    -------
    Metrics
        The network's measures and one :class:`ActorMetrics` per actor, most between first.
    """
    U = analysis_graph(G)
    n, m = U.number_of_nodes(), U.number_of_edges()
    exact = n * m <= exact_budget
    k = None if exact else max(MIN_SAMPLES, sampled_budget // max(1, m))
    if k is not None and k >= n:
        exact, k = True, None
    components = sorted(nx.connected_components(U), key=lambda c: (-len(c), min(c))) if n else []
    if exact:
        betweenness = nx.betweenness_centrality(U)
        closeness, diameter, average = _exact_distances(U, components[0] if components else set())
    else:
        betweenness = nx.betweenness_centrality(U, k=k, seed=seed)
        closeness, diameter, average = _sampled_distances(U, components, k or n, seed)
    community_of, modularity, count = _communities(U, seed)
    reach = _reach2(U)
    degree_in, degree_out = _layer_degrees(G)
    actors = [ActorMetrics(iri=v, label=dict(G.nodes[v].get("label") or {"da": v, "en": v}),
                           kind=str(G.nodes[v].get("kind", "")), degree=U.degree(v),
                           degree_in=degree_in[v], degree_out=degree_out[v], betweenness=betweenness.get(v, 0.0),
                           closeness=closeness.get(v, 0.0), reach2=reach[v],
                           reach2_share=reach[v] / (n - 1) if n > 1 else 0.0, community=community_of.get(v, 0))
              for v in G.nodes]
    actors.sort(key=lambda a: (-a.betweenness, -a.degree, a.label.get("da", a.iri), a.iri))
    network = NetworkMetrics(actors=n, links=m, density=nx.density(U) if n > 1 else 0.0, components=len(components),
                             largest_component=len(components[0]) if components else 0, diameter=diameter,
                             average_path_length=average, communities=count, modularity=modularity,
                             method="exact" if exact else "sampled", samples=k, seed=seed)
    return Metrics(G.graph.get("scenario"), network, actors)


def _layer_degrees(G: nx.MultiDiGraph[str]) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    degree_in: dict[str, dict[str, int]] = {v: dict.fromkeys(LAYERS, 0) for v in G.nodes}
    degree_out: dict[str, dict[str, int]] = {v: dict.fromkeys(LAYERS, 0) for v in G.nodes}
    for u, v, d in G.edges(data=True):
        layer = d.get("layer", "unknown")
        layer = layer if layer in LAYERS else "unknown"
        degree_out[u][layer] += 1
        degree_in[v][layer] += 1
    return degree_in, degree_out


def _reach2(U: nx.Graph[str]) -> dict[str, int]:
    """Actors within two steps of each actor (not counting itself)."""
    out = {}
    for v in U:
        near = set(U[v])
        for w in U[v]:
            near.update(U[w])
        near.discard(v)
        out[v] = len(near)
    return out


def _communities(U: nx.Graph[str], seed: int) -> tuple[dict[str, int], float, int]:
    if U.number_of_edges() == 0:
        return {v: i for i, v in enumerate(sorted(U))}, 0.0, U.number_of_nodes()
    found = nx.community.louvain_communities(U, seed=seed)
    ranked = sorted(found, key=lambda c: (-len(c), min(c)))
    return ({v: i for i, c in enumerate(ranked) for v in c}, nx.community.modularity(U, ranked), len(ranked))


def _induced(U: nx.Graph[str], nodes: set[str]) -> nx.Graph[str]:
    """The subgraph on ``nodes`` as a graph of its own (a subgraph view is several times slower to search)."""
    return U if len(nodes) == U.number_of_nodes() else U.subgraph(nodes).copy()


def _pivots(nodes: list[str], k: int, seed: int) -> list[str]:
    return random.Random(seed).sample(sorted(nodes), min(k, len(nodes)))


def _distances(C: nx.Graph[str]) -> tuple[int | None, float | None]:
    """Diameter and average path length of the connected graph ``C``."""
    n = C.number_of_nodes()
    if n <= 1:
        return (0, 0.0) if n else (None, None)
    return nx.diameter(C), nx.average_shortest_path_length(C)


def _exact_distances(U: nx.Graph[str], largest: set[str]) -> tuple[dict[str, float], int | None, float | None]:
    """Closeness of every actor (as networkx's ``closeness_centrality`` computes it) and the diameter and average
    path length of the ``largest`` component, from one breadth-first search per actor (networkx would do three)."""
    n = U.number_of_nodes()
    closeness: dict[str, float] = {}
    longest, total = 0, 0
    for v in U:
        lengths = nx.single_source_shortest_path_length(U, v)
        reached, distance = len(lengths) - 1, sum(lengths.values())
        closeness[v] = (reached / distance) * (reached / (n - 1)) if distance > 0 and n > 1 else 0.0
        if v in largest:
            longest, total = max(longest, max(lengths.values())), total + distance
    size = len(largest)
    if size <= 1:
        return closeness, (0 if size else None), (0.0 if size else None)
    return closeness, longest, total / (size * (size - 1))


def _sampled_distances(U: nx.Graph[str], components: list[set[str]], k: int, seed: int
                       ) -> tuple[dict[str, float], int | None, float | None]:
    """Closeness of every actor and the largest component's diameter and average path length, estimated from
    ``k`` breadth-first searches spread over the components by size (Eppstein and Wang).

    Within a component of ``r`` actors, an actor's sum of distances is estimated as ``(r - 1) / s`` times its
    sum of distances to the ``s`` sampled sources of that component (distances are symmetric); a component too
    small to sample is measured exactly. Closeness is scaled as networkx's ``closeness_centrality`` scales it
    (Wasserman and Faust); the diameter is the longest distance any search found (a lower bound).
    """
    n = U.number_of_nodes()
    closeness: dict[str, float] = {}
    diameter: int | None = None
    average: float | None = None
    for index, comp in enumerate(components):
        r = len(comp)
        share = max(1, round(k * r / n))
        C = _induced(U, comp)
        if share >= r or r <= MIN_SAMPLES:
            exact = nx.closeness_centrality(C) if r > 1 else dict.fromkeys(comp, 0.0)
            closeness.update({v: c * (r - 1) / (n - 1) for v, c in exact.items()})  # networkx scales by r, not n
            if index == 0:
                diameter, average = _distances(C)
            continue
        totals: dict[str, int] = defaultdict(int)
        longest, total, pairs = 0, 0, 0
        sources = _pivots(list(comp), share, seed)
        for source in sources:
            lengths = nx.single_source_shortest_path_length(C, source)
            longest = max(longest, max(lengths.values()))
            total += sum(lengths.values())
            pairs += len(lengths) - 1
            for v, d in lengths.items():
                totals[v] += d
        for v in comp:
            estimate = totals[v] * (r - 1) / len(sources)
            closeness[v] = ((r - 1) / estimate) * ((r - 1) / (n - 1)) if estimate else 0.0
        if index == 0:
            diameter, average = longest, total / pairs if pairs else 0.0
    return closeness, diameter, average
