"""The OpenAPI description is exact: schemathesis (bounded examples, every operation, every check)
finds no difference between what /openapi.json says and what a real `graf serve` does."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.testing import running_server

CONFIG = Path(__file__).with_name("schemathesis.toml")


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with running_server(["--time-limit", "10"]) as url:
        yield url


def test_schemathesis_finds_no_difference_between_the_description_and_the_api(base: str) -> None:
    # every operation, every check, a bounded number of examples per operation and a fixed seed
    # (about 600 requests, 15-30 s); tests/schemathesis.toml says where a 400 is expected for
    # schema-valid input (a string that is not SPARQL)
    done = subprocess.run(
        [str(Path(sys.executable).with_name("st")), "--no-color", "--config-file", str(CONFIG), "run",
         base + "/openapi.json", "--checks", "all", "--max-examples", "8", "--seed", "1",
         "--workers", "1", "--request-timeout", "30"],  # one worker: schemathesis 4.32 is not thread-safe here
        capture_output=True, text=True, timeout=300)
    report = done.stdout + done.stderr
    assert done.returncode == 0, report[-6000:]
    assert re.search(r"\b(\d+) passed\b", report) and "failure" not in report.split("SUMMARY")[-1], report[-3000:]


def test_options_lists_the_methods_of_the_endpoint(base: str) -> None:
    r = httpx.options(base + "/sparql")
    assert r.status_code == 204
    assert {m.strip() for m in r.headers["allow"].split(",")} == {"GET", "POST", "OPTIONS"}


def test_the_description_names_the_scenarios_and_every_error_shape(base: str) -> None:
    spec = httpx.get(base + "/openapi.json").json()
    scenario = next(p for p in spec["paths"]["/actors"]["get"]["parameters"] if p["name"] == "scenario")
    assert scenario["schema"]["enum"] == ["", "adjusted", "asis", "draft"]
    names = {p["name"] for p in spec["paths"]["/sparql"]["get"]["parameters"]}
    assert {"query", "default-graph-uri", "named-graph-uri", "format"} <= names
    assert set(spec["paths"]["/sparql"]["post"]["requestBody"]["content"]) == {
        "application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update"}
    for operations in spec["paths"].values():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    content = response["content"]
                    page = list(operation["responses"]["200"]["content"]) == ["text/html"]  # a map: /maps, /check
                    assert content == {"text/html": {"schema": {"type": "string"}}} if page \
                        else content["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
