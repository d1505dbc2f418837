"""``graf serve``: options, settings from the environment, clear errors before serving."""

from __future__ import annotations

import socket

import httpx

from api.testing import running_server
from tests.conftest import FIXTURES, run_graf


def test_help_lists_the_options() -> None:
    r = run_graf("serve", "--help")
    assert r.returncode == 0
    for option in ("--host", "--port", "--data", "--store", "--update-token", "--time-limit", "--max-rows",
                   "--cors-origin"):
        assert option in r.stdout


def _one_line_error(r) -> str:  # type: ignore[no-untyped-def]
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, r.stderr
    return lines[0]


def test_a_bad_port_is_refused() -> None:
    assert "--port" in _one_line_error(run_graf("serve", "--port", "70000"))


def test_a_port_in_use_is_refused_with_one_line() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        line = _one_line_error(run_graf("serve", "--port", str(port)))
    assert f"127.0.0.1:{port}" in line


def test_data_that_does_not_load_is_one_line_naming_the_file() -> None:
    line = _one_line_error(run_graf("serve", "--port", "0", "--data", str(FIXTURES / "broken.ttl")))
    assert "broken.ttl" in line
    line = _one_line_error(run_graf("serve", "--port", "0", "--data", "no/such/file.ttl"))
    assert "no/such/file.ttl" in line


def test_settings_come_from_the_environment_and_flags() -> None:
    env = {"GRAF_MAX_ROWS": "5", "GRAF_UPDATE_TOKEN": "from-env"}
    with running_server(["--time-limit", "3"], env=env) as base:
        description = httpx.get(base + "/sparql").text
        assert "at most 5 rows" in description and "stopped after 3 s" in description
        assert "sd:SPARQL11Update" in description
        r = httpx.get(base + "/sparql", params={"query": "SELECT * { ?s ?p ?o }"})
        assert r.headers["X-Graf-Truncated"] == "true" and len(r.json()["results"]["bindings"]) == 5
        r = httpx.post(base + "/sparql", data={"update": "INSERT DATA { <http://e/a> <http://e/b> 1 }"},
                       headers={"Authorization": "Bearer from-env"})
        assert r.status_code == 204
