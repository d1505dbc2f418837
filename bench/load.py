"""Load on `graf serve`: many clients over a mix of requests, and short queries next to slow ones.

    python bench/load.py [--clients 8] [--seconds 20] [--heavy 8]

Two runs, each on a fresh ``graf serve`` with the bundled Copenhagen data in memory:

1. **mix**: ``--clients`` threads, each on its own keep-alive connection, send requests for
   ``--seconds`` in a fixed rotation over SPARQL (the example queries), REST (``/actors``,
   ``/actors/{id}``, ``/channels``, ``/scenarios``), maps (``/maps/...``) and validation
   (``/validation?format=json``). Reported: requests per second, p50/p95/p99 per kind, errors
   (any status but 200), the server's RSS (the process and its query workers) before and after.
2. **heavy + light** (issue 14, point 3): ``--heavy`` clients send a query that runs into the time
   limit (a three-way cross join), again as soon as it is answered (after ``Retry-After`` when the
   answer is 503 server_busy, as a polite client does); one more client sends ``ASK {}`` every
   20 ms. Reported: ``ASK {}`` p50/p95/p99 measured after one second of warm-up next to the same
   figures on the idle server (ratio), its errors, and what the heavy queries got. Target: p99 under
   100 ms with 8 heavy queries in flight.

Figures go to bench/RESULTS.md by hand (the machine is noisy: run on a quiet one).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.testing import free_port, stop  # noqa: E402
from graf.examples import example_queries  # noqa: E402

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
JSON = "application/sparql-results+json"


def start_server(*args: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "graf", "serve", "--port", str(port), "--log-level", "warning",
                             *args], cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    stop(proc)
    raise RuntimeError("graf serve did not start")


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants (the zygote, the query workers), MB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return total / 1024


def percentiles(values: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 in ms."""
    if not values:
        return (float("nan"),) * 3
    ordered = sorted(values)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    return statistics.median(ordered) * 1000, at(0.95), at(0.99)


def mix_requests(base: str) -> list[tuple[str, str, dict[str, str]]]:
    """(kind, url, params) in the rotation each mix client follows."""
    sparql = [("sparql", base + "/sparql", {"query": q.text}) for q in example_queries() if not q.parameters]
    rest = [("rest", base + "/actors", {"scenario": "adjusted"}), ("rest", base + "/channels", {}),
            ("rest", base + "/scenarios", {}), ("rest", base + "/actors/teknik-og-miljoeforvaltningen", {}),
            ("rest", base + "/actors", {"q": "forvaltning", "lang": "en"})]
    maps = [("maps", base + "/maps/overview", {}), ("maps", base + "/maps/strategic", {"scenario": "draft"}),
            ("maps", base + "/maps/actor:teknik-og-miljoeforvaltningen", {"degree": "2"})]
    validation = [("validation", base + "/validation", {"format": "json"}),
                  ("validation", base + "/validation", {"scenario": "asis", "format": "json"})]
    rotation = []
    for i in range(max(len(sparql), len(rest))):
        rotation += [sparql[i % len(sparql)], rest[i % len(rest)]]
        if i % 3 == 0:
            rotation.append(maps[i % len(maps)])
        if i % 4 == 0:
            rotation.append(validation[i % len(validation)])
    return rotation


