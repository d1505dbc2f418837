"""Show the named graphs (triples per graph), actors per kind and the scenarios of the dataset.

examples:
  graf info                    # a summary for people
  graf info --format turtle    # the data set's VoID description (as /.well-known/void serves it)
"""

from __future__ import annotations

import argparse
from typing import Any

import pyoxigraph as ox

from graf.resources import dataset_name
from graf.sparql import compact
from graf.void import TURTLE_PREFIXES, describe

NAME = "info"
HELP = "graphs, actors per kind and scenarios of the dataset (or its VoID description)"
RDF_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "jsonld": "JSON_LD"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["text", *RDF_FORMATS], default="text",
                        help="text (default), or the VoID description of the data set in an RDF format")


def _section(title: str, rows: list[tuple[str, Any]]) -> list[str]:
    if not rows:
        return [title, "  (none)"]
    width = max(len(name) for name, _ in rows)
    return [title] + [f"  {name.ljust(width)}  {value}" for name, value in rows]


def run(ctx: Any) -> int:
    store = ctx.open_store()
    try:
        if ctx.args.format != "text":
            triples = describe(store, dataset_name(ctx.settings))
            fmt = getattr(ox.RdfFormat, RDF_FORMATS[ctx.args.format])
            ctx.write_bytes(ox.serialize(triples, format=fmt,
                                         prefixes=TURTLE_PREFIXES if ctx.args.format == "turtle" else None))
            return 0
        # here, not at the top: loads rdflib (start-up)
        from graf.info import summarize

        summary = summarize(store, ctx.settings)
    finally:
        store.close()

    graphs = [("(default graph)" if g.name is None else f"<{g.name}>", g.triples) for g in summary.graphs]
    kinds = [(compact(ox.NamedNode(iri)), n) for iri, n in summary.actor_kinds]
    scenarios = [(compact(ox.NamedNode(iri)), name) for iri, name in summary.scenarios]
    lines = _section("graphs (triples)", graphs) + _section("actors and channels per kind", kinds)
    lines += _section("scenarios", scenarios)
    print("\n".join(lines), file=ctx.stdout)
    return 0
