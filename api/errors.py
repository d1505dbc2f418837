"""One error body for every endpoint: ``{"error": {"status", "code", "message", ...}}``.

:class:`ApiError` is raised by the routers; GrafError subclasses map to status codes here; 404,
405 and 422 from FastAPI/Starlette get the same shape. Messages say what is wrong and, when it
helps, where (line/column) or which setting to change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route

from graf.errors import (
    DatasetError,
    GrafError,
    LoadError,
    ParameterError,
    QueryError,
    QueryEvaluationError,
    QueryTimeout,
    QueryTooDeep,
    RemoteStoreError,
    ServerBusy,
    StoreError,
    UnknownNameError,
    UnsupportedFormatError,
    UpdateCrashed,
    UpdateRefused,
)

log = logging.getLogger("graf.api")

_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 406: "not_acceptable", 413: "request_too_large",
    415: "unsupported_media_type", 422: "invalid_parameter", 500: "internal_error",
    502: "bad_gateway", 503: "unavailable",
}


class ApiError(Exception):
    """An HTTP error with a stable ``code`` and a message that says what to fix."""

    def __init__(self, status: int, message: str, code: str | None = None,
                 headers: dict[str, str] | None = None, **extra: Any):
        super().__init__(message)
        self.status = status
        self.code = code or _CODES.get(status, "error")
        self.message = message
        self.headers = headers
        self.extra = extra


def error_body(status: int, code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, **extra}}


def error_response(error: ApiError) -> JSONResponse:
    return JSONResponse(error_body(error.status, error.code, error.message, **error.extra),
                        status_code=error.status, headers=error.headers)


def _all_routes(routes: list[Any]) -> Iterator[Any]:
    """Every route, those of included routers unfolded."""
    for route in routes:
        if hasattr(route, "original_router"):
            yield from _all_routes(route.original_router.routes)
        else:
            yield route


def _serves_html(route: object) -> bool:
    kind = getattr(route, "response_class", None)
    return isinstance(kind, type) and issubclass(kind, HTMLResponse)


def wants_html(request: Request) -> bool:
    """True if the error answers a page: the route serves HTML, or no route matched but the path is
    under a page's (``/maps/...`` that no view pattern matched), or the client prefers HTML."""
    route = request.scope.get("route")
    if route is not None:
        return _serves_html(route)
    prefixes = [r.path.split("{")[0] for r in _all_routes(request.app.routes) if _serves_html(r) and "{" in r.path]
    if any(request.url.path.startswith(p) for p in prefixes):
        return True
    accept = request.headers.get("accept", "").lower()
    html_at, json_at = accept.find("text/html"), accept.find("json")
    return html_at >= 0 and (json_at < 0 or html_at < json_at)


def respond(request: Request, error: ApiError) -> Response:
    """The error as an HTML page for pages (:func:`wants_html`), else as the JSON error body."""
    if not wants_html(request):
        return error_response(error)
    from api.html import error_page  # here: api.html imports api.i18n, which imports this module

    lang = "en" if request.query_params.get("lang") == "en" else "da"
    return HTMLResponse(error_page(lang, error.status, error.message), status_code=error.status,
                        headers=error.headers)


def _query_syntax(exc: QueryError) -> ApiError:
    where: dict[str, Any] = {"line": exc.line, "column": exc.column} if exc.line is not None else {}
    return ApiError(400, str(exc), "query_syntax", **where)


def _refused(exc: UpdateRefused) -> ApiError:
    extra: dict[str, Any] = {"setting": "allow_service"} if "SERVICE" in str(exc) else {}
    return ApiError(400, str(exc), "refused", **extra)


def _unknown_name(exc: UnknownNameError) -> ApiError:
    status = 400 if exc.kind == "scenario" else 404  # an unknown scenario is a bad parameter value everywhere
    return ApiError(status, str(exc), "unknown_name", kind=exc.kind, valid=exc.valid)


#: the HTTP form of each library error, by type: the first type the error is an instance of decides (so a
#: subclass comes before its base class)
_BY_TYPE: tuple[tuple[type[Any], Callable[[Any], ApiError]], ...] = (
    (ServerBusy, lambda exc: ApiError(503, str(exc), "server_busy", headers={"Retry-After": str(exc.retry_after_s)},
                                      setting="short_query_s", retry_after_s=exc.retry_after_s)),
    (UpdateCrashed, lambda exc: ApiError(400, str(exc), "update_crashed")),
    (QueryTimeout, lambda exc: ApiError(503, str(exc), "query_timeout", setting="query_time_limit_s",
                                        limit_s=exc.limit_s)),
    (QueryTooDeep, lambda exc: ApiError(400, str(exc), "query_too_deep", setting="max_query_depth", limit=exc.limit,
                                        line=exc.line, column=exc.column)),
    (QueryEvaluationError, lambda exc: ApiError(400, str(exc), "query_failed")),
    (QueryError, _query_syntax),
    (ParameterError, lambda exc: ApiError(400, str(exc), "bad_parameter", parameter=exc.name)),
    (UpdateRefused, _refused),
    (UnknownNameError, _unknown_name),
    (UnsupportedFormatError, lambda exc: ApiError(400, str(exc), "unsupported_format", supported=exc.supported)),
    # the external SPARQL server graf stands in front of failed
    (RemoteStoreError, lambda exc: ApiError(502, str(exc), "remote_store_failed", url=exc.url)),
    (StoreError, lambda exc: ApiError(503, str(exc), "store_unavailable")),
    (DatasetError, lambda exc: ApiError(400, str(exc), exc.code)),
    (LoadError, lambda exc: ApiError(400, str(exc), "load_error")),
)


def from_graf_error(exc: GrafError) -> ApiError:
    """The HTTP form of a library error."""
    for kind, to_api in _BY_TYPE:
        if isinstance(exc, kind):
            return to_api(exc)
    return ApiError(400, str(exc), "bad_request")


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x != "body")
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the one JSON shape."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return respond(request, exc)

    @app.exception_handler(GrafError)
    async def _graf_error(request: Request, exc: GrafError) -> Response:
        return respond(request, from_graf_error(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        status = exc.status_code
        if status == 404:
            message = f"no such page or resource: {request.url.path} (see / or /docs)"
        elif status == 405:
            message = f"method {request.method} is not allowed on {request.url.path}"
        else:
            message = str(exc.detail)
        headers = getattr(exc, "headers", None)
        if status == 405:  # Starlette names the first matching route's methods only; a path may have several
            headers = {**(headers or {}), "Allow": _allowed(request)}
        return respond(request, ApiError(status, message, headers=headers))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        return respond(request, ApiError(422, _validation_message(exc)))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        return respond(request, internal(exc, request.method, request.url.path))


def internal(exc: Exception, method: str, path: str) -> ApiError:
    """The 500 for an unexpected error, logged with its traceback (call it while handling ``exc``)."""
    log.exception("internal error on %s %s", method, path)
    return ApiError(500, f"internal error ({type(exc).__name__}); please report it")


def _allowed(request: Request) -> str:
    """The methods every route of the app matching this request's path takes, for a 405's ``Allow``."""
    methods: set[str] = set()
    for route in _all_routes(request.app.routes):
        if isinstance(route, Route) and route.methods and route.matches(request.scope)[0] != Match.NONE:
            methods |= route.methods
    return ", ".join(sorted(methods))
