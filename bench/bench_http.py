"""Latency of the example queries through ``graf serve``'s HTTP endpoint vs ``store.query`` in process.

    python bench/bench_http.py [--repeat 20]

Starts ``graf serve`` (bundled data) on a free port, runs every example query ``repeat`` times
through ``/sparql`` (one keep-alive connection, JSON results) and through an in-process store
(same data, same worker-process design), and prints the medians and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import time

import httpx

from api.testing import running_server
from graf.settings import Settings
from graf.sparql import PREFIXES, example_queries
from graf.store import open_store


def median_ms(func, repeat: int) -> float:  # type: ignore[no-untyped-def]
    func()  # warm up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    queries = example_queries()
    store = open_store(Settings.from_env({}, environ={}))
    rows = []
    try:
        with running_server(["--time-limit", "30"]) as base, httpx.Client(timeout=60) as client:
            url = base + "/sparql"
            for q in queries:
                def http(text: str = q.text) -> None:
                    r = client.post(url, content=text.encode(), headers={
                        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
                    r.raise_for_status()

                def local(text: str = q.text) -> None:
                    store.query(text, time_limit_s=30, prefixes=PREFIXES).serialize("json")

                rows.append((q.name, median_ms(local, args.repeat), median_ms(http, args.repeat)))
            ask_http = median_ms(lambda: client.get(url, params={"query": "ASK {}"}).raise_for_status(), args.repeat)
            ask_local = median_ms(lambda: store.query("ASK {}"), args.repeat)
            rows.append(("ASK {}", ask_local, ask_http))
    finally:
        store.close()
    width = max(len(name) for name, _, _ in rows)
    print(f"{'query'.ljust(width)}  in-process ms  HTTP ms  HTTP/in-process")
    for name, local_ms, http_ms in rows:
        print(f"{name.ljust(width)}  {local_ms:13.2f}  {http_ms:7.2f}  {http_ms / local_ms:14.2f}x")
    total_local = sum(r[1] for r in rows[:-1])
    total_http = sum(r[2] for r in rows[:-1])
    print(f"{'all examples'.ljust(width)}  {total_local:13.2f}  {total_http:7.2f}  {total_http / total_local:14.2f}x")


if __name__ == "__main__":
    main()
