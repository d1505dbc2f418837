"""Run ``graf serve`` in a subprocess on a free port (for tests and benchmarks).

>>> with running_server(["--time-limit", "2"]) as base_url:
...     httpx.get(base_url + "/sparql", params={"query": "ASK {}"})
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import httpx


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop(proc: subprocess.Popen) -> None:
    """Ask a server process to end; kill it if it has not after 10 s."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def running_server(args: Sequence[str] = (), env: Mapping[str, str] | None = None,
                   startup_s: float = 60.0) -> Iterator[str]:
    """Start ``python -m graf serve ARGS`` on 127.0.0.1 and a free port; yield its base URL."""
    port = free_port()
    environment = {**os.environ, **(env or {}), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "graf", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--log-level", "warning", *args],
        env=environment, stdin=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"graf serve exited with {proc.returncode} before answering")
            try:
                if httpx.get(base + "/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"graf serve did not answer within {startup_s} s")
            time.sleep(0.1)
        yield base
    finally:
        stop(proc)
