"""The README's "Python API" example runs as written, and does what its comments say."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def python_api_example() -> str:
    """The first ```python block of the README's "## Python API" section."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"```python\n(.*?)\n```", section, re.S)
    assert found, "the README's Python API section has no ```python block"
    return found.group(1)


def test_the_python_api_example_runs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # the example writes strategic.html into the current folder
    names: dict[str, object] = {"__name__": "readme_example"}
    exec(compile(python_api_example(), f"{README}#python-api", "exec"), names)

    table = names["table"]
    assert {"open", "unknown"} <= set(table.columns) and "adjusted" in table.index  # channels per scenario, status
    assert str(names["df"].dtypes["channels"]) == "Int64"
    assert len(names["rows"]) > 0  # the channels of the entry point

    report = names["report"]
    assert report.conforms is False
    assert ("asis", "single-entry-point") in {(s, r) for s, r, _message in names["problems"]}
    assert "Result: does not conform" in capsys.readouterr().out

    page = (tmp_path / "strategic.html").read_text(encoding="utf-8")
    assert "vis-network" in page and "https://" not in page.split("<body", 1)[0]  # offline: nothing fetched
    label, diameter = names["central"].actors[0].label["en"], names["central"].network.diameter
    assert label and diameter >= 1
