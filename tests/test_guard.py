"""Guarded updates and loads (graf.guard, graf serve --guard, graf load --guard): a change that would add a
violation to any scenario is refused with the new findings and nothing is written; violations that were there
before do not block; only the scenarios whose graphs the change touches are validated again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import run_graf

from api.testing import running_server
from graf.errors import QueryError, UpdateRefused
from graf.guard import Guard, GuardRefused, written_graphs
from graf.settings import Settings
from graf.store import EmbeddedStore, open_store

RULES = Path(__file__).parent / "fixtures" / "rules"
FX = "https://example.org/fx/"
G = "https://example.org/fx/graph/"
PREFIXES = ("PREFIX fx: <https://example.org/fx/> PREFIX graf: <https://w3id.org/graf/def#> "
            "PREFIX grafc: <https://w3id.org/graf/concept/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n")
CLOSE = PREFIXES + f"""DELETE DATA {{ GRAPH <{G}after> {{ fx:ch-after-1a graf:channelStatus grafc:open }} }} ;
INSERT DATA {{ GRAPH <{G}after> {{ fx:ch-after-1a graf:channelStatus grafc:closed }} }}"""
BYPASS = PREFIXES + f"""INSERT DATA {{ GRAPH <{G}after> {{
  fx:ch-new a graf:ContactChannel ; graf:channelFrom fx:ho-2 ; graf:channelTo fx:adm-b ;
    graf:channelKind grafc:formal ; graf:channelStatus grafc:open . }} }}"""
LABEL = PREFIXES + f'INSERT DATA {{ GRAPH <{G}base> {{ fx:adm-a skos:altLabel "Forvaltning A (kort)"@da }} }}'
BYPASS_TRIG = """@prefix fx: <https://example.org/fx/> . @prefix graf: <https://w3id.org/graf/def#> .
@prefix grafc: <https://w3id.org/graf/concept/> .
<https://example.org/fx/graph/after> { fx:ch-new a graf:ContactChannel ; graf:channelFrom fx:ho-2 ;
  graf:channelTo fx:adm-b ; graf:channelKind grafc:formal ; graf:channelStatus grafc:open . }
