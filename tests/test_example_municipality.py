"""Any municipality's model in graf's ontology works like the Copenhagen one (data/example-municipality)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graf import validate
from graf.settings import Settings
from graf.store import open_store
from tests.conftest import run_graf
from visualisations.maps import render_map

EXAMPLE = Path(__file__).parent.parent / "data" / "example-municipality"


@pytest.fixture(scope="module")
def store():
    s = open_store(Settings.from_env({"data": [EXAMPLE]}))
    yield s
    s.close()


def test_the_new_model_passes_every_rule_and_the_old_one_lacks_an_entry_point(store) -> None:
    report = validate(store)
    assert [(f.scenario, f.rule_id, f.code) for f in report.findings] == [
        ("before", "single-entry-point", "no-entry-point")]


def test_the_cli_reads_the_model_with_data(tmp_path: Path) -> None:
    info = run_graf("--data", str(EXAMPLE), "info")
    assert info.returncode == 0 and "graph/example/after" in info.stdout
    assert run_graf("--data", str(EXAMPLE), "validate", "--scenario", "after").returncode == 0
    out = tmp_path / "map.html"
    assert run_graf("--data", str(EXAMPLE), "map", "--view", "strategic", "-o", str(out)).returncode == 0
    assert "De store boligselskaber" in out.read_text(encoding="utf-8")


def test_the_map_shows_the_entry_point_of_the_new_model(store) -> None:
    html = render_map(store, view="strategic", scenario="after", lang="en")
    assert "Single entry point" in html and "Large housing associations" in html


def test_the_group_has_the_channels_and_its_member_none(store) -> None:
    from graf.network import actor_graph
    from graf.scenarios import get_scenario

    G = actor_graph(store, get_scenario(store, "after"))
    group, member = "https://w3id.org/graf/id/example/store-boligselskaber", "https://w3id.org/graf/id/example/boligselskab"
    assert G.nodes[group]["housing"] and G.nodes[member]["housing"]
    channels = [(u, v) for u, v, d in G.edges(data=True) if d["relation"] == "channel"]
    assert {u for u, _v in channels} == {group, "https://w3id.org/graf/id/example/indgang"}
    assert all(member not in (u, v) for u, v in channels)


def test_the_example_shows_a_derived_reading_and_an_imprecise_date_and_its_quotes_check_out() -> None:
    import json

    audit = json.loads(run_graf("--data", str(EXAMPLE), "audit", "--format", "json").stdout)
    assert audit["ok"] and audit["quotes"]["checked"] == audit["quotes"]["found"] == 2
    assert "graf offers a reading" in audit["open_questions"][0]["question"]
    timeline = json.loads(run_graf("--data", str(EXAMPLE), "timeline", "--format", "json").stdout)
    assert timeline[0]["when"]["precision"] == "month" and timeline[0]["when"]["text"]["en"] == \
        "late March 2024 (2024-03)"
    rows = run_graf("--data", str(EXAMPLE), "query", "entry-point", "--format", "csv").stdout
    assert "Partnerskabsforum,derived" in rows


def test_a_scenario_declared_on_another_iri_than_its_graph_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.trig"
    text = (EXAMPLE / "model.trig").read_text(encoding="utf-8")
    broken.write_text(text.replace("exg:after a graf:OrganisationModel", "ex:after-model a graf:OrganisationModel")
                      , encoding="utf-8")
    proc = run_graf("--data", str(broken), "validate")
    assert proc.returncode == 2
    assert "no named graph holds the data of scenario 'after'" in proc.stderr
    assert "Traceback" not in proc.stderr
