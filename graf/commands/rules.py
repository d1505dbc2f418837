"""List the structural rules `graf validate` checks: id, titles, kind, severity, source sentence, what to
do about each finding code (Danish and English) and the parameters each rule reads.

examples:
  graf rules                   # Danish first
  graf rules --lang en
  graf rules --format json     # ids, titles, description, codes with severity and remediation, parameters
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from graf.commands import add_lang

NAME = "rules"
HELP = "list the structural rules with the sentence each comes from"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    add_lang(parser, "language of the titles shown first")


def run(ctx: Any) -> int:
    # here, not at the top: loads networkx, rdflib (start-up)
    from graf.rules import all_rules

    rules = all_rules()
    if ctx.args.format == "json":
        data = []
        for r in rules:
            info = r.info()
            data.append({"id": r.id, "title": r.title, "kind": r.kind, "severity": r.severity, "source": r.source,
                         "source_document": r.source_document, "description": r.description,
                         "remediation": info.remediation, "codes": info.codes, "parameters": info.parameters})
        ctx.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    lang = ctx.args.lang
    other = "en" if lang == "da" else "da"
    ctx.stdout.write("\n\n".join(_block(r, lang, other) for r in rules) + "\n")
    return 0


def _block(r: Any, lang: str, other: str) -> str:
    lines = [f"{r.id}  [{r.kind}, {r.severity}]",
             f"  {r.title[lang]} / {r.title[other]}",
             f"  {r.description}",
             f"  source ({r.source_document}): \u201c{r.source}\u201d",
             f"  {'what to do' if lang == 'en' else 'det kan du gøre'}: {r.remediation.get(lang, '')}"]
    for code, info in sorted(r.codes.items()):
        lines.append(f"    {code} ({info.severity}): {info.remediation.get(lang, '')}")
    for p in r.parameters:
        default = "" if p.default is None else f" (default {p.default})"
        lines.append(f"  parameter {p.name}{default}: {p.where}")
    return "\n".join(lines)
