"""The explicit RDF -> networkx projection of one scenario.

Nodes are actors: instances of a class below ``org:Organization``, ``org:Post`` or
``foaf:Person`` (per the ontology graph), keyed by IRI. Edges are typed:

* contact channels (``graf:ContactChannel``), one edge per channel, key = the channel's IRI,
  ``relation="channel"``, ``layer`` "formal" or "operational", ``status``, ``via``;
* structural relations between two actors (unit of, oversees, post in, held by, ex officio,
  may delegate to, administers, realised by ...), key = ``"s|p|o"``, ``layer="structure"``.

Every node and edge carries the citations of the statements it was built from (``sources``),
so maps and reports can show the sentence a fact rests on. Nothing else of the triple set is
projected (STYLE.md practice 7).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graf import iris
from graf.namespaces import FOAF, GRAF, GRAFC, ORG, PROV
from graf.scenarios import Scenario
from graf.store import Store

ACTOR_ROOTS = (str(ORG.Organization), str(ORG.Post), str(FOAF.Person))

#: structural predicates projected as edges (subject -> object), with their short relation name
STRUCTURAL = {
    str(ORG.unitOf): "unitOf",
    str(ORG.subOrganizationOf): "subOrganizationOf",
    str(GRAF.districtOf): "districtOf",
    str(GRAF.oversees): "oversees",
    str(ORG.postIn): "postIn",
    str(ORG.heldBy): "heldBy",
    str(ORG.headOf): "headOf",
    str(ORG.memberOf): "memberOf",
    str(ORG.hasMember): "hasMember",
    str(ORG.linkedTo): "linkedTo",
    str(ORG.reportsTo): "reportsTo",
    str(GRAF.exOfficio): "exOfficio",
    str(GRAF.mayDelegateTo): "mayDelegateTo",
    str(GRAF.delegatedTo): "delegatedTo",
    str(GRAF.coChairPost): "coChairPost",
    str(GRAF.administers): "administers",
    str(GRAF.realisedBy): "realisedBy",
    str(GRAF.hasEntryPoint): "hasEntryPoint",
}

#: classes whose instances are the housing side for the topology rules: an organisation, or a group of them that
#: a source names as one actor (its members inherit none of its channels)
HOUSING_SIDE = (str(GRAF.HousingOrganisation), str(GRAF.HousingOrganisationGroup))

LAYERS = {str(GRAFC.formal): "formal", str(GRAFC.operational): "operational"}
STATUSES = {str(GRAFC.open): "open", str(GRAFC.closed): "closed", str(GRAFC.planned): "planned",
            str(GRAFC.unknown): "unknown"}

# Paths with a variable at both ends (``?c rdfs:subClassOf* ?root`` with ?root from VALUES) are refused by
# Virtuoso ("transitive start not given"): one UNION branch per root, and the closure computed here.
_UNDER_ROOTS = " UNION ".join(f"{{ ?cls rdfs:subClassOf* <{r}> }}" for r in ACTOR_ROOTS)
_CLASSES = f"""
PREFIX rdfs: <{iris.RDFS}>
SELECT DISTINCT ?cls ?da ?en WHERE {{
  {{ SELECT DISTINCT ?cls WHERE {{ {_UNDER_ROOTS} }} LIMIT 1000000 }}  # on its own in Virtuoso too
  OPTIONAL {{ ?cls rdfs:label ?da FILTER(lang(?da) = "da") }}
  OPTIONAL {{ ?cls rdfs:label ?en FILTER(lang(?en) = "en") }}
}}"""

_SUBCLASS = f"SELECT DISTINCT ?sub ?sup WHERE {{ ?sub <{iris.RDFS_SUBCLASS_OF}> ?sup }}"

_TYPED = "SELECT DISTINCT ?s ?cls WHERE { VALUES ?actor { ACTOR_CLASSES } ?s a ?actor . ?s a ?cls FILTER(isIRI(?s)) }"

#: the labels of the instances of the actor classes (not every labelled resource: a national model's scenario
#: descriptions, citations and concepts would be read for each scenario)
_LABELS = f"""
PREFIX skos: <{iris.SKOS}>
SELECT DISTINCT ?s ?label WHERE {{ VALUES ?actor {{ ACTOR_CLASSES }} ?s a ?actor ; skos:prefLabel ?label }}"""

#: a channel's properties, one row each (one index scan per channel instead of an OPTIONAL per property:
#: about 2x faster on an on-disk store, where each lookup is a RocksDB read)
_CHANNEL_PROPERTIES = {str(GRAF.channelFrom): "from", str(GRAF.channelTo): "to", str(GRAF.channelKind): "kind",
                       str(GRAF.channelStatus): "status", str(GRAF.via): "via"}
_CHANNELS = f"""
SELECT ?ch ?p ?o WHERE {{
  ?ch a <{GRAF.ContactChannel}> ; ?p ?o .
  FILTER(?p IN ({", ".join(f"<{p}>" for p in _CHANNEL_PROPERTIES)}))
}}"""

_PREDICATES = " ".join(f"<{p}>" for p in STRUCTURAL)
_RELATIONS = f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {_PREDICATES} }} ?s ?p ?o FILTER(isIRI(?o)) }}"

_STATEMENTS = f"""
PREFIX rdf: <{iris.RDF}>
SELECT DISTINCT ?s ?p ?o ?cite WHERE {{
  ?st <{GRAF.citation}> ?cite ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
}}"""

_CITATIONS = f"""
PREFIX skos: <{iris.SKOS}>
SELECT ?cite ?key ?quote ?confidence ?reasoning ?doc WHERE {{
  ?cite a <{GRAF.Citation}> .
  OPTIONAL {{ ?cite skos:notation ?key }}
  OPTIONAL {{ ?cite <{GRAF.quote}> ?quote }}
  OPTIONAL {{ ?cite <{GRAF.confidence}> ?confidence }}
  OPTIONAL {{ ?cite <{GRAF.reasoning}> ?reasoning }}
  OPTIONAL {{ ?cite <{PROV.wasQuotedFrom}> ?doc }}
}}"""


@dataclass(frozen=True)
class Source:
    """A citation as a map or report shows it."""

    citation: str
    key: str
    quote: str
    confidence: str
    reasoning: str
    document: str

    def as_dict(self) -> dict[str, str]:
        return {"citation": self.citation, "key": self.key, "quote": self.quote, "confidence": self.confidence,
                "reasoning": self.reasoning, "document": self.document}


def _select(store: Store, text: str, scenario: Scenario | None) -> list[dict[str, Any]]:
    return store.select(text, default_graphs=None if scenario is None else scenario.graphs)


def _row_key(rec: dict[str, Any]) -> list[tuple[str, str]]:
    """Sorts rows the same whatever order the store returned them in (the projection's output is then
    the same on every engine)."""
    return sorted((k, str(v)) for k, v in rec.items())


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


#: confidences of a citation, strongest first (grafc:memo, grafc:external, grafc:derived)
CONFIDENCES = ("memo", "external", "derived")


def weakest(confidences: list[str] | set[str] | tuple[str, ...]) -> str:
    """The weakest of ``confidences`` (``derived`` < ``external`` < ``memo``); ``""`` when there is none.

    >>> weakest(["memo", "derived"])
    'derived'
    """
    known = [c for c in confidences if c in CONFIDENCES]
    return max(known, key=CONFIDENCES.index) if known else ""


def strongest(confidences: list[str] | set[str] | tuple[str, ...]) -> str:
    """The strongest of ``confidences``; ``""`` when there is none."""
    known = [c for c in confidences if c in CONFIDENCES]
    return min(known, key=CONFIDENCES.index) if known else ""


def actor_graph(store: Store, scenario: Scenario | None = None, *, with_sources: bool = True) -> nx.MultiDiGraph[str]:
    """Project the scenario (or the whole data set) onto a MultiDiGraph of actors.

    Node attributes: ``iri``, ``kind`` (most specific class IRI), ``kinds`` (all class IRIs,
    with superclasses), ``kind_label`` and ``label`` (dicts by language), ``entry_point``,
    ``municipal_unit``, ``housing`` (a housing-side actor: a housing organisation or a group of them,
    :data:`HOUSING_SIDE`), ``sources`` (list of dicts: predicate, object and the
    :class:`Source` fields), ``confidence`` (the strongest confidence of the citations that type it:
    how well its existence is sourced; ``""`` without citations). Edge attributes: ``id``,
    ``relation``, ``predicate``, ``layer`` (formal / operational / structure), ``status``, ``via``
    (list), ``sources``, ``confidence`` (the weakest confidence of its citations: every fact behind
    the edge is at least that well sourced; ``""`` without citations).
    Graph attributes: ``scenario`` (name or None) and ``entry_points`` (sorted IRIs).
    ``with_sources=False`` leaves every ``sources`` list empty and every ``confidence`` ``""`` (the rules
    do not read them; reading the citations is half the cost of the projection).
    """
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph(scenario=scenario.name if scenario else None)
    actor_classes = _add_actors(G, store, scenario)
    _add_labels(G, store, scenario, actor_classes)
    sources = _sources(store, scenario) if with_sources else {}
    _add_channels(G, store, scenario, sources)
    _add_relations(G, store, scenario, sources)
    _attach_node_sources(G, sources)
    G.graph["entry_points"] = sorted(n for n, d in G.nodes(data=True) if d["entry_point"])
    return G


def _actor_classes(store: Store, scenario: Scenario | None
                   ) -> tuple[dict[str, dict[str, str]], set[str], dict[str, set[str]]]:
    """The actor classes (subclasses of :data:`ACTOR_ROOTS`), their labels, and every class's superclasses."""
    class_labels: dict[str, dict[str, str]] = {}
    actor_classes: set[str] = set()
    for rec in sorted(_select(store, _CLASSES, scenario), key=_row_key):
        cls = rec["cls"].value
        actor_classes.add(cls)
        labels = class_labels.setdefault(cls, {})
        for lang in ("da", "en"):
            if lang in rec:
                labels[lang] = rec[lang].value
    direct: dict[str, set[str]] = defaultdict(set)
    for rec in _select(store, _SUBCLASS, scenario):
        direct[rec["sub"].value].add(rec["sup"].value)
    supers = _closure(direct)
    return class_labels, actor_classes, supers


