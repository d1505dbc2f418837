"""The data set describes itself: VoID from `graf info --format turtle` and /.well-known/void,
parsed with rdflib (not the library that wrote it), its counts checked against `graf info`."""

from __future__ import annotations

import re

import httpx
import pytest
import rdflib
from rdflib.compare import to_isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, VOID

from graf.examples import example_queries
from tests.conftest import run_graf

DATASET = rdflib.URIRef("https://w3id.org/graf/dataset/copenhagen-2010")
SCHEMA = rdflib.Namespace("https://schema.org/")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
GRAF = rdflib.Namespace("https://w3id.org/graf/def#")
SERVER_ONLY = (VOID.sparqlEndpoint, VOID.dataDump, SCHEMA.target, SCHEMA.url)


@pytest.fixture(scope="module")
def cli_void() -> rdflib.Graph:
    done = run_graf("info", "--format", "turtle")
    assert done.returncode == 0, done.stderr
    return rdflib.Graph().parse(data=done.stdout, format="turtle")


@pytest.fixture(scope="module")
def info_text() -> str:
    done = run_graf("info")
    assert done.returncode == 0, done.stderr
    return done.stdout


def _count(g: rdflib.Graph, subject: rdflib.term.Node, predicate: rdflib.URIRef) -> int:
    return int(g.value(subject, predicate))


def test_graph_triple_counts_match_graf_info(cli_void: rdflib.Graph, info_text: str) -> None:
    printed = {iri: int(n) for iri, n in re.findall(r"^  <(\S+)>\s+(\d+)$", info_text, re.MULTILINE)}
    assert len(printed) == 7  # six Copenhagen graphs and the ontology
    subsets = {str(s): _count(cli_void, s, VOID.triples) for s in cli_void.objects(DATASET, VOID.subset)}
    assert subsets == printed
    assert _count(cli_void, DATASET, VOID.triples) == sum(printed.values())
    for subset in cli_void.objects(DATASET, VOID.subset):
        assert cli_void.value(subset, SD.name) == subset and (subset, RDF.type, VOID.Dataset) in cli_void


def test_class_and_property_partitions_count_instances_and_statements(cli_void: rdflib.Graph,
                                                                      info_text: str) -> None:
    entities = {cli_void.value(p, VOID["class"]): _count(cli_void, p, VOID.entities)
                for p in cli_void.objects(DATASET, VOID.classPartition)}
    statements = {cli_void.value(p, VOID.property): _count(cli_void, p, VOID.triples)
                  for p in cli_void.objects(DATASET, VOID.propertyPartition)}
    assert len(entities) == _count(cli_void, DATASET, VOID.classes)
    assert len(statements) == _count(cli_void, DATASET, VOID.properties)
    assert sum(statements.values()) == _count(cli_void, DATASET, VOID.triples)
    # the actor kinds graf info prints without subclasses are direct instances, the same counts
    printed = dict(re.findall(r"^  graf:(\w+)\s+(\d+)$", info_text, re.MULTILINE))
    for kind in ("Administration", "HousingOrganisation", "EntryPoint", "Municipality"):
        assert entities[GRAF[kind]] == int(printed[kind]), kind
    assert statements[RDF.type] >= sum(entities.values())
    vocabularies = set(cli_void.objects(DATASET, VOID.vocabulary))
    assert {rdflib.URIRef(GRAF), rdflib.URIRef("http://www.w3.org/ns/org#")} <= vocabularies


def test_licence_sources_and_example_queries_are_described(cli_void: rdflib.Graph) -> None:
    assert cli_void.value(DATASET, DCTERMS.license) is not None
    ontology = rdflib.URIRef("https://w3id.org/graf/graph/ontology")
    assert rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/") in set(
        cli_void.objects(ontology, DCTERMS.license))
    sources = set(cli_void.objects(DATASET, DCTERMS.source))
    memo = rdflib.URIRef("https://w3id.org/graf/id/kbh/doc/memo-2010-140582")
    assert memo in sources and rdflib.URIRef("https://w3id.org/graf/id/kbh/doc/facts") in sources
    assert rdflib.Literal("Memo 2010-140582 (25 February 2010)", lang="en") in set(cli_void.objects(memo, None))
    described = {str(cli_void.value(e, DCTERMS.identifier)): e for e in cli_void.objects(DATASET, VOID.exampleResource)}
    assert set(described) == {q.name for q in example_queries()}
    for q in example_queries():
        node = described[q.name]
        assert {SH.SPARQLExecutable, SH.SPARQLSelectExecutable} <= set(cli_void.objects(node, RDF.type))
        assert str(cli_void.value(node, SH.select)) == q.text
        labels = {lit.language: str(lit) for lit in cli_void.objects(node, RDFS.label)}
        assert labels == {"en": q.title, "da": q.title_da}
        assert {lit.language for lit in cli_void.objects(node, RDFS.comment)} == {"en", "da"}


def test_the_server_serves_the_same_description_with_its_links(cli_void: rdflib.Graph, graf_server: str) -> None:
    r = httpx.get(graf_server + "/.well-known/void", timeout=60)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    served = rdflib.Graph().parse(data=r.text, format="turtle")
    assert served.value(DATASET, VOID.sparqlEndpoint) == rdflib.URIRef(graf_server + "/sparql")
    assert served.value(DATASET, VOID.dataDump) == rdflib.URIRef(graf_server + "/export?format=trig")
    example = rdflib.URIRef(str(DATASET) + "/query/channels-of-actor")
    assert served.value(example, SCHEMA.url) == rdflib.URIRef(graf_server + "/queries/channels-of-actor")
    assert httpx.get(graf_server + "/queries/actors-of-kind", timeout=60).status_code == 200
    without_links = rdflib.Graph()
    for triple in served:
        if triple[1] not in SERVER_ONLY:
            without_links.add(triple)
    assert to_isomorphic(without_links) == to_isomorphic(cli_void)


def test_the_service_description_links_the_void_description(graf_server: str) -> None:
    sd = rdflib.Graph().parse(data=httpx.get(graf_server + "/sparql", timeout=60).text, format="turtle")
    service = rdflib.URIRef(graf_server + "/sparql#service")
    assert (service, RDFS.seeAlso, rdflib.URIRef(graf_server + "/.well-known/void")) in sd
    dataset = sd.value(service, SD.defaultDataset)
    assert (dataset, RDFS.seeAlso, rdflib.URIRef(graf_server + "/.well-known/void")) in sd


@pytest.mark.parametrize(("accept", "query", "media", "parse_as"), [
    ("application/ld+json", {}, "application/ld+json", "json-ld"),
    ("application/n-triples", {}, "application/n-triples", "nt"),
    (None, {"format": "rdfxml"}, "application/rdf+xml", "xml"),
])
def test_void_in_other_rdf_formats(graf_server: str, accept: str | None, query: dict, media: str,
                                   parse_as: str) -> None:
    r = httpx.get(graf_server + "/.well-known/void", params=query, headers={"Accept": accept} if accept else {},
                  timeout=60)
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    g = rdflib.Graph().parse(data=r.text, format=parse_as)
    assert (DATASET, RDF.type, VOID.Dataset) in g


def test_void_refuses_a_non_rdf_format(graf_server: str) -> None:
    r = httpx.get(graf_server + "/.well-known/void", headers={"Accept": "text/csv"}, timeout=60)
    assert r.status_code == 406 and "text/turtle" in r.json()["error"]["message"]
