"""Deterministic positions: a layered layout computed in Python, so the same data gives the same picture.

Columns from left to right: housing side (housing and interest organisations, groups of them a
source names as one actor, administration companies), the entry point, administrations, political
bodies and posts, fora and chair seats, persons, local committees, then any other kind (so the
channels from the housing side to the administrations cross nothing but the entry point). Inside a
column nodes are ordered by the mean position of their neighbours (two barycentre sweeps, ties
broken by kind and label), and a tall column wraps into sub-columns. No randomness, no physics.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

_G = "https://w3id.org/graf/def#"
_ORG = "http://www.w3.org/ns/org#"

#: (column, class IRIs); the first rule whose class is among a node's kinds wins
_COLUMNS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1, (_G + "EntryPoint",)),
    (0, (_G + "HousingOrganisation", _G + "OrganisationGroup", _G + "InterestOrganisation",
         _G + "InterestOrganisationDistrict", _G + "AdministrationCompany")),
    (4, (_G + "Forum", _G + "ChairSeat")),
    (6, (_G + "LocalCommittee",)),
    (3, (_G + "PoliticalBody", _G + "MayorPost", _G + "Municipality")),
    (2, (_G + "Administration", _G + "AdministrativeCentre", _G + "ManagementBoard", _G + "MunicipalUnit")),
    (5, ("http://xmlns.com/foaf/0.1/Person", _ORG + "Post")),
)

COLUMN_GAP = 330.0
SUBCOLUMN_GAP = 230.0
ROW_GAP = 96.0


def column_of(kinds: list[str] | set[str], kind: str, others: dict[str, int]) -> int:
    """The column of a node with these ``kinds``; unknown kinds get their own column after the known ones."""
    kinds = set(kinds) | {kind}
    for col, classes in _COLUMNS:
        if kinds & set(classes):
            return col
    return others.setdefault(kind, 7 + len(others))


def layered_positions(G: nx.MultiDiGraph | nx.Graph, max_rows: int | None = None) -> dict[str, tuple[float, float]]:
    """x, y for every node of ``G`` (nodes need ``kind``, ``kinds`` and ``label`` attributes)."""
    if G.number_of_nodes() == 0:
        return {}
    others: dict[str, int] = {}
    columns: dict[int, list[str]] = defaultdict(list)
    for node in sorted(G.nodes, key=lambda n: (G.nodes[n].get("kind", ""), _label(G, n), n)):
        data = G.nodes[node]
        columns[column_of(data.get("kinds", ()), data.get("kind", ""), others)].append(node)
    order = sorted(columns)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for u, v in G.edges():
        if u != v:
            neighbours[u].add(v)
            neighbours[v].add(u)
    rank: dict[str, float] = {}
    for col in order:
        for i, node in enumerate(columns[col]):
            rank[node] = i / max(1, len(columns[col]) - 1)
    for _sweep in range(2):
        for col in order:
            nodes = columns[col]
            here = set(nodes)
            keyed = []
            for i, node in enumerate(nodes):
                ranks = [rank[m] for m in neighbours[node] if m not in here]
                bary = sum(ranks) / len(ranks) if ranks else rank[node]
                keyed.append((round(bary, 9), i, node))
            keyed.sort()
            columns[col] = [node for _b, _i, node in keyed]
            for i, node in enumerate(columns[col]):
                rank[node] = i / max(1, len(columns[col]) - 1)
    limit = max_rows or max(14, int(math.sqrt(G.number_of_nodes()) * 1.2))
    pos: dict[str, tuple[float, float]] = {}
    x = 0.0
    for col in order:
        nodes = columns[col]
        subcols = math.ceil(len(nodes) / limit)
        rows = math.ceil(len(nodes) / subcols)
        for i, node in enumerate(nodes):
            sub, row = divmod(i, rows)
            y = (row - (rows - 1) / 2) * ROW_GAP + (sub % 2) * ROW_GAP / 2
            pos[node] = (round(x + sub * SUBCOLUMN_GAP, 1), round(y, 1))
        x += (subcols - 1) * SUBCOLUMN_GAP + COLUMN_GAP
    return pos


def _label(G: nx.Graph, node: str) -> str:
    label = G.nodes[node].get("label")
    return label.get("da", "") if isinstance(label, dict) else str(label or "")
