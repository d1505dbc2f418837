"""Any loaded model back as a planner's workbook: ``graf export --format xlsx``.

Importing the workbook again gives an isomorphic graph. The export reads every quad outside the
ontology graph, recognises the reification (``rdf:Statement`` + ``graf:citation``) and the citations,
and then proposes rows sheet by sheet (scenarios, sources, chair seats, fora, actors, tenures,
channels, events, open questions). Each proposed row is read back by the importer itself
(:class:`graf.workbook.importer.ModelImport`) and the builder's output for it is compared with the
data: only a row that gives exactly those triples, with exactly those citations, is written, and
its triples are used up. Whatever no sheet can hold (an actor's second name, a period whose bounds
cite other sources than the row, a statement reified in an unusual way) goes to the sheet "Other
statements" as subject - predicate - object with its citations, so nothing is lost.
"""

from __future__ import annotations

import hashlib
import os.path
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from graf.builder import Blank, Builder, Citation, Lit, Quote, Value, nt_value
from graf.errors import GrafError
from graf.namespaces import DCTERMS, FOAF, GRAF, GRAFC, ONTOLOGY_GRAPH, ORG, PROV, RDF, SKOS, TIME, XSD
from graf.workbook.files import RawModel, RawRow, RawSheet
from graf.workbook.importer import (
    BAD_IRI,
    PREFIXES,
    SCHEME,
    ModelImport,
    RowContext,
    Settings,
    Where,
    inline_key,
)
from graf.workbook.schema import (
    ACTOR_KINDS,
    EVENT_KINDS,
    FORUM_KINDS,
    LAYERS,
    ROLES,
    SHEETS_BY_KEY,
    SOURCE_KINDS,
    STATUSES,
)
from graf.workbook.writer import workbook_bytes

Node = str | Blank
Quad = tuple[str, Node, str, Value]
Cites = frozenset[str] | None  # None: the triple is not reified

_TYPE, _LABEL = str(RDF.type), str(SKOS.prefLabel)
_CONFIDENCES = {str(GRAFC[k]): k for k in ("memo", "external", "derived")}
_REIFICATION = frozenset({_TYPE, str(RDF.subject), str(RDF.predicate), str(RDF.object), str(GRAF.citation)})
_SAFE_LOCAL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")


def _term(term: Any) -> Value:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return Blank(term.value)
    datatype = term.datatype.value
    if term.language:
        return Lit(term.value, term.language)
    return Lit(term.value, datatype="" if datatype == str(XSD.string) else datatype)


def _hash_node(graph: str, s: Node, p: str, o: Value) -> str:
    subject = s if isinstance(s, str) else nt_value(s)
    return hashlib.sha1(f"{graph}|{subject}|{p}|{nt_value(o)}".encode()).hexdigest()[:16]


class _Recorder(Builder):
    """A builder that records what it would write: (graph, s, p, o) -> citations (None: unreified)."""

    def __init__(self, settings: Settings, translation: str, unsourced: set[str]):
        super().__init__(settings.statements, "", translation, unsourced)
        self.out: dict[Quad, set[str] | None] = {}
        self.emitted_citations: list[Citation] = []
        self.refused = False

    def raw(self, graph: str, s: Node, p: str, o: Value) -> None:
        self.out.setdefault((graph, s, p, o), None)

    def fact(self, graph: str, s: Node, p: str, o: Value, cites: Iterable[str]) -> None:
        cites = tuple(cites)
        if not cites:
            if graph not in self.unsourced_graphs:
                self.refused = True
            self.raw(graph, s, p, o)
            return
        known = self.out.get((graph, s, p, o))
        self.out[(graph, s, p, o)] = (known or set()) | set(cites)

    def _add_citation(self, graph: str, c: Citation) -> None:
        self.emitted_citations.append(c)


@dataclass
class _CitationInfo:
    node: str
    record: Citation
    quads: list[Quad] = field(default_factory=list)


