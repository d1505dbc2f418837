"""What the benchmarks measure in a process of their own (memory, one validation, plain pySHACL).

Each entry point prints one JSON line with its figures on stdout (the last line is the result)::

    python bench/children.py memory MODE PATH QUERIES_JSON   # graf-disk | graf-mem | ox-disk | ox-mem
    python bench/children.py validate MODE FOLDER [STORE_DIR]  # graf | graf-store | graf-pyshacl | pyshacl
    python bench/children.py validate-store SETTINGS_JSON      # graf.validate on the store the settings name
    python bench/children.py hostile DATA_FILE                 # graf.validate of a hostile model: findings, CPU, peak
    python bench/children.py plain-pyshacl DATA_TRIG SHAPES    # pySHACL alone on the union of the data's graphs

Only graf's public API is used, so what is measured is what a user runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from graf import iris, resources  # noqa: E402
from graf.rules import validate as graf_validate  # noqa: E402
from graf.settings import Settings  # noqa: E402
from graf.store import EmbeddedStore, QueryOptions, open_store  # noqa: E402


def peak_kb(pid: int | str = "self") -> int:
    """VmHWM: the peak RSS of a process image (``ru_maxrss`` would include the parent's peak before exec)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _cpu_s(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _emit(figures: dict[str, Any]) -> None:
    print(json.dumps(figures), flush=True)


def memory(mode: str, path: str, queries: list[str]) -> None:
    """Run ``queries`` on graf's store or on pyoxigraph alone, print the peak memory, then wait for stdin to
    close (the benchmark samples the process tree's PSS meanwhile)."""
    if mode.startswith("graf"):
        store = (open_store(Settings.from_env({"store_dir": path}, environ={})) if mode == "graf-disk"
                 else EmbeddedStore())
        if mode != "graf-disk":
            store.load([path])
        for text in queries:
            store.query(text, options=QueryOptions(time_limit_s=300, max_rows=1_000_000))
        _emit({"self_kb": peak_kb(), "children_kb": sum(peak_kb(pid) for pid in store.worker_pids())})
        sys.stdin.read()
        store.close()
        return
    plain = ox.Store.read_only(path) if mode == "ox-disk" else ox.Store()
    if mode == "ox-mem":
        plain.load(path=path, format=ox.RdfFormat.TRIG)
    for text in queries:
        [tuple(s) for s in plain.query(text, use_default_graph_as_union=True)]
    _emit({"self_kb": peak_kb(), "children_kb": 0})
    sys.stdin.read()


def _union_graph(trig_files: list[Path]) -> Any:
    import rdflib

    data = rdflib.Dataset()
    for path in trig_files:
        data.parse(path, format="trig")
    union = rdflib.Graph()
    for s, p, o, _g in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _plain_pyshacl(union: Any, shapes_file: Path) -> tuple[float, int]:
    """Seconds and number of results of pySHACL alone, with graf's ontology mixed in (sh:class needs it)."""
    import pyshacl
    import rdflib

    ontology = rdflib.Graph()
    for path in sorted(resources.ontology_dir().glob("*.ttl")):
        if not path.name.startswith("shapes"):
            ontology.parse(path)
    shapes = rdflib.Graph().parse(shapes_file, format="turtle")
    start = time.perf_counter()
    _conforms, report, _text = pyshacl.validate(union, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                                advanced=False)
    seconds = time.perf_counter() - start
    results = report.subjects(rdflib.RDF.type, rdflib.URIRef(iris.SH + "ValidationResult"))
    return seconds, len(list(results))


def validate(mode: str, folder: str, store_dir: str | None = None) -> None:
    """One validation of the model in ``folder``: graf (in memory, on disk, with the pySHACL engine) or pySHACL."""
    if mode == "pyshacl":
        seconds, found = _plain_pyshacl(_union_graph(sorted(Path(folder).glob("*.trig"))),
                                        resources.ontology_dir() / "shapes.ttl")
        _emit({"seconds": seconds, "violations": found})
        return
    if mode == "graf-store":  # the national-scale setup: `graf load --store DIR` once, then reopen
        subprocess.run([sys.executable, "-m", "graf", "load", "--store", str(store_dir), "--no-progress", folder],
                       check=True, capture_output=True)
        store = open_store(Settings.from_env({"store_dir": store_dir}, environ={}))
    else:
        store = open_store(Settings.from_env({"data": [folder]}, environ={}))
    start = time.perf_counter()
    report = graf_validate(store, shacl_engine="pyshacl" if mode == "graf-pyshacl" else "sparql")
    seconds = time.perf_counter() - start
    _emit({"seconds": seconds, "violations": sum(f.severity == "violation" for f in report.findings),
           "report": hashlib.sha256(report.to_json().encode()).hexdigest()})


def validate_store(settings: dict[str, Any]) -> None:
    """``graf.validate`` of every scenario on the store ``settings`` name, as ``graf validate`` runs it (an
    on-disk store in up to one process per CPU): seconds (validation only), CPU of this process and of its
    children (the readers and validating processes of an on-disk store), violations, the report's hash."""
    chosen = Settings.from_env(settings, environ={})
    store = open_store(chosen)
    own, children = _cpu_s(resource.RUSAGE_SELF), _cpu_s(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    report = graf_validate(store, processes=min(chosen.workers, os.cpu_count() or 1))
    seconds = time.perf_counter() - start
    found = sorted([f.rule_id, f.scenario, *sorted(f.witness)] for f in report.findings if f.severity == "violation")
    _emit({"seconds": seconds, "cpu_s": _cpu_s(resource.RUSAGE_SELF) - own,
           "reader_cpu_s": _cpu_s(resource.RUSAGE_CHILDREN) - children, "violations": len(found), "found": found,
           "report": hashlib.sha256(report.to_json().encode()).hexdigest()})


def hostile(data_file: str) -> None:
    """``graf.validate`` of a hostile model: each finding's code, witness length and note, CPU and peak memory."""
    store = open_store(Settings.from_env({"data": [data_file]}, environ={}))
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    report = graf_validate(store)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    _emit({"seconds": seconds, "cpu_s": cpu,
           "findings": [[f.code, len(f.witness), f.detail.get("further", "")] for f in report.findings],
           "peak_mb": peak_kb() / 1024})


def plain_pyshacl(data_trig: str, shapes_file: str) -> None:
    """pySHACL alone on the union of the graphs of one TriG file."""
    seconds, found = _plain_pyshacl(_union_graph([Path(data_trig)]), Path(shapes_file))
    _emit({"seconds": seconds, "results": found})


def main(argv: list[str]) -> None:
    """``children.py ENTRY ARGS...`` (see the module's help)."""
    entry, args = argv[0], argv[1:]
    if entry == "memory":
        memory(args[0], args[1], json.loads(args[2]))
    elif entry == "validate":
        validate(*args)
    elif entry == "validate-store":
        validate_store(json.loads(args[0]))
    elif entry == "hostile":
        hostile(args[0])
    elif entry == "plain-pyshacl":
        plain_pyshacl(args[0], args[1])
    else:
        raise SystemExit(f"children.py: unknown entry point {entry!r}; see the module's help")


if __name__ == "__main__":
    main(sys.argv[1:])
