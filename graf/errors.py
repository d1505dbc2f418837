"""One exception hierarchy for graf; every message says what to fix.

The CLI maps any :class:`GrafError` to exit code 2 with its message (no traceback unless
``--debug``); the HTTP layer maps the classes to status codes. This module knows nothing about
either.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class GrafError(Exception):
    """Base class of every error graf raises on purpose."""


class StoreError(GrafError):
    """The store cannot be opened or written (wrong directory, locked, corrupt)."""


class RemoteStoreError(StoreError):
    """The external SPARQL server failed: unreachable, not a SPARQL endpoint, refused the request
    (authentication) or answered with an error. Names the URL (without credentials); 502 over HTTP."""

    def __init__(self, url: str, message: str):
        self.url = url
        super().__init__(message)


class LoadError(GrafError):
    """A data file cannot be parsed; names the file and, when known, line and column."""

    def __init__(self, file: str | Path, message: str, line: int | None = None, column: int | None = None):
        self.file = str(file)
        self.line = line
        self.column = column
        self.reason = message
        where = self.file if line is None else f"{self.file}:{line}:{column or 0}"
        super().__init__(f"{where}: {message} (fix the file, nothing was loaded)")


class UnsupportedFormatError(GrafError):
    """A file extension or output format graf does not know; lists the supported ones."""

    def __init__(self, what: str, supported: Iterable[str]):
        self.what = what
        self.supported = sorted(supported)
        super().__init__(f"unsupported format {what!r}; use one of: {', '.join(self.supported)}")


class QueryError(GrafError):
    """A malformed SPARQL query (with its position when the parser gives one)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.reason = message
        self.line = line
        self.column = column
        where = "" if line is None else f" at line {line}" if column is None else f" at line {line}, column {column}"
        super().__init__(f"SPARQL syntax error{where}: {message}")


class QueryEvaluationError(QueryError):
    """A well-formed query that failed while running (e.g. an invalid IRI built at run time)."""

    def __init__(self, message: str):
        self.reason = message
        self.line = self.column = None
        GrafError.__init__(self, f"the query failed while running: {message}")


class QueryTooDeep(QueryError):
    """A query or update whose brackets nest deeper than ``max_query_depth``, refused unparsed."""

    setting = "max_query_depth"

    def __init__(self, limit: int, line: int, column: int):
        self.limit = limit
        self.line = line
        self.column = column
        self.reason = f"brackets nested more than {limit} deep"
        GrafError.__init__(
            self, f"the query nests brackets more than {limit} deep at line {line}, column {column} "
            "(setting max_query_depth, env GRAF_MAX_QUERY_DEPTH); the SPARQL parser cannot safely go "
            "deeper: flatten the query or raise the limit")


class DatasetError(GrafError):
    """A protocol dataset that cannot be applied: a graph name that is not an IRI (``code``
    ``bad_iri``) or dataset parameters with an update that has its own (``dataset_conflict``)."""

    def __init__(self, message: str, code: str):
        self.code = code
        super().__init__(message)


class QueryTimeout(GrafError):
    """The query ran longer than ``query_time_limit_s`` and was stopped."""

    setting = "query_time_limit_s"

    def __init__(self, limit_s: float, what: str = "query", server: str | None = None):
        self.limit_s = limit_s
        advice = "simplify the query, add LIMIT" if what == "query" else "nothing was changed; split the update"
        where = f" waiting for the SPARQL server {server}" if server else ""
        super().__init__(
            f"{what} stopped after {limit_s:g} s{where} (setting query_time_limit_s, env GRAF_QUERY_TIME_LIMIT_S, "
            f"CLI --time-limit); {advice}, or raise the limit"
        )


class ServerBusy(GrafError):
    """Every query worker is busy with long queries and this query cannot run now; it may be
    tried again after ``retry_after_s`` seconds (see :class:`graf.workers.WorkerPool`)."""

    setting = "workers"

    def __init__(self, retry_after_s: int, why: str):
        self.retry_after_s = retry_after_s
        super().__init__(
            f"every query worker is busy with long queries and this query cannot run now ({why}); retry in "
            f"{retry_after_s} s, simplify the query, or raise the setting workers (env GRAF_WORKERS)"
        )


class UpdateCrashed(GrafError):
    """A SPARQL update crashed the SPARQL engine (in a separate process: see :mod:`graf.writer`)."""

    def __init__(self, signal_name: str):
        self.signal_name = signal_name
        super().__init__(
            f"the update crashed the SPARQL engine ({signal_name}) in a separate process and changed nothing; "
            "the server is unaffected. Simplify the update (e.g. less nesting)"
        )


class UpdateRefused(GrafError):
    """A SPARQL update (or SERVICE call) sent where only read-only queries are allowed."""


class ParameterError(GrafError):
    """A parameter of a parameterised query that is missing, unknown or of the wrong type; names it."""

    def __init__(self, name: str, message: str):
        self.name = name
        self.reason = message
        super().__init__(f"parameter {name!r}: {message}")


class UnknownNameError(GrafError):
    """A name (example query, format, command ...) that does not exist; carries the valid names."""

    def __init__(self, kind: str, name: str, valid: Iterable[str]):
        self.kind = kind
        self.name = name
        self.valid = sorted(valid)
        super().__init__(f"unknown {kind} {name!r}; valid names: {', '.join(self.valid) or '(none)'}")


__all__ = [
    "DatasetError",
    "GrafError",
    "LoadError",
    "ParameterError",
    "QueryError",
    "QueryTimeout",
    "QueryTooDeep",
    "RemoteStoreError",
    "ServerBusy",
    "StoreError",
    "UnknownNameError",
    "UnsupportedFormatError",
    "UpdateCrashed",
    "UpdateRefused",
]
