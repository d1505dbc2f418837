import pytest

from graf.errors import QueryError, UpdateRefused
from graf.settings import Settings
from graf.sparql import check_query, run_query
from graf.store import QueryOptions


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
    "PREFIX e: <http://e/>\nDELETE WHERE { ?s ?p ?o }",
    "# a comment with SELECT in it\nCLEAR ALL",
    "LOAD <http://example.org/data.ttl>",
    "DROP GRAPH <http://e/g>",
])
def test_updates_are_refused(mini_store, update):
    with pytest.raises(UpdateRefused, match="read-only"):
        mini_store.query(update)
    assert mini_store.query("ASK { ?s ?p ?o }").boolean is True


def test_service_is_refused_unless_allowed():
    query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    with pytest.raises(UpdateRefused, match="allow_service"):
        check_query(query)
    assert check_query(query, allow_service=True) == "SELECT"


@pytest.mark.parametrize("query", [
    'SELECT * WHERE { ?s ?p "SERVICE" }',
    "SELECT * WHERE { ?s <http://e/SERVICE> ?o } # SERVICE",
    "PREFIX e: <http://e/> SELECT * WHERE { ?s e:SERVICE ?o }",
])
def test_the_word_service_in_strings_iris_and_comments_is_fine(query):
    assert check_query(query) == "SELECT"


def test_a_malformed_query_reports_line_and_column(mini_store):
    with pytest.raises(QueryError) as info:
        mini_store.query("SELECT ?s\nWHERE { ?s ?p }")
    assert info.value.line == 2 and info.value.column in range(14, 17)
    assert f"line 2, column {info.value.column}" in str(info.value)


@pytest.mark.parametrize("query, form", [
    ("SELECT * {}", "SELECT"), ("ask {}", "ASK"),
    ("BASE <http://e/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("PREFIX d: <http://e/describe#> DESCRIBE d:x", "DESCRIBE"),
])
def test_query_form(query, form):
    assert check_query(query) == form


def test_the_row_cap_sets_the_truncation_flag(mini_store):
    query = "SELECT * WHERE { ?s ?p ?o }"
    assert mini_store.query(query, options=QueryOptions(max_rows=1000)).truncated is False
    capped = run_query(mini_store, query, Settings(max_rows=5))
    assert capped.truncated is True and len(capped.rows) == 5
    assert "truncated at max_rows=5" in capped.to_table()
    graph = mini_store.query("CONSTRUCT WHERE { ?s ?p ?o }", options=QueryOptions(max_rows=3))
    assert graph.truncated is True and len(graph.triples) == 3


def test_exactly_max_rows_is_not_truncated(mini_store):
    total = len(mini_store.query("SELECT * WHERE { ?s ?p ?o }").rows)
    assert mini_store.query("SELECT * WHERE { ?s ?p ?o }", options=QueryOptions(max_rows=total)).truncated is False


@pytest.mark.parametrize("text", [
    # an escaped quote or hash in a prefixed name must not open a fake string or comment that hides SERVICE
    "SELECT * WHERE { BIND(graf:a\\' AS ?z) SERVICE <http://127.0.0.1:9/x> { ?a ?b ?c } FILTER(?z != 'x') }",
    "SELECT * WHERE { BIND(graf:a\\# AS ?z) SERVICE <http://127.0.0.1:9/x> { ?a ?b ?c } }",
    "SELECT * WHERE { SERVICE<http://127.0.0.1:9/x> { ?a ?b ?c } }",
])
def test_service_hidden_behind_escapes_is_still_refused(text):
    from graf.errors import UpdateRefused
    from graf.sparql import check_query, find_service

    assert find_service(text)
    with pytest.raises(UpdateRefused):
        check_query(text)


def test_the_word_service_inside_a_string_or_iri_is_not_a_service_call():
    from graf.sparql import find_service

    assert not find_service('SELECT * { ?s ?p "public service" . ?s <http://e/SERVICE> ?o }')
