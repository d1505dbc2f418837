"""Path and cut algorithms behind the topology rules, written like networkx algorithms.

Every function takes a graph first, is pure (never changes its input) and knows nothing of RDF:
nodes are whatever hashable keys the caller uses (actor IRIs in graf). Each runs in time linear in
the size of the graph (or, for :func:`minimum_cut`, a few breadth-first searches per augmenting
path), so deep or wide hostile shapes stay cheap.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeAlias, TypeVar

import networkx as nx

__all__ = ["Bypass", "Cut", "Cuts", "bypass_entries", "minimum_cut", "reachable", "unreached"]

N = TypeVar("N", bound=Hashable)  #: the node type of a graph (actor IRIs in graf)


def _key(node: Hashable) -> str:
    return str(node)


def reachable(G: nx.DiGraph[N], sources: Iterable[N], avoid: N | None = None) -> set[N]:
    """Every node a directed path from ``sources`` reaches (the sources included), never entering ``avoid``.

    >>> sorted(reachable(nx.DiGraph([("a", "b"), ("b", "c"), ("a", "x"), ("x", "y")]), ["a"], avoid="x"))
    ['a', 'b', 'c']
    """
    seen = {s for s in sources if s in G and s != avoid}
    todo = deque(seen)
    while todo:
        for nxt in G.successors(todo.popleft()):
            if nxt not in seen and nxt != avoid:
                seen.add(nxt)
                todo.append(nxt)
    return seen


@dataclass(frozen=True)
class Bypass(Generic[N]):
    """One way around the entry point: the edge ``source -> first`` that leaves the sources, the nearest
    ``target`` behind it and a shortest path from ``source`` through it to the target (``path``, at
    most the ``limit`` given to :func:`bypass_entries`; ``length`` is the full path's node count), plus
    ``further``: the other targets first reached through it."""

    source: N
    first: N
    target: N
    path: tuple[N, ...]
    length: int
    further: int


def _towards_targets(G: nx.DiGraph[N], targets: set[N], avoid: set[N]) -> dict[N, N]:
    """For every node that reaches a target without entering ``avoid``: the next node on a shortest path
    to the nearest target (a target maps to itself). One reverse breadth-first search from all targets."""
    nxt = {t: t for t in sorted(targets, key=_key)}
    todo = deque(nxt)
    while todo:
        node = todo.popleft()
        for prev in sorted(G.predecessors(node), key=_key):
            if prev not in nxt and prev not in avoid:
                nxt[prev] = node
                todo.append(prev)
    return nxt


def bypass_entries(G: nx.DiGraph[N], sources: Iterable[N], entry: N, targets: Iterable[N],
                   limit: int | None = None) -> list[Bypass[N]]:
    """Every way from ``sources`` to ``targets`` that avoids ``entry``, one :class:`Bypass` per first step.

    ``entry`` dominates a target (every path from a source to it passes ``entry``) exactly when no path
    from a source reaches it in ``G`` without ``entry``. So one reverse breadth-first search from the
    targets, never entering ``entry``, decides dominance for every target at once and gives each node
    its next step towards the nearest target; no dominator chain is walked per target. A bypass is an
    edge ``u -> v`` with ``u`` a source and ``v`` neither a source nor ``entry`` from which a target is
    reachable around ``entry`` and without coming back to a source (``v`` may be the target itself): a
    way around that passes another source is that source's bypass. ``further`` counts the targets first
    reached through each bypass, in the order returned (sorted by source, then first step), with one
    forward search shared by all bypasses: linear in the size of ``G``. ``limit`` cuts each path after
    that many nodes (``length`` keeps the full count).

    >>> G = nx.DiGraph([("ho", "ep"), ("ep", "adm1"), ("ho", "bl"), ("bl", "adm2"), ("ep", "adm2"),
    ...                 ("adm2", "adm3"), ("ho", "kreds"), ("kreds", "ep")])
    >>> [(b.source, b.first, b.path, b.further) for b in bypass_entries(G, ["ho"], "ep", ["adm1", "adm2", "adm3"])]
    [('ho', 'bl', ('ho', 'bl', 'adm2'), 1)]
    """
    sources = sorted({s for s in sources if s in G and s != entry}, key=_key)
    source_set = set(sources)
    goals = {t for t in targets if t in G and t != entry and t not in source_set}
    nxt = _towards_targets(G, goals, source_set | {entry})
    seen: set[N] = source_set | {entry}  # forward search shared by every bypass, for ``further``
    out: list[Bypass[N]] = []
    for u in sources:
        for v in sorted(G.successors(u), key=_key):
            if v == entry or v in source_set or v not in nxt:
                continue
            path, length, target = _path_to_target(nxt, u, v, limit)
            further = _first_reached(G, v, goals, seen) - {target}
            out.append(Bypass(u, v, target, path, length, len(further)))
    return out


def _path_to_target(nxt: dict[N, N], u: N, v: N, limit: int | None) -> tuple[tuple[N, ...], int, N]:
    """The path ``u, v, ...`` to the nearest target along ``nxt`` (at most ``limit`` nodes kept), its full
    node count and the target."""
    path, length, node = [u, v], 2, v
    while nxt[node] != node:
        node = nxt[node]
        length += 1
        if limit is None or len(path) < limit:
            path.append(node)
    return tuple(path[:limit] if limit is not None else path), length, node


def _first_reached(G: nx.DiGraph[N], start: N, goals: set[N], seen: set[N]) -> set[N]:
    """The goals first reached from ``start``: nodes in ``seen`` are not entered again, and ``seen`` grows."""
    if start in seen:
        return set()
    seen.add(start)
    todo = deque([start])
    found = {start} & goals
    while todo:
        for nxt in G.successors(todo.popleft()):
            if nxt not in seen:
                seen.add(nxt)
                if nxt in goals:
                    found.add(nxt)
                todo.append(nxt)
    return found


def unreached(G: nx.DiGraph[N], entry: N, targets: Iterable[N]) -> list[N]:
    """The ``targets`` that no directed path from ``entry`` reaches, sorted.

    >>> unreached(nx.DiGraph([("ep", "a")]), "ep", ["a", "b"])
    ['b']
    """
    reach = nx.descendants(G, entry) if entry in G else set()
    return sorted((t for t in set(targets) if t != entry and t not in reach), key=_key)


#: a node of the split graph of :class:`Cuts`: ``("in", x)`` or ``("out", x)`` for a node ``x``
_SplitNode = tuple[str, Hashable]
_SplitGraph: TypeAlias = "nx.DiGraph[_SplitNode]"
_Arc = tuple[_SplitNode, _SplitNode]
#: what an arc of the split graph stands for: ``("node", (x,))`` or ``("edges", (id, ...))``
_Element = tuple[str, tuple[Any, ...]]


@dataclass(frozen=True)
class Cut(Generic[N]):
    """A smallest set of nodes and edges (edge ids) whose loss disconnects two nodes; ``size`` elements."""

    nodes: tuple[N, ...]
    edges: tuple[Any, ...]  # the edges' ``id`` attributes: whatever the caller stores there

    @property
    def size(self) -> int:
        return len(self.nodes) + len(self.edges)


class Cuts(Generic[N]):
    """Minimum cuts between pairs of nodes of one undirected multigraph ``G`` (built once, asked per pair).

    Failing elements are nodes and edges; edges are identified by their ``id`` attribute, and several
    edges of ``G`` may share one (a channel that passes through an intermediary fails as one element).
    Every node is split into an arc of capacity ``B`` and every edge becomes two arcs of capacity
    ``B + 1`` (``B`` above the number of edges): a minimum cut then has the fewest elements and, among
    those, the fewest edges (an actor such as the entry point is named before the channels into it).
    Routes never pass through a node of ``closed`` (it may still be a source or a target). The residual
    network is built once and reused (networkx's Edmonds-Karp resets it per pair). Most pairs need no
    flow at all (:meth:`_obviously_connected`).
    """

    def __init__(self, G: nx.MultiGraph[N], closed: Iterable[N] = ()):
        self.G = G
        self._closed = set(closed)
        self._unit = G.number_of_edges() + 2
        self._network: tuple[_SplitGraph, _SplitGraph, dict[_Arc, _Element]] | None = None  # built when first needed
        self._component: dict[N, int] | None = None  # node -> its component in G without the closed nodes

    def _flow_network(self) -> tuple[_SplitGraph, _SplitGraph, dict[_Arc, _Element]]:
        """The split graph, its residual network, and the element (node or channels) behind each arc."""
        if self._network is None:
            B = self._unit
            D: _SplitGraph = nx.DiGraph()
            element: dict[_Arc, _Element] = {}
            for x in self.G.nodes():
                D.add_node(("in", x))
                D.add_node(("out", x))
                if x not in self._closed:
                    D.add_edge(("in", x), ("out", x), capacity=B)
                    element[(("in", x), ("out", x))] = ("node", (x,))
            ids: dict[_Arc, set[Any]] = {}
            for u, v, data in self.G.edges(data=True):
                if u != v:
                    for a, b in ((("out", u), ("in", v)), (("out", v), ("in", u))):
                        ids.setdefault((a, b), set()).add(data.get("id", (u, v)))
            for arc, elements in ids.items():
                D.add_edge(*arc, capacity=(B + 1) * len(elements))
                element[arc] = ("edges", tuple(sorted(elements, key=_key)))
            self._network = (D, nx.algorithms.flow.build_residual_network(D, "capacity"), element)
        return self._network

    def _obviously_connected(self, source: N, target: N, k: int) -> bool:
        """True when ``k + 1`` routes that share no element are found without a flow: each channel straight
        between the two is one, and a path from another neighbour of ``source`` to ``target`` that avoids
        the closed nodes is one more (it shares nothing with the straight channels; ``source`` must be
        closed, so that path cannot come back through it). Saves the flow for the usual case, a direct
        channel beside the route through the entry point."""
        if source not in self._closed or target in self._closed:
            return False
        parallel: dict[Hashable, dict[str, Any]] = self.G.get_edge_data(source, target, default={})
        direct = {d.get("id") for d in parallel.values()}
        if len(direct) >= k + 1:
            return True
        if len(direct) < k:
            return False
        if self._component is None:
            open_part = self.G.subgraph(n for n in self.G if n not in self._closed)
            self._component = {n: i for i, part in enumerate(nx.connected_components(open_part)) for n in part}
        home = self._component.get(target)
        return any(x != target and x not in self._closed and self._component.get(x) == home
                   for x in self.G.neighbors(source))

    def minimum_cut(self, source: N, target: N, k: int) -> Cut[N] | None:
        """A minimum set of at most ``k`` nodes and edges, ``source`` and ``target`` aside, whose failure
        disconnects them; None when they stay connected after any ``k`` failures. A cut of size 0: they
        are not connected at all. The flow stops once it shows ``k + 1`` independent routes; of the
        minimum cuts, the one nearest ``source`` is returned."""
        if source not in self.G or target not in self.G or source == target:
            return Cut((), ())
        if self._obviously_connected(source, target, k):
            return None
        D, residual, element = self._flow_network()
        s, t = ("out", source), ("in", target)
        cutoff = self._unit * (k + 1)
        R = nx.algorithms.flow.edmonds_karp(D, s, t, capacity="capacity", residual=residual, cutoff=cutoff)
        if R.graph["flow_value"] >= cutoff:
            return None
        source_side = {s}  # what the source still reaches in the residual network: the cut nearest it
        todo = deque([s])
        while todo:
            node = todo.popleft()
            for nxt, arc in R.succ[node].items():
                if nxt not in source_side and arc["flow"] < arc["capacity"]:
                    source_side.add(nxt)
                    todo.append(nxt)
        nodes: list[N] = []
        edges: list[Any] = []
        for a, b in D.edges():
            if a in source_side and b not in source_side:
                kind, what = element[(a, b)]
                (nodes if kind == "node" else edges).extend(what)
        return Cut(tuple(sorted(nodes, key=_key)), tuple(sorted(set(edges), key=_key)))


def minimum_cut(G: nx.MultiGraph[N], source: N, target: N, k: int) -> Cut[N] | None:
    """A minimum set of at most ``k`` nodes and edges whose failure disconnects ``source`` from ``target``
    in the undirected multigraph ``G`` (see :class:`Cuts`, which answers many pairs of one graph).

    >>> G = nx.MultiGraph()
    >>> _ = G.add_edges_from([("ho", "ep", {"id": "c1"}), ("ep", "adm", {"id": "c2"}), ("ho", "bl", {"id": "c3"})])
    >>> minimum_cut(G, "ho", "adm", 1)
    Cut(nodes=('ep',), edges=())
    >>> _ = G.add_edge("ho", "adm", id="c4")
    >>> minimum_cut(G, "ho", "adm", 1) is None
    True
    >>> minimum_cut(G, "ho", "adm", 2)
    Cut(nodes=('ep',), edges=('c4',))
    """
    return Cuts(G).minimum_cut(source, target, k)