class ModelExport:
    """The rows of every sheet for the quads of a store (see the module docstring)."""

    def __init__(self, quads: Iterable[Quad]):
        self.quads = list(quads)
        if not self.quads:
            raise GrafError("the data set holds no named graph to export (the ontology graph is not part of a model)")
        self.graphs = sorted({q[0] for q in self.quads})
        self.tables: dict[str, list[dict[str, str]]] = defaultdict(list)
        self._analyse()

    # -- what the data are -------------------------------------------------------------------------

    def _analyse(self) -> None:
        by_subject: dict[tuple[str, Node], list[Quad]] = defaultdict(list)
        as_object: Counter[Node] = Counter()
        for q in self.quads:
            by_subject[(q[0], q[1])].append(q)
            if isinstance(q[3], (str, Blank)):
                as_object[q[3]] += 1
        self._by_subject = by_subject
        present = set(self.quads)
        citations = self._citations(by_subject, as_object)
        self.citations = citations
        nodes, hashes = self._reified(by_subject, as_object, present)
        self.statement_base = hashes.most_common(1)[0][0] if hashes else ""
        statements, used = self._statement_nodes(nodes)
        for info in citations.values():
            used.update(info.quads)
        self.pool: dict[Quad, Cites] = {}
        for q in self.quads:
            if q in used:
                continue
            found = statements.get(q)
            self.pool[q] = frozenset(found[1]) if found else None

    def _reified(self, by_subject: dict[tuple[str, Node], list[Quad]], as_object: Counter[Node], present: set[Quad]
                 ) -> tuple[dict[Quad, list[tuple[Node, list[Quad], set[str]]]], Counter[str]]:
        """The rdf:Statement nodes that reify a fact of the data with known citations, by fact; and how many
        statement IRIs each base (IRI less the builder's hash) names (``_:`` counts blank nodes)."""
        hashes: Counter[str] = Counter()
        nodes: dict[Quad, list[tuple[Node, list[Quad], set[str]]]] = defaultdict(list)
        for (g, node), quads in by_subject.items():
            if (g, node, _TYPE, str(RDF.Statement)) not in present or as_object[node]:
                continue
            found = _reification(g, quads, self.citations)
            if found is None or found[0] not in present:
                continue
            fact, cites = found
            nodes[fact].append((node, quads, cites))
            if isinstance(node, str):
                digest = _hash_node(*fact)
                if node.endswith(digest):
                    hashes[node[: -len(digest)]] += 1
            else:
                hashes["_:"] += 1
        return nodes, hashes

    def _statement_nodes(self, nodes: dict[Quad, list[tuple[Node, list[Quad], set[str]]]]
                         ) -> tuple[dict[Quad, tuple[Node, set[str]]], set[Quad]]:
        """For each fact its first statement node named the builder's way under the statement base (with its
        citations); and the quads of those nodes, used up."""
        statements: dict[Quad, tuple[Node, set[str]]] = {}
        used: set[Quad] = set()
        for fact, candidates in nodes.items():
            for node, quads, cites in candidates:
                expected = "_:" if isinstance(node, Blank) else node[:-16]
                if expected == self.statement_base and (
                        isinstance(node, Blank) or node.endswith(_hash_node(*fact))):
                    statements[fact] = (node, cites)
                    used.update(quads)
                    break
        return statements, used

    def _citations(self, by_subject: dict[tuple[str, Node], list[Quad]], as_object: Counter[Node]
                   ) -> dict[str, _CitationInfo]:
        """The citation nodes that are a builder Citation (one key, one confidence, quotes ...), by IRI."""
        found: dict[str, _CitationInfo] = {}
        drafts = self._citation_drafts(by_subject)
        self.reasoning_lang = _main_language(drafts)
        for node, (parts, quads) in drafts.items():
            record = self._citation_record(node, parts)
            if record is not None:
                keep = {_TYPE: [str(GRAF.Citation)]}
                found[node] = _CitationInfo(node, record, [q for q in quads if self._citation_part(q, keep, drafts)])
        _keep_derivations(found)
        return found

    def _citation_drafts(self, by_subject: dict[tuple[str, Node], list[Quad]]
                         ) -> dict[str, tuple[dict[str, list[Value]], list[Quad]]]:
        """The graf:Citation nodes of the meta graph (the graph typing most of them; sets ``self.meta``) that
        appear in no other graph: their values by property, and their quads."""
        typed = [(g, n) for (g, n), qs in by_subject.items() if isinstance(n, str)
                 and any(p == _TYPE and o == str(GRAF.Citation) for _g, _s, p, o in qs)]
        graphs = Counter(g for g, _n in typed)
        self.meta = graphs.most_common(1)[0][0] if graphs else ""
        drafts: dict[str, tuple[dict[str, list[Value]], list[Quad]]] = {}
        for g, node in typed:
            if g != self.meta or any((other, node) in by_subject for other in self.graphs if other != g):
                continue
            parts: dict[str, list[Value]] = defaultdict(list)
            for _g, _s, p, o in by_subject[(g, node)]:
                parts[p].append(o)
            drafts[str(node)] = (parts, by_subject[(g, node)])
        return drafts

    @staticmethod
    def _citation_part(q: Quad, keep: dict[str, list[str]], drafts: dict[str, Any]) -> bool:
        _g, _s, p, o = q
        if p == _TYPE:
            return o == str(GRAF.Citation)
        if p == str(PROV.wasDerivedFrom):
            return isinstance(o, str) and o in drafts
        return p in (str(SKOS.notation), str(GRAF.confidence), str(GRAF.quote), str(PROV.wasQuotedFrom),
                     str(DCTERMS.source), str(GRAF.reasoning))

    def _citation_record(self, node: str, parts: dict[str, list[Value]]) -> Citation | None:
        notation, confidence = parts.get(str(SKOS.notation), []), parts.get(str(GRAF.confidence), [])
        quotes = parts.get(str(GRAF.quote), [])
        docs, urls = parts.get(str(PROV.wasQuotedFrom), []), parts.get(str(DCTERMS.source), [])
        reasoning = parts.get(str(GRAF.reasoning), [])
        if not (_single_values(notation, confidence, docs, reasoning) and _citation_links(quotes, docs, urls)):
            return None
        if reasoning and (not isinstance(reasoning[0], Lit) or reasoning[0].lang != self.reasoning_lang):
            return None
        kind = _CONFIDENCES[str(confidence[0])]
        if kind == "derived" and not reasoning or quotes and not docs:
            return None
        key = notation[0].value if isinstance(notation[0], Lit) else ""  # a Lit: _single_values checked it
        if not key or BAD_IRI.search(key):
            return None
        return self._citation(node, kind, key, parts)

    def _citation(self, node: str, kind: str, key: str, parts: dict[str, list[Value]]) -> Citation:
        """The Citation of a node whose values ``parts`` passed :meth:`_citation_record`'s checks."""
        quotes, docs = parts.get(str(GRAF.quote), []), parts.get(str(PROV.wasQuotedFrom), [])
        urls, reasoning = parts.get(str(DCTERMS.source), []), parts.get(str(GRAF.reasoning), [])
        derived = tuple(sorted(str(d) for d in parts.get(str(PROV.wasDerivedFrom), []) if isinstance(d, str)))
        return Citation(node, kind, tuple(Quote(q.value, q.lang) for q in quotes if isinstance(q, Lit)),
                        str(docs[0]) if docs else "", tuple(sorted(str(u) for u in urls)),
                        reasoning[0].value if reasoning else "", derived, key,  # type: ignore[union-attr]
                        self.reasoning_lang)

    # -- the Model sheet ---------------------------------------------------------------------------

    def _settings(self) -> Settings:
        base = self._base()
        graphs = _prefix(self.graphs)
        bases = Counter(info.node[: -len(info.record.notation)] for info in self.citations.values()
                        if info.node.endswith(info.record.notation))
        citation_base = bases.most_common(1)[0][0] if bases else base + "cite/"
        meta = self.meta or self.graphs[0]
        translation = self._translation_key()
        actors = Counter(g for (g, s, p, o) in self.pool if p == _TYPE)
        shared = max(self.graphs, key=lambda g: (actors[g], g == graphs + "base", g))
        settings = Settings(base, graphs, self.statement_base or base + "stmt/", citation_base,
                            self._graph_id_in(graphs, meta), self._graph_id_in(graphs, shared), translation,
                            self.reasoning_lang)
        for check in (base, graphs, citation_base):
            if not check.endswith(("/", "#")):
                raise GrafError(f"cannot export: no common base IRI ending in / or # found ({check})")
        return settings

    def _base(self) -> str:
        """The model's base IRI: the statement base less ``stmt/``, else the common base of the subjects."""
        subjects = [s for (g, s) in self._by_subject if isinstance(s, str) and g != self.meta] or \
            [s for (_g, s) in self._by_subject if isinstance(s, str)]
        base = _common_base(subjects)
        if self.statement_base and self.statement_base != "_:" and self.statement_base.endswith("stmt/"):
            base = self.statement_base[: -len("stmt/")]
        return base

    def _translation_key(self) -> str:
        """The key of the derived citation most English labels cite alone ("translation" when none does)."""
        labelled = Counter(
            next(iter(c)) for (g, s, p, o), c in self.pool.items()
            if p == _LABEL and isinstance(o, Lit) and o.lang == "en" and c is not None and len(c) == 1)
        derived = [n for n, _ in labelled.most_common() if n in self.citations
                   and self.citations[n].record.confidence == "derived"]
        return self.citations[derived[0]].record.notation if derived else "translation"

    @staticmethod
    def _graph_id_in(graphs: str, iri: str) -> str:
        rest = iri[len(graphs):] if iri.startswith(graphs) else ""
        return rest if rest and not SCHEME.match(rest) and not BAD_IRI.search(rest) else iri

    # -- rows --------------------------------------------------------------------------------------

    def build(self) -> tuple[dict[str, list[dict[str, str]]], dict[str, str]]:
        """The rows of every sheet and the Model sheet's values."""
        s = self.settings = self._settings()
        self.meta_graph = self.meta or self._graph(s.meta)
        self.fictional = {node for (g, node, p, o) in self.pool if g == self.meta_graph and p == str(GRAF.isSynthetic)
                          and o == Lit("true", datatype=str(XSD.boolean)) and isinstance(node, str)}
        s.sources_required = not any(c is None and g not in self.fictional and not self._bookkeeping(q)
                                     for q, c in self.pool.items() for g in (q[0],))
        self.verifier = self._make_verifier(s)
        self.by_key = {info.record.notation: info for info in self.citations.values()}
        self.key_of = {info.node: info.record.notation for info in self.citations.values()}
        self._index()
        self.implied_citations: set[str] = set()
        self.row_ids: set[tuple[str, str, str]] = set()
        self.inline_used: set[str] = set()
        self.key_used: set[str] = set()
        self._scenarios()
        self._sources()
        for step in (self._chairs, self._fora, self._actors, self._tenures, self._channels, self._events,
                     self._questions):
            step()
        self._statements()
        self._citation_rows()
        return dict(self.tables), s.rows()

    def _make_verifier(self, settings: Settings) -> ModelImport:
        """The importer that reads proposed rows back (see :meth:`verify`), knowing the data's citations."""
        v = ModelImport(RawModel("(export)", {}, None, "export"), settings=settings)
        v.fictional = set(self.fictional)
        v.graph_ids.update({self.gid(g): g for g in self.graphs})
        v.bookkeeping = {s_ for (g, s_, p, o) in self.pool if p == _TYPE and o in (
            str(RDF.Statement), str(GRAF.Citation), str(GRAF.OpenQuestion), str(GRAF.OrganisationModel))}
        v.citations = {info.record.notation: (info.record, _nowhere()) for info in self.citations.values()}
        return v

    def _index(self) -> None:
        self.subjects: dict[tuple[str, Node], dict[str, list[Value]]] = defaultdict(lambda: defaultdict(list))
        self.inverse: dict[tuple[str, str, Value], list[Node]] = defaultdict(list)
        self.types: dict[Value, list[tuple[str, str]]] = defaultdict(list)
        for (g, s, p, o) in self.pool:
            self.subjects[(g, s)][p].append(o)
            if p == _TYPE and isinstance(s, str):
                self.types[o].append((g, s))
            if p in (str(ORG.hasMember), str(GRAF.hasEntryPoint), str(GRAF.realisedBy), str(GRAF.coChairPost)):
                self.inverse[(g, p, o)].append(s)

    def _bookkeeping(self, q: Quad) -> bool:
        g, s, p, o = q
        if p in (str(GRAF.sourceFile), str(GRAF.extendsGraph), str(GRAF.isSynthetic)):
            return True
        if s in self.graphs or s in self.citations:
            return True
        return any((g, s, _TYPE, str(c)) in self.pool
                   for c in (RDF.Statement, GRAF.Citation, GRAF.OpenQuestion, GRAF.OrganisationModel))

    def _graph(self, value: str) -> str:
        return value if SCHEME.match(value) else self.settings.graphs + value

    def gid(self, graph: str) -> str:
        return self._graph_id_in(self.settings.graphs, graph)

    def ref(self, node: Node) -> str:
        """How a row names ``node``: an id under the base, a prefixed name, an IRI or a blank node."""
        if isinstance(node, Blank):
            return f"_:{node.label}"
        base = self.settings.base
        if node.startswith(base):
            rest = node[len(base):]
            if rest and not SCHEME.match(rest) and not rest.startswith("_:") and not BAD_IRI.search(rest) \
                    and ";" not in rest:
                return rest
        for prefix, ns in PREFIXES.items():
            if node.startswith(ns) and _SAFE_LOCAL.match(node[len(ns):]):
                return f"{prefix}:{node[len(ns):]}"
        return node

    def keys(self, cites: Cites) -> str:
        self.key_used.update(cites or ())
        return ";".join(sorted(self.key_of[c] for c in cites)) if cites else ""

    def provenance(self, cites: Cites) -> dict[str, str]:
        """The provenance columns of a row citing ``cites``: inline when the citation is a row's own."""
        if not cites:
            return {}
        if len(cites) == 1:
            info = self.citations[next(iter(cites))]
            r = info.record
            doc = self.ref(r.document) if r.document else ""
            if self._inline(info):
                self.inline_used.add(info.node)
                return {"source": doc, "quote": r.quotes[0].text if r.quotes else "", "confidence": r.confidence,
                        "reasoning": r.reasoning}
            self.key_used.add(info.node)
            out = {"citation": r.notation, "confidence": r.confidence}
            if r.quotes and r.document:
                out.update(source=doc, quote=r.quotes[0].text)
            return out
        self.key_used.update(cites)
        return {"citation": self.keys(cites)}

    def _inline(self, info: _CitationInfo) -> bool:
        r = info.record
        if info.node != self.settings.citations + r.notation or r.urls or r.derived_from or len(r.quotes) > 1:
            return False
        if r.quotes and r.quotes[0].lang != "da" or r.reasoning_lang != self.settings.reasoning_lang:
            return False
        doc = self.ref(r.document) if r.document else ""
        return r.notation == inline_key(doc, r.quotes[0].text if r.quotes else "", r.confidence, r.reasoning)

    def verify(self, sheet_key: str, row: dict[str, str]) -> bool:
        """Read ``row`` back with the importer; if it gives exactly triples of the pool (same citations), use
        them up and keep the row."""
        v = self.verifier
        values = {k: val for k, val in row.items() if val and val.strip() == val}
        rec = self._read_back(sheet_key, values)
        if rec is None or not self._matches(rec):
            return False
        for quad in rec.out:
            del self.pool[quad]
            g, s_, p, o = quad
            found = self.subjects.get((g, s_))
            if found is not None and o in found.get(p, ()):
                found[p].remove(o)
        self.implied_citations.update(c.key for c in rec.emitted_citations)
        self.row_ids.update(v.definitions)
        self.tables[sheet_key].append(values)
        return True

    def _read_back(self, sheet_key: str, values: dict[str, str]) -> _Recorder | None:
        """What the importer builds for a row with ``values`` (None: it refuses the row, or the row defines an
        id an earlier row defined)."""
        v = self.verifier
        v.records, v.raw_triples, v.problems.items = [], [], []
        v.definitions.clear()
        v.inline.clear()
        v.references.clear()
        sheet = SHEETS_BY_KEY[sheet_key]
        raw = RawSheet(sheet, sheet.en, {c.key: c.en for c in sheet.columns}, [])
        ctx = RowContext(v, raw, RawRow(0, values))
        getattr(v, f"_{sheet_key}")(ctx)
        if v.problems.items or any(d in self.row_ids for d in v.definitions):
            return None
        rec = _Recorder(self.settings, v.citation_iri(self.settings.translation), self.fictional if
                        self.settings.sources_required else set(self.graphs))
        try:
            for graph, record in v.records:
                rec.add(graph, record)
        except ValueError:
            return None
        for graph, s_, p, o in v.raw_triples:
            rec.raw(graph, s_, p, o)
        return rec

    def _matches(self, rec: _Recorder) -> bool:
        """Whether what ``rec`` recorded is exactly in the pool: same triples, same citations."""
        if rec.refused:
            return False
        for c in rec.emitted_citations:
            info = self.citations.get(c.key)
            if info is None or info.record != c:
                return False
        for quad, cites in rec.out.items():
            if quad not in self.pool or self.pool[quad] != (frozenset(cites) if cites is not None else None):
                return False
        return True

    def has(self, g: str, s: Node, p: str, o: Value) -> bool:
        return (g, s, p, o) in self.pool

    def objects(self, g: str, s: Node, p: str) -> list[Value]:
        return list(self.subjects.get((g, s), {}).get(p, ()))

    def one(self, g: str, s: Node, p: str) -> Value | None:
        found = self.objects(g, s, p)
        return found[0] if len(found) == 1 else None

    def label(self, g: str, s: Node, lang: str) -> tuple[str, Cites] | None:
        for o in sorted(self.objects(g, s, _LABEL), key=str):
            if isinstance(o, Lit) and o.lang == lang and not o.datatype:
                return o.value, self.pool[(g, s, _LABEL, o)]
        return None

    def typed(self, kinds: Iterable[str]) -> Iterator[tuple[str, str, str]]:
        """(graph, subject, class) of every IRI typed with one of ``kinds`` and not used up yet: kinds in the
        order given (graf's own, more specific classes before ORG's), then by graph and subject."""
        for kind in kinds:
            for g, s in sorted(self.types.get(kind, ())):
                if (g, s, _TYPE, kind) in self.pool:
                    yield g, s, kind

    def same(self, g: str, s: Node, p: str, o: Value, cites: Cites) -> bool:
        return (g, s, p, o) in self.pool and self.pool[(g, s, p, o)] == cites

    # -- sheet by sheet ----------------------------------------------------------------------------

    def _interval(self, g: str, iri: str, cites: Cites, inside_ok: bool = True) -> dict[str, str] | None:
        """begin / end / inside of an interval written the builder's way (instants iri/begin, iri/end ...)."""
        if not self.same(g, iri, _TYPE, str(TIME.Interval), cites):
            return None
        out: dict[str, str] = {}
        for name, prop in (("begin", TIME.hasBeginning), ("end", TIME.hasEnd)):
            if self.same(g, iri, str(prop), f"{iri}/{name}", cites):
                value = self._instant(g, f"{iri}/{name}", cites)
                if value is None:
                    return None
                out[name] = value
        inside = []
        n = 1
        while inside_ok and self.same(g, iri, str(TIME.inside), f"{iri}/inside-{n}", cites):
            value = self._instant(g, f"{iri}/inside-{n}", cites)
            if value is None:
                return None
            inside.append(value)
            n += 1
        if inside:
            out["inside"] = ";".join(inside)
        for lang in ("da", "en"):
            notes = [o for o in self.objects(g, iri, str(SKOS.note)) if isinstance(o, Lit) and o.lang == lang]
            if len(notes) == 1 and self.same(g, iri, str(SKOS.note), notes[0], cites):
                out[f"note_{lang}"] = notes[0].value
        return out

    def _instant(self, g: str, iri: str, cites: Cites) -> str | None:
        for prop in (TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear):
            for o in self.objects(g, iri, str(prop)):
                if isinstance(o, Lit) and self.same(g, iri, str(prop), o, cites):
                    return o.value
        return None

    def _scenarios(self) -> None:
        meta = self.meta_graph
        models = {str(node) for (g, node, p, o) in self.pool if g == meta and p == _TYPE
                  and o == str(GRAF.OrganisationModel) and isinstance(node, str)}
        for graph in sorted(set(self.graphs) | models):
            gid = self.gid(graph)
            row = self._scenario_proposal(graph, gid, graph in models)
            if graph in models or graph in self.graphs:
                part = {"id": gid, "kind": "part", "extends": row["extends"], "fictional": row["fictional"]}
                if not (self.verify("scenarios", row) or self.verify("scenarios", _minimal(row))
                        or self.verify("scenarios", part)):
                    self.verify("scenarios", {"id": gid, "kind": "part", "extends": "-"})

    def _scenario_proposal(self, graph: str, gid: str, is_model: bool) -> dict[str, str]:
        """The Scenarios row proposed for ``graph``: a scenario when it is an organisation model, else a part."""
        meta = self.meta_graph
        extends = [self.gid(str(b)) for b in sorted(self.objects(meta, graph, str(GRAF.extendsGraph)), key=str)
                   if isinstance(b, str)]
        row = {"id": gid, "extends": ";".join(extends) or "-",
               "fictional": "yes" if graph in self.fictional else ""}
        if is_model:
            row.update(self._scenario_row(graph))
        else:
            row["kind"] = "part"
            row.update(self._graph_validity(graph, gid))
        return row

    def _graph_validity(self, graph: str, gid: str) -> dict[str, str]:
        """The validity columns of a scenario or part whose interval is named the builder's way."""
        during = self.one(self.meta_graph, graph, str(GRAF.validDuring))
        if isinstance(during, str) and during == self.settings.base + "validity/" + gid:
            return self._validity(graph, during)
        return {}

    def _scenario_row(self, graph: str) -> dict[str, str]:
        meta, gid = self.meta_graph, self.gid(graph)
        row: dict[str, str] = {"kind": "scenario"}
        name = self.one(meta, graph, str(GRAF.scenarioName))
        if isinstance(name, Lit) and name.value != gid:
            row["name"] = name.value
        self._scenario_texts(graph, row)
        for key, prop in (("preceded_by", GRAF.precededBy), ("revision_of", PROV.wasRevisionOf)):
            value = self.one(meta, graph, str(prop))
            if isinstance(value, str):
                row[key] = self.gid(value)
        generated = self.one(meta, graph, str(PROV.wasGeneratedBy))
        if isinstance(generated, str):
            row["generated_by"] = self.ref(generated)
        derived = [self.ref(d) for d in sorted(self.objects(meta, graph, str(PROV.wasDerivedFrom)), key=str)
                   if isinstance(d, str)]
        if derived:
            row["derived_from"] = ";".join(derived)
        row.update(self._graph_validity(graph, gid))
        return row

    def _scenario_texts(self, graph: str, row: dict[str, str]) -> None:
        """A scenario's labels and descriptions, in Danish and English, into ``row``."""
        meta = self.meta_graph
        for lang in ("da", "en"):
            found = self.label(meta, graph, lang)
            if found:
                row[f"label_{lang}"] = found[0]
            desc = [o for o in self.objects(meta, graph, str(DCTERMS.description)) if isinstance(o, Lit)
                    and o.lang == lang]
            if len(desc) == 1:
                row[f"description_{lang}"] = desc[0].value

    def _validity(self, graph: str, iri: str) -> dict[str, str]:
        cites = self.pool.get((graph, iri, _TYPE, str(TIME.Interval)), None)
        found = self._interval(graph, iri, cites)
        if found is None or "note_da" in found or "note_en" in found:
            return {}
        row = {"valid_from": found.get("begin", ""), "valid_to": found.get("end", ""),
               "holds_on": found.get("inside", "")}
        return {**row, **self.provenance(cites)}

    def _sources(self) -> None:
        meta = self.meta_graph
        docs = {info.record.document for info in self.citations.values() if info.record.document}
        docs |= {str(node) for (g, node, p, o) in self.pool if g == meta and p == str(GRAF.sourceFile)
                 and isinstance(node, str)}
        for doc in sorted(docs):
            ref = self.ref(doc)
            row = self._source_row(doc, ref)
            self.verifier.source_kinds[doc] = row["kind"]
            if not (self.verify("sources", row) or self.verify("sources", {k: row[k] for k in ("id", "kind", "file")
                                                                              if k in row})):
                self.verify("sources", {"id": ref, "kind": row["kind"]})

    def _source_row(self, doc: str, ref: str) -> dict[str, str]:
        """The Sources row proposed for the document ``doc``: kind and file, and its own citation's details."""
        meta = self.meta_graph
        own = self.by_key.get(f"document/{ref}")
        kinds = Counter(info.record.confidence for info in self.citations.values() if info.record.document == doc)
        kind = own.record.confidence if own else ("memo" if kinds["memo"] else "external")
        term = SOURCE_KINDS.find(kind)
        row = {"id": ref, "kind": term.key if term else "memo"}
        files = [o for o in self.objects(meta, doc, str(GRAF.sourceFile)) if isinstance(o, Lit)]
        if len(files) == 1 and not files[0].lang and not files[0].datatype:
            row["file"] = files[0].value
        cites = frozenset({own.node}) if own else None
        if (own is not None or meta in self.fictional) and self.same(meta, doc, _TYPE, str(GRAF.Document), cites):
            self._document_details(doc, cites, row)
        return row

    def _document_details(self, doc: str, cites: Cites, row: dict[str, str]) -> None:
        """Titles, date and address of a document that cite exactly ``cites``, into ``row``."""
        meta = self.meta_graph
        for lang in ("da", "en"):
            found = self.label(meta, doc, lang)
            if found and found[1] == cites:
                row[f"title_{lang}"] = found[0]
        date = self.one(meta, doc, str(DCTERMS.date))
        if isinstance(date, Lit) and self.same(meta, doc, str(DCTERMS.date), date, cites):
            row["date"] = date.value
        page = self.one(meta, doc, str(FOAF.page))
        if isinstance(page, str) and self.same(meta, doc, str(FOAF.page), page, cites):
            row["address"] = page

    def _linked(self, g: str, s: Node, prop: str, cites: Cites) -> list[str]:
        """The IRIs ``s`` links to by ``prop`` in ``g`` citing exactly ``cites``, sorted."""
        return [o for o in sorted(self.objects(g, s, prop), key=str)
                if isinstance(o, str) and self.same(g, s, prop, o, cites)]

    def _period(self, g: str, during: str, cites: Cites) -> dict[str, str]:
        """valid_from / valid_to of a validity interval with bounds only (nothing if it has more)."""
        found = self._interval(g, during, cites, inside_ok=False)
        if found is not None and not set(found) - {"begin", "end"}:
            return {"valid_from": found.get("begin", ""), "valid_to": found.get("end", "")}
        return {}

    def _named(self, g: str, s: str, kind_iri: str) -> tuple[dict[str, str], Cites] | None:
        """id, kind, labels and provenance of a typed thing (labels only when they fit the row)."""
        cites = self.pool.get((g, s, _TYPE, kind_iri))
        row: dict[str, str] = {"id": self.ref(s), "scenario": "" if g == self._graph(self.settings.shared)
                               else self.gid(g)}
        da, en = self.label(g, s, "da"), self.label(g, s, "en")
        if da and en:
            row["label_da"], row["label_en"] = da[0], en[0]
            if da[1] != cites:
                if not da[1]:
                    return None
                row["label_da_citation"] = self.keys(da[1])
            translation = self.verifier.citation_iri(self.settings.translation)
            if en[1] != (frozenset({translation}) if cites else None):
                if not en[1]:
                    return None
                row["label_en_citation"] = self.keys(en[1])
        row.update(self.provenance(cites))
        return row, cites

    def _chairs(self) -> None:
        for g, s, _k in self.typed([str(GRAF.ChairSeat)]):
            named = self._named(g, s, str(GRAF.ChairSeat))
            if named is None:
                continue
            row, cites = named
            forum, post = self.one(g, s, str(ORG.postIn)), self.one(g, s, str(GRAF.exOfficio))
            if not (isinstance(forum, str) and isinstance(post, str)) or "label_da" not in row:
                continue
            row.update(forum=self.ref(forum), ex_officio=self.ref(post))
            delegate = [o for o in self.objects(g, s, str(GRAF.mayDelegateTo)) if self.same(
                g, s, str(GRAF.mayDelegateTo), o, cites)]
            if len(delegate) == 1 and isinstance(delegate[0], str):
                row["may_delegate_to"] = self.ref(delegate[0])
            self.verify("chairs", row) or self.verify("chairs", {k: v for k, v in row.items()
                                                                 if k != "may_delegate_to"})

    def _fora(self) -> None:
        for g, s, kind in self.typed(t.iri for t in FORUM_KINDS.terms):
            named = self._named(g, s, kind)
            if named is None or not self.has(g, s, _TYPE, kind):
                continue
            row, cites = named
            row["kind"] = FORUM_KINDS.by_iri(kind).key  # type: ignore[union-attr]
            posts = [self.ref(o) for o in self._linked(g, s, str(GRAF.coChairPost), cites)]
            if posts:
                row["co_chairs"] = ";".join(posts)
            entries = [e for e in self.inverse.get((g, str(GRAF.realisedBy), s), ())
                       if self.same(g, e, str(GRAF.realisedBy), s, cites)]
            if len(entries) == 1:
                row["realises"] = self.ref(entries[0])
            during = self.one(g, s, str(GRAF.validDuring))
            if isinstance(during, str) and during == self.settings.base + "validity/" + row["id"] and self.same(
                    g, s, str(GRAF.validDuring), during, cites):
                row.update(self._period(g, during, cites))
            self._try("fora", row, ("valid_from", "valid_to", "realises", "co_chairs"))

    def _try(self, sheet: str, row: dict[str, str], optional: tuple[str, ...]) -> bool:
        """The row as proposed, else without each optional column in turn, else without all of them."""
        if self.verify(sheet, row):
            return True
        for key in optional:
            if row.get(key) and self.verify(sheet, {k: v for k, v in row.items() if k != key}):
                return True
        return self.verify(sheet, {k: v for k, v in row.items() if k not in optional})

    def _actors(self) -> None:
        for g, s, kind in self.typed(t.iri for t in ACTOR_KINDS.terms):
            if not self.has(g, s, _TYPE, kind):
                continue
            named = self._named(g, s, kind)
            if named is None:
                continue
            row, cites = named
            term = ACTOR_KINDS.by_iri(kind)
            assert term is not None
            row["kind"] = term.key
            self._actor_links(g, s, term.key, cites, row)
            self._try("actors", row, ("part_of", "member_of", "oversees", "roles"))

    def _parts(self, g: str, s: str, kind: str, cites: Cites) -> list[str]:
        """What an actor of ``kind`` is part of, by the link the importer writes for that kind (either way)."""
        probe = ModelImport.part_of(kind, s, "\0", ())
        if probe.subject == s:
            parts = [o for o in self.objects(g, s, probe.predicate) if isinstance(o, str)]
        else:
            parts = [x for x in self.inverse.get((g, probe.predicate, s), ()) if isinstance(x, str)]
        return [p for p in sorted(parts) if self.same(g, *(_part_quad(probe, s, p)), cites)]

    def _actor_links(self, g: str, s: str, kind: str, cites: Cites, row: dict[str, str]) -> None:
        """part_of, member_of, oversees and roles of an actor, each link citing exactly ``cites``, into ``row``."""
        parts = self._parts(g, s, kind, cites)
        if parts:
            row["part_of"] = ";".join(self.ref(p) for p in parts)
        groups = [x for x in sorted(self.inverse.get((g, str(ORG.hasMember), s), ()), key=str)
                  if isinstance(x, str) and self.same(g, x, str(ORG.hasMember), s, cites)]
        if groups:
            row["member_of"] = ";".join(self.ref(x) for x in groups)
        overseen = self._linked(g, s, str(GRAF.oversees), cites)
        if overseen:
            row["oversees"] = ";".join(self.ref(o) for o in overseen)
        roles = [ROLES.by_iri(o).key for o in self._linked(g, s, str(ORG.role), cites)  # type: ignore[union-attr]
                 if ROLES.by_iri(o)]
        if roles:
            row["roles"] = ";".join(roles)

    def _tenures(self) -> None:
        for g, t, _k in self.typed([str(ORG.Membership)]):
            cites = self.pool.get((g, t, _TYPE, str(ORG.Membership)))
            person, post, role = (self.one(g, t, str(p)) for p in (ORG.member, GRAF.postHeld, ORG.role))
            if not (isinstance(person, str) and isinstance(post, str) and isinstance(role, str) and ROLES.by_iri(role)):
                continue
            found = self._interval(g, f"{t}/interval", cites)
            if found is None or "note_da" in found or "note_en" in found:
                continue
            row = {"id": self.ref(t), "post": self.ref(post), "person": self.ref(person),
                   "role": ROLES.by_iri(role).key, "from": found.get("begin", ""),  # type: ignore[union-attr]
                   "to": found.get("end", ""), "holds_on": found.get("inside", ""),
                   "scenario": "" if g == self._graph(self.settings.shared) else self.gid(g), **self.provenance(cites)}
            if row["id"] == f"tenure/{row['person']}":
                row["id"] = ""
            self.verify("tenures", row)

    def _channels(self) -> None:
        for g, ch, _k in self.typed([str(GRAF.ContactChannel)]):
            cites = self.pool.get((g, ch, _TYPE, str(GRAF.ContactChannel)))
            proposed = self._channel_row(g, ch, cites)
            if proposed is None:
                continue
            row, default = proposed
            via = [self.ref(v) for v in self._linked(g, ch, str(GRAF.via), cites)]
            if via:
                row["via"] = ";".join(via)
            during = self.one(g, ch, str(GRAF.validDuring))
            if isinstance(during, str) and during == self.settings.base + "validity/" + (row["id"] or default):
                row.update(self._period(g, during, cites))
            self._try("channels", row, ("via", "valid_from"))

    def _channel_row(self, g: str, ch: str, cites: Cites) -> tuple[dict[str, str], str] | None:
        """The Channels row proposed for ``ch`` (ends, layer, status, provenance) and the id the importer
        would give it; None when the channel lacks an end, a known layer or a known status."""
        frm, to = self.one(g, ch, str(GRAF.channelFrom)), self.one(g, ch, str(GRAF.channelTo))
        kind, status = self.one(g, ch, str(GRAF.channelKind)), self.one(g, ch, str(GRAF.channelStatus))
        layer = next((t for t in LAYERS.terms if t.iri == kind), None)
        state = next((t for t in STATUSES.terms if t.iri == status), None)
        if not (isinstance(frm, str) and isinstance(to, str) and layer and state):
            return None
        scenario = "" if g == self._graph(self.settings.shared) else self.gid(g)
        default = f"channel/{scenario or self.settings.shared}/{layer.key}/{_local(frm)}--{_local(to)}"
        ident = self.ref(ch)
        row = {"id": "" if ident == default else ident, "from": self.ref(frm), "to": self.ref(to),
               "layer": layer.key, "status": state.key, "scenario": scenario, **self.provenance(cites)}
        return row, default

    def _events(self) -> None:
        for g, e, kind in self.typed(t.iri for t in EVENT_KINDS.terms):
            if not self.has(g, e, _TYPE, kind):
                continue
            named = self._named(g, e, kind)
            if named is None or "label_da" not in named[0] or "label_da_citation" in named[0] \
                    or "label_en_citation" in named[0]:
                continue
            row, cites = named
            row["kind"] = EVENT_KINDS.by_iri(kind).key  # type: ignore[union-attr]
            self._event_time(g, e, cites, row)
            planned = self.one(g, e, str(GRAF.plannedAsOf))
            if isinstance(planned, Lit) and self.same(g, e, str(GRAF.plannedAsOf), planned, cites):
                row["planned_as_of"] = planned.value
            for key, prop in (("participants", PROV.wasAssociatedWith), ("follows", PROV.wasInformedBy)):
                found_ids = [self.ref(o) for o in self._linked(g, e, str(prop), cites)]
                if found_ids:
                    row[key] = ";".join(found_ids)
            self._try("events", row, ("participants", "follows", "planned_as_of"))

    def _event_time(self, g: str, e: str, cites: Cites, row: dict[str, str]) -> None:
        """An event's date, or its from / to and date notes (a time interval ``e/time``), into ``row``."""
        date = self.one(g, e, str(DCTERMS.date))
        if isinstance(date, Lit) and date.datatype == str(XSD.date) and self.same(g, e, str(DCTERMS.date), date,
                                                                                cites):
            row["date"] = date.value
        elif self.same(g, e, str(TIME.hasTime), f"{e}/time", cites):
            found = self._interval(g, f"{e}/time", cites, inside_ok=False)
            if found is not None:
                begin, end = found.get("begin", ""), found.get("end", "")
                if begin and begin == end and len(begin) < 10:
                    row["date"] = begin
                else:
                    row.update({"from": begin, "to": end})
                row.update(date_note_da=found.get("note_da", ""), date_note_en=found.get("note_en", ""))

    def _questions(self) -> None:
        for g, q, _k in self.typed([str(GRAF.OpenQuestion)]):
            about = self.one(g, q, str(GRAF.about))
            if self.pool[(g, q, _TYPE, str(GRAF.OpenQuestion))] is not None or not isinstance(about, str):
                continue
            row = {"id": self.ref(q), "about": self.ref(about), "scenario": "" if g == self.meta_graph
                   else self.gid(g)}
            for lang in ("en", "da"):
                texts = [o for o in self.objects(g, q, str(GRAF.question)) if isinstance(o, Lit) and o.lang == lang]
                if len(texts) == 1:
                    row[f"question_{lang}"] = texts[0].value
            self.verify("questions", row)

    def _statements(self) -> None:
        for quad in sorted(self.pool, key=lambda q: (q[0], str(q[1]), q[2], str(q[3]))):
            g, s, p, o = quad
            if quad not in self.pool:
                continue
            cites = self.pool[quad]
            row = {"scenario": "" if g == self._graph(self.settings.shared) else self.gid(g), "subject": self.ref(s),
                   "predicate": "a" if p == _TYPE else self.ref(p), **self.provenance(cites)}
            if isinstance(o, Lit):
                if o.value == "":
                    raise GrafError(f"cannot export an empty text as an object (of {s} {p})")
                row["object"] = o.value
                if o.lang:
                    row["lang"] = o.lang
                elif o.datatype:
                    row["object_type"] = self.ref(o.datatype)
            else:
                row.update(object=self.ref(o), object_type="id")
            if not self.verify("statements", row):
                raise GrafError(f"cannot export the statement {s} {p} {o} in <{g}> to a workbook row")

    def _citation_rows(self) -> None:
        needed = set(self.key_used)
        for info in self.citations.values():
            needed.update(info.record.derived_from)
        for info in sorted(self.citations.values(), key=lambda i: i.record.notation):
            if info.node in self.implied_citations and info.node not in needed:
                continue
            if info.node in self.inline_used and info.node not in needed:
                continue
            r = info.record
            row = {"key": r.notation, "source": self.ref(r.document) if r.document else "",
                   "quote": r.quotes[0].text if r.quotes else "", "quote_lang": r.quotes[0].lang if r.quotes else "",
                   "confidence": r.confidence, "reasoning": r.reasoning,
                   "derived_from": ";".join(sorted(self.key_of[d] for d in r.derived_from)),
                   "addresses": ";".join(r.urls),
                   "iri": "" if info.node == self.settings.citations + r.notation else info.node}
            self.tables["citations"].append({k: v for k, v in row.items() if v})
            for q in r.quotes[1:]:
                self.tables["citations"].append({"key": r.notation, "quote": q.text, "quote_lang": q.lang})


