"""The rule registry and what a rule sees of one scenario.

A rule is a small :class:`Rule` object: an id, Danish and English titles, a kind (``shacl``,
``topology`` or both), the highest severity it reports, the sentence it comes from, what to do
about a finding (per finding code, Danish and English), its parameters, and a ``check(ctx)``
function returning findings. Rule modules call :func:`register` at import; the CLI and
:func:`graf.rules.validate` only ever iterate the registry.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import networkx as nx
import pyoxigraph as ox

from graf import iris, terms
from graf.errors import GrafError
from graf.namespaces import RDF, RDFS
from graf.network import actor_graph
from graf.report import Finding, RuleInfo
from graf.scenarios import Scenario, get_scenario
from graf.settings import Settings
from graf.store import DEFAULT_GRAPH, EMPTY_GRAPH, Store

if TYPE_CHECKING:
    import rdflib


#: longest witness a finding keeps by default (setting ``max_witness_nodes``); a longer one is cut with a note
MAX_WITNESS_NODES: int = Settings.max_witness_nodes


@dataclass(frozen=True)
class Code:
    """One check of a rule (a finding code): the severity it reports and what to do (``da``, ``en``)."""

    severity: str
    remediation: dict[str, str]

    @classmethod
    def of(cls, severity: str, da: str, en: str) -> Code:
        """A code from its severity and what to do, in Danish and in English."""
        return cls(severity, {"da": da, "en": en})


@dataclass(frozen=True)
class Parameter:
    """A parameter a rule reads: its name, where it is set, its default and what it does."""

    name: str
    where: str
    default: Any
    description: str

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "where": self.where, "default": self.default, "description": self.description}


#: the document the topology and chairmanship rules quote
MEMO = "memo 2010-140582 (25 Feb 2010)"

#: every rule's witnesses are bounded by this setting
WITNESS_LIMIT = Parameter(
    "max_witness_nodes", "setting max_witness_nodes (GRAF_MAX_WITNESS_NODES, graf validate --max-witness N)",
    MAX_WITNESS_NODES, "a witness (path) longer than this many nodes is cut, and its finding says so")


@dataclass(frozen=True)
class Rule:
    """One structural rule."""

    id: str
    title: dict[str, str]
    kind: str  # "shacl", "topology" or "shacl+topology"
    severity: str  # the highest severity the rule reports
    source: str  # the sentence the rule comes from, quoted
    source_document: str
    description: str
    check: Callable[[ScenarioContext], list[Finding]] = field(compare=False, repr=False)
    remediation: dict[str, str] = field(default_factory=dict)  # what to do about any of its findings
    codes: dict[str, Code] = field(default_factory=dict)  # each check's severity and remediation
    parameters: tuple[Parameter, ...] = (WITNESS_LIMIT,)

    def remediation_for(self, code: str) -> dict[str, str]:
        """What to do about a finding of ``code`` (the rule's general advice for a code it does not list)."""
        found = self.codes.get(code)
        return dict(found.remediation if found else self.remediation)

    def info(self) -> RuleInfo:
        return RuleInfo(self.id, dict(self.title), self.kind, self.severity, self.source, self.source_document,
                        self.description, dict(self.remediation),
                        {c: {"severity": x.severity, "remediation": dict(x.remediation)}
                         for c, x in sorted(self.codes.items())},
                        [p.as_dict() for p in self.parameters])


_REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add ``rule`` to the registry (ids are unique)."""
    if rule.id in _REGISTRY:
        raise ValueError(f"rule {rule.id!r} registered twice")
    _REGISTRY[rule.id] = rule
    return rule


def registered() -> list[Rule]:
    return sorted(_REGISTRY.values(), key=lambda r: r.id)


class ScenarioContext:
    """Everything the rules read about one scenario, built lazily and at most once.

    ``graph`` is the scenario's actor graph (:func:`graf.network.actor_graph`, without citations),
    :meth:`select` queries the scenario's graphs (ontology included, never the union of all
    scenarios), ``data`` is a copy of them as an rdflib Graph (only the pySHACL engine reads it),
    ``earlier`` the context of the scenario it is ``preceded_by``. ``max_witness`` bounds every
    finding's witness (:meth:`finding`). ``origin`` is the store the data come from when ``store`` is
    an in-memory copy of the scenario's facts (:mod:`graf.rules.local`): the reified statements that
    cite them are read there (:meth:`select_citations`).
    """

    def __init__(self, store: Store, scenario: Scenario, scenarios: list[Scenario],
                 contexts: dict[str, ScenarioContext], shacl: Any = None, *, origin: Store | None = None,
                 max_witness: int = MAX_WITNESS_NODES, severities: Iterable[str] = ("violation", "warning", "info")):
        self.store = store
        self.origin = store if origin is None else origin
        self.scenario = scenario
        self.scenarios = scenarios
        self._contexts = contexts
        self.shacl = shacl  # graf.rules.shacl.ShaclEngine or None
        self.max_witness = max_witness
        self.severities = frozenset(severities)
        contexts[scenario.name] = self

    def wants(self, severity: str) -> bool:
        """Whether findings of ``severity`` are asked for: a check that reports only others can be skipped
        (the guard asks for violations only)."""
        return severity in self.severities

    @property
    def name(self) -> str:
        return self.scenario.name

    @cached_property
    def graph(self) -> nx.MultiDiGraph[str]:
        return actor_graph(self.store, self.scenario, with_sources=False)

    @cached_property
    def data_graphs(self) -> list[str]:
        """The graphs whose statements SHACL validates: the scenario's graphs without the ontology graph.

        The ontology is there for the class hierarchy (:attr:`hierarchy_graphs`), not as data: a user
        shape targeting ``skos:prefLabel`` must not report the ontology's own labels. For the implicit
        scenario ``all``: every graph with statements but the ontology graph (the default graph as
        :data:`graf.store.DEFAULT_GRAPH`); with none, a graph that holds nothing.
        """
        ontology = iris.ONTOLOGY_GRAPH
        if self.scenario.graphs is not None:
            graphs = [g for g in self.scenario.graphs if g != ontology]
        else:
            graphs = [DEFAULT_GRAPH if g.name is None else g.name for g in self.store.graphs()
                      if g.triples and g.name != ontology]
        return graphs or [EMPTY_GRAPH]

    @property
    def hierarchy_graphs(self) -> list[str] | None:
        """The graphs whose ``rdfs:subClassOf`` statements make the class hierarchy of ``sh:class`` and
        ``sh:targetClass``: the scenario's graphs, the ontology included (None: the union of all graphs)."""
        return list(self.scenario.graphs) if self.scenario.graphs is not None else None

    @cached_property
    def data(self) -> rdflib.Graph:
        """An rdflib copy of :attr:`data_graphs` plus the class hierarchy (for the pySHACL engine)."""
        hierarchy = self.store.select(
            f"SELECT ?s ?o WHERE {{ ?s <{iris.RDFS_SUBCLASS_OF}> ?o }}",
            default_graphs=self.hierarchy_graphs)
        sub_class_of = ox.NamedNode(str(RDFS.subClassOf))
        triples: list[Any] = [ox.Triple(r["s"], sub_class_of, r["o"]) for r in hierarchy]
        try:  # one N-Triples dump per graph: in-process, about 10x faster than a CONSTRUCT
            if DEFAULT_GRAPH in self.data_graphs:
                raise GrafError("the default graph has no name to dump")
            for graph in self.data_graphs:
                triples += ox.parse(self.store.export("nt", graph, canonical=False), format=ox.RdfFormat.N_TRIPLES)
        except GrafError:  # e.g. a graph named by graf:extendsGraph that does not exist
            rows = self.store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", default_graphs=self.data_graphs)
            triples = triples[:len(hierarchy)] + [ox.Triple(r["s"], r["p"], r["o"]) for r in rows]
        return to_rdflib(self._without_reification(triples))

    def _without_reification(self, triples: list[Any]) -> list[Any]:
        """Drop the rdf:Statement resources that carry each fact's citation.

        They are about two thirds of a sourced model's triples, no graf shape targets them, and the
        source rule reads them with SPARQL; leaving them out makes every SHACL run about 3x lighter.
        User shapes (``--shapes``) may target them, so with user shapes everything is kept.
        """
        if self.shacl is not None and self.shacl.user_files:
            return triples
        rdf_type = ox.NamedNode(str(RDF.type))
        statement = ox.NamedNode(str(RDF.Statement))
        reified = {t.subject for t in triples if t.predicate == rdf_type and t.object == statement}
        return [t for t in triples if t.subject not in reified] if reified else triples

    def select(self, text: str) -> list[dict[str, Any]]:
        """Run a SELECT over this scenario's graphs."""
        return self.store.select(text, default_graphs=self.scenario.graphs)

    def select_citations(self, text: str) -> list[dict[str, Any]]:
        """Run a SELECT that reads reified statements over this scenario's graphs, in :attr:`origin`."""
        return self.origin.select(text, default_graphs=self.scenario.graphs)

    @cached_property
    def earlier(self) -> ScenarioContext | None:
        name = self.scenario.preceded_by
        if not name:
            return None
        if name in self._contexts:
            return self._contexts[name]

        return ScenarioContext(self.store, get_scenario(self.store, name, self.scenarios), self.scenarios,
                               self._contexts, self.shacl, origin=self.origin, max_witness=self.max_witness,
                               severities=self.severities)

    @cached_property
    def notes(self) -> list[str]:
        """Open questions the data records about this scenario's graph (``graf:about`` it)."""
        if not self.scenario.iri:
            return []
        text = f"""SELECT DISTINCT ?q WHERE {{ ?x a <{iris.GRAF + "OpenQuestion"}> ;
            <{iris.GRAF + "about"}> <{self.scenario.iri}> ;
            <{iris.GRAF + "question"}> ?q }}"""
        return sorted(r["q"].value for r in self.select(text))

    @cached_property
    def resilience(self) -> int:
        """The scenario's ``graf:resilience`` (how many failing actors or channels the direct contacts must
        survive), 1 if it gives none or none that is a whole number of 0 or more (the integrity rule reports it)."""
        if not self.scenario.iri:
            return 1
        text = f"SELECT ?k WHERE {{ <{self.scenario.iri}> <{iris.GRAF + 'resilience'}> ?k }}"
        values = []
        for row in self.select(text):
            try:
                values.append(int(row["k"].value))
            except (KeyError, ValueError):
                continue
        return values[0] if len(values) == 1 and values[0] >= 0 else 1

    @cached_property
    def descriptions(self) -> dict[str, str]:
        """The scenario's ``dct:description`` by language (``""`` for an untagged one)."""
        if not self.scenario.iri:
            return {}
        text = f"""SELECT ?d WHERE {{ <{self.scenario.iri}> <http://purl.org/dc/terms/description> ?d }}"""
        found = sorted((r["d"].language or "", r["d"].value) for r in self.select(text))
        return dict(reversed(found))

    @cached_property
    def description(self) -> str:
        """The scenario's English ``dct:description`` (or any one), if the data gives one."""
        d = self.descriptions
        return d.get("en") or d.get("") or next(iter(d.values()), "")

    # -- labels and findings -----------------------------------------------------------------------

    def labels(self, iris: Iterable[str]) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for iri in iris:
            if iri in out:
                continue
            if iri in self.graph:
                out[iri] = dict(self.graph.nodes[iri]["label"])
            else:
                out[iri] = self._other_label(iri)
        return out

    def _other_label(self, term: str) -> dict[str, str]:
        """The labels of a term that is not an actor: an IRI's skos:prefLabel, else its last segment;
        a literal's lexical form; a blank node's label."""
        found: dict[str, str] = {}
        if not terms.is_iri(term):
            return {"da": terms.display(term), "en": terms.display(term)}
        if not set(term) & set('<>"{}|^`\\ '):  # writable into a query as <term>
            text = f"SELECT ?l WHERE {{ <{term}> <{iris.SKOS_PREF_LABEL}> ?l }}"
            for lit in sorted((r["l"] for r in self.select(text) if "l" in r), key=lambda t: t.value):
                if getattr(lit, "language", None) in ("da", "en"):
                    found.setdefault(lit.language, lit.value)
        local = term.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        found.setdefault("da", found.get("en", local))
        found.setdefault("en", found["da"])
        return found

    def finding(self, rule: Rule, code: str, severity: str, messages: dict[str, str], *,
                nodes: Iterable[str] = (), edges: Iterable[str] = (), witness: Iterable[str] = (),
                focus: Iterable[str] | None = None, detail: dict[str, str] | None = None,
                source: str | None = None, witness_length: int | None = None) -> Finding:
        """A finding of ``rule``; ``source`` overrides the rule's source sentence for this check.

        ``focus``: the node(s) the finding is about (what a waiver names and the guard compares;
        default: the first witness node, else the first node). A witness longer than
        ``max_witness`` nodes is cut, and so is one the caller already cut (``witness_length``, the
        full count, larger than the witness): the messages say so and ``detail`` keeps the full length.
        """
        nodes, edges, witness = tuple(nodes), tuple(edges), tuple(witness)
        focus = tuple(focus) if focus is not None else (witness[:1] or nodes[:1])
        messages = dict(messages)
        detail = dict(detail or {})
        full = max(witness_length or 0, len(witness))
        if full > len(witness) or len(witness) > self.max_witness:
            witness = witness[:self.max_witness]
            kept = set(witness)
            nodes = tuple(n for n in nodes if n in kept or n in focus)[:self.max_witness]
            detail["witness_length"] = str(full)
            messages = _with_cut_note(messages, len(witness), full)
        named = [*witness, *nodes, *focus]
        for edge in edges:
            if "|" in edge:
                s, _p, o = edge.split("|", 2)
                named += [s, o]
        return Finding(rule.id, self.name, severity, code, dict(rule.title), messages, nodes, edges, witness,
                       source or rule.source, self.labels(dict.fromkeys(named)), detail, focus=focus,
                       remediation=rule.remediation_for(code))


