"""Who is central (graf.metrics): the measures agree with networkx computed here, through the library, the
CLI and the HTTP API; sampled estimates say so and stay close to the exact values."""

from __future__ import annotations

import csv
import io
import json
import random

import httpx
import networkx as nx
import pytest

from graf.metrics import metrics
from graf.network import actor_graph
from graf.scenarios import get_scenario
from graf.store import Store
from tests.conftest import run_graf

KBH = "https://w3id.org/graf/id/kbh/"


def undirected(G: nx.MultiDiGraph) -> nx.Graph:
    """The test's own reading of the analysis graph: every actor; a link per relation or not-closed channel."""
    U = nx.Graph()
    U.add_nodes_from(G)
    for u, v, d in G.edges(data=True):
        if u != v and not (d["relation"] == "channel" and d["status"] == "closed"):
            U.add_edge(u, v)
    return U


@pytest.fixture(scope="module")
def adjusted(store: Store) -> nx.MultiDiGraph:
    return actor_graph(store, get_scenario(store, "adjusted"))


def expected(G: nx.MultiDiGraph) -> dict:
    U = undirected(G)
    largest = U.subgraph(max(nx.connected_components(U), key=len))
    return {"betweenness": nx.betweenness_centrality(U), "closeness": nx.closeness_centrality(U),
            "density": nx.density(U), "diameter": nx.diameter(largest),
            "apl": nx.average_shortest_path_length(largest),
            "reach2": {v: len(nx.single_source_shortest_path_length(U, v, cutoff=2)) - 1 for v in U},
            "communities": nx.community.louvain_communities(U, seed=1), "links": U.number_of_edges()}


def test_measures_agree_with_networkx_on_the_adjusted_model(adjusted: nx.MultiDiGraph) -> None:
    got, want = metrics(adjusted), expected(adjusted)
    assert got.network.method == "exact" and got.network.samples is None
    assert got.network.actors == adjusted.number_of_nodes() and got.network.links == want["links"]
    assert got.network.density == pytest.approx(want["density"])
    assert got.network.diameter == want["diameter"]
    assert got.network.average_path_length == pytest.approx(want["apl"])
    assert got.network.communities == len(want["communities"])
    for a in got.actors:
        assert a.betweenness == pytest.approx(want["betweenness"][a.iri]), a.iri
        assert a.closeness == pytest.approx(want["closeness"][a.iri]), a.iri
        assert a.reach2 == want["reach2"][a.iri], a.iri
    members = {frozenset(c) for c in want["communities"]}
    groups: dict[int, set[str]] = {}
    for a in got.actors:
        groups.setdefault(a.community, set()).add(a.iri)
    assert {frozenset(g) for g in groups.values()} == members
    assert [a.betweenness for a in got.actors] == sorted((a.betweenness for a in got.actors), reverse=True)


def test_degrees_are_counted_per_layer_and_direction(adjusted: nx.MultiDiGraph) -> None:
    got = metrics(adjusted)
    ep = got.actor(KBH + "entry-point")
    formal_out = sum(1 for _u, _v, d in adjusted.out_edges(KBH + "entry-point", data=True) if d["layer"] == "formal")
    formal_in = sum(1 for _u, _v, d in adjusted.in_edges(KBH + "entry-point", data=True) if d["layer"] == "formal")
    assert ep.degree_out["formal"] == formal_out == 7  # to each administration
    assert ep.degree_in["formal"] == formal_in == 2  # from the group of large organisations and BL's 1st district
    assert ep.degree_in["operational"] == ep.degree_out["operational"] == 0
    group = got.actor(KBH + "de-store-almene-boligorganisationer")
    assert group.degree_out["operational"] == 7


def test_a_large_graph_is_sampled_and_says_how(adjusted: nx.MultiDiGraph) -> None:
    rnd = random.Random(3)
    G = nx.MultiDiGraph(scenario="random")
    for i in range(400):
        G.add_node(f"n{i}", label={"da": f"n{i}", "en": f"n{i}"}, kind="k")
    for j in range(1200):
        u, v = rnd.sample(range(400), 2)
        G.add_edge(f"n{u}", f"n{v}", key=str(j), layer="formal", relation="channel", status="open")
    sampled = metrics(G, exact_budget=0, sampled_budget=100 * 1200)
    exact = metrics(G)
    assert sampled.network.method == "sampled" and sampled.network.samples == 100
    assert exact.network.method == "exact"
    assert "sampled estimate from k=100 sources" in sampled.text()
    # the estimates rank the same actors on top and stay near the exact values
    top = {a.iri for a in exact.actors[:20]}
    assert len(top & {a.iri for a in sampled.actors[:20]}) >= 14
    for a in sampled.actors:
        b = exact.actor(a.iri)
        assert a.closeness == pytest.approx(b.closeness, rel=0.15)
    assert sampled.network.diameter <= exact.network.diameter
    assert sampled.network.average_path_length == pytest.approx(exact.network.average_path_length, rel=0.05)


def test_cli_json_and_csv_agree_with_networkx(store: Store, adjusted: nx.MultiDiGraph) -> None:
    want = expected(adjusted)
    out = run_graf("metrics", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["scenario"] == "adjusted" and data["network"]["method"] == "exact"
    assert {a["iri"]: a["betweenness"] for a in data["actors"]} == pytest.approx(want["betweenness"])
    rows = list(csv.DictReader(io.StringIO(run_graf("metrics", "--format", "csv", "--lang", "en").stdout)))
    assert {r["iri"]: float(r["closeness"]) for r in rows} == pytest.approx(want["closeness"], abs=1e-6)
    ep = next(r for r in rows if r["iri"] == KBH + "entry-point")
    assert ep["label"] == "Single entry point to the municipality" and ep["out_formal"] == "7"
    text = run_graf("metrics", "--scenario", "asis", "--top", "3").stdout
    assert text.startswith("scenario: asis") and "betweenness and closeness: exact" in text


@pytest.mark.parametrize(("args", "message"), [
    (["--scenario", "nope"], "unknown scenario 'nope'; valid names: adjusted, all, asis, draft"),
    (["--top", "0"], "--top must be at least 1"),
    (["--format", "xml"], "invalid choice: 'xml'"),
])
def test_cli_bad_input_is_exit_2_naming_it(args: list[str], message: str) -> None:
    out = run_graf("metrics", *args)
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr


def test_http_metrics_agree_with_networkx(graf_server: str, adjusted: nx.MultiDiGraph) -> None:
    want = expected(adjusted)
    r = httpx.get(graf_server + "/metrics", timeout=60)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    data = r.json()
    assert data["network"]["diameter"] == want["diameter"]
    assert {a["iri"]: a["closeness"] for a in data["actors"]} == pytest.approx(want["closeness"])
    r = httpx.get(graf_server + "/metrics", params={"format": "csv", "scenario": "asis"}, timeout=60)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.text.splitlines()[0].startswith("iri,label,kind,degree,in_formal,out_formal")
    for params, code in (({"format": "xml"}, "unknown_format"), ({"scenario": "nope"}, "unknown_name"),
                         ({"lang": "fr"}, "unknown_name")):
        bad = httpx.get(graf_server + "/metrics", params=params, timeout=60)
        assert bad.status_code == 400 and bad.json()["error"]["code"] == code
