"""The REST API over real HTTP, on the bundled Copenhagen 2010 data set."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
import rdflib

from api.testing import running_server

KBH = "https://w3id.org/graf/id/kbh/"


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with running_server(["--time-limit", "10"]) as url:
        yield url


def get(base: str, path: str, **params: str) -> httpx.Response:
    r = httpx.get(base + path, params=params, timeout=60)
    assert r.status_code == 200, (path, r.status_code, r.text[:300])
    return r


def test_scenarios(base: str) -> None:
    found = {s["name"]: s for s in get(base, "/scenarios").json()}
    assert set(found) == {"asis", "draft", "adjusted"}
    assert found["adjusted"]["labels"]["da"] and found["adjusted"]["labels"]["en"]
    assert "https://w3id.org/graf/graph/kbh/adjusted" in found["adjusted"]["graphs"]


def test_actors_filter_by_kind_and_search(base: str) -> None:
    housing = get(base, "/actors", kind="HousingOrganisation").json()
    assert housing and all(a["housing"] for a in housing)
    assert {a["kind"] for a in housing} <= {"https://w3id.org/graf/def#HousingOrganisation"}
    assert get(base, "/actors", kind="graf:HousingOrganisation").json() == housing
    units = get(base, "/actors", kind="MunicipalUnit").json()  # subclasses included
    assert len({a["kind"] for a in units}) > 1 and all(a["municipal_unit"] for a in units)
    found = get(base, "/actors", q="teknik").json()
    assert found and all("teknik" in (a["label"] + a["id"]).lower() for a in found)
    english = {a["id"]: a for a in get(base, "/actors", q="teknik", lang="en").json()}
    assert set(english) == {a["id"] for a in found}  # the search looks at every language
    detail = get(base, f"/actors/{found[0]['id']}").json()
    assert english[found[0]["id"]]["label"] == detail["labels"]["en"]
    assert found[0]["label"] == detail["labels"]["da"]


def test_actors_per_scenario(base: str) -> None:
    asis = {a["id"] for a in get(base, "/actors", scenario="asis").json()}
    draft = get(base, "/actors", scenario="draft").json()
    assert "entry-point" not in asis
    assert any(a["entry_point"] for a in draft)


def test_one_actor_with_relations_channels_and_sources(base: str) -> None:
    first = get(base, "/actors", kind="HousingOrganisationGroup", scenario="draft").json()[0]
    assert first["housing"]  # a group the memo names is a housing-side actor
    actor = get(base, f"/actors/{first['id']}", scenario="draft").json()
    assert actor["iri"] == first["iri"] and actor["labels"]["da"]
    assert actor["scenario"] == "draft"
    layers = Counter(c["layer"] for c in actor["channels"])
    assert layers["formal"] >= 1 and layers["operational"] >= 1
    assert all(c["source"]["iri"] == actor["iri"] or c["target"]["iri"] == actor["iri"] for c in actor["channels"])
    assert actor["sources"] and actor["sources"][0]["quote"]
    by_iri = get(base, f"/actors/{actor['iri']}", scenario="draft").json()
    assert by_iri["id"] == actor["id"]


def test_channels_by_scenario_layer_and_status(base: str) -> None:
    asis = get(base, "/channels", scenario="asis").json()
    assert Counter((c["layer"], c["status"]) for c in asis) == {("operational", "open"): 7}  # one per administration
    formal = get(base, "/channels", scenario="draft", layer="formal").json()
    assert len(formal) == 9 and all(c["layer"] == "formal" and c["status"] == "unknown" for c in formal)
    unknown = get(base, "/channels", scenario="draft", layer="operational", status="unknown").json()
    assert len(unknown) == 7
    assert len(get(base, "/channels", scenario="adjusted", layer="operational", status="open").json()) == 7


def test_diff_between_scenarios(base: str) -> None:
    diff = get(base, "/scenarios/asis/diff/draft").json()
    assert diff["a"] == "asis" and diff["b"] == "draft"
    assert Counter(c["layer"] for c in diff["added"])["formal"] == 9
    assert not diff["removed"]
    assert len(diff["changed"]) == 7
    change = diff["changed"][0]
    assert change["before"]["status"] == "open" and change["after"]["status"] == "unknown"
    back = get(base, "/scenarios/draft/diff/adjusted").json()
    assert not back["added"] and not back["removed"]
    assert all(c["after"]["status"] == "open" for c in back["changed"])


@pytest.mark.parametrize(("fmt", "media", "rdflib_format"), [
    ("turtle", "text/turtle", "turtle"),
    ("trig", "application/trig", "trig"),
    ("nt", "application/n-triples", "nt"),
    ("nq", "application/n-quads", "nquads"),
    ("jsonld", "application/ld+json", "json-ld"),
])
def test_export(base: str, fmt: str, media: str, rdflib_format: str) -> None:
    r = get(base, "/export", format=fmt)
    assert r.headers["content-type"].startswith(media)
    assert "attachment" in r.headers["content-disposition"]
    data = rdflib.Dataset() if fmt in ("trig", "nq", "jsonld") else rdflib.Graph()
    data.parse(data=r.content, format=rdflib_format)
    assert len(data) > 0 or sum(len(g) for g in data.graphs()) > 1000


def test_export_one_graph(base: str) -> None:
    r = get(base, "/export", format="nt", graph="https://w3id.org/graf/graph/kbh/draft")
    g = rdflib.Graph().parse(data=r.content, format="nt")
    assert len(g) > 100
    assert 'filename="draft.nt"' in r.headers["content-disposition"]


def test_example_queries(base: str) -> None:
    queries = get(base, "/queries").json()
    assert queries and all(q["name"] and q["title"] and q["text"] for q in queries)
    first = queries[0]
    assert first["name"] == "actor-kinds" and first["parameters"] == []
    ran = get(base, f"/queries/{first['name']}").json()  # /queries/{name} runs it
    assert ran["head"]["vars"] == ["class", "actors"] and ran["results"]["bindings"]


def test_every_example_query_runs_at_the_endpoint(base: str) -> None:
    for q in get(base, "/queries").json():
        r = httpx.post(base + "/sparql", data={"query": q["text"]}, timeout=60)
        assert r.status_code == 200, (q["name"], r.text[:300])


@pytest.mark.parametrize(("params", "accept", "media"), [
    ({"format": "json"}, None, "application/json"),
    ({"format": "turtle"}, None, "text/turtle"),
    ({"format": "junit"}, None, "application/xml"),
    ({}, "application/json", "application/json"),
    ({}, "text/html", "text/html"),
])
def test_validation_report_formats(base: str, params: dict, accept: str | None, media: str) -> None:
    headers = {"Accept": accept} if accept else {}
    r = httpx.get(base + "/validation", params={"scenario": "draft", **params}, headers=headers, timeout=120)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].startswith(media)
    if media == "application/json":
        report = json.loads(r.content)
        assert "findings" in report and {f["scenario"] for f in report["findings"]} <= {"draft"}
    elif media == "text/turtle":
        assert len(rdflib.Graph().parse(data=r.content, format="turtle")) > 0
    elif media == "application/xml":
        assert ET.fromstring(r.content).tag == "testsuites"
    else:
        assert "<table" in r.text or "id=\"status\"" in r.text


def test_validation_page_summarises_each_rule_per_scenario(base: str) -> None:
    import re

    html = httpx.get(base + "/validation", timeout=120).text
    summary = html[html.index('id="summary"'):html.index("</table>", html.index('id="summary"'))]
    row = re.search(r"<tr><td>single-entry-point.*?</tr>", summary).group(0)
    cells = re.findall(r'<td class="(ok|bad)">', row)
    assert cells == ["ok", "bad", "ok"]  # adjusted, asis (no entry point before the reform), draft
    assert "1 overtrædelse<" in row
    assert 'href="/maps/findings?scenario=asis"' in summary
    english = httpx.get(base + "/validation", params={"lang": "en"}, timeout=120).text
    assert "Rules per scenario" in english
    # draft: 7 direct channels of unknown status; 7 formal ones, and whether the entry point is reached at all
    assert english.count("7 warnings") == 1 and english.count("8 warnings") == 1
    assert "<th>Confidence</th>" in english and "<td>derived</td>" in english  # each finding's weakest confidence


def test_the_audit_is_served_as_json_and_text(base: str) -> None:
    data = get(base, "/audit").json()
    assert data["ok"] and data["statements"]["cited_percent"] == 100.0 and data["citations"]["unused"] == []
    text = get(base, "/audit", format="text")
    assert text.headers["content-type"].startswith("text/plain") and "Result: OK" in text.text
    bad = httpx.get(base + "/audit", params={"format": "xml"}, timeout=60)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "unknown_format"


def test_openapi_declares_response_models(base: str) -> None:
    spec = get(base, "/openapi.json").json()
    for path in ("/actors", "/actors/{actor_id}", "/channels", "/scenarios", "/scenarios/{a}/diff/{b}",
                 "/queries"):
        schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema, path
    assert {"ActorSummary", "ActorDetail", "Channel", "ScenarioDiff", "ErrorBody"} <= set(spec["components"]["schemas"])


def test_docs_are_served_without_a_cdn(base: str) -> None:
    html = get(base, "/docs").text
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    for asset in ("/static/swagger/swagger-ui-bundle.js", "/static/swagger/swagger-ui.css"):
        if asset in html:
            assert get(base, asset).content


def test_cors_is_off_by_default(base: str) -> None:
    r = httpx.get(base + "/scenarios", headers={"Origin": "http://example.org"})
    assert "access-control-allow-origin" not in r.headers


def test_cors_when_an_origin_is_configured() -> None:
    with running_server(["--cors-origin", "http://planner.example"]) as url:
        r = httpx.get(url + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://planner.example"})
        assert r.headers["access-control-allow-origin"] == "http://planner.example"
        r = httpx.get(url + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://other.example"})
        assert "access-control-allow-origin" not in r.headers
