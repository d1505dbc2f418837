"""Shared fixtures: a tiny dataset (tests/fixtures) in a fresh in-memory store."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graf.settings import Settings
from graf.store import EmbeddedStore, Store, open_store

FIXTURES = Path(__file__).parent / "fixtures"
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


def _oxigraph_binary() -> str:
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
    proc = subprocess.Popen([_oxigraph_binary(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}",
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


@pytest.fixture
def remote_store(oxigraph_server: str) -> Iterator[object]:
    """A :class:`graf.remote.RemoteStore` on the (emptied) Oxigraph server."""
    import httpx

    from graf.remote import RemoteStore

    httpx.post(oxigraph_server + "/update", data={"update": "CLEAR ALL"}, timeout=30).raise_for_status()
    store = RemoteStore(oxigraph_server + "/query", oxigraph_server + "/update")
    yield store
    store.close()


@pytest.fixture
def remote_mini_store(remote_store: object) -> object:
    """The mini dataset of :func:`mini_store`, on the Oxigraph server."""
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