def _for_classes(template: str, classes: set[str]) -> str:
    """``template`` with its ``ACTOR_CLASSES`` placeholder replaced by ``classes`` as IRIs (a VALUES list)."""
    return template.replace("ACTOR_CLASSES", " ".join(f"<{c}>" for c in sorted(classes)))


def _add_actors(G: nx.MultiDiGraph[str], store: Store, scenario: Scenario | None) -> set[str]:
    """Pass 1: a node per instance of an actor class, with its most specific kind and every class it has;
    returns the actor classes."""
    class_labels, actor_classes, supers = _actor_classes(store, scenario)
    types: dict[str, set[str]] = defaultdict(set)
    if actor_classes:
        for rec in _select(store, _for_classes(_TYPED, actor_classes), scenario):
            types[rec["s"].value].add(rec["cls"].value)
    for iri in sorted(types):
        classes = types[iri]
        if not classes & actor_classes:
            continue
        specific = sorted(c for c in classes & actor_classes if not any(c in supers[o] for o in classes))
        kind = specific[0] if specific else sorted(classes & actor_classes)[0]
        closure = set(classes)
        for c in classes:
            closure |= supers[c]
        G.add_node(iri, iri=iri, kind=kind, kinds=sorted(closure),
                   kind_label=class_labels.get(kind) or {"da": _local(kind), "en": _local(kind)},
                   label={}, sources=[], confidence="",
                   entry_point=str(GRAF.EntryPoint) in closure,
                   municipal_unit=str(GRAF.MunicipalUnit) in closure,
                   housing=any(c in closure for c in HOUSING_SIDE))
    return actor_classes


