"""SPARQL updates never run in the store's own process first (graf.writer): an update that crashes
the engine is refused and changes nothing, and the store goes on; errors and the time limit
behave as they did in process."""

import pyoxigraph as ox
import pytest

from graf.errors import GrafError, QueryError, QueryTimeout, UpdateCrashed
from graf.store import EmbeddedStore
from graf.writer import trial_update, update_on_disk

#: pyoxigraph 0.5 overflows its stack (a segfault) on an update nesting this deep
CRASHING = "INSERT { <http://e/a> <http://e/p> 1 } WHERE " + "{" * 3000 + "}" * 3000
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(params=["memory", "disk"])
def store(request, tmp_path):
    store = EmbeddedStore(None if request.param == "memory" else tmp_path / "store")
    p = ox.NamedNode("http://e/p")
    store.extend(ox.Quad(ox.NamedNode(f"http://e/s{i}"), p, ox.Literal(i)) for i in range(2000))
    yield store
    store.close()


def _count(store: EmbeddedStore) -> int:
    return int(store.query(COUNT).rows[0][0].value)


def test_an_update_that_crashes_the_engine_is_refused_and_the_store_goes_on(store):
    # graf.writer directly: the store's own guards may refuse such nesting before it gets there
    if store.path is None:
        plain = ox.Store()
        plain.extend(ox.Quad(ox.NamedNode(f"http://e/s{i}"), ox.NamedNode("http://e/p"), ox.Literal(i))
                     for i in range(2000))
        with pytest.raises(UpdateCrashed, match="SIGSEGV"):
            trial_update(plain, CRASHING, None, 60)  # the engine really crashes, in the forked copy
        assert len(plain) == 2000
    else:
        store.close()
        with pytest.raises(UpdateCrashed, match="SIGSEGV"):
            update_on_disk(str(store.path), CRASHING, None, 60)
        store = EmbeddedStore(store.path)  # opens cleanly, unchanged
    try:
        assert _count(store) == 2000
        store.update("INSERT DATA { <http://e/new> <http://e/p> 1 }")
        assert _count(store) == 2001
    finally:
        store.close()


def test_update_errors_say_what_failed_and_change_nothing(store):
    with pytest.raises(QueryError) as info:
        store.update("INSERT DATA { <http://e/x> <http://e/p> }")
    assert info.value.line == 1
    store.update("CREATE GRAPH <http://e/g>")
    with pytest.raises(GrafError, match="changed nothing"):
        store.update("INSERT DATA { <http://e/y> <http://e/p> 2 } ; CREATE GRAPH <http://e/g>")
    assert not store.query("ASK { <http://e/y> ?p ?o }").boolean  # all-or-nothing
    assert _count(store) == 2000


def test_an_update_is_stopped_at_the_time_limit_and_changes_nothing(store):
    slow = ("INSERT { ?a <http://e/q> ?y } WHERE { ?a <http://e/p> ?x . ?b <http://e/p> ?y . "
            "?c <http://e/p> ?z FILTER(?x != ?z) }")
    with pytest.raises(QueryTimeout, match="update stopped after 0.5 s.*nothing was changed"):
        store.update(slow, time_limit_s=0.5)
    assert _count(store) == 2000
    store.update("INSERT DATA { <http://e/new> <http://e/p> 1 }")  # the store takes the next update
    assert _count(store) == 2001
