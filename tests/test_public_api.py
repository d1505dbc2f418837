import graf
from graf import errors, report, settings, sparql, store


def test_all_is_sorted_and_short():
    assert graf.__all__ == sorted(graf.__all__)
    assert len(graf.__all__) <= 12


def test_all_is_exactly_the_public_api():
    assert graf.__all__ == [
        "EmbeddedStore", "GrafError", "QueryResult", "Settings", "Store", "errors",
        "example_queries", "open_store", "run_query", "validate",
    ]
    homes = {"EmbeddedStore": store, "GrafError": errors, "QueryResult": sparql, "Settings": settings,
             "Store": store, "example_queries": sparql, "open_store": store, "run_query": sparql, "validate": report}
    for name, home in homes.items():  # each name is the object its module defines, not a stand-in
        assert getattr(graf, name) is getattr(home, name), name
    assert graf.errors is errors


def test_embedded_store_satisfies_the_store_interface(mini_store):
    assert isinstance(mini_store, graf.Store)