"""


def quads(store: EmbeddedStore) -> int:
    return sum(g.triples for g in store.graphs())


@pytest.fixture
def store() -> Iterator[EmbeddedStore]:
    s = open_store(Settings.from_env({"data": sorted(RULES.glob("*.trig"))}, environ={}))
    yield s
    s.close()


def test_an_update_that_adds_a_violation_is_refused_with_its_findings_and_nothing_is_written(store):
    guard = Guard()
    before = quads(store)
    with pytest.raises(GuardRefused) as refused:
        guard.update(store, CLOSE)
    assert quads(store) == before
    body = refused.value.as_dict()
    assert {(f["rule_id"], f["code"]) for f in body["findings"]} == {("direct-contacts-open", "channel-lost"),
                                                                      ("direct-contacts-open", "not-resilient")}
    assert body["rules"] == ["direct-contacts-open"] and body["focus"] == [FX + "adm-a", FX + "group-1"]
    first = body["first_offending_triple"]  # the update's first triple a new finding is about
    assert (first["subject"], first["object"], first["added"]) == (FX + "ch-after-1a", "https://w3id.org/graf/"
                                                                   "concept/open", False)
    assert "first offending triple: <https://example.org/fx/ch-after-1a>" in str(refused.value)
    # the copy the guard checks on is back as it was: the same update is refused again
    with pytest.raises(GuardRefused):
        guard.update(store, CLOSE)
    assert quads(store) == before


def test_a_new_bypass_names_its_rule_focus_and_first_triple(store):
    with pytest.raises(GuardRefused) as refused:
        Guard().update(store, BYPASS)
    found = refused.value.findings
    # every scenario built on the after graph gets the bypass
    assert {f.scenario for f in found} == {"after", "chair-broken", "entry-bypass", "integrity-broken"}
    assert {(f.rule_id, f.code, f.focus) for f in found} == {
        ("single-entry-point", "formal-channel-bypass", (FX + "ho-2", FX + "adm-b"))}
    assert refused.value.first.subject == f"<{FX}ch-new>" and refused.value.first.added


def test_a_harmless_update_is_written_and_only_the_scenarios_it_touches_are_validated(store):
    guard = Guard()
    before = quads(store)
    label = f'INSERT DATA {{ GRAPH <{G}entry-bypass> {{ fx:io skos:altLabel "IO"@da }} }}'
    verdict = guard.update(store, PREFIXES + label)
    # entry-bypass already breaks single-entry-point: a violation that was there before does not block
    assert verdict.accepted and verdict.scenarios == ["entry-bypass"]
    assert quads(store) == before + 1
    verdict = guard.update(store, LABEL)  # the base graph: every scenario built on it
    assert "after" in verdict.scenarios and "entry-bypass" in verdict.scenarios
    assert [c.nquad for c in verdict.changes] == [
        f'<{FX}adm-a> <http://www.w3.org/2004/02/skos/core#altLabel> "Forvaltning A (kort)"@da <{G}base> .']


def test_a_guarded_load_is_refused_or_loaded_whole(store, tmp_path):
    bad = tmp_path / "bad.trig"
    bad.write_text(BYPASS_TRIG, encoding="utf-8")
    before = quads(store)
    with pytest.raises(GuardRefused) as refused:
        Guard().load(store, [bad])
    assert refused.value.findings[0].code == "formal-channel-bypass" and quads(store) == before


def test_updates_the_guard_cannot_check_are_refused_or_fail_cleanly(store):
    guard = Guard()
    before = quads(store)
    with pytest.raises(UpdateRefused, match="NOW"):
        when = f"INSERT {{ GRAPH <{G}after> {{ fx:x fx:at ?t }} }} WHERE {{ BIND(NOW() AS ?t) }}"
        guard.update(store, PREFIXES + when)
    with pytest.raises(QueryError):
        guard.update(store, "INSERT DATA { oops")
    assert quads(store) == before
    assert guard.update(store, LABEL).accepted  # the guard is still in step with the store


def test_a_name_or_string_ending_in_a_volatile_function_is_not_refused(store):
    # a list after the name ex:chosen-by-rand, NOW() in a string and in a comment: no function is called
    text = PREFIXES + (f'INSERT DATA {{ GRAPH <{G}base> {{ fx:adm-a fx:chosen-by-rand ( 1 2 ) ; '
                       f'fx:note "NOW()" }} }} # RAND()')
    before = quads(store)
    assert Guard().update(store, text).accepted
    assert quads(store) > before
    with pytest.raises(UpdateRefused, match="RAND"):
        Guard().update(store, PREFIXES + f"INSERT {{ GRAPH <{G}base> {{ fx:x fx:r ?r }} }} "
                                         "WHERE { BIND(rand () AS ?r) }")


def test_written_graphs_finds_every_graph_an_update_can_reach():
    every = ["urn:g1", "urn:g2"]
    text = ('PREFIX g: <https://example.org/fx/graph/> BASE <https://example.org/fx/>\n'
            'INSERT DATA { GRAPH g:after { <a> <p> "GRAPH ?x <urn:not-a-graph>" } } # GRAPH ?y\n'
            'WITH <graph/base> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }')
    found = written_graphs(text, None, lambda: every)
    assert {None, G + "after", G + "base"} <= found and "urn:not-a-graph" not in found
    assert written_graphs("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", None, lambda: every) == {None, *every}
    assert written_graphs("CLEAR SILENT ALL", None, lambda: every) == {None, *every}
    escaped = written_graphs("PREFIX g: <https://example.org/fx/graph/> CLEAR GRAPH g:kbh\\/adjusted", None, list)
    assert G + "kbh/adjusted" in escaped


def test_cli_load_guard_exits_1_with_the_report_and_leaves_the_store_as_it_was(tmp_path):
    folder = tmp_path / "store"
    assert run_graf("--store", str(folder), "load", "--no-progress", str(RULES / "model.trig")).returncode == 0
    info = run_graf("--store", str(folder), "info").stdout
    bad = tmp_path / "bypass.trig"
    bad.write_text(BYPASS_TRIG, encoding="utf-8")
    proc = run_graf("--store", str(folder), "load", "--guard", "--lang", "en", str(bad))
    assert proc.returncode == 1, proc.stderr
    assert "formal-channel-bypass" in proc.stdout and "What to do:" in proc.stdout
    assert "first offending triple: <https://example.org/fx/ch-new>" in proc.stderr and "Traceback" not in proc.stderr
    assert run_graf("--store", str(folder), "info").stdout == info
    good = tmp_path / "label.ttl"
    good.write_text('<https://example.org/fx/adm-a> <http://www.w3.org/2004/02/skos/core#altLabel> "A"@da .\n',
                    encoding="utf-8")
    proc = run_graf("--store", str(folder), "load", "--guard", str(good), "--graph", G + "base")
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert "loaded 1 new statement(s)" in proc.stdout


def test_serve_guard_refuses_with_409_and_the_store_keeps_its_quads():
    token = "guard-token"
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"  # every statement is in a named graph
    with running_server(["--data", str(RULES / "model.trig"), "--update-token", token, "--guard"]) as base:
        headers = {"Authorization": f"Bearer {token}"}

        def n() -> int:
            answer = httpx.get(base + "/sparql", params={"query": count},
                               headers={"Accept": "application/sparql-results+json"})
            return int(answer.json()["results"]["bindings"][0]["n"]["value"])

        before = n()
        refused = httpx.post(base + "/sparql", data={"update": CLOSE}, headers=headers)
        assert refused.status_code == 409
        error = refused.json()["error"]
        assert error["code"] == "guard_refused" and error["rules"] == ["direct-contacts-open"]
        assert FX + "group-1" in error["focus"] and error["first_offending_triple"]["subject"] == FX + "ch-after-1a"
        assert {f["code"] for f in error["findings"]} == {"channel-lost", "not-resilient"}
        assert n() == before
        assert httpx.post(base + "/sparql", data={"update": LABEL}, headers=headers).status_code == 204
        assert n() == before + 1


def test_serve_guard_needs_an_update_token():
    proc = run_graf("serve", "--guard", "--port", "0")
    assert proc.returncode == 2 and "--guard checks updates, and updates need --update-token" in proc.stderr


def test_serve_guard_also_checks_a_model_loaded_from_the_check_page():
    """POST /check/{id}/load goes through the guard like an update: a bypass is refused with its findings and
    the store keeps its quads; a harmless partial model (which does not conform on its own) is loaded."""
    token = "guard-token"
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    label = f'<{G}after> {{ <{FX}adm-a> <http://www.w3.org/2004/02/skos/core#altLabel> "A (kort)"@da . }}\n'
    with running_server(["--data", str(RULES / "model.trig"), "--update-token", token, "--guard"]) as base, \
            httpx.Client(base_url=base, timeout=120) as client:
        headers = {"Authorization": f"Bearer {token}"}

        def n() -> int:
            answer = client.get("/sparql", params={"query": count},
                                headers={"Accept": "application/sparql-results+json"})
            return int(answer.json()["results"]["bindings"][0]["n"]["value"])

        def checked(trig: str) -> str:
            r = client.post("/check", files={"file": ("model.trig", trig.encode())}, params={"format": "json"})
            assert r.status_code == 200, r.text
            return str(r.json()["id"])

        before = n()
        refused = client.post(f"/check/{checked(BYPASS_TRIG)}/load", headers=headers)
        assert refused.status_code == 409, refused.text
        error = refused.json()["error"]
        assert error["code"] == "guard_refused" and error["rules"] == ["single-entry-point"]
        assert {f["code"] for f in error["findings"]} == {"formal-channel-bypass"}
        assert error["first_offending_triple"]["subject"] == FX + "ch-new"
        page = client.post(f"/check/{checked(BYPASS_TRIG)}/load", data={"token": token},
                           headers={"Accept": "text/html"})  # the check page's form
        assert page.status_code == 409 and page.headers["content-type"].startswith("text/html")
        assert "single-entry-point (formal-channel-bypass)" in page.text and "first offending triple" in page.text
        assert n() == before
        harmless = checked(label)
        loaded = client.post(f"/check/{harmless}/load", headers=headers)
        assert loaded.status_code == 200, loaded.text
        assert loaded.json()["loaded"] == 1 and n() == before + 1
        # the guard saw that load: the same bypass is still refused as an update, and the store keeps its quads
        assert client.post("/sparql", data={"update": BYPASS}, headers=headers).status_code == 409
        assert n() == before + 1
