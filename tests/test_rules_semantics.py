"""The exact semantics of the structural rules: for each point a scenario that breaks it (right rule, code,
focus and witness) and a near miss that must pass (tests/fixtures/semantics), on both SHACL engines."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graf.report import Finding, Report
from graf.rules import validate
from graf.scenarios import list_scenarios
from graf.settings import Settings
from graf.store import Store, open_store

FIXTURES = Path(__file__).parent / "fixtures"
FX = "https://example.org/fx/"
NEAR_MISSES = ["dates-ok", "reachable-one", "intermediary-ok", "via-ok", "planned-ok", "resilience-2-ok"]


def fx(*names: str) -> tuple[str, ...]:
    return tuple(FX + n for n in names)


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    data = [FIXTURES / "rules" / "model.trig", FIXTURES / "semantics"]
    s = open_store(Settings.from_env({"data": data}, environ={}))
    yield s
    s.close()


@pytest.fixture(scope="module", params=["sparql", "pyshacl"])
def report(request: pytest.FixtureRequest, store: Store) -> Report:
    return validate(store, shacl_engine=request.param)


def only(report: Report, scenario: str) -> Finding:
    found = report.findings_for(scenario)
    assert len(found) == 1, [(f.rule_id, f.code, f.focus) for f in found]
    return found[0]


def test_the_two_shacl_engines_give_the_same_report(store: Store) -> None:
    assert validate(store, shacl_engine="sparql").to_json() == validate(store, shacl_engine="pyshacl").to_json()


@pytest.mark.parametrize("scenario", NEAR_MISSES)
def test_near_misses_pass_every_rule(report: Report, scenario: str) -> None:
    assert report.findings_for(scenario) == []


def test_an_interval_that_begins_after_it_ends_is_out_of_order(report: Report) -> None:
    found = {f.focus: f for f in report.findings_for("dates-broken")}
    assert set(found) == {fx("membership-1a"), fx("ch-after-1a")}
    membership, channel = found[fx("membership-1a")], found[fx("ch-after-1a")]
    assert (membership.rule_id, membership.code, membership.severity) == ("integrity", "interval-order", "violation")
    assert membership.witness == fx("membership-1a")
    assert membership.detail == {"interval": FX + "membership-1a-time", "begin": "2011-01-01",
                                 "end": "2010-06-01..2010-06-30"}
    # a channel's validity is an edge on the map: the finding names the channel as one
    assert channel.code == "interval-order" and channel.edges == fx("ch-after-1a")
    assert "begins (2010-05-01..2010-05-31) after it ends (2010-04-30)" in channel.message


def test_no_housing_side_actor_reaching_the_entry_point_is_no_working_entry_point(report: Report) -> None:
    f = only(report, "unreachable")
    assert (f.rule_id, f.code, f.severity) == ("single-entry-point", "entry-point-unreachable", "violation")
    assert f.focus == fx("sep") and f.witness == fx("sep")
    assert set(f.nodes) == set(fx("group-1", "ho-2", "sep"))  # the actors that cannot reach it
    assert f.edges == fx("ch-u-1", "ch-u-2")  # the closed and the planned channel into it
    assert "2 cannot: Housing group 1, Housing 2" in f.message


def test_a_channel_to_an_intermediary_is_a_bypass_only_when_it_leads_around_the_entry_point(report: Report) -> None:
    f = only(report, "intermediary-bypass")
    assert (f.rule_id, f.code) == ("single-entry-point", "formal-path-bypass")
    assert f.focus == fx("group-1", "io")
    assert f.witness == fx("group-1", "io", "kreds", "adm-b")  # the whole path
    assert f.edges == fx("ch-i-1", "ch-i-2", "ch-i-3")
    assert f.detail["further"] == "1" and "1 further municipal unit(s) reachable through it" in f.message


def test_a_formal_channel_via_an_intermediary_passes_through_it(report: Report) -> None:
    f = only(report, "via-bypass")
    assert (f.code, f.focus) == ("formal-path-bypass", fx("ho-2", "kreds"))
    assert f.witness == fx("ho-2", "kreds", "adm-b") and f.edges == fx("ch-v-2")


def test_a_planned_channel_that_would_bypass_is_an_info_not_a_violation(report: Report) -> None:
    f = only(report, "planned-bypass")
    assert (f.rule_id, f.code, f.severity) == ("single-entry-point", "planned-bypass", "info")
    assert f.focus == fx("group-1", "adm-a") and f.witness == fx("group-1", "adm-a")
    assert f.detail["planned"] == FX + "ch-p-1"
    assert next(o for o in report.outcomes if o.scenario == "planned-bypass" and o.rule_id == f.rule_id).passed


def test_resilience_k_is_a_parameter_of_the_model_with_a_minimum_cut_as_witness(report: Report) -> None:
    found = report.findings_for("resilience-2")
    assert [(f.code, f.focus) for f in found] == [
        ("not-resilient", fx("group-1", "adm-a")), ("not-resilient", fx("group-1", "adm-b")),
        ("not-resilient", fx("ho-2", "adm-a")), ("not-resilient", fx("ho-2", "adm-b"))]
    f = found[0]
    # two routes (direct, and through the entry point); a cut of two elements: the entry point and the channel
    assert f.witness == fx("group-1", "ep", "adm-a") and f.edges == fx("ch-after-1a")
    assert f.detail["resilience"] == "2" and f.detail["cut"] == " ".join(fx("ep", "ch-after-1a"))
    assert "losing 2 actor(s) or channel(s)" in f.message


def test_a_route_of_unknown_status_makes_resilience_unverified(report: Report) -> None:
    found = {f.code: f for f in report.findings_for("resilience-unknown")}
    assert set(found) == {"channel-lost", "resilience-unverified"}
    f = found["resilience-unverified"]
    assert (f.severity, f.focus, f.witness) == ("warning", fx("ho-2", "adm-a"), fx("ho-2", "ep", "adm-a"))
    assert "cannot be verified" in f.message and "hang on Entry point" in f.message


def test_a_resilience_that_is_not_a_whole_number_is_an_integrity_violation(report: Report) -> None:
    f = only(report, "resilience-bad")
    assert (f.rule_id, f.code) == ("integrity", "resilience-parameter")
    assert f.focus == (FX + "graph/resilience-bad",)


def test_every_finding_says_what_to_do_in_both_languages(report: Report) -> None:
    assert report.findings
    for f in report.findings:
        assert f.remediation["da"] and f.remediation["en"] and f.remediation["da"] != f.remediation["en"]


def test_a_deep_chain_with_one_bypass_gives_one_finding_per_way_in_with_bounded_witnesses(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
    from bench_rules import chain_model  # the hostile shape of the benchmark, smaller

    path = tmp_path / "chain.trig"
    path.write_text(chain_model(1500, 300), encoding="utf-8")
    s = open_store(Settings.from_env({"data": [path]}, environ={}))
    try:
        found = validate(s, rules=["single-entry-point"], max_witness=50).findings
    finally:
        s.close()
    assert [(f.code, f.focus) for f in found] == [
        ("formal-channel-bypass", ("https://example.org/hostile/ho1", "https://example.org/hostile/u1")),
        ("formal-path-bypass", ("https://example.org/hostile/ho2", "https://example.org/hostile/i0"))]
    into_chain, long_way = found
    assert into_chain.detail["further"] == "1498" and "1,498 further municipal unit(s)" in into_chain.message
    assert len(long_way.witness) == 50 and long_way.detail["witness_length"] == "302"
    assert "(witness cut: the first 50 of 302 nodes are shown)" in long_way.message
    assert "de første 50 af 302 knuder vises" in long_way.messages["da"]
    assert long_way.detail["target"] == "https://example.org/hostile/u0" and long_way.detail["further"] == "0"


def test_an_on_disk_store_gives_the_same_report_as_memory(store: Store, tmp_path: Path) -> None:
    # on disk, each group of scenarios (a scenario and the one it is compared with) is read into memory first
    from graf.rules import local

    data = [FIXTURES / "rules" / "model.trig", FIXTURES / "semantics"]
    on_disk = open_store(Settings.from_env({"data": data, "store_dir": tmp_path / "store"}, environ={}))
    try:
        assert local.on_disk(on_disk) and not local.on_disk(store)
        groups = local.groups(list_scenarios(on_disk), list_scenarios(on_disk))
        together = next(g for g in groups if "before" in [sc.name for sc in g])
        assert {"after", "resilience-2", "resilience-2-ok"} <= {sc.name for sc in together}
        assert ["dates-ok"] in [[sc.name for sc in g] for g in groups]  # compared with nothing: alone
        assert validate(on_disk).to_json() == validate(store).to_json()
    finally:
        on_disk.close()


def test_a_sourced_model_on_disk_reads_its_citations_from_the_store(tmp_path: Path) -> None:
    # on disk the in-memory copy holds the facts only; the confidence of findings and the unsourced-statement
    # check read the reified statements from the store itself, so the report is the one made in memory
    root = Path(__file__).resolve().parent.parent
    uncited = tmp_path / "uncited.trig"
    channel = "https://w3id.org/graf/id/kbh/channel/asis/operational/de-store-almene-boligorganisationer--socialforvaltningen"
    uncited.write_text(f"<https://w3id.org/graf/graph/kbh/asis> {{ <{channel}> "
                       "<http://www.w3.org/2004/02/skos/core#note> \"not in the memo\"@en . }\n")
    data = [root / "data" / "copenhagen-2010", uncited]
    memory = open_store(Settings.from_env({"data": data}, environ={}))
    on_disk = open_store(Settings.from_env({"data": data, "store_dir": tmp_path / "store"}, environ={}))
    try:
        expected = validate(memory)
        assert validate(on_disk).to_json() == expected.to_json()
    finally:
        memory.close()
        on_disk.close()
    confidences = {f.confidence for f in expected.findings}
    assert {"derived", "external"} <= confidences  # read from graf:citation statements
    unsourced = [f for f in expected.findings if f.code == "unsourced-statement"]
    assert [f.scenario for f in unsourced] == ["asis"] and unsourced[0].detail["subjects"] == channel
