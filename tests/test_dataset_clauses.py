"""FROM and FROM NAMED define a query's dataset; without them the default graph is the union of all graphs."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from api.testing import running_server

BASE = "https://w3id.org/graf/graph/kbh/base"
REFORM = "https://w3id.org/graf/graph/kbh/reform"


def count(store, text: str) -> int:
    return int(store.query(text).records()[0]["n"].value)


def test_from_makes_the_named_graph_the_default_graph(store) -> None:
    everything = count(store, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    base = count(store, f"SELECT (COUNT(*) AS ?n) FROM <{BASE}> {{ ?s ?p ?o }}")
    in_graph = count(store, f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{BASE}> {{ ?s ?p ?o }} }}")
    assert base == in_graph < everything


def test_from_named_limits_the_graphs_graph_can_see(store) -> None:
    rows = store.query(f"SELECT DISTINCT ?g FROM NAMED <{REFORM}> {{ GRAPH ?g {{ ?s ?p ?o }} }}").records()
    assert [r["g"].value for r in rows] == [REFORM]


def test_from_an_unknown_iri_is_an_empty_graph_and_fetches_nothing(store) -> None:
    assert count(store, "SELECT (COUNT(*) AS ?n) FROM <http://example.org/remote.ttl> { ?s ?p ?o }") == 0


def test_a_variable_called_from_is_not_a_dataset_clause(store) -> None:
    assert count(store, "SELECT (COUNT(?from) AS ?n) { ?from ?p ?o }") > 8000


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_server() as url:
        yield url


def test_the_http_endpoint_honours_from(base_url: str) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{BASE}> {{ ?s ?p ?o }}"
    r = httpx.get(base_url + "/sparql", params={"query": query}, headers={"Accept": "text/csv"}, timeout=60)
    assert r.status_code == 200
    n = int(r.text.split()[1])
    everything = httpx.get(base_url + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
                           headers={"Accept": "text/csv"}, timeout=60)
    assert 0 < n < int(everything.text.split()[1])
