"""The pages of ``graf serve`` in headless Debian chromium (Playwright) with the network blocked:
every request that does not go to our server is aborted and recorded, and must stay none."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Self
from urllib.parse import urlparse

import httpx
import pytest
from playwright.sync_api import Browser, Page

from api.testing import running_server

XSS_IMG, XSS_SCRIPT = "<img src=x onerror=alert(1)>", '"><script>alert(2)</script>'


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with running_server(["--time-limit", "10"]) as url:
        yield url


class Visit:
    """A fresh page that lets only requests to ``base`` through and records the others."""

    def __init__(self, browser: Browser, base: str):
        self.host = urlparse(base).netloc
        self.context = browser.new_context()
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.refused: list[str] = []  # what the Content-Security-Policy blocked
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: "Content Security Policy" in m.text and self.refused.append(m.text))

    def _route(self, route, request) -> None:  # type: ignore[no-untyped-def]
        url = urlparse(request.url)
        if url.scheme in ("http", "https") and url.netloc == self.host or url.scheme == "data":
            route.continue_()
        else:
            self.blocked.append(request.url)
            route.abort()

    def assert_stayed_home(self) -> None:
        """No request left for another origin, no script error happened, and the page needed
        nothing its Content-Security-Policy forbids."""
        assert self.blocked == [], f"requests left the machine: {self.blocked}"
        assert self.errors == [], self.errors
        assert self.refused == [], f"the page needs what its Content-Security-Policy forbids: {self.refused}"

    def close(self) -> None:
        self.context.close()

    @classmethod
    def checked(cls, browser: Browser, base: str) -> Iterator[Self]:
        """A fixture's body: a fresh visit for the test, then checked (:meth:`assert_stayed_home`) and closed."""
        visit = cls(browser, base)
        yield visit
        visit.assert_stayed_home()
        visit.close()


@pytest.fixture
def visit(browser: Browser, base: str) -> Iterator[Visit]:
    yield from Visit.checked(browser, base)


def test_home_page_loads_offline_and_links_everything(visit: Visit, base: str) -> None:
    page = visit.page
    page.goto(base + "/")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "da"
    assert "kontaktveje" in page.title()
    assert "copenhagen-2010" in page.locator("#dataset").inner_text()
    hrefs = set(page.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))"))
    for view in ("overview", "strategic", "operational", "findings"):
        assert f"/maps/{view}?scenario=adjusted" in hrefs
    assert any(h.startswith("/maps/diff?") for h in hrefs)
    for path in ("/query", "/validation", "/pages/actors", "/docs", "/sparql"):
        assert path in hrefs
    assert all(h.startswith(("/", "?")) for h in hrefs), hrefs  # no external link
    scenarios = page.locator("#scenarios li").all_inner_texts()
    assert len(scenarios) == 3
    page.click("#lang-switch")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "/query?lang=en" in set(page.locator("a").evaluate_all("l => l.map(a => a.getAttribute('href'))"))


def test_every_linked_page_answers(base: str) -> None:
    html = httpx.get(base + "/").text
    import re

    for href in sorted(set(re.findall(r'href="([^"]+)"', html))):
        href = href.replace("&amp;", "&")
        if href.startswith("/"):
            r = httpx.get(base + href, timeout=120)
            assert r.status_code == 200, (href, r.status_code, r.text[:200])


def test_the_actor_list_links_to_actor_maps_and_details(base: str) -> None:
    import re

    html = httpx.get(base + "/pages/actors", params={"scenario": "adjusted"}).text
    links = sorted({h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', html)})
    maps = [h for h in links if h.startswith("/maps/actor:")]
    details = [h for h in links if h.startswith("/actors/")]
    assert len(maps) > 20 and len(details) == len(maps)
    for href in maps[::10] + details:
        r = httpx.get(base + href, timeout=120)
        assert r.status_code == 200, (href, r.status_code, r.text[:200])


def test_api_docs_render_offline(visit: Visit, base: str) -> None:
    page = visit.page
    response = page.goto(base + "/docs")
    page.wait_for_selector("text=/actors", timeout=15000)
    assert page.locator(".opblock").count() >= 10  # every operation drawn, under the policy
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "http" not in policy


PAGES = ["/", "/query", "/validation", "/pages/actors", "/maps/overview", "/docs", "/maps/nowhere"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_sends_the_security_headers(base: str, path: str) -> None:
    r = httpx.get(base + path, headers={"Accept": "text/html"}, timeout=60)
    assert r.headers["content-type"].startswith("text/html")
    policy = r.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "'unsafe-eval'" not in policy and "http" not in policy  # no remote source
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("path", PAGES[:5])
def test_every_page_works_under_its_policy_in_the_browser(visit: Visit, base: str, path: str) -> None:
    visit.page.goto(base + path, wait_until="load")  # the fixture asserts that nothing was refused


# -- labels with markup are escaped everywhere ------------------------------------------------------------


@pytest.fixture(scope="module")
def evil(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder: Path = tmp_path_factory.mktemp("evil")
    data = folder / "evil.trig"
    data.write_text(f"""
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix graf: <https://w3id.org/graf/def#> .
<http://e/evil-model> {{
  <http://e/evil-model> a graf:OrganisationModel ; graf:scenarioName "evil" ;
      skos:prefLabel "{XSS_IMG}"@da, "{XSS_IMG}"@en .
  <http://e/actor> a org:Organization ; skos:prefLabel '''{XSS_SCRIPT}'''@da .
}}
""", encoding="utf-8")
    with running_server(["--data", str(data)]) as url:
        yield url


@pytest.mark.parametrize("path", ["/", "/?lang=en", "/pages/actors", "/pages/actors?q=script",
                                  "/pages/actors?scenario=evil"])
def test_labels_with_markup_are_escaped(evil: str, path: str) -> None:
    html = httpx.get(evil + path).text
    assert XSS_IMG not in html and "<script>alert" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html or "&lt;script&gt;alert(2)" in html


def test_escaped_labels_do_not_run_in_the_browser(browser: Browser, evil: str) -> None:
    v = Visit(browser, evil)
    try:
        for path in ("/", "/pages/actors"):
            v.page.goto(evil + path)
            v.page.wait_for_load_state("networkidle")
        assert v.dialogs == [] and v.blocked == []
        assert XSS_SCRIPT in v.page.locator("#actors").inner_text()
    finally:
        v.close()
