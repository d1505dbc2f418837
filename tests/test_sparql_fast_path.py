"""api.app.GrafApp answers /sparql before FastAPI's stack (0.4-1 ms a request): both paths
must answer every request the same, errors and headers included, and the route must not gain a
dependency the fast path would skip."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn

from api.app import create_app
from api.deps import get_state
from api.routers import sparql
from api.testing import free_port
from graf.settings import Settings
from graf.store import EmbeddedStore

TOKEN = "t0ken"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
#: (method, params, body, headers): queries, formats, errors of every kind, updates
REQUESTS = [
    ("GET", {"query": "SELECT ?s ?p WHERE { ?s ?p ?o } ORDER BY ?s ?p LIMIT 3"}, None, {}),
    ("GET", {"query": "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s"}, None, {"Accept": "text/csv"}),
    ("GET", {"query": "ASK {}", "format": "xml"}, None, {}),
    ("GET", {"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, None, {"Accept": "text/turtle"}),
    ("GET", {}, None, {"Accept": "text/turtle"}),  # the service description
    ("GET", {"query": "SELEKT"}, None, {}),  # 400 syntax
    ("GET", {"query": "SELECT * { ?s x:p ?o }"}, None, {}),  # 400 undeclared prefix
    ("GET", {"query": "ASK {}"}, None, {"Accept": "text/csv"}),  # 406
    ("GET", {"query": "ASK {}", "format": "docx"}, None, {}),  # 400 unknown format
    ("GET", [("query", "ASK {}"), ("format", "json"), ("format", "xml")], None, {}),  # 400 conflicting
    ("GET", {"query": "INSERT DATA { <a:b> <a:c> 1 }"}, None, {}),  # 400 update as query
    ("GET", {"query": "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"}, None, {}),  # 400 SERVICE
    ("POST", {}, b"ASK {}", {"Content-Type": "application/sparql-query"}),
    ("POST", {}, b"query=ASK+%7B%7D", FORM),
    ("POST", {}, b"ASK {}", {"Content-Type": "text/plain"}),  # 415
    ("POST", {}, b"x" * 3000, {"Content-Type": "application/sparql-query"}),  # 413
    ("POST", {}, b"update=CLEAR+GRAPH+%3Curn%3Ax%3E", FORM),  # 401 no token
    ("POST", {}, b"update=CLEAR+GRAPH+%3Curn%3Ax%3E", {**FORM, "Authorization": "Bearer wrong"}),  # 403
    ("POST", {}, b"update=INSERT+DATA+%7B+%3Cu%3Aa%3E+%3Cu%3Ab%3E+1+%7D", {**FORM, **AUTH}),  # 204
    ("POST", {}, b"update=INSERT+DATA+%7B", {**FORM, **AUTH}),  # 400 syntax in an update
]
_VARYING = {"date", "x-graf-elapsed-s", "content-length"}


@contextmanager
def serving(fast_path: bool, fixtures) -> Iterator[httpx.Client]:
    """The app (with or without the fast path) on a real uvicorn server in a thread, on the mini data."""
    settings = Settings.from_env({"update_token": TOKEN, "max_request_bytes": 2000}, environ={})
    store = EmbeddedStore()
    store.load_ontology(fixtures / "ontology")
    store.load([fixtures / "mini.trig"])
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, store=store, fast_path=fast_path),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.02)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(30)
        store.close()


@pytest.fixture(scope="module")
def clients() -> Iterator[tuple[httpx.Client, httpx.Client]]:
    from conftest import FIXTURES

    with serving(True, FIXTURES) as fast, serving(False, FIXTURES) as routed:
        yield fast, routed


@pytest.mark.parametrize(("method", "params", "body", "headers"), REQUESTS,
                         ids=[f"{i}-{r[0]}" for i, r in enumerate(REQUESTS)])
def test_the_fast_path_answers_as_the_route_does(clients, method, params, body, headers) -> None:
    answers = [client.request(method, "/sparql", params=params, content=body, headers=headers) for client in clients]
    fast, routed = answers
    assert fast.status_code == routed.status_code, (fast.text, routed.text)
    assert {k: v for k, v in fast.headers.items() if k not in _VARYING} == \
        {k: v for k, v in routed.headers.items() if k not in _VARYING}
    bodies = [a.content.replace(str(c.base_url).rstrip("/").encode(), b"BASE")
              for a, c in zip(answers, clients, strict=True)]
    assert bodies[0] == bodies[1]  # the service description names its own endpoint


def test_the_route_needs_nothing_the_fast_path_does_not_give() -> None:
    from fastapi.routing import APIRoute

    app = create_app(Settings())
    routes = [r for router in app.routes if hasattr(router, "original_router")
              for r in router.original_router.routes if isinstance(r, APIRoute) and r.path == "/sparql"]
    assert {frozenset(r.methods) for r in routes} >= {frozenset({"GET"}), frozenset({"POST"})}
    for route in routes:
        if route.methods & {"GET", "POST"}:
            # request and the app state are all api.app.SparqlEndpoint passes to api.routers.sparql.sparql:
            # a new dependency here must be given by the fast path too (or the fast path removed)
            assert [d.call for d in route.dependant.dependencies] == [get_state], route.dependant
            assert route.endpoint is sparql.sparql
