"""The Copenhagen 2010 data set: truthful, sourced, bilingual, and what build.py writes."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import ORG, RDF, SKOS

from graf.namespaces import GRAF, GRAFC, KBH
from graf.network import actor_graph
from graf.scenarios import list_scenarios

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data" / "copenhagen-2010"
SOURCES = ROOT / "data" / "sources"


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    ds = Dataset(default_union=True)
    for path in sorted(DATA.glob("*.trig")):
        ds.parse(data=path.read_text(encoding="utf-8"), format="trig")
    return ds


def test_committed_trig_files_are_what_build_py_writes() -> None:
    spec = importlib.util.spec_from_file_location("kbh_build", DATA / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["kbh_build"] = module
    spec.loader.exec_module(module)
    for name, text in module.serialise(module.build()).items():
        assert (DATA / name).read_text(encoding="utf-8") == text, f"{name} is stale: run data/copenhagen-2010/build.py"


def test_every_quoted_sentence_occurs_in_its_source(dataset: Dataset) -> None:
    memo = normalise((SOURCES / "memo-2010-140582.txt").read_text(encoding="utf-8"))
    facts = normalise((SOURCES / "FACTS.md").read_text(encoding="utf-8"))
    quotes = list(dataset.query("""
        PREFIX graf: <https://w3id.org/graf/def#> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?c ?q ?doc WHERE { GRAPH ?g { ?c graf:quote ?q ; prov:wasQuotedFrom ?doc } }"""))
    assert len(quotes) > 30
    for cite, quote, doc in quotes:
        source = memo if doc == KBH["doc/memo-2010-140582"] else facts
        assert normalise(str(quote)) in source, f"{cite}: quote not found in {doc}"


def test_every_statement_about_an_actor_has_a_citation_with_a_confidence(store) -> None:
    uncited = store.query("""
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX graf: <https://w3id.org/graf/def#>
        SELECT ?g ?s ?p ?o WHERE {
          GRAPH ?g { ?s ?p ?o FILTER(STRSTARTS(STR(?s), "https://w3id.org/graf/id/kbh/")) }
          FILTER(?g != <https://w3id.org/graf/graph/kbh/meta>)
          MINUS { GRAPH ?g { ?s a rdf:Statement } }
          MINUS { GRAPH ?g { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; graf:citation ?c } }
        } LIMIT 5""").records()
    assert uncited == []
    no_confidence = store.query("""
        PREFIX graf: <https://w3id.org/graf/def#>
        SELECT ?c WHERE { ?st graf:citation ?c MINUS { ?c graf:confidence ?x } }""").records()
    assert no_confidence == []


def test_derived_citations_say_why(dataset: Dataset) -> None:
    for (cite,) in dataset.query("""
        PREFIX graf: <https://w3id.org/graf/def#>
        SELECT ?c WHERE { GRAPH ?g { ?c graf:confidence <https://w3id.org/graf/concept/derived> } }"""):
        assert any(True for _ in dataset.objects(cite, GRAF.reasoning)), f"{cite} has no reasoning"


def test_every_actor_has_exactly_one_danish_and_one_english_label(store) -> None:
    for scenario in list_scenarios(store):
        rows = store.query(f"SELECT ?s ?l WHERE {{ ?s <{SKOS.prefLabel}> ?l }}", default_graphs=scenario.graphs,
                           max_rows=1_000_000).records()
        labels: dict[str, Counter] = {}
        for r in rows:
            labels.setdefault(r["s"].value, Counter())[r["l"].language] += 1
        for iri in actor_graph(store, scenario):
            assert labels[iri]["da"] == 1 and labels[iri]["en"] == 1, (scenario.name, iri, labels[iri])


def test_the_actors_the_memo_names_are_all_there(store) -> None:
    scenario = next(s for s in list_scenarios(store) if s.name == "adjusted")
    G = actor_graph(store, scenario)
    kinds = Counter(d["kind"] for _, d in G.nodes(data=True))
    assert kinds[str(GRAF.Administration)] == 7
    assert kinds[str(GRAF.StandingCommittee)] == 6 and kinds[str(GRAF.FinanceCommittee)] == 1
    assert kinds[str(GRAF.LocalCommittee)] == 12
    assert kinds[str(GRAF.MayorPost)] + kinds[str(GRAF.LordMayorPost)] == 7
    assert kinds[str(GRAF.CityCouncil)] == 1 and kinds[str(GRAF.ManagementBoard)] == 1
    labels = {d["label"]["da"] for _, d in G.nodes(data=True)}
    for name in ("Borgmesterforum", "Partnerskabsforum", "Samarbejdsorganet", "Kontaktudvalget", "BL's 1. kreds",
                 "Center for Bydesign", "Borgerrepræsentationen", "7-direktørkredsen", "KAB"):
        assert name in labels


def test_only_housing_organisations_that_facts_md_sources_are_asserted(store) -> None:
    rows = store.query(f"SELECT DISTINCT ?l WHERE {{ ?h a <{GRAF.HousingOrganisation}> ; "
                       f"<{SKOS.prefLabel}> ?l FILTER(lang(?l) = 'da') }}").records()
    names = sorted(r["l"].value for r in rows)
    assert names == ["Arbejdernes Andels Boligforening (AAB)", "Boligforeningen 3B", "Boligselskabet AKB, København",
                     "SAB – Samvirkende Boligselskaber", "fsb"]
    facts = (SOURCES / "FACTS.md").read_text(encoding="utf-8")
    for name in ("Lejerbo", "DAB", "Domea"):  # FACTS.md D13: no source ties them to Copenhagen
        assert name in facts
        assert all(name not in n for n in names)


