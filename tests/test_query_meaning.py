"""A valid query means what it says through graf: the same answers as pyoxigraph run directly, on a
data set in named graphs, through ``graf query`` and ``/sparql``; relative IRIs resolve against a
base that does not depend on who asks; the server answers only to its own host names."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from conftest import run_graf
from test_w3c_sparql import graf_main
from w3c_sparql import answer_of, same

from api.testing import running_server
from graf.store import EmbeddedStore

TOKEN = "meaning-token"
PUBLIC = "https://graf.example.org/"
DATA = """@prefix ex: <http://ex/> .
<http://ex/g1> { ex:a ex:valid-from "2010-01-21" ; ex:self-service ex:portal ; ex:p "FROM" , "x" . }
<http://ex/g2> { ex:b <http://x/service> ex:c ; ex:p "SERVICE" ; ex:from\\-load "LOAD" . }
"""
EX = "PREFIX ex: <http://ex/>\n"
#: valid queries whose names, strings, comments, variables and IRIs look like keywords
QUERIES = [
    EX + "SELECT ?s ?x { ?s ex:valid-from ?x }",
    EX + "SELECT ?s ?x { ?s ex:self-service ?x }",
    "SELECT ?from ?o { ?from <http://ex/p> ?o }",
    'SELECT ?s { ?s ?p "FROM" }',
    "SELECT ?s ?o { ?s ?p ?o } # SERVICE <http://example.org/sparql> { }",
    "SELECT ?s { ?s <http://x/service> ?o }",
    EX + 'SELECT ?s ?o { ?s ex:from\\-load ?o FILTER(?o != """INSERT DATA { }""") }',
    "PREFIX service: <http://ex/> SELECT ?s ?o { ?s service:p ?o }",
    "PREFIX with: <http://ex/> SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s with:p ?o } FILTER(1<2) }",
]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("meaning") / "named.trig"
    path.write_text(DATA, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def engine(data: Path) -> ox.Store:
    """pyoxigraph directly on what graf's store holds (the data and graf's ontology graph); queried
    with graf's default dataset, the union of all graphs."""
    with EmbeddedStore() as graf_store:
        graf_store.load_ontology()
        graf_store.load([data])
        quads = graf_store.export("nq")
    store = ox.Store()
    store.load(quads, format=ox.RdfFormat.N_QUADS)
    return store


def direct(engine: ox.Store, query: str):
    return answer_of(engine.query(query, use_default_graph_as_union=True))


@pytest.fixture(scope="module")
def server(data: Path) -> Iterator[str]:
    with running_server(["--data", str(data), "--public-url", PUBLIC, "--allowed-host", "graf.internal"]) as base:
        yield base


@pytest.mark.parametrize("query", QUERIES)
def test_graf_query_answers_as_pyoxigraph(query: str, data: Path, engine: ox.Store) -> None:
    code, out, err = graf_main("--data", str(data), "query", query, "--format", "json")
    assert code == 0, err
    wanted = direct(engine, query)
    assert wanted.rows, "the query must find something for the comparison to mean anything"
    assert same(wanted, answer_of(ox.parse_query_results(out, format=ox.QueryResultsFormat.JSON)))


@pytest.mark.parametrize("query", QUERIES)
def test_the_endpoint_answers_as_pyoxigraph(query: str, server: str, engine: ox.Store) -> None:
    r = httpx.post(server + "/sparql", content=query.encode(),
                   headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+xml"})
    assert r.status_code == 200, r.text
    assert same(direct(engine, query), answer_of(ox.parse_query_results(r.content, format=ox.QueryResultsFormat.XML)))


def test_a_graf_process_answers_as_pyoxigraph(data: Path, engine: ox.Store) -> None:
    proc = run_graf("--data", str(data), "query", QUERIES[0], "--format", "tsv")
    assert proc.returncode == 0, proc.stderr
    got = answer_of(ox.parse_query_results(proc.stdout, format=ox.QueryResultsFormat.TSV))
    assert same(direct(engine, QUERIES[0]), got) and len(got.rows or ()) == 1


@pytest.mark.parametrize("query", [
    "SELECT * { ?s ?p ?o } LIMIT 1 # only a comment says SERVICE",
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "PREFIX ex: <urn:> SELECT * { ?s ?p ?o FILTER(1<2)SERVICE?x#[>\n{ ?s ?p ?o } }",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
])
def test_the_cli_still_refuses_service_and_updates(query: str, data: Path) -> None:
    code, out, err = graf_main("--data", str(data), "query", query)
    if "comment" in query:
        assert code == 0, err
    else:
        assert code == 2 and ("SERVICE is refused" in err or "read-only" in err), err


# -- base IRIs --------------------------------------------------------------------------------------------


def test_inline_queries_resolve_against_the_working_directory(data: Path, tmp_path: Path) -> None:
    proc = run_graf("--data", str(data), "query", "SELECT (<x> AS ?x) {}", "--format", "csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[1] == (tmp_path / "x").as_uri()


def test_a_query_file_resolves_against_its_own_url_and_from_names_the_file_beside_it(data: Path,
                                                                                      tmp_path: Path) -> None:
    beside = tmp_path / "beside.ttl"
    beside.write_text("<http://ex/s> <http://ex/p> <http://ex/o> .\n", encoding="utf-8")
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?here (COUNT(*) AS ?n) FROM <beside.ttl> { ?s ?p ?o BIND(<here> AS ?here) } "
                     "GROUP BY ?here\n", encoding="utf-8")
    store = tmp_path / "store"
    assert graf_main("--store", str(store), "load", "--no-progress", "--graph", beside.as_uri(), str(beside))[0] == 0
    code, out, err = graf_main("--store", str(store), "query", "--file", str(query), "--format", "csv")
    assert code == 0, err
    assert out.decode().splitlines()[1] == f"{(tmp_path / 'here').as_uri()},1"


def test_the_endpoint_resolves_against_its_public_url_whatever_the_host_header(server: str) -> None:
    for host in ("localhost", "graf.internal:8443"):
        r = httpx.get(server + "/sparql", params={"query": "SELECT (<x> AS ?x) {}"},
                      headers={"Accept": "text/csv", "Host": host})
        assert r.status_code == 200, r.text
        assert r.text.splitlines()[1] == PUBLIC + "x"
    description = httpx.get(server + "/sparql", headers={"Accept": "application/n-triples", "Host": "graf.internal"})
    assert f"<{PUBLIC}sparql#service> <http://www.w3.org/ns/sparql-service-description#endpoint> <{PUBLIC}sparql>" \
        in description.text


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", ""])
def test_a_foreign_host_header_is_refused(server: str, host: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": "ASK {}"}, headers={"Host": host})
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] == "bad_host" and "--allowed-host" in error["message"]
    assert httpx.get(server + "/", headers={"Host": host}).status_code == 400


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST:8000", "127.0.0.1", "[::1]:8000", "graf.example.org",
                                  "graf.internal"])
