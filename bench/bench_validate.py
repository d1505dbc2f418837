"""Benchmark ``graf validate`` against plain pySHACL, and check pyrudof as a SHACL engine.

Run: ``/work/venv/bin/python bench/bench_validate.py [--ho 4800] [--repeat 3]``.

1. The shipped data: our validation (every scenario on its own, SHACL + topology, actor graphs
   built once per scenario) against one plain ``pyshacl.validate`` of our shapes on the union of
   all graphs (what a naive setup does; it also gives wrong results there, see P5).
2. A synthetic model of about 100k triples (``--ho`` housing organisations, each with labels, a
   formal channel to the entry point and two direct channels), loaded with the rule fixtures.
3. pyrudof (PyPI, a Rust SHACL engine): if importable (``PYRUDOF_PATH`` may point to a folder it
   was installed into with ``pip install --target``), the same shapes on the same scenario graphs,
   compared with pySHACL result by result (focus node, path, constraint component).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyshacl  # noqa: E402
import rdflib  # noqa: E402
from rdflib import RDF  # noqa: E402
from rdflib.namespace import SH  # noqa: E402

from graf.rules import validate  # noqa: E402
from graf.rules.base import ScenarioContext, to_rdflib  # noqa: E402
from graf.rules.shacl import ShaclEngine, shapes_file  # noqa: E402
from graf.scenarios import list_scenarios  # noqa: E402
from graf.settings import Settings  # noqa: E402
from graf.store import Store, open_store  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "rules"


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median wall-clock seconds of ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def union_graph(store: Store) -> rdflib.Graph:
    text = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    return to_rdflib(store.query(text, time_limit_s=600, max_rows=50_000_000).triples)


def plain_pyshacl(data: rdflib.Graph) -> tuple[bool, int]:
    shapes = rdflib.Graph().parse(shapes_file())
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False)
    return conforms, len(list(report.subjects(RDF.type, SH.ValidationResult)))


def compare(label: str, store: Store, repeat: int) -> None:
    t_ours, report = timed(lambda: validate(store), repeat)
    findings = len(report.findings)  # type: ignore[attr-defined]
    t_union, union = timed(lambda: union_graph(store), 1)
    t_plain, (conforms, results) = timed(lambda: plain_pyshacl(union), repeat)  # type: ignore[misc]
    scenarios = len(report.scenarios)  # type: ignore[attr-defined]
    print(f"\n## {label}: {len(union)} triples in the union, {scenarios} scenario(s)")
    print(f"graf validate (all scenarios, SHACL + topology): {t_ours:8.2f} s  ({findings} findings)")
    print(f"plain pySHACL, our shapes, union of all graphs:   {t_plain:8.2f} s  "
          f"(+{t_union:.2f} s to build the graph; conforms={conforms}, {results} results)")
    print(f"ratio graf / plain pySHACL: {t_ours / t_plain:.2f}; per scenario: {t_ours / scenarios / t_plain:.2f}")


def shacl_only(store: Store) -> None:
    scenarios = list_scenarios(store)
    contexts: dict[str, ScenarioContext] = {}
    engine = ShaclEngine()
    for sc in scenarios:
        ctx = ScenarioContext(store, sc, scenarios, contexts, engine)
        start = time.perf_counter()
        data = ctx.data
        t_data = time.perf_counter() - start
        start = time.perf_counter()
        engine.results(sc.name, data)
        t_shacl = time.perf_counter() - start
        start = time.perf_counter()
        _ = ctx.graph
        t_graph = time.perf_counter() - start
        print(f"  {sc.name:<18} {len(data):>7} triples: data graph {t_data:5.2f} s, pySHACL {t_shacl:5.2f} s, "
              f"actor graph {t_graph:5.2f} s")


def synthetic_trig(n_ho: int) -> str:
    lines = ["@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
             "@prefix graf: <https://w3id.org/graf/def#> .",
             "@prefix grafc: <https://w3id.org/graf/concept/> .",
             "@prefix fx: <https://example.org/fx/> .",
             "@prefix g: <https://example.org/fx/graph/> .",
             "g:synthetic {",
             '  g:synthetic a graf:OrganisationModel ; graf:scenarioName "synthetic" ; graf:isSynthetic true ;',
             "    graf:extendsGraph g:after ; graf:precededBy g:before .",
             ]
    for i in range(n_ho):
        lines.append(f'  fx:sho-{i} a graf:HousingOrganisation ; skos:prefLabel "Bolig {i}"@da , "Housing {i}"@en .')
        for kind, to in (("formal", "ep"), ("operational", "adm-a"), ("operational", "adm-b")):
            lines.append(f"  fx:sch-{i}-{to} a graf:ContactChannel ; graf:channelFrom fx:sho-{i} ; "
                         f"graf:channelTo fx:{to} ; graf:channelKind grafc:{kind} ; graf:channelStatus grafc:open .")
    lines.append("}")
    return "\n".join(lines) + "\n"


def rudof_check(store: Store) -> None:
    extra = os.environ.get("PYRUDOF_PATH")
    if extra:
        sys.path.insert(0, extra)
    try:
        import pyrudof
    except ImportError:
        print("\n## pyrudof: not importable here (pip install --target DIR pyrudof; PYRUDOF_PATH=DIR)")
        return
    print(f"\n## pyrudof {getattr(pyrudof, '__version__', '')}: our shapes, scenario by scenario")
    scenarios = list_scenarios(store)
    contexts: dict[str, ScenarioContext] = {}
    engine = ShaclEngine()
    for sc in scenarios:
        ctx = ScenarioContext(store, sc, scenarios, contexts, engine)
        nt = ctx.data.serialize(format="nt")
        start = time.perf_counter()
        ours = {(r["focus"], r["path"].lstrip("^"), r["component"]) for r in engine.results(sc.name, ctx.data)}
        t_py = time.perf_counter() - start
        r = pyrudof.Rudof(pyrudof.RudofConfig())
        start = time.perf_counter()
        r.read_data(nt, format=pyrudof.RDFFormat.NTriples)
        r.read_shacl(str(shapes_file()))
        rep = r.validate_shacl()
        t_rudof = time.perf_counter() - start
        theirs = {(str(e.focus_node), (str(e.path) if e.path else "").removeprefix("^(").removesuffix(")"),
                   str(e.constraint_component)) for e in rep}
        verdict = ("same results" if theirs == ours
                   else f"DIFFER: only pySHACL {ours - theirs}, only rudof {theirs - ours}")
        print(f"  {sc.name:<18} pySHACL {len(ours):>3} results in {t_py:.2f} s, pyrudof {len(theirs):>3} "
              f"results in {t_rudof:.2f} s (incl. parsing): {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ho", type=int, default=4800, help="synthetic housing organisations (~21 triples each)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-synthetic", action="store_true")
    args = parser.parse_args()

    start = time.perf_counter()
    store = open_store(Settings.from_env({}, environ={}))
    print(f"# graf validate benchmark (pySHACL {pyshacl.__version__}, rdflib {rdflib.__version__})")
    print(f"load shipped data: {time.perf_counter() - start:.2f} s")
    compare("shipped data (copenhagen-2010)", store, args.repeat)
    print("per scenario (first run, uncached):")
    shacl_only(store)
    store.close()

    fixtures = open_store(Settings.from_env({"data": sorted(FIXTURES.glob("*.trig"))}, environ={}))
    rudof_check(fixtures)
    fixtures.close()

    if not args.no_synthetic:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "synthetic.trig"
            path.write_text(synthetic_trig(args.ho), encoding="utf-8")
            start = time.perf_counter()
            big = open_store(Settings.from_env({"data": [FIXTURES / "model.trig", path]}, environ={}))
            print(f"\nload synthetic model ({args.ho} housing organisations): {time.perf_counter() - start:.2f} s")
            compare(f"synthetic model ({args.ho} housing organisations)", big, 1)
            print("per scenario (first run, uncached):")
            shacl_only(big)
            rudof_check(big)
            big.close()


if __name__ == "__main__":
    main()
