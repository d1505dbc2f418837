"""The :class:`~graf.store.Store` protocol over an external SPARQL 1.1 server (httpx).

For users who outgrow one machine: Oxigraph server, Virtuoso, Apache Jena Fuseki, GraphDB
(``docs/remote-stores.md`` says how to run each next to graf). Opening probes the query endpoint
once (``ASK {}``) and picks the server's :class:`~graf.remote_engines.Engine` from its ``Server``
header; what differs between servers lives there. graf sends:

* queries as SPARQL 1.1 Protocol POSTs (form-encoded: ``query``, ``default-graph-uri``,
  ``named-graph-uri``), after the same refusal checks as the embedded store (no update, no
  ``SERVICE`` unless allowed). Without a dataset graf means "the union of all graphs" (how each
  engine is asked for it: see the engines);
* the time limit as the client's deadline (then :class:`~graf.errors.QueryTimeout`) and as a hint
  to the server (``timeout``);
* the row cap by streaming: results are parsed by Oxigraph's parsers as they arrive
  (``pyoxigraph.parse_query_results`` for SELECT/ASK, ``pyoxigraph.parse`` for graphs), reading
  stops after ``max_rows`` (the result is flagged truncated) and the connection is closed, so a
  huge result never fills graf's memory. The terms are the pyoxigraph terms the embedded store
  returns, so :class:`~graf.sparql.QueryResult` has one shape;
* loads: every file is parsed locally first (a syntax error names file, line, column and nothing
  is sent), the update endpoint is checked (reachable, credentials accepted), then the statements
  go by the engine's way (Oxigraph: one N-Quads POST to ``/store``; Virtuoso: one Graph Store POST
  per graph; others: ``INSERT DATA`` in chunks);
* updates to ``update_endpoint`` (none given: updates and loads are refused with a message), with
  the credentials of the URL or of ``update_auth`` (Digest or Basic, as the server asks).

Failures of the server (unreachable, not a SPARQL endpoint, credentials missing or refused, an
error answer) are :class:`~graf.errors.RemoteStoreError` naming the URL and the cause.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, cast
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from graf import iris, resources
from graf import remote_http as http
from graf.errors import (
    GrafError,
    LoadError,
    QueryError,
    QueryTimeout,
    RemoteStoreError,
    UnsupportedFormatError,
    UpdateRefused,
)
from graf.remote_engines import Engine, detect
from graf.remote_http import FORM, JSON, N_TRIPLES, TSV, XML, Body, Endpoint, endpoint
from graf.sparql import QueryResult, SerializedResult, undeclared_prefix
from graf.sparql_guard import DEFAULT_MAX_QUERY_DEPTH, bind_values, inspect_query, inspect_update
from graf.store import (
    DEFAULT_GRAPH,
    EMPTY_GRAPH,
    EXPORT_FORMATS,
    GraphInfo,
    LoadReport,
    QueryOptions,
    ResultOutput,
    expand_paths,
    parse_file,
    resolve_graph_name,
    serialize_export,
    with_empty_files,
)

#: statements per INSERT DATA request, and per Graph Store POST (servers without a dataset endpoint)
INSERT_CHUNK = 50_000
#: seconds to wait for a connection
CONNECT_TIMEOUT_S = 5.0
#: seconds one write request (a load's chunk, an update) may take
WRITE_TIMEOUT_S = 600.0

_RESULTS = {JSON: ox.QueryResultsFormat.JSON, "application/json": ox.QueryResultsFormat.JSON,
            XML: ox.QueryResultsFormat.XML, TSV: ox.QueryResultsFormat.TSV}
_GRAPHS = {N_TRIPLES: ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
           "application/n-quads": ox.RdfFormat.N_QUADS, "text/turtle": ox.RdfFormat.TURTLE,
           "application/rdf+xml": ox.RdfFormat.RDF_XML}
_NO_LIMIT = 1 << 62


class RemoteStore:
    """A SPARQL 1.1 server as graf's store.

    Parameters
    ----------
    query_endpoint
        URL of the query endpoint (credentials may be given as its userinfo).
    update_endpoint
        URL of the update endpoint; without it the store is read-only.
    update_auth
        ``USER:PASSWORD`` for the update endpoint (else its URL's userinfo, if any).
    probe_timeout_s
        how long opening waits for the server to answer ``ASK {}`` (and a load for the update endpoint
        to accept an update that changes nothing, before anything is sent).

    Raises
    ------
    RemoteStoreError
        the server cannot be reached, does not answer in time, or is not a SPARQL endpoint.
    """

    #: the server plans its own queries (see :meth:`graf.store.Store.prefers_scans`)
    prefers_scans = False

    def __init__(self, query_endpoint: str, update_endpoint: str | None = None, *, update_auth: str | None = None,
                 probe_timeout_s: float = 10.0, client: httpx.Client | None = None,
                 max_query_depth: int = DEFAULT_MAX_QUERY_DEPTH):
        self.max_query_depth = max_query_depth  # deeper brackets are refused unparsed (graf.sparql_guard)
        self._query = endpoint(query_endpoint, "--sparql-endpoint")
        self._update = endpoint(update_endpoint, "--update-endpoint", update_auth) if update_endpoint else None
        self.query_endpoint = self._query.url
        self.update_endpoint = self._update.url if self._update else None
        self._client = client or httpx.Client(timeout=httpx.Timeout(60.0, connect=CONNECT_TIMEOUT_S),
                                              follow_redirects=True)
        self._update_checked = False
        self._probe_timeout_s = probe_timeout_s
        try:
            self.engine: Engine = self._probe(probe_timeout_s)
            self.engine.setup(lambda text: self._select(text, time_limit_s=max(probe_timeout_s, 5.0)), self._query)
        except BaseException:
            self.close()
            raise

    # -- talking to the server ---------------------------------------------------------------------------

    def _probe(self, timeout_s: float) -> Engine:
        url = self.query_endpoint
        try:
            response = self._post(self._query, content=urlencode({"query": "ASK {}"}).encode("ascii"),
                                  headers={"Accept": f"{JSON}, {XML};q=0.9", "Content-Type": FORM}, timeout=timeout_s)
        except httpx.TimeoutException:
            raise RemoteStoreError(url, f"the SPARQL endpoint {url} does not answer (no reply to ASK {{}} within "
                                        f"{timeout_s:g} s); check the URL and that the server runs") from None
        engine = detect(response.headers.get("server", ""))
        kind = http.media_type(response)
        if response.status_code == 401:
            raise RemoteStoreError(url, f"the SPARQL endpoint {url} requires authentication (HTTP 401, "
                                        f"{http.challenge(response)}); give the credentials in the URL, "
                                        "http://USER:PASSWORD@host/...")
        answer = None
        if response.status_code == 200 and kind in _RESULTS:
            try:
                answer = _boolean(ox.parse_query_results(response.content, _RESULTS[kind]))
            except (SyntaxError, ValueError):
                answer = None
        if answer is None:
            raise RemoteStoreError(url, f"{url} answered but is not a SPARQL endpoint (HTTP {response.status_code}, "
                                        f"{kind or 'no content type'}, to the query ASK {{}}); give the URL of the "
                                        "query endpoint, e.g. http://127.0.0.1:7878/query for Oxigraph server or "
                                        "http://127.0.0.1:8890/sparql for Virtuoso")
        return engine

    def _post(self, target: Endpoint, *, content: bytes, headers: dict[str, str], timeout: float,
              stream: bool = False, params: Mapping[str, str] | None = None) -> httpx.Response:
        """POST to an endpoint with its credentials; a transport failure is a RemoteStoreError."""
        try:
            request = self._client.build_request("POST", target.url, content=content, headers=headers, params=params,
                                                 timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT_S))
            return self._client.send(request, stream=stream, auth=target.auth or httpx.USE_CLIENT_DEFAULT)
        except httpx.TimeoutException:
            raise
        except httpx.HTTPError as exc:
            raise RemoteStoreError(target.url, f"cannot reach the SPARQL endpoint {target.url}: {_reason(exc)}; "
                                               "check the URL and that the server runs") from None

    def _refused(self, target: Endpoint, response: httpx.Response) -> RemoteStoreError:
        """The error for a 401/403 answer: credentials missing, or refused."""
        url = target.url
        if target.auth is None:
            return RemoteStoreError(url, f"the SPARQL server at {url} requires authentication (HTTP "
                                         f"{response.status_code}, {http.challenge(response)}); give --update-auth "
                                         "USER:PASSWORD (env GRAF_UPDATE_AUTH) or put them in the URL")
        return RemoteStoreError(url, f"the SPARQL server at {url} refused the credentials given (HTTP "
                                     f"{response.status_code}, {http.challenge(response)}); check --update-auth "
                                     "(env GRAF_UPDATE_AUTH) and the user's rights on the server")

    # -- queries -------------------------------------------------------------------------------------------

    def query(self, text: str, *, options: QueryOptions | None = None) -> QueryResult:
        options = options or QueryOptions()
        found = inspect_query(text, allow_service=options.allow_service, prefixes=options.prefixes or (),
                              max_depth=self.max_query_depth)
        form = found.query_form
        body = found.text
        if options.bindings:  # the SPARQL 1.1 Protocol cannot send them beside the query: a VALUES block
            body = bind_values(body, options.bindings)
        # the prologue goes on the query's first line, so error positions keep their line numbers
        prologue = "".join(f"PREFIX {p}: <{iri}> " for p, iri in found.prefixes(options.prefixes).items())
        if options.base_iri:
            prologue = f"BASE <{options.base_iri}> " + prologue
        try:
            return self._run(prologue + body, form, options.time_limit_s, options.max_rows,
                             options.default_graphs, options.named_graphs, everything=not found.dataset)
        except QueryError as exc:
            undeclared = undeclared_prefix(text, options.prefixes)
            if undeclared is not None:
                raise undeclared from None
            if exc.line == 1 and exc.column is not None and prologue:
                raise QueryError(exc.reason, 1, max(1, exc.column - len(prologue))) from None
            raise

    def query_serialized(self, text: str, output: ResultOutput, *,
                         options: QueryOptions | None = None) -> SerializedResult:
        """:meth:`query`, the result written here (the server's bytes are not forwarded: graf parses them
        to apply the row cap and Virtuoso's fixes)."""
        return SerializedResult.from_result(self.query(text, options=options), output)

    async def query_serialized_async(self, text: str, output: ResultOutput, *,
                                     options: QueryOptions | None = None) -> SerializedResult:
        """:meth:`query_serialized` in a thread (httpx's client here is synchronous)."""
        import asyncio  # here: only the HTTP server's event loop calls this (start-up)

        call = functools.partial(self.query_serialized, text, output, options=options)
        return await asyncio.get_running_loop().run_in_executor(None, call)

    def prefork(self) -> bool:
        """Nothing to prepare: queries go to the server."""
        return False

    def select(self, text: str, *, default_graphs: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """graf's own SELECTs (see :meth:`graf.store.Store.select`): generous limits, the whole result
        (a server that cuts it at its own row cap is an error naming its setting)."""
        return self._select(text, default_graphs=default_graphs)

    def _select(self, text: str, *, default_graphs: Sequence[str] | None = None, time_limit_s: float = 600.0,
                everything: bool = True) -> list[dict[str, Any]]:
        return self._run(text, "SELECT", time_limit_s, _NO_LIMIT, default_graphs, None, everything=everything,
                         complete=True).records()

    def _run(self, text: str, form: str | None, time_limit_s: float, max_rows: int,
             default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None, *,
             everything: bool = True, complete: bool = False) -> QueryResult:
        """Send one query and read its result as it arrives.

        ``everything``: without a dataset, the default graph is the union of all graphs (graf's
        meaning) rather than the server's own default graph. ``complete``: a result the server cut at
        its row cap is an error rather than a truncated result.
        """
        started = time.perf_counter()
        data: list[tuple[str, str]] = [("query", text)]
        if default_graphs and DEFAULT_GRAPH in default_graphs:
            # the protocol cannot name the server's default graph beside named graphs: use the union
            default_graphs, everything = None, True
        if default_graphs:
            data += [("default-graph-uri", g) for g in default_graphs]
        elif named_graphs is not None:  # only named graphs given: the default graph is empty (as embedded)
            data.append(("default-graph-uri", EMPTY_GRAPH))
        elif everything and self.engine.union_parameter:
            data.append(("union-default-graph", ""))
        data += [("named-graph-uri", g) for g in named_graphs or ()]
        data += self.engine.parameters(time_limit_s)
        accept = {"ASK": f"{JSON}, {XML};q=0.9", "CONSTRUCT": N_TRIPLES, "DESCRIBE": N_TRIPLES}.get(
            form or "", self.engine.select_accept)
        deadline = time.monotonic() + time_limit_s
        url = self.query_endpoint
        try:
            response = self._post(self._query, content=urlencode(data).encode("ascii"),
                                  headers={"Accept": accept, "Content-Type": FORM}, timeout=time_limit_s, stream=True)
            try:
                result = self._read(response, form, max_rows, deadline, time_limit_s, complete)
            finally:
                response.close()
        except httpx.TimeoutException:
            raise QueryTimeout(time_limit_s, server=url) from None
        except httpx.HTTPError as exc:
            raise RemoteStoreError(url, f"the SPARQL server at {url} failed while answering: {_reason(exc)}") from None
        result.elapsed_s = time.perf_counter() - started
        return result

    def _read(self, response: httpx.Response, form: str | None, max_rows: int, deadline: float, limit_s: float,
              complete: bool) -> QueryResult:
        url = self.query_endpoint
        if response.status_code != 200:
            response.read()
            raise self._query_failed(response, limit_s)
        self.engine.check(response, limit_s, url)
        kind = http.media_type(response)
        # a binary file that Oxigraph's parsers read (io.RawIOBase, which typing does not count as an IO[bytes])
        body = cast(IO[bytes], Body(response, deadline, limit_s, url, self.engine.rewrites.get(kind)))
        try:
            if kind in _RESULTS:
                result = _solutions(ox.parse_query_results(body, _RESULTS[kind]), form, max_rows)
            elif kind in _GRAPHS:
                result = _triples(ox.parse(body, _GRAPHS[kind]), form, max_rows)
            else:
                raise RemoteStoreError(url, f"the SPARQL server at {url} answered with {kind or 'no content type'}, "
                                            "which graf cannot read; it must give SPARQL results in JSON, XML or "
                                            "TSV and graphs in N-Triples or Turtle")
        except SyntaxError as exc:
            raise RemoteStoreError(url, f"the SPARQL server at {url} sent {kind} that does not parse: "
                                        f"{http.message_of(str(exc), 200)}") from None
        count = len(result.rows) if result.form == "SELECT" else len(result.triples)
        if not result.truncated and result.form != "ASK" and self.engine.capped(response, count):
            if complete:
                raise RemoteStoreError(url, f"the {self.engine.name} at {url} cut a result graf needs whole at "
                                            f"{count:,} rows, its own limit (Virtuoso: ResultSetMaxRows in the "
                                            "[SPARQL] section of virtuoso.ini); raise that limit")
            result.truncated = True
        return result

    def _query_failed(self, response: httpx.Response, limit_s: float) -> GrafError:
        status, url = response.status_code, self.query_endpoint
        message = http.message_of(response.text)
        if status in (401, 403):
            return self._refused(self._query, response)
        if status == 400:
            return self.engine.query_error(message)
        if status in (408, 503, 504) and "timeout" in message.lower():
            return QueryTimeout(limit_s, server=url)
        return RemoteStoreError(url, f"the SPARQL server at {url} answered HTTP {status}: {message}")

    # -- updates ---------------------------------------------------------------------------------------------

    def update(self, text: str, *, allow_service: bool = False, base_iri: str | None = None,
               time_limit_s: float | None = None) -> None:
        """Send the update to the update endpoint. ``time_limit_s`` is not applied: the server may still be
        applying an update graf stopped waiting for, and would then report a success as a failure; the
        server's own limits apply (graf waits up to WRITE_TIMEOUT_S)."""
        text = inspect_update(text, allow_service=allow_service, max_depth=self.max_query_depth).text
        if base_iri:
            text = f"BASE <{base_iri}>\n{text}"
        self._update_request(text)

    def _update_request(self, text: str, timeout: float = WRITE_TIMEOUT_S) -> None:
        target = self._need_update_endpoint()
        try:
            response = self._post(target, content=urlencode({"update": text}).encode("utf-8"),
                                  headers={"Content-Type": FORM}, timeout=timeout)
        except httpx.TimeoutException:
            raise RemoteStoreError(target.url, f"the SPARQL update endpoint {target.url} did not answer within "
                                               f"{timeout:g} s") from None
        if response.status_code in (200, 204):
            return
        message = http.message_of(response.text)
        if response.status_code in (401, 403):
            raise self._refused(target, response)
        if response.status_code == 400 and self.engine.query_error(message).line is not None:
            raise self.engine.query_error(message)
        if response.status_code in (400, 500):
            kept = (" (Virtuoso runs each operation of an update on its own: the operations before the failing "
                    "one were kept)" if self.engine.name == "Virtuoso" else " and changed nothing")
            raise GrafError(f"the update failed{kept}: {message}")
        raise RemoteStoreError(target.url, f"the SPARQL update endpoint {target.url} answered HTTP "
                                           f"{response.status_code}: {message}")

    def _need_update_endpoint(self) -> Endpoint:
        if self._update is None:
            raise UpdateRefused("this remote store is read-only: give --update-endpoint URL (env "
                                "GRAF_UPDATE_ENDPOINT) to load or update data")
        return self._update

    def check_update_endpoint(self) -> None:
        """Make sure writes can go through (reachable, an update endpoint, credentials accepted) with an
        update that changes nothing, before a load sends anything."""
        if self._update_checked:
            return
        target = self._need_update_endpoint()
        try:
            self._update_request("INSERT DATA { }", timeout=self._probe_timeout_s)
        except GrafError as exc:
            if isinstance(exc, RemoteStoreError):
                raise
            raise RemoteStoreError(target.url, f"{target.url} is not a SPARQL update endpoint that graf can use: "
                                               f"{exc}") from None
        self._update_checked = True

    # -- loading -----------------------------------------------------------------------------------------------

    def load(self, paths: Iterable[str | Path], graph: str | None = None) -> LoadReport:
        """Parse every file locally (nothing is sent if one fails), check the update endpoint, then send."""
        started = time.perf_counter()
        self._need_update_endpoint()
        files = expand_paths(paths)
        quads = self._parse([(path, graph) for path in files])
        if quads:
            self._send(quads)
        return with_empty_files(LoadReport(tuple(str(f) for f in files), len(quads), time.perf_counter() - started),
                                files)

    def load_ontology(self, folder: Path | None = None) -> LoadReport:
        return self.load(_ontology_files(folder), graph=iris.ONTOLOGY_GRAPH)

    def load_dataset(self, paths: Iterable[str | Path], ontology: Path | None = None) -> LoadReport:
        """The ontology (into its graph) and the data files, parsed first and sent as one load."""
        started = time.perf_counter()
        self._need_update_endpoint()
        files = expand_paths(paths)
        quads = self._parse([(p, iris.ONTOLOGY_GRAPH) for p in _ontology_files(ontology)] + [(p, None) for p in files])
        if quads:
            self._send(quads)
        return LoadReport(tuple(str(f) for f in files), len(quads), time.perf_counter() - started)

    def _parse(self, items: list[tuple[Path, str | None]]) -> list[ox.Quad]:
        quads: list[ox.Quad] = []
        outside: list[Path] = []  # files with statements in no named graph
        for path, graph in items:
            parsed = parse_file(path, graph)
            if any(isinstance(q.graph_name, ox.DefaultGraph) for q in parsed):
                outside.append(path)
            quads.extend(parsed)
        if outside and not self.engine.own_default_graph:
            raise LoadError(outside[0], f"{self.engine.name} keeps every statement in a named graph, and this file "
                                        "has statements outside any; load it with --graph IRI")
        return quads

    def _send(self, quads: list[ox.Quad]) -> None:
        self.check_update_endpoint()
        update = self._need_update_endpoint()
        store = self.engine.graph_store(update)
        if store is not None and self.engine.load_method == "dataset":
            self._write(store, cast(bytes, ox.serialize(quads, format=ox.RdfFormat.N_QUADS)), "application/n-quads")
            return
        by_graph: dict[str, list[ox.Quad]] = {}
        for quad in quads:
            by_graph.setdefault(str(quad.graph_name), []).append(quad)
        parts = _parts(by_graph)
        named = [g[1:-1] for g in by_graph if g.startswith("<")]
        existing = self._existing_graphs(named)
        sent = 0
        try:
            for part in parts:
                if store is not None:
                    name = part[0].graph_name
                    assert isinstance(name, ox.NamedNode)  # engines that load graph by graph keep no default graph
                    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in part]
                    self._write(store, cast(bytes, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)), N_TRIPLES,
                                params={"graph": name.value})
                else:
                    self._update_request("INSERT DATA {\n" + _insert_body(part) + "}")
                sent += len(part)
        except GrafError as exc:
            raise self._undo(exc, sent, len(quads), [g for g in named if g not in existing], existing) from None

    def _write(self, target: Endpoint, body: bytes, content_type: str, params: Mapping[str, str] | None = None) -> None:
        try:
            response = self._post(target, content=body, headers={"Content-Type": content_type},
                                  timeout=WRITE_TIMEOUT_S, params=params)
        except httpx.TimeoutException:
            raise RemoteStoreError(target.url, f"{target.url} did not accept the data within "
                                               f"{WRITE_TIMEOUT_S:g} s") from None
        if response.status_code in (401, 403):
            raise self._refused(target, response)
        if response.status_code not in (200, 201, 204):
            raise RemoteStoreError(target.url, f"{target.url} refused the data (HTTP {response.status_code}): "
                                               f"{http.message_of(response.text)}")

    def _existing_graphs(self, names: list[str]) -> set[str]:
        """Which of ``names`` already hold statements (so a failed load knows what it may remove)."""
        if not names:
            return set()
        values = " ".join(f"<{n}>" for n in names)
        text = f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }} FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}"
        rows = self._select(text, everything=False)
        return {r["g"].value for r in rows if "g" in r}

    def _undo(self, exc: GrafError, sent: int, total: int, created: list[str], existing: set[str]) -> GrafError:
        """After a load failed midway: remove the graphs it created; say what could not be undone."""
        url = self.update_endpoint or ""
        if sent == 0:
            return exc
        undone = ""
        if created:
            try:
                self._update_request(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in created))
                undone = f"; the {len(created)} graph(s) it had created were removed again"
            except GrafError as again:
                undone = f"; removing the graphs it created failed too ({again})"
        kept = f"; graphs that existed before keep what was added to them ({', '.join(sorted(existing))})" \
            if existing else ""
        return RemoteStoreError(url, f"loading stopped after {sent:,} of {total:,} statements: {exc}{undone}{kept}")

    # -- reading -------------------------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return not self._run(f"ASK {{ {self._everywhere()} }}", "ASK", 60, 1, None, None, everything=False).boolean

    def _everywhere(self) -> str:
        """A pattern matching every statement of the data set once per graph it is in (``?g`` unbound for the
        default graph), the server's own graphs left out."""
        named = f"GRAPH ?g {{ ?s ?p ?o }} {self.engine.without_own_graphs('g')}"
        return f"{{ ?s ?p ?o }} UNION {{ {named} }}" if self.engine.own_default_graph else named

    def graphs(self) -> list[GraphInfo]:
        default = 0
        if self.engine.own_default_graph:
            total = self._select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", time_limit_s=120, everything=False)
            default = int(total[0]["n"].value) if total and "n" in total[0] else 0
        counts = f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self.engine.without_own_graphs('g')} }}"
        named = self._select(counts + " GROUP BY ?g", time_limit_s=120, everything=False)
        rows = sorted((r["g"].value, int(r["n"].value)) for r in named if "g" in r)
        if self.engine.keeps_empty_graphs:
            counted = {name for name, _n in rows}
            try:  # empty named graphs (servers that keep them, like Oxigraph, list them here)
                every = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", time_limit_s=60, everything=False)
                rows += sorted((r["g"].value, 0) for r in every if "g" in r and r["g"].value not in counted)
            except QueryError:
                pass
        return [GraphInfo(None, default)] + [GraphInfo(name, n) for name, n in rows]

    def export(self, format: str, graph: str | None = None, *, canonical: bool = True) -> bytes:
        """Serialise; triple formats without ``graph`` get the union of all graphs (deduplicated); always in
        graf's canonical order (the statements come over HTTP anyway)."""
        fmt = EXPORT_FORMATS.get(format)
        if fmt is None:
            raise UnsupportedFormatError(format, EXPORT_FORMATS)
        if graph is not None:
            name = resolve_graph_name(graph)
            if not any(g.name == name for g in self.graphs()):
                raise GrafError(f"no named graph <{name}>; see `graf info` for the graphs")
            rows = self._select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}", time_limit_s=3600,
                                everything=False)
            return serialize_export((ox.Quad(r["s"], r["p"], r["o"], ox.NamedNode(name)) for r in rows), fmt)
        rows = self._select(f"SELECT ?s ?p ?o ?g WHERE {{ {self._everywhere()} }}", time_limit_s=3600,
                            everything=False)
        return serialize_export((ox.Quad(r["s"], r["p"], r["o"], r.get("g", ox.DefaultGraph())) for r in rows), fmt)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- helpers -------------------------------------------------------------------------------------------


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectError):
        return f"connection failed ({text})"
    return text


