"""``/audit``: how the data rests on its sources (graf.audit), as JSON or plain text."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Response

from api.deps import State, in_thread
from api.errors import ApiError
from api.models import ErrorBody

router = APIRouter(tags=["audit"], responses={400: {"model": ErrorBody}})


def run_audit(state: Any) -> Any:
    """The audit of the served data set, cached until the data change."""
    # here, not at the top: loads rdflib (start-up)
    from graf.audit import audit, source_dirs

    return state.cached(("audit",), lambda: audit(state.store, source_dirs(state.settings.data)))


@router.get("/audit", summary="Statements by confidence, cited share, quotes checked against their sources",
            response_class=Response,
            responses={200: {"content": {"application/json": {}, "text/plain": {}}}})
async def audit(state: State, format: str = Query("json", description="json | text")) -> Response:
    if format not in ("json", "text"):
        raise ApiError(400, f"unknown format {format!r}; use one of: json, text", "unknown_format",
                       valid=["json", "text"])
    report = await in_thread(run_audit, state)
    if format == "text":
        return Response(report.to_text().encode("utf-8"), media_type="text/plain; charset=utf-8")
    return Response(report.to_json().encode("utf-8"), media_type="application/json")
