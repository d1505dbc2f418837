"""The :class:`~graf.store.Store` protocol over an external SPARQL 1.1 server (httpx).

For users who outgrow one machine: Oxigraph server, Apache Jena Fuseki, GraphDB, Virtuoso
(``docs/remote-stores.md`` says how to start each next to graf). graf sends:

* queries as SPARQL 1.1 Protocol POSTs (form-encoded: ``query``, ``default-graph-uri``,
  ``named-graph-uri``), after the same refusal checks as the embedded store (no update, no
  ``SERVICE`` unless allowed). Without ``default_graphs`` graf means "the union of all graphs":
  Oxigraph is asked for it per query (``union-default-graph``); GraphDB and Virtuoso use the union
  as their default graph already; Fuseki needs ``tdb2:unionDefaultGraph true`` in its config.
* the time limit as the client's read deadline (then :class:`~graf.errors.QueryTimeout`) and as a
  hint to the server (``timeout`` in seconds, read by Fuseki and GraphDB);
* the row cap by streaming: SELECT results come as TSV and graph results as N-Triples, read line by
  line; reading stops after ``max_rows`` (the result is flagged truncated) and the connection is
  closed. Terms are parsed by Oxigraph's Turtle parser into the same pyoxigraph terms the embedded
  store returns, so :class:`~graf.sparql.QueryResult` has one shape.
* loads: every file is parsed locally first (a syntax error names file, line, column and nothing
  is sent); then Oxigraph gets one N-Quads POST to its ``/store`` (Graph Store Protocol extended to
  datasets), other servers ``INSERT DATA`` in chunks.
* updates to ``update_endpoint`` (none given: updates and loads are refused with a message).

Opening probes the endpoint once (``ASK {}``): a URL that does not answer, or that answers but is
not a SPARQL endpoint, is a :class:`~graf.errors.StoreError` naming which.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from graf import resources
from graf._worker import Reply, Request
from graf.errors import GrafError, QueryError, QueryTimeout, StoreError, UnsupportedFormatError, UpdateRefused
from graf.namespaces import ONTOLOGY_GRAPH
from graf.sparql import undeclared_prefix
from graf.sparql_guard import DEFAULT_MAX_QUERY_DEPTH, inspect_query, inspect_update
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
    serialize_export,
    with_empty_files,
)

if TYPE_CHECKING:
    from graf.sparql import QueryResult, SerializedResult

#: statements per INSERT DATA request (servers without a dataset Graph Store endpoint)
INSERT_CHUNK = 50_000
#: seconds to wait for a connection and for the probe at opening
CONNECT_TIMEOUT_S = 5.0

_TSV = "text/tab-separated-values"
_NT = "application/n-triples"
_JSON = "application/sparql-results+json"
_FORM = "application/x-www-form-urlencoded"
_POSITION = re.compile(r"error at (\d+):(\d+):\s*")
_ROW_CHUNK = 5000


def _term_text(term: Any) -> str:
    """A term in N-Triples/Turtle syntax (for INSERT DATA and for re-parsing)."""
    if isinstance(term, ox.DefaultGraph):
        return ""
    return str(term)


class RemoteStore:
    """A SPARQL 1.1 server as graf's store.

    ``query_endpoint`` answers queries; ``update_endpoint`` (optional) takes updates and loads.
    ``union_default_graph``: ``None`` detects Oxigraph (asked per query for the union) from the
    ``Server`` header of the probe; ``True``/``False`` force it.
    """

    def __init__(self, query_endpoint: str, update_endpoint: str | None = None, *,
                 union_default_graph: bool | None = None, client: httpx.Client | None = None,
                 max_query_depth: int = DEFAULT_MAX_QUERY_DEPTH):
        self.max_query_depth = max_query_depth  # deeper brackets are refused unparsed (graf.sparql_guard)
        self.query_endpoint = _check_url(query_endpoint, "--sparql-endpoint")
        self.update_endpoint = _check_url(update_endpoint, "--update-endpoint") if update_endpoint else None
        self._client = client or httpx.Client(timeout=httpx.Timeout(60.0, connect=CONNECT_TIMEOUT_S),
                                              follow_redirects=True)
        self.server = ""
        self._probe()
        self.is_oxigraph = self.server.lower().startswith("oxigraph")
        self.union_default_graph = self.is_oxigraph if union_default_graph is None else union_default_graph

    # -- protocol ------------------------------------------------------------------------------------

    def _probe(self) -> None:
        url = self.query_endpoint
        try:
            response = self._client.post(url, data={"query": "ASK {}"}, headers={"Accept": _JSON},
                                         timeout=CONNECT_TIMEOUT_S * 2)
        except httpx.TimeoutException:
            self.close()
            raise StoreError(f"the SPARQL endpoint {url} does not answer (no reply within "
                             f"{CONNECT_TIMEOUT_S * 2:g} s); check the URL and that the server runs") from None
        except httpx.HTTPError as exc:
            self.close()
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {_reason(exc)}; check the URL and that "
                             "the server runs") from None
        self.server = response.headers.get("server", "")
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        ok = response.status_code == 200 and kind in (_JSON, "application/json")
        if ok:
            try:
                ok = isinstance(response.json().get("boolean"), bool)
            except ValueError:
                ok = False
        if not ok:
            self.close()
            raise StoreError(f"{url} answered but is not a SPARQL endpoint (HTTP {response.status_code}, "
                             f"{kind or 'no content type'}, to the query ASK {{}}); give the URL of the query "
                             "endpoint, e.g. http://127.0.0.1:7878/query for Oxigraph server")

    def _post(self, url: str, *, data: Any = None, content: Any = None, headers: dict[str, str],
              timeout: float, stream: bool = False) -> httpx.Response:
        try:
            request = self._client.build_request("POST", url, data=data, content=content, headers=headers,
                                                 timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT_S))
            return self._client.send(request, stream=stream)
        except httpx.TimeoutException:
            raise
        except httpx.HTTPError as exc:
            raise StoreError(f"the SPARQL server at {url} failed: {_reason(exc)}") from None

    def query(self, text: str, *, options: QueryOptions | None = None) -> QueryResult:
        from graf.sparql import QueryResult

        options = options or QueryOptions()
        found = inspect_query(text, allow_service=options.allow_service, prefixes=options.prefixes or (),
                              max_depth=self.max_query_depth)
        form = found.query_form
        if options.bindings:  # the SPARQL 1.1 Protocol has no way to send them, and we never write them into the text
            raise GrafError("parameterised queries need the embedded store (values are substituted by "
                            "pyoxigraph, never written into the query); on an external SPARQL server, write the "
                            "value into the query yourself")
        # the prologue goes on the query's first line, so error positions keep their line numbers
        prologue = "".join(f"PREFIX {p}: <{iri}> " for p, iri in found.prefixes(options.prefixes).items())
        if options.base_iri:
            prologue = f"BASE <{options.base_iri}> " + prologue
        started = time.perf_counter()
        try:
            reply = self._run_query(prologue + found.text, form, options.time_limit_s, options.max_rows,
                                    options.default_graphs, options.named_graphs,
                                    union=False if found.dataset else None)
        except QueryError as exc:
            undeclared = undeclared_prefix(text, options.prefixes)
            if undeclared is not None:
                raise undeclared from None
            if exc.line == 1 and exc.column is not None and prologue:
                raise QueryError(exc.reason, 1, max(1, exc.column - len(prologue))) from None
            raise
        request = Request(text, max_rows=options.max_rows, prefixes=dict(options.prefixes or {}))
        return QueryResult.from_worker(form, reply, time.perf_counter() - started, request)

    def query_serialized(self, text: str, output: ResultOutput, *,
                         options: QueryOptions | None = None) -> SerializedResult:
        """:meth:`query`, the result written here (the server's own format is not forwarded: graf
        reads TSV/N-Triples to apply the row cap)."""
        from graf.sparql import SerializedResult

        return SerializedResult.from_result(self.query(text, options=options), output)

    async def query_serialized_async(self, text: str, output: ResultOutput, *,
                                     options: QueryOptions | None = None) -> SerializedResult:
        """:meth:`query_serialized` in a thread (httpx's client here is synchronous)."""
        import asyncio
        import functools

        call = functools.partial(self.query_serialized, text, output, options=options)
        return await asyncio.get_running_loop().run_in_executor(None, call)

    def select(self, text: str, *, default_graphs: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """graf's own SELECTs (see :meth:`graf.store.Store.select`): generous limits, same protocol."""
        options = QueryOptions(default_graphs=default_graphs, time_limit_s=600.0, max_rows=1_000_000_000)
        return self.query(text, options=options).records()

    def prefork(self) -> bool:
        """Nothing to prepare: queries go to the server."""
        return False

    def _run_query(self, text: str, form: str | None, time_limit_s: float, max_rows: int,
                   default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None,
                   *, union: bool | None = None) -> Reply:
        data: list[tuple[str, str]] = [("query", text)]
        if default_graphs and DEFAULT_GRAPH in default_graphs:
            # the protocol cannot name the server's default graph beside named graphs: use the union
            default_graphs, union = None, True
        if default_graphs:
            data += [("default-graph-uri", g) for g in default_graphs]
        elif named_graphs is not None:  # only named graphs given: the default graph is empty (as embedded)
            data.append(("default-graph-uri", EMPTY_GRAPH))
        elif self.union_default_graph if union is None else union:
            data.append(("union-default-graph", ""))
        data += [("named-graph-uri", g) for g in named_graphs or ()]
        data.append(("timeout", f"{max(1, round(time_limit_s))}"))
        accept = {"ASK": _JSON, "CONSTRUCT": _NT, "DESCRIBE": _NT}.get(form or "", f"{_TSV}, {_JSON};q=0.5")
        deadline = time.monotonic() + time_limit_s
        try:
            response = self._post(self.query_endpoint, content=urlencode(data).encode("ascii"),
                                  headers={"Accept": accept, "Content-Type": _FORM}, timeout=time_limit_s,
                                  stream=True)
            try:
                return self._read(response, form, max_rows, deadline, time_limit_s)
            finally:
                response.close()
        except httpx.TimeoutException:
            raise QueryTimeout(time_limit_s) from None
        except httpx.HTTPError as exc:
            raise StoreError(f"the SPARQL server at {self.query_endpoint} failed: {_reason(exc)}") from None

    def _read(self, response: httpx.Response, form: str | None, max_rows: int, deadline: float,
              limit_s: float) -> Reply:
        if response.status_code != 200:
            body = response.read().decode("utf-8", "replace").strip()
            _raise_for(response.status_code, body, self.query_endpoint, limit_s)
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        if kind in (_JSON, "application/json"):
            return _from_json(response.read(), max_rows)
        lines = _lines(response, deadline, limit_s)
        if kind == _TSV:
            return _from_tsv(lines, max_rows)
        if kind in (_NT, "text/plain", "application/n-quads"):
            return _from_ntriples(lines, max_rows)
        raise StoreError(f"the SPARQL server answered with {kind or 'no content type'}, which graf cannot read; "
                         "it must support SPARQL results in TSV/JSON and N-Triples")

    def update(self, text: str, *, allow_service: bool = False, base_iri: str | None = None,
               time_limit_s: float | None = None) -> None:
        """Send the update to the update endpoint. ``time_limit_s`` is not applied: the server may
        still be applying an update graf stopped waiting for, and would then report a success as a
        failure; the server's own limits apply (graf waits up to 600 s)."""
        text = inspect_update(text, allow_service=allow_service, max_depth=self.max_query_depth).text
        if base_iri:
            text = f"BASE <{base_iri}>\n{text}"
        self._update(text)

    def _update(self, text: str, timeout: float = 600.0) -> None:
        url = self._need_update_endpoint()
        try:
            response = self._post(url, data={"update": text}, headers={}, timeout=timeout)
        except httpx.TimeoutException:
            raise StoreError(f"the SPARQL update endpoint {url} did not answer within {timeout:g} s") from None
        if response.status_code not in (200, 204):
            body = response.text.strip()
            if response.status_code in (400, 500) and not _POSITION.search(body):
                raise GrafError(f"the update failed and changed nothing: {' '.join(body.split())[:400]}")
            _raise_for(response.status_code, body, url, timeout)

    def _need_update_endpoint(self) -> str:
        if not self.update_endpoint:
            raise UpdateRefused("this remote store is read-only: give --update-endpoint URL (env "
                                "GRAF_UPDATE_ENDPOINT) to load or update data")
        return self.update_endpoint

    # -- loading ---------------------------------------------------------------------------------------

    def load(self, paths: Iterable[str | Path], graph: str | None = None) -> LoadReport:
        """Parse every file locally (nothing is sent if one fails), then send the statements."""
        started = time.perf_counter()
        self._need_update_endpoint()
        files = expand_paths(paths)
        quads: list[ox.Quad] = []
        for path in files:
            quads.extend(parse_file(path, graph))
        if quads:
            self._send(quads)
        return with_empty_files(LoadReport(tuple(str(f) for f in files), len(quads), time.perf_counter() - started),
                                files)

    def load_ontology(self, folder: Path | None = None) -> LoadReport:
        folder = folder or resources.ontology_dir()
        files = sorted(p for p in folder.glob("*.ttl") if not p.name.startswith("shapes"))
        return self.load(files, graph=str(ONTOLOGY_GRAPH)) if files else LoadReport((), 0, 0.0)

    def _send(self, quads: list[ox.Quad]) -> None:
        store_url = self._store_url()
        if store_url:
            body = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
            try:
                response = self._post(store_url, content=body, headers={"Content-Type": "application/n-quads"},
                                      timeout=600.0)
            except httpx.TimeoutException:
                raise StoreError(f"{store_url} did not accept the data within 600 s") from None
            if response.status_code not in (200, 201, 204):
                _raise_for(response.status_code, response.text.strip(), store_url, 600.0)
            return
        sent = 0
        for start in range(0, len(quads), INSERT_CHUNK):
            chunk = quads[start:start + INSERT_CHUNK]
            try:
                self._update("INSERT DATA {\n" + _insert_body(chunk) + "}")
            except GrafError as exc:
                raise StoreError(f"loading stopped after {sent:,} of {len(quads):,} statements "
                                 f"(INSERT DATA in chunks of {INSERT_CHUNK:,}): {exc}") from None
            sent += len(chunk)

    def _store_url(self) -> str | None:
        """Oxigraph's dataset Graph Store endpoint (``/store`` beside ``/update``), if it is one."""
        if not self.is_oxigraph or not self.update_endpoint:
            return None
        parts = urlsplit(self.update_endpoint)
        if not parts.path.endswith("/update"):
            return None
        return urlunsplit(parts._replace(path=parts.path[: -len("update")] + "store", query=""))

    # -- reading -----------------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        reply = self._run_query("ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }", "ASK", 60, 1, None, None,
                                union=False)
        return not reply.boolean

    def graphs(self) -> list[GraphInfo]:
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        default = self._run_query(count, "SELECT", 120, 1, None, None, union=False)
        infos = [GraphInfo(None, int(default.rows[0][0].value) if default.rows else 0)]
        named = self._run_query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                                "SELECT", 120, 10_000_000, None, None, union=False)
        rows = sorted((row[0].value, int(row[1].value)) for row in named.rows if row[0] is not None)
        counted = {name for name, _n in rows}
        try:  # empty named graphs (servers that keep them, like Oxigraph, list them here)
            every = self._run_query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", "SELECT", 60, 10_000_000, None,
                                    None, union=False).rows
            rows += sorted((row[0].value, 0) for row in every if row[0] is not None and row[0].value not in counted)
        except QueryError:
            pass
        return infos + [GraphInfo(name, n) for name, n in rows]

    def export(self, format: str, graph: str | None = None, *, canonical: bool = True) -> bytes:
        """Serialise; triple formats without ``graph`` get the union of all graphs (deduplicated);
        always canonical (the results come over HTTP anyway)."""
        fmt = EXPORT_FORMATS.get(format)
        if fmt is None:
            raise UnsupportedFormatError(format, EXPORT_FORMATS)
        limit = 1 << 62
        if graph is not None:
            if not any(g.name == graph for g in self.graphs()):
                raise GrafError(f"no named graph <{graph}>; see `graf info` for the graphs")
            triples = self._run_query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                                      "CONSTRUCT", 3600, limit, None, None).triples
            return serialize_export((ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))
                                     for t in triples), fmt)
        rows = self._run_query("SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }",
                               "SELECT", 3600, limit, None, None, union=False).rows
        return serialize_export((ox.Quad(s, p, o, g if g is not None else ox.DefaultGraph()) for s, p, o, g in rows),
                                fmt)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- helpers -------------------------------------------------------------------------------------------


