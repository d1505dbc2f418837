"""Turn the frames of a map (one :class:`~visualisations.views.View` per scenario) into the plain data the page draws.

The output is JSON-ready (lists and dicts of strings and numbers), built in named passes:

* :func:`_nodes`: every actor of any frame once, at a position fixed across frames
  (:mod:`visualisations.layout`), with its kind's colour and shape, its wrapped label, the frames it is
  in, its facts with their confidence and quoted source, and the members of a group;
* :func:`_bundles`: the edges, one per pair of actors and layer (channels) or per relation, each
  listing per frame the channels or statements it stands for (parallel channels become one edge with
  a count, and flipping frames changes what an edge stands for, never where it is);
* :func:`_members`: what each channel or statement is: ends, status, confidence, via, sources;
* :func:`_legend`, :func:`_time` (the date slider: events and when each dated thing held, as steps of
  :meth:`graf.timeline.When.changes`), :func:`_measures` (who is central, per frame).

How things look *now* (which frame, diff colouring, filters, the date, size by) is decided by
``assets/map.js`` from this data. Tooltips and panels are built there from labels, as text.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graf.metrics import EXACT_BUDGET, analysis_graph, metrics
from graf.network import STRUCTURAL
from graf.scenarios import Scenario
from graf.timeline import Dated, Entry
from visualisations import style
from visualisations.layout import FONT, LINE, Box, positions, wrap_label
from visualisations.views import View, actor_ids

#: the radius of a node's shape by role (the entry point is the star at the centre)
SIZE = {"actor": 11.0, "entry": 24.0, "group": 16.0}


@dataclass
class Frame:
    """One scenario's view on a map: what it selects, its whole actor graph (for the measures) and its dates."""

    scenario: Scenario
    view: View
    graph: nx.MultiDiGraph[str] | None = None
    dated: list[Dated] = field(default_factory=list)
    events: list[Entry] = field(default_factory=list)


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _predicate_label(p: str, lang: str) -> str:
    if p in style.PREDICATE_LABEL:
        return style.PREDICATE_LABEL[p][lang]
    rel = STRUCTURAL.get(p)
    if rel and rel in style.RELATION_LABEL:
        return style.RELATION_LABEL[rel][lang]
    return _local(p)


_CITATION_FIELDS = ("quote", "confidence", "reasoning", "key", "document")


class Citations:
    """Each distinct citation once; facts and members refer to it by index (a national map cites the same
    sentence thousands of times)."""

    def __init__(self) -> None:
        self.table: list[dict[str, str]] = []
        self._index: dict[tuple[str, ...], int] = {}

    def ref(self, src: dict[str, Any]) -> int:
        key = tuple(str(src.get(k, "") or "") for k in _CITATION_FIELDS)
        if key not in self._index:
            self._index[key] = len(self.table)
            self.table.append({k: v for k, v in zip(_CITATION_FIELDS, key, strict=True) if v})
        return self._index[key]


def _facts(data: dict[str, Any], names: dict[str, str], lang: str, cites: Citations) -> list[dict[str, Any]]:
    """Each cited statement about an actor once: what it says (``fact``) and its citation (``c``, an index)."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for src in data.get("sources", ()):
        key = (src.get("predicate", ""), src.get("object", ""), src.get("citation", ""))
        if key in seen:
            continue
        seen.add(key)
        obj = src.get("object", "")
        out.append({"fact": f"{_predicate_label(key[0], lang)}: {names.get(obj, obj)}", "c": cites.ref(src)})
    return out


def _edge_sources(data: dict[str, Any], cites: Citations) -> list[int]:
    seen = set()
    out = []
    for src in data.get("sources", ()):
        if src.get("citation") in seen:
            continue
        seen.add(src.get("citation"))
        out.append(cites.ref(src))
    return out


def union(frames: list[Frame], prefer: int) -> nx.MultiDiGraph[str]:
    """Every node and edge of the frames' views (attributes from frame ``prefer`` where it has them)."""
    U: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for index in [i for i in range(len(frames)) if i != prefer] + [prefer]:
        G = frames[index].view.graph
        U.add_nodes_from(G.nodes(data=True))
        # types-networkx lists only (u, v) and (u, v, data) edges; a multigraph takes (u, v, key, data) too
        U.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True))  # type: ignore[misc]
    return U


