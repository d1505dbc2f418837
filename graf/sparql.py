"""Guarded SPARQL, independent of HTTP: parse first, refuse updates and SERVICE, time limit,
row cap with a truncation flag, result formats, example queries.

The evaluation itself (and the time limit that really stops a query) lives in the store's query
worker (:mod:`graf.workers`); this module decides whether a query may run and formats results.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import pyoxigraph as ox

from graf import iris, workers
from graf.errors import QueryError, UnsupportedFormatError
from graf.frames import to_dataframe
from graf.settings import Settings
from graf.sparql_guard import DEFAULT_MAX_QUERY_DEPTH, inspect, inspect_query
from graf.sparql_lexer import IRI, PNAME, STRING, tokenize
from graf.workers import Output, Reply, Request

if TYPE_CHECKING:
    import pandas as pd

    from graf.store import Store

#: prefixes used to compact IRIs in tables and to write Turtle (:data:`graf.iris.PREFIXES`)
PREFIXES: dict[str, str] = iris.PREFIXES

SELECT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
ASK_FORMATS = {k: SELECT_FORMATS[k] for k in ("json", "xml")}
GRAPH_FORMATS = {
    "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_GRAPH_RDF = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_POSITION = re.compile(r"^error at (\d+):(\d+):\s*")

# -- refusing (decided on tokens: graf.sparql_guard) ------------------------------------------------------


def without_strings(text: str) -> str:
    """``text`` with its strings, IRIs and comments blanked out (each character a space, so positions
    stay): keywords, names and variables stay. Read as the engine reads it (:mod:`graf.sparql_lexer`)."""
    out = [" "] * len(text)
    for token in tokenize(text):
        if token.kind not in (STRING, IRI):
            out[token.start:token.end] = token.text
    for position, character in enumerate(text):  # line breaks stay where they were
        if character == "\n":
            out[position] = "\n"
    return "".join(out)


def find_service(text: str, *, update: bool = False) -> bool:
    """True if ``text`` uses SERVICE (or, for an update, LOAD): both leave the machine.

    Decided on tokens (:mod:`graf.sparql_guard`): ``ex:self-service``, ``"SERVICE"``, ``# SERVICE``
    and ``<http://x/service>`` are not SERVICE. Raises QueryError for text the guard refuses anyway
    (brackets nested deeper than the default ``max_query_depth``, a keyword glued to a word).
    """
    found = inspect(text)
    return found.service or (update and found.load)


def query_error(exc: SyntaxError) -> QueryError:
    """A QueryError with line and column from a pyoxigraph SyntaxError."""
    message = str(exc.args[0]) if exc.args else str(exc)
    match = _POSITION.match(message)
    if not match:
        return QueryError(message)
    reason = message[match.end():]
    if len(reason) > 300:
        reason = reason[:300] + " ..."
    return QueryError(reason, int(match.group(1)), int(match.group(2)))


def undeclared_prefix(text: str, prefixes: Mapping[str, str] | None = None) -> QueryError | None:
    """A QueryError at the first prefixed name whose prefix is neither declared in ``text`` nor in
    ``prefixes`` (pyoxigraph's parser reports these with a list of expected characters).

    Decided on the tokens of :func:`graf.sparql_lexer.tokenize`, so a prefixed name inside a
    string, an IRI or a comment is not taken for a use."""
    declared = set(prefixes or ())
    tokens = tokenize(text)
    for before, token in zip([None, *tokens], tokens, strict=False):
        if token.kind != PNAME:
            continue
        if before is not None and before.keyword == "PREFIX":
            declared.add(token.prefix)
        elif token.prefix not in declared:
            line = text.count("\n", 0, token.start) + 1
            column = token.start - (text.rfind("\n", 0, token.start) + 1) + 1
            return QueryError(f"prefix '{token.prefix}' is not declared; add PREFIX {token.prefix}: <IRI> "
                              "before the query", line, column)
    return None


def syntax_error(message: str, text: str, prefixes: Mapping[str, str] | None = None) -> QueryError:
    """The QueryError for the parser's ``message`` about ``text`` (an undeclared prefix is named)."""
    return undeclared_prefix(text, prefixes) or query_error(SyntaxError(message))


def check_query(text: str, *, allow_service: bool = False,
                max_depth: int = DEFAULT_MAX_QUERY_DEPTH) -> str | None:
    """Refuse what must not run, without evaluating anything; return the query form.

    Raises UpdateRefused for an update (its first keyword after the prologue is INSERT, DELETE,
    LOAD, ...) and for SERVICE without ``allow_service``, QueryTooDeep for brackets nested deeper
    than ``max_depth``. Returns SELECT, ASK, CONSTRUCT, DESCRIBE, or ``None`` when the text does
    not start like a query (the parser, which runs in the query worker under the time limit, then
    reports the syntax error with its position). Parsing is left to the worker on purpose:
    pyoxigraph evaluates aggregates eagerly inside ``Store.query``, so even a "dry run" on an empty
    store can take seconds (``SELECT (COUNT(*) AS ?n) { VALUES ?a {...} VALUES ?b {...} }``).
    """
    return inspect_query(text, allow_service=allow_service, max_depth=max_depth).query_form


# -- results ---------------------------------------------------------------------------------------------

Term = Any  # ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass
class QueryResult:
    """A query's answer: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE).

    Attributes
    ----------
    form : {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
        The query form.
    variables : list of str
        A SELECT's projected variables, in order.
    rows : list of tuple
        A SELECT's rows: one pyoxigraph term (or None when unbound) per variable.
    boolean : bool or None
        An ASK's answer.
    triples : list of pyoxigraph.Triple
        A CONSTRUCT's or DESCRIBE's triples.
    truncated : bool
        True when more than ``max_rows`` rows or triples existed and were cut.
    elapsed_s : float
        How long the query took, in seconds.
    """

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False
    elapsed_s: float = 0.0

    @classmethod
    def from_worker(cls, form: str | None, reply: Reply, elapsed_s: float, request: Request) -> QueryResult:
        """The result of a worker's ``reply`` to ``request`` (a syntax error is raised as QueryError)."""
        if reply.kind == "syntax":
            raise syntax_error(reply.message, request.text, request.prefixes)
        if reply.kind == "ask":
            return cls("ASK", boolean=reply.boolean, elapsed_s=elapsed_s)
        if reply.kind == "select":
            return cls("SELECT", variables=reply.variables, rows=reply.rows, truncated=reply.truncated,
                       elapsed_s=elapsed_s)
        return cls(form if form in ("CONSTRUCT", "DESCRIBE") else "CONSTRUCT", triples=reply.triples,
                   truncated=reply.truncated, elapsed_s=elapsed_s)

    @property
    def is_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")

    def __len__(self) -> int:
        return len(self.triples) if self.is_graph else len(self.rows) if self.form == "SELECT" else 1

    def formats(self) -> dict[str, str]:
        """The formats (name -> media type) that can express this result."""
        if self.is_graph:
            return GRAPH_FORMATS
        return SELECT_FORMATS if self.form == "SELECT" else ASK_FORMATS

    def media_type(self, fmt: str) -> str:
        return self._check_format(fmt)

    def _check_format(self, fmt: str) -> str:
        allowed = self.formats()
        if fmt not in allowed:
            raise UnsupportedFormatError(f"{fmt} for a {self.form} result", allowed)
        return allowed[fmt]

    def records(self) -> list[dict[str, Term]]:
        """SELECT rows as dicts (unbound variables left out)."""
        names = self.variables
        return [{v: t for v, t in zip(names, row, strict=True) if t is not None} for row in self.rows]

    def serialize(self, fmt: str, *, prefixes: Mapping[str, str] | None = None) -> bytes:
        """The result written in a standard format.

        Parameters
        ----------
        fmt : str
            A name of :meth:`formats`: ``json``, ``xml``, ``csv``, ``tsv`` for a SELECT; ``json``,
            ``xml`` for an ASK; ``turtle``, ``nt``, ``jsonld``, ``rdfxml`` for a graph.
        prefixes : mapping of str to str, optional
            Turtle compacts IRIs with these (default :data:`PREFIXES`).

        Returns
        -------
        bytes
            The document, UTF-8.

        Raises
        ------
        graf.errors.UnsupportedFormatError
            ``fmt`` cannot express this result (the error lists the formats that can).
        """
        self._check_format(fmt)
        if self.is_graph:
            prefixes = (PREFIXES if prefixes is None else prefixes) if fmt == "turtle" else None
            try:
                return cast(bytes, ox.serialize(self.triples, format=_GRAPH_RDF[fmt],
                                                prefixes=None if prefixes is None else dict(prefixes)))
            except (OSError, ValueError) as exc:  # e.g. RDF 1.2 triple terms in a format without them
                raise UnsupportedFormatError(f"{fmt} for this result ({exc})", self.formats()) from None
        try:
            return {"json": _to_json, "xml": _to_xml, "csv": _to_csv, "tsv": _to_tsv}[fmt](self)
        except ValueError as exc:  # a character XML 1.0 cannot carry
            raise UnsupportedFormatError(f"{fmt} for this result ({exc})",
                                         [f for f in self.formats() if f != fmt]) from None

    def to_pandas(self, *, plain: bool = False) -> pd.DataFrame:
        """The result as a pandas DataFrame with typed columns (see :mod:`graf.frames`).

        Parameters
        ----------
        plain : bool
            Turn the columns that keep pyoxigraph terms (IRIs, language-tagged strings, mixed
            columns) into their text.

        Returns
        -------
        pandas.DataFrame
            A SELECT's rows (a CONSTRUCT's triples as columns subject, predicate, object): integers
            as ``Int64``, decimals and doubles as ``Float64``, ``boolean``, dates as ``datetime64``,
            plain strings as ``string``; unbound values missing.

        Raises
        ------
        graf.errors.GrafError
            pandas is not installed (``pip install 'graf[pandas]'``), or the result is an ASK.
        """
        return to_dataframe(self, plain=plain)

    def to_table(self) -> str:
        """A human-readable aligned table (IRIs compacted with :data:`PREFIXES`)."""
        if self.form == "ASK":
            return "yes" if self.boolean else "no"
        if self.is_graph:
            return self.serialize("turtle").decode("utf-8")
        header = list(self.variables)
        body = [[compact(t) for t in row] for row in self.rows]
        widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
        lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
                 "  ".join("-" * w for w in widths)]
        lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
        note = f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''}"
        note += f"; truncated at max_rows={len(self.rows)})" if self.truncated else ")"
        return "\n".join(lines + [note])


