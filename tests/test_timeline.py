"""The process in time: `graf timeline`, graf.timeline.model_on and the model-on-date example query."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from conftest import run_graf

from graf.parameters import bind
from graf.settings import Settings
from graf.sparql import example_query, run_query
from graf.timeline import When, model_on, timeline

KBH = "https://w3id.org/graf/id/kbh/"
DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.fixture(scope="module")
def entries(store):
    return timeline(store)


def test_the_memo_process_is_listed_in_date_order(entries) -> None:
    order = [e.iri.rsplit("/", 1)[-1] for e in entries]
    memo = ["2010-01-21-approval", "2010-talks-okf-sof", "2010-02-22-joint-meeting", "2010-02-25-memo",
            "2010-03-04-directors", "2010-03-briefings", "2010-03-25-local", "2010-committees", "2010-br"]
    assert [e for e in order if e in memo] == memo
    assert order.index("2009-11-17-election") < order.index("2010-01-21-approval") < order.index("2014-12-11-br")


def test_every_event_follows_the_events_it_is_informed_by(store, entries) -> None:
    position = {e.iri: i for i, e in enumerate(entries)}
    links = store.select("SELECT ?e ?x WHERE { ?e <http://www.w3.org/ns/prov#wasInformedBy> ?x }")
    assert links
    for r in links:
        assert position[r["x"].value] < position[r["e"].value], (r["e"].value, r["x"].value)


def test_imprecise_dates_are_never_shown_as_days(entries) -> None:
    vague = [e for e in entries if e.when.precision != "day"]
    assert len(vague) >= 10
    for e in vague:
        for lang in ("da", "en"):
            assert not DAY.search(e.when.text(lang)) or e.when.begin and len(e.when.begin) == 10, e.when.text(lang)
    by = {e.iri.rsplit("/", 1)[-1]: e for e in entries}
    assert by["2010-03-briefings"].when.text("en") == "late March 2010 (2010-03)"
    assert by["2010-03-briefings"].when.text("da") == "ultimo marts 2010 (2010-03)"
    assert by["2010-committees"].when.text("en") == "April–June 2010 (2010-04 – 2010-06)"
    assert by["2010-br"].when.text("en") == "before the summer holiday 2010 (by 2010)"
    assert by["2010-01-21-approval"].when.text() == "2010-01-21"


def test_every_entry_names_its_sources_and_what_was_only_planned(entries) -> None:
    assert all(e.sources for e in entries)
    by = {e.iri.rsplit("/", 1)[-1]: e for e in entries}
    assert by["2010-03-25-local"].planned_as_of == "2010-02-25"
    assert by["2010-02-22-joint-meeting"].planned_as_of is None
    assert [(s.key, s.confidence) for s in by["2010-02-22-joint-meeting"].sources] == [("memo-meeting", "memo")]
    assert "22. februar" in by["2010-02-22-joint-meeting"].sources[0].quotes[0]


def test_the_cli_lists_the_timeline_as_text_json_and_csv() -> None:
    text = run_graf("timeline", "--lang", "en")
    assert text.returncode == 0, text.stderr
    assert "late March 2010 (2010-03)" in text.stdout and "memo-briefing (memo)" in text.stdout
    assert "planned as of 2010-02-25" in text.stdout
    data = json.loads(run_graf("timeline", "--format", "json").stdout)
    briefing = next(e for e in data if e["iri"].endswith("2010-03-briefings"))
    assert briefing["when"]["precision"] == "month" and briefing["when"]["begin"] == "2010-03"
    assert briefing["sources"][0]["key"] == "memo-briefing"
    rows = list(csv.DictReader(io.StringIO(run_graf("timeline", "--format", "csv", "--lang", "en").stdout)))
    assert rows[0].keys() >= {"when", "begin", "end", "precision", "event", "sources"}
    assert len(rows) == len(data)


def test_a_scenario_sees_only_its_own_graphs(tmp_path) -> None:
    graph = "https://example.org/t/graph/"
    (tmp_path / "m.trig").write_text(f"""
@prefix graf: <https://w3id.org/graf/def#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{graph}meta> {{ <{graph}a> a graf:OrganisationModel ; graf:scenarioName "a" .
                 <{graph}b> a graf:OrganisationModel ; graf:scenarioName "b" . }}
<{graph}a> {{ <https://example.org/t/ev-a> a prov:Activity ; dct:date "2020-05-01"^^xsd:date ;
               skos:prefLabel "A"@da , "A"@en . }}
