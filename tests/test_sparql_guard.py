"""The guards decide on tokens read as pyoxigraph reads them: keywords are found where the engine
sees them and nowhere else (graf/sparql_lexer.py, graf/sparql_guard.py)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from graf.errors import DatasetError, QueryError, QueryTooDeep, UpdateRefused
from graf.sparql_guard import apply_using, bind_values, inspect, inspect_query, inspect_update
from graf.sparql_lexer import IRI, PNAME, PUNCT, STRING, VAR, WORD, tokenize
from graf.store import EmbeddedStore, QueryOptions

EX = "PREFIX ex: <http://ex/> "


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in tokenize(text)]


@pytest.mark.parametrize("text, token", [
    ("ex:valid-from", (PNAME, "ex:valid-from")),
    ("ex:self-service", (PNAME, "ex:self-service")),
    ("graf:a\\'b", (PNAME, "graf:a\\'b")),
    ("ex:x%41SERVICE", (PNAME, "ex:x%41SERVICE")),
    ("?from", (VAR, "?from")),
    ("$service", (VAR, "$service")),
    ('"""a "" SERVICE"""', (STRING, '"""a "" SERVICE"""')),
    ("'''LOAD\n'''", (STRING, "'''LOAD\n'''")),
    ("'it\\'s FROM'", (STRING, "'it\\'s FROM'")),
    ('"\\u0022 SERVICE"', (STRING, '"\\u0022 SERVICE"')),
    ("<http://x/service>", (IRI, "<http://x/service>")),
    ("<x\\u0020y>", (IRI, "<x\\u0020y>")),
])
def test_keywords_inside_names_strings_iris_and_variables_are_one_token(text: str, token: tuple) -> None:
    assert kinds(text) == [token]


def test_comments_and_language_tags_hide_nothing_and_show_nothing() -> None:
    assert kinds('?s ?p "x"@en-GB # SERVICE <http://x> {\n.') == [
        (VAR, "?s"), (VAR, "?p"), (STRING, '"x"'), ("langtag", "@en-GB"), (PUNCT, ".")]


@pytest.mark.parametrize("end", ["", "\n", "  ", " # SERVICE <x> {", " # x)", "# FROM", "#\n# LOAD\n"])
def test_white_space_and_a_comment_at_the_end_give_no_token(end: str) -> None:
    assert kinds("?s ?p ?o ." + end) == [(VAR, "?s"), (VAR, "?p"), (VAR, "?o"), (PUNCT, ".")]
    assert kinds(end) == []


def test_a_local_name_has_one_run_of_dots_as_in_the_engine() -> None:
    assert kinds("ex:a.b.SERVICE") == [(PNAME, "ex:a.b"), (PUNCT, "."), (WORD, "SERVICE")]


def test_after_an_operand_in_an_expression_less_than_compares() -> None:
    text = "FILTER(1<2&&'>'!='')SERVICE?x#'"
    assert (WORD, "SERVICE") in kinds(text)
    assert kinds("VALUES (?a ?b) { (1 <http://x#y>) }")[7:9] == [("number", "1"), (IRI, "<http://x#y>")]
    assert (IRI, "<http://x/service>") in kinds("?s ?p ( ?x <http://x/service> )")


def test_depth_counts_every_kind_of_bracket() -> None:
    assert max(t.depth for t in tokenize("{ ( [ << <<( {| |} )>> >> ] ) }")) == 6


@pytest.mark.parametrize("query", [
    EX + "SELECT ?s ?x { ?s ex:valid-from ?x }",
    EX + "SELECT ?s ?x { ?s ex:self-service ?x }",
    "SELECT ?from { ?from ?p ?o }",
    'SELECT ?s { ?s ?p "FROM" }',
    "SELECT ?s { ?s ?p ?o } # SERVICE <http://x> { }",
    "SELECT ?s { ?s <http://x/service> ?o }",
    EX + "SELECT ?s { ?s ex:from\\-load ?o }",
    "PREFIX service: <http://ex/> SELECT ?s { ?s service:p ?o }",
])
def test_valid_queries_with_keyword_lookalikes_decide_nothing(query: str) -> None:
    found = inspect_query(query)
    assert (found.service, found.dataset, found.load, found.is_update) == (False, False, False, False)
    assert found.query_form == "SELECT"


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE<http://127.0.0.1:9/x> { ?a ?b ?c } }",
    "SELECT * WHERE { BIND(graf:a\\' AS ?z) SERVICE <http://127.0.0.1:9/x> { ?a ?b ?c } FILTER(?z != 'x') }",
    "SELECT * WHERE { BIND(graf:a\\# AS ?z) SERVICE <http://127.0.0.1:9/x> { ?a ?b ?c } }",
    "select * where { service silent ?x { } }",
    # after an operand, "<" compares: the IRI-looking text hides nothing from the engine, nor from graf
    "SELECT * { ?a ?p ?o FILTER(1<2&&'>'!='')SERVICE?x#'\n{ ?s ?p ?o } }",
    "PREFIX ex: <urn:> SELECT * { ?a ?p ?o FILTER(1<2)SERVICE?x#[>\n{ ?s ?p ?o } }",
    # a local name ends at its second run of dots in the engine
    "PREFIX ex: <urn:> SELECT * { ?s ?p ?o . ?s ?p ex:a.b.SERVICE <urn:x> { ?a ?b ?c } }",
])
def test_service_is_found_wherever_the_engine_sees_it(query: str) -> None:
    assert inspect(query).service
    with pytest.raises(UpdateRefused, match="allow_service"):
        inspect_query(query)
    assert inspect_query(query, allow_service=True).query_form == "SELECT"


@pytest.mark.parametrize("query", ["SELECT * { } LIMIT10", "SELECT * { ?s ?p ?o FILTERregex(?o, 'x') }",
                                   "SELECT * { SERVICESILENT <urn:x> { } }"])
def test_a_keyword_glued_to_a_word_is_refused_with_its_position(query: str) -> None:
    with pytest.raises(QueryError) as info:
        inspect(query)
    assert info.value.line == 1 and "is not a SPARQL keyword" in str(info.value)


def test_prefixes_that_start_with_a_keyword_are_renamed_for_the_engine() -> None:
    query = "PREFIX service: <http://ex/> SELECT ?o { service:s service:p ?o }"
    found = inspect(query)
    assert found.text == query.replace("service:", "xervice:")
    assert found.renamed == (("service", "xervice"),)
    predeclared = inspect("SELECT * { ?s fromage:p ?o }", prefixes=["fromage"])
    assert predeclared.prefixes({"fromage": "http://f/"}) == {"fromage": "http://f/", "xromage": "http://f/"}


def test_the_engine_gets_only_the_predeclared_prefixes_a_query_uses() -> None:
    skos, org = "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/org#"
    predeclared = {"skos": skos, "org": org, "dct": "http://purl.org/dc/terms/"}
    text = 'SELECT ?l { ?s skos:prefLabel ?l FILTER(?l != "dct:x") } # org:Organization'
    found = inspect(text, prefixes=predeclared)
    assert found.prefixes(predeclared) == {"skos": skos}  # not the string's, not the comment's
    store = EmbeddedStore()
    store.extend([ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode(skos + "prefLabel"), ox.Literal("A"))])
    rows = store.query(text, options=QueryOptions(prefixes=predeclared)).rows
    assert [row[0].value for row in rows] == ["A"]
    store.close()


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A local TCP port that records whether anything connected to it (a SERVICE or LOAD target)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        sock.setblocking(False)
        yield sock


def connected(sock: socket.socket) -> bool:
    try:
        sock.accept()[0].close()
    except BlockingIOError:
        return False
    return True


@pytest.mark.parametrize("template", [
    # undeclared SERVICEex: the engine would read SERVICE ex:svc
    "PREFIX ex: <{target}> SELECT * {{ ?a ?b ?c {{ }} UNION {{ SERVICEex:svc {{ ?s ?p ?o }} }} }}",
    # declared prefixes: the engine would still read SERVICE ex:svc where a triple cannot start
    "PREFIX serviceex: <urn:x/> PREFIX ex: <{target}> SELECT * {{ {{ }} UNION {{ serviceex:svc {{ ?s ?p ?o }} }} }}",
    "PREFIX : <{target}> SELECT * {{ {{ }} UNION {{ SERVICE:svc {{ ?s ?p ?o }} }} }}",
])
def test_a_keyword_glued_to_a_prefixed_name_never_calls_a_service(template: str, listener: socket.socket) -> None:
    target = f"http://127.0.0.1:{listener.getsockname()[1]}/"
    query = template.format(target=target)
    store = EmbeddedStore()
    try:
        with pytest.raises(QueryError):
            store.query(query, options=QueryOptions(time_limit_s=10))
    finally:
        store.close()
    assert not connected(listener)


def test_a_load_glued_to_a_prefixed_name_fetches_nothing(listener: socket.socket) -> None:
    target = f"http://127.0.0.1:{listener.getsockname()[1]}/"
    with EmbeddedStore() as store:
        with pytest.raises(QueryError):
            store.update(f"PREFIX ex: <{target}> LOADex:data.ttl")
        assert store.is_empty()
    assert not connected(listener)


@pytest.mark.parametrize("update", ["LOAD <http://example.org/x.ttl>", "load silent <http://example.org/x.ttl>",
                                    "INSERT DATA { <urn:a> <urn:b> <urn:c> } ; LOAD <http://example.org/x>",
                                    "INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }"])
def test_load_and_service_in_updates_are_refused(update: str) -> None:
    with pytest.raises(UpdateRefused, match="allow_service"):
        inspect_update(update)


def test_updates_that_only_mention_load_are_allowed() -> None:
    found = inspect_update('INSERT DATA { <urn:load> <urn:service> "LOAD <x> ; SERVICE" } # LOAD')
    assert found.is_update and not found.load and not found.service


def test_a_query_nested_too_deep_is_refused_unparsed_naming_limit_position_and_setting() -> None:
    query = "SELECT *\n" + "{" * 300 + "}" * 300
    with pytest.raises(QueryTooDeep) as info:
        inspect_query(query)
    assert (info.value.line, info.value.column, info.value.limit) == (2, 251, 250)
    assert "max_query_depth" in str(info.value) and "line 2, column 251" in str(info.value)
    assert inspect_query("SELECT * " + "(" * 10 + ")" * 10, max_depth=10).query_form == "SELECT"
    with pytest.raises(QueryTooDeep):
        inspect_update("INSERT { } WHERE " + "{ FILTER EXISTS " * 251 + "}" * 251)


def test_deep_nesting_never_reaches_the_engine() -> None:
    # 5,000 nested brackets crash pyoxigraph's parser (a segmentation fault): refused before it
    with EmbeddedStore() as store:
        for text in ("SELECT * " + "{" * 5000 + "}" * 5000,
                     "SELECT ((" + "(" * 5000 + "1" + ")" * 5000 + ") AS ?x) {}"):
            with pytest.raises(QueryTooDeep):
                store.query(text)
        with pytest.raises(QueryTooDeep):
            store.update("INSERT { <urn:a> <urn:b> <urn:c> } WHERE " + "{" * 5000 + "}" * 5000)
        assert store.query("ASK {}").boolean is True


def test_using_clauses_go_before_each_top_level_where_of_a_modify() -> None:
    update = ("PREFIX ex: <http://ex/> DELETE { ?s ex:where 'WHERE' } WHERE { ?s ?p ?o } ;\n"
              "INSERT DATA { <urn:a> <urn:b> <urn:c> } ; INSERT { ?s ?p 1 } WHERE { ?s ?p ?o FILTER EXISTS { } }")
    done = apply_using(update, ["urn:g1"], ["urn:g2"])
    assert done.count("USING <urn:g1> USING NAMED <urn:g2> WHERE") == 2
    store = ox.Store()
    store.update(done)  # still a valid update


def test_using_parameters_with_an_own_using_or_with_or_a_bad_iri_are_refused() -> None:
    with pytest.raises(DatasetError) as info:
        apply_using("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", ["urn:x"], [])
    assert info.value.code == "dataset_conflict"
    with pytest.raises(DatasetError) as info:
        apply_using("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", ["urn:a> } ; DROP ALL ; #"], [])
    assert info.value.code == "bad_iri"
    assert apply_using("DELETE { ?s <urn:using> 'WITH' } WHERE { ?s ?p ?o }", ["urn:x"], []).count("USING <urn:x>") == 1


@pytest.mark.parametrize("text", [
    'SELECT ?x ?y WHERE { ?y <http://ex/p> "WHERE {" }',
    'SELECT ?x ?y { ?y <http://ex/p> "x" }',
    'CONSTRUCT { ?y <http://ex/q> ?x } { ?y <http://ex/p> "x" }',
    'CONSTRUCT { ?y <http://ex/q> ?x } WHERE { ?y <http://ex/p> "x" }',
    'SELECT ?x ?y WHERE { { SELECT ?y { ?y <http://ex/p> "x" } } }',
])
def test_bound_values_open_the_where_clause_and_answer_as_substitution_does(text):
    """For servers that cannot take bindings: the same rows as pyoxigraph's own substitution."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://ex/s"), ox.NamedNode("http://ex/p"), ox.Literal("x")))
    value = ox.Literal('a "quoted" } value')
    bound = bind_values(text, {"x": value})
    assert bound.count("VALUES") == 1

    def rows(result):
        return sorted(str(t) for t in result) if isinstance(result, ox.QueryTriples) else \
            sorted(tuple(str(s[v]) for v in result.variables) for s in result)

    assert rows(store.query(bound)) == rows(store.query(text, substitutions={ox.Variable("x"): value}))


def test_a_query_without_a_where_clause_cannot_take_values():
    with pytest.raises(QueryError, match="no WHERE clause"):
        bind_values("DESCRIBE <http://ex/s>", {"x": ox.Literal("1")})
