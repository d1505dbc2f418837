import pytest

from graf.errors import UnknownNameError
from graf.sparql import example_queries, example_query


def test_the_generic_examples_exist_with_title_and_description():
    queries = {q.name: q for q in example_queries()}
    assert {"graphs", "actor-kinds", "labels"} <= set(queries)
    for query in queries.values():
        assert query.title and query.description and query.title != query.name


@pytest.mark.parametrize("query", example_queries(), ids=lambda q: q.name)
def test_every_example_runs(mini_store, query):
    result = mini_store.query(query.text)
    assert result.form == "SELECT"


def test_examples_answer_on_the_mini_dataset(mini_store):
    kinds = {r["class"].value.rsplit("#")[-1]: int(r["actors"].value)
             for r in mini_store.query(example_query("actor-kinds").text).records()}
    assert kinds == {"Administration": 2, "HousingOrganisation": 1, "ContactChannel": 1, "Municipality": 1}
    labels = {r["language"].value: int(r["labels"].value)
              for r in mini_store.query(example_query("labels").text).records()}
    assert labels == {"da": 5, "en": 5}


def test_an_unknown_example_lists_the_names():
    with pytest.raises(UnknownNameError) as info:
        example_query("nope")
    assert "graphs" in info.value.valid and "graphs" in str(info.value)


def test_every_shipped_example_query_has_a_danish_and_an_english_title_and_question():
    from graf.sparql import example_queries

    for q in example_queries():
        assert q.title and q.description, q.name
        assert q.title_da and q.description_da, f"{q.name}.rq lacks '# title-da:' / '# description-da:'"
        assert q.title_in("da") == q.title_da and q.title_in("en") == q.title