@dataclass(frozen=True)
class SerializedResult:
    """A query's answer already written by the query worker (``Store.query_serialized``).

    ``body`` is None when no format was chosen for this kind of result (``form`` says which kind).
    """

    form: str
    format: str | None
    body: bytes | None
    truncated: bool
    elapsed_s: float

    @classmethod
    def from_worker(cls, form: str | None, reply: Reply, elapsed_s: float, request: Request) -> SerializedResult:
        """The result of a worker's ``reply`` to ``request`` (which asked it to write the result)."""
        if reply.kind == "syntax":
            raise syntax_error(reply.message, request.text, request.prefixes)
        if reply.kind == "badformat":
            valid = [f for f in (GRAPH_FORMATS if reply.result == "graph" else SELECT_FORMATS) if f != reply.format]
            raise UnsupportedFormatError(f"{reply.format} for this result ({reply.message})", valid)
        graph_form = form if form in ("CONSTRUCT", "DESCRIBE") else "CONSTRUCT"
        result_form = {"select": "SELECT", "ask": "ASK"}.get(reply.result or "", graph_form)
        if reply.kind == "noformat":
            return cls(result_form, None, None, False, elapsed_s)
        return cls(result_form, reply.format, reply.body, reply.truncated, elapsed_s)

    @classmethod
    def from_result(cls, result: QueryResult, output: Output) -> SerializedResult:
        """``result`` written as a worker writes it (:mod:`graf.workers`) (for stores without workers)."""
        kind = "graph" if result.is_graph else result.form.lower()
        fmt = output.formats.get(kind)
        if fmt is None or fmt not in result.formats():
            return cls(result.form, None, None, False, result.elapsed_s)
        body = result.serialize(fmt, prefixes=output.prefixes or None)
        if result.truncated and output.link and fmt in ("json", "xml"):
            body = _with_link(body, fmt, output.link)
        return cls(result.form, fmt, body, result.truncated, result.elapsed_s)


