"""Waivers (graf validate --waivers FILE, /validation?waivers=GRAPH): accepted exceptions are reported as
waived and not counted; expired and stale waivers are warnings; a malformed file names its line (exit 2)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import httpx
import pytest
import rdflib
from conftest import run_graf

from api.testing import running_server
from graf.report import Report
from graf.rules import load_waivers, validate
from graf.store import Store
from graf.waivers import WaiverError

FIXTURES = Path(__file__).parent / "fixtures"
RULES = FIXTURES / "rules"
WAIVERS = FIXTURES / "waivers" / "waivers.ttl"
FX = "https://example.org/fx/"
HEAD = """@prefix graf: <https://w3id.org/graf/def#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix fx:   <https://example.org/fx/> .
"""
GOOD = """[] a graf:Waiver ;
    graf:waivedRule "single-entry-point" ; graf:waivedCode "no-entry-point" ; graf:waivedFocus fx:kommune ;
    graf:waiverReason "why" ; graf:waivedBy "who" ; graf:waivedUntil "2999-12-31"^^xsd:date .
"""


@pytest.fixture(scope="module")
def store(rules_store: Store) -> Store:
    return rules_store


@pytest.fixture(scope="module")
def report(store: Store) -> Report:
    return validate(store, waivers=load_waivers(WAIVERS), today=dt.date(2026, 1, 1))


def test_a_waived_finding_is_reported_as_waived_and_not_counted(store: Store, report: Report) -> None:
    [waived] = report.waived
    assert (waived.scenario, waived.rule_id, waived.code, waived.focus) == (
        "before", "single-entry-point", "no-entry-point", (FX + "kommune",))
    assert waived.waiver == {"reason": "Before the reform there was no entry point; the as-is situation is recorded, "
                                       "not planned.", "by": "Test architect", "until": "2999-12-31",
                             "source": f"{WAIVERS}:7"}
    outcome = next(o for o in report.outcomes if o.scenario == "before" and o.rule_id == "single-entry-point")
    assert outcome.passed and outcome.violations == 0
    assert validate(store, scenario="before", waivers=load_waivers(WAIVERS)).conforms
    assert not validate(store, scenario="before").conforms


def test_expired_and_stale_waivers_are_warnings(report: Report) -> None:
    notes = {n.code: n for n in report.waiver_notes}
    assert set(notes) == {"waiver-expired", "waiver-stale"}
    assert notes["waiver-expired"].source == f"{WAIVERS}:17"
    assert "expired on 2000-01-01: its findings count again" in notes["waiver-expired"].messages["en"]
    assert notes["waiver-stale"].source == f"{WAIVERS}:26"
    # the expired waiver waives nothing: its bypass counts
    bypass = next(f for f in report.findings_for("entry-bypass") if f.code == "formal-path-bypass")
    assert bypass.counted and not next(o for o in report.outcomes if o.scenario == "entry-bypass"
                                       and o.rule_id == "single-entry-point").passed


def test_a_waiver_for_a_rule_or_scenario_not_checked_is_not_stale(store: Store) -> None:
    found = validate(store, scenario="after", rules=["chairmanship"], waivers=load_waivers(WAIVERS),
                     today=dt.date(2026, 1, 1))
    assert [n.code for n in found.waiver_notes] == ["waiver-expired"]


def test_every_format_shows_waivers_and_what_to_do(report: Report) -> None:
    text = report.to_text("en")
    assert "[Waived: violation] single-entry-point" in text and "Waiver (" in text and "1 waived" in text
    assert "What to do: Designate the entry point" in text
    assert "[advarsel] waiver-stale" in report.to_text("da") and "Det kan du gøre:" in report.to_text("da")
    data = json.loads(report.to_json())
    waived = [f for f in data["findings"] if f["waiver"]]
    assert len(waived) == 1 and waived[0]["remediation"]["da"].startswith("Angiv indgangen")
    assert {w["code"] for w in data["waivers"]} == {"waiver-expired", "waiver-stale"}
    junit = ET.fromstring(report.to_junit())
    before = next(s for s in junit if s.get("name") == "graf validate: before")
    case = next(c for c in before if c.get("name") == "single-entry-point")
    assert case.find("failure") is None and "[waived violation] no-entry-point" in case.find("system-out").text
    failure = next(c for s in junit for c in s if c.find("failure") is not None).find("failure")
    assert "| what to do: " in failure.text
    g = rdflib.Graph().parse(data=report.to_turtle(), format="turtle")
    GRAFSH = rdflib.Namespace("https://w3id.org/graf/shapes#")
    SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    [waived_result] = list(g.subjects(rdflib.RDF.type, GRAFSH.WaivedResult))
    assert str(g.value(waived_result, GRAFSH.waivedBy)) == "Test architect"
    assert (None, SH.result, waived_result) not in g  # not a counted sh:result
    for result in g.subjects(rdflib.RDF.type, SH.ValidationResult):
        remedies = {o.language for o in g.objects(result, GRAFSH.remediation)}
        assert remedies == {"da", "en"} and g.value(result, SH.resultMessage) is not None


@pytest.mark.parametrize("body, line, message", [
    ("[] a graf:Waiver ;\n  graf:waivedRule \"single-entry-point\" ;\n  graf:waivedCode \"no-entry-point\" oops .\n",
     6, ""),
    (GOOD + "\n[] a graf:Waiver ; graf:waivedRule \"single-entry-point\" .\n", 8, "no graf:waivedCode"),
    (GOOD.replace('"single-entry-point"', '"no-such-rule"'), 4, "unknown rule 'no-such-rule'"),
    (GOOD.replace('"no-entry-point"', '"no-such-code"'), 4, "'no-such-code' is not a code of single-entry-point"),
    (GOOD.replace('"2999-12-31"^^xsd:date', '"next year"'), 4, "must be an xsd:date"),
    (GOOD.replace('graf:waivedBy "who" ;', 'graf:waivedBy "who", "someone else" ;'), 4, "2 values of graf:waivedBy"),
])
def test_a_malformed_waivers_file_names_its_line(tmp_path: Path, body: str, line: int, message: str) -> None:
    path = tmp_path / "waivers.ttl"
    path.write_text(HEAD + body, encoding="utf-8")
    with pytest.raises(WaiverError) as raised:
        load_waivers(path)
    assert str(raised.value).startswith(f"{path}:{line}: ") and message in str(raised.value)
    proc = run_graf("validate", "--data", str(RULES / "model.trig"), "--waivers", str(path))
    assert proc.returncode == 2 and f"{path}:{line}: " in proc.stderr and "Traceback" not in proc.stderr


def test_cli_counts_waived_violations_as_passing() -> None:
    args = ["validate", "--data", str(RULES / "model.trig"), "--scenario", "before", "--lang", "en"]
    assert run_graf(*args).returncode == 1
    proc = run_graf(*args, "--waivers", str(WAIVERS))
    assert proc.returncode == 0, proc.stdout
    assert "[Waived: violation]" in proc.stdout and "waiver-expired" in proc.stdout


def test_validation_endpoint_reads_waivers_from_a_graph_of_the_store(tmp_path: Path) -> None:
    graph = "https://w3id.org/graf/graph/waivers"
    trig = tmp_path / "waivers.trig"
    turtle = WAIVERS.read_text(encoding="utf-8")
    prefixes = "\n".join(line for line in turtle.splitlines() if line.startswith("@prefix"))
    body = "\n".join(line for line in turtle.splitlines() if not line.startswith("@prefix"))
    trig.write_text(f"{prefixes}\n<{graph}> {{\n{body}\n}}\n", encoding="utf-8")
    with running_server(["--data", str(RULES / "model.trig"), "--data", str(trig)]) as base:
        plain = httpx.get(base + "/validation", params={"format": "json", "scenario": "before"}).json()
        assert plain["conforms"] is False
        answer = httpx.get(base + "/validation", params={"format": "json", "scenario": "before", "waivers": "waivers"})
        data = answer.json()
        assert data["conforms"] is True and [f["code"] for f in data["findings"] if f["waiver"]] == ["no-entry-point"]
        assert {w["code"] for w in data["waivers"]} == {"waiver-expired", "waiver-stale"}
        html = httpx.get(base + "/validation", params={"scenario": "before", "waivers": graph, "lang": "en"}).text
        assert "waived: violation" in html and "What to do" in html
        missing = httpx.get(base + "/validation", params={"format": "json", "waivers": "nope"})
        assert missing.status_code == 400 and "no named graph" in missing.json()["error"]["message"]