def _reification(g: str, quads: list[Quad], citations: dict[str, _CitationInfo]) -> tuple[Quad, set[str]] | None:
    """The fact a statement node's ``quads`` reify and its citations, if written the builder's way (one
    subject, predicate and object, citations the export knows, nothing else)."""
    parts: dict[str, list[Value]] = defaultdict(list)
    for _g, _s, pred, obj in quads:
        parts[pred].append(obj)
    if set(parts) - _REIFICATION:
        return None
    if len(parts[_TYPE]) != 1 or any(len(parts[str(k)]) != 1 for k in (RDF.subject, RDF.predicate, RDF.object)):
        return None
    s, p, o = parts[str(RDF.subject)][0], parts[str(RDF.predicate)][0], parts[str(RDF.object)][0]
    cites = parts[str(GRAF.citation)]
    if isinstance(s, Lit) or not isinstance(p, str) or not cites or not all(c in citations for c in cites):
        return None
    return (g, s, p, o), {str(c) for c in cites}


def _main_language(drafts: dict[str, tuple[dict[str, list[Value]], list[Quad]]]) -> str:
    """The language most reasonings of the citation ``drafts`` are written in ("en" when none is)."""
    langs: Counter[str] = Counter()
    for parts, _quads in drafts.values():
        for r in parts.get(str(GRAF.reasoning), ()):
            if isinstance(r, Lit) and r.lang:
                langs[r.lang] += 1
    return langs.most_common(1)[0][0] if langs else "en"


