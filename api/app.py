"""The FastAPI application: ``create_app(settings)``.

The dataset is loaded once, in the lifespan (``open_store``), kept on ``app.state.graf`` and handed
to the routers by a dependency (:mod:`api.deps`); nothing is loaded at import time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from api import docs, errors, openapi
from api.deps import AppState
from api.errors import ApiError, error_response
from api.openapi import EmptyMeansAbsent
from api.protocol import too_large
from api.routers import (
    actors,
    audit,
    check,
    export,
    maps,
    metrics,
    pages,
    queries,
    scenarios,
    sparql,
    validation,
    void,
    workbench,
)
from api.security import SecurityHeaders
from graf.errors import GrafError
from graf.resources import dataset_name
from graf.settings import Settings
from graf.store import Store, open_store

STATIC = Path(__file__).parent / "static"


class BodyLimit:
    """Refuse a request whose declared body is larger than ``max_request_bytes`` (413).

    Bodies without Content-Length (chunked) are counted where they are read (api.protocol).
    """

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for name, value in scope.get("headers", ()):
                if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                    await error_response(too_large(self.limit))(scope, receive, send)
                    return
        await self.app(scope, receive, send)


def allowed_hosts(settings: Settings) -> frozenset[str]:
    """The host names the server answers to: this machine's loopback names, the bind address,
    the host of ``public_url`` and the setting ``allowed_hosts`` (lower case, no port)."""
    names = {"localhost", "127.0.0.1", "::1", settings.host, *settings.allowed_hosts}
    if settings.public_url:
        names.add(urlsplit(settings.public_url).hostname or "")
    return frozenset(n.strip().strip("[]").lower() for n in names if n.strip())


def host_name(header: str) -> str:
    """The host name of a Host header (``[::1]:8000`` -> ``::1``, ``Example.org:80`` -> ``example.org``)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class HostCheck:
    """Answer only requests whose Host header names this server (400 otherwise).

    A page on another site can make a browser send requests to 127.0.0.1 under its own name
    (DNS rebinding); such requests carry that name in Host and are refused. The base IRI of
    queries and the service description never come from Host (setting ``public_url``).
    """

    def __init__(self, app: ASGIApp, allowed: frozenset[str]):
        self.app = app
        self.allowed = allowed
        self._passed: set[bytes] = set()  # Host header values found allowed (at most 64)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            raw = next((v for k, v in scope.get("headers", ()) if k == b"host"), b"")
            if raw not in self._passed:  # clients send the same Host header again and again
                header = raw.decode("latin-1")
                if host_name(header) not in self.allowed:
                    shown = repr(header) if header else "no Host header"
                    error = ApiError(400, f"this server does not answer to {shown}; start graf serve with "
                                          f"--allowed-host NAME (setting allowed_hosts) or --public-url URL to "
                                          f"serve it under another name", "bad_host", setting="allowed_hosts")
                    await error_response(error)(scope, receive, send)
                    return
                if len(self._passed) < 64:
                    self._passed.add(raw)
        await self.app(scope, receive, send)


class SparqlEndpoint:
    """The ASGI app of ``GET``/``POST /sparql``: the routed endpoint's own handler
    (:func:`api.routers.sparql.sparql`), called straight from the ASGI scope. Errors get the same
    JSON bodies as everywhere else; an unexpected one is logged and answered 500, as the app's
    handler does."""

    def __init__(self, owner: FastAPI):
        self.owner = owner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            response = await sparql.sparql(Request(scope, receive), self.owner.state.graf)
        except ApiError as exc:
            response = error_response(exc)
        except GrafError as exc:
            response = error_response(errors.from_graf_error(exc))
        except Exception as exc:  # the app's catch-all (api.errors.install) is not on this path
            response = error_response(errors.internal(exc, scope["method"], "/sparql"))
        await response(scope, receive, send)


class GrafApp(FastAPI):
    """FastAPI, with ``GET``/``POST /sparql`` answered before FastAPI's own stack.

    FastAPI's routing and dependency injection cost 0.4-1 ms of a 1.6-2.6 ms request (measured with and
    without them, a 5-row SELECT on one connection), and its error, telemetry and body-limit middleware ran
    before any middleware of ours on every request (py-spy; bench/RESULTS.md section 12).
    A /sparql request therefore goes through graf's own middleware only (the Host check, CORS, the
    security headers and the body limit: ``sparql_stack``, built by :func:`create_app` in the same order
    as the app's) to :class:`SparqlEndpoint`. The OpenAPI docs still come from the
    route. ``tests/test_sparql_fast_path.py`` proves that both paths answer the same (status, headers,
    body, errors included) and fails if the route gains a dependency this path would skip.
    """

    sparql_stack: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        stack = self.sparql_stack
        if (stack is not None and scope["type"] == "http" and scope["path"] == "/sparql"
                and scope["method"] in ("GET", "POST") and hasattr(self.state, "graf")):
            scope["app"] = self
            await stack(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def create_app(settings: Settings | None = None, *, store: Store | None = None, fast_path: bool = True) -> FastAPI:
    """The graf HTTP app for ``settings`` (``store``: use this open store instead of opening one;
    the caller then closes it; ``fast_path``: answer /sparql before FastAPI's stack, see :class:`GrafApp`)."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = store is None
        opened = store if store is not None else await run_in_threadpool(open_store, settings)
        state = AppState(settings, opened, dataset_name(settings))
        if settings.guard:
            # here, not at the top: loads networkx, rdflib (start-up)
            from graf.guard import Guard

            state.guard = Guard(max_witness=settings.max_witness_nodes)
        app.state.graf = state
        try:
            await run_in_threadpool(opened.query, "ASK {}")  # start a query worker now, not on a request
            # the scenarios (graf.scenarios, rdflib) are read by the first page that needs them
            yield
        finally:
            if own:
                await run_in_threadpool(opened.close)

    app = GrafApp(
        title="graf",
        summary="A knowledge graph of public-sector actors: SPARQL 1.1 endpoint, REST API and pages",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    errors.install(app)
    openapi.install(app)
    app.add_middleware(EmptyMeansAbsent)
    # graf's middleware, outermost last; the /sparql fast path gets the same chain (GrafApp)
    chain: list[tuple[Any, dict[str, Any]]] = [
        (BodyLimit, {"limit": settings.max_request_bytes}),
        (SecurityHeaders, {}),  # outermost but CORS: every response, errors included
    ]
    if settings.cors_origins:
        chain.append((CORSMiddleware, {
            "allow_origins": list(settings.cors_origins), "allow_methods": ["GET", "POST"],
            "allow_headers": ["Content-Type", "Authorization", "Accept"],
            "expose_headers": ["X-Graf-Truncated", "X-Graf-Max-Rows"]}))
    chain.append((HostCheck, {"allowed": allowed_hosts(settings)}))  # outermost: before anything else
    stack: ASGIApp = SparqlEndpoint(app)
    for middleware, options in chain:
        app.add_middleware(middleware, **options)
        stack = middleware(stack, **options)
    if fast_path:
        app.sparql_stack = stack
    for module in (sparql, actors, scenarios, queries, export, validation, audit, metrics, maps, pages, void,
                   workbench, check):
        app.include_router(module.router)
    docs.install(app, STATIC)
    return app


__all__ = ["ApiError", "create_app"]
