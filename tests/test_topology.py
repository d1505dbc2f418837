"""graf.topology: dominator bypasses, reachability and contracted single points of failure."""

from __future__ import annotations

import doctest

import networkx as nx
import pytest

import graf.topology as topology
from graf.topology import bypass_paths, contract, dominator_chain, single_points_of_failure, unreached


def test_doctests_pass():
    result = doctest.testmod(topology)
    assert result.attempted >= 5 and result.failed == 0


@pytest.mark.parametrize("idom", [
    {"a": "s", "b": "a"},              # networkx >= 3.6: the start node is not a key (P10)
    {"s": "s", "a": "s", "b": "a"},    # older networkx: start -> start
])
def test_dominator_chain_works_with_both_networkx_conventions(idom):
    assert dominator_chain(idom, "b") == ["a", "s"]


def test_every_path_through_the_entry_point_has_no_bypass():
    F = nx.DiGraph([("ho1", "ep"), ("ho2", "ep"), ("ep", "adm1"), ("ep", "adm2"), ("adm1", "adm2")])
    assert bypass_paths(F, ["ho1", "ho2"], "ep", ["adm1", "adm2"]) == {}


def test_multi_hop_bypass_is_found_with_a_shortest_witness():
    F = nx.DiGraph([("ho1", "ep"), ("ep", "adm1"), ("ho2", "kreds"), ("kreds", "udvalg"), ("ho2", "ep"),
                    ("udvalg", "adm1")])
    found = bypass_paths(F, ["ho1", "ho2"], "ep", ["adm1", "udvalg"])
    assert found == {"udvalg": ["ho2", "kreds", "udvalg"], "adm1": ["ho2", "kreds", "udvalg", "adm1"]}


def test_unreachable_targets_are_not_bypasses_and_input_is_not_changed():
    F = nx.DiGraph([("ho", "ep")])
    F.add_node("adm")
    before = sorted(F.edges())
    assert bypass_paths(F, ["ho"], "ep", ["adm"]) == {}
    assert sorted(F.edges()) == before
    assert unreached(F, "ep", ["adm"]) == ["adm"]


def test_contract_merges_a_group_into_one_node():
    H = contract(nx.Graph([("a", "b"), ("b", "c"), ("c", "d")]), ["b", "c"], "K")
    assert sorted(map(sorted, H.edges())) == [["K", "a"], ["K", "d"]]


def test_naive_articulation_point_would_flag_the_entry_point_but_contracting_does_not():
    # P11: adm2 is reached only via the entry point, so the entry point is a cut vertex of the
    # whole graph, yet ho keeps a direct contact with the municipality (adm1).
    G = nx.Graph([("ho", "ep"), ("ep", "adm1"), ("ep", "adm2"), ("ho", "adm1")])
    assert "ep" in set(nx.articulation_points(G))
    assert single_points_of_failure(G, ["ho"], ["adm1", "adm2"], "ep") == []


def test_housing_org_reaching_the_municipality_only_through_the_entry_point_is_listed():
    G = nx.Graph([("ho1", "ep"), ("ho2", "ep"), ("ep", "adm1"), ("ho2", "adm1")])
    G.add_node("ho3")  # no path at all: nothing to lose, not listed
    assert single_points_of_failure(G, ["ho1", "ho2", "ho3"], ["adm1"], "ep") == ["ho1"]
