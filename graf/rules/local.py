"""Rules on an on-disk store read each scenario from memory: its graphs copied in, once.

On an on-disk store every index lookup of the rules' queries is a RocksDB read; reading each graph
once and answering the queries from memory is about twice as fast at national scale. Scenarios are
taken in groups (a scenario with the scenarios it is compared with, ``graf:precededBy``); each
group's graphs go into an in-memory store, and a graph that several groups read (the ontology, a
shared sector graph) is read from disk once and kept until the last group that needs it. Memory is
bounded by the largest group, not by the store. The findings are those of the store itself: a
scenario is validated on its own graphs only, so a copy holding them answers every rule's query
the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from graf.scenarios import Scenario
from graf.store import EmbeddedStore, Store


def on_disk(store: Store) -> bool:
    """True for graf's own store in a folder (where copying a scenario into memory pays)."""
    return isinstance(store, EmbeddedStore) and store.path is not None


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


def in_memory(store: EmbeddedStore, chosen: list[Scenario], scenarios: list[Scenario]
              ) -> Iterator[tuple[EmbeddedStore, list[Scenario]]]:
    """Each group of ``chosen`` with an in-memory store holding the graphs its validation reads."""
    parts = groups(chosen, scenarios)
    needed = [_graphs(group, scenarios) for group in parts]
    left = Counter(g for graphs in needed for g in graphs)  # groups still to read each graph
    kept: dict[str, bytes] = {}
    for group, graphs in zip(parts, needed, strict=True):
        copy = EmbeddedStore()
        for g in graphs:
            data = kept.pop(g, None)
            if data is None:
                data = store.graph_ntriples(g)
            left[g] -= 1
            if left[g]:
                kept[g] = data
            copy.replace_graph(g, data)
        try:
            yield copy, group
        finally:
            copy.close()
