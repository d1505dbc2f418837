"""Every error of every route has the one JSON shape ``{"error": {"status", "code", "message"}}``;
the pages (routes that serve HTML) answer theirs as an HTML page with the message escaped."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from starlette.routing import Route

from api.app import create_app
from api.testing import running_server
from graf.settings import Settings


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with running_server(["--time-limit", "10"]) as url:
        yield url


def all_routes() -> list[tuple[str, set[str], bool]]:
    """(path, methods, serves HTML) of every route of the app, included routers unfolded."""
    found: list[tuple[str, set[str], bool]] = []

    def walk(routes: list) -> None:
        for route in routes:
            if hasattr(route, "original_router"):
                walk(route.original_router.routes)
            elif isinstance(route, (APIRoute, Route)):
                kind = getattr(route, "response_class", None)
                html = isinstance(kind, type) and issubclass(kind, HTMLResponse)
                found.append((route.path, set(route.methods or ()), html))

    walk(create_app(Settings()).routes)
    return sorted(found)


ROUTES = all_routes()
#: per path: whether its GET route serves HTML, and whether every route at the path does (a path with an
#: HTML page and a JSON operation, like /check, answers an unknown method as an API does)
GET_PAGE = {path: html for path, methods, html in ROUTES if "GET" in methods}
ALL_PAGES = {path: all(h for p, _, h in ROUTES if p == path) for path, _, _ in ROUTES}


def assert_error_shape(r: httpx.Response, where: str, *, page: bool = False) -> None:
    if page:
        assert r.headers["content-type"].startswith("text/html"), (where, r.status_code, r.text[:200])
        assert f"<title>Fejl {r.status_code}</title>" in r.text, (where, r.text[:300])
        assert '<p id="error-message">' in r.text and "<script>" not in r.text
        return
    assert r.headers["content-type"].startswith("application/json"), (where, r.status_code, r.text[:200])
    body = r.json()
    assert set(body) == {"error"}, (where, body)
    error = body["error"]
    assert error["status"] == r.status_code, (where, body)
    assert isinstance(error["code"], str) and error["code"], (where, body)
    assert isinstance(error["message"], str) and len(error["message"]) > 10, (where, body)


def test_the_app_has_the_expected_routes() -> None:
    paths = {p for p, _, _ in ROUTES}
    for path in ("/sparql", "/actors", "/actors/{actor_id:path}", "/channels", "/scenarios",
                 "/scenarios/{a}/diff/{b}", "/export", "/queries", "/validation", "/maps/{view:path}", "/",
                 "/query", "/pages/actors", "/docs", "/openapi.json"):
        assert path in paths


@pytest.mark.parametrize(("path", "methods", "html"), ROUTES, ids=[p for p, _, _ in ROUTES])
def test_every_route_answers_errors_in_the_one_shape(base: str, path: str, methods: set[str], html: bool) -> None:
    concrete = re.sub(r"\{[^}]+\}", "no-such-thing", path)
    # a method the route does not have -> 405
    r = httpx.request("DELETE", base + concrete)
    assert r.status_code == 405, (path, r.status_code)
    assert_error_shape(r, f"DELETE {path}", page=ALL_PAGES[path])
    # bad names and parameters -> 4xx, never 500, always the shape
    for params in ({}, {"lang": "xx"}, {"scenario": "no-such-scenario"}, {"format": "no-such-format"},
                   {"degree": "nine"}):
        r = httpx.get(base + concrete, params=params, timeout=60)
        assert r.status_code < 500, (path, params, r.status_code, r.text[:300])
        if r.status_code >= 400:
            assert_error_shape(r, f"GET {path} {params}", page=GET_PAGE.get(path, html))


@pytest.mark.parametrize(("path", "status"), [
    ("/no/such/page", 404),
    ("/static/no-such-file.css", 404),
    ("/actors?lang=fr", 422),
    ("/maps/overview?degree=7", 422),
    ("/actors/no-such-actor", 404),
    ("/queries/no-such-query", 404),
    ("/maps/no-such-view", 404),
    ("/maps/overview?scenario=no-such-scenario", 400),
    ("/validation?scenario=no-such-scenario", 400),
    ("/pages/actors?scenario=no-such-scenario", 400),
    ("/scenarios/asis/diff/no-such-scenario", 400),
    ("/actors?scenario=no-such-scenario", 400),
    ("/actors?kind=NoSuchKind", 400),
    ("/channels?layer=diagonal", 400),
    ("/export?format=docx", 400),
    ("/export?graph=http://no.such/graph", 404),
    ("/validation?format=pdf", 400),
    ("/?lang=de", 400),
    ("/sparql?query=SELEKT", 400),
])
def test_specific_errors(base: str, path: str, status: int) -> None:
    r = httpx.get(base + path, timeout=60)
    assert r.status_code == status, (path, r.status_code, r.text[:300])
    assert_error_shape(r, path, page=path.startswith(("/maps/", "/pages/", "/?")))


def test_unknown_names_list_the_valid_ones(base: str) -> None:
    page = httpx.get(base + "/maps/no-such-view").text
    assert "overview" in page and "strategic" in page
    error = httpx.get(base + "/actors?scenario=nope").json()["error"]
    assert error["valid"] == ["adjusted", "asis", "draft"]
