"""Run a read-only SPARQL query: inline text, --file, or the name of an example query.

examples:
  graf query 'SELECT ?s ?label WHERE { ?s skos:prefLabel ?label } LIMIT 5'
  graf query labels                  # an example query (see --list)
  graf query sources-of-actor --param actor=teknik-og-miljoeforvaltningen
  graf query --file q.rq --format csv > out.csv
  graf query --file q.rq --default-graph https://w3id.org/graf/graph/kbh/base

Parameters: a query declares them in '# param: NAME (TYPE) = DEFAULT — description' lines
(see graf/parameters.py); each --param NAME=VALUE is bound as an RDF term to the variable ?NAME,
never written into the query text. A missing, unknown or ill-typed parameter exits with 2.

Relative IRIs resolve against the query file's own file: URL (so FROM <data.ttl> names the file
beside q.rq, as a graph name: nothing is read from it), and for inline text, stdin and example
queries against the working directory (file:///.../cwd/). The default graph is the union of all
graphs, unless the query has FROM / FROM NAMED or --default-graph / --named-graph is given (these
override FROM, as the SPARQL protocol's default-graph-uri / named-graph-uri do).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from graf.errors import GrafError
from graf.parameters import bind, parse_assignments, parse_parameters
from graf.sparql import PREFIXES, example_queries, example_query, run_query
from graf.sparql_guard import iri_ref
from graf.store import resolve_graph_name

NAME = "query"
HELP = "run a read-only SPARQL query (text, --file, or an example name)"
FORMATS = ["table", "csv", "tsv", "json", "xml", "turtle", "nt", "jsonld", "rdfxml"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", help="SPARQL text or the name of an example query")
    parser.add_argument("--file", "-f", metavar="FILE", help="read the query from FILE ('-' for stdin)")
    parser.add_argument("--list", action="store_true", help="list the example queries")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="output format (default: an aligned table; turtle for CONSTRUCT/DESCRIBE)")
    parser.add_argument("--time-limit", type=float, metavar="S", help="stop the query after S seconds")
    parser.add_argument("--max-rows", type=int, metavar="N", help="return at most N rows")
    parser.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
                        help="a value for a parameter the query declares (repeatable)")
    parser.add_argument("--default-graph", action="append", metavar="IRI",
                        help="a graph of the query's default graph (repeatable; overrides FROM)")
    parser.add_argument("--named-graph", action="append", metavar="IRI",
                        help="a named graph the query may use with GRAPH (repeatable; overrides FROM NAMED)")


_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")  # a lone keyword is a (malformed) query, not a name


def _query_text(args: argparse.Namespace) -> tuple[str, str, str]:
    """The query's text, what to call it in messages, and its base IRI (the file's URL, or the
    working directory's)."""
    here = Path.cwd().as_uri().rstrip("/") + "/"
    if args.file and args.query:
        raise GrafError("give the query either as text/name or with --file, not both")
    if args.file == "-":
        return sys.stdin.read(), "the query", here
    if args.file:
        path = Path(args.file)
        try:
            return path.read_text(encoding="utf-8"), args.file, path.resolve().as_uri()
        except OSError as exc:
            raise GrafError(f"cannot read the query file: {exc}") from None
    if not args.query:
        raise GrafError("give a query: SPARQL text, --file FILE, or an example name (see --list)")
    if re.fullmatch(r"[\w.-]+", args.query) and args.query.upper() not in _FORMS:
        return example_query(args.query).text, args.query, here
    return args.query, "the query", here


def _graphs(values: list[str] | None, option: str) -> list[str] | None:
    if not values:
        return None
    graphs = [resolve_graph_name(v) for v in values]
    for value, graph in zip(values, graphs, strict=True):
        try:
            iri_ref(graph)
        except GrafError:
            raise GrafError(f"{option} {value!r} is not an IRI") from None
    return graphs


def _listing(queries: list[Any]) -> list[str]:
    width = max((len(q.name) for q in queries), default=0)
    lines = []
    for q in queries:
        lines.append(f"{q.name.ljust(width)}  {q.title}: {q.description}")
        for p in q.parameters:
            default = "required" if p.required else f"default {p.default}"
            lines.append(f"{''.ljust(width)}    --param {p.name}=...  ({p.type}, {default}) {p.description}")
    return lines


def run(ctx: Any) -> int:
    args = ctx.args
    if args.list:
        print("\n".join(_listing(example_queries())), file=ctx.stdout)
        return 0
    text, what, base = _query_text(args)
    parameters = parse_parameters(text, what)
    given = parse_assignments(args.param)
    default_graphs = _graphs(args.default_graph, "--default-graph")
    named_graphs = _graphs(args.named_graph, "--named-graph")
    if default_graphs and named_graphs is None:
        named_graphs = []  # as in the protocol: a dataset given, and no named graph in it
    store = ctx.open_store()
    try:  # an update is refused by the library, which says why once ("queries are read-only")
        bindings = bind(parameters, given, store, ctx.settings, query=what)
        result = run_query(store, text, ctx.settings, prefixes=PREFIXES, bindings=bindings, base_iri=base,
                           default_graphs=default_graphs, named_graphs=named_graphs)
    finally:
        store.close()
    if args.format == "table":
        print(result.to_table(), file=ctx.stdout)
    else:
        body = result.serialize(args.format)
        ctx.write_bytes(body if body.endswith(b"\n") else body + b"\n")  # end the terminal line
        if result.truncated:
            print(f"warning: result truncated at max_rows={ctx.settings.max_rows}", file=ctx.stderr)
    return 0
