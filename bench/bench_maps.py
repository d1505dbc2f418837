"""Benchmark ``graf map`` on synthetic actor networks: generation time, file size, time to first draw, and how
long moving the date slider takes to redraw (Copenhagen overview and the national overview).

Run: ``.venv/bin/python bench/bench_maps.py [--sizes 100,1000,5000,20000] [--national-scale 1]``. Needs
Debian chromium at /usr/bin/chromium (headless, every non-file request aborted). Views above 2000 actors
are aggregated by kind (as ``graf map`` does); the ``(no aggr.)`` row shows what drawing 5000
actors one by one would cost. Slider targets: under 300 ms on the Copenhagen model, under 1.5 s on the
national overview (``graf generate --scale 1``): from setting a date to the end of the next drawing.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

if TYPE_CHECKING:
    from playwright.sync_api import Page

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


@contextmanager
def offline_page() -> Iterator[tuple[Page, list[str]]]:
    """A 1600x1000 page of headless Debian chromium that aborts every request but to a ``file://`` address, and the
    list of the addresses it aborted (to assert empty: a map needs nothing from the network)."""
    from playwright.sync_api import sync_playwright

    play = sync_playwright().start()
    try:
        browser = play.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        blocked: list[str] = []
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                   else (blocked.append(r.request.url), r.abort()))
        yield page, blocked
        browser.close()
    finally:
        play.stop()


def first_draw_ms(page, path: Path) -> float:
    start = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-drawn]", state="attached", timeout=600_000)
    return (time.perf_counter() - start) * 1000


#: set a date and wait for the drawing that follows (a redraw is asked for, so one comes even when nothing changed)
_SLIDE = """(day) => new Promise(resolve => {
  const start = performance.now();
  grafMap.network.once('afterDrawing', () => resolve(performance.now() - start));
  grafMap.setDate(day);
  grafMap.network.redraw();
})"""


def slider_ms(page, path: Path, stops: int = 12) -> list[float]:
    """Milliseconds from setting a date to the end of the next drawing, at ``stops`` dates spread over the page's
    date span (the page opened fresh), then back to all dates."""
    first_draw_ms(page, path)
    span = page.evaluate("grafMap.data.time && [grafMap.data.time.first, grafMap.data.time.last]")
    if not span:
        return []
    import datetime as dt

    a, b = (dt.date.fromisoformat(d) for d in span)
    days = [(a + (b - a) * i / (stops - 1)).isoformat() for i in range(stops)]
    return [page.evaluate(_SLIDE, day) for day in days] + [page.evaluate(_SLIDE, None)]


def copenhagen(folder: Path) -> Path:
    """The Copenhagen overview (the bundled data), written to ``folder``."""
    from graf.settings import Settings
    from graf.store import open_store
    from visualisations.maps import render_map

    store = open_store(Settings.from_env({}, environ={}))
    try:
        path = folder / "copenhagen.html"
        path.write_text(render_map(store, "overview"), encoding="utf-8")
    finally:
        store.close()
    return path


def overview_page(settings: dict[str, Any]) -> tuple[str, Any, float]:
    """The national overview page of the store ``settings`` name: what ``render_map(store, "overview",
    scenario="all")`` does, keeping the whole actor graph; (html, graph, seconds to build)."""
    from graf.settings import Settings
    from graf.store import open_store
    from visualisations.maps import build_frames, map_data, parse_view
    from visualisations.page import render_page

    store = open_store(Settings.from_env(settings, environ={}))
    try:
        start = time.perf_counter()
        spec = parse_view(store, "overview", "all")
        frames = build_frames(store, spec)
        page_data = map_data(frames, spec.current, "da", view="overview", subtitle=spec.frames[0].label("da"))
        html = render_page(page_data, page_data["title"], "da")
        return html, frames[0].graph, time.perf_counter() - start
    finally:
        store.close()


def national(scale: float, folder: Path, page: object) -> tuple:
    """The national overview: a synthetic national model in memory, ``render_map(..., scenario="all")``."""
    from graf.generate import generate, write

    data, _ = write(generate(scale=scale, seed=1), folder)
    html, whole, gen_s = overview_page({"data": [data]})
    path = folder / "national.html"
    path.write_text(html, encoding="utf-8")
    draw = first_draw_ms(page, path) if page else float("nan")
    nodes = page.evaluate("grafMap.nodes.length") if page else 0  # type: ignore[attr-defined]
    label = f"{whole.number_of_nodes():,} (national {scale:g})"
    return label, whole.number_of_edges(), nodes, gen_s, len(html.encode()) / 1e6, draw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000,20000")
    parser.add_argument("--no-browser", action="store_true", help="skip the time to first draw")
    parser.add_argument("--national-scale", type=float, default=1.0,
                        help="also draw the national overview (graf map --scenario all) of a synthetic national "
                             "model of this scale (graf generate; 0 to skip; default 1.0)")
    args = parser.parse_args()
    runs = [(int(s), 2000, "") for s in args.sizes.split(",") if s] + \
        ([(5000, 10_000, " (no aggr.)")] if args.sizes else [])
    rows = []
    stack = ExitStack()
    page, blocked = stack.enter_context(offline_page()) if not args.no_browser else (None, [])
    with stack, tempfile.TemporaryDirectory() as tmp:
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
        slides = {}
        if page:
            slides["Copenhagen overview (target 300 ms)"] = slider_ms(page, copenhagen(Path(tmp)))
            if args.national_scale:
                slides[f"national overview {args.national_scale:g} (target 1,500 ms)"] = slider_ms(
                    page, Path(tmp) / "national.html")
    assert not blocked, blocked
    print(f"| {'actors':>18} | {'edges':>7} | {'drawn nodes':>11} | {'generate (s)':>12} | {'file (MB)':>9} "
          f"| {'first draw (ms)':>15} |")
    print(f"|{'-' * 20}|{'-' * 9}|{'-' * 13}|{'-' * 14}|{'-' * 11}|{'-' * 17}|")
    for label, edges, nodes, gen_s, size, draw in rows:
        print(f"| {label:>18} | {edges:>7,} | {nodes:>11,} | {gen_s:>12.2f} | {size:>9.2f} | {draw:>15.0f} |")
    if slides:
        import statistics

        print("\n| date slider, set a date -> drawn | dates | median (ms) | max (ms) |\n|---|---:|---:|---:|")
        for label, times in slides.items():
            if times:
                print(f"| {label} | {len(times)} | {statistics.median(times):,.0f} | {max(times):,.0f} |")


if __name__ == "__main__":
    main()
