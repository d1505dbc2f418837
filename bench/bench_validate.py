"""Validation speed: graf's sparql SHACL engine against pySHACL, side by side, on synthetic models.

    python bench/bench_validate.py [--scales 0.01,0.03,0.1] [--seed 1] [--plain-timeout 600]

For each scale, one synthetic national model (``graf generate --violations 0.01``) is loaded once,
then validated (every rule, every scenario) three ways in the same run:

1. ``graf.validate`` with the sparql SHACL engine (the default): shapes compiled to SPARQL;
2. ``graf.validate --shacl-engine pyshacl``: the same rules with pySHACL on an rdflib copy of each
   scenario, the reference; the two reports must be identical (checked here, and by
   ``tests/test_shacl_engines.py``);
3. plain ``pyshacl.validate`` of graf's shapes on the union of all graphs (what a user without graf
   would run: it sees no topology and mixes the scenarios), in a subprocess stopped after
   ``--plain-timeout`` seconds.

Prints a Markdown table with the ratios; ``bench/run_all.py`` uses :func:`measure`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
#: the programs measured in processes of their own (bench/children.py)
CHILDREN = ROOT / "bench" / "children.py"

from graf.generate import generate, write  # noqa: E402
from graf.rules import validate  # noqa: E402
from graf.settings import Settings  # noqa: E402
from graf.store import open_store  # noqa: E402


def validate_process(settings: dict[str, Any], timeout: float) -> dict[str, Any]:
    """``graf.validate`` of every scenario on the store that ``settings`` name, in its own process: seconds
    (validation only), violations, the report's hash, each violation as [rule, scenario, witness...]."""
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, str(CHILDREN), "validate-store", json.dumps(settings)], cwd=ROOT,
                              capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return {"error": f"stopped after {timeout:g} s", "wall_s": time.perf_counter() - started}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1][:300], "wall_s": time.perf_counter() - started}
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "wall_s": time.perf_counter() - started}


@dataclass
class Row:
    scale: float
    triples: int
    scenarios: int
    violations_expected: int
    sparql_s: float
    sparql_violations: int
    pyshacl_s: float
    same_report: bool
    plain_s: float | None  # None: stopped at the timeout
    plain_results: int | None

    def markdown(self) -> str:
        plain = f"{self.plain_s:.1f}" if self.plain_s is not None else "stopped"
        vs_plain = f"{self.plain_s / self.sparql_s:.0f}x" if self.plain_s is not None else "-"
        return (f"| {self.scale:g} | {self.triples:,} | {self.scenarios} | {self.sparql_s:.2f} | {self.pyshacl_s:.2f} "
                f"| {self.pyshacl_s / self.sparql_s:.0f}x | {'yes' if self.same_report else 'NO'} "
                f"| {self.sparql_violations} of {self.violations_expected} | {plain} | {vs_plain} |")


HEADER = ("| scale | triples | scenarios | graf validate, sparql engine (s) | graf validate, pySHACL engine (s) "
          "| speed-up | same report | violations found | plain pySHACL on the union (s) | speed-up vs plain |\n"
          "| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |")


def measure(scale: float, seed: int = 1, plain_timeout: float = 600.0) -> Row:
    """Generate, load and validate one model three ways (see the module docstring)."""
    from graf.rules.shacl import shapes_file

    with tempfile.TemporaryDirectory() as tmp:
        model = generate(scale=scale, seed=seed, violations=0.01)
        data, _injected = write(model, tmp)
        expected = sum(len(v.scenarios) for v in model.injected) + len(model.baseline)
        store = open_store(Settings.from_env({"data": [data]}, environ={}))
        import pyshacl  # noqa: F401  (imported before the clock starts, as for the sparql engine's modules)
        try:
            start = time.perf_counter()
            fast = validate(store, shacl_engine="sparql")
            t_fast = time.perf_counter() - start
            start = time.perf_counter()
            reference = validate(store, shacl_engine="pyshacl")
            t_reference = time.perf_counter() - start
        finally:
            store.close()
        try:
            done = subprocess.run([sys.executable, str(CHILDREN), "plain-pyshacl", str(data), str(shapes_file())],
                                  capture_output=True, text=True, timeout=plain_timeout, check=True)
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            plain: tuple[float | None, int | None] = (figures["seconds"], figures["results"])
        except subprocess.TimeoutExpired:
            plain = (None, None)
    return Row(scale, model.triples, len(fast.scenarios), expected, t_fast,
               sum(f.severity == "violation" for f in fast.findings), t_reference,
               fast.to_json() == reference.to_json(), *plain)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="0.01,0.03,0.1", help="comma-separated scales (default 0.01,0.03,0.1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--plain-timeout", type=float, default=600.0)
    args = parser.parse_args()
    print(HEADER)
    for scale in (float(s) for s in args.scales.split(",")):
        print(measure(scale, args.seed, args.plain_timeout).markdown(), flush=True)


if __name__ == "__main__":
    main()