<{graph}b> {{ <https://example.org/t/ev-b> a prov:Activity ; dct:date "2021-05-01"^^xsd:date ;
               skos:prefLabel "B"@da , "B"@en . }}
""", encoding="utf-8")
    proc = run_graf("--data", str(tmp_path), "timeline", "--scenario", "a", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert [e["iri"] for e in json.loads(proc.stdout)] == ["https://example.org/t/ev-a"]


@pytest.mark.parametrize(("args", "message"), [
    (["timeline", "--on", "2010-13-01"], "not a date: '2010-13-01'"),
    (["timeline", "--on", "March 2010"], "give a day as YYYY-MM-DD"),
    (["timeline", "--scenario", "nope"], "unknown scenario 'nope'"),
])
def test_bad_input_is_named_with_exit_2(args: list[str], message: str) -> None:
    proc = run_graf(*args)
    assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr


# -- what held on a date -------------------------------------------------------------------------------------

def _holders(snapshot) -> dict[str, str]:
    return {h.labels[h.person]["da"]: h.state for h in snapshot.holdings}


def test_who_held_which_post_on_1_march_2010(store) -> None:
    held = _holders(model_on(store, "2010-03-01"))
    assert held["Frank Jensen"] == "yes"  # from 1 Jan 2010, still in office in 2011
    assert held["Pia Allerslev"] == "yes"  # 2008–2013
    assert held["Bo Asmus Kjeldgaard"] == "possibly"  # "early 2010": the day is not known
    assert held["Ninna Thomsen"] == "possibly"  # counted back to "2010"


def test_tenures_and_fora_end_when_the_sources_say(store) -> None:
    later = model_on(store, "2011-06-01")
    assert "Bo Asmus Kjeldgaard" not in _holders(later)  # resigned in May 2011
    labels = {v.labels.get("da") for v in model_on(store, "2016-01-01").valid if v.kind == "actor"}
    assert "Partnerskabsforum" in labels and "Borgmesterforum" not in labels  # replaced from 2015
    assert not model_on(store, "2016-01-01", scenario="adjusted").channel_ids()


def test_the_maps_can_ask_which_channels_held_on_a_date(store) -> None:
    snapshot = model_on(store, "2010-03-01", scenario="adjusted")
    assert snapshot.scenario == "adjusted"
    assert len(snapshot.channel_ids(("yes",))) == 16  # the adjusted model's channels, proposed on 25 Feb 2010
    before = model_on(store, "2010-02-01", scenario="adjusted")
    assert not before.channel_ids()
    events = {e.iri.rsplit("/", 1)[-1]: s for e, s in snapshot.events}
    assert events["2010-02-22-joint-meeting"] == "yes" and "2010-03-25-local" not in events


def _rows_on(store, day: str | None = None) -> list[dict]:
    query = example_query("model-on-date")
    bindings = bind(query.parameters, {"date": day} if day else {}, store)
    return run_query(store, query.text, Settings.from_env({}, environ={}), bindings=bindings).records()


@pytest.mark.parametrize("day", [None, "2010-03-01", "2011-06-01", "2016-01-01"])
def test_the_example_query_gives_the_same_answer_as_model_on(store, day: str | None) -> None:
    rows = _rows_on(store, day)
    snapshot = model_on(store, day or "2010-03-01")  # the query's default day
    assert {r["date"].value for r in rows} <= {snapshot.day.isoformat()}
    assert {r["holder"].value: r["state"].value for r in rows if r["kind"].value == "post"} == _holders(snapshot)
    channels = [r["state"].value for r in rows if r["kind"].value == "channel"]
    assert sorted(channels) == sorted(v.state for v in snapshot.valid if v.kind == "channel")


def test_the_example_query_takes_the_day_as_a_parameter() -> None:
    proc = run_graf("query", "model-on-date", "--param", "date=2011-06-01", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert "2011-06-01" in proc.stdout and "Bo Asmus Kjeldgaard" not in proc.stdout
    bad = run_graf("query", "model-on-date", "--param", "date=June 2011")
    assert bad.returncode == 2 and "date" in bad.stderr and "YYYY-MM-DD" in bad.stderr


def test_the_cli_shows_the_model_on_a_date() -> None:
    proc = run_graf("timeline", "--on", "2010-03-01", "--scenario", "adjusted", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert "The model on 2010-03-01 (adjusted)" in proc.stdout
    assert "[possibly] post    Mayor for Technical and Environmental Affairs: Bo Asmus Kjeldgaard" in proc.stdout
    data = json.loads(run_graf("timeline", "--on", "2010-03-01", "--format", "json").stdout)
    assert data["date"] == "2010-03-01" and data["holdings"]


@pytest.mark.parametrize(("when", "day", "state"), [
    (When("2010-01-21", "2010-01-21"), "2010-01-21", "yes"),
    (When("2010-03", "2010-03"), "2010-03-15", "possibly"),  # a month is not a day
    (When("2010-03", "2010-03"), "2010-04-01", "no"),
    (When("2010", "2011-05"), "2010-06-01", "possibly"),  # began some time in 2010
    (When("2010", "2011-05"), "2010-12-31", "yes"),  # by the last day of 2010 it had begun
    (When("2010", "2011-05", ("2010-10-19",)), "2010-11-01", "yes"),  # an instant inside settles the autumn
    (When("2010", "2011-05"), "2011-05-31", "possibly"),  # ended some time in May 2011
    (When("2010-01-01", None), "2010-03-01", "possibly"),  # no end known, nothing later known
    (When(None, None, ("2010-02-22",)), "2010-02-22", "yes"),
    (When(None, None, ("2010-02-22",)), "2010-02-23", "possibly"),
    (When(None, "2014"), "2015-01-01", "no"),
])
def test_a_date_holds_yes_possibly_or_no(when: When, day: str, state: str) -> None:
    assert when.state_on(dt.date.fromisoformat(day)) == state


@pytest.mark.parametrize(("slug", "text"), [
    ("1920-05-26-kab", "1920-05-26"), ("2005-10-13-lokaludvalg", "2005-10-13"), ("2007-01-01-akb-kab", "2007-01-01"),
    ("2007-vesterbro-lokaludvalg", "spring 2007 (2007)"), ("2008-11-broenshoej-husum-lokaludvalg", "2008-11"),
    ("2009-11-17-election", "2009-11-17"), ("2010-02-02-christianshavn", "2010-02-02"),
    ("2010-09-24-hovedaftale", "2010-09-24"), ("2011-05-kjeldgaard", "2011-05"), ("2011-12-01-policy", "2011-12-01"),
    ("2014-10-24-partnerskabsforum", "2014-10-24"), ("2015-borgmesterforum-replaced", "from 2015 (2015)"),
    ("2019-3b-kab", "2019"), ("2019-07-01-udlejningsaftale", "2019-07-01"),
])
def test_the_later_events_facts_md_dates_are_listed_at_their_precision(entries, slug: str, text: str) -> None:
    entry = next(e for e in entries if e.iri == KBH + f"event/{slug}")
    assert entry.when.text("en") == text and entry.sources


@pytest.mark.parametrize("when", [
    When("2010-04", "2010-06"), When("2010-01-21", "2010-01-21"), When("2010", None, ("2011",)),
    When(None, "2011-05"), When("2010-02-25", "2014"), When(None, None, ("2009", "2011")), When(),
    When("2010", "2010-03-15", ("2010-02",)),
])
def test_changes_step_exactly_as_state_on_does(when: When) -> None:
    steps = when.changes()
    assert steps[0][0] == "" and all(a[1] != b[1] for a, b in zip(steps, steps[1:], strict=False))

    def looked_up(day: dt.date) -> str:
        return [state for start, state in steps if start <= day.isoformat()][-1]

    day = dt.date(2008, 12, 1)
    while day < dt.date(2015, 2, 1):
        assert looked_up(day) == when.state_on(day), (when, day)
        day += dt.timedelta(days=1)


def test_dated_items_are_what_model_on_decides_on(store) -> None:
    from graf.timeline import dated, span

    items = dated(store, "adjusted")
    kinds = {i.kind for i in items}
    assert {"tenure", "channel", "model", "actor"} <= kinds
    day = dt.date(2010, 3, 1)
    channels = {i.iri for i in items if i.kind == "channel" and i.when.state_on(day) != "no"}
    assert channels == model_on(store, day, "adjusted").channel_ids() and len(channels) == 16
    first, last = span(store, "adjusted")
    assert first == dt.date(1912, 3, 12)  # AAB founded: the earliest dated event
    assert last >= dt.date(2014, 12, 31)  # the adjusted model is valid until 2014
