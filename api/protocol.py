"""Reading a SPARQL 1.1 Protocol request: which operation, its text, its dataset, its format.

Query via GET ``?query=``, POST ``application/x-www-form-urlencoded`` (decoded exactly once,
here) or POST ``application/sparql-query``; update via POST form ``update=`` or
``application/sparql-update``. Parameters of the URL and of a form body are merged. Every
misuse is a 4xx that says what is wrong.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from fastapi import Request

from api.conneg import canonical_name
from api.errors import ApiError

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


@dataclass
class ProtocolRequest:
    operation: str | None  # "query", "update" or None (no operation: the service description)
    text: str = ""
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    using_graphs: list[str] = field(default_factory=list)
    using_named_graphs: list[str] = field(default_factory=list)
    format: str | None = None

    @property
    def has_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


def _media_type(header: str | None) -> tuple[str, dict[str, str]]:
    if not header:
        return "", {}
    kind, *params = header.split(";")
    options = {}
    for param in params:
        key, _, value = param.partition("=")
        options[key.strip().lower()] = value.strip().strip('"').lower()
    return kind.strip().lower(), options


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"the {what} is not valid UTF-8 (byte {exc.start}); send UTF-8",
                       "bad_encoding") from None


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 beyond ``limit`` bytes (setting max_request_bytes)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    chunks: list[bytes] = []
    size = 0
    stream: AsyncIterator[bytes] = request.stream()
    async for chunk in stream:
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def too_large(limit: int) -> ApiError:
    return ApiError(413, f"request body larger than {limit} bytes (setting max_request_bytes, "
                         "env GRAF_MAX_REQUEST_BYTES)", setting="max_request_bytes")


def single(params: list[tuple[str, str]], name: str, same: Callable[[str], str] = str) -> str | None:
    """The value of parameter ``name``; repeating it with the same value (as ``same`` sees it) is
    harmless (SPARQLWrapper sends its format as a name and as a media type, in the URL and in the
    body), different values are an error."""
    values = {same(v) for k, v in params if k == name}
    if len(values) > 1:
        raise ApiError(400, f"the '{name}' parameter is given {len(values)} different values; send one",
                       "conflicting_parameter")
    return values.pop() if values else None


async def parse(request: Request, max_request_bytes: int) -> ProtocolRequest:
    """Read the operation of a GET or POST to the SPARQL endpoint."""
    params = list(request.query_params.multi_items()) if request.scope.get("query_string") else []
    direct: tuple[str, str] | None = None
    if request.method == "POST":
        direct = await _read_post(request, max_request_bytes, params)
    operation, text = _operation(params, direct)
    if operation == "update" and request.method != "POST":
        raise ApiError(400, "updates must be POSTed (form update= or application/sparql-update), not GET",
                       "update_needs_post")
    if operation is not None and not text.strip():
        raise ApiError(400, f"the {operation} is empty", f"missing_{operation}")
    if operation is None and request.method == "POST":
        raise ApiError(400, "no query given: send query= (or update=) in the form body, or a "
                            "application/sparql-query body", "missing_query")

    def values(name: str) -> list[str]:
        return [v for k, v in params if k == name]

    return ProtocolRequest(
        operation, text, values("default-graph-uri"), values("named-graph-uri"),
        values("using-graph-uri"), values("using-named-graph-uri"), single(params, "format", canonical_name),
    )


async def _read_post(request: Request, max_request_bytes: int, params: list[tuple[str, str]]
                     ) -> tuple[str, str] | None:
    """A POST's body: a form's parameters added to ``params`` (None), or the operation a
    sparql-query/sparql-update body holds (operation, text); 415 for another media type or charset."""
    media, options = _media_type(request.headers.get("content-type"))
    charset = options.get("charset")
    if charset and charset not in ("utf-8", "utf8"):
        raise ApiError(415, f"charset {charset!r} is not supported; send UTF-8", "unsupported_charset")
    if media not in (FORM, QUERY, UPDATE):
        shown = media or "no Content-Type"
        raise ApiError(415, f"{shown} is not a SPARQL request body; use Content-Type {FORM} "
                            f"(query= or update=), {QUERY} or {UPDATE}", supported=[FORM, QUERY, UPDATE])
    body = await read_body(request, max_request_bytes)
    if media != FORM:
        return ("query" if media == QUERY else "update", _decode(body, "request body"))
    # decoded exactly once: percent-escapes and '+' here, nowhere else
    text = _decode(body, "form body")
    try:
        params.extend(parse_qsl(text, keep_blank_values=True, strict_parsing=False, errors="strict"))
    except UnicodeDecodeError:
        raise ApiError(400, "a percent-escape in the form body is not UTF-8; send UTF-8",
                       "bad_encoding") from None
    return None


def _operation(params: list[tuple[str, str]], direct: tuple[str, str] | None) -> tuple[str | None, str]:
    """Which operation the request sends and its text: the body's, or the query= or update= parameter
    (None and "" for none); 400 when it sends more than one."""
    query, update = single(params, "query"), single(params, "update")
    if direct is not None:
        if query is not None or update is not None:
            raise ApiError(400, f"the operation is the {direct[0]} in the body; do not also send "
                                "query= or update= parameters", "duplicate_parameter")
        return direct
    if query is not None and update is not None:
        raise ApiError(400, "send either query= or update=, not both", "duplicate_parameter")
    if query is not None:
        return "query", query
    if update is not None:
        return "update", update
    return None, ""
