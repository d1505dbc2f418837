"""SHACL results faithful to the spec, each defect of issue 18 with its minimal reproduction.

Every case runs on both engines (``sparql`` and ``pyshacl``) through ``graf.validate`` and reads
graf's Turtle report back with rdflib, as another SHACL tool would.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import SH, XSD

from graf.namespaces import GRAFSH
from graf.rules import ShaclEngine, validate
from graf.settings import Settings
from graf.store import Store, open_store
from tests.conftest import run_graf

EX = rdflib.Namespace("http://example.org/")
PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""
ENGINES = ("sparql", "pyshacl")


class Case:
    """Data and shapes written to files, loaded into a store; ``report(engine)`` is graf's report."""

    def __init__(self, folder: Path, data: str, shapes: str):
        self.data, self.shapes = folder / "data.ttl", folder / "shapes.ttl"
        self.data.write_text(PREFIXES + data, encoding="utf-8")
        self.shapes.write_text(PREFIXES + shapes, encoding="utf-8")
        self.store: Store = open_store(Settings.from_env({"data": [self.data]}, environ={}))

    def report(self, engine: str) -> rdflib.Graph:
        """The sh:ValidationReport graf writes (only the user's shapes, which these cases test)."""
        text = validate(self.store, rules=["user-shapes"], shapes=[self.shapes], shacl_engine=engine).to_turtle()
        return rdflib.Graph().parse(data=text, format="turtle")

    def close(self) -> None:
        self.store.close()


@pytest.fixture
def case(tmp_path) -> Iterator:
    made: list[Case] = []

    def make(data: str, shapes: str) -> Case:
        made.append(Case(tmp_path, data, shapes))
        return made[-1]

    yield make
    for c in made:
        c.close()


def results(g: rdflib.Graph) -> list[rdflib.term.Node]:
    return sorted(g.subjects(RDF.type, SH.ValidationResult), key=lambda r: str(g.value(r, SH.value)))


def conforms(g: rdflib.Graph) -> bool:
    return next(g.objects(None, SH.conforms)).toPython()


# -- the report loses nothing -------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_literal_values_keep_datatype_and_language(case, engine):
    c = case('ex:a ex:n "5"^^xsd:int , "x"@en-GB , "2020-01-01"^^xsd:date .',
             "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:n ; sh:nodeKind sh:IRI ] .")
    g = c.report(engine)
    assert {g.value(r, SH.value) for r in results(g)} == {
        Literal("5", datatype=XSD.integer),  # the store keeps xsd:int as xsd:integer (see test_datatypes_...)
        Literal("x", lang="en-gb"), Literal("2020-01-01", datatype=XSD.date)}


@pytest.mark.parametrize("engine", ENGINES)
def test_literal_focus_nodes_with_spaces_and_colons(case, engine):
    """A literal focus node with a space crashed the Turtle report; one with ':' stopped validation."""
    c = case("", 'ex:S sh:targetNode "Hello world" , "10:30" , "a:b"@da ; sh:datatype xsd:integer .')
    g = c.report(engine)
    assert {g.value(r, SH.focusNode) for r in results(g)} == {
        Literal("Hello world"), Literal("10:30"), Literal("a:b", lang="da")}
    for r in results(g):  # the value and graf's witness are the same literal
        witness = rdflib.collection.Collection(g, g.value(r, GRAFSH.witness))
        assert g.value(r, SH.value) == g.value(r, SH.focusNode) == list(witness)[0]


@pytest.mark.parametrize("engine", ENGINES)
def test_blank_nodes_stay_blank_nodes(case, engine):
    c = case("ex:a ex:address [ ex:city ex:Nowhere ] .",
             "ex:S sh:targetSubjectsOf ex:city ; sh:property [ sh:path ex:city ; sh:class ex:City ] .")
    g = c.report(engine)
    (r,) = results(g)
    assert isinstance(g.value(r, SH.focusNode), BNode) and isinstance(g.value(r, SH.sourceShape), BNode)
    assert g.value(r, SH.value) == EX.Nowhere


