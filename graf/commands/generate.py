"""Write a deterministic synthetic national model (98 municipalities, 561 housing organisations,
7,085 estates at --scale 1; FACTS.md section F) in graf's ontology, clearly marked synthetic.

Per municipality: the as-is and adjusted scenarios of the Copenhagen model (named graphs
https://w3id.org/graf/graph/synthetic/mNNN/...). --violations injects that fraction of rule
violations and lists them in injected-violations.json beside the data, to score the rules.

examples:
  graf generate --scale 0.01 --seed 1 -o /tmp/syn           # about 6.5k triples, one municipality
  graf generate --scale 1 --violations 0.01 -o /tmp/national  # about 0.92M triples
  graf load --store /tmp/national-store /tmp/national/synthetic.trig
"""

from __future__ import annotations

import argparse
from typing import Any

NAME = "generate"
HELP = "write a synthetic national data set (and the list of injected violations)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scale", type=float, default=0.01, metavar="F",
                        help="fraction of the national sector (1.0 = 98 municipalities, about 0.92M triples; "
                             "default 0.01)")
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    parser.add_argument("--violations", type=float, default=0.0, metavar="FRACTION",
                        help="fraction of candidate places where a rule violation is injected (default 0)")
    parser.add_argument("--format", choices=("trig", "nq"), default="trig", help="output format (default trig)")
    parser.add_argument("-o", "--output", required=True, metavar="DIR", help="output folder (created if missing)")


def run(ctx: Any) -> int:
    # here, not at the top: loads rdflib (start-up)
    from graf.generate import generate, write

    args = ctx.args
    model = generate(args.scale, args.seed, args.violations)
    data, report = write(model, args.output, args.format)
    print(f"wrote {model.triples:,} synthetic triples to {data} ({model.counts['municipalities']} municipalities, "
          f"{model.counts['housing_organisations']} housing organisations, {model.counts['estates']} estates) "
          f"and {len(model.injected)} injected violations to {report}", file=ctx.stdout)
    return 0
