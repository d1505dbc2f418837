"""The CLI and files (issue 14, point 8): exports that name where and why they cannot be written,
with normal permissions and the same bytes for the same data; clear messages for an undeclared
prefix, an empty file, a store that cannot be opened, a broken RDF/XML file; one progress line in
a log; ``graf --version``."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT, run_graf

DATA = ["--data", str(FIXTURES / "mini.trig")]


def _failed_cleanly(proc: subprocess.CompletedProcess, *needles: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    for needle in needles:
        assert needle in proc.stderr, proc.stderr


@pytest.mark.parametrize(("target", "cause"), [("/sys/graf-export.trig", "Permission denied"),
                                               ("/proc/graf-export.trig", "No such file or directory")])
def test_export_where_no_file_can_be_made_names_the_target_and_the_cause(target: str, cause: str) -> None:
    _failed_cleanly(run_graf("export", *DATA, "-o", target), f"cannot write {target}: {cause}")


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_an_exported_file_gets_the_permissions_of_the_umask(tmp_path, umask: int, mode: int) -> None:
    out = tmp_path / "dataset.trig"
    done = subprocess.run([sys.executable, "-m", "graf", "export", *DATA, "-o", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, preexec_fn=lambda: os.umask(umask))
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == mode


@pytest.mark.parametrize("fmt", ["trig", "nq", "turtle", "nt", "jsonld", "rdfxml"])
def test_the_same_data_exports_to_the_same_bytes(tmp_path, fmt: str) -> None:
    # the default data set has blank nodes: the store labels them at random on every load
    first, second = (run_graf("export", "--format", fmt, "-o", str(tmp_path / f"{i}.{fmt}")) for i in (1, 2))
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert (tmp_path / f"1.{fmt}").read_bytes() == (tmp_path / f"2.{fmt}").read_bytes()


def test_an_undeclared_prefix_is_named_at_its_position_inline_and_from_a_file(tmp_path) -> None:
    query = "SELECT ?s WHERE {\n  ?s a x:Thing }"
    file = tmp_path / "q.rq"
    file.write_text(query, encoding="utf-8")
    for proc in (run_graf("query", *DATA, query), run_graf("query", *DATA, "--file", str(file))):
        _failed_cleanly(proc, "line 2, column 8: prefix 'x' is not declared")
        assert "expected" not in proc.stderr  # not the parser's list of characters


def test_an_empty_file_loads_with_a_warning(tmp_path) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_text("# nothing here yet\n", encoding="utf-8")
    done = run_graf("--data", str(FIXTURES / "mini.trig"), "--data", str(empty), "info")
    assert done.returncode == 0, done.stderr
    assert f"warning: {empty} holds no statement" in done.stderr


def test_a_store_this_user_cannot_write_says_permission() -> None:
    _failed_cleanly(run_graf("--store", "/sys/graf-store", "info"), "cannot open the store at /sys/graf-store",
                    "permission denied")


def test_a_broken_rdf_xml_file_names_its_line(tmp_path) -> None:
    bad = tmp_path / "bad.rdf"
    bad.write_text('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                   '  <rdf:Description rdf:about="http://e/a"/>\n  <rdf:Description rdf:about="x y"/>\n'
                   '</rdf:RDF>\n', encoding="utf-8")
    _failed_cleanly(run_graf("--data", str(bad), "info"), f"{bad}:4:", "'x y'")
    bad.write_text('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                   "  <rdf:Description>\n</rdf:RDF>\n", encoding="utf-8")
    _failed_cleanly(run_graf("--data", str(bad), "info"), f"{bad}:4:")


def test_the_progress_bar_writes_one_line_when_stderr_is_not_a_terminal(tmp_path) -> None:
    done = run_graf("load", "--store", str(tmp_path / "store"), str(FIXTURES / "mini.trig"))
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("loading [")]
    assert len(lines) == 1 and "100%" in lines[0], done.stderr


def test_graf_version() -> None:
    done = run_graf("--version")
    assert done.returncode == 0
    assert done.stdout.startswith("graf 0.") and "pyoxigraph" in done.stdout