def _check_url(url: str, option: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"{option} {url!r} is not an http(s) URL; e.g. http://127.0.0.1:7878/query")
    return url


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectError):
        return f"connection failed ({text})"
    return text


def _raise_for(status: int, body: str, url: str, limit_s: float) -> None:
    message = " ".join(body.split())[:400] or "no message"
    if status == 400:
        match = _POSITION.search(message)
        if match:
            raise QueryError(message[match.end():], int(match.group(1)), int(match.group(2)))
        raise QueryError(message)
    if status in (408, 503, 504) and "timeout" in message.lower():
        raise QueryTimeout(limit_s)
    if status in (401, 403):
        raise UpdateRefused(f"the SPARQL server at {url} refused the request (HTTP {status}): {message}")
    raise StoreError(f"the SPARQL server at {url} answered HTTP {status}: {message}")


def _lines(response: httpx.Response, deadline: float, limit_s: float) -> Iterator[str]:
    for line in response.iter_lines():
        if time.monotonic() > deadline:
            raise QueryTimeout(limit_s)
        yield line


def _parse_cells(cells: list[tuple[int, int, str]]) -> dict[tuple[int, int], Any]:
    """Parse TSV/N-Triples cells with Oxigraph's Turtle parser: (row, column) -> term."""
    doc = "".join(f"<r:{r}> <c:{c}> {text} .\n" for r, c, text in cells)
    out: dict[tuple[int, int], Any] = {}
    for triple in ox.parse(doc.encode("utf-8"), format=ox.RdfFormat.TURTLE):
        out[(int(triple.subject.value[2:]), int(triple.predicate.value[2:]))] = triple.object
    return out