def run_mix(clients: int, seconds: float) -> None:
    proc, base = start_server()
    try:
        rotation = mix_requests(base)
        for _kind, url, params in rotation:  # warm the caches, as a running server has them
            httpx.get(url, params=params, headers={"Accept": JSON}, timeout=120)
        before = rss_mb(proc.pid)
        times: dict[str, list[float]] = defaultdict(list)
        errors: Counter[str] = Counter()
        lock = threading.Lock()
        deadline = time.monotonic() + seconds

        def client(offset: int) -> None:
            with httpx.Client(timeout=120) as http:
                i = offset
                while time.monotonic() < deadline:
                    kind, url, params = rotation[i % len(rotation)]
                    i += 1
                    started = time.perf_counter()
                    r = http.get(url, params=params, headers={"Accept": JSON})
                    elapsed = time.perf_counter() - started
                    with lock:
                        times[kind].append(elapsed)
                        if r.status_code != 200:
                            errors[f"{kind} {r.status_code}"] += 1

        threads = [threading.Thread(target=client, args=(k * 7,)) for k in range(clients)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        after = rss_mb(proc.pid)
    finally:
        stop(proc)
    total = sum(len(v) for v in times.values())
    print(f"\n## mix: {clients} clients x {seconds:g} s\n")
    print(f"{total:,} requests in {wall:.1f} s: {total / wall:,.1f} requests/s; errors: "
          f"{sum(errors.values())} {dict(errors) if errors else ''}")
    print(f"server RSS (process + query workers): {before:,.0f} MB before, {after:,.0f} MB after\n")
    print("| kind | requests | p50 ms | p95 ms | p99 ms |\n| --- | ---: | ---: | ---: | ---: |")
    for kind in ("sparql", "rest", "maps", "validation"):
        p50, p95, p99 = percentiles(times[kind])
        print(f"| {kind} | {len(times[kind]):,} | {p50:.1f} | {p95:.1f} | {p99:.1f} |")
    p50, p95, p99 = percentiles([x for v in times.values() for x in v])
    print(f"| all | {total:,} | {p50:.1f} | {p95:.1f} | {p99:.1f} |")


def ask_times(base: str, until: float, every_s: float = 0.02) -> tuple[list[float], Counter[int]]:
    times: list[float] = []
    statuses: Counter[int] = Counter()
    with httpx.Client(timeout=60) as http:
        while time.monotonic() < until:
            started = time.perf_counter()
            r = http.get(base + "/sparql", params={"query": "ASK {}"}, headers={"Accept": JSON})
            times.append(time.perf_counter() - started)
            statuses[r.status_code] += 1
            time.sleep(every_s)
    return times, statuses


def run_heavy_and_light(heavy: int, seconds: float) -> None:
    proc, base = start_server()
    try:
        idle, _ = ask_times(base, time.monotonic() + min(5.0, seconds / 2))
        stop_at = time.monotonic() + seconds + 1
        outcomes: Counter[str] = Counter()
        lock = threading.Lock()

        def heavy_client() -> None:
            with httpx.Client(timeout=120) as http:
                while time.monotonic() < stop_at:
                    r = http.get(base + "/sparql", params={"query": HEAVY}, headers={"Accept": JSON})
                    code = r.json()["error"]["code"] if r.status_code >= 400 else str(r.status_code)
                    with lock:
                        outcomes[code] += 1
                    if code == "server_busy":
                        time.sleep(min(float(r.headers.get("Retry-After", "1")), max(0.0, stop_at - time.monotonic())))

        threads = [threading.Thread(target=heavy_client) for _ in range(heavy)]
        for t in threads:
            t.start()
        time.sleep(1.0)  # warm-up: the heavy queries take their workers
        loaded, statuses = ask_times(base, stop_at)
        for t in threads:
            t.join()
    finally:
        stop(proc)
    idle_p = percentiles(idle)
    loaded_p = percentiles(loaded)
    print(f"\n## heavy + light: {heavy} heavy clients ({HEAVY!r}), ASK {{}} every 20 ms for {seconds:g} s\n")
    print("| ASK {} | requests | p50 ms | p95 ms | p99 ms |\n| --- | ---: | ---: | ---: | ---: |")
    print(f"| idle server | {len(idle)} | {idle_p[0]:.1f} | {idle_p[1]:.1f} | {idle_p[2]:.1f} |")
    print(f"| {heavy} heavy queries in flight | {len(loaded)} | {loaded_p[0]:.1f} | {loaded_p[1]:.1f} | "
          f"{loaded_p[2]:.1f} |")
    print(f"| ratio | | {loaded_p[0] / idle_p[0]:.1f}x | {loaded_p[1] / idle_p[1]:.1f}x | "
          f"{loaded_p[2] / idle_p[2]:.1f}x |")
    print(f"\nASK answers: {dict(statuses)}; heavy queries got: {dict(outcomes)}; target p99 < 100 ms: "
          f"{'met' if loaded_p[2] < 100 else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--heavy", type=int, default=8)
    parser.add_argument("--only", choices=["mix", "heavy"], help="run one of the two")
    args = parser.parse_args()
    print(f"# bench/load.py on {os.cpu_count()} cores")
    if args.only != "heavy":
        run_mix(args.clients, args.seconds)
    if args.only != "mix":
        run_heavy_and_light(args.heavy, args.seconds)


if __name__ == "__main__":
    main()
