"""`graf validate` and `graf rules` through the real CLI (subprocess): formats and exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import rdflib
from conftest import run_graf

RULES = Path(__file__).parent / "fixtures" / "rules"
MODEL = str(RULES / "model.trig")
IDS = ["chairmanship", "direct-contacts-open", "integrity", "single-entry-point"]


def no_traceback(proc) -> None:
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout


def test_a_conforming_scenario_exits_0_with_a_danish_report():
    proc = run_graf("validate", "--data", MODEL, "--scenario", "after")
    assert proc.returncode == 0, proc.stderr
    assert "Scenarie after: Efter" in proc.stdout
    for rule in IDS:
        assert f"OK    {rule}" in proc.stdout
    assert "Resultat: alle regler overholdt" in proc.stdout


def test_violations_exit_1_and_name_rule_actors_witness_and_source():
    proc = run_graf("validate", "--data", MODEL, "--data", str(RULES / "entry-bypass.trig"),
                    "--scenario", "entry-bypass", "--lang", "en")
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout
    assert "FAIL  single-entry-point" in out
    assert "[violation] single-entry-point: Én indgang til kommunen / One entry point to the municipality" in out
    assert "- Housing group 1 <https://example.org/fx/group-1>" in out
    assert "Witness: Housing group 1 -> 1st district -> Committee A" in out
    assert "Source: \u201cDe tilkendegav på mødet tilfredshed med den nye organisering, som imødekommer ønsket om " \
           "én indgang til kommunen\u201d" in out
    no_traceback(proc)


def test_warnings_alone_exit_0():
    proc = run_graf("validate", "--data", MODEL, "--data", str(RULES / "entry-unreached.trig"),
                    "--scenario", "entry-unreached", "--rule", "single-entry-point")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "[advarsel] single-entry-point" in proc.stdout
    assert "Vidne: Indgang -> Forvaltning B" in proc.stdout


@pytest.mark.parametrize("args, expected", [
    (["--rule", "nope"], "unknown rule 'nope'; valid names: " + ", ".join(IDS)),
    (["--scenario", "nope"], "unknown scenario 'nope'; valid names: after, before"),
    (["--format", "yaml"], "invalid choice"),
])
def test_usage_errors_exit_2_without_traceback(args, expected):
    proc = run_graf("validate", "--data", MODEL, *args)
    assert proc.returncode == 2
    assert expected in proc.stderr
    no_traceback(proc)


def test_a_shapes_file_that_does_not_parse_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n\n<http://ex/S> a sh:NodeShape ;;; oops .\n",
                   encoding="utf-8")
    proc = run_graf("validate", "--data", MODEL, "--shapes", str(bad))
    assert proc.returncode == 2
    assert f"{bad}:3:" in proc.stderr
    no_traceback(proc)


def test_a_shape_that_is_not_valid_shacl_exits_2(tmp_path):
    bad = tmp_path / "count.ttl"
    bad.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix graf: <https://w3id.org/graf/def#> .\n"
                   "<http://ex/S> a sh:NodeShape ; sh:targetClass graf:Administration ;\n"
                   "  sh:property [ sh:path graf:oversees ; sh:minCount \"x\" ] .\n", encoding="utf-8")
    proc = run_graf("validate", "--data", MODEL, "--shapes", str(bad))
    assert proc.returncode == 2
    assert f"{bad}: not valid SHACL" in proc.stderr and "sh:minCount" in proc.stderr
    no_traceback(proc)
    missing = run_graf("validate", "--data", MODEL, "--shapes", str(tmp_path / "missing.ttl"))
    assert missing.returncode == 2 and "no such shapes file" in missing.stderr


def test_user_shapes_violations_count(tmp_path):
    shapes = tmp_path / "abbr.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix graf: <https://w3id.org/graf/def#> .\n"
                      "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                      "<http://ex/S> a sh:NodeShape ; sh:targetClass graf:Administration ;\n"
                      "  sh:property [ sh:path skos:altLabel ; sh:minCount 1 ] .\n", encoding="utf-8")
    proc = run_graf("validate", "--data", MODEL, "--scenario", "after", "--shapes", str(shapes), "--format", "json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert {f["rule_id"] for f in data["findings"]} == {"user-shapes"}
    assert sorted(f["nodes"][0] for f in data["findings"]) == ["https://example.org/fx/adm-a",
                                                                "https://example.org/fx/adm-b"]


def test_turtle_report_loads_back_and_is_queryable():
    proc = run_graf("validate", "--data", MODEL, "--data", str(RULES / "entry-bypass.trig"), "--format", "turtle")
    assert proc.returncode == 1, proc.stderr
    g = rdflib.Graph().parse(data=proc.stdout, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert list(g.objects(None, sh.conforms)) == [rdflib.Literal(False)]
    rows = g.query("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        PREFIX grafsh: <https://w3id.org/graf/shapes#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?scenario ?step WHERE {
          ?r a sh:ValidationResult ; grafsh:code "formal-path-bypass" ; grafsh:scenario ?scenario ;
             grafsh:witness ?list .
          ?list rdf:rest*/rdf:first ?step .
        }""")
    steps = sorted(str(r.step) for r in rows)
    assert steps == ["https://example.org/fx/group-1", "https://example.org/fx/kreds", "https://example.org/fx/udvalg-a"]
    assert {str(r.scenario) for r in rows} == {"entry-bypass"}


