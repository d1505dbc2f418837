"""Benchmark the query page (/query, YASGUI served by graf): bytes transferred and time to interactive.

Run: ``.venv/bin/python bench/bench_query_page.py [--repeat 5]``. Starts ``graf serve`` on the
bundled data and drives headless Debian chromium (/usr/bin/chromium); a request to another origin
stops the run (none is allowed; requests are not intercepted, which would switch the HTTP cache
off). Each cold load is a fresh browser context (empty cache and storage); the
warm load reloads the same context (HTTP cache, tabs kept in localStorage). "Interactive" is the
moment query.js has set YASGUI up (``html[data-graf-query=ready]``), read from the page's own clock
(``performance.now()``, milliseconds since the navigation started). Bytes are what the network
carried (Chromium's encodedDataLength: headers and bodies). Budgets (issue 17): first load under
1.5 MB, interactive under 2 s; each figure is reported beside its budget, not asserted.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import Browser, BrowserContext, sync_playwright  # noqa: E402

from api.testing import running_server  # noqa: E402

BUDGET_BYTES = 1_500_000
BUDGET_MS = 2000.0
READY = 'html[data-graf-query="ready"]'
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
VENDOR = Path(__file__).resolve().parent.parent / "api" / "static" / "vendor" / "yasgui"


def load(context: BrowserContext, url: str, reload: bool = False) -> dict[str, float]:
    """One load of ``url`` in ``context``: bytes on the network, requests, ms to interactive."""
    page = context.pages[0] if reload else context.new_page()
    host = urlparse(url).netloc
    outside: list[str] = []
    received: list[float] = []
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on("Network.loadingFinished", lambda e: received.append(e["encodedDataLength"]))
    page.on("request", lambda r: None if urlparse(r.url).netloc in (host, "") else outside.append(r.url))
    if reload:
        page.reload()
    else:
        page.goto(url)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_load_state("networkidle")
    ready_ms = page.evaluate("window.grafQuery.readyMs")
    cdp.detach()
    if outside:
        raise SystemExit(f"requests left the origin: {outside}")
    return {"bytes": sum(received), "requests": len(received), "ready_ms": ready_ms}


def cold_and_warm(browser: Browser, url: str, repeat: int) -> tuple[list[dict], list[dict]]:
    cold, warm = [], []
    for _ in range(repeat):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        try:
            cold.append(load(context, url))
            warm.append(load(context, url, reload=True))
        finally:
            context.close()
    return cold, warm


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="cold loads (each followed by a warm one)")
    args = parser.parse_args()
    with running_server(["--time-limit", "10"]) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        try:
            load(browser.new_context(), base + "/query")  # the server's first page render (caches) is not measured
            results = {path: cold_and_warm(browser, base + path, args.repeat) for path in ("/query", "/query?lang=en")}
        finally:
            browser.close()
    js = (VENDOR / "yasgui.min.js").read_bytes()
    css = (VENDOR / "yasgui.min.css").read_bytes()
    print(f"query page (/query), headless chromium, {args.repeat} cold loads each (fresh context), medians")
    print(f"{'page':<18} {'load':<5} {'requests':>8} {'bytes':>10} {'of 1.5 MB':>9} {'ready ms':>9} {'of 2 s':>7}")
    for path, (cold, warm) in results.items():
        for name, runs in (("cold", cold), ("warm", warm)):
            nbytes = statistics.median(r["bytes"] for r in runs)
            ms = statistics.median(r["ready_ms"] for r in runs)
            requests = statistics.median(r["requests"] for r in runs)
            print(f"{path:<18} {name:<5} {requests:>8.0f} {nbytes:>10,.0f} {nbytes / BUDGET_BYTES:>9.2f} "
                  f"{ms:>9.0f} {ms / BUDGET_MS:>7.2f}")
    print(f"vendored YASGUI: yasgui.min.js {len(js):,} bytes ({len(gzip.compress(js)):,} gzipped), "
          f"yasgui.min.css {len(css):,} bytes ({len(gzip.compress(css)):,} gzipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