def _keep_derivations(found: dict[str, _CitationInfo]) -> None:
    """Keep derivations only between citations the export keeps (records and quads of ``found``)."""
    for info in found.values():
        derived = tuple(d for d in info.record.derived_from if d in found)
        if derived != info.record.derived_from:
            r = info.record
            info.record = Citation(r.key, r.confidence, r.quotes, r.document, r.urls, r.reasoning, derived,
                                   r.notation, r.reasoning_lang)
            info.quads = [q for q in info.quads if q[2] != str(PROV.wasDerivedFrom) or q[3] in found]


def _single_values(notation: list[Value], confidence: list[Value], docs: list[Value], reasoning: list[Value]) -> bool:
    """One plain key, one known confidence, at most one document and one reasoning."""
    if len(notation) != 1 or not isinstance(notation[0], Lit) or notation[0].lang or notation[0].datatype:
        return False
    return not (len(confidence) != 1 or confidence[0] not in _CONFIDENCES or len(docs) > 1 or len(reasoning) > 1)


def _citation_links(quotes: list[Value], docs: list[Value], urls: list[Value]) -> bool:
    """Quotes are language-tagged texts; the document and the addresses are IRIs."""
    if not all(isinstance(q, Lit) and q.lang and not q.datatype for q in quotes):
        return False
    return not (docs and not isinstance(docs[0], str) or not all(isinstance(u, str) for u in urls))


