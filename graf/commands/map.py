"""Write an interactive network map as one self-contained HTML file (works offline, from disk).

Views: overview (all actors of the scenario), strategic (formal channels and the entry point),
operational (direct contacts), actor:<id> (one actor's neighbourhood; id = IRI or local name,
e.g. actor:teknik-og-miljoeforvaltningen), diff:<A>..<B> (what changed from scenario A to B),
findings (the validation report drawn on the map). Default scenario: 'adjusted' if present;
--scenario all draws the whole data set (e.g. the national overview of a model with one scenario
per municipality; above --max-nodes actors it is aggregated by kind).

  graf map -o map.html
  graf map --view actor:teknik-og-miljoeforvaltningen --degree 2 --lang en -o tmf.html
  graf map --view diff:asis..adjusted -o diff.html
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from graf.commands import add_chosen_scenario, add_lang, at_least_one
from graf.errors import GrafError

NAME = "map"
HELP = "write an interactive network map (one offline HTML file)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--view", default="overview", metavar="VIEW",
                        help="overview | strategic | operational | actor:<id> | diff:<A>..<B> | findings "
                             "(default: overview)")
    add_chosen_scenario(parser)
    add_lang(parser, "label language (default: da)")
    parser.add_argument("--degree", type=int, choices=(1, 2), default=1,
                        help="neighbourhood radius of the actor:<id> view (default: 1)")
    parser.add_argument("--max-nodes", type=int, default=2000, metavar="N",
                        help="aggregate actors by kind above N nodes (default: 2000)")
    parser.add_argument("-o", "--output", metavar="FILE", help="HTML file to write (default: standard output)")


def run(ctx: Any) -> int:
    # here, not at the top: loads networkx, rdflib (start-up)
    from visualisations.maps import render_map

    args = ctx.args
    at_least_one("--max-nodes", args.max_nodes)
    with ctx.open_store() as store:
        page = render_map(store, args.view, args.scenario, args.lang, args.degree, args.max_nodes)
    if args.output:
        target = Path(args.output)
        try:
            target.write_text(page, encoding="utf-8")
        except OSError as exc:
            raise GrafError(f"cannot write {target}: {exc.strerror or exc}") from exc
        print(f"wrote {target} ({len(page.encode('utf-8')) // 1024} KiB)", file=ctx.stderr)
    else:
        ctx.stdout.write(page)
    return 0
