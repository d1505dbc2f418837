"""``/maps/{view}``: the network maps of visualisations.maps (one self-contained HTML page each)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse

from api.deps import State, in_thread
from api.errors import ApiError
from api.i18n import lang_param
from api.models import ErrorBody
from api.security import with_frame_ancestors

router = APIRouter(tags=["maps"], responses={400: {"model": ErrorBody}, 404: {"model": ErrorBody},
                                             503: {"model": ErrorBody}})


def _maps() -> Any:
    try:
        # here, not at the top: loads networkx, rdflib (start-up)
        from visualisations import maps
    except ImportError:
        raise ApiError(503, "maps are not available in this installation (visualisations.maps is missing)",
                       "unavailable") from None
    return maps


def _render(state: State, view: str, scenario: str | None, lang: str, degree: int) -> str:
    maps = _maps()
    return state.cached(("map", view, scenario, lang, degree),
                        lambda: maps.render_map(state.store, view, scenario=scenario, lang=lang, degree=degree))


@router.get("/maps/{view:path}", response_class=HTMLResponse,
            summary="A network map: overview, strategic, operational, findings, diff, actor:<id>, diff:<A>..<B>")
async def map_page(
    view: str,
    state: State,
    scenario: str | None = Query(None, description="scenario name (default: adjusted)"),
    degree: int = Query(1, ge=1, le=2, description="neighbourhood depth of actor:<id> views"),
    lang: str = Depends(lang_param),
) -> HTMLResponse:
    html = await in_thread(_render, state, view, scenario, lang, degree)
    policy = with_frame_ancestors(_maps().content_security_policy())  # its inline scripts, by hash
    return HTMLResponse(html, headers={"Content-Security-Policy": policy})
