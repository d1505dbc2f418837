"""The Store protocol, run on the embedded store and on each real SPARQL server (RemoteStore).

The servers (Oxigraph server, Virtuoso 7) are started by the ``oxigraph_server`` and
``virtuoso_server`` fixtures (tests/conftest.py) on 127.0.0.1 with temporary folders and stopped
after the session; ``remote_server`` gives each in turn, emptied.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
from conftest import ENGINES, FIXTURES, run_graf, serve_engine, store_quads

from graf.errors import GrafError, LoadError, QueryError, QueryTimeout, StoreError, UpdateRefused
from graf.network import actor_graph
from graf.remote import RemoteStore
from graf.scenarios import get_scenario, list_scenarios
from graf.settings import Settings
from graf.sparql import PREFIXES
from graf.store import QueryOptions, Store, open_store

MINI = "https://w3id.org/graf/graph/mini"
# (labels ordered by text, then language: engines order literals of different languages differently)
LABELS = "SELECT ?s ?label WHERE { ?s skos:prefLabel ?label } ORDER BY ?s STR(?label) LANG(?label)"


@pytest.fixture(params=["embedded", *ENGINES])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """The mini dataset, in the embedded store and on each real server."""
    if request.param == "embedded":
        yield request.getfixturevalue("mini_store")
        return
    remote = serve_engine(request, request.param).open()
    try:
        remote.load_ontology(FIXTURES / "ontology")
        remote.load([FIXTURES / "mini.trig"])
        yield remote
    finally:
        remote.close()


def _plain(result) -> list[dict[str, str]]:
    return [{k: str(v) for k, v in rec.items()} for rec in result.records()]


def test_remote_store_implements_the_store_protocol(remote_store):
    assert isinstance(remote_store, Store)


def test_the_engine_is_detected_from_the_server(remote_store, remote_server):
    assert remote_store.engine.name == {"oxigraph": "Oxigraph server", "virtuoso": "Virtuoso"}[remote_server.engine]


def test_select_gives_the_same_rows_and_terms(store, mini_store):
    result = store.query(LABELS, options=QueryOptions(prefixes=PREFIXES))
    assert result.form == "SELECT" and result.variables == ["s", "label"]
    assert _plain(result) == _plain(mini_store.query(LABELS, options=QueryOptions(prefixes=PREFIXES)))
    labels = {(r["label"].value, r["label"].language) for r in result.records()}
    assert ("direkte kontakt æøå", "da") in labels


def test_unbound_values_numbers_and_strings_come_back_as_terms(store):
    text = ('SELECT ?n ?missing ?t ?d WHERE { BIND(42 AS ?n) BIND("a\\tb\\nc \\"q\\" æøå" AS ?t) '
            'BIND("2010-01-21"^^xsd:date AS ?d) OPTIONAL { ?x <urn:none> ?missing } }')
    rec = store.query(text, options=QueryOptions(prefixes=PREFIXES)).records()[0]
    assert "missing" not in rec
    assert rec["n"] == ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    assert rec["t"] == ox.Literal('a\tb\nc "q" æøå')
    assert rec["d"] == ox.Literal("2010-01-21", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))


def test_blank_nodes_come_back_as_blank_nodes_that_stay_the_same(store):
    store.update('INSERT { GRAPH <urn:graf:b> { _:x <urn:p> "one" ; <urn:q> "two" } } WHERE { }')
    rows = store.query("SELECT ?b ?o WHERE { GRAPH <urn:graf:b> { ?b ?p ?o } } ORDER BY ?o").records()
    assert [r["o"].value for r in rows] == ["one", "two"]
    assert isinstance(rows[0]["b"], ox.BlankNode) and rows[0]["b"] == rows[1]["b"]
    graph = store.query("CONSTRUCT { ?b ?p ?o } WHERE { GRAPH <urn:graf:b> { ?b ?p ?o } }").triples
    assert len({t.subject for t in graph}) == 1 and isinstance(graph[0].subject, ox.BlankNode)


def test_ask_and_construct(store):
    assert store.query("ASK { ?s a <https://w3id.org/graf/def#Municipality> }").boolean is True
    graph = store.query("CONSTRUCT { ?s a ?c } WHERE { ?s a ?c }")
    assert graph.is_graph and len(graph.triples) > 5
    assert all(isinstance(t, ox.Triple) for t in graph.triples)


def test_the_row_cap_truncates_and_flags(store):
    capped = store.query(LABELS, options=QueryOptions(prefixes=PREFIXES, max_rows=3))
    assert len(capped.rows) == 3 and capped.truncated
    graph = store.query("CONSTRUCT WHERE { ?s ?p ?o }", options=QueryOptions(max_rows=4))
    assert len(graph.triples) == 4 and graph.truncated
    assert not store.query(LABELS, options=QueryOptions(prefixes=PREFIXES, max_rows=10_000)).truncated


def test_default_graphs_restrict_the_default_graph(store):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    everything = int(store.query(count).rows[0][0].value)
    mini = int(store.query(count, options=QueryOptions(default_graphs=[MINI])).rows[0][0].value)
    assert 0 < mini < everything
    assert store.query(count, options=QueryOptions(default_graphs=["urn:graf:no-such-graph"])).rows[0][0].value == "0"


def test_a_protocol_dataset_of_named_graphs_only_has_an_empty_default_graph(store):
    text = ("SELECT (COUNT(*) AS ?d) (SUM(?in) AS ?n) "
            "WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?a ?b ?c } BIND(1 AS ?in) } }")
    row = store.query(text, options=QueryOptions(named_graphs=[MINI])).records()[0]
    assert int(row["d"].value) == int(row["n"].value) > 0


def test_updates_and_service_are_refused_in_queries(store):
    with pytest.raises(UpdateRefused):
        store.query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(UpdateRefused):
        store.query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")


def test_a_syntax_error_names_line_and_column(store):
    with pytest.raises(QueryError) as caught:
        store.query("SELECT ?s WHERE {\n  ?s ?p \n}", options=QueryOptions(prefixes=PREFIXES))
    assert caught.value.line == 3


def test_graphs_count_the_same(store, mini_store):
    assert store.graphs() == mini_store.graphs()


def test_export_round_trips(store, mini_store):
    exported = store.export("nq")
    assert set(ox.parse(exported, format=ox.RdfFormat.N_QUADS)) == store_quads(mini_store)
    turtle = store.export("turtle", graph=MINI)
    assert b"direkte kontakt" in turtle


def test_a_broken_file_loads_nothing(store, fixtures):
    before = store.graphs()
    with pytest.raises(LoadError, match="broken.ttl"):
        store.load([fixtures / "extra.ttl", fixtures / "broken.ttl"])
    assert store.graphs() == before


def test_load_adds_statements(store, fixtures):
    report = store.load([fixtures / "extra.ttl"], graph="urn:graf:extra")
    assert report.statements > 0
    assert {g.name: g.triples for g in store.graphs()}["urn:graf:extra"] == report.statements


def test_update_changes_the_data(store):
    store.update("INSERT DATA { GRAPH <urn:graf:u> { <urn:a> <urn:b> <urn:c> } }")
    assert store.query("ASK { <urn:a> <urn:b> <urn:c> }").boolean is True
    store.update("CREATE GRAPH <urn:graf:empty>")
    keeps_empty = getattr(store, "engine", None) is None or store.engine.keeps_empty_graphs  # Virtuoso does not
    assert {g.name: g.triples for g in store.graphs()}.get("urn:graf:empty") == (0 if keeps_empty else None)


def test_a_failing_update_is_an_error_and_changes_nothing(store):
    before = store.graphs()
    with pytest.raises(GrafError) as caught:
        store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> } ; CREATE GRAPH <https://w3id.org/graf/graph/mini>")
    assert not isinstance(caught.value, QueryError) or caught.value.line is not None
    assert store.graphs() == before


def test_scenarios_and_network_are_the_same(store, mini_store):
    assert list_scenarios(store) == list_scenarios(mini_store)
    remote, local = actor_graph(store), actor_graph(mini_store)
    assert sorted(remote.nodes) == sorted(local.nodes)
    assert sorted(remote.edges(keys=True)) == sorted(local.edges(keys=True))


def test_a_slow_remote_query_is_stopped_at_the_time_limit(remote_store, remote_server):
    values = " ".join(f"<urn:x{i}>" for i in range(250))  # about 2.5 s of work
    slow = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} " \
           f"VALUES ?c {{ {values} }} }}"
    with pytest.raises(QueryTimeout, match=remote_server.query) as info:  # the client stops reading at the limit
        remote_store.query(slow, options=QueryOptions(time_limit_s=0.5))
    assert info.value.limit_s == 0.5


def test_a_read_only_remote_store_refuses_loads(remote_server, fixtures):
    with RemoteStore(remote_server.query) as store, pytest.raises(UpdateRefused, match="--update-endpoint"):
        store.load([fixtures / "extra.ttl"])


def test_a_url_that_does_not_answer_is_a_store_error():
    with pytest.raises(StoreError, match="cannot reach"):
        RemoteStore("http://127.0.0.1:9/query")


def test_a_server_that_is_not_a_sparql_endpoint_is_named(remote_server):
    root = remote_server.query.rsplit("/", 1)[0] + "/"
    with pytest.raises(StoreError, match="not a SPARQL endpoint"):
        RemoteStore(root)


def test_open_store_loads_the_data_into_an_empty_server_and_validates_there(remote_server):
    from graf.rules import validate
    from graf.store import EmbeddedStore

    settings = Settings.from_env({"sparql_endpoint": remote_server.query, "update_endpoint": remote_server.update,
                                  "update_auth": remote_server.auth}, environ={})
    remote = open_store(settings)
    local = open_store(Settings.from_env({}, environ={}))
    try:
        assert isinstance(remote, RemoteStore) and isinstance(local, EmbeddedStore)
        assert remote.graphs() == local.graphs()
        scenario = get_scenario(remote, "adjusted")
        rules = ["single-entry-point", "direct-contacts-open"]  # the topology rules (SHACL ones: slower, same path)
        assert validate(remote, scenario, rules).to_json() == validate(local, scenario, rules).to_json()
    finally:
        remote.close()
        local.close()


def test_cli_runs_on_the_remote_server(remote_mini_store, remote_server):
    done = run_graf("query", "--sparql-endpoint", remote_server.query, "--format", "csv",
                    "SELECT ?s WHERE { ?s a graf:Municipality }")
    assert done.returncode == 0, done.stderr
    assert "https://w3id.org/graf/id/kbh/kommune" in done.stdout


@pytest.mark.parametrize("url, message", [
    ("http://127.0.0.1:9/query", "cannot reach the SPARQL endpoint"),
    ("not a url", "is not an http(s) URL"),
])
def test_cli_bad_endpoints_exit_2_with_a_message(url, message):
    done = run_graf("info", "--sparql-endpoint", url)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_cli_names_a_server_that_is_not_sparql(remote_server):
    done = run_graf("info", "--sparql-endpoint", remote_server.query.rsplit("/", 1)[0] + "/")
    assert done.returncode == 2
    assert "not a SPARQL endpoint" in done.stderr and "Traceback" not in done.stderr


def test_the_http_api_runs_on_the_remote_server(remote_mini_store, remote_server):
    from api.testing import running_server

    with running_server(["--sparql-endpoint", remote_server.query]) as base:
        answer = httpx.get(base + "/sparql", params={"query": "SELECT ?s WHERE { ?s a graf:Municipality }"},
                           headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert answer.status_code == 200, answer.text
        values = [b["s"]["value"] for b in answer.json()["results"]["bindings"]]
        assert values == ["https://w3id.org/graf/id/kbh/kommune"]
        refused = httpx.post(base + "/sparql", data={"update": "CLEAR ALL"}, timeout=30)
        assert refused.status_code in (400, 401, 403)
    assert remote_mini_store.query("ASK { ?s a graf:Municipality }", options=QueryOptions(prefixes=PREFIXES)).boolean
