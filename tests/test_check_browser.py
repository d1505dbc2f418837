"""'Check your own model' in a real browser: Debian chromium (Playwright) on a real `graf serve`.

Upload the planner's workbook from the home page, see the findings, open a map of the model;
upload a broken workbook and see every problem with its place. Screenshots go to
``artefacts/check/`` (gitignored) for a human to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from api.testing import running_server
from tests.conftest import ROOT, broken_copy, filled

ARTEFACTS = ROOT / "artefacts" / "check"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server() as url:
        yield url


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return filled(tmp_path_factory.mktemp("model"))


def test_upload_a_workbook_see_the_findings_and_open_a_map(browser: Browser, server: str, workbook: Path) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((server, "data:")) else None)
    page.goto(server + "/?lang=en")
    assert page.locator("#check").inner_text() == "Check your own model"
    page.set_input_files("#check-form input[type=file]", str(workbook))
    page.click("#check-form button[type=submit]")
    page.wait_for_selector("#status", timeout=60_000)
    assert page.locator("h1").inner_text() == "Check of the model: model.xlsx"
    assert page.locator("#status").inner_text() == "Violations found"
    findings = page.locator("#findings tbody tr")
    assert findings.count() == 1
    assert "foer" in findings.first.inner_text() and "single-entry-point" in findings.first.inner_text()
    assert page.locator("#summary").inner_text().count("OK") >= 7  # every other rule holds in both scenarios
    page.screenshot(path=str(ARTEFACTS / "result.png"), full_page=True)
    trig = page.locator("#trig").get_attribute("href")
    assert trig and trig.endswith("/model.trig")
    efter = page.locator("#check-maps li", has_text="efter")
    efter.locator("a", has_text="Overview").click()
    page.wait_for_selector("body[data-drawn]", state="attached", timeout=60_000)  # the map's first draw is done
    labels = [label.replace("\n", " ") for label in page.evaluate("grafMap.nodes.get().map(n => n.label)")]
    assert "Partnership Forum" in labels and "Single entry point" in labels
    page.screenshot(path=str(ARTEFACTS / "map.png"))
    assert outside == []  # nothing left the server
    page.close()


def test_a_broken_workbook_shows_every_problem_with_its_place(browser: Browser, server: str, workbook: Path,
                                                            tmp_path: Path) -> None:
    broken = broken_copy(workbook, tmp_path, {("Aktører", "B4"): "forvalting", ("Begivenheder", "E2"): "15-01-2024"})
    page = browser.new_page()
    page.goto(server + "/")
    assert page.locator("#check").inner_text() == "Tjek jeres egen model"
    page.set_input_files("#check-form input[type=file]", str(broken))
    page.click("#check-form button[type=submit]")
    page.wait_for_selector("#problems", timeout=60_000)
    items = page.locator("#problems li").all_inner_texts()
    assert len(items) == 2
    assert any("sheet 'Aktører', row 4, column 'art' (B4): 'forvalting' is not a kind; did you mean 'forvaltning'?"
               in i for i in items)
    assert any("'15-01-2024' is not a date" in i and "did you mean '2024-01-15'?" in i for i in items)
    page.screenshot(path=str(ARTEFACTS / "problems.png"), full_page=True)
    page.close()
