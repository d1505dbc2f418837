"""Write the dataset (or one named graph) in an RDF format, the model as a planner's workbook, or the
actor network of a scenario for Gephi, yEd, Kumu or a spreadsheet; to stdout or atomically to a file.

RDF: trig, nq, turtle, nt, jsonld, rdfxml (--graph IRI: one named graph).
Workbook: xlsx, the sheets of `graf template` filled with the model (importing it again with
`graf import` gives an isomorphic graph; --lang sets the language of sheets and words).
Network of --scenario NAME (default: the whole data set): graphml (yEd), gexf (Gephi, with the
validity dates as a timeline), csv-edges (one row per edge), kumu (the Elements/Connections
workbook Kumu imports).

examples:
  graf export --format trig -o dataset.trig
  graf export --format turtle --graph https://w3id.org/graf/graph/ontology
  graf export --format xlsx -o model.xlsx
  graf export --scenario adjusted --format gexf -o adjusted.gexf
  graf export --scenario adjusted --format kumu --lang en -o kumu.xlsx
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from graf.commands import add_lang
from graf.errors import GrafError
from graf.output import write_atomically

NAME = "export"
HELP = "write the data as RDF, the model as a workbook (xlsx), or a scenario's network (graphml, gexf, csv-edges, kumu)"
RDF_FORMATS = ["trig", "nq", "turtle", "nt", "jsonld", "rdfxml"]
NETWORK_FORMATS = ["graphml", "gexf", "csv-edges", "kumu"]
FORMATS = [*RDF_FORMATS, "xlsx", *NETWORK_FORMATS]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="trig",
                        help="trig, nq and jsonld keep named graphs; turtle, nt, rdfxml get the union of all "
                             "graphs unless --graph is given; xlsx: the model as a planner's workbook; graphml, "
                             "gexf, csv-edges, kumu: the actor network of --scenario (default: trig)")
    parser.add_argument("--graph", metavar="IRI", help="RDF formats: export only this named graph")
    parser.add_argument("--scenario", metavar="NAME",
                        help="network formats: the scenario to export (default: the whole data set)")
    add_lang(parser, "xlsx and network formats: language of sheets, labels and words (default: da)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout")


def run(ctx: Any) -> int:
    args = ctx.args
    if args.graph and args.format not in RDF_FORMATS:
        raise GrafError(f"--graph applies to the RDF formats ({', '.join(RDF_FORMATS)}), not {args.format}")
    if args.scenario and args.format not in NETWORK_FORMATS:
        raise GrafError(f"--scenario applies to the network formats ({', '.join(NETWORK_FORMATS)}), not "
                        f"{args.format}; for one graph of the RDF use --graph")
    store = ctx.open_store()
    try:
        if args.format == "xlsx":
            # here, not at the top: loads rdflib (start-up)
            from graf.workbook.export import export_workbook

            data = export_workbook(store, args.lang)
        elif args.format in NETWORK_FORMATS:
            # here, not at the top: loads networkx, rdflib (start-up)
            from graf.netexport import network_bytes

            data = network_bytes(store, args.format, args.scenario, args.lang)
        else:
            data = store.export(args.format, args.graph)
    finally:
        store.close()
    if args.output:
        write_atomically(Path(args.output), data)
        print(f"wrote {len(data):,} bytes to {args.output}", file=ctx.stderr)
    else:
        ctx.write_bytes(data)
    return 0
