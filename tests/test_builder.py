"""graf.builder: plain records in, reified and cited quads out, the same for every data set that uses it."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
import pytest

from graf import builder
from graf.generate import SYN, generate

EX = "https://example.org/b/"
G = EX + "graph"
CITATIONS = [builder.Citation("src", "memo", (builder.Quote("Et møde den 4. marts.", "da"),), EX + "doc"),
             builder.Citation("translation", "derived", reasoning="graf's English rendering")]


def quads(b: builder.Builder) -> list[ox.Quad]:
    return list(ox.parse("".join(b.nquads()), format=ox.RdfFormat.N_QUADS))


def test_a_row_becomes_an_actor_with_both_labels_each_fact_reified_and_cited() -> None:
    row = {"iri": EX + "forvaltning", "kind": "https://w3id.org/graf/def#Administration",
           "label_da": "Forvaltningen", "label_en": "Administration", "cites": ("src",)}
    b = builder.Builder(EX + "stmt/", EX + "cite/")
    b.add(G, *CITATIONS, builder.Actor(**row))
    found = quads(b)
    facts = [q for q in found if q.subject == ox.NamedNode(row["iri"])]
    assert len(facts) == 3  # type, label @da, label @en
    statements = {q.subject for q in found if q.predicate == ox.NamedNode(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type") and q.object.value.endswith("#Statement")}
    assert len(statements) == 3
    cited = {(q.subject, q.object.value.rsplit("/", 1)[-1]) for q in found
             if q.predicate.value == "https://w3id.org/graf/def#citation"}
    assert {key for _s, key in cited} == {"src", "translation"}  # the English label cites the translation


def test_the_statement_iri_is_the_same_hash_for_both_builders() -> None:
    # graf generate uses graf.builder too: its statement IRIs follow graph|subject|predicate|object (N-Triples)
    model = generate(0.01, seed=1)
    graph, lines = next((g, ls) for g, ls in model.graphs.items() if g.endswith("/base"))
    line = next(x for x in lines if not x.startswith(f"<{SYN}stmt/"))
    s, p, o = line[1:].split("> ", 2)
    p = p[1:]
    digest = hashlib.sha1(f"{graph}|{s}|{p}|{o}".encode()).hexdigest()[:16]
    assert f"<{SYN}stmt/{digest}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <{s}>" in lines


def test_records_in_any_order_give_the_same_quads() -> None:
    records = [*CITATIONS, builder.Actor(EX + "a", EX + "Kind", "A", "A", ("src",)),
               builder.Fact(EX + "a", EX + "p", builder.Lit("x", "da"), ("src",)),
               builder.Channel(EX + "ch", EX + "a", EX + "b", "formal", "unknown", ("src",), valid_during=EX + "v"),
               builder.Interval(EX + "v", ("src",), begin="2010-02", end=builder.TimePoint("2014", ("translation",)))]
    one, two = builder.Builder(EX + "stmt/", EX + "cite/"), builder.Builder(EX + "stmt/", EX + "cite/")
    one.add(G, *records)
    two.add(G, *reversed(records))
    assert sorted(one.nquads()) == sorted(two.nquads())


def test_a_fact_citing_an_unknown_key_fails_when_the_output_is_written() -> None:
    b = builder.Builder(EX + "stmt/", EX + "cite/")
    b.add(G, builder.Fact(EX + "a", EX + "p", EX + "b", ("nope",)))
    with pytest.raises(ValueError, match="unknown citation"):
        list(b.nquads())
    with pytest.raises(ValueError, match="without citation"):
        b.fact(G, EX + "a", EX + "p", EX + "b", ())


def test_unused_citations_are_reported() -> None:
    b = builder.Builder(EX + "stmt/", EX + "cite/")
    b.add(G, *CITATIONS, builder.Fact(EX + "a", EX + "p", EX + "b", ("src",)))
    assert b.unused_citations() == ["translation"]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"key": "x", "confidence": "sure"}, "confidence must be one of"),
    ({"key": "x", "confidence": "derived"}, "needs its reasoning"),
    ({"key": "x", "confidence": "memo", "quotes": (builder.Quote("q", "da"),)}, "needs the document"),
])
def test_a_citation_says_what_it_lacks(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        builder.Citation(**kwargs)


def test_dates_keep_the_precision_they_are_given_and_events_are_days_or_intervals() -> None:
    b = builder.Builder(EX + "stmt/", EX + "cite/")
    interval = builder.Interval(EX + "e/time", ("src",), "2010-04", "2010-06", note_en="April–June 2010")
    b.add(G, *CITATIONS, builder.Event(EX + "e", "http://www.w3.org/ns/prov#Activity", "Møde", "Meeting", ("src",),
                                       interval=interval, associated=(builder.Link(EX + "a", ("src",)),)))
    text = "".join(b.nquads())
    assert '"2010-04"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>' in text
    assert "inXSDDate" not in text and '"April–June 2010"@en' in text
    with pytest.raises(ValueError, match="an event's date is a day"):
        b.add(G, builder.Event(EX + "f", EX + "Kind", "F", "F", ("src",), date="2010-03"))


def test_literals_are_escaped() -> None:
    assert builder.nt_literal('say "hi"\n', "en") == '"say \\"hi\\"\\n"@en'
    assert builder.nt_literal("1", datatype="http://www.w3.org/2001/XMLSchema#string") == '"1"'


def test_pretty_trig_is_deterministic_and_reads_back() -> None:
    b = builder.Builder(EX + "stmt/", EX + "cite/")
    b.add(G, *CITATIONS, builder.Actor(EX + "a", EX + "Kind", "Æble", "Apple", ("src",)))
    text = b.pretty_trig(G, {"ex": EX})
    assert text == b.pretty_trig(G, {"ex": EX}) and "@prefix ex:" in text
    back = list(ox.parse(text, format=ox.RdfFormat.TRIG))
    assert len(back) == len(b.graphs[G])
