"""``/metrics``: who is central in a scenario's actor network (graf.metrics), as JSON, CSV or text."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Query, Response

from api.deps import State, in_thread
from api.errors import ApiError
from api.i18n import lang_param
from api.models import ErrorBody
from graf.errors import UnknownNameError

router = APIRouter(tags=["metrics"], responses={400: {"model": ErrorBody}})

FORMATS = {"json": "application/json", "csv": "text/csv; charset=utf-8", "text": "text/plain; charset=utf-8"}


def scenario_metrics(state: Any, name: str | None) -> Any:
    """The measures of scenario ``name`` (default: adjusted; ``all``: the whole data set), cached until the data
    change. UnknownNameError for a name that is neither."""
    # here, not at the top: loads networkx, rdflib (start-up)
    from graf.metrics import metrics
    from graf.scenarios import choose_scenario

    chosen = choose_scenario(state.store, name, state.scenarios())

    def compute() -> Any:
        G = state.actor_graph(None if chosen.graphs is None else chosen).copy()
        G.graph["scenario"] = chosen.name
        return metrics(G)

    return state.cached(("metrics", chosen.name), compute)


@router.get("/metrics", summary="Who is central: per-actor degree, betweenness, closeness, 2-step reach, "
            "communities; the network's density, diameter and average path length",
            response_class=Response,
            responses={200: {"content": {"application/json": {}, "text/csv": {}, "text/plain": {}}}})
async def metrics_route(state: State,
                        scenario: str | None = Query(None, description="scenario name (default: adjusted); 'all': "
                                                     "the whole data set"),
                        format: str = Query("json", description="json | csv | text"),
                        lang: str = Depends(lang_param)) -> Response:
    if format not in FORMATS:
        raise ApiError(400, f"unknown format {format!r}; use one of: {', '.join(FORMATS)}", "unknown_format",
                       valid=list(FORMATS))
    try:
        result = await in_thread(scenario_metrics, state, scenario)
    except UnknownNameError as exc:
        raise ApiError(400, f"scenario: {exc}", "unknown_name", kind=exc.kind, valid=exc.valid) from None
    if format == "csv":
        body = result.csv(lang)
    elif format == "text":
        body = result.text(lang, top=len(result.actors))
    else:
        body = json.dumps(result.as_dict(), ensure_ascii=False)
    return Response(body.encode("utf-8"), media_type=FORMATS[format])
