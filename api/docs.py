"""API docs at ``/docs`` without a CDN.

Swagger UI's files come from the ``fastapi-offline`` package (it ships swagger-ui-bundle.js and
swagger-ui.css); without that package ``/docs`` is a small page of ours that lists the
operations of ``/openapi.json``. Our own page assets are served from ``/static``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api.security import PAGE_POLICY


def swagger_dir() -> Path | None:
    try:
        # here, not at the top: loads fastapi_offline (start-up)
        import fastapi_offline
    except ImportError:
        return None
    folder = Path(fastapi_offline.__file__).parent / "static"
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


_FALLBACK = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>graf API</title>
<link rel="stylesheet" href="/static/style.css"></head>
<body><main><h1>graf API</h1><p>The OpenAPI description: <a href="/openapi.json">/openapi.json</a>.</p>
<ul id="ops"></ul></main><script src="/static/apidocs.js"></script></body></html>"""


_SWAGGER = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>graf API</title><link rel="stylesheet" href="/static/swagger/swagger-ui.css">
<link rel="icon" href="/static/swagger/favicon.png"></head>
<body><div id="swagger-ui"></div><script src="/static/swagger/swagger-ui-bundle.js"></script>
<script src="/static/swagger-init.js"></script></body></html>"""

#: the pages' policy, with inline style attributes allowed (Swagger UI renders some)
SWAGGER_POLICY = PAGE_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


def install(app: FastAPI, static: Path) -> None:
    swagger = swagger_dir()
    if swagger is not None:  # before /static, which would otherwise take these paths
        app.mount("/static/swagger", StaticFiles(directory=swagger), name="swagger")
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/docs", include_in_schema=False)
    async def api_docs() -> HTMLResponse:
        if swagger is None:
            return HTMLResponse(_FALLBACK)
        # Swagger UI sets style attributes in the markup it renders: the one loosening of the pages' policy
        return HTMLResponse(_SWAGGER, headers={"Content-Security-Policy": SWAGGER_POLICY})
