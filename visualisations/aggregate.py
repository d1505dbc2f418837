"""Keep big maps drawable: above ``limit`` actors, the most numerous kinds become one node each.

A group node carries its kind, the number of actors in it and the first members (for the side
panel, which points at the ``actor:<id>`` view to expand one of them). Edges between groups are
merged per layer and status, with a count and the keys of the edges they stand for (``parts``, so the
map can tell when they held). Entry points are never grouped.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

MAX_NODES = 2000
MAX_MEMBERS_LISTED = 50


def aggregate(G: nx.MultiDiGraph[str], limit: int = MAX_NODES) -> tuple[nx.MultiDiGraph, list[dict[str, str]]]:
    """``G`` itself if it has at most ``limit`` nodes; otherwise a grouped copy and a note per group."""
    if G.number_of_nodes() <= limit:
        return G, []
    grouped = _kinds_to_group(G, limit)
    H: nx.MultiDiGraph[str] = nx.MultiDiGraph(**G.graph)
    group_of: dict[str, str] = {}
    members: dict[str, list[str]] = defaultdict(list)
    for node, data in G.nodes(data=True):
        if data["kind"] in grouped and not data.get("entry_point"):
            group_of[node] = "group:" + data["kind"]
            members[group_of[node]].append(node)
        else:
            H.add_node(node, **data)
    notes = [_add_group(G, H, gid, members[gid]) for gid in sorted(members)]
    _merge_edges(G, H, group_of)
    return H, notes


def _kinds_to_group(G: nx.MultiDiGraph[str], limit: int) -> set[str]:
    """The most numerous kinds (never the entry points), until at most ``limit`` nodes remain."""
    counts = Counter(d["kind"] for _n, d in G.nodes(data=True) if not d.get("entry_point"))
    grouped: set[str] = set()
    remaining = G.number_of_nodes()
    for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if remaining <= limit:
            break
        grouped.add(kind)
        remaining -= n - 1
    return grouped


def _add_group(G: nx.MultiDiGraph[str], H: nx.MultiDiGraph[str], gid: str, members: list[str]) -> dict[str, str]:
    """The group node standing for ``members`` (the first of them listed), and the note saying so."""
    first = G.nodes[members[0]]
    n = len(members)
    kl = first["kind_label"]
    listed = sorted(members, key=lambda m: (G.nodes[m]["label"]["da"], m))[:MAX_MEMBERS_LISTED]
    H.add_node(gid, iri=gid, kind=first["kind"], kinds=first["kinds"], kind_label=kl,
               label={"da": f"{kl['da']} ({n})", "en": f"{kl['en']} ({n})"}, sources=[],
               entry_point=False, municipal_unit=first.get("municipal_unit", False),
               housing=first.get("housing", False), group=True, count=n,
               members=[{"iri": m, "label": G.nodes[m]["label"]} for m in listed])
    return {"da": f"{n} aktører af typen '{kl['da']}' er samlet i én knude.",
            "en": f"{n} actors of kind '{kl['en']}' are aggregated into one node."}


def _merge_edges(G: nx.MultiDiGraph[str], H: nx.MultiDiGraph[str], group_of: dict[str, str]) -> None:
    """Edges between ungrouped actors as they are; edges touching a group merged per ends, relation, layer and
    status, with a count and the keys they stand for; edges inside a group left out."""
    merged: dict[tuple[str, str, str, str, str], list[str]] = defaultdict(list)
    for u, v, k, d in G.edges(keys=True, data=True):
        gu, gv = group_of.get(u, u), group_of.get(v, v)
        if gu == gv and (u in group_of):
            continue
        if u in group_of or v in group_of:
            merged[(gu, gv, d["relation"], d["layer"], d["status"])].append(k)
        else:
            H.add_edge(u, v, key=k, **d)
    for (gu, gv, relation, layer, status), parts in sorted(merged.items()):
        key = f"agg:{gu}|{gv}|{relation}|{layer}|{status}"
        H.add_edge(gu, gv, key=key, id=key, relation=relation, predicate="", layer=layer, status=status,
                   via=[], sources=[], count=len(parts), parts=parts)
