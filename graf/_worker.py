"""Run SPARQL queries in a worker process that can be killed: the time limit that really stops.

Why a process: pyoxigraph has no way to cancel a running query, and it evaluates ``ORDER BY``,
``GROUP BY`` and joins inside Rust before yielding the first row, so neither a deadline check
between rows nor a Python thread can stop it (a thread keeps burning a CPU core after a timeout).
A separate process can be killed at the deadline. The worker is long-lived: it opens the store
once (``Store.read_only`` on the store's folder; an in-memory store is first copied once into a
temporary folder, the "snapshot") and answers queries over a pipe, so a query pays only the
pickling of its rows. It is restarted only after a timeout or after the store changed.

A store runs a :class:`WorkerPool` of up to :data:`POOL_SIZE` such workers, started on demand, so
that one slow query does not make the next query wait (the HTTP server answers ``ASK {}`` while a
query runs into its time limit; ``tests/test_sparql_protocol.py`` checks it).

Measured on this machine (``tests/test_time_limit.py`` checks the behaviour, ``bench`` numbers
in the README): starting the worker (spawn + import pyoxigraph + open read-only) about 0.1 s,
once; a trivial query through the worker about 1 ms; a cross join of 3,000 x 3,000 triples with
``COUNT`` is stopped at the limit (0.5 s) to within about 50 ms, and the CPU is freed.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

# Payloads sent back by the worker:
#   ("select", variables, rows, truncated) | ("ask", bool) | ("graph", triples, truncated)
#   ("syntax", message)  (the parser's message, with "error at LINE:COL")
#   ("error", message)   (evaluation errors: pyoxigraph OSError/ValueError/SyntaxError text)


def _evaluate(
    store: Any,
    text: str,
    default_graphs: list[str] | None,
    max_rows: int,
    prefixes: dict[str, str],
    named_graphs: list[str] | None = None,
    base_iri: str | None = None,
    union: bool = True,
) -> tuple:
    """Run one query. A protocol dataset (``default_graphs``/``named_graphs``, as in the SPARQL
    1.1 Protocol's default-graph-uri/named-graph-uri) overrides FROM/FROM NAMED; with neither,
    the default graph is the union of all graphs unless ``union`` is False (the query has its own
    FROM / FROM NAMED, which then define the dataset)."""
    import pyoxigraph as ox

    options: dict[str, Any] = {"prefixes": prefixes, "base_iri": base_iri}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    elif named_graphs is not None:
        options["default_graph"] = []  # only named graphs given: the default graph is empty
    elif union:
        options["use_default_graph_as_union"] = True
    if named_graphs is not None:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    results = store.query(text, **options)
    if isinstance(results, ox.QueryBoolean):
        return ("ask", bool(results))
    rows: list = []
    truncated = False
    for item in results:
        if len(rows) >= max_rows:
            truncated = True
            break
        rows.append(tuple(item) if isinstance(results, ox.QuerySolutions) else item)
    if isinstance(results, ox.QuerySolutions):
        return ("select", [v.value for v in results.variables], rows, truncated)
    return ("graph", rows, truncated)


def _serve(conn: Connection, path: str) -> None:  # runs in the worker process
    """Worker main loop: open the store read-only, answer until the pipe closes."""
    import time

    import pyoxigraph as ox

    # Right after another process wrote the store (e.g. `graf load --store DIR`, then `graf info`),
    # RocksDB may still be compacting: a read-only open can see a file list that is being replaced
    # and fail with "Corruption ... No such file". Such a failure is transient: retry briefly.
    for attempt in range(20):
        try:
            store = ox.Store.read_only(path)
            break
        except (OSError, RuntimeError):
            if attempt == 19:
                raise
            time.sleep(0.05 * (attempt + 1))
    conn.send(("ready",))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        try:
            conn.send(_evaluate(store, *request))
        except SyntaxError as exc:
            conn.send(("syntax", str(exc.args[0]) if exc.args else str(exc)))
        except Exception as exc:  # reported to the parent, which raises a GrafError
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class QueryWorker:
    """A killable worker process answering queries on the store folder ``path``."""

    def __init__(self, path: str):
        self.path = path
        self._lock = threading.Lock()
        self._proc: Any = None
        self._conn: Connection | None = None

    def _start(self) -> Connection:
        # A plain subprocess running this file (``-P``: its folder is not put on sys.path), not
        # multiprocessing: spawn would re-run the parent's ``__main__`` (a script, stdin, uvicorn),
        # and fork must not copy a process holding RocksDB threads. It imports only pyoxigraph.
        parent_sock, child_sock = socket.socketpair()
        with child_sock:
            proc = subprocess.Popen(
                [sys.executable, "-P", __file__, self.path, str(child_sock.fileno())],
                pass_fds=[child_sock.fileno()],
                stdin=subprocess.DEVNULL,
            )
        conn = Connection(parent_sock.detach())
        try:
            ready = conn.poll(60) and conn.recv() == ("ready",)
        except (EOFError, OSError):
            ready = False
        if not ready:
            proc.kill()
            proc.wait()
            conn.close()
            from graf.errors import StoreError

            raise StoreError(f"the query worker could not open the store at {self.path}")
        self._proc, self._conn = proc, conn
        return conn

    def run(
        self,
        text: str,
        default_graphs: list[str] | None,
        max_rows: int,
        time_limit_s: float,
        prefixes: dict[str, str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
        union: bool = True,
    ) -> tuple:
        """Evaluate ``text``; kill the worker and raise QueryTimeout after ``time_limit_s``."""
        with self._lock:
            conn = self._conn or self._start()
            conn.send((text, default_graphs, max_rows, prefixes or {}, named_graphs, base_iri, union))
            try:
                ready = conn.poll(time_limit_s)
            except (EOFError, OSError):
                ready = True
            if not ready:
                self._kill()
                from graf.errors import QueryTimeout

                raise QueryTimeout(time_limit_s)
            try:
                reply = conn.recv()
            except (EOFError, OSError) as exc:
                self._kill()
                from graf.errors import StoreError

                raise StoreError("the query worker died; the query may need too much memory") from exc
        if reply[0] == "error":
            from graf.errors import QueryEvaluationError

            raise QueryEvaluationError(reply[1])
        return reply

    def stop(self) -> None:
        """Kill the worker (if any), waiting for a running query; the next query starts a fresh one."""
        with self._lock:
            self._kill()

    def _kill(self) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if conn is not None:
            conn.close()
        if proc is not None:
            proc.kill()
            proc.wait(5)

    def __del__(self) -> None:
        self._kill()


#: most worker processes one store runs at once (each ~30 MB; started on demand)
POOL_SIZE = 4


class WorkerPool:
    """Up to ``size`` query workers on one store folder, so a slow query does not hold up others.

    A query takes an idle worker; when every started worker is busy, a new one is started
    (about 0.1 s) until ``size`` run; then the query waits for a worker to come free. A timed-out
    worker is killed and restarts on its next query (see :class:`QueryWorker`).
    """

    def __init__(self, path: str, size: int | None = None):
        self.path = path
        self.size = max(1, POOL_SIZE if size is None else size)
        self._cond = threading.Condition()
        self._workers: list[QueryWorker] = []
        self._idle: list[QueryWorker] = []
        self._closed = False

    def run(self, text: str, default_graphs: list[str] | None, max_rows: int, time_limit_s: float,
            *args: Any, **kwargs: Any) -> tuple:
        """Like :meth:`QueryWorker.run`, on a free worker. Waiting for a worker counts toward the
        time limit: a query that cannot get one in time gets QueryTimeout, like a slow one."""
        from graf.errors import QueryTimeout

        deadline = time.monotonic() + time_limit_s
        worker = self._acquire(deadline, time_limit_s)
        try:
            remaining = max(0.001, deadline - time.monotonic())
            try:
                return worker.run(text, default_graphs, max_rows, remaining, *args, **kwargs)
            except QueryTimeout:
                raise QueryTimeout(time_limit_s) from None  # name the limit the user set
        finally:
            with self._cond:
                if not self._closed:
                    self._idle.append(worker)
                self._cond.notify()

    def _acquire(self, deadline: float, time_limit_s: float) -> QueryWorker:
        with self._cond:
            while True:
                if self._closed:
                    from graf.errors import StoreError

                    raise StoreError("the query workers were stopped (the store changed or closed); retry")
                if self._idle:
                    return self._idle.pop()
                if len(self._workers) < self.size:
                    worker = QueryWorker(self.path)
                    self._workers.append(worker)
                    return worker
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    from graf.errors import QueryTimeout

                    raise QueryTimeout(time_limit_s)
                self._cond.wait(remaining)

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def _proc(self) -> Any:
        """The first worker's process (for tests that check a killed worker is gone)."""
        return self._workers[0]._proc if self._workers else None

    def stop(self) -> None:
        """Stop every worker, each after its running query; queries waiting get a StoreError."""
        with self._cond:
            self._closed = True
            workers, self._workers, self._idle = self._workers, [], []
            self._cond.notify_all()
        for worker in workers:
            worker.stop()


if __name__ == "__main__":  # the worker process: ``python -P _worker.py STORE_PATH FD``
    _serve(Connection(int(sys.argv[2])), sys.argv[1])
