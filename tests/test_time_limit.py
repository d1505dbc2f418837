import time

import pyoxigraph as ox
import pytest

from graf.errors import QueryTimeout
from graf.store import EmbeddedStore

SLOW = """SELECT (COUNT(*) AS ?n) WHERE {
  ?a <http://e/p> ?x . ?b <http://e/p> ?y . ?c <http://e/p> ?z . FILTER(?x != ?y)
}"""


@pytest.fixture(params=["memory", "disk"])
def big_store(request, tmp_path):
    store = EmbeddedStore(None if request.param == "memory" else tmp_path / "store")
    p = ox.NamedNode("http://e/p")
    quads = [ox.Quad(ox.NamedNode(f"http://e/s{i}"), p, ox.Literal(i)) for i in range(3000)]
    store._store.extend(quads)
    yield store
    store.close()


def test_a_slow_query_is_stopped_at_the_limit(big_store):
    started = time.perf_counter()
    with pytest.raises(QueryTimeout, match="query_time_limit_s") as info:
        big_store.query(SLOW, time_limit_s=0.5)
    elapsed = time.perf_counter() - started
    assert info.value.limit_s == 0.5
    assert elapsed < 3.0  # includes starting the worker (about 0.1 s)
    # the worker was killed, a fresh one answers at once
    started = time.perf_counter()
    assert big_store.query("ASK { ?s ?p ?o }", time_limit_s=2).boolean is True
    assert time.perf_counter() - started < 2.0


def test_the_stopped_worker_process_is_gone(big_store):
    big_store.query("ASK {}")
    proc = big_store._worker._proc
    with pytest.raises(QueryTimeout):
        big_store.query(SLOW, time_limit_s=0.3)
    assert proc.poll() is not None  # killed, not left burning a CPU


def test_a_store_changed_after_a_query_is_seen_by_the_next_query(mini_store, fixtures):
    ask = "ASK { <https://w3id.org/graf/id/kbh/bl> ?p ?o }"
    assert mini_store.query(ask).boolean is False
    mini_store.load([fixtures / "extra.ttl"])
    assert mini_store.query(ask).boolean is True


def test_waiting_for_a_free_worker_counts_toward_the_time_limit(tmp_path, monkeypatch):
    import threading

    import graf._worker as worker_module

    monkeypatch.setattr(worker_module, "POOL_SIZE", 1)  # every worker busy with one slow query
    store = EmbeddedStore(None)
    p = ox.NamedNode("http://e/p")
    store._store.extend(ox.Quad(ox.NamedNode(f"http://e/s{i}"), p, ox.Literal(i)) for i in range(3000))
    try:
        store.query("ASK {}")  # start the single worker
        slow = threading.Thread(target=lambda: pytest.raises(QueryTimeout, store.query, SLOW, time_limit_s=3))
        slow.start()
        time.sleep(0.3)
        started = time.perf_counter()
        with pytest.raises(QueryTimeout):
            store.query("ASK {}", time_limit_s=0.5)  # no worker comes free within its own limit
        waited = time.perf_counter() - started
        assert 0.4 < waited < 2.0  # not the slow query's 3 s, and not forever
        slow.join()
    finally:
        store.close()
