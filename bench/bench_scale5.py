"""Five times the national model on disk, and the scale-1 model on disk: graf's targets at that size.

Run through ``bench/run_all.py --only scale5`` (it shares the query and memory measurements of the main
run): on ``graf generate --scale 5`` (about 4.6M triples, 980 scenarios) in an on-disk store,

1. load: ``graf load --store NEWDIR`` (its bulk path, with the progress reader) against pyoxigraph's
   ``Store(dir).bulk_load`` on the same file (target >= 0.8x);
2. ``graf --store DIR validate``: seconds (target < 60 s), and the violations found against the ones
   ``graf generate`` injected (all found, nothing else but the baseline);
3. ``graf serve --store DIR`` answering the five benchmark queries over HTTP against the Oxigraph server on
   the same folder (target <= 1.2x each);
4. memory: PSS of graf serve's whole process tree against pyoxigraph alone answering the same queries
   (target <= 1.5x);
5. the national overview map (``graf map --scenario all``) of the on-disk store, first draw in headless
   Chromium (target < 3 s);

and ``graf --store DIR validate`` on the scale-1 model (target < 30 s).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_validate import validate_process  # noqa: E402

TARGETS = {"load": 0.8, "validate_s": 60.0, "validate_scale1_s": 30.0, "http": 1.2, "memory": 1.5, "draw_s": 3.0}


def disk_load(data: Path, work: Path, repeat: int) -> tuple[dict[str, Any], Path]:
    """graf's bulk load into a new store folder against pyoxigraph's, interleaved; graf's first store is kept.

    graf loads what ``graf load --store NEWDIR FILE`` loads: the ontology (into its graph) and the file."""
    from graf import resources
    from graf.bulk import Progress, bulk_load_new_store
    from graf.namespaces import ONTOLOGY_GRAPH

    ontology = sorted(p for p in resources.ontology_dir().glob("*.ttl") if not p.name.startswith("shapes"))

    graf_times, ox_times = [], []
    kept = work / "graf-store"
    statements = 0
    for i in range(repeat):
        target = work / f"graf-disk-{i}"
        sink = open(os.devnull, "w")  # noqa: SIM115 - the progress bar's stream, as `graf load` draws it
        started = time.perf_counter()
        report = bulk_load_new_store(target, [data], ontology=ontology, ontology_graph=str(ONTOLOGY_GRAPH),
                                     progress=Progress(data.stat().st_size, sink))
        graf_times.append(time.perf_counter() - started)
        sink.close()
        statements = report.statements
        folder = work / f"ox-disk-{i}"
        started = time.perf_counter()
        store = ox.Store(str(folder))
        store.bulk_load(path=str(data), format=ox.RdfFormat.TRIG)
        store.flush()
        del store
        ox_times.append(time.perf_counter() - started)
        shutil.rmtree(folder)
        if i == 0:
            target.rename(kept)
        else:
            shutil.rmtree(target)
    graf_s, ox_s = statistics.median(graf_times), statistics.median(ox_times)
    return {"statements": statements, "graf_s": graf_s, "ox_s": ox_s, "graf": statements / graf_s,
            "anchor": statements / ox_s}, kept


def injected_found(found: list[list[str]], truth_file: Path) -> dict[str, Any]:
    """The violations found against the ones ``graf generate`` injected (and its baseline)."""
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    expected = {(v["rule_id"], s, *sorted(v["witness"])) for v in truth["injected"] for s in v["scenarios"]}
    baseline = {(b["rule_id"], b["scenario"]) for b in truth["baseline"]}
    got = {tuple(f) for f in found}
    extra = {(f[0], f[1]) for f in got - expected}
    return {"injected": len(expected), "missed": len(expected - got), "baseline": len(baseline),
            "others": len(extra - baseline), "as_injected": expected <= got and extra <= baseline}


def national_map(store_dir: Path) -> dict[str, Any]:
    """``graf map --scenario all`` of the on-disk store, drawn in headless Chromium (cold first draw)."""
    from bench_maps import first_draw_ms, offline_page, overview_page

    html, whole, render_s = overview_page({"store_dir": store_dir})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "national.html"
        path.write_text(html, encoding="utf-8")
        with offline_page() as (page, blocked):
            draws = [first_draw_ms(page, path) for _ in range(3)]
            drawn = page.evaluate("grafMap.nodes.length")
    return {"actors": whole.number_of_nodes(), "edges": whole.number_of_edges(), "drawn": drawn,
            "render_s": render_s, "size_mb": len(html.encode()) / 1e6, "first_draw_ms": draws[0],
            "draw_ms": statistics.median(draws), "requests": len(blocked)}


def run(scale: float, repeat: int, load_repeat: int, queries: Callable[[Path, int], dict],
        memory: Callable[..., dict], timeout: float = 1800.0, scale1: float = 1.0) -> dict[str, Any]:
    """Everything above; ``queries`` and ``memory`` are run_all's measurements (same code as its sections);
    ``scale1``: the model of the second on-disk validation (1.0 for its target)."""
    from graf.generate import VIOLATIONS_FILE, generate, write

    work = Path(tempfile.mkdtemp(prefix="graf-bench-scale5-"))
    out: dict[str, Any] = {"scale": scale}
    try:
        started = time.perf_counter()
        model = generate(scale, 1, 0.01)
        data, _ = write(model, work / "data")
        out.update(triples=model.triples, scenarios=model.counts["scenarios"], generate_s=time.perf_counter() - started)
        del model
        print(f"scale {scale:g}: {out['triples']:,} triples", flush=True)
        out["load"], store_dir = disk_load(data, work, load_repeat)
        out["load"]["settle_s"] = settle(store_dir)
        print("scale5 load", out["load"], flush=True)
        out["validate"] = validate_process({"store_dir": str(store_dir)}, timeout)
        if "found" in out["validate"]:
            out["validate"]["check"] = injected_found(out["validate"].pop("found"), data.parent / VIOLATIONS_FILE)
        print("scale5 validate", out["validate"], flush=True)
        out["queries"] = queries(store_dir, repeat)
        print("scale5 queries", out["queries"], flush=True)
        out["memory"] = memory(store_dir, data, modes=("graf-disk", "ox-disk", "serve-disk"))
        print("scale5 memory", out["memory"], flush=True)
        out["map"] = national_map(store_dir)
        print("scale5 map", out["map"], flush=True)
        shutil.rmtree(work / "data")
        shutil.rmtree(store_dir)
        one = generate(scale1, 1, 0.01)
        data1, _ = write(one, work / "data1")
        out["scale1"] = {"scale": scale1, "triples": one.triples, "scenarios": one.counts["scenarios"]}
        del one
        (work / "one").mkdir()
        _load1, store1 = disk_load(data1, work / "one", 1)
        settle(store1)
        result = validate_process({"store_dir": str(store1)}, timeout)
        if "found" in result:
            result["check"] = injected_found(result.pop("found"), data1.parent / VIOLATIONS_FILE)
        out["scale1"]["validate"] = result
        print("scale1 validate on disk", result, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def settle(store_dir: Path) -> float:
    """Seconds to compact a freshly bulk-loaded store folder (RocksDB), which otherwise the first process that
    opens it for writing does in the background, beside whatever it measures; paid once per load."""
    started = time.perf_counter()
    store = ox.Store(str(store_dir))
    store.optimize()
    store.flush()
    del store
    return time.perf_counter() - started


def _verdict(ok: bool) -> str:
    return "meets" if ok else "misses"


def table(r: dict[str, Any]) -> list[str]:
    """The report section."""
    t = TARGETS
    lines = ["", f"## 11. Five times the national model on disk (scale {r['scale']:g}: {r['triples']:,} triples, "
             f"{r['scenarios']} scenarios)", "",
             "One on-disk store (`graf load --store DIR`), every figure beside its anchor in the same run.", "",
             "| what | graf | anchor | ratio or figure | target | verdict |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    load = r["load"]
    ratio = load["graf"] / load["anchor"]
    lines.append(f"| load rate, statements/s (`graf load --store NEWDIR` vs pyoxigraph `Store(dir).bulk_load`) | "
                 f"{load['graf']:,.0f} | {load['anchor']:,.0f} | {ratio:.2f}x | >= {t['load']}x | "
                 f"{_verdict(ratio >= t['load'])} |")
    if "settle_s" in load:
        lines.append(f"| then the compaction RocksDB owes after a bulk load (s; once, before the figures below; "
                     f"otherwise the first process to open the store for writing runs it beside its work) | "
                     f"{load['settle_s']:.1f} | - | - | - | - |")
    one = r["scale1"]
    for label, v, target in ((f"`graf --store DIR validate`, every rule, {r['scenarios']} scenarios (s)",
                              r["validate"], t["validate_s"]),
                             (f"the same on the scale-{one['scale']:g} model ({one['triples']:,} triples, "
                              f"{one['scenarios']} scenarios) (s)", one["validate"], t["validate_scale1_s"])):
        if "error" in v:
            lines.append(f"| {label} | {v['error']} | - | - | < {target:g} s | misses |")
            continue
        check = v.get("check", {})
        note = (f"{v['violations']} violations: all {check.get('injected')} injected found, nothing else but "
                f"the baseline" if check.get("as_injected") else f"{v['violations']} violations, NOT as injected "
                f"({check})")
        lines.append(f"| {label} | {v['seconds']:.1f} | - | {note} | < {target:g} s | "
                     f"{_verdict(v['seconds'] < target and bool(check.get('as_injected')))} |")
    http, anchor = "graf HTTP (graf serve)", "Oxigraph server HTTP"
    for name, per in r["queries"].items():
        if name.startswith("_") or http not in per:
            continue
        ratio = per[http] / per[anchor]
        lines.append(f"| `graf serve --store DIR`, {name} ({int(per['rows'])} rows), ms (vs Oxigraph server) | "
                     f"{per[http] * 1000:.1f} | {per[anchor] * 1000:.1f} | {ratio:.2f}x | <= {t['http']}x | "
                     f"{_verdict(ratio <= t['http'])} |")
    mem = r["memory"]
    graf_pss, ox_pss = mem["serve-disk"].get("pss_kb", 0), mem["ox-disk"].get("pss_kb", 0)
    ratio = graf_pss / ox_pss if ox_pss else float("inf")
    lines.append(f"| memory, PSS of `graf serve --store DIR`'s process tree vs pyoxigraph alone, same queries | "
                 f"{graf_pss / 1024:,.0f} MB | {ox_pss / 1024:,.0f} MB | {ratio:.2f}x | <= {t['memory']}x | "
                 f"{_verdict(ratio <= t['memory'])} |")
    graf_lib = mem["graf-disk"].get("pss_kb", 0)
    lines.append(f"| memory, PSS of graf's library (open + the five queries, its query worker included) vs "
                 f"pyoxigraph alone | {graf_lib / 1024:,.0f} MB | {ox_pss / 1024:,.0f} MB | "
                 f"{graf_lib / ox_pss if ox_pss else float('inf'):.2f}x | - | - |")
    m = r["map"]
    lines.append(f"| national overview map, first draw in headless Chromium (s; {m['actors']:,} actors drawn as "
                 f"{m['drawn']:,} nodes, {m['size_mb']:.1f} MB, built in {m['render_s']:.1f} s, "
                 f"{m['requests']} network requests) | {m['first_draw_ms'] / 1000:.2f} | - | median of 3: "
                 f"{m['draw_ms'] / 1000:.2f} s | < {t['draw_s']:g} s | "
                 f"{_verdict(m['first_draw_ms'] / 1000 < t['draw_s'])} |")
    return lines
