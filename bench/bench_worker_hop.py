"""The price of the time limit: what one query pays for running in graf's killable query worker.

Run: ``python bench/bench_worker_hop.py STORE_DIR [--repeat 2000] [--query "label lookup"]`` on an on-disk
store (``graf load --store DIR``). In one process, interleaved, median microseconds of:

1. ``pipe``: a bare ping-pong with a forked process over a socket pair (100 bytes there, 300 back): what
   the operating system charges for handing a request to another process and the answer back;
2. ``evaluate``: the query evaluated and written as SPARQL JSON here, as the worker does it
   (``graf.workers._evaluate`` on ``pyoxigraph.Store.read_only``);
3. ``worker, blocking``: the same through graf's worker pool (``EmbeddedStore.query_serialized``);
4. ``worker, event loop``: the same awaited on a uvloop event loop, as ``graf serve`` does it
   (``EmbeddedStore.query_serialized_async``).

(4) - (2) is what the worker costs a query; (1) is the part no protocol can avoid; the rest is Python on
both sides (pickling the request and the reply, the pool's bookkeeping, the event loop's reader) and the
second process's colder caches. ``--one-cpu`` runs everything (this process, the echo process, the worker)
on one CPU, to see whether waking a second CPU is part of the cost (on the 2-core machine of
bench/RESULTS.md it is not: one CPU is slower).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from run_all import QUERIES  # noqa: E402


def measure(store_dir: str, text: str, repeat: int) -> dict[str, float]:
    """Median microseconds of each of the four ways (see the module's help)."""
    import pyoxigraph as ox
    import uvloop

    from graf.settings import Settings
    from graf.sparql import PREFIXES
    from graf.sparql_guard import inspect_query
    from graf.store import EmbeddedStore, QueryOptions, ResultOutput, _request
    from graf.workers import _evaluate

    output = ResultOutput({"select": "json", "ask": "json", "graph": "turtle"}, link="urn:graf:truncated",
                          prefixes=PREFIXES)
    options = QueryOptions.from_settings(Settings.from_env({}, environ={}), prefixes=PREFIXES,
                                         base_iri="http://127.0.0.1:8000/sparql")
    request = _request(inspect_query(text, allow_service=False, prefixes=PREFIXES, max_depth=250), options, output)
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:  # the echo process of the bare ping-pong
        ours.close()
        while theirs.recv(4096):
            theirs.sendall(b"y" * 300)
        os._exit(0)
    theirs.close()
    plain = ox.Store.read_only(store_dir)
    store = EmbeddedStore(store_dir, read_only=True)
    loop = uvloop.new_event_loop()
    ways = {
        "pipe": lambda: (ours.sendall(b"x" * 100), ours.recv(4096)),
        "evaluate": lambda: _evaluate(plain, request),
        "worker, blocking": lambda: store.query_serialized(text, output, options=options),
        "worker, event loop": lambda: loop.run_until_complete(
            store.query_serialized_async(text, output, options=options)),
    }
    times: dict[str, list[float]] = {name: [] for name in ways}
    try:
        for way in ways.values():  # warm-up (starts the worker)
            way()
        for _ in range(repeat):
            for name, way in ways.items():
                started = time.perf_counter()
                way()
                times[name].append(time.perf_counter() - started)
    finally:
        ours.close()
        os.waitpid(pid, 0)
        store.close()
        loop.close()
    return {name: statistics.median(t) * 1e6 for name, t in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store_dir")
    parser.add_argument("--repeat", type=int, default=2000)
    parser.add_argument("--query", default="label lookup", choices=list(QUERIES))
    parser.add_argument("--one-cpu", action="store_true", help="run every process on one CPU (inherited)")
    args = parser.parse_args()
    if args.one_cpu:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    result = measure(args.store_dir, QUERIES[args.query], args.repeat)
    print(f"{args.query} (median us, {args.repeat} rounds interleaved{', one CPU' if args.one_cpu else ''}): "
          + ", ".join(f"{name} {us:.0f}" for name, us in result.items())
          + f"; the worker costs {result['worker, event loop'] - result['evaluate']:.0f} us a query, "
          f"of which the operating system's hop {result['pipe']:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
