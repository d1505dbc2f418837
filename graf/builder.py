"""One builder for sourced data: plain records in, reified and cited quads out.

Every data set graf ships (the Copenhagen 2010 model, ``data/copenhagen-2010/build.py``), the
synthetic national model (:mod:`graf.generate`) and, later, a spreadsheet import describe their
content as the records below: a row of a sheet becomes an :class:`Actor`, a :class:`Channel`, a
:class:`Citation` ... The :class:`Builder` turns each record into triples in the named graph it is
given, and reifies every fact (an ``rdf:Statement`` in the same graph, pointing with
``graf:citation`` to the :class:`Citation` of each key it names). The output is N-Triples lines per
graph, written as N-Quads or TriG, so the result does not depend on the order records are added.

Statement IRIs are ``<statement base>`` + the first 16 hex digits of the SHA-1 of
``"<graph>|<subject>|<predicate>|<object in N-Triples>"``: the same fact in the same graph always
gets the same IRI, whichever builder wrote it. With the statement base ``"_:"`` statements are blank
nodes (labelled by the same hash), as a hand-written model's ``[] a rdf:Statement`` are.

Subjects and objects are IRIs (``str``), literals (:class:`Lit`) or blank nodes (:class:`Blank`).
A fact without citations is refused, except in the graphs given as ``unsourced_graphs`` (fictional
data, or a model that says it does not require sources yet): there it is written unreified.

Dates: a value of 4, 7 or 10 characters is an ``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date``
(the precision the source gives; never padded to a day). An :class:`Interval` has an optional
beginning and end (missing: the sources do not say) and optional instants known to lie inside it
(``time:inside``), each with its own citations when they rest on other sources.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from graf import iris
from graf.namespaces import DCTERMS, GRAF, GRAFC, ORG, PROV, RDF, SKOS, TIME, XSD

_TYPE = f"<{RDF.type}>"
_LABEL = f"<{SKOS.prefLabel}>"
_STATEMENT = f"<{RDF.Statement}>"
_SUBJECT, _PREDICATE, _OBJECT = f"<{RDF.subject}>", f"<{RDF.predicate}>", f"<{RDF.object}>"
_CITATION = f"<{GRAF.citation}>"

#: datatype and OWL-Time property of a date value, by its length
PRECISION = {
    4: (str(XSD.gYear), str(TIME.inXSDgYear)),
    7: (str(XSD.gYearMonth), str(TIME.inXSDgYearMonth)),
    10: (str(XSD.date), str(TIME.inXSDDate)),
}

CONFIDENCES = ("memo", "external", "derived")


def nt_literal(text: str, lang: str = "", datatype: str = "") -> str:
    """A literal in N-Triples syntax (``xsd:string`` is implied, not written). pyoxigraph escapes a text
    that needs it; one that does not (most) is written directly, about 5x faster (generate writes millions)."""
    if not text.isprintable() or '"' in text or "\\" in text:  # a control character, a quote, a backslash
        if lang:
            return str(ox.Literal(text, language=lang))
        return str(ox.Literal(text, datatype=ox.NamedNode(datatype) if datatype else None))
    if lang:
        return f'"{text}"@{lang}'
    if datatype and datatype != iris.XSD_STRING:
        return f'"{text}"^^<{datatype}>'
    return f'"{text}"'


@dataclass(frozen=True)
class Lit:
    """A literal value: text with a language tag or a datatype (neither: a plain string)."""

    value: str
    lang: str = ""
    datatype: str = ""

    def nt(self) -> str:
        return nt_literal(self.value, self.lang, self.datatype)


def date_literal(value: str) -> Lit:
    """``2010``, ``2010-03`` or ``2010-03-25`` as gYear, gYearMonth or date (ValueError otherwise)."""
    if len(value) not in PRECISION:
        raise ValueError(f"a date is YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return Lit(value, datatype=PRECISION[len(value)][0])


@dataclass(frozen=True)
class Blank:
    """A blank node, by its label (unique within one output)."""

    label: str

    def nt(self) -> str:
        return f"_:{self.label}"


Node = str | Blank  # a subject: an IRI (str) or a blank node
Value = str | Lit | Blank  # an object: an IRI (str), a literal or a blank node


def nt_value(value: Value) -> str:
    """An IRI (str), literal or blank node in N-Triples syntax."""
    return value.nt() if isinstance(value, (Lit, Blank)) else f"<{value}>"


# -- records ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Quote:
    """A sentence quoted from a source, in the language it is written in."""

    text: str
    lang: str


@dataclass(frozen=True)
class Citation:
    """Where facts come from: quoted sentences of a document, or graf's reasoning over other citations.

    ``confidence`` is ``memo`` (stated in the memo), ``external`` (stated in another public source)
    or ``derived`` (inferred; ``reasoning`` says how, ``derived_from`` names the citations it
    rests on). ``document`` is the IRI of the source the quotes are taken from; ``urls`` the public
    addresses behind it. The citation's IRI is the builder's citation base + ``key``; its
    ``skos:notation`` is ``notation`` (default: ``key``).
    """

    key: str
    confidence: str
    quotes: tuple[Quote, ...] = ()
    document: str = ""
    urls: tuple[str, ...] = ()
    reasoning: str = ""
    derived_from: tuple[str, ...] = ()
    notation: str = ""
    reasoning_lang: str = "en"

    def __post_init__(self) -> None:
        if self.confidence not in CONFIDENCES:
            raise ValueError(f"citation {self.key}: confidence must be one of {CONFIDENCES}, not {self.confidence!r}")
        if self.quotes and not self.document:
            raise ValueError(f"citation {self.key}: a quote needs the document it is quoted from")
        if self.confidence == "derived" and not self.reasoning:
            raise ValueError(f"citation {self.key}: a derived citation needs its reasoning")


@dataclass(frozen=True)
class Fact:
    """One triple and the citations it rests on."""

    subject: Node
    predicate: str
    object: Value
    cites: tuple[str, ...]


@dataclass(frozen=True)
class Actor:
    """An actor: its class and its Danish and English labels.

    ``cites`` support the type and (unless ``label_cites`` are given) the Danish label;
    ``en_cites`` the English label (default: the builder's translation citation, for an English
    rendering graf made).
    """

    iri: str
    kind: str
    label_da: str
    label_en: str
    cites: tuple[str, ...]
    en_cites: tuple[str, ...] = ()
    label_cites: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimePoint:
    """A date at the precision the source gives (YYYY, YYYY-MM or YYYY-MM-DD), with its own citations
    (default: those of the interval) and the source's words for it when they are vaguer
    (``note_en="early 2010"``)."""

    value: str
    cites: tuple[str, ...] = ()
    note_da: str = ""
    note_en: str = ""


Bound = str | TimePoint


def _point(bound: Bound) -> TimePoint:
    return bound if isinstance(bound, TimePoint) else TimePoint(bound)


@dataclass(frozen=True)
class Interval:
    """A period: beginning and end when the sources give them, instants known to lie inside it.

    A missing bound means the sources do not say (not "forever"). ``note_da``/``note_en`` keep the
    source's words for the whole period ("ultimo marts", "before the summer holiday").
    """

    iri: str
    cites: tuple[str, ...]
    begin: Bound | None = None
    end: Bound | None = None
    inside: tuple[Bound, ...] = ()
    note_da: str = ""
    note_en: str = ""


@dataclass(frozen=True)
class Link:
    """A link to another resource and the citations it rests on."""

    target: str
    cites: tuple[str, ...]


@dataclass(frozen=True)
class Event:
    """A dated activity (meeting, decision, ...): an exact ``date`` (YYYY-MM-DD) or an ``interval``.

    ``planned_as_of`` is the date of the source that announces it when it had not happened yet.
    """

    iri: str
    kind: str
    label_da: str
    label_en: str
    cites: tuple[str, ...]
    date: str = ""
    interval: Interval | None = None
    planned_as_of: str = ""
    associated: tuple[Link, ...] = ()
    informed_by: tuple[Link, ...] = ()
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Channel:
    """A contact channel between two actors in one scenario's graph.

    ``kind``: ``formal`` or ``operational``; ``status``: ``open``, ``closed``, ``planned`` or
    ``unknown``; ``valid_during``: the IRI of an interval when the channel holds.
    """

    iri: str
    frm: str
    to: str
    kind: str
    status: str
    cites: tuple[str, ...]
    via: tuple[str, ...] = ()
    valid_during: str = ""


@dataclass(frozen=True)
class Tenure:
    """A person holding a post over an interval (an ``org:Membership``)."""

    iri: str
    person: str
    post: str
    role: str
    interval: Interval
    cites: tuple[str, ...]


@dataclass(frozen=True)
class Scenario:
    """An organisation model: a named graph, the graphs it extends, what it follows and comes from.

    Scenario descriptions are graf's framing of its sources and are written unreified.
    """

    iri: str
    name: str
    label_da: str
    label_en: str
    description_da: str = ""
    description_en: str = ""
    extends: tuple[str, ...] = ()
    preceded_by: str = ""
    derived_from: tuple[str, ...] = ()
    revision_of: str = ""
    generated_by: str = ""
    valid_during: str = ""
    synthetic: bool = False


@dataclass(frozen=True)
class OpenQuestion:
    """Something the sources do not tell, stated instead of a guess (in English, Danish or both)."""

    iri: str
    about: str
    question_en: str
    question_da: str = ""



# the IRIs the builder writes, as strings once (rdflib's namespace attribute lookups cost ~10 µs each)
_CONCEPTS = {k: str(GRAFC[k]) for k in ("formal", "operational", "open", "closed", "planned", "unknown")}
_DCTERMS_DATE = str(DCTERMS.date)
_DCTERMS_DESCRIPTION = str(DCTERMS.description)
_DCTERMS_SOURCE = str(DCTERMS.source)
_GRAF_CITATION = str(GRAF.Citation)
_GRAF_CONTACTCHANNEL = str(GRAF.ContactChannel)
_GRAF_OPENQUESTION = str(GRAF.OpenQuestion)
_GRAF_ORGANISATIONMODEL = str(GRAF.OrganisationModel)
_GRAF_ABOUT = str(GRAF.about)
_GRAF_CHANNELFROM = str(GRAF.channelFrom)
_GRAF_CHANNELKIND = str(GRAF.channelKind)
_GRAF_CHANNELSTATUS = str(GRAF.channelStatus)
_GRAF_CHANNELTO = str(GRAF.channelTo)
_GRAF_CONFIDENCE = str(GRAF.confidence)
_GRAF_EXTENDSGRAPH = str(GRAF.extendsGraph)
_GRAF_ISSYNTHETIC = str(GRAF.isSynthetic)
_GRAF_PLANNEDASOF = str(GRAF.plannedAsOf)
_GRAF_POSTHELD = str(GRAF.postHeld)
_GRAF_QUESTION = str(GRAF.question)
_GRAF_QUOTE = str(GRAF.quote)
_GRAF_REASONING = str(GRAF.reasoning)
_GRAF_SCENARIONAME = str(GRAF.scenarioName)
_GRAF_VALIDDURING = str(GRAF.validDuring)
_GRAF_VIA = str(GRAF.via)
_ORG_MEMBERSHIP = str(ORG.Membership)
_ORG_HELDBY = str(ORG.heldBy)
_ORG_MEMBER = str(ORG.member)
_ORG_MEMBERDURING = str(ORG.memberDuring)
_ORG_ROLE = str(ORG.role)
_PROV_WASASSOCIATEDWITH = str(PROV.wasAssociatedWith)
_PROV_WASDERIVEDFROM = str(PROV.wasDerivedFrom)
_PROV_WASINFORMEDBY = str(PROV.wasInformedBy)
_PROV_WASQUOTEDFROM = str(PROV.wasQuotedFrom)
_RDF_TYPE = str(RDF.type)
_SKOS_NOTATION = str(SKOS.notation)
_SKOS_NOTE = str(SKOS.note)
_SKOS_PREFLABEL = str(SKOS.prefLabel)
_TIME_INSTANT = str(TIME.Instant)
_TIME_INTERVAL = str(TIME.Interval)
_TIME_HASBEGINNING = str(TIME.hasBeginning)
_TIME_HASEND = str(TIME.hasEnd)
_TIME_HASTIME = str(TIME.hasTime)
_TIME_INSIDE = str(TIME.inside)
_XSD_BOOLEAN = str(XSD.boolean)


# -- the builder ---------------------------------------------------------------------------------

class Builder:
    """Collects triples per named graph; every fact is reified and cited.

    ``statement_base`` and ``citation_base`` are the IRI prefixes of the statements and
    citations; ``translation`` is the citation key an :class:`Actor`'s English label cites by
    default. Citation keys are checked in :meth:`check` (called by the writers), so records can be
    added in any order.
    """

    def __init__(self, statement_base: str, citation_base: str, translation: str = "translation",
                 unsourced_graphs: Iterable[str] = ()) -> None:
        self.statement_base = statement_base
        self.citation_base = citation_base
        self.translation = translation
        self.unsourced_graphs = frozenset(unsourced_graphs)
        self.graphs: dict[str, list[str]] = {}
        self.citations: dict[str, Citation] = {}
        self._cited: set[str] = set()

    # -- triples -----------------------------------------------------------------------------------

    def raw(self, graph: str, s: Node, p: str, o: Value) -> None:
        """A triple that is not reified (bookkeeping: citations, scenario descriptions)."""
        self.graphs.setdefault(graph, []).append(f"{nt_value(s)} <{p}> {nt_value(o)}")

    def fact(self, graph: str, s: Node, p: str, o: Value, cites: Iterable[str]) -> None:
        """A fact and its reification, citing each key in ``cites`` (at least one, except in the
        ``unsourced_graphs``, where a fact without citations is written unreified)."""
        cites = tuple(cites)
        if not cites:
            if graph in self.unsourced_graphs:
                self.raw(graph, s, p, o)
                return
            raise ValueError(f"fact without citation: {nt_value(s)} <{p}> {nt_value(o)}")
        subject, obj = nt_value(s), nt_value(o)
        digest = hashlib.sha1(f"{graph}|{s if isinstance(s, str) else subject}|{p}|{obj}".encode()).hexdigest()[:16]
        st = f"_:s{digest}" if self.statement_base == "_:" else f"<{self.statement_base}{digest}>"
        lines = self.graphs.setdefault(graph, [])
        lines += (f"{subject} <{p}> {obj}", f"{st} {_TYPE} {_STATEMENT}", f"{st} {_SUBJECT} {subject}",
                  f"{st} {_PREDICATE} <{p}>", f"{st} {_OBJECT} {obj}")
        for key in cites:
            lines.append(f"{st} {_CITATION} <{self.citation_base}{key}>")
        self._cited.update(cites)

    def add(self, graph: str, *records: object) -> None:
        """Write each record into ``graph`` (citations, open questions and scenarios go where given too)."""
        for record in records:
            method = getattr(self, f"_add_{type(record).__name__.lower()}", None)
            if method is None:
                raise TypeError(f"the builder does not know records of type {type(record).__name__}")
            method(graph, record)

    def _add_fact(self, graph: str, f: Fact) -> None:
        self.fact(graph, f.subject, f.predicate, f.object, f.cites)

    def _add_actor(self, graph: str, a: Actor) -> None:
        self.fact(graph, a.iri, _RDF_TYPE, a.kind, a.cites)
        self.fact(graph, a.iri, _SKOS_PREFLABEL, Lit(a.label_da, "da"), a.label_cites or a.cites)
        translated = (self.translation,) if a.cites else ()  # an unsourced actor's English label is unsourced too
        self.fact(graph, a.iri, _SKOS_PREFLABEL, Lit(a.label_en, "en"), a.en_cites or translated)

    def _add_interval(self, graph: str, i: Interval) -> None:
        self.fact(graph, i.iri, _RDF_TYPE, _TIME_INTERVAL, i.cites)
        points = [("begin", _TIME_HASBEGINNING, i.begin), ("end", _TIME_HASEND, i.end)]
        points += [(f"inside-{n}", _TIME_INSIDE, b) for n, b in enumerate(i.inside, 1)]
        for name, prop, bound in points:
            if bound is None:
                continue
            point = _point(bound)
            cites = point.cites or i.cites
            instant = f"{i.iri}/{name}"
            self.fact(graph, i.iri, prop, instant, cites)
            self.fact(graph, instant, _RDF_TYPE, _TIME_INSTANT, cites)
            self.fact(graph, instant, PRECISION[len(point.value)][1], date_literal(point.value), cites)
            for lang, note in (("da", point.note_da), ("en", point.note_en)):
                if note:
                    self.fact(graph, instant, _SKOS_NOTE, Lit(note, lang), cites)
        for lang, note in (("da", i.note_da), ("en", i.note_en)):
            if note:
                self.fact(graph, i.iri, _SKOS_NOTE, Lit(note, lang), i.cites)

    def _add_event(self, graph: str, e: Event) -> None:
        self._add_actor(graph, Actor(e.iri, e.kind, e.label_da, e.label_en, e.cites))
        if e.date:
            if len(e.date) != 10:
                raise ValueError(f"{e.iri}: an event's date is a day (YYYY-MM-DD); give a coarser one as an interval")
            self.fact(graph, e.iri, _DCTERMS_DATE, date_literal(e.date), e.cites)
        if e.interval is not None:
            self.fact(graph, e.iri, _TIME_HASTIME, e.interval.iri, e.interval.cites)
            self._add_interval(graph, e.interval)
        if e.planned_as_of:
            self.fact(graph, e.iri, _GRAF_PLANNEDASOF, date_literal(e.planned_as_of), e.cites)
        for link in e.associated:
            self.fact(graph, e.iri, _PROV_WASASSOCIATEDWITH, link.target, link.cites)
        for link in e.informed_by:
            self.fact(graph, e.iri, _PROV_WASINFORMEDBY, link.target, link.cites)
        for f in e.facts:
            self._add_fact(graph, f)

    def _add_channel(self, graph: str, c: Channel) -> None:
        kind = c.kind if "://" in c.kind else _CONCEPTS.get(c.kind) or str(GRAFC[c.kind])
        status = c.status if "://" in c.status else _CONCEPTS.get(c.status) or str(GRAFC[c.status])
        self.fact(graph, c.iri, _RDF_TYPE, _GRAF_CONTACTCHANNEL, c.cites)
        self.fact(graph, c.iri, _GRAF_CHANNELFROM, c.frm, c.cites)
        self.fact(graph, c.iri, _GRAF_CHANNELTO, c.to, c.cites)
        self.fact(graph, c.iri, _GRAF_CHANNELKIND, kind, c.cites)
        self.fact(graph, c.iri, _GRAF_CHANNELSTATUS, status, c.cites)
        for via in c.via:
            self.fact(graph, c.iri, _GRAF_VIA, via, c.cites)
        if c.valid_during:
            self.fact(graph, c.iri, _GRAF_VALIDDURING, c.valid_during, c.cites)

    def _add_tenure(self, graph: str, t: Tenure) -> None:
        self.fact(graph, t.post, _ORG_HELDBY, t.person, t.cites)
        self.fact(graph, t.iri, _RDF_TYPE, _ORG_MEMBERSHIP, t.cites)
        self.fact(graph, t.iri, _ORG_MEMBER, t.person, t.cites)
        self.fact(graph, t.iri, _GRAF_POSTHELD, t.post, t.cites)
        self.fact(graph, t.iri, _ORG_ROLE, t.role, t.cites)
        self.fact(graph, t.iri, _ORG_MEMBERDURING, t.interval.iri, t.interval.cites)
        self._add_interval(graph, t.interval)

    def _add_citation(self, graph: str, c: Citation) -> None:
        if c.key in self.citations and self.citations[c.key] != c:
            raise ValueError(f"citation {c.key} defined twice, differently")
        self.citations[c.key] = c
        node = self.citation_base + c.key
        self.raw(graph, node, _RDF_TYPE, _GRAF_CITATION)
        self.raw(graph, node, _SKOS_NOTATION, Lit(c.notation or c.key))
        self.raw(graph, node, _GRAF_CONFIDENCE, str(GRAFC[c.confidence]))
        for q in c.quotes:
            self.raw(graph, node, _GRAF_QUOTE, Lit(q.text, q.lang))
        if c.document:
            self.raw(graph, node, _PROV_WASQUOTEDFROM, c.document)
        for url in c.urls:
            self.raw(graph, node, _DCTERMS_SOURCE, url)
        if c.reasoning:
            self.raw(graph, node, _GRAF_REASONING, Lit(c.reasoning, c.reasoning_lang))
        for other in c.derived_from:
            self.raw(graph, node, _PROV_WASDERIVEDFROM, self.citation_base + other)
            self._cited.add(other)

    def _add_scenario(self, graph: str, s: Scenario) -> None:
        node = s.iri
        self.raw(graph, node, _RDF_TYPE, _GRAF_ORGANISATIONMODEL)
        self.raw(graph, node, _GRAF_SCENARIONAME, Lit(s.name))
        self.raw(graph, node, _SKOS_PREFLABEL, Lit(s.label_da, "da"))
        self.raw(graph, node, _SKOS_PREFLABEL, Lit(s.label_en, "en"))
        for lang, text in (("da", s.description_da), ("en", s.description_en)):
            if text:
                self.raw(graph, node, _DCTERMS_DESCRIPTION, Lit(text, lang))
        if s.synthetic:
            self.raw(graph, node, _GRAF_ISSYNTHETIC, Lit("true", datatype=_XSD_BOOLEAN))
        for source in s.derived_from:
            self.raw(graph, node, _PROV_WASDERIVEDFROM, source)
        for base in s.extends:
            self.raw(graph, node, _GRAF_EXTENDSGRAPH, base)
        for prop, value in ((GRAF.precededBy, s.preceded_by), (PROV.wasRevisionOf, s.revision_of),
                            (PROV.wasGeneratedBy, s.generated_by), (GRAF.validDuring, s.valid_during)):
            if value:
                self.raw(graph, node, str(prop), value)

    def _add_openquestion(self, graph: str, q: OpenQuestion) -> None:
        self.raw(graph, q.iri, _RDF_TYPE, _GRAF_OPENQUESTION)
        if q.question_en:
            self.raw(graph, q.iri, _GRAF_QUESTION, Lit(q.question_en, "en"))
        if q.question_da:
            self.raw(graph, q.iri, _GRAF_QUESTION, Lit(q.question_da, "da"))
        self.raw(graph, q.iri, _GRAF_ABOUT, q.about)

    # -- output ------------------------------------------------------------------------------------

    def check(self) -> None:
        """Raise ValueError if a fact or derivation names a citation that was never added."""
        unknown = sorted(self._cited - set(self.citations))
        if unknown:
            raise ValueError(f"unknown citation(s): {', '.join(unknown)}")

    def unused_citations(self) -> list[str]:
        """Keys of citations no fact cites and no other citation derives from."""
        return sorted(set(self.citations) - self._cited)

    def nquads(self) -> Iterator[str]:
        """Every triple as an N-Quads line, graph by graph in the order the graphs were first used."""
        self.check()
        return nquad_lines(self.graphs)

    def trig(self, header: str = "") -> Iterator[str]:
        """Every graph as a TriG block of N-Triples lines (fast; no prefixes)."""
        self.check()
        return trig_lines(self.graphs, header)

    def pretty_trig(self, graph: str, prefixes: dict[str, str], header: str = "") -> str:
        """One graph as readable, deterministic TriG with ``prefixes`` (via rdflib; for small data sets)."""
        # here, not at the top: loads rdflib (start-up)
        from rdflib import Dataset, URIRef

        self.check()
        lines = sorted(set(self.graphs.get(graph, ())))
        source = Dataset()
        source.parse(data="".join(f"{line} <{graph}> .\n" for line in lines), format="nquads")
        single = Dataset()
        for prefix, ns in prefixes.items():
            single.bind(prefix, ns)
        target = single.graph(URIRef(graph))
        for t in sorted(source.graph(URIRef(graph)), key=lambda t: tuple(str(x) for x in t)):
            target.add(t)
        return header + single.serialize(format="trig")

    @property
    def triples(self) -> int:
        return sum(len(lines) for lines in self.graphs.values())


def nquad_lines(graphs: dict[str, list[str]]) -> Iterator[str]:
    """N-Quads lines of N-Triples ``graphs`` (graph IRI -> lines without the final dot)."""
    for graph, lines in graphs.items():
        tail = f" <{graph}> .\n"
        for line in lines:
            yield line + tail


def trig_lines(graphs: dict[str, list[str]], header: str = "") -> Iterator[str]:
    """TriG text of N-Triples ``graphs``, one block per graph, after ``header``."""
    if header:
        yield header
    for graph, lines in graphs.items():
        yield f"<{graph}> {{\n"
        for line in lines:
            yield line + " .\n"
        yield "}\n\n"
