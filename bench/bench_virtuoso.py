"""graf on Virtuoso 7 beside the embedded store and Oxigraph server, on one national model.

Run alone: ``python bench/bench_virtuoso.py [--scale 1.0] [--repeat 5]`` (or ``bench/run_all.py --only
virtuoso``). Starts Virtuoso with ``bench/engines/virtuoso.sh`` (Debian's virtuoso-opensource) in a temporary
folder and measures, in the same run:

1. load: ``graf load --sparql-endpoint ... --update-endpoint ...`` (Graph Store POSTs, Digest auth) and
   Virtuoso's own bulk loader (``virtuoso.sh load``: isql ``ld_dir`` + ``rdf_loader_run``), beside
   ``graf load --store DIR`` (the embedded store's bulk load) on the same file;
2. the five benchmark queries: Virtuoso's ``/sparql`` over HTTP (SPARQL JSON), graf's RemoteStore on it, and
   ``graf serve --sparql-endpoint`` in front of it, beside the embedded store and Oxigraph server (the rows
   must agree);
3. ``graf validate --sparql-endpoint`` on Virtuoso beside the embedded store (memory and disk) and Oxigraph
   server: seconds, violations, and whether the report is the same.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRIPT = ROOT / "bench" / "engines" / "virtuoso.sh"
PYTHON = sys.executable
OXIGRAPH = str(Path(PYTHON).parent / "oxigraph") if (Path(PYTHON).parent / "oxigraph").exists() else "oxigraph"

from bench_validate import validate_process  # noqa: E402
from run_all import wait_http  # noqa: E402

from api.testing import free_port, running_server, stop  # noqa: E402


def start_virtuoso(folder: Path) -> dict[str, str]:
    """Virtuoso started by bench/engines/virtuoso.sh in ``folder``; its env (endpoints, password)."""
    env = {**os.environ, "VIRTUOSO_BUFFERS": os.environ.get("VIRTUOSO_BUFFERS", "200000")}
    done = subprocess.run([str(SCRIPT), "start", str(folder)], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"Virtuoso did not start: {done.stderr.strip()}")
    pairs = (line.split("=", 1) for line in (folder / "env").read_text().splitlines() if "=" in line)
    return {k: v for k, v in pairs}


def stop_virtuoso(folder: Path) -> None:
    subprocess.run([str(SCRIPT), "stop", str(folder)], capture_output=True, stdin=subprocess.DEVNULL, timeout=300)


def _graf(*args: str, env: dict[str, str] | None = None, timeout: float = 3600) -> tuple[float, str]:
    """Run ``python -m graf ARGS``; (seconds, stdout); fails loudly."""
    started = time.perf_counter()
    done = subprocess.run([PYTHON, "-m", "graf", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(f"graf {' '.join(args[:3])} failed: {done.stderr[-500:]}")
    return seconds, done.stdout


def bench_load(data: Path, work: Path, triples: int) -> tuple[dict[str, Any], dict[str, str], Path]:
    """Load times into Virtuoso (two ways) and into a new embedded store; the loaded server is kept."""
    out: dict[str, Any] = {"triples": triples}
    store_dir = work / "embedded-store"
    out["graf load --store DIR (embedded, bulk)"], _ = _graf("--store", str(store_dir), "load", "--no-progress",
                                                             str(data))
    bulk = work / "virtuoso-bulk"
    env = start_virtuoso(bulk)
    try:
        started = time.perf_counter()
        done = subprocess.run([str(SCRIPT), "load", str(bulk), str(data)], capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=3600)
        if done.returncode != 0:
            raise RuntimeError(done.stderr)
        out["virtuoso.sh load (Virtuoso's bulk loader; ontology not included)"] = time.perf_counter() - started
    finally:
        stop_virtuoso(bulk)
    folder = work / "virtuoso"
    env = start_virtuoso(folder)
    auth = {"GRAF_UPDATE_AUTH": f"dba:{env['VIRTUOSO_PASSWORD']}"}
    out["graf load --sparql-endpoint (Graph Store POST per graph)"], _ = _graf(
        "load", "--sparql-endpoint", env["VIRTUOSO_SPARQL"], "--update-endpoint", env["VIRTUOSO_UPDATE"],
        "--no-progress", str(data), env=auth)
    return out, env, store_dir


def bench_queries(queries: dict[str, str], env: dict[str, str], repeat: int) -> dict[str, dict[str, float]]:
    """The five queries on Virtuoso: its own endpoint, graf's RemoteStore, graf serve in front of it."""
    from graf.remote import RemoteStore
    from graf.store import QueryOptions

    url = env["VIRTUOSO_SPARQL"]
    client = httpx.Client(timeout=300)
    remote = RemoteStore(url)
    out: dict[str, dict[str, list[float]]] = {name: {} for name in queries}
    rows: dict[str, int] = {}

    def direct(text: str) -> int:
        r = client.post(url, data={"query": text}, headers={"Accept": "application/sparql-results+json"})
        r.raise_for_status()
        return len(r.json()["results"]["bindings"])

    def through_graf(text: str) -> int:
        return len(remote.query(text, options=QueryOptions(time_limit_s=300, max_rows=1_000_000)).rows)

    try:
        with running_server(["--sparql-endpoint", url, "--time-limit", "300", "--max-rows", "1000000"],
                            startup_s=300) as base:
            def graf_serve(text: str) -> int:
                r = client.post(base + "/sparql", data={"query": text},
                                headers={"Accept": "application/sparql-results+json"})
                r.raise_for_status()
                return len(r.json()["results"]["bindings"])

            engines: dict[str, Callable[[str], int]] = {
                "Virtuoso HTTP": direct, "graf RemoteStore -> Virtuoso": through_graf,
                "graf HTTP (graf serve --sparql-endpoint Virtuoso)": graf_serve}
            for name, text in queries.items():
                counts = {engine: fn(text) for engine, fn in engines.items()}  # warm-up; the answers agree
                if len(set(counts.values())) != 1:
                    raise RuntimeError(f"Virtuoso's answers disagree on {name!r}: {counts}")
                rows[name] = next(iter(counts.values()))
                for _ in range(repeat):
                    for engine, fn in engines.items():
                        started = time.perf_counter()
                        fn(text)
                        out[name].setdefault(engine, []).append(time.perf_counter() - started)
    finally:
        remote.close()
        client.close()
    result = {name: {engine: statistics.median(times) for engine, times in per.items()} for name, per in out.items()}
    for name in result:
        result[name]["rows"] = rows[name]
    return result


