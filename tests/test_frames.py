"""QueryResult.to_pandas(): typed columns (numbers, dates, booleans as such), IRIs and language-tagged
strings kept as terms, unbound values missing."""

from __future__ import annotations

import sys

import pandas as pd
import pyoxigraph as ox
import pytest

from graf.errors import GrafError
from graf.examples import example_query
from graf.sparql import PREFIXES, run_query

TYPED = """
SELECT ?iri ?n ?d ?b ?label ?day ?at ?s ?mixed ?odd WHERE {
  VALUES (?iri ?n ?d ?b ?label ?day ?at ?s ?mixed ?odd) {
    (kbh:koebenhavns-kommune 1 2.5 true "København"@da "2010-02-25"^^xsd:date
     "2010-02-25T10:00:00Z"^^xsd:dateTime "a" 1 "abc"^^xsd:integer)
    (UNDEF -7 "1e3"^^xsd:double false "Copenhagen"@en UNDEF
     "2010-02-25T11:00:00+01:00"^^xsd:dateTime UNDEF "x" "1"^^xsd:integer)
  }
}"""


@pytest.fixture(scope="module")
def frame(store: object) -> pd.DataFrame:
    return run_query(store, TYPED, prefixes=PREFIXES).to_pandas()


def test_numbers_booleans_dates_and_strings_get_their_types(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == ["iri", "n", "d", "b", "label", "day", "at", "s", "mixed", "odd"]
    assert str(frame["n"].dtype) == "Int64" and frame["n"].tolist() == [1, -7]
    assert str(frame["d"].dtype) == "Float64" and frame["d"].tolist() == [2.5, 1000.0]
    assert str(frame["b"].dtype) == "boolean" and frame["b"].tolist() == [True, False]
    assert pd.api.types.is_datetime64_dtype(frame["day"])
    assert frame["day"][0] == pd.Timestamp("2010-02-25") and pd.isna(frame["day"][1])
    assert str(frame["at"].dt.tz) == "UTC"
    assert frame["at"][0] == frame["at"][1] == pd.Timestamp("2010-02-25T10:00:00Z")  # 11:00+01:00 is 10:00Z
    assert pd.api.types.is_string_dtype(frame["s"]) and frame["s"][0] == "a" and pd.isna(frame["s"][1])
    assert frame["n"].sum() == -6  # arithmetic works on the numbers


def test_iris_and_language_tagged_strings_are_kept_as_terms(frame: pd.DataFrame) -> None:
    assert frame["iri"].dtype == object
    assert frame["iri"][0] == ox.NamedNode("https://w3id.org/graf/id/kbh/koebenhavns-kommune")
    assert frame["iri"][1] is None
    assert frame["label"].tolist() == [ox.Literal("København", language="da"),
                                       ox.Literal("Copenhagen", language="en")]
    assert frame["mixed"].tolist()[1] == ox.Literal("x")  # a number and a string: kept as they are
    assert frame["odd"][0].value == "abc"  # an ill-formed integer is not a number: the column keeps the terms


def test_plain_turns_kept_terms_into_text(store: object) -> None:
    plain = run_query(store, TYPED, prefixes=PREFIXES).to_pandas(plain=True)
    assert plain["iri"][0] == "https://w3id.org/graf/id/kbh/koebenhavns-kommune" and pd.isna(plain["iri"][1])
    assert plain["label"].tolist() == ["København", "Copenhagen"]
    assert str(plain["n"].dtype) == "Int64"  # typed columns stay typed


def test_an_example_query_becomes_a_frame_an_analyst_can_group(store: object) -> None:
    result = run_query(store, example_query("direct-channels").text, prefixes=PREFIXES)
    df = result.to_pandas(plain=True)
    assert str(df["channels"].dtype) == "Int64"
    per_scenario = df.groupby("scenario")["channels"].sum()
    assert set(per_scenario.index) == {"adjusted", "asis", "draft"} and per_scenario.sum() > 0


def test_construct_results_are_subject_predicate_object(store: object) -> None:
    result = run_query(store, "CONSTRUCT { ?s skos:prefLabel ?l } WHERE { ?s a graf:Administration ; "
                              "skos:prefLabel ?l }", prefixes=PREFIXES)
    df = result.to_pandas()
    assert list(df.columns) == ["subject", "predicate", "object"] and len(df) == len(result.triples) == 14
    assert set(df["predicate"]) == {ox.NamedNode(PREFIXES["skos"] + "prefLabel")}


def test_an_ask_result_is_no_table(store: object) -> None:
    with pytest.raises(GrafError, match="an ASK result is a boolean"):
        run_query(store, "ASK {}").to_pandas()


def test_without_pandas_the_error_says_how_to_get_it(store: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # what an environment without pandas looks like to import
    with pytest.raises(GrafError, match=r"pip install 'graf\[pandas\]'"):
        run_query(store, "SELECT ?x WHERE { BIND(1 AS ?x) }").to_pandas()