def test_own_host_names_are_answered(server: str, host: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": "ASK {}"},
                  headers={"Host": host, "Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.json()["boolean"] is True


# -- nesting depth --------------------------------------------------------------------------------------


def test_a_deeply_nested_query_gets_400_naming_the_setting_and_the_server_keeps_answering(server: str) -> None:
    for query in ("SELECT * " + "{" * 5000 + "}" * 5000, "SELECT ((" + "(" * 5000 + "1" + ")" * 5000 + ") AS ?x) {}"):
        r = httpx.post(server + "/sparql", content=query, headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 400, r.text
        error = r.json()["error"]
        assert error["code"] == "query_too_deep" and error["setting"] == "max_query_depth"
        assert (error["line"], error["limit"]) == (1, 250) and error["column"] > 250
    assert httpx.get(server + "/sparql", params={"query": "ASK {}"}).status_code == 200


def test_the_cli_refuses_deep_nesting_with_exit_2_and_the_limit_is_a_setting(data: Path) -> None:
    proc = run_graf("--data", str(data), "query", "SELECT * " + "{" * 3000 + "}" * 3000)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "more than 250 deep at line 1, column 260" in proc.stderr and "max_query_depth" in proc.stderr
    shallow = run_graf("--data", str(data), "query", "ASK { { { } } }", env={"GRAF_MAX_QUERY_DEPTH": "2"})
    assert shallow.returncode == 2 and "more than 2 deep" in shallow.stderr


@pytest.fixture(scope="module")
def writable(data: Path) -> Iterator[str]:
    with running_server(["--data", str(data), "--update-token", TOKEN, "--public-url", PUBLIC]) as base:
        yield base + "/sparql"


def update(url: str, text: str, **params: str | list[str]) -> httpx.Response:
    return httpx.post(url, params=params, content=text.encode(),
                      headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})


def test_a_deeply_nested_update_gets_400_and_cannot_take_the_server_down(writable: str) -> None:
    r = update(writable, "INSERT { <urn:a> <urn:b> <urn:c> } WHERE " + "{" * 5000 + "}" * 5000)
    assert r.status_code == 400 and r.json()["error"]["code"] == "query_too_deep", r.text
    assert httpx.get(writable, params={"query": "ASK {}"}).status_code == 200


def test_updates_resolve_against_the_public_url_and_honour_using_parameters(writable: str) -> None:
    r = update(writable, "PREFIX ex: <http://ex/> INSERT { <copied> ex:q ?o } WHERE { ?s ex:p ?o }",
               **{"using-graph-uri": "http://ex/g1"})
    assert r.status_code == 204, r.text
    rows = httpx.get(writable, params={"query": f"SELECT ?o {{ <{PUBLIC}copied> ?p ?o }} ORDER BY ?o"},
                     headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    assert [b["o"]["value"] for b in rows] == ["FROM", "x"]  # g1 only: not g2's "SERVICE"


@pytest.mark.parametrize("text, params, code", [
    ("WITH <http://ex/g1> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", {"using-graph-uri": "http://ex/g2"},
     "dataset_conflict"),
    ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", {"using-named-graph-uri": "urn:a> } ; DROP ALL ; #"}, "bad_iri"),
    ("LOAD <http://127.0.0.1:9/x.ttl>", {}, "refused"),
])
def test_bad_update_datasets_and_load_are_400(writable: str, text: str, params: dict, code: str) -> None:
    r = update(writable, text, **params)
    assert r.status_code == 400 and r.json()["error"]["code"] == code, r.text
    count = httpx.get(writable, params={"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"},
                      headers={"Accept": "application/sparql-results+json"})
    assert int(json.loads(count.text)["results"]["bindings"][0]["n"]["value"]) > 0  # nothing was dropped
