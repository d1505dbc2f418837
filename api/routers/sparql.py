"""``/sparql``: the SPARQL 1.1 Protocol endpoint (query, update, service description).

Queries run in the store's worker processes (a pool: slow queries do not hold up short ones); the
worker writes the result in the negotiated format and the reply is awaited on the event loop
(``Store.query_serialized_async``; a remote store writes it in a thread). The time limit stops
the query (503 naming ``query_time_limit_s``); a result cut at ``max_rows`` says so (header
``X-Graf-Truncated: true`` and, in JSON/XML results, a ``link`` in the head).
"""

from __future__ import annotations

import functools
import hmac
from dataclasses import replace
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response

from api import conneg
from api.deps import State, in_thread
from api.errors import ApiError
from api.models import ErrorBody
from api.openapi import SPARQL_GET, SPARQL_POST
from api.protocol import ProtocolRequest, parse
from api.service_description import PREFIXES as SD_PREFIXES
from api.service_description import describe
from graf.errors import UnsupportedFormatError, UpdateRefused
from graf.settings import Settings
from graf.sparql import PREFIXES
from graf.sparql_guard import apply_using, inspect_query
from graf.store import QueryOptions, ResultOutput

router = APIRouter(tags=["sparql"])

TRUNCATED_LINK = "urn:graf:truncated"
_GRAPH_RDF = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
              "rdfxml": ox.RdfFormat.RDF_XML}

_DOC = """SPARQL 1.1 Protocol endpoint.

* query: GET `?query=`, POST form `query=` or POST `application/sparql-query`; `default-graph-uri`
  and `named-graph-uri` override FROM/FROM NAMED; the default graph is the union of all graphs.
* results by `Accept` (or `?format=json|xml|csv|tsv|turtle|nt|jsonld|rdfxml`).
* update: POST form `update=` or `application/sparql-update`, only with the server's update
  token (`Authorization: Bearer ...`).
* no query: the SPARQL Service Description (Turtle by default).
"""


_RESULTS: dict[int | str, dict[str, Any]] = {200: {"description": "query results (or the service description)",
                   "content": {f.types[0]: {} for f in (*conneg.SELECT, *conneg.GRAPH)}}}
_ERRORS: dict[int | str, dict[str, Any]] = {status: {"model": ErrorBody} for status in (400, 406, 413, 415, 503)}
_UPDATE: dict[int | str, dict[str, Any]] = {
    204: {"description": "update done"}, 401: {"model": ErrorBody}, 403: {"model": ErrorBody},
    409: {"model": ErrorBody, "description": "update refused by the guard (graf serve --guard): it would add a rule "
                                             "violation; the error lists the new findings and the update's first "
                                             "offending triple"}}


@router.get("/sparql", summary="SPARQL 1.1 query (or the service description)", description=_DOC,
            response_class=Response, responses={**_RESULTS, **_ERRORS}, operation_id="sparql_get",
            openapi_extra=SPARQL_GET)
@router.post("/sparql", summary="SPARQL 1.1 query or update", description=_DOC, response_class=Response,
             responses={**_RESULTS, **_UPDATE, **_ERRORS}, operation_id="sparql_post", openapi_extra=SPARQL_POST)
async def sparql(request: Request, state: State) -> Response:
    call = await parse(request, state.settings.max_request_bytes)
    if call.operation is None:
        return await _service_description(request, state, call)
    if call.operation == "update":
        return await _update(request, state, call)
    return await _query(request, state, call)


@router.options("/sparql", include_in_schema=False)
async def sparql_options() -> Response:
    """The methods of the endpoint (browsers ask before a cross-origin POST; CORS answers those)."""
    return Response(status_code=204, headers={"Allow": "GET, POST, OPTIONS"})


def _pick(call: ProtocolRequest, request: Request, offered: tuple[conneg.Format, ...], what: str) -> conneg.Format:
    if call.format:
        return conneg.by_name(call.format, offered, what)
    return conneg.negotiate(request.headers.get("accept"), offered, what)


def _offered(form: str | None) -> tuple[tuple[conneg.Format, ...], str]:
    if form in ("CONSTRUCT", "DESCRIBE"):
        return conneg.GRAPH, f"{form} result (RDF triples)"
    if form == "ASK":
        return conneg.ASK, "ASK result (a boolean)"
    return conneg.SELECT, "SELECT result (a table)"


async def _query(request: Request, state: State, call: ProtocolRequest) -> Response:
    settings = state.settings
    if call.using_graphs or call.using_named_graphs:
        raise ApiError(400, "using-graph-uri/using-named-graph-uri belong to updates; for a query use "
                            "default-graph-uri/named-graph-uri", "bad_parameter")
    try:  # refuses updates, SERVICE, deep nesting
        form = inspect_query(call.text, allow_service=settings.allow_service, prefixes=PREFIXES,
                             max_depth=settings.max_query_depth).query_form
    except UpdateRefused as exc:
        if "SERVICE" in str(exc):
            raise
        raise ApiError(400, "this is an update, sent as a query; POST it as update= or with Content-Type "
                            "application/sparql-update", "update_as_query") from None
    # the worker writes the result in the negotiated format: bytes are forwarded, not re-written
    chosen_by_kind, refused, output = _choices(call, request, form, settings.max_rows)
    if form is not None:  # negotiated before running: a 406 costs no query
        _refuse(refused, _KIND_OF.get(form, "graph"))
    options = _options(settings)
    if call.has_dataset:
        options = replace(options, default_graphs=tuple(call.default_graphs) or None,
                          named_graphs=tuple(call.named_graphs))
    try:
        written = await state.store.query_serialized_async(call.text, output, options=options)
    except UnsupportedFormatError as exc:  # the negotiated format cannot hold this result's values
        raise ApiError(406, str(exc), "not_acceptable", supported=exc.supported) from None
    kind = _KIND_OF.get(written.form, "graph")
    if written.body is None:  # no format was chosen for this kind: its 4xx is remembered
        _refuse(refused, kind)
    headers = {"Vary": "Accept", "X-Graf-Elapsed-S": f"{written.elapsed_s:.4f}"}
    if written.truncated:
        headers["X-Graf-Truncated"] = "true"
        headers["X-Graf-Max-Rows"] = str(settings.max_rows)
    return Response(written.body, media_type=chosen_by_kind[kind].media_type, headers=headers)