def _add_labels(G: nx.MultiDiGraph[str], store: Store, scenario: Scenario | None, actor_classes: set[str]) -> None:
    """Pass 2: Danish and English labels (each falls back on the other, then on the IRI's local name)."""
    # sorted: the same label wins whatever order the store gives the rows in (two labels in one language
    # are an integrity finding)
    rows = _select(store, _for_classes(_LABELS, actor_classes), scenario) if actor_classes else []
    for s, language, value in sorted((r["s"].value, r["label"].language, r["label"].value)
                                     for r in rows if r["label"].language):
        if s in G:
            G.nodes[s]["label"].setdefault(language, value)
    for iri, data in G.nodes(data=True):
        data["label"].setdefault("da", data["label"].get("en", _local(iri)))
        data["label"].setdefault("en", data["label"]["da"])


def _add_channels(G: nx.MultiDiGraph[str], store: Store, scenario: Scenario | None,
                  sources: dict[tuple[str, str, str], list[Source]]) -> None:
    """Pass 3: an edge per contact channel with both ends among the actors, cited by every statement about it."""
    by_subject: dict[str, list[Source]] = defaultdict(list)
    for (s, _p, _o), cites in sources.items():
        by_subject[s].extend(c for c in cites if c not in by_subject[s])
    channels: dict[str, dict[str, Any]] = {}
    for rec in sorted(_select(store, _CHANNELS, scenario), key=_row_key):
        ch = channels.setdefault(rec["ch"].value, {"via": set()})
        key = _CHANNEL_PROPERTIES[rec["p"].value]
        if key == "via":
            ch["via"].add(rec["o"].value)
        else:
            ch[key] = rec["o"].value
    for iri in sorted(channels):
        ch = channels[iri]
        if ch.get("from") not in G or ch.get("to") not in G:
            continue  # a channel without both ends is an integrity finding, not an edge
        cites = by_subject.get(iri, [])
        G.add_edge(ch["from"], ch["to"], key=iri, id=iri, relation="channel", predicate=str(GRAF.ContactChannel),
                   layer=LAYERS.get(ch.get("kind", ""), "unknown"),
                   status=STATUSES.get(ch.get("status", ""), "unknown"), via=sorted(ch["via"]),
                   sources=[c.as_dict() for c in cites], confidence=weakest([c.confidence for c in cites]))



