"""The same data, the same bytes: statements in a fixed order, blank nodes labelled by what is said
of them.

A store gives its blank nodes fresh random labels at each load, and its own order follows them, so
an export differed at every run. Here each blank node gets a label from its statements: its
"colour" starts empty and is refined a few rounds with the colours of its neighbours (predicate,
direction, the other term, the graph), as in Weisfeiler-Leman graph colouring, then blank nodes are
numbered ``b0``, ``b1``, ... in colour order. That is linear in the statements that mention blank
nodes (pyoxigraph's RDFC-1.0 canonicalization is exponential in the worst case, which an HTTP
export must not risk). Two blank nodes the refinement cannot tell apart are interchangeable in all
data graf ships and generates; should they not be, only their two labels could swap.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pyoxigraph as ox

#: most refinement rounds (each round lets a colour see one statement further)
ROUNDS = 8


def canonical_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """``quads`` sorted, blank nodes relabelled as the module says (duplicates removed)."""
    quads = list(dict.fromkeys(quads))
    blank = [q for q in quads if _mentions_blank(q)]
    if blank:
        labels = _labels(blank)
        quads = [_relabel(q, labels) for q in quads]
    return sorted(quads, key=_sort_key)


def _mentions_blank(quad: ox.Quad) -> bool:
    return any(isinstance(t, ox.BlankNode) for t in (quad.subject, quad.object, quad.graph_name))


def _labels(quads: list[ox.Quad]) -> dict[ox.BlankNode, ox.BlankNode]:
    nodes = {t for q in quads for t in (q.subject, q.object, q.graph_name) if isinstance(t, ox.BlankNode)}
    colour = dict.fromkeys(nodes, "")

    def key(term: object) -> str:
        return colour[term] if isinstance(term, ox.BlankNode) else str(term)

    distinct = 1
    for _ in range(ROUNDS):
        seen: dict[ox.BlankNode, list[str]] = {n: [colour[n]] for n in nodes}
        for q in quads:
            s, p, o, g = q.subject, str(q.predicate), q.object, q.graph_name
            if isinstance(s, ox.BlankNode):
                seen[s].append(f"out {p} {key(o)} {key(g)}")
            if isinstance(o, ox.BlankNode):
                seen[o].append(f"in {p} {key(s)} {key(g)}")
            if isinstance(g, ox.BlankNode):
                seen[g].append(f"graph {key(s)} {p} {key(o)}")
        colour = {n: hashlib.sha256("\n".join(sorted(parts)).encode("utf-8")).hexdigest() for n, parts in seen.items()}
        now = len(set(colour.values()))
        if now == distinct or now == len(nodes):
            break
        distinct = now
    ordered = sorted(nodes, key=lambda n: colour[n])
    return {n: ox.BlankNode(f"b{i}") for i, n in enumerate(ordered)}


def _relabel(quad: ox.Quad, labels: dict[ox.BlankNode, ox.BlankNode]) -> ox.Quad:
    if not _mentions_blank(quad):
        return quad
    s, o, g = quad.subject, quad.object, quad.graph_name
    if isinstance(s, ox.BlankNode):
        s = labels.get(s, s)
    if isinstance(o, ox.BlankNode):
        o = labels.get(o, o)
    if isinstance(g, ox.BlankNode):
        g = labels.get(g, g)
    return ox.Quad(s, quad.predicate, o, g)


def _sort_key(quad: ox.Quad) -> tuple[str, str, str, str]:
    graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
    return graph, str(quad.subject), str(quad.predicate), str(quad.object)
