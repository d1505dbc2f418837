"""``/export``: the dataset (or one graph) as an RDF file, the model as a planner's workbook, or the actor network
of a scenario (GraphML, GEXF, an edge list, Kumu's workbook)."""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Query, Response

from api.deps import State, in_thread, resolve_scenario
from api.errors import ApiError
from api.i18n import lang_param
from api.models import ErrorBody

router = APIRouter(tags=["export"], responses={400: {"model": ErrorBody}, 404: {"model": ErrorBody}})

RDF_MEDIA = {
    "turtle": ("text/turtle; charset=utf-8", "ttl"),
    "trig": ("application/trig; charset=utf-8", "trig"),
    "nt": ("application/n-triples", "nt"),
    "nq": ("application/n-quads", "nq"),
    "jsonld": ("application/ld+json", "jsonld"),
    "rdfxml": ("application/rdf+xml", "rdf"),
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NETWORK_MEDIA = {
    "graphml": ("application/graphml+xml", "graphml"),
    "gexf": ("application/gexf+xml", "gexf"),
    "csv-edges": ("text/csv; charset=utf-8", "csv"),
    "kumu": (XLSX, "xlsx"),
}
MEDIA = {**RDF_MEDIA, "xlsx": (XLSX, "xlsx"), **NETWORK_MEDIA}


@router.get("/export", summary="Download the dataset, one named graph, the model as a workbook, or a network",
            description="RDF formats: the dataset or `graph`. `xlsx`: the model as a planner's workbook (importing "
                        "it again gives an isomorphic graph). `graphml`, `gexf`, `csv-edges`, `kumu`: the actor "
                        "network of `scenario` (default: the whole data set).",
            response_class=Response, responses={200: {"content": {m: {} for m, _ in MEDIA.values()}}})
async def export(
    state: State,
    format: str = Query("trig", description="turtle | trig | nt | nq | jsonld | rdfxml | xlsx | graphml | gexf | "
                                            "csv-edges | kumu"),
    graph: str | None = Query(None, description="RDF formats: IRI of one named graph (see /sparql for the list)"),
    scenario: str | None = Query(None, description="network formats: the scenario (default: the whole data set)"),
    lang: str = Depends(lang_param),
) -> Response:
    if format not in MEDIA:
        raise ApiError(400, f"unknown format {format!r}; use one of: {', '.join(MEDIA)}", "unknown_format",
                       valid=list(MEDIA))
    if graph is not None and format not in RDF_MEDIA:
        raise ApiError(400, f"graph applies to the RDF formats ({', '.join(RDF_MEDIA)}), not {format}",
                       "bad_parameter")
    if scenario is not None and format not in NETWORK_MEDIA:
        raise ApiError(400, f"scenario applies to the network formats ({', '.join(NETWORK_MEDIA)}), not {format}",
                       "bad_parameter")
    if format == "xlsx" or format in NETWORK_MEDIA:
        return await _model_export(state, format, scenario, lang)
    if graph is not None:
        names = [g.name for g in await in_thread(state.store.graphs) if g.name]
        if graph not in names:
            raise ApiError(404, f"no named graph <{graph}>; graphs: {', '.join(names)}", "unknown_graph",
                           valid=names)
    body = await in_thread(state.store.export, format, graph)
    media, ext = MEDIA[format]
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", graph.rstrip("/").rsplit("/", 1)[-1] if graph else "graf") or "graph"
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}.{ext}"'})


async def _model_export(state: State, format: str, scenario: str | None, lang: str) -> Response:
    media, ext = MEDIA[format]
    if format == "xlsx":
        # here, not at the top: loads rdflib (start-up)
        from graf.workbook.export import export_workbook

        body = await in_thread(state.cached, ("export", "xlsx", lang), lambda: export_workbook(state.store, lang))
        name = "model"
    else:
        # here, not at the top: loads networkx, rdflib (start-up)
        from graf.netexport import network_bytes

        found = await resolve_scenario(state, scenario)
        chosen = found.name if found else None
        body = await in_thread(state.cached, ("export", format, chosen, lang),
                               lambda: network_bytes(state.store, format, chosen, lang))
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", chosen or "all") or "network"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}.{ext}"'})
