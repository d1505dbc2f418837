"""pyvis for notebook users: graf.maps.network gives a pyvis Network of the same map, rendered with graf's own
safe offline page (pyvis's template is neither), and views show themselves in a notebook cell."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pyvis.network import Network

import graf.maps
from graf.store import Store
from tests.conftest import ROOT
from visualisations import render_map
from visualisations.maps import map_for
from visualisations.views import overview

KBH = "https://w3id.org/graf/id/kbh/"
TMF = KBH + "teknik-og-miljoeforvaltningen"
PROBE = "</script><script>alert(11)</script>"


def _data(page: str) -> dict:
    return json.loads(re.search(r'id="graf-data">(.*?)</script>', page, re.S).group(1))


def test_network_is_a_pyvis_network_of_the_same_map(store: Store) -> None:
    net = graf.maps.network(store, view="strategic", scenario="adjusted")
    assert isinstance(net, Network)
    same = map_for(store, "strategic", "adjusted")
    assert net.get_nodes() == [n["id"] for n in same["nodes"]] and net.num_edges() == len(same["edges"])
    assert net.get_node(KBH + "entry-point")["labels"]["en"] == "Single entry point to the municipality"
    assert _data(net.generate_html())["nodes"] == same["nodes"]
    assert net.generate_html() == render_map(store, "strategic", "adjusted")  # the very page graf map writes


def test_show_writes_graf_page_offline_and_draws_it(store: Store, open_map: Any, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # pyvis writes next to the notebook
    net = graf.maps.network(store, view="actor:teknik-og-miljoeforvaltningen", lang="en")
    frame = net.show("tmf.html", notebook=True)
    assert type(frame).__name__ == "IFrame" and frame.src == "tmf.html"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tmf.html"]  # no lib/ folder copied from pyvis
    page = (tmp_path / "tmf.html").read_text(encoding="utf-8")
    assert "cdn" not in page.lower() and not re.search(r"<script[^>]*\bsrc=", page)
    m = open_map(page, "pyvis-tmf", shot="pyvis-tmf")
    assert m.requests == [] and m.errors == []
    drawn = m.js("Object.fromEntries(grafMap.nodes.get().map(n => [n.id, [n.x, n.y, n.label]]))")
    assert drawn == {n["id"]: [n["x"], n["y"], n["label"]] for n in _data(render_map(
        store, "actor:teknik-og-miljoeforvaltningen", lang="en"))["nodes"]}


def test_labels_added_through_pyvis_stay_text(broken: Store, open_map: Any) -> None:
    net = graf.maps.network(broken, view="overview")
    net.add_node("probe", label=PROBE, title=PROBE, x=0, y=0)
    net.add_edge("probe", "https://w3id.org/graf/id/test/indgang", title=PROBE)
    page = net.generate_html()
    assert PROBE not in page and "alert(11)" in page  # in the data, escaped
    m = open_map(page, "pyvis-xss", shot="pyvis-xss")
    assert m.js("grafMap.nodes.get('probe').label") == PROBE
    assert PROBE in m.js("grafMap.nodes.get('probe').title")
    m.js("grafMap.select('probe')")
    assert m.page.locator("#panel h2").inner_text() == PROBE
    assert m.dialogs == [] and m.requests == [] and m.errors == []
    assert m.js("document.querySelectorAll('#panel script, img').length") == 0


def test_a_notebook_cell_shows_the_map(store: Store, browser: Any) -> None:
    net = graf.maps.network(store, view="operational")
    view = overview(__import__("graf.network", fromlist=["actor_graph"]).actor_graph(store, None))
    for cell in (net._repr_html_(), view._repr_html_()):
        assert cell.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in cell and "<script" not in cell
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))  # noqa: B023
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)  # noqa: B023
        page.route("**/*", lambda r: r.abort() if not r.request.url.startswith(("about:", "data:")) else r.continue_())
        page.set_content(f"<!DOCTYPE html><html><body>{cell}</body></html>")
        inner = page.frame_locator("iframe")
        inner.locator("body[data-drawn]").wait_for(state="attached", timeout=60_000)
        assert inner.locator("#title").inner_text()
        assert errors == []
        page.close()


def test_the_core_does_not_load_pyvis_or_html_code() -> None:
    probe = ("import sys, graf, graf.maps; print(sorted(m for m in sys.modules "
             "if m.split('.')[0] in ('pyvis', 'IPython', 'visualisations', 'api')))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
