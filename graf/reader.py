"""A process that reads graphs of an on-disk store for another: ``python -P reader.py FOLDER``.

The store's own process computes (validates a group of scenarios, :mod:`graf.rules.local`) while
this one reads the next graphs from a read-only view of the same folder, on another core. Each
request is a line of JSON on stdin (a list of graph IRIs); each answer is a pickled dict of graph
IRI -> N-Triples bytes on stdout. It ends at the end of its input, or with its parent.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from typing import Any

import pyoxigraph as ox

from graf.errors import StoreError


class GraphReader:
    """The reading process, started on ``folder``; :meth:`read` asks it for graphs (one request at a time)."""

    def __init__(self, folder: str):
        self._proc = subprocess.Popen([sys.executable, "-P", __file__, folder], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE)

    def read(self, graphs: list[str]) -> dict[str, bytes]:
        """Each graph as N-Triples (empty when the store has no such graph)."""
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(json.dumps(graphs).encode("utf-8") + b"\n")
        self._proc.stdin.flush()
        try:
            out: dict[str, bytes] = pickle.load(self._proc.stdout)
        except EOFError:
            raise StoreError(f"the process reading the store's graphs ended (exit {self._proc.wait()})") from None
        return out

    def close(self) -> None:
        """End the process (its input closed; killed if it has not ended 10 s later)."""
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        try:
            self._proc.wait(10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        if self._proc.stdout is not None:
            self._proc.stdout.close()

    def __enter__(self) -> GraphReader:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _main(folder: str) -> None:
    try:
        import ctypes  # here: only this call needs it (start-up of the reader process)

        ctypes.CDLL(None).prctl(1, 9)  # Linux: PR_SET_PDEATHSIG, SIGKILL: end with the parent
    except (OSError, AttributeError):
        pass
    store = ox.Store.read_only(folder)
    for line in sys.stdin.buffer:
        out = {}
        for g in json.loads(line):
            name = ox.NamedNode(g)
            has = store.contains_named_graph(name)
            out[g] = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name) if has else b""
        pickle.dump(out, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
        sys.stdout.buffer.flush()


if __name__ == "__main__":
    _main(sys.argv[1])
