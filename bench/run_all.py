"""National-scale benchmarks of graf against its anchors, measured side by side in one run.

Run: ``python bench/run_all.py [--scale 1.0] [--validate-scale 1.0] [--repeat 7]`` (about 45 minutes on
2 cores, most of it pySHACL, which the validation section runs beside graf, and the scale-5 model);
writes ``bench/RESULTS.md`` (with the machine description) and prints the tables.
``--only virtuoso,scale5`` (any of the section names below) runs only those and prints their tables.

1. load rate: graf (in memory: ``EmbeddedStore.load``; on disk: ``graf load``'s bulk path with
   its progress reader) vs pyoxigraph's own ``bulk_load`` (and ``load`` in memory, for reference)
2. query latency, five queries (label lookup, two-hop join, aggregate per municipality, property
   path, OPTIONAL/FILTER): graf in-process, pyoxigraph in-process, Oxigraph server over HTTP,
   graf's RemoteStore on that server, and graf's own HTTP endpoint (``graf serve``) when it exists
3. validation of every rule (``graf.validate``: in memory, on an on-disk store, and with the pySHACL
   engine) vs one plain pySHACL run of the same shapes on the union; then smaller models
   (``--validate-series``) where plain pySHACL finishes, via ``bench/bench_validate.py``
4. peak memory serving the model (open + the five queries; also ``graf serve`` over HTTP) vs
   pyoxigraph's own: RSS per process and PSS/USS of the whole process tree, sampled from outside
   (``--only http,memory`` runs sections 2 and 4 alone and prints their tables)
5. start-up: ``graf validate`` cold on the Copenhagen data vs the ``pyshacl`` command
6. the national overview map (``graf map --scenario all``) drawn in headless Chromium
7. ``virtuoso``: the same model on Virtuoso 7 (``bench/bench_virtuoso.py``): load, the five queries,
   ``graf validate --sparql-endpoint``, beside the embedded store and Oxigraph server
8. ``scale5``: five times the national model on disk (``bench/bench_scale5.py``): load rate, validation,
   ``graf serve`` over HTTP, memory, the national map; and on-disk validation at scale 1
9. ``layers``: where graf serve's HTTP time goes, one layer at a time (``bench/bench_http_layers.py``)

Every figure is a median of interleaved runs; the anchors run in the same process or on the same
files right beside graf's figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import pyoxigraph as ox  # noqa: E402

from api.testing import free_port, stop  # noqa: E402
from graf.generate import SYN, generate, write  # noqa: E402

PYTHON = sys.executable
#: the programs measured in processes of their own (bench/children.py)
CHILDREN = ROOT / "bench" / "children.py"
OXIGRAPH = str(Path(PYTHON).parent / "oxigraph") if (Path(PYTHON).parent / "oxigraph").exists() else "oxigraph"

PREFIXES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX graf: <https://w3id.org/graf/def#>
"""
QUERIES = {
    "label lookup": PREFIXES + 'SELECT ?s WHERE { ?s skos:prefLabel "Synthetic Housing Organisation 0001"@en }',
    "two-hop join": PREFIXES + f"""SELECT ?estate ?municipality WHERE {{
  ?estate org:subOrganizationOf <{SYN}ho/0001> ; dct:spatial ?m .
  ?m skos:prefLabel ?municipality FILTER(lang(?municipality) = "en") }}""",
    "aggregate per municipality": PREFIXES + """SELECT ?m (COUNT(DISTINCT ?e) AS ?estates) WHERE {
  ?e dct:spatial ?m } GROUP BY ?m ORDER BY DESC(?estates)""",
    "property path": PREFIXES + f"""SELECT DISTINCT ?x WHERE {{
  <{SYN}ho/0001> (^graf:channelFrom/graf:channelTo)+ ?x }}""",
    "OPTIONAL/FILTER": PREFIXES + """SELECT ?a WHERE {
  ?a a graf:Administration . OPTIONAL { ?post org:postIn ?a } FILTER(!BOUND(?post)) }""",
}


def scale_and_repeat(doc: str, repeat: int) -> argparse.Namespace:
    """The command line of a benchmark script documented by ``doc``: ``--scale`` (the national model's
    scale, default 1) and ``--repeat`` (runs per figure, default ``repeat``)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=repeat)
    return parser.parse_args()


def median_time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def wait_http(url: str, proc: subprocess.Popen, seconds: float = 120, ask: bool = False) -> None:
    """Until ``url`` answers a GET (any status), or with ``ask`` until the SPARQL endpoint ``url`` answers
    ``ASK {}`` (POST, JSON results) with 200; raises when ``proc`` (the server) ends or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server for {url} exited with {proc.returncode}")
        try:
            if not ask:
                httpx.get(url, timeout=2)
                return
            answer = httpx.post(url, data={"query": "ASK {}"}, timeout=2,
                                headers={"Accept": "application/sparql-results+json"})
            if answer.status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def machine() -> dict[str, str]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        ram = f"{int(mem) / 1e6:.1f} GB"
    except OSError:
        ram = "?"
    version = subprocess.run([OXIGRAPH, "--version"], capture_output=True, text=True).stdout.strip()
    return {"cpu": cpu, "cores": str(os.cpu_count()), "ram": ram, "os": platform.platform(),
            "python": platform.python_version(), "pyoxigraph": ox.__version__, "oxigraph server": version,
            "load average at start": " ".join(f"{x:.1f}" for x in os.getloadavg())}


# -- 1. load --------------------------------------------------------------------------------------------


