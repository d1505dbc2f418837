"""`python3 dev.py serve` stopped by its pid (SIGTERM, as `kill PID` sends) stops its `graf serve` child."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from api.testing import free_port

ROOT = Path(__file__).resolve().parent.parent


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state == "Z"  # a zombie has ended; its parent reaps it


def _until(condition, what: str, limit_s: float = 120.0) -> None:
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.05)


def _answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _refused(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def test_dev_serve_stopped_by_its_pid_stops_graf_serve() -> None:
    port = free_port()
    dev = subprocess.Popen([sys.executable, str(ROOT / "dev.py"), "serve"], cwd=ROOT,
                           env={**os.environ, "GRAF_PORT": str(port)}, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _until(lambda: _answers(port) or dev.poll() is not None, "graf serve answers")
        assert dev.poll() is None, "dev.py serve ended before the server answered"
        servers = _children(dev.pid)
        assert servers, "dev.py serve runs graf serve as its child"
        dev.send_signal(signal.SIGTERM)
        assert dev.wait(60) in (0, 128 + signal.SIGTERM)  # graf serve's exit (uvicorn re-raises SIGTERM)
        _until(lambda: all(_gone(pid) for pid in servers), "graf serve has ended", 30)
        _until(lambda: _refused(port), "the port is free again", 30)
    finally:
        if dev.poll() is None:
            dev.kill()
            dev.wait()
