"""List the structural rules `graf validate` checks: id, titles, kind, severity and source sentence."""

from __future__ import annotations

import argparse
import json
from typing import Any

NAME = "rules"
HELP = "list the structural rules with the sentence each comes from"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    parser.add_argument("--lang", choices=["da", "en"], default="da", help="language of the titles shown first")


def run(ctx: Any) -> int:
    from graf.rules import all_rules

    rules = all_rules()
    if ctx.args.format == "json":
        data = [{"id": r.id, "title": r.title, "kind": r.kind, "severity": r.severity, "source": r.source,
                 "source_document": r.source_document, "description": r.description} for r in rules]
        ctx.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    lang = ctx.args.lang
    other = "en" if lang == "da" else "da"
    blocks = []
    for r in rules:
        blocks.append("\n".join([
            f"{r.id}  [{r.kind}, {r.severity}]",
            f"  {r.title[lang]} / {r.title[other]}",
            f"  {r.description}",
            f"  source ({r.source_document}): \u201c{r.source}\u201d",
        ]))
    ctx.stdout.write("\n\n".join(blocks) + "\n")
    return 0
