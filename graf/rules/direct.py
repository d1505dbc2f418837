"""direct-contacts-open: the new structure must not hinder the direct contacts.

For a scenario ``preceded_by`` an earlier one: every (administration, housing organisation) pair
with an open operational channel in the earlier scenario still has one (a channel of unknown
status is a warning: it cannot be verified); operational channels are direct (no ``graf:via``);
and the entry point is not a single point of failure between those housing organisations and the
municipality in the formal + operational layers (municipal units contracted into one node, P11).
"""

from __future__ import annotations

import networkx as nx

from graf.namespaces import GRAF
from graf.report import Finding
from graf.rules.base import Rule, ScenarioContext, register
from graf.rules.entry import entry_points
from graf.topology import single_points_of_failure

SOURCE = ("men understregede samtidigt, at den nye struktur ikke må hindre den direkte og løbende kontakt mellem "
          "forvaltningerne og boligorganisationerne.")


def operational_pairs(G: nx.MultiDiGraph) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(housing organisation, administration) -> [(channel id, status)] of operational channels, either way."""
    adm = str(GRAF.Administration)
    out: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for u, v, k, d in G.edges(keys=True, data=True):
        if d["relation"] != "channel" or d["layer"] != "operational":
            continue
        for ho, other in ((u, v), (v, u)):
            if G.nodes[ho]["housing"] and adm in G.nodes[other]["kinds"]:
                out.setdefault((ho, other), []).append((k, d["status"]))
    return {pair: sorted(chs) for pair, chs in out.items()}


def check(ctx: ScenarioContext) -> list[Finding]:
    G = ctx.graph
    out: list[Finding] = []
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: e[2]):
        if d["relation"] == "channel" and d["layer"] == "operational" and d["via"]:
            names = ctx.labels([u, v, *d["via"]])
            out.append(ctx.finding(RULE, "indirect-operational", "violation", {
                "en": f"the operational channel {names[u]['en']} -> {names[v]['en']} goes via "
                      + ", ".join(names[x]["en"] for x in d["via"]) + "; direct contact must be direct",
                "da": f"den driftsmæssige kanal {names[u]['da']} -> {names[v]['da']} går via "
                      + ", ".join(names[x]["da"] for x in d["via"]) + "; den direkte kontakt skal være direkte",
            }, nodes=[u, *d["via"], v], edges=[k], witness=[u, *d["via"], v]))
    earlier = ctx.earlier
    if earlier is None:
        return out
    before = {pair: [k for k, s in chs if s == "open"] for pair, chs in operational_pairs(earlier.graph).items()}
    before = {pair: ks for pair, ks in before.items() if ks}
    now = operational_pairs(G)
    for (ho, adm), lost in sorted(before.items()):
        current = now.get((ho, adm), [])
        if any(s == "open" for _k, s in current):
            continue
        names = ctx.labels([ho, adm])
        pair_en, pair_da = f"{names[ho]['en']} and {names[adm]['en']}", f"{names[ho]['da']} og {names[adm]['da']}"
        unknown = [k for k, s in current if s == "unknown"]
        if unknown:
            out.append(ctx.finding(RULE, "status-unknown", "warning", {
                "en": f"the direct contact between {pair_en} (open in {earlier.name!r}) cannot be verified: "
                      "status unknown",
                "da": f"den direkte kontakt mellem {pair_da} (åben i {earlier.name!r}) kan ikke efterprøves: "
                      "status ukendt",
            }, nodes=[ho, adm], edges=[*unknown, *lost], witness=[ho, adm], detail={"earlier": earlier.name}))
            continue
        state = ", ".join(sorted({s for _k, s in current})) or "missing"
        out.append(ctx.finding(RULE, "channel-lost", "violation", {
            "en": f"the direct contact between {pair_en}, open in {earlier.name!r}, is {state} here",
            "da": f"den direkte kontakt mellem {pair_da}, åben i {earlier.name!r}, er "
                  f"{'forsvundet' if state == 'missing' else state} her",
        }, nodes=[ho, adm], edges=[*lost, *(k for k, _s in current)], witness=[ho, adm],
            detail={"earlier": earlier.name, "status": state}))
    eps = entry_points(ctx)
    if len(eps) == 1:
        out += _single_point(ctx, eps[0], sorted({ho for ho, _adm in before}))
    return out


def _undirected(G: nx.MultiDiGraph, statuses: tuple[str, ...]) -> nx.Graph:
    U = nx.Graph()
    U.add_nodes_from(G.nodes())
    U.add_edges_from((u, v) for u, v, d in G.edges(data=True)
                     if d["relation"] == "channel" and d["layer"] in ("formal", "operational")
                     and d["status"] in statuses)
    return U


def _single_point(ctx: ScenarioContext, ep: str, housing: list[str]) -> list[Finding]:
    G = ctx.graph
    municipal = [n for n, d in G.nodes(data=True) if d["municipal_unit"]]
    certain = set(single_points_of_failure(_undirected(G, ("open",)), housing, municipal, ep))
    possible = set(single_points_of_failure(_undirected(G, ("open", "unknown")), housing, municipal, ep))
    out = []
    for ho in sorted(certain):
        names = ctx.labels([ho, ep])
        if ho in possible:
            severity, code = "violation", "single-point-of-failure"
            en = (f"{names[ho]['en']} had direct contacts but now reaches the municipality only through the entry "
                  f"point {names[ep]['en']}")
            da = (f"{names[ho]['da']} havde direkte kontakt, men når nu kun kommunen gennem indgangen "
                  f"{names[ep]['da']}")
        else:
            severity, code = "warning", "single-point-unverified"
            en = (f"whether the entry point {names[ep]['en']} is the only way from {names[ho]['en']} to the "
                  "municipality cannot be verified: the direct channels' status is unknown")
            da = (f"om indgangen {names[ep]['da']} er eneste vej fra {names[ho]['da']} til kommunen, kan ikke "
                  "efterprøves: de direkte kanalers status er ukendt")
        out.append(ctx.finding(RULE, code, severity, {"en": en, "da": da}, nodes=[ho, ep], witness=[ho, ep]))
    return out


RULE = register(Rule(
    id="direct-contacts-open",
    title={"da": "Den direkte kontakt bevares", "en": "Direct contacts stay open"},
    kind="topology",
    severity="violation",
    source=SOURCE,
    source_document="memo 2010-140582 (25 Feb 2010)",
    description="Every administration-housing organisation pair with an open operational channel in the earlier "
                "scenario keeps one (unknown status: warning); operational channels are direct; the entry point "
                "is not a single point of failure for housing organisations that had direct contacts.",
    check=check,
))