def _with_cut_note(messages: dict[str, str], kept: int, full: int) -> dict[str, str]:
    notes = {"en": f" (witness cut: the first {kept:,} of {full:,} nodes are shown)",
             "da": f" (vidnet er afkortet: de første {kept:,} af {full:,} knuder vises)".replace(",", ".")}
    return {lang: text + notes.get(lang, notes["en"]) for lang, text in messages.items()}


_XSD_STRING = iris.XSD_STRING


def to_rdflib(triples: Iterable[Any]) -> rdflib.Graph:
    """An rdflib Graph of pyoxigraph triples (terms converted once each; faster than N-Triples)."""
    # here, not at the top: loads rdflib (start-up)
    import rdflib

    cache: dict[Any, Any] = {}

    def term(x: Any) -> Any:
        y = cache.get(x)
        if y is None:
            if isinstance(x, ox.NamedNode):
                y = rdflib.URIRef(x.value)
            elif isinstance(x, ox.BlankNode):
                y = rdflib.BNode(x.value)
            elif x.language:
                y = rdflib.Literal(x.value, lang=x.language)
            elif x.datatype.value == _XSD_STRING:
                y = rdflib.Literal(x.value)
            else:  # as the store has it: rdflib would rewrite an ill-typed "none"^^xsd:boolean as false
                y = rdflib.Literal(x.value, datatype=rdflib.URIRef(x.datatype.value), normalize=False)
            cache[x] = y
        return y

    g = rdflib.Graph()
    with quiet_ill_typed_literals():
        for t in triples:
            g.add((term(t.subject), term(t.predicate), term(t.object)))
    return g


@contextlib.contextmanager
def quiet_ill_typed_literals() -> Iterator[None]:
    """rdflib logs a traceback and may warn for each ill-typed literal (``"x"^^xsd:integer``) it reads
    or compares; to SHACL such a literal is data to report, so rdflib says nothing while this runs."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module="rdflib")
            yield
    finally:
        logger.setLevel(level)


def nodes_with(G: nx.MultiDiGraph[str], cls: str) -> list[str]:
    """The actors of ``G`` that are instances of ``cls`` (or a subclass), sorted."""
    return sorted(n for n, d in G.nodes(data=True) if cls in d["kinds"])
