"""integrity: the model is well formed.

SHACL (``grafsh:rule "integrity"`` in ``ontology/shapes.ttl``): one mayor's post and one overseeing
committee per administration, one administration per committee, well-formed channels, one Danish
and one English label per actor. Python / networkx here: no orphan actors; every statement about
an actor or a channel has a source (a warning, one query); events are not dated before the
events that inform them (fuzzy dates compared on the days they can fall on).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict

import networkx as nx
import rdflib
from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, SKOS, TIME

from graf.namespaces import GRAF, ONTOLOGY_GRAPH
from graf.report import Finding
from graf.rules.base import Rule, ScenarioContext, register

SOURCE = ("Under BR sit one Økonomiudvalg and 6 stående udvalg. The chairs of the standing committees have the title "
          "borgmester. […] each leads the forvaltning serving their committee")

#: predicates that do not link an actor to another resource
_NOT_LINKS = {RDF.type, RDF.subject, RDF.predicate, RDF.object, GRAF.about, GRAF.citation}


def _concepts(g: rdflib.Graph) -> set:
    out = set(g.subjects(RDF.type, SKOS.Concept)) | set(g.subjects(RDF.type, ORG.Role))
    out |= set(g.subjects(SKOS.inScheme, None)) | set(g.subjects(RDF.type, SKOS.ConceptScheme))
    out |= set(g.subjects(RDF.type, OWL.Class)) | set(g.subjects(RDF.type, RDFS.Class))
    return out


def orphans(ctx: ScenarioContext) -> list[str]:
    """Actors linked to no other resource (types, labels, code-list concepts and reification aside)."""
    g = ctx.data
    skip = _concepts(g)
    statements = set(g.subjects(RDF.type, RDF.Statement))
    actors = set(ctx.graph.nodes())
    U = nx.Graph()
    U.add_nodes_from(actors)
    for s, p, o in g:
        if p in _NOT_LINKS or not isinstance(o, URIRef) or s == o:
            continue
        if o in skip or s in statements:
            continue
        if str(s) in actors or str(o) in actors:
            U.add_edge(str(s), str(o))
    return sorted(n for n in nx.isolates(U) if n in actors)


def unsourced(ctx: ScenarioContext) -> dict[str, list[str]]:
    """Actor or channel IRI -> predicates of its statements that no cited rdf:Statement reifies."""
    graphs = [g for g in ctx.scenario.graphs or () if g != str(ONTOLOGY_GRAPH)]
    if not graphs:
        return {}
    synthetic = {r["g"].value for r in ctx.select(f"SELECT ?g WHERE {{ ?g <{GRAF.isSynthetic}> true }}")}
    graphs = [g for g in graphs if g not in synthetic]
    if not graphs:
        return {}
    triples = f"""SELECT ?s ?p ?o WHERE {{
  GRAPH ?g {{ ?s ?p ?o }} FILTER (?g IN ({", ".join(f"<{g}>" for g in graphs)})) }}"""
    cited = f"""PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?s ?p ?o WHERE {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; <{GRAF.citation}> ?c }}"""
    G = ctx.graph
    subjects = set(G.nodes()) | {k for _u, _v, k, d in G.edges(keys=True, data=True) if d["relation"] == "channel"}
    sourced = {(r["s"], r["p"], r["o"]) for r in ctx.select(cited)}
    out: dict[str, list[str]] = defaultdict(list)
    for r in ctx.select(triples):
        s = r["s"].value
        if s in subjects and (r["s"], r["p"], r["o"]) not in sourced:
            out[s].append(r["p"].value)
    return {s: sorted(set(ps)) for s, ps in sorted(out.items())}


def _day_range(text: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a date, year-month or year literal can mean."""
    text = text.strip()
    try:
        if len(text) >= 10:
            d = dt.date.fromisoformat(text[:10])
            return d, d
        if len(text) == 7:
            y, m = int(text[:4]), int(text[5:7])
            return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])
        if len(text) == 4:
            y = int(text)
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
    except ValueError:
        return None
    return None


