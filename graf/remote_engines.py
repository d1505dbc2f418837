"""What differs between SPARQL servers, and what graf does about it (see docs/remote-stores.md).

graf speaks the SPARQL 1.1 Protocol to every server. An :class:`Engine` holds the few things that
differ from one server to the next; :func:`detect` picks one from the ``Server`` header of the probe's
answer: :class:`Oxigraph` (Oxigraph server), :class:`Virtuoso` (OpenLink Virtuoso 7), or the plain
:class:`Engine` for any other SPARQL 1.1 server (Fuseki, GraphDB, ...).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from graf.errors import QueryError, QueryTimeout
from graf.remote_http import JSON, N_TRIPLES, TSV, XML, Endpoint, virtuoso_json, virtuoso_ntriples

_OXIGRAPH_POSITION = re.compile(r"error at (\d+):(\d+):\s*")


class Engine:
    """A SPARQL 1.1 server graf knows nothing special about.

    Its default graph is taken as the server defines it (configure it as the union of the named graphs,
    see docs/remote-stores.md); loads are ``INSERT DATA`` requests to the update endpoint.
    """

    name = "SPARQL 1.1 server"
    #: Accept header for SELECT results (read as a stream; SPARQL TSV parses fastest)
    select_accept = f"{TSV}, {JSON};q=0.9, {XML};q=0.8"
    #: the server's default graph holds statements of its own (not the union of the named graphs)
    own_default_graph = True
    #: graf asks per query for the union of all graphs as the default graph (Oxigraph's parameter)
    union_parameter = False
    #: CREATE GRAPH keeps an empty named graph that ``graphs()`` can list
    keeps_empty_graphs = True
    #: how statements are sent by ``load``: "insert" (INSERT DATA in chunks), "dataset" (one N-Quads
    #: POST to a Graph Store endpoint for the whole dataset), "graphs" (one Graph Store POST per graph)
    load_method = "insert"
    #: most rows the server returns for one query, if known (it cuts results silently there)
    row_cap: int | None = None
    #: media type -> a fix applied to each line of results of that type before they are parsed
    rewrites: dict[str, Callable[[bytes], bytes]] = {}

    def __init__(self, server: str = ""):
        self.server = server
        #: graphs the server keeps for itself, left out of what graf calls the data set (graphs, export)
        self.own_graphs: tuple[str, ...] = ()

    def without_own_graphs(self, variable: str) -> str:
        """A FILTER that leaves the server's own graphs out of ``?variable`` (empty if it has none)."""
        if not self.own_graphs:
            return ""
        return f"FILTER(?{variable} NOT IN ({', '.join(f'<{g}>' for g in self.own_graphs)}))"

    def setup(self, select: Callable[[str], list[dict[str, Any]]], endpoint: Endpoint) -> None:
        """Read what the engine needs to know about this server, right after the probe."""

    def parameters(self, time_limit_s: float) -> list[tuple[str, str]]:
        """Protocol parameters besides the query and its dataset: the time limit as a hint (seconds,
        read by Fuseki and GraphDB)."""
        return [("timeout", f"{max(1, round(time_limit_s))}")]

    def check(self, response: httpx.Response, limit_s: float, server: str) -> None:
        """Raise if a 200 answer is not the whole result (e.g. cut by the server's own time limit)."""

    def capped(self, response: httpx.Response, count: int) -> bool:
        """True if the server cut this result at its own row cap."""
        return self.row_cap is not None and count >= self.row_cap

    def graph_store(self, update: Endpoint) -> Endpoint | None:
        """The Graph Store Protocol endpoint beside the update endpoint (``load_method`` dataset/graphs)."""
        return None

    def query_error(self, message: str) -> QueryError:
        """The QueryError of a 400 answer's message, with the position when the server gives one."""
        match = _OXIGRAPH_POSITION.search(message)
        if match:
            return QueryError(message[match.end():], int(match.group(1)), int(match.group(2)))
        return QueryError(message)


class Oxigraph(Engine):
    """Oxigraph server: a real default graph, the union asked for per query, ``/store`` for loads."""

    name = "Oxigraph server"
    select_accept = TSV
    union_parameter = True
    load_method = "dataset"

    def graph_store(self, update: Endpoint) -> Endpoint | None:
        """``/store`` beside ``/update`` (the Graph Store Protocol extended to datasets)."""
        parts = urlsplit(update.url)
        if not parts.path.endswith("/update"):
            return None
        path = parts.path[: -len("update")] + "store"
        return Endpoint(urlunsplit(parts._replace(path=path, query="")), update.auth)


#: graphs Virtuoso keeps for itself (its RDF views' metadata, the LDP vocabulary); with the service
#: description and DAV graphs of each host name (``http://HOST/sparql``, ``http://HOST/DAV/``) they are
#: left out of what graf calls the data set
VIRTUOSO_OWN_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#")
VIRTUOSO_SETTINGS = ("SELECT (bif:cfg_item_value(bif:virtuoso_ini_path(), 'SPARQL', 'ResultSetMaxRows') AS ?rows) "
                     "(bif:cfg_item_value(bif:virtuoso_ini_path(), 'URIQA', 'DefaultHost') AS ?host) WHERE { }")
