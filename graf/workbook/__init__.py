"""Planners' own models as spreadsheets: the template, the import, the export.

* :func:`template` writes an empty model (an .xlsx workbook, or a folder of CSV files);
* :func:`import_path` / :func:`import_bytes` read a workbook, a CSV folder or a ZIP of CSV files and
  build the model in graf's ontology through :mod:`graf.builder` (every fact reified and cited), or
  raise :class:`~graf.workbook.problems.ModelError` with every problem and its place;
* :func:`graf.workbook.export.export_workbook` writes any loaded model back as such a workbook.

Why plain Python records and not a mapping language (RML with morph-kgc): every fact a row states
is reified and cited (an ``rdf:Statement`` pointing to a ``graf:Citation``), statement IRIs are a hash
of the quad, a citation may be given on the row or by key, and the same builder writes the shipped
data. In RML each of these would be a separate triples map per column (plus a function for the
hash), repeating for every sheet what the builder already knows once; and the errors a planner
needs (sheet, row, column, did-you-mean) are not what a mapping engine reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from graf.errors import GrafError
from graf.output import write_atomically
from graf.workbook.problems import ModelError, Problem, Problems

if TYPE_CHECKING:  # the reader and the import load openpyxl and graf.namespaces (rdflib): only when used
    from graf.workbook.importer import Imported

#: file name endings graf reads as a planner's model (besides a folder of CSV files)
MODEL_SUFFIXES = (".xlsx", ".xlsm", ".zip")


def is_model_path(path: str | Path) -> bool:
    """Whether ``path`` is a workbook, a ZIP of CSV files or a folder of CSV files named like the sheets."""
    p = Path(path)
    if p.is_dir():
        csvs = [f for f in p.iterdir() if f.suffix.lower() == ".csv"]
        if not csvs:
            return False
        # here, not at the top: loads rdflib (start-up)
        from graf.workbook.schema import find_sheet

        return any(find_sheet(f.stem) is not None for f in csvs)
    return p.suffix.lower() in MODEL_SUFFIXES


def import_path(path: str | Path, base: str | None = None) -> Imported:
    """Import the model at ``path`` (workbook, CSV folder or ZIP); ModelError with every problem otherwise."""
    # here, not at the top: loads rdflib (start-up)
    from graf.workbook.files import read_model
    from graf.workbook.importer import import_model

    problems = Problems(str(path))
    raw = read_model(path, problems)
    problems.raise_if_any()
    assert raw is not None
    return import_model(raw, base)


def import_bytes(data: bytes, name: str, base: str | None = None) -> Imported:
    """Import a model from the bytes of a file called ``name`` (an upload)."""
    # here, not at the top: loads rdflib (start-up)
    from graf.workbook.files import read_model
    from graf.workbook.importer import import_model

    problems = Problems(name)
    raw = read_model(name, problems, data=data, name=name)
    problems.raise_if_any()
    assert raw is not None
    return import_model(raw, base)


def template(path: str | Path, lang: str = "da", fmt: str = "xlsx", base: str | None = None) -> Path:
    """Write an empty model to ``path``: an .xlsx workbook or (``fmt="csv"``) a folder of CSV files."""
    # here, not at the top: loads rdflib (start-up)
    from graf.workbook.importer import check_base, default_base
    from graf.workbook.writer import csv_files, workbook_bytes, write_files

    p = Path(path)
    if base is not None and check_base(base):
        raise GrafError(str(check_base(base, "--base")))
    chosen = base or default_base(p.stem if fmt == "xlsx" else p.name)
    model = {"base": chosen, "reasoning_lang": lang, "sources_required": (
        "ja" if lang == "da" else "yes")}
    if fmt == "csv":
        write_files(p, csv_files(lang, model=model))
    else:
        write_atomically(p, workbook_bytes(lang, model=model))
    return p


__all__ = ["MODEL_SUFFIXES", "Imported", "ModelError", "Problem", "import_bytes", "import_path", "is_model_path",
           "template"]
