"""Shared fixtures: a tiny dataset (tests/fixtures) in a fresh in-memory store."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graf.store import EmbeddedStore

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


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
