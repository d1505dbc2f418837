"""graf's sparql SHACL engine reports exactly what pySHACL (the reference) reports.

The sparql engine (graf/rules/shacl_sparql.py) compiles shapes to SPARQL that the store runs;
`graf validate` uses it unless the shapes need a feature it does not compile. Differential tests
here: every SHACL Core feature it compiles (tests/fixtures/shacl), every data set and rules
fixture we ship, a synthetic national model with injected violations, and each real SPARQL server (Oxigraph
server, Virtuoso).
"""

from __future__ import annotations

import collections
from collections.abc import Iterator
from pathlib import Path

import pytest

from graf.generate import generate, write
from graf.rules import validate
from graf.rules.base import ScenarioContext
from graf.rules.shacl import ShaclEngine, ShapesError
from graf.scenarios import list_scenarios
from graf.settings import Settings
from graf.store import Store, open_store
from tests.conftest import run_graf

HERE = Path(__file__).parent
SHACL = HERE / "fixtures" / "shacl"
SHAPES = SHACL / "components-shapes.ttl"
DATA = SHACL / "components-data.ttl"
ROOT = HERE.parent
SH = "http://www.w3.org/ns/shacl#"


def results(store: Store, engine: str, shapes: list[Path] = ()) -> dict[str, collections.Counter]:
    """Each scenario's SHACL results (every field but the message texts) from one engine."""
    shacl = ShaclEngine(shapes, engine)
    assert shacl.engine == engine, shacl.fallback
    scenarios = list_scenarios(store)
    out = {}
    for sc in scenarios:
        ctx = ScenarioContext(store, sc, scenarios, {}, shacl)
        out[sc.name] = collections.Counter(
            tuple(sorted((k, str(v)) for k, v in r.items() if k not in ("messages", "templates", "bindings")))
            for r in shacl.results(sc.name, ctx))
    return out


def assert_same(store: Store, shapes: list[Path] = ()) -> dict[str, collections.Counter]:
    fast, reference = results(store, "sparql", shapes), results(store, "pyshacl", shapes)
    assert fast.keys() == reference.keys()
    for name in fast:
        only_fast, only_reference = fast[name] - reference[name], reference[name] - fast[name]
        assert not only_fast and not only_reference, (name, only_fast, only_reference)
    return fast


@pytest.fixture(scope="module")
def components() -> Iterator[Store]:
    s = open_store(Settings.from_env({"data": [DATA]}, environ={}))
    yield s
    s.close()


def test_every_compiled_feature_gives_pyshacl_results(components):
    found = assert_same(components, [SHAPES])["all"]
    rows = [dict(r) for r in found.elements()]
    reported = {r["component"].removeprefix(SH).removesuffix("ConstraintComponent") for r in rows}
    # every feature of the fixture fires at least once, so the agreement above means something
    assert reported == {
        "MinCount", "MaxCount", "Class", "Datatype", "MinInclusive", "MaxExclusive", "MinExclusive", "MaxInclusive",
        "NodeKind", "In", "Pattern", "MinLength", "MaxLength", "LanguageIn", "UniqueLang", "HasValue", "Or", "Not",
        "Xone", "And", "Node", "QualifiedMinCount", "QualifiedMaxCount", "Closed", "Equals", "Disjoint", "SPARQL"}
    paths = {r["path"] for r in rows}
    # every path kept as a SHACL path (in SPARQL syntax), not flattened
    assert {"^<https://example.org/shacl/memberOf>", "(<https://example.org/shacl/member>/<https://example.org/shacl/name>)",
            "<https://example.org/shacl/parent>?"} <= paths
    assert {r["severity"] for r in rows} == {SH + "Violation", SH + "Warning"}  # HasValueShape's property: Warning
    assert not [r for r in rows if "never" in r["path"]]  # the sh:deactivated shape reports nothing
    lead3 = [r for r in rows if r["focus"].endswith("/lead3")]
    assert lead3 and lead3[0]["component"] == SH + "MinCountConstraintComponent"  # implicit class target


def test_sparql_constraint_message_names_focus_and_value(components):
    report = validate(components, shapes=[SHAPES], shacl_engine="sparql")
    own = [f for f in report.findings if f.detail.get("component") == SH + "SPARQLConstraintComponent"
           and f.detail["path"] == ""]
    assert [f.message for f in own] == ["a names itself as friend (a)"]


def test_shipped_data_same_results(store):
    assert_same(store)
    assert validate(store, shacl_engine="sparql").to_json() == validate(store, shacl_engine="pyshacl").to_json()


@pytest.mark.parametrize("files", [
    [ROOT / "data" / "example-municipality"],
    sorted((HERE / "fixtures" / "rules").glob("*.trig")),  # a valid model and one broken variant per rule
], ids=["example-municipality", "rules-fixtures"])
def test_other_data_same_results(files):
    s = open_store(Settings.from_env({"data": files}, environ={}))
    try:
        assert_same(s)
    finally:
        s.close()


