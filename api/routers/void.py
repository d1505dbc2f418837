"""``/.well-known/void``: the data set's VoID description (graf.void), linked from the SPARQL
service description. Turtle by default; N-Triples, JSON-LD or RDF/XML by ``Accept`` or ``?format=``."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response

from api import conneg
from api.deps import State, in_thread
from api.models import ErrorBody
from graf.void import TURTLE_PREFIXES, Server, describe

router = APIRouter(tags=["void"], responses={400: {"model": ErrorBody}, 406: {"model": ErrorBody}})

PATH = "/.well-known/void"
_RDF = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
        "rdfxml": ox.RdfFormat.RDF_XML}


@router.get(PATH, summary="The data set's VoID description", response_class=Response,
            responses={200: {"content": {f.types[0]: {} for f in conneg.GRAPH}}},
            description="Graphs and their triples, classes and properties with counts, licence, sources and the "
                        "example queries (void:exampleResource), as RDF (Turtle unless `Accept` or `?format=` "
                        "asks for N-Triples, JSON-LD or RDF/XML). `graf info --format turtle` prints the same "
                        "without this server's links.")
async def void(request: Request, state: State, format: str | None = None) -> Response:
    what = "VoID description (RDF)"
    chosen = (conneg.by_name(format, conneg.GRAPH, what) if format
              else conneg.negotiate(request.headers.get("accept"), conneg.GRAPH, what))
    base = state.settings.public_base.rstrip("/")  # the configured public URL, never the Host header
    server = Server(sparql_endpoint=base + "/sparql", data_dump=base + "/export?format=trig", queries=base + "/queries")
    triples = await in_thread(state.cached, ("void", base), lambda: describe(state.store, state.dataset, server=server))
    body = ox.serialize(triples, format=_RDF[chosen.name],
                        prefixes=TURTLE_PREFIXES if chosen.name == "turtle" else None)
    return Response(body, media_type=chosen.media_type, headers={"Vary": "Accept"})
