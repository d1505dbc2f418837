"""Audit how the data rests on its sources; exit 1 if a quote is not in its source or a fact is unsourced.

Reports the statements about real actors by confidence (memo / external / derived: the weakest
citation of each), the share that cites a source, every quoted sentence checked verbatim against
the stored text of its source (whitespace runs count as one space; in Markdown sources ** is
ignored), the open questions and the citations nothing uses. A document's graf:sourceFile is
resolved against the folders of the --data paths (and any --sources DIR).

examples:
  graf audit
  graf audit --format json > audit.json
  graf --data my-model/ audit --sources my-model/sources
"""

from __future__ import annotations

import argparse
from typing import Any

NAME = "audit"
HELP = "audit sources: statements by confidence, quotes checked against their source files (exit 1 on problems)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    parser.add_argument("--sources", action="append", metavar="DIR", default=[],
                        help="another folder to resolve graf:sourceFile paths against (repeatable)")


def run(ctx: Any) -> int:
    # here, not at the top: loads rdflib (start-up)
    from graf.audit import audit, source_dirs

    store = ctx.open_store()
    try:
        report = audit(store, [*source_dirs(ctx.settings.data), *ctx.args.sources])
    finally:
        store.close()
    ctx.stdout.write(report.to_json() if ctx.args.format == "json" else report.to_text())
    return 0 if report.ok else 1
