import io
import json
import re

import pyoxigraph as ox
import pytest

from graf.errors import UnsupportedFormatError
from graf.sparql import compact
from graf.store import QueryOptions

LABELS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?thing ?label WHERE { ?thing skos:prefLabel ?label } ORDER BY ?thing ?label"""


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_select_results_round_trip_with_utf8(mini_store, fmt):
    result = mini_store.query(LABELS)
    data = result.serialize(fmt)
    assert "Københavns Kommune".encode() in data and "æøå".encode() in data
    if fmt == "csv":
        assert data.splitlines()[0] == b"thing,label"
        return  # SPARQL CSV drops language tags by design
    parsed = ox.parse_query_results(io.BytesIO(data), format=ox.QueryResultsFormat.from_extension(fmt))
    rows = [tuple(row) for row in parsed]
    assert rows == result.rows
    assert ox.Literal("Københavns Kommune", language="da") in {r[1] for r in rows}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_ask_results(mini_store, fmt):
    result = mini_store.query("ASK { ?s ?p ?o }")
    parsed = ox.parse_query_results(io.BytesIO(result.serialize(fmt)),
                                    format=ox.QueryResultsFormat.from_extension(fmt))
    assert bool(parsed) is True
    assert result.to_table() == "yes"


@pytest.mark.parametrize("fmt, rdf", [("turtle", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES),
                                       ("jsonld", ox.RdfFormat.JSON_LD), ("rdfxml", ox.RdfFormat.RDF_XML)])
def test_construct_results_round_trip(mini_store, fmt, rdf):
    result = mini_store.query("CONSTRUCT WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?o }")
    assert result.form == "CONSTRUCT" and len(result) == 10
    back = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(result.serialize(fmt), format=rdf)}
    assert back == set(result.triples)


def test_describe_is_a_graph_result(mini_store):
    result = mini_store.query("DESCRIBE <https://w3id.org/graf/id/kbh/fsb>")
    assert result.form == "DESCRIBE" and result.is_graph and len(result.triples) == 3


@pytest.mark.parametrize("query, fmt", [
    ("ASK { ?s ?p ?o }", "csv"),
    ("SELECT * { ?s ?p ?o }", "turtle"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "json"),
])
def test_a_format_that_cannot_express_the_result_is_refused(mini_store, query, fmt):
    result = mini_store.query(query)
    with pytest.raises(UnsupportedFormatError, match="use one of"):
        result.serialize(fmt)


def test_the_table_compacts_iris_and_aligns_columns(mini_store):
    text = mini_store.query(LABELS).to_table()
    lines = text.splitlines()
    assert lines[0].startswith("thing") and "label" in lines[0]
    assert re.search(r"^kbh:bif +Børne- og Ungdomsforvaltningen@da$", text, re.MULTILINE)
    assert "kbh:channel-fsb-tmf  direkte kontakt æøå@da" in text
    assert lines[-1] == "(10 rows)"


def test_compact_forms():
    assert compact(ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")) == "skos:prefLabel"
    assert compact(ox.NamedNode("https://w3id.org/graf/def#Administration")) == "graf:Administration"
    assert compact(ox.NamedNode("http://example.org/x")) == "<http://example.org/x>"
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    assert compact(ox.Literal("42", datatype=integer)) == "42"
    assert compact(ox.Literal("2010-01-21", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))) \
        == "2010-01-21^^xsd:date"
    assert compact(None) == ""


def test_default_graph_is_the_union_unless_graphs_are_given(mini_store):
    assert mini_store.query("ASK { ?s a <https://w3id.org/graf/def#Municipality> }").boolean is True
    only_ontology = mini_store.query("ASK { ?s a <https://w3id.org/graf/def#Municipality> }", options=QueryOptions(default_graphs=["https://w3id.org/graf/graph/ontology"]))
    assert only_ontology.boolean is False


def test_a_result_a_format_cannot_hold_is_refused_not_an_internal_error():
    from tests.conftest import run_graf

    proc = run_graf("query", "CONSTRUCT { <urn:a> <urn:b> <<( <urn:s> <urn:p> <urn:o> )>> } WHERE {}",
                    "--format", "jsonld")
    assert proc.returncode == 2 and "JSON-LD does not support RDF 1.2" in proc.stderr
    assert "internal error" not in proc.stderr


BELL = '<https://example.org/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "bell\\u0007here"@en .\n'
LABEL_QUERY = "SELECT ?l WHERE { <https://example.org/a> <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"


def test_a_value_xml_cannot_carry_is_refused_as_xml_and_kept_in_json(tmp_path):
    from tests.conftest import run_graf

    data = tmp_path / "bell.nt"
    data.write_text(BELL, encoding="utf-8")
    as_xml = run_graf("--data", str(data), "query", LABEL_QUERY, "--format", "xml")
    assert as_xml.returncode == 2 and "U+0007, which XML 1.0 cannot represent" in as_xml.stderr
    assert as_xml.stdout == "" and "Traceback" not in as_xml.stderr
    as_json = run_graf("--data", str(data), "query", LABEL_QUERY, "--format", "json")
    assert as_json.returncode == 0
    assert json.loads(as_json.stdout)["results"]["bindings"][0]["l"]["value"] == "bell\x07here"


def test_a_value_xml_cannot_carry_is_406_over_http(tmp_path):
    import httpx

    from api.testing import running_server

    data = tmp_path / "bell.nt"
    data.write_text(BELL, encoding="utf-8")
    with running_server(["--data", str(data)]) as base:
        xml = httpx.get(base + "/sparql", params={"query": LABEL_QUERY},
                        headers={"Accept": "application/sparql-results+xml"}, timeout=30)
        assert xml.status_code == 406 and "U+0007" in xml.json()["error"]["message"]
        ok = httpx.get(base + "/sparql", params={"query": LABEL_QUERY},
                       headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert ok.status_code == 200 and ok.json()["results"]["bindings"][0]["l"]["value"] == "bell\x07here"


def test_xml_results_keep_white_space_at_the_ends_and_carriage_returns():
    """XML readers turn CR LF into LF, and pyoxigraph's trims a value's ends: written as character
    references, the values come back as they are (found comparing graf's XML with pyoxigraph)."""
    import xml.etree.ElementTree as ET

    from graf.workers import to_xml

    values = ["a ", " b\n", "c\r\nd", "\t", " ", "x  y", "é "]
    body = to_xml(["o"], [(ox.Literal(v, language="en"),) for v in values])
    assert [s["o"].value for s in ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)] == values
    literals = ET.fromstring(body).iter("{http://www.w3.org/2005/sparql-results#}literal")
    assert [e.text for e in literals] == values
