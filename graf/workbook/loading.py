"""Spreadsheet models wherever graf loads data: ``--data model.xlsx``, ``graf load model.xlsx``.

:func:`rdf_paths` turns the workbooks, CSV folders and CSV ZIPs among the paths into N-Quads files
in a temporary folder (every model is imported, and every problem raised, before anything is
loaded), so the store's own all-or-nothing loading takes them like any RDF file. A data folder is
searched for workbooks (``*.xlsx``) beside its RDF files.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from graf.output import write_atomically
from graf.workbook import MODEL_SUFFIXES, import_path, is_model_path


def model_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """(RDF paths, model paths) of ``paths``: workbooks inside data folders count as models too."""
    rdf: list[Path] = []
    models: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.suffix.lower() in MODEL_SUFFIXES or p.is_dir() and is_model_path(p):
            models.append(p)
            continue
        rdf.append(p)
        if p.is_dir():
            models += sorted(x for x in p.rglob("*.xlsx") if not x.name.startswith(("~$", ".")))
    return rdf, models


@contextmanager
def rdf_paths(paths: Iterable[str | Path], base: str | None = None) -> Iterator[list[Path]]:
    """The paths to load, with each spreadsheet model replaced by an N-Quads file of its import."""
    rdf, models = model_paths(paths)
    if not models:
        yield rdf
        return

    with tempfile.TemporaryDirectory(prefix="graf-models-") as folder:
        out = list(rdf)
        for n, model in enumerate(models):  # every model is imported (or refused) before anything is loaded
            result = import_path(model, base)
            target = Path(folder) / f"{n:03d}-{model.stem or 'model'}.nq"
            write_atomically(target, result.nquad_lines())
            del result  # its quads are in the file now: give the memory to the load
            out.append(target)
        yield out
