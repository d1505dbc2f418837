"""Assemble one self-contained HTML page: vis-network, the page script, the style and the data, inline.

The data travels as JSON in a ``<script type="application/json">`` block with ``<``, ``>``, ``&``
(and the JS line separators) escaped as ``\\uXXXX``, so no label can close the block. A
Content-Security-Policy allows only the two inline scripts and the style sheet (by hash; no
``'unsafe-inline'``: the script sets styles through the DOM, which a policy does not govern) and no
network access at all.
vis-network 9.1.2 (MIT / Apache-2.0, (c) Almende B.V. and the visjs contributors) is shipped in
``assets/vendor`` with its licence header intact.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

ASSETS = Path(__file__).parent / "assets"
VIS_JS = ASSETS / "vendor" / "vis-network-9.1.2.min.js"

_TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="generator" content="graf map">
<title>{title}</title>
<!-- vis-network 9.1.2, dual licensed MIT / Apache-2.0, (c) 2011-2017 Almende B.V., (c) 2017-2019 visjs
     contributors; its licence header is kept at the top of the inlined script below. -->
<style>{css}</style>
</head>
<body>
<header>
  <div id="titles"><h1 id="title"></h1><div class="sub" id="subtitle"></div></div>
  <div id="tools">
    <select id="view-menu" hidden></select>
    <div id="search-box"><input id="search" type="search" autocomplete="off"><ul id="results"></ul></div>
    <button id="btn-fit" type="button"></button>
    <button id="btn-physics" type="button" aria-pressed="false"></button>
    <button id="btn-png" type="button"></button>
  </div>
</header>
<div id="notes"></div>
<div id="main">
  <aside id="legend"></aside>
  <div id="graph-wrap"><div id="graph"></div><div id="empty" hidden></div><div id="zoom-hint" hidden></div></div>
  <aside id="panel" hidden></aside>
</div>
<footer id="time" hidden>
  <div id="time-controls">
    <button id="btn-play" type="button" aria-pressed="false"></button>
    <input id="date-slider" type="range" min="0" step="1">
    <input id="date" type="date">
    <button id="btn-all-dates" type="button"></button>
  </div>
  <ol id="events"></ol>
</footer>
<script type="application/json" id="graf-data">{data}</script>
<script>{vis}</script>
<script>{app}</script>
</body>
</html>
"""


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``<``, ``>``, ``&`` left)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str, str]:
    vis = VIS_JS.read_text(encoding="utf-8")
    if "</script" in vis.lower():
        raise ValueError("vis-network bundle contains '</script' and cannot be inlined")
    return vis, (ASSETS / "map.js").read_text(encoding="utf-8"), (ASSETS / "map.css").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def content_security_policy() -> str:
    """The maps' Content-Security-Policy: the two inline scripts and the style sheet by hash, no network access
    (no ``'unsafe-inline'``: the script sets styles through the DOM, which a policy does not govern)."""
    vis, app, css = _assets()
    return ("default-src 'none'; script-src " + _sha256(vis) + " " + _sha256(app) +
            "; style-src " + _sha256(css) + "; img-src data: blob:; connect-src 'none'; font-src 'none'; "
            "base-uri 'none'; form-action 'none'; frame-src 'none'; object-src 'none'")


def render_page(data: dict[str, Any], title: str, lang: str) -> str:
    """The complete HTML page for ``data`` (the output of :func:`visualisations.model.build` plus meta)."""
    vis, app, css = _assets()
    csp = content_security_policy()
    csp_attr = html.escape(csp, quote=False).replace('"', "&quot;")  # keep its single quotes readable
    return _TEMPLATE.format(lang=html.escape(lang), csp=csp_attr, title=html.escape(title), css=css,
                            data=script_json(data), vis=vis, app=app)
