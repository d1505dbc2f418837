"""``/scenarios``, ``/scenarios/{a}/diff/{b}`` and ``/channels``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Query

from api.deps import AnyScenario, State, in_thread, resolve_scenario
from api.errors import ApiError
from api.models import Channel, ChannelChange, ErrorBody, Lang, ScenarioDiff, ScenarioInfo
from api.routers.actors import channel

if TYPE_CHECKING:  # annotations only: networkx is imported by the actor graph, when a page needs it
    import networkx as nx

router = APIRouter(tags=["scenarios"], responses={400: {"model": ErrorBody}, 404: {"model": ErrorBody}})

LAYERS = ("formal", "operational")
STATUSES = ("open", "closed", "planned", "unknown")


@router.get("/scenarios", response_model=list[ScenarioInfo], summary="The scenarios (organisation models)")
async def scenarios(state: State) -> list[ScenarioInfo]:
    found = await in_thread(state.scenarios)
    return [ScenarioInfo(name=s.name, iri=s.iri, labels=dict(s.labels),
                         graphs=list(s.graphs) if s.graphs is not None else None, preceded_by=s.preceded_by)
            for s in found]


def _channels(G: nx.MultiDiGraph[str]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(u, v, d) for u, v, d in G.edges(data=True) if d["relation"] == "channel"]


@router.get("/channels", response_model=list[Channel], summary="Contact channels (filter by layer, status)")
async def channels(
    state: State,
    scenario: AnyScenario = None,
    layer: str | None = Query(None, description="formal | operational"),
    status: str | None = Query(None, description="open | closed | planned | unknown"),
    lang: Lang = "da",
) -> list[Channel]:
    if layer is not None and layer not in LAYERS:
        raise ApiError(400, f"unknown layer {layer!r}; use one of: {', '.join(LAYERS)}", "unknown_name",
                       valid=list(LAYERS))
    if status is not None and status not in STATUSES:
        raise ApiError(400, f"unknown status {status!r}; use one of: {', '.join(STATUSES)}", "unknown_name",
                       valid=list(STATUSES))
    chosen = await resolve_scenario(state, scenario)
    G = await in_thread(state.actor_graph, chosen)
    found = [channel(G, u, v, d, lang) for u, v, d in _channels(G)
             if (layer is None or d["layer"] == layer) and (status is None or d["status"] == status)]
    return sorted(found, key=lambda c: (c.layer, c.source.label, c.target.label, c.id))


def _by_key(G: nx.MultiDiGraph[str]) -> dict[tuple[str, str, str], list[tuple[str, str, dict[str, Any]]]]:
    out: dict[tuple[str, str, str], list] = {}
    for u, v, d in _channels(G):
        out.setdefault((u, v, d["layer"]), []).append((u, v, d))
    return out


@router.get("/scenarios/{a}/diff/{b}", response_model=ScenarioDiff,
            summary="Channels added, removed or changed from scenario a to b")
async def diff(a: str, b: str, state: State, lang: Lang = "da") -> ScenarioDiff:
    first = await resolve_scenario(state, a, param="a")
    second = await resolve_scenario(state, b, param="b")
    Ga = await in_thread(state.actor_graph, first)
    Gb = await in_thread(state.actor_graph, second)
    ka, kb = _by_key(Ga), _by_key(Gb)
    added = [channel(Gb, u, v, d, lang) for key in sorted(kb.keys() - ka.keys()) for u, v, d in kb[key]]
    removed = [channel(Ga, u, v, d, lang) for key in sorted(ka.keys() - kb.keys()) for u, v, d in ka[key]]
    changed = []
    for key in sorted(ka.keys() & kb.keys()):
        before = sorted((d["status"], tuple(d.get("via", []))) for _, _, d in ka[key])
        after = sorted((d["status"], tuple(d.get("via", []))) for _, _, d in kb[key])
        if before != after:
            def show(items: list[tuple[str, tuple[str, ...]]]) -> dict[str, str | list[str]]:
                return {"status": ",".join(s for s, _ in items), "via": sorted({x for _, v in items for x in v})}
            changed.append(ChannelChange(source=key[0], target=key[1], layer=key[2], before=show(before),
                                         after=show(after)))
    return ScenarioDiff(a=a, b=b, added=added, removed=removed, changed=changed)
