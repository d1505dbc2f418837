"""The Report object: public entry point, ids usable by maps, and the four formats."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import rdflib

import graf
from graf.network import actor_graph
from graf.report import Report
from graf.scenarios import list_scenarios


def test_public_validate_returns_a_report(rules_report):
    assert isinstance(rules_report, Report)
    assert rules_report.conforms is False
    assert {o.rule_id for o in rules_report.outcomes} == {"chairmanship", "direct-contacts-open", "integrity",
                                                          "single-entry-point"}


def test_conforms_ignores_warnings(rules_store):
    r = graf.validate(rules_store, scenario="entry-unreached", rules=["single-entry-point"])
    assert [f.severity for f in r.findings] == ["warning"] and r.conforms


def test_node_and_edge_ids_are_actor_graph_keys(rules_store, rules_report):
    scenarios = {s.name: s for s in list_scenarios(rules_store)}
    graphs = {name: actor_graph(rules_store, sc) for name, sc in scenarios.items()}
    for f in rules_report.findings:
        G = graphs[f.scenario]
        earlier = scenarios[f.scenario].preceded_by
        keys = {k for _u, _v, k in G.edges(keys=True)}
        if earlier:
            keys |= {k for _u, _v, k in graphs[earlier].edges(keys=True)}
        assert set(f.nodes) <= set(G.nodes), (f.code, f.nodes)
        assert set(f.edges) <= keys, (f.code, f.edges)


def test_findings_are_sorted_and_every_format_is_deterministic(rules_store, rules_report):
    again = graf.validate(rules_store)
    assert [f.sort_key() for f in rules_report.findings] == sorted(f.sort_key() for f in rules_report.findings)
    assert again.to_json() == rules_report.to_json()
    assert again.to_text("da") == rules_report.to_text("da")
    assert again.to_junit() == rules_report.to_junit()


def test_text_report_in_danish_and_english(rules_report):
    da, en = rules_report.to_text("da"), rules_report.to_text("en")
    assert "FEJL  chairmanship" in da and "Resultat: regler brudt" in da
    assert "FAIL  chairmanship" in en and "Result: does not conform" in en
    assert "Forummet Forum 2 mangler en formandspost i kraft af Borgmester B" in da
    assert "The forum Forum 2 has no chair seat held ex officio by Mayor B" in en
    assert "      - Borgmester B <https://example.org/fx/post-b>" in da


def test_json_has_findings_outcomes_and_rules(rules_report):
    data = json.loads(rules_report.to_json())
    assert data["conforms"] is False
    assert {r["id"] for r in data["rules"]} >= {"single-entry-point", "chairmanship"}
    f = next(x for x in data["findings"] if x["code"] == "formal-path-bypass")
    assert f["witness"] == ["https://example.org/fx/group-1", "https://example.org/fx/kreds",
                            "https://example.org/fx/udvalg-a"]
    assert f["labels"]["https://example.org/fx/kreds"] == {"da": "1. kreds", "en": "1st district"}
    assert f["message"] == f["messages"]["en"]


def test_turtle_shacl_results_keep_focus_path_and_component(rules_report):
    g = rdflib.Graph().parse(data=rules_report.to_turtle(), format="turtle")
    rows = list(g.query("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        PREFIX grafsh: <https://w3id.org/graf/shapes#>
        SELECT ?focus ?path ?component WHERE {
          ?r a sh:ValidationResult ; grafsh:code "channel-status" ; sh:focusNode ?focus ; sh:resultPath ?path ;
             sh:sourceConstraintComponent ?component ; sh:resultSeverity sh:Violation }"""))
    assert [(str(a), str(b), str(c)) for a, b, c in rows] == [(
        "https://example.org/fx/ch-nostatus", "https://w3id.org/graf/def#channelStatus",
        "http://www.w3.org/ns/shacl#MinCountConstraintComponent")]
    outcomes = g.query("""PREFIX grafsh: <https://w3id.org/graf/shapes#>
        SELECT (COUNT(*) AS ?n) WHERE { ?o a grafsh:Outcome }""")
    assert int(next(iter(outcomes))[0]) == len(rules_report.outcomes)


def test_junit_counts(rules_report):
    root = ET.fromstring(rules_report.to_junit())
    assert int(root.get("tests")) == len(rules_report.outcomes)
    assert int(root.get("failures")) == sum(not o.passed for o in rules_report.outcomes)
