"""`graf load --store DIR`: bulk load into a new store with a progress bar, all-or-nothing, fast reopen."""

from __future__ import annotations

import subprocess
import sys

from conftest import run_graf

from graf.generate import generate, write
from graf.settings import Settings
from graf.store import MARKER, open_store


def test_a_new_store_is_bulk_loaded_with_progress_and_reopens_fast(tmp_path):
    data = tmp_path / "syn"
    model = generate(0.01, seed=5)
    write(model, data)
    folder = tmp_path / "store"
    done = run_graf("load", "--store", str(folder), str(data / "synthetic.trig"))
    assert done.returncode == 0, done.stderr
    assert f"loaded {model.triples:,} statements" in done.stdout and "statements/s" in done.stdout
    assert "100%" in done.stderr and "loading [" in done.stderr
    assert (folder / MARKER).is_file()
    assert not [p for p in tmp_path.iterdir() if ".loading-" in p.name]

    store = open_store(Settings.from_env({"store_dir": folder}, environ={}))  # reopening time: bench/run_all.py
    try:
        assert store.query("ASK { ?s <https://w3id.org/graf/def#isSynthetic> true }").boolean
        graphs = {g.name for g in store.graphs()}
    finally:
        store.close()
    assert "https://w3id.org/graf/graph/ontology" in graphs
    assert "https://w3id.org/graf/graph/synthetic/m001/adjusted" in graphs


def test_a_failed_bulk_load_leaves_no_store(tmp_path, fixtures):
    folder = tmp_path / "store"
    done = run_graf("load", "--store", str(folder), str(fixtures / "extra.ttl"), str(fixtures / "broken.ttl"))
    assert done.returncode == 2
    assert "broken.ttl:" in done.stderr and "Traceback" not in done.stderr
    assert not folder.exists()
    assert list(tmp_path.iterdir()) == []


def test_loading_into_an_existing_store_adds_in_one_transaction(tmp_path, fixtures):
    folder = tmp_path / "store"
    assert run_graf("load", "--store", str(folder), str(fixtures / "mini.trig")).returncode == 0
    bad = run_graf("load", "--store", str(folder), str(fixtures / "extra.ttl"), str(fixtures / "broken.ttl"))
    assert bad.returncode == 2
    good = run_graf("load", "--store", str(folder), str(fixtures / "extra.ttl"), "--graph", "urn:graf:extra")
    assert good.returncode == 0, good.stderr
    store = open_store(Settings.from_env({"store_dir": folder}, environ={}))
    try:
        names = {g.name for g in store.graphs()}
    finally:
        store.close()
    assert {"urn:graf:extra", "https://w3id.org/graf/graph/mini"} <= names


def test_a_store_locked_by_another_process_is_named(tmp_path, fixtures):
    folder = tmp_path / "store"
    assert run_graf("load", "--store", str(folder), str(fixtures / "mini.trig")).returncode == 0
    holder = subprocess.Popen([sys.executable, "-c", "import sys, pyoxigraph as ox; s = ox.Store(sys.argv[1]); "
                               "print('ok', flush=True); sys.stdin.read()", str(folder)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        done = run_graf("load", "--store", str(folder), str(fixtures / "extra.ttl"))
    finally:
        holder.communicate("")
    assert done.returncode == 2
    assert "another process is using it" in done.stderr and "Traceback" not in done.stderr


def test_a_folder_that_is_not_a_store_is_refused(tmp_path, fixtures):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    done = run_graf("load", "--store", str(tmp_path), str(fixtures / "extra.ttl"))
    assert done.returncode == 2 and "not a graf store" in done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["photo.jpg"]


def test_load_into_the_remote_server(remote_store, remote_server, fixtures):
    done = run_graf("load", *remote_server.options(), str(fixtures / "mini.trig"), env=remote_server.env())
    assert done.returncode == 0, done.stderr
    assert "SPARQL server" in done.stdout
    assert remote_store.query("ASK { GRAPH <https://w3id.org/graf/graph/mini> { ?s ?p ?o } }").boolean
