"""SPARQL updates run first where a crash cannot take the calling process with it.

pyoxigraph can crash the whole process on hostile input (an update nesting a few thousand ``{``
overflowed its stack: a segfault, not an exception). Queries already run in killable worker
processes (:mod:`graf.workers`); an update must change the store, so it cannot simply run in a
read-only worker. Two ways, one per kind of store:

* **On disk** (``update_on_disk``): the update runs in a writer process, ``python -P writer.py
  FOLDER``, which opens the store read-write, runs the update in one transaction, flushes it and
  exits. The caller closes its own handle first (RocksDB lets one process write) and reopens it
  afterwards. A crash or a kill at the time limit aborts the transaction: nothing is written, and
  the caller reopens the store unchanged. The writer dies with its parent (``PR_SET_PDEATHSIG``):
  an update is either committed before the caller answers, or not at all. Measured here 0.15-0.3 s
  an update (starting Python and pyoxigraph, opening RocksDB twice, flushing), against about 1 ms
  in process; updates are rare next to queries, and acknowledged ones are on disk.
* **In memory** (``trial_update``): the data live in the calling process, so the update cannot run
  elsewhere for real; it runs first on a copy-on-write copy, in a child forked for it. Only if the
  child finishes (and the update succeeded there) does the caller apply it to its own store. The
  update is deterministic given the data, so it then succeeds in the same way. The fork costs page
  tables and the update runs twice: about 15 ms an update on the Copenhagen data, measured. Forking a process that runs
  threads is safe only if no other thread holds a lock the child needs: the caller holds its
  store's exclusive lock (no other thread is inside pyoxigraph), and the child only runs the
  update, writes its outcome to a pipe and leaves with ``os._exit`` (garbage collector off, the
  parent's other files closed). A child that hangs anyway is killed at the time limit, and the
  update is refused without any change. The alternative, moving an in-memory store's data into a
  separate owning process, would make every in-process read (graf's analyses) a round trip: about
  2x slower validation and maps (measured on the Copenhagen data).

Either way the outcome is one of: done, a syntax or evaluation error (raised like the in-process
update's), :class:`~graf.errors.QueryTimeout`, or :class:`~graf.errors.UpdateCrashed`.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from typing import Any

# graf's modules are imported inside the functions that run in the server process: this file also runs as
# the writer process itself (a script, ``-P``), which imports nothing of graf

_MESSAGE_CHARS = 2000


def _run_update(store: Any, text: str, base_iri: str | None) -> tuple[str, str]:
    """Run the update on ``store``; the outcome as (kind, message): ok, syntax, invalid, failed."""
    try:
        store.update(text, base_iri=base_iri)
    except SyntaxError as exc:
        return "syntax", (str(exc.args[0]) if exc.args else str(exc))[:_MESSAGE_CHARS]
    except (OSError, ValueError) as exc:
        return "invalid", str(exc)[:_MESSAGE_CHARS]
    except Exception as exc:  # evaluation errors (RuntimeError), e.g. CREATE GRAPH of an existing graph
        return "failed", f"{exc}"[:_MESSAGE_CHARS]
    return "ok", ""


def _raise_for(kind: str, message: str) -> None:
    """Raise the error the in-process update would have raised for this outcome."""
    from graf.errors import GrafError, QueryError
    from graf.sparql import query_error

    if kind == "syntax":
        raise query_error(SyntaxError(message))
    if kind == "invalid":
        raise QueryError(message)
    if kind == "failed":
        raise GrafError(f"the update failed and changed nothing: {message}")
    if kind != "ok":
        raise GrafError(f"the update failed and changed nothing: {kind} {message}")


def _crashed(status: int) -> Exception:
    from graf.errors import UpdateCrashed

    number = -status if status < 0 else (os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0)
    name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else f"exit {status}"
    return UpdateCrashed(name)


def trial_update(store: Any, text: str, base_iri: str | None, time_limit_s: float) -> None:
    """Run the update on a forked copy of the in-memory ``store``; raise what it raised there.

    Returns None if the update succeeded on the copy (the caller then applies it to ``store``).
    The caller must hold the lock that keeps every other thread out of ``store``.
    """
    import gc
    import warnings

    from graf.errors import QueryTimeout

    read_end, write_end = os.pipe()
    with warnings.catch_warnings():  # Python 3.12+ warns about forking a threaded process: see above
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: run the update on the copy, report, leave without cleaning up
        try:
            gc.disable()
            _die_with_parent()  # the forking thread waits for this child: it outlives it
            os.closerange(3, write_end)  # the read end and the parent's sockets and files
            os.closerange(write_end + 1, 1 << 16)
            os.write(write_end, json.dumps(_run_update(store, text, base_iri)).encode("utf-8"))
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        data = _read_until(read_end, time.monotonic() + time_limit_s)
    finally:
        os.close(read_end)
    if data is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise QueryTimeout(time_limit_s, "update")
    _, status = os.waitpid(pid, 0)
    if not data:
        raise _crashed(status)
    _raise_for(*json.loads(data))


def _read_until(fd: int, deadline: float) -> bytes | None:
    """Everything written to the pipe ``fd`` until its writer closes it; None at ``deadline``."""
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def update_on_disk(path: str, text: str, base_iri: str | None, time_limit_s: float) -> None:
    """Run the update in a writer process on the store folder ``path`` (closed by the caller)."""
    from graf.errors import QueryTimeout, StoreError

    proc = subprocess.Popen([sys.executable, "-P", __file__, path], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    request = json.dumps({"text": text, "base_iri": base_iri}).encode("utf-8")
    try:
        out, err = proc.communicate(request, timeout=time_limit_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise QueryTimeout(time_limit_s, "update") from None
    if proc.returncode < 0 or not out:
        if proc.returncode < 0:
            raise _crashed(proc.returncode)
        reason = " ".join(err.decode("utf-8", "replace").split())[-400:] or f"exit {proc.returncode}"
        raise StoreError(f"the update could not run: the writer process failed ({reason})")
    _raise_for(*json.loads(out))


def _die_with_parent() -> None:
    """Linux: be killed when the parent dies (no update commits after its caller is gone)."""
    try:
        import ctypes  # here: only the writer process needs it

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _open_for_writing(path: str) -> Any:
    """The store at ``path``, read-write; retried briefly while its last writer lets go of it."""
    import pyoxigraph as ox

    for attempt in range(40):
        try:
            return ox.Store(path)
        except OSError as exc:
            if "lock" not in str(exc).lower() or attempt == 39:
                raise
            time.sleep(0.05)
    raise AssertionError("unreachable")


def _main(path: str) -> None:  # the writer process: ``python -P writer.py FOLDER``, request on stdin
    _die_with_parent()
    request = json.loads(sys.stdin.buffer.read())
    store = _open_for_writing(path)
    outcome = _run_update(store, request["text"], request["base_iri"])
    if outcome[0] == "ok":
        store.flush()
    sys.stdout.write(json.dumps(outcome))
    sys.stdout.flush()


if __name__ == "__main__":
    _main(sys.argv[1])
