"""The Store protocol, run twice: on the embedded store and on a real Oxigraph server (RemoteStore).

The server is started by the ``oxigraph_server`` fixture (tests/conftest.py) on 127.0.0.1 with a
temporary folder and stopped after the session.
"""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest
from conftest import run_graf

from graf.errors import GrafError, LoadError, QueryError, QueryTimeout, StoreError, UpdateRefused
from graf.network import actor_graph
from graf.remote import RemoteStore
from graf.scenarios import get_scenario, list_scenarios
from graf.settings import Settings
from graf.sparql import PREFIXES
from graf.store import QueryOptions, Store, open_store

MINI = "https://w3id.org/graf/graph/mini"
LABELS = "SELECT ?s ?label WHERE { ?s skos:prefLabel ?label } ORDER BY ?s ?label"


@pytest.fixture(params=["embedded", "remote"])
def store(request: pytest.FixtureRequest) -> Store:
    """The mini dataset, once in the embedded store and once on the Oxigraph server."""
    name = "mini_store" if request.param == "embedded" else "remote_mini_store"
    return request.getfixturevalue(name)


def _plain(result) -> list[dict[str, str]]:
    return [{k: str(v) for k, v in rec.items()} for rec in result.records()]


def test_remote_store_implements_the_store_protocol(remote_store):
    assert isinstance(remote_store, Store)


def test_select_gives_the_same_rows_and_terms(store, mini_store):
    result = store.query(LABELS, options=QueryOptions(prefixes=PREFIXES))
    assert result.form == "SELECT" and result.variables == ["s", "label"]
    assert _plain(result) == _plain(mini_store.query(LABELS, options=QueryOptions(prefixes=PREFIXES)))
    labels = {(r["label"].value, r["label"].language) for r in result.records()}
    assert ("direkte kontakt æøå", "da") in labels


def test_unbound_values_numbers_and_blank_nodes_come_back_as_terms(store):
    text = ('SELECT ?n ?missing ?b ?t WHERE { BIND(42 AS ?n) BIND(BNODE() AS ?b) '
            'BIND("a\\tb\\nc \\"q\\"" AS ?t) OPTIONAL { ?x <urn:none> ?missing } }')
    rec = store.query(text).records()[0]
    assert "missing" not in rec
    assert rec["n"] == ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    assert isinstance(rec["b"], ox.BlankNode)
    assert rec["t"].value == 'a\tb\nc "q"'


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
    assert set(ox.parse(exported, format=ox.RdfFormat.N_QUADS)) == set(mini_store._store)
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
    assert {g.name: g.triples for g in store.graphs()}["urn:graf:empty"] == 0


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


def test_a_slow_remote_query_is_stopped_at_the_time_limit(remote_store):
    values = " ".join(f"<urn:x{i}>" for i in range(250))  # about 2.5 s of work
    slow = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} " \
           f"VALUES ?c {{ {values} }} }}"
    with pytest.raises(QueryTimeout) as info:  # the client stops reading at the limit
        remote_store.query(slow, options=QueryOptions(time_limit_s=0.5))
    assert info.value.limit_s == 0.5


def test_a_read_only_remote_store_refuses_loads(oxigraph_server, fixtures):
    with RemoteStore(oxigraph_server + "/query") as store, pytest.raises(UpdateRefused, match="--update-endpoint"):
        store.load([fixtures / "extra.ttl"])


def test_a_url_that_does_not_answer_is_a_store_error():
    with pytest.raises(StoreError, match="cannot reach"):
        RemoteStore("http://127.0.0.1:9/query")


def test_a_server_that_is_not_a_sparql_endpoint_is_named(oxigraph_server):
    with pytest.raises(StoreError, match="not a SPARQL endpoint"):
        RemoteStore(oxigraph_server + "/")


def test_open_store_loads_the_data_into_an_empty_server_and_validates_there(remote_store, oxigraph_server):
    from graf.rules import validate
    from graf.store import EmbeddedStore

    settings = Settings.from_env({"sparql_endpoint": oxigraph_server + "/query",
                                  "update_endpoint": oxigraph_server + "/update"}, environ={})
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


def test_cli_runs_on_the_remote_server(remote_mini_store, oxigraph_server):
    done = run_graf("query", "--sparql-endpoint", oxigraph_server + "/query", "--format", "csv",
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


def test_cli_names_a_server_that_is_not_sparql(oxigraph_server):
    done = run_graf("info", "--sparql-endpoint", oxigraph_server + "/")
    assert done.returncode == 2
    assert "not a SPARQL endpoint" in done.stderr and "Traceback" not in done.stderr


def test_the_server_is_really_there(oxigraph_server):
    assert httpx.get(oxigraph_server + "/").status_code == 200


def test_the_http_api_runs_on_the_remote_server(remote_mini_store, oxigraph_server):
    from api.testing import running_server

    with running_server(["--sparql-endpoint", oxigraph_server + "/query"]) as base:
        answer = httpx.get(base + "/sparql", params={"query": "SELECT ?s WHERE { ?s a graf:Municipality }"},
                           headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert answer.status_code == 200, answer.text
        values = [b["s"]["value"] for b in answer.json()["results"]["bindings"]]
        assert values == ["https://w3id.org/graf/id/kbh/kommune"]
        refused = httpx.post(base + "/sparql", data={"update": "CLEAR ALL"}, timeout=30)
        assert refused.status_code in (400, 401, 403)
    assert remote_mini_store.query("ASK { ?s a graf:Municipality }", options=QueryOptions(prefixes=PREFIXES)).boolean