def build(frames: list[Frame], current: int, lang: str, names: dict[str, str] | None = None) -> dict[str, Any]:
    """The page data of ``frames`` (``current``: the frame shown first) in ``lang``.

    ``names``: IRI -> label in ``lang``, for the objects of facts that are not actors of the map.
    """
    U = union(frames, current)
    names = dict(names or {})
    for n, d in U.nodes(data=True):
        names.setdefault(n, d["label"][lang])
        names.setdefault(d["kind"], d["kind_label"][lang])
    cites = Citations()
    members, member_ids = _members(frames, cites)
    bundles = _bundles(frames, current, member_ids, lang)
    nodes = _nodes(frames, current, U, names, lang, cites)
    findings = frames[current].view.findings
    _slim(bundles, members, len(frames))
    return {"nodes": nodes, "edges": bundles, "members": members, "citations": cites.table,
            "legend": _legend(frames, U, lang),
            "frames": [{"name": f.scenario.name, "label": f.scenario.label(lang), "precededBy": f.scenario.preceded_by}
                       for f in frames],
            "current": current, "time": _time(frames, lang, member_ids), "measures": _measures(frames),
            "findings": [{**f, "title": f["title"][lang], "message": f["message"][lang]} for f in findings],
            "style": style.page_style()}


# -- nodes ------------------------------------------------------------------------------------------


def _size(d: dict[str, Any]) -> float:
    if d.get("entry_point"):
        return SIZE["entry"]
    if d.get("group"):
        return SIZE["group"] + 4.0 * math.log10(max(1, d.get("count", 1)))
    return SIZE["actor"]


def _nodes(frames: list[Frame], current: int, U: nx.MultiDiGraph[str], names: dict[str, str], lang: str,
           cites: Citations) -> list[dict[str, Any]]:
    """Pass 1: every actor once, placed by :func:`visualisations.layout.positions` over the union of the frames."""
    styles = style.kind_styles([d["kind"] for _n, d in U.nodes(data=True)])
    lines = {n: {la: wrap_label(d["label"][la]) for la in ("da", "en")} for n, d in U.nodes(data=True)}
    boxes = {n: Box.of(lines[n].values(), _size(d)) for n, d in U.nodes(data=True)}
    pos = positions(U, boxes)
    short = {iri: s for s, iri in actor_ids(U).items()}
    marks = frames[current].view.node_marks
    flagged = _flagged(frames[current].view, lang)
    out = []
    for n, d in U.nodes(data=True):
        colour, shape = styles[d["kind"]]
        x, y = pos[n]
        node: dict[str, Any] = {
            "id": n, "label": "\n".join(lines[n][lang]), "labels": {"da": d["label"]["da"], "en": d["label"]["en"]},
            "kind": d["kind"], "kindLabel": d["kind_label"][lang], "shape": "star" if d.get("entry_point") else shape,
            "size": boxes[n].size, "box": [round(boxes[n].width), round(boxes[n].height)], "colour": colour,
            "x": x, "y": y, "entry": bool(d.get("entry_point")),
            "shortId": short.get(n, n), "facts": _facts(d, names, lang, cites), "confidence": d.get("confidence", ""),
            "in": [i for i, f in enumerate(frames) if n in f.view.graph],
        }
        if marks.get(n):
            node["mark"] = marks[n]
        if flagged.get(n):
            node["flags"] = flagged[n]
        if d.get("group"):
            node.update(group=True, count=d["count"],
                        members=[{"label": m["label"][lang], "iri": m["iri"]} for m in d["members"]])
        out.append(node)
    return out


def _flagged(view: View, lang: str) -> dict[str, list[str]]:
    """Node or edge id -> the titles of the findings it is part of."""
    flagged: dict[str, list[str]] = defaultdict(list)
    for finding in view.findings:
        for item in [*finding["nodes"], *finding["edges"]]:
            if finding["title"][lang] not in flagged[item]:
                flagged[item].append(finding["title"][lang])
    return flagged


