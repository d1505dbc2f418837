"""Each rule on tiny fixtures (tests/fixtures/rules): a valid model and one broken variant per rule."""

from __future__ import annotations

import pytest

from graf.report import Report
from graf.rules import validate

FX = "https://example.org/fx/"


def fx(name: str) -> str:
    return FX + name


def codes(report: Report, scenario: str, rule: str | None = None) -> list[tuple[str, str]]:
    return [(f.severity, f.code) for f in report.findings_for(scenario, rule)]


def one(report: Report, scenario: str, code: str):
    found = [f for f in report.findings_for(scenario) if f.code == code]
    assert len(found) == 1, [(f.code, f.witness) for f in report.findings_for(scenario)]
    return found[0]


def test_the_valid_model_passes_every_rule(rules_report):
    assert rules_report.findings_for("after") == []
    assert all(o.passed for o in rules_report.outcomes if o.scenario == "after")


def test_each_scenario_is_validated_on_its_own(rules_report):
    # the union of all fixture scenarios has two entry points and bypasses; no scenario sees them
    assert sorted(rules_report.scenarios) == ["after", "before", "chair-broken", "direct-lost", "entry-bypass",
                                              "entry-two", "entry-unreached", "integrity-broken"]
    assert codes(rules_report, "after") == []


def test_no_entry_point_before_the_reform(rules_report):
    assert codes(rules_report, "before") == [("violation", "no-entry-point")]
    f = one(rules_report, "before", "no-entry-point")
    assert f.rule_id == "single-entry-point"
    assert f.nodes == (fx("kommune"),) and f.label(fx("kommune"), "en") == "Example Municipality"
    assert "én indgang til kommunen" in f.source


def test_two_entry_points(rules_report):
    f = one(rules_report, "entry-two", "several-entry-points")
    assert f.severity == "violation" and f.witness == (fx("ep"), fx("ep-2"))
    assert "Second entry point" in f.message


def test_a_way_around_the_entry_point_is_one_finding_with_the_whole_path(rules_report):
    # group 1 -> 1st district (an intermediary) -> Committee A: the bypass is the path, reported once, at the
    # channel that leaves the housing side; the channel to the district is not a bypass on its own
    assert codes(rules_report, "entry-bypass") == [("violation", "formal-path-bypass")]
    path = one(rules_report, "entry-bypass", "formal-path-bypass")
    assert path.rule_id == "single-entry-point"
    assert path.focus == (fx("group-1"), fx("kreds"))
    assert path.witness == (fx("group-1"), fx("kreds"), fx("udvalg-a"))
    assert path.edges == (fx("ch-bypass-1"), fx("ch-bypass-2"))
    assert "Housing group 1 -> 1st district -> Committee A" in path.message
    assert path.messages["da"].endswith("Boliggruppe 1 -> 1. kreds -> Udvalg A")
    assert path.detail["target"] == fx("udvalg-a") and path.detail["further"] == "0"
    assert path.remediation["en"].startswith("Break the way around the entry point")


def test_entry_point_not_reaching_an_administration_is_a_warning(rules_report):
    assert codes(rules_report, "entry-unreached") == [("warning", "entry-point-unreached")]
    f = one(rules_report, "entry-unreached", "entry-point-unreached")
    assert f.witness == (fx("ep"), fx("adm-b"))
    outcome = next(o for o in rules_report.outcomes
                   if o.scenario == "entry-unreached" and o.rule_id == "single-entry-point")
    assert outcome.passed and outcome.warnings == 1


def test_lost_closed_unknown_and_indirect_direct_contacts(rules_report):
    assert codes(rules_report, "direct-lost", "direct-contacts-open") == [
        ("violation", "channel-lost"), ("violation", "channel-lost"), ("violation", "channel-lost"),
        ("violation", "indirect-operational"), ("violation", "not-resilient"), ("violation", "not-resilient"),
        ("violation", "not-resilient"), ("warning", "status-unknown")]
    lost = [f for f in rules_report.findings_for("direct-lost") if f.code == "channel-lost"]
    assert [f.witness for f in lost] == [(fx("group-1"), fx("adm-a")), (fx("group-1"), fx("adm-b")),
                                         (fx("ho-2"), fx("adm-b"))]
    assert lost[0].detail["status"] == "closed" and fx("ch-before-1a") in lost[0].edges
    assert lost[1].detail["status"] == "missing" and lost[1].edges == (fx("ch-before-1b"),)
    # an operational channel via an intermediary is not direct: the direct contact is lost
    assert lost[2].detail["status"] == "indirect" and "only routed via an intermediary" in lost[2].message
    unknown = one(rules_report, "direct-lost", "status-unknown")
    assert unknown.witness == (fx("ho-2"), fx("adm-a")) and "cannot be verified: status unknown" in unknown.message
    via = one(rules_report, "direct-lost", "indirect-operational")
    assert via.witness == (fx("ho-2"), fx("ep"), fx("adm-b")) and via.edges == (fx("ch-lost-2b"),)
    assert via.focus == (fx("ch-lost-2b"),)


def test_resilience_witness_is_a_minimum_cut(rules_report):
    # group 1 lost its direct contacts: it reaches each administration only through the entry point
    cuts = [f for f in rules_report.findings_for("direct-lost") if f.code == "not-resilient"]
    assert [(f.focus, f.witness, f.edges) for f in cuts] == [
        ((fx("group-1"), fx("adm-a")), (fx("group-1"), fx("ep"), fx("adm-a")), ()),
        ((fx("group-1"), fx("adm-b")), (fx("group-1"), fx("ep"), fx("adm-b")), ()),
        # the operational channel via the entry point passes through it: no second route
        ((fx("ho-2"), fx("adm-b")), (fx("ho-2"), fx("ep"), fx("adm-b")), ())]
    assert all(f.detail["cut"] == fx("ep") and f.detail["resilience"] == "1" for f in cuts)
    assert "only through Entry point" in cuts[0].message
    # Housing 2 - Administration A: its direct channel's status is unknown; that is said once (status-unknown)
    assert [f.code for f in rules_report.findings_for("direct-lost") if f.focus == (fx("ho-2"), fx("adm-a"))] == [
        "status-unknown"]


