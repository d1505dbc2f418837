"""Check every scenario on its own against the structural rules and print a report.

Exit code 0: every rule holds (warnings allowed); 1: violations; 2: usage or input error.

examples:
  graf validate                               # all scenarios, all rules, Danish text report
  graf validate --scenario adjusted --lang en
  graf validate --rule single-entry-point --rule chairmanship --format json
  graf validate --shapes my-shapes.ttl --format junit > validate.xml
  graf validate --format turtle > report.ttl  # a sh:ValidationReport
  graf validate --waivers waivers.ttl         # accepted exceptions: reported as waived, not counted
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from graf.commands import EXIT_OK, EXIT_VIOLATIONS, add_lang
from graf.errors import GrafError

NAME = "validate"
HELP = "check each scenario against the structural rules (exit 1 on violations)"
FORMATS = ["text", "json", "turtle", "junit"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", metavar="NAME", help="check only this scenario (default: every scenario)")
    parser.add_argument("--rule", action="append", metavar="ID",
                        help="check only this rule (repeatable; see `graf rules`; 'user-shapes' for --shapes)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    parser.add_argument("--shapes", action="append", metavar="FILE",
                        help="extra SHACL shapes (Turtle) validated alongside graf's own (repeatable)")
    add_lang(parser, "language of the text report")
    parser.add_argument("--waivers", metavar="FILE",
                        help="accepted exceptions (Turtle, graf:Waiver; see README): their findings are reported "
                             "as waived and not counted; stale or expired waivers are warnings")
    parser.add_argument("--max-witness", type=int, metavar="N",
                        help="cut witnesses (paths) longer than N nodes (default 200; setting max_witness_nodes)")
    parser.add_argument("--shacl-engine", choices=["auto", "sparql", "pyshacl"], default="auto",
                        help="how SHACL runs: 'sparql' compiles the shapes to SPARQL run by the store (fast), "
                             "'pyshacl' runs pySHACL on a copy (the reference); 'auto' (default) uses sparql "
                             "unless the shapes need a feature only pySHACL has")


def run(ctx: Any) -> int:
    # here, not at the top: loads networkx, rdflib (start-up)
    from graf.rules import ShaclEngine, get_rule, load_waivers, validate
    from graf.rules.shacl import USER_RULE

    args = ctx.args
    for rule_id in args.rule or ():
        if not (rule_id == USER_RULE and args.shapes):
            get_rule(rule_id)  # unknown id: exit 2 listing the valid ones, before loading anything
    if args.shapes:
        ShaclEngine(args.shapes, args.shacl_engine)  # shapes that do not parse or are not SHACL: exit 2
    waivers = load_waivers(args.waivers) if args.waivers else []  # file:line and exit 2 when malformed
    limit = args.max_witness if args.max_witness is not None else ctx.settings.max_witness_nodes
    if limit < 2:
        raise GrafError(f"--max-witness {limit}: keep at least 2 nodes of a witness")
    store = ctx.open_store()
    try:
        # an on-disk store's scenarios are validated side by side, up to `workers` processes (one per CPU)
        processes = min(ctx.settings.workers, os.cpu_count() or 1)
        report = validate(store, scenario=args.scenario, rules=args.rule, shapes=args.shapes,
                          shacl_engine=args.shacl_engine, waivers=waivers, max_witness=limit, processes=processes)
    finally:
        store.close()
    ctx.stdout.write(render(report, args.format, args.lang))
    return EXIT_OK if report.conforms else EXIT_VIOLATIONS


def render(report: Any, fmt: str, lang: str = "da") -> str:
    """``report`` in one of :data:`FORMATS`."""
    if fmt == "json":
        return str(report.to_json())
    if fmt == "turtle":
        return str(report.to_turtle())
    if fmt == "junit":
        return str(report.to_junit())
    return str(report.to_text(lang))
