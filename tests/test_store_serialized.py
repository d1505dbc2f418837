"""The HTTP endpoint's path: the query worker writes the result bytes itself (``query_serialized``),
awaited on the event loop (``query_serialized_async``), with the row cap, its flag, the time
limit and the ``workers`` setting kept."""

import asyncio
import csv
import io
import json
import subprocess
import sys
from dataclasses import replace

import pyoxigraph as ox
import pytest

from graf.errors import GrafError, QueryError, QueryTimeout
from graf.settings import Settings
from graf.sparql import SerializedResult
from graf.store import EmbeddedStore, QueryOptions, ResultOutput, open_store

SLOW = """SELECT (COUNT(*) AS ?n) WHERE {
  ?a <http://e/p> ?x . ?b <http://e/p> ?y . ?c <http://e/p> ?z . FILTER(?x != ?y)
}"""
ROWS = "SELECT ?s ?o WHERE { ?s <http://e/p> ?o } ORDER BY ?o"
LINK = "urn:graf:truncated?max_rows=3"
ALL = {"select": "json", "ask": "json", "graph": "nt"}


@pytest.fixture(scope="module", params=["memory", "disk"])
def store(request, tmp_path_factory):
    path = None if request.param == "memory" else tmp_path_factory.mktemp("serialized") / "store"
    store = EmbeddedStore(path)
    p = ox.NamedNode("http://e/p")
    store.extend([ox.Quad(ox.NamedNode(f"http://e/s{i}"), p, ox.Literal(i)) for i in range(3000)]
                 + [ox.Quad(ox.NamedNode("http://e/s0"), ox.NamedNode("http://e/label"),
                            ox.Literal("Kø <&> \"x\"", language="da"))])
    yield store
    store.close()


def _output(formats=None, link=None):
    return ResultOutput({**ALL, **(formats or {})}, link=link)


def test_the_written_result_equals_the_terms_written_in_the_parent(store):
    query = "SELECT ?s ?l WHERE { ?s ?p ?l FILTER(isLiteral(?l)) } ORDER BY ?l LIMIT 5"
    terms = store.query(query)
    for fmt in ("json", "xml", "csv", "tsv"):
        written = store.query_serialized(query, _output({"select": fmt}))
        assert written.form == "SELECT" and written.format == fmt and not written.truncated
        assert written.body == terms.serialize(fmt)
        same = SerializedResult.from_result(terms, _output({"select": fmt}))
        assert replace(same, elapsed_s=0) == replace(written, elapsed_s=0)
    ask = store.query_serialized("ASK { ?s ?p ?o }", _output())
    assert (ask.form, json.loads(ask.body)) == ("ASK", {"head": {}, "boolean": True})


def test_the_row_cap_and_its_flag_survive_the_bytes_path(store):
    three = QueryOptions(max_rows=3)
    written = store.query_serialized(ROWS, _output(link=LINK), options=three)
    doc = json.loads(written.body)
    assert written.truncated is True
    assert len(doc["results"]["bindings"]) == 3 and doc["head"]["link"] == [LINK]
    xml = store.query_serialized(ROWS, _output({"select": "xml"}, LINK), options=three)
    assert xml.truncated and xml.body.count(b"<result>") == 3 and f'<link href="{LINK}"/>'.encode() in xml.body
    body = store.query_serialized(ROWS, _output({"select": "csv"}), options=three).body
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows[0] == ["s", "o"] and len(rows) == 4
    graph = store.query_serialized("CONSTRUCT WHERE { ?s <http://e/p> ?o }", _output(), options=three)
    assert graph.form == "CONSTRUCT" and graph.truncated
    assert len(list(ox.parse(graph.body, format=ox.RdfFormat.N_TRIPLES))) == 3
    whole = store.query_serialized(ROWS + " LIMIT 3", _output(link=LINK), options=three)
    assert not whole.truncated and "link" not in json.loads(whole.body)["head"]
    # a store without workers writes the same bytes from its terms (RemoteStore does)
    terms = store.query(ROWS, options=three)
    assert SerializedResult.from_result(terms, _output(link=LINK)).body == written.body


def test_a_kind_without_a_chosen_format_comes_back_without_a_body(store):
    written = store.query_serialized("ASK {}", ResultOutput({"select": "csv"}))
    assert written.form == "ASK" and written.body is None
    with pytest.raises(QueryError) as info:
        store.query_serialized("SELECT ?s WHERE { ?s ?p }", _output())
    assert info.value.line == 1