# -- edges: members (what a line stands for) and bundles (the lines) -----------------------------------


def _member(u: str, v: str, k: str, d: dict[str, Any], cites: Citations) -> dict[str, Any]:
    out: dict[str, Any] = {"from": u, "to": v, "status": d["status"], "confidence": d.get("confidence", ""),
                           "via": list(d.get("via", ())), "sources": _edge_sources(d, cites)}
    if d.get("count"):
        out["count"] = d["count"]
    return out


def _missing(frames: list[Frame]) -> list[tuple[int, dict[str, Any]]]:
    return [(i, m) for i, f in enumerate(frames) for m in f.view.missing_edges]


def _members(frames: list[Frame], cites: Citations) -> tuple[dict[str, dict[str, Any]], dict[tuple[int, str], str]]:
    """Pass 2: each channel or statement once (a variant per frame where frames disagree about it), and which
    member id each frame's edge key uses."""
    members: dict[str, dict[str, Any]] = {}
    ids: dict[tuple[int, str], str] = {}
    for i, frame in enumerate(frames):
        for u, v, k, d in frame.view.graph.edges(keys=True, data=True):
            m = _member(u, v, k, d, cites)
            mid = k if members.get(k, m) == m else f"{k}@{frame.scenario.name}"
            members[mid] = m
            ids[(i, k)] = mid
    for i, m in _missing(frames):
        members[m["id"]] = {"from": m["from"], "to": m["to"], "status": "open", "missing": True}
        ids[(i, m["id"])] = m["id"]
    return members, ids


def _bundle_key(u: str, v: str, k: str, d: dict[str, Any]) -> tuple[str, ...]:
    if d.get("count"):  # an aggregate already stands for many
        return ("aggregate", k)
    if d["relation"] == "channel":
        a, b = sorted((u, v))
        return ("channel", a, b, d["layer"])
    return ("relation", u, v, d.get("predicate") or d["relation"])


def _bundles(frames: list[Frame], current: int, member_ids: dict[tuple[int, str], str], lang: str
             ) -> list[dict[str, Any]]:
    """Pass 3: one line per bundle (:func:`_bundle_key`), its id that of its first member in the current frame."""
    found: dict[tuple[str, ...], dict[str, Any]] = {}
    order = [current] + [i for i in range(len(frames)) if i != current]
    for i in order:
        frame = frames[i]
        items = [(u, v, k, d) for u, v, k, d in frame.view.graph.edges(keys=True, data=True)]
        items += [(m["from"], m["to"], m["id"], {"relation": "missing", "layer": "missing", "status": "open"})
                  for m in frame.view.missing_edges]
        for u, v, k, d in sorted(items, key=lambda e: (e[2], e[0], e[1])):
            key = ("missing", k) if d["relation"] == "missing" else _bundle_key(u, v, k, d)
            bundle = found.get(key)
            if bundle is None:
                relation = d["relation"]
                bundle = found[key] = {"id": member_ids[(i, k)], "from": u, "to": v, "relation": relation,
                                       "layer": d["layer"], "per": {}}
            bundle["per"].setdefault(str(i), []).append(member_ids[(i, k)])
    bundles = list(found.values())
    _curve_shared_pairs(bundles)
    _mark(bundles, frames[current].view, str(current), lang)
    return bundles


def _mark(bundles: list[dict[str, Any]], view: View, current: str, lang: str) -> None:
    """A line's finding marks: the strongest mark of what it stands for in the current frame, and their titles."""
    flagged = _flagged(view, lang)
    rank = {"finding": 1, "witness": 2}
    for b in bundles:
        ids = [m.split("@", 1)[0] for m in b["per"].get(current, ())]
        marks = [view.edge_marks[k] for k in ids if k in view.edge_marks]
        missing = [k for k in ids if k.startswith("missing:")]
        if missing:
            marks.append("witness")
        if marks:
            b["mark"] = max(marks, key=lambda m: rank.get(m, 0))
        titles = [t for k in ids for t in flagged.get(k, ())]
        if titles:
            b["flags"] = sorted(set(titles), key=titles.index)