def test_kab_administers_but_does_not_own(dataset: Dataset) -> None:
    assert (KBH["kab"], RDF.type, GRAF.AdministrationCompany) in dataset
    assert (KBH["kab"], RDF.type, GRAF.HousingOrganisation) not in dataset
    assert (KBH["kab"], GRAF.administers, KBH["akb-koebenhavn"]) in dataset


def test_the_lord_mayor_may_delegate_but_no_delegation_is_asserted(dataset: Dataset) -> None:
    ob_seats = list(dataset.subjects(GRAF.exOfficio, KBH["post/overborgmester"]))
    assert len(set(ob_seats)) == 2
    for seat in ob_seats:
        assert (seat, GRAF.mayDelegateTo, KBH["post/teknik-og-miljoeborgmester"]) in dataset
    assert list(dataset.triples((None, GRAF.delegatedTo, None))) == []


def test_scenarios_are_named_graphs_sharing_a_base(store) -> None:
    scenarios = {s.name: s for s in list_scenarios(store)}
    assert sorted(scenarios) == ["adjusted", "asis", "draft"]
    base = "https://w3id.org/graf/graph/kbh/base"
    assert all(base in s.graphs for s in scenarios.values())
    assert scenarios["adjusted"].preceded_by == "asis"
    assert "https://w3id.org/graf/graph/kbh/draft" not in scenarios["adjusted"].graphs


def test_a_query_can_compare_scenarios(store) -> None:
    rows = store.query("""
        PREFIX graf: <https://w3id.org/graf/def#>
        SELECT ?g (COUNT(?c) AS ?n) WHERE { GRAPH ?g { ?c graf:channelStatus <https://w3id.org/graf/concept/unknown> } }
        GROUP BY ?g""").records()
    assert {(r["g"].value.rsplit("/", 1)[-1], int(r["n"].value)) for r in rows} == {("draft", 35)}


def test_fuzzy_dates_stay_intervals_and_exact_dates_are_days(dataset: Dataset) -> None:
    committees = KBH["event/2010-committees"]
    interval = dataset.value(committees, URIRef("http://www.w3.org/2006/time#hasTime"))
    begin = dataset.value(dataset.value(interval, URIRef("http://www.w3.org/2006/time#hasBeginning")),
                          URIRef("http://www.w3.org/2006/time#inXSDgYearMonth"))
    assert str(begin) == "2010-04"
    approval = dataset.value(KBH["event/2010-01-21-approval"], URIRef("http://purl.org/dc/terms/date"))
    assert approval == Literal("2010-01-21", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))


def test_unknowns_are_stated_not_guessed(dataset: Dataset) -> None:
    questions = {str(o) for o in dataset.objects(None, GRAF.question)}
    assert any("entry point" in q for q in questions)
    assert any("22 February 2010" in q for q in questions)
    assert any("draft" in q for q in questions)
    # the 22 Feb meeting names no housing organisation as a participant
    attendees = set(dataset.objects(KBH["event/2010-02-22-joint-meeting"],
                                    URIRef("http://www.w3.org/ns/prov#wasAssociatedWith")))
    assert not any((a, RDF.type, GRAF.HousingOrganisation) in dataset for a in attendees)


def test_operational_channels_are_direct(dataset: Dataset) -> None:
    for ch in dataset.subjects(GRAF.channelKind, GRAFC.operational):
        assert (ch, GRAF.via, None) not in dataset


def test_posts_not_persons_are_members_of_fora(dataset: Dataset) -> None:
    # FOAF makes persons disjoint with organisations (ONTOLOGY-NOTES P3): persons sit in fora through posts
    assert list(dataset.triples((None, ORG.hasMember, None))) == []


def test_what_the_memo_only_announces_is_marked_planned_not_recorded_as_held(dataset: Dataset) -> None:
    planned = {str(e).rsplit("/", 1)[-1] for e in dataset.subjects(GRAF.plannedAsOf, None)}
    assert planned == {"2010-03-04-directors", "2010-03-briefings", "2010-03-25-local", "2010-committees", "2010-br"}
    assert (KBH["event/2010-02-22-joint-meeting"], GRAF.plannedAsOf, None) not in dataset


def test_every_citation_quote_names_what_it_supports_for_the_2010_mayors(dataset: Dataset) -> None:
    from rdflib.namespace import ORG as ORG_NS

    for post, person in dataset.subject_objects(ORG_NS.heldBy):
        name = str(dataset.value(person, URIRef("http://xmlns.com/foaf/0.1/name")))
        statements = [st for st in dataset.subjects(RDF.subject, post)
                      if (st, RDF.predicate, ORG_NS.heldBy) in dataset and (st, RDF.object, person) in dataset]
        quotes = [str(q) for st in statements for c in dataset.objects(st, GRAF.citation)
                  for q in dataset.objects(c, GRAF.quote)]
        assert quotes and all(name in q for q in quotes), (name, quotes)
