"""Checking a model someone hands in (a workbook, a ZIP of CSV files or a TriG file) without keeping it.

:func:`check_model` builds the model in a throwaway in-memory store with the ontology, validates
every scenario and returns the report, the scenarios and the model as TriG; :func:`model_store` loads
such a model again (``visualisations.maps.render_model_map`` draws it). ``graf serve`` runs both in a
killable process (:func:`graf.sandbox.run_limited`); neither touches any other store.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox

from graf import iris
from graf.errors import GrafError
from graf.report import validate
from graf.sparql import PREFIXES
from graf.store import EmbeddedStore
from graf.workbook import import_bytes

#: what an upload may be, by its file name's ending
UPLOAD_KINDS = {".xlsx": "workbook", ".xlsm": "workbook", ".zip": "csv-zip", ".trig": "trig", ".nq": "nquads"}


@dataclass
class CheckResult:
    """What a check found: the validation report, the scenarios, the model as TriG, sizes."""

    name: str
    kind: str
    report: Any
    scenarios: list[dict[str, str]]
    trig: bytes
    triples: int
    counts: dict[str, int] = field(default_factory=dict)


def upload_kind(name: str) -> str:
    """``workbook``, ``csv-zip``, ``trig`` or ``nquads`` for a file name; GrafError for anything else."""
    kind = UPLOAD_KINDS.get(Path(name).suffix.lower())
    if kind is None:
        raise GrafError(f"{name!r}: upload a workbook (.xlsx), a ZIP of CSV files (.zip) or a TriG file (.trig)")
    return kind


def model_store(data: bytes, name: str, base: str | None = None) -> tuple[Any, bytes, dict[str, int]]:
    """A fresh in-memory store with the ontology and the model; the model as TriG; row counts."""
    kind = upload_kind(name)
    counts: dict[str, int] = {}
    if kind in ("workbook", "csv-zip"):
        imported = import_bytes(data, name, base)
        rdf, suffix, counts = imported.nquads().encode("utf-8"), ".nq", imported.counts
    else:
        rdf, suffix = data, ".trig" if kind == "trig" else ".nq"
    store = EmbeddedStore(workers=1)
    try:
        store.load_ontology()
        with tempfile.TemporaryDirectory(prefix="graf-check-") as folder:
            path = Path(folder) / (Path(name).stem + suffix)
            path.write_bytes(rdf)
            try:
                store.load([path])
            except GrafError as exc:  # name the upload, not the temporary file
                raise GrafError(str(exc).replace(str(path), name)) from None
        trig = _without_ontology(store)
    except BaseException:
        store.close()
        raise
    return store, trig, counts


def _without_ontology(store: Any) -> bytes:
    quads = [q for q in ox.parse(store.export("nq"), format=ox.RdfFormat.N_QUADS)
             if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == iris.ONTOLOGY_GRAPH)]
    return cast(bytes, ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=dict(PREFIXES)))


def check_model(data: bytes, name: str, base: str | None = None) -> CheckResult:
    """Import (or parse) the upload, validate every scenario; the store is thrown away afterwards."""
    # here, not at the top: loads rdflib (start-up)
    from graf.scenarios import list_scenarios, require_graphs

    store, trig, counts = model_store(data, name, base)
    try:
        scenarios = list_scenarios(store)
        require_graphs(store, scenarios)
        report = validate(store)
        triples = sum(g.triples for g in store.graphs() if g.name and not g.name.endswith("/graph/ontology"))
        listed = [{"name": s.name, "da": s.label("da"), "en": s.label("en"),
                   "preceded_by": s.preceded_by or ""} for s in scenarios]
        return CheckResult(name, upload_kind(name), report, listed, trig, triples, counts)
    finally:
        store.close()


def model_nquads(trig: bytes) -> bytes:
    """The TriG of a checked model as N-Quads (what a store loads)."""
    return cast(bytes, ox.serialize(ox.parse(trig, format=ox.RdfFormat.TRIG), format=ox.RdfFormat.N_QUADS))


# warm the fork server's copy: the modules a check needs, imported once (graf.sandbox preloads this module)
def _preload() -> None:
    import graf.network  # noqa: F401
    import graf.workbook.importer  # noqa: F401


_preload()