_VIRTUOSO_LINE = re.compile(r"SP\d+: SPARQL compiler, line (\d+):\s*")


class Virtuoso(Engine):
    """OpenLink Virtuoso 7: what it does differently, and graf's answer to each.

    * Its default graph is the union of every graph, its own included (the metadata of its RDF views,
      the LDP vocabulary, its service description): user queries see them as Virtuoso defines it;
      graf's own views of the data set (``graphs()``, ``export``, ``is_empty``) leave them out. (The
      ``define input:default-graph-exclude`` pragma would hide them, but it also empties every
      ``GRAPH <iri>`` pattern in Virtuoso 7.2.)
    * It has no default graph of its own: every statement is in a named graph (a triple file needs
      ``--graph``); ``graphs()`` reports an empty default graph, and empty named graphs are not kept.
    * Its TSV results quote IRIs as strings, so SELECT results come as JSON, whose blank nodes
      (``nodeID://b1``) are renamed for the parser; ASK may answer as a one-row SELECT of
      ``__ASK_RETVAL``. It keeps booleans as numbers (``true`` comes back as ``"1"^^xsd:boolean``):
      graf reads them back in their canonical form.
    * ``timeout`` is in milliseconds and gives partial results ("anytime" queries, header
      ``X-SQL-State: S1TAT``): graf reports those as a timeout, never as the answer.
    * ``ResultSetMaxRows`` cuts results silently (header ``X-SPARQL-MaxRows`` on SELECT): read at
      opening, flagged as truncation on user queries and an error on graf's own.
    * Loads go to its Graph Store endpoint, one POST per graph (``INSERT DATA`` refuses blank nodes).
    """

    name = "Virtuoso"
    select_accept = JSON
    own_default_graph = False
    keeps_empty_graphs = False
    load_method = "graphs"
    rewrites = {JSON: virtuoso_json, "application/json": virtuoso_json, N_TRIPLES: virtuoso_ntriples,
                "text/plain": virtuoso_ntriples}

    def __init__(self, server: str = ""):
        super().__init__(server)
        self.own_graphs = VIRTUOSO_OWN_GRAPHS

    def setup(self, select: Callable[[str], list[dict[str, Any]]], endpoint: Endpoint) -> None:
        hosts = {"localuriqaserver", "localhost:8890", urlsplit(endpoint.url).netloc}
        try:
            settings = select(VIRTUOSO_SETTINGS)[0]
        except Exception:  # noqa: BLE001 - the settings are read with a Virtuoso extension a server may refuse
            settings = {}
        rows = settings.get("rows")
        if rows is not None and rows.value.strip().isdigit():
            self.row_cap = int(rows.value)
        if settings.get("host") is not None and settings["host"].value.strip():
            hosts.add(settings["host"].value.strip())
        own = [*VIRTUOSO_OWN_GRAPHS, *(f"http://{h}/{leaf}" for h in sorted(hosts) for leaf in ("sparql", "DAV/"))]
        self.own_graphs = tuple(own)

    def parameters(self, time_limit_s: float) -> list[tuple[str, str]]:
        return [("timeout", f"{max(1, round(time_limit_s * 1000))}")]  # milliseconds

    def check(self, response: httpx.Response, limit_s: float, server: str) -> None:
        if response.headers.get("x-sql-state", "").upper() == "S1TAT":  # "anytime" partial result
            raise QueryTimeout(limit_s, server=server)

    def capped(self, response: httpx.Response, count: int) -> bool:
        return "x-sparql-maxrows" in response.headers or super().capped(response, count)

    def graph_store(self, update: Endpoint) -> Endpoint | None:
        """``/sparql-graph-crud-auth`` beside ``/sparql-auth`` (``/sparql-graph-crud`` beside ``/sparql``)."""
        parts = urlsplit(update.url)
        for tail, crud in (("/sparql-auth", "/sparql-graph-crud-auth"), ("/sparql", "/sparql-graph-crud")):
            if parts.path.endswith(tail):
                path = parts.path[: -len(tail)] + crud
                return Endpoint(urlunsplit(parts._replace(path=path, query="")), update.auth)
        return None

    def query_error(self, message: str) -> QueryError:
        match = _VIRTUOSO_LINE.search(message)
        if match:
            return QueryError(message[match.end():], int(match.group(1)))
        return QueryError(message)


def detect(server: str) -> Engine:
    """The engine of a server from its ``Server`` header (e.g. ``Virtuoso/07.20.3229 (Linux)``)."""
    name = server.lower()
    if name.startswith("oxigraph"):
        return Oxigraph(server)
    if "virtuoso" in name:
        return Virtuoso(server)
    return Engine(server)
