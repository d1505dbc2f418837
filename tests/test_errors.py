import pytest

from graf import errors
from graf.store import QueryOptions


@pytest.mark.parametrize("cls", [
    errors.LoadError, errors.UnsupportedFormatError, errors.QueryError, errors.QueryTimeout,
    errors.UpdateRefused, errors.UnknownNameError, errors.StoreError,
])
def test_every_error_is_a_graf_error(cls):
    assert issubclass(cls, errors.GrafError)


def test_load_error_names_file_line_and_column():
    exc = errors.LoadError("a.ttl", "bad object", 3, 7)
    assert (exc.file, exc.line, exc.column) == ("a.ttl", 3, 7)
    assert str(exc).startswith("a.ttl:3:7: bad object")


def test_query_timeout_names_the_setting():
    exc = errors.QueryTimeout(2.5)
    assert "query_time_limit_s" in str(exc) and "2.5 s" in str(exc)
    assert exc.setting == "query_time_limit_s"


def test_unknown_name_lists_valid_names():
    exc = errors.UnknownNameError("example query", "nope", ["b", "a"])
    assert exc.valid == ["a", "b"]
    assert "a, b" in str(exc)


def test_unsupported_format_lists_supported_ones():
    assert ".trig, .ttl" in str(errors.UnsupportedFormatError("x.csv", [".ttl", ".trig"]))


def test_a_query_that_fails_while_running_is_not_called_a_syntax_error():
    from graf.errors import QueryError, QueryEvaluationError
    from graf.store import EmbeddedStore

    store = EmbeddedStore()
    try:
        with pytest.raises(QueryEvaluationError) as info:
            store.query("SELECT * { ?s ?p ?o }", options=QueryOptions(default_graphs=["not an iri"]))
        assert isinstance(info.value, QueryError)  # still a 400-class query error
        assert "syntax" not in str(info.value) and "failed while running" in str(info.value)
    finally:
        store.close()
