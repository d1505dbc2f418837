"""``/actors`` and ``/actors/{id}``: the actors of a scenario (from graf.network.actor_graph)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Query

from api.deps import AnyScenario, State, in_thread, resolve_scenario
from api.errors import ApiError
from api.models import ActorDetail, ActorRef, ActorSummary, Channel, ErrorBody, Lang, Relation, Source
from graf import iris

if TYPE_CHECKING:  # annotations only: networkx is imported by the actor graph, when a page needs it
    import networkx as nx

_KBH = iris.KBH

router = APIRouter(tags=["actors"], responses={400: {"model": ErrorBody}, 404: {"model": ErrorBody}})


def short_id(iri: str) -> str:
    """The IRI relative to the Copenhagen namespace (``seat/forum/x``), else its last segment."""
    if iri.startswith(_KBH) and len(iri) > len(_KBH):
        return iri[len(_KBH):]
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def ref(G: nx.MultiDiGraph[str], iri: str, lang: str) -> ActorRef:
    label = G.nodes[iri]["label"].get(lang, short_id(iri)) if iri in G else short_id(iri)
    return ActorRef(id=short_id(iri), iri=iri, label=label)


def summary(G: nx.MultiDiGraph[str], iri: str, lang: str) -> ActorSummary:
    d = G.nodes[iri]
    return ActorSummary(id=short_id(iri), iri=iri, label=d["label"].get(lang, short_id(iri)), kind=d["kind"],
                        kind_label=d["kind_label"].get(lang, short_id(d["kind"])), entry_point=d["entry_point"],
                        municipal_unit=d["municipal_unit"], housing=d["housing"])


def channel(G: nx.MultiDiGraph[str], u: str, v: str, d: dict[str, Any], lang: str) -> Channel:
    return Channel(id=d["id"], source=ref(G, u, lang), target=ref(G, v, lang), layer=d["layer"],
                   status=d["status"], via=list(d.get("via", [])))


def find_actor(G: nx.MultiDiGraph[str], actor_id: str) -> str:
    """The node for an IRI or a short id; 404 if none, 400 if the short id is ambiguous."""
    if actor_id in G:
        return actor_id
    found = [n for n in G if short_id(n) == actor_id]
    if not found:  # a unique tail, such as the local name
        found = [n for n in G if n.endswith("/" + actor_id) or n.endswith("#" + actor_id)]
    if len(found) == 1:
        return found[0]
    if found:
        raise ApiError(400, f"actor id {actor_id!r} is ambiguous; use one of the IRIs: {', '.join(found)}",
                       "ambiguous_id", valid=found)
    raise ApiError(404, f"no actor {actor_id!r} in this scenario; see /actors for the ids", "unknown_actor")


def _kind_matches(kind: str, kinds: list[str]) -> bool:
    """``kind`` is a class IRI, ``prefix:Local`` or ``Local``."""
    if "://" in kind:
        return kind in kinds
    local = kind.partition(":")[2] or kind
    return any(short_id(k) == local for k in kinds)


@router.get("/actors", response_model=list[ActorSummary], summary="List actors (filter by kind, search labels)")
async def list_actors(
    state: State,
    kind: str | None = Query(None, description="class (local name, prefixed or IRI), subclasses included"),
    q: str | None = Query(None, description="case-insensitive text in the label (Danish or English) or id"),
    scenario: AnyScenario = None,
    lang: Lang = "da",
) -> list[ActorSummary]:
    chosen = await resolve_scenario(state, scenario)
    G = await in_thread(state.actor_graph, chosen)
    nodes = sorted(G.nodes, key=lambda n: G.nodes[n]["label"].get(lang, n).casefold())
    if kind:
        all_kinds = sorted({short_id(k) for n in G for k in G.nodes[n]["kinds"]})
        nodes = [n for n in nodes if _kind_matches(kind, G.nodes[n]["kinds"])]
        if not nodes and not any(_kind_matches(kind, [k]) for k in all_kinds):
            raise ApiError(400, f"unknown kind {kind!r}; valid kinds: {', '.join(all_kinds)}", "unknown_name",
                           kind="kind", valid=all_kinds)
    if q:
        needle = q.casefold()
        nodes = [n for n in nodes if needle in short_id(n).casefold()
                 or any(needle in label.casefold() for label in G.nodes[n]["label"].values())]
    return [summary(G, n, lang) for n in nodes]


@router.get("/actors/{actor_id:path}", response_model=ActorDetail, summary="One actor: labels, relations, channels")
async def get_actor(actor_id: str, state: State, scenario: AnyScenario = None, lang: Lang = "da") -> ActorDetail:
    chosen = await resolve_scenario(state, scenario)
    G = await in_thread(state.actor_graph, chosen)
    iri = find_actor(G, actor_id)
    d = G.nodes[iri]
    relations, channels = [], []
    for u, v, data in [*G.out_edges(iri, data=True), *G.in_edges(iri, data=True)]:
        if data["relation"] == "channel":
            channels.append(channel(G, u, v, data, lang))
        else:
            out = u == iri
            relations.append(Relation(id=data["id"], relation=data["relation"], predicate=data["predicate"],
                                      direction="out" if out else "in", other=ref(G, v if out else u, lang)))
    base = summary(G, iri, lang)
    return ActorDetail(**base.model_dump(), labels=dict(d["label"]), kinds=list(d["kinds"]),
                       scenario=chosen.name if chosen else None, relations=relations, channels=channels,
                       sources=[Source(**s) for s in d["sources"]])
