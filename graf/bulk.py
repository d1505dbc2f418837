"""Bulk loading of large files into a new on-disk store, with a progress bar.

pyoxigraph's ``Store.bulk_load`` is the fastest way in (it writes sorted files straight to disk,
and renames blank nodes per call like ``parse_file``), but it is not a transaction. So graf
bulk-loads into a staging folder beside the target and renames it into place only when every
file has loaded: a failure leaves no store behind (all-or-nothing, like ``EmbeddedStore.load``),
and reopening the finished store later takes milliseconds.

Progress is measured in bytes read: the files are handed to pyoxigraph through a reader that
counts what it reads (one Python call per buffer, not per triple).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, TextIO, cast

import pyoxigraph as ox

from graf.errors import LoadError, StoreError, UnsupportedFormatError
from graf.store import LOAD_FORMATS, MARKER, STORE_VERSION, LoadReport, base_iri, syntax_error_in, with_empty_files


class Progress:
    """A one-line progress bar on ``stream``, redrawn on a terminal; elsewhere (a log, a pipe) only
    the final line is written, by :meth:`finish`."""

    def __init__(self, total_bytes: int, stream: TextIO | None = None, label: str = "loading"):
        self.total = max(1, total_bytes)
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.label = label
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = time.perf_counter()
        self._last = 0.0

    def advance(self, nbytes: int) -> None:
        self.done += nbytes
        now = time.perf_counter()
        if self.tty and now - self._last >= 0.2:
            self._last = now
            self.stream.write("\r" + self.line())
            self.stream.flush()

    def line(self) -> str:
        share = min(1.0, self.done / self.total)
        bar = "#" * int(share * 30)
        elapsed = time.perf_counter() - self.started
        return (f"{self.label} [{bar:<30}] {share:4.0%}  {self.done / 1e6:,.1f}/{self.total / 1e6:,.1f} MB  "
                f"{elapsed:.1f} s")

    def finish(self, message: str = "") -> None:
        self.stream.write(("\r" if self.tty else "") + self.line() + "\n")
        if message:
            self.stream.write(message + "\n")
        self.stream.flush()


class _CountingReader(io.RawIOBase):
    """A binary file that reports every read to ``advance``."""

    def __init__(self, raw: io.BufferedReader, advance: Callable[[int], None]):
        self._raw = raw
        self._advance = advance

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = self._raw.readinto(buffer)
        if n:
            self._advance(n)
        return n or 0

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        if data:
            self._advance(len(data))
        return data


def can_bulk_load(folder: Path | None) -> bool:
    """True if ``folder`` is a new store: it does not exist yet or is an empty folder."""
    return folder is not None and (not folder.exists() or (folder.is_dir() and not any(folder.iterdir())))


def bulk_load_new_store(folder: Path, files: Iterable[Path], *, graph: str | None = None,
                        ontology: Iterable[Path] = (), ontology_graph: str | None = None,
                        progress: Progress | None = None) -> LoadReport:
    """Build a new store at ``folder`` from ``ontology`` (into ``ontology_graph``) and ``files``.

    All-or-nothing: built in a staging folder, renamed into place at the end.
    """
    if not can_bulk_load(folder):
        raise StoreError(f"{folder} is not a new store folder; bulk loading needs a new or empty folder")
    files, onto = list(files), list(ontology)
    for path in files + onto:
        if path.suffix.lower() not in LOAD_FORMATS:
            raise UnsupportedFormatError(f"{path} ({path.suffix or 'no extension'})", LOAD_FORMATS)
    started = time.perf_counter()
    folder = folder.absolute()
    staging = folder.parent / f".{folder.name}.loading-{os.getpid()}"
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        store: ox.Store | None
        store = ox.Store(str(staging))
    except OSError as exc:
        raise StoreError(f"cannot create the store at {folder}: {exc}") from None
    try:
        for path in onto:
            _bulk_load_file(store, path, ontology_graph, progress)
        before = len(store) if onto else 0
        for path in files:
            _bulk_load_file(store, path, graph, progress)
        statements = len(store) - before
        store.flush()
        store = None  # closes it: RocksDB lets go of the folder
        (staging / MARKER).write_text(json.dumps({"graf_store_version": STORE_VERSION}) + "\n", encoding="utf-8")
        if folder.exists():
            folder.rmdir()  # empty (checked above)
        staging.rename(folder)
    except BaseException as exc:
        # Close the store before removing its folder: an open RocksDB writes files (its log, a
        # flush) into a folder being removed, which then stays behind. The traceback's frames
        # hold the store too.
        store = None
        traceback.clear_frames(exc.__traceback__)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return with_empty_files(LoadReport(tuple(str(f) for f in files), statements, time.perf_counter() - started),
                            files)


def _bulk_load_file(store: ox.Store, path: Path, graph: str | None, progress: Progress | None) -> None:
    fmt = LOAD_FORMATS[path.suffix.lower()]
    target = ox.NamedNode(graph) if graph else None
    try:
        with path.open("rb") as raw:
            # a binary file for pyoxigraph (io.RawIOBase, which typing does not count as an IO[bytes])
            reader = cast(IO[bytes], _CountingReader(raw, progress.advance)) if progress else raw
            store.bulk_load(reader, format=fmt, base_iri=base_iri(path), to_graph=target)
    except SyntaxError as exc:
        raise syntax_error_in(path, exc) from None
    except FileNotFoundError:
        raise LoadError(path, "no such file") from None
    except (OSError, ValueError) as exc:
        raise LoadError(path, str(exc)) from None
