"""Keep big maps drawable: above ``limit`` actors, the most numerous kinds become one node each.

A group node carries its kind, the number of actors in it and the first members (for the side
panel, which points at the ``actor:<id>`` view to expand one of them). Edges between groups are
merged per layer and status, with a count. Entry points are never grouped.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

MAX_NODES = 2000
MAX_MEMBERS_LISTED = 50


def aggregate(G: nx.MultiDiGraph, limit: int = MAX_NODES) -> tuple[nx.MultiDiGraph, list[dict[str, str]]]:
    """``G`` itself if it has at most ``limit`` nodes; otherwise a grouped copy and a note per group."""
    if G.number_of_nodes() <= limit:
        return G, []
    counts = Counter(d["kind"] for _n, d in G.nodes(data=True) if not d.get("entry_point"))
    grouped: set[str] = set()
    remaining = G.number_of_nodes()
    for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if remaining <= limit:
            break
        grouped.add(kind)
        remaining -= n - 1
    group_of: dict[str, str] = {}
    H = nx.MultiDiGraph(**G.graph)
    members: dict[str, list[str]] = defaultdict(list)
    for node, data in G.nodes(data=True):
        if data["kind"] in grouped and not data.get("entry_point"):
            gid = "group:" + data["kind"]
            group_of[node] = gid
            members[gid].append(node)
        else:
            H.add_node(node, **data)
    notes = []
    for gid in sorted(members):
        first = G.nodes[members[gid][0]]
        n = len(members[gid])
        kl = first["kind_label"]
        listed = sorted(members[gid], key=lambda m: (G.nodes[m]["label"]["da"], m))[:MAX_MEMBERS_LISTED]
        H.add_node(gid, iri=gid, kind=first["kind"], kinds=first["kinds"], kind_label=kl,
                   label={"da": f"{kl['da']} ({n})", "en": f"{kl['en']} ({n})"}, sources=[],
                   entry_point=False, municipal_unit=first.get("municipal_unit", False),
                   housing=first.get("housing", False), group=True, count=n,
                   members=[{"iri": m, "label": G.nodes[m]["label"]} for m in listed])
        notes.append({"da": f"{n} aktører af typen '{kl['da']}' er samlet i én knude.",
                      "en": f"{n} actors of kind '{kl['en']}' are aggregated into one node."})
    merged: Counter[tuple[str, str, str, str, str]] = Counter()
    for u, v, _k, d in G.edges(keys=True, data=True):
        gu, gv = group_of.get(u, u), group_of.get(v, v)
        if gu == gv and (u in group_of):
            continue
        if u in group_of or v in group_of:
            merged[(gu, gv, d["relation"], d["layer"], d["status"])] += 1
        else:
            H.add_edge(u, v, key=_k, **d)
    for (gu, gv, relation, layer, status), n in sorted(merged.items()):
        key = f"agg:{gu}|{gv}|{relation}|{layer}|{status}"
        H.add_edge(gu, gv, key=key, id=key, relation=relation, predicate="", layer=layer, status=status,
                   via=[], sources=[], count=n)
    return H, notes
