"""graf map without a browser: views, errors, escaping, determinism, aggregation, the CLI.

The browser behaviour (drawing, search, panel, XSS) is in ``test_maps_browser.py``.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import networkx as nx
import pytest

from graf.errors import UnknownNameError
from graf.network import actor_graph
from graf.scenarios import get_scenario
from graf.store import Store
from tests.conftest import FIXTURES, run_graf
from visualisations import VIEWS, render_map
from visualisations.aggregate import aggregate
from visualisations.maps import render_view
from visualisations.page import script_json
from visualisations.views import overview

BROKEN = FIXTURES / "maps" / "broken.trig"
D = "https://w3id.org/graf/id/test/dated/"
KBH = "https://w3id.org/graf/id/kbh/"
TMF = KBH + "teknik-og-miljoeforvaltningen"
EXTERNAL = re.compile(r"""(?:\b(?:src|href|action)\s*=\s*["']?\s*|url\(\s*["']?\s*|@import\s+["']?)(?:https?:)?//""",
                      re.IGNORECASE)


def page_data(page: str) -> dict:
    """The JSON the page script draws (the ``graf-data`` block)."""
    match = re.search(r'<script type="application/json" id="graf-data">(.*?)</script>', page, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


def edges_by_id(data: dict) -> dict[str, dict]:
    return {e["id"]: e for e in data["edges"]}


VIS_SHA256 = "1f20f0736f32cb9bedf8f6383b25cfea2f839e1abe80d6e8040b4d5bea378c69"


def test_map_code_has_no_network_access_and_ships_vis_unchanged() -> None:
    package = Path(__file__).parent.parent / "visualisations"
    for module in package.glob("*.py"):
        code = module.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(?:import|from)\s+(?:urllib|http|httpx|requests|socket|aiohttp)\b", code, re.M), \
            module.name
    js = (package / "assets" / "map.js").read_text(encoding="utf-8")
    assert not re.search(r"\b(?:fetch|XMLHttpRequest|WebSocket|innerHTML|outerHTML|insertAdjacentHTML|eval)\b", js)
    vendored = package / "assets" / "vendor" / "vis-network-9.1.2.min.js"
    assert hashlib.sha256(vendored.read_bytes()).hexdigest() == VIS_SHA256
    assert (package / "assets" / "vendor" / "LICENSE-vis-network.txt").is_file()


def test_views_constant_names_every_view() -> None:
    assert VIEWS == ("overview", "strategic", "operational", "actor:<id>", "diff:<A>..<B>", "findings")


def test_overview_draws_every_actor_of_the_default_scenario(store: Store) -> None:
    data = page_data(render_map(store))
    G = actor_graph(store, get_scenario(store, "adjusted"))
    assert {n["id"] for n in data["nodes"]} == set(G.nodes)
    assert len(data["edges"]) == G.number_of_edges()
    assert data["actors"] == G.number_of_nodes()
    assert "Justeret model" in data["subtitle"]


def test_scenario_all_draws_the_whole_data_set(store: Store) -> None:
    # the national overview of a model with one scenario per municipality is drawn this way
    data = page_data(render_map(store, scenario="all"))
    everything = actor_graph(store, None)
    assert {n["id"] for n in data["nodes"]} == set(everything.nodes)
    assert set(actor_graph(store, get_scenario(store, "asis")).nodes) < set(everything.nodes)  # e.g. the entry point
    assert "Hele datasættet" in data["subtitle"]


def test_page_is_self_contained(store: Store) -> None:
    page = render_map(store)
    assert page.startswith("<!DOCTYPE html>")
    assert not EXTERNAL.search(page), EXTERNAL.search(page)
    assert "<link" not in page and "<iframe" not in page
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert "default-src 'none'" in page  # the CSP forbids any fetch
    assert "vis-network" in page and "MIT License" in page  # inlined, with its licence header


def test_same_data_gives_the_same_page(store: Store) -> None:
    assert render_map(store, "overview") == render_map(store, "overview")
    positions = {n["id"]: (n["x"], n["y"]) for n in page_data(render_map(store))["nodes"]}
    assert len(set(positions.values())) == len(positions)  # no two actors on the same spot


def test_layout_puts_housing_left_entry_point_centre_administrations_right(store: Store) -> None:
    nodes = {n["id"]: n for n in page_data(render_map(store, "strategic"))["nodes"]}
    ep = nodes[KBH + "entry-point"]
    housing = [n for n in nodes.values() if n["kind"].endswith("#HousingOrganisationGroup")]
    admins = [n for n in nodes.values() if n["kind"].endswith("#Administration")]
    assert housing and admins
    assert max(n["x"] for n in housing) < ep["x"] < min(n["x"] for n in admins)
    assert ep["shape"] == "star" and ep["size"] > max(n["size"] for n in admins)


def test_strategic_view_has_formal_channels_and_the_entry_point(store: Store) -> None:
    data = page_data(render_map(store, "strategic"))
    assert {e["layer"] for e in data["edges"]} == {"formal"}
    assert len(data["edges"]) == 9  # the group and BL's 1. kreds to the entry point, from it to 7 administrations
    assert any(n["entry"] for n in data["nodes"])


def test_operational_view_has_direct_contacts_drawn_thick_green(store: Store) -> None:
    data = page_data(render_map(store, "operational"))
    assert len(data["edges"]) == 7
    # at the memo's grain: one channel per administration, from the group, none from its members
    assert {e["from"] for e in data["edges"]} == {KBH + "de-store-almene-boligorganisationer"}
    assert len({e["to"] for e in data["edges"]}) == 7
    assert {e["layer"] for e in data["edges"]} == {"operational"}
    assert data["style"]["layers"]["operational"] == {"color": "#1e8449", "width": 4.0}  # drawn thick green
    assert not any(n["entry"] for n in data["nodes"] if data["current"] in n["in"])


def test_a_formal_and_a_direct_channel_between_one_pair_bow_apart(broken: Store) -> None:
    edges = edges_by_id(page_data(render_map(broken, "overview")))
    formal, direct = edges["https://w3id.org/graf/id/test/ch-proeve-anden"], \
        edges["https://w3id.org/graf/id/test/ch-proeve-anden-direkte"]
    assert formal["curve"] and direct["curve"] and formal["curve"] != direct["curve"]


def test_parallel_channels_of_one_kind_are_one_line_with_a_count(dated: Store) -> None:
    data = page_data(render_map(dated, "overview", scenario="before"))
    before = next(i for i, f in enumerate(data["frames"]) if f["name"] == "before")
    bundle = edges_by_id(data)[D + "ch-b1"]
    assert bundle["per"][str(before)] == [D + "ch-b1", D + "ch-b2"]  # both channels Bolig 1 -> Forvaltning A
    assert {data["members"][m]["confidence"] for m in bundle["per"][str(before)]} == {"memo", "external"}
    assert sum(1 for e in data["edges"] if {e["from"], e["to"]} == {D + "bolig-1", D + "forv-a"}) == 1


def test_empty_view_is_a_page_with_no_actors(store: Store) -> None:
    data = page_data(render_map(store, "strategic", scenario="asis"))
    assert data["actors"] == 0 and data["frames"][data["current"]]["name"] == "asis"
    assert not any(data["current"] in n["in"] for n in data["nodes"])  # the other frames' actors, hidden at first
    assert data["strings"]["empty"].startswith("Visningen er tom")


@pytest.mark.parametrize("ident", ["teknik-og-miljoeforvaltningen", TMF, "kbh/teknik-og-miljoeforvaltningen"])
def test_actor_view_by_local_name_or_iri(store: Store, ident: str) -> None:
    data = page_data(render_map(store, f"actor:{ident}"))
    ids = {n["id"] for n in data["nodes"]}
    G = actor_graph(store, get_scenario(store, "adjusted"))
    assert ids == {TMF} | set(G.successors(TMF)) | set(G.predecessors(TMF))
    assert data["focus"] == TMF
    assert data["title"].startswith("Teknik- og Miljøforvaltningen")


def test_actor_view_degree_two_is_wider(store: Store) -> None:
    one = {n["id"] for n in page_data(render_map(store, "actor:teknik-og-miljoeforvaltningen"))["nodes"]}
    two = {n["id"] for n in page_data(render_map(store, "actor:teknik-og-miljoeforvaltningen", degree=2))["nodes"]}
    assert one < two


def test_ambiguous_actor_id_lists_the_longer_ids(store: Store) -> None:
    with pytest.raises(UnknownNameError) as err:
        render_map(store, "actor:teknik-og-miljoeborgmester")
    assert "post/teknik-og-miljoeborgmester" in err.value.valid
    assert len(err.value.valid) >= 2


@pytest.mark.parametrize(("kwargs", "kind", "listed"), [
    ({"view": "nonsense"}, "view", "overview"),
    ({"view": "actor:"}, "view", "actor:<id>"),
    ({"view": "diff:asis"}, "view", "diff:<A>..<B>"),
    ({"view": "actor:no-such-actor"}, "actor", "teknik-og-miljoeforvaltningen"),
    ({"scenario": "nope"}, "scenario", "adjusted"),
    ({"view": "diff:asis..nope"}, "scenario", "draft"),
    ({"lang": "de"}, "language", "en"),
    ({"view": "actor:teknik-og-miljoeforvaltningen", "degree": 3}, "degree", "2"),
])
def test_bad_names_raise_unknown_name_with_the_valid_ones(store: Store, kwargs: dict, kind: str,
                                                          listed: str) -> None:
    with pytest.raises(UnknownNameError) as err:
        render_map(store, **kwargs)
    assert err.value.kind == kind
    assert listed in err.value.valid


def test_diff_view_is_the_later_scenario_coloured_against_the_earlier(store: Store) -> None:
    data = page_data(render_map(store, "diff:asis..draft"))
    names = [f["name"] for f in data["frames"]]
    assert names[data["current"]] == "draft" and names[data["compare"]] == "asis"
    assert data["title"] == "Ændringer fra asis til draft"
    ep = {n["id"]: n for n in data["nodes"]}[KBH + "entry-point"]
    assert names.index("asis") not in ep["in"] and names.index("draft") in ep["in"]  # added by the draft


def test_diff_without_names_compares_with_the_preceding_scenario(store: Store) -> None:
    data = page_data(render_map(store, "diff"))
    assert data["title"] == "Ændringer fra asis til adjusted"
    reverse = page_data(render_map(store, "diff:adjusted..asis"))
    assert [f["name"] for f in reverse["frames"]][reverse["current"]] == "asis"


def test_one_page_holds_the_scenario_family_in_time_order(store: Store) -> None:
    data = page_data(render_map(store))
    assert [f["name"] for f in data["frames"]] == ["asis", "draft", "adjusted"]  # the draft's model begins first
    assert data["frames"][data["current"]]["name"] == "adjusted" and data["compare"] is None
    assert len(page_data(render_map(store, "findings"))["frames"]) == 1
    assert len(page_data(render_map(store, scenario="all"))["frames"]) == 1


def test_positions_do_not_move_between_scenarios(store: Store) -> None:
    where = {n["id"]: (n["x"], n["y"]) for n in page_data(render_map(store, scenario="asis"))["nodes"]}
    assert where == {n["id"]: (n["x"], n["y"]) for n in page_data(render_map(store, scenario="draft"))["nodes"]}


def test_english_labels_and_ui(store: Store) -> None:
    data = page_data(render_map(store, "actor:teknik-og-miljoeforvaltningen", lang="en"))
    labels = {n["id"]: n["labels"]["en"] for n in data["nodes"]}
    assert labels[TMF] == "Technical and Environmental Administration"
    assert {n["id"]: n["label"] for n in data["nodes"]}[TMF] == "Technical and\nEnvironmental\nAdministration"
    assert data["strings"]["png"] == "Save as PNG" and data["lang"] == "en"
    assert 'lang="en"' in render_map(store, lang="en")[:80]


def test_node_carries_its_source_sentences(store: Store) -> None:
    data = page_data(render_map(store))
    tmf = next(n for n in data["nodes"] if n["id"] == TMF)
    cited = [data["citations"][f["c"]] for f in tmf["facts"]]  # each distinct citation once, by index
    assert any("Teknik- og Miljøforvaltningen" in c.get("quote", "") for c in cited)
    assert all(f["fact"] and c["confidence"] in ("memo", "external", "derived")
               for f, c in zip(tmf["facts"], cited, strict=True))
    assert len(data["citations"]) == len({json.dumps(c, sort_keys=True) for c in data["citations"]})


def test_labels_cannot_break_out_of_the_data_block(broken: Store) -> None:
    page = render_map(broken, "overview")
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    labels = {n["labels"]["da"] for n in page_data(page)["nodes"]}
    assert {"<img src=x onerror=alert(1)>", '"><script>alert(2)</script>'} <= labels


def test_script_json_escapes_markup() -> None:
    text = script_json({"a": "</script><!-- & \u2028"})
    assert not set("<>&") & set(text)
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_findings_view_draws_the_bypass_witness(broken: Store) -> None:
    data = page_data(render_map(broken, "findings"))
    bypass = [f for f in data["findings"] if f["code"] == "formal-channel-bypass"]
    assert bypass, [f["code"] for f in data["findings"]]
    finding = bypass[0]
    proeve, anden = "https://w3id.org/graf/id/test/proeve", "https://w3id.org/graf/id/test/anden-forvaltning"
    assert {proeve, anden} <= set(finding["nodes"])
    edges = edges_by_id(data)
    witness = edges["https://w3id.org/graf/id/test/ch-proeve-anden"]
    assert witness["mark"] == "witness" and data["style"]["witness"] == "#ff00aa"
    assert {n["id"]: n["mark"] for n in data["nodes"]}[proeve] == "witness"
    assert finding["title"] in {n["id"]: n["flags"] for n in data["nodes"]}[proeve]  # the rule's title, in the tooltip
    assert finding["title"] and finding["severity"] == "violation"


def synthetic_graph(n: int) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(scenario="synthetic", entry_points=[])
    kinds = [("https://w3id.org/graf/def#HousingOrganisation", "boligorganisation"),
             ("https://w3id.org/graf/def#Administration", "forvaltning"),
             ("https://w3id.org/graf/def#LocalCommittee", "lokaludvalg")]
    for i in range(n):
        kind, label = kinds[i % 3]
        G.add_node(f"urn:a{i}", iri=f"urn:a{i}", kind=kind, kinds=[kind], kind_label={"da": label, "en": label},
                   label={"da": f"Aktør {i}", "en": f"Actor {i}"}, sources=[], entry_point=False)
    for i in range(0, n - 1, 3):
        G.add_edge(f"urn:a{i}", f"urn:a{i + 1}", key=f"urn:c{i}", id=f"urn:c{i}", relation="channel",
                   predicate="", layer="operational", status="open", via=[], sources=[])
    return G


def test_big_views_are_aggregated_and_say_so() -> None:
    G = synthetic_graph(2400)
    H, notes = aggregate(G, 2000)
    assert H.number_of_nodes() <= 2000 and notes
    data = page_data(render_view(overview(G), "en"))
    assert data["aggregated"] and data["actors"] == 2400
    assert len(data["nodes"]) <= 2000
    assert any("aggregated" in note for note in data["notes"])
    group = next(n for n in data["nodes"] if n.get("group"))
    assert group["count"] == 800 and group["members"]


def test_small_views_are_not_aggregated() -> None:
    H, notes = aggregate(synthetic_graph(300), 2000)
    assert H.number_of_nodes() == 300 and notes == []


# -- the command ---------------------------------------------------------------------------------


def test_cli_writes_one_html_file(tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    result = run_graf("map", "--view", "operational", "--lang", "en", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stderr
    data = page_data(out.read_text(encoding="utf-8"))
    assert data["title"] == "Operational: direct contacts"


def test_cli_without_output_prints_the_page() -> None:
    result = run_graf("--data", str(BROKEN), "map", "--view", "strategic")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(("args", "expected"), [
    (["--view", "bogus"], "unknown view 'bogus'; valid names: actor:<id>, diff:<A>..<B>, findings"),
    (["--view", "actor:nobody"], "unknown actor 'nobody'; valid names: "),
    (["--scenario", "nope"], "unknown scenario 'nope'; valid names: adjusted, all, asis, draft"),
    (["--scenario", "all", "--view", "findings"], "the findings view compares or validates scenarios; choose one of"),
])
def test_cli_bad_names_exit_2_with_the_valid_ones(args: list[str], expected: str) -> None:
    result = run_graf("map", *args)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
