"""A tiny HTML layout for our pages: every dynamic text goes through :func:`esc`; no external URL."""

from __future__ import annotations

import json
from html import escape
from urllib.parse import urlencode

from api.i18n import t


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def url(path: str, **params: object) -> str:
    """``path`` with the non-empty ``params`` as a query string (escape with esc() in HTML)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{path}?{query}" if query else path


def json_script(data: object) -> str:
    """JSON that is safe inside a ``<script type="application/json">`` element (no ``<``, ``>``, ``&``)."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace(
        "&", "\\u0026")


def page(lang: str, title: str, body: str, *, path: str = "/", params: dict[str, object] | None = None,
         scripts: tuple[str, ...] = (), styles: tuple[str, ...] = ()) -> str:
    other = "en" if lang == "da" else "da"
    switch = url(path, **{**(params or {}), "lang": other if other == "en" else None})
    home = url("/", lang=lang if lang != "da" else None)
    tags = "".join(f'<script src="{esc(s)}"></script>' for s in scripts)
    return (
        f'<!doctype html>\n<html lang="{esc(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title>"
        '<link rel="icon" href="data:,">'
        + "".join(f'<link rel="stylesheet" href="{esc(s)}">' for s in styles) +
        '<link rel="stylesheet" href="/static/style.css"></head>'
        f'<body><header><a href="{esc(home)}">graf</a>'
        f'<nav><a href="{esc(switch)}" hreflang="{other}" id="lang-switch">{esc(t(lang, "language"))}</a></nav>'
        f"</header><main>{body}</main>{tags}</body></html>"
    )


def error_page(lang: str, status: int, message: str) -> str:
    """An error as a page (for the HTML routes), the message escaped."""
    body = (f'<h1>{esc(t(lang, "error"))} {status}</h1><p id="error-message">{esc(message)}</p>'
            f'<p><a href="{esc(url("/", lang=lang if lang != "da" else None))}">{esc(t(lang, "home"))}</a></p>')
    return page(lang, f"{t(lang, 'error')} {status}", body)
