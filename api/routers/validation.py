"""``/validation``: the rule report of ``graf.validate`` as HTML, JSON, Turtle or JUnit XML."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response

from api import conneg
from api.deps import State, in_thread, resolve_scenario
from api.errors import ApiError
from api.html import esc, page, url
from api.i18n import lang_param, t
from api.models import ErrorBody
from graf import validate
from graf.store import resolve_graph_name
from graf.waivers import WaiverError, from_graph

router = APIRouter(tags=["validation"], responses={400: {"model": ErrorBody}, 503: {"model": ErrorBody}})

HTML = conneg.Format("html", "text/html; charset=utf-8", ("application/xhtml+xml",))
JSON = conneg.Format("json", "application/json")
TURTLE = conneg.Format("turtle", "text/turtle; charset=utf-8")
JUNIT = conneg.Format("junit", "application/xml; charset=utf-8", ("application/junit+xml", "text/xml"))
FORMATS = (HTML, JSON, TURTLE, JUNIT)


def run_validation(state: State, scenario: str | None, waivers: str | None = None) -> Any:
    """The report for ``scenario`` (None: every scenario), with the waivers kept in the named graph
    ``waivers`` (an IRI or a name under https://w3id.org/graf/graph/), cached until the data change."""
    if not waivers:
        return state.cached(("validation", scenario), lambda: validate(state.store, scenario=scenario))
    graph = _waiver_graph(state, waivers)
    return state.cached(("validation", scenario, graph),
                        lambda: validate(state.store, scenario=scenario, waivers=_read_waivers(state, graph)))


def _waiver_graph(state: State, name: str) -> str:
    graph = resolve_graph_name(name)
    if any(c in graph for c in '<>"{}|^`\\ '):
        raise ApiError(400, f"waivers={name!r} is not a graph name or IRI", "bad_parameter", parameter="waivers")
    if not any(g.name == graph for g in state.store.graphs()):
        raise ApiError(400, f"waivers: no named graph <{graph}> in the store; load the waivers file into it first "
                            "(graf load waivers.ttl --graph IRI)", "bad_parameter", parameter="waivers")
    return graph


def _read_waivers(state: State, graph: str) -> Any:
    # here, not at the top: loads networkx, rdflib (start-up)
    from graf.rules import rule_codes

    try:
        return from_graph(state.store, graph, rule_codes())
    except WaiverError as exc:
        raise ApiError(400, str(exc), "bad_waivers", parameter="waivers") from None


def _pick(fmt: str | None, accept: str | None) -> conneg.Format:
    if fmt:
        for f in FORMATS:
            if f.name == fmt:
                return f
        raise ApiError(400, f"unknown format {fmt!r}; use one of: {', '.join(f.name for f in FORMATS)}",
                       "unknown_format", valid=[f.name for f in FORMATS])
    return conneg.negotiate(accept, FORMATS, "validation report")


@router.get("/validation", summary="The validation report (rules and SHACL) of one or every scenario",
            response_class=Response,
            responses={200: {"content": {f.types[0]: {} for f in FORMATS}}})
async def validation(
    request: Request,
    state: State,
    scenario: str | None = Query(None, description="scenario name; default: every scenario"),
    format: str | None = Query(None, description="html | json | turtle | junit (default: by Accept)"),
    waivers: str | None = Query(None, description="named graph of the store holding waivers (graf:Waiver, see "
                                                   "the README): their findings are reported as waived, not counted"),
    lang: str = Depends(lang_param),
) -> Response:
    chosen = _pick(format, request.headers.get("accept"))
    found = await resolve_scenario(state, scenario)
    report = await in_thread(run_validation, state, found.name if found else None, waivers)
    if chosen is JSON:
        body = report.to_json()
    elif chosen is TURTLE:
        body = report.to_turtle()
    elif chosen is JUNIT:
        body = report.to_junit()
    else:
        body = render_html(report, lang, scenario)
    return Response(body.encode("utf-8"), media_type=chosen.media_type, headers={"Vary": "Accept"})


def render_html(report: Any, lang: str, scenario: str | None) -> str:
    other = {"lang": lang if lang != "da" else None, "scenario": scenario}
    status = t(lang, "conforms") if report.conforms else t(lang, "violations")
    parts = [f"<h1>{esc(t(lang, 'validation'))}</h1>",
             f'<p class="status {"ok" if report.conforms else "bad"}" id="status">{esc(status)}</p>']
    links = " · ".join(f'<a href="{esc(url("/validation", scenario=scenario, format=f))}">{f}</a>'
                       for f in ("json", "turtle", "junit"))
    parts.append(f"<p>{esc(t(lang, 'formats'))}: {links}</p>")
    names = sorted(report.scenarios)
    parts.append("<p>" + esc(t(lang, "scenario")) + ": " + " · ".join(
        f'<a href="{esc(url("/validation", scenario=n, lang=other["lang"]))}">'
        f'{esc(report.scenarios[n].get(lang, n))}</a>' for n in names) + "</p>")
    parts.append(summary_table(report, lang))
    parts.append(findings_table(report, lang))
    return page(lang, t(lang, "validation"), "".join(parts), path="/validation", params={"scenario": scenario})


def findings_table(report: Any, lang: str) -> str:
    """Every finding: scenario, rule, severity, message, witness and what to do, source, confidence."""
    if not report.findings:
        return f"<p>{esc(t(lang, 'no_findings'))}</p>"
    rows = [_finding_row(f, lang) for f in report.findings]
    head = "".join(f"<th>{esc(t(lang, k))}</th>" for k in ("scenario", "rule", "severity", "message", "source",
                                                             "confidence"))
    return (f"<h2>{esc(t(lang, 'findings_list'))}</h2>"
            f'<table id="findings"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _finding_row(f: Any, lang: str) -> str:
    """One finding as a table row: its message, witness and what to do; a waived one says so."""
    message = f.messages.get(lang) or f.message
    witness = " → ".join(f.label(i, lang) for i in f.witness)
    severity = t(lang, "sev_" + f.severity)
    if f.waiver:
        severity = f"{t(lang, 'waived')}: {severity}"
        message += f" ({f.waiver.get('by', '')}, {f.waiver.get('until', '')}: {f.waiver.get('reason', '')})"
    remedy = f.remediation.get(lang, "")
    extra = (f"<br><small>{esc(witness)}</small>" if witness else "") + (
        f"<br><small>{esc(t(lang, 'remedy'))}: {esc(remedy)}</small>" if remedy else "")
    return (f'<tr class="{esc(f.severity if not f.waiver else "waived")}"><td>{esc(f.scenario)}</td><td>'
            f"{esc(f.rule_id)}: {esc(f.title.get(lang, f.rule_id))}</td><td>{esc(severity)}</td>"
            f"<td>{esc(message)}{extra}</td><td><q>{esc(f.source)}</q></td>"
            f"<td>{esc(t(lang, 'conf_' + f.confidence) if f.confidence else '')}</td></tr>")


def summary_table(report: Any, lang: str, maps: str = "/maps") -> str:
    """A rule x scenario table: pass or broken, with the number of violations, warnings and infos
    (``maps``: where the findings maps are)."""
    scenarios = sorted(report.scenarios)
    rules = sorted({o.rule_id for o in report.outcomes})
    outcome = {(o.scenario, o.rule_id): o for o in report.outcomes}
    map_lang = lang if lang != "da" else None
    head = f"<th>{esc(t(lang, 'rule'))}</th>"
    for n in scenarios:
        link = url(f"{maps}/findings", scenario=n, lang=map_lang)
        head += (f'<th>{esc(report.scenarios[n].get(lang, n))}<br><small><a href="{esc(link)}">'
                 f'{esc(t(lang, "findings_map"))}</a></small></th>')
    rows = []
    for rule_id in rules:
        info = report.rule(rule_id)
        title = info.title.get(lang, rule_id) if info else rule_id
        cells = []
        for n in scenarios:
            o = outcome.get((n, rule_id))
            if o is None:
                cells.append("<td></td>")
                continue
            counts = ", ".join(f"{k} {esc(t(lang, 'sev_' + s + ('' if k == 1 else 's')))}" for k, s in
                               ((o.violations, "violation"), (o.warnings, "warning"), (o.infos, "info")) if k)
            verdict = t(lang, "rule_ok" if o.passed else "rule_failed")
            cells.append(f'<td class="{"ok" if o.passed else "bad"}">{esc(verdict)}'
                         f'{"<br><small>" + counts + "</small>" if counts else ""}</td>')
        rows.append(f"<tr><td>{esc(rule_id)}<br><small>{esc(title)}</small></td>{''.join(cells)}</tr>")
    return (f"<h2>{esc(t(lang, 'summary'))}</h2><table id=\"summary\"><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")
