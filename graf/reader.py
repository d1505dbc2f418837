"""A process that reads graphs of an on-disk store for another: ``python -P reader.py FOLDER``.

The store's own process computes (validates a group of scenarios, :mod:`graf.rules.local`) while
this one reads the next graphs from a read-only view of the same folder, on another core. Each
request is a line of JSON on stdin (the graph IRIs, and whether to leave out the reified statements);
each answer is a pickled dict of graph IRI -> N-Triples bytes on stdout. It ends at the end of its
input, or with its parent.

Reading is mostly decoding: an on-disk store keeps each term's text apart from the quads, so every
quad read costs a few lookups. Leaving out the ``rdf:Statement`` resources that carry each fact's
citation (about five sixths of a sourced model's quads) is done on the store's ids, before decoding.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from typing import Any, cast

import pyoxigraph as ox

from graf import iris
from graf.errors import StoreError

#: one graph's triples without the reified statements (subjects typed rdf:Statement in that graph)
_FACTS = ("CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o MINUS {{ ?s a <"
          + iris.RDF + "Statement> }} }} }}")


class GraphReader:
    """The reading process, started on ``folder``; :meth:`read` asks it for graphs (one request at a time)."""

    def __init__(self, folder: str):
        self._proc = subprocess.Popen([sys.executable, "-P", __file__, folder], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE)

    def read(self, graphs: list[str], *, facts_only: bool = False) -> dict[str, bytes]:
        """Each graph as N-Triples (empty when the store has no such graph); ``facts_only``: without the
        reified statements (the resources typed ``rdf:Statement`` and every triple about them)."""
        assert self._proc.stdin is not None and self._proc.stdout is not None
        request = {"graphs": graphs, "facts_only": facts_only}
        self._proc.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
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
        request = json.loads(line)
        out = {g: _graph(store, g, request["facts_only"]) for g in request["graphs"]}
        pickle.dump(out, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
        sys.stdout.buffer.flush()


def _graph(store: ox.Store, graph: str, facts_only: bool) -> bytes:
    name = ox.NamedNode(graph)
    if not store.contains_named_graph(name):
        return b""
    if facts_only:
        triples = cast(ox.QueryTriples, store.query(_FACTS.format(graph=graph)))
        return cast(bytes, triples.serialize(format=ox.RdfFormat.N_TRIPLES))
    return cast(bytes, store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name))


if __name__ == "__main__":
    _main(sys.argv[1])
