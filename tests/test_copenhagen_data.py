"""The Copenhagen 2010 data set: truthful, at the sources' grain, sourced, bilingual, and what build.py writes."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import FOAF, ORG, PROV, RDF, SKOS, TIME, XSD

from graf.namespaces import DCTERMS, GRAF, GRAFC, KBH
from graf.network import actor_graph
from graf.quotes import quote_in
from graf.scenarios import list_scenarios
from graf.store import QueryOptions

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data" / "copenhagen-2010"
SOURCES = ROOT / "data" / "sources"
GROUP = KBH["de-store-almene-boligorganisationer"]
MEMBERS = {KBH[s] for s in ("akb-koebenhavn", "sab", "fsb", "aab", "3b")}
ADMINS = 7


def load_build():
    spec = importlib.util.spec_from_file_location("kbh_build", DATA / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["kbh_build"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build():
    return load_build()


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    ds = Dataset(default_union=True)
    for path in sorted(DATA.glob("*.trig")):
        ds.parse(data=path.read_text(encoding="utf-8"), format="trig")
    return ds


def citations_of(ds: Dataset, s, p, o) -> list[URIRef]:
    return [c for st in ds.subjects(RDF.subject, s) if (st, RDF.predicate, p) in ds and (st, RDF.object, o) in ds
            for c in ds.objects(st, GRAF.citation)]


def quotes_of(ds: Dataset, cites: list[URIRef]) -> list[str]:
    return [str(q) for c in cites for q in ds.objects(c, GRAF.quote)]


def confidence(ds: Dataset, cite: URIRef) -> str:
    return str(ds.value(cite, GRAF.confidence)).rsplit("/", 1)[-1]


# -- what build.py writes ------------------------------------------------------------------------------------

def test_committed_trig_files_are_what_build_py_writes(build) -> None:
    for name, text in build.serialise(build.build()).items():
        assert (DATA / name).read_text(encoding="utf-8") == text, f"{name} is stale: run data/copenhagen-2010/build.py"


def test_the_output_does_not_depend_on_the_order_of_the_records(build) -> None:
    from graf.builder import Builder

    def quads(reverse: bool) -> set[str]:
        b = Builder(str(KBH) + "stmt/", str(KBH) + "cite/")
        items = [(name, r) for name, recs in build.records().items() for r in recs]
        for name, record in (reversed(items) if reverse else items):
            b.add(build.G[name], record)
        return set(b.nquads())

    assert quads(False) == quads(True)


# -- sources ------------------------------------------------------------------------------------------------

def test_every_quoted_sentence_occurs_in_its_source_under_the_stated_normalisation(dataset: Dataset) -> None:
    memo = (SOURCES / "memo-2010-140582.txt").read_text(encoding="utf-8")
    facts = (SOURCES / "FACTS.md").read_text(encoding="utf-8")
    quotes = list(dataset.query("""
        PREFIX graf: <https://w3id.org/graf/def#> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?c ?q ?doc WHERE { GRAPH ?g { ?c graf:quote ?q ; prov:wasQuotedFrom ?doc } }"""))
    assert len(quotes) > 70
    for cite, quote, doc in quotes:
        is_memo = doc == KBH["doc/memo-2010-140582"]
        assert quote_in(str(quote), memo if is_memo else facts, markdown=not is_memo), f"{cite}: quote not in {doc}"


def test_facts_md_quotes_need_only_the_stated_normalisation(dataset: Dataset) -> None:
    # FACTS.md marks names bold: "**Frank Jensen (S)**, from 1 Jan 2010"; the quote reads as rendered, and it
    # matches only once ** is ignored, as graf.quotes states (whitespace aside, nothing else is changed)
    facts = (SOURCES / "FACTS.md").read_text(encoding="utf-8")
    quote = "Frank Jensen (S), from 1 Jan 2010; succeeded Ritt Bjerregaard (S)"
    assert quote in quotes_of(dataset, [KBH["cite/B9"]])
    assert quote not in facts and quote_in(quote, facts, markdown=True)
    assert not quote_in(quote.replace("Ritt", "Rita"), facts, markdown=True)


def test_every_document_names_the_file_its_text_is_kept_in(dataset: Dataset) -> None:
    for doc in set(dataset.objects(None, PROV.wasQuotedFrom)):
        path = dataset.value(doc, GRAF.sourceFile)
        assert path is not None and (DATA / str(path)).is_file(), doc


