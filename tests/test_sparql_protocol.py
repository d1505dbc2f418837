"""The SPARQL 1.1 Protocol at /sparql, over real HTTP against ``graf serve`` in a subprocess.

Covers the W3C protocol test manifest (/work/shared/w3c-tests, run case by case further down
when present), content negotiation, errors with position, UTF-8, dataset parameters, updates with
a token, the time limit, a concurrent query while a slow one runs, the row cap, and real clients
(SPARQLWrapper, rdflib's SPARQLStore).
"""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import rdflib

from api.testing import running_server

KASEI = "http://kasei.us/2009/09/sparql/data/"
FOAF = "http://xmlns.com/foaf/0.1/"
BIG = 3000
SLOW = """SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://e/big> {
  ?a <http://e/p> ?x . ?b <http://e/p> ?y . ?c <http://e/p> ?z . FILTER(?x != ?y) } }"""
TOKEN = "s3cret-token"
SR_JSON = "application/sparql-results+json"
SR_XML = "application/sparql-results+xml"


def write_data(folder: Path) -> Path:
    """A small dataset: the W3C test graphs, Danish literals, and 3,000 triples for a slow join."""
    lines = ["@prefix foaf: <http://xmlns.com/foaf/0.1/> ."]
    for i in range(4):
        lines.append(f"<{KASEI}data{i}.rdf> {{ <{KASEI}data{i}.rdf> a foaf:Document . }}")
    lines.append('<http://e/danish> { <http://e/kbh> <http://e/name> "København"@da ; '
                 '<http://e/word> "æøå" ; <http://e/odd> "a%41b 100%25" . }')
    big = " ".join(f"<http://e/s{i}> <http://e/p> {i} ." for i in range(BIG))
    lines.append(f"<http://e/big> {{ {big} }}")
    path = folder / "protocol.trig"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_data(tmp_path_factory.mktemp("protocol"))


@pytest.fixture(scope="module")
def server(data_file: Path) -> Iterator[str]:
    """Read-only server: 2 s time limit, 1,000 rows, 20 kB bodies."""
    with running_server(["--data", str(data_file), "--time-limit", "2", "--max-rows", "1000"],
                        env={"GRAF_MAX_REQUEST_BYTES": "20000"}) as base:
        yield base


@pytest.fixture(scope="module")
def sparql(server: str) -> str:
    return server + "/sparql"


@pytest.fixture(scope="module")
def writable(data_file: Path) -> Iterator[str]:
    """A server that accepts updates with the bearer token."""
    with running_server(["--data", str(data_file), "--update-token", TOKEN]) as base:
        yield base + "/sparql"


def ask(url: str, query: str, **params: str | list[str]) -> bool:
    r = httpx.get(url, params={"query": query, **params}, headers={"Accept": SR_JSON})
    assert r.status_code == 200, r.text
    return r.json()["boolean"]