def _add_relations(G: nx.MultiDiGraph[str], store: Store, scenario: Scenario | None,
                   sources: dict[tuple[str, str, str], list[Source]]) -> None:
    """Pass 4: an edge per structural statement (:data:`STRUCTURAL`) between two actors."""
    for rec in sorted(_select(store, _RELATIONS, scenario), key=_row_key):
        s, p, o = rec["s"].value, rec["p"].value, rec["o"].value
        if s in G and o in G:
            key = f"{s}|{p}|{o}"
            cites = sources.get((s, p, o), [])
            G.add_edge(s, o, key=key, id=key, relation=STRUCTURAL[p], predicate=p, layer="structure",
                       status="open", via=[], sources=[x.as_dict() for x in cites],
                       confidence=weakest([c.confidence for c in cites]))


_TYPE = iris.RDF_TYPE


def _attach_node_sources(G: nx.MultiDiGraph[str], sources: dict[tuple[str, str, str], list[Source]]) -> None:
    """Pass 5: each actor's cited statements, and how well its existence is sourced."""
    for (s, p, o), cites in sorted(sources.items()):
        if s in G:
            for c in cites:
                G.nodes[s]["sources"].append({"predicate": p, "object": o, **c.as_dict()})
    for _n, data in G.nodes(data=True):
        typed = [src["confidence"] for src in data["sources"] if src["predicate"] == _TYPE]
        data["confidence"] = strongest(typed or [src["confidence"] for src in data["sources"]])


def _closure(direct: dict[str, set[str]]) -> dict[str, set[str]]:
    """Every class's superclasses over one or more ``rdfs:subClassOf`` steps (``rdfs:subClassOf+``)."""
    out: dict[str, set[str]] = defaultdict(set)
    for start in direct:
        todo = list(direct[start])
        while todo:
            sup = todo.pop()
            if sup not in out[start]:
                out[start].add(sup)
                todo.extend(direct.get(sup, ()))
    return out


