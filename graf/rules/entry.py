"""single-entry-point: housing organisations reach the municipality formally through one entry point.

Checked on the formal layer of open channels (:func:`graf.network.channel_layer`): exactly one
designated entry point; every formal channel from a housing organisation ends there; no formal
path of any length from a housing organisation to a municipal unit avoids it (dominators from a
super-source, :func:`graf.topology.bypass_paths`); and, as a warning, the entry point reaches
every administration (through channels of unknown status: a warning that it cannot be verified).
The housing side is every housing organisation and every group of them a source names as one actor
(:data:`graf.network.HOUSING_SIDE`); a group's channels are its own, never its members'.
"""

from __future__ import annotations

import networkx as nx

from graf.namespaces import GRAF
from graf.network import channel_layer
from graf.report import Finding
from graf.rules.base import Rule, ScenarioContext, nodes_with, register
from graf.topology import bypass_paths, unreached

SOURCE = ("De tilkendegav på mødet tilfredshed med den nye organisering, som imødekommer ønsket om én indgang "
          "til kommunen")


def entry_points(ctx: ScenarioContext) -> list[str]:
    """Actors typed graf:EntryPoint or named by graf:hasEntryPoint, sorted."""
    G = ctx.graph
    found = {n for n, d in G.nodes(data=True) if d["entry_point"]}
    found |= {v for _u, v, d in G.edges(data=True) if d["relation"] == "hasEntryPoint"}
    return sorted(found)


def _names(ctx: ScenarioContext, iris: list[str], lang: str) -> str:
    labels = ctx.labels(iris)
    return ", ".join(labels[i][lang] for i in iris)


def check(ctx: ScenarioContext) -> list[Finding]:
    G = ctx.graph
    eps = entry_points(ctx)
    if not eps:
        municipalities = nodes_with(G, str(GRAF.Municipality))
        notes = ctx.notes
        en = (f"scenario {ctx.name!r} designates no entry point (no actor typed graf:EntryPoint or named by "
              "graf:hasEntryPoint), so housing organisations have no single way into the municipality")
        da = (f"scenariet {ctx.name!r} udpeger ingen indgang (ingen aktør af typen graf:EntryPoint eller angivet "
              "med graf:hasEntryPoint); boligorganisationerne har ikke én indgang til kommunen")
        if notes:
            en += ". The data notes: " + " ".join(notes)
            da += ". Data noterer (på engelsk): " + " ".join(notes)
        return [ctx.finding(RULE, "no-entry-point", "violation", {"en": en, "da": da}, nodes=municipalities,
                            witness=municipalities)]
    if len(eps) > 1:
        return [ctx.finding(RULE, "several-entry-points", "violation", {
            "en": f"{len(eps)} entry points are designated ({_names(ctx, eps, 'en')}); the model asks for one",
            "da": f"der er udpeget {len(eps)} indgange ({_names(ctx, eps, 'da')}); modellen kræver én",
        }, nodes=eps, witness=eps)]
    ep = eps[0]
    F = channel_layer(G, "formal")
    housing = [n for n, d in G.nodes(data=True) if d["housing"]]
    municipal = [n for n, d in G.nodes(data=True) if d["municipal_unit"]]
    out: list[Finding] = []
    for ho in sorted(housing):
        for to in sorted(F.successors(ho)):
            if to == ep:
                continue
            names = ctx.labels([ho, to, ep])
            out.append(ctx.finding(RULE, "formal-channel-bypass", "violation", {
                "en": f"the formal channel from {names[ho]['en']} ends at {names[to]['en']}, not at the entry point "
                      f"{names[ep]['en']}",
                "da": f"den formelle kanal fra {names[ho]['da']} ender hos {names[to]['da']}, ikke ved indgangen "
                      f"{names[ep]['da']}",
            }, nodes=[ho, to, ep], edges=F[ho][to]["ids"], witness=[ho, to]))
    for target, path in bypass_paths(F, housing, ep, municipal).items():
        if len(path) <= 2 and G.nodes[path[0]]["housing"]:
            continue  # a single hop is the formal-channel-bypass finding above
        edges = [i for u, v in zip(path, path[1:], strict=False) for i in F[u][v]["ids"][:1]]
        names = ctx.labels([*path, ep])
        out.append(ctx.finding(RULE, "formal-path-bypass", "violation", {
            "en": f"{names[target]['en']} is reached formally without passing the entry point {names[ep]['en']}: "
                  + " -> ".join(names[n]["en"] for n in path),
            "da": f"{names[target]['da']} nås formelt uden om indgangen {names[ep]['da']}: "
                  + " -> ".join(names[n]["da"] for n in path),
        }, nodes=[*path, ep], edges=edges, witness=path, detail={"target": target}))
    return out + _unreached(ctx, F, ep)


def _unreached(ctx: ScenarioContext, F: nx.DiGraph, ep: str) -> list[Finding]:
    """Warnings for administrations the entry point does not reach formally, or reaches only through
    channels of unknown status (then the finding names those channels: it cannot be verified)."""
    G = ctx.graph
    admins = nodes_with(G, str(GRAF.Administration))
    maybe = channel_layer(G, "formal", ("open", "unknown"))
    possible = unreached(maybe, ep, admins)
    out = []
    for adm in unreached(F, ep, admins):
        names = ctx.labels([ep, adm])
        if adm not in possible:
            path = nx.shortest_path(maybe, ep, adm)
            edges = [i for u, v in zip(path, path[1:], strict=False) for i in maybe[u][v]["ids"][:1]]
            out.append(ctx.finding(RULE, "entry-point-unverified", "warning", {
                "en": f"whether the entry point {names[ep]['en']} reaches {names[adm]['en']} formally cannot be "
                      "verified: status unknown",
                "da": f"om indgangen {names[ep]['da']} når {names[adm]['da']} formelt, kan ikke efterprøves: "
                      "status ukendt",
            }, nodes=path, edges=edges, witness=path))
            continue
        out.append(ctx.finding(RULE, "entry-point-unreached", "warning", {
            "en": f"the entry point {names[ep]['en']} has no formal path to {names[adm]['en']}",
            "da": f"indgangen {names[ep]['da']} har ingen formel vej til {names[adm]['da']}",
        }, nodes=[ep, adm], witness=[ep, adm]))
    return out


RULE = register(Rule(
    id="single-entry-point",
    title={"da": "Én indgang til kommunen", "en": "One entry point to the municipality"},
    kind="topology",
    severity="violation",
    source=SOURCE,
    source_document="memo 2010-140582 (25 Feb 2010)",
    description="Exactly one designated entry point; every formal channel and every formal path from a housing "
                "organisation (or group of them) to a municipal unit passes through it; the entry point reaches every "
                "administration (warning; 'cannot be verified' where the channels' status is unknown).",
    check=check,
))
