"""Latency of the example queries over HTTP: ``graf serve`` vs the Oxigraph server, same data.

    python bench/bench_http.py [--repeat 30]

Builds an on-disk store of the bundled data (``graf load --store``), then serves it twice:
``graf serve --store DIR`` and ``oxigraph serve-read-only --location DIR``. Every example query
(``graf/queries/*.rq``, with graf's predeclared prefixes written out for the Oxigraph server, and
its default graph the union of all graphs on both) runs ``repeat`` times on one keep-alive
connection per server, interleaved, SPARQL JSON results; prints the medians and the ratio (issue 6
target: graf at most 1.2x the Oxigraph server).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from run_all import wait_http  # noqa: E402

from api.testing import free_port, stop  # noqa: E402
from graf.sparql import PREFIXES, example_queries  # noqa: E402

OXIGRAPH = str(Path(sys.executable).parent / "oxigraph")
JSON = "application/sparql-results+json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="graf-bench-http-"))
    store = work / "store"
    subprocess.run([sys.executable, "-m", "graf", "load", "--store", str(store), "--no-progress",
                    str(ROOT / "data" / "copenhagen-2010")], cwd=ROOT, check=True, capture_output=True)
    graf_port, ox_port = free_port(), free_port()
    graf = subprocess.Popen([sys.executable, "-m", "graf", "serve", "--store", str(store), "--port", str(graf_port),
                             "--log-level", "warning", "--time-limit", "30"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    oxi = subprocess.Popen([OXIGRAPH, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{ox_port}"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    declared = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    rows = []
    try:
        graf_url, ox_url = f"http://127.0.0.1:{graf_port}/sparql", f"http://127.0.0.1:{ox_port}/query"
        wait_http(graf_url + "?query=ASK%20%7B%7D", graf, 60)
        wait_http(f"http://127.0.0.1:{ox_port}/", oxi, 60)
        with httpx.Client(timeout=60) as client:
            def graf_query(text: str) -> int:
                r = client.post(graf_url, data={"query": text}, headers={"Accept": JSON})
                r.raise_for_status()
                return len(r.json().get("results", {}).get("bindings", []))

            def ox_query(text: str) -> int:
                r = client.post(ox_url, data={"query": declared + text, "union-default-graph": ""},
                                headers={"Accept": JSON})
                r.raise_for_status()
                return len(r.json().get("results", {}).get("bindings", []))

            for q in [*example_queries(), None]:
                name, text = (q.name, q.text) if q else ("ASK {}", "ASK {}")
                counts = {graf_query(text), ox_query(text)}  # warm up; the answers agree
                if len(counts) != 1:
                    raise RuntimeError(f"graf and the Oxigraph server disagree on {name}: {counts}")
                times: dict[str, list[float]] = {"graf": [], "oxigraph": []}
                for _ in range(args.repeat):
                    for label, run in (("graf", graf_query), ("oxigraph", ox_query)):
                        started = time.perf_counter()
                        run(text)
                        times[label].append(time.perf_counter() - started)
                rows.append((name, counts.pop(), statistics.median(times["graf"]) * 1000,
                             statistics.median(times["oxigraph"]) * 1000))
    finally:
        stop(graf)
        stop(oxi)
        shutil.rmtree(work, ignore_errors=True)
    width = max(len(r[0]) for r in rows)
    print(f"{'query'.ljust(width)}  rows  graf serve ms  Oxigraph server ms  ratio")
    for name, n, graf_ms, ox_ms in rows:
        print(f"{name.ljust(width)}  {n:4d}  {graf_ms:13.2f}  {ox_ms:18.2f}  {graf_ms / ox_ms:4.2f}x")
    ratios = [g / o for _, _, g, o in rows]
    print(f"median ratio {statistics.median(ratios):.2f}x, worst {max(ratios):.2f}x")


if __name__ == "__main__":
    main()