def _from_tsv(lines: Iterator[str], max_rows: int) -> Reply:
    header = next(lines, "")
    variables = [v[1:] for v in header.split("\t")] if header else []
    rows: list[tuple] = []
    pending: list[list[str]] = []
    truncated = False

    def flush() -> None:
        cells = [(i, j, text) for i, row in enumerate(pending) for j, text in enumerate(row) if text]
        parsed = _parse_cells(cells) if cells else {}
        rows.extend(tuple(parsed.get((i, j)) for j in range(len(variables))) for i in range(len(pending)))
        pending.clear()

    for line in lines:
        if len(rows) + len(pending) >= max_rows:
            truncated = True
            break
        pending.append(line.split("\t"))
        if len(pending) >= _ROW_CHUNK:
            flush()
    flush()
    return Reply("select", variables=variables, rows=rows, truncated=truncated)


def _from_ntriples(lines: Iterator[str], max_rows: int) -> Reply:
    kept: list[str] = []
    truncated = False
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if len(kept) >= max_rows:
            truncated = True
            break
        kept.append(line)
    text = "\n".join(kept) + "\n"
    triples = [ox.Triple(q.subject, q.predicate, q.object)
               for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]
    return Reply("graph", triples=triples, truncated=truncated)


def _json_term(cell: dict[str, str]) -> Any:
    kind, value = cell.get("type"), cell.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if "xml:lang" in cell:
        return ox.Literal(value, language=cell["xml:lang"])
    if "datatype" in cell:
        return ox.Literal(value, datatype=ox.NamedNode(cell["datatype"]))
    return ox.Literal(value)


def _from_json(body: bytes, max_rows: int) -> Reply:
    import json

    try:
        doc = json.loads(body)
    except ValueError as exc:
        raise StoreError(f"the SPARQL server sent invalid JSON results: {exc}") from None
    if "boolean" in doc:
        return Reply("ask", boolean=bool(doc["boolean"]))
    variables = list(doc.get("head", {}).get("vars", []))
    bindings = doc.get("results", {}).get("bindings", [])
    rows = [tuple(_json_term(b[v]) if v in b else None for v in variables) for b in bindings[:max_rows]]
    return Reply("select", variables=variables, rows=rows, truncated=len(bindings) > max_rows)


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
