"""The analysts' workbench at /query: YASGUI served by graf, in headless Debian chromium (Playwright)
with the network blocked. Every request that does not go to our server is aborted and recorded and
must stay none; every Content-Security-Policy violation is recorded and must stay none. Screenshots
go to artefacts/query/ (gitignored) for a human to look at."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from graf.examples import example_queries
from tests.conftest import ROOT
from tests.test_api_pages import Visit

ARTEFACTS = ROOT / "artefacts" / "query"
TMF = "https://w3id.org/graf/id/kbh/teknik-og-miljoeforvaltningen"
XSS_IMG, XSS_SCRIPT = "<img src=x onerror=alert(1)>", '"><script>alert(2)</script>'
RECORD_CSP = ("window.__csp = []; document.addEventListener('securitypolicyviolation', "
              "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile), true);")
READY = 'html[data-graf-query="ready"]'  # set by query.js (waiting on a JS predicate would need eval, which
# the page's CSP refuses: Playwright's wait_for_function polls with eval, so the tests wait on the DOM)
ACTIVE = ".yasgui .tabPanel.active"  # the shown tab (the others stay in the page, hidden)
ROWS = f"{ACTIVE} .yasr table.dataTable tbody tr"


class Workbench(Visit):
    """A fresh browser context (empty storage) that also records every request and CSP violation."""

    def __init__(self, browser: Browser, base: str):
        super().__init__(browser, base)
        self.base = base
        self.requests: list[str] = []
        self.context.add_init_script(RECORD_CSP)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.set_viewport_size({"width": 1500, "height": 1000})

    def open(self, path: str = "/query") -> Page:
        self.page.goto(self.base + path)
        self.page.wait_for_selector(READY, timeout=30_000)
        return self.page

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__csp")

    def assert_stayed_home(self) -> None:
        """Also: every request went to our server, and the page's CSP was never violated."""
        super().assert_stayed_home()
        assert self.violations() == [], "Content-Security-Policy violations"
        host = urlparse(self.base).netloc
        assert all(urlparse(u).netloc == host or u.startswith(("data:", "blob:")) for u in self.requests), self.requests

    def run(self, text: str) -> None:
        """Put ``text`` into the current tab's editor and run it; wait for its rows."""
        self.page.evaluate("(q) => { const t = grafQuery.yasgui.getTab(); t.setQuery(q); t.query().catch(() => {}); }",
                           text)

    def cells(self, column: int) -> list[str]:
        return self.page.locator(f"{ROWS} td:nth-child({column + 1})").all_inner_texts()

    def tab_names(self) -> list[str]:
        return self.page.locator(".yasgui .tabsList .tab a span").all_inner_texts()


@pytest.fixture
def bench(browser: Browser, graf_server: str) -> Iterator[Workbench]:
    yield from Workbench.checked(browser, graf_server)