@pytest.mark.parametrize("engine", ENGINES)
def test_paths_keep_their_structure(case, engine):
    c = case("ex:b ex:child ex:a . ex:a ex:p ex:x . ex:x ex:q ex:y . ex:a ex:r ex:z .",
             """ex:S sh:targetNode ex:a ;
                 sh:property [ sh:path [ sh:inversePath ex:child ] ; sh:nodeKind sh:Literal ] ;
                 sh:property [ sh:path ( ex:p ex:q ) ; sh:nodeKind sh:Literal ] ;
                 sh:property [ sh:path [ sh:alternativePath ( ex:r [ sh:zeroOrMorePath ex:nothing ] ) ] ;
                               sh:in ( ex:z ) ] .""")
    g = c.report(engine)
    by_value = {g.value(r, SH.value): g.value(r, SH.resultPath) for r in results(g)}
    assert g.value(by_value[EX.b], SH.inversePath) == EX.child  # ^child, not child
    assert list(rdflib.collection.Collection(g, by_value[EX.y])) == [EX.p, EX.q]
    alternatives = list(rdflib.collection.Collection(g, g.value(by_value[EX.a], SH.alternativePath)))
    assert alternatives[0] == EX.r and g.value(alternatives[1], SH.zeroOrMorePath) == EX.nothing


@pytest.mark.parametrize("engine", ENGINES)
def test_conforms_only_without_any_result(case, engine):
    """In SHACL a warning is a result: sh:conforms false; graf's exit code counts violations only."""
    c = case("ex:a a ex:T .", "ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:n ; sh:minCount 1 ; "
                              "sh:severity sh:Warning ] .")
    report = validate(c.store, rules=["user-shapes"], shapes=[c.shapes], shacl_engine=engine)
    g = rdflib.Graph().parse(data=report.to_turtle(), format="turtle")
    assert not conforms(g) and report.conforms
    assert g.value(results(g)[0], SH.resultSeverity) == SH.Warning
    clean = case("ex:a a ex:T ; ex:n 1 .", "ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:n ; sh:minCount 1 ] .")
    assert conforms(clean.report(engine))


@pytest.mark.parametrize("engine", ENGINES)
def test_custom_severity_is_kept_and_counts_as_a_violation(case, engine):
    c = case("ex:a a ex:T .", "ex:S sh:targetClass ex:T ; sh:severity ex:Blocker ; sh:nodeKind sh:Literal .")
    report = validate(c.store, rules=["user-shapes"], shapes=[c.shapes], shacl_engine=engine)
    g = rdflib.Graph().parse(data=report.to_turtle(), format="turtle")
    assert g.value(results(g)[0], SH.resultSeverity) == EX.Blocker
    assert [f.severity for f in report.findings] == ["violation"] and not report.conforms


@pytest.mark.parametrize("engine", ENGINES)
def test_graf_properties_beside_shacl_ones(case, engine):
    c = case("ex:a a ex:T .", "ex:S sh:targetClass ex:T ; sh:nodeKind sh:Literal .")
    g = c.report(engine)
    (r,) = results(g)
    assert g.value(r, SH.sourceShape) == EX.S
    assert g.value(r, SH.sourceConstraintComponent) == SH.NodeKindConstraintComponent
    assert g.value(r, GRAFSH.rule) == Literal("user-shapes") and g.value(r, GRAFSH.code) == Literal("shacl-NodeKind")


# -- wrong results ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_nested_property_shape_reports_once_per_parent(case, engine):
    """ex:addr is reached from two persons: its city is validated (and reported) once for each."""
    c = case("ex:p1 a ex:Person ; ex:address ex:addr . ex:p2 a ex:Person ; ex:address ex:addr . "
             "ex:addr ex:city ex:Atlantis .",
             "ex:S sh:targetClass ex:Person ; sh:property [ sh:path ex:address ; sh:property ex:City ] . "
             "ex:City sh:path ex:city ; sh:class ex:RealCity .")
    g = c.report(engine)
    assert [(g.value(r, SH.focusNode), g.value(r, SH.value)) for r in results(g)] == [(EX.addr, EX.Atlantis)] * 2


