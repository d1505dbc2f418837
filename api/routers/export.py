"""``/export``: the dataset (or one graph) as an RDF file."""

from __future__ import annotations

import re

from fastapi import APIRouter, Query, Response

from api.deps import State, in_thread
from api.errors import ApiError
from api.models import ErrorBody

router = APIRouter(tags=["export"], responses={400: {"model": ErrorBody}, 404: {"model": ErrorBody}})

MEDIA = {
    "turtle": ("text/turtle; charset=utf-8", "ttl"),
    "trig": ("application/trig; charset=utf-8", "trig"),
    "nt": ("application/n-triples", "nt"),
    "nq": ("application/n-quads", "nq"),
    "jsonld": ("application/ld+json", "jsonld"),
    "rdfxml": ("application/rdf+xml", "rdf"),
}


@router.get("/export", summary="Download the dataset or one named graph",
            response_class=Response, responses={200: {"content": {m: {} for m, _ in MEDIA.values()}}})
async def export(
    state: State,
    format: str = Query("trig", description="turtle | trig | nt | nq | jsonld | rdfxml"),
    graph: str | None = Query(None, description="IRI of one named graph (see /sparql for the list)"),
) -> Response:
    if format not in MEDIA:
        raise ApiError(400, f"unknown format {format!r}; use one of: {', '.join(MEDIA)}", "unknown_format",
                       valid=list(MEDIA))
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