def test_junit_has_one_testcase_per_rule_per_scenario():
    proc = run_graf("validate", "--data", MODEL, "--format", "junit")
    assert proc.returncode == 1, proc.stderr
    root = ET.fromstring(proc.stdout)
    cases = [(c.get("classname"), c.get("name")) for c in root.iter("testcase")]
    assert sorted(cases) == sorted((f"graf.validate.{s}", r) for s in ("after", "before") for r in IDS)
    failed = [c.get("classname") + "/" + c.get("name") for c in root.iter("testcase") if c.find("failure") is not None]
    assert failed == ["graf.validate.before/single-entry-point"]


def test_shipped_data_json_pins_each_scenario():
    proc = run_graf("validate", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    by = {}
    for f in data["findings"]:
        by.setdefault(f["scenario"], []).append((f["rule_id"], f["severity"], f["code"]))
    assert "adjusted" not in by
    assert by["asis"] == [("single-entry-point", "violation", "no-entry-point")]
    # the draft's channels have unknown status: warnings that they cannot be verified, in both topology rules
    assert {x for x in by["draft"]} == {("direct-contacts-open", "warning", "status-unknown"),
                                        ("single-entry-point", "warning", "entry-point-unverified"),
                                        ("single-entry-point", "warning", "entry-point-reach-unverified")}
    assert {f["confidence"] for f in data["findings"] if f["scenario"] == "draft"} == {"derived"}
    failed = {(o["scenario"], o["rule_id"]) for o in data["outcomes"] if not o["passed"]}
    assert failed == {("asis", "single-entry-point")}


def test_rules_lists_every_rule_with_titles_kind_severity_and_source():
    proc = run_graf("rules")
    assert proc.returncode == 0, proc.stderr
    for rule in IDS:
        assert rule in proc.stdout
    assert "single-entry-point  [topology, violation]" in proc.stdout
    assert "Delt formandskab i fora / Co-chairmanship of the fora" in proc.stdout
    assert "ikke må hindre den direkte og løbende kontakt" in proc.stdout
    data = json.loads(run_graf("rules", "--format", "json").stdout)
    assert [r["id"] for r in data] == IDS
    assert {r["kind"] for r in data} == {"shacl", "topology", "shacl+topology"}


def test_rules_json_lists_parameters_and_what_to_do_for_every_code():
    data = {r["id"]: r for r in json.loads(run_graf("rules", "--format", "json").stdout)}
    for rule in data.values():
        assert rule["remediation"]["da"] and rule["remediation"]["en"]
        assert rule["codes"], rule["id"]
        for code in rule["codes"].values():
            assert code["severity"] in ("violation", "warning", "info")
            assert code["remediation"]["da"] and code["remediation"]["en"]
        assert "max_witness_nodes" in {p["name"] for p in rule["parameters"]}
    resilience = next(p for p in data["direct-contacts-open"]["parameters"] if p["name"] == "resilience")
    assert resilience["default"] == 1 and "graf:resilience" in resilience["where"]
    assert set(data["single-entry-point"]["codes"]) >= {"formal-channel-bypass", "formal-path-bypass",
                                                        "entry-point-unreachable", "planned-bypass"}
    assert data["direct-contacts-open"]["codes"]["not-resilient"]["severity"] == "violation"
    text = run_graf("rules", "--lang", "en").stdout
    assert "    not-resilient (violation): Add a route that avoids the cut" in text
    assert "  parameter resilience (default 1): data: graf:resilience on the scenario" in text


def test_every_code_in_the_shapes_has_a_remediation():
    shapes = rdflib.Graph().parse(Path(__file__).parent.parent / "ontology" / "shapes.ttl")
    GRAFSH = rdflib.Namespace("https://w3id.org/graf/shapes#")
    in_shapes = {str(c) for c in shapes.objects(None, GRAFSH.code)}
    data = {r["id"]: r for r in json.loads(run_graf("rules", "--format", "json").stdout)}
    listed = set(data["chairmanship"]["codes"]) | set(data["integrity"]["codes"])
    assert in_shapes <= listed