def _with_link(body: bytes, fmt: str, link: str) -> bytes:
    """A SPARQL JSON/XML result with ``link`` in its head."""
    if fmt == "json":
        doc = json.loads(body)
        doc["head"]["link"] = [link]
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    from xml.sax.saxutils import quoteattr  # here: only an XML result cut at the row cap needs it (start-up)

    return body.replace(b"</head>", f"<link href={quoteattr(link)}/></head>".encode(), 1)


_PLAIN_TYPES = {PREFIXES["xsd"] + t for t in ("integer", "decimal", "double", "boolean", "string")}


def compact(term: Term | None) -> str:
    """A short human form of a term: ``skos:prefLabel``, ``København@da``, ``42``."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        for prefix, base in PREFIXES.items():
            local = iri[len(base):]
            if iri.startswith(base) and re.fullmatch(r"[\w\-.]*", local) and not local.endswith("."):
                return f"{prefix}:{local}"
        return f"<{iri}>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"{term.value}@{term.language}"
        if term.datatype.value in _PLAIN_TYPES:
            return term.value
        return f"{term.value}^^{compact(term.datatype)}"
    return str(term)


def _to_json(result: QueryResult) -> bytes:
    if result.form == "ASK":
        return workers.to_json([], None, result.boolean)
    return workers.to_json(result.variables, result.rows)


def _to_xml(result: QueryResult) -> bytes:
    if result.form == "ASK":
        return workers.to_xml([], None, result.boolean)
    return workers.to_xml(result.variables, result.rows)


def _to_csv(result: QueryResult) -> bytes:
    return workers.to_csv(result.variables, result.rows)


def _to_tsv(result: QueryResult) -> bytes:
    return workers.to_tsv(result.variables, result.rows)


# -- running -----------------------------------------------------------------------------------------------


def run_query(
    store: Store,
    text: str,
    settings: Settings | None = None,
    *,
    time_limit_s: float | None = None,
    max_rows: int | None = None,
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    prefixes: Mapping[str, str] | None = None,
    bindings: Mapping[str, Term] | None = None,
    base_iri: str | None = None,
) -> QueryResult:
    """Run a guarded read-only query with the limits of ``settings`` (explicit arguments win).

    Parameters
    ----------
    store : Store
        The data set (:func:`graf.open_store`).
    text : str
        A SPARQL 1.1 query: SELECT, ASK, CONSTRUCT or DESCRIBE (updates and SERVICE are refused).
    settings : Settings, optional
        The limits (``query_time_limit_s``, ``max_rows``, ``allow_service``); default: from the environment.
    time_limit_s : float, optional
        Seconds before the query is stopped; default: ``settings.query_time_limit_s``.
    max_rows : int, optional
        Rows (or triples) kept; more are cut and ``truncated`` is set. Default: ``settings.max_rows``.
    default_graphs, named_graphs : sequence of str, optional
        The dataset, as the SPARQL protocol's default-graph-uri and named-graph-uri give it (they
        override FROM / FROM NAMED); default: the union of all graphs.
    prefixes : mapping of str to str, optional
        Prefixes declared before the query (e.g. :data:`PREFIXES`); the query may redefine them.
    bindings : mapping of str to RDF term, optional
        Values for the query's variables (see :func:`graf.parameters.bind`), substituted by the
        store, never written into its text.
    base_iri : str, optional
        Resolves relative IRIs in the query.

    Returns
    -------
    QueryResult
        Rows (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE); ``to_pandas()``,
        ``serialize(fmt)``.

    Raises
    ------
    graf.errors.QueryError
        A syntax error (with line and column), nesting deeper than the limit or an evaluation error.
    graf.errors.UpdateRefused
        The text is an update, or uses SERVICE when ``allow_service`` is off.
    graf.errors.QueryTimeout
        The query ran longer than the time limit.
    """
    # here, not at the top: graf.store imports this module
    from graf.store import QueryOptions

    settings = settings or Settings.from_env()
    options = QueryOptions(
        time_limit_s=settings.query_time_limit_s if time_limit_s is None else time_limit_s,
        max_rows=settings.max_rows if max_rows is None else max_rows,
        allow_service=settings.allow_service,
        default_graphs=None if default_graphs is None else tuple(default_graphs),
        named_graphs=None if named_graphs is None else tuple(named_graphs),
        prefixes=prefixes,
        bindings=bindings,
        base_iri=base_iri,
    )
    return store.query(text, options=options)


# -- example queries (kept here for ``from graf.sparql import example_queries``) ----------------------

from graf.examples import ExampleQuery as ExampleQuery  # noqa: E402
from graf.examples import example_queries as example_queries  # noqa: E402
from graf.examples import example_query as example_query  # noqa: E402