@pytest.mark.parametrize("engine", ENGINES)
def test_sequence_path_reports_a_value_once(case, engine):
    """ex:z is reached from ex:a through two intermediates: one value node, one result."""
    c = case("ex:a ex:p ex:m1 , ex:m2 . ex:m1 ex:q ex:z . ex:m2 ex:q ex:z .",
             "ex:S sh:targetNode ex:a ; sh:property [ sh:path ( ex:p ex:q ) ; sh:class ex:C ] .")
    g = c.report(engine)
    assert [g.value(r, SH.value) for r in results(g)] == [EX.z]


@pytest.mark.parametrize("engine", ENGINES)
def test_unique_lang_one_is_not_true(case, engine):
    c = case('ex:a ex:label "Hi"@en , "Hello"@en .',
             'ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:label ; sh:uniqueLang "1"^^xsd:boolean ] .')
    assert conforms(c.report(engine))
    strict = case('ex:a ex:label "Hi"@en , "Hello"@en .',
                  "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:label ; sh:uniqueLang true ] .")
    assert len(results(strict.report(engine))) == 1


# -- literals the store rewrites ------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_datatypes_of_derived_integers_check_the_range(case, engine):
    """The store keeps "5"^^xsd:int as "5"^^xsd:integer; it still satisfies sh:datatype xsd:int, while
    "5000000000"^^xsd:int (out of range, stored as an integer too) and "x"^^xsd:int do not."""
    c = case('ex:a ex:n "5"^^xsd:int , "5000000000"^^xsd:int , "x"^^xsd:int , "-3"^^xsd:short .',
             "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:n ; sh:datatype xsd:int ] .")
    g = c.report(engine)
    assert {g.value(r, SH.value) for r in results(g)} == {Literal("5000000000", datatype=XSD.integer),
                                                           Literal("x", datatype=XSD.int)}
    unsigned = case('ex:a ex:n "-3"^^xsd:short .', "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:n ; "
                                                   "sh:datatype xsd:nonNegativeInteger ] .")
    assert len(results(unsigned.report(engine))) == 1


