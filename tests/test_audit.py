"""`graf audit` and `/audit`: statements by confidence, quotes against their sources, open questions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_graf

from graf.audit import audit, source_dirs
from graf.generate import generate, write
from graf.quotes import NORMALISATION, normalise, quote_in
from graf.settings import Settings
from graf.sparql import example_query
from graf.store import open_store

MODEL = """
@prefix graf: <https://w3id.org/graf/def#> . @prefix grafc: <https://w3id.org/graf/concept/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix ex: <https://example.org/u/> .
ex:meta {
  ex:doc a graf:Document ; graf:sourceFile "SOURCE_FILE" .
  ex:st-doc a rdf:Statement ; rdf:subject ex:doc ; rdf:predicate rdf:type ; rdf:object graf:Document ;
      graf:citation ex:cite .
  ex:cite a graf:Citation ; skos:notation "minutes-1" ; graf:confidence grafc:memo ;
      graf:quote "QUOTE"@da ; prov:wasQuotedFrom ex:doc .
}
ex:base {
  ex:kommune a graf:Municipality .
  ex:st a rdf:Statement ; rdf:subject ex:kommune ; rdf:predicate rdf:type ; rdf:object graf:Municipality ;
      graf:citation ex:cite .
  EXTRA
}
"""


def user_model(folder: Path, quote: str = "Kommunen holdt møde den 3. maj.", source_file: str = "sources/minutes.txt",
               extra: str = "") -> Path:
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "sources" / "minutes.txt").write_text("Referat.\nKommunen holdt\nmøde den 3. maj.\n", encoding="utf-8")
    (folder / "model.trig").write_text(MODEL.replace("SOURCE_FILE", source_file).replace("QUOTE", quote)
                                       .replace("EXTRA", extra), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def shipped(store):
    return audit(store, source_dirs())


def test_the_shipped_data_is_fully_cited_and_every_quote_is_in_its_source(shipped) -> None:
    assert shipped.ok and shipped.cited_percent == 100.0 and shipped.unsourced_count == 0
    assert shipped.quotes_checked > 70 and shipped.quotes_found == shipped.quotes_checked
    assert shipped.unused_citations == [] and shipped.findings == []
    assert sum(shipped.by_confidence.values()) == shipped.statements > 1000
    assert set(shipped.by_confidence) == {"memo", "external", "derived"} and all(shipped.by_confidence.values())


def test_the_open_questions_are_listed(shipped) -> None:
    about = {q["about"].rsplit("/", 1)[-1] for q in shipped.open_questions}
    assert {"entry-point", "de-store-almene-boligorganisationer", "draft"} <= about


def test_the_example_query_counts_the_same_confidences_as_the_audit(store, shipped) -> None:
    rows = store.query(example_query("facts-by-confidence").text).records()
    assert {r["confidence"].value: int(r["statements"].value) for r in rows} == shipped.by_confidence


def test_the_cli_reports_text_and_json_and_exits_0() -> None:
    proc = run_graf("audit")
    assert proc.returncode == 0, proc.stderr
    assert "cited: " in proc.stdout and "(100 %)" in proc.stdout and "Result: OK" in proc.stdout
    assert NORMALISATION in proc.stdout
    data = json.loads(run_graf("audit", "--format", "json").stdout)
    assert data["ok"] and data["statements"]["cited_percent"] == 100.0
    assert data["quotes"]["checked"] == data["quotes"]["found"] and data["citations"]["unused"] == []


def test_a_citation_to_a_missing_source_file_is_named(tmp_path: Path) -> None:
    folder = user_model(tmp_path, source_file="sources/gone.txt")
    proc = run_graf("--data", str(folder), "audit")
    assert proc.returncode == 1, proc.stderr
    assert "source-file-missing: citation minutes-1: the source file 'sources/gone.txt'" in proc.stdout
    assert "Kommunen holdt møde den 3. maj." in proc.stdout and "Traceback" not in proc.stderr


def test_a_quote_that_is_not_in_its_source_is_named(tmp_path: Path) -> None:
    folder = user_model(tmp_path, quote="Kommunen holdt møde den 4. maj.")
    proc = run_graf("--data", str(folder), "audit", "--format", "json")
    assert proc.returncode == 1
    finding = json.loads(proc.stdout)["findings"][0]
    assert finding["code"] == "quote-not-found" and finding["key"] == "minutes-1"
    assert finding["file"] == "sources/minutes.txt" and finding["quote"] == "Kommunen holdt møde den 4. maj."
    assert "minutes-1" in finding["message"] and "sources/minutes.txt" in finding["message"]


def test_a_quote_wrapped_over_lines_in_its_source_is_found(tmp_path: Path) -> None:
    proc = run_graf("--data", str(user_model(tmp_path)), "audit")
    assert proc.returncode == 0, proc.stdout
    assert "Quotes checked against their sources: 1, found: 1" in proc.stdout


def test_an_unsourced_statement_about_a_real_actor_fails_the_audit(tmp_path: Path) -> None:
    extra = 'ex:kommune skos:prefLabel "Kommunen"@da .'
    proc = run_graf("--data", str(user_model(tmp_path, extra=extra)), "audit", "--format", "json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["statements"]["unsourced_count"] == 1
    assert data["statements"]["unsourced"][0]["predicate"] == "http://www.w3.org/2004/02/skos/core#prefLabel"


def test_a_document_without_a_source_file_is_a_warning(tmp_path: Path) -> None:
    folder = user_model(tmp_path)
    text = (folder / "model.trig").read_text(encoding="utf-8").replace(' ; graf:sourceFile "sources/minutes.txt"', "")
    (folder / "model.trig").write_text(text, encoding="utf-8")
    proc = run_graf("--data", str(folder), "audit")
    assert proc.returncode == 0
    assert "[warning] quote-unchecked: citation minutes-1: the quote cannot be checked" in proc.stdout


def test_another_sources_folder_can_be_given(tmp_path: Path) -> None:
    folder = user_model(tmp_path / "model", source_file="minutes.txt")
    assert run_graf("--data", str(folder), "audit").returncode == 1
    proc = run_graf("--data", str(folder), "audit", "--sources", str(folder / "sources"))
    assert proc.returncode == 0, proc.stdout


def test_synthetic_graphs_describe_no_real_actor(tmp_path: Path) -> None:
    write(generate(0.01, seed=1), tmp_path)
    store = open_store(Settings.from_env({"data": [tmp_path]}, environ={}))
    try:
        report = audit(store, [tmp_path])
    finally:
        store.close()
    assert report.statements == 0 and report.ok and len(report.excluded_graphs) >= 6


def test_the_normalisation_is_whitespace_and_markdown_emphasis_only() -> None:
    assert normalise("a\n  b\t c") == "a b c"
    assert normalise("**Frank Jensen (S)**, from", markdown=True) == "Frank Jensen (S), from"
    assert not quote_in("Frank Jensen (S), from", "**Frank Jensen (S)**, from")  # only in Markdown sources
    assert not quote_in("Frank Jensen", "Frank  Jenssen")