def _curve_shared_pairs(bundles: list[dict[str, Any]]) -> None:
    """Lines between the same two actors (e.g. a formal and a direct channel) bow apart so each stays visible."""
    pairs: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
    for b in bundles:
        pairs[frozenset((b["from"], b["to"]))].append(b)
    formal = any(b["layer"] == "formal" for b in bundles)
    for group in pairs.values():
        for index, b in enumerate(group):
            if len(group) > 1:
                b["curve"] = round(0.12 + 0.18 * index, 2)
            elif b["layer"] == "operational" and formal:  # direct contacts bow around the entry point's channels
                b["curve"] = 0.1


def _slim(bundles: list[dict[str, Any]], members: dict[str, dict[str, Any]], frames: int) -> None:
    """Leave out what the page can infer (``assets/map.js`` fills it in): a member's ends when they are its
    line's, empty lists and confidences, and a line's ``per`` when it stands for one member in the only frame."""
    for b in bundles:
        for ids in b["per"].values():
            for mid in ids:
                m = members[mid]
                if m.get("from") == b["from"] and m.get("to") == b["to"]:
                    m.pop("from"), m.pop("to")
        if frames == 1 and b["per"] == {"0": [b["id"]]}:
            del b["per"]
    for m in members.values():
        for key in ("via", "sources", "confidence"):
            if not m.get(key):
                m.pop(key, None)


# -- legend, time, measures ------------------------------------------------------------------------


def _legend(frames: list[Frame], U: nx.MultiDiGraph[str], lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kinds": _legend_kinds(U, lang), "layers": _legend_layers(frames, U, lang),
        "statuses": [{"status": s, "label": style.STATUS_LABEL.get(s, {}).get(lang, s),
                      "glyph": style.STATUS_GLYPH.get(s, "?")}
                     for s in _ordered({d["status"] for _u, _v, d in U.edges(data=True) if d["relation"] == "channel"},
                                       list(style.STATUS_GLYPH))],
        "confidences": [{"confidence": c, "label": style.CONFIDENCE_LABEL[c][lang]} for c in style.CONFIDENCE_LABEL
                        if c == "memo" or c in {d.get("confidence", "") for _u, _v, d in U.edges(data=True)}],
        "diff": [{"state": s, "label": style.DIFF_LABEL[s][lang], "color": c} for s, c in style.DIFF_STYLE.items()],
    }
    if any(f.view.mode == "findings" for f in frames):
        out["marks"] = [{"label": style.TEXT["mark:finding"][lang], "color": style.FINDING_COLOUR},
                        {"label": style.TEXT["witness"][lang], "color": style.WITNESS_COLOUR}]
    return out


def _ordered(found: set[str], order: list[str]) -> list[str]:
    return sorted(found, key=lambda x: order.index(x) if x in order else len(order))


def _legend_kinds(U: nx.MultiDiGraph[str], lang: str) -> list[dict[str, str]]:
    styles = style.kind_styles([d["kind"] for _n, d in U.nodes(data=True)])
    kinds: dict[str, dict[str, str]] = {}
    for _n, d in U.nodes(data=True):
        colour, shape = styles[d["kind"]]
        kinds.setdefault(d["kind"], {"kind": d["kind"], "label": d["kind_label"][lang], "color": colour,
                                     "glyph": style.GLYPH["star" if d.get("entry_point") else shape]})
    return sorted(kinds.values(), key=lambda k: k["label"].lower())


def _legend_layers(frames: list[Frame], U: nx.MultiDiGraph[str], lang: str) -> list[dict[str, Any]]:
    layers = {d["layer"] for _u, _v, d in U.edges(data=True)}
    if any(f.view.missing_edges for f in frames):
        layers.add("missing")
    out = []
    for layer in _ordered(layers, list(style.LAYER_STYLE)):
        colour, width = style.LAYER_STYLE.get(layer, style.LAYER_STYLE["unknown"])
        out.append({"layer": layer, "label": style.LAYER_LABEL.get(layer, {}).get(lang, layer), "color": colour,
                    "width": width})
    return out