def _boolean(parsed: Any) -> bool | None:
    """An ASK answer: a boolean, or (Virtuoso 7) a SELECT of one ``__ASK_RETVAL`` row, or none."""
    if isinstance(parsed, ox.QueryBoolean):
        return bool(parsed)
    rows = [tuple(s) for s in parsed]
    if [v.value for v in parsed.variables] != ["__ASK_RETVAL"]:
        return None
    return bool(rows) and rows[0][0] is not None and rows[0][0].value not in ("0", "false")


def _solutions(parsed: Any, form: str | None, max_rows: int) -> QueryResult:
    if isinstance(parsed, ox.QueryBoolean):
        return QueryResult("ASK", boolean=bool(parsed))
    if form == "ASK":
        return QueryResult("ASK", boolean=bool(_boolean(parsed)))
    rows: list[tuple[Any, ...]] = []
    truncated = False
    for solution in parsed:
        if len(rows) >= max_rows:
            truncated = True
            break
        rows.append(tuple(solution))
    return QueryResult("SELECT", variables=[v.value for v in parsed.variables], rows=rows, truncated=truncated)


def _triples(parsed: Iterable[Any], form: str | None, max_rows: int) -> QueryResult:
    triples: list[ox.Triple] = []
    truncated = False
    for quad in parsed:
        if len(triples) >= max_rows:
            truncated = True
            break
        triples.append(ox.Triple(quad.subject, quad.predicate, quad.object))
    return QueryResult(form if form in ("CONSTRUCT", "DESCRIBE") else "CONSTRUCT", triples=triples,
                       truncated=truncated)


