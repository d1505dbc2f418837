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

from graf.commands import add_chosen_scenario, add_lang, at_least_one

NAME = "metrics"
HELP = "who is central: degree, betweenness, closeness, 2-step reach, communities; density, diameter"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_chosen_scenario(parser)
    parser.add_argument("--format", choices=["text", "csv", "json"], default="text", help="output format")
    add_lang(parser, "language of the labels (text, csv)")
    parser.add_argument("--top", type=int, default=20, metavar="N", help="actors listed by --format text (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="seed of Louvain and of sampled estimates (default 1)")


def run(ctx: Any) -> int:
    # here, not at the top: loads networkx, rdflib (start-up)
    from graf.metrics import metrics
    from graf.network import actor_graph
    from graf.scenarios import choose_scenario

    args = ctx.args
    at_least_one("--top", args.top)
    with ctx.open_store() as store:
        chosen = choose_scenario(store, args.scenario)
        G = actor_graph(store, None if chosen.graphs is None else chosen, with_sources=False)
    G.graph["scenario"] = chosen.name
    result = metrics(G, seed=args.seed)
    if args.format == "json":
        ctx.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        ctx.stdout.write(result.csv(args.lang))
    else:
        ctx.stdout.write(result.text(args.lang, args.top))
    return 0
