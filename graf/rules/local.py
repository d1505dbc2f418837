"""Rules on an on-disk store read each scenario from memory: its graphs copied in, once.

On an on-disk store every index lookup of the rules' queries is a RocksDB read (about ten times a
lookup in memory here). Reading each graph once and answering the queries from memory is much
faster. Scenarios are taken in groups (a scenario with the scenarios it is compared with,
``graf:precededBy``). One in-memory store holds the graphs several groups read (the ontology, a
shared sector graph), loaded once, plus the current group's own graphs, which are dropped after it;
memory is bounded by the largest group, not by the store. While a group is validated, a reader
process (a read-only view of the store, so another core) already reads the next group's graphs.

The findings are those of the store itself: a scenario is validated on its own graphs only, so a
copy holding them answers every rule's query the same way (``tests/test_rules_semantics.py``).
Without user shapes the copy holds the facts only, not the reified statements that cite them (five
sixths of a sourced model): no graf rule reads them from the copy; the two that read citations (the
confidence of findings, unsourced statements) ask the store itself (``ScenarioContext.origin``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import TypeGuard

from graf.reader import GraphReader
from graf.scenarios import Scenario
from graf.store import EmbeddedStore, Store


def on_disk(store: Store) -> TypeGuard[EmbeddedStore]:
    """True for graf's own store in a folder (where copying a scenario into memory pays)."""
    return isinstance(store, EmbeddedStore) and store.path is not None


def copyable(chosen: list[Scenario], scenarios: list[Scenario]) -> bool:
    """True when every scenario of ``chosen`` (and each one it is compared with) names its graphs; a
    scenario of the whole store (``graphs`` None: a model without scenarios) is validated in place."""
    by_name = {sc.name: sc for sc in scenarios}
    return all(s.graphs is not None for sc in chosen for s in (sc, by_name.get(sc.preceded_by or "")) if s is not None)


def groups(chosen: list[Scenario], scenarios: list[Scenario]) -> list[list[Scenario]]:
    """``chosen`` split into groups that are compared with each other (graf:precededBy), in order."""
    by_name = {sc.name: sc for sc in scenarios}
    parent = {sc.name: sc.name for sc in scenarios}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for sc in scenarios:
        if sc.preceded_by in by_name:
            parent[root(sc.name)] = root(sc.preceded_by)
    out: dict[str, list[Scenario]] = {}
    for sc in chosen:
        out.setdefault(root(sc.name), []).append(sc)
    return list(out.values())


def _graphs(group: list[Scenario], scenarios: list[Scenario]) -> list[str]:
    """Every graph the group's validation reads: its scenarios' and their earlier scenarios'."""
    by_name = {sc.name: sc for sc in scenarios}
    out: dict[str, None] = {}
    for sc in group:
        for s in (sc, by_name.get(sc.preceded_by or "")):
            out.update(dict.fromkeys(s.graphs or ()) if s is not None else {})
    return list(out)


def in_memory(store: EmbeddedStore, chosen: list[Scenario], scenarios: list[Scenario], *, facts_only: bool = False
              ) -> Iterator[tuple[EmbeddedStore, list[Scenario]]]:
    """Each group of ``chosen`` with an in-memory store holding the graphs its validation reads
    (``facts_only``: without their reified statements, see :meth:`graf.reader.GraphReader.read`)."""
    parts = groups(chosen, scenarios)
    needed = [_graphs(group, scenarios) for group in parts]
    uses = Counter(g for graphs in needed for g in graphs)
    own = [[g for g in graphs if uses[g] == 1] for graphs in needed]
    copy = EmbeddedStore()
    with GraphReader(str(store.path)) as reader, ThreadPoolExecutor(max_workers=1) as waiting:
        read = partial(reader.read, facts_only=facts_only)
        for g, data in read(sorted(g for g, n in uses.items() if n > 1)).items():
            copy.replace_graph(g, data)
        yield from _each_group(copy, read, waiting, parts, own)


def _each_group(copy: EmbeddedStore, read: Callable[[list[str]], dict[str, bytes]], waiting: ThreadPoolExecutor,
                parts: list[list[Scenario]], own: list[list[str]]) -> Iterator[tuple[EmbeddedStore, list[Scenario]]]:
    """``copy`` holding each group's own graphs in turn (the next group's read ahead in ``waiting``); closes
    ``copy`` at the end."""
    ahead: Future[dict[str, bytes]] | None = waiting.submit(read, own[0]) if parts else None
    try:
        for n, group in enumerate(parts):
            assert ahead is not None
            data = ahead.result()
            ahead = waiting.submit(read, own[n + 1]) if n + 1 < len(parts) else None
            for g, triples in data.items():
                copy.replace_graph(g, triples)
            yield copy, group
            for g in data:
                copy.replace_graph(g, b"")
    finally:
        if ahead is not None:
            ahead.cancel()
            ahead.exception()  # a read under way ends before the reader is closed
        copy.close()
