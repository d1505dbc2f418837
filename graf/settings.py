"""Every graf setting in one table: name (units in the name), default, type, env var, help, limits.

The table is the :class:`Settings` dataclass itself: each field carries its default and, in its
metadata, how to read it from text, its help and its limits (made with :func:`setting`).
:data:`SETTINGS` lists the rows derived from it; nothing else writes a default down. (The
dataclass is the source, not a table the class is generated from, so that type checkers and
editors see each setting's type.)

``Settings.from_env()`` reads ``GRAF_<NAME>`` environment variables, then applies explicit
overrides (CLI options, test arguments). The README's settings table is :func:`markdown_table`
(asserted by ``tests/test_settings.py``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from graf.errors import GrafError, UnknownNameError

#: most query worker processes one store may run (setting ``workers``)
MAX_WORKERS = 64


def _bool(text: str) -> bool:
    value = text.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected true/false, got {text!r}")


def _paths(text: str) -> tuple[Path, ...]:
    return tuple(Path(p) for p in text.split(os.pathsep) if p)


def _strings(text: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in text.split(",") if s.strip())


def _optional_path(text: str) -> Path | None:
    return Path(text) if text else None


def _optional_str(text: str) -> str | None:
    return text or None


def _url(text: str) -> str | None:
    """An absolute http(s) URL ending in "/" (empty: unset)."""
    if not text:
        return None

    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(f"expected an absolute http(s) URL without query or fragment, got {text!r}")
    return text if text.endswith("/") else text + "/"


def _base_iri_problem(value: str) -> str | None:
    # here: graf.workbook.importer loads the spreadsheet model, needed only when base_iri is set
    from graf.workbook.importer import check_base

    return check_base(value, "base_iri (--base)")


@dataclass(frozen=True)
class Setting:
    """One row of the settings table.

    ``parse`` reads the value from its environment variable; ``coerce`` normalises a value given
    as an override (a CLI option); ``above`` / ``at_least`` / ``at_most`` bound a number;
    ``check`` returns a problem with a value, or ``None``.
    """

    name: str
    default: Any
    parse: Callable[[str], Any]
    help: str
    coerce: Callable[[Any], Any] | None = None
    above: float | None = None
    at_least: float | None = None
    at_most: float | None = None
    check: Callable[[Any], str | None] | None = None

    @property
    def env(self) -> str:
        return "GRAF_" + self.name.upper()

    def problem(self, value: Any) -> str | None:
        """What is wrong with ``value`` for this setting (a limit that cannot work), or ``None``."""
        if self.above is not None and not value > self.above:
            return f"setting {self.name} must be greater than {self.above:g} (got {value}); {_SEE}"
        if self.at_least is not None and not value >= self.at_least:
            return f"setting {self.name} must be at least {self.at_least:g} (got {value}); {_SEE}"
        if self.at_most is not None and not value <= self.at_most:
            return f"setting {self.name} must be at most {self.at_most:g} (got {value}); {_SEE}"
        if self.check is not None and value:
            return self.check(value)
        return None


_SEE = "see the settings table in README.md"


def setting(default: Any, parse: Callable[[str], Any], help: str, *, secret: bool = False, **row: Any) -> Any:
    """A field of :class:`Settings`: its default, and the rest of its row (see :class:`Setting`) as metadata.
    ``secret``: kept out of ``repr`` (and so out of logs)."""
    return field(default=default, repr=not secret, metadata={"parse": parse, "help": help, **row})


@dataclass(frozen=True)
class Settings:
    """The effective settings; build with :meth:`from_env`. Each field is one row of the settings table."""

    host: str = setting("127.0.0.1", str, "address the HTTP server binds to")
    port: int = setting(8000, int, "TCP port of the HTTP server", at_least=0)
    data: tuple[Path, ...] = setting(
        (), _paths, "data files or folders to load into an empty store (default: the bundled "
        "data/copenhagen-2010); env: separated by the OS path separator",
        coerce=lambda value: tuple(Path(p) for p in value))
    base_iri: str | None = setting(
        None, _optional_str, "base IRI of the ids of a spreadsheet model given with --data (an absolute IRI "
        "ending in / or #; default: the workbook's own, else https://w3id.org/graf/id/<file name>/)",
        check=_base_iri_problem)
    store_dir: Path | None = setting(
        None, _optional_path, "folder of an on-disk store (created if missing, reopened without reloading); "
        "unset: in memory", coerce=Path)
    sparql_endpoint: str | None = setting(
        None, _optional_str, "URL of an external SPARQL 1.1 query endpoint to use instead of the embedded store")
    update_endpoint: str | None = setting(None, _optional_str, "URL of the external SPARQL 1.1 update endpoint")
    update_auth: str | None = setting(
        None, _optional_str, "USER:PASSWORD for the external update endpoint (HTTP Basic or Digest, whichever "
        "the server asks for); credentials in an endpoint URL work too", secret=True)
    query_time_limit_s: float = setting(5.0, float, "wall-clock seconds after which a query is stopped", above=0)
    max_rows: int = setting(
        10000, int, "largest number of result rows (or triples) returned; more are cut and the result is "
        "flagged truncated", at_least=1)
    update_token: str | None = setting(
        None, _optional_str, "bearer token that enables SPARQL updates over HTTP; unset: updates are refused")
    cors_origins: tuple[str, ...] = setting((), _strings, "origins allowed by CORS, comma-separated; empty: none",
                                            coerce=tuple)
    max_request_bytes: int = setting(1_000_000, int, "largest accepted HTTP request body, in bytes", at_least=1)
    allow_service: bool = setting(False, _bool, "allow SPARQL SERVICE (federated queries leave the machine)")
    check_time_limit_s: float = setting(
        60.0, float, "wall-clock seconds a model uploaded to 'Check your own model' may take to import, "
        "validate or draw (a killed process)", above=0)
    workers: int = setting(
        4, int, f"most query worker processes of the embedded store (1-{MAX_WORKERS}; started on demand, each "
        "about 22 MB (PSS; 34 MB RSS) on disk; with 2 or more, one is kept for short queries; with 1, a query "
        "waits while another runs)",
        at_least=1, at_most=MAX_WORKERS)
    short_query_s: float = setting(
        0.5, float, "seconds a query may run on the worker kept for short queries while the other workers are "
        "busy; a longer one there, or one known to run long, gets 503 with Retry-After", above=0)
    max_query_depth: int = setting(
        250, int, "deepest nesting of brackets (`{ ( [ <<`) in a query or update; deeper ones are refused before "
        "parsing (400 `query_too_deep`, exit 2), since pyoxigraph's parser crashes at about 1,000-5,000",
        at_least=1)
    public_url: str | None = setting(
        None, _url, "the server's address as clients reach it (`--public-url`); the endpoint is "
        "PUBLIC_URL/sparql, the base IRI of queries and the service description's endpoint; unset: "
        "`http://HOST:PORT/`", coerce=_url)
    allowed_hosts: tuple[str, ...] = setting(
        (), _strings, "host names the server answers to besides localhost, 127.0.0.1, ::1, the bind address "
        "and public_url's host (`--allowed-host`, repeatable; env comma-separated); other Host headers get 400",
        coerce=tuple)
    max_witness_nodes: int = setting(
        200, int, "longest witness (path) a validation finding keeps; a longer one is cut, and the finding "
        "says so", at_least=2)
    guard: bool = setting(
        False, _bool, "check every SPARQL update against the structural rules before it is written: one that "
        "would add a violation to a scenario is refused (HTTP 409)")

    @classmethod
    def from_env(
        cls, overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
    ) -> Settings:
        """Defaults, then ``GRAF_*`` variables, then ``overrides`` (``None`` values are ignored).

        Raises
        ------
        GrafError
            A variable that cannot be read, or a value outside its setting's limits.
        UnknownNameError
            An override that names no setting.
        """
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for row in SETTINGS:
            if row.env in environ:
                try:
                    values[row.name] = row.parse(environ[row.env])
                except ValueError as exc:
                    raise GrafError(f"bad value for {row.env}: {exc}") from exc
        for name, value in (overrides or {}).items():
            given = BY_NAME.get(name)
            if given is None:
                raise UnknownNameError("setting", name, BY_NAME)
            if value is None:
                continue
            try:
                values[name] = given.coerce(value) if given.coerce else value
            except ValueError as exc:
                raise GrafError(f"setting {name}: {exc}") from None
        for name, value in values.items():
            problem = BY_NAME[name].problem(value)
            if problem:
                raise GrafError(problem)
        return cls(**values)

    def with_(self, **changes: Any) -> Settings:
        """A copy with some settings changed."""
        return replace(self, **changes)

    @property
    def public_base(self) -> str:
        """The server's address as clients reach it: ``public_url``, else ``http://HOST:PORT/``."""
        if self.public_url:
            return self.public_url
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def public_sparql_url(self) -> str:
        """The public address of the SPARQL endpoint (``/sparql`` under :attr:`public_base`): the
        base IRI of queries and updates sent over HTTP, and the service description's endpoint."""
        return self.public_base + "sparql"


#: the settings table, one row per field of :class:`Settings`, in order
SETTINGS: tuple[Setting, ...] = tuple(Setting(f.name, f.default, **f.metadata) for f in fields(Settings))
#: the rows of :data:`SETTINGS` by name
BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def markdown_table() -> str:
    """The settings table as the README shows it (Markdown): setting, default, env var, meaning."""
    lines = ["| setting | default | env var | meaning |", "| --- | --- | --- | --- |"]
    for row in SETTINGS:
        default = "(none)" if row.default in (None, ()) else f"`{row.default}`"
        lines.append(f"| `{row.name}` | {default} | `{row.env}` | {row.help} |")
    return "\n".join(lines) + "\n"
