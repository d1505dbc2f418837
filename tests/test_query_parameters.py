"""Parameterised queries: '# param:' declarations, values bound as RDF terms (never pasted into the
query), on the CLI (exit 2 naming a bad parameter) and over HTTP (/queries/{name}, 400 naming it)."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pyoxigraph as ox
import pytest

from graf.errors import GrafError, ParameterError
from graf.examples import example_queries, example_query
from graf.parameters import Parameter, bind, parse_parameters, resolve_actor_id, to_term
from graf.sparql import PREFIXES, run_query
from graf.store import EmbeddedStore, QueryOptions
from tests.conftest import FIXTURES, run_graf

KBH = "https://w3id.org/graf/id/kbh/"
TMF = KBH + "teknik-og-miljoeforvaltningen"
XSD = "http://www.w3.org/2001/XMLSchema#"
TYPED = FIXTURES / "queries" / "typed.rq"


# -- declarations ---------------------------------------------------------------------------------------


def test_a_declaration_gives_name_type_default_and_both_descriptions() -> None:
    (actor, day, plain) = parse_parameters(
        "# param: actor (actor) = teknik-og-miljoeforvaltningen — an actor id or IRI\n"
        "# param-da: actor — en aktørs id eller IRI\n"
        "# param: day (date) -- a day\n"
        "# param: plain\n"
        "SELECT ?actor ?day ?plain WHERE {}")
    assert actor == Parameter("actor", "actor", "teknik-og-miljoeforvaltningen", "an actor id or IRI",
                              "en aktørs id eller IRI")
    assert not actor.required and actor.description_in("da") == "en aktørs id eller IRI"
    assert day == Parameter("day", "date", None, "a day") and day.required and day.description_in("da") == "a day"
    assert plain.type == "string" and plain.required


@pytest.mark.parametrize(("text", "says"), [
    ("# param: x (number)", "unknown type 'number'; use one of: actor, iri, string"),
    ("# param: 1x", "cannot read the parameter declaration"),
    ("# param: format", "may not be called 'format'"),
    ("# param: x\n# param: x (integer)", "line 2: parameter 'x' is declared twice"),
    ("# param: n (integer) = many", "the default of parameter 'n' is not a whole number"),
    ("# param: d (date) = 2010-02-30", "the default of parameter 'd' is not a date"),
    ("# param-da: x — en x", "'# param-da:' describes 'x', which no '# param:' line declares"),
])
def test_a_bad_declaration_is_refused_naming_the_line(text: str, says: str) -> None:
    with pytest.raises(GrafError, match="q.rq, line") as info:
        parse_parameters(text, "q.rq")
    assert says in str(info.value)


def test_every_shipped_example_parses_and_three_take_parameters() -> None:
    declared = {q.name: [p.name for p in q.parameters] for q in example_queries()}
    assert declared["sources-of-actor"] == ["actor"]
    assert declared["channels-of-actor"] == ["actor"]
    assert declared["actors-of-kind"] == ["kind"]
    for q in example_queries():
        for p in q.parameters:  # SEP-0007: a SELECT projects the variables it binds
            assert f"?{p.name}" in q.text.split("WHERE")[0], (q.name, p.name)
            assert p.description and p.description_da, (q.name, p.name)


# -- values as RDF terms ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "value", "term"), [
    ("integer", "+42", ox.Literal("42", datatype=ox.NamedNode(XSD + "integer"))),
    ("decimal", "2.50", ox.Literal("2.50", datatype=ox.NamedNode(XSD + "decimal"))),
    ("date", "2010-02-25", ox.Literal("2010-02-25", datatype=ox.NamedNode(XSD + "date"))),
    ("boolean", "TRUE", ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))),
    ("boolean", "0", ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean"))),
    ("string", ' a "quoted" } value ', ox.Literal(' a "quoted" } value ')),
    ("iri", "graf:Administration", ox.NamedNode("https://w3id.org/graf/def#Administration")),
    ("iri", "<https://example.org/x>", ox.NamedNode("https://example.org/x")),
    ("iri", "urn:x:1", ox.NamedNode("urn:x:1")),
])
def test_values_become_typed_terms(kind: str, value: str, term: object) -> None:
    assert to_term(kind, value) == term


@pytest.mark.parametrize(("kind", "value", "says"), [
    ("integer", "4.2", "not a whole number"),
    ("decimal", "1e3", "not a decimal number"),
    ("date", "2010-13-01", "not a date YYYY-MM-DD"),
    ("date", "25/02/2010", "not a date YYYY-MM-DD"),
    ("boolean", "yes", "not true or false"),
    ("iri", "not an iri", "neither an IRI nor a prefixed name"),
    ("iri", "nope:x", "neither an IRI nor a prefixed name"),
    ("iri", "https://example.org/a b", "Invalid IRI"),
])
def test_ill_typed_values_are_refused(kind: str, value: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        to_term(kind, value)


def test_bind_fills_defaults_and_names_each_bad_parameter() -> None:
    params = parse_parameters(TYPED.read_text(encoding="utf-8"))
    bound = bind(params, [("n", "7")])
    assert bound["n"] == ox.Literal("7", datatype=ox.NamedNode(XSD + "integer"))
    assert bound["word"] == ox.Literal("plain") and bound["day"].value == "2010-02-25"
    for given, name, says in [([], "n", "missing; give a whole number"),
                              ([("n", "x")], "n", "not a whole number"),
                              ([("n", "1"), ("n", "2")], "n", "given more than once"),
                              ([("n", "1"), ("m", "2")], "m", "typed.rq has no such parameter; it takes: n, day"),
                              ([("n", "1"), ("day", "2010-02-31")], "day", "not a date")]:
        with pytest.raises(ParameterError) as info:
            bind(params, given, query="typed.rq")
        assert info.value.name == name and says in str(info.value), str(info.value)
        assert str(info.value).startswith(f"parameter {name!r}: ")


def test_values_are_substituted_never_written_into_the_query(store: object) -> None:
    """A value that would break out of a string literal, were it pasted, stays one literal."""
    text = TYPED.read_text(encoding="utf-8")
    hostile = '" } UNION { ?s ?p ?o } #'
    bound = bind(parse_parameters(text), [("n", "1"), ("word", hostile)])
    result = run_query(store, text, prefixes=PREFIXES, bindings=bound)
    assert len(result.rows) == 1
    row = result.records()[0]
    assert row["word"] == ox.Literal(hostile) and row["n"].value == "1"
    assert row["kind"] == ox.NamedNode("https://w3id.org/graf/def#Administration")


# -- actor ids ------------------------------------------------------------------------------------------------


def test_an_actor_id_resolves_to_its_iri_under_the_data_sets_namespace(store: object) -> None:
    assert resolve_actor_id(store, "teknik-og-miljoeforvaltningen") == ox.NamedNode(TMF)
    params = [Parameter("actor", "actor")]
    for value in ("teknik-og-miljoeforvaltningen", "kbh:teknik-og-miljoeforvaltningen", TMF, f"<{TMF}>"):
        assert bind(params, {"actor": value}, store)["actor"] == ox.NamedNode(TMF), value
    with pytest.raises(ParameterError, match="no actor has the id 'no-such-actor'"):
        bind(params, {"actor": "no-such-actor"}, store)
    with pytest.raises(ParameterError, match="is not an actor id"):
        bind(params, {"actor": 'x" . ?s ?p ?o'}, store)


def test_an_id_two_data_sets_share_is_ambiguous() -> None:
    with EmbeddedStore() as two:
        two.load([FIXTURES / "queries" / "two-datasets.trig"])
        assert resolve_actor_id(two, "only-a") == ox.NamedNode("https://w3id.org/graf/id/a/only-a")
        assert resolve_actor_id(two, "unit/only-a") == ox.NamedNode("https://w3id.org/graf/id/a/unit/only-a")
        with pytest.raises(ValueError, match="ambiguous; give one of the IRIs: https://w3id.org/graf/id/a/shared, "
                                             "https://w3id.org/graf/id/b/shared"):
            resolve_actor_id(two, "shared")


def test_parameterised_examples_answer_for_the_given_actor(store: object) -> None:
    q = example_query("sources-of-actor")
    default = run_query(store, q.text, prefixes=PREFIXES, bindings=bind(q.parameters, {}, store)).records()
    assert default and {r["actor"].value for r in default} == {TMF}
    other = bind(q.parameters, {"actor": "oekonomiforvaltningen"}, store)
    rows = run_query(store, q.text, prefixes=PREFIXES, bindings=other).records()
    assert rows and {r["actor"].value for r in rows} == {KBH + "oekonomiforvaltningen"}
    kinds = example_query("actors-of-kind")
    housing = bind(kinds.parameters, {"kind": "graf:HousingOrganisation"}, store)
    names = {r["nameDa"].value for r in run_query(store, kinds.text, prefixes=PREFIXES, bindings=housing).records()}
    assert "Boligforeningen 3B" in names and "Teknik- og Miljøforvaltningen" not in names


def test_an_external_sparql_server_gets_the_values_as_one_term_each(remote_store: object) -> None:
    """The value travels in the text as a term pyoxigraph writes: quotes and braces stay inside it."""
    value = ox.Literal('1" } } DROP ALL # \\')
    rows = remote_store.query("SELECT ?x WHERE {}",  # type: ignore[attr-defined]
                              options=QueryOptions(bindings={"x": value})).rows
    assert [row[0] for row in rows] == [value]


# -- CLI --------------------------------------------------------------------------------------------------------


def test_cli_binds_a_parameter() -> None:
    done = run_graf("query", "sources-of-actor", "--param", "actor=oekonomiforvaltningen", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows and {r["actor"] for r in rows} == {KBH + "oekonomiforvaltningen"}
    typed = run_graf("query", "--file", str(TYPED), "-p", "n=3", "-p", "flag=false", "--format", "json")
    assert typed.returncode == 0, typed.stderr
    row = json.loads(typed.stdout)["results"]["bindings"][0]
    assert row["n"] == {"type": "literal", "value": "3", "datatype": XSD + "integer"}
    assert row["flag"]["value"] == "false" and row["day"]["value"] == "2010-02-25"
    listing = run_graf("query", "--list").stdout
    assert "--param actor=...  (actor, required)" in listing


@pytest.mark.parametrize(("args", "says"), [
    (["channels-of-actor"], "parameter 'actor': missing; give an actor id"),
    (["channels-of-actor", "--param", "actr=entry-point"], "parameter 'actr': channels-of-actor has no such "
                                                           "parameter; it takes: actor"),
    (["channels-of-actor", "--param", "actor=no-such-actor"], "parameter 'actor': no actor has the id"),
    (["actors-of-kind", "--param", "kind=hello world"], "parameter 'kind': 'hello world' is neither an IRI"),
    (["--file", str(TYPED), "--param", "n=x"], "parameter 'n': 'x' is not a whole number"),
    (["--file", str(TYPED), "--param", "n"], "parameter 'n': write --param NAME=VALUE"),
])
def test_cli_names_a_bad_parameter_and_exits_2(args: list[str], says: str) -> None:
    done = run_graf("query", *args)
    assert done.returncode == 2, done.stdout
    assert says in done.stderr and "Traceback" not in done.stderr


# -- HTTP ---------------------------------------------------------------------------------------------------------


def test_http_runs_an_example_with_its_parameters_in_any_results_format(graf_server: str) -> None:
    url = graf_server + "/queries/channels-of-actor"
    r = httpx.get(url, params={"actor": "entry-point"}, timeout=60)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+json")
    bindings = r.json()["results"]["bindings"]
    assert bindings and {b["actor"]["value"] for b in bindings} == {KBH + "entry-point"}
    assert {b["kind"]["value"] for b in bindings} == {"formal"}
    as_csv = httpx.get(url, params={"actor": "kbh:entry-point"}, headers={"Accept": "text/csv"}, timeout=60)
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert len(list(csv.DictReader(io.StringIO(as_csv.text)))) == len(bindings)
    as_xml = httpx.get(url, params={"actor": KBH + "entry-point", "format": "xml"}, timeout=60)
    assert as_xml.headers["content-type"].startswith("application/sparql-results+xml")
    assert as_xml.text.count("<result>") == len(bindings)
    default = httpx.get(graf_server + "/queries/sources-of-actor", timeout=60).json()["results"]["bindings"]
    assert {b["actor"]["value"] for b in default} == {TMF}


@pytest.mark.parametrize(("path", "params", "name", "says"), [
    ("channels-of-actor", {}, "actor", "missing"),
    ("channels-of-actor", {"actor": "no-such-actor"}, "actor", "no actor has the id 'no-such-actor'"),
    ("channels-of-actor", {"actor": "x", "who": "y"}, "who", "no such parameter; it takes: actor"),
    ("actors-of-kind", {"kind": "not an iri"}, "kind", "neither an IRI nor a prefixed name"),
    ("labels", {"x": "1"}, "x", "it takes no parameters"),
])
def test_http_answers_400_naming_a_bad_parameter(graf_server: str, path: str, params: dict, name: str,
                                                 says: str) -> None:
    r = httpx.get(f"{graf_server}/queries/{path}", params=params, timeout=60)
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] == "bad_parameter" and error["parameter"] == name and says in error["message"]


def test_http_refuses_a_format_the_result_cannot_take(graf_server: str) -> None:
    r = httpx.get(graf_server + "/queries/actors-of-kind", headers={"Accept": "text/turtle"}, timeout=60)
    assert r.status_code == 406 and "application/sparql-results+json" in r.json()["error"]["message"]


def test_http_lists_each_examples_parameters(graf_server: str) -> None:
    listed = {q["name"]: q for q in httpx.get(graf_server + "/queries", timeout=60).json()}
    assert listed["channels-of-actor"]["parameters"] == [{
        "name": "actor", "type": "actor", "required": True, "default": None,
        "description": "an actor id or IRI, e.g. teknik-og-miljoeforvaltningen or entry-point",
        "description_da": "en aktørs id eller IRI, fx teknik-og-miljoeforvaltningen eller entry-point"}]
    assert listed["labels"]["parameters"] == []
