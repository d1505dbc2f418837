"""Shared fixtures: a tiny dataset (tests/fixtures) in a fresh in-memory store."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import graf
from graf.report import Report
from graf.settings import Settings
from graf.store import EmbeddedStore, Store, open_store

FIXTURES = Path(__file__).parent / "fixtures"
#: a planner's model (fictional municipality, sourced from its own minutes) as a folder of Danish CSV files
PLANNER = FIXTURES / "planner-model"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    """The bundled Copenhagen 2010 data set in memory, shared by a test module (GRAF_* variables ignored).

    A module that needs other data defines its own ``store`` fixture, which takes precedence."""
    s = open_store(Settings.from_env({}, environ={}))
    yield s
    s.close()


@pytest.fixture(scope="module")
def rules_store() -> Iterator[Store]:
    """Every rule fixture (tests/fixtures/rules/*.trig: a valid model and broken variants) in memory."""
    s = open_store(Settings.from_env({"data": sorted((FIXTURES / "rules").glob("*.trig"))}, environ={}))
    yield s
    s.close()


def store_quads(store: EmbeddedStore) -> set:
    """Every quad of ``store``, read through its public export (blank nodes keep their labels)."""
    import pyoxigraph as ox

    return set(ox.parse(store.export("nq", canonical=False), format=ox.RdfFormat.N_QUADS))


@pytest.fixture(scope="module")
def rules_report(rules_store: Store) -> Report:
    """:func:`graf.validate` of ``rules_store``: every rule on every fixture scenario."""
    return graf.validate(rules_store)


@pytest.fixture(scope="module")
def broken() -> Iterator[Store]:
    """The deliberately broken map model (tests/fixtures/maps/broken.trig: a bypass of the entry point, XSS probes
    as labels) in memory."""
    s = open_store(Settings.from_env({"data": [FIXTURES / "maps" / "broken.trig"]}, environ={}))
    yield s
    s.close()


@pytest.fixture(scope="module")
def dated() -> Iterator[Store]:
    """The dated map model (tests/fixtures/maps/dated.trig: known dates, two scenarios, every confidence) in
    memory."""
    s = open_store(Settings.from_env({"data": [FIXTURES / "maps" / "dated.trig"]}, environ={}))
    yield s
    s.close()


@pytest.fixture
def mini_store() -> Iterator[EmbeddedStore]:
    """The mini municipality (named graph ``graph:mini``) plus the mini ontology, in memory."""
    store = EmbeddedStore()
    store.load_ontology(FIXTURES / "ontology")
    store.load([FIXTURES / "mini.trig"])
    yield store
    store.close()


def run_graf(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the real CLI (``python -m graf``) in a subprocess."""
    environment = {**os.environ, **(env or {}), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "graf", *args], cwd=cwd, env=environment,
        capture_output=True, text=True, encoding="utf-8", timeout=60,
    )


# -- an Oxigraph server for the remote-store tests (engineer E) -------------------------------------------


def oxigraph_binary() -> str:
    """The ``oxigraph`` server binary (PyPI ``oxigraph``, in the test extra): next to sys.executable."""
    import shutil

    beside = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph server binary is missing: pip install -e '.[test]' installs it")
    return found


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server on 127.0.0.1 (free port, temp folder), stopped after the session; its base URL."""
    import time

    import httpx

    from api.testing import free_port, stop

    port = free_port()
    folder = tmp_path_factory.mktemp("oxigraph-server")
    log = (folder.parent / "oxigraph-server.log").open("wb")
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}",
                             "--timeout-s", "60"],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.post(url + "/query", data={"query": "ASK {}"}, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"oxigraph server did not start (see {log.name})")
            time.sleep(0.05)
        yield url
    finally:
        stop(proc)
        log.close()


# -- Virtuoso 7 (Debian's virtuoso-opensource), started by bench/engines/virtuoso.sh ------------------------

VIRTUOSO_SCRIPT = ROOT / "bench" / "engines" / "virtuoso.sh"
#: Virtuoso's row cap in the tests (ResultSetMaxRows): small enough to exceed in a test, big enough for the fixtures
VIRTUOSO_RESULT_ROWS = 20_000


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A real Virtuoso on 127.0.0.1 (free ports, temp folder, random dba password), stopped after the session.

    Started by the same script users run (it installs virtuoso-opensource with apt when missing and root);
    yields its ``env`` file as a dict (VIRTUOSO_SPARQL, VIRTUOSO_UPDATE, VIRTUOSO_PASSWORD ...).
    """
    folder = tmp_path_factory.mktemp("virtuoso")
    env = {**os.environ, "VIRTUOSO_BUFFERS": "20000", "VIRTUOSO_RESULT_ROWS": str(VIRTUOSO_RESULT_ROWS)}
    done = subprocess.run([str(VIRTUOSO_SCRIPT), "start", str(folder)], env=env, capture_output=True, text=True,
                          timeout=600, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise RuntimeError(f"Virtuoso did not start: {done.stderr.strip()}")
    try:
        yield read_env_file(folder / "env")
    finally:
        subprocess.run([str(VIRTUOSO_SCRIPT), "stop", str(folder)], capture_output=True, timeout=120,
                       stdin=subprocess.DEVNULL)


def read_env_file(path: Path) -> dict[str, str]:
    """NAME=value lines (the ``env`` file of bench/engines/virtuoso.sh)."""
    pairs = (line.removeprefix("export ").split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {name.strip(): value.strip() for name, value in pairs}


# -- the remote-store tests run on each real engine --------------------------------------------------------------

ENGINES = ("oxigraph", "virtuoso")


@dataclass(frozen=True)
class RemoteServer:
    """A running SPARQL server the remote-store tests use: its engine, endpoints and update credentials."""

    engine: str
    query: str
    update: str
    auth: str | None = None  # USER:PASSWORD for the update endpoint

    def options(self) -> list[str]:
        """CLI options that point graf at this server (credentials go through the environment)."""
        return ["--sparql-endpoint", self.query, "--update-endpoint", self.update]

    def env(self) -> dict[str, str]:
        return {"GRAF_UPDATE_AUTH": self.auth} if self.auth else {}

    def open(self, **options: object) -> object:
        from graf.remote import RemoteStore

        return RemoteStore(self.query, self.update, update_auth=self.auth, **options)  # type: ignore[arg-type]

    def clear(self) -> None:
        """Remove every statement graf can see (Virtuoso keeps its own graphs)."""
        import httpx

        auth = httpx.DigestAuth(*self.auth.split(":", 1)) if self.auth else None
        if self.engine == "oxigraph":
            httpx.post(self.update, data={"update": "CLEAR ALL"}, timeout=60).raise_for_status()
            return
        store = self.open()
        try:
            keep = set(store.engine.own_graphs)  # type: ignore[attr-defined]
        finally:
            store.close()  # type: ignore[attr-defined]
        # (GROUP BY, not DISTINCT: Virtuoso 7 answers this in milliseconds, SELECT DISTINCT ?g in seconds)
        answer = httpx.post(self.query, data={"query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                                                       "GROUP BY ?g"},
                            headers={"Accept": "application/sparql-results+json"}, timeout=60)
        answer.raise_for_status()
        graphs = [b["g"]["value"] for b in answer.json()["results"]["bindings"] if b["g"]["value"] not in keep]
        if graphs:
            update = " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs)
            httpx.post(self.update, data={"update": update}, auth=auth, timeout=120).raise_for_status()


def serve_engine(request: pytest.FixtureRequest, engine: str) -> RemoteServer:
    """The running server of ``engine`` (started once per session), emptied."""
    if engine == "oxigraph":
        base = request.getfixturevalue("oxigraph_server")
        server = RemoteServer("oxigraph", base + "/query", base + "/update")
    else:
        env = request.getfixturevalue("virtuoso_server")
        server = RemoteServer("virtuoso", env["VIRTUOSO_SPARQL"], env["VIRTUOSO_UPDATE"],
                              f"{env['VIRTUOSO_USER']}:{env['VIRTUOSO_PASSWORD']}")
    server.clear()
    return server


@pytest.fixture(params=ENGINES)
def remote_server(request: pytest.FixtureRequest) -> RemoteServer:
    """Each real SPARQL server in turn (Oxigraph server, Virtuoso), emptied."""
    return serve_engine(request, request.param)


@pytest.fixture
def remote_store(remote_server: RemoteServer) -> Iterator[object]:
    """A :class:`graf.remote.RemoteStore` on each (emptied) real server."""
    store = remote_server.open()
    yield store
    store.close()  # type: ignore[attr-defined]


@pytest.fixture
def remote_mini_store(remote_store: object) -> object:
    """The mini dataset of :func:`mini_store`, on the server."""
    remote_store.load_ontology(FIXTURES / "ontology")  # type: ignore[attr-defined]
    remote_store.load([FIXTURES / "mini.trig"])  # type: ignore[attr-defined]
    return remote_store


@pytest.fixture(scope="session")
def graf_server() -> Iterator[str]:
    """``graf serve`` on the bundled data (subprocess, free port), shared by the workbench tests
    (parameterised queries, VoID, the query page); its base URL."""
    from api.testing import running_server

    with running_server(["--time-limit", "10"]) as url:
        yield url


# -- headless Debian chromium for the browser tests (Playwright drives /usr/bin/chromium; nothing is downloaded)

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One headless chromium per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


# -- a map page in that browser (file:// or served), with what it fetched, its dialogs and console errors -----

MAP_ARTEFACTS = ROOT / "artefacts" / "maps"


class OpenedMap:
    """A loaded map page plus what it tried to fetch outside its origin, its dialogs and console errors."""

    def __init__(self, page: object, requests: list[str], dialogs: list[str], errors: list[str]):
        self.page, self.requests, self.dialogs, self.errors = page, requests, dialogs, errors

    def js(self, expression: str, arg: object = None) -> object:
        return self.page.evaluate(expression, arg)  # type: ignore[attr-defined]

    def wait_drawn(self) -> None:
        """Until the map's first draw is done (an attribute the page sets: polling a JS expression would need
        'unsafe-eval', which the map's Content-Security-Policy refuses)."""
        self.page.wait_for_selector("body[data-drawn]", state="attached", timeout=60_000)  # type: ignore[attr-defined]

    def node_on_screen(self, node_id: str) -> tuple[float, float]:
        """Page coordinates of a node's centre (after focusing it, so it is inside the canvas)."""
        return self.js("""(id) => {
            const net = grafMap.network;
            net.focus(id, {scale: 1.0, animation: false});
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            const r = document.querySelector('#graph canvas').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""", node_id)  # type: ignore[return-value]


@pytest.fixture
def open_map(browser: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """``open_map(html_or_url, name, shot=None, size=(1600, 1000), fragment="")``: a fresh page on the map (HTML
    written to a file and opened by file://, or a served URL), every request outside its origin aborted and
    recorded; waits for the map's first draw; ``shot`` saves a screenshot to artefacts/maps/."""
    pages: list[object] = []
    folder = tmp_path_factory.mktemp("maps")
    MAP_ARTEFACTS.mkdir(parents=True, exist_ok=True)

    def opener(target: str, name: str, shot: str | None = None, size: tuple[int, int] = (1600, 1000),
               fragment: str = "") -> OpenedMap:
        if target.startswith("http"):
            url, origin = target, "/".join(target.split("/")[:3])
        else:
            path = folder / f"{name}.html"
            path.write_text(target, encoding="utf-8")
            url, origin = path.as_uri(), "file://"
        page = browser.new_page(viewport={"width": size[0], "height": size[1]},  # type: ignore[attr-defined]
                                accept_downloads=True)
        pages.append(page)
        requests: list[str] = []
        dialogs: list[str] = []
        errors: list[str] = []

        def route(r: object) -> None:
            if r.request.url.startswith(origin):  # type: ignore[attr-defined]
                r.continue_()  # type: ignore[attr-defined]
            else:
                requests.append(r.request.url)  # type: ignore[attr-defined]
                r.abort()  # type: ignore[attr-defined]

        page.route("**/*", route)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url + (f"#{fragment}" if fragment else ""))
        opened = OpenedMap(page, requests, dialogs, errors)
        opened.wait_drawn()
        if shot:
            page.screenshot(path=str(MAP_ARTEFACTS / f"{shot}.png"))
        return opened

    yield opener
    for page in pages:
        page.close()  # type: ignore[attr-defined]


# -- a planner's model: the template filled in as a planner would (tests/fixtures/planner-model) ------------

def fill_from_fixture(book_path: Path, fixture: Path = PLANNER) -> None:
    """Fill a template workbook as a planner would: each fixture CSV's rows under the matching sheet's headers."""
    import csv

    import openpyxl

    book = openpyxl.load_workbook(book_path)
    for csv_file in sorted(fixture.glob("*.csv")):
        ws = book[csv_file.stem]
        headers = {str(c.value): c.column for c in ws[1] if c.value}
        with csv_file.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        if ws.title == "Model":  # the template lists the settings; set the values the fixture gives
            names = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
            for row in rows:
                ws.cell(names[row["indstilling"]], 2, row["værdi"])
            continue
        for r, row in enumerate(rows, start=2):
            for header, value in row.items():
                if value:
                    ws.cell(r, headers[header], value)
    book.save(book_path)


def broken_copy(book_path: Path, folder: Path, cells: dict[tuple[str, str], str]) -> Path:
    """A copy of the workbook at ``book_path`` (``folder``/broken.xlsx) with ``cells`` ((sheet, cell) -> value) set."""
    import openpyxl

    book = openpyxl.load_workbook(book_path)
    for (sheet, cell), value in cells.items():
        book[sheet][cell] = value
    path = folder / "broken.xlsx"
    book.save(path)
    return path


def filled(tmp_path: Path) -> Path:
    """``graf template`` filled from the planner fixture, its source text beside it (as a planner keeps it)."""
    import shutil

    from graf.workbook import template

    path = tmp_path / "model.xlsx"
    template(path, "da")
    fill_from_fixture(path)
    shutil.copytree(PLANNER / "kilder", tmp_path / "kilder")
    return path
