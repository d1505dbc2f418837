"""The OpenAPI description, exact: what ``/openapi.json`` says is what the routes do.

FastAPI describes parameters and models; this module adds what it cannot know:

* every error response has the one JSON shape (:class:`api.models.ErrorBody`), 422 included
  (FastAPI would name its own validation model), and a page (``text/html``) answers with a page;
* the values a parameter can take where they come from the data: scenario names (an empty
  value, as HTML forms send it, means the parameter is absent: :class:`EmptyMeansAbsent`) and
  the actor kinds;
* ``/sparql``'s parameters and bodies (the route reads the request itself: SPARQL 1.1 Protocol).

The data-dependent values are read once per generation of the data (an update changes them).
"""

from __future__ import annotations

import copy
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.types import ASGIApp, Receive, Scope, Send

from api import conneg
from api.i18n import LANGS

ERROR = {"$ref": "#/components/schemas/ErrorBody"}
_PAGE_ERROR = {"text/html": {"schema": {"type": "string"}}}
_REASONS = {400: "bad parameter or query", 401: "no update token", 403: "updates disabled or wrong token",
            404: "no such resource", 405: "method not allowed", 406: "no acceptable format",
            413: "request body too large", 415: "unsupported request body type",
            422: "invalid parameter", 503: "time limit, busy workers or store unavailable"}


class EmptyMeansAbsent:
    """ASGI middleware: an empty query parameter (``?scenario=``, as an HTML form sends an unset
    field) is the same as no parameter, on every route but ``/sparql`` (where ``query=`` empty is an
    empty query, the protocol's error)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] != "/sparql" and scope.get("query_string"):
            parts = [p for p in scope["query_string"].split(b"&") if p and not p.endswith(b"=")]
            scope = {**scope, "query_string": b"&".join(parts)}
        await self.app(scope, receive, send)


def install(app: FastAPI) -> None:
    """Make ``app.openapi()`` return the exact description (cached per data generation)."""
    cache: dict[str, Any] = {}

    def openapi() -> dict[str, Any]:
        state = getattr(app.state, "graf", None)
        generation = state.generation if state is not None else -1
        if cache.get("generation") != generation:
            base = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
            cache.update(generation=generation, schema=_exact(base, _values(state)))
        app.openapi_schema = cache["schema"]
        return cache["schema"]

    app.openapi = openapi  # type: ignore[method-assign]


def _values(state: Any) -> dict[str, list[str]]:
    """The values of the parameters that have a fixed set: from the routers, and from the data
    (scenario names, actor kinds as local names; none before the store is open). Keys are a
    parameter's name, or ``path name`` where the name means different things on different paths."""
    # here, not at the top: loads pydantic (start-up)
    from api.routers import export, metrics, scenarios, validation
    from api.routers.actors import short_id

    values = {"lang": list(LANGS), "layer": list(scenarios.LAYERS), "status": list(scenarios.STATUSES),
              "/export format": list(export.MEDIA), "/validation format": [f.name for f in validation.FORMATS],
              "/.well-known/void format": [f.name for f in conneg.GRAPH], "/audit format": ["json", "text"],
              "/metrics format": list(metrics.FORMATS), "/template format": ["xlsx", "csv"],
              "/check format": ["html", "json"], "/check/{check_id}/load format": ["html", "json"]}
    if state is not None:
        graph = state.actor_graph(None)
        values["scenario"] = sorted(s.name for s in state.scenarios())
        values["/metrics scenario"] = [*values["scenario"], "all"]  # the whole data set, as graf metrics takes it
        values["/actors kind"] = sorted({short_id(k) for n in graph for k in graph.nodes[n]["kinds"]})
    return values


def _exact(base: dict[str, Any], values: dict[str, list[str]]) -> dict[str, Any]:
    schema = copy.deepcopy(base)
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            answers = list(operation.get("responses", {}).get("200", {}).get("content", {}))
            page = answers == ["text/html"]
            # an operation that answers a page or JSON (POST /check) gives its errors either way too
            both = "text/html" in answers and "application/json" in answers
            for parameter in operation.get("parameters", []):
                _enumerate(parameter, values, path)
            for status, response in operation.get("responses", {}).items():
                if status[0] in "45":
                    json_error = {"application/json": {"schema": ERROR}}
                    response["content"] = _PAGE_ERROR if page else {**json_error, **_PAGE_ERROR} if both else json_error
                    response["description"] = _REASONS.get(int(status), response.get("description", "error"))
    return schema


def _enumerate(parameter: dict[str, Any], values: dict[str, list[str]], path: str) -> None:
    """Give a parameter with a fixed set of values that set (see :func:`_values`)."""
    name = parameter["name"]
    if path.startswith("/scenarios/") and name in ("a", "b"):
        name = "scenario"
    key = f"{path} {name}" if f"{path} {name}" in values else name
    if key not in values:
        return
    allowed = values[key] if parameter["in"] == "path" else ["", *values[key]]
    default = parameter.get("schema", {}).get("default")
    parameter["schema"] = {"type": "string", "enum": allowed, **({"default": default} if default else {})}
    if parameter["in"] == "query":
        parameter["description"] = (parameter.get("description", "") + "; empty: as if absent").lstrip("; ")


#: ``/sparql``'s parameters and request bodies (SPARQL 1.1 Protocol), for the route's ``openapi_extra``
_GRAPHS = {"type": "array", "items": {"type": "string"}}
_FORMAT_NAMES = ["json", "xml", "csv", "tsv", "turtle", "nt", "jsonld", "rdfxml"]
SPARQL_GET = {"parameters": [
    {"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "the SPARQL query; absent: the service description"},
    {"name": "default-graph-uri", "in": "query", "required": False, "schema": _GRAPHS, "explode": True,
     "description": "graphs whose union is the default graph (overrides FROM)"},
    {"name": "named-graph-uri", "in": "query", "required": False, "schema": _GRAPHS, "explode": True,
     "description": "the named graphs (overrides FROM NAMED)"},
    {"name": "format", "in": "query", "required": False, "schema": {"type": "string"},
     "description": f"result format instead of Accept: {', '.join(_FORMAT_NAMES)} (or a media type)"},
]}
_FORM = {"type": "object", "properties": {
    "query": {"type": "string"}, "update": {"type": "string"},
    "default-graph-uri": _GRAPHS, "named-graph-uri": _GRAPHS,
    "using-graph-uri": _GRAPHS, "using-named-graph-uri": _GRAPHS, "format": {"type": "string"}},
    "anyOf": [{"required": ["query"]}, {"required": ["update"]}]}  # one of them (both: a 400)
SPARQL_POST = {
    "parameters": SPARQL_GET["parameters"][1:],
    "requestBody": {"required": True, "content": {
        "application/x-www-form-urlencoded": {"schema": _FORM},
        "application/sparql-query": {"schema": {"type": "string"}},
        "application/sparql-update": {"schema": {"type": "string"}},
    }},
}
