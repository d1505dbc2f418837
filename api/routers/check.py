"""``/check``: "Check your own model". Upload a workbook, a ZIP of CSV files or a TriG file; graf builds it in a
throwaway store, validates it and shows the findings and the maps of that model, with a TriG download.

Nothing is stored in the server's data set, so no token is needed. The import, the validation and
each map run in a separate process killed after ``check_time_limit_s`` (:mod:`graf.sandbox`); the
upload is bounded by ``max_request_bytes``. A finished check (the model's TriG and its report) is
kept in memory under an unguessable id for an hour (at most :data:`KEPT` checks and :data:`KEPT_BYTES`),
so its page and maps can be opened; then it is gone. With ``--update-token`` and the token, ``POST
/check/{id}/load`` adds the model to the data set (all or nothing); when the server runs with the rules
guard (``graf serve --guard``, setting ``guard``), the load goes through it like any update: refused (409,
with the new findings and the first offending triple) when it would add a violation to any scenario.

The form is parsed by python-multipart (a declared dependency of graf, used here).
"""

from __future__ import annotations

import json
import re
import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response

from api.deps import State, in_thread
from api.errors import ApiError
from api.html import error_page, esc, page, url
from api.i18n import lang_param, t
from api.models import ErrorBody
from api.routers.sparql import bearer, require_token
from api.routers.validation import findings_table, summary_table
from api.security import with_frame_ancestors
from graf.errors import GrafError
from graf.sandbox import SandboxTimeout, run_limited

router = APIRouter(tags=["check"], responses={400: {"model": ErrorBody}, 404: {"model": ErrorBody},
                                              413: {"model": ErrorBody}, 503: {"model": ErrorBody}})

KEPT = 16  # checks kept in memory
KEPT_BYTES = 256 * 1024 * 1024  # and at most this much of their TriG and maps
TTL_S = 3600.0
MAP_VIEWS = ("overview", "strategic", "operational", "findings")


@dataclass
class Check:
    """A finished check: what :func:`graf.check.check_model` returned, and the maps drawn so far."""

    result: Any
    created: float
    maps: dict[tuple[str, str | None, str], str] = field(default_factory=dict)


