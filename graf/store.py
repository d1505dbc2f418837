"""The RDF dataset graf works on: one small interface, an embedded Oxigraph implementation.

``Store`` is the seam: methods take and return plain data (paths, strings, bytes, small
dataclasses), so a remote SPARQL 1.1 server can implement it later. ``EmbeddedStore`` keeps the
dataset in pyoxigraph, in memory or in a folder on disk. ``open_store`` builds one from settings.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol, cast, runtime_checkable

import pyoxigraph as ox

from graf import iris, resources
from graf.canonical import canonical_quads
from graf.errors import GrafError, LoadError, QueryEvaluationError, StoreError, UnsupportedFormatError
from graf.settings import Settings
from graf.sparql import PREFIXES, QueryResult, SerializedResult, query_error
from graf.sparql_guard import DEFAULT_MAX_QUERY_DEPTH, Inspection, inspect_query, inspect_update
from graf.workbook.loading import rdf_paths
from graf.workers import Output, Reply, Request, WorkerPool, Zygote, single_threaded
from graf.writer import trial_update, update_on_disk

#: how a query worker writes a result (formats, prefixes, link); the API and the remote store use it too
ResultOutput = Output

#: file extension -> parser format (quad formats keep their named graphs)
LOAD_FORMATS: dict[str, ox.RdfFormat] = {
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".trig": ox.RdfFormat.TRIG,
    ".ttl": ox.RdfFormat.TURTLE,
    ".xml": ox.RdfFormat.RDF_XML,
}

#: export format name -> serialiser format
EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "jsonld": ox.RdfFormat.JSON_LD,
    "nq": ox.RdfFormat.N_QUADS,
    "nt": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "turtle": ox.RdfFormat.TURTLE,
}

MARKER = "graf-store.json"
#: in ``select(default_graphs=...)``: the store's default graph (the unnamed one); never an IRI
DEFAULT_GRAPH = ""
#: a graph name that holds nothing: a dataset of only this graph is empty
EMPTY_GRAPH = "urn:graf:empty-default-graph"
STORE_VERSION = 1
log = logging.getLogger("graf.load")


@dataclass(frozen=True)
class GraphInfo:
    """A graph of the dataset; ``name`` is ``None`` for the default graph."""

    name: str | None
    triples: int


@dataclass(frozen=True)
class LoadReport:
    """What one ``load`` call added."""

    files: tuple[str, ...]
    statements: int
    seconds: float
    empty: tuple[str, ...] = ()  # files that held no statement (each is also logged as a warning)

    @property
    def rate(self) -> float:
        """Statements per second."""
        return self.statements / self.seconds if self.seconds > 0 else float(self.statements)


@dataclass(frozen=True, kw_only=True)
class QueryOptions:
    """How one query runs: its limits, its dataset, predeclared prefixes and base IRI.

    ``default_graphs``/``named_graphs`` (a protocol dataset) override FROM/FROM NAMED; given only
    ``named_graphs``, the default graph is empty; with neither, the default graph is the union of
    all graphs (unless the query has its own FROM). ``base_iri`` resolves relative IRIs.
    """

    time_limit_s: float = Settings.query_time_limit_s
    max_rows: int = Settings.max_rows
    allow_service: bool = Settings.allow_service
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    prefixes: Mapping[str, str] | None = None
    base_iri: str | None = None
    #: variable name -> RDF term, substituted for the query's variables (SPARQL SEP-0007: a SELECT must
    #: project them), never written into its text
    bindings: Mapping[str, Any] | None = None

    def __post_init__(self) -> None:
        for name in ("default_graphs", "named_graphs"):  # any sequence of IRIs is accepted
            value = getattr(self, name)
            if value is not None and not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))

    @classmethod
    def from_settings(cls, settings: Settings, **changes: Any) -> QueryOptions:
        """The limits of ``settings`` (time limit, row cap, SERVICE), with ``changes``."""
        return cls(time_limit_s=settings.query_time_limit_s, max_rows=settings.max_rows,
                   allow_service=settings.allow_service, **changes)


@runtime_checkable
class Store(Protocol):
    """What graf needs from an RDF dataset: the embedded Oxigraph store or a SPARQL 1.1 server.

    Everything the CLI, the HTTP API and the analyses call is declared here.
    """

    def load(self, paths: Iterable[str | Path], graph: str | None = None) -> LoadReport:
        """Load files and folders, all or nothing.

        Parameters
        ----------
        paths : iterable of str or Path
            RDF files (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD), planners' workbooks or
            folders of them.
        graph : str, optional
            The named graph that triple formats go to (default: the default graph); quad formats
            keep their own graphs.

        Returns
        -------
        LoadReport
            The files read, the statements added and the time taken.

        Raises
        ------
        graf.errors.LoadError
            A file that does not parse (named with its line and column) or has an unknown extension;
            nothing is loaded.
        """
        ...

    def load_ontology(self, folder: Path | None = None) -> LoadReport:
        """Load ``ontology/*.ttl`` (except ``shapes*``) into the ontology named graph."""
        ...

    def graphs(self) -> list[GraphInfo]:
        """The default graph and every named graph, with triple counts."""
        ...

    def query(self, text: str, *, options: QueryOptions | None = None) -> QueryResult:
        """Run a read-only query (:func:`graf.run_query` fills ``options`` from the settings).

        Parameters
        ----------
        text : str
            A SPARQL 1.1 query.
        options : QueryOptions, optional
            Time limit, row cap, SERVICE, dataset, prefixes, bindings, base IRI; default:
            ``QueryOptions()``.

        Returns
        -------
        QueryResult
            Its ``truncated`` flag says whether ``max_rows`` cut it.

        Raises
        ------
        graf.errors.QueryError
            A syntax error (line and column), nesting deeper than ``max_query_depth`` or an
            evaluation error.
        graf.errors.QueryTimeout
            After ``options.time_limit_s`` the query is stopped.
        graf.errors.ServerBusy
            Every query worker is busy with long queries (try again later).
        graf.errors.UpdateRefused
            The text is an update, or uses SERVICE when it is not allowed.
        """
        ...

    def query_serialized(self, text: str, output: ResultOutput, *,
                         options: QueryOptions | None = None) -> SerializedResult:
        """Like :meth:`query`, the result written in the format ``output.formats`` names for its kind
        ("select", "ask", "graph"); a kind without a format gives ``body`` None."""
        ...

    async def query_serialized_async(self, text: str, output: ResultOutput, *,
                                     options: QueryOptions | None = None) -> SerializedResult:
        """:meth:`query_serialized` for an asyncio event loop (it never blocks the loop)."""
        ...

    @property
    def prefers_scans(self) -> bool:
        """True where each index lookup is a disk read: graf's rules then scan a predicate's triples once
        and join them, rather than look them up from each node (same results, other query shapes)."""
        ...

    def select(self, text: str, *, default_graphs: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """A SELECT for graf's own analyses (network projection, rules): rows as dicts of terms.

        Not for user queries: no time limit or row cap, and in process where the store allows it
        (the worker round trip and its on-disk snapshot cost ~10x on the in-memory store).
        ``default_graphs`` may name the default graph as :data:`DEFAULT_GRAPH`.
        """
        ...

    def update(self, text: str, *, allow_service: bool = False, base_iri: str | None = None,
               time_limit_s: float | None = None) -> None:
        """Run a SPARQL update, all-or-nothing (stopped, changing nothing, after ``time_limit_s``)."""
        ...

    def export(self, format: str, graph: str | None = None, *, canonical: bool = True) -> bytes:
        """Serialise the dataset (or one graph) in ``format`` (a key of ``EXPORT_FORMATS``); the same
        data give the same bytes unless ``canonical`` is False (faster, for graf's own use)."""
        ...

    def is_empty(self) -> bool:
        """True if the dataset holds no statement."""
        ...

    def prefork(self) -> bool:
        """Prepare query workers while the process is single-threaded; True if that was done."""
        ...

    def close(self) -> None:
        """Release the store (and its query worker)."""
        ...


def resolve_graph_name(graph: str) -> str:
    """A graph IRI as given, or a short name resolved against ``https://w3id.org/graf/graph/``.

    ``kbh/adjusted`` -> ``https://w3id.org/graf/graph/kbh/adjusted``; a name with a scheme is kept.
    """
    return graph if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", graph) else f"{iris.GRAPH}{graph.lstrip('/')}"


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files to load: files as given, folders as their supported files (sorted, recursive)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in LOAD_FORMATS)
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() not in LOAD_FORMATS:
                raise UnsupportedFormatError(f"{path} ({path.suffix or 'no extension'})", LOAD_FORMATS)
            files.append(path)
        else:
            raise LoadError(path, "no such file or folder; check the path given with --data or load")
    return files


_POSITION = re.compile(r"^(?:Parser error )?(?:at )?line (\d+) column (\d+): ", re.IGNORECASE)


def syntax_error_in(path: Path, exc: SyntaxError) -> LoadError:
    """The LoadError for a parser's SyntaxError about ``path``, with its line (and column).

    pyoxigraph's RDF/XML parser names no position: the line is then found in the file (the
    first XML error, or the first line holding the value the message quotes)."""
    message = str(exc.args[0]) if exc.args else str(exc)
    line, column = exc.lineno, exc.offset
    match = _POSITION.match(message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        message = message[match.end():]
    if line is None and path.suffix.lower() in (".rdf", ".xml"):
        line, column = _locate_in_xml(path, message)
    return LoadError(path, message, line, column)


def base_iri(path: Path) -> str:
    """The base IRI of a file's relative IRIs: the file's own ``file:`` URI (as rdflib and Jena do)."""
    return path.absolute().as_uri()


def _locate_in_xml(path: Path, message: str) -> tuple[int | None, int | None]:
    """Where in the XML file ``path`` the parser's ``message`` points, as far as can be told."""
    import xml.parsers.expat  # here: only an RDF/XML file that failed to load needs it (start-up)

    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    try:
        with path.open("rb") as handle:
            parser.ParseFile(handle)
    except xml.parsers.expat.ExpatError as exc:
        return exc.lineno, exc.offset + 1
    except OSError:
        return None, None
    quoted = re.search(r"'([^']+)'", message)
    if quoted:
        text = path.read_text(encoding="utf-8", errors="replace")
        at = text.find(quoted.group(1))
        if at >= 0:
            return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    return None, None


def holds_no_statement(path: Path) -> bool:
    """True if the file ``path`` parses to no statement at all (reads only up to its first one)."""
    fmt = LOAD_FORMATS.get(path.suffix.lower())
    if fmt is None:
        return False
    try:
        return next(iter(ox.parse(path=str(path), format=fmt, base_iri=base_iri(path))), None) is None
    except (SyntaxError, OSError, ValueError):
        return False  # a broken file is reported by the load itself


def parse_file(path: Path, graph: str | None = None) -> list[ox.Quad]:
    """Parse one file fully into quads (default-graph statements moved to ``graph`` if given;
    relative IRIs resolved against the file's URI)."""
    fmt = LOAD_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormatError(f"{path} ({path.suffix or 'no extension'})", LOAD_FORMATS)
    target = ox.NamedNode(graph) if graph else None
    try:
        quads = []
        for quad in ox.parse(path=str(path), format=fmt, base_iri=base_iri(path), rename_blank_nodes=True):
            if target is not None and isinstance(quad.graph_name, ox.DefaultGraph):
                quad = ox.Quad(quad.subject, quad.predicate, quad.object, target)
            quads.append(quad)
        return quads
    except SyntaxError as exc:
        raise syntax_error_in(path, exc) from None
    except (OSError, ValueError) as exc:
        raise LoadError(path, str(exc)) from None


@dataclass(frozen=True)
class CanonicalForms:
    """Literals the store keeps in another form than the files state (``"5"^^xsd:int`` as
    ``"5"^^xsd:integer``, ``"4.0"`` as ``"4"``): how many statements, and one example."""

    statements: int = 0
    written: str = ""  # the first such literal as written (N-Triples syntax)
    stored: str = ""  # ... and as the store keeps it


_XSD = iris.XSD


def canonical_forms(paths: Iterable[Path]) -> CanonicalForms:
    """Which literals of the files pyoxigraph rewrites into canonical form when it stores them.

    It keeps numbers, booleans, dates, times and durations as values, and writes them back in one
    form per value and type family (every integer type as ``xsd:integer``). Reads each file once more.
    """
    counts: dict[ox.Literal, int] = {}
    for path in paths:
        fmt = LOAD_FORMATS.get(path.suffix.lower())
        if fmt is None:
            continue
        for quad in ox.parse(path=str(path), format=fmt, base_iri=base_iri(path)):
            o = quad.object
            if type(o) is ox.Literal and o.datatype.value.startswith(_XSD) and o.datatype.value != _XSD + "string":
                counts[o] = counts.get(o, 0) + 1
    if not counts:
        return CanonicalForms()
    written = list(counts)
    probe = ox.Store()  # the store's own conversion, literal by literal
    probe.extend(ox.Quad(ox.NamedNode(f"urn:graf:literal:{i}"), ox.NamedNode("urn:graf:p"), lit)
                 for i, lit in enumerate(written))
    stored = {int(q.subject.value.rsplit(":", 1)[1]): q.object for q in probe}
    changed = [(lit, stored[i]) for i, lit in enumerate(written) if stored[i] != lit]
    if not changed:
        return CanonicalForms()
    return CanonicalForms(sum(counts[lit] for lit, _s in changed), str(changed[0][0]), str(changed[0][1]))


def with_empty_files(report: LoadReport, files: Iterable[Path]) -> LoadReport:
    """``report`` naming the files that held no statement, each logged as a warning (graf.load)."""
    empty = tuple(str(p) for p in files if holds_no_statement(p))
    for path in empty:
        log.warning("%s holds no statement", path)
    return replace(report, empty=empty) if empty else report


def _is_graf_store(path: Path) -> bool:
    return (path / MARKER).is_file()


class EmbeddedStore:
    """A pyoxigraph dataset in memory (``path=None``) or in a folder on disk.

    Usually made by :func:`open_store`. Reads run in killable worker processes (the time limit
    holds); writes are transactions.

    Parameters
    ----------
    path : str or Path, optional
        The store's folder (created if missing); None: in memory.
    workers : int, optional
        Most query worker processes at once; default: the setting ``workers`` (``Settings.workers``).
    short_query_s : float
        While every general worker is busy, a query may run this long on the short lane (see
        ``WorkerPool``).
    max_query_depth : int
        Queries nested deeper than this are refused before parsing.
    read_only : bool
        Open an existing on-disk store for reading only, beside a process that holds it.
    """

    def __init__(self, path: str | Path | None = None, *, workers: int | None = None,
                 short_query_s: float = Settings.short_query_s, max_query_depth: int = DEFAULT_MAX_QUERY_DEPTH,
                 read_only: bool = False):
        """``read_only``: open an existing on-disk store for reading only, beside a process that holds it
        (as graf's query workers and validation processes do); writes then fail."""
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self.workers = Settings.workers if workers is None else workers  # most query worker processes
        self.short_query_s = short_query_s  # see graf.workers.WorkerPool
        self.max_query_depth = max_query_depth  # deeper brackets are refused unparsed (graf.sparql_guard)
        self._snapshot_dir: str | None = None
        self._zygote: Zygote | None = None  # in memory: the process that forks query workers (graf.workers.Zygote)
        self._worker: WorkerPool | None = None
        self._closed = False
        # held while writing and while (re)starting the query workers: a query arriving during a
        # write waits and then sees the written data (never a snapshot taken mid-write)
        self._write_lock = threading.RLock()
        # reads in this process share it; an update takes it alone (see graf.writer)
        self._access = _SharedLock()
        if self.path is None:
            self._store = ox.Store()
            return
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path} is a file; give --store a folder (new or made by graf)")
        if self.path.is_dir() and any(self.path.iterdir()) and not _is_graf_store(self.path):
            raise StoreError(
                f"{self.path} is not a graf store (no {MARKER}); give --store an empty or new folder, "
                "or one made by graf"
            )
        if read_only:
            try:
                self._store = ox.Store.read_only(str(self.path))
            except OSError as exc:
                raise StoreError(f"cannot open the store at {self.path} to read it: {exc}") from None
            return
        self._store = _open_on_disk(self.path)
        marker = self.path / MARKER
        if not marker.exists():
            marker.write_text(json.dumps({"graf_store_version": STORE_VERSION}) + "\n", encoding="utf-8")

    @property
    def prefers_scans(self) -> bool:
        """On disk every index lookup is a RocksDB read (see :meth:`Store.prefers_scans`)."""
        return self.path is not None

    # -- loading -----------------------------------------------------------------------------------

    def load(self, paths: Iterable[str | Path], graph: str | None = None) -> LoadReport:
        """Parse every file fully, then add all statements in one transaction (all-or-nothing)."""
        started = time.perf_counter()
        files = expand_paths(paths)
        if len(files) == 1:
            report = self._load_one(files[0], graph, started)
        else:
            quads: list[ox.Quad] = []
            for path in files:
                quads.extend(parse_file(path, graph))
            self.extend(quads)
            report = LoadReport(tuple(str(f) for f in files), len(quads), time.perf_counter() - started)
        return with_empty_files(report, files)

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add statements (pyoxigraph quads) in one transaction."""
        quads = list(quads)
        with self._write_lock:
            self._changing()
            try:
                self._store.extend(quads)
            except OSError as exc:
                raise StoreError(f"writing to the store failed, nothing was added: {exc}") from None

    def _load_one(self, path: Path, graph: str | None, started: float) -> LoadReport:
        """One file: pyoxigraph's own load, itself a transaction (about 2x faster than parse + extend:
        no Python object per statement); ``statements`` counts the statements that were new."""
        fmt = LOAD_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise UnsupportedFormatError(f"{path} ({path.suffix or 'no extension'})", LOAD_FORMATS)
        target = ox.NamedNode(graph) if graph else None
        with self._write_lock:
            self._changing()
            before = 0 if self.is_empty() else len(self._store)  # len() scans the store
            try:
                self._store.load(path=str(path), format=fmt, base_iri=base_iri(path), to_graph=target)
            except SyntaxError as exc:
                raise syntax_error_in(path, exc) from None
            except (OSError, ValueError) as exc:
                raise LoadError(path, str(exc)) from None
            added = len(self._store) - before
        return LoadReport((str(path),), added, time.perf_counter() - started)

    def load_ontology(self, folder: Path | None = None) -> LoadReport:
        """Load ``ontology/*.ttl`` (except ``shapes*``) into the ontology named graph."""

        folder = folder or resources.ontology_dir()
        files = sorted(p for p in folder.glob("*.ttl") if not p.name.startswith("shapes"))
        if not files:
            return LoadReport((), 0, 0.0)
        return self.load(files, graph=iris.ONTOLOGY_GRAPH)

    # -- reading -----------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        with self._access.shared():
            return next(iter(self._store.quads_for_pattern(None, None, None, None)), None) is None

    def graphs(self) -> list[GraphInfo]:
        with self._access.shared():
            return self._graphs()

    def _graphs(self) -> list[GraphInfo]:
        default = cast(ox.QuerySolutions, self._store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
        infos = [GraphInfo(None, int(next(iter(default))["n"].value))]
        named = cast(ox.QuerySolutions,
                     self._store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"))
        rows = sorted((row["g"].value, int(row["n"].value)) for row in named)
        counted = {name for name, _ in rows}
        rows += [(g.value, 0) for g in self._store.named_graphs() if g.value not in counted]
        return infos + [GraphInfo(name, n) for name, n in rows]

    def query(self, text: str, *, options: QueryOptions | None = None) -> QueryResult:
        return QueryResult.from_worker(*self._execute(text, options or QueryOptions(), None))

    def _execute(self, text: str, options: QueryOptions,
                 output: ResultOutput | None) -> tuple[str | None, Reply, float, Request]:
        """Inspect ``text`` and run it on a query worker: the query form, the worker's reply, the
        seconds it took and the request (what ``QueryResult.from_worker`` and
        ``SerializedResult.from_worker`` take)."""
        found, request = self._prepare(text, options, output)
        started = time.perf_counter()
        reply = self._run(request, options.time_limit_s)
        return found.query_form, reply, time.perf_counter() - started, request

    def _prepare(self, text: str, options: QueryOptions, output: ResultOutput | None) -> tuple[Inspection, Request]:
        """The guard's reading of ``text`` and the request a query worker runs."""
        found = self._inspect(text, options.allow_service, options.prefixes)
        return found, _request(found, options, output)

    def _inspect(self, text: str, allow_service: bool, prefixes: Mapping[str, str] | None) -> Inspection:
        """The guard's reading of a query (refusing updates, SERVICE, deep nesting)."""
        return inspect_query(text, allow_service=allow_service, prefixes=prefixes or (),
                             max_depth=self.max_query_depth)

    def query_serialized(self, text: str, output: ResultOutput, *,
                         options: QueryOptions | None = None) -> SerializedResult:
        """Like :meth:`query`, but the query worker writes the result itself, in the format that
        ``output.formats`` names for its kind ("select", "ask", "graph" -> a format name of
        :data:`graf.sparql.SELECT_FORMATS` / :data:`graf.sparql.GRAPH_FORMATS`): the bytes are
        forwarded, no term is unpickled or written again here (the HTTP endpoint's path).

        The row cap and its flag stay (``truncated``; JSON/XML results then carry ``output.link``
        in their head); Turtle uses ``output.prefixes``. A kind without a format in ``formats`` gives
        a result with ``body`` None (the caller says which formats it could have had).
        """
        return SerializedResult.from_worker(*self._execute(text, options or QueryOptions(), output))

    async def query_serialized_async(self, text: str, output: ResultOutput, *,
                                     options: QueryOptions | None = None) -> SerializedResult:
        """:meth:`query_serialized` for an asyncio event loop: an idle query worker is awaited on
        the loop (no thread hop, about 0.25 ms a query); otherwise (no worker idle or started yet,
        the store changed) the query runs in a thread like any blocking call."""
        import asyncio  # here, not at the top: only the HTTP server's loop needs it (start-up)

        options = options or QueryOptions()
        pool = self._worker
        if pool is not None and not pool.closed:
            found, request = self._prepare(text, options, output)
            started = time.perf_counter()
            try:
                reply = await pool.run_async(request, options.time_limit_s)
            except StoreError:
                if not pool.closed:
                    raise
                reply = None  # a write stopped the workers: retry below, on the new ones
            except QueryEvaluationError as exc:
                if not _stale_view(exc):
                    raise
                await asyncio.get_running_loop().run_in_executor(None, self._restart_workers, pool)
                reply = None  # retried below, on workers that open the store afresh
            if reply is not None:
                return SerializedResult.from_worker(found.query_form, reply, time.perf_counter() - started, request)
        call = functools.partial(self.query_serialized, text, output, options=options)
        return await asyncio.get_running_loop().run_in_executor(None, call)

    def _run(self, request: Request, time_limit_s: float) -> Reply:
        """One query on a worker of the pool, retried on new workers when a write stopped them, or
        when the workers' read-only view of an on-disk store went stale (:func:`_stale_view`)."""
        for attempt in range(3):
            pool = self._query_worker()
            try:
                return pool.run(request, time_limit_s)
            except StoreError:
                if not pool.closed or attempt == 2:  # retry only when a write stopped the workers
                    raise
            except QueryEvaluationError as exc:
                if not _stale_view(exc) or attempt == 2:
                    raise
                self._restart_workers(pool)
        raise AssertionError("unreachable")

    def _restart_workers(self, pool: WorkerPool) -> None:
        """Stop ``pool`` so that the next query opens the store afresh."""
        with self._write_lock:
            if self._worker is pool:
                pool.stop()
                self._worker = None

    def select(self, text: str, *, default_graphs: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """graf's own SELECTs, evaluated in this process (see :meth:`Store.select`)."""
        if default_graphs:
            graphs = [ox.DefaultGraph() if g == DEFAULT_GRAPH else ox.NamedNode(g) for g in default_graphs]
            options: dict[str, Any] = {"default_graph": graphs}
        else:
            options = {"use_default_graph_as_union": True}
        with self._access.shared():
            try:
                solutions = cast(ox.QuerySolutions, self._store.query(text, **options))  # a SELECT
            except SyntaxError as exc:
                raise query_error(exc) from None
            names = [v.value for v in solutions.variables]
            return [{n: t for n, t in zip(names, row, strict=True) if t is not None} for row in solutions]

    def update(self, text: str, *, allow_service: bool = False, base_iri: str | None = None,
               time_limit_s: float | None = None, tried: bool = False) -> None:
        """Run a SPARQL update in one transaction: a failing update leaves the data unchanged.

        The update never runs in this process first (:mod:`graf.writer`): on disk a writer process
        runs it; in memory it is tried on a forked copy and applied here only if it succeeded there.
        A crash of the engine is :class:`~graf.errors.UpdateCrashed`; after ``time_limit_s``
        (default: the setting's) the update is stopped and nothing changed (QueryTimeout).
        ``tried``: the caller has already run this update, that way, on a copy of every graph it
        reads (:mod:`graf.guard`); in memory it is then applied without a second trial.
        """
        text = inspect_update(text, allow_service=allow_service, max_depth=self.max_query_depth).text
        limit = Settings.query_time_limit_s if time_limit_s is None else time_limit_s
        with self._write_lock, self._access.alone():
            if self._closed:
                raise StoreError("the store is closed; open it again to update it")
            self._changing()
            if self.path is None:
                if not tried:
                    trial_update(self._store, text, base_iri, limit)  # raises what the update raises
                self._store.update(text, base_iri=base_iri)
                return
            self._store = ox.Store()  # let go of the folder: the writer process opens it
            try:
                update_on_disk(str(self.path), text, base_iri, limit)
            finally:
                self._store = _open_on_disk(self.path)

    # -- one graph at a time (graf.guard keeps a copy of the graphs a change touches) -------------------

    def graph_names(self) -> list[str]:
        """The IRIs of the named graphs, sorted (no counting: cheap on any size)."""
        with self._access.shared():
            return sorted(g.value for g in self._store.named_graphs())

    def graph_ntriples(self, graph: str | None) -> bytes:
        """One graph (None: the default graph, not the union) as N-Triples; empty if there is no such graph."""
        name = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
        with self._access.shared():
            if graph is not None and not self._store.contains_named_graph(name):
                return b""
            return cast(bytes, self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name))

    def replace_graph(self, graph: str | None, ntriples: bytes) -> None:
        """Make one graph (None: the default graph) hold exactly the N-Triples ``ntriples``."""
        name = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
        with self._write_lock, self._access.alone():
            self._changing()
            if graph is None or self._store.contains_named_graph(name):
                self._store.clear_graph(name)
            if ntriples:
                self._store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=name)

    def export(self, format: str, graph: str | None = None, *, canonical: bool = True) -> bytes:
        """Serialise; triple formats without ``graph`` get the union of all graphs (deduplicated)."""
        with self._access.shared():
            return self._export(format, graph, canonical)

    def _export(self, format: str, graph: str | None, canonical: bool) -> bytes:
        fmt = EXPORT_FORMATS.get(format)
        if fmt is None:
            raise UnsupportedFormatError(format, EXPORT_FORMATS)
        if graph is not None:
            name = ox.NamedNode(resolve_graph_name(graph))
            if not self._store.contains_named_graph(name):
                raise GrafError(f"no named graph <{name.value}>; see `graf info` for the graphs")
            if not canonical:  # pyoxigraph's own dump: about 10x faster, labels as stored
                return cast(bytes, self._store.dump(format=fmt, from_graph=name) if not fmt.supports_datasets else
                            ox.serialize(self._store.quads_for_pattern(None, None, None, name), format=fmt))
            return serialize_export(self._store.quads_for_pattern(None, None, None, name), fmt)
        return serialize_export(self._store, fmt)

    # -- lifecycle -----------------------------------------------------------------------------------

    def _changing(self) -> None:
        """Stop the query worker before a write: it must not read while we write."""
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
        if self._zygote is not None:  # it holds the data as they were: forked workers would see that
            self._zygote.stop()
            self._zygote = None
        if self._snapshot_dir is not None:
            shutil.rmtree(self._snapshot_dir, ignore_errors=True)
            self._snapshot_dir = None

    @property
    def pool(self) -> WorkerPool | None:
        """The running pool of query workers (None before the first query and after a write)."""
        pool = self._worker
        return pool if pool is not None and not pool.closed else None

    def worker_pids(self) -> list[int]:
        """Process ids of the running query workers and of the zygote they are forked from (what a memory
        benchmark measures); empty before the first query and after a write."""
        pool = self.pool
        pids = [p.pid for p in pool.processes()] if pool is not None else []
        return pids + ([self._zygote.pid] if self._zygote is not None else [])

    @property
    def forks_workers(self) -> bool:
        """True while query workers are forked from a zygote sharing the in-memory data (no
        snapshot on disk; see :meth:`prefork`)."""
        return self._zygote is not None and self._snapshot_dir is None

    def _query_worker(self) -> WorkerPool:
        """The pool of query workers (started after the last write, on its data)."""
        pool = self._worker
        if pool is not None and not pool.closed:
            return pool
        if self._closed:
            raise StoreError("the store is closed; open it again to query it")
        with self._write_lock:
            if self._worker is None:
                if self.path is not None:
                    if not self.read_only:
                        self._store.flush()
                    folder = str(self.path)
                elif self._zygote is not None or self.prefork():
                    assert self._zygote is not None  # prefork() forked it
                    self._worker = WorkerPool("(in memory)", self.workers, spawner=self._zygote.spawn,
                                              short_query_s=self.short_query_s)
                    return self._worker
                else:
                    folder = self._snapshot_dir = _snapshot_folder()
                    # removed by _changing()/close(), or when the store is garbage-collected unclosed; the
                    # folders of processes that were killed are removed by the next one (_snapshot_folder)
                    weakref.finalize(self, shutil.rmtree, folder, True)
                    copy = ox.Store(folder)
                    copy.bulk_extend(self._store)
                    copy.flush()
                    del copy
                    _give_back_freed_memory()  # the bulk loader's buffers, hundreds of MB at 1M triples
                self._worker = WorkerPool(folder, self.workers, short_query_s=self.short_query_s)
            return self._worker

    def prefork(self) -> bool:
        """Let an in-memory store's query workers share its data instead of copying it.

        Forks a "zygote" process (:class:`graf.workers.Zygote`) now, if this process runs a single
        thread (forking is unsafe otherwise): workers are then forked from it and read the data
        copy-on-write, instead of an on-disk snapshot written with a bulk loader that peaks at about
        2.5x the data's memory. Called by ``graf serve`` before the server starts its threads, and
        on the first query when the process is still single-threaded. After a write the zygote
        holds old data and is stopped; the next query forks a new one if it can, or falls back to the
        snapshot. Returns True if a zygote runs. On-disk stores need none (workers open the folder).
        """
        with self._write_lock:
            if self.path is not None or self._closed:
                return False
            if self._zygote is None and single_threaded():
                zygote = self._zygote = Zygote(self._store)
                weakref.finalize(self, zygote.stop)
            return self._zygote is not None

    def close(self) -> None:
        with self._write_lock:
            self._changing()
            self._closed = True
        if self.path is not None and not self.read_only:
            self._store.flush()
        self._store = ox.Store()  # drop the on-disk handle (pyoxigraph closes it when unreferenced)

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _stale_view(exc: QueryEvaluationError) -> bool:
    """True if a worker's read-only view of an on-disk store misses a file RocksDB has since
    compacted away (right after the store was reopened or written): new workers see the new files."""
    return "No such file or directory" in exc.reason and "IO error" in exc.reason


class _SharedLock:
    """Many readers at once, or one writer alone (new readers wait while a writer waits)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writer)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def alone(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writer)
            self._writer = True
            self._cond.wait_for(lambda: self._readers == 0)
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


def _open_on_disk(path: Path) -> ox.Store:
    """The store folder ``path`` opened read-write; a StoreError that says why it cannot be.

    A lock held by a process that is just letting go (a writer process, a killed server) is
    waited for briefly."""
    for attempt in range(20):
        try:
            return ox.Store(str(path))
        except OSError as exc:
            reason = str(exc)
            if "lock" in reason.lower() and attempt < 19:
                time.sleep(0.05)
                continue
            raise StoreError(_open_failure(path, reason)) from None
    raise AssertionError("unreachable")


def _open_failure(path: Path, reason: str) -> str:
    lowered = reason.lower()
    if "permission denied" in lowered or "read-only file system" in lowered or "operation not permitted" in lowered:
        return (f"cannot open the store at {path}: permission denied ({reason}); this user cannot write the "
                "folder or its files: check their owner and permissions, or use another --store")
    if "lock" in lowered:
        return (f"cannot open the store at {path}: another process is using it (a graf serve, load or query "
                f"on the same folder?); stop it, or use another --store ({reason})")
    return f"cannot open the store at {path}: {reason}"


def serialize_export(quads: Iterable[ox.Quad], fmt: ox.RdfFormat) -> bytes:
    """``quads`` in ``fmt``, the same bytes for the same data (:mod:`graf.canonical`); a format
    without graphs gets the union of the graphs, each triple once."""
    prefixes = dict(PREFIXES) if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    if not fmt.supports_datasets:
        quads = (ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads)
    ordered = canonical_quads(quads)
    if fmt.supports_datasets:
        return cast(bytes, ox.serialize(ordered, format=fmt, prefixes=prefixes))
    return cast(bytes, ox.serialize([q.triple for q in ordered], format=fmt, prefixes=prefixes))


_SNAPSHOT_PREFIX = "graf-snapshot-"


def _snapshot_folder() -> str:
    """A new temporary folder for a snapshot of an in-memory store, named after this process; first the
    snapshot folders of processes that no longer run are removed (a process killed before its clean-up
    leaves its snapshot behind, hundreds of MB on a large model)."""
    if Path("/proc/self").exists():  # where running processes can be told (Linux)
        for old in Path(tempfile.gettempdir()).glob(_SNAPSHOT_PREFIX + "*"):
            pid = old.name[len(_SNAPSHOT_PREFIX):].split("-", 1)[0]
            if pid.isdigit() and not Path(f"/proc/{pid}").exists():
                shutil.rmtree(old, ignore_errors=True)
    return tempfile.mkdtemp(prefix=f"{_SNAPSHOT_PREFIX}{os.getpid()}-")


def _give_back_freed_memory() -> None:
    """Return freed heap memory to the system (glibc keeps it otherwise); a no-op elsewhere."""
    # here, not at the top: only a big in-memory snapshot needs them (start-up)
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        ctypes.CDLL(name).malloc_trim(0)
    except (OSError, AttributeError, TypeError):
        pass


def _request(found: Inspection, options: QueryOptions, output: ResultOutput | None) -> Request:
    """The worker request for the query the guard read as ``found``, run with ``options``."""
    return Request(found.text, max_rows=options.max_rows, default_graphs=options.default_graphs or (),
                   named_graphs=options.named_graphs, prefixes=found.prefixes(options.prefixes),
                   base_iri=options.base_iri, union=not found.dataset, output=output,
                   bindings=dict(options.bindings or {}))


def open_store(settings: Settings | None = None, *, load_data: bool = True) -> Store:
    """Open the store of ``settings`` and, if it is empty, load the ontology and the data.

    On disk (``store_dir``) an existing store is reopened as is (no reload, about 15 ms); in memory,
    or for a new folder, the ontology and ``settings.data`` (default: the bundled
    ``data/copenhagen-2010``) are loaded. With ``sparql_endpoint`` the store is that SPARQL server.

    Parameters
    ----------
    settings : Settings, optional
        Where the data set is and what to load (``Settings(data=(Path("model.xlsx"),))``,
        ``Settings(store_dir=Path("store"))`` ...); default: :meth:`Settings.from_env` (``GRAF_*``).
    load_data : bool
        False: open the store without loading anything into an empty one.

    Returns
    -------
    Store
        An :class:`EmbeddedStore` (in memory or on disk) or a :class:`graf.remote.RemoteStore`;
        close it with ``store.close()``.

    Raises
    ------
    graf.errors.LoadError
        A data file that does not parse (the message names the file, line and column) or is missing.
    graf.errors.StoreError
        The folder cannot be opened (locked by another process, not a graf store), or ``data`` was
        given for a store that already holds a data set.
    graf.errors.RemoteStoreError
        The SPARQL server cannot be reached or answers with an error.
    """
    settings = settings or Settings.from_env()
    if settings.sparql_endpoint:
        return _open_remote(settings, load_data)
    created = settings.store_dir is not None and not (
        settings.store_dir.is_dir() and any(settings.store_dir.iterdir())
    )
    store = EmbeddedStore(settings.store_dir, workers=settings.workers, short_query_s=settings.short_query_s,
                          max_query_depth=settings.max_query_depth)
    try:
        if load_data:
            _fill(store, settings, created)
    except BaseException:
        store.close()
        if created and settings.store_dir is not None:
            shutil.rmtree(settings.store_dir, ignore_errors=True)  # leave no half-built store behind
        raise
    return store


def _fill(store: EmbeddedStore, settings: Settings, created: bool) -> None:
    """Load the ontology and the data (``settings.data``, else the bundled data set) into ``store`` if it is
    empty; refuse ``settings.data`` for a store that already holds a data set."""
    if settings.data and not created and not store.is_empty():
        raise StoreError(
            f"the store at {settings.store_dir} already holds a data set, and --data (or GRAF_DATA) is only "
            f"read into an empty store; add files with `graf --store {settings.store_dir} load FILE`, or "
            "use a new folder")
    if store.is_empty():
        data = list(settings.data)
        if not data:
            default = resources.default_data_dir()
            if not default.is_dir() or not any(default.iterdir()):
                raise LoadError(
                    default, "the default data set is missing; give a file or folder with --data "
                    "(or GRAF_DATA)"
                )
            data = [default]
        store.load_ontology()
        with rdf_paths(data, settings.base_iri) as paths:
            store.load(paths)


def _open_remote(settings: Settings, load_data: bool) -> Store:
    """A :class:`graf.remote.RemoteStore` on ``settings.sparql_endpoint``; an empty one gets the data."""
    # here, not at the top: loads httpx, rdflib (start-up)
    from graf.remote import RemoteStore

    store = RemoteStore(str(settings.sparql_endpoint), settings.update_endpoint, update_auth=settings.update_auth,
                        probe_timeout_s=settings.query_time_limit_s, max_query_depth=settings.max_query_depth)
    try:
        if load_data and store.is_empty():
            if not store.update_endpoint:
                raise StoreError(f"the SPARQL endpoint {store.query_endpoint} holds no data; give "
                                 "--update-endpoint so graf can load the ontology and the data, or load them "
                                 "into the server yourself")
            with rdf_paths(list(settings.data) or [resources.default_data_dir()], settings.base_iri) as paths:
                store.load_dataset(paths)
    except BaseException:
        store.close()
        raise
    return store
