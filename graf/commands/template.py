"""Write an empty model for planners: a workbook (.xlsx) or a folder of CSV files to fill in.

One sheet per thing a model holds (scenarios, sources, citations, actors, tenures, fora, chair
seats, channels, events, open questions, other statements); every fact row has the columns
source, quote, confidence and reasoning. Header comments explain each column, closed lists are
drop-down lists, and the first sheet ("Læs mig" / "Read me") explains the whole.

examples:
  graf template -o model.xlsx                   # Danish sheets and words
  graf template --lang en -o model.xlsx
  graf template --format csv -o model-csv/      # the same columns as CSV files
  graf template --base https://data.example.dk/model/ -o model.xlsx
"""

from __future__ import annotations

import argparse
from typing import Any

from graf.commands import add_lang
from graf.workbook import template

NAME = "template"
HELP = "write an empty model workbook (.xlsx) or CSV folder for planners to fill in"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="PATH", required=True,
                        help="the workbook to write (.xlsx), or a new folder for --format csv")
    add_lang(parser, "language of sheets, columns and lists (default: da; either is read)")
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx", help="xlsx (default) or csv")


def run(ctx: Any) -> int:
    args = ctx.args
    path = template(args.output, args.lang, args.format, ctx.settings.base_iri)
    kind = "CSV folder" if args.format == "csv" else "workbook"
    print(f"wrote an empty model {kind} to {path}; fill it in, then: graf import {path} -o model.trig",
          file=ctx.stderr)
    return 0
