"""Load RDF files or folders into the store (all-or-nothing); persisted with --store DIR.

.trig and .nq keep their named graphs; .ttl, .nt, .rdf/.xml and .jsonld go to the default graph,
or to --graph IRI. A folder loads every supported file in it, sorted. A planner's workbook (.xlsx),
CSV folder or ZIP of CSV files is imported first (as `graf import` does; --base sets its ids' base).

Into a new store folder (--store DIR that does not exist or is empty) the files are bulk-loaded
(pyoxigraph's bulk loader, with the ontology) into a staging folder that is renamed into place
when everything has loaded, with a progress bar on stderr; reopening the store later takes
milliseconds. Into an existing store, or in memory, all files are parsed first and added in one
transaction. Either way a failure leaves the store as it was. With --sparql-endpoint the files go
to the external server (parsed locally first).

With --guard, the files are first checked against the structural rules: if they would add a violation
to any scenario (one that was not there before), nothing is loaded and the new findings are printed
(exit 1); only the scenarios whose graphs the files touch are validated again.

examples:
  graf load --guard more.trig --store ./store  # refuse files that would break a rule
  graf generate --scale 1 -o /tmp/national
  graf load --store ./national-store /tmp/national/synthetic.trig
  graf load data/my-scenario.trig --store ./store
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from graf import iris, resources
from graf.bulk import Progress, bulk_load_new_store, can_bulk_load
from graf.commands import EXIT_VIOLATIONS, add_lang
from graf.errors import GrafError
from graf.store import canonical_forms, expand_paths
from graf.workbook.loading import rdf_paths

NAME = "load"
HELP = "load RDF files into the store (persisted with --store DIR; bulk-loads a new store)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="files or folders to load")
    parser.add_argument("--graph", metavar="IRI",
                        help="named graph for triple formats (default: the default graph)")
    parser.add_argument("--no-progress", action="store_true", help="do not draw the progress bar on stderr")
    parser.add_argument("--guard", action="store_true",
                        help="refuse (exit 1, nothing loaded) files that would add a rule violation to any scenario")
    add_lang(parser, "language of a refusal's report")


def run(ctx: Any) -> int:
    settings = ctx.settings
    with rdf_paths(ctx.args.files, settings.base_iri) as files:  # spreadsheet models become N-Quads first
        if ctx.args.guard:
            return _guarded(ctx, files)
        canonical = _canonical_forms(files) if not settings.sparql_endpoint else None
        if not settings.sparql_endpoint and can_bulk_load(settings.store_dir):
            report = _bulk(ctx, files)
        else:
            store = ctx.open_store(load_data=False)
            try:
                if store.is_empty():
                    store.load_ontology()
                report = store.load(files, graph=ctx.args.graph)
            finally:
                store.close()
    store_dir = settings.store_dir
    where = (f"SPARQL server {settings.sparql_endpoint}" if settings.sparql_endpoint
             else f"store {store_dir}" if store_dir else "memory (not kept: use --store DIR)")
    print(f"loaded {report.statements:,} statements from {len(report.files)} file(s) into {where} "
          f"in {report.seconds:.2f} s ({report.rate:,.0f} statements/s)", file=ctx.stdout)
    if canonical is not None and canonical.statements:
        written, stored = (re.sub(r"<http://www\.w3\.org/2001/XMLSchema#(\w+)>", r"xsd:\1", t)
                           for t in (canonical.written, canonical.stored))
        print(f"note: {canonical.statements:,} literal(s) are kept in the store's canonical form, as queries, "
              f"exports and reports show them (e.g. {written} is stored as {stored}); sh:datatype counts an "
              "xsd:integer in the range of xsd:int (short, byte ...) as one", file=ctx.stderr)
    return 0


def _canonical_forms(paths: list[Any]) -> Any:
    """Which literals of the files the embedded store will keep in canonical form (read before loading:
    a file that does not parse is reported by the load itself)."""
    try:
        return canonical_forms(expand_paths(paths))
    except (GrafError, SyntaxError, OSError, ValueError):
        return None


def _guarded(ctx: Any, paths: list[Any]) -> int:
    """Load through the guard: exit 1 with the new findings (and nothing loaded) if the files break a rule."""
    # here, not at the top: loads networkx, rdflib (start-up)
    from graf.guard import Guard, GuardRefused

    if ctx.settings.sparql_endpoint:
        raise GrafError("--guard works on graf's own store (in memory or --store DIR), not on an external SPARQL "
                        "server")
    store = ctx.open_store(load_data=False)
    try:
        if store.is_empty():
            store.load_ontology()
        try:
            verdict = Guard(max_witness=ctx.settings.max_witness_nodes).load(store, paths,
                                                                             graph=ctx.args.graph)
        except GuardRefused as exc:
            ctx.stdout.write(exc.report().to_text(ctx.args.lang))
            print(f"graf load: {exc}", file=ctx.stderr)
            return EXIT_VIOLATIONS
    finally:
        store.close()
    added = sum(c.added for c in verdict.changes)
    print(f"loaded {added:,} new statement(s), checked {len(verdict.scenarios)} scenario(s): no new violation",
          file=ctx.stdout)
    return 0


def _bulk(ctx: Any, paths: list[Any]) -> Any:
    files = expand_paths(paths)
    folder = resources.ontology_dir()
    ontology = sorted(p for p in folder.glob("*.ttl") if not p.name.startswith("shapes"))
    progress = None
    if not ctx.args.no_progress:
        progress = Progress(sum(p.stat().st_size for p in [*ontology, *files]), ctx.stderr)
    report = bulk_load_new_store(ctx.settings.store_dir, files, graph=ctx.args.graph, ontology=ontology,
                                 ontology_graph=iris.ONTOLOGY_GRAPH, progress=progress)
    if progress:
        progress.finish()
    return report
