from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import store_quads

from graf.errors import LoadError, UnsupportedFormatError
from graf.namespaces import ONTOLOGY_GRAPH
from graf.settings import Settings
from graf.store import EmbeddedStore, open_store

MINI = "https://w3id.org/graf/graph/mini"
TRIPLE_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML,
                  ".xml": ox.RdfFormat.RDF_XML, ".jsonld": ox.RdfFormat.JSON_LD}
QUAD_FORMATS = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}


def _mini_triples(fixtures: Path) -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(fixtures / "mini.trig"))]


def _graph_counts(store: EmbeddedStore) -> dict:
    return {g.name: g.triples for g in store.graphs()}


@pytest.mark.parametrize("ext", sorted(TRIPLE_FORMATS))
def test_triple_formats_load_into_the_default_graph(tmp_path, fixtures, ext):
    path = tmp_path / f"mini{ext}"
    path.write_bytes(ox.serialize(_mini_triples(fixtures), format=TRIPLE_FORMATS[ext]))
    with EmbeddedStore() as store:
        report = store.load([path])
        assert report.statements == 23 and report.files == (str(path),)
        assert _graph_counts(store) == {None: 23}


@pytest.mark.parametrize("ext", sorted(TRIPLE_FORMATS))
def test_triple_formats_load_into_a_target_graph(tmp_path, fixtures, ext):
    path = tmp_path / f"mini{ext}"
    path.write_bytes(ox.serialize(_mini_triples(fixtures), format=TRIPLE_FORMATS[ext]))
    with EmbeddedStore() as store:
        store.load([path], graph="https://example.org/g")
        assert _graph_counts(store) == {None: 0, "https://example.org/g": 23}


@pytest.mark.parametrize("ext", sorted(QUAD_FORMATS))
def test_quad_formats_keep_their_named_graphs(tmp_path, fixtures, ext):
    path = tmp_path / f"mini{ext}"
    path.write_bytes(ox.serialize(ox.parse(path=str(fixtures / "mini.trig")), format=QUAD_FORMATS[ext]))
    with EmbeddedStore() as store:
        store.load([path])
        assert _graph_counts(store) == {None: 0, MINI: 23}


def test_a_folder_loads_its_supported_files_sorted(tmp_path, fixtures):
    (tmp_path / "b.trig").write_bytes((fixtures / "mini.trig").read_bytes())
    (tmp_path / "a.ttl").write_bytes((fixtures / "extra.ttl").read_bytes())
    (tmp_path / "notes.md").write_text("not RDF, skipped in folders")
    with EmbeddedStore() as store:
        report = store.load([tmp_path])
        assert [Path(f).name for f in report.files] == ["a.ttl", "b.trig"]


def test_a_broken_second_file_leaves_the_store_exactly_as_it_was(mini_store, fixtures):
    before = sorted(str(q) for q in store_quads(mini_store))
    with pytest.raises(LoadError):
        mini_store.load([fixtures / "extra.ttl", fixtures / "broken.ttl"])
    assert sorted(str(q) for q in store_quads(mini_store)) == before


def test_a_syntax_error_names_file_line_and_column(fixtures):
    with EmbeddedStore() as store, pytest.raises(LoadError) as info:
        store.load([fixtures / "broken.ttl"])
    exc = info.value
    assert exc.file.endswith("broken.ttl") and (exc.line, exc.column) == (5, 24)
    assert "broken.ttl:5:24:" in str(exc)


def test_an_unknown_extension_lists_the_supported_ones(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text("a,b\n")
    with EmbeddedStore() as store, pytest.raises(UnsupportedFormatError) as info:
        store.load([path])
    for ext in (".jsonld", ".nq", ".nt", ".rdf", ".trig", ".ttl", ".xml"):
        assert ext in str(info.value)


def test_a_missing_file_is_a_load_error(tmp_path):
    with EmbeddedStore() as store, pytest.raises(LoadError, match="no such file"):
        store.load([tmp_path / "nope.ttl"])


def test_the_ontology_goes_to_its_graph_without_shapes(fixtures):
    with EmbeddedStore() as store:
        report = store.load_ontology(fixtures / "ontology")
        assert [Path(f).name for f in report.files] == ["graf-mini.ttl"]
        assert _graph_counts(store) == {None: 0, str(ONTOLOGY_GRAPH): 14}


def test_blank_nodes_of_different_files_stay_distinct(tmp_path):
    for name in ("a.ttl", "b.ttl"):
        (tmp_path / name).write_text(f'_:x <http://e/p> "{name}" .\n')
    with EmbeddedStore() as store:
        store.load([tmp_path])
        subjects = {str(q.subject) for q in store_quads(store)}
        assert len(subjects) == 2


def test_open_store_loads_data_into_an_empty_store(fixtures):
    store = open_store(Settings.from_env({"data": [fixtures / "mini.trig"]}, environ={}))
    try:
        assert _graph_counts(store)[MINI] == 23
    finally:
        store.close()


def test_open_store_without_data_says_the_default_data_set_is_missing(monkeypatch, tmp_path):
    from graf import resources

    monkeypatch.setattr(resources, "default_data_dir", lambda: tmp_path / "copenhagen-2010")
    with pytest.raises(LoadError, match="default data set is missing; give a file or folder with --data"):
        open_store(Settings.from_env(environ={}))
