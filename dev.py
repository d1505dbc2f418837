#!/usr/bin/env python3
"""Bootstrap graf on a fresh machine (only Python 3.11+ and the package registries needed).

    python3 dev.py serve   # .venv + install, then `graf serve` (or `graf info` + every example query)
    python3 dev.py test    # .venv + install, then `ruff check .`, `mypy` and `pytest`
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"


def run(*cmd: str | Path, check: bool = True) -> int:
    print("+", " ".join(map(str, cmd)), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, check=check).returncode


STAMP = VENV / ".graf-installed"  # the hash of pyproject.toml the last install was made from


def install() -> None:
    """Create .venv and install graf with its test extras (skipped when pyproject.toml is unchanged)."""
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    run(PYTHON, "-m", "pip", "install", "-q", "-e", ".[test]")
    STAMP.write_text(wanted + "\n")


def _die_with_parent() -> None:
    """In the child (Linux): get SIGTERM when dev.py dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def run_forwarding_signals(*cmd: str | Path) -> int:
    """Run ``cmd`` in its own session and pass on SIGINT, SIGTERM and SIGHUP, once each; a child
    still running when dev.py ends is stopped (a server must not outlive the command that started it)."""
    print("+", " ".join(map(str, cmd)), flush=True)
    child = subprocess.Popen([str(c) for c in cmd], cwd=ROOT, start_new_session=True,
                             preexec_fn=_die_with_parent if sys.platform == "linux" else None)

    def forward(signum: int, _frame: object) -> None:
        if child.poll() is None:
            child.send_signal(signum)

    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), forward)
    try:
        code = child.wait()
        return 128 - code if code < 0 else code  # ended by a signal: the shell's convention
    finally:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()


def graf(*args: str, check: bool = True) -> int:
    return run(PYTHON, "-m", "graf", *args, check=check)


def serve() -> int:
    commands = subprocess.run([PYTHON, "-m", "graf", "--help"], capture_output=True, text=True,
                              cwd=ROOT).stdout
    if " serve " in commands:
        return run_forwarding_signals(PYTHON, "-m", "graf", "serve")
    graf("info")
    names = subprocess.run([PYTHON, "-m", "graf", "query", "--list"], capture_output=True, text=True,
                           cwd=ROOT, check=True).stdout
    for line in names.splitlines():
        graf("query", line.split()[0])
    return 0


#: Debian packages the tests need: a browser for the map tests, Virtuoso 7 as the second SPARQL engine
#: (started by the tests themselves through bench/engines/virtuoso.sh, never as a system service)
SYSTEM_PACKAGES = {"chromium": ("chromium", "chromium-browser"), "virtuoso-opensource": ("virtuoso-t",)}


def ensure_system_packages() -> None:
    """Best effort: install the Debian packages the tests need with apt, in CI or when missing and root."""
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    wanted = [name for name, programs in SYSTEM_PACKAGES.items()
              if os.environ.get("CI") or not any(shutil.which(p) for p in programs)]
    if not wanted or not is_root or not shutil.which("apt-get"):
        return
    # RUNLEVEL=1: invoke-rc.d then does not start the packaged Virtuoso as a system service
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive", "RUNLEVEL": "1"}
    for cmd in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", *wanted]):
        if subprocess.run(cmd, env=env).returncode != 0:
            print(f"warning: could not install {' '.join(wanted)}; the tests that need them will fail", flush=True)
            return


def test() -> int:
    ensure_system_packages()
    run(PYTHON, "-m", "ruff", "check", ".")
    run(PYTHON, "-m", "mypy")  # strict on graf/, default mode on api/ and visualisations/ (pyproject.toml)
    return run(PYTHON, "-m", "pytest", "-q", *parallel(), check=False)


def parallel() -> list[str]:
    """pytest-xdist options: one test process per CPU (at most 4), each test file kept in one process
    (its module fixtures, e.g. a server, start once). Much of the suite waits on servers, browsers and
    query workers, so two processes on two cores take about two thirds of the time of one."""
    n = min(4, os.cpu_count() or 1)
    return ["-n", str(n), "--dist", "loadfile"] if n > 1 else []


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command not in ("serve", "test"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    install()
    return serve() if command == "serve" else test()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode or 1)