_KINDS = (("select", "SELECT"), ("ask", "ASK"), ("graph", "CONSTRUCT"))
_KIND_OF = {"SELECT": "select", "ASK": "ask"}
_Choices = tuple[dict[str, conneg.Format], dict[str, ApiError], ResultOutput]
_CHOICES: dict[tuple, _Choices] = {}


@functools.lru_cache(maxsize=16)
def _options(settings: Settings) -> QueryOptions:
    """The options of a query without a protocol dataset (the same for every such request)."""
    return QueryOptions.from_settings(settings, prefixes=PREFIXES, base_iri=settings.public_sparql_url)


def _refuse(refused: dict[str, ApiError], kind: str) -> None:
    """Raise the 4xx remembered for ``kind``, if any (a fresh exception: the remembered one is shared
    between requests)."""
    error = refused.get(kind)
    if error is not None:
        raise ApiError(error.status, error.message, error.code, error.headers, **error.extra)


def _choices(call: ProtocolRequest, request: Request, form: str | None, max_rows: int) -> _Choices:
    """The format for each kind of result (select, ask, graph), or the 4xx that kind would get, and
    what the worker is told to write (the chosen formats; the prefixes of Turtle results, only for a
    form that can give one).

    Negotiated before the query runs, so the worker can write the result; remembered per
    (Accept, format=, form, row cap) since clients send the same few headers again and again."""
    key = (request.headers.get("accept"), call.format, form, max_rows)
    found = _CHOICES.get(key)
    if found is not None:
        return found
    chosen: dict[str, conneg.Format] = {}
    refused: dict[str, ApiError] = {}
    for kind, kind_form in _KINDS:
        try:
            chosen[kind] = _pick(call, request, *_offered(
                form if kind == "graph" and form in ("CONSTRUCT", "DESCRIBE") else kind_form))
        except ApiError as exc:
            refused[kind] = exc
    output = ResultOutput({k: f.name for k, f in chosen.items()}, link=f"{TRUNCATED_LINK}?max_rows={max_rows}",
                          prefixes=PREFIXES if form not in ("SELECT", "ASK") else None)
    if len(_CHOICES) >= 256:
        _CHOICES.clear()
    _CHOICES[key] = (chosen, refused, output)
    return chosen, refused, output


def bearer(request: Request) -> str:
    """The token of an ``Authorization: Bearer <token>`` header ('' if none)."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return given.strip() if scheme.lower() == "bearer" else ""


def require_token(state: State, given: str, what: str = "an update") -> None:
    """403 if the server has no update token or ``given`` is wrong, 401 if none is given."""
    token = state.settings.update_token
    if not token:
        raise ApiError(403, "updates are disabled on this server; start it with --update-token "
                            "(setting update_token, env GRAF_UPDATE_TOKEN) to allow them",
                       "updates_disabled", setting="update_token")
    if not given:
        raise ApiError(401, f"{what} needs the header Authorization: Bearer <update token>",
                       headers={"WWW-Authenticate": 'Bearer realm="graf"'})
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise ApiError(403, "wrong update token", "bad_token")


def _check_token(request: Request, state: State) -> None:
    require_token(state, bearer(request))


async def _update(request: Request, state: State, call: ProtocolRequest) -> Response:
    _check_token(request, state)
    if call.has_dataset:
        raise ApiError(400, "default-graph-uri/named-graph-uri belong to queries; for an update use "
                            "using-graph-uri/using-named-graph-uri", "bad_parameter")
    text = apply_using(call.text, call.using_graphs, call.using_named_graphs)
    try:
        if state.guard is not None:
            await in_thread(_guarded_update, state, text, state.settings.public_sparql_url)
        else:
            await in_thread(state.store.update, text, allow_service=state.settings.allow_service,
                            base_iri=state.settings.public_sparql_url, time_limit_s=state.settings.query_time_limit_s)
    finally:
        state.changed()
    return Response(status_code=204)


def _guarded_update(state: State, text: str, base_iri: str) -> None:
    """The update through the guard: 409 with the new findings when it would add a violation."""
    # here, not at the top: loads networkx, rdflib (start-up)
    from graf.guard import GuardRefused

    try:
        state.guard.update(state.store, text, base_iri=base_iri, allow_service=state.settings.allow_service,
                           time_limit_s=state.settings.query_time_limit_s)
    except GuardRefused as exc:
        raise ApiError(409, str(exc), "guard_refused", **exc.as_dict()) from None


async def _service_description(request: Request, state: State, call: ProtocolRequest) -> Response:
    chosen = _pick(call, request, conneg.GRAPH, "service description (RDF)")
    graphs = await in_thread(state.store.graphs)
    void = state.settings.public_base + ".well-known/void"
    triples = describe(state.settings.public_sparql_url, state.settings, graphs, state.dataset, void)
    prefixes = SD_PREFIXES if chosen.name == "turtle" else None
    body = ox.serialize(triples, format=_GRAPH_RDF[chosen.name], prefixes=prefixes)
    return Response(body, media_type=chosen.media_type, headers={"Vary": "Accept"})
