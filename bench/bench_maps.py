"""Benchmark ``graf map`` on synthetic actor networks: generation time, file size, time to first draw.

Run: ``/work/venv/bin/python bench/bench_maps.py [--sizes 100,1000,5000,20000]``. Needs Debian
chromium at /usr/bin/chromium (headless, every non-file request aborted). Views above 2000 actors
are aggregated by kind (as ``graf map`` does); the ``(no aggr.)`` row shows what drawing 5000
actors one by one would cost.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from visualisations.maps import render_view  # noqa: E402
from visualisations.views import overview  # noqa: E402

G_ = "https://w3id.org/graf/def#"
KINDS = [  # (class, share, da, en)
    ("HousingOrganisation", 0.35, "almen boligorganisation", "social housing organisation"),
    ("Administration", 0.10, "forvaltning", "administration"),
    ("LocalCommittee", 0.20, "lokaludvalg", "local committee"),
    ("StandingCommittee", 0.10, "stående udvalg", "standing committee"),
    ("MayorPost", 0.10, "borgmesterpost", "mayor's post"),
    ("Forum", 0.15, "forum", "forum"),
]


def synthetic(n: int, seed: int = 42) -> nx.MultiDiGraph:
    """An actor graph shaped like :func:`graf.network.actor_graph`'s, with ``n`` actors."""
    rnd = random.Random(seed)
    G = nx.MultiDiGraph(scenario="synthetic", entry_points=["urn:ep"])

    def add(iri: str, cls: str, da: str, en: str, label: str, **extra: object) -> None:
        G.add_node(iri, iri=iri, kind=G_ + cls, kinds=[G_ + cls], kind_label={"da": da, "en": en},
                   label={"da": label, "en": label}, entry_point=False, housing=cls == "HousingOrganisation",
                   municipal_unit=cls in ("Administration", "LocalCommittee", "StandingCommittee"),
                   sources=[{"predicate": "http://www.w3.org/2004/02/skos/core#prefLabel", "object": label,
                             "citation": "urn:cite", "key": "S1", "quote": f"{label} er nævnt i notatet.",
                             "confidence": "memo", "reasoning": "", "document": ""}], **extra)

    add("urn:ep", "EntryPoint", "indgang", "entry point", "Indgangen")
    G.nodes["urn:ep"]["entry_point"] = True
    by_kind: dict[str, list[str]] = {}
    for i in range(n - 1):
        cls, _share, da, en = rnd.choices(KINDS, weights=[k[1] for k in KINDS])[0]
        iri = f"urn:actor:{i}"
        add(iri, cls, da, en, f"{da.capitalize()} {i}")
        by_kind.setdefault(cls, []).append(iri)

    counter = iter(range(10**9))

    def edge(u: str, v: str, layer: str, relation: str = "channel") -> None:
        key = f"urn:e:{next(counter)}"
        G.add_edge(u, v, key=key, id=key, relation=relation, predicate="", layer=layer, status="open", via=[],
                   sources=[])

    admins = by_kind.get("Administration", ["urn:ep"])
    for ho in by_kind.get("HousingOrganisation", []):
        edge(ho, "urn:ep", "formal")
        for adm in rnd.sample(admins, min(2, len(admins))):
            edge(ho, adm, "operational")
    for adm in admins:
        edge("urn:ep", adm, "formal")
    for cls in ("LocalCommittee", "StandingCommittee", "MayorPost", "Forum"):
        for iri in by_kind.get(cls, []):
            edge(iri, rnd.choice(admins), "structure", "unitOf")
    return G


def first_draw_ms(page, path: Path) -> float:
    start = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_function("window.grafMap && window.grafMap.state.drawn", timeout=600_000)
    return (time.perf_counter() - start) * 1000


def national(scale: float, folder: Path, page: object) -> tuple:
    """The national overview: a synthetic national model in memory, ``render_map(..., scenario="all")``."""
    from graf.generate import generate, write
    from graf.settings import Settings
    from graf.store import open_store
    from visualisations.maps import build_view, render_map

    data, _ = write(generate(scale=scale, seed=1), folder)
    store = open_store(Settings.from_env({"data": [data]}, environ={}))
    try:
        start = time.perf_counter()
        html = render_map(store, "overview", scenario="all")
        gen_s = time.perf_counter() - start
        view, _sc, _names = build_view(store, "overview", scenario="all")
    finally:
        store.close()
    path = folder / "national.html"
    path.write_text(html, encoding="utf-8")
    draw = first_draw_ms(page, path) if page else float("nan")
    nodes = page.evaluate("grafMap.nodes.length") if page else 0  # type: ignore[attr-defined]
    label = f"{view.graph.number_of_nodes():,} (national {scale:g})"
    return label, view.graph.number_of_edges(), nodes, gen_s, len(html.encode()) / 1e6, draw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000,20000")
    parser.add_argument("--no-browser", action="store_true", help="skip the time to first draw")
    parser.add_argument("--national-scale", type=float, default=1.0,
                        help="also draw the national overview (graf map --scenario all) of a synthetic national "
                             "model of this scale (graf generate; 0 to skip; default 1.0)")
    args = parser.parse_args()
    runs = [(int(s), 2000, "") for s in args.sizes.split(",")] + [(5000, 10_000, " (no aggr.)")]
    rows = []
    browser = page = play = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        play = sync_playwright().start()
        browser = play.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        blocked: list[str] = []
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                   else (blocked.append(r.request.url), r.abort()))
    with tempfile.TemporaryDirectory() as tmp:
        for n, limit, note in runs:
            G = synthetic(n)
            start = time.perf_counter()
            html = render_view(overview(G), "da", "synthetic", max_nodes=limit)
            gen_s = time.perf_counter() - start
            path = Path(tmp) / f"map-{n}-{limit}.html"
            path.write_text(html, encoding="utf-8")
            draw = first_draw_ms(page, path) if page else float("nan")
            nodes = page.evaluate("grafMap.nodes.length") if page else 0
            label = f"{n:,}{note}"
            rows.append((label, G.number_of_edges(), nodes, gen_s, len(html.encode()) / 1e6, draw))
        if args.national_scale:
            rows.append(national(args.national_scale, Path(tmp), page))
    if browser:
        browser.close()
        play.stop()
        assert not blocked, blocked
    print(f"| {'actors':>18} | {'edges':>7} | {'drawn nodes':>11} | {'generate (s)':>12} | {'file (MB)':>9} "
          f"| {'first draw (ms)':>15} |")
    print(f"|{'-' * 20}|{'-' * 9}|{'-' * 13}|{'-' * 14}|{'-' * 11}|{'-' * 17}|")
    for label, edges, nodes, gen_s, size, draw in rows:
        print(f"| {label:>18} | {edges:>7,} | {nodes:>11,} | {gen_s:>12.2f} | {size:>9.2f} | {draw:>15.0f} |")


if __name__ == "__main__":
    main()