def start_range(g: rdflib.Graph, event: rdflib.term.Node) -> tuple[dt.date, dt.date] | None:
    """When ``event`` began, as (earliest, latest) possible day: dct:date, else its time:hasTime beginning."""
    candidates = list(g.objects(event, DCTERMS.date))
    for interval in g.objects(event, TIME.hasTime):
        for begin in [*g.objects(interval, TIME.hasBeginning), interval]:
            for prop in (TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear, TIME.inXSDDateTimeStamp):
                candidates += list(g.objects(begin, prop))
    ranges = [r for r in (_day_range(str(c)) for c in candidates) if r]
    if not ranges:
        return None
    return max(r[0] for r in ranges), min(r[1] for r in ranges)


def timeline_conflicts(g: rdflib.Graph) -> list[tuple[str, str, tuple, tuple]]:
    """(event, earlier event, its start range, the earlier's) where the event surely began first."""
    out = []
    for event, earlier in g.subject_objects(PROV.wasInformedBy):
        a, b = start_range(g, event), start_range(g, earlier)
        if a and b and a[1] < b[0]:
            out.append((str(event), str(earlier), a, b))
    return sorted(out)


def _when(r: tuple[dt.date, dt.date]) -> str:
    return r[0].isoformat() if r[0] == r[1] else f"{r[0].isoformat()}..{r[1].isoformat()}"


def check(ctx: ScenarioContext) -> list[Finding]:
    out = ctx.shacl.findings(ctx, RULE)
    for actor in orphans(ctx):
        name = ctx.labels([actor])[actor]
        out.append(ctx.finding(RULE, "orphan-actor", "violation", {
            "en": f"{name['en']} is linked to no other resource (an orphan actor)",
            "da": f"{name['da']} er ikke knyttet til nogen anden ressource (en forældreløs aktør)",
        }, nodes=[actor], witness=[actor]))
    missing = unsourced(ctx)
    if missing:
        # one finding per scenario, not one per actor: a model without citations would otherwise bury its
        # violations under a warning per actor
        subjects = sorted(missing)
        names = ctx.labels(subjects)
        shown = {lang: ", ".join(names[s][lang] for s in subjects[:8]) + (" …" if len(subjects) > 8 else "")
                 for lang in ("en", "da")}
        statements = sum(len(p) for p in missing.values())
        out.append(ctx.finding(RULE, "unsourced-statement", "warning", {
            "en": f"{statements} kind(s) of statement about {len(subjects)} actor(s) or channel(s) cite no source: "
                  f"{shown['en']}",
            "da": f"{statements} slags udsagn om {len(subjects)} aktør(er) eller kanal(er) har ingen kilde: "
                  f"{shown['da']}",
        }, nodes=[s for s in subjects if s in ctx.graph], edges=[s for s in subjects if s not in ctx.graph],
            detail={"subjects": " ".join(subjects)}, source=SOURCED))
    for event, earlier, a, b in timeline_conflicts(ctx.data):
        names = ctx.labels([event, earlier])
        out.append(ctx.finding(RULE, "timeline", "violation", {
            "en": f"{names[event]['en']} ({_when(a)}) is dated before {names[earlier]['en']} ({_when(b)}), "
                  "which it follows (prov:wasInformedBy)",
            "da": f"{names[event]['da']} ({_when(a)}) er dateret før {names[earlier]['da']} ({_when(b)}), "
                  "som den følger efter (prov:wasInformedBy)",
        }, witness=[earlier, event], detail={"start": _when(a), "earlier_start": _when(b)}))
    return out


SOURCED = ("Every statement about a real actor carries its source: the document, the supporting sentence and a "
           "confidence (graf's data convention; reified rdf:Statement with graf:citation)")

RULE = register(Rule(
    id="integrity",
    title={"da": "Modellens integritet", "en": "Integrity of the model"},
    kind="shacl+topology",
    severity="violation",
    source=SOURCE,
    source_document="FACTS.md B1 (kk.dk, Byens styre); graf's data conventions (every fact reified with a citation)",
    description="No orphan actors; each administration has exactly one mayor's post and one overseeing committee; "
                "each committee oversees exactly one administration; each channel has exactly one from, to, kind "
                "and status; each actor has exactly one Danish and one English label; every statement about an "
                "actor or channel has a source (warning); events are not dated before the events they follow.",
    check=check,
))
