import graf


def test_all_is_sorted_and_short():
    assert graf.__all__ == sorted(graf.__all__)
    assert len(graf.__all__) <= 12


def test_all_is_exactly_the_public_api():
    assert graf.__all__ == [
        "EmbeddedStore", "GrafError", "QueryResult", "Settings", "Store", "errors",
        "example_queries", "open_store", "run_query", "validate",
    ]
    for name in graf.__all__:
        assert getattr(graf, name) is not None


def test_embedded_store_satisfies_the_store_interface(mini_store):
    assert isinstance(mini_store, graf.Store)
