"""The real CLI in a subprocess: exit codes, messages, never a traceback."""

import json
import re

import pytest
from conftest import FIXTURES, run_graf

DATA = ["--data", str(FIXTURES / "mini.trig")]


def _assert_clean_failure(proc, *needles):
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    for needle in needles:
        assert needle in proc.stderr


def test_query_prints_a_table_with_known_prefixes():
    proc = run_graf("query", *DATA, "SELECT ?l WHERE { kbh:kommune skos:prefLabel ?l } ORDER BY ?l")
    assert proc.returncode == 0, proc.stderr
    assert "City of Copenhagen@en" in proc.stdout and "Københavns Kommune@da" in proc.stdout


def test_global_options_work_before_the_command():
    proc = run_graf(*DATA, "query", "ASK { kbh:fsb a graf:HousingOrganisation }")
    assert proc.returncode == 0 and proc.stdout.strip() == "yes"


def test_query_json_output_is_utf8():
    query = "SELECT ?l WHERE { ?c a graf:ContactChannel ; skos:prefLabel ?l }"
    proc = run_graf("query", *DATA, "--format", "json", query)
    assert proc.returncode == 0
    values = {b["l"]["value"] for b in json.loads(proc.stdout)["results"]["bindings"]}
    assert "direkte kontakt æøå" in values


def test_a_malformed_query_exits_2_with_the_position():
    _assert_clean_failure(run_graf("query", *DATA, "SELECT ?s\nWHERE { ?s ?p }"), "line 2, column")


def test_an_update_exits_2_read_only():
    proc = run_graf("query", *DATA, "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }")
    _assert_clean_failure(proc, "queries are read-only")
    assert proc.stderr.count("read-only") == 1, proc.stderr


def test_an_unknown_example_exits_2_listing_the_names():
    _assert_clean_failure(run_graf("query", *DATA, "no-such-query"), "no-such-query", "actor-kinds", "graphs")


def test_list_and_run_an_example():
    listing = run_graf("query", "--list")
    assert listing.returncode == 0 and "labels" in listing.stdout and "Labels per language" in listing.stdout
    proc = run_graf("query", *DATA, "labels")
    assert proc.returncode == 0 and re.search(r"^da +\d+", proc.stdout, re.MULTILINE)


def test_time_limit_and_max_rows_options():
    proc = run_graf("query", *DATA, "--max-rows", "2", "SELECT * { ?s ?p ?o }")
    assert proc.returncode == 0 and "truncated at max_rows=2" in proc.stdout


@pytest.mark.parametrize("args, needle", [
    (["nonsense"], "invalid choice"),
    (["query", "--format", "yaml", "graphs"], "invalid choice"),
    (["query", "--data", "/nonexistent/x.ttl", "graphs"], "no such file"),
    (["query", "--data", str(FIXTURES / "broken.ttl"), "graphs"], "broken.ttl:5:24"),
    (["export", "--data", str(FIXTURES / "mini.trig"), "--graph", "http://e/none"], "no named graph"),
    (["query", "--file", "/nonexistent.rq"], "cannot read the query file"),
])
def test_bad_input_exits_2_without_traceback(args, needle):
    _assert_clean_failure(run_graf(*args), needle)


def test_debug_shows_the_traceback():
    proc = run_graf("query", "--debug", "--data", "/nonexistent/x.ttl", "graphs")
    assert proc.returncode != 0 and "Traceback" in proc.stderr


def test_info_lists_graphs_and_scenarios():
    proc = run_graf("info", *DATA)
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"<https://w3id.org/graf/graph/mini> +23$", proc.stdout, re.MULTILINE)
    assert re.search(r"graph:mini +Justeret model$", proc.stdout, re.MULTILINE)
    assert re.search(r"graf:Administration +2$", proc.stdout, re.MULTILINE)


def test_export_writes_a_file(tmp_path):
    out = tmp_path / "out.trig"
    proc = run_graf("export", *DATA, "--format", "trig", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "København".encode() in out.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["out.trig"]  # no temp file left


def test_load_into_a_store_then_query_it(tmp_path):
    store = str(tmp_path / "store")
    proc = run_graf("load", "--store", store, str(FIXTURES / "mini.trig"))
    assert proc.returncode == 0 and "loaded 23 statements from 1 file(s)" in proc.stdout
    proc = run_graf("query", "--store", store, "ASK { kbh:tmf ?p ?o }")
    assert proc.returncode == 0 and proc.stdout.strip() == "yes"
