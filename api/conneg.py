"""HTTP content negotiation: pick a format from an ``Accept`` header (q-values, wildcards).

Each result kind offers formats in server preference order; aliases map extra media types a
client may ask for (``application/json``) onto a format, the response is always labelled with the
format's own media type.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.errors import ApiError


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str  # what the response is labelled with
    also: tuple[str, ...] = ()  # other media types that select it

    @property
    def types(self) -> tuple[str, ...]:
        return (self.media_type.split(";")[0].strip(), *self.also)


SELECT_JSON = Format("json", "application/sparql-results+json", ("application/json", "text/javascript",
                                                                  "application/javascript"))
SELECT_XML = Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"))
CSV = Format("csv", "text/csv; charset=utf-8")
TSV = Format("tsv", "text/tab-separated-values; charset=utf-8")
TURTLE = Format("turtle", "text/turtle; charset=utf-8", ("application/x-turtle", "application/turtle"))
NTRIPLES = Format("nt", "application/n-triples", ("text/plain",))
JSONLD = Format("jsonld", "application/ld+json", ("application/json",))
RDFXML = Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"))

SELECT = (SELECT_JSON, SELECT_XML, CSV, TSV)
ASK = (SELECT_JSON, SELECT_XML)
GRAPH = (TURTLE, NTRIPLES, JSONLD, RDFXML)
ALL_NAMES = ("json", "xml", "csv", "tsv", "turtle", "nt", "jsonld", "rdfxml")


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` as (media range, q) pairs; a missing or empty header accepts anything."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for part in header.split(","):
        items = [p.strip() for p in part.split(";")]
        media = items[0].lower()
        if not media:
            continue
        q = 1.0
        for param in items[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges or [("*/*", 1.0)]


def _exact(media_type: str, ranges: list[tuple[str, float]]) -> float:
    return max((q for media, q in ranges if media == media_type), default=0.0)


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    """q of the most specific range matching ``media_type`` (0 if none)."""
    kind, _, sub = media_type.partition("/")
    best, specificity = 0.0, -1
    for media, q in ranges:
        r_kind, _, r_sub = media.partition("/")
        if media == media_type:
            level = 2
        elif r_kind == kind and r_sub == "*":
            level = 1
        elif media == "*/*" or media == "*":
            level = 0
        else:
            continue
        if level > specificity:
            best, specificity = q, level
    return best


def negotiate(accept: str | None, offered: tuple[Format, ...], what: str) -> Format:
    """The offered format the client prefers; 406 naming the offered media types otherwise."""
    ranges = parse_accept(accept)
    best: Format | None = None
    best_q = 0.0
    for fmt in offered:
        # wildcards select a format by its own media type; aliases only when named exactly
        q = max([_quality(fmt.types[0], ranges)] + [_exact(t, ranges) for t in fmt.types[1:]])
        if q > best_q:
            best, best_q = fmt, q
    if best is None:
        types = ", ".join(f.types[0] for f in offered)
        raise ApiError(406, f"cannot answer a {what} in any type of Accept: {accept!r}; "
                            f"available: {types} (or use ?format=)", offered=[f.types[0] for f in offered])
    return best


#: other names clients give ``format=`` (SPARQLWrapper sends a name and a media type, e.g.
#: ``format=tsv&format=text/tab-separated-values``, or ``format=n3``: Turtle is N3)
ALIASES = {"ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "json-ld": "jsonld", "rdf": "rdfxml",
           "rdf+xml": "rdfxml", "n3": "turtle", "text/n3": "turtle", "text/rdf+n3": "turtle",
           "application/n3": "turtle", "application/x-json+ld": "jsonld", "application/json": "json",
           "application/xml": "xml", "text/xml": "xml", "text/plain": "nt",
           **{f.types[0]: f.name for f in (*SELECT, *GRAPH)}}


def canonical_name(value: str) -> str:
    """A ``format=`` value as a format name (aliases and media types resolved; a list of media
    types by its first known one); an unknown value is returned as given, lower-cased."""
    parts = [p.strip().lower() for p in value.split(",") if p.strip()] or [value.strip().lower()]
    for part in parts:
        if part in ALL_NAMES:
            return part
        if part in ALIASES:
            return ALIASES[part]
    return parts[0]


def by_name(name: str, offered: tuple[Format, ...], what: str) -> Format:
    """The format called ``name`` (``?format=``); 400 if unknown, 406 if it cannot express ``what``."""
    key = canonical_name(name)
    if offered == GRAPH:  # clients such as SPARQLWrapper send format=xml/json for CONSTRUCT too
        key = {"xml": "rdfxml", "json": "jsonld"}.get(key, key)
    for fmt in offered:
        if key == fmt.name or key in fmt.types:
            return fmt
    if key not in ALL_NAMES:
        raise ApiError(400, f"unknown format {name!r}; use one of: {', '.join(ALL_NAMES)}", "unknown_format",
                       valid=list(ALL_NAMES))
    raise ApiError(406, f"format {name!r} cannot express a {what}; use one of: "
                        f"{', '.join(f.name for f in offered)}", offered=[f.name for f in offered])