def test_chairmanship_breaks(rules_report):
    assert codes(rules_report, "chair-broken") == [
        ("violation", "delegation-not-co-chair"), ("violation", "delegation-not-lord-mayor"),
        ("violation", "duplicate-chair-seat"), ("violation", "missing-chair-seat"),
        ("violation", "too-many-chair-seats")]
    missing = one(rules_report, "chair-broken", "missing-chair-seat")
    assert missing.rule_id == "chairmanship"
    assert missing.witness == (fx("forum-2"), fx("post-b"))
    assert f"{fx('forum-2')}|https://w3id.org/graf/def#coChairPost|{fx('post-b')}" in missing.edges
    assert missing.messages["en"] == "The forum Forum 2 has no chair seat held ex officio by Mayor B"
    assert missing.messages["da"] == "Forummet Forum 2 mangler en formandspost i kraft af Borgmester B"
    assert one(rules_report, "chair-broken", "duplicate-chair-seat").witness == (fx("forum"), fx("post-lm"))
    assert one(rules_report, "chair-broken", "delegation-not-co-chair").witness == (fx("seat-2-lm"), fx("post-b"))
    assert one(rules_report, "chair-broken", "delegation-not-lord-mayor").witness[0] == fx("seat-b")
    assert one(rules_report, "chair-broken", "too-many-chair-seats").witness == (fx("forum"),)
    assert "formandskab bestående af overborgmesteren og Teknik- og Miljøborgmesteren" in missing.source


def test_integrity_breaks(rules_report):
    assert codes(rules_report, "integrity-broken", "integrity") == [
        ("violation", "channel-status"), ("violation", "committee-oversees"), ("violation", "group-member"),
        ("violation", "label-en"), ("violation", "mayor-post"), ("violation", "orphan-actor"),
        ("violation", "timeline"), ("warning", "unsourced-statement")]
    assert one(rules_report, "integrity-broken", "group-member").detail["value"] == fx("person-x")
    assert one(rules_report, "integrity-broken", "orphan-actor").nodes == (fx("ho-orphan"),)
    assert one(rules_report, "integrity-broken", "mayor-post").nodes == (fx("adm-c"),)
    assert one(rules_report, "integrity-broken", "committee-oversees").nodes == (fx("udvalg-b"),)
    assert one(rules_report, "integrity-broken", "label-en").nodes == (fx("io-2"),)
    status = one(rules_report, "integrity-broken", "channel-status")
    assert status.edges == (fx("ch-nostatus"),) and status.detail["path"] == "https://w3id.org/graf/def#channelStatus"
    timeline = one(rules_report, "integrity-broken", "timeline")
    assert timeline.witness == (fx("ev-decision"), fx("ev-early"))
    assert "2010-01-05" in timeline.message and "2010-01-21" in timeline.message
    unsourced = one(rules_report, "integrity-broken", "unsourced-statement")  # one finding, naming every subject
    assert set(unsourced.nodes) | set(unsourced.edges) == {
        fx("adm-c"), fx("ch-nostatus"), fx("group-1"), fx("ho-orphan"), fx("io-2"), fx("person-x"), fx("udvalg-b")}
    assert set(unsourced.edges) == {fx("ch-nostatus")}  # a channel is an edge on the map, not a node
    assert "data convention" in unsourced.source


def test_fuzzy_dates_compare_on_the_days_they_can_mean(rules_report):
    # "Meeting in January" (2010-01) follows a decision of 2010-01-21: possible, so no finding
    assert not [f for f in rules_report.findings if f.code == "timeline" and fx("ev-meeting") in f.witness]


def test_findings_carry_labels_for_every_iri_they_name(rules_report):
    for f in rules_report.findings:
        for iri in (*f.nodes, *f.witness):
            assert set(f.labels[iri]) >= {"da", "en"}


def test_rule_selection_and_single_scenario(rules_store):
    r = validate(rules_store, scenario="entry-bypass", rules=["single-entry-point"])
    assert sorted(r.scenarios) == ["entry-bypass"]
    assert {o.rule_id for o in r.outcomes} == {"single-entry-point"}
    assert not r.conforms


def test_unknown_rule_and_scenario_name_the_valid_ones(rules_store):
    from graf.errors import UnknownNameError

    with pytest.raises(UnknownNameError, match="single-entry-point"):
        validate(rules_store, rules=["nope"])
    with pytest.raises(UnknownNameError, match="entry-bypass"):
        validate(rules_store, scenario="nope")


def test_a_group_is_a_housing_side_actor_whose_members_get_none_of_its_findings(rules_report):
    # fixtures/rules/model.trig: the channels of "Housing group 1" are the group's; its two members have none
    assert one(rules_report, "entry-bypass", "formal-path-bypass").witness[0] == fx("group-1")
    cuts = [f for f in rules_report.findings_for("direct-lost") if f.code == "not-resilient"]
    assert cuts[0].witness[0] == fx("group-1")
    members = {fx("member-1a"), fx("member-1b")}
    assert not [f for f in rules_report.findings if members & {*f.nodes, *f.witness}]