class Checks:
    """The checks of the last hour, by id (at most :data:`KEPT`, oldest dropped first)."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, Check] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, result: Any) -> str:
        ident = secrets.token_urlsafe(16)
        with self._lock:
            self._drop_old()
            self._items[ident] = Check(result, time.monotonic())
            while len(self._items) > 1 and (len(self._items) > KEPT or self._bytes() > KEPT_BYTES):
                self._items.popitem(last=False)
        return ident

    def _bytes(self) -> int:
        return sum(len(c.result.trig) + sum(len(m) for m in c.maps.values()) for c in self._items.values())

    def get(self, ident: str) -> Check:
        with self._lock:
            self._drop_old()
            found = self._items.get(ident)
        if found is None:
            raise ApiError(404, f"no check {ident!r} (checks are kept for an hour): upload the model again",
                           "unknown_check")
        return found

    def _drop_old(self) -> None:
        now = time.monotonic()
        for ident in [i for i, c in self._items.items() if now - c.created > TTL_S]:
            del self._items[ident]


def _checks(request: Request) -> Checks:
    state = request.app.state
    if not hasattr(state, "checks"):
        state.checks = Checks()
    return state.checks  # type: ignore[no-any-return]


def _problem_error(exc: Any) -> ApiError:
    """The one JSON error shape, with every problem of the model as a list."""
    if isinstance(exc, SandboxTimeout):
        return ApiError(503, str(exc), "check_timeout", setting="check_time_limit_s", limit_s=exc.limit_s)
    kind = getattr(exc, "kind", type(exc).__name__)
    if kind == "crash":
        return ApiError(500, f"the check failed ({exc}); please report it", "internal_error")
    problems = getattr(exc, "payload", None) or getattr(exc, "problems", None)
    if problems:
        items = [p if isinstance(p, dict) else p.as_dict() for p in problems]
        first = str(exc).split("\n", 1)[0].rstrip(":")
        return ApiError(400, f"{first}; see problems", "bad_model", problems=items)
    return ApiError(400, str(exc), "bad_model", problems=[{"message": str(exc), "text": str(exc)}])


def _wants_html(request: Request, fmt: str | None) -> bool:
    if fmt:
        if fmt not in ("html", "json"):
            raise ApiError(400, f"unknown format {fmt!r}; use html or json", "unknown_format", valid=["html", "json"])
        return fmt == "html"
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept.split(",")[0]


def _summary_json(ident: str, result: Any) -> dict[str, Any]:
    report = json.loads(result.report.to_json())
    return {
        "id": ident, "name": result.name, "kind": result.kind, "triples": result.triples, "rows": result.counts,
        "conforms": result.report.conforms, "scenarios": result.scenarios, "report": report,
        "links": {"page": f"/check/{ident}", "trig": f"/check/{ident}/model.trig",
                  "maps": {s["name"]: {v: f"/check/{ident}/maps/{v}?scenario={s['name']}" for v in MAP_VIEWS}
                           for s in result.scenarios}},
    }


@router.post("/check", summary="Check a model: import and validate an uploaded workbook, CSV ZIP or TriG file",
             description="Builds the model in a throwaway store (nothing is stored), validates every scenario "
                         "and answers with the report and links to its maps and its TriG (kept for an hour). "
                         "Bad input: 400 with every problem (sheet, row, column, value, what is allowed) in "
                         "`error.problems`. HTML for browsers (`Accept: text/html` or `format=html`).",
             responses={200: {"content": {"application/json": {}, "text/html": {}}}},
             response_class=JSONResponse)
async def check(
    request: Request,
    state: State,
    file: Annotated[UploadFile, File(description="a workbook (.xlsx), a ZIP of CSV files (.zip), TriG or N-Quads")],
    base: str | None = Form(None, description="base IRI of the model's ids (default: the workbook's own)"),
    format: str | None = Query(None, description="html | json (default: by Accept)"),
    lang: str = Depends(lang_param),
) -> Response:
    # here, not at the top: graf.check loads the spreadsheet import and networkx (start-up)
    from graf.check import check_model, upload_kind
    from graf.workbook.importer import check_base

    html = _wants_html(request, format)
    data = await file.read()
    name = Path(file.filename or "model").name or "model"
    try:
        upload_kind(name)
        if base and check_base(base):
            raise GrafError(str(check_base(base, "base")))
        result = await in_thread(run_limited, check_model, (data, name, base or None),
                                 state.settings.check_time_limit_s, "the check of the model")
    except GrafError as exc:
        error = _problem_error(exc)
        if html and error.status == 400:
            return HTMLResponse(_problems_page(lang, name, error), status_code=400)
        raise error from None
    ident = _checks(request).add(result)
    if html:
        return HTMLResponse(_result_page(state, lang, ident, result))
    return JSONResponse(_summary_json(ident, result))


@router.get("/check", response_class=HTMLResponse,
            summary="The page to upload a model to check (a form that posts to POST /check)")
async def check_form_page(lang: str = Depends(lang_param)) -> HTMLResponse:
    """The upload form on a page of its own (the address the form posts to, opened in a browser)."""
    body = f"<h1>{esc(t(lang, 'check'))}</h1><p>{esc(t(lang, 'check_intro'))}</p>{upload_form(lang)}"
    return HTMLResponse(page(lang, t(lang, "check"), body, path="/check"))


@router.get("/check/{check_id}", response_class=HTMLResponse, include_in_schema=False)
async def check_page(request: Request, state: State, check_id: str, lang: str = Depends(lang_param)) -> HTMLResponse:
    found = _checks(request).get(check_id)
    return HTMLResponse(_result_page(state, lang, check_id, found.result))


@router.get("/check/{check_id}/model.trig", summary="The checked model as TriG", response_class=Response,
            responses={200: {"content": {"application/trig": {}}}})
async def check_trig(request: Request, check_id: str) -> Response:
    found = _checks(request).get(check_id)
    stem = Path(found.result.name).stem or "model"
    return Response(found.result.trig, media_type="application/trig; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{_safe(stem)}.trig"'})


@router.get("/check/{check_id}/maps/{view:path}", summary="A map of the checked model", response_class=HTMLResponse)
async def check_map(
    request: Request,
    state: State,
    check_id: str,
    view: str,
    scenario: str | None = Query(None, description="scenario name (default: adjusted, else the first)"),
    lang: str = Depends(lang_param),
) -> HTMLResponse:
    # here, not at the top: loads networkx, rdflib (start-up)
    from graf.sandbox import SandboxError, run_limited
    from visualisations.maps import render_model_map

    found = _checks(request).get(check_id)
    key = (view, scenario, lang)
    if key not in found.maps:
        try:
            found.maps[key] = await in_thread(run_limited, render_model_map, (found.result.trig, view, scenario, lang),
                                              state.settings.check_time_limit_s, "drawing the map")
        except SandboxError as exc:
            if exc.kind == "UnknownNameError":
                raise ApiError(404, str(exc), "unknown_name") from None
            raise _problem_error(exc) from None
        except GrafError as exc:
            raise _problem_error(exc) from None
    # here, not at the top: loads networkx, rdflib (start-up)
    from visualisations.maps import content_security_policy

    return HTMLResponse(found.maps[key], headers={"Content-Security-Policy": with_frame_ancestors(
        content_security_policy())})  # the map's own inline scripts, by hash, as at /maps


@router.post("/check/{check_id}/load", summary="Load a checked model into the data set (needs the update token)",
             description="Adds the model to the server's data set, all or nothing. The token comes as "
                         "`Authorization: Bearer <token>` or as the form field `token` (the page's form). "
                         "403 when the server has no update token, 401 without a token, 409 when the rules "
                         "guard is on (graf serve --guard) and loading the model would add a rule violation to "
                         "any scenario of the data set (the body has the new findings).",
             responses={200: {"content": {"application/json": {}, "text/html": {}}}, 401: {"model": ErrorBody},
                        403: {"model": ErrorBody}, 409: {"model": ErrorBody}},
             response_class=JSONResponse)
async def check_load(
    request: Request,
    state: State,
    check_id: str,
    token: str | None = Form(None, description="the update token (or use the Authorization header)"),
    format: str | None = Query(None, description="html | json (default: by Accept)"),
    lang: str = Depends(lang_param),
) -> Response:
    html = _wants_html(request, format)
    try:
        require_token(state, bearer(request) or (token or "").strip(), "loading a model")
        found = _checks(request).get(check_id)
        try:
            statements = await in_thread(_load, state, found.result.trig)
        finally:
            state.changed()
    except ApiError as exc:
        if not html:
            raise
        # the page's form posts here: the refusal (a wrong token, the guard's findings) as a page, not JSON
        return HTMLResponse(error_page(lang, exc.status, exc.message), status_code=exc.status, headers=exc.headers)
    if html:
        body = (f"<h1>{esc(t(lang, 'check_loaded'))}</h1><p id=\"loaded\">{statements} "
                f"{esc(t(lang, 'check_triples'))}</p><p><a href=\"{esc(url('/', lang=lang if lang != 'da' else None))}"
                f"\">{esc(t(lang, 'home'))}</a></p>")
        return HTMLResponse(page(lang, t(lang, "check_loaded"), body, path=f"/check/{check_id}"))
    return JSONResponse({"loaded": statements, "check": check_id})


def _load(state: State, trig: bytes) -> int:
    """Load the model's statements; through the rules guard when the server has one (409 if refused)."""
    from graf.check import model_nquads  # here, not at the top: graf.check is heavy (see check)
    from graf.guard import GuardRefused

    with tempfile.TemporaryDirectory(prefix="graf-load-") as folder:
        path = Path(folder) / "model.nq"
        nquads = model_nquads(trig)
        path.write_bytes(nquads)
        if state.guard is None:
            return int(state.store.load([path]).statements)
        try:
            state.guard.load(state.store, [path])
        except GuardRefused as exc:
            raise ApiError(409, str(exc), "guard_refused", **exc.as_dict()) from None
        return nquads.count(b"\n")  # N-Quads: one statement a line


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "model"


