"""Check every scenario on its own against the structural rules and print a report.

Exit code 0: every rule holds (warnings allowed); 1: violations; 2: usage or input error.

examples:
  graf validate                               # all scenarios, all rules, Danish text report
  graf validate --scenario adjusted --lang en
  graf validate --rule single-entry-point --rule chairmanship --format json
  graf validate --shapes my-shapes.ttl --format junit > validate.xml
  graf validate --format turtle > report.ttl  # a sh:ValidationReport
"""

from __future__ import annotations

import argparse
from typing import Any

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
    parser.add_argument("--lang", choices=["da", "en"], default="da", help="language of the text report")
    parser.add_argument("--shacl-engine", choices=["auto", "sparql", "pyshacl"], default="auto",
                        help="how SHACL runs: 'sparql' compiles the shapes to SPARQL run by the store (fast), "
                             "'pyshacl' runs pySHACL on a copy (the reference); 'auto' (default) uses sparql "
                             "unless the shapes need a feature only pySHACL has")


def run(ctx: Any) -> int:
    from graf.rules import ShaclEngine, get_rule, validate
    from graf.rules.shacl import USER_RULE

    args = ctx.args
    for rule_id in args.rule or ():
        if not (rule_id == USER_RULE and args.shapes):
            get_rule(rule_id)  # unknown id: exit 2 listing the valid ones, before loading anything
    if args.shapes:
        ShaclEngine(args.shapes, args.shacl_engine)  # shapes that do not parse or are not SHACL: exit 2
    store = ctx.open_store()
    try:
        report = validate(store, scenario=args.scenario, rules=args.rule, shapes=args.shapes,
                          shacl_engine=args.shacl_engine)
    finally:
        store.close()
    if args.format == "json":
        text = report.to_json()
    elif args.format == "turtle":
        text = report.to_turtle()
    elif args.format == "junit":
        text = report.to_junit()
    else:
        text = report.to_text(args.lang)
    ctx.stdout.write(text)
    return 0 if report.conforms else 1
