"""The actor network of a scenario for the tools planners use: GraphML (yEd), GEXF (Gephi), an edge list (CSV)
and Kumu's two-sheet workbook.

:func:`export_network` flattens :func:`graf.network.actor_graph` into plain attributes every format
can carry. Nodes: ``label`` (Danish, or English with ``lang="en"``), ``label_da``, ``label_en``,
``kind`` (the vocabulary key, e.g. ``Administration``), ``kind_da``, ``kind_en``, ``confidence``
(the weakest confidence of the facts about the actor: ``memo``, ``external``, ``derived`` or
``unsourced``), ``iri``, and ``valid_from``/``valid_to`` when the actor has a validity period.
Edges: ``id``, ``relation`` (``channel`` or a structural relation such as ``unitOf``), ``layer``
(formal, operational, structure), ``status``, ``via`` (ids separated by ``;``), ``confidence``,
``valid_from``/``valid_to`` (at the precision of the source: YYYY, YYYY-MM or YYYY-MM-DD).
GraphML and GEXF are written by networkx's own writers; GEXF also gets ``start``/``end`` in days
(the first day of ``valid_from``, the last day of ``valid_to``: Gephi's timeline needs days),
so playing the timeline shows the channels of the reform appear and go.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import networkx as nx

from graf.audit import weakest
from graf.errors import UnsupportedFormatError
from graf.network import actor_graph
from graf.scenarios import ALL, get_scenario, list_scenarios
from graf.store import Store
from graf.timeline import first_day, last_day, valid_during
from graf.workbook.schema import ACTOR_KINDS

FORMATS = ("graphml", "gexf", "csv-edges", "kumu")

MEDIA = {
    "graphml": ("application/graphml+xml", "graphml"),
    "gexf": ("application/gexf+xml", "gexf"),
    "csv-edges": ("text/csv; charset=utf-8", "csv"),
    "kumu": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}

_EDGE_COLUMNS = ("id", "source", "target", "source_label", "target_label", "relation", "layer", "status", "via",
                 "confidence", "valid_from", "valid_to", "scenario")


def export_network(store: Store, scenario: str | None = None, lang: str = "da") -> nx.MultiDiGraph[str]:
    """The actor network of ``scenario`` (None: the whole data set) with flat attributes (module docstring)."""
    scenarios = list_scenarios(store)
    chosen = get_scenario(store, scenario, scenarios) if scenario and scenario != ALL else None
    G = actor_graph(store, chosen)
    whens = valid_during(store, chosen)
    H: nx.MultiDiGraph[str] = nx.MultiDiGraph(name=chosen.name if chosen else "all",
                                              scenario=chosen.name if chosen else "all")
    for n, d in G.nodes(data=True):
        term = ACTOR_KINDS.by_iri(d["kind"])
        attrs = {"label": d["label"].get(lang) or d["label"]["da"], "label_da": d["label"]["da"],
                 "label_en": d["label"]["en"], "kind": term.key if term else d["kind"].rsplit("#", 1)[-1],
                 "kind_da": d["kind_label"].get("da", ""), "kind_en": d["kind_label"].get("en", ""),
                 "confidence": weakest(s["confidence"] for s in d["sources"]), "iri": n}
        attrs.update(_validity(whens.get(n)))
        H.add_node(n, **attrs)
    for u, v, k, d in G.edges(keys=True, data=True):
        attrs = {"id": k, "relation": d["relation"], "layer": d["layer"], "status": d["status"],
                 "via": ";".join(d["via"]), "confidence": weakest(s["confidence"] for s in d["sources"])}
        attrs.update(_validity(whens.get(k)) if d["relation"] == "channel" else {})
        H.add_edge(u, v, key=k, **{a: b for a, b in attrs.items() if b != ""})
    return H


def _validity(when: Any) -> dict[str, str]:
    if when is None:
        return {}
    out = {}
    if when.begin:
        out["valid_from"] = when.begin
    if when.end:
        out["valid_to"] = when.end
    return out


def _with_days(H: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    """A copy with GEXF's ``start``/``end`` (days) from ``valid_from``/``valid_to``."""
    D = H.copy()
    for _n, d in D.nodes(data=True):
        if "valid_from" in d:
            d["start"] = first_day(d["valid_from"]).isoformat()
        if "valid_to" in d:
            d["end"] = last_day(d["valid_to"]).isoformat()
    for _u, _v, d in D.edges(data=True):
        if "valid_from" in d:
            d["start"] = first_day(d["valid_from"]).isoformat()
        if "valid_to" in d:
            d["end"] = last_day(d["valid_to"]).isoformat()
    return D


