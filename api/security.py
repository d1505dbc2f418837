"""Security headers on every response: the pages' Content-Security-Policy and its friends.

Every HTML page gets a Content-Security-Policy as strict as the maps' own (nothing but this origin,
no inline script, no framing), ``X-Frame-Options: DENY`` for browsers without ``frame-ancestors``;
every response gets ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer``. A
route that needs another policy (a map with its inline scripts by hash, Swagger UI) sets its own
``Content-Security-Policy`` header; this middleware then leaves it alone.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: the policy of our own pages (their scripts and styles are files under /static)
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; "
               "frame-ancestors 'none'")

_ALWAYS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
_HTML = {"Content-Security-Policy": PAGE_POLICY, "X-Frame-Options": "DENY"}
# as ASGI headers (written on every response: no header object per response)
_ALWAYS_RAW = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in _ALWAYS.items()]
_HTML_RAW = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in _HTML.items()]


def with_frame_ancestors(policy: str) -> str:
    """``policy`` (e.g. a page's ``<meta>`` policy) with framing forbidden (meta tags cannot say it)."""
    return policy if "frame-ancestors" in policy else f"{policy}; frame-ancestors 'none'"


class SecurityHeaders:
    """ASGI middleware adding the headers above where the response has not set them."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])  # ASGI: names in lower case, as bytes
                present = {name for name, _value in headers}
                html = any(name == b"content-type" and value.startswith(b"text/html") for name, value in headers)
                extra = [(name, value) for name, value in (_ALWAYS_RAW + _HTML_RAW if html else _ALWAYS_RAW)
                         if name not in present]
                if extra:
                    message["headers"] = [*headers, *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
