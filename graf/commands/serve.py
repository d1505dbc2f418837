"""Serve graf over HTTP: the SPARQL 1.1 endpoint (/sparql), the REST API (/docs) and the pages (/).

examples:
  graf serve                               # http://127.0.0.1:8000/
  graf serve --port 8080 --time-limit 10
  graf serve --update-token "$TOKEN"       # allow SPARQL updates with Authorization: Bearer $TOKEN
  graf serve --update-token "$TOKEN" --guard   # ... and refuse (409) one that would add a rule violation
  graf serve --workers 2                   # at most 2 query worker processes (default 4)
  graf serve --host 0.0.0.0 --public-url https://graf.example.org/   # behind a proxy, under that name

The dataset is loaded once at start (or an on-disk --store reopened). Settings also come from
GRAF_* environment variables (see the README's settings table).
"""

from __future__ import annotations

import argparse
import socket
from typing import Any

from graf.errors import GrafError
from graf.settings import MAX_WORKERS, Settings

NAME = "serve"
HELP = "run the HTTP server: SPARQL endpoint, REST API and pages"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="address to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, help="TCP port (default 8000)")
    parser.add_argument("--update-token", metavar="T",
                        help="allow SPARQL updates from clients sending Authorization: Bearer T")
    parser.add_argument("--guard", action="store_true", default=None,
                        help="check every update against the structural rules first; refuse (409) one that would "
                             "add a violation to any scenario (setting guard)")
    parser.add_argument("--time-limit", type=float, metavar="S", help="stop a query after S seconds (default 5)")
    parser.add_argument("--max-rows", type=int, metavar="N", help="return at most N rows per query")
    parser.add_argument("--workers", type=int, metavar="N",
                        help="run at most N query worker processes (default 4; setting workers)")
    parser.add_argument("--cors-origin", action="append", metavar="O",
                        help="allow browser pages from origin O (repeatable; default: none)")
    parser.add_argument("--public-url", metavar="URL",
                        help="the address clients use (e.g. https://graf.example.org/): base IRI of queries and "
                             "the service description; its host is allowed (setting public_url)")
    parser.add_argument("--allowed-host", action="append", metavar="NAME",
                        help="also answer requests for host NAME (repeatable; localhost, 127.0.0.1, ::1 and the "
                             "bind address always; setting allowed_hosts)")
    parser.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"],
                        help="uvicorn log level")


def settings_for(ctx: Any) -> Any:
    settings = ctx.settings.with_(**_changes(ctx.args))
    _check(settings)
    return settings


#: options copied to the setting of that name when given (a value, or a list given as a tuple)
_GIVEN = (("host", "host"), ("port", "port"), ("update_token", "update_token"))
_REPEATED = (("cors_origin", "cors_origins"), ("allowed_host", "allowed_hosts"))


def _changes(args: Any) -> dict[str, Any]:
    """The settings the command line changes (--workers checked here: the setting has no bound of its own)."""
    changes: dict[str, Any] = {setting: getattr(args, option) for option, setting in _GIVEN
                               if getattr(args, option) is not None}
    if args.guard:
        changes["guard"] = True
    changes.update({setting: tuple(getattr(args, option)) for option, setting in _REPEATED if getattr(args, option)})
    if args.public_url is not None:
        changes["public_url"] = Settings.from_env({"public_url": args.public_url}, environ={}).public_url
    if args.workers is not None:
        if not 1 <= args.workers <= MAX_WORKERS:
            raise GrafError(f"--workers {args.workers}: give 1 to {MAX_WORKERS} query worker processes")
        changes["workers"] = args.workers
    return changes


def _check(settings: Any) -> None:
    """GrafError for settings the server cannot run with (port, limits, --guard without a token or on a
    remote store)."""
    if not 0 <= settings.port <= 65535:
        raise GrafError(f"--port {settings.port} is not a TCP port (0-65535)")
    if settings.query_time_limit_s <= 0:
        raise GrafError("--time-limit must be more than 0 seconds")
    if settings.max_rows < 1:
        raise GrafError("--max-rows must be at least 1")
    if settings.guard and not settings.update_token:
        raise GrafError("--guard checks updates, and updates need --update-token (setting update_token)")
    if settings.guard and settings.sparql_endpoint:
        raise GrafError("--guard works on graf's own store (in memory or --store DIR), not on an external SPARQL "
                        "server")


def _check_port(host: str, port: int) -> None:
    """Fail early, with one line, when the address cannot be bound (uvicorn would exit with a log)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise GrafError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port "
                            "or stop the program using it") from None


def run(ctx: Any) -> int:
    # here, not at the top: loads fastapi, pydantic, starlette, uvicorn (start-up)
    import uvicorn

    from api.app import create_app

    settings = settings_for(ctx)
    _check_port(settings.host, settings.port)
    # The store is opened here, before the server starts, so that a data error is one line and exit
    # code 2 (in the lifespan it would end as a uvicorn traceback); the app's lifespan then keeps it
    # on app.state. create_app(settings) without a store opens it in its lifespan instead.
    ctx.settings = settings  # the store reads its settings too (workers)
    store = ctx.open_store()
    store.prefork()  # in memory: fork the query workers' zygote now, before uvicorn starts threads
    try:
        app = create_app(settings, store=store)
        # uvicorn formats each request's access-log line before the logger drops it: ask for none when
        # the level would drop them (about 40 us a request)
        config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level=ctx.args.log_level,
                                access_log=ctx.args.log_level in ("info", "debug"),
                                lifespan="on", timeout_graceful_shutdown=5)
        server = uvicorn.Server(config)
        print(f"graf serve: http://{settings.host}:{settings.port}/ (SPARQL at /sparql, API docs at /docs)",
              file=ctx.stdout, flush=True)
        try:
            server.run()
        except SystemExit as exc:  # uvicorn exits when it cannot start
            raise GrafError(f"the server could not start (exit {exc.code}); see the log above") from None
    finally:
        store.close()
    return 0 if server.started else 2
