"""graf.topology: bypasses around an entry point (linear, bounded witnesses), reachability and minimum cuts."""

from __future__ import annotations

import doctest
import random

import networkx as nx

import graf.topology as topology
from graf.topology import Cut, Cuts, bypass_entries, minimum_cut, reachable, unreached


def test_doctests_pass():
    result = doctest.testmod(topology)
    assert result.attempted >= 8 and result.failed == 0


def test_every_path_through_the_entry_point_has_no_bypass():
    F = nx.DiGraph([("ho1", "ep"), ("ho2", "ep"), ("ep", "adm1"), ("ep", "adm2"), ("adm1", "adm2")])
    assert bypass_entries(F, ["ho1", "ho2"], "ep", ["adm1", "adm2"]) == []


def test_a_channel_to_an_intermediary_is_no_bypass_while_everything_beyond_it_passes_the_entry_point():
    F = nx.DiGraph([("ho", "ep"), ("ep", "adm"), ("ho", "bl"), ("bl", "kreds"), ("kreds", "ep")])
    assert bypass_entries(F, ["ho"], "ep", ["adm"]) == []
    F.add_edge("kreds", "udvalg")
    [b] = bypass_entries(F, ["ho"], "ep", ["adm", "udvalg"])
    assert (b.source, b.first, b.target, b.path, b.length) == ("ho", "bl", "udvalg", ("ho", "bl", "kreds", "udvalg"), 4)


def test_one_bypass_per_way_out_with_the_further_units_counted_once():
    # a chain of units below the entry point, entered around it at the top: one finding, not one per unit
    F = nx.DiGraph([("ho", "ep"), ("ep", "u0")] + [(f"u{i}", f"u{i + 1}") for i in range(50)] + [("ho", "u1")])
    units = [f"u{i}" for i in range(51)]
    [b] = bypass_entries(F, ["ho"], "ep", units)
    assert (b.path, b.further) == (("ho", "u1"), 49)  # u2 .. u50
    F.add_edge("ho", "u10")  # a second way in, into units the first already reaches
    found = bypass_entries(F, ["ho"], "ep", units)
    assert [(b.first, b.further) for b in found] == [("u1", 49), ("u10", 0)]


def test_a_way_around_through_another_housing_actor_is_that_actors_bypass():
    F = nx.DiGraph([("ho1", "ep"), ("ho2", "ep"), ("ep", "adm"), ("ho1", "bl"), ("bl", "ho2"), ("ho2", "adm")])
    assert [(b.source, b.first) for b in bypass_entries(F, ["ho1", "ho2"], "ep", ["adm"])] == [("ho2", "adm")]


def test_long_witnesses_are_cut_at_the_limit_with_their_full_length_kept():
    F = nx.DiGraph([("ho", "ep"), ("ep", "adm")] + [(f"i{i}", f"i{i + 1}") for i in range(500)])
    F.add_edges_from([("ho", "i0"), ("i500", "adm")])
    [b] = bypass_entries(F, ["ho"], "ep", ["adm"], limit=20)
    assert len(b.path) == 20 and b.length == 503 and b.target == "adm" and b.path[:3] == ("ho", "i0", "i1")


def _dominated(idom: dict, node: str, entry: str) -> bool:
    """Whether ``entry`` is on the dominator chain of ``node`` (networkx before and after 3.6, P10)."""
    while node in idom and idom[node] != node:
        node = idom[node]
        if node == entry:
            return True
    return False


def test_bypasses_agree_with_dominators_on_random_graphs():
    # the entry point dominates a unit exactly when no bypass reaches it (checked against networkx)
    rng = random.Random(7)
    for _ in range(40):
        G = nx.gnp_random_graph(25, 0.12, seed=rng.randrange(10**6), directed=True)
        G = nx.relabel_nodes(G, {n: f"n{n}" for n in G})
        sources, entry, targets = ["n0", "n1"], "n2", [f"n{i}" for i in range(3, 25, 2)]
        H = G.copy()
        H.add_edges_from(("S", s) for s in sources)
        idom = nx.immediate_dominators(H, "S")
        expected = {t for t in targets if t in idom and not _dominated(idom, t, entry)}
        found = bypass_entries(G, sources, entry, targets)
        reached = reachable(G.subgraph(set(G) - {entry, *sources}), [b.first for b in found])
        assert {t for t in targets if t in reached} == expected


def test_unreachable_targets_are_not_bypasses_and_input_is_not_changed():
    F = nx.DiGraph([("ho", "ep")])
    F.add_node("adm")
    before = sorted(F.edges())
    assert bypass_entries(F, ["ho"], "ep", ["adm"]) == []
    assert sorted(F.edges()) == before
    assert unreached(F, "ep", ["adm"]) == ["adm"]


def test_minimum_cut_prefers_actors_and_counts_a_channel_through_an_intermediary_once():
    U = nx.MultiGraph()
    # one channel ho -> adm via the entry point: two hops, one element
    U.add_edge("ho", "ep", key=("c1", 0), id="c1")
    U.add_edge("ep", "adm", key=("c1", 1), id="c1")
    assert minimum_cut(U, "ho", "adm", 1) == Cut(("ep",), ())
    U.add_edge("ho", "adm", key=("c2", 0), id="c2")
    assert minimum_cut(U, "ho", "adm", 1) is None
    assert minimum_cut(U, "ho", "adm", 2) == Cut(("ep",), ("c2",))


def test_minimum_cut_of_pairs_that_are_not_connected_is_empty_and_closed_nodes_relay_nothing():
    U = nx.MultiGraph([("ho1", "adm", {"id": "c1"}), ("ho1", "ho2", {"id": "c2"}), ("ho2", "adm", {"id": "c3"})])
    U.add_node("alone")
    cuts = Cuts(U, closed=["ho1", "ho2"])
    assert cuts.minimum_cut("alone", "adm", 1) == Cut((), ())
    # without relaying through ho2, ho1 has one route: its own channel
    assert cuts.minimum_cut("ho1", "adm", 1) == Cut((), ("c1",))
    assert Cuts(U).minimum_cut("ho1", "adm", 1) is None