def test_every_statement_about_an_actor_has_a_citation_with_a_confidence(store) -> None:
    uncited = store.query("""
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX graf: <https://w3id.org/graf/def#>
        SELECT ?g ?s ?p ?o WHERE {
          GRAPH ?g { ?s ?p ?o FILTER(STRSTARTS(STR(?s), "https://w3id.org/graf/id/kbh/")) }
          MINUS { GRAPH ?g { ?s a ?bk FILTER(?bk IN (rdf:Statement, graf:Citation, graf:OpenQuestion)) } }
          FILTER(?p != graf:sourceFile)
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


def _day_forms(iso: str) -> set[str]:
    """How the sources write a date: 21. januar 2010, 21 Jan 2010, 21-01-2010, 22. februar (the memo's year)."""
    da = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november",
          "december"]
    en = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    if len(iso) == 4:
        return {iso}
    y, m = int(iso[:4]), int(iso[5:7])
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
    if len(iso) == 7:
        return {f"{en[m - 1]} {y}", f"{months[m - 1]} {y}", da[m - 1], iso}
    d = int(iso[8:])
    return {f"{d}. {da[m - 1]}", f"{d} {en[m - 1]}", f"{d:02d}-{m:02d}-{y}", iso, f"{d}. {da[m - 1]} {y}"}


def test_no_date_or_name_claims_more_than_its_quote_states(dataset: Dataset) -> None:
    # a sample of claims checked against their quotes: every day, month or year a memo or external citation
    # supports appears in one of its quotes, and so does every name and contact detail
    checked = 0
    for st in dataset.subjects(RDF.type, RDF.Statement):
        obj = dataset.value(st, RDF.object)
        pred = dataset.value(st, RDF.predicate)
        cites = [c for c in dataset.objects(st, GRAF.citation) if confidence(dataset, c) in ("memo", "external")]
        if not cites or not isinstance(obj, Literal):
            continue
        quotes = " ".join(quotes_of(dataset, cites))
        if any(confidence(dataset, c) == "memo" for c in cites):  # the memo's "25. marts" is in its header's year
            quotes += " 2010"
        if obj.datatype and str(obj.datatype).endswith(("#date", "#gYearMonth", "#gYear")) and pred != GRAF.plannedAsOf:
            assert any(form in quotes for form in _day_forms(str(obj))), (str(obj), quotes)
            checked += 1
        elif pred in (FOAF.name, GRAF.caseHandler, GRAF.eanNumber, URIRef("http://data.europa.eu/m8g/telephone"),
                      URIRef("http://data.europa.eu/m8g/email"), DCTERMS.identifier, GRAF.caseNumber):
            assert str(obj) in quotes, (str(obj), quotes)
            checked += 1
    assert checked > 40


def test_every_citation_quote_names_the_2010_mayor_it_supports(dataset: Dataset) -> None:
    for post, person in dataset.subject_objects(ORG.heldBy):
        name = str(dataset.value(person, FOAF.name))
        quotes = quotes_of(dataset, citations_of(dataset, post, ORG.heldBy, person))
        assert quotes and any(name in q for q in quotes), (name, quotes)


def _looks_danish(text: str) -> bool:
    words = re.findall(r"\w+", text.lower())
    da = sum(w in {"og", "som", "har", "siden", "fungeret", "efter", "år", "den", "kommende", "otte", "kunnet",
                   "lave", "i", "af", "for", "teknik", "miljøborgmester", "borgmester"} for w in words)
    en = sum(w in {"the", "and", "in", "from", "he", "was", "by", "of", "resigned", "re", "elected", "mayor",
                   "succeeded", "counted", "back", "inferred", "no", "single", "source", "states", "it", "chair",
                   "head", "early", "i", "e", "end", "job", "start", "take"} for w in words)
    return da > en


@pytest.mark.parametrize("key", ["B9", "B10", "B10-early", "B10-oct", "B11", "B12", "B13", "B14", "B14-2009", "B15",
                                 "B16"])
def test_quotes_of_the_2010_mayors_are_tagged_with_their_language(dataset: Dataset, key: str) -> None:
    quotes = list(dataset.objects(KBH[f"cite/{key}"], GRAF.quote))
    assert quotes
    for q in quotes:
        assert q.language == ("da" if _looks_danish(str(q)) else "en"), (key, str(q), q.language)


def test_mixed_rows_are_quoted_in_parts_each_in_its_language(dataset: Dataset) -> None:
    langs = {q.language for q in dataset.objects(KBH["cite/B12"], GRAF.quote)}
    assert langs == {"da", "en"}


def test_warmings_term_is_derived_and_kjeldgaards_tenure_begins_in_2010_not_january(dataset: Dataset) -> None:
    warming = KBH["person/mikkel-warming"]
    cites = citations_of(dataset, KBH["post/socialborgmester"], ORG.heldBy, warming)
    assert {confidence(dataset, c) for c in cites} == {"derived"}
    begin = KBH["tenure/bo-asmus-kjeldgaard/interval/begin"]
    assert dataset.value(begin, TIME.inXSDgYear) == Literal("2010", datatype=XSD.gYear)
    assert dataset.value(begin, TIME.inXSDgYearMonth) is None
    assert Literal("early 2010", lang="en") in set(dataset.objects(begin, SKOS.note))
    cites = citations_of(dataset, begin, TIME.inXSDgYear, dataset.value(begin, TIME.inXSDgYear))
    assert [str(c).rsplit("/", 1)[-1] for c in cites] == ["kjeldgaard-2010"]


def test_every_defined_citation_is_used(build) -> None:
    assert build.build().unused_citations() == []


# -- grain: the memo's group, not invented organisations --------------------------------------------------

def test_the_large_housing_organisations_are_one_actor_beside_bls_1st_district(dataset: Dataset) -> None:
    assert (GROUP, RDF.type, GRAF.HousingOrganisationGroup) in dataset
    assert Literal("De store almene boligorganisationer", lang="da") in set(dataset.objects(GROUP, SKOS.prefLabel))
    cites = citations_of(dataset, GROUP, RDF.type, GRAF.HousingOrganisationGroup)
    assert any("De store almene boligorganisationer og BL's 1. kreds" in q for q in quotes_of(dataset, cites))
    meeting = KBH["event/2010-02-22-joint-meeting"]
    present = set(dataset.objects(meeting, PROV.wasAssociatedWith))
    assert {GROUP, KBH["bl-1-kreds"]} <= present and not present & MEMBERS


def test_members_are_listed_each_with_its_own_derived_citation_and_inherit_nothing(dataset: Dataset) -> None:
    assert set(dataset.objects(GROUP, ORG.hasMember)) == MEMBERS
    keys = set()
    for member in MEMBERS:
        cites = citations_of(dataset, GROUP, ORG.hasMember, member)
        assert len(cites) == 1 and confidence(dataset, cites[0]) == "derived"
        assert str(dataset.value(cites[0], GRAF.reasoning)).count("FACTS.md D") >= 2
        keys.add(cites[0])
    assert len(keys) == 5
    # no channel, no meeting of 2010 and no position is asserted of a member
    assert not {o for p in (GRAF.channelFrom, GRAF.channelTo, PROV.wasAttributedTo)
                for o in dataset.objects(None, p)} & MEMBERS
    for slug in ("2010-02-22-joint-meeting", "2010-03-25-local", "2010-committees"):
        assert not set(dataset.objects(KBH[f"event/{slug}"], PROV.wasAssociatedWith)) & MEMBERS
    question = next(q for q in dataset.subjects(GRAF.about, GROUP) if (q, RDF.type, GRAF.OpenQuestion) in dataset)
    assert "take part" in str(dataset.value(question, GRAF.question))


def test_members_of_a_group_are_organisations_never_persons(dataset: Dataset) -> None:
    # FOAF makes persons disjoint with organisations (ONTOLOGY-NOTES P3): persons sit in fora through posts
    for member in dataset.objects(None, ORG.hasMember):
        assert (member, RDF.type, FOAF.Person) not in dataset
        assert (member, RDF.type, GRAF.HousingOrganisation) in dataset


@pytest.mark.parametrize("scenario", ["asis", "draft", "adjusted"])
def test_one_direct_channel_per_administration_between_it_and_the_group(store, scenario: str) -> None:
    sc = next(s for s in list_scenarios(store) if s.name == scenario)
    G = actor_graph(store, sc)
    direct = [(u, v) for u, v, d in G.edges(data=True) if d["relation"] == "channel" and d["layer"] == "operational"]
    assert len(direct) == ADMINS and {u for u, _v in direct} == {str(GROUP)}
    assert len({v for _u, v in direct}) == ADMINS
    assert G.nodes[str(GROUP)]["housing"]  # a housing-side actor for the topology rules


def test_the_draft_leaves_what_the_memo_does_not_say_unknown(store) -> None:
    rows = store.query("""
        PREFIX graf: <https://w3id.org/graf/def#>
        SELECT ?g ?status (COUNT(?c) AS ?n) WHERE { GRAPH ?g { ?c graf:channelStatus ?status } }
        GROUP BY ?g ?status""").records()
    found = {(r["g"].value.rsplit("/", 1)[-1], r["status"].value.rsplit("/", 1)[-1]): int(r["n"].value) for r in rows}
    assert found == {("asis", "open"): 7, ("draft", "unknown"): 16, ("adjusted", "open"): 16}


def test_formal_channels_rest_on_a_labelled_derivation(dataset: Dataset) -> None:
    formal = set(dataset.subjects(GRAF.channelKind, GRAFC.formal))
    assert len(formal) == 18
    for ch in formal:
        cites = citations_of(dataset, ch, GRAF.channelKind, GRAFC.formal)
        assert cites and all(confidence(dataset, c) == "derived" and dataset.value(c, GRAF.reasoning) for c in cites)


def test_the_entry_point_reading_is_derived_and_its_question_says_so(dataset: Dataset) -> None:
    ep = KBH["entry-point"]
    for forum in (KBH["borgmesterforum"], KBH["partnerskabsforum"]):
        cites = citations_of(dataset, ep, GRAF.realisedBy, forum)
        assert [confidence(dataset, c) for c in cites] == ["derived"]
        assert "graf's reading" in str(dataset.value(cites[0], GRAF.reasoning))
    question = str(dataset.value(KBH["question/entry-point"], GRAF.question))
    assert "graf offers a reading" in question and "does not say" in question and "would settle it" in question


# -- what the memo records --------------------------------------------------------------------------------

@pytest.mark.parametrize(("subject", "predicate", "obj", "key", "words"), [
    ("information-effort", PROV.wasAssociatedWith, "direktoerkredsen", "memo-information",
     "begyndende i 7 direktørkredsen"),
    ("information-effort", GRAF.decidedAt, "event/2010-01-21-approval", "memo-information", "oplysningsindsats"),
    ("success-criteria", GRAF.decidedAt, "event/2010-01-21-approval", "memo-criteria", "evaluere indsatsen"),
    ("doc/faelles-orienteringsnotat", GRAF.awaitsApprovalBy, "direktoerkredsen", "orientation-approval", ""),
    ("event/2010-talks-okf-sof", PROV.wasAssociatedWith, "oekonomiforvaltningen", "memo-adjustment", "drøftelser"),
    ("event/2010-talks-okf-sof", PROV.wasAssociatedWith, "socialforvaltningen", "memo-adjustment",
     "Socialforvaltningen"),
    ("position/satisfaction-2010-02-22", PROV.wasAttributedTo, "de-store-almene-boligorganisationer", "memo-entry",
     "tilfredshed"),
    ("position/satisfaction-2010-02-22", PROV.wasAttributedTo, "bl-1-kreds", "memo-entry", "tilfredshed"),
    ("political-agreement", GRAF.realisedAs, "doc/hovedaftale-2011-2014", "C1-followup", "follow-up"),
    ("doc/memo-2010-140582", DCTERMS.subject, "political-agreement", "memo-title", "politisk aftale"),
    ("center-for-bydesign", URIRef("http://data.europa.eu/m8g/contactPoint"), "contact-point/center-for-bydesign",
     "memo-author", "3366 1254"),
])
def test_each_memo_item_is_there_with_its_source(dataset: Dataset, subject, predicate, obj, key, words) -> None:
    cites = citations_of(dataset, KBH[subject], predicate, KBH[obj])
    assert [str(c).rsplit("/", 1)[-1] for c in cites] == [key]
    if words:
        reasoning = str(dataset.value(cites[0], GRAF.reasoning))
        assert any(words in q for q in quotes_of(dataset, cites)) or words in reasoning


def test_the_orientation_memo_was_drafted_by_the_seven_administrations(dataset: Dataset) -> None:
    creators = set(dataset.objects(KBH["doc/faelles-orienteringsnotat"], DCTERMS.creator))
    assert len(creators) == ADMINS and all((c, RDF.type, GRAF.Administration) in dataset for c in creators)


def test_the_case_handler_and_the_contact_details_are_as_printed(dataset: Dataset) -> None:
    memo = KBH["doc/memo-2010-140582"]
    assert dataset.value(memo, GRAF.caseHandler) == Literal("Rebecca Forsman")
    cp = KBH["contact-point/center-for-bydesign"]
    assert str(dataset.value(cp, URIRef("http://data.europa.eu/m8g/email"))) == "AD66@tmf.kk.dk"
    assert str(dataset.value(KBH["center-for-bydesign"], GRAF.eanNumber)) == "5798009495044"


# -- process and timeline -----------------------------------------------------------------------------------

def test_informed_by_links_are_memo_only_where_the_quote_states_them(dataset: Dataset) -> None:
    found = set()
    for event, earlier in dataset.subject_objects(PROV.wasInformedBy):
        cites = citations_of(dataset, event, PROV.wasInformedBy, earlier)
        found.update((str(event).rsplit("/", 1)[-1], str(earlier).rsplit("/", 1)[-1], confidence(dataset, c))
                     for c in cites)
    assert found == {
        ("2010-02-22-joint-meeting", "2010-01-21-approval", "derived"),
        ("2010-02-25-memo", "2010-02-22-joint-meeting", "memo"),  # the memo reports the meeting
        ("2010-02-25-memo", "2010-talks-okf-sof", "memo"),  # "på baggrund af drøftelser med ..."
        ("2010-03-04-directors", "2010-02-25-memo", "memo"),  # "Mødet den 4. marts 2010" in the memo's header
        ("2010-03-briefings", "2010-03-04-directors", "derived"),
        ("2010-committees", "2010-03-briefings", "derived"),
        ("2010-br", "2010-committees", "derived"),
    }


def test_events_naming_committees_and_lokaludvalg_cite_the_facts_rows_that_name_them(dataset: Dataset) -> None:
    local = KBH["event/2010-03-25-local"]
    for lu in dataset.objects(local, PROV.wasAssociatedWith):
        cites = citations_of(dataset, local, PROV.wasAssociatedWith, lu)
        assert [str(c).rsplit("/", 1)[-1] for c in cites] == ["lokaludvalg-named"]
    assert KBH["cite/E1"] in set(dataset.objects(KBH["cite/lokaludvalg-named"], PROV.wasDerivedFrom))
    assert len(set(dataset.objects(local, PROV.wasAssociatedWith))) == 12
    committees = KBH["event/2010-committees"]
    assert len(set(dataset.objects(committees, PROV.wasAssociatedWith))) == 6
    assert KBH["cite/B2"] in set(dataset.objects(KBH["cite/fagudvalg-named"], PROV.wasDerivedFrom))


@pytest.mark.parametrize(("event", "date", "begin", "end", "note"), [
    ("2010-01-21-approval", "2010-01-21", None, None, None),
    ("2010-02-22-joint-meeting", "2010-02-22", None, None, None),
    ("2010-02-25-memo", "2010-02-25", None, None, None),
    ("2010-03-04-directors", "2010-03-04", None, None, None),
    ("2010-03-briefings", None, "2010-03", "2010-03", "late March 2010"),
    ("2010-03-25-local", "2010-03-25", None, None, None),
    ("2010-committees", None, "2010-04", "2010-06", "April–June 2010"),
    ("2010-br", None, None, "2010", "before the summer holiday 2010"),
])
def test_every_dated_event_of_the_memo_keeps_its_precision(dataset: Dataset, event, date, begin, end, note) -> None:
    e = KBH[f"event/{event}"]
    assert (str(dataset.value(e, DCTERMS.date)) if dataset.value(e, DCTERMS.date) else None) == date
    interval = dataset.value(e, TIME.hasTime)
    if date:
        assert interval is None
        return
    def bound(prop):
        inst = dataset.value(interval, prop)
        if inst is None:
            return None
        values = [v for p in (TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear) for v in dataset.objects(inst, p)]
        return str(values[0])
    assert (bound(TIME.hasBeginning), bound(TIME.hasEnd)) == (begin, end)
    assert Literal(note, lang="en") in set(dataset.objects(interval, SKOS.note))


def test_what_the_memo_only_announces_is_marked_planned_not_recorded_as_held(dataset: Dataset) -> None:
    planned = {str(e).rsplit("/", 1)[-1] for e in dataset.subjects(GRAF.plannedAsOf, None)
               if (e, RDF.type, GRAF.Agreement) not in dataset}
    assert planned == {"2010-03-04-directors", "2010-03-briefings", "2010-03-25-local", "2010-committees", "2010-br"}
    assert (KBH["event/2010-02-22-joint-meeting"], GRAF.plannedAsOf, None) not in dataset


# -- labels and actors ------------------------------------------------------------------------------------------

def test_every_actor_has_exactly_one_danish_and_one_english_label(store) -> None:
    for scenario in list_scenarios(store):
        options = QueryOptions(default_graphs=scenario.graphs, max_rows=1_000_000)
        rows = store.query(f"SELECT ?s ?l WHERE {{ ?s <{SKOS.prefLabel}> ?l }}", options=options).records()
        labels: dict[str, Counter] = {}
        for r in rows:
            labels.setdefault(r["s"].value, Counter())[r["l"].language] += 1
        for iri in actor_graph(store, scenario):
            assert labels[iri]["da"] == 1 and labels[iri]["en"] == 1, (scenario.name, iri, labels[iri])


def test_no_english_label_starts_with_the(dataset: Dataset) -> None:
    bad = [str(lbl) for lbl in dataset.objects(None, SKOS.prefLabel)
           if lbl.language == "en" and str(lbl).startswith("The ")]
    assert bad == []


def test_chair_seat_labels_use_their_posts_labels(dataset: Dataset) -> None:
    seats = list(dataset.subjects(RDF.type, GRAF.ChairSeat))
    assert len(seats) == 4
    for seat in seats:
        post = dataset.value(seat, GRAF.exOfficio)
        for lang in ("da", "en"):
            post_label = next(str(x) for x in dataset.objects(post, SKOS.prefLabel) if x.language == lang)
            seat_label = next(str(x) for x in dataset.objects(seat, SKOS.prefLabel) if x.language == lang)
            assert f"({post_label.lower() if lang == 'da' else post_label})" in seat_label


def test_the_actors_the_memo_names_are_all_there(store) -> None:
    scenario = next(s for s in list_scenarios(store) if s.name == "adjusted")
    G = actor_graph(store, scenario)
    kinds = Counter(d["kind"] for _, d in G.nodes(data=True))
    assert kinds[str(GRAF.Administration)] == 7
    assert kinds[str(GRAF.StandingCommittee)] == 6 and kinds[str(GRAF.FinanceCommittee)] == 1
    assert kinds[str(GRAF.LocalCommittee)] == 12
    assert kinds[str(GRAF.MayorPost)] + kinds[str(GRAF.LordMayorPost)] == 7
    assert kinds[str(GRAF.CityCouncil)] == 1 and kinds[str(GRAF.ManagementBoard)] == 1
    assert kinds[str(GRAF.HousingOrganisationGroup)] == 1
    labels = {d["label"]["da"] for _, d in G.nodes(data=True)}
    for name in ("Borgmesterforum", "Partnerskabsforum", "Samarbejdsorganet", "Kontaktudvalget", "BL's 1. kreds",
                 "Center for Bydesign", "Borgerrepræsentationen", "7-direktørkredsen", "KAB",
                 "De store almene boligorganisationer"):
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


def test_unknowns_are_stated_not_guessed(dataset: Dataset) -> None:
    questions = {str(o) for o in dataset.objects(None, GRAF.question)}
    assert any("entry point" in q for q in questions)
    assert any("22 February 2010" in q for q in questions)
    assert any("draft" in q for q in questions)


def test_operational_channels_are_direct(dataset: Dataset) -> None:
    for ch in dataset.subjects(GRAF.channelKind, GRAFC.operational):
        assert (ch, GRAF.via, None) not in dataset