# -- pages -------------------------------------------------------------------------------------------

def upload_form(lang: str) -> str:
    """The upload form (on the home page and on the check pages)."""
    keep = lang if lang != "da" else None
    return (f'<form id="check-form" method="post" action="{esc(url("/check", lang=keep, format="html"))}" '
            'enctype="multipart/form-data">'
            f'<label>{esc(t(lang, "check_file"))} <input type="file" name="file" accept=".xlsx,.xlsm,.zip,.trig,.nq" '
            f'required></label> <button type="submit">{esc(t(lang, "check_button"))}</button></form>'
            f'<p class="hint"><a href="{esc(url("/template", lang=lang))}">{esc(t(lang, "check_template"))}</a></p>')


def _problems_page(lang: str, name: str, error: ApiError) -> str:
    problems = error.extra.get("problems", [])
    items = "".join(f"<li>{esc(p.get('text', p.get('message', '')))}</li>" for p in problems)
    body = (f"<h1>{esc(t(lang, 'check_problems'))}: {esc(name)}</h1>"
            f"<p>{esc(t(lang, 'check_problems_intro'))}</p><ol id=\"problems\">{items}</ol>"
            f"<h2>{esc(t(lang, 'check_again'))}</h2>{upload_form(lang)}")
    return page(lang, t(lang, "check_problems"), body, path="/")