def _ontology_files(folder: Path | None) -> list[Path]:
    folder = folder or resources.ontology_dir()
    return sorted(p for p in folder.glob("*.ttl") if not p.name.startswith("shapes"))


def _parts(by_graph: dict[str, list[ox.Quad]]) -> list[list[ox.Quad]]:
    """Each graph's statements in parts (requests) of at most INSERT_CHUNK, those with blank nodes in its
    first part: a blank node is one node only within one request, so one used in two graphs is refused."""
    parts: list[list[ox.Quad]] = []
    seen: dict[ox.BlankNode, str] = {}
    for graph, quads in by_graph.items():
        blank = [q for q in quads if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)]
        for q in blank:
            for term in (q.subject, q.object):
                if isinstance(term, ox.BlankNode) and seen.setdefault(term, graph) != graph:
                    raise GrafError(f"the blank node {term} is used in two graphs ({seen[term]} and {graph}); a "
                                    "remote store gets each graph on its own, where it would become two nodes: "
                                    "give it an IRI")
        ordered = blank + [q for q in quads if not (isinstance(q.subject, ox.BlankNode)
                                                    or isinstance(q.object, ox.BlankNode))]
        first = max(INSERT_CHUNK, len(blank))
        parts.append(ordered[:first])
        parts += [ordered[i:i + INSERT_CHUNK] for i in range(first, len(ordered), INSERT_CHUNK)]
    return parts


def _insert_body(quads: list[ox.Quad]) -> str:
    default: list[str] = []
    named: dict[str, list[str]] = {}
    for q in quads:
        line = f"{q.subject} {q.predicate} {q.object} .\n"
        if isinstance(q.graph_name, ox.DefaultGraph):
            default.append(line)
        else:
            named.setdefault(str(q.graph_name), []).append(line)
    parts = ["".join(default)]
    parts += [f"GRAPH {g} {{\n{''.join(lines)}}}\n" for g, lines in named.items()]
    return "".join(parts)