def run(scale: float, repeat: int, queries: dict[str, str], timeout: float = 1800.0,
        work: Path | None = None, embedded: Callable[[Path, int], dict] | None = None) -> dict[str, Any]:
    """Everything above on ``graf generate --scale SCALE --seed 1 --violations 0.01``; ``embedded`` (run_all's
    query measurement) gives the embedded store's and Oxigraph server's figures on the same store."""
    from graf.generate import generate, write

    own = work is None
    work = work or Path(tempfile.mkdtemp(prefix="graf-bench-virtuoso-"))
    model = generate(scale, 1, 0.01)
    data, _ = write(model, work / "data")
    out: dict[str, Any] = {"scale": scale, "triples": model.triples, "scenarios": model.counts["scenarios"]}
    out["load"], env, store_dir = bench_load(data, work, model.triples)
    print("virtuoso load", out["load"], flush=True)
    try:
        out["queries"] = bench_queries(queries, env, repeat)
        print("virtuoso queries", out["queries"], flush=True)
        if embedded is not None:
            out["embedded"] = embedded(store_dir, repeat)
        out["validate"] = {
            "graf, embedded store in memory": validate_process({"data": [str(data)]}, timeout),
            "graf, embedded store on disk": validate_process({"store_dir": str(store_dir)}, timeout),
        }
        # (the read-only server starts after graf's own use of the folder: RocksDB may compact it on opening)
        port = free_port()
        oxigraph = subprocess.Popen([OXIGRAPH, "serve-read-only", "--location", str(store_dir), "--bind",
                                     f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_http(f"http://127.0.0.1:{port}/query", oxigraph, ask=True)
            out["validate"]["graf --sparql-endpoint Oxigraph server"] = validate_process(
                {"sparql_endpoint": f"http://127.0.0.1:{port}/query"}, timeout)
        finally:
            stop(oxigraph)
        out["validate"]["graf --sparql-endpoint Virtuoso"] = validate_process(
            {"sparql_endpoint": env["VIRTUOSO_SPARQL"]}, timeout)
        for r in out["validate"].values():
            r.pop("found", None)
        print("virtuoso validate", out["validate"], flush=True)
    finally:
        stop_virtuoso(work / "virtuoso")
        if own:
            import shutil

            shutil.rmtree(work, ignore_errors=True)
    return out


def table(result: dict[str, Any]) -> list[str]:
    """The report section."""
    embedded = result.get("embedded")
    n = result["triples"]
    lines = ["", f"## 9. The same model on Virtuoso 7 (scale {result['scale']:g}: {n:,} triples, "
             f"{result['scenarios']} scenarios)", "",
             "Virtuoso 7.2 (Debian's virtuoso-opensource) started by `bench/engines/virtuoso.sh` on this machine "
             "(200,000 buffers of 8 kB); what moving to an external engine costs, beside the embedded store and "
             "Oxigraph server, measured in the same run. docs/remote-stores.md says what Virtuoso does "
             "differently and what graf does about it.", "",
             "| load | seconds | statements/s |", "| --- | ---: | ---: |"]
    for name, seconds in result["load"].items():
        if name != "triples":
            lines.append(f"| {name} | {seconds:.1f} | {n / seconds:,.0f} |")
    q = result["queries"]
    columns = ["graf in-process", "Oxigraph server HTTP", "graf HTTP (graf serve)"]
    virtuoso = ["Virtuoso HTTP", "graf RemoteStore -> Virtuoso", "graf HTTP (graf serve --sparql-endpoint Virtuoso)"]
    lines += ["", "Queries (median ms; the same rows on every engine):", "",
              "| query | rows | " + " | ".join(columns + virtuoso) + " | Virtuoso / Oxigraph server (HTTP) | "
              "graf serve on Virtuoso / Virtuoso |", "| --- | ---: |" + " ---: |" * (len(columns) + len(virtuoso) + 2)]
    for name, per in q.items():
        base = (embedded or {}).get(name, {})
        cells = [f"{base[c] * 1000:.1f}" if c in base else "-" for c in columns]
        cells += [f"{per[c] * 1000:.1f}" for c in virtuoso]
        ratio = f"{per['Virtuoso HTTP'] / base['Oxigraph server HTTP']:.2f}x" if "Oxigraph server HTTP" in base else "-"
        cells += [ratio, f"{per[virtuoso[2]] / per['Virtuoso HTTP']:.2f}x"]
        lines.append(f"| {name} | {int(per['rows'])} | " + " | ".join(cells) + " |")
    lines += ["", "Validation of every rule on every scenario (`graf.validate`, sparql SHACL engine):", "",
              "| store | seconds | violations | same report as embedded |", "| --- | ---: | ---: | --- |"]
    reference = result["validate"]["graf, embedded store in memory"].get("report")
    for name, r in result["validate"].items():
        if "error" in r:
            lines.append(f"| {name} | {r['error']} | - | - |")
        else:
            same = "yes" if r["report"] == reference else "NO"
            lines.append(f"| {name} | {r['seconds']:.1f} | {r['violations']} | {same} |")
    return lines


def main() -> int:
    from run_all import QUERIES, bench_queries, scale_and_repeat

    args = scale_and_repeat(__doc__, repeat=5)
    result = run(args.scale, args.repeat, QUERIES, embedded=bench_queries)
    print("\n".join(table(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