def test_load_tells_once_which_literals_the_store_rewrites(tmp_path):
    data = tmp_path / "numbers.ttl"
    data.write_text(PREFIXES + 'ex:a ex:n "5"^^xsd:int , "4.0"^^xsd:decimal , 7 , "2020-01-01"^^xsd:date .\n'
                               'ex:b ex:n "5"^^xsd:int .\n', encoding="utf-8")
    done = run_graf("--store", str(tmp_path / "store"), "load", str(data), "--no-progress")
    assert done.returncode == 0
    notes = [line for line in done.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "3 literal(s)" in notes[0]
    assert '"5"^^xsd:int is stored as "5"^^xsd:integer' in notes[0]
    plain = tmp_path / "plain.ttl"
    plain.write_text(PREFIXES + 'ex:a ex:n 7 , "x" .\n', encoding="utf-8")
    assert "note:" not in run_graf("load", str(plain)).stderr


# -- compiled by the sparql engine -------------------------------------------------------------------------

COMPILED = {
    "lessThan": ('ex:a ex:start 5 ; ex:end 3 , 9 .',
                 "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:start ; sh:lessThan ex:end ] .",
                 [(EX.a, Literal(5))]),
    "lessThanOrEquals": ('ex:a ex:start 5 ; ex:end 5 , 4 .',
                         "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:start ; sh:lessThanOrEquals ex:end ] .",
                         [(EX.a, Literal(5))]),
    "qualifiedValueShapesDisjoint": (
        "ex:h ex:digit ex:f1 , ex:both . ex:f1 a ex:Finger . ex:both a ex:Finger , ex:Thumb .",
        """ex:S sh:targetNode ex:h ;
            sh:property [ sh:path ex:digit ; sh:qualifiedValueShape [ sh:class ex:Thumb ] ;
                          sh:qualifiedMinCount 1 ; sh:qualifiedValueShapesDisjoint true ] ;
            sh:property [ sh:path ex:digit ; sh:qualifiedValueShape [ sh:class ex:Finger ] ;
                          sh:qualifiedMinCount 1 ; sh:qualifiedValueShapesDisjoint true ] .""",
        [(EX.h, None)]),
    "equals on a node shape": ("ex:a ex:same ex:a , ex:b .", "ex:S sh:targetNode ex:a ; sh:equals ex:same .",
                               [(EX.a, EX.b)]),
    "disjoint on a node shape": ("ex:a ex:other ex:a .", "ex:S sh:targetNode ex:a ; sh:disjoint ex:other .",
                                 [(EX.a, EX.a)]),
    "sh:closed inside sh:not": ("ex:a ex:p 1 . ex:b ex:p 1 ; ex:q 2 .",
                                "ex:S sh:targetNode ex:a , ex:b ; sh:not [ sh:closed true ; sh:ignoredProperties "
                                "( ex:p ) ] .", [(EX.a, EX.a)]),
    "sh:sparql inside sh:node": (
        "ex:a ex:friend ex:a . ex:b ex:friend ex:c .",
        """ex:S sh:targetNode ex:a , ex:b ; sh:node [ sh:sparql [
               sh:select "SELECT $this WHERE { $this <http://example.org/friend> $this }" ] ] .""",
        [(EX.a, EX.a)]),
    "a SPARQL-based constraint component": (
        'ex:a ex:label "x"@en , "y"@de .',
        """ex:Language a sh:ConstraintComponent ; sh:parameter [ sh:path ex:lang ] ;
               sh:validator [ a sh:SPARQLAskValidator ; sh:ask "ASK { FILTER(langMatches(lang($value), $lang)) }" ] .
           ex:S sh:targetObjectsOf ex:label ; ex:lang "de" .""",
        [(Literal("x", lang="en"), Literal("x", lang="en"))]),
    "custom severity": ("ex:a ex:p 1 .", "ex:S sh:targetNode ex:a ; sh:severity ex:Blocker ; sh:nodeKind sh:Literal .",
                        [(EX.a, EX.a)]),
}


@pytest.mark.parametrize("feature", COMPILED)
def test_feature_is_compiled_and_agrees_with_pyshacl(case, feature):
    data, shapes, expected = COMPILED[feature]
    c = case(data, shapes)
    assert ShaclEngine([c.shapes]).engine == "sparql"  # auto does not fall back
    for engine in ENGINES:
        g = c.report(engine)
        assert sorted((g.value(r, SH.focusNode), g.value(r, SH.value)) for r in results(g)) == expected, engine


# -- the ontology is not data ------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_ontology_is_class_hierarchy_not_data(case, engine):
    """graf's ontology graph has hundreds of skos:prefLabels; only the data's are validated, while
    sh:class still sees the ontology's subclasses (graf:Administration is an org:Organization)."""
    c = case('ex:a skos:prefLabel "a" ; ex:unit ex:u . ex:u a <https://w3id.org/graf/def#Administration> .',
             "ex:Labels sh:targetObjectsOf skos:prefLabel ; sh:nodeKind sh:IRI . "
             "ex:Units sh:targetNode ex:a ; "
             "sh:property [ sh:path ex:unit ; sh:class <http://www.w3.org/ns/org#Organization> ] .")
    g = c.report(engine)
    assert [g.value(r, SH.focusNode) for r in results(g)] == [Literal("a")]


def test_report_with_every_kind_of_focus_node_parses(case):
    """The report of every run parses: focus nodes of each kind in one report."""
    c = case('ex:a ex:p [ ex:q "x y" ] .', 'ex:S sh:targetNode ex:a , "lit eral" , 5 ; sh:nodeKind sh:BlankNode .')
    g = c.report("sparql")
    assert {type(g.value(r, SH.focusNode)) for r in results(g)} == {URIRef, Literal}
