"""HTTP plumbing of :mod:`graf.remote`: endpoint URLs and their credentials, authentication as the
server asks for it, and responses read as a stream by Oxigraph's own parsers.

Credentials come from the URL's userinfo (``http://user:secret@host/sparql-auth``) or, for the update
endpoint, from the ``update_auth`` setting (``USER:PASSWORD``). They are sent only when the server asks
(HTTP 401 with a ``WWW-Authenticate`` challenge), with the scheme it asks for, Digest or Basic; URLs in
messages never show them.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import httpx

from graf import iris
from graf.errors import QueryTimeout, StoreError

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
TSV = "text/tab-separated-values"
N_TRIPLES = "application/n-triples"
TURTLE = "text/turtle"
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Endpoint:
    """An endpoint's URL (without credentials) and how to authenticate to it."""

    url: str
    auth: httpx.Auth | None = None

    def __str__(self) -> str:
        return self.url


def endpoint(url: str, option: str, credentials: str | None = None) -> Endpoint:
    """Check an http(s) URL; its userinfo, or ``credentials`` (``USER:PASSWORD``), become its auth.

    Raises StoreError naming ``option`` for anything but an http(s) URL with a host, and for
    credentials without a colon.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"{option} {redact(url)!r} is not an http(s) URL; e.g. http://127.0.0.1:7878/query")
    user = password = None
    if parts.username is not None:
        user, password = unquote(parts.username), unquote(parts.password or "")
        host = parts.netloc.rsplit("@", 1)[1]
        url = urlunsplit(parts._replace(netloc=host))
    if credentials:
        if ":" not in credentials:
            raise StoreError(f"the credentials for {url} must be USER:PASSWORD (setting update_auth, env "
                             "GRAF_UPDATE_AUTH, CLI --update-auth)")
        user, password = credentials.split(":", 1)
    return Endpoint(url, ServerAuth(user, password or "") if user is not None else None)


def redact(url: str) -> str:
    """``url`` without the password of its userinfo (for messages)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{parts.netloc.rsplit('@', 1)[1]}"))


class ServerAuth(httpx.Auth):
    """User and password, sent with the scheme the server's challenge names (Digest or Basic).

    Nothing is sent until the server answers 401; after that each request is authenticated ahead
    (Digest with the server's last nonce, counted up), so a load costs one extra round trip, not one
    per request.
    """

    def __init__(self, user: str, password: str):
        self.user = user
        self._digest = httpx.DigestAuth(user, password)
        self._basic = httpx.BasicAuth(user, password)
        self.scheme: str | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self.scheme == "digest":
            yield from self._digest.auth_flow(request)
            return
        if self.scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        offered = {h.split(None, 1)[0].lower() for h in response.headers.get_list("www-authenticate") if h.strip()}
        if "digest" in offered:
            self.scheme = "digest"
            yield from self._digest.auth_flow(request)
        elif "basic" in offered:
            self.scheme = "basic"
            yield from self._basic.auth_flow(request)


def challenge(response: httpx.Response) -> str:
    """The schemes a 401 response asks for, e.g. ``Digest``, for messages."""
    schemes = [h.split(None, 1)[0] for h in response.headers.get_list("www-authenticate") if h.strip()]
    return ", ".join(dict.fromkeys(schemes)) or "no WWW-Authenticate challenge"


def media_type(response: httpx.Response) -> str:
    kind: str = response.headers.get("content-type", "")
    return kind.split(";")[0].strip().lower()


class Body(io.RawIOBase):
    """A response body as a binary file for Oxigraph's parsers, read as it arrives.

    Raises QueryTimeout once ``deadline`` (``time.monotonic()``) has passed; ``rewrite`` (if given)
    is applied to whole lines, for servers whose output needs a fix before a strict parser reads it.
    """

    def __init__(self, response: httpx.Response, deadline: float, limit_s: float, server: str,
                 rewrite: Callable[[bytes], bytes] | None = None):
        super().__init__()
        self._chunks: Iterator[bytes] = response.iter_bytes()
        self._deadline, self._limit_s, self._server = deadline, limit_s, server
        self._rewrite = rewrite
        self._buffer = b""
        self._partial = b""  # an incomplete last line held back for ``rewrite``
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._buffer and not self._done:
            self._fill()
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n

    def _fill(self) -> None:
        if time.monotonic() > self._deadline:
            raise QueryTimeout(self._limit_s, server=self._server)
        chunk = next(self._chunks, None)
        if chunk is None:
            self._done = True
            self._buffer = self._rewrite(self._partial) if self._rewrite else self._partial
            self._partial = b""
            return
        if self._rewrite is None:
            self._buffer = chunk
            return
        text = self._partial + chunk
        cut = text.rfind(b"\n") + 1
        self._partial = text[cut:]
        self._buffer = self._rewrite(text[:cut]) if cut else b""

# Virtuoso names blank nodes ``nodeID://b10001`` in SPARQL JSON results (not a valid blank node label)
_VIRTUOSO_BNODE = re.compile(rb'("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*")nodeID://')
# and keeps booleans as numbers: ``true`` comes back as "1"^^xsd:boolean
_BOOLEAN = iris.XSD_BOOLEAN.encode()
_VIRTUOSO_BOOLEAN_JSON = re.compile(rb'("datatype"\s*:\s*"' + re.escape(_BOOLEAN) + rb'"\s*,\s*"value"\s*:\s*")([01])"')
# (in N-Triples a term starts after a space or tab; a quote inside a literal is escaped)
_VIRTUOSO_BOOLEAN_NT = re.compile(rb'(?<=[\t ])"([01])"\^\^<' + re.escape(_BOOLEAN) + rb">")
_CANONICAL = {b"1": b"true", b"0": b"false"}


def virtuoso_json(lines: bytes) -> bytes:
    """Virtuoso's SPARQL JSON results made standard: ``nodeID://b10001`` blank nodes as plain labels
    (``b10001``), booleans in their canonical form (``true``, not ``1``)."""
    lines = _VIRTUOSO_BNODE.sub(rb"\1", lines)
    return _VIRTUOSO_BOOLEAN_JSON.sub(lambda m: m.group(1) + _CANONICAL[m.group(2)] + b'"', lines)


def virtuoso_ntriples(lines: bytes) -> bytes:
    """Virtuoso's N-Triples with booleans in their canonical form."""
    return _VIRTUOSO_BOOLEAN_NT.sub(lambda m: b'"' + _CANONICAL[m.group(1)] + b'"^^<' + _BOOLEAN + b">", lines)


_CLEAN = re.compile(r"\s+")


def message_of(body: str, limit: int = 400) -> str:
    """A server's error body on one line, cut at ``limit`` characters (the query it echoes left out)."""
    text = body.split("\n\nSPARQL query:", 1)[0]
    text = _CLEAN.sub(" ", text).strip()
    return (text[:limit] + " ...") if len(text) > limit else text or "no message"
