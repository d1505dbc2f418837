"""graf export --scenario S --format graphml|gexf|csv-edges|kumu: the actor network for yEd, Gephi, a
spreadsheet and Kumu, read back with networkx (and openpyxl) with the same nodes, edges and attributes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import openpyxl
import pytest

from graf.netexport import export_network, to_csv_edges, to_gexf, to_graphml, to_kumu
from graf.store import Store, open_store
from tests.conftest import run_graf


@pytest.fixture(scope="module")
def store() -> Store:
    s = open_store()
    yield s
    s.close()


@pytest.fixture(scope="module")
def adjusted(store: Store) -> nx.MultiDiGraph:
    return export_network(store, "adjusted")


def _edges(G: nx.MultiDiGraph) -> dict[str, tuple[str, str, dict]]:
    return {d["id"]: (u, v, d) for u, v, d in G.edges(data=True)}


def test_the_network_carries_kind_labels_confidence_and_channel_attributes(adjusted: nx.MultiDiGraph) -> None:
    tmf = adjusted.nodes["https://w3id.org/graf/id/kbh/teknik-og-miljoeforvaltningen"]
    assert tmf["kind"] == "Administration" and tmf["kind_da"] == "forvaltning" and tmf["kind_en"] == "administration"
    assert tmf["label_da"] == "Teknik- og Miljøforvaltningen"
    assert tmf["label_en"] == "Technical and Environmental Administration"
    # the weakest of its facts: type and Danish name rest on FACTS.md B3 (external), the English name is graf's
    # own rendering (derived)
    assert tmf["confidence"] == "derived"
    group = adjusted.nodes["https://w3id.org/graf/id/kbh/de-store-almene-boligorganisationer"]
    assert group["kind"] == "HousingOrganisationGroup" and group["confidence"] == "derived"
    channels = [d for _u, _v, d in adjusted.edges(data=True) if d["relation"] == "channel"]
    assert len(channels) == 16  # 7 direct from the group, 9 formal: the memo's grain
    direct = [d for d in channels if d["layer"] == "operational"]
    assert {d["status"] for d in direct} == {"open"}
    assert {(d["valid_from"], d["valid_to"]) for d in channels} == {("2010-02-25", "2014")}
    assert {d["confidence"] for d in channels} == {"derived"}


def test_graphml_reads_back_with_the_same_nodes_edges_and_attributes(adjusted: nx.MultiDiGraph) -> None:
    back = nx.read_graphml(io.BytesIO(to_graphml(adjusted)), force_multigraph=True)
    assert set(back.nodes) == set(adjusted.nodes)
    for n, d in adjusted.nodes(data=True):
        assert back.nodes[n] == d
    ours, theirs = _edges(adjusted), _edges(back)
    assert set(theirs) == set(ours)
    for key, (u, v, d) in ours.items():
        assert theirs[key][:2] == (u, v) and theirs[key][2] == d


def test_gexf_reads_back_and_plays_the_validity_as_a_timeline(store: Store) -> None:
    whole = export_network(store)  # every scenario: Gephi's timeline shows the reform's channels come and go
    back = nx.read_gexf(io.BytesIO(to_gexf(whole)))
    assert set(back.nodes) == set(whole.nodes)
    ours, theirs = _edges(whole), _edges(back)
    assert set(theirs) == set(ours)
    for key, (u, v, d) in ours.items():
        tu, tv, td = theirs[key]
        assert (tu, tv) == (u, v)
        assert {k: td[k] for k in d} == d
        if "valid_from" in d:  # days: the first day of what the source gives
            assert td["start"] == (d["valid_from"] + "-01-01"[: 10 - len(d["valid_from"])])
    draft = next(d for _u, _v, d in whole.edges(data=True) if "/draft/" in d["id"])
    adjusted = next(d for _u, _v, d in whole.edges(data=True) if "/adjusted/" in d["id"])
    assert theirs[draft["id"]][2]["start"] == "2010-01-21" and "end" not in theirs[draft["id"]][2]
    assert theirs[adjusted["id"]][2]["end"] == "2014-12-31"  # "until 2014": the year's last day
    text = to_gexf(whole).decode("utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text


def test_the_edge_list_and_kumus_workbook_hold_every_edge(adjusted: nx.MultiDiGraph) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv_edges(adjusted).decode("utf-8-sig"))))
    assert {r["id"] for r in rows} == set(_edges(adjusted))
    one = next(r for r in rows if r["layer"] == "operational")
    assert one["source_label"] == "De store almene boligorganisationer" and one["scenario"] == "adjusted"
    book = openpyxl.load_workbook(io.BytesIO(to_kumu(adjusted, "en")))
    assert book.sheetnames == ["Elements", "Connections"]
    elements = list(book["Elements"].iter_rows(values_only=True))
    connections = list(book["Connections"].iter_rows(values_only=True))
    assert elements[0][:3] == ("ID", "Label", "Type") and connections[0][:3] == ("ID", "From", "To")
    assert {e[0] for e in elements[1:]} == set(adjusted.nodes)
    assert {c[0] for c in connections[1:]} == set(_edges(adjusted))
    ids = {e[0] for e in elements[1:]}
    assert all(c[1] in ids and c[2] in ids for c in connections[1:])  # From/To name elements by their ID
    assert {c[3] for c in connections[1:]} >= {"formal channel", "operational channel", "structure"}


def test_graf_export_writes_each_format_and_refuses_what_does_not_apply(tmp_path: Path) -> None:
    for fmt, name in (("graphml", "a.graphml"), ("gexf", "a.gexf"), ("csv-edges", "a.csv"), ("kumu", "a.xlsx")):
        out = tmp_path / name
        result = run_graf("export", "--scenario", "adjusted", "--format", fmt, "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 1000
    wrong = run_graf("export", "--scenario", "nope", "--format", "gexf")
    assert wrong.returncode == 2 and "unknown scenario 'nope'" in wrong.stderr
    mixed = run_graf("export", "--scenario", "adjusted", "--format", "trig")
    assert mixed.returncode == 2 and "--scenario applies to the network formats" in mixed.stderr
