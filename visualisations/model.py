"""Turn a :class:`~visualisations.views.View` into the plain data the page script draws.

The output is JSON-ready (lists and dicts of strings and numbers): vis-network node and edge
options (position, colour, shape, dashes, smooth curves), plus what the side panel shows (labels,
kind, facts with their quoted sources, members of a group). Tooltips are plain strings, which
vis-network renders as text, never as HTML.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import networkx as nx

from graf.network import STRUCTURAL
from visualisations import style
from visualisations.layout import layered_positions
from visualisations.views import View, actor_ids


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _predicate_label(p: str, lang: str) -> str:
    if p in style.PREDICATE_LABEL:
        return style.PREDICATE_LABEL[p][lang]
    rel = STRUCTURAL.get(p)
    if rel and rel in style.RELATION_LABEL:
        return style.RELATION_LABEL[rel][lang]
    return _local(p)


def _facts(data: dict[str, Any], names: dict[str, str], lang: str) -> list[dict[str, str]]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for src in data.get("sources", ()):
        key = (src.get("predicate", ""), src.get("object", ""), src.get("citation", ""))
        if key in seen:
            continue
        seen.add(key)
        obj = src.get("object", "")
        out.append({"fact": f"{_predicate_label(key[0], lang)}: {names.get(obj, obj)}",
                    "quote": src.get("quote", ""), "confidence": src.get("confidence", ""),
                    "reasoning": src.get("reasoning", ""), "key": src.get("key", ""),
                    "document": src.get("document", "")})
    return out


def _edge_sources(data: dict[str, Any]) -> list[dict[str, str]]:
    seen = set()
    out = []
    for src in data.get("sources", ()):
        if src.get("citation") in seen:
            continue
        seen.add(src.get("citation"))
        out.append({k: src.get(k, "") for k in ("quote", "confidence", "reasoning", "key", "document")})
    return out


def _node_colour(fill: str, border: str) -> dict[str, Any]:
    return {"background": fill, "border": border, "highlight": {"background": fill, "border": "#000000"},
            "hover": {"background": fill, "border": "#000000"}}


def build(view: View, lang: str, names: dict[str, str] | None = None) -> dict[str, Any]:
    """Nodes, edges and legend of ``view`` in ``lang`` (``names``: IRI -> label for fact objects)."""
    G = view.graph
    names = dict(names or {})
    for _n, d in G.nodes(data=True):
        names.setdefault(d["kind"], d["kind_label"][lang])
    for n, d in G.nodes(data=True):
        names.setdefault(n, d["label"][lang])
    styles = style.kind_styles([d["kind"] for _n, d in G.nodes(data=True)])
    pos = layered_positions(G)
    short = {iri: s for s, iri in actor_ids(G).items()}
    flagged: dict[str, list[str]] = defaultdict(list)  # node or edge id -> titles of its findings
    for finding in view.findings:
        for item in [*finding["nodes"], *finding["edges"]]:
            if finding["title"][lang] not in flagged[item]:
                flagged[item].append(finding["title"][lang])
    nodes = []
    for n, d in G.nodes(data=True):
        colour, shape = styles[d["kind"]]
        mark = view.node_marks.get(n, "")
        size = 16.0
        if d.get("entry_point"):
            shape, size = "star", 40.0
        if d.get("group"):
            size = 20.0 + 8.0 * math.log10(max(1, d.get("count", 1)))
        fill, border, border_width = colour, colour, 1.5
        if view.mode == "diff":
            fill = border = style.DIFF_STYLE.get(mark, style.DIFF_STYLE["same"])
        elif mark == "finding":
            border, border_width, size = style.FINDING_COLOUR, 5.0, size + 6
        elif mark == "witness":
            border, border_width, size = style.WITNESS_COLOUR, 6.0, size + 8
        if n == view.focus:
            size, border, border_width = size + 10, "#000000", 4.0
        label = d["label"][lang]
        tooltip = f"{label}\n{d['kind_label'][lang]}"
        if mark and view.mode != "plain":
            names = style.DIFF_LABEL if view.mode == "diff" else {
                k.split(":", 1)[1]: v for k, v in style.TEXT.items() if k.startswith("mark:")}
            tooltip += f"\n{names.get(mark, {}).get(lang, mark)}"
        tooltip += "".join(f"\n⚠ {t}" for t in flagged.get(n, ()))
        x, y = pos[n]
        node: dict[str, Any] = {
            "id": n, "label": label, "labels": {"da": d["label"]["da"], "en": d["label"]["en"]},
            "kind": d["kind"], "kindLabel": d["kind_label"][lang], "shape": shape, "size": size,
            "color": _node_colour(fill, border), "borderWidth": border_width, "x": x, "y": y,
            "title": tooltip, "entry": bool(d.get("entry_point")), "mark": mark,
            "shortId": short.get(n, n), "facts": _facts(d, names, lang),
        }
        if d.get("group"):
            node.update(group=True, count=d["count"],
                        members=[{"label": m["label"][lang], "iri": m["iri"]} for m in d["members"]])
        nodes.append(node)

    pairs: dict[frozenset[str], int] = defaultdict(int)
    edges = []
    all_edges = [(u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True)]
    all_edges += [(m["from"], m["to"], m["id"], {"relation": "missing", "layer": "missing", "status": "open",
                                                 "via": [], "sources": []}) for m in view.missing_edges]
    multiplicity = defaultdict(int)
    for u, v, _k, _d in all_edges:
        multiplicity[frozenset((u, v))] += 1
    for u, v, k, d in all_edges:
        pair = frozenset((u, v))
        index = pairs[pair]
        pairs[pair] += 1
        layer, status = d["layer"], d["status"]
        colour, width = style.LAYER_STYLE.get(layer, style.LAYER_STYLE["unknown"])
        dashes = style.STATUS_STYLE.get(status, style.STATUS_STYLE["unknown"])[0]
        mark = view.edge_marks.get(k, "")
        if view.mode == "diff":
            colour = style.DIFF_STYLE.get(mark, style.DIFF_STYLE["same"])
            width = max(width, 2.5) if mark in ("added", "removed", "changed") else width
        elif mark == "finding":
            colour, width = style.FINDING_COLOUR, width + 2
        elif mark == "witness" or layer == "missing":
            colour, width = style.WITNESS_COLOUR, width + 3
            if layer == "missing":
                dashes = [14, 8]
        if d.get("count"):
            width = min(12.0, width + math.log2(d["count"]))
        relation = d["relation"]
        rel_label = style.RELATION_LABEL.get(relation, {}).get(lang, relation)
        if relation == "channel":
            rel_label = style.LAYER_LABEL.get(layer, {}).get(lang, layer)
        status_label = style.STATUS_LABEL.get(status, {}).get(lang, status)
        tooltip = f"{rel_label}: {names.get(u, u)} → {names.get(v, v)}"
        if relation == "channel":
            tooltip += f" ({status_label})"
        if d.get("count"):
            tooltip += f" ×{d['count']}"
        if mark and view.mode == "diff":
            tooltip += f"\n{style.DIFF_LABEL[mark][lang]}"
            if k in view.previous_status:
                tooltip += f" ({view.previous_status[k]} → {status})"
        tooltip += "".join(f"\n⚠ {t}" for t in flagged.get(k, ()))
        smooth: dict[str, Any] = {"enabled": False}
        if layer == "operational":  # direct contacts bow around the entry point between the two sides
            smooth = {"enabled": True, "type": "curvedCW", "roundness": 0.2}
        if multiplicity[pair] > 1:
            smooth = {"enabled": True, "type": "curvedCW", "roundness": round(0.12 + 0.18 * index, 2)}
        edge: dict[str, Any] = {
            "id": k, "from": u, "to": v, "layer": layer, "status": status, "relation": relation,
            "relLabel": rel_label, "statusLabel": status_label, "color": {"color": colour, "highlight": "#000000",
                                                                          "hover": "#000000"},
            "width": width, "dashes": dashes, "smooth": smooth, "title": tooltip, "mark": mark,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5 if layer == "structure" else 0.9}},
            "via": [names.get(x, x) for x in d.get("via", ())], "sources": _edge_sources(d),
        }
        if d.get("count"):
            edge["label"] = str(d["count"])
        edges.append(edge)
    return {"nodes": nodes, "edges": edges, "legend": _legend(view, G, styles, lang)}


def _layer_entry(layer: str, lang: str, neutral: bool) -> dict[str, Any]:
    """A legend row for a layer; grey in the diff view, where colour shows the change."""
    colour, width = style.LAYER_STYLE.get(layer, style.LAYER_STYLE["unknown"])
    return {"layer": layer, "label": style.LAYER_LABEL.get(layer, {}).get(lang, layer),
            "color": "#7b7d7d" if neutral else colour, "width": width}


def _legend(view: View, G: nx.MultiDiGraph, styles: dict[str, tuple[str, str]], lang: str) -> dict[str, Any]:
    kinds: dict[str, dict[str, str]] = {}
    for _n, d in G.nodes(data=True):
        colour, shape = styles[d["kind"]]
        if d.get("entry_point"):
            shape = "star"
        if view.mode == "diff":  # colour shows the change there; the kind is the shape
            colour = "#7b7d7d"
        kinds.setdefault(d["kind"], {"kind": d["kind"], "label": d["kind_label"][lang], "color": colour,
                                     "glyph": style.GLYPH.get(shape, "●")})
    layers = sorted({d["layer"] for _u, _v, d in G.edges(data=True)} | ({"missing"} if view.missing_edges else set()),
                    key=list(style.LAYER_STYLE).index)
    statuses = sorted({d["status"] for _u, _v, d in G.edges(data=True) if d["relation"] == "channel"},
                      key=lambda s: list(style.STATUS_STYLE).index(s) if s in style.STATUS_STYLE else 99)
    out: dict[str, Any] = {
        "kinds": sorted(kinds.values(), key=lambda k: k["label"].lower()),
        "layers": [_layer_entry(la, lang, view.mode == "diff") for la in layers],
        "statuses": [{"status": s, "label": style.STATUS_LABEL.get(s, {}).get(lang, s),
                      "css": style.STATUS_STYLE.get(s, style.STATUS_STYLE["unknown"])[1]} for s in statuses],
    }
    if view.mode == "diff":
        present = set(view.node_marks.values()) | set(view.edge_marks.values())
        out["diff"] = [{"state": s, "label": style.DIFF_LABEL[s][lang], "color": c}
                       for s, c in style.DIFF_STYLE.items() if s in present]
    if view.mode == "findings":
        out["marks"] = [{"label": {"da": "aktør/forbindelse i et fund", "en": "actor/link in a finding"}[lang],
                         "color": style.FINDING_COLOUR},
                        {"label": style.TEXT["witness"][lang], "color": style.WITNESS_COLOUR}]
    return out
