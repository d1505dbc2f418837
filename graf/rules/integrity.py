"""integrity: the model is well formed.

SHACL (``grafsh:rule "integrity"`` in ``ontology/shapes.ttl``): one mayor's post and one overseeing
committee per administration, one administration per committee, well-formed channels, one Danish
and one English label per actor, organisations (never persons) as members of a group, a scenario's
``graf:resilience`` a whole number of 0 or more. Python / networkx here, in named passes: no orphan
actors; every statement about an actor or a channel has a source (a warning, one query); dates in
order: no interval (a tenure, a membership, a channel's validity, an event's time) begins after it
ends, and no event is dated before an event it was informed by (fuzzy dates compared on the days
they can fall on: only what is surely out of order is reported).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict

from graf.namespaces import DCTERMS, GRAF, ONTOLOGY_GRAPH, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME
from graf.report import Finding
from graf.rules.base import WITNESS_LIMIT, Code, Rule, ScenarioContext, register

SOURCE = ("Under BR sit one Økonomiudvalg and 6 stående udvalg. The chairs of the standing committees have the title "
          "borgmester. […] each leads the forvaltning serving their committee")

#: predicates that do not link an actor to another resource
_NOT_LINKS = {RDF.type, RDF.subject, RDF.predicate, RDF.object, GRAF.about, GRAF.citation}


_CONCEPT = """(EXISTS { VAR a ?_t . FILTER(?_t IN (skos:Concept, org:Role, skos:ConceptScheme, owl:Class, rdfs:Class)) }
           || EXISTS { VAR skos:inScheme ?_s })"""
_NOT_LINK_LIST = ", ".join(f"<{p}>" for p in sorted(_NOT_LINKS))
_LINK = f"""{{ VALUES ?S {{ CANDIDATES }} ?s ?p ?o .
    FILTER (isIRI(?o) && !sameTerm(?s, ?o) && ?p NOT IN ({_NOT_LINK_LIST}))
    FILTER NOT EXISTS {{ ?s a rdf:Statement }}
    FILTER (!{_CONCEPT.replace("VAR", "?o")}) }}"""
_LINKED = f"""PREFIX rdf: <{RDF}> PREFIX rdfs: <{RDFS}> PREFIX owl: <{OWL}> PREFIX skos: <{SKOS}>
PREFIX org: <{ORG}>
SELECT DISTINCT ?a WHERE {{
  {{ {_LINK.replace("?S ", "?s ")} BIND (?s AS ?a) }} UNION {{ {_LINK.replace("?S ", "?o ")} BIND (?o AS ?a) }}
}}"""


def orphans(ctx: ScenarioContext) -> list[str]:
    """Actors linked to no other resource (types, labels, code-list concepts and reification aside).

    An actor with an edge to another actor in the actor graph is linked (each edge comes from such
    a link: a channel's ends, a structural relation); the others are asked for in one query.
    """
    G = ctx.graph
    candidates = [n for n, degree in G.degree() if degree == 2 * G.number_of_edges(n, n)]  # self-loops aside
    if not candidates:
        return []
    text = _LINKED.replace("CANDIDATES", " ".join(f"<{n}>" for n in candidates))
    linked = {r["a"].value for r in ctx.select(text) if "a" in r}
    return sorted(n for n in candidates if n not in linked)


def _real_graphs(ctx: ScenarioContext) -> list[str]:
    """The scenario's data graphs that are not marked synthetic (their facts must be sourced)."""
    graphs = [g for g in ctx.scenario.graphs or () if g != str(ONTOLOGY_GRAPH)]
    if not graphs:
        return []
    marked = f"VALUES ?g {{ {' '.join(f'<{g}>' for g in graphs)} }} ?g <{GRAF.isSynthetic}> true"
    synthetic = {r["g"].value for r in ctx.select(f"SELECT ?g WHERE {{ {marked} }}")}
    return [g for g in graphs if g not in synthetic]


def unsourced(ctx: ScenarioContext) -> dict[str, list[str]]:
    """Actor or channel IRI -> predicates of its statements that no cited rdf:Statement reifies."""
    graphs = _real_graphs(ctx)
    if not graphs:
        return {}
    triples = f"""SELECT ?s ?p ?o WHERE {{
  GRAPH ?g {{ ?s ?p ?o }} FILTER (?g IN ({", ".join(f"<{g}>" for g in graphs)})) }}"""
    cited = f"""PREFIX rdf: <{RDF}>
SELECT ?s ?p ?o WHERE {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; <{GRAF.citation}> ?c }}"""
    G = ctx.graph
    subjects = set(G.nodes()) | {k for _u, _v, k, d in G.edges(keys=True, data=True) if d["relation"] == "channel"}
    sourced = {(r["s"], r["p"], r["o"]) for r in ctx.select_citations(cited)}
    out: dict[str, list[str]] = defaultdict(list)
    for r in ctx.select(triples):
        s = r["s"].value
        if s in subjects and (r["s"], r["p"], r["o"]) not in sourced:
            out[s].append(r["p"].value)
    return {s: sorted(set(ps)) for s, ps in sorted(out.items())}


#: the first and last day a date can mean (a year-month or a year means many)
DayRange = tuple[dt.date, dt.date]


def _day_range(text: str) -> DayRange | None:
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


_TIME_PROPS = ", ".join(f"<{TIME}{p}>" for p in ("inXSDDate", "inXSDgYearMonth", "inXSDgYear", "inXSDDateTimeStamp"))
_EVENT_DATES = f"""SELECT DISTINCT ?event ?date WHERE {{
  {{ ?event <{PROV.wasInformedBy}> [] }} UNION {{ [] <{PROV.wasInformedBy}> ?event }}
  {{ ?event <{DCTERMS.date}> ?date }}
  UNION {{ ?event <{TIME.hasTime}> ?i . ?i ?tp ?date . FILTER (?tp IN ({_TIME_PROPS})) }}
  UNION {{ ?event <{TIME.hasTime}>/<{TIME.hasBeginning}> ?b . ?b ?tp ?date . FILTER (?tp IN ({_TIME_PROPS})) }}
}}"""
_FOLLOWS = f"SELECT ?event ?earlier WHERE {{ ?event <{PROV.wasInformedBy}> ?earlier }}"


def start_ranges(ctx: ScenarioContext) -> dict[str, tuple[dt.date, dt.date]]:
    """When each event of a prov:wasInformedBy link began, as (earliest, latest) possible day: its
    dct:date, else its time:hasTime (or that interval's beginning); the narrowest if several."""
    found: dict[str, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for r in ctx.select(_EVENT_DATES):
        day = _day_range(r["date"].value)
        if day:
            found[r["event"].value].append(day)
    return {e: (max(r[0] for r in rs), min(r[1] for r in rs)) for e, rs in found.items()}


def timeline_conflicts(ctx: ScenarioContext) -> list[tuple[str, str, DayRange, DayRange]]:
    """(event, earlier event, its start range, the earlier's) where the event surely began first."""
    starts = start_ranges(ctx)
    out = []
    for r in ctx.select(_FOLLOWS):
        event, earlier = r["event"].value, r["earlier"].value
        a, b = starts.get(event), starts.get(earlier)
        if a and b and a[1] < b[0]:
            out.append((event, earlier, a, b))
    return sorted(set(out))


_BOUNDS = f"""SELECT DISTINCT ?interval ?begin ?end WHERE {{
  ?interval <{TIME.hasBeginning}> ?b ; <{TIME.hasEnd}> ?e .
  ?b ?bp ?begin . FILTER (?bp IN ({_TIME_PROPS}))
  ?e ?ep ?end . FILTER (?ep IN ({_TIME_PROPS}))
}}"""
_HOLDERS = f"""PREFIX rdf: <{RDF}>
SELECT DISTINCT ?holder ?interval WHERE {{
  ?interval <{TIME.hasBeginning}> ?b ; <{TIME.hasEnd}> ?e .
  ?holder ?p ?interval . FILTER NOT EXISTS {{ ?holder a rdf:Statement }}
}}"""


def interval_conflicts(ctx: ScenarioContext) -> list[tuple[str, DayRange, DayRange]]:
    """(interval, its beginning's day range, its end's) where the interval surely begins after it ends."""
    begins: dict[str, list[DayRange]] = defaultdict(list)
    ends: dict[str, list[DayRange]] = defaultdict(list)
    for r in ctx.select(_BOUNDS):
        interval = r["interval"].value
        b, e = _day_range(r["begin"].value), _day_range(r["end"].value)
        if b and e:
            begins[interval].append(b)
            ends[interval].append(e)
    out = []
    for interval, bs in begins.items():
        b = (max(r[0] for r in bs), min(r[1] for r in bs))
        e = (max(r[0] for r in ends[interval]), min(r[1] for r in ends[interval]))
        if b[0] > e[1]:
            out.append((interval, b, e))
    return sorted(out)


def _when(r: tuple[dt.date, dt.date]) -> str:
    return r[0].isoformat() if r[0] == r[1] else f"{r[0].isoformat()}..{r[1].isoformat()}"


def check(ctx: ScenarioContext) -> list[Finding]:
    unsourced_warning = _unsourced_findings(ctx) if ctx.wants("warning") else []
    return [*ctx.shacl.findings(ctx, RULE), *_orphan_findings(ctx), *unsourced_warning,
            *_timeline_findings(ctx), *_interval_findings(ctx)]


def _orphan_findings(ctx: ScenarioContext) -> list[Finding]:
    out = []
    for actor in orphans(ctx):
        name = ctx.labels([actor])[actor]
        out.append(ctx.finding(RULE, "orphan-actor", "violation", {
            "en": f"{name['en']} is linked to no other resource (an orphan actor)",
            "da": f"{name['da']} er ikke knyttet til nogen anden ressource (en forældreløs aktør)",
        }, nodes=[actor], witness=[actor]))
    return out


def _unsourced_findings(ctx: ScenarioContext) -> list[Finding]:
    """One warning per scenario, not one per actor: a model without citations would otherwise bury its
    violations under a warning per actor."""
    missing = unsourced(ctx)
    if not missing:
        return []
    subjects = sorted(missing)
    names = ctx.labels(subjects)
    shown = {lang: ", ".join(names[s][lang] for s in subjects[:8]) + (" …" if len(subjects) > 8 else "")
             for lang in ("en", "da")}
    statements = sum(len(p) for p in missing.values())
    return [ctx.finding(RULE, "unsourced-statement", "warning", {
        "en": f"{statements} kind(s) of statement about {len(subjects)} actor(s) or channel(s) cite no source: "
              f"{shown['en']}",
        "da": f"{statements} slags udsagn om {len(subjects)} aktør(er) eller kanal(er) har ingen kilde: "
              f"{shown['da']}",
    }, nodes=[s for s in subjects if s in ctx.graph], edges=[s for s in subjects if s not in ctx.graph],
        focus=[], detail={"subjects": " ".join(subjects)}, source=SOURCED)]


def _timeline_findings(ctx: ScenarioContext) -> list[Finding]:
    out = []
    for event, earlier, a, b in timeline_conflicts(ctx):
        names = ctx.labels([event, earlier])
        out.append(ctx.finding(RULE, "timeline", "violation", {
            "en": f"{names[event]['en']} ({_when(a)}) is dated before {names[earlier]['en']} ({_when(b)}), "
                  "which it follows (prov:wasInformedBy)",
            "da": f"{names[event]['da']} ({_when(a)}) er dateret før {names[earlier]['da']} ({_when(b)}), "
                  "som den følger efter (prov:wasInformedBy)",
        }, witness=[earlier, event], focus=[event], detail={"start": _when(a), "earlier_start": _when(b)}))
    return out


def _interval_findings(ctx: ScenarioContext) -> list[Finding]:
    """Intervals that begin after they end, each reported on what holds it (a tenure, a channel ...)."""
    conflicts = interval_conflicts(ctx)
    if not conflicts:
        return []
    holders: dict[str, list[str]] = defaultdict(list)
    for r in ctx.select(_HOLDERS):
        holders[r["interval"].value].append(r["holder"].value)
    G = ctx.graph
    channels = {k for _u, _v, k, d in G.edges(keys=True, data=True) if d["relation"] == "channel"}
    out = []
    for interval, b, e in conflicts:
        held = sorted(holders.get(interval, ())) or [interval]
        names = ctx.labels(held)
        what = {lang: ", ".join(names[h][lang] for h in held) for lang in ("en", "da")}
        out.append(ctx.finding(RULE, "interval-order", "violation", {
            "en": f"the interval of {what['en']} begins ({_when(b)}) after it ends ({_when(e)})",
            "da": f"perioden for {what['da']} begynder ({_when(b)}) efter, at den slutter ({_when(e)})",
        }, nodes=[h for h in held if h in G], edges=[h for h in held if h in channels], witness=held, focus=held,
            detail={"interval": interval, "begin": _when(b), "end": _when(e)}))
    return out


_SHACL_CODES = {
    "mayor-post": Code.of("violation", "Giv forvaltningen præcis én borgmesterpost (org:postIn, graf:MayorPost).",
                          "Give the administration exactly one mayor's post (org:postIn, graf:MayorPost)."),
    "overseeing-committee": Code.of("violation", "Angiv præcis ét udvalg med graf:oversees forvaltningen.",
                                    "State exactly one committee that graf:oversees the administration."),
    "committee-oversees": Code.of("violation", "Lad udvalget have graf:oversees til præcis én forvaltning.",
                                  "Give the committee graf:oversees to exactly one administration."),
    "channel-from": Code.of("violation", "Giv kanalen præcis én graf:channelFrom, en organisation.",
                            "Give the channel exactly one graf:channelFrom, an organisation."),
    "channel-to": Code.of("violation", "Giv kanalen præcis én graf:channelTo, en organisation.",
                          "Give the channel exactly one graf:channelTo, an organisation."),
    "channel-kind": Code.of("violation", "Giv kanalen præcis én graf:channelKind: grafc:formal eller "
                            "grafc:operational.", "Give the channel exactly one graf:channelKind: grafc:formal or "
                            "grafc:operational."),
    "channel-status": Code.of("violation", "Giv kanalen præcis én graf:channelStatus: grafc:open, closed, planned "
                              "eller unknown.", "Give the channel exactly one graf:channelStatus: grafc:open, closed, "
                              "planned or unknown."),
    "group-member": Code.of("violation", "Lad kun organisationer være medlemmer af gruppen (personer hører på "
                            "poster).", "Make only organisations members of the group (persons belong in posts)."),
    "label-unique-language": Code.of("violation", "Behold ét skos:prefLabel pr. sprog; flyt resten til "
                                     "skos:altLabel.", "Keep one skos:prefLabel per language; move the others to "
                                     "skos:altLabel."),
    "label-da": Code.of("violation", "Tilføj et dansk skos:prefLabel (@da).", "Add a Danish skos:prefLabel (@da)."),
    "label-en": Code.of("violation", "Tilføj et engelsk skos:prefLabel (@en); er det graf's egen oversættelse, så "
                        "citér den som sådan.", "Add an English skos:prefLabel (@en); if it is graf's own rendering, "
                        "cite it as one."),
    "resilience-parameter": Code.of("violation", "Giv scenariet højst én graf:resilience, et helt tal på 0 eller "
                                    "mere.", "Give the scenario at most one graf:resilience, a whole number of 0 or "
                                    "more."),
}

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
                "and status; each actor has exactly one Danish and one English label; a group's members are "
                "organisations, never persons; a scenario's graf:resilience is a whole number of 0 or more; "
                "every statement about an actor or channel has a source (warning); no interval (tenure, "
                "membership, channel validity, event time) begins after it ends, and no event is dated before an "
                "event it was informed by (fuzzy dates: only what is surely out of order).",
    check=check,
    remediation={"da": "Ret de data, fundet peger på; fundets kode siger hvad.",
                 "en": "Correct the data the finding points at; its code says what."},
    codes={
        **_SHACL_CODES,
        "orphan-actor": Code.of("violation", "Knyt aktøren til modellen (en kanal, en enhed, et medlemskab), eller "
                                "fjern den.", "Link the actor to the model (a channel, a unit, a membership), or "
                                "remove it."),
        "unsourced-statement": Code.of("warning", "Citér en kilde for hvert udsagn (et reificeret rdf:Statement med "
                                       "graf:citation), eller markér grafen som syntetisk.",
                                       "Cite a source for each statement (a reified rdf:Statement with "
                                       "graf:citation), or mark the graph as synthetic."),
        "timeline": Code.of("violation", "Ret datoen på den ene begivenhed, eller fjern prov:wasInformedBy, hvis "
                            "den ikke følger den anden.", "Correct the date of one of the events, or remove "
                            "prov:wasInformedBy if it does not follow the other."),
        "interval-order": Code.of("violation", "Byt om på periodens begyndelse og slutning, eller ret den forkerte "
                                  "dato.", "Swap the interval's beginning and end, or correct the wrong date."),
    },
    parameters=(WITNESS_LIMIT,),
))
