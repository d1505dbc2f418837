"""Make the map gallery: docs/maps.md and a screenshot of each view, in Danish and in English.

    .venv/bin/python docs/gallery.py [--size 1400x900]

Each map is rendered from the bundled Copenhagen 2010 data exactly as ``graf map`` writes it, opened from
disk in the same headless Debian Chromium the browser tests use (Playwright with
``executable_path=/usr/bin/chromium``; every request that leaves the file is aborted and counted, and must
stay none), and photographed after its first drawing. Run it again after changing the maps; the page
text below is written by this script too, so pictures and captions stay in step.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graf.settings import Settings  # noqa: E402
from graf.store import open_store  # noqa: E402
from visualisations.maps import render_map  # noqa: E402

OUT = ROOT / "docs" / "maps"

#: (file stem, view, fragment to open with, title, what it shows)
SHOTS = [
    ("overview", "overview", "", "Overview",
     "Every actor of the adjusted model in the memo's own shape: the housing side on the left, the entry point and "
     "the fora between it and the municipality, the political level (council, committees, mayors' posts and who "
     "holds them) above the administrations, each sector in one column, the local committees apart below. "
     "Organisational relations are off (tick them under Layers); the formal channels are dashed: they rest on "
     "graf's derivation, not on a sentence of the memo."),
    ("strategic", "strategic", "", "Strategic",
     "The formal channels: from the group of large housing organisations and BL's 1st district into the entry "
     "point, and from it to each administration."),
    ("operational", "operational", "", "Operational",
     "The direct contacts the memo keeps open: one channel from the group to each administration."),
    ("actor-tmf", "actor:teknik-og-miljoeforvaltningen", "", "One actor's neighbourhood",
     "The Technical and Environmental Administration with everything linked to it, organisational relations on."),
    ("diff", "diff:asis..adjusted", "", "Changes",
     "The adjusted model coloured by what changed from the situation before the reform: green added, grey "
     "unchanged. The scenario switcher (left) flips between as-is, draft and adjusted without moving anything."),
    ("findings", "findings", "", "Findings",
     "The validation report drawn on the map (the shipped model conforms: no findings)."),
    ("date", "overview", "d=2010-03-01", "On a date",
     "The date slider set to 1 March 2010: what held that day (the adjusted model's channels from 25 February "
     "2010), with the strip of events and the nearest one highlighted."),
    ("central", "overview", "size=betweenness", "Who is central",
     "Actors sized by betweenness, with the network's density, diameter and average path length and the top "
     "actors in the dashboard."),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1400x900", help="window size (default 1400x900)")
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.split("x"))
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    store = open_store(Settings.from_env({}, environ={}))
    blocked: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as play:
        browser = play.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                       args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        page = browser.new_page(viewport={"width": width, "height": height})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                   else (blocked.append(r.request.url), r.abort()))
        for stem, view, fragment, _title, _text in SHOTS:
            for lang in ("da", "en"):
                path = Path(tmp) / f"{stem}-{lang}.html"
                path.write_text(render_map(store, view, lang=lang), encoding="utf-8")
                page.goto(path.as_uri() + (f"#{fragment}" if fragment else ""))
                page.wait_for_selector("body[data-drawn]", state="attached", timeout=60_000)
                page.screenshot(path=str(OUT / f"{stem}-{lang}.png"))
                print(f"wrote docs/maps/{stem}-{lang}.png")
        browser.close()
    store.close()
    if blocked:
        raise SystemExit(f"the maps tried to fetch: {blocked}")
    (ROOT / "docs" / "maps.md").write_text(_page(args.size), encoding="utf-8")
    print("wrote docs/maps.md")


def _page(size: str) -> str:
    lines = ["# Maps for planners: a gallery", "",
             "Each picture is a map `graf map` writes from the bundled Copenhagen 2010 data, opened from disk in "
             f"headless Chromium at {size.replace('x', ' × ')} and taken after its first drawing, Danish (the "
             "default) and English (`--lang en`). Made by `docs/gallery.py`; run `.venv/bin/python docs/gallery.py` "
             "to make them again. What the maps do is described in the README (Maps for planners).", ""]
    for stem, view, fragment, title, text in SHOTS:
        command = f"graf map --view {view}" if view != "overview" else "graf map"
        opened = f", opened with `#{fragment}`" if fragment else ""
        lines += [f"## {title}", "", f"{text} (`{command}`{opened})", "",
                  "| Dansk | English |", "| --- | --- |",
                  f"| ![{title}, Danish](maps/{stem}-da.png) | ![{title}, English](maps/{stem}-en.png) |", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
