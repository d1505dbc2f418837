"""The time limit really stops a query (its worker is killed), and slow queries do not starve short
ones: the pool keeps a worker for short queries (graf.workers.WorkerPool). Timing figures are in
bench/ (bench/load.py); these tests wait on events, not on the clock."""

import os
import threading
import time

import pyoxigraph as ox
import pytest

from graf.errors import QueryTimeout, ServerBusy
from graf.store import EmbeddedStore, QueryOptions
from graf.workers import GENERAL_NICE

SLOW = """SELECT (COUNT(*) AS ?n) WHERE {
  ?a <http://e/p> ?x . ?b <http://e/p> ?y . ?c <http://e/p> ?z . FILTER(?x != ?y)
}"""
OTHER_SLOW = SLOW.replace("?x != ?y", "?y != ?z")


def _fill(store: EmbeddedStore) -> EmbeddedStore:
    p = ox.NamedNode("http://e/p")
    store.extend(ox.Quad(ox.NamedNode(f"http://e/s{i}"), p, ox.Literal(i)) for i in range(3000))
    return store


@pytest.fixture(params=["memory", "disk"])
def big_store(request, tmp_path):
    store = _fill(EmbeddedStore(None if request.param == "memory" else tmp_path / "store"))
    yield store
    store.close()


def _until(condition, what: str, limit_s: float = 60.0) -> None:
    """Wait until ``condition()`` holds (the limit only bounds a hang)."""
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.01)


class Running:
    """A query running in a thread; its outcome (result or exception) once it ends."""

    def __init__(self, store: EmbeddedStore, text: str, time_limit_s: float):
        self.outcome: object = None
        self.thread = threading.Thread(target=self._run, args=(store, text, time_limit_s))
        self.thread.start()

    def _run(self, store: EmbeddedStore, text: str, time_limit_s: float) -> None:
        try:
            self.outcome = store.query(text, options=QueryOptions(time_limit_s=time_limit_s))
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            self.outcome = exc

    def join(self) -> object:
        self.thread.join(120)
        return self.outcome


def test_a_slow_query_is_stopped_at_the_limit(big_store):
    with pytest.raises(QueryTimeout, match="query_time_limit_s") as info:
        big_store.query(SLOW, options=QueryOptions(time_limit_s=0.5))
    assert info.value.limit_s == 0.5
    # the worker was killed, a fresh one answers
    assert big_store.query("ASK { ?s ?p ?o }", options=QueryOptions(time_limit_s=30)).boolean is True


def test_the_stopped_worker_process_is_gone(big_store):
    big_store.query("ASK {}")
    proc = big_store.pool.processes()[0]
    with pytest.raises(QueryTimeout):
        big_store.query(SLOW, options=QueryOptions(time_limit_s=0.3))
    assert proc.poll() is not None  # killed, not left burning a CPU


def test_a_store_changed_after_a_query_is_seen_by_the_next_query(mini_store, fixtures):
    ask = "ASK { <https://w3id.org/graf/id/kbh/bl> ?p ?o }"
    assert mini_store.query(ask).boolean is False
    mini_store.load([fixtures / "extra.ttl"])
    assert mini_store.query(ask).boolean is True


def test_with_one_worker_waiting_for_it_counts_toward_the_time_limit():
    store = _fill(EmbeddedStore(None, workers=1))
    try:
        store.query("ASK {}")  # start the single worker
        slow = Running(store, SLOW, 5)
        _until(lambda: store.pool is not None and store.pool.busy == 1, "the slow query runs")
        with pytest.raises(QueryTimeout):
            store.query("ASK {}", options=QueryOptions(time_limit_s=0.5))  # no worker comes free in time
        assert slow.thread.is_alive(), "the slow query ended too early to prove anything"
        assert isinstance(slow.join(), QueryTimeout)
    finally:
        store.close()


@pytest.mark.parametrize("where", ["memory", "disk"])
def test_short_queries_keep_answering_while_slow_ones_hold_every_other_worker(where, tmp_path):
    store = _fill(EmbeddedStore(None if where == "memory" else tmp_path / "store", workers=2))
    try:
        store.query("ASK {}")
        slow = Running(store, SLOW, 8)  # takes the one general worker
        _until(lambda: store.pool.busy == 1, "the slow query runs")
        for _ in range(3):  # answered on the worker kept for short queries
            assert store.query("ASK { ?s ?p ?o }", options=QueryOptions(time_limit_s=60)).boolean is True
        # another slow query may not hold that worker: it is stopped after short_query_s ...
        with pytest.raises(ServerBusy, match="short_query_s") as info:
            store.query(OTHER_SLOW, options=QueryOptions(time_limit_s=60))
        assert info.value.retry_after_s >= 1
        # ... and is then known to be long: refused at once while every general worker is busy
        with pytest.raises(ServerBusy, match="known to run long"):
            store.query(OTHER_SLOW, options=QueryOptions(time_limit_s=60))
        assert store.query("ASK {}").boolean is True
        assert slow.thread.is_alive(), "the slow query ended too early to prove anything"
        assert isinstance(slow.join(), QueryTimeout)
    finally:
        store.close()


def _nice(pid: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, pid)


def test_queries_that_do_not_overlap_run_at_the_servers_priority_the_ones_beside_them_lower(tmp_path):
    store = _fill(EmbeddedStore(tmp_path / "store", workers=3))
    own = _nice(0)
    try:
        store.query("ASK {}")
        [first] = store.pool.processes()  # the first general worker (the short lane is not started)
        assert _nice(first.pid) == own
        slow = Running(store, SLOW, 2)  # runs on that worker, the one an idle pool hands out first
        _until(lambda: store.pool.busy == 1, "the slow query runs")
        assert store.query("ASK { ?s ?p ?o }").boolean is True  # beside it: a second general worker
        [second] = [p for p in store.pool.processes() if p.pid != first.pid]
        assert _nice(second.pid) == min(19, own + GENERAL_NICE)
        assert isinstance(slow.join(), QueryTimeout)  # the first worker was killed at the limit
        assert first.poll() is not None
        # the next query goes to the first worker again (restarted), not to the lowered one that is idle
        assert store.query("ASK {}").boolean is True
        again = store.pool.processes()[0]
        assert again.pid not in (first.pid, second.pid) and _nice(again.pid) == own
    finally:
        store.close()