def _time(frames: list[Frame], lang: str, member_ids: dict[tuple[int, str], str]) -> dict[str, Any] | None:
    """The date slider's data: its span, the events in order, and for each dated member or actor the steps of
    its state (:meth:`graf.timeline.When.changes`; several intervals: the best state on each day)."""
    events: dict[str, Entry] = {}
    for frame in frames:
        for entry in frame.events:
            events.setdefault(entry.iri, entry)
    whens: dict[str, list[Any]] = defaultdict(list)
    for i, frame in enumerate(frames):
        for key, when in _dated_keys(frame):
            whens[member_ids[(i, key)] if (i, key) in member_ids else key].append(when)
    span = _span([e.when for e in events.values()] + [w for ws in whens.values() for w in ws])
    if span is None:
        return None
    entries = sorted(events.values(), key=Entry.sort_key)
    return {"first": span[0], "last": span[1],
            "events": [_event(e, lang) for e in entries],
            "steps": {iri: _best_steps(ws) for iri, ws in sorted(whens.items())}}


def _span(whens: list[Any]) -> tuple[str, str] | None:
    """The first and last day any of ``whens`` can touch (ISO), or ``None``."""
    days = [d for w in whens for d in (w.earliest(), w.latest()) if d]
    return (min(days).isoformat(), max(days).isoformat()) if days else None


def _dated_keys(frame: Frame) -> list[tuple[str, Any]]:
    """(edge key or actor IRI, when it held) of the frame's dated things that its view draws: a tenure as the
    post's "held by" line, a channel as its line (or the aggregate standing for it), a forum as its node."""
    edges = list(frame.view.graph.edges(keys=True, data=True))
    held = {(u, v): k for u, v, k, d in edges if d["relation"] == "heldBy"}
    line = {k: k for _u, _v, k, _d in edges}
    line.update({part: k for _u, _v, k, d in edges for part in d.get("parts", ())})  # an aggregate holds while
    out = []                                                                          # any edge it stands for holds
    for item in frame.dated:
        key = held.get(item.ends) if item.kind == "tenure" and item.ends else line.get(item.iri) \
            if item.kind == "channel" else item.iri if item.kind == "actor" else None
        if key is not None:
            out.append((key, item.when))
    return out


def _event(e: Entry, lang: str) -> dict[str, Any]:
    start = e.when.earliest() or e.sort_key()[0]
    return {"iri": e.iri, "label": e.label(lang), "when": e.when.text(lang), "from": start.isoformat(),
            "to": (e.when.latest() or start).isoformat(), "planned": bool(e.planned_as_of)}


_RANK = {"no": 0, "possibly": 1, "yes": 2}


def _best_steps(whens: list[Any]) -> list[list[str]]:
    if len(whens) == 1:
        return [list(s) for s in whens[0].changes()]
    changes = [w.changes() for w in whens]
    days = sorted({day for steps in changes for day, _s in steps})
    out: list[list[str]] = []
    for day in days:
        best = max((next(s for d, s in reversed(steps) if d <= day) for steps in changes), key=_RANK.__getitem__)
        if not out or out[-1][1] != best:
            out.append([day, best])
    return out


def _measures(frames: list[Frame]) -> dict[str, Any]:
    """Who is central, per frame: the network's measures and each actor's, when the frame's graph is small
    enough to measure exactly (:data:`graf.metrics.EXACT_BUDGET`); the map never waits for an estimate."""
    out: dict[str, Any] = {}
    for i, frame in enumerate(frames):
        G = frame.graph
        if G is None:
            continue
        U = analysis_graph(G)
        if U.number_of_nodes() * U.number_of_edges() > EXACT_BUDGET:
            continue
        m = metrics(G)
        out[str(i)] = {"network": {k: v for k, v in m.as_dict()["network"].items() if k != "seed"},
                       "values": {a.iri: [a.degree, round(a.betweenness, 6), round(a.closeness, 6), a.reach2,
                                          a.community] for a in m.actors}}
    return out


__all__ = ["FONT", "LINE", "Frame", "build", "union"]
