"""single-entry-point: housing organisations reach the municipality formally through one entry point.

Checked on the formal layer of open channels (:func:`graf.network.channel_layer`; a channel via an
intermediary is its hops, so a channel via the entry point passes through it), in named passes:

1. exactly one designated entry point (``no-entry-point``, ``several-entry-points``);
2. the entry point is reachable: if no housing-side actor reaches it over open formal channels, the
   model has no working entry point (``entry-point-unreachable``, naming those actors), even though
   nothing then goes around it either (``entry-point-reach-unverified``, a warning, when channels of
   unknown status may reach it);
3. no bypass: a bypass is a formal path from a housing-side actor to a municipal unit that avoids the
   entry point, and nothing else. A formal channel to a non-municipal intermediary (an interest
   organisation, a district of it, an administration company) is fine when everything reachable
   through it still passes the entry point. One finding per way out of the housing side
   (:func:`graf.topology.bypass_entries`): ``formal-channel-bypass`` when the channel itself ends
   at a municipal unit, ``formal-path-bypass`` when it leads there through intermediaries (the
   witness is the whole path), with the number of further units reachable through it;
4. planned channels do not count, but a planned channel that would be a bypass once opened is an
   ``info`` finding (``planned-bypass``);
5. as warnings, the entry point reaches every administration (``entry-point-unreached``; through
   channels of unknown status: ``entry-point-unverified``, it cannot be verified).

The housing side is every housing organisation and every group of them a source names as one actor
(:data:`graf.network.HOUSING_SIDE`); a group's channels are its own, never its members'.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from typing import Any

import networkx as nx

from graf.namespaces import GRAF
from graf.network import channel_layer
from graf.report import Finding
from graf.rules.base import MEMO, WITNESS_LIMIT, Code, Parameter, Rule, ScenarioContext, nodes_with, register
from graf.topology import Bypass, bypass_entries, reachable, unreached

SOURCE = ("De tilkendegav på mødet tilfredshed med den nye organisering, som imødekommer ønsket om én indgang "
          "til kommunen")


def entry_points(ctx: ScenarioContext) -> list[str]:
    """Actors typed graf:EntryPoint or named by graf:hasEntryPoint, sorted."""
    G = ctx.graph
    found = {n for n, d in G.nodes(data=True) if d["entry_point"]}
    found |= {v for _u, v, d in G.edges(data=True) if d["relation"] == "hasEntryPoint"}
    return sorted(found)


def _names(ctx: ScenarioContext, iris: list[str], lang: str, most: int = 8) -> str:
    labels = ctx.labels(iris[:most])
    shown = ", ".join(labels[i][lang] for i in iris[:most])
    return shown + (" …" if len(iris) > most else "")


def _path_edges(F: nx.DiGraph[str], path: Sequence[str], prefer: Set[str] = frozenset()) -> list[str]:
    """One channel per hop of ``path`` (one in ``prefer`` where the hop has several)."""
    out = []
    for u, v in zip(path, path[1:], strict=False):
        ids = F[u][v]["ids"]
        out.append(next((i for i in ids if i in prefer), ids[0]))
    return out


def check(ctx: ScenarioContext) -> list[Finding]:
    eps = entry_points(ctx)
    if not eps:
        return [_no_entry_point(ctx)]
    if len(eps) > 1:
        return [ctx.finding(RULE, "several-entry-points", "violation", {
            "en": f"{len(eps)} entry points are designated ({_names(ctx, eps, 'en')}); the model asks for one",
            "da": f"der er udpeget {len(eps)} indgange ({_names(ctx, eps, 'da')}); modellen kræver én",
        }, nodes=eps, witness=eps, focus=eps)]
    ep = eps[0]
    G = ctx.graph
    F = channel_layer(G, "formal")
    housing = sorted(n for n, d in G.nodes(data=True) if d["housing"])
    municipal = sorted(n for n, d in G.nodes(data=True) if d["municipal_unit"])
    bypasses = bypass_entries(F, housing, ep, municipal, limit=ctx.max_witness)
    out = _unreachable(ctx, F, ep, housing)
    out += [_bypass_finding(ctx, F, ep, b) for b in bypasses]
    if ctx.wants("info"):
        out += _planned(ctx, ep, housing, municipal, {(b.source, b.first) for b in bypasses})
    return out + (_unreached(ctx, F, ep) if ctx.wants("warning") else [])


def _no_entry_point(ctx: ScenarioContext) -> Finding:
    municipalities = nodes_with(ctx.graph, str(GRAF.Municipality))
    en = (f"scenario {ctx.name!r} designates no entry point (no actor typed graf:EntryPoint or named by "
          "graf:hasEntryPoint), so housing organisations have no single way into the municipality")
    da = (f"scenariet {ctx.name!r} udpeger ingen indgang (ingen aktør af typen graf:EntryPoint eller angivet "
          "med graf:hasEntryPoint); boligorganisationerne har ikke én indgang til kommunen")
    if ctx.notes:
        en += ". The data notes: " + " ".join(ctx.notes)
        da += ". Data noterer (på engelsk): " + " ".join(ctx.notes)
    return ctx.finding(RULE, "no-entry-point", "violation", {"en": en, "da": da}, nodes=municipalities,
                       witness=municipalities, focus=municipalities)


def _unreachable(ctx: ScenarioContext, F: nx.DiGraph[str], ep: str, housing: list[str]) -> list[Finding]:
    """A violation when no housing-side actor reaches the entry point over open formal channels: then the
    entry point dominates every unit only because nothing is reachable, which is not conformance. The
    finding names the actors (those with formal channels, if any has one: a group's members have none)
    and the formal channels into the entry point that are not open. A warning instead when channels of
    unknown status may reach it (it cannot be verified)."""
    if ep in reachable(F, housing):
        return []
    formal = [(u, v, k, d) for u, v, k, d in ctx.graph.edges(keys=True, data=True)
              if d["relation"] == "channel" and d["layer"] == "formal"]
    closed = sorted(k for _u, v, k, d in formal if v == ep and d["status"] != "open")
    housing = sorted({u for u, _v, _k, _d in formal} & set(housing)) or housing
    names = {lang: (_names(ctx, [ep], lang), _names(ctx, housing, lang)) for lang in ("en", "da")}
    common: dict[str, Any] = {"nodes": [*housing, ep], "edges": closed, "witness": [ep], "focus": [ep],
              "detail": {"actors": str(len(housing))}}
    if ep in reachable(channel_layer(ctx.graph, "formal", ("open", "unknown")), housing):
        return [ctx.finding(RULE, "entry-point-reach-unverified", "warning", {
            "en": f"whether the housing side reaches the entry point {names['en'][0]} formally cannot be verified: "
                  "status unknown",
            "da": f"om boligsiden når indgangen {names['da'][0]} formelt, kan ikke efterprøves: status ukendt",
        }, **common)]
    if housing:
        en = (f"no housing-side actor reaches the entry point {names['en'][0]} over open formal channels "
              f"({len(housing)} cannot: {names['en'][1]}), so the model has no working single entry point")
        da = (f"ingen aktør på boligsiden når indgangen {names['da'][0]} ad åbne formelle kanaler "
              f"({len(housing)} kan ikke: {names['da'][1]}); modellen har ikke en indgang, der virker")
    else:
        en = (f"the scenario has no housing organisation (or group of them) to reach the entry point "
              f"{names['en'][0]}, so the entry point is not shown to work")
        da = (f"scenariet har ingen boligorganisation (eller gruppe af dem), der kan nå indgangen "
              f"{names['da'][0]}; det er ikke vist, at indgangen virker")
    if closed:
        en += f"; {len(closed)} formal channel(s) into it are not open"
        da += f"; {len(closed)} formel(le) kanal(er) ind til den er ikke åben(e)"
    return [ctx.finding(RULE, "entry-point-unreachable", "violation", {"en": en, "da": da}, **common)]


def _bypass_messages(ctx: ScenarioContext, ep: str, b: Bypass[str], planned: bool = False) -> dict[str, str]:
    names = ctx.labels([*b.path, ep, b.target])
    route = {lang: " -> ".join(names[n][lang] for n in b.path) + (" -> …" if len(b.path) < b.length else "")
             for lang in ("en", "da")}
    source, target, entry = names[b.source], names[b.target], names[ep]
    if planned:
        en = (f"once its planned channel(s) open, {source['en']} would reach {target['en']} formally without passing "
              f"the entry point {entry['en']}: {route['en']}")
        da = (f"når de planlagte kanaler åbner, vil {source['da']} nå {target['da']} formelt uden om indgangen "
              f"{entry['da']}: {route['da']}")
    else:
        en = (f"{source['en']} reaches {target['en']} formally without passing the entry point {entry['en']}: "
              f"{route['en']}")
        da = f"{source['da']} når {target['da']} formelt uden om indgangen {entry['da']}: {route['da']}"
    if b.further:
        en += f"; {b.further:,} further municipal unit(s) reachable through it"
        da += f"; yderligere {b.further:,} kommunal(e) enhed(er) kan nås den vej".replace(",", ".")
    return {"en": en, "da": da}


def _bypass_finding(ctx: ScenarioContext, F: nx.DiGraph[str], ep: str, b: Bypass[str]) -> Finding:
    code = "formal-channel-bypass" if b.length == 2 else "formal-path-bypass"
    return ctx.finding(RULE, code, "violation", _bypass_messages(ctx, ep, b), nodes=[*b.path, ep],
                       edges=dict.fromkeys(_path_edges(F, b.path)), witness=b.path, focus=[b.source, b.first],
                       witness_length=b.length,
                       detail={"target": str(b.target), "further": str(b.further), "length": str(b.length)})


def _planned(ctx: ScenarioContext, ep: str, housing: list[str], municipal: list[str],
             open_bypasses: set[tuple[str, str]]) -> list[Finding]:
    """``info`` for each way around the entry point that opening planned channels would add."""
    G = ctx.graph
    planned = {k for _u, _v, k, d in G.edges(keys=True, data=True)
               if d["relation"] == "channel" and d["layer"] == "formal" and d["status"] == "planned"}
    if not planned:
        return []
    F = channel_layer(G, "formal", ("open", "planned"))
    out = []
    for b in bypass_entries(F, housing, ep, municipal, limit=ctx.max_witness):
        if (b.source, b.first) in open_bypasses:
            continue
        edges = list(dict.fromkeys(_path_edges(F, b.path, planned)))
        out.append(ctx.finding(RULE, "planned-bypass", "info", _bypass_messages(ctx, ep, b, planned=True),
                               nodes=[*b.path, ep], edges=edges, witness=b.path, focus=[b.source, b.first],
                               witness_length=b.length,
                               detail={"target": str(b.target), "further": str(b.further), "length": str(b.length),
                                       "planned": " ".join(e for e in edges if e in planned)}))
    return out


def _unreached(ctx: ScenarioContext, F: nx.DiGraph[str], ep: str) -> list[Finding]:
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
            out.append(ctx.finding(RULE, "entry-point-unverified", "warning", {
                "en": f"whether the entry point {names[ep]['en']} reaches {names[adm]['en']} formally cannot be "
                      "verified: status unknown",
                "da": f"om indgangen {names[ep]['da']} når {names[adm]['da']} formelt, kan ikke efterprøves: "
                      "status ukendt",
            }, nodes=path, edges=_path_edges(maybe, path), witness=path, focus=[adm]))
            continue
        out.append(ctx.finding(RULE, "entry-point-unreached", "warning", {
            "en": f"the entry point {names[ep]['en']} has no formal path to {names[adm]['en']}",
            "da": f"indgangen {names[ep]['da']} har ingen formel vej til {names[adm]['da']}",
        }, nodes=[ep, adm], witness=[ep, adm], focus=[adm]))
    return out


RULE = register(Rule(
    id="single-entry-point",
    title={"da": "Én indgang til kommunen", "en": "One entry point to the municipality"},
    kind="topology",
    severity="violation",
    source=SOURCE,
    source_document=MEMO,
    description="Exactly one designated entry point; some housing-side actor (housing organisation or group of "
                "them) reaches it over open formal channels; no bypass, i.e. no formal path from a housing-side "
                "actor to a municipal unit that avoids it (a channel to an intermediary is fine while everything "
                "beyond it still passes the entry point; a channel via the entry point passes through it); planned "
                "channels do not count, one that would be a bypass once opened is an info; the entry point reaches "
                "every administration (warning; 'cannot be verified' where the channels' status is unknown).",
    check=check,
    remediation={"da": "Udpeg én indgang og lad boligsidens formelle kanaler gå gennem den.",
                 "en": "Designate one entry point and route the housing side's formal channels through it."},
    codes={
        "no-entry-point": Code.of(
            "violation", "Angiv indgangen i scenariet: graf:hasEntryPoint fra kommunen eller en aktør af typen "
            "graf:EntryPoint.", "Designate the entry point in the scenario: graf:hasEntryPoint from the "
            "municipality, or an actor typed graf:EntryPoint."),
        "several-entry-points": Code.of(
            "violation", "Behold én indgang; gør de andre til enheder bag den, eller fjern deres udpegning.",
            "Keep one entry point; make the others units behind it, or remove their designation."),
        "entry-point-unreachable": Code.of(
            "violation", "Åbn mindst én formel kanal fra boligsiden til indgangen (status grafc:open), eller "
            "ret status på de lukkede eller planlagte kanaler, hvis de faktisk er åbne.",
            "Open at least one formal channel from the housing side to the entry point (status grafc:open), or "
            "correct the status of the closed or planned channels if they are in fact open."),
        "entry-point-reach-unverified": Code.of(
            "warning", "Find ud af, om de formelle kanaler med ukendt status til indgangen er åbne, og angiv deres "
            "status.", "Find out whether the formal channels of unknown status into the entry point are open, and "
            "record their status."),
        "formal-channel-bypass": Code.of(
            "violation", "Lad kanalen ende ved indgangen (eller gå via den med graf:via), eller gør den til en "
            "driftsmæssig kanal, hvis det er den direkte, løbende kontakt.",
            "End the channel at the entry point (or route it via the entry point with graf:via), or make it an "
            "operational channel if it is the direct, ongoing contact."),
        "formal-path-bypass": Code.of(
            "violation", "Bryd vejen uden om indgangen: lad mellemledets formelle kanal til kommunen gå til "
            "indgangen, eller luk den kanal fra boligsiden, der fører derhen.",
            "Break the way around the entry point: route the intermediary's formal channel to the municipality "
            "through the entry point, or close the housing side's channel that leads there."),
        "planned-bypass": Code.of(
            "info", "Lad den planlagte kanal gå til (eller via) indgangen, før den åbner.",
            "Route the planned channel to (or via) the entry point before it opens."),
        "entry-point-unreached": Code.of(
            "warning", "Tilføj en åben formel kanal fra indgangen til forvaltningen.",
            "Add an open formal channel from the entry point to the administration."),
        "entry-point-unverified": Code.of(
            "warning", "Find ud af, om kanalerne med ukendt status er åbne, og angiv deres status.",
            "Find out whether the channels of unknown status are open, and record their status."),
    },
    parameters=(
        Parameter("entry point", "data: graf:hasEntryPoint, or an actor typed graf:EntryPoint, in the scenario",
                  None, "the one designated entry point"),
        Parameter("housing side", "data: instances of graf:HousingOrganisation and graf:HousingOrganisationGroup",
                  None, "the actors whose formal channels must pass the entry point"),
        WITNESS_LIMIT,
    ),
))