def error(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, (r.status_code, r.text)
    body = r.json()["error"]
    assert body["status"] == status and body["code"] and body["message"]
    return body


# -- the three ways to send a query ----------------------------------------------------------------------


def test_query_via_get(sparql: str) -> None:
    r = httpx.get(sparql, params={"query": "SELECT ?n WHERE { <http://e/kbh> <http://e/name> ?n }"})
    assert r.status_code == 200
    assert r.headers["content-type"] == SR_JSON
    assert r.json()["results"]["bindings"][0]["n"] == {"type": "literal", "value": "København", "xml:lang": "da"}


def test_query_via_form_post_is_decoded_exactly_once(sparql: str) -> None:
    # the literal a%41b 100%25 in the data; sent percent-encoded once more by the form encoding
    query = 'ASK { ?s <http://e/odd> "a%41b 100%25" }'
    r = httpx.post(sparql, data={"query": query}, headers={"Accept": SR_JSON})
    assert r.status_code == 200 and r.json()["boolean"] is True
    # and a literal that only exists after a second (wrong) decoding is not matched
    r = httpx.post(sparql, data={"query": 'SELECT ("a%41b 100%25" AS ?v) {}'}, headers={"Accept": SR_JSON})
    assert r.json()["results"]["bindings"][0]["v"]["value"] == "a%41b 100%25"
    raw = "query=" + "SELECT%20(%22a%2541b%20100%2525%22%20AS%20%3Fv)%20%7B%7D"  # hand-encoded body
    r = httpx.post(sparql, content=raw, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.json()["results"]["bindings"][0]["v"]["value"] == "a%41b 100%25"


def test_query_via_direct_post(sparql: str) -> None:
    r = httpx.post(sparql, content="ASK { ?s <http://e/word> \"æøå\" }".encode(),
                   headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200 and r.json() == {"head": {}, "boolean": True}


def test_get_without_query_is_the_service_description(sparql: str) -> None:
    r = httpx.get(sparql)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = g.value(predicate=rdflib.RDF.type, object=sd.Service)
    assert service is not None
    assert g.value(service, sd.endpoint) == rdflib.URIRef(sparql)
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in g
    assert (service, sd.supportedLanguage, sd.SPARQL11Update) not in g  # no token: no updates
    assert (service, sd.feature, sd.UnionDefaultGraph) in g
    formats = {str(o) for o in g.objects(service, sd.resultFormat)}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats and len(formats) == 8
    dataset = g.value(service, sd.defaultDataset)
    assert "union of all graphs" in str(g.value(dataset, rdflib.RDFS.comment))
    names = {str(g.value(n, sd.name)) for n in g.objects(dataset, sd.namedGraph)}
    assert f"{KASEI}data1.rdf" in names and "http://e/big" in names
    # other RDF formats by Accept
    r = httpx.get(sparql, headers={"Accept": "application/n-triples"})
    assert r.headers["content-type"] == "application/n-triples" and "sparql-service-description#Service" in r.text


# -- content negotiation ----------------------------------------------------------------------------------

SELECT_DANISH = 'SELECT ?n ?w WHERE { <http://e/kbh> <http://e/name> ?n . ?s <http://e/word> ?w }'
CONSTRUCT_DANISH = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <http://e/danish> { ?s ?p ?o } }"


@pytest.mark.parametrize(("accept", "label"), [
    (SR_JSON, SR_JSON),
    (SR_XML, SR_XML),
    ("text/csv", "text/csv; charset=utf-8"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", SR_XML),
    ("text/*;q=0.8, application/sparql-results+json;q=0.1", "text/csv; charset=utf-8"),
    ("*/*", SR_JSON),
    ("application/json", SR_JSON),
])
def test_select_formats_by_accept_round_trip_utf8(sparql: str, accept: str, label: str) -> None:
    r = httpx.get(sparql, params={"query": SELECT_DANISH}, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == label
    text = r.content.decode("utf-8")
    if label == SR_JSON:
        row = r.json()["results"]["bindings"][0]
        assert (row["n"]["value"], row["n"]["xml:lang"], row["w"]["value"]) == ("København", "da", "æøå")
    elif label == SR_XML:
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        root = ET.fromstring(r.content)
        literal = root.find(".//r:binding[@name='n']/r:literal", ns)
        assert literal is not None and literal.text == "København"
        assert literal.get("{http://www.w3.org/XML/1998/namespace}lang") == "da"
        assert root.find(".//r:binding[@name='w']/r:literal", ns).text == "æøå"
    elif label.startswith("text/csv"):
        assert list(csv.reader(io.StringIO(text))) == [["n", "w"], ["København", "æøå"]]
    else:
        assert text.splitlines() == ["?n\t?w", '"København"@da\t"æøå"']


@pytest.mark.parametrize(("accept", "label", "rdflib_format"), [
    ("text/turtle", "text/turtle; charset=utf-8", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    (None, "text/turtle; charset=utf-8", "turtle"),
])
def test_construct_formats_by_accept_round_trip_utf8(sparql: str, accept: str | None, label: str,
                                                     rdflib_format: str) -> None:
    headers = {"Accept": accept} if accept else {}
    r = httpx.get(sparql, params={"query": CONSTRUCT_DANISH}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == label
    g = rdflib.Graph().parse(data=r.content, format=rdflib_format)
    assert rdflib.Literal("København", lang="da") in set(g.objects())
    assert rdflib.Literal("æøå") in set(g.objects())


def test_ask_formats(sparql: str) -> None:
    r = httpx.get(sparql, params={"query": "ASK {}"}, headers={"Accept": SR_XML})
    assert r.headers["content-type"] == SR_XML and b"<boolean>true</boolean>" in r.content


@pytest.mark.parametrize(("query", "accept"), [
    ("ASK {}", "text/csv"),
    (SELECT_DANISH, "text/turtle"),
    (CONSTRUCT_DANISH, SR_JSON),
    (SELECT_DANISH, "image/png"),
])
def test_a_format_that_cannot_express_the_result_is_406(sparql: str, query: str, accept: str) -> None:
    body = error(httpx.get(sparql, params={"query": query}, headers={"Accept": accept}), 406)
    assert "available" in body["message"]


def test_format_parameter_overrides_accept(sparql: str) -> None:
    r = httpx.get(sparql, params={"query": SELECT_DANISH, "format": "csv"}, headers={"Accept": SR_JSON})
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    r = httpx.get(sparql, params={"query": CONSTRUCT_DANISH, "format": "nt"})
    assert r.headers["content-type"] == "application/n-triples"
    error(httpx.get(sparql, params={"query": CONSTRUCT_DANISH, "format": "csv"}), 406)
    body = error(httpx.get(sparql, params={"query": "ASK {}", "format": "pdf"}), 400)
    assert "json" in body["message"]


# -- errors ------------------------------------------------------------------------------------------------


def test_malformed_query_is_400_with_line_and_column(sparql: str) -> None:
    body = error(httpx.get(sparql, params={"query": "SELECT ?s\nWHERE { ?s ?p }"}), 400)
    assert body["code"] == "query_syntax" and body["line"] == 2 and body["column"] >= 1
    assert "line 2" in body["message"]


def test_wrong_content_type_is_415(sparql: str) -> None:
    body = error(httpx.post(sparql, content=b"ASK {}", headers={"Content-Type": "text/plain"}), 415)
    assert "application/sparql-query" in body["message"]
    error(httpx.post(sparql, content=b"query=ASK%20%7B%7D"), 415)  # no Content-Type at all
    error(httpx.post(sparql, content="ASK {}".encode("utf-16"),
                     headers={"Content-Type": "application/sparql-query; charset=UTF-16"}), 415)


def test_missing_query_is_400(sparql: str) -> None:
    assert error(httpx.post(sparql, data={"format": "json"}), 400)["code"] == "missing_query"
    error(httpx.get(sparql, params={"query": ""}), 400)


def test_two_different_query_parameters_are_400(sparql: str) -> None:
    r = httpx.get(sparql + "?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D")
    body = error(r, 400)
    assert body["code"] == "conflicting_parameter" and "2 different values" in body["message"]
    error(httpx.post(sparql, data={"query": ["ASK {}", "ASK { ?s ?p ?o }"]}), 400)
    assert httpx.post(sparql, data={"query": ["ASK {}", "ASK {}"]}).status_code == 200  # the same twice: fine


def test_body_too_large_is_413(sparql: str) -> None:
    query = "ASK {}" + " " * 30000
    body = error(httpx.post(sparql, content=query, headers={"Content-Type": "application/sparql-query"}), 413)
    assert "max_request_bytes" in body["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while reading
        for _ in range(30):
            yield b" " * 1000

    r = httpx.post(sparql, content=chunks(), headers={"Content-Type": "application/sparql-query"})
    error(r, 413)


def test_not_utf8_is_400(sparql: str) -> None:
    r = httpx.post(sparql, content="ASK { ?s ?p \"æ\" }".encode("latin-1"),
                   headers={"Content-Type": "application/sparql-query"})
    assert "UTF-8" in error(r, 400)["message"]


def test_other_methods_are_405(sparql: str) -> None:
    error(httpx.put(sparql, content=b"ASK {}"), 405)


def test_service_is_refused_naming_the_setting(sparql: str) -> None:
    r = httpx.get(sparql, params={"query": "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"})
    assert "allow_service" in error(r, 400)["message"]


def test_an_update_sent_as_a_query_is_refused(sparql: str) -> None:
    r = httpx.get(sparql, params={"query": "INSERT DATA { <http://a> <http://b> <http://c> }"})
    assert error(r, 400)["code"] == "update_as_query"


# -- dataset ---------------------------------------------------------------------------------------------


def test_default_graph_is_the_union_of_all_graphs(sparql: str) -> None:
    assert ask(sparql, f"ASK {{ <{KASEI}data1.rdf> a ?t . <{KASEI}data2.rdf> a ?t . <http://e/kbh> ?p ?o }}")


def test_default_graph_uri_and_named_graph_uri_override_from(sparql: str) -> None:
    both = f"ASK {{ <{KASEI}data1.rdf> a ?t . <{KASEI}data2.rdf> a ?t }}"
    assert ask(sparql, both, **{"default-graph-uri": [f"{KASEI}data1.rdf", f"{KASEI}data2.rdf"]})
    assert not ask(sparql, both, **{"default-graph-uri": f"{KASEI}data1.rdf"})
    assert ask(sparql, f"ASK {{ GRAPH ?g {{ <{KASEI}data3.rdf> a ?t }} }}")  # no dataset: every graph
    named = f"ASK FROM NAMED <{KASEI}data3.rdf> {{ GRAPH ?g {{ <{KASEI}data3.rdf> a ?t }} }}"
    assert ask(sparql, named)
    assert not ask(sparql, named, **{"named-graph-uri": f"{KASEI}data1.rdf"})
    assert not ask(sparql, f"ASK FROM <{KASEI}data3.rdf> {{ <{KASEI}data3.rdf> a ?t }}",
                   **{"named-graph-uri": f"{KASEI}data1.rdf"})  # protocol dataset wins over FROM


# -- limits and concurrency ------------------------------------------------------------------------------


def test_time_limit_stops_the_query_with_503_naming_the_setting(sparql: str) -> None:
    r = httpx.get(sparql, params={"query": SLOW}, timeout=30)  # how soon it stops: bench/load.py
    body = error(r, 503)
    assert body["code"] == "query_timeout" and "query_time_limit_s" in body["message"]
    assert body["limit_s"] == 2 and body["setting"] == "query_time_limit_s"


@pytest.fixture(scope="module")
def two_workers(data_file: Path) -> Iterator[str]:
    """A server with two query workers: one general, one kept for short queries."""
    with running_server(["--data", str(data_file), "--time-limit", "8", "--workers", "2"]) as base:
        yield base + "/sparql"


def test_ask_answers_while_slow_queries_hold_the_other_workers(two_workers: str) -> None:
    # four clients send the same slow query at once: one runs on the general worker (until the time
    # limit), the others get 503 server_busy with Retry-After (stopped on the worker kept for short
    # queries, or refused at once once the query is known to run long)
    answers: list[httpx.Response] = []
    lock = threading.Lock()

    def send() -> None:
        r = httpx.get(two_workers, params={"query": SLOW}, timeout=60)
        with lock:
            answers.append(r)

    heavies = [threading.Thread(target=send) for _ in range(4)]
    for thread in heavies:
        thread.start()
    deadline = time.monotonic() + 60
    while len(answers) < 3:  # an event, not a clock: three of them have been answered
        assert time.monotonic() < deadline, "the slow queries were not answered"
        time.sleep(0.05)
    with lock:
        busy = list(answers)
    assert all(r.status_code == 503 and r.json()["error"]["code"] == "server_busy" for r in busy), busy
    assert all(int(r.headers["Retry-After"]) >= 1 for r in busy)
    with httpx.Client(timeout=60) as client:
        for _ in range(5):  # meanwhile short queries answer
            r = client.get(two_workers, params={"query": "ASK {}"}, headers={"Accept": SR_JSON})
            assert r.status_code == 200 and r.json()["boolean"] is True
    assert sum(t.is_alive() for t in heavies) == 1, "the slow query ended too early to prove anything"
    for thread in heavies:
        thread.join(60)
    assert answers[-1].status_code == 503 and answers[-1].json()["error"]["code"] == "query_timeout"


def test_row_cap_says_the_result_was_truncated(sparql: str) -> None:
    query = "SELECT ?s WHERE { GRAPH <http://e/big> { ?s ?p ?o } }"
    r = httpx.get(sparql, params={"query": query})
    assert r.status_code == 200
    assert r.headers["X-Graf-Truncated"] == "true" and r.headers["X-Graf-Max-Rows"] == "1000"
    doc = r.json()
    assert len(doc["results"]["bindings"]) == 1000
    assert doc["head"]["link"] == ["urn:graf:truncated?max_rows=1000"]
    r = httpx.get(sparql, params={"query": query}, headers={"Accept": SR_XML})
    assert b'<link href="urn:graf:truncated?max_rows=1000"/>' in r.content
    r = httpx.get(sparql, params={"query": query + " LIMIT 10"})
    assert "X-Graf-Truncated" not in r.headers and "link" not in r.json()["head"]


# -- updates -------------------------------------------------------------------------------------------------


def test_updates_are_403_without_a_configured_token(sparql: str) -> None:
    r = httpx.post(sparql, content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update",
                                                          "Authorization": "Bearer anything"})
    assert "update_token" in error(r, 403)["message"]
    assert ask(sparql, "ASK { ?s ?p ?o }")


def test_updates_need_the_bearer_token(writable: str) -> None:
    update = "INSERT DATA { <http://e/new> <http://e/p> \"ny\" }"
    error(httpx.post(writable, data={"update": update}), 401)
    error(httpx.post(writable, data={"update": update}, headers={"Authorization": "Bearer wrong"}), 403)
    error(httpx.get(writable, params={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"}), 400)
    assert not ask(writable, "ASK { <http://e/new> ?p ?o }")


def test_an_update_into_the_default_graph_is_seen_by_the_next_query(writable: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert not ask(writable, 'ASK { <http://e/added> <http://e/name> "Ærø"@da }')
    r = httpx.post(writable, content='INSERT DATA { <http://e/added> <http://e/name> "Ærø"@da }'.encode(),
                   headers={"Content-Type": "application/sparql-update", **auth})
    assert r.status_code == 204, r.text
    assert ask(writable, 'ASK { <http://e/added> <http://e/name> "Ærø"@da }')
    r = httpx.post(writable, data={"update": 'DELETE DATA { <http://e/added> <http://e/name> "Ærø"@da }'},
                   headers=auth)
    assert r.status_code == 204
    assert not ask(writable, "ASK { <http://e/added> ?p ?o }")


def test_a_failing_update_changes_nothing(writable: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    update = f"INSERT DATA {{ <http://e/half> <http://e/p> 1 }} ; CREATE GRAPH <{KASEI}data1.rdf>"
    body = error(httpx.post(writable, data={"update": update}, headers=auth), 400)
    assert "already exists" in body["message"]
    assert not ask(writable, "ASK { <http://e/half> ?p ?o }")
    body = error(httpx.post(writable, data={"update": "INSERT DATA { <http://e/x> }"}, headers=auth), 400)
    assert body["code"] == "query_syntax" and body["line"] == 1


# -- real clients ----------------------------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # inside SPARQLWrapper
def test_sparqlwrapper_select_json_and_construct(sparql: str) -> None:
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(sparql)
    client.setQuery(SELECT_DANISH)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert rows[0]["n"]["value"] == "København" and rows[0]["w"]["value"] == "æøå"
    client.setMethod("POST")
    assert client.query().convert()["results"]["bindings"] == rows

    client = SPARQLWrapper(sparql)
    client.setQuery(CONSTRUCT_DANISH)
    graph = client.queryAndConvert()  # RDF/XML by default, parsed into an rdflib Graph
    assert rdflib.Literal("København", lang="da") in set(graph.objects())
    client.setReturnFormat(TURTLE)
    text = client.queryAndConvert()
    assert "København" in text.decode("utf-8")


def test_rdflib_sparqlstore(sparql: str) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = rdflib.Graph(store=SPARQLStore(sparql))
    rows = list(graph.query("SELECT ?n WHERE { <http://e/kbh> <http://e/name> ?n }"))
    assert rows[0][0] == rdflib.Literal("København", lang="da")
    assert graph.query(f"ASK {{ <{KASEI}data1.rdf> a <{FOAF}Document> }}").askAnswer is True
    constructed = graph.query(CONSTRUCT_DANISH).graph
    assert rdflib.Literal("æøå") in set(constructed.objects())


# -- the W3C SPARQL 1.1 Protocol test manifest --------------------------------------------------------------

MANIFEST = Path("/work/shared/w3c-tests/sparql11-protocol-manifest.ttl")
ALT_MANIFEST = Path(__file__).parent.parent.parent / "shared" / "w3c-tests" / "sparql11-protocol-manifest.ttl"


def _manifest() -> Path:
    return MANIFEST if MANIFEST.is_file() else ALT_MANIFEST


def _w3c_cases() -> list[tuple[str, list[dict]]]:
    path = _manifest()
    if not path.is_file():
        return []
    g = rdflib.Graph().parse(path, format="turtle")
    mf = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
    ht = rdflib.Namespace("http://www.w3.org/2011/http#")
    cnt = rdflib.Namespace("http://www.w3.org/2011/content#")
    manifest = g.value(predicate=rdflib.RDF.type, object=mf.Manifest)
    cases = []
    for test in rdflib.collection.Collection(g, g.value(manifest, mf.entries)):
        action = g.value(test, mf.action)
        requests = []
        for req in rdflib.collection.Collection(g, g.value(action, ht.requests)):
            body = g.value(req, ht.body)
            headers = {}
            if g.value(req, ht.headers) is not None:
                for h in rdflib.collection.Collection(g, g.value(req, ht.headers)):
                    headers[str(g.value(h, ht.fieldName))] = str(g.value(h, ht.fieldValue))
            resp = g.value(req, ht.resp)
            statuses = {str(s).rsplit("#", 1)[-1] for s in g.objects(resp, mf.expectedStatus)}
            boolean = g.value(resp, mf.expectedBoolean)
            requests.append({
                "method": str(g.value(req, ht.methodName)),
                "path": str(g.value(req, ht.absolutePath)).replace("/sparql/", "/sparql", 1),
                "headers": headers,
                "body": None if body is None else str(g.value(body, cnt.chars)).encode(
                    str(g.value(body, cnt.characterEncoding) or "UTF-8")),
                "ok": "StatusCode2xx" in statuses,
                "boolean": None if boolean is None else boolean.toPython(),
                "format": str(g.value(resp, mf.expectedFormat) or ""),
            })
        cases.append((str(test).rsplit("#", 1)[-1], requests))
    return cases


W3C_CASES = _w3c_cases()
RESET = ("DROP ALL ; INSERT DATA { " + " ".join(
    f"GRAPH <{KASEI}data{i}.rdf> {{ <{KASEI}data{i}.rdf> a <{FOAF}Document> }}" for i in range(4)) + " }")
FORMATS = {"boolean": ("application/sparql-results+",), "tabular": ("application/sparql-results+", "text/csv",
           "text/tab-separated-values"), "RDF": ("text/turtle", "application/n-triples", "application/rdf+xml",
                                                 "application/ld+json")}


def test_the_w3c_manifest_is_there() -> None:
    assert len(W3C_CASES) == 34, f"expected the 34 W3C protocol cases in {_manifest()}"


@pytest.mark.parametrize(("name", "requests"), W3C_CASES, ids=[c[0] for c in W3C_CASES])
def test_w3c_protocol_case(writable: str, name: str, requests: list[dict]) -> None:
    base = writable.removesuffix("/sparql")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    reset = httpx.post(writable, content=RESET, headers={"Content-Type": "application/sparql-update", **auth})
    assert reset.status_code == 204
    for req in requests:
        r = httpx.request(req["method"], base + req["path"], content=req["body"],
                          headers={**req["headers"], **auth})
        if not req["ok"]:
            assert 400 <= r.status_code < 500, (name, r.status_code, r.text)
            continue
        assert 200 <= r.status_code < 400, (name, r.status_code, r.text)
        if req["format"]:
            assert r.headers["content-type"].startswith(FORMATS[req["format"]]), (name, r.headers)
        if req["boolean"] is not None:
            assert json.loads(r.content)["boolean"] is req["boolean"], (name, r.text)


# every return format SPARQLWrapper offers, with each query form that has one, over GET and POST
WRAPPER_CASES = [
    ("SELECT", "json"), ("SELECT", "xml"), ("SELECT", "csv"), ("SELECT", "tsv"),
    ("ASK", "json"), ("ASK", "xml"),
    ("CONSTRUCT", "xml"), ("CONSTRUCT", "rdf"), ("CONSTRUCT", "rdf+xml"), ("CONSTRUCT", "turtle"),
    ("CONSTRUCT", "n3"), ("CONSTRUCT", "json-ld"),
]


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # inside SPARQLWrapper
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # SPARQLWrapper warns when it returns bytes it cannot parse
@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(("form", "fmt"), WRAPPER_CASES)
def test_sparqlwrapper_gets_every_return_format_it_offers(sparql: str, form: str, fmt: str, method: str) -> None:
    from SPARQLWrapper import SPARQLWrapper

    text = {"SELECT": SELECT_DANISH, "ASK": "ASK { <http://e/kbh> ?p ?o }", "CONSTRUCT": CONSTRUCT_DANISH}[form]
    client = SPARQLWrapper(sparql)
    client.setQuery(text)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    result = client.query()  # raises on any HTTP error (SPARQLWrapper sends its format parameter too)
    body = result.response.read()
    kind = result.response.headers["Content-Type"]
    if form == "ASK":
        assert b"true" in body
        return
    assert "København".encode() in body or b"K\\u00f8benhavn" in body, (fmt, kind, body[:300])
    if form == "CONSTRUCT":  # an RDF syntax rdflib reads back
        syntax = {"json-ld": "json-ld", "turtle": "turtle", "n3": "turtle"}.get(fmt, "xml")
        if "n-triples" in kind:
            syntax = "nt"
        graph = rdflib.Graph().parse(data=body, format=syntax)
        assert rdflib.Literal("København", lang="da") in set(graph.objects())


def test_identical_repeated_parameters_are_harmless_and_conflicting_ones_are_named(sparql: str) -> None:
    same = [("query", "ASK {}"), ("format", "json"), ("format", "json")]
    assert httpx.get(sparql, params=same).json()["boolean"] is True
    assert httpx.post(sparql, data={"query": "ASK {}", "format": "json"}, params={"format": "json"}).status_code == 200
    body = error(httpx.get(sparql, params=[("query", "ASK {}"), ("format", "json"), ("format", "xml")]), 400)
    assert body["code"] == "conflicting_parameter" and "'format'" in body["message"]
    body = error(httpx.get(sparql, params=[("query", "ASK {}"), ("query", "ASK { ?s ?p ?o }")]), 400)
    assert body["code"] == "conflicting_parameter"