def bench_load(data: Path, work: Path, repeat: int) -> tuple[list[dict], Path]:
    from graf.bulk import Progress, bulk_load_new_store
    from graf.store import EmbeddedStore

    fmt = ox.RdfFormat.TRIG
    times: dict[str, list[float]] = {k: [] for k in ("graf mem", "ox bulk mem", "ox load mem", "graf disk",
                                                       "ox bulk disk")}
    n = 0
    graf_store = work / "graf-store"
    for i in range(repeat):
        def graf_mem() -> None:
            nonlocal n
            store = EmbeddedStore()
            n = store.load([data]).statements
            store.close()

        times["graf mem"].append(median_time(graf_mem))
        times["ox bulk mem"].append(median_time(lambda: ox.Store().bulk_load(path=str(data), format=fmt)))
        times["ox load mem"].append(median_time(lambda: ox.Store().load(path=str(data), format=fmt)))
        target = work / f"graf-disk-{i}"

        def graf_disk(target: Path = target) -> None:
            sink = open(os.devnull, "w")  # noqa: SIM115 - the progress bar's stream, as `graf load` draws it
            bulk_load_new_store(target, [data], progress=Progress(data.stat().st_size, sink))
            sink.close()

        times["graf disk"].append(median_time(graf_disk))
        folder = work / f"ox-disk-{i}"

        def ox_disk(folder: Path = folder) -> None:
            store = ox.Store(str(folder))
            store.bulk_load(path=str(data), format=fmt)
            store.flush()
            del store

        times["ox bulk disk"].append(median_time(ox_disk))
        shutil.rmtree(folder)
        if i == 0:
            target.rename(graf_store)
        else:
            shutil.rmtree(target)
    med = {k: statistics.median(v) for k, v in times.items()}
    rows = [
        {"where": "in memory", "graf": n / med["graf mem"], "anchor": n / med["ox bulk mem"],
         "anchor_name": "pyoxigraph Store().bulk_load",
         "extra": f"pyoxigraph Store().load: {n / med['ox load mem']:,.0f}/s"},
        {"where": "on disk (new store)", "graf": n / med["graf disk"], "anchor": n / med["ox bulk disk"],
         "anchor_name": "pyoxigraph Store(dir).bulk_load", "extra": ""},
    ]
    for row in rows:
        row["statements"] = n
    return rows, graf_store


# -- 2. queries ----------------------------------------------------------------------------------------------


