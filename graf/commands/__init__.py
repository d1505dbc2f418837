"""graf's subcommands, one module each; :func:`graf.cli.command_modules` finds them.

To add a command, add a module here (a name not starting with ``_``) defining::

    NAME = "validate"                      # the command name
    HELP = "one line for `graf --help`"

    def add_arguments(parser: argparse.ArgumentParser) -> None: ...
    def run(ctx: graf.cli.Context) -> int: ...   # exit code; raise GrafError for input errors

Keep module-level imports light (argparse, typing); import heavy modules inside ``run``.
``ctx.settings`` already holds ``--data``/``--store``; ``ctx.open_store()`` opens the dataset.
"""

#: exit codes of every command: conforms / done, rule violations found, bad input or usage
EXIT_OK, EXIT_VIOLATIONS, EXIT_USAGE = 0, 1, 2

