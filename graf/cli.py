"""The ``graf`` command: parse arguments, call the library, print. Nothing else lives here.

Subcommands are modules in :mod:`graf.commands`, found automatically: adding a command means
adding one module there with ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(ctx) -> int`` (see ``graf/commands/__init__.py``). Exit codes: 0 ok, 1 rule violations,
2 usage or input error. A :class:`~graf.errors.GrafError` prints one line (a traceback only with
``--debug``).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import platform
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, BinaryIO, TextIO

import graf.commands as package
from graf.commands import EXIT_OK, EXIT_USAGE
from graf.errors import GrafError
from graf.settings import Settings
from graf.store import open_store


def _common_options() -> argparse.ArgumentParser:
    """Options every command accepts (before or after the command name)."""
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("global options")
    group.add_argument("--data", action="append", metavar="PATH", default=argparse.SUPPRESS,
                       help="data file or folder to load into an empty store (repeatable; "
                            "default: the bundled data/copenhagen-2010)")
    group.add_argument("--base", metavar="IRI", default=argparse.SUPPRESS,
                       help="base IRI of the ids of a spreadsheet model given with --data (default: the "
                            "workbook's own, else https://w3id.org/graf/id/<file name>/)")
    group.add_argument("--store", metavar="DIR", default=argparse.SUPPRESS,
                       help="on-disk store folder (created if missing, reopened without reloading)")
    group.add_argument("--sparql-endpoint", metavar="URL", default=argparse.SUPPRESS,
                       help="use an external SPARQL 1.1 server's query endpoint instead of the embedded store")
    group.add_argument("--update-endpoint", metavar="URL", default=argparse.SUPPRESS,
                       help="the external server's update endpoint (needed to load data into it)")
    group.add_argument("--update-auth", metavar="USER:PASSWORD", default=argparse.SUPPRESS,
                       help="credentials for the update endpoint (Basic or Digest, as the server asks; "
                            "env GRAF_UPDATE_AUTH keeps them out of the process list)")
    group.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                       help="show the traceback of errors")
    return common


def command_modules() -> list[ModuleType]:
    """The subcommand modules of :mod:`graf.commands`, sorted by command name."""
    modules = [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
        if not info.name.startswith("_")
    ]
    return sorted(modules, key=lambda m: m.NAME)


def build_parser() -> argparse.ArgumentParser:
    common = _common_options()
    parser = argparse.ArgumentParser(
        prog="graf", parents=[common],
        description="graf: a knowledge graph of public-sector actors (query, export, load ...)",
    )
    parser.add_argument("--version", action="version", version=version_text())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in command_modules():
        doc = (module.__doc__ or module.HELP).strip()
        command = sub.add_parser(module.NAME, help=module.HELP, description=doc, parents=[common],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def version_text() -> str:
    """``graf X.Y.Z (Python ..., pyoxigraph ...)``: graf's version as installed."""
    from importlib.metadata import PackageNotFoundError, version  # here: only --version needs it (start-up)

    def of(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    return f"graf {of('graf')} (Python {platform.python_version()}, pyoxigraph {of('pyoxigraph')})"


def _show_warnings(command: str, stream: TextIO) -> None:
    """Print the library's warnings (logger ``graf``, e.g. an empty data file) as one line each."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(f"graf {command}: warning: %(message)s"))
    logger = logging.getLogger("graf")
    logger.handlers = [handler]
    logger.setLevel(logging.WARNING)
    logger.propagate = False


@dataclass
class Context:
    """What a command's ``run`` gets: parsed arguments, settings, output streams."""

    args: argparse.Namespace
    settings: Settings
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)

    def open_store(self, *, load_data: bool = True) -> Any:
        return open_store(self.settings, load_data=load_data)

    def write_bytes(self, data: bytes) -> None:
        """Write bytes to stdout (through its binary buffer when there is one)."""
        self.stdout.flush()
        buffer: BinaryIO | None = getattr(self.stdout, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:
            self.stdout.write(data.decode("utf-8"))


def settings_from_args(args: argparse.Namespace) -> Settings:
    overrides = {
        "data": getattr(args, "data", None),
        "base_iri": getattr(args, "base", None),
        "store_dir": getattr(args, "store", None),
        "sparql_endpoint": getattr(args, "sparql_endpoint", None),
        "update_endpoint": getattr(args, "update_endpoint", None),
        "update_auth": getattr(args, "update_auth", None),
        "query_time_limit_s": getattr(args, "time_limit", None),
        "max_rows": getattr(args, "max_rows", None),
    }
    return Settings.from_env(overrides)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``graf`` with ``argv``; return the exit code."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed usage and the message
        return int(exc.code or 0)
    debug = getattr(args, "debug", False)
    _show_warnings(args.command, sys.stderr)
    try:
        return int(args._run(Context(args, settings_from_args(args))))
    except GrafError as exc:
        if debug:
            raise
        print(f"graf {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        if debug:
            raise
        print(f"graf {args.command}: internal error: {type(exc).__name__}: {exc} "
              "(rerun with --debug for the traceback, and report it)", file=sys.stderr)
        return EXIT_USAGE