def _result_page(state: State, lang: str, ident: str, result: Any) -> str:
    keep = lang if lang != "da" else None
    base = f"/check/{ident}"
    report = result.report
    status = t(lang, "conforms") if report.conforms else t(lang, "violations")
    maps = []
    for s in result.scenarios:
        links = [f'<a href="{esc(url(f"{base}/maps/{v}", scenario=s["name"], lang=keep))}">{esc(t(lang, "map_" + v))}'
                 "</a>" for v in MAP_VIEWS]
        if s["preceded_by"]:
            links.append(f'<a href="{esc(url(f"{base}/maps/diff", scenario=s["name"], lang=keep))}">'
                         f'{esc(t(lang, "map_diff"))} ({esc(s["preceded_by"])} → {esc(s["name"])})</a>')
        maps.append(f'<li><strong>{esc(s.get(lang) or s["name"])}</strong> <code>{esc(s["name"])}</code>'
                    f'<div class="links">{" · ".join(links)}</div></li>')
    load = ""
    if state.settings.update_token:
        load = (f'<h2>{esc(t(lang, "check_load"))}</h2><p>{esc(t(lang, "check_load_intro"))}</p>'
                f'<form id="load-form" method="post" action="{esc(url(f"{base}/load", lang=keep, format="html"))}" '
                f'enctype="multipart/form-data"><label>{esc(t(lang, "check_token"))} '
                f'<input type="password" name="token" required></label> '
                f'<button type="submit">{esc(t(lang, "check_load"))}</button></form>')
    body = (f"<h1>{esc(t(lang, 'check_result'))}: {esc(result.name)}</h1>"
            f'<p id="check-size">{result.triples} {esc(t(lang, "check_triples"))} · '
            f'<a id="trig" href="{esc(base)}/model.trig">{esc(t(lang, "check_download"))}</a></p>'
            f'<p class="status {"ok" if report.conforms else "bad"}" id="status">{esc(status)}</p>'
            f'<h2>{esc(t(lang, "check_maps"))}</h2><ul id="check-maps">{"".join(maps)}</ul>'
            + summary_table(report, lang, maps=f"{base}/maps") + findings_table(report, lang) + load
            + f"<h2>{esc(t(lang, 'check_again'))}</h2>{upload_form(lang)}")
    return page(lang, t(lang, "check_result"), body, path=base)


@router.get("/template", summary="An empty model workbook to fill in (as `graf template`)", response_class=Response,
            responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                                         "application/zip": {}}}})
async def template(
    lang: str = Depends(lang_param),
    format: str = Query("xlsx", description="xlsx (a workbook) or csv (a ZIP of CSV files)"),
) -> Response:
    # here, not at the top: loads rdflib (start-up)
    import io
    import zipfile

    from graf.workbook.importer import default_base
    from graf.workbook.writer import csv_files, workbook_bytes

    if format not in ("xlsx", "csv"):
        raise ApiError(400, f"unknown format {format!r}; use xlsx or csv", "unknown_format", valid=["xlsx", "csv"])
    base = default_base("model")
    model = {"base": base, "reasoning_lang": lang}
    if format == "xlsx":
        data = await in_thread(workbook_bytes, lang, None, model)
        return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": 'attachment; filename="model.xlsx"'})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in csv_files(lang, model=model).items():
            archive.writestr(name, content)
    return Response(buffer.getvalue(), media_type="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="model-csv.zip"'})
