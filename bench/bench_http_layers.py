"""Where the HTTP gap between ``graf serve`` and the Oxigraph server comes from, layer by layer.

Run: ``python bench/bench_http_layers.py [--scale 1.0] [--repeat 30]`` (or ``bench/run_all.py --only layers``).
On one on-disk store (the national model), the five benchmark queries are answered over HTTP, SPARQL JSON,
one keep-alive connection per server, interleaved, by four servers that add one layer each:

1. the Oxigraph server (``oxigraph serve-read-only`` on the folder): Rust from socket to store;
2. a bare ASGI app on uvicorn (httptools, uvloop: as ``graf serve`` runs) that runs the query in its own
   process with pyoxigraph and writes the JSON with pyoxigraph: the cost of an HTTP server in Python;
3. the same app, the query sent to graf's killable query worker (``EmbeddedStore.query_serialized_async``,
   which writes the JSON itself): the cost of a time limit that really stops a query;
4. ``graf serve --store DIR``: FastAPI, graf's protocol parsing, query checks, content negotiation.

The differences between neighbouring columns are what each layer costs per query. Beside the wall
time, the CPU time each server's process tree (the server and its query workers) spends per query
(user + system, from ``psutil``), which the machine's other work disturbs less.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from run_all import wait_http  # noqa: E402

from api.testing import free_port, stop  # noqa: E402

PYTHON = sys.executable
OXIGRAPH = str(Path(PYTHON).parent / "oxigraph") if (Path(PYTHON).parent / "oxigraph").exists() else "oxigraph"
JSON = "application/sparql-results+json"
LAYERS = ("Oxigraph server", "Python HTTP, query in-process", "Python HTTP + graf's query worker",
          "graf serve (FastAPI + graf)")


def make_app() -> Any:
    """The bare ASGI app of layers 2 and 3 (``GRAF_LAYER``: ``inprocess`` or ``worker``; ``GRAF_LAYER_STORE``)."""
    import pyoxigraph as ox

    from graf.store import EmbeddedStore, QueryOptions, ResultOutput

    folder, mode = os.environ["GRAF_LAYER_STORE"], os.environ["GRAF_LAYER"]
    output = ResultOutput({"select": "json", "ask": "json"})
    options = QueryOptions(time_limit_s=60, max_rows=1_000_000)
    plain = ox.Store.read_only(folder) if mode == "inprocess" else None
    graf = EmbeddedStore(folder, read_only=True) if mode == "worker" else None

    async def app(scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        text = dict(parse_qsl(body.decode("utf-8")))["query"]
        if plain is not None:
            out = plain.query(text, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON)
        else:
            result = await graf.query_serialized_async(text, output, options=options)
            out = result.body or b""
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", JSON.encode()), (b"content-length", str(len(out)).encode())]})
        await send({"type": "http.response.body", "body": out})

    return app


def _tree_cpu_s(pid: int) -> float:
    """CPU seconds of a process and its descendants so far: the nanosecond run times of their threads
    (``/proc/PID/task/TID/schedstat``; the 10 ms ticks of ``cpu_times`` are too coarse for a query)."""
    import psutil

    total = 0.0
    for proc in [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]:
        try:
            total += sum(int((task / "schedstat").read_text().split()[0])
                         for task in Path(f"/proc/{proc.pid}/task").iterdir()) / 1e9
        except (OSError, ValueError):  # a thread gone meanwhile, or no /proc: the coarse figure
            try:
                times = proc.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                continue
    return total


def measure(store_dir: Path, queries: dict[str, str], repeat: int) -> dict[str, dict[str, float]]:
    """Median seconds per query and layer (and the rows, which must agree); ``cpu <layer>``: CPU seconds
    of the layer's server process tree per query."""
    servers: list[tuple[str, subprocess.Popen, str]] = []
    port = free_port()
    servers.append((LAYERS[0], subprocess.Popen([OXIGRAPH, "serve-read-only", "--location", str(store_dir), "--bind",
                                                 f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                                                stderr=subprocess.DEVNULL), f"http://127.0.0.1:{port}/query"))
    for layer, mode in ((LAYERS[1], "inprocess"), (LAYERS[2], "worker")):
        port = free_port()
        env = {**os.environ, "GRAF_LAYER": mode, "GRAF_LAYER_STORE": str(store_dir), "PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen([PYTHON, "-m", "uvicorn", "--factory", "bench_http_layers:make_app", "--app-dir",
                                 str(ROOT / "bench"), "--host", "127.0.0.1", "--port", str(port), "--log-level",
                                 "warning", "--http", "httptools", "--loop", "uvloop", "--no-access-log"],
                                env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        servers.append((layer, proc, f"http://127.0.0.1:{port}/"))
    port = free_port()
    servers.append((LAYERS[3], subprocess.Popen([PYTHON, "-m", "graf", "serve", "--store", str(store_dir), "--port",
                                                 str(port), "--log-level", "warning", "--time-limit", "60",
                                                 "--max-rows", "1000000"], cwd=ROOT, stdout=subprocess.DEVNULL,
                                                stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL),
                    f"http://127.0.0.1:{port}/sparql"))
    clients = {name: httpx.Client(timeout=300) for name, _p, _u in servers}
    out: dict[str, dict[str, list[float]]] = {q: {} for q in queries}
    cpu: dict[str, dict[str, float]] = {q: {} for q in queries}
    rows: dict[str, int] = {}
    try:
        for _name, proc, url in servers:
            wait_http(url, proc, ask=True)

        def run(name: str, url: str, text: str) -> int:
            data = {"query": text}
            if name == LAYERS[0]:
                data["union-default-graph"] = ""
            r = clients[name].post(url, data=data, headers={"Accept": JSON})
            r.raise_for_status()
            return len(r.json()["results"]["bindings"])

        for query, text in queries.items():
            counts = {name: run(name, url, text) for name, _p, url in servers}  # warm-up; the answers agree
            if len(set(counts.values())) != 1:
                raise RuntimeError(f"the layers disagree on {query!r}: {counts}")
            rows[query] = next(iter(counts.values()))
            cpu_before = {name: _tree_cpu_s(proc.pid) for name, proc, _u in servers}
            for _ in range(repeat):
                for name, _p, url in servers:
                    started = time.perf_counter()
                    run(name, url, text)
                    out[query].setdefault(name, []).append(time.perf_counter() - started)
            for name, proc, _u in servers:
                cpu[query][name] = (_tree_cpu_s(proc.pid) - cpu_before[name]) / repeat
    finally:
        for client in clients.values():
            client.close()
        for _name, proc, _url in servers:
            stop(proc)
    result = {q: {name: statistics.median(t) for name, t in per.items()} for q, per in out.items()}
    for q in result:
        result[q]["rows"] = rows[q]
        result[q].update({f"cpu {name}": seconds for name, seconds in cpu[q].items()})
    return result


def table(result: dict[str, dict[str, float]], scale: float) -> list[str]:
    lines = ["", f"## 10. Where graf serve's HTTP time goes (scale {scale:g}, on disk; median ms per query)", "",
             "Four servers on the same store folder, each adding one layer (`bench/bench_http_layers.py`): the "
             "Oxigraph server; a bare ASGI app on uvicorn running the query in its own process with pyoxigraph; "
             "the same app sending the query to graf's killable query worker; `graf serve`. The last three "
             "columns are what each layer adds.", "",
             "| query | rows | " + " | ".join(LAYERS) + " | + Python HTTP | + killable worker | + FastAPI and graf |"
             " graf serve / Oxigraph server |", "| --- | ---: |" + " ---: |" * (len(LAYERS) + 4)]
    for query, per in result.items():
        times = [per[layer] * 1000 for layer in LAYERS]
        steps = [times[i + 1] - times[i] for i in range(3)]
        lines.append(f"| {query} | {int(per['rows'])} | " + " | ".join(f"{t:.2f}" for t in times) + " | "
                     + " | ".join(f"{d:+.2f}" for d in steps) + f" | {times[3] / times[0]:.2f}x |")
    if not all(f"cpu {layer}" in per for per in result.values() for layer in LAYERS):
        return lines
    lines += ["", "CPU time of each server's process tree (the server and its query workers) per query, in "
              "microseconds: what each layer costs the machine, less disturbed by its other work than the wall time.",
              "", "| query | " + " | ".join(LAYERS) + " | + Python HTTP | + killable worker | + FastAPI and graf |",
              "| --- |" + " ---: |" * (len(LAYERS) + 3)]
    for query, per in result.items():
        spent = [per[f"cpu {layer}"] * 1e6 for layer in LAYERS]
        steps = [spent[i + 1] - spent[i] for i in range(3)]
        lines.append(f"| {query} | " + " | ".join(f"{t:,.0f}" for t in spent) + " | "
                     + " | ".join(f"{d:+,.0f}" for d in steps) + " |")
    return lines


def main() -> int:
    from run_all import QUERIES, scale_and_repeat

    from graf.bulk import bulk_load_new_store
    from graf.generate import generate, write

    args = scale_and_repeat(__doc__, repeat=30)
    with tempfile.TemporaryDirectory(prefix="graf-bench-layers-") as tmp:
        data, _ = write(generate(args.scale, 1, 0.01), Path(tmp) / "data")
        store_dir = Path(tmp) / "store"
        bulk_load_new_store(store_dir, [data])
        result = measure(store_dir, QUERIES, args.repeat)
    print("\n".join(table(result, args.scale)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
