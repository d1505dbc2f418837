
import os
import threading

import pytest

from graf.errors import StoreError
from graf.scenarios import list_scenarios
from graf.settings import Settings
from graf.store import MARKER, EmbeddedStore, open_store


def test_a_store_folder_is_reopened_without_reloading(tmp_path, fixtures):
    folder = tmp_path / "store"
    settings = Settings.from_env({"store_dir": folder, "data": [fixtures / "mini.trig"]}, environ={})
    first = open_store(settings)
    counts = {g.name: g.triples for g in first.graphs()}
    first.close()
    assert (folder / MARKER).is_file()

    # without --data an empty store would get the bundled Copenhagen data: equal counts prove no reload
    # (how fast it reopens is measured in bench/run_all.py)
    again = open_store(Settings.from_env({"store_dir": folder}, environ={}))
    try:
        assert {g.name: g.triples for g in again.graphs()} == counts
        assert again.query("ASK { ?s ?p ?o }").boolean is True
    finally:
        again.close()


def test_loads_into_a_store_folder_persist(tmp_path, fixtures):
    folder = tmp_path / "store"
    with EmbeddedStore(folder) as store:
        store.load([fixtures / "extra.ttl"])
    with EmbeddedStore(folder) as store:
        assert not store.is_empty()


def test_a_folder_that_is_not_a_graf_store_is_refused(tmp_path):
    (tmp_path / "holiday.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(StoreError, match="not a graf store"):
        EmbeddedStore(tmp_path)


def test_a_file_is_not_a_store_folder(tmp_path):
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        EmbeddedStore(path)


def test_a_failed_first_load_leaves_no_half_built_store(tmp_path, fixtures):
    folder = tmp_path / "store"
    with pytest.raises(Exception, match="broken.ttl"):
        open_store(Settings.from_env({"store_dir": folder, "data": [fixtures / "broken.ttl"]}, environ={}))
    assert not folder.exists()


def test_data_given_for_a_store_that_already_holds_data_is_an_error_not_ignored(tmp_path):
    from tests.conftest import FIXTURES, run_graf

    folder = tmp_path / "store"
    assert run_graf("--store", str(folder), "--data", str(FIXTURES / "mini.trig"), "info").returncode == 0
    again = run_graf("--store", str(folder), "--data", str(FIXTURES / "extra.ttl"), "info")
    assert again.returncode == 2
    assert "already holds a data set" in again.stderr and "graf --store" in again.stderr
    assert "Traceback" not in again.stderr
    assert run_graf("--store", str(folder), "info").returncode == 0  # the store is untouched


def test_an_in_memory_snapshot_folder_does_not_outlive_its_store(tmp_path, monkeypatch):
    import gc
    import tempfile
    import threading

    # a temporary folder of its own: other processes on the machine make graf-snapshot-* folders too
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    # a second thread, as a server has: forking a zygote is unsafe then, so the workers read a snapshot
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        store = EmbeddedStore()
        store.query("ASK {}")
        assert list(tmp_path.glob("graf-snapshot-*"))
    finally:
        stop.set()
        other.join()
    del store
    gc.collect()
    assert not list(tmp_path.glob("graf-snapshot-*"))


def test_the_snapshot_of_a_killed_process_is_removed_by_the_next_one(tmp_path, monkeypatch):
    import signal
    import subprocess
    import sys
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    # a server process (threads running: its workers read a snapshot) killed before it could clean up
    program = ("import threading, tempfile, sys; tempfile.tempdir = sys.argv[1]\n"
               "from graf.store import EmbeddedStore\n"
               "threading.Thread(target=threading.Event().wait, daemon=True).start()\n"
               "s = EmbeddedStore(); s.query('ASK {}'); print('ready', flush=True); sys.stdin.read()\n")
    with subprocess.Popen([sys.executable, "-c", program, str(tmp_path)], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True) as killed:
        assert killed.stdout is not None and killed.stdout.readline() == "ready\n"
        left = list(tmp_path.glob(f"graf-snapshot-{killed.pid}-*"))
        assert len(left) == 1
        killed.send_signal(signal.SIGKILL)
        killed.wait()
    assert left[0].exists()  # nothing cleaned up after a SIGKILL
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        store = EmbeddedStore()
        store.query("ASK {}")  # makes a snapshot of its own, removing the dead process's first
        assert not left[0].exists()
        assert [p.name.split("-")[2] for p in tmp_path.glob("graf-snapshot-*")] == [str(os.getpid())]
        store.close()
    finally:
        stop.set()
        other.join()


def test_a_closed_store_refuses_queries_instead_of_making_a_new_snapshot():
    store = EmbeddedStore()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.query("ASK {}")


def test_an_on_disk_store_validates_the_same_in_several_processes(tmp_path, monkeypatch):
    """graf validate on an on-disk store splits the scenarios between processes: the same report."""
    import graf.rules
    from graf.generate import generate, write

    monkeypatch.setattr(graf.rules, "PARALLEL_FROM", 4)  # (small data: 4 scenarios, 2 processes)
    data, _ = write(generate(scale=0.02, seed=4, violations=0.1), tmp_path / "data")
    store = open_store(Settings.from_env({"data": [data], "store_dir": tmp_path / "store"}, environ={}))
    try:
        assert len(list_scenarios(store)) >= 4
        alone, side_by_side = graf.rules.validate(store, processes=1), graf.rules.validate(store, processes=2)
    finally:
        store.close()
    assert side_by_side.to_json() == alone.to_json() and not alone.conforms
