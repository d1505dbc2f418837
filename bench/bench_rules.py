"""Structural rules at any size: hostile shapes, guarded updates, validation on disk (issue 11).

    python bench/bench_rules.py [--scale 1] [--repeat 9] [--depth 10000] [--only hostile,guard,disk]

1. hostile: a municipality whose entry point leads to a chain of ``--depth`` units, entered around
   the entry point once at its top, and reached the long way through a chain of 300 districts:
   ``graf.validate`` (every rule) in a fresh process, its time and the process's peak memory
   (targets: under 5 s and 500 MB at depth 10,000).
2. guard: a one-triple update (a label added, then removed again: each a real change) sent through
   ``graf.guard.Guard`` and, on a second copy of the data, straight to the store, interleaved, on the
   Copenhagen data and on the national model (``--scale``) in memory: the median of ``--repeat``
   runs each (targets: guarded under 300 ms on Copenhagen and under 3 s on the national model), the
   first guarded run (it copies the graphs and validates the scenario once), and a refused update.
3. disk: ``graf.validate`` on the national model in memory and on an on-disk store (``graf load
   --store DIR`` once, then reopened), each in its own process, with the SHA-256 of both reports
   (targets: in memory at most 15 s, on disk under 30 s, the same report).

Prints Markdown (the section ``bench/run_all.py`` writes into bench/RESULTS.md); each part runs on
its own with ``--only``.
"""

from __future__ import annotations

import argparse
import json
import re
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

PYTHON = sys.executable
#: the programs measured in processes of their own (bench/children.py)
CHILDREN = ROOT / "bench" / "children.py"
KBH = "https://w3id.org/graf/id/kbh/"
PARTS = ("hostile", "guard", "disk")


# -- 1. hostile shapes ----------------------------------------------------------------------------------

def chain_model(units: int, intermediaries: int) -> str:
    """TriG of a municipality whose entry point leads to a chain of ``units`` centres, entered around the
    entry point at its top by one housing organisation and reached by another through a chain of
    ``intermediaries`` districts (the long way round). Also used by tests/test_rules_semantics.py."""
    lines = ["@prefix graf: <https://w3id.org/graf/def#> .", "@prefix grafc: <https://w3id.org/graf/concept/> .",
             "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .", "@prefix h: <https://example.org/hostile/> .",
             "<https://example.org/hostile/graph> {",
             '<https://example.org/hostile/graph> a graf:OrganisationModel ; graf:scenarioName "chain" ;'
             " graf:isSynthetic true .",
             'h:kommune a graf:Municipality ; skos:prefLabel "K"@da, "K"@en ; graf:hasEntryPoint h:ep .',
             'h:ep a graf:EntryPoint ; skos:prefLabel "Indgang"@da, "Entry"@en .']
    channels = []
    for i in range(units):
        lines.append(f'h:u{i} a graf:AdministrativeCentre ; skos:prefLabel "U{i}"@da, "U{i}"@en .')
        if i + 1 < units:
            channels.append((f"u{i}", f"u{i + 1}"))
    for i in range(intermediaries):
        lines.append(f'h:i{i} a graf:InterestOrganisationDistrict ; skos:prefLabel "I{i}"@da, "I{i}"@en .')
        channels.append((f"i{i}", f"i{i + 1}" if i + 1 < intermediaries else "u0"))
    for ho in ("ho1", "ho2"):
        lines.append(f'h:{ho} a graf:HousingOrganisation ; skos:prefLabel "{ho}"@da, "{ho}"@en .')
        channels.append((ho, "ep"))
    channels += [("ep", "u0"), ("ho1", "u1"), ("ho2", "i0")]  # the way in at the top; the long way round
    lines += [f"h:c{n} a graf:ContactChannel ; graf:channelFrom h:{a} ; graf:channelTo h:{b} ; "
              "graf:channelKind grafc:formal ; graf:channelStatus grafc:open ." for n, (a, b) in enumerate(channels)]
    return "\n".join(lines) + "\n}\n"


