"""Build a planner's model (workbook, CSV folder or ZIP of CSV files) in graf's ontology.

Every row becomes records of graf/builder.py, so each fact is reified and cited exactly like the
shipped data. Ids become IRIs under the base (--base; default: the workbook's Model sheet, else
https://w3id.org/graf/id/<file name>/). Every problem is reported at once with its sheet, row,
column and value (exit 2, nothing written). Without -o the TriG goes to standard output.

examples:
  graf import model.xlsx -o model.trig
  graf import model-csv/ --base https://data.example.dk/model/ --format nq -o model.nq
  graf --data model.xlsx validate               # no import step needed: --data reads workbooks too
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from graf.errors import GrafError
from graf.output import write_atomically
from graf.workbook import import_path

NAME = "import"
HELP = "build a spreadsheet model (xlsx, CSV folder or ZIP) as reified, cited RDF (TriG or N-Quads)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("model", metavar="MODEL", help="the workbook (.xlsx), CSV folder or ZIP of CSV files")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout")
    parser.add_argument("--format", choices=("trig", "nq"), default=None,
                        help="trig (default) or nq; default from the -o file's extension")


def run(ctx: Any) -> int:
    args = ctx.args
    source = Path(args.model)
    if not source.exists():
        raise GrafError(f"{source}: no such file or folder")
    imported = import_path(source, ctx.settings.base_iri)
    fmt = args.format or ("nq" if args.output and args.output.endswith(".nq") else "trig")
    pieces = imported.nquad_lines() if fmt == "nq" else imported.trig_lines()
    rows = sum(imported.counts.values())
    if args.output:
        write_atomically(Path(args.output), pieces)
        print(f"imported {rows} rows from {source}: {imported.builder.triples:,} triples (base "
              f"{imported.settings.base}) written to {args.output}", file=ctx.stderr)
    else:
        ctx.write_bytes("".join(pieces).encode("utf-8"))
    return 0
