"""The data set describes itself: a VoID description (https://www.w3.org/TR/void/).

What ``graf info --format turtle`` prints and ``/.well-known/void`` serves: the data set with its
title, licence and sources (the documents its citations quote), its size (statements, classes,
properties), one subset per named graph with its triple count, a class partition per class
(instances) and a property partition per property (statements), the vocabularies it uses, and the
example queries as ``void:exampleResource``\\ s, each a ``sh:SPARQLExecutable`` with its text, title
and question in English and Danish (the SPARQL examples convention of the SIB and UniProt). Over
HTTP the server adds its endpoint (``void:sparqlEndpoint``), a data dump and each example's URL.

Counts are statements (quads): a triple in two named graphs counts in both, as ``graf info`` and
the service description count them; ``void:triples`` of the data set is the sum over its graphs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import pyoxigraph as ox

from graf import iris
from graf.examples import ExampleQuery, example_queries
from graf.sparql import PREFIXES, check_query

if TYPE_CHECKING:
    from graf.store import GraphInfo, Store

VOID = iris.VOID
SD = iris.SD
SCHEMA = "https://schema.org/"
DCT = iris.DCTERMS
RDF_TYPE = ox.NamedNode(iris.RDF_TYPE)
XSD_INTEGER = ox.NamedNode(iris.XSD_INTEGER)
#: data set IRIs: DATASET_BASE + a slug of the data set's name ("copenhagen-2010")
DATASET_BASE = iris.DATASET
ONTOLOGY_GRAPH = iris.ONTOLOGY_GRAPH
#: the licence graf and the files it ships are distributed under (pyproject.toml), used for a data set
#: whose data state no licence of their own
DISTRIBUTION_LICENSE = "https://spdx.org/licenses/MIT"
#: prefixes for writing the description as Turtle
TURTLE_PREFIXES = {**PREFIXES, "void": VOID, "sd": SD, "schema": SCHEMA}

_CLASSES = "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class FILTER(isIRI(?class)) } GROUP BY ?class"
_PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"
_LICENSES = f"""SELECT DISTINCT ?license ?g WHERE {{ GRAPH ?g {{ ?x <{DCT}license> ?license }} }}"""
_SOURCES = f"""
SELECT DISTINCT ?doc ?label WHERE {{
  ?citation <{PREFIXES["prov"]}wasQuotedFrom> ?doc .
  OPTIONAL {{ ?doc <{PREFIXES["skos"]}prefLabel> ?label }}
}}"""


@dataclass(frozen=True)
class Server:
    """Where a running graf server answers (HTTP adds these links to the description)."""

    sparql_endpoint: str
    data_dump: str
    queries: str  # the URL of /queries: an example is <queries>/<name>


def slug(dataset_name: str) -> str:
    """A data set name as a path segment: ``copenhagen-2010``, ``store-nat``."""
    return re.sub(r"[^A-Za-z0-9._~-]+", "-", dataset_name).strip("-") or "dataset"


def dataset_iri(dataset_name: str) -> str:
    return DATASET_BASE + slug(dataset_name)


def _n(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD_INTEGER)


def _void(local: str) -> ox.NamedNode:
    return ox.NamedNode(VOID + local)


_FORM_CLASS = {"SELECT": "SPARQLSelectExecutable", "ASK": "SPARQLAskExecutable",
               "CONSTRUCT": "SPARQLConstructExecutable", "DESCRIBE": "SPARQLDescribeExecutable"}


def _example(node: ox.NamedNode, q: ExampleQuery, server: Server | None) -> list[ox.Triple]:
    sh = PREFIXES["sh"]
    form = check_query(q.text) or "SELECT"
    triples = [ox.Triple(node, RDF_TYPE, ox.NamedNode(sh + "SPARQLExecutable")),
               ox.Triple(node, RDF_TYPE, ox.NamedNode(sh + _FORM_CLASS[form])),
               ox.Triple(node, ox.NamedNode(sh + form.lower()), ox.Literal(q.text)),
               ox.Triple(node, ox.NamedNode(DCT + "identifier"), ox.Literal(q.name))]
    label, comment = ox.NamedNode(PREFIXES["rdfs"] + "label"), ox.NamedNode(PREFIXES["rdfs"] + "comment")
    for lang in ("en", "da"):
        if q.title_in(lang) and (lang == "en" or q.title_da):
            triples.append(ox.Triple(node, label, ox.Literal(q.title_in(lang), language=lang)))
        if q.description_in(lang) and (lang == "en" or q.description_da):
            triples.append(ox.Triple(node, comment, ox.Literal(q.description_in(lang), language=lang)))
    if server is not None:
        triples.append(ox.Triple(node, ox.NamedNode(SCHEMA + "target"), ox.NamedNode(server.sparql_endpoint)))
        triples.append(ox.Triple(node, ox.NamedNode(SCHEMA + "url"), ox.NamedNode(f"{server.queries}/{q.name}")))
    return triples


def describe(store: Store, dataset_name: str, *, server: Server | None = None,
             examples: Sequence[ExampleQuery] | None = None) -> list[ox.Triple]:
    """The VoID description of the data set in ``store`` (called ``dataset_name``), as triples.

    ``server`` adds the links of a running server; ``examples`` defaults to graf's example queries.
    """
    d = ox.NamedNode(dataset_iri(dataset_name))
    graphs = store.graphs()
    classes = sorted((r["class"].value, int(r["n"].value)) for r in store.select(_CLASSES))
    properties = sorted((r["p"].value, int(r["n"].value)) for r in store.select(_PROPERTIES))
    licences = store.select(_LICENSES)
    data_licences = sorted({r["license"].value for r in licences if r["g"].value != ONTOLOGY_GRAPH})
    ontology_licences = sorted({r["license"].value for r in licences if r["g"].value == ONTOLOGY_GRAPH})
    title = ox.NamedNode(DCT + "title")
    out = [
        ox.Triple(d, RDF_TYPE, _void("Dataset")),
        ox.Triple(d, title, ox.Literal(f"graf: {dataset_name}")),
        ox.Triple(d, ox.NamedNode(DCT + "description"), ox.Literal(
            "Public-sector actors, the contact channels between them and the source of every fact, as named "
            "graphs (one per scenario), described by graf.", language="en")),
        ox.Triple(d, ox.NamedNode(DCT + "description"), ox.Literal(
            "Offentlige aktører, kontaktvejene mellem dem og kilden til hver oplysning, som navngivne grafer "
            "(én pr. scenarie), beskrevet af graf.", language="da")),
        ox.Triple(d, _void("triples"), _n(sum(g.triples for g in graphs))),
        ox.Triple(d, _void("classes"), _n(len(classes))),
        ox.Triple(d, _void("properties"), _n(len(properties))),
    ]
    out += _licences_and_sources(d, data_licences, store.select(_SOURCES))
    out += _vocabularies(d, classes, properties)
    out += _subsets(d, graphs, ontology_licences)
    out += _partitions(d, classes, properties)
    for q in example_queries() if examples is None else examples:
        out += _example_resource(d, q, server)
    if server is not None:
        out += [ox.Triple(d, _void("sparqlEndpoint"), ox.NamedNode(server.sparql_endpoint)),
                ox.Triple(d, _void("dataDump"), ox.NamedNode(server.data_dump))]
    return _by_subject(out)


def _example_resource(d: ox.NamedNode, q: ExampleQuery, server: Server | None) -> list[ox.Triple]:
    """An example query as a void:exampleResource of the data set, described."""
    node = ox.NamedNode(f"{d.value}/query/{q.name}")
    return [ox.Triple(d, _void("exampleResource"), node), *_example(node, q, server)]


def _vocabularies(d: ox.NamedNode, classes: list[tuple[str, int]], properties: list[tuple[str, int]]
                  ) -> list[ox.Triple]:
    """A void:vocabulary for each known namespace that a used class or property is in."""
    used = [c for c, _ in classes] + [p for p, _ in properties]
    return [ox.Triple(d, _void("vocabulary"), ox.NamedNode(base))
            for base in sorted({base for base in PREFIXES.values() if any(iri.startswith(base) for iri in used)})]


def _licences_and_sources(d: ox.NamedNode, data_licences: list[str], sources: list[dict[str, Any]]) -> list[ox.Triple]:
    """The data set's licences (graf's when the data state none) and the documents its facts cite, labelled."""
    out = [ox.Triple(d, ox.NamedNode(DCT + "license"), ox.NamedNode(licence))
           for licence in data_licences or [DISTRIBUTION_LICENSE]]
    if not data_licences:
        out.append(ox.Triple(d, ox.NamedNode(DCT + "rights"), ox.Literal(
            "The data state no licence of their own; they are distributed with graf under its MIT licence. "
            "The sources they quote are public documents (dct:source).", language="en")))
    for doc in sorted({r["doc"].value for r in sources if isinstance(r["doc"], ox.NamedNode)}):
        out.append(ox.Triple(d, ox.NamedNode(DCT + "source"), ox.NamedNode(doc)))
    for r in sources:
        if "label" in r and isinstance(r["doc"], ox.NamedNode):
            out.append(ox.Triple(r["doc"], ox.NamedNode(PREFIXES["skos"] + "prefLabel"), r["label"]))
    return out


def _subsets(d: ox.NamedNode, graphs: Sequence[GraphInfo], ontology_licences: list[str]) -> list[ox.Triple]:
    """One void:subset per named graph (the ontology graph with its licences), and the default graph if it
    holds triples."""
    out: list[ox.Triple] = []
    for info in graphs:
        if info.name is None:
            if info.triples:  # the store's own default graph, when something is in it
                subset: ox.NamedNode | ox.BlankNode = ox.BlankNode("defaultGraph")
                out += [ox.Triple(d, _void("subset"), subset), ox.Triple(subset, RDF_TYPE, _void("Dataset")),
                        ox.Triple(subset, ox.NamedNode(DCT + "title"), ox.Literal("the default graph", language="en")),
                        ox.Triple(subset, _void("triples"), _n(info.triples))]
            continue
        subset = ox.NamedNode(info.name)
        out += [ox.Triple(d, _void("subset"), subset), ox.Triple(subset, RDF_TYPE, _void("Dataset")),
                ox.Triple(subset, ox.NamedNode(SD + "name"), subset),
                ox.Triple(subset, _void("triples"), _n(info.triples))]
        if info.name == ONTOLOGY_GRAPH:
            out += [ox.Triple(subset, ox.NamedNode(DCT + "license"), ox.NamedNode(x)) for x in ontology_licences]
    return out


def _partitions(d: ox.NamedNode, classes: list[tuple[str, int]], properties: list[tuple[str, int]]
                ) -> list[ox.Triple]:
    """A class partition (entities) per class and a property partition (triples) per property."""
    out: list[ox.Triple] = []
    for i, (iri, count) in enumerate(classes):
        part = ox.BlankNode(f"class{i}")
        out += [ox.Triple(d, _void("classPartition"), part), ox.Triple(part, _void("class"), ox.NamedNode(iri)),
                ox.Triple(part, _void("entities"), _n(count))]
    for i, (iri, count) in enumerate(properties):
        part = ox.BlankNode(f"property{i}")
        out += [ox.Triple(d, _void("propertyPartition"), part),
                ox.Triple(part, _void("property"), ox.NamedNode(iri)), ox.Triple(part, _void("triples"), _n(count))]
    return out


def _by_subject(triples: list[ox.Triple]) -> list[ox.Triple]:
    """The triples grouped by subject (in the order subjects first appear), so Turtle writes each once."""
    groups: dict[object, list[ox.Triple]] = {}
    for t in triples:
        groups.setdefault(t.subject, []).append(t)
    return [t for group in groups.values() for t in group]


def to_turtle(triples: list[ox.Triple]) -> bytes:
    return cast(bytes, ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES))


__all__ = ["DATASET_BASE", "Server", "dataset_iri", "describe", "slug", "to_turtle"]
