"""Load RDF files or folders into the store (all-or-nothing); persisted with --store DIR.

.trig and .nq keep their named graphs; .ttl, .nt, .rdf/.xml and .jsonld go to the default graph,
or to --graph IRI. A folder loads every supported file in it, sorted.

example:
  graf load data/my-scenario.trig --store ./store
"""

from __future__ import annotations

import argparse
from typing import Any

NAME = "load"
HELP = "load RDF files into the store (persisted with --store DIR)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="files or folders to load")
    parser.add_argument("--graph", metavar="IRI",
                        help="named graph for triple formats (default: the default graph)")


def run(ctx: Any) -> int:
    store = ctx.open_store(load_data=False)
    try:
        if store.is_empty():
            store.load_ontology()
        report = store.load(ctx.args.files, graph=ctx.args.graph)
    finally:
        store.close()
    store_dir = ctx.settings.store_dir
    where = f"store {store_dir}" if store_dir else "memory (not kept: use --store DIR)"
    print(f"loaded {report.statements:,} statements from {len(report.files)} file(s) into {where} "
          f"in {report.seconds:.2f} s ({report.rate:,.0f} statements/s)", file=ctx.stdout)
    return 0