def _shot(page: Page, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"))


def test_the_page_sets_a_strict_csp_of_its_own(graf_server: str) -> None:
    policy = httpx.get(graf_server + "/query", timeout=60).headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'" and directives["script-src"] == "'self'"
    assert directives["connect-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert re.fullmatch(r"'self'( 'sha256-[A-Za-z0-9+/]+=*'){2}", directives["style-src"]), directives["style-src"]
    assert "unsafe" not in policy and "http" not in policy and "*" not in policy


def test_yasgui_loads_offline_with_the_endpoint_preset(bench: Workbench) -> None:
    page = bench.open()
    assert page.locator(".yasgui .CodeMirror").count() == 1
    editor = page.evaluate("grafQuery.yasgui.getTab().getQuery()")
    assert "PREFIX graf: <https://w3id.org/graf/def#>" in editor and "graf:Administration" in editor
    assert page.evaluate("grafQuery.yasgui.getTab().getEndpoint()") == bench.base + "/sparql"
    assert page.locator("#endpoint").inner_text() == bench.base + "/sparql"
    assert page.locator("html").get_attribute("lang") == "da"
    titles = page.locator("#catalogue button.open").all_inner_texts()
    assert "Hvem er formænd for fora" in titles and len(titles) == len(example_queries())
    _shot(page, "query-da")


def test_an_example_runs_from_the_catalogue_and_shows_its_rows(bench: Workbench) -> None:
    page = bench.open()
    page.click('#catalogue button.open[data-name="chairs"]')
    page.wait_for_selector(ROWS, timeout=30_000)
    assert page.locator(ROWS).count() == 4
    assert set(bench.cells(1)) == {'"Borgmesterforum"@da', '"Partnerskabsforum"@da'}
    assert "Hvem er formænd for fora" in bench.tab_names()
    assert "# title: Who chairs the fora" in page.evaluate("grafQuery.yasgui.getTab().getQuery()")
    _shot(page, "query-example-da")


def test_the_result_table_sorts_pages_and_downloads_csv(bench: Workbench) -> None:
    page = bench.open()
    values = [f"{i:03d}" for i in range(1, 121)]  # zero-padded: their text order is their number order
    bench.run("SELECT ?n WHERE { VALUES ?n { " + " ".join(f"'{v}'" for v in values) + " } }")
    page.wait_for_selector(ROWS, timeout=30_000)
    assert page.locator(ROWS).count() == 50  # pages of 50
    assert "1 to 50 of 120" in page.locator(f"{ACTIVE} .yasr .dt-info").inner_text()
    first = page.locator(f"{ROWS} td:nth-child(2)").first
    page.locator(f"{ACTIVE} .yasr .dt-paging button").filter(has_text="2").first.click()
    expect(first).to_have_text(re.compile(r"\b051\b"))
    page.locator(f"{ACTIVE} .yasr table.dataTable thead th").filter(has_text="n").click()  # sort by n: ascending
    expect(first).to_have_text(re.compile(r"\b001\b"))
    page.locator(f"{ACTIVE} .yasr table.dataTable thead th").filter(has_text="n").click()  # and descending
    expect(first).to_have_text(re.compile(r"\b120\b"))
    with page.expect_download() as info:
        page.click(f"{ACTIVE} .yasr .yasr_downloadIcon")
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert rows[0] == ["n"] and sorted(r[0] for r in rows[1:]) == values
    assert info.value.suggested_filename.endswith(".csv")


def test_completion_offers_graf_classes_and_properties(bench: Workbench) -> None:
    page = bench.open()
    page.evaluate("void grafQuery.yasgui.getTab().setQuery('')")
    page.click(".yasgui .CodeMirror")
    page.keyboard.type("SELECT * WHERE { ?x a graf:Administr")
    page.keyboard.press("Control+Space")
    hint = page.locator(".CodeMirror-hints li").filter(has_text="graf:Administration — forvaltning")
    hint.first.wait_for(timeout=15_000)
    query = page.evaluate("grafQuery.yasgui.getTab().getYasqe().getValue()")
    assert query.startswith("PREFIX graf: <https://w3id.org/graf/def#>")  # added as graf: was typed
    page.keyboard.press("Escape")
    page.keyboard.type(" ; graf:channelT")
    page.keyboard.press("Control+Space")
    page.locator(".CodeMirror-hints li").filter(has_text="graf:channelTo").first.wait_for(timeout=15_000)
    page.keyboard.press("Enter")
    assert "graf:channelTo" in page.evaluate("grafQuery.yasgui.getTab().getYasqe().getValue()")


def test_a_shared_link_reopens_the_query(bench: Workbench, browser: Browser) -> None:
    page = bench.open()
    bench.run("SELECT ?label WHERE { <https://w3id.org/graf/id/kbh/koebenhavns-kommune> "
              "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label } ORDER BY ?label")
    page.wait_for_selector(ROWS, timeout=30_000)
    page.click(f"{ACTIVE} .yasqe .yasqe_share")  # the tab's share button shows the link
    link = page.locator(f"{ACTIVE} .yasqe_sharePopup input").first.input_value()
    assert link.startswith(bench.base + "/query?query=")
    assert parse_qs(urlparse(link).query)["query"][0].startswith("SELECT ?label")
    other = Workbench(browser, bench.base)  # a new visitor: nothing in the browser's storage
    try:
        reopened = other.open(link.removeprefix(bench.base))
        reopened.wait_for_selector(ROWS, timeout=30_000)
        assert "Delt forespørgsel" in other.tab_names()
        assert reopened.evaluate("grafQuery.yasgui.getTab().getQuery()").startswith("SELECT ?label")
        assert set(other.cells(1)) == {'"Københavns Kommune"@da', '"City of Copenhagen"@en'}
        assert "query=" not in reopened.url  # a reload shows the kept tab rather than adding another
        other.assert_stayed_home()
    finally:
        other.close()


def test_tabs_are_kept_in_the_browser(bench: Workbench) -> None:
    page = bench.open()
    for name in ("chairs", "graphs"):
        page.click(f'#catalogue button.open[data-name="{name}"]')
        page.wait_for_selector(ROWS, timeout=30_000)
    before = bench.tab_names()
    assert {"Hvem er formænd for fora", "Tripler pr. graf"} <= set(before)
    page.reload()
    page.wait_for_selector(READY, timeout=30_000)
    assert bench.tab_names() == before


def test_a_parameter_form_binds_its_values_on_the_server(bench: Workbench) -> None:
    page = bench.open()
    form = page.locator('form.params[data-name="channels-of-actor"]')
    form.locator('input[name="actor"]').fill("entry-point")
    form.locator('button[type="submit"]').click()
    page.wait_for_selector(ROWS, timeout=30_000)
    assert set(bench.cells(1)) == {"kbh:entry-point"}
    assert form.locator("a").get_attribute("href") == "/queries/channels-of-actor?actor=entry-point"
    form.locator('input[name="actor"]').fill("no-such-actor")
    form.locator('button[type="submit"]').click()
    status = form.locator(".param-status.error")
    status.wait_for(timeout=15_000)
    assert "parameter 'actor'" in status.inner_text() and "no-such-actor" in status.inner_text()


def test_the_page_in_english(bench: Workbench) -> None:
    page = bench.open("/query?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    page.click('#catalogue button.open[data-name="chairs"]')
    page.wait_for_selector(ROWS, timeout=30_000)
    assert "Who chairs the fora" in bench.tab_names()
    assert "Examples" in page.locator("#catalogue h2").inner_text()
    _shot(page, "query-example-en")


def test_the_maps_side_panel_shows_the_actor_in_sparql(bench: Workbench) -> None:
    page = bench.page
    page.goto(bench.base + "/maps/overview?scenario=adjusted")
    page.wait_for_selector("#graph canvas", timeout=60_000)  # map.js has run (it draws synchronously)
    assert page.evaluate(f"grafMap.select({TMF!r})")
    link = page.locator("#panel a.sparql-link")
    assert link.inner_text() == "Vis aktøren i SPARQL"
    link.click()
    page.wait_for_selector(READY, timeout=30_000)
    page.wait_for_selector(ROWS, timeout=30_000)
    assert TMF in page.evaluate("grafQuery.yasgui.getTab().getQuery()")
    assert "kbh:teknik-og-miljoeforvaltningen" not in bench.cells(1)  # rows are about it: its properties
    assert "skos:prefLabel" in bench.cells(2)


def test_the_actor_list_and_home_page_link_to_the_editor(bench: Workbench) -> None:
    page = bench.page
    page.goto(bench.base + "/pages/actors?scenario=adjusted")
    row = page.locator("#actors tr").filter(has_text="teknik-og-miljoeforvaltningen").first
    row.locator("a.sparql").click()
    page.wait_for_selector(READY, timeout=30_000)
    page.wait_for_selector(ROWS, timeout=30_000)
    assert TMF in page.evaluate("grafQuery.yasgui.getTab().getQuery()")
    page.goto(bench.base + "/")
    page.locator("#scenarios li").filter(has_text="adjusted").locator("a.sparql").click()
    page.wait_for_selector(READY, timeout=30_000)
    page.wait_for_selector(ROWS, timeout=30_000)
    assert page.locator(ROWS).count() == 16  # the adjusted model's channels: 7 direct (the group), 9 formal
    assert set(bench.cells(3)) == {'"driftsmæssig"@da', '"formel"@da'}


def test_a_bad_query_shows_the_servers_error_with_its_position(bench: Workbench) -> None:
    page = bench.open("/query?lang=en")
    bench.run("SELECT ?s\nWHERE { ?s ?p }")
    error = page.locator(f"{ACTIVE} .yasr .errorResult")
    error.wait_for(timeout=30_000)
    assert "line 2" in error.inner_text() and "SPARQL syntax error" in error.inner_text()


def test_results_are_shown_as_text_never_as_html(bench: Workbench) -> None:
    page = bench.open()
    bench.run(f"SELECT ?x WHERE {{ VALUES ?x {{ '{XSS_IMG}' \'\'\'{XSS_SCRIPT}\'\'\' }} }}")
    page.wait_for_selector(ROWS, timeout=30_000)
    table = page.locator(f"{ACTIVE} .yasr table.dataTable")
    assert table.locator("img").count() == 0 and table.locator("tbody script").count() == 0
    assert XSS_IMG in table.inner_text() and XSS_SCRIPT in table.inner_text()
    assert bench.dialogs == []
    assert page.locator("img").count() == 0  # nowhere in the page
    # YASR passes every value through DOMPurify, which parses it into an inert document of its own to
    # sanitise it; Chrome reports the onerror attribute it meets there as a CSP violation, although that
    # document never runs anything (cure53/DOMPurify#107, #900). Those reports, and only those, are
    # expected here: they come from the bundle, for inline attributes, and nothing ran.
    reports = page.evaluate("window.__csp.splice(0)")
    assert reports and all(r.startswith("script-src-attr inline ") and r.endswith("/yasgui.min.js") for r in reports)
    bench.refused.clear()  # the same reports, as the browser's console shows them (Visit records those)
