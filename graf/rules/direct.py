"""direct-contacts-open: the new structure must not hinder the direct contacts.

In named passes:

1. operational channels are direct: one with a ``graf:via`` intermediary is a violation
   (``indirect-operational``), since it passes through the intermediary;
2. for a scenario ``preceded_by`` an earlier one: every (housing-side actor, administration) pair
   with an open, direct operational channel there still has one (``channel-lost``: closed, planned,
   missing, or only routed via an intermediary; ``status-unknown``, a warning, when the channel's
   status is unknown: it cannot be verified);
3. resilience: every housing-side actor still reaches every administration it reached in the earlier
   scenario after the failure of any ``k`` actors or channels other than the two ends, ``k`` being the
   scenario's ``graf:resilience`` (default 1: the entry point, or any other actor or channel, must not be
   a single point of failure). Reach is over open formal and operational channels, either way, each
   channel through its intermediaries, never through another housing-side actor. The witness of
   ``not-resilient`` is a minimum cut, found with networkx's max-flow (:class:`graf.topology.Cuts`):
   the actors and channels whose loss disconnects the pair (empty: they are no longer connected at
   all). ``resilience-unverified`` (a warning) when channels of unknown status might make up the
   difference.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graf.namespaces import GRAF
from graf.network import channel_segments
from graf.report import Finding
from graf.rules.base import MEMO, WITNESS_LIMIT, Code, Parameter, Rule, ScenarioContext, register
from graf.topology import Cut, Cuts

SOURCE = ("men understregede samtidigt, at den nye struktur ikke må hindre den direkte og løbende kontakt mellem "
          "forvaltningerne og boligorganisationerne.")

_LAYERS = ("formal", "operational")


def operational_pairs(G: nx.MultiDiGraph[str]) -> dict[tuple[str, str], list[tuple[str, str, bool]]]:
    """(housing-side actor, administration) -> [(channel id, status, direct)] of operational channels, either
    way; ``direct`` is False for a channel via an intermediary."""
    adm = str(GRAF.Administration)
    out: dict[tuple[str, str], list[tuple[str, str, bool]]] = {}
    for u, v, k, d in G.edges(keys=True, data=True):
        if d["relation"] != "channel" or d["layer"] != "operational":
            continue
        for ho, other in ((u, v), (v, u)):
            if G.nodes[ho]["housing"] and adm in G.nodes[other]["kinds"]:
                out.setdefault((ho, other), []).append((k, d["status"], not d["via"]))
    return {pair: sorted(chs) for pair, chs in out.items()}


def check(ctx: ScenarioContext) -> list[Finding]:
    out = _indirect(ctx)
    earlier = ctx.earlier
    if earlier is None:
        return out
    lost = _lost(ctx, earlier)
    unverified = {f.focus for f in lost if f.code == "status-unknown"}  # one warning per cause is enough
    return out + lost + [f for f in _resilience(ctx, earlier)
                         if not (f.code == "resilience-unverified" and f.focus in unverified)]


def _indirect(ctx: ScenarioContext) -> list[Finding]:
    """Operational channels with an intermediary: they pass through it, so they are not direct."""
    out = []
    for u, v, k, d in sorted(ctx.graph.edges(keys=True, data=True), key=lambda e: e[2]):
        if d["relation"] == "channel" and d["layer"] == "operational" and d["via"]:
            names = ctx.labels([u, v, *d["via"]])
            out.append(ctx.finding(RULE, "indirect-operational", "violation", {
                "en": f"the operational channel {names[u]['en']} -> {names[v]['en']} goes via "
                      + ", ".join(names[x]["en"] for x in d["via"]) + "; direct contact must be direct",
                "da": f"den driftsmæssige kanal {names[u]['da']} -> {names[v]['da']} går via "
                      + ", ".join(names[x]["da"] for x in d["via"]) + "; den direkte kontakt skal være direkte",
            }, nodes=[u, *d["via"], v], edges=[k], witness=[u, *d["via"], v], focus=[k]))
    return out


def _lost(ctx: ScenarioContext, earlier: ScenarioContext) -> list[Finding]:
    """Direct contacts open in the earlier scenario that are not open and direct here."""
    before = {pair: [k for k, s, direct in chs if s == "open" and direct]
              for pair, chs in operational_pairs(earlier.graph).items()}
    now = operational_pairs(ctx.graph)
    out = []
    for (ho, adm), lost in sorted(before.items()):
        current = now.get((ho, adm), [])
        if not lost or any(s == "open" and direct for _k, s, direct in current):
            continue
        out.append(_lost_finding(ctx, earlier, ho, adm, lost, current))
    return out


def _lost_finding(ctx: ScenarioContext, earlier: ScenarioContext, ho: str, adm: str, lost: list[str],
                  current: list[tuple[str, str, bool]]) -> Finding:
    """The finding for one direct contact open earlier and not open and direct now."""
    names = ctx.labels([ho, adm])
    pair_en, pair_da = f"{names[ho]['en']} and {names[adm]['en']}", f"{names[ho]['da']} og {names[adm]['da']}"
    unknown = [k for k, s, direct in current if s == "unknown" and direct]
    if unknown:
        return ctx.finding(RULE, "status-unknown", "warning", {
            "en": f"the direct contact between {pair_en} (open in {earlier.name!r}) cannot be verified: "
                  "status unknown",
            "da": f"den direkte kontakt mellem {pair_da} (åben i {earlier.name!r}) kan ikke efterprøves: "
                  "status ukendt",
        }, nodes=[ho, adm], edges=[*unknown, *lost], witness=[ho, adm], focus=[ho, adm],
            detail={"earlier": earlier.name})
    state = _state(current)
    words = {"missing": "forsvundet", "indirect": "kun ført via et mellemled", "closed": "lukket",
             "planned": "planlagt"}
    return ctx.finding(RULE, "channel-lost", "violation", {
        "en": f"the direct contact between {pair_en}, open in {earlier.name!r}, is "
              f"{'only routed via an intermediary' if state == 'indirect' else state} here",
        "da": f"den direkte kontakt mellem {pair_da}, åben i {earlier.name!r}, er "
              f"{', '.join(words.get(s, s) for s in state.split(', '))} her",
    }, nodes=[ho, adm], edges=[*lost, *(k for k, _s, _d in current)], witness=[ho, adm], focus=[ho, adm],
        detail={"earlier": earlier.name, "status": state})


def _state(current: list[tuple[str, str, bool]]) -> str:
    """How a lost direct contact stands now: missing, indirect (open only via an intermediary), or its statuses."""
    if not current:
        return "missing"
    if any(s == "open" for _k, s, _direct in current):
        return "indirect"
    return ", ".join(sorted({s for _k, s, _direct in current}))


def _reached(earlier: ScenarioContext) -> dict[str, list[str]]:
    """Each housing-side actor -> the administrations it reached in the earlier scenario (open channels,
    never through another housing-side actor)."""
    G = earlier.graph
    U = channel_segments(G, _LAYERS, ("open",))
    admins = {n for n, d in G.nodes(data=True) if str(GRAF.Administration) in d["kinds"]}
    housing = {n for n, d in G.nodes(data=True) if d["housing"] and n in U}
    out = {}
    for ho in sorted(housing):
        found = sorted(nx.node_connected_component(U.subgraph(set(U) - (housing - {ho})), ho) & admins)
        if found:
            out[ho] = found
    return out


def _resilience(ctx: ScenarioContext, earlier: ScenarioContext) -> list[Finding]:
    """Pairs reached earlier that ``k`` failing actors or channels can now separate, each with a minimum cut."""
    k = ctx.resilience
    reached = _reached(earlier)
    if not reached:
        return []
    housing = [n for n, d in ctx.graph.nodes(data=True) if d["housing"]]  # they relay no one's contact
    cuts = Cuts(channel_segments(ctx.graph, _LAYERS, ("open",)), closed=housing)
    maybe: Cuts[str] | None = None  # with the channels of unknown status, built when needed
    out = []
    for ho, admins in reached.items():
        for adm in admins:
            cut = cuts.minimum_cut(ho, adm, k)
            if cut is None:
                continue
            if maybe is None:
                maybe = Cuts(channel_segments(ctx.graph, _LAYERS, ("open", "unknown")), closed=housing)
            verified = maybe.minimum_cut(ho, adm, k) is not None
            out.append(_resilience_finding(ctx, earlier, ho, adm, cut, k, verified))
    return out


def _resilience_finding(ctx: ScenarioContext, earlier: ScenarioContext, ho: str, adm: str, cut: Cut[str], k: int,
                        verified: bool) -> Finding:
    names = ctx.labels([ho, adm, *cut.nodes, *cut.edges])
    pair = {lang: (names[ho][lang], names[adm][lang]) for lang in ("en", "da")}
    what = {lang: ", ".join([*(names[n][lang] for n in cut.nodes),
                             *(("channel " if lang == "en" else "kanalen ") + names[e][lang] for e in cut.edges)])
            for lang in ("en", "da")}
    detail = {"earlier": earlier.name, "resilience": str(k), "cut": " ".join([*cut.nodes, *cut.edges])}
    common: dict[str, Any] = {"nodes": [ho, *cut.nodes, adm], "edges": list(cut.edges),
                              "witness": [ho, *cut.nodes, adm], "focus": [ho, adm], "detail": detail}
    if not verified:
        hang = {"en": f"the open channels hang on {what['en']}" if cut.size else "no open channel reaches it",
                "da": f"de åbne kanaler hænger på {what['da']}" if cut.size else "ingen åben kanal når den"}
        return ctx.finding(RULE, "resilience-unverified", "warning", {
            "en": f"whether {pair['en'][0]} still reaches {pair['en'][1]} after {k} failure(s) cannot be verified: "
                  f"{hang['en']}, and channels of unknown status may add routes",
            "da": f"om {pair['da'][0]} stadig når {pair['da'][1]}, hvis {k} led svigter, kan ikke efterprøves: "
                  f"{hang['da']}, og kanaler med ukendt status kan give flere veje",
        }, **common)
    if cut.size == 0:
        en = (f"{pair['en'][0]} reached {pair['en'][1]} in {earlier.name!r} but has no route to it here (open "
              "formal or operational channels)")
        da = (f"{pair['da'][0]} nåede {pair['da'][1]} i {earlier.name!r}, men har ingen vej dertil her (åbne "
              "formelle eller driftsmæssige kanaler)")
    else:
        en = (f"{pair['en'][0]} reaches {pair['en'][1]} only through {what['en']}: losing {cut.size} actor(s) or "
              f"channel(s) cuts them apart (resilience {k}: any {k} may fail)")
        da = (f"{pair['da'][0]} når kun {pair['da'][1]} gennem {what['da']}: mistes {cut.size} aktør(er) eller "
              f"kanal(er), er forbindelsen væk (robusthed {k}: {k} må kunne svigte)")
    return ctx.finding(RULE, "not-resilient", "violation", {"en": en, "da": da}, **common)


RULE = register(Rule(
    id="direct-contacts-open",
    title={"da": "Den direkte kontakt bevares", "en": "Direct contacts stay open"},
    kind="topology",
    severity="violation",
    source=SOURCE,
    source_document=MEMO,
    description="Operational channels are direct (no graf:via); every housing-side actor-administration pair "
                "with an open direct operational channel in the earlier scenario (graf:precededBy) keeps one "
                "(unknown status: warning); and every housing-side actor still reaches every administration it "
                "reached earlier after any k actors or channels other than the two ends fail (k = the scenario's "
                "graf:resilience, default 1; witness: a minimum cut).",
    check=check,
    remediation={"da": "Bevar de direkte, løbende kanaler mellem boligsiden og forvaltningerne ved siden af indgangen.",
                 "en": "Keep the direct, ongoing channels between the housing side and the administrations beside "
                       "the entry point."},
    codes={
        "indirect-operational": Code.of(
            "violation", "Fjern graf:via fra den driftsmæssige kanal, eller gør den til en formel kanal, hvis den "
            "skal gå gennem mellemleddet.", "Remove graf:via from the operational channel, or make it a formal "
            "channel if it is meant to pass through the intermediary."),
        "channel-lost": Code.of(
            "violation", "Genåbn den direkte driftsmæssige kanal (uden graf:via), eller forklar bortfaldet med en "
            "undtagelse.", "Reopen the direct operational channel (without graf:via), or record why it went "
            "with a waiver."),
        "status-unknown": Code.of(
            "warning", "Find ud af, om kanalen stadig er åben, og angiv dens status.",
            "Find out whether the channel is still open, and record its status."),
        "not-resilient": Code.of(
            "violation", "Tilføj en vej, der ikke går gennem snittet: typisk en direkte driftsmæssig kanal mellem "
            "boligorganisationen og forvaltningen.", "Add a route that avoids the cut: typically a direct "
            "operational channel between the housing organisation and the administration."),
        "resilience-unverified": Code.of(
            "warning", "Angiv status på kanalerne med ukendt status; er de åbne, er forbindelsen robust.",
            "Record the status of the channels of unknown status; if they are open, the link is resilient."),
    },
    parameters=(
        Parameter("resilience", "data: graf:resilience on the scenario (its graf:OrganisationModel IRI)", 1,
                  "how many actors or channels (other than the two ends) may fail while every housing-side actor "
                  "still reaches every administration it reached in the earlier scenario; 0 asks only that it "
                  "still reaches them"),
        Parameter("earlier scenario", "data: graf:precededBy on the scenario", None,
                  "the situation whose direct contacts and reach are compared; without one only the first check "
                  "runs"),
        WITNESS_LIMIT,
    ),
))
