import pyoxigraph as ox
import pytest
from conftest import store_quads

from graf.errors import UnsupportedFormatError
from graf.store import EXPORT_FORMATS, EmbeddedStore

EXT = {"turtle": ".ttl", "trig": ".trig", "nt": ".nt", "nq": ".nq", "jsonld": ".jsonld", "rdfxml": ".rdf"}


def _quads(store):
    return {str(q) for q in store_quads(store)}


def _triples(store):
    return {str(ox.Triple(q.subject, q.predicate, q.object)) for q in store_quads(store)}


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_export_round_trip(mini_store, tmp_path, fmt):
    path = tmp_path / f"out{EXT[fmt]}"
    path.write_bytes(mini_store.export(fmt))
    with EmbeddedStore() as copy:
        copy.load([path])
        if EXPORT_FORMATS[fmt].supports_datasets:
            assert _quads(copy) == _quads(mini_store)  # named graphs kept
        else:
            assert _triples(copy) == _triples(mini_store)  # the union of all graphs


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_export_one_graph(mini_store, fmt):
    data = mini_store.export(fmt, graph="https://w3id.org/graf/graph/mini")
    assert len(list(ox.parse(data, format=EXPORT_FORMATS[fmt]))) == 23
    assert "Københavns Kommune".encode() in data


def test_turtle_export_uses_known_prefixes(mini_store):
    assert b"@prefix skos:" in mini_store.export("turtle")


def test_unknown_export_format_lists_the_supported_ones(mini_store):
    with pytest.raises(UnsupportedFormatError, match="jsonld, nq, nt, rdfxml, trig, turtle"):
        mini_store.export("n3")


def test_export_of_one_graph_in_a_dataset_format_keeps_its_name_and_short_names_resolve(tmp_path):
    from tests.conftest import run_graf

    out = tmp_path / "reform.nq"
    proc = run_graf("export", "--format", "nq", "--graph", "kbh/reform", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines and all(line.endswith("<https://w3id.org/graf/graph/kbh/reform> .") for line in lines)
    missing = run_graf("export", "--format", "nt", "--graph", "kbh/nosuch")
    assert missing.returncode == 2 and "no named graph <https://w3id.org/graf/graph/kbh/nosuch>" in missing.stderr


def test_export_onto_a_folder_is_a_clear_error(tmp_path):
    from tests.conftest import run_graf

    proc = run_graf("export", "-o", str(tmp_path))
    assert proc.returncode == 2 and "it is a folder" in proc.stderr and "internal error" not in proc.stderr