def test_synthetic_model_with_injected_violations_same_results(tmp_path):
    data, _violations = write(generate(scale=0.005, seed=3, violations=0.05), tmp_path)
    s = open_store(Settings.from_env({"data": [data]}, environ={}))
    try:
        found = assert_same(s)
        assert sum(sum(c.values()) for c in found.values()) > 0  # the injected violations are seen
    finally:
        s.close()


def test_on_disk_store_same_results(tmp_path):
    """On disk the engine scans each path's triples once (Store.prefers_scans): the same results."""
    data, _violations = write(generate(scale=0.005, seed=3, violations=0.05), tmp_path / "data")
    for files, shapes in (([DATA], [SHAPES]), ([data], [])):
        folder = tmp_path / f"store-{len(shapes)}"
        s = open_store(Settings.from_env({"data": files, "store_dir": folder}, environ={}))
        try:
            assert s.prefers_scans
            assert_same(s, shapes)
        finally:
            s.close()


def test_remote_store_same_results(remote_store):
    remote_store.load_ontology(ROOT / "ontology")
    remote_store.load([DATA], graph="urn:graf:components")  # Virtuoso keeps every statement in a named graph
    assert_same(remote_store, [SHAPES])


# -- shapes the sparql engine does not compile ---------------------------------------------------------


@pytest.fixture
def advanced(tmp_path) -> Path:
    """Shapes using SHACL Advanced Features (a rule), which only pySHACL runs."""
    path = tmp_path / "rules.ttl"
    path.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/shacl/> .
ex:Checked a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:checked ; sh:object ex:yes ] .
""", encoding="utf-8")
    return path


def test_unsupported_feature_falls_back_to_pyshacl(advanced):
    engine = ShaclEngine([advanced])
    assert engine.engine == "pyshacl" and "sh:rule" in engine.fallback


def test_unsupported_feature_with_sparql_engine_is_an_error(advanced):
    with pytest.raises(ShapesError, match="sh:rule"):
        ShaclEngine([advanced], "sparql")
    done = run_graf("validate", "--shapes", str(advanced), "--shacl-engine", "sparql")
    assert done.returncode == 2 and "sh:rule" in done.stderr and "Traceback" not in done.stderr


def test_cli_engines_give_the_same_report():
    fast = run_graf("validate", "--format", "json", "--shacl-engine", "sparql")
    reference = run_graf("validate", "--format", "json", "--shacl-engine", "pyshacl")
    assert fast.returncode == reference.returncode == 1  # the as-is scenario has no entry point
    assert fast.stdout == reference.stdout
    wrong = run_graf("validate", "--shacl-engine", "fast")
    assert wrong.returncode == 2 and "--shacl-engine" in wrong.stderr


@pytest.mark.parametrize(("select", "expected"), [
    ("SELECT $this WHERE { $this ?p }", "is not valid SPARQL: SPARQL syntax error at line 1, column 31"),
    ("SELECT $this WHERE { SERVICE <http://example.org/sparql> { $this ?p ?o } }", "uses SERVICE, which graf refuses"),
])
def test_bad_sparql_constraint_is_named_before_anything_runs(tmp_path, select, expected):
    shapes = tmp_path / "bad.ttl"
    shapes.write_text(f"""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [ a sh:SPARQLConstraint ; sh:select "{select}" ] .
""", encoding="utf-8")
    for engine in ("sparql", "pyshacl"):
        done = run_graf("validate", "--shapes", str(shapes), "--shacl-engine", engine)
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert f"{shapes}: the SPARQL constraint of <https://example.org/S> {expected}" in done.stderr


def test_recursive_shapes_fall_back_to_pyshacl(tmp_path):
    shapes = tmp_path / "recursive.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
ex:A a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:friend ; sh:node ex:B ] .
ex:B a sh:NodeShape ; sh:property [ sh:path ex:friend ; sh:node ex:B ] .
""", encoding="utf-8")
    engine = ShaclEngine([shapes])
    assert engine.engine == "pyshacl" and "recursive shape (<https://example.org/B>)" in engine.fallback
    with pytest.raises(ShapesError, match="recursive shape"):
        ShaclEngine([shapes], "sparql")


def test_shapes_in_another_rdf_syntax_give_the_same_results(components, tmp_path):
    as_jsonld = tmp_path / "components-shapes.jsonld"
    as_jsonld.write_bytes(_to_jsonld(SHAPES))
    turtle = validate(components, shapes=[SHAPES], shacl_engine="sparql")
    jsonld = validate(components, shapes=[as_jsonld], shacl_engine="sparql")
    assert [f.detail for f in jsonld.findings] == [f.detail for f in turtle.findings] and turtle.findings


def _to_jsonld(path: Path) -> bytes:
    import pyoxigraph as ox

    return ox.serialize(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.JSON_LD)
