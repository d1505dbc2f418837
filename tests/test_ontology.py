"""The ontology: namespaces agree with it, every term is bilingual and defined, the JSON-LD context covers it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graf import iris, namespaces
from graf.namespaces import GRAF, GRAFC

ONTOLOGY = Path(__file__).parent.parent / "ontology"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(data=(ONTOLOGY / "graf.ttl").read_text(encoding="utf-8"), format="turtle")


def own_terms(g: Graph) -> set[URIRef]:
    return {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith("https://w3id.org/graf/")}


def test_namespace_module_and_ontology_define_the_same_terms(ontology: Graph) -> None:
    in_module = {GRAF._NS[n] for n in GRAF.__annotations__} | {GRAFC._NS[n] for n in GRAFC.__annotations__}
    assert own_terms(ontology) == in_module


def test_the_plain_iris_and_the_rdflib_namespaces_agree() -> None:
    for prefix, namespace in iris.PREFIXES.items():
        name = {"dct": "DCTERMS"}.get(prefix, prefix.upper())
        term = getattr(namespaces, name)
        assert str(term._NS if name in ("GRAF", "GRAFC") else term) == namespace, prefix
    assert str(namespaces.ONTOLOGY_GRAPH) == iris.ONTOLOGY_GRAPH and namespaces.BASE == iris.BASE
    assert iris.prefix_lines("rdf", "graf") == f"PREFIX rdf: <{iris.RDF}>\nPREFIX graf: <{iris.GRAF}>\n"


def test_the_own_terms_code_writes_as_plain_strings_are_defined() -> None:
    """A plain string cannot be closed as ``GRAF.x`` is: ``GRAF + "x"`` in the code must name a defined term."""
    root = Path(__file__).parent.parent
    written = {(ns, name) for folder in ("graf", "api", "visualisations") for path in (root / folder).rglob("*.py")
               for ns, name in re.findall(r"\b(GRAFC?) \+ [\"'](\w+)[\"']", path.read_text(encoding="utf-8"))}
    assert written, "no plain-string terms found: the pattern is out of date"
    defined = {"GRAF": GRAF.__annotations__, "GRAFC": GRAFC.__annotations__}
    undefined = {f"{ns}.{name}" for ns, name in written if name not in defined[ns]}
    assert not undefined


def test_a_misspelt_term_is_an_error_not_a_new_iri() -> None:
    with pytest.raises(AttributeError):
        GRAF.Administratoin  # noqa: B018


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_class_property_and_concept_has_a_label_in_each_language(ontology: Graph, lang: str) -> None:
    missing = []
    for term in own_terms(ontology):
        labels = [o for p in (RDFS.label, SKOS.prefLabel) for o in ontology.objects(term, p)]
        if not any(isinstance(o, Literal) and o.language == lang for o in labels):
            missing.append(term)
    assert missing == []


def test_every_term_has_a_definition(ontology: Graph) -> None:
    assert [t for t in own_terms(ontology) if (t, SKOS.definition, None) not in ontology] == []


def test_entry_point_and_units_build_on_w3c_org(ontology: Graph) -> None:
    org = Graph().parse(data=(ONTOLOGY / "org.ttl").read_text(encoding="utf-8"), format="turtle")
    both = ontology + org
    chain = set(both.transitive_objects(GRAF.Administration, RDFS.subClassOf))
    assert URIRef("http://www.w3.org/ns/org#Organization") in chain
    # pitfall P2: centres hang under administrations with subOrganizationOf, never unitOf's FormalOrganization
    assert URIRef("http://www.w3.org/ns/org#FormalOrganization") not in chain


def test_permission_and_delegation_are_distinct_properties(ontology: Graph) -> None:
    assert (GRAF.delegatedTo, RDFS.subPropertyOf, GRAF.mayDelegateTo) in ontology
    assert (GRAF.mayDelegateTo, RDFS.subPropertyOf, GRAF.delegatedTo) not in ontology


def test_jsonld_context_names_every_class_and_property(ontology: Graph) -> None:
    context = json.loads((ONTOLOGY / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    terms = set(ontology.subjects(RDF.type, OWL.Class)) | set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    terms |= set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    names = {str(t).split("#", 1)[1] for t in terms}
    assert names <= set(context)


def test_jsonld_context_reads_data_back_to_the_same_iris(ontology: Graph) -> None:
    context = json.loads((ONTOLOGY / "context.jsonld").read_text(encoding="utf-8"))
    doc = {**context, "@id": "kbh:x", "@type": "Administration", "prefLabel": {"da": "Teknik- og Miljøforvaltningen"}}
    g = Graph().parse(data=json.dumps(doc), format="json-ld")
    x = URIRef("https://w3id.org/graf/id/kbh/x")
    assert (x, RDF.type, GRAF.Administration) in g
    assert (x, SKOS.prefLabel, Literal("Teknik- og Miljøforvaltningen", lang="da")) in g