def _part_quad(probe: Any, s: str, target: str) -> tuple[str, str, str]:
    return (s, probe.predicate, target) if probe.subject == s else (target, probe.predicate, s)


def _minimal(row: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in row.items() if k in ("id", "kind", "extends", "fictional", "name", "label_da", "label_en",
                                                  "description_da", "description_en", "preceded_by", "revision_of",
                                                  "generated_by", "derived_from")}


def _nowhere() -> Any:
    return Where("")


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _prefix(iris: list[str]) -> str:
    """The longest common prefix of ``iris`` that ends in / or #."""
    common = os.path.commonprefix(iris)
    cut = max(common.rfind("/"), common.rfind("#"))
    return common[: cut + 1]


def _common_base(iris: list[str]) -> str:
    """The longest prefix ending in / or # shared by most subjects (at least half)."""
    counts: Counter[str] = Counter()
    for iri in iris:
        for match in re.finditer(r"[/#]", iri):
            if match.start() > 8:
                counts[iri[: match.start() + 1]] += 1
    half = max(1, len(iris) // 2)
    good = [p for p, n in counts.items() if n >= half]
    return max(good, key=len) if good else _prefix(iris)


def store_quads(store: Any) -> list[Quad]:
    """Every quad of ``store`` outside the ontology graph, as builder values (refuses default-graph data)."""
    text = store.export("nq")
    out: list[Quad] = []
    default = 0
    for q in ox.parse(text, format=ox.RdfFormat.N_QUADS):
        if isinstance(q.graph_name, ox.DefaultGraph):
            default += 1
            continue
        g = q.graph_name.value
        if g == str(ONTOLOGY_GRAPH):
            continue
        out.append((g, _term(q.subject), q.predicate.value, _term(q.object)))  # type: ignore[arg-type]
    if default:
        raise GrafError(f"the default graph holds {default} triples; a workbook keeps named graphs only (load them "
                        "with `graf load FILE --graph IRI`, or as TriG)")
    return out


def export_tables(store: Any) -> tuple[dict[str, list[dict[str, str]]], dict[str, str]]:
    """The rows of every sheet and the Model sheet's values for the model in ``store``."""
    return ModelExport(store_quads(store)).build()


def export_workbook(store: Any, lang: str = "da") -> bytes:
    """The model in ``store`` as an .xlsx workbook (:mod:`graf.workbook.writer`)."""
    tables, model = export_tables(store)
    return workbook_bytes(lang, tables, model)


__all__ = ["ModelExport", "export_tables", "export_workbook", "store_quads"]