def bench_hostile(depth: int, work: Path) -> dict[str, Any]:
    path = work / "chain.trig"
    path.write_text(chain_model(depth, 300), encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run([PYTHON, str(CHILDREN), "hostile", str(path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    if done.returncode != 0:
        return {"depth": depth, "error": done.stderr.strip().splitlines()[-1][:300]}
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return {"depth": depth, "wall_s": time.perf_counter() - started, **out}


# -- 2. guarded updates ---------------------------------------------------------------------------------

def _label_updates(graph: str, subject: str) -> tuple[str, str]:
    triple = f'GRAPH <{graph}> {{ <{subject}> <http://www.w3.org/2004/02/skos/core#altLabel> "bench"@da }}'
    return f"INSERT DATA {{ {triple} }}", f"DELETE DATA {{ {triple} }}"


def _median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def _guard_pair(open_data: Callable[[], Any], graph: str, subject: str, breaking: str, repeat: int
                ) -> dict[str, Any]:
    """Guarded and unguarded one-triple updates on two copies of the same data, interleaved."""
    from graf.guard import Guard, GuardRefused

    guarded_store, plain_store = open_data(), open_data()
    guard = Guard()
    insert, delete = _label_updates(graph, subject)
    t = time.perf_counter()
    guard.update(guarded_store, insert)
    first = time.perf_counter() - t
    guard.update(guarded_store, delete)
    plain_store.update(insert)
    plain_store.update(delete)
    guarded, cpu, plain, refused = [], [], [], []
    for n in range(repeat):
        text = insert if n % 2 == 0 else delete
        t, c = time.perf_counter(), time.process_time()
        guard.update(guarded_store, text)
        guarded.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        t = time.perf_counter()
        plain_store.update(text)
        plain.append(time.perf_counter() - t)
    for _ in range(3):
        t = time.perf_counter()
        try:
            guard.update(guarded_store, breaking)
            refused_ok = False
        except GuardRefused:
            refused_ok = True
        refused.append(time.perf_counter() - t)
    guarded_store.close()
    plain_store.close()
    return {"guarded_ms": _median_ms(guarded), "guarded_cpu_ms": _median_ms(cpu), "plain_ms": _median_ms(plain),
            "first_ms": first * 1000,
            "refused_ms": _median_ms(refused), "refused": refused_ok}


def _close_channel(graph: str, channel: str) -> str:
    status = "<https://w3id.org/graf/def#channelStatus>"
    return (f"DELETE DATA {{ GRAPH <{graph}> {{ <{channel}> {status} <https://w3id.org/graf/concept/open> }} }} ; "
            f"INSERT DATA {{ GRAPH <{graph}> {{ <{channel}> {status} <https://w3id.org/graf/concept/closed> }} }}")


def bench_guard(national: Path | None, repeat: int) -> list[dict[str, Any]]:
    from graf.settings import Settings
    from graf.store import open_store

    rows = []
    adjusted = "https://w3id.org/graf/graph/kbh/adjusted"
    channel = (KBH + "channel/adjusted/operational/de-store-almene-boligorganisationer--"
               "teknik-og-miljoeforvaltningen")
    row = _guard_pair(lambda: open_store(Settings.from_env({}, environ={})), adjusted, KBH + "entry-point",
                      _close_channel(adjusted, channel), repeat)
    rows.append({"model": "Copenhagen 2010 (in memory)", "target_ms": 300, **row})
    print("guard", rows[-1], flush=True)
    if national is not None:
        from graf.generate import SYN

        for code in dict.fromkeys((_middle_municipality(national), "m001")):  # a middle-sized one, the largest
            graph = f"https://w3id.org/graf/graph/synthetic/{code}/adjusted"
            ho = _first_housing_channel(national, code)
            row = _guard_pair(lambda: open_store(Settings.from_env({"data": [national]}, environ={})), graph,
                              f"{SYN}{code}/entry-point", _close_channel(graph, ho), repeat)
            rows.append({"model": f"national, {code}-adjusted (in memory)", "target_ms": 3000, **row})
            print("guard", rows[-1], flush=True)
    return rows


def _middle_municipality(data: Path) -> str:
    """m050 on the scale-1 model (98 municipalities, largest first); the middle one of a smaller model."""
    found = set()
    with data.open(encoding="utf-8") as handle:
        for line in handle:
            found.update(re.findall(r"/graph/synthetic/(m\d{3})/", line))
    ordered = sorted(found)
    return "m050" if "m050" in found else ordered[len(ordered) // 2]


def _first_housing_channel(data: Path, code: str) -> str:
    """An open direct channel of the municipality's adjusted scenario (closing it breaks a rule)."""
    needle = f"/{code}/channel/adjusted/operational/ho"
    with data.open(encoding="utf-8") as handle:
        for line in handle:
            if needle in line and "channelStatus" in line and "concept/open" in line:
                return line.split(">", 1)[0].lstrip("<").strip()
    raise RuntimeError(f"no open operational channel of {code} in {data}")


# -- 3. validation on disk ------------------------------------------------------------------------------


def bench_disk(national: Path, work: Path) -> dict[str, dict[str, Any]]:
    store_dir = work / "national-store"
    subprocess.run([PYTHON, "-m", "graf", "load", "--store", str(store_dir), "--no-progress", str(national)],
                   cwd=ROOT, check=True, capture_output=True)
    from bench_scale5 import settle

    settle(store_dir)  # the compaction a bulk load leaves, paid once (bench_scale5 reports its time)
    out = {}
    for mode, where in (("memory", national), ("disk", store_dir)):
        settings = {"store_dir": str(where)} if mode == "disk" else {"data": [str(where)]}
        started = time.perf_counter()
        done = subprocess.run([PYTHON, str(CHILDREN), "validate-store", json.dumps(settings)], cwd=ROOT,
                              capture_output=True, text=True, timeout=900)
        out[mode] = (json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0
                     else {"error": done.stderr.strip().splitlines()[-1][:300]})
        out[mode]["wall_s"] = time.perf_counter() - started
        print("validate", mode, out[mode], flush=True)
    return out


# -- report ---------------------------------------------------------------------------------------------

def markdown(hostile: dict | None, guard: list[dict] | None, disk: dict | None, scale: float) -> str:
    import os

    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = ["## 8. Structural rules at any size (`bench/bench_rules.py`)", "",
             f"Load average when this part ended: {load} (on a busy machine wall times grow; CPU times less).", ""]
    if hostile:
        lines += ["Hostile shape: a chain of units behind the entry point, entered around it once at the top, and "
                  "reached the long way through 300 districts; every rule, in a fresh process (peak: the whole "
                  "process, Python and imports included).", "",
                  "| chain depth | validate (s) | CPU (s) | target | peak memory (MB) | target | findings |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
        if "error" in hostile:
            lines.append(f"| {hostile['depth']:,} | failed: {hostile['error']} | - | 5 | - | 500 | - |")
        else:
            found = "; ".join(f"{c} (witness {w} nodes, {u or 0} further)" for c, w, u in hostile["findings"])
            lines.append(f"| {hostile['depth']:,} | {hostile['seconds']:.2f} | {hostile['cpu_s']:.2f} | 5 "
                         f"| {hostile['peak_mb']:.0f} | 500 | {found} |")
        lines.append("")
    if guard:
        lines += ["Guarded updates: a one-triple update (a label added, then removed) through the guard, and the "
                  "same update on a second copy without it, interleaved; medians. The first guarded update also "
                  "copies the graphs it touches and validates their scenario once; a refused update closes a "
                  "direct channel.", "",
                  "| model | guarded p50 (ms) | CPU p50 (ms) | target | unguarded p50 (ms) | first guarded (ms) "
                  "| refused (ms) |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for r in guard:
            lines.append(f"| {r['model']} | {r['guarded_ms']:.0f} | {r['guarded_cpu_ms']:.0f} | < {r['target_ms']:,} "
                         f"| {r['plain_ms']:.2f} | {r['first_ms']:.0f} | {r['refused_ms']:.0f}"
                         f"{'' if r['refused'] else ' (not refused!)'} |")
        lines.append("")
    if disk:
        memory, on_disk = disk["memory"], disk["disk"]
        same = memory.get("report") == on_disk.get("report") and "report" in memory
        lines += [f"Validation of every rule on the national model (scale {scale:g}), each in its own process, as "
                  "`graf validate` runs it (on disk: the scenarios in up to one process per CPU, each with a process "
                  "that reads the next scenarios' facts meanwhile). CPU: the process that was started; its "
                  "children's CPU beside it:",
                  "", "| store | validate (s) | CPU (s) | children's CPU (s) | target | violations | same report as in "
                  "memory |", "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
                  f"| in memory | {memory.get('seconds', float('nan')):.1f} | {memory.get('cpu_s', float('nan')):.1f} "
                  f"| - | <= 15 | {memory.get('violations', '-')} | - |",
                  f"| on disk (`graf --store DIR validate`) | {on_disk.get('seconds', float('nan')):.1f} | "
                  f"{on_disk.get('cpu_s', float('nan')):.1f} | {on_disk.get('reader_cpu_s', float('nan')):.1f} | "
                  f"< 30 | {on_disk.get('violations', '-')} | {'yes' if same else 'NO'} |", ""]
        lines += [f"{name} failed: {row['error']}" for name, row in (("In memory", memory), ("On disk", on_disk))
                  if "error" in row] + [""]
    return "\n".join(lines) + "\n"


def measure(scale: float = 1.0, repeat: int = 9, depth: int = 10000, parts: tuple[str, ...] = PARTS) -> str:
    """Run the chosen parts and return their Markdown (used by bench/run_all.py)."""
    from graf.generate import generate, write

    with tempfile.TemporaryDirectory(prefix="graf-bench-rules-") as folder:
        work = Path(folder)
        national = None
        if "guard" in parts or "disk" in parts:
            national, _ = write(generate(scale, 1, 0.01), work / "national")
        hostile = bench_hostile(depth, work) if "hostile" in parts else None
        if hostile:
            print("hostile", {k: v for k, v in hostile.items() if k != "findings"}, flush=True)
        guard = bench_guard(national, repeat) if "guard" in parts else None
        disk = bench_disk(national, work) if "disk" in parts and national else None
    return markdown(hostile, guard, disk, scale)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="national model for guard and disk (default 1)")
    parser.add_argument("--repeat", type=int, default=9, help="guarded and unguarded updates each (default 9)")
    parser.add_argument("--depth", type=int, default=10000, help="units in the hostile chain (default 10000)")
    parser.add_argument("--only", default=",".join(PARTS), help=f"parts to run (default {','.join(PARTS)})")
    args = parser.parse_args()
    parts = tuple(p.strip() for p in args.only.split(",") if p.strip())
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s) {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    print(measure(args.scale, args.repeat, args.depth, parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