def test_the_awaited_path_keeps_the_time_limit_and_answers_after_it(store):
    async def run():
        await store.query_serialized_async("ASK {}", _output())  # a worker is started and idle
        with pytest.raises(QueryTimeout, match="query_time_limit_s"):
            await store.query_serialized_async(SLOW, _output(), options=QueryOptions(time_limit_s=0.5))
        written = await store.query_serialized_async(ROWS, _output(link=LINK), options=QueryOptions(max_rows=3))
        assert written.truncated and json.loads(written.body)["head"]["link"] == [LINK]
        # a cancelled caller (the HTTP client went away) leaves no late reply behind for the next query
        task = asyncio.ensure_future(store.query_serialized_async(SLOW, _output(),
                                                                  options=QueryOptions(time_limit_s=30)))
        deadline = asyncio.get_running_loop().time() + 30
        while store.pool is None or store.pool.busy == 0:  # until the slow query runs on a worker
            assert asyncio.get_running_loop().time() < deadline and not task.done()
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        again = await store.query_serialized_async("SELECT (COUNT(*) AS ?n) WHERE { ?s <http://e/p> ?o }",
                                                   _output())
        assert json.loads(again.body)["results"]["bindings"][0]["n"]["value"] == "3000"

    asyncio.run(run())


def test_the_workers_setting_bounds_the_pool(tmp_path):
    store = open_store(Settings.from_env({"workers": 2}, environ={}))
    try:
        store.query("ASK {}")
        assert store.pool.size == 2
    finally:
        store.close()
    assert Settings.from_env({}, environ={"GRAF_WORKERS": "3"}).workers == 3


@pytest.mark.parametrize(("environ", "overrides", "named"), [
    ({}, {"workers": 0}, "workers"), ({}, {"workers": 65}, "workers"),
    ({"GRAF_WORKERS": "many"}, {}, "GRAF_WORKERS")])
def test_a_bad_workers_setting_is_refused_naming_it(environ, overrides, named):
    with pytest.raises(GrafError, match=named):
        Settings.from_env(overrides, environ=environ)


@pytest.mark.parametrize(("args", "env", "named"), [(["--workers", "0"], {}, "--workers"),
                                                    ([], {"GRAF_WORKERS": "0"}, "workers")])
def test_graf_serve_with_a_bad_workers_setting_exits_2_naming_it(args, env, named):
    import os

    done = subprocess.run([sys.executable, "-m", "graf", "serve", "--port", "0", *args], capture_output=True,
                          text=True, timeout=60, env={**os.environ, **env}, stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert named in done.stderr and "Traceback" not in done.stderr


#: what a query worker must not import: heavy libraries, and standard modules that cost each worker
#: about 1 MB for nothing it needs (bench/RESULTS.md section 12: part of every server's memory)
NOT_IN_A_WORKER = {"rdflib", "pyshacl", "networkx", "fastapi", "typing", "dataclasses", "inspect", "multiprocessing",
                   "json", "subprocess", "asyncio"}


def test_a_query_worker_imports_only_pyoxigraph_and_a_few_standard_modules(tmp_path):
    probe = (
        "import sys, runpy; sys.argv = ['x']; from graf import workers; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {NOT_IN_A_WORKER!r}))")
    done = subprocess.run([sys.executable, "-P", "-c", probe.replace("from graf import workers",
                           f"sys.path.insert(0, {str(__import__('graf').__path__[0])!r}); import workers")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_in_memory_workers_are_forked_sharing_the_data_when_the_process_is_single_threaded():
    script = """
import threading, pyoxigraph as ox
from graf.store import EmbeddedStore
store = EmbeddedStore()
store.extend([ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal(1))])
assert store.query("ASK {{ <http://e/a> ?p ?o }}").boolean
print("zygote" if store.forks_workers else "snapshot")
store.load([__import__("pathlib").Path({fixture!r})])  # a write: the zygote held the old data
print(store.query("SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}").rows[0][0].value)
# once the process runs threads, forking is unsafe: a new worker comes from a snapshot on disk
stop = threading.Event()
ticker = threading.Thread(target=stop.wait)
ticker.start()
store.load([__import__("pathlib").Path({fixture!r}).with_name("mini.trig")])
print(store.query("ASK {{ <http://e/a> ?p ?o }}").boolean)
print("zygote" if store.forks_workers else "snapshot")
stop.set(); ticker.join(); store.close()
"""
    from pathlib import Path

    fixture = str(Path(__file__).parent / "fixtures" / "extra.ttl")
    done = subprocess.run([sys.executable, "-c", script.format(fixture=fixture)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.split("\n")
    assert lines[0] == "zygote"
    assert int(lines[1]) > 1  # the forked workers of the new zygote see the loaded file
    assert lines[2] == "True" and lines[3] == "snapshot"


def test_a_forked_worker_is_killed_at_the_time_limit_and_replaced():
    script = """
import pyoxigraph as ox
from graf.errors import QueryTimeout
from graf.store import EmbeddedStore, QueryOptions
store = EmbeddedStore()
p = ox.NamedNode("http://e/p")
store.extend([ox.Quad(ox.NamedNode(f"http://e/s{{i}}"), p, ox.Literal(i)) for i in range(3000)])
store.query("ASK {{}}")
assert store.forks_workers
proc = store.pool.processes()[0]
try:
    store.query({slow!r}, options=QueryOptions(time_limit_s=0.5))
except QueryTimeout:
    print("stopped", proc.poll() is not None)
print(store.query("SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}").rows[0][0].value)
store.close()
"""
    done = subprocess.run([sys.executable, "-c", script.format(slow=SLOW)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["stopped True", "3000"]
