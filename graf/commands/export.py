"""Write the dataset (or one named graph) in an RDF format, to stdout or atomically to a file.

examples:
  graf export --format trig -o dataset.trig
  graf export --format turtle --graph https://w3id.org/graf/graph/ontology
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any

from graf.errors import GrafError

NAME = "export"
HELP = "write the dataset or one graph as turtle, trig, nt, nq, jsonld or rdfxml"
FORMATS = ["trig", "nq", "turtle", "nt", "jsonld", "rdfxml"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="trig",
                        help="trig, nq and jsonld keep named graphs; the others get the union of all "
                             "graphs unless --graph is given (default: trig)")
    parser.add_argument("--graph", metavar="IRI", help="export only this named graph")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout")


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file next to ``path``, then rename: never a half-written file.

    The file gets the permissions a new file gets under the umask (0644 under umask 022), or those
    of the file it replaces; an error names ``path`` and the cause."""
    folder = path.resolve().parent
    if not folder.is_dir():
        raise GrafError(f"cannot write {path}: folder {folder} does not exist")
    if path.is_dir():
        raise GrafError(f"cannot write {path}: it is a folder; give a file name, e.g. {path / 'dataset.trig'}")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise GrafError(f"cannot write {path}: {exc.strerror or exc} (a new file in {folder}); "
                        "choose a folder you can write") from None
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise GrafError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The permissions of the file ``path`` replaces, or of a new file under the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def run(ctx: Any) -> int:
    args = ctx.args
    store = ctx.open_store()
    try:
        data = store.export(args.format, args.graph)
    finally:
        store.close()
    if args.output:
        write_atomically(Path(args.output), data)
        print(f"wrote {len(data):,} bytes to {args.output}", file=ctx.stderr)
    else:
        ctx.write_bytes(data)
    return 0
