"""Over HTTP: "Check your own model" (POST /check and its pages, maps, TriG, loading with the token),
/export in the workbook and network formats, /template. Against a real `graf serve` (subprocess, httpx)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import networkx as nx
import openpyxl
import pyoxigraph as ox
import pytest

from api.testing import running_server
from graf.workbook import import_path
from tests.conftest import PLANNER, ROOT, broken_copy, filled

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    """graf serve with an update token (its data set can take a checked model) and a 2 MB body limit."""
    with running_server(["--update-token", "s3cret"], env={"GRAF_MAX_REQUEST_BYTES": "2000000"}) as url, \
            httpx.Client(base_url=url, timeout=120) as c:
        yield c


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return filled(tmp_path_factory.mktemp("model"))


def _upload(client: httpx.Client, path: Path, **kw: object) -> object:
    return client.post("/check", files={"file": (path.name, path.read_bytes())}, **kw)  # type: ignore[arg-type]


def test_a_checked_workbook_gives_its_report_maps_and_trig_and_stores_nothing(client: httpx.Client, workbook: Path
                                                                             ) -> None:
    before = client.get("/scenarios").json()
    r = _upload(client, workbook)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["kind"] == "workbook" and body["name"] == "model.xlsx"
    assert {s["name"] for s in body["scenarios"]} == {"foer", "efter"}
    assert body["conforms"] is False
    assert {(f["scenario"], f["code"]) for f in body["report"]["findings"]} == {("foer", "no-entry-point")}
    trig = client.get(body["links"]["trig"])
    assert trig.status_code == 200 and trig.headers["content-type"].startswith("application/trig")
    assert 'filename="model.trig"' in trig.headers["content-disposition"]
    got = ox.Dataset(ox.parse(trig.content, format=ox.RdfFormat.TRIG))
    want = ox.Dataset(ox.parse(import_path(workbook).nquads(), format=ox.RdfFormat.N_QUADS))
    for ds in (got, want):
        ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert {str(q) for q in got} == {str(q) for q in want}
    drawn = client.get(body["links"]["maps"]["efter"]["overview"], params={"lang": "en"})
    assert drawn.status_code == 200 and "Partnership Forum" in drawn.text
    unknown = client.get(f"/check/{body['id']}/maps/overview", params={"scenario": "nope"})
    assert unknown.status_code == 404 and "unknown scenario &#x27;nope&#x27;" in unknown.text  # a page, as /maps
    assert client.get("/scenarios").json() == before  # the server's own data set is untouched


def test_bad_input_over_http_is_one_json_list_of_problems_with_their_places(client: httpx.Client, workbook: Path,
                                                                           tmp_path: Path) -> None:
    broken = broken_copy(workbook, tmp_path, {("Aktører", "B4"): "forvalting", ("Kanaler", "C2"): "oknomi"})
    r = _upload(client, broken)
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] == "bad_model" and error["status"] == 400
    assert "2 problems" in error["message"]
    by_cell = {p["cell"]: p for p in error["problems"]}
    kind = by_cell["B4"]
    assert kind["sheet"] == "Aktører" and kind["row"] == 4 and kind["column"] == "art"
    assert kind["value"] == "forvalting" and kind["suggestion"] == "forvaltning" and "forvaltning" in kind["allowed"]
    assert by_cell["C2"]["suggestion"] == "okonomi" and "dangling reference" in by_cell["C2"]["message"]
    html = _upload(client, broken, headers={"Accept": "text/html"})
    assert html.status_code == 400 and "forvalting" in html.text and 'id="problems"' in html.text


@pytest.mark.parametrize(("name", "data", "fragment"), [
    ("model.pdf", b"%PDF-1.4", "upload a workbook (.xlsx), a ZIP of CSV files (.zip) or a TriG file"),
    ("model.xlsx", b"%PDF-1.4 not a workbook", "is not a workbook (.xlsx) or a ZIP of CSV files: it is a PDF"),
    ("model.trig", b"<https://x.example/a> <https://x.example/b> .", "model.trig:1:"),
])
def test_an_upload_that_is_no_model_is_a_400_naming_the_problem(client: httpx.Client, name: str, data: bytes,
                                                                fragment: str) -> None:
    r = client.post("/check", files={"file": (name, data)})
    assert r.status_code == 400
    assert fragment in r.json()["error"]["problems"][0]["text"]


def test_password_protected_and_too_large_uploads_are_refused(client: httpx.Client) -> None:
    locked = ROOT / "tests" / "fixtures" / "password-protected.xlsx"
    r = _upload(client, locked)
    assert r.status_code == 400 and "password-protected" in r.json()["error"]["problems"][0]["text"]
    big = client.post("/check", files={"file": ("model.xlsx", b"0" * 2_100_000)})
    assert big.status_code == 413 and big.json()["error"]["code"] == "request_too_large"


def test_a_csv_zip_and_a_trig_file_are_checked_too(client: httpx.Client) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for f in PLANNER.glob("*.csv"):
            archive.write(f, f.name)
    r = client.post("/check", files={"file": ("model.zip", buffer.getvalue())})
    assert r.status_code == 200 and r.json()["kind"] == "csv-zip"
    trig = (ROOT / "data" / "example-municipality" / "model.trig").read_bytes()
    r = client.post("/check", files={"file": ("model.trig", trig)})
    assert r.status_code == 200 and {s["name"] for s in r.json()["scenarios"]} == {"before", "after"}


def test_a_check_that_runs_too_long_is_stopped(workbook: Path) -> None:
    with running_server(env={"GRAF_CHECK_TIME_LIMIT_S": "0.01"}) as url, httpx.Client(base_url=url, timeout=60) as slow:
        r = _upload(slow, workbook)
    assert r.status_code == 503
    assert r.json()["error"]["code"] == "check_timeout" and r.json()["error"]["setting"] == "check_time_limit_s"


def test_loading_a_checked_model_needs_the_update_token(client: httpx.Client, workbook: Path, graf_server: str
                                                       ) -> None:
    ident = _upload(client, workbook).json()["id"]
    assert client.post(f"/check/{ident}/load").status_code == 401
    wrong = client.post(f"/check/{ident}/load", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "bad_token"
    assert client.post("/check/no-such-check/load", headers={"Authorization": "Bearer s3cret"}).status_code == 404
    ok = client.post(f"/check/{ident}/load", headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200 and ok.json()["loaded"] > 800
    assert {"foer", "efter"} <= {s["name"] for s in client.get("/scenarios").json()}
    with httpx.Client(base_url=graf_server, timeout=120) as closed:  # a server without an update token
        other = _upload(closed, workbook).json()["id"]
        refused = closed.post(f"/check/{other}/load", data={"token": "anything"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "updates_disabled"


def test_export_over_http_in_the_workbook_and_network_formats(client: httpx.Client) -> None:
    r = client.get("/export", params={"format": "graphml", "scenario": "adjusted"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/graphml+xml"
    G = nx.read_graphml(io.BytesIO(r.content), force_multigraph=True)
    assert "https://w3id.org/graf/id/kbh/entry-point" in G
    gexf = client.get("/export", params={"format": "gexf"})
    assert gexf.status_code == 200 and 'mode="dynamic"' in gexf.text
    kumu = client.get("/export", params={"format": "kumu", "scenario": "asis", "lang": "en"})
    assert kumu.headers["content-type"] == XLSX
    assert openpyxl.load_workbook(io.BytesIO(kumu.content)).sheetnames == ["Elements", "Connections"]
    book = client.get("/export", params={"format": "xlsx"})
    assert book.status_code == 200 and "Kanaler" in openpyxl.load_workbook(io.BytesIO(book.content)).sheetnames
    edges = client.get("/export", params={"format": "csv-edges", "scenario": "draft"})
    assert edges.headers["content-type"].startswith("text/csv") and ",unknown," in edges.text
    for params, code in (({"format": "gexf", "scenario": "nope"}, "unknown_name"),
                         ({"format": "trig", "scenario": "adjusted"}, "bad_parameter"),
                         ({"format": "xlsx", "graph": "https://w3id.org/graf/graph/kbh/base"}, "bad_parameter"),
                         ({"format": "pdf"}, "unknown_format")):
        bad = client.get("/export", params=params)
        assert bad.status_code == 400 and bad.json()["error"]["code"] == code, params


def test_the_template_downloads_and_the_api_is_described(client: httpx.Client) -> None:
    r = client.get("/template", params={"lang": "en"})
    assert r.status_code == 200 and r.headers["content-type"] == XLSX
    assert openpyxl.load_workbook(io.BytesIO(r.content)).sheetnames[0] == "Read me"
    z = client.get("/template", params={"format": "csv"})
    assert "Aktører.csv" in zipfile.ZipFile(io.BytesIO(z.content)).namelist()
    spec = client.get("/openapi.json").json()
    upload = spec["paths"]["/check"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert {"/check/{check_id}/model.trig", "/check/{check_id}/load", "/template"} <= set(spec["paths"])
    home = client.get("/", params={"lang": "en"})
    assert "Check your own model" in home.text and 'enctype="multipart/form-data"' in home.text


@pytest.mark.parametrize("lang, heading", [("da", "Tjek jeres egen model"), ("en", None)])
def test_the_check_address_opened_in_a_browser_is_the_upload_form(client, lang, heading):
    """GET /check (where the form posts to, typed into a browser) shows the form, not a 405."""
    response = client.get("/check", params={"lang": lang} if lang != "da" else {})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert 'id="check-form"' in response.text and 'type="file" name="file"' in response.text
    assert f'<html lang="{lang}"' in response.text
    if heading:
        assert f"<h1>{heading}</h1>" in response.text
