"""``/query``: the analysts' workbench, YASGUI served by graf itself (api/static/vendor/yasgui).

The page carries what the editor needs in one JSON block (no request for it): the endpoint path,
graf's prefixes, the example queries (title and question in the page's language, parameters) and
the classes and properties of the ontology graph for completion. ``api/static/query.js`` sets
YASGUI up with nothing that phones home (no prefix.cc, no Linked Open Vocabularies lookup, no
endpoint catalogue). ``/query?query=TEXT`` opens TEXT in a tab and runs it.

The page sets its own Content-Security-Policy (a strict default elsewhere applies only where a
route sets none): everything from this origin, nothing else, no inline script, no inline style but
two ``<style>`` elements of YASGUI's table, allowed by their hashes (see :func:`csp`).
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from api.deps import State, in_thread
from api.html import esc, json_script, page, url
from api.i18n import lang_param, t
from graf.examples import ExampleQuery, example_queries
from graf.sparql import PREFIXES
from graf.vocabulary import ontology_terms

router = APIRouter(include_in_schema=False)

YASGUI = "/static/vendor/yasgui/"
VENDORED = Path(__file__).resolve().parent.parent / "static" / "vendor" / "yasgui"


@cache
def resizer_style_hashes() -> tuple[str, ...]:
    """CSP hashes of the two ``<style>`` elements YASGUI's table inserts (its bundled column-resizer):
    fixed CSS for the column grips, and ``*{cursor:col-resize!important}`` while a column is dragged.

    Allowing exactly these two texts keeps 'unsafe-inline' out of style-src. They are read from the
    vendored bundle, so an update of YASGUI that changes them changes the hashes with it.
    """
    bundle = (VENDORED / "yasgui.min.js").read_text(encoding="utf-8")
    grips = re.search(r"createStyle\(a,`( \.grip-resizable\{table-layout:fixed;\}[^`]*)`\)", bundle)
    texts = [grips.group(1)] if grips else []
    cursor = re.search(r"dragCursor:`([^`]*)`", bundle)
    if cursor:
        texts.append("*{cursor:" + cursor.group(1) + "!important}")
    return tuple("'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
                 for text in texts)


def csp() -> str:
    """The page's Content-Security-Policy: everything from this origin, nothing from elsewhere.

    YASGUI needs no 'unsafe-eval' and no 'unsafe-inline': it sets styles through the CSSOM
    (element.style), which style-src does not govern, runs no eval, and its only inline styles are
    the two ``<style>`` elements allowed by hash (:func:`resizer_style_hashes`).
    tests/test_query_page.py records every CSP violation and asserts there is none. img-src data:
    is for the page's empty favicon; form-action 'self' for the parameter forms (without script).
    """
    styles = " ".join(("'self'", *resizer_style_hashes()))
    return (f"default-src 'none'; script-src 'self'; style-src {styles}; img-src 'self' data:; "
            "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")

WORDS = ("rows", "truncated", "shared_query", "tab_name", "run_with_values", "results_link", "required")


def _example(q: ExampleQuery, lang: str) -> str:
    """One catalogue entry: a button that opens the example, its question, a form for its parameters."""
    entry = (f'<li class="example" data-name="{esc(q.name)}">'
             f'<button type="button" class="open" data-name="{esc(q.name)}">{esc(q.title_in(lang))}</button>'
             f'<p class="question">{esc(q.description_in(lang))}</p>')
    if q.parameters:
        fields = "".join(
            f'<label>{esc(p.name)} <small>{esc(p.description_in(lang))}</small>'
            f'<input name="{esc(p.name)}" value="{esc(p.default or "")}" data-type="{esc(p.type)}"'
            f'{" required" if p.required else ""}></label>' for p in q.parameters)
        entry += (f'<form class="params" method="get" action="/queries/{esc(q.name)}" data-name="{esc(q.name)}">'
                  f'{fields}<button type="submit">{esc(t(lang, "run_with_values"))}</button>'
                  '<span class="param-status" role="status"></span></form>')
    return entry + "</li>"


@router.get("/query", response_class=HTMLResponse)
async def query_page(state: State, lang: str = Depends(lang_param)) -> HTMLResponse:
    queries = await in_thread(example_queries)
    terms = await in_thread(state.cached, ("ontology_terms",), lambda: ontology_terms(state.store))
    config = {
        "lang": lang,
        "endpoint": "/sparql",
        "home": url("/query", lang=lang if lang != "da" else None),
        "prefixes": PREFIXES,
        "examples": {q.name: {"title": q.title_in(lang), "text": q.text,
                              "parameters": [p.name for p in q.parameters]} for q in queries},
        "classes": [[x.iri, x.label(lang)] for x in terms if x.kind == "class"],
        "properties": [[x.iri, x.label(lang)] for x in terms if x.kind == "property"],
        "words": {w: t(lang, w) for w in WORDS},
        "defaultQuery": DEFAULT_QUERY[lang],
    }
    body = f"""
<h1>{esc(t(lang, "query"))}</h1>
<p class="hint">{esc(t(lang, "query_help"))} {esc(t(lang, "endpoint_label"))}: <code id="endpoint">/sparql</code></p>
<div id="workbench">
<aside id="catalogue" aria-labelledby="examples-title"><h2 id="examples-title">{esc(t(lang, "examples"))}</h2>
<p class="hint">{esc(t(lang, "examples_help"))}</p>
<ul>{"".join(_example(q, lang) for q in queries)}</ul></aside>
<div id="yasgui"></div>
</div>
<script id="graf-query" type="application/json">{json_script(config)}</script>"""
    html = page(lang, t(lang, "query"), body, path="/query", styles=(YASGUI + "yasgui.min.css",),
                scripts=(YASGUI + "yasgui.min.js", "/static/query.js"))
    return HTMLResponse(html, headers={"Content-Security-Policy": csp()})


_PREFIX_LINES = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("graf", "kbh", "skos"))
DEFAULT_QUERY = {
    lang: _PREFIX_LINES + "SELECT ?administration ?name WHERE {\n"
    "  ?administration a graf:Administration ;\n"
    f'                  skos:prefLabel ?name FILTER(lang(?name) = "{lang}")\n'
    "}\nORDER BY ?name\n"
    for lang in ("da", "en")
}
