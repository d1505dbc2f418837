"""Show the named graphs (triples per graph), actors per kind and the scenarios of the dataset."""

from __future__ import annotations

import argparse
from typing import Any

NAME = "info"
HELP = "graphs, actors per kind and scenarios of the dataset"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def _section(title: str, rows: list[tuple[str, Any]]) -> list[str]:
    if not rows:
        return [title, "  (none)"]
    width = max(len(name) for name, _ in rows)
    return [title] + [f"  {name.ljust(width)}  {value}" for name, value in rows]


def run(ctx: Any) -> int:
    import pyoxigraph as ox

    from graf.info import summarize
    from graf.sparql import compact

    store = ctx.open_store()
    try:
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
