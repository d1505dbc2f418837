"""A planner's workbook at national scale: importing it against loading the same model as TriG, side by side.

    python bench/bench_workbook.py [--scale 1.0] [--seed 1] [--keep DIR]

One synthetic national model (``graf generate``; at scale 1 about 10,000 actors, 30,000 channels,
0.9M triples) is written as TriG and exported as a workbook (``graf export --format xlsx``, timed
for information). Then, each in its own process, timed (CPU from ``os.wait4``) with its peak memory
(its VmHWM, read while it runs):

1. ``graf import model.xlsx -o model.nq``: the workbook read (python-calamine) and built through
   graf/builder.py, every fact reified and cited (budget: < 30 s and < 1 GB at scale 1);
2. ``graf --store NEW load synthetic.trig``: the same model bulk-loaded from TriG (the anchor);
3. ``graf --store NEW load model.xlsx``: the workbook imported and bulk-loaded in one command.

Both stores must end up with the same number of statements. Prints a Markdown table with the ratios.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> tuple[float, float, int, str]:
    """``python -m graf ARGS`` in a fresh process: wall seconds, CPU seconds (user + system; on a shared
    machine the fairer figure), peak RSS in MB, its stderr + stdout.

    The peak is the process's own VmHWM, read every 20 ms while it runs: ``ru_maxrss`` of a child started
    by a large parent counts the parent's memory at the fork (Linux carries it across exec)."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "graf", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    peak = [0]
    watcher = threading.Thread(target=_watch_peak, args=(proc, peak), daemon=True)
    watcher.start()
    assert proc.stdout is not None
    output = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    watcher.join()
    if proc.returncode != 0:
        raise SystemExit(f"graf {' '.join(args)} failed ({proc.returncode}):\n{output}")
    return seconds, usage.ru_utime + usage.ru_stime, peak[0] // 1024, output


def _watch_peak(proc: subprocess.Popen, peak: list[int]) -> None:
    """Keep ``peak[0]`` at the last VmHWM (kB, it only grows) of ``proc`` until it ends."""
    status = Path(f"/proc/{proc.pid}/status")
    while True:
        try:
            text = status.read_text()
        except OSError:  # ended (and reaped)
            return
        hwm = [int(line.split()[1]) for line in text.splitlines() if line.startswith("VmHWM:")]
        if not hwm:  # a zombie: ended, not yet reaped
            return
        peak[0] = hwm[0]
        time.sleep(0.02)


def statements(store: Path) -> int:
    sys.path.insert(0, str(ROOT))
    from graf.settings import Settings
    from graf.store import open_store

    s = open_store(Settings(store_dir=store))
    try:
        return sum(g.triples for g in s.graphs())
    finally:
        s.close()


def measure(scale: float, work: Path, seed: int = 1) -> dict:
    """Generate, export and time the three steps in ``work``; the figures (see :func:`table`)."""
    trig, book = work / "synthetic.trig", work / "model.xlsx"
    run("generate", "--scale", f"{scale:g}", "--seed", str(seed), "-o", str(work))
    export = run("--data", str(trig), "export", "--format", "xlsx", "-o", str(book))
    rows = {
        "import workbook -> N-Quads": run("import", str(book), "-o", str(work / "model.nq")),
        "load TriG into a new store": run("--store", str(work / "store-trig"), "load", str(trig), "--no-progress"),
        "load workbook into a new store": run("--store", str(work / "store-xlsx"), "load", str(book),
                                              "--no-progress"),
    }
    same = statements(work / "store-trig") == statements(work / "store-xlsx")
    return {"scale": scale, "book_mb": book.stat().st_size / 1e6, "trig_mb": trig.stat().st_size / 1e6,
            "export": export[:3], "rows": {k: v[:3] for k, v in rows.items()}, "same": same}


def table(result: dict) -> list[str]:
    """The figures as Markdown: a line on the files and the export, then one row per step."""
    anchor = result["rows"]["load TriG into a new store"][1]
    export = result["export"]
    lines = [f"Scale {result['scale']:g}: workbook {result['book_mb']:.1f} MB, TriG {result['trig_mb']:.1f} MB; "
             f"export to the workbook {export[0]:.1f} s ({export[1]:.1f} s CPU), peak {export[2]} MB; both stores "
             f"hold the same number of statements: {'yes' if result['same'] else 'NO'}.", "",
             "| step | seconds | CPU seconds | peak RSS (MB) | ratio to loading the TriG (CPU) |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for name, (seconds, cpu, peak) in result["rows"].items():
        lines.append(f"| {name} | {seconds:.1f} | {cpu:.1f} | {peak} | {cpu / anchor:.2f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep the files (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="graf-bench-workbook-") as tmp:
        work = Path(args.keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        result = measure(args.scale, work, args.seed)
        print("\n".join(table(result)))
        if not result["same"]:
            raise SystemExit("the two stores differ")


if __name__ == "__main__":
    main()