def to_graphml(H: nx.MultiDiGraph[str]) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(H, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def to_gexf(H: nx.MultiDiGraph[str]) -> bytes:
    buffer = io.BytesIO()
    nx.write_gexf(_with_days(H), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def to_csv_edges(H: nx.MultiDiGraph[str]) -> bytes:
    """One row per edge, with both ends' ids and labels (UTF-8 with BOM, so Excel reads it)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_EDGE_COLUMNS)
    for u, v, d in H.edges(data=True):
        row = {**d, "source": u, "target": v, "source_label": H.nodes[u]["label"], "target_label": H.nodes[v]["label"],
               "scenario": H.graph["scenario"]}
        writer.writerow([row.get(c, "") for c in _EDGE_COLUMNS])
    return out.getvalue().encode("utf-8-sig")


_KUMU_WORDS = {
    "da": {"formal": "formel kanal", "operational": "driftsmæssig kanal", "structure": "struktur"},
    "en": {"formal": "formal channel", "operational": "operational channel", "structure": "structure"},
}


def to_kumu(H: nx.MultiDiGraph[str], lang: str = "da") -> bytes:
    """Kumu's import workbook: a sheet "Elements" (ID, Label, Type, ...) and "Connections" (ID, From, To, ...)."""
    # here, not at the top: loads openpyxl (start-up)
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)

    def row(ws: Any, values: list[str]) -> None:
        cells = []
        for value in values:
            cell = WriteOnlyCell(ws, value)
            cell.data_type = "s"
            cells.append(cell)
        ws.append(cells)

    elements = book.create_sheet("Elements")
    row(elements, ["ID", "Label", "Type", "Description", "Tags", "Label (da)", "Label (en)", "Confidence",
                   "Valid from", "Valid to", "IRI"])
    for n, d in H.nodes(data=True):
        row(elements, [n, d["label"], d[f"kind_{lang}"] or d["kind"], "", d["kind"], d["label_da"], d["label_en"],
                       d["confidence"], d.get("valid_from", ""), d.get("valid_to", ""), n])
    connections = book.create_sheet("Connections")
    row(connections, ["ID", "From", "To", "Type", "Direction", "Label", "Status", "Via", "Confidence", "Valid from",
                      "Valid to"])
    for u, v, d in H.edges(data=True):
        row(connections, [d["id"], u, v, _KUMU_WORDS[lang].get(d["layer"], d["layer"]), "directed", d["relation"],
                          d.get("status", ""), d.get("via", "").replace(";", "|"), d.get("confidence", ""),
                          d.get("valid_from", ""), d.get("valid_to", "")])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def network_bytes(store: Store, fmt: str, scenario: str | None = None, lang: str = "da") -> bytes:
    """The actor network of ``scenario`` in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise UnsupportedFormatError(fmt, FORMATS)
    H = export_network(store, scenario, lang)
    if fmt == "graphml":
        return to_graphml(H)
    if fmt == "gexf":
        return to_gexf(H)
    if fmt == "csv-edges":
        return to_csv_edges(H)
    return to_kumu(H, lang)


__all__ = ["FORMATS", "MEDIA", "export_network", "network_bytes", "to_csv_edges", "to_gexf", "to_graphml",
           "to_kumu"]
