"""Path and cut algorithms behind the topology rules, written like networkx algorithms.

Every function takes a graph first, is pure (never changes its input) and knows nothing of RDF:
nodes are whatever hashable keys the caller uses (actor IRIs in graf).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import networkx as nx

__all__ = ["bypass_paths", "contract", "dominator_chain", "single_points_of_failure", "unreached"]

_SOURCE = ("graf", "super-source")


def dominator_chain(idom: dict, node: Hashable) -> list:
    """The strict dominators of ``node``, nearest first, from an ``immediate_dominators`` map.

    Works with networkx before and after 3.6 (P10: since 3.6 the start node is not a key; before,
    it maps to itself).

    >>> G = nx.DiGraph([("s", "a"), ("a", "b"), ("s", "c"), ("c", "b"), ("b", "d")])
    >>> dominator_chain(nx.immediate_dominators(G, "s"), "d")
    ['b', 's']
    """
    chain = []
    while node in idom and idom[node] != node:
        node = idom[node]
        chain.append(node)
    return chain


def bypass_paths(G: nx.DiGraph, sources: Iterable[Hashable], entry: Hashable,
                 targets: Iterable[Hashable]) -> dict[Hashable, list]:
    """Targets reachable from ``sources`` by a path that avoids ``entry``, each with a shortest such path.

    A super-source is joined to every source; a target is fine when ``entry`` dominates it (every
    path from the sources passes through ``entry``). For the others, the witness is a shortest
    path from some source to the target in ``G`` without ``entry`` (the super-source is not part
    of it). Targets that are not reachable at all, ``entry`` itself and the sources are skipped.

    >>> G = nx.DiGraph([("ho", "ep"), ("ep", "adm1"), ("ho", "bl"), ("bl", "adm2"), ("ep", "adm2")])
    >>> bypass_paths(G, ["ho"], "ep", ["adm1", "adm2"])
    {'adm2': ['ho', 'bl', 'adm2']}
    """
    sources = [s for s in sources if s in G]
    H = nx.DiGraph(G.edges())
    H.add_nodes_from(G.nodes())
    H.add_edges_from((_SOURCE, s) for s in sources)
    if not sources:
        return {}
    idom = nx.immediate_dominators(H, _SOURCE)
    avoiding = H.copy()
    if entry in avoiding:
        avoiding.remove_node(entry)
    out: dict[Hashable, list] = {}
    for t in sorted(set(targets), key=str):
        if t == entry or t in sources or t not in idom:
            continue
        if entry in dominator_chain(idom, t):
            continue
        path = nx.shortest_path(avoiding, _SOURCE, t)
        out[t] = path[1:]
    return out


def unreached(G: nx.DiGraph, entry: Hashable, targets: Iterable[Hashable]) -> list:
    """The ``targets`` that no directed path from ``entry`` reaches, sorted.

    >>> unreached(nx.DiGraph([("ep", "a")]), "ep", ["a", "b"])
    ['b']
    """
    reach = nx.descendants(G, entry) if entry in G else set()
    return sorted((t for t in set(targets) if t != entry and t not in reach), key=str)


def contract(G: nx.Graph, group: Iterable[Hashable], name: Hashable) -> nx.Graph:
    """An undirected copy of ``G`` with every node of ``group`` merged into one node ``name``.

    >>> sorted(contract(nx.Graph([("a", "x"), ("b", "y")]), ["a", "b"], "K").edges())
    [('K', 'x'), ('K', 'y')]
    """
    members = set(group)
    H = nx.Graph()
    H.add_nodes_from(name if n in members else n for n in G.nodes())
    for u, v in G.edges():
        cu, cv = (name if u in members else u), (name if v in members else v)
        if cu != cv:
            H.add_edge(cu, cv)
    return H


def single_points_of_failure(G: nx.Graph, sources: Iterable[Hashable], group: Iterable[Hashable],
                             cut: Hashable) -> list:
    """The sources that reach ``group`` in ``G`` only through the node ``cut``.

    ``group`` (e.g. every municipal unit) is contracted into one node first, so that units reached
    only through ``cut`` do not make ``cut`` look like a bottleneck (P11: a naive articulation-point
    test on the whole graph is wrong). A source that does not reach the group at all is not
    listed: it has no path to lose.

    >>> G = nx.Graph([("ho1", "ep"), ("ep", "adm1"), ("ho1", "adm2"), ("ho2", "ep"), ("ep", "adm2")])
    >>> single_points_of_failure(G, ["ho1", "ho2"], ["adm1", "adm2"], "ep")
    ['ho2']
    """
    members = set(group) - {cut}
    sink = ("graf", "group")
    H = contract(G, members, sink)
    if sink not in H or cut not in H:
        return []
    without = H.copy()
    without.remove_node(cut)
    out = []
    for s in sorted(set(sources), key=str):
        if s not in H or s == cut or not nx.has_path(H, s, sink):
            continue
        if not nx.has_path(without, s, sink):
            out.append(s)
    return out
