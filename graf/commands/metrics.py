"""Who is central: per-actor measures of a scenario's actor network and measures of the whole network.

Per actor: degree in and out per layer (formal, operational, structure), betweenness, closeness,
2-step reach and Louvain community; for the network: density, diameter, average path length,
components and communities. Measured on the undirected graph of every open (not closed) channel and
organisational relation; exactly when the graph is small enough (nodes x links <= 500,000),
otherwise estimated from k sampled sources (k and the seed are printed). Default scenario:
'adjusted' if present; --scenario all measures the whole data set.

examples:
  graf metrics
  graf metrics --scenario asis --format csv > asis.csv
  graf metrics --format json --lang en
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from graf.errors import GrafError

NAME = "metrics"
HELP = "who is central: degree, betweenness, closeness, 2-step reach, communities; density, diameter"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", metavar="NAME",
                        help="scenario name (default: adjusted, else the first); 'all': the whole data set")
    parser.add_argument("--format", choices=["text", "csv", "json"], default="text", help="output format")
    parser.add_argument("--lang", choices=["da", "en"], default="da", help="language of the labels (text, csv)")
    parser.add_argument("--top", type=int, default=20, metavar="N", help="actors listed by --format text (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="seed of Louvain and of sampled estimates (default 1)")


def run(ctx: Any) -> int:
    # here, not at the top: loads networkx, rdflib (start-up)
    from graf.metrics import metrics
    from graf.network import actor_graph
    from graf.scenarios import choose_scenario

    args = ctx.args
    if args.top < 1:
        raise GrafError(f"--top must be at least 1, not {args.top}")
    store = ctx.open_store()
    try:
        chosen = choose_scenario(store, args.scenario)
        G = actor_graph(store, None if chosen.graphs is None else chosen, with_sources=False)
    finally:
        store.close()
    G.graph["scenario"] = chosen.name
    result = metrics(G, seed=args.seed)
    if args.format == "json":
        ctx.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        ctx.stdout.write(result.csv(args.lang))
    else:
        ctx.stdout.write(result.text(args.lang, args.top))
    return 0
