"""How long ``graf.metrics.metrics`` takes, exact and sampled: the evidence behind ``EXACT_BUDGET``.

Run: ``.venv/bin/python bench/bench_metrics.py [--national-scale 1]``. For random actor graphs whose
``n * m`` (nodes times links) lies around the budget, the exact measures (Brandes' betweenness, closeness
from every actor, diameter and average path length) are timed; the budget is right when the rows at or
below it stay under 2 s on this machine. Then the Copenhagen model (exact) and, with --national-scale,
the whole synthetic national model (above the budget: sampled, ``k`` printed) are measured as
``graf metrics`` measures them.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graf.metrics import EXACT_BUDGET, metrics  # noqa: E402


def random_actor_graph(n: int, m: int, seed: int = 7) -> nx.MultiDiGraph:
    rnd = random.Random(seed)
    G = nx.MultiDiGraph(scenario=f"random {n}x{m}")
    for i in range(n):
        G.add_node(i, label={"da": str(i), "en": str(i)}, kind="k")
    edges = set()
    while len(edges) < m:
        u, v = rnd.sample(range(n), 2)
        if (u, v) not in edges and (v, u) not in edges:
            edges.add((u, v))
    for j, (u, v) in enumerate(sorted(edges)):
        G.add_edge(u, v, key=str(j), layer="formal", relation="channel", status="open")
    return G


def timed(G: nx.MultiDiGraph, **kwargs: int) -> tuple[float, object]:
    start = time.perf_counter()
    result = metrics(G, **kwargs)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--national-scale", type=float, default=0.0, help="also the national model of this scale")
    args = parser.parse_args()
    print(f"EXACT_BUDGET = {EXACT_BUDGET:,} (n x m)\n")
    print("| nodes | links | n x m | exact (s) |\n| ---: | ---: | ---: | ---: |")
    for n, m in ((200, 500), (400, 750), (500, 1000), (400, 1250), (800, 1500), (1000, 2000)):
        seconds, _result = timed(random_actor_graph(n, m), exact_budget=10**12)
        print(f"| {n:,} | {m:,} | {n * m:,} | {seconds:.2f} |")
    from graf.network import actor_graph
    from graf.scenarios import get_scenario
    from graf.settings import Settings
    from graf.store import open_store

    store = open_store(Settings.from_env({}, environ={}))
    G = actor_graph(store, get_scenario(store, "adjusted"), with_sources=False)
    store.close()
    seconds, result = timed(G)
    print(f"\nCopenhagen adjusted: {G.number_of_nodes()} actors, {result.network.method}, {seconds:.2f} s")
    if args.national_scale:
        import tempfile

        from graf.generate import generate, write

        with tempfile.TemporaryDirectory() as tmp:
            data, _ = write(generate(scale=args.national_scale, seed=1), Path(tmp))
            store = open_store(Settings.from_env({"data": [data]}, environ={}))
            G = actor_graph(store, None, with_sources=False)
            store.close()
        seconds, result = timed(G)
        n = result.network
        print(f"national {args.national_scale:g}: {n.actors:,} actors, {n.links:,} links, {n.method} "
              f"(k={n.samples}), {seconds:.1f} s")


if __name__ == "__main__":
    main()
