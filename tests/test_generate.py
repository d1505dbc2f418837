"""`graf generate`: a deterministic, clearly synthetic national model whose injected violations the rules find."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import run_graf

from graf.generate import SYN, SYN_GRAPH, VIOLATIONS_FILE, generate, write
from graf.scenarios import list_scenarios
from graf.store import EmbeddedStore, QueryOptions

GRAF = "https://w3id.org/graf/def#"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    write(generate(0.01, seed=7, violations=0.05), folder)
    return folder


@pytest.fixture(scope="module")
def synthetic_store(generated: Path):
    store = EmbeddedStore()
    store.load_ontology()
    store.load([generated / "synthetic.trig"])
    yield store
    store.close()


def test_the_same_seed_gives_the_same_bytes_and_another_seed_does_not(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write(generate(0.01, seed=3, violations=0.05), a)
    write(generate(0.01, seed=3, violations=0.05), b)
    write(generate(0.01, seed=4, violations=0.05), c)
    for name in ("synthetic.trig", VIOLATIONS_FILE):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    assert (a / "synthetic.trig").read_bytes() != (c / "synthetic.trig").read_bytes()


def test_sizes_follow_the_national_figures():
    small = generate(0.01)
    assert small.counts["municipalities"] == 1 and small.counts["estates"] == 71
    assert 5_000 < small.triples < 15_000
    tenth = generate(0.1)
    assert tenth.counts == {"municipalities": 10, "housing_organisations": 56, "estates": 708, "bl_districts": 1,
                            "administrations": tenth.counts["administrations"], "scenarios": 20}
    assert 60_000 < tenth.triples < 120_000


def test_the_data_is_marked_synthetic_in_its_own_namespace(synthetic_store):
    subjects = synthetic_store.query("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } "
                                     "FILTER(?g != <https://w3id.org/graf/graph/ontology>) }",
                                     options=QueryOptions(max_rows=100_000))
    assert all(r["s"].value.startswith(SYN) or r["s"].value.startswith(SYN_GRAPH) for r in subjects.records())
    graphs = {g.name for g in synthetic_store.graphs() if g.name and g.name.startswith(SYN_GRAPH)}
    marked = {r["g"].value for r in synthetic_store.query(f"SELECT ?g WHERE {{ ?g <{GRAF}isSynthetic> true }}",
                                                          options=QueryOptions(max_rows=10_000)).records()}
    assert graphs <= marked and f"{SYN}dataset" in marked


def test_every_estate_is_in_one_municipality_and_one_organisation(synthetic_store):
    rows = synthetic_store.query("""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?e (COUNT(DISTINCT ?m) AS ?nm) (COUNT(DISTINCT ?ho) AS ?nh) WHERE {
          ?e a <https://w3id.org/graf/def#Estate> , org:Organization .
          OPTIONAL { ?e dct:spatial ?m . ?m a <https://w3id.org/graf/def#Municipality> }
          OPTIONAL { ?e org:subOrganizationOf ?ho . ?ho a <https://w3id.org/graf/def#HousingOrganisation> }
        } GROUP BY ?e""", options=QueryOptions(max_rows=100_000)).records()
    assert len(rows) == 71
    assert all(r["nm"].value == "1" and r["nh"].value == "1" for r in rows)


def test_scenarios_follow_the_copenhagen_pattern(synthetic_store):
    scenarios = {s.name: s for s in list_scenarios(synthetic_store)}
    assert set(scenarios) == {"m001-asis", "m001-adjusted"}
    adjusted = scenarios["m001-adjusted"]
    assert adjusted.preceded_by == "m001-asis"
    assert f"{SYN_GRAPH}m001/reform" in adjusted.graphs and f"{SYN_GRAPH}m001/base" in adjusted.graphs
    assert f"{SYN_GRAPH}m001/reform" not in scenarios["m001-asis"].graphs


def test_the_rules_find_exactly_the_injected_violations(generated, synthetic_store):
    from graf.rules import validate

    truth = json.loads((generated / VIOLATIONS_FILE).read_text(encoding="utf-8"))
    assert truth["synthetic"] is True
    kinds = {(v["rule_id"], v["code"]) for v in truth["injected"]}
    assert {"single-entry-point", "direct-contacts-open", "chairmanship", "integrity"} == {k[0] for k in kinds}
    expected = {(v["rule_id"], s, tuple(sorted(v["witness"]))) for v in truth["injected"] for s in v["scenarios"]}
    baseline = {(b["rule_id"], b["scenario"]) for b in truth["baseline"]}
    found = {(f.rule_id, f.scenario, tuple(sorted(f.witness)))
             for f in validate(synthetic_store).findings if f.severity == "violation"}
    assert expected <= found  # recall 1.0
    assert {(r, s) for r, s, _w in found - expected} == baseline  # precision: nothing else but the baseline


def test_cli_generate_writes_the_data_and_the_list(tmp_path):
    done = run_graf("generate", "--scale", "0.01", "--seed", "2", "--violations", "0.01", "--format", "nq",
                    "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    quads = list(ox.parse(path=str(tmp_path / "out" / "synthetic.nq"), format=ox.RdfFormat.N_QUADS))
    assert len(quads) > 5000
    assert json.loads((tmp_path / "out" / VIOLATIONS_FILE).read_text(encoding="utf-8"))["injected"]


@pytest.mark.parametrize("args, message", [
    (["--scale", "0"], "--scale must be above 0"),
    (["--scale", "0.01", "--violations", "2"], "--violations must be a fraction"),
])
def test_cli_generate_refuses_bad_numbers(tmp_path, args, message):
    done = run_graf("generate", *args, "-o", str(tmp_path / "out"))
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_cli_generate_refuses_a_file_as_output_folder(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    done = run_graf("generate", "-o", str(target))
    assert done.returncode == 2 and "is a file" in done.stderr
