"""Run a function in a separate process that is killed when it runs too long: for work on untrusted input
(a model uploaded to ``graf serve`` is imported, validated and drawn there).

Processes come from a fork server (:mod:`multiprocessing`'s ``forkserver``): it is started once,
single-threaded, with :mod:`graf.check` imported, and forks each worker from that clean state, so
a run does not pay the imports again and never forks the threads of a web server. The function's
result (or the GrafError it raised, as its class name and message) comes back through a pipe.
"""

from __future__ import annotations

import multiprocessing
import threading
import traceback
from collections.abc import Callable
from typing import Any

from graf.errors import GrafError

_LOCK = threading.Lock()
_CONTEXT: Any = None


class SandboxTimeout(GrafError):
    """The work ran longer than its time limit and was stopped."""

    def __init__(self, limit_s: float, what: str):
        self.limit_s = limit_s
        super().__init__(f"{what} stopped after {limit_s:g} s (setting check_time_limit_s, env "
                         "GRAF_CHECK_TIME_LIMIT_S); try a smaller model")


class SandboxError(GrafError):
    """The work failed in its process: ``kind`` is the class name of the error, ``payload`` its data."""

    def __init__(self, kind: str, message: str, payload: Any = None):
        self.kind = kind
        self.payload = payload
        super().__init__(message)


def _context() -> Any:
    global _CONTEXT
    with _LOCK:
        if _CONTEXT is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["graf.check"])
            _CONTEXT = ctx
        return _CONTEXT


def _main(conn: Any, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        conn.send(("ok", func(*args)))
    except GrafError as exc:
        payload = [p.as_dict() for p in getattr(exc, "problems", ())] or None
        conn.send(("error", type(exc).__name__, str(exc), payload))
    except BaseException as exc:  # reported to the caller, who turns it into an internal error
        conn.send(("crash", type(exc).__name__, f"{exc}\n{traceback.format_exc()}", None))
    finally:
        conn.close()


def run_limited(func: Callable[..., Any], args: tuple[Any, ...], time_limit_s: float, what: str) -> Any:
    """``func(*args)`` in a fresh process, killed after ``time_limit_s``; its result, or SandboxTimeout or
    SandboxError. ``func`` must be a module-level function and its result picklable."""
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_main, args=(sender, func, args), daemon=True)
    proc.start()
    sender.close()
    try:
        if not receiver.poll(time_limit_s):
            raise SandboxTimeout(time_limit_s, what)
        try:
            reply = receiver.recv()
        except EOFError:
            raise SandboxError("crash", f"{what} ended without an answer (exit code {proc.exitcode})") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        receiver.close()
    if reply[0] == "ok":
        return reply[1]
    raise SandboxError(reply[1], reply[2], reply[3])