def bench_queries(store_dir: Path, repeat: int) -> dict[str, dict[str, float]]:
    from graf.remote import RemoteStore
    from graf.settings import Settings
    from graf.store import QueryOptions, open_store

    results: dict[str, dict[str, list[float]]] = {q: {} for q in QUERIES}
    rows: dict[str, int] = {}
    port = free_port()
    server = subprocess.Popen([OXIGRAPH, "serve-read-only", "--location", str(store_dir), "--bind",
                               f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ox_url = f"http://127.0.0.1:{port}/query"
    graf = open_store(Settings.from_env({"store_dir": store_dir}, environ={}))
    plain = ox.Store.read_only(str(store_dir))
    client = httpx.Client(timeout=120)
    try:
        wait_http(f"http://127.0.0.1:{port}/", server)
        remote = RemoteStore(ox_url)

        def run_graf(q: str) -> int:
            return len(graf.query(q, options=QueryOptions(time_limit_s=120, max_rows=1_000_000)).rows)

        def run_ox(q: str) -> int:
            return len([tuple(s) for s in plain.query(q, use_default_graph_as_union=True)])

        def run_server(q: str) -> int:
            r = client.post(ox_url, data={"query": q, "union-default-graph": ""},
                            headers={"Accept": "application/sparql-results+json"})
            r.raise_for_status()
            return len(r.json()["results"]["bindings"])

        def run_remote(q: str) -> int:
            return len(remote.query(q, options=QueryOptions(time_limit_s=120, max_rows=1_000_000)).rows)

        engines = {"graf in-process": run_graf, "pyoxigraph in-process": run_ox,
                   "Oxigraph server HTTP": run_server, "graf RemoteStore -> Oxigraph server": run_remote}
        _measure(engines, results, rows, repeat)
        remote.close()
    finally:
        client.close()
        graf.close()
    graf_http = _graf_http(store_dir, results, rows, repeat)
    stop(server)
    out = {q: {k: statistics.median(v) for k, v in per.items()} for q, per in results.items()}
    for q in out:
        out[q]["rows"] = rows[q]
    out["_graf_http"] = {"available": float(graf_http)}
    return out


def _measure(engines: dict[str, Callable[[str], int]], results: dict, rows: dict, repeat: int) -> None:
    for name, text in QUERIES.items():
        counts = {engine: fn(text) for engine, fn in engines.items()}  # warm-up, and the answers agree
        if len(set(counts.values())) != 1:
            raise RuntimeError(f"engines disagree on {name!r}: {counts}")
        rows[name] = next(iter(counts.values()))
        for _ in range(repeat):
            for engine, fn in engines.items():
                results[name].setdefault(engine, []).append(median_time(lambda fn=fn, text=text: fn(text)))


def _graf_http(store_dir: Path, results: dict, rows: dict, repeat: int) -> bool:
    """graf's own HTTP endpoint (engineer D's ``graf serve``), if the app exists."""
    try:
        import api.app  # noqa: F401
    except ImportError:
        return False
    port = free_port()
    proc = subprocess.Popen([PYTHON, "-m", "graf", "serve", "--store", str(store_dir), "--port", str(port),
                             "--log-level", "warning", "--time-limit", "120", "--max-rows", "1000000"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    client = httpx.Client(timeout=120)
    try:
        wait_http(f"http://127.0.0.1:{port}/queries", proc)

        def run(q: str) -> int:
            r = client.post(url, data={"query": q}, headers={"Accept": "application/sparql-results+json"})
            r.raise_for_status()
            return len(r.json()["results"]["bindings"])

        for name, text in QUERIES.items():
            if run(text) != rows[name]:
                raise RuntimeError(f"graf HTTP disagrees on {name!r}")
            results[name]["graf HTTP (graf serve)"] = [median_time(lambda text=text: run(text))
                                                       for _ in range(repeat)]
    finally:
        client.close()
        stop(proc)
    return True


# -- 3. memory ----------------------------------------------------------------------------------------------


class _TreeSampler:
    """The peak PSS and USS of a process and its descendants, sampled every 20 ms from outside.

    RSS adds a page shared by several processes (the interpreter, libraries, an in-memory store
    shared copy-on-write with forked workers) once per process; PSS splits it between them, so the
    PSS of all processes adds up to the memory they take together.
    """

    def __init__(self, pid: int):
        import threading

        import psutil

        self.root = psutil.Process(pid)
        self.peak = {"pss_kb": 0, "uss_kb": 0}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._done.is_set():
            pss = uss = 0
            try:
                procs = [self.root] + self.root.children(recursive=True)
            except psutil.NoSuchProcess:
                return
            for proc in procs:
                try:
                    info = proc.memory_full_info()
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                pss += info.pss
                uss += info.uss
            self.peak["pss_kb"] = max(self.peak["pss_kb"], pss // 1024)
            self.peak["uss_kb"] = max(self.peak["uss_kb"], uss // 1024)
            self._done.wait(0.02)

    def stop(self) -> dict[str, int]:
        self._done.set()
        self._thread.join()
        return self.peak


def _tree_peak_rss_kb(pid: int) -> int:
    """The sum of VmHWM (peak RSS) over a process and its descendants."""
    import psutil

    total = 0
    for proc in [psutil.Process(pid)] + psutil.Process(pid).children(recursive=True):
        try:
            for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def _memory_serve(mode: str, path: Path) -> dict[str, int]:
    """``graf serve`` (on ``--store DIR`` or ``--data FILE``) answering the five queries over HTTP."""
    port = free_port()
    source = ["--store", str(path)] if mode == "serve-disk" else ["--data", str(path)]
    proc = subprocess.Popen([PYTHON, "-m", "graf", "serve", *source, "--port", str(port), "--log-level", "warning",
                             "--time-limit", "300", "--max-rows", "1000000"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    sampler = _TreeSampler(proc.pid)
    try:
        wait_http(f"http://127.0.0.1:{port}/sparql?query=ASK%20%7B%7D", proc, 600)
        with httpx.Client(timeout=300) as client:
            for q in QUERIES.values():
                client.post(f"http://127.0.0.1:{port}/sparql", data={"query": q},
                            headers={"Accept": "application/sparql-results+json"}).raise_for_status()
        time.sleep(0.1)
        rss = _tree_peak_rss_kb(proc.pid)
    finally:
        peak = sampler.stop()
        stop(proc)
    return {"self_kb": rss, "children_kb": 0, **peak}


MEMORY_MODES = ("graf-disk", "ox-disk", "graf-mem", "ox-mem", "serve-disk", "serve-mem")


def bench_memory(store_dir: Path, data: Path, modes: tuple[str, ...] = MEMORY_MODES) -> dict[str, dict[str, int]]:
    """Peak memory of each of ``modes`` (graf or pyoxigraph alone, on disk or in memory; ``graf serve``)."""
    out = {}
    queries = json.dumps(list(QUERIES.values()))
    for mode, path in (("graf-disk", store_dir), ("ox-disk", store_dir), ("graf-mem", data), ("ox-mem", data)):
        if mode not in modes:
            continue
        proc = subprocess.Popen([PYTHON, str(CHILDREN), "memory", mode, str(path), queries], cwd=ROOT,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        sampler = _TreeSampler(proc.pid)
        line = proc.stdout.readline()
        time.sleep(0.1)  # one more sample with everything alive
        peak = sampler.stop()
        _, err = proc.communicate("", timeout=900)
        if proc.returncode != 0 or not line.strip():
            raise RuntimeError(err)
        out[mode] = {**json.loads(line), **peak}
    for mode, path in (("serve-disk", store_dir), ("serve-mem", data)):
        if mode in modes:
            out[mode] = _memory_serve(mode, path)
    return out


# -- 4. validation -----------------------------------------------------------------------------------------


VALIDATE_MODES = {
    "graf": "graf.validate, sparql SHACL engine (default), in memory",
    "graf-store": "graf.validate, sparql SHACL engine, on-disk store reopened",
    "graf-pyshacl": "graf.validate with --shacl-engine pyshacl (same rules, pySHACL per scenario)",
    "pyshacl": "plain pySHACL, same shapes, union of all graphs",
}


def bench_validate(folder: Path, timeout: float) -> dict[str, dict]:
    """Each of :data:`VALIDATE_MODES` on the model in ``folder``, in its own process."""
    out: dict[str, dict] = {}
    for mode in VALIDATE_MODES:
        started = time.perf_counter()
        extra = [str(folder.parent / "validate-store")] if mode == "graf-store" else []
        try:
            done = subprocess.run([PYTHON, str(CHILDREN), "validate", mode, str(folder), *extra], cwd=ROOT,
                                  capture_output=True, text=True, timeout=timeout)
            if done.returncode != 0:
                out[mode] = {"error": done.stderr.strip().splitlines()[-1][:200]}
            else:
                out[mode] = json.loads(done.stdout.strip().splitlines()[-1])
        except subprocess.TimeoutExpired:
            out[mode] = {"error": f"stopped after {timeout:g} s"}
        out[mode]["wall_s"] = time.perf_counter() - started
        print("validation", mode, out[mode], flush=True)
    return out


def bench_validate_series(scales: list[float], timeout: float) -> list[Any]:
    """graf vs pySHACL (per scenario, and plain on the union) at sizes where pySHACL finishes."""
    from bench_validate import measure

    rows = []
    for scale in scales:
        rows.append(measure(scale, 1, timeout))
        print("validation series", rows[-1], flush=True)
    return rows


# -- 5. start-up --------------------------------------------------------------------------------------------


def bench_startup(repeat: int) -> dict[str, float]:
    data = sorted((ROOT / "data" / "copenhagen-2010").glob("*.trig"))
    shapes = ROOT / "ontology" / "shapes.ttl"
    folder = Path(tempfile.mkdtemp())
    merged, ontology = folder / "copenhagen.nt", folder / "ontology.nt"
    triples = {ox.Triple(q.subject, q.predicate, q.object)
               for f in data for q in ox.parse(path=str(f), format=ox.RdfFormat.TRIG)}
    merged.write_bytes(ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES))
    onto = [t for f in sorted((ROOT / "ontology").glob("*.ttl")) if not f.name.startswith("shapes")
            for t in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE)]
    ontology.write_bytes(ox.serialize(onto, format=ox.RdfFormat.N_TRIPLES))
    store = folder / "store"
    subprocess.run([PYTHON, "-m", "graf", "load", "--store", str(store), "--no-progress",
                    str(ROOT / "data" / "copenhagen-2010")], cwd=ROOT, check=True, capture_output=True)
    commands = {
        "graf validate (cold, in memory)": [PYTHON, "-m", "graf", "validate", "--format", "json"],
        "graf validate --store DIR (cold, store reopened)": [PYTHON, "-m", "graf", "validate", "--format", "json",
                                                              "--store", str(store)],
        "graf info (cold, in memory; no rules)": [PYTHON, "-m", "graf", "info"],
        "pyshacl command (same shapes, union of the graphs)": [PYTHON, "-m", "pyshacl", "-s", str(shapes), "-e",
                                                               str(ontology), "-ef", "nt", "-df", "nt",
                                                               str(merged)],
    }
    out = {}
    for name, cmd in commands.items():
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
            times.append(time.perf_counter() - start)
            if done.returncode not in (0, 1):
                raise RuntimeError(f"{name} failed: {done.stderr[-300:]}")
        out[name] = statistics.median(times)
    shutil.rmtree(folder)
    return out


# -- 6. the national overview map ---------------------------------------------------------------------------


def bench_national_map(scale: float) -> dict[str, Any]:
    """``graf map --scenario all`` of the national model, drawn in headless Chromium (first draw)."""
    from bench_maps import copenhagen, first_draw_ms, national, offline_page, slider_ms

    with offline_page() as (page, blocked), tempfile.TemporaryDirectory() as tmp:
        label, edges, drawn, gen_s, size_mb, first = national(scale, Path(tmp), page)
        draws = [first] + [first_draw_ms(page, Path(tmp) / "national.html") for _ in range(2)]
        slide_national = slider_ms(page, Path(tmp) / "national.html")
        slide_copenhagen = slider_ms(page, copenhagen(Path(tmp)))
    return {"actors": label.split(" ")[0], "edges": edges, "drawn": drawn, "generate_s": gen_s, "size_mb": size_mb,
            "first_draw_ms": draws[0], "draw_ms": statistics.median(draws), "requests": len(blocked),
            "slider_national_ms": slide_national, "slider_copenhagen_ms": slide_copenhagen}


# -- report -----------------------------------------------------------------------------------------------


def _query_table(queries: dict) -> list[str]:
    """Section 2: the query latency table."""
    engines = [e for e in next(iter(queries.values())) if e not in ("rows",)]
    http = "graf HTTP (graf serve)"
    has_http = http in engines
    lines = ["", "## 2. Query latency (median ms)", "",
             "In-process columns compare graf's guarded query (a killable worker process, rows pickled over a "
             "pipe) with pyoxigraph called directly; HTTP columns compare graf's SPARQL endpoint (`graf serve`, "
             "SPARQL JSON) with the Oxigraph server's own (`oxigraph serve-read-only` on the same store folder, "
             "SPARQL JSON).", "",
             "| query | rows | " + " | ".join(engines) + (" | graf HTTP / Oxigraph HTTP |" if has_http else " |"),
             "| --- | ---: |" + " ---: |" * (len(engines) + has_http)]
    for name in QUERIES:
        per = queries[name]
        cells = [f"{per[e] * 1000:.1f}" if e in per else "-" for e in engines]
        if has_http:
            cells.append(f"{per[http] / per['Oxigraph server HTTP']:.2f}x")
        lines.append(f"| {name} | {int(per['rows'])} | " + " | ".join(cells) + " |")
    if not queries["_graf_http"]["available"]:
        lines += ["", "graf's HTTP endpoint (api.app.create_app) was not importable in this run: no graf-HTTP column."]
    return lines


def _memory_table(memory: dict) -> list[str]:
    """Section 4: peak memory, as RSS (per process, summed) and as PSS (shared pages split, summed)."""
    lines = ["", "## 4. Peak memory serving the model: open + the five queries", "",
             "RSS: each process's peak (VmHWM), summed over graf's process and its query workers; pages shared "
             "between them (the interpreter, libraries) count once per process. PSS: the proportional set size "
             "of all of graf's processes together (shared pages split between their users), the peak of "
             "samples every 20 ms taken from outside; USS: pages private to them. The target ratio (1.5x) is "
             "read on PSS, the fair sum; the RSS ratio is given beside it. The `graf serve` rows give the whole "
             "server's process tree (workers included) in the first RSS column.", "",
             "| setup | graf process RSS | graf query workers RSS | pyoxigraph alone RSS | ratio RSS | "
             "graf PSS | pyoxigraph PSS | ratio PSS | graf USS |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    setups = [("on-disk store", "graf-disk", "ox-disk"), ("in memory (load the file)", "graf-mem", "ox-mem"),
              ("`graf serve --store DIR`, queries over HTTP", "serve-disk", "ox-disk"),
              ("`graf serve --data FILE` (in memory), queries over HTTP", "serve-mem", "ox-mem")]
    for where, g, o in setups:
        if g not in memory:
            continue
        own, kids, anchor = memory[g]["self_kb"], memory[g]["children_kb"], memory[o]["self_kb"]
        pss, opss = memory[g].get("pss_kb", 0), memory[o].get("pss_kb", 0)
        cells = [f"{own / 1024:,.0f} MB", f"{kids / 1024:,.0f} MB", f"{anchor / 1024:,.0f} MB",
                 f"{(own + kids) / anchor:.2f}x"]
        cells += [f"{pss / 1024:,.0f} MB", f"{opss / 1024:,.0f} MB", f"{pss / opss:.2f}x" if opss else "-",
                  f"{memory[g].get('uss_kb', 0) / 1024:,.0f} MB"]
        lines.append(f"| {where} | " + " | ".join(cells) + " |")
    return lines


def report(args: argparse.Namespace, info: dict, triples: int, gen_s: float, load: list[dict], queries: dict,
           memory: dict, validation: dict, vmodel: Any, startup: dict, total_s: float, series: list[Any] = (),
           national_map: dict | None = None, workbook: dict | None = None, extra: list[str] = ()) -> str:
    vtriples, vscenarios = vmodel.triples, vmodel.counts["scenarios"]
    expected = sum(len(v.scenarios) for v in vmodel.injected) + len(vmodel.baseline)
    lines = ["# graf benchmarks (national scale)", "",
             f"Written by `python bench/run_all.py --scale {args.scale:g} --validate-scale {args.validate_scale:g} "
             f"--repeat {args.repeat} --load-repeat {args.load_repeat} --validate-timeout {args.validate_timeout:g}` "
             f"in {total_s / 60:.1f} min. Medians of interleaved runs; each anchor was "
             "measured in the same run, right beside graf's figure.", "", "## Machine", ""]
    lines += [f"- {k}: {v}" for k, v in info.items()]
    lines += ["", f"Model: `graf generate --scale {args.scale:g} --seed 1 --violations 0.01` = {triples:,} triples "
              f"(generated in {gen_s:.1f} s).", "", "## 1. Load rate (statements/s; target graf >= 0.8x anchor)", "",
              "| where | graf | anchor | anchor figure | ratio | note |", "| --- | ---: | --- | ---: | ---: | --- |"]
    for row in load:
        ratio = row["graf"] / row["anchor"]
        lines.append(f"| {row['where']} | {row['graf']:,.0f} | {row['anchor_name']} | {row['anchor']:,.0f} | "
                     f"{ratio:.2f}x{'' if ratio >= 0.8 else ' (below target)'} | {row['extra']} |")
    lines += _query_table(queries)
    lines += ["", "## 3. Validation of every rule (target: under 30 s at 1M triples, >= 20x plain pySHACL)", "",
              f"Model: scale {args.validate_scale:g} ({vtriples:,} triples, {vscenarios} scenarios); the rules "
              f"should report {expected} violations (injected + baseline, from injected-violations.json).", "",
              "| engine | seconds (validation only) | wall incl. start and load | violations reported | same report as "
              "the sparql engine |", "| --- | ---: | ---: | ---: | --- |"]
    reference = validation.get("graf", {}).get("report")
    for mode, label in VALIDATE_MODES.items():
        r = validation[mode]
        same = "-" if mode == "pyshacl" or "report" not in r else ("yes" if r["report"] == reference else "NO")
        if "error" in r:
            lines.append(f"| {label} | {r['error']} | {r['wall_s']:.1f} | - | - |")
        else:
            lines.append(f"| {label} | {r['seconds']:.1f} | {r['wall_s']:.1f} | {r['violations']} | {same} |")
    if series:
        from bench_validate import HEADER

        lines += ["", "Smaller models, where plain pySHACL finishes (`bench/bench_validate.py`; each row one model, "
                  "the three engines side by side; graf's figure is the whole validation, SHACL and topology):", "",
                  HEADER] + [row.markdown() for row in series]
    lines += _memory_table(memory)
    lines += ["", "## 5. Start-up on the Copenhagen data (cold process, median s)", "", "| command | seconds |",
              "| --- | ---: |"]
    lines += [f"| {k} | {v:.2f} |" for k, v in startup.items()]
    if national_map:
        m = national_map
        lines += ["", "## 6. The national overview map (target: first draw under 3 s in headless Chromium)", "",
                  "| actors | edges | drawn nodes (aggregated by kind) | generate (s) | file (MB) "
                  "| first draw, cold (ms) | median of 3 draws (ms) | network requests |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
                  f"| {m['actors']} | {m['edges']:,} | {m['drawn']:,} | {m['generate_s']:.1f} | {m['size_mb']:.1f} "
                  f"| {m['first_draw_ms']:,.0f} | {m['draw_ms']:,.0f} | {m['requests']} |", "",
                  "Moving the date slider: from setting a date to the end of the next drawing, at 13 dates over the "
                  "map's span (`bench_maps.slider_ms`):", "",
                  "| map | target (ms) | median (ms) | max (ms) |", "| --- | ---: | ---: | ---: |"]
        for name, key, target in (("Copenhagen overview", "slider_copenhagen_ms", 300),
                                  ("national overview", "slider_national_ms", 1500)):
            if m.get(key):
                lines.append(f"| {name} | {target:,} | {statistics.median(m[key]):,.0f} | {max(m[key]):,.0f} |")
    if workbook:
        from bench_workbook import table

        lines += ["", "## 7. A planner's workbook (target: importing the national model's workbook < 30 s, < 1 GB)",
                  "", "`bench/bench_workbook.py`: each step a fresh `graf` process; CPU seconds are the fairer "
                  "figure when the machine is shared.", ""] + table(workbook)
    lines += list(extra)
    lines += ["", f"Load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}.", ""]
    lines += _notes(load, queries, memory, validation, startup, expected, series, national_map)
    return "\n".join(lines)


def _memory_notes(memory: dict) -> list[str]:
    """Section 4 read in words (figures from this run)."""
    disk, mem = memory["graf-disk"], memory["graf-mem"]
    out = [f"- Memory on disk: graf's process peaks at {disk['self_kb'] / 1024:,.0f} MB RSS (the Python interpreter, "
           "pyoxigraph, graf's own modules (rdflib, pySHACL and networkx are imported only by the rules and the "
           f"actor graph), RocksDB caches) and its query workers at {disk['children_kb'] / 1024:,.0f} MB (each a "
           "Python process with its "
           f"own read-only RocksDB instance); {disk.get('pss_kb', 0) / 1024:,.0f} MB PSS together against "
           f"{memory['ox-disk'].get('pss_kb', 0) / 1024:,.0f} MB for pyoxigraph alone, one process that imports "
           "nothing else. That fixed cost of a second process and of the imports dominates at this size."]
    out.append(f"- Memory in memory: {mem.get('pss_kb', 0) / 1024:,.0f} MB PSS for graf (its process "
               f"{mem['self_kb'] / 1024:,.0f} MB RSS) against {memory['ox-mem'].get('pss_kb', 0) / 1024:,.0f} MB for "
               "pyoxigraph: the query workers are forked from a zygote forked right after loading, so they share "
               "the data copy-on-write instead of an on-disk snapshot written by a bulk loader (1.2 GB peak before). "
               "RSS counts the shared data once per process (parent, zygote, worker), hence the RSS ratio. A worker "
               "that scans the whole store copies most pages it reads (reference counts are written): about "
               "240 MB at this size, at most once per worker (setting `workers`).")
    if "serve-disk" in memory:
        out.append(f"- `graf serve` adds FastAPI, pydantic and uvicorn (about 25 MB; rdflib, pySHACL and networkx wait "
                   "for a page that needs them): "
                   f"{memory['serve-disk'].get('pss_kb', 0) / 1024:,.0f} MB PSS on disk, "
                   f"{memory['serve-mem'].get('pss_kb', 0) / 1024:,.0f} MB in memory.")
    return out


def _notes(load: list[dict], queries: dict, memory: dict, validation: dict, startup: dict,
           expected: int, series: list[Any] = (), national_map: dict | None = None) -> list[str]:
    """What the figures say, and why where a target is missed (numbers from this run)."""
    out = ["## Reading the figures", ""]
    how = {"in memory": "graf loads one file with pyoxigraph's own transactional `Store.load` (several files: "
                        "parse all, then one transaction)",
           "on disk (new store)": "graf bulk-loads a new store into a staging folder renamed into place, reading "
                                  "the file through a counting reader for the progress bar (one Python call per "
                                  "buffer)"}
    for row in load:
        ratio = row["graf"] / row["anchor"]
        verdict = "meets the 0.8x target" if ratio >= 0.8 else f"misses the 0.8x target by {0.8 - ratio:.2f}"
        out.append(f"- Load, {row['where']}: {ratio:.2f}x of pyoxigraph's bulk load, {verdict}; "
                   f"{how.get(row['where'], '')}.")
    http = "graf HTTP (graf serve)"
    names = list(QUERIES)
    inproc = [queries[q]["graf in-process"] - queries[q]["pyoxigraph in-process"] for q in names]
    out.append(f"- In-process queries: graf adds {statistics.median(inproc) * 1000:.1f} ms (median over the five "
               "queries) to pyoxigraph: the query runs in a worker process that can be killed at the time limit "
               "(pyoxigraph cannot cancel a query), and the rows come back pickled over a pipe.")
    if http in queries[names[0]]:
        ratios = [queries[q][http] / queries[q]["Oxigraph server HTTP"] for q in names]
        extra = [queries[q][http] - queries[q]["Oxigraph server HTTP"] for q in names]
        out.append(f"- Over HTTP, graf's endpoint takes {min(ratios):.1f}x to {max(ratios):.1f}x the Oxigraph "
                   f"server's time (+{statistics.median(extra) * 1000:.1f} ms median; target 1.2x): a Python HTTP "
                   "server (uvicorn with httptools and uvloop; a bare ASGI app already takes about 1 ms per request "
                   "here) and one process round trip per query, the price of a time limit that really stops a "
                   "query; the worker writes the result bytes itself. The gap is a fixed cost, so heavier queries "
                   "come closest to the target.")
    g, p = validation["graf"], validation["pyshacl"]
    if "violations" in g:
        found = f"reports {p['violations']} results" if "violations" in p else f"did not finish ({p.get('error')})"
        verdict = "meets" if g["seconds"] < 30 else f"misses by {g['seconds'] - 30:.0f} s"
        out.append(f"- Validation: graf.validate takes {g['seconds']:.1f} s for every rule on every scenario "
                   f"({verdict} the 30 s target) and reports {g['violations']} violations where {expected} are "
                   f"expected (injected + baseline); plain pySHACL on the union of all graphs {found}, and cannot "
                   "see topology (bypass paths, lost direct channels) or keep the scenarios apart. graf compiles the "
                   "SHACL shapes to SPARQL run by the store (graf/rules/shacl_sparql.py); with `--shacl-engine "
                   "pyshacl` the same rules give the same report, much slower.")
        r = validation.get("graf-store", {})
        if "seconds" in r:
            out.append(f"- Validation on an on-disk store (`graf load --store DIR`, then `graf --store DIR validate`) "
                       f"takes {r['seconds']:.1f} s: each group of scenarios is read into memory (their facts, "
                       "without the reified statements that cite them) by a second process while the previous "
                       "group is validated (this row: `graf.validate(store)` in one process, right after the load; "
                       "`graf validate` splits the groups between processes, one per CPU: sections 8 and 11).")
    if series:
        ratios = [row.plain_s / row.sparql_s for row in series if row.plain_s is not None]
        biggest = max((row for row in series if row.plain_s is not None), key=lambda row: row.triples, default=None)
        if ratios and biggest is not None:
            bound = ""
            g, p = validation["graf"], validation["pyshacl"]
            if "seconds" in g and "error" in p and p["wall_s"] > 0:
                bound = (f"; on the full model pySHACL was stopped after {p['wall_s']:.0f} s, so graf is more than "
                         f"{p['wall_s'] / g['seconds']:.0f}x faster there")
            out.append(f"- Against plain pySHACL where it finishes: {min(ratios):.0f}x to {max(ratios):.0f}x faster, "
                       f"{biggest.plain_s / biggest.sparql_s:.0f}x at {biggest.triples:,} triples (the ratio grows "
                       f"with size: pySHACL's time grows faster than linearly, graf's linearly){bound}. Target 20x: "
                       + ("met at the largest size where pySHACL finishes." if biggest.plain_s / biggest.sparql_s >= 20
                          else "missed at the largest size where pySHACL finished here."))
    if national_map:
        whole = str(national_map["actors"]).replace(",", "")
        aggregated = ("the largest kinds aggregated, with a banner saying so"
                      if str(national_map["drawn"]) != whole else "none aggregated")
        out.append(f"- National overview map: {national_map['actors']} actors drawn as {national_map['drawn']:,} "
                   f"nodes ({aggregated}); first draw "
                   f"{national_map['first_draw_ms'] / 1000:.1f} s cold, {national_map['draw_ms'] / 1000:.1f} s "
                   "median (target 3 s); no network request.")
    out += _memory_notes(memory)
    cold = [v for k, v in startup.items() if k.startswith("graf validate (cold")]
    shacl = [v for k, v in startup.items() if k.startswith("pyshacl")]
    info = [v for k, v in startup.items() if k.startswith("graf info")]
    if cold and shacl and info:
        out.append(f"- Start-up: `graf validate` cold takes {cold[0]:.2f} s (target 2 s) against {shacl[0]:.2f} s "
                   f"for the `pyshacl` command on the same shapes and data, and `graf info` {info[0]:.2f} s: most of "
                   "it is starting Python and importing graf, pyoxigraph and networkx.")
    return out + [""]


SECTIONS = ("load", "http", "validate", "memory", "startup", "virtuoso", "scale5", "layers")


def _sections(text: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    unknown = [n for n in names if n not in SECTIONS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown section {', '.join(unknown) or '(none)'}; "
                                         f"choose from {', '.join(SECTIONS)}")
    return names


def _new_sections(args: argparse.Namespace) -> list[str]:
    """Sections 9 (Virtuoso), 10 (scale 5 on disk) and 11 (HTTP layers), when chosen: each builds its own
    model and stores. A section that fails is reported as failed (with the error) instead of losing the
    whole report after an hour of measuring."""
    lines: list[str] = []
    for name, section in (("virtuoso", _virtuoso_section), ("layers", _layers_section), ("scale5", _scale5_section)):
        if name in args.only:
            try:
                lines += section(args)
            except Exception as exc:  # noqa: BLE001 - any failure of one section is reported, not raised
                lines += ["", f"## Section `{name}` failed", "", f"`{type(exc).__name__}: {exc}`"]
                print(f"section {name} failed: {exc!r}", flush=True)
    return lines


def _virtuoso_section(args: argparse.Namespace) -> list[str]:
    import bench_virtuoso

    result = bench_virtuoso.run(args.virtuoso_scale, args.repeat, QUERIES, timeout=args.validate_timeout * 3,
                                embedded=bench_queries)
    return list(bench_virtuoso.table(result))


def _layers_section(args: argparse.Namespace) -> list[str]:
    import bench_http_layers

    from graf.bulk import bulk_load_new_store

    with tempfile.TemporaryDirectory(prefix="graf-bench-layers-") as tmp:
        data, _ = write(generate(args.scale, 1, 0.01), Path(tmp) / "data")
        bulk_load_new_store(Path(tmp) / "store", [data])
        result = bench_http_layers.measure(Path(tmp) / "store", QUERIES, max(args.repeat, 15))
    return list(bench_http_layers.table(result, args.scale))


def _scale5_section(args: argparse.Namespace) -> list[str]:
    import bench_scale5

    result = bench_scale5.run(args.scale5, args.repeat, args.load_repeat, bench_queries, bench_memory,
                              timeout=args.validate_timeout, scale1=args.validate_scale)
    return list(bench_scale5.table(result))


def _partial(args: argparse.Namespace) -> int:
    """``--only http,memory`` (for example): the chosen sections of the report, on a fresh model."""
    started = time.perf_counter()
    info = machine()
    lines = ["# graf benchmarks (partial: " + ", ".join(args.only) + ")", "",
             f"`python bench/run_all.py --scale {args.scale:g} --repeat {args.repeat} --only {','.join(args.only)}`",
             "", "## Machine", ""] + [f"- {k}: {v}" for k, v in info.items()]
    work = Path(tempfile.mkdtemp(prefix="graf-bench-"))
    try:
        if {"load", "http", "memory"} & set(args.only):
            lines += _main_model_sections(args, work)
        if "validate" in args.only or "startup" in args.only:
            lines += ["", "(validate/startup: run the full benchmark; their tables need the whole report)"]
        lines += _new_sections(args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines += ["", f"Took {(time.perf_counter() - started) / 60:.1f} min; load average at the end: "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}.", ""]
    text = "\n".join(lines)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    print(text)
    return 0


def _main_model_sections(args: argparse.Namespace, work: Path) -> list[str]:
    """Sections 1, 2 and 4 of ``--only`` on the model of ``--scale``."""
    from graf.bulk import bulk_load_new_store

    model = generate(args.scale, 1, 0.01)
    data, _ = write(model, work / "data")
    lines = ["", f"Model: `graf generate --scale {args.scale:g} --seed 1 --violations 0.01` = {model.triples:,} "
             "triples."]
    if "load" in args.only:
        load, store_dir = bench_load(data, work, args.load_repeat)
        lines += ["", "## 1. Load rate (statements/s)", ""]
        lines += [f"- {r['where']}: graf {r['graf']:,.0f}/s, {r['anchor_name']} {r['anchor']:,.0f}/s, "
                  f"{r['graf'] / r['anchor']:.2f}x" for r in load]
    else:
        store_dir = work / "graf-store"
        bulk_load_new_store(store_dir, [data])
    if "http" in args.only:
        queries = bench_queries(store_dir, args.repeat)
        print("queries", json.dumps(queries, indent=1), flush=True)
        lines += _query_table(queries)
    if "memory" in args.only:
        memory = bench_memory(store_dir, data)
        print("memory", memory, flush=True)
        lines += _memory_table(memory) + [""] + _memory_notes(memory)
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="model for load, queries, memory (default 1.0)")
    parser.add_argument("--validate-scale", type=float, default=1.0, help="model for validation (default 1.0)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per query figure (default 7)")
    parser.add_argument("--load-repeat", type=int, default=2, help="runs per load figure (default 2)")
    parser.add_argument("--validate-series", default="0.01,0.1,0.3,0.5",
                        help="smaller models where graf is compared with plain pySHACL (default 0.01,0.1,0.3,0.5)")
    parser.add_argument("--validate-timeout", type=float, default=600.0,
                        help="seconds each validation may take before it is stopped (default 600)")
    parser.add_argument("--output", default=None,
                        help="report file (default: bench/RESULTS.md for a full run; with --only: stdout only)")
    parser.add_argument("--only", type=_sections, default=None, metavar="S,S",
                        help=f"run only these sections ({','.join(SECTIONS)}); prints their tables")
    parser.add_argument("--virtuoso-scale", type=float, default=1.0,
                        help="model for section 7, graf on Virtuoso 7 (default 1.0)")
    parser.add_argument("--scale5", type=float, default=5.0,
                        help="model for section 8, the national model N times on disk (default 5.0)")
    args = parser.parse_args()
    if args.only is not None and set(args.only) != set(SECTIONS):
        return _partial(args)
    args.output = args.output or str(ROOT / "bench" / "RESULTS.md")
    started = time.perf_counter()
    info = machine()
    work = Path(tempfile.mkdtemp(prefix="graf-bench-"))
    try:
        t0 = time.perf_counter()
        model = generate(args.scale, 1, 0.01)
        data, _ = write(model, work / "data")
        gen_s = time.perf_counter() - t0
        print(f"generated {model.triples:,} triples in {gen_s:.1f} s", flush=True)
        load, store_dir = bench_load(data, work, args.load_repeat)
        print("load", load, flush=True)
        queries = bench_queries(store_dir, args.repeat)
        print("queries", json.dumps(queries, indent=1), flush=True)
        memory = bench_memory(store_dir, data)
        print("memory", memory, flush=True)
        vmodel = generate(args.validate_scale, 1, 0.01)
        write(vmodel, work / "validate")
        validation = bench_validate(work / "validate", args.validate_timeout)
        series = bench_validate_series([float(x) for x in args.validate_series.split(",") if x],
                                       args.validate_timeout)
        national_map = bench_national_map(args.scale)
        print("national map", national_map, flush=True)
        startup = bench_startup(3)
        print("startup", startup, flush=True)
        from bench_workbook import measure as bench_workbook

        (work / "workbook").mkdir()
        workbook = bench_workbook(args.scale, work / "workbook")
        print("workbook", workbook, flush=True)
        from bench_rules import measure as measure_rules  # hostile shapes, guard, on disk

        rules = measure_rules(args.validate_scale, max(args.repeat, 7), 10000)
        args.only = SECTIONS
        extra = ["", *rules.strip("\n").split("\n"), *_new_sections(args)]
        text = report(args, info, model.triples, gen_s, load, queries, memory, validation, vmodel, startup,
                      time.perf_counter() - started, series, national_map, workbook, extra)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
