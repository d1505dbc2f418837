#!/usr/bin/env python3
"""Bootstrap graf on a fresh machine (only Python 3.11+ and the package registries needed).

    python3 dev.py serve   # .venv + install, then `graf serve` (or `graf info` + every example query)
    python3 dev.py test    # .venv + install, then `ruff check .` and `pytest`
"""

from __future__ import annotations

import os
import shutil
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


def install() -> None:
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    run(PYTHON, "-m", "pip", "install", "-q", "-e", ".[test]")


def graf(*args: str, check: bool = True) -> int:
    return run(PYTHON, "-m", "graf", *args, check=check)


def serve() -> int:
    commands = subprocess.run([PYTHON, "-m", "graf", "--help"], capture_output=True, text=True,
                              cwd=ROOT).stdout
    if " serve " in commands:
        return graf("serve", check=False)
    graf("info")
    names = subprocess.run([PYTHON, "-m", "graf", "query", "--list"], capture_output=True, text=True,
                           cwd=ROOT, check=True).stdout
    for line in names.splitlines():
        graf("query", line.split()[0])
    return 0


def ensure_chromium() -> None:
    """Best effort: browser tests need Chromium; install it with apt in CI or when missing as root."""
    missing = not any(shutil.which(name) for name in ("chromium", "chromium-browser"))
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if (os.environ.get("CI") or missing) and is_root and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for cmd in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "chromium"]):
            if subprocess.run(cmd, env=env).returncode != 0:
                print("warning: could not install chromium; browser tests may be skipped", flush=True)
                return


def test() -> int:
    ensure_chromium()
    run(PYTHON, "-m", "ruff", "check", ".")
    return run(PYTHON, "-m", "pytest", "-q", check=False)


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
