"""Every graf setting in one table: name (units in the name), default, env var, help.

``Settings.from_env()`` reads ``GRAF_<NAME>`` environment variables, then applies explicit
overrides (CLI options, test arguments). The README documents every row of :data:`SETTINGS`
(asserted by ``tests/test_settings.py``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any


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
    from urllib.parse import urlsplit

    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(f"expected an absolute http(s) URL without query or fragment, got {text!r}")
    return text if text.endswith("/") else text + "/"


@dataclass(frozen=True)
class Setting:
    """One row of the settings table."""

    name: str
    default: Any
    parse: Callable[[str], Any]
    help: str

    @property
    def env(self) -> str:
        return "GRAF_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1", str, "address the HTTP server binds to"),
    Setting("port", 8000, int, "TCP port of the HTTP server"),
    Setting("data", (), _paths, "data files or folders to load into an empty store "
            "(default: the bundled data/copenhagen-2010); env: separated by the OS path separator"),
    Setting("base_iri", None, _optional_str, "base IRI of the ids of a spreadsheet model given with --data "
            "(an absolute IRI ending in / or #; default: the workbook's own, else "
            "https://w3id.org/graf/id/<file name>/)"),
    Setting("store_dir", None, _optional_path, "folder of an on-disk store (created if missing, "
            "reopened without reloading); unset: in memory"),
    Setting("sparql_endpoint", None, _optional_str, "URL of an external SPARQL 1.1 query endpoint "
            "to use instead of the embedded store"),
    Setting("update_endpoint", None, _optional_str, "URL of the external SPARQL 1.1 update endpoint"),
    Setting("update_auth", None, _optional_str, "USER:PASSWORD for the external update endpoint (HTTP Basic or "
            "Digest, whichever the server asks for); credentials in an endpoint URL work too"),
    Setting("query_time_limit_s", 5.0, float, "wall-clock seconds after which a query is stopped"),
    Setting("max_rows", 10000, int, "largest number of result rows (or triples) returned; "
            "more are cut and the result is flagged truncated"),
    Setting("update_token", None, _optional_str, "bearer token that enables SPARQL updates over HTTP; "
            "unset: updates are refused"),
    Setting("cors_origins", (), _strings, "origins allowed by CORS, comma-separated; empty: none"),
    Setting("max_request_bytes", 1_000_000, int, "largest accepted HTTP request body, in bytes"),
    Setting("allow_service", False, _bool, "allow SPARQL SERVICE (federated queries leave the machine)"),
    Setting("check_time_limit_s", 60.0, float, "wall-clock seconds a model uploaded to 'Check your own model' may "
            "take to import, validate or draw (a killed process)"),
    Setting("workers", 4, int, "most query worker processes of the embedded store (1-64; started on "
            "demand, each about 30 MB; with 2 or more, one is kept for short queries; with 1, a query waits "
            "while another runs)"),
    Setting("short_query_s", 0.5, float, "seconds a query may run on the worker kept for short queries "
            "while the other workers are busy; a longer one there, or one known to run long, gets 503 "
            "with Retry-After"),
    Setting("max_query_depth", 250, int, "deepest nesting of brackets ({ ( [ <<) in a query or update; deeper "
            "ones are refused before parsing (pyoxigraph's parser crashes at about 1,000-5,000)"),
    Setting("public_url", None, _url, "the server's address as clients reach it (e.g. https://graf.example.org/); "
            "the SPARQL endpoint is PUBLIC_URL/sparql, the base IRI of queries and the service description's "
            "endpoint; unset: http://HOST:PORT/"),
    Setting("allowed_hosts", (), _strings, "host names the HTTP server answers to besides localhost, 127.0.0.1, "
            "::1, the bind address and public_url's host, comma-separated; other Host headers get 400"),
    Setting("max_witness_nodes", 200, int, "longest witness (path) a validation finding keeps; a longer one is "
            "cut, and the finding says so"),
    Setting("guard", False, _bool, "check every SPARQL update against the structural rules before it is written: "
            "one that would add a violation to a scenario is refused (HTTP 409)"),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """The effective settings; build with :meth:`from_env`."""

    host: str = "127.0.0.1"
    port: int = 8000
    data: tuple[Path, ...] = field(default_factory=tuple)
    base_iri: str | None = None
    store_dir: Path | None = None
    sparql_endpoint: str | None = None
    update_endpoint: str | None = None
    update_auth: str | None = field(default=None, repr=False)  # a password: kept out of repr and logs
    query_time_limit_s: float = 5.0
    max_rows: int = 10000
    update_token: str | None = None
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    max_request_bytes: int = 1_000_000
    allow_service: bool = False
    check_time_limit_s: float = 60.0
    workers: int = 4
    short_query_s: float = 0.5
    max_query_depth: int = 250
    public_url: str | None = None
    allowed_hosts: tuple[str, ...] = field(default_factory=tuple)
    max_witness_nodes: int = 200
    guard: bool = False

    @classmethod
    def from_env(
        cls, overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
    ) -> Settings:
        """Defaults, then ``GRAF_*`` variables, then ``overrides`` (``None`` values are ignored)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            if setting.env in environ:
                try:
                    values[setting.name] = setting.parse(environ[setting.env])
                except ValueError as exc:
                    from graf.errors import GrafError

                    raise GrafError(f"bad value for {setting.env}: {exc}") from exc
        for name, value in (overrides or {}).items():
            if name not in _BY_NAME:
                from graf.errors import UnknownNameError

                raise UnknownNameError("setting", name, _BY_NAME)
            if value is not None:
                values[name] = value
        if "data" in values:
            values["data"] = tuple(Path(p) for p in values["data"])
        if values.get("store_dir") is not None:
            values["store_dir"] = Path(values["store_dir"])
        if values.get("public_url") is not None:
            try:
                values["public_url"] = _url(values["public_url"])
            except ValueError as exc:
                from graf.errors import GrafError

                raise GrafError(f"setting public_url: {exc}") from None
        if "allowed_hosts" in values:
            values["allowed_hosts"] = tuple(values["allowed_hosts"])
        _check_limits(values)
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


assert [f.name for f in fields(Settings)] == [s.name for s in SETTINGS], "Settings and SETTINGS disagree"
assert all(getattr(Settings(), s.name) == s.default for s in SETTINGS), "defaults disagree"


def _check_limits(values: Mapping[str, Any]) -> None:
    """Refuse limits that cannot work (a time limit of 0 s, a row cap below 1, ...)."""
    from graf.errors import GrafError

    for name, low, strict in (("query_time_limit_s", 0, True), ("short_query_s", 0, True),
                              ("check_time_limit_s", 0, True), ("max_rows", 1, False),
                              ("max_request_bytes", 1, False), ("port", 0, False), ("workers", 1, False),
                              ("max_query_depth", 1, False), ("max_witness_nodes", 2, False)):
        if name not in values:
            continue
        value = values[name]
        if strict and not value > low or not strict and not value >= low:
            bound = f"greater than {low}" if strict else f"at least {low}"
            raise GrafError(f"setting {name} must be {bound} (got {value}); see the settings table in README.md")
    if values.get("base_iri"):
        from graf.workbook.importer import check_base

        problem = check_base(values["base_iri"], "base_iri (--base)")
        if problem:
            raise GrafError(problem)
    if values.get("workers", 1) > MAX_WORKERS:
        raise GrafError(f"setting workers must be at most {MAX_WORKERS} (got {values['workers']}); each worker is "
                        "a process; see the settings table in README.md")


#: most query worker processes one store may run (setting ``workers``)
MAX_WORKERS = 64
