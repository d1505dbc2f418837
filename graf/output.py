"""Writing output files safely: to a temporary file beside the target, then renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from graf.errors import GrafError


def write_atomically(path: Path, data: bytes | Iterable[str]) -> None:
    """Write to a temporary file next to ``path``, then rename: never a half-written file.

    ``data`` is bytes, or text in pieces (written as UTF-8 as they come, without joining them first).
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
            if isinstance(data, bytes):
                handle.write(data)
            else:
                chunk: list[str] = []
                for piece in data:
                    chunk.append(piece)
                    if len(chunk) >= 20000:
                        handle.write("".join(chunk).encode("utf-8"))
                        chunk.clear()
                handle.write("".join(chunk).encode("utf-8"))
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
