"""The W3C SHACL test suite (SHACL Core and SHACL-SPARQL), run on both of graf's SHACL engines.

Each approved test loads its data graph into a graf store (as ``graf --data``), validates it with its
shapes graph (as ``graf validate --shapes``) and compares graf's Turtle report with the expected one
the way the suite prescribes (tests/w3c_shacl.py): the conforms flag and each result's focus node,
path, value, source shape, constraint and component, severity, blank nodes matched by structure.
A test expecting ``sht:Failure`` passes when graf refuses the shapes (exit code 2).

The few tests graf does not pass are in EXCEPTIONS, each with the reason the README gives; for
them the test asserts graf's documented behaviour, so a change either way shows.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Literal
from rdflib.namespace import SH, XSD

from graf.rules import ShapesError, validate
from graf.settings import Settings
from graf.store import Store, open_store
from tests.w3c_shacl import SUITE, Case, actual_report, cases, describe, same_report

CORE = cases(SUITE / "core" / "manifest.ttl")
SPARQL = cases(SUITE / "sparql" / "manifest.ttl")
ENGINES = ("sparql", "pyshacl")

#: test -> why graf gives another report (README, "SHACL: the W3C test suite")
EXCEPTIONS = {
    "core/path/path-strange-002": "the shapes graph is ill-formed (a path both a list and an inverse path): "
                                  "graf refuses it; the W3C removed the test (w3c/data-shapes#124, #448)",
    "core/property/datatype-ill-formed": "the store keeps \"300\"^^xsd:byte as \"300\"^^xsd:integer "
                                         "(oxigraph/oxigraph#526), and an xsd:integer in range counts as xsd:byte",
    "sparql/pre-binding/shapesGraph-001": "$shapesGraph is optional in SHACL and graf does not support it",
}


def test_the_suite_is_complete():
    """All 98 approved Core tests and the approved SHACL-SPARQL tests are here (vendored, see README)."""
    assert len(CORE) == 98 and len({c.name for c in CORE}) == 98
    assert len(SPARQL) == 22
    assert set(EXCEPTIONS) <= {c.name for c in CORE + SPARQL}


@pytest.fixture
def store(request) -> Iterator[Store]:
    case: Case = request.param
    s = open_store(Settings.from_env({"data": [case.data]}, environ={}))
    yield s
    s.close()


def _report(store: Store, case: Case, engine: str) -> str:
    return validate(store, rules=["user-shapes"], shapes=[case.shapes], shacl_engine=engine).to_turtle()


def _check(store: Store, case: Case, engine: str) -> None:
    if case.failure:
        with pytest.raises(ShapesError):
            _report(store, case, engine)
        return
    actual = actual_report(_report(store, case, engine), case.expected)
    assert same_report(actual, case.expected), (
        f"{case.name} ({engine})\n--- expected\n{describe(case.expected)}\n--- graf\n{describe(actual)}")


@pytest.mark.parametrize("store", [c for c in CORE + SPARQL if c.name not in EXCEPTIONS], ids=lambda c: c.name,
                         indirect=True)
def test_w3c_case_on_both_engines(store, request):
    case: Case = request.node.callspec.params["store"]
    for engine in ENGINES:
        _check(store, case, engine)


@pytest.mark.parametrize("case", [c for c in CORE if c.name not in EXCEPTIONS and not c.failure], ids=lambda c: c.name)
def test_w3c_core_case_on_an_on_disk_store(case, tmp_path):
    """On disk the sparql engine scans a path's pairs once instead of looking them up (Store.prefers_scans):
    the same reports."""
    s = open_store(Settings.from_env({"data": [case.data], "store_dir": tmp_path / "store"}, environ={}))
    try:
        assert s.prefers_scans
        _check(s, case, "sparql")
    finally:
        s.close()


def _case(name: str) -> Case:
    return next(c for c in CORE + SPARQL if c.name == name)


@pytest.mark.parametrize("store", [_case("core/path/path-strange-002")], ids=lambda c: c.name, indirect=True)
def test_ill_formed_path_is_refused(store, request):
    case: Case = request.node.callspec.params["store"]
    for engine in ENGINES:
        with pytest.raises(ShapesError, match="not valid SHACL: .*XoneConstraintComponent"):
            _report(store, case, engine)


@pytest.mark.parametrize("store", [_case("core/property/datatype-ill-formed")], ids=lambda c: c.name, indirect=True)
def test_ill_formed_derived_datatype_as_the_store_keeps_it(store, request):
    """The report differs from the suite's in exactly the two ways the store's canonical form causes."""
    case: Case = request.node.callspec.params["store"]
    expected = case.expected
    written, stored = Literal("300", datatype=XSD.byte), Literal("300", datatype=XSD.integer)
    for result in list(expected.subjects(SH.value, written)):
        expected.set((result, SH.value, stored))
    for result in list(expected.subjects(SH.value, Literal("55", datatype=XSD.integer))):
        expected.remove((None, SH.result, result))
        expected.remove((result, None, None))
    for engine in ENGINES:
        actual = actual_report(_report(store, case, engine), expected)
        assert same_report(actual, expected), f"{engine}\n{describe(actual)}"


@pytest.mark.parametrize("store", [_case("sparql/pre-binding/shapesGraph-001")], ids=lambda c: c.name, indirect=True)
def test_shapes_graph_variable_is_refused(store, request):
    case: Case = request.node.callspec.params["store"]
    for engine in ENGINES:
        with pytest.raises(ShapesError, match=r"uses \$shapesGraph, which graf does not support"):
            _report(store, case, engine)