def _sources(store: Store, scenario: Scenario | None) -> dict[tuple[str, str, str], list[Source]]:
    """Citations per reified statement (two simple queries joined here: one big OPTIONAL join is slow)."""
    citations: dict[str, Source] = {}
    # sorted: a citation with two quotes shows the same one whatever order the store gives the rows in
    for rec in sorted(_select(store, _CITATIONS, scenario), key=_row_key, reverse=True):
        iri = rec["cite"].value
        citations[iri] = Source(iri, rec["key"].value if "key" in rec else _local(iri),
                                rec["quote"].value if "quote" in rec else "",
                                _local(rec["confidence"].value) if "confidence" in rec else "",
                                rec["reasoning"].value if "reasoning" in rec else "",
                                rec["doc"].value if "doc" in rec else "")
    out: dict[tuple[str, str, str], list[Source]] = defaultdict(list)
    for rec in _select(store, _STATEMENTS, scenario):
        cite = rec["cite"].value
        src = citations.get(cite) or Source(cite, _local(cite), "", "", "", "")
        key = (rec["s"].value, rec["p"].value, rec["o"].value)
        if src not in out[key]:
            out[key].append(src)
    # in a fixed order, not the order the store gave the rows in
    return {key: sorted(out[key], key=lambda c: c.citation) for key in sorted(out)}


def channel_hops(u: str, v: str, via: list[str]) -> list[tuple[str, str]]:
    """The hops of a channel from ``u`` to ``v``: it passes through every ``graf:via`` intermediary.

    A channel via the entry point is the two hops ``u -> entry point -> v``, never the shortcut
    ``u -> v``. With several intermediaries the data give no order; graf takes them in IRI order.

    >>> channel_hops("ho", "adm", ["ep"])
    [('ho', 'ep'), ('ep', 'adm')]
    """
    points = [u, *sorted(via), v]
    return list(zip(points, points[1:], strict=False))


def channel_layer(G: nx.MultiDiGraph[str], layer: str, statuses: tuple[str, ...] = ("open",)) -> nx.DiGraph[str]:
    """The simple directed graph of the channels of one ``layer`` whose status is in ``statuses``.

    Every actor of ``G`` is kept as a node, so absent channels show as missing edges. A channel with
    ``graf:via`` intermediaries contributes its hops (:func:`channel_hops`). Edge attribute ``ids``:
    the channels behind the edge, sorted.
    """
    D: nx.DiGraph[str] = nx.DiGraph()
    D.add_nodes_from(G.nodes(data=True))
    for u, v, k, d in G.edges(keys=True, data=True):
        if d["relation"] == "channel" and d["layer"] == layer and d["status"] in statuses:
            for a, b in channel_hops(u, v, d["via"]):
                if D.has_edge(a, b):
                    D[a][b]["ids"] = sorted({*D[a][b]["ids"], k})
                else:
                    D.add_edge(a, b, ids=[k])
    return D


def channel_segments(G: nx.MultiDiGraph[str], layers: tuple[str, ...], statuses: tuple[str, ...]) -> nx.MultiGraph[str]:
    """The channels of ``layers`` with a status in ``statuses`` as an undirected multigraph of hops.

    Contact runs both ways along a channel. Each hop (:func:`channel_hops`) is one edge with the
    channel's IRI as ``id``: a channel through an intermediary fails as one element
    (:class:`graf.topology.Cuts`). Only actors with such a channel are nodes.
    """
    U: nx.MultiGraph[str] = nx.MultiGraph()
    for u, v, k, d in G.edges(keys=True, data=True):
        if d["relation"] == "channel" and d["layer"] in layers and d["status"] in statuses:
            for n, (a, b) in enumerate(channel_hops(u, v, d["via"])):
                U.add_edge(a, b, key=(k, n), id=k)
    return U
