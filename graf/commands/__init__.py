"""graf's subcommands, one module each; :func:`graf.cli.command_modules` finds them.

To add a command, add a module here (a name not starting with ``_``) defining::

    NAME = "validate"                      # the command name
    HELP = "one line for `graf --help`"

    def add_arguments(parser: argparse.ArgumentParser) -> None: ...
    def run(ctx: graf.cli.Context) -> int: ...   # exit code; raise GrafError for input errors

Keep module-level imports light (argparse, typing); import heavy modules inside ``run``.
``ctx.settings`` already holds ``--data``/``--store``; ``ctx.open_store()`` opens the dataset.
The options several commands share (``--lang``, ``--scenario``) and the exit codes are defined below.
"""

from __future__ import annotations

import argparse

from graf.errors import GrafError

#: exit codes of every command: conforms / done, rule violations found, bad input or usage
EXIT_OK, EXIT_VIOLATIONS, EXIT_USAGE = 0, 1, 2

#: the label languages (``--lang``); Danish first, the default
LANGS = ("da", "en")


def add_lang(parser: argparse.ArgumentParser, help: str) -> None:
    """``--lang da|en`` (default ``da``); ``help`` says what the language is used for."""
    parser.add_argument("--lang", choices=LANGS, default="da", help=help)


def add_chosen_scenario(parser: argparse.ArgumentParser) -> None:
    """``--scenario NAME`` as :func:`graf.scenarios.choose_scenario` reads it."""
    parser.add_argument("--scenario", metavar="NAME",
                        help="scenario name (default: adjusted, else the first); 'all': the whole data set")


def at_least_one(option: str, value: int) -> None:
    """Refuse a count option below 1 (``--top 0``) with an error naming it.

    Raises
    ------
    GrafError
        ``value`` is below 1.
    """
    if value < 1:
        raise GrafError(f"{option} must be at least 1, not {value}")
