"""Write the dataset (or one named graph) in an RDF format, to stdout or atomically to a file.

examples:
  graf export --format trig -o dataset.trig
  graf export --format turtle --graph https://w3id.org/graf/graph/ontology
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from graf.output import write_atomically

NAME = "export"
HELP = "write the dataset or one graph as turtle, trig, nt, nq, jsonld or rdfxml"
FORMATS = ["trig", "nq", "turtle", "nt", "jsonld", "rdfxml"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="trig",
                        help="trig, nq and jsonld keep named graphs; the others get the union of all "
                             "graphs unless --graph is given (default: trig)")
    parser.add_argument("--graph", metavar="IRI", help="export only this named graph")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout")


def run(ctx: Any) -> int:
    args = ctx.args
    store = ctx.open_store()
    try:
        data = store.export(args.format, args.graph)
    finally:
        store.close()
    if args.output:
        write_atomically(Path(args.output), data)
        print(f"wrote {len(data):,} bytes to {args.output}", file=ctx.stderr)
    else:
        ctx.write_bytes(data)
    return 0
