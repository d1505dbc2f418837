"""Bad external endpoints get one clear error naming the URL and the cause (exit 2 on the CLI, 502 over
HTTP), and nothing is half-written: a server that never answers, one that needs credentials graf was not
given (or refuses them), one that is not a SPARQL endpoint, one that stops while graf serves in front of it.

Everything runs against real servers and sockets: the Oxigraph server and Virtuoso of tests/conftest.py,
a listening socket that never answers, and a small reverse proxy that asks for HTTP Basic credentials.
"""

from __future__ import annotations

import base64
import socket
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from conftest import FIXTURES, RemoteServer, run_graf, serve_engine

from api.testing import free_port, running_server, stop
from graf.errors import GrafError, LoadError, RemoteStoreError
from graf.store import QueryOptions

MINI = "https://w3id.org/graf/graph/mini"


def _one_line_error(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    return lines[0]


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """A real TCP socket that accepts connections (the kernel's backlog) and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"


@pytest.fixture
def virtuoso(request: pytest.FixtureRequest) -> RemoteServer:
    return serve_engine(request, "virtuoso")


@pytest.fixture
def oxigraph(request: pytest.FixtureRequest) -> RemoteServer:
    return serve_engine(request, "oxigraph")


def _graphs(server: RemoteServer) -> list:
    store = server.open()
    try:
        return store.graphs()  # type: ignore[attr-defined,no-any-return]
    finally:
        store.close()  # type: ignore[attr-defined]


# -- a server that never answers ---------------------------------------------------------------------------


def test_a_query_endpoint_that_never_answers_is_named(silent_endpoint):
    line = _one_line_error(run_graf("info", "--sparql-endpoint", silent_endpoint,
                                    env={"GRAF_QUERY_TIME_LIMIT_S": "1"}))
    assert silent_endpoint in line and "does not answer" in line and "within 1 s" in line


def test_an_update_endpoint_that_never_answers_loads_nothing(oxigraph, silent_endpoint):
    before = _graphs(oxigraph)
    line = _one_line_error(run_graf("load", "--sparql-endpoint", oxigraph.query, "--update-endpoint",
                                    silent_endpoint, str(FIXTURES / "mini.trig"),
                                    env={"GRAF_QUERY_TIME_LIMIT_S": "1"}))
    assert silent_endpoint in line and "did not answer within 1 s" in line
    assert _graphs(oxigraph) == before


# -- credentials -------------------------------------------------------------------------------------------


def test_an_update_endpoint_that_needs_credentials_graf_was_not_given_loads_nothing(virtuoso):
    before = _graphs(virtuoso)
    line = _one_line_error(run_graf("load", *virtuoso.options(), str(FIXTURES / "mini.trig")))
    assert virtuoso.update in line and "requires authentication (HTTP 401, Digest)" in line
    assert "--update-auth" in line
    assert _graphs(virtuoso) == before


def test_credentials_the_server_refuses_are_named_and_load_nothing(virtuoso):
    before = _graphs(virtuoso)
    line = _one_line_error(run_graf("load", *virtuoso.options(), str(FIXTURES / "mini.trig"),
                                    env={"GRAF_UPDATE_AUTH": "dba:not-the-password"}))
    assert virtuoso.update in line and "refused the credentials" in line and "not-the-password" not in line
    assert _graphs(virtuoso) == before


def test_digest_credentials_in_the_url_work_and_are_never_shown(virtuoso):
    user, password = (virtuoso.auth or ":").split(":", 1)
    url = virtuoso.update.replace("http://", f"http://{user}:{password}@")
    done = run_graf("load", "--sparql-endpoint", virtuoso.query, "--update-endpoint", url, str(FIXTURES / "mini.trig"))
    assert done.returncode == 0, done.stderr
    assert password not in done.stdout + done.stderr
    assert {g.name for g in _graphs(virtuoso)} >= {MINI}


class _BasicAuthProxy(BaseHTTPRequestHandler):
    """Forwards POSTs to ``upstream`` when they carry the right HTTP Basic credentials (as nginx would in
    front of a SPARQL server); asks for them with a Basic challenge otherwise."""

    upstream = ""
    expected = "Basic " + base64.b64encode(b"graf:s3cret").decode()

    def do_POST(self) -> None:  # noqa: N802 - the http.server naming
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Authorization") != self.expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="graf test"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        answer = httpx.post(self.upstream + self.path, content=body,
                            headers={"Content-Type": self.headers.get("Content-Type", "")}, timeout=60)
        self.send_response(answer.status_code)
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def basic_proxy(oxigraph) -> Iterator[str]:
    handler = type("Handler", (_BasicAuthProxy,), {"upstream": oxigraph.query.rsplit("/", 1)[0]})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_basic_credentials_are_sent_when_the_server_asks_for_them(oxigraph, basic_proxy):
    update = basic_proxy + "/update"
    line = _one_line_error(run_graf("load", "--sparql-endpoint", oxigraph.query, "--update-endpoint", update,
                                    str(FIXTURES / "mini.trig")))
    assert update in line and "requires authentication (HTTP 401, Basic)" in line
    assert MINI not in {g.name for g in _graphs(oxigraph)}
    done = run_graf("load", "--sparql-endpoint", oxigraph.query, "--update-endpoint", update,
                    "--update-auth", "graf:s3cret", str(FIXTURES / "mini.trig"))
    assert done.returncode == 0, done.stderr
    assert MINI in {g.name for g in _graphs(oxigraph)}


# -- not a SPARQL endpoint -----------------------------------------------------------------------------------


def test_an_update_endpoint_that_is_not_one_loads_nothing(oxigraph):
    before = _graphs(oxigraph)
    line = _one_line_error(run_graf("load", "--sparql-endpoint", oxigraph.query, "--update-endpoint",
                                    oxigraph.query, str(FIXTURES / "mini.trig")))
    assert oxigraph.query in line and "not a SPARQL update endpoint" in line
    assert _graphs(oxigraph) == before


@pytest.mark.parametrize("engine", ["oxigraph", "virtuoso"])
def test_serve_refuses_to_start_in_front_of_a_page_that_is_not_sparql(request, engine):
    server = serve_engine(request, engine)
    root = server.query.rsplit("/", 1)[0] + "/"
    line = _one_line_error(run_graf("serve", "--port", "0", "--sparql-endpoint", root))
    assert root in line and "not a SPARQL endpoint" in line


# -- what Virtuoso does differently, answered ---------------------------------------------------------------


def test_virtuoso_has_no_default_graph_so_a_triple_file_needs_a_graph(virtuoso):
    store = virtuoso.open()
    try:
        with pytest.raises(LoadError, match=r"extra\.ttl.*--graph"):
            store.load([FIXTURES / "extra.ttl"])  # type: ignore[attr-defined]
        assert store.is_empty()  # type: ignore[attr-defined]
        store.load([FIXTURES / "extra.ttl"], graph="urn:graf:extra")  # type: ignore[attr-defined]
        assert {g.name for g in store.graphs()} >= {"urn:graf:extra"}  # type: ignore[attr-defined]
    finally:
        store.close()  # type: ignore[attr-defined]


def test_virtuoso_keeps_the_operations_before_a_failing_one_and_says_so(virtuoso):
    store = virtuoso.open()
    try:
        store.update("CREATE GRAPH <urn:graf:there>")  # type: ignore[attr-defined]
        store.update("INSERT DATA { GRAPH <urn:graf:there> { <urn:a> <urn:b> <urn:c> } }")  # type: ignore[attr-defined]
        with pytest.raises(GrafError, match="operations before the failing one were kept"):
            store.update("INSERT DATA { GRAPH <urn:graf:kept> { <urn:a> <urn:b> <urn:c> } } ; "  # type: ignore[attr-defined]
                         "CREATE GRAPH <urn:graf:there>")
        assert store.query("ASK { GRAPH <urn:graf:kept> { ?s ?p ?o } }").boolean  # type: ignore[attr-defined]
    finally:
        store.close()  # type: ignore[attr-defined]


def test_a_result_cut_at_virtuosos_row_cap_is_flagged_or_refused(virtuoso):
    from conftest import VIRTUOSO_RESULT_ROWS

    side = int(VIRTUOSO_RESULT_ROWS ** 0.5) + 1
    values = " ".join(str(i) for i in range(side))
    text = f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} }}"
    store = virtuoso.open()
    try:
        result = store.query(text, options=QueryOptions(max_rows=side * side, time_limit_s=60))  # type: ignore[attr-defined]
        assert len(result.rows) == VIRTUOSO_RESULT_ROWS and result.truncated
        with pytest.raises(RemoteStoreError, match="ResultSetMaxRows"):
            store.select(text)  # type: ignore[attr-defined]
    finally:
        store.close()  # type: ignore[attr-defined]


def test_a_blank_node_in_two_graphs_is_refused_before_anything_is_sent(virtuoso, tmp_path):
    data = tmp_path / "shared.trig"
    data.write_text("<urn:graf:g1> { _:b <urn:p> 1 } <urn:graf:g2> { _:b <urn:p> 2 }\n", encoding="utf-8")
    store = virtuoso.open()
    try:
        with pytest.raises(GrafError, match="used in two graphs"):
            store.load([data])  # type: ignore[attr-defined]
        assert store.is_empty()  # type: ignore[attr-defined]
    finally:
        store.close()  # type: ignore[attr-defined]


# -- over HTTP: 502 naming the URL --------------------------------------------------------------------------


def test_serve_answers_502_naming_the_server_when_it_stops(tmp_path):
    from conftest import oxigraph_binary

    port = free_port()
    upstream = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(tmp_path / "db"), "--bind",
                                 f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        env = {"GRAF_DATA": str(FIXTURES / "mini.trig")}
        with running_server(["--sparql-endpoint", url, "--update-endpoint", url.replace("/query", "/update")],
                            env=env) as base:
            assert httpx.get(base + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30).status_code == 200
            stop(upstream)
            for answer in (httpx.get(base + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30),
                           httpx.get(base + "/actors", timeout=30)):
                assert answer.status_code == 502, answer.text
                error = answer.json()["error"]
                assert error["code"] == "remote_store_failed" and error["url"] == url and url in error["message"]
    finally:
        stop(upstream)


def test_serve_answers_502_when_virtuoso_wants_credentials_for_an_update(virtuoso):
    store = virtuoso.open()
    try:
        store.load([FIXTURES / "mini.trig"])  # type: ignore[attr-defined]
    finally:
        store.close()  # type: ignore[attr-defined]
    before = _graphs(virtuoso)
    with running_server(["--sparql-endpoint", virtuoso.query, "--update-endpoint", virtuoso.update,
                         "--update-token", "t0ken"]) as base:
        update = "INSERT DATA { GRAPH <urn:graf:x> { <urn:a> <urn:b> 1 } }"
        answer = httpx.post(base + "/sparql", data={"update": update}, headers={"Authorization": "Bearer t0ken"},
                            timeout=30)
    assert answer.status_code == 502, answer.text
    error = answer.json()["error"]
    assert error["url"] == virtuoso.update and "requires authentication (HTTP 401, Digest)" in error["message"]
    assert _graphs(virtuoso) == before


def test_serve_does_not_start_on_an_empty_server_it_cannot_write_to(virtuoso):
    line = _one_line_error(run_graf("serve", "--port", "0", "--sparql-endpoint", virtuoso.query,
                                    "--update-endpoint", virtuoso.update))
    assert "requires authentication" in line and virtuoso.update in line
    assert [g.name for g in _graphs(virtuoso)] == [None]
