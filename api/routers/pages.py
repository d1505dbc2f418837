"""The HTML pages: ``/`` (home) and ``/pages/actors`` (actor list); the query page is api.routers.workbench.

Danish by default, ``?lang=en`` for English; every label is escaped; pages load only our own
``/static`` files.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse

from api.deps import State, in_thread, resolve_scenario
from api.html import esc, page, url
from api.i18n import lang_param, t
from api.routers.actors import short_id
from api.routers.check import upload_form
from graf.examples import actor_query, scenario_query

router = APIRouter(include_in_schema=False)

MAP_VIEWS = ("overview", "strategic", "operational", "findings")


@router.get("/", response_class=HTMLResponse)
async def home(state: State, lang: str = Depends(lang_param)) -> HTMLResponse:
    scenarios = await in_thread(state.scenarios)
    graphs = await in_thread(state.store.graphs)
    keep = lang if lang != "da" else None
    rows = []
    for s in scenarios:
        links = [f'<a href="{esc(url(f"/maps/{v}", scenario=s.name, lang=keep))}">{esc(t(lang, "map_" + v))}</a>'
                 for v in MAP_VIEWS]
        if s.preceded_by:
            links.append(f'<a href="{esc(url("/maps/diff", scenario=s.name, lang=keep))}">'
                         f'{esc(t(lang, "map_diff"))} ({esc(s.preceded_by)} → {esc(s.name)})</a>')
        if s.iri:  # the scenario's channels, opened in the query editor
            links.append(f'<a class="sparql" title="{esc(t(lang, "in_sparql_title"))}" '
                         f'href="{esc(url("/query", lang=keep, query=scenario_query(s.iri, lang)))}">'
                         f'{esc(t(lang, "in_sparql"))}</a>')
        rows.append(f'<li><strong>{esc(s.label(lang))}</strong> <code>{esc(s.name)}</code>'
                    f'<div class="links">{" · ".join(links)}</div></li>')
    named = sum(1 for g in graphs if g.name)
    triples = sum(g.triples for g in graphs)
    body = f"""
<h1>{esc(t(lang, "title"))}</h1>
<p>{esc(t(lang, "intro"))}</p>
<p id="dataset">{esc(t(lang, "dataset"))}: <strong>{esc(state.dataset)}</strong>
 ({named} {esc(t(lang, "graphs"))}, {triples} triples)</p>
<h2>{esc(t(lang, "maps"))} · {esc(t(lang, "scenarios"))}</h2>
<ul id="scenarios">{"".join(rows)}</ul>
<h2>{esc(t(lang, "tools"))}</h2>
<ul id="tools">
<li><a href="{esc(url("/query", lang=keep))}">{esc(t(lang, "query"))}</a></li>
<li><a href="{esc(url("/validation", lang=keep))}">{esc(t(lang, "validation"))}</a></li>
<li><a href="{esc(url("/pages/actors", lang=keep))}">{esc(t(lang, "actors"))}</a></li>
<li><a href="/docs">{esc(t(lang, "api_docs"))}</a></li>
<li><a href="/sparql">{esc(t(lang, "endpoint"))}</a></li>
<li><a href="/.well-known/void">{esc(t(lang, "void"))}</a></li>
</ul>
<h2 id="check">{esc(t(lang, "check"))}</h2>
<p>{esc(t(lang, "check_intro"))}</p>
{upload_form(lang)}"""
    return HTMLResponse(page(lang, t(lang, "title"), body, path="/"))


@router.get("/pages/actors", response_class=HTMLResponse)
async def actor_list(
    state: State,
    scenario: str | None = Query(None),
    q: str | None = Query(None),
    lang: str = Depends(lang_param),
) -> HTMLResponse:
    chosen = await resolve_scenario(state, scenario)
    G = await in_thread(state.actor_graph, chosen)
    scenarios = await in_thread(state.scenarios)
    keep = lang if lang != "da" else None
    nodes = sorted(G.nodes, key=lambda n: (G.nodes[n]["kind_label"].get(lang, ""),
                                            G.nodes[n]["label"].get(lang, n).casefold()))
    if q:
        needle = q.casefold()
        nodes = [n for n in nodes if any(needle in v.casefold() for v in G.nodes[n]["label"].values())]
    rows = "".join(
        f'<tr><td><a href="{esc(url("/maps/actor:" + short_id(n), scenario=scenario, lang=keep))}">'
        f'{esc(G.nodes[n]["label"].get(lang, n))}</a></td><td>{esc(G.nodes[n]["kind_label"].get(lang, ""))}</td>'
        f'<td><a href="{esc(url("/actors/" + short_id(n), scenario=scenario, lang=keep))}"><code>'
        f'{esc(short_id(n))}</code></a></td><td><a class="sparql" title="{esc(t(lang, "in_sparql_title"))}" '
        f'href="{esc(url("/query", lang=keep, query=actor_query(n, lang)))}">{esc(t(lang, "in_sparql"))}</a></td></tr>'
        for n in nodes)
    choices = "".join(f'<option value="{esc(s.name)}"{" selected" if s.name == scenario else ""}>'
                      f"{esc(s.label(lang))}</option>" for s in scenarios)
    body = f"""
<h1>{esc(t(lang, "actors"))} ({len(nodes)})</h1>
<form method="get" action="/pages/actors">
<select name="scenario"><option value="">{esc(t(lang, "all"))}</option>{choices}</select>
<input name="q" value="{esc(q or "")}" placeholder="{esc(t(lang, "search"))}">
{f'<input type="hidden" name="lang" value="{esc(lang)}">' if keep else ""}
<button type="submit">{esc(t(lang, "search"))}</button></form>
<table id="actors"><thead><tr><th>{esc(t(lang, "name"))}</th><th>{esc(t(lang, "kind"))}</th><th>id</th>
<th>SPARQL</th></tr>
</thead><tbody>{rows}</tbody></table>"""
    return HTMLResponse(page(lang, t(lang, "actors"), body, path="/pages/actors",
                             params={"scenario": scenario, "q": q}))
