"""A planner's workbook -> the records of :mod:`graf.builder` -> reified, cited quads.

Each row of a sheet becomes the same records ``data/copenhagen-2010/build.py`` writes (an
:class:`~graf.builder.Actor`, a :class:`~graf.builder.Channel`, an :class:`~graf.builder.Event` ...),
so there is one place that knows how a fact is reified and cited: the builder. This module only
knows what a column means. Every problem is collected with its place (sheet, row, column, value,
what is allowed); :meth:`ModelImport.build` raises them all at once and writes nothing.

Ids: a value without a scheme is appended to the model's base IRI (``technical`` ->
``<base>technical``); ``prefix:name`` with a prefix graf knows (``skos:altLabel``) is expanded;
``https://...`` is kept; ``_:name`` is a blank node. Scenario ids are appended to the graph base.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from graf import iris
from graf.builder import (
    Actor,
    Blank,
    Builder,
    Channel,
    Citation,
    Event,
    Fact,
    Interval,
    Link,
    Lit,
    OpenQuestion,
    Quote,
    Scenario,
    Tenure,
    Value,
    date_literal,
)
from graf.namespaces import DCTERMS, FOAF, GRAF, GRAFC, ORG, RDF, SKOS, XSD
from graf.workbook.files import RawModel, RawRow, RawSheet
from graf.workbook.problems import Problems
from graf.workbook.schema import (
    ACTOR_KINDS,
    CONFIDENCE,
    EVENT_KINDS,
    FORUM_KINDS,
    LANGUAGES,
    MODEL_SETTINGS,
    OBJECT_TYPES,
    ROLES,
    YES_NO,
    Vocabulary,
    suggest,
)

#: prefixes an id or predicate may use in a workbook (graf's own, the W3C vocabularies, LOCN)
PREFIXES: dict[str, str] = {
    "rdf": iris.RDF,
    "rdfs": iris.RDFS,
    "owl": iris.OWL,
    "xsd": iris.XSD,
    "skos": iris.SKOS,
    "org": iris.ORG,
    "prov": iris.PROV,
    "dct": iris.DCTERMS,
    "foaf": iris.FOAF,
    "time": iris.TIME,
    "cv": iris.CV,
    "locn": iris.LOCN,
    "graf": iris.GRAF,
    "grafc": iris.GRAFC,
}

ID_ROOT = iris.ID
_TYPE, _LABEL = str(RDF.type), str(SKOS.prefLabel)
GRAPH_ROOT = iris.GRAPH
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
BAD_IRI = re.compile(r"[\s<>\"{}|\\^`]")
_BLANK = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")

_MUNICIPAL_UNITS = {"Administration", "AdministrativeCentre", "PoliticalBody", "CityCouncil", "Committee",
                    "FinanceCommittee", "StandingCommittee", "LocalCommittee", "ManagementBoard"}
_POSTS = {"MayorPost", "LordMayorPost", "ChairSeat", "Post"}
#: bookkeeping a row may state without a source (as graf audit counts it: not a statement about an actor)
_BOOKKEEPING_PREDICATES = {str(GRAF.sourceFile), str(GRAF.extendsGraph), str(GRAF.isSynthetic)}
_BOOKKEEPING_CLASSES = {str(RDF.Statement), str(GRAF.Citation), str(GRAF.OpenQuestion), str(GRAF.OrganisationModel)}


def slug(text: str) -> str:
    """A file or model name as an id: lower case, letters and digits, '-' between."""
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})
    return re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-") or "model"


def check_base(base: str, what: str = "base") -> str | None:
    """Why ``base`` is not a usable base IRI (None if it is): absolute, no spaces, ending in / or #."""
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/\s]+", base) and not base.startswith("urn:"):
        return f"{what} {base!r} is not an absolute IRI (e.g. https://example.org/my-model/)"
    if BAD_IRI.search(base):
        return f"{what} {base!r} contains a character an IRI cannot hold (a space, <, >, \", {{, }}, |, \\, ^ or `)"
    if not base.endswith(("/", "#")):
        return f"{what} {base!r} must end with '/' or '#' so that ids can be appended to it"
    return None


def default_base(stem: str) -> str:
    return f"{ID_ROOT}{slug(stem)}/"


def graph_base_for(base: str) -> str:
    """The default graph base of ``base``: /id/ becomes /graph/ (graf's convention), else base + graph/."""
    if "/id/" in base:
        head, _, tail = base.rpartition("/id/")
        return f"{head}/graph/{tail}"
    return base + "graph/"


def inline_key(source: str, quote: str, confidence: str, reasoning: str) -> str:
    """The key of a citation given on a row (no key of its own): the same content gives the same key."""
    digest = hashlib.sha1(f"{source}|{quote}|{confidence}|{reasoning}".encode()).hexdigest()[:12]
    return f"q-{digest}"


@dataclass
class Settings:
    """The Model sheet, resolved."""

    base: str
    graphs: str
    statements: str  # an IRI prefix, or "_:" for blank nodes
    citations: str
    meta: str  # graph id
    shared: str  # graph id
    translation: str  # citation key
    reasoning_lang: str = "en"
    sources_required: bool = True

    def rows(self) -> dict[str, str]:
        """The Model sheet's values (as a workbook writes them)."""
        return {"base": self.base, "graphs": self.graphs,
                "statements": "blank" if self.statements == "_:" else self.statements,
                "citations": self.citations, "meta": self.meta, "shared": self.shared,
                "translation": self.translation, "reasoning_lang": self.reasoning_lang,
                "sources_required": "yes" if self.sources_required else "no"}


@dataclass
class Where:
    """A cell: for messages."""

    sheet: str
    row: int | None = None
    column: str = ""
    cell: str = ""

    def kw(self) -> dict[str, object]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "cell": self.cell}


class Place:
    """A cell named lazily (most are never needed: only a problem asks where it is)."""

    __slots__ = ("ctx", "key")

    def __init__(self, ctx: RowContext, key: str = ""):
        self.ctx, self.key = ctx, key

    def resolve(self) -> Where:
        return self.ctx.where(self.key)

    def kw(self) -> dict[str, object]:
        return self.resolve().kw()

    @property
    def sheet(self) -> str:
        return self.ctx.sheet.name

    @property
    def row(self) -> int | None:
        return self.ctx.row.number


@dataclass
class _Inline:
    where: Where
    source: str
    quote: str
    confidence: str
    reasoning: str


@dataclass
class Imported:
    """The result of an import: the builder holding the quads, and counts per sheet."""

    builder: Builder
    settings: Settings
    counts: dict[str, int] = field(default_factory=dict)

    def nquads(self) -> str:
        return "".join(self.builder.nquads())

    def trig(self) -> str:
        return "".join(self.trig_lines())

    def nquad_lines(self) -> Iterator[str]:
        return self.builder.nquads()

    def trig_lines(self) -> Iterator[str]:
        header = ("# Built by `graf import` from a planner's workbook: every fact reified and cited "
                  "(graf/builder.py).\n# Edit the workbook, not this file.\n\n")
        return self.builder.trig(header)


class RowContext:
    """One row being read: its values, where its cells are, and the problems it has."""

    def __init__(self, model: ModelImport, sheet: RawSheet, row: RawRow, lang: str = ""):
        self.model = model
        self.sheet = sheet
        self.row = row
        self.lang = lang or sheet.lang

    def where(self, key: str = "") -> Where:
        if not key:
            return Where(self.sheet.name, self.row.number)
        return Where(self.sheet.name, self.row.number, self.sheet.headers.get(key, key),
                     self.sheet.cell(key, self.row.number))

    def place(self, key: str = "") -> Place:
        return Place(self, key)

    def problem(self, key: str, message: str, **extra: object) -> None:
        self.model.problems.add(message, **self.where(key).kw(), **extra)

    def text(self, key: str) -> str:
        value = self.row.values.get(key, "")
        column = self.sheet.sheet.column(key)
        if not value and column.required:
            self.problem(key, f"{column.name(self.lang)!r} is required")
        return value

    def id_text(self, key: str, what: str) -> str:
        """The text of column ``key`` as a name to build an IRI of (an id, a key); "" when it is empty, or when it
        holds a space or a character an IRI cannot (a problem: it is not ``what``)."""
        value = self.text(key)
        if value and BAD_IRI.search(value):
            self.problem(key, f"{value!r} is not {what}: it contains a space or a character an IRI cannot hold",
                         value=value)
            return ""
        return value

    def many(self, key: str) -> list[str]:
        return [v.strip() for v in self.text(key).split(";") if v.strip()]

    def word(self, key: str, vocab: Vocabulary | None = None) -> str:
        """The key of the term a word names (empty if the cell is empty or wrong)."""
        value = self.text(key)
        return self.check_word(key, value, vocab) if value else ""

    def words(self, key: str) -> list[str]:
        vocab = self.sheet.sheet.column(key).vocab
        return [w for w in (self.check_word(key, v, vocab) for v in self.many(key)) if w]

    def check_word(self, key: str, value: str, vocab: Vocabulary | None = None) -> str:
        vocab = vocab or self.sheet.sheet.column(key).vocab
        assert vocab is not None
        term = vocab.find(value)
        if term is None:
            self.problem(key, f"{value!r} is not a {vocab.name}" + (f" ({vocab.open_hint})" if vocab.open_hint else ""),
                         value=value, suggestion=vocab.suggest(value) or "", allowed=tuple(vocab.words(self.lang)))
            return ""
        return term.key

    def date(self, key: str) -> str:
        value = self.text(key)
        return self.model.parse_date(value, self.place(key)) if value else ""

    def dates(self, key: str) -> list[str]:
        return [d for d in (self.model.parse_date(v, self.place(key)) for v in self.many(key)) if d]

    def id(self, key: str, *, ref: bool = True) -> str:
        value = self.text(key)
        if not value:
            return ""
        place = self.place(key)
        node = self.model.node(value, place)
        if isinstance(node, Blank):
            self.problem(key, f"{value!r}: a blank node cannot be used here; give an id")
            return ""
        if node and ref:
            self.model.refer(node, value, place)
        return node or ""

    def ids(self, key: str, *, ref: bool = True) -> list[str]:
        out = []
        place = self.place(key)
        for value in self.many(key):
            node = self.model.node(value, place)
            if isinstance(node, Blank):
                self.problem(key, f"{value!r}: a blank node cannot be used here; give an id")
            elif node:
                if ref:
                    self.model.refer(node, value, place)
                out.append(node)
        return out

    def graph(self, key: str = "scenario", default: str = "") -> str:
        value = self.row.values.get(key, "")
        if not value:
            return default or self.model.shared_graph
        return self.model.graph_ref(value, self.place(key))

    def cites(self, graph: str) -> tuple[str, ...]:
        """The citation IRIs of the row (its provenance columns); a problem if it has none and needs one."""
        return self.model.row_cites(self, graph)


class ModelImport:
    """Turns the raw sheets of a workbook into builder records, collecting every problem."""

    def __init__(self, raw: RawModel, base: str | None = None, settings: Settings | None = None):
        self.raw = raw
        self.problems = Problems(raw.file)
        self.settings = settings or self._settings(base)
        s = self.settings
        self.meta_graph = self._graph_iri(s.meta)
        self.shared_graph = self._graph_iri(s.shared)
        self.records: list[tuple[str, object]] = []
        self.raw_triples: list[tuple[str, str | Blank, str, Value]] = []
        self.defined: dict[str, Where | Place] = {}  # id IRI -> first definition
        self.definitions: dict[tuple[str, str, str], Where] = {}  # (group, graph, iri) -> where
        self.references: list[tuple[str, str, Where | Place]] = []
        self.graph_ids: dict[str, str] = {s.meta: self.meta_graph, s.shared: self.shared_graph}
        self.fictional: set[str] = set()
        self.source_kinds: dict[str, str] = {}  # document IRI -> memo / external
        self.citations: dict[str, tuple[Citation, Where]] = {}  # key -> citation (the Citations sheet)
        self.inline: dict[str, list[_Inline]] = {}
        self.cited: list[tuple[str, Where | Place]] = []
        self.labels: dict[str, set[str]] = {}
        self.label_needed: dict[str, Where | Place] = {}
        self.counts: dict[str, int] = {}
        self.bookkeeping: set[str | Blank] = set()

    # -- settings and ids --------------------------------------------------------------------------

    def _settings(self, base: str | None) -> Settings:
        values = self._model_values()
        chosen = self._base_setting(base, values)
        graphs = self._prefix_setting(values.get("graphs") or graph_base_for(chosen), "graph base", "the graph base",
                                      graph_base_for(chosen))
        statements = values.get("statements") or chosen + "stmt/"
        if statements.casefold() == "blank":
            statements = "_:"
        else:
            statements = self._prefix_setting(statements, "statements", "the statements prefix", chosen + "stmt/")
        citations = self._prefix_setting(values.get("citations") or chosen + "cite/", "citations",
                                         "the citations prefix", chosen + "cite/")
        reasoning, required = self._word_settings(values)
        return Settings(chosen, graphs, statements, citations, values.get("meta") or "meta",
                        values.get("shared") or "base", values.get("translation") or "translation",
                        reasoning, required)

    def _base_setting(self, base: str | None, values: dict[str, str]) -> str:
        """The base IRI given (else the Model sheet's, else one made from the file name); a problem if unusable."""
        chosen = base or values.get("base") or default_base(self.raw.stem)
        problem = check_base(chosen, "the base" if base else "the Model sheet's base")
        if problem:
            self.problems.add(problem + ("" if base else " (Model sheet, setting 'base')"))
            chosen = default_base(self.raw.stem)
        return chosen

    def _word_settings(self, values: dict[str, str]) -> tuple[str, bool]:
        """The language of reasonings (da or en) and whether sources are required (yes or no)."""
        reasoning = (values.get("reasoning_lang") or "en").strip()
        if LANGUAGES.find(reasoning) is None:
            self.problems.add(f"the language of reasoning {reasoning!r} is not da or en", sheet="Model")
            reasoning = "en"
        required = (values.get("sources_required") or "yes").strip()
        term = YES_NO.find(required)
        if term is None:
            self.problems.add(f"sources required {required!r} is not yes or no", sheet="Model")
        return reasoning, term is None or term.key == "yes"

    def _model_values(self) -> dict[str, str]:
        """The Model sheet's values by setting key (a problem for each row naming no setting)."""
        values: dict[str, str] = {}
        sheet = self.raw.sheets.get("model")
        if sheet is None:
            return values
        by_name = {n.casefold(): m.key for m in MODEL_SETTINGS for n in (m.da, m.en, m.key)}
        for row in sheet.rows:
            name = row.values.get("setting", "")
            key = by_name.get(name.strip().casefold())
            if key is None:
                self.problems.add(f"{name!r} is not a setting of the model", sheet=sheet.name, row=row.number,
                                  column=sheet.headers.get("setting", "setting"), value=name,
                                  suggestion=suggest(name, [m.name(lang) for m in MODEL_SETTINGS
                                                            for lang in ("da", "en")]) or "",
                                  allowed=tuple(m.name(lang) for lang in ("en", "da") for m in MODEL_SETTINGS))
                continue
            values[key] = row.values.get("value", "")
        return values

    def _prefix_setting(self, value: str, what: str, named: str, default: str) -> str:
        """``value`` if it is a usable base IRI, else a problem (naming it ``named``) and ``default``."""
        if check_base(value, what):
            self.problems.add(str(check_base(value, named)))
            return default
        return value

    def _graph_iri(self, value: str) -> str:
        if SCHEME.match(value):
            return value
        return self.settings.graphs + value

    def node(self, value: str, where: Where | Place) -> str | Blank | None:
        """The IRI (or blank node) an id names; a problem and None if it cannot be one."""
        value = value.strip()
        if value.startswith("_:"):
            label = value[2:]
            if not _BLANK.match(label):
                self.problems.add(f"{value!r} is not a blank node label (letters, digits, _ - .)", **where.kw(),
                                  value=value)
                return None
            return Blank(label)
        if SCHEME.match(value):
            prefix, local = value.split(":", 1)
            if prefix in PREFIXES and not local.startswith("//"):
                iri = PREFIXES[prefix] + local
            elif local.startswith("//") or prefix in ("urn", "mailto", "tag"):
                iri = value
            else:
                self.problems.add(f"{value!r}: unknown prefix {prefix + ':'!r}; write a full IRI (https://...) or "
                                  "an id without ':'", **where.kw(), value=value,
                                  allowed=tuple(f"{p}:" for p in PREFIXES))
                return None
        else:
            iri = self.settings.base + value
        if BAD_IRI.search(value):
            fixed = re.sub(r"\s+", "-", value.strip())
            self.problems.add(f"{value!r} is not an id: it contains a space or one of < > \" {{ }} | \\ ^ `",
                              **where.kw(), value=value, suggestion=fixed if fixed != value else "")
            return None
        return iri

    def graph_ref(self, value: str, where: Where | Place) -> str:
        """The graph a scenario id names (defined in the Scenarios sheet, or the meta or shared graph)."""
        iri = self._graph_iri(value.strip())
        self.references.append((iri, value, where))
        return iri

    def refer(self, iri: str, value: str, where: Where | Place) -> None:
        self.references.append((iri, value, where))

    def define(self, group: str, graph: str, iri: str, where: Where) -> bool:
        """Record a definition; a problem (and False) if the same id is defined twice in the same graph."""
        key = (group, graph, iri)
        if key in self.definitions:
            first = self.definitions[key]
            self.problems.add(f"duplicate id: {iri.removeprefix(self.settings.base)!r} is already defined in sheet "
                              f"{first.sheet!r}, row {first.row}", **where.kw())
            return False
        self.definitions[key] = where
        self.defined.setdefault(iri, where)
        return True

    def parse_date(self, value: str, where: Where | Place) -> str:
        """YYYY, YYYY-MM or YYYY-MM-DD (checked); a problem (and '') otherwise."""
        value = value.strip()
        match = _DATE.match(value)
        if match:
            year, month, day = match.groups()
            try:
                dt.date(int(year), int(month or 1), int(day or 1))
                return value
            except ValueError as exc:
                self.problems.add(f"{value!r} is not a date: {exc}", **where.kw(), value=value)
                return ""
        dmy = _DMY.match(value)
        hint = f"{dmy.group(3)}-{int(dmy.group(2)):02d}-{int(dmy.group(1)):02d}" if dmy else ""
        self.problems.add(f"{value!r} is not a date; write YYYY-MM-DD, or YYYY-MM or YYYY when the source gives no "
                          "more", **where.kw(), value=value, suggestion=hint)
        return ""

    # -- citations ---------------------------------------------------------------------------------

    def citation_iri(self, key: str) -> str:
        found = self.citations.get(key)
        return found[0].key if found else self.settings.citations + key

    def row_cites(self, ctx: RowContext, graph: str) -> tuple[str, ...]:
        keys = ctx.many("citation") if "citation" in ctx.sheet.headers else []
        inline = {k: ctx.row.values.get(k, "") for k in ("source", "quote", "confidence", "reasoning")}
        if any(inline.values()):
            if len(keys) > 1:
                ctx.problem("citation", "give one citation key together with source/quote/confidence, or several "
                            "keys without them", value=";".join(keys))
                return ()
            source = inline["source"]
            doc, confidence = self._inline_source(ctx, source, inline["confidence"])
            key = keys[0] if keys else inline_key(source, inline["quote"], confidence, inline["reasoning"])
            self.inline.setdefault(key, []).append(_Inline(ctx.where("citation" if keys else "quote"), doc,
                                                           inline["quote"], confidence, inline["reasoning"]))
            self.cited.append((key, ctx.place("citation")))
            return (self.settings.citations + key if key not in self.citations else self.citation_iri(key),)
        if keys:
            for key in keys:
                self.cited.append((key, ctx.place("citation")))
            return tuple(self.citation_iri(k) for k in keys)
        if not self.unsourced_ok(graph):
            ctx.problem("", "a fact row without a source: fill source and quote (or a citation key), or confidence "
                        "'derived' with its reasoning")
        return ()

    def _inline_source(self, ctx: RowContext, source: str, given: str) -> tuple[str, str]:
        """The document and the confidence of a row's own citation (the confidence given, else its source's kind);
        a problem when neither says the confidence."""
        doc = ""
        if source:
            node = self.node(source, ctx.where("source"))
            doc = node if isinstance(node, str) else ""
            if doc:
                self.refer(doc, source, ctx.where("source"))
        if given:
            return doc, ctx.check_word("confidence", given, CONFIDENCE)
        confidence = self.source_kinds.get(doc, "memo" if doc else "")
        if not confidence:
            ctx.problem("confidence", "give the confidence (memo, external or derived), or a source whose "
                        "kind says it", allowed=tuple(CONFIDENCE.words(ctx.lang)))
        return doc, confidence

    def unsourced_ok(self, graph: str) -> bool:
        return graph in self.fictional or not self.settings.sources_required

    def label(self, iri: str, lang: str) -> None:
        self.labels.setdefault(iri, set()).add(lang)

    def add(self, graph: str, *records: object) -> None:
        for record in records:
            self.records.append((graph, record))

    # -- the sheets --------------------------------------------------------------------------------

    def read(self) -> None:
        """Read every sheet (what later sheets need first) and check the references between them."""
        sheets = self.raw.sheets
        scenarios = [RowContext(self, sheets["scenarios"], r) for r in sheets["scenarios"].rows] \
            if "scenarios" in sheets else []
        sources = [RowContext(self, sheets["sources"], r) for r in sheets["sources"].rows] \
            if "sources" in sheets else []
        self._graph_ids(scenarios)
        for ctx in sources:
            doc = ctx.id("id", ref=False)
            if doc:
                self.source_kinds[doc] = ctx.word("kind") or "memo"
        self.bookkeeping = self._bookkeeping_subjects()
        self._read_sheets({"scenarios": scenarios, "sources": sources})
        declared = {self._graph_iri(c.row.values.get("id", "")) for c in scenarios}
        if self.shared_graph not in declared:  # the shared graph builds on the meta graph unless a row says otherwise
            self.raw_triples.append((self.meta_graph, self.shared_graph, str(GRAF.extendsGraph), self.meta_graph))
        self._resolve_citations()
        self._check_references()
        self._check_labels()

    def _read_sheets(self, read_first: dict[str, list[RowContext]]) -> None:
        """Every row of every sheet through the sheet's reader, in the order later sheets need (rows of the
        sheets in ``read_first`` come as the contexts made for them already)."""
        sheets = self.raw.sheets
        for key in ("citations", "scenarios", "sources", "actors", "fora", "chairs", "tenures", "channels", "events",
                    "questions", "statements"):
            sheet = sheets.get(key)
            if sheet is None:
                continue
            reader = getattr(self, f"_{key}")
            lang = sheet.lang
            contexts = read_first[key] if key in read_first else \
                [RowContext(self, sheet, row, lang) for row in sheet.rows]
            for ctx in contexts:
                reader(ctx)
            self.counts[key] = len(sheet.rows)

    def _graph_ids(self, contexts: list[RowContext]) -> None:
        """Every scenario id and whether it is fictional: the other sheets need them."""
        for ctx in contexts:
            value = ctx.id_text("id", "an id")
            if not value:
                continue
            graph = self._graph_iri(value)
            if graph in self.defined:
                ctx.problem("id", f"duplicate id: scenario {value!r} is defined twice", value=value)
            self.graph_ids[value] = graph
            self.defined.setdefault(graph, ctx.where("id"))
            if ctx.row.values.get("fictional") and ctx.word("fictional") == "yes":
                self.fictional.add(graph)

    def _bookkeeping_subjects(self) -> set[str | Blank]:
        """Subjects the Other statements sheet types as reified statements or citations (graf export writes
        those there when a fact or citation fits no other sheet): rows about them need no source."""
        sheet = self.raw.sheets.get("statements")
        found: set[str | Blank] = set()
        saved, self.problems = self.problems, Problems(self.raw.file)
        try:
            for row in sheet.rows if sheet else ():
                if row.values.get("predicate", "") in ("a", "rdf:type", _TYPE):
                    s = self.node(row.values.get("subject", ""), Where(""))
                    o = self.node(row.values.get("object", ""), Where(""))
                    if s is not None and o in _BOOKKEEPING_CLASSES:
                        found.add(s)
        finally:
            self.problems = saved
        return found

    def _scenarios(self, ctx: RowContext) -> None:
        value = ctx.row.values.get("id", "")
        if not value or BAD_IRI.search(value):
            return
        graph = self._graph_iri(value)
        kind = ctx.word("kind")
        extends = self._extends(ctx, graph)
        preceded = ctx.row.values.get("preceded_by", "")
        revision = ctx.row.values.get("revision_of", "")
        interval = self._interval(ctx, graph, self.settings.base + "validity/" + value,
                                  ctx.date("valid_from"), ctx.date("valid_to"), ctx.dates("holds_on"))
        fictional = graph in self.fictional
        if kind == "scenario":
            label_da, label_en = ctx.row.values.get("label_da", ""), ctx.row.values.get("label_en", "")
            for key, text in (("label_da", label_da), ("label_en", label_en)):
                if not text:
                    ctx.problem(key, "a scenario needs a Danish and an English label")
            self.add(self.meta_graph, Scenario(
                graph, ctx.row.values.get("name") or value, label_da, label_en,
                ctx.row.values.get("description_da", ""), ctx.row.values.get("description_en", ""),
                tuple(extends), self.graph_ref(preceded, ctx.where("preceded_by")) if preceded else "",
                tuple(ctx.ids("derived_from")) if "derived_from" in ctx.sheet.headers else (),
                self.graph_ref(revision, ctx.where("revision_of")) if revision else "",
                ctx.id("generated_by") if "generated_by" in ctx.sheet.headers else "",
                interval.iri if interval else "", fictional))
        elif kind == "part":
            self._part(ctx, graph, extends, fictional, interval)

    def _extends(self, ctx: RowContext, graph: str) -> list[str]:
        """The graphs a scenario or part builds on: the row's (``-`` for none), else the meta graph for the
        shared graph and the shared graph for the others."""
        extends_text = ctx.row.values.get("extends", "").strip()
        if extends_text == "-":
            return []
        if extends_text:
            return [self.graph_ref(v, ctx.where("extends")) for v in ctx.many("extends")]
        if graph == self.meta_graph:
            return []
        return [self.meta_graph if graph == self.shared_graph else self.shared_graph]

    def _part(self, ctx: RowContext, graph: str, extends: list[str], fictional: bool, interval: Interval | None
              ) -> None:
        """A shared part: what it builds on, whether fictional, its validity (and problems for a scenario's columns)."""
        for base in extends:
            self.raw_triples.append((self.meta_graph, graph, str(GRAF.extendsGraph), base))
        if fictional:
            self.raw_triples.append((self.meta_graph, graph, str(GRAF.isSynthetic),
                                     Lit("true", datatype=str(XSD.boolean))))
        if interval:
            self.raw_triples.append((self.meta_graph, graph, str(GRAF.validDuring), interval.iri))
        for key in ("label_da", "label_en", "preceded_by", "revision_of", "name"):
            if ctx.row.values.get(key):
                ctx.problem(key, "only a scenario has this column; a shared part has an id, what it builds on "
                            "and whether it is fictional")

    def _interval(self, ctx: RowContext, graph: str, iri: str, begin: str, end: str, inside: list[str]
                  ) -> Interval | None:
        if not (begin or end or inside):
            return None
        _check_order(ctx, "valid_to" if "valid_to" in ctx.sheet.headers else "to", begin, end)
        interval = Interval(iri, ctx.cites(graph), begin or None, end or None, tuple(inside))
        self.add(graph, interval)
        return interval

    def _sources(self, ctx: RowContext) -> None:
        doc = ctx.id("id", ref=False)
        if not doc or not self.define("source", self.meta_graph, doc, ctx.where("id")):
            return
        kind = self.source_kinds[doc]
        title_da, title_en = ctx.row.values.get("title_da", ""), ctx.row.values.get("title_en", "")
        date, address = ctx.date("date"), ctx.row.values.get("address", "")
        if ctx.row.values.get("file"):
            self.raw_triples.append((self.meta_graph, doc, str(GRAF.sourceFile), Lit(ctx.row.values["file"])))
        if not (title_da or title_en or date or address):
            return
        cites: tuple[str, ...] = ()
        if self.meta_graph not in self.fictional:
            key = f"document/{ctx.row.values['id']}"
            cites = (self.settings.citations + key,)
            self.add(self.meta_graph, Citation(cites[0], kind, document=doc, notation=key,
                                               reasoning_lang=self.settings.reasoning_lang))
        facts = [Fact(doc, _TYPE, str(GRAF.Document), cites)]
        facts += [Fact(doc, _LABEL, Lit(t, lang), cites) for t, lang in ((title_da, "da"),
                                                                                      (title_en, "en")) if t]
        if date:
            facts.append(Fact(doc, str(DCTERMS.date), date_literal(date), cites))
        if address:
            node = self.node(address, ctx.where("address"))
            if isinstance(node, str):
                facts.append(Fact(doc, str(FOAF.page), node, cites))
        self.add(self.meta_graph, *facts)

    def _citations(self, ctx: RowContext) -> None:
        key = ctx.id_text("key", "a key")
        if not key:
            return
        quote = ctx.row.values.get("quote", "")
        lang = ctx.word("quote_lang") or "da"
        if key in self.citations:
            self._further_quote(ctx, key, quote, lang)
            return
        source = ctx.row.values.get("source", "")
        doc = ctx.id("source") if source else ""
        confidence, reasoning = self._citation_grounds(ctx, doc, quote)
        derived_from = ctx.many("derived_from")
        for other in derived_from:
            self.cited.append((other, ctx.where("derived_from")))
        iri = ctx.id("iri", ref=False) if ctx.row.values.get("iri") else self.settings.citations + key
        urls = [node for address in ctx.many("addresses")
                if isinstance(node := self.node(address, ctx.where("addresses")), str)]
        self.citations[key] = (Citation(iri, confidence, (Quote(quote, lang),) if quote else (), doc, tuple(urls),
                                        reasoning if reasoning or confidence != "derived" else "(missing)",
                                        tuple(derived_from), key, self.settings.reasoning_lang), ctx.where("key"))
        self.defined.setdefault(iri, ctx.where("key"))

    def _citation_grounds(self, ctx: RowContext, doc: str, quote: str) -> tuple[str, str]:
        """A Citations row's confidence (given, else its source's kind) and reasoning; problems for a missing
        confidence, a derived citation without reasoning and a quote without its source."""
        confidence = ctx.word("confidence") or self.source_kinds.get(doc, "")
        if not confidence:
            ctx.problem("confidence", "give the confidence (memo, external or derived)",
                        allowed=tuple(CONFIDENCE.words(ctx.lang)))
            confidence = "derived"
        reasoning = ctx.row.values.get("reasoning", "")
        if confidence == "derived" and not reasoning:
            ctx.problem("reasoning", "a derived citation needs its reasoning")
        if quote and not doc:
            ctx.problem("source", "a quote needs the source (document id) it is quoted from")
        return confidence, reasoning

    def _further_quote(self, ctx: RowContext, key: str, quote: str, lang: str) -> None:
        """A Citations row repeating a defined key: one more quote of it (only key, quote and language), else a
        duplicate key."""
        first, where = self.citations[key]
        extra = set(ctx.row.values) - {"key", "quote", "quote_lang"}
        if extra or not quote:
            ctx.problem("key", f"duplicate key: citation {key!r} is already defined in row {where.row} (a further "
                               "quote of it: a row with only key, quote and language)", value=key)
            return
        self.citations[key] = (Citation(first.key, first.confidence, (*first.quotes, Quote(quote, lang)),
                                        first.document, first.urls, first.reasoning, first.derived_from,
                                        first.notation, first.reasoning_lang), where)

    def _labelled(self, ctx: RowContext, graph: str, iri: str, kind: str, group: str = "thing",
                  optional_labels: bool = True) -> tuple[str, ...]:
        """The records of a thing with a kind and (optionally) labels; returns the row's citations."""
        if not self.define(group, graph, iri, ctx.where("id")):
            return ()
        cites = ctx.cites(graph)
        label_da, label_en = ctx.row.values.get("label_da", ""), ctx.row.values.get("label_en", "")
        self.label_needed.setdefault(iri, ctx.place("id"))
        if not (label_da or label_en):
            self.add(graph, Fact(iri, _TYPE, kind, cites))
            return cites
        for key, text in (("label_da", label_da), ("label_en", label_en)):
            if not text:
                ctx.problem(key, "give both names (Danish and English), or neither in a row that only adds to an "
                                 "id defined in another scenario")
        label_cites = self._keys(ctx, "label_da_citation")
        en_cites = self._keys(ctx, "label_en_citation")
        self.label(iri, "da")
        self.label(iri, "en")
        self.add(graph, Actor(iri, kind, label_da, label_en, cites, en_cites, label_cites))
        return cites

    def _known(self, iri: str, ctx: RowContext) -> None:
        """An id a row defines counts as defined even when the row has other problems (no cascade of
        dangling references from one mistake)."""
        if iri:
            self.defined.setdefault(iri, ctx.place("id"))

    def _keys(self, ctx: RowContext, key: str) -> tuple[str, ...]:
        if key not in ctx.sheet.headers:
            return ()
        keys = ctx.many(key)
        for k in keys:
            self.cited.append((k, ctx.place(key)))
        return tuple(self.citation_iri(k) for k in keys)

    def _kind_row(self, ctx: RowContext, kinds: Vocabulary) -> tuple[str, str, str, tuple[str, ...]] | None:
        """An actor's or forum's row: its id, kind (a key of ``kinds``), graph and citations, its type and labels
        added; None when the id or the kind is missing or wrong (the problem is noted)."""
        iri, kind = ctx.id("id", ref=False), ctx.word("kind", kinds)
        self._known(iri, ctx)
        if not iri or not kind:
            return None
        term = kinds.find(kind)
        assert term is not None
        graph = ctx.graph()
        return iri, kind, graph, self._labelled(ctx, graph, iri, term.iri)

    def _actors(self, ctx: RowContext) -> None:
        row = self._kind_row(ctx, ACTOR_KINDS)
        if row is None:
            return
        iri, kind, graph, cites = row
        for target in ctx.ids("part_of"):
            self.add(graph, self.part_of(kind, iri, target, cites))
        self._links(ctx, graph, "member_of", str(ORG.hasMember), iri, cites, inverse=True)
        self._links(ctx, graph, "oversees", str(GRAF.oversees), iri, cites)
        for role in ctx.words("roles"):
            self.add(graph, Fact(iri, str(ORG.role), ROLES.find(role).iri, cites))  # type: ignore[union-attr]

    def _links(self, ctx: RowContext, graph: str, column: str, predicate: str, iri: str, cites: tuple[str, ...], *,
               inverse: bool = False) -> None:
        """A fact ``iri predicate id`` for each id listed in ``column`` (``id predicate iri`` when ``inverse``)."""
        for other in ctx.ids(column):
            subject, obj = (other, iri) if inverse else (iri, other)
            self.add(graph, Fact(subject, predicate, obj, cites))

    @staticmethod
    def part_of(kind: str, iri: str, target: str, cites: tuple[str, ...]) -> Fact:
        """What "part of" means for an actor of ``kind`` (a term key of ACTOR_KINDS)."""
        if kind == "InterestOrganisationDistrict":
            return Fact(iri, str(GRAF.districtOf), target, cites)
        if kind == "EntryPoint":
            return Fact(target, str(GRAF.hasEntryPoint), iri, cites)
        if kind in _POSTS:
            return Fact(iri, str(ORG.postIn), target, cites)
        if kind in _MUNICIPAL_UNITS:
            return Fact(iri, str(ORG.unitOf), target, cites)
        if kind == "Person":
            return Fact(iri, str(ORG.memberOf), target, cites)
        return Fact(iri, str(ORG.subOrganizationOf), target, cites)

    def _fora(self, ctx: RowContext) -> None:
        row = self._kind_row(ctx, FORUM_KINDS)
        if row is None:
            return
        iri, _kind, graph, cites = row
        self._links(ctx, graph, "co_chairs", str(GRAF.coChairPost), iri, cites)
        entry = ctx.id("realises")
        if entry:
            self.add(graph, Fact(entry, str(GRAF.realisedBy), iri, cites))
        value = ctx.row.values["id"]
        interval = self._interval(ctx, graph, self.settings.base + "validity/" + value, ctx.date("valid_from"),
                                  ctx.date("valid_to"), [])
        if interval:
            self.add(graph, Fact(iri, str(GRAF.validDuring), interval.iri, cites))

    def _chairs(self, ctx: RowContext) -> None:
        iri = ctx.id("id", ref=False)
        forum, post = ctx.id("forum"), ctx.id("ex_officio")
        if not iri:
            return
        graph = ctx.graph()
        cites = self._labelled(ctx, graph, iri, str(GRAF.ChairSeat))
        if forum:
            self.add(graph, Fact(iri, str(ORG.postIn), forum, cites))
        self.add(graph, Fact(iri, str(ORG.role), str(GRAFC.chair), cites))
        if post:
            self.add(graph, Fact(iri, str(GRAF.exOfficio), post, cites))
        delegate = ctx.id("may_delegate_to")
        if delegate:
            self.add(graph, Fact(iri, str(GRAF.mayDelegateTo), delegate, cites))

    def _tenures(self, ctx: RowContext) -> None:
        post, person, role = ctx.id("post"), ctx.id("person"), ctx.word("role")
        if not (post and person and role):
            return
        value = ctx.row.values.get("id") or f"tenure/{ctx.row.values['person']}"
        iri = ctx.id("id", ref=False) if ctx.row.values.get("id") else self.node(value, ctx.where("person"))
        if not isinstance(iri, str):
            return
        graph = ctx.graph()
        if not self.define("thing", graph, iri, ctx.where("id")):
            return
        cites = ctx.cites(graph)
        begin, end = ctx.date("from"), ctx.date("to")
        if begin and end and len(begin) == len(end) and end < begin:
            ctx.problem("to", f"the tenure ends ({end}) before it begins ({begin})", value=end)
        interval = Interval(iri + "/interval", cites, begin or None, end or None, tuple(ctx.dates("holds_on")))
        self.add(graph, Tenure(iri, person, post, ROLES.find(role).iri, interval, cites))  # type: ignore[union-attr]

    def _channels(self, ctx: RowContext) -> None:
        frm, to = ctx.id("from"), ctx.id("to")
        layer, status = ctx.word("layer"), ctx.word("status")
        if not (frm and to and layer and status):
            return
        graph = ctx.graph()
        scenario = ctx.row.values.get("scenario") or self.settings.shared
        value = ctx.row.values.get("id") or f"channel/{scenario}/{layer}/{_local(frm)}--{_local(to)}"
        iri = ctx.id("id", ref=False) if ctx.row.values.get("id") else self.node(value, ctx.where("from"))
        if not isinstance(iri, str) or not self.define("thing", graph, iri, ctx.where("id")):
            return
        cites = ctx.cites(graph)
        interval = self._interval(ctx, graph, self.settings.base + "validity/" + value, ctx.date("valid_from"),
                                  ctx.date("valid_to"), [])
        self.add(graph, Channel(iri, frm, to, layer, status, cites, tuple(ctx.ids("via")),
                                interval.iri if interval else ""))

    def _events(self, ctx: RowContext) -> None:
        iri, kind = ctx.id("id", ref=False), ctx.word("kind")
        self._known(iri, ctx)
        label_da, label_en = ctx.text("label_da"), ctx.text("label_en")
        if not (iri and kind and label_da and label_en):
            return
        graph = ctx.graph()
        if not self.define("thing", graph, iri, ctx.where("id")):
            return
        self.label(iri, "da")
        self.label(iri, "en")
        cites = ctx.cites(graph)
        day, interval = self._event_time(ctx, iri, cites)
        term = EVENT_KINDS.find(kind)
        assert term is not None
        self.add(graph, Event(iri, term.iri, label_da, label_en, cites, date=day, interval=interval,
                              planned_as_of=ctx.date("planned_as_of"),
                              associated=tuple(Link(a, cites) for a in ctx.ids("participants")),
                              informed_by=tuple(Link(e, cites) for e in ctx.ids("follows"))))

    @staticmethod
    def _event_time(ctx: RowContext, iri: str, cites: tuple[str, ...]) -> tuple[str, Interval | None]:
        """An event's day (a full date), or the period its row gives (from/to, or a month or a year as the
        date) with the source's words for it."""
        date, begin, end = ctx.date("date"), ctx.date("from"), ctx.date("to")
        notes = ctx.row.values.get("date_note_da", ""), ctx.row.values.get("date_note_en", "")
        if date and (begin or end):
            ctx.problem("date", "give a date or a period (from/to), not both", value=date)
        day = date if len(date) == 10 else ""
        interval = None
        if date and not day:
            begin = end = date  # a month or a year: the period the source gives, never a made-up day
        if begin or end:
            _check_order(ctx, "to", begin, end)
            interval = Interval(iri + "/time", cites, begin or None, end or None, (), *notes)
        elif any(notes):
            ctx.problem("date_note_da" if notes[0] else "date_note_en",
                        "the source's words for the date need a date or a period (from/to) at the precision it gives")
        return day, interval

    def _questions(self, ctx: RowContext) -> None:
        iri, about = ctx.id("id", ref=False), ctx.id("about")
        if not (iri and about):
            return
        en, da = ctx.row.values.get("question_en", ""), ctx.row.values.get("question_da", "")
        if not (en or da):
            ctx.problem("question_en", "write the question (in English, Danish or both)")
            return
        graph = ctx.graph(default=self.meta_graph)
        if self.define("question", graph, iri, ctx.where("id")):
            self.add(graph, OpenQuestion(iri, about, en, da))

    def _statements(self, ctx: RowContext) -> None:
        subject = self.node(ctx.text("subject"), ctx.where("subject")) if ctx.text("subject") else None
        p = self._predicate(ctx)
        obj = self._object(ctx)
        if subject is None or p is None or obj is None:
            return
        graph = ctx.graph()
        if isinstance(subject, str):
            self.defined.setdefault(subject, ctx.place("subject"))
        if p == _LABEL and isinstance(obj, Lit) and obj.lang and isinstance(subject, str):
            self.label(subject, obj.lang)
        has_provenance = any(ctx.row.values.get(k) for k in ("citation", "source", "quote", "confidence", "reasoning"))
        if not has_provenance and self._is_bookkeeping(subject, p, obj):
            self.raw_triples.append((graph, subject, p, obj))
            return
        self.add(graph, Fact(subject, p, obj, ctx.cites(graph)))

    def _predicate(self, ctx: RowContext) -> str | None:
        """The property of an Other statements row (``a`` for rdf:type); a problem and None if it is none."""
        predicate = ctx.text("predicate")
        if predicate == "a":
            predicate = "rdf:type"
        p = self.node(predicate, ctx.where("predicate")) if predicate else None
        if isinstance(p, Blank):
            ctx.problem("predicate", "a predicate is a property (prefixed name or IRI), not a blank node")
            return None
        if isinstance(p, str) and not SCHEME.match(predicate):
            ctx.problem("predicate", f"{predicate!r} is not a property: write a prefixed name (skos:altLabel) or an "
                        "IRI", value=predicate, allowed=tuple(f"{x}:" for x in PREFIXES))
            return None
        return p

    def _is_bookkeeping(self, subject: str | Blank, p: str, obj: Value) -> bool:
        """Whether a triple is the model's own bookkeeping (reification, citations, graphs), kept without a source."""
        return (p in _BOOKKEEPING_PREDICATES or (p == _TYPE and obj in _BOOKKEEPING_CLASSES)
                or subject in self.bookkeeping or subject in self.graph_ids.values()
                or subject in self._citation_iris())

    def _citation_iris(self) -> set[str]:
        return {c.key for c, _ in self.citations.values()}

    def _object(self, ctx: RowContext) -> Value | None:
        value = ctx.text("object")
        kind_text = ctx.row.values.get("object_type", "")
        lang = ctx.row.values.get("lang", "")
        if not value:
            return None
        term = OBJECT_TYPES.find(kind_text) if kind_text else None
        if term is not None and term.key == "id":
            node = self.node(value, ctx.where("object"))
            if isinstance(node, str) and node.startswith(self.settings.base):
                self.refer(node, value, ctx.where("object"))
            return node
        if term is None and kind_text:
            datatype = self.node(kind_text, ctx.where("object_type"))
            if not isinstance(datatype, str) or not SCHEME.match(kind_text):
                ctx.problem("object_type", f"{kind_text!r} is not an object type", value=kind_text,
                            allowed=tuple(OBJECT_TYPES.words(ctx.lang)),
                            suggestion=OBJECT_TYPES.suggest(kind_text) or "")
                return None
            if lang:
                ctx.problem("lang", "a value with a datatype has no language")
            return Lit(value, datatype=datatype)
        if lang and not re.match(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$", lang):
            ctx.problem("lang", f"{lang!r} is not a language tag (e.g. da, en)", value=lang)
        return Lit(value, lang)

    # -- after all rows ----------------------------------------------------------------------------

    def _resolve_citations(self) -> None:
        """Derivations as IRIs, the rows' own citations defined, the translation citation added when an
        English label needs it, and a problem for each key cited but never defined."""
        self._derivations_as_iris()
        self._define_inline()
        translation = self.settings.translation
        if any(isinstance(r, Actor) and r.cites and not r.en_cites for _g, r in self.records):
            if translation not in self.citations:
                self.citations[translation] = (Citation(
                    self.settings.citations + translation, "derived",
                    reasoning="English label rendered by the model's authors from the Danish name (whose own "
                              "statement carries its source); the sources give no English name.",
                    notation=translation), Where(""))
        for key, place in self.cited:
            if key not in self.citations:
                self.problems.add(f"citation {key!r} is not defined (no row of the Citations sheet has this key, and "
                                  "no row gives it with a source and quote)", **place.kw(), value=key,
                                  suggestion=suggest(key, list(self.citations)) or "")

    def _derivations_as_iris(self) -> None:
        """Derivations name citation keys: make them the citations' IRIs."""
        for key, (citation, where) in list(self.citations.items()):
            if citation.derived_from and not all(d.startswith(("http", "urn:")) for d in citation.derived_from):
                iris = tuple(self.citation_iri(d) for d in citation.derived_from)
                self.citations[key] = (Citation(citation.key, citation.confidence, citation.quotes, citation.document,
                                                citation.urls, citation.reasoning, iris, citation.notation,
                                                citation.reasoning_lang), where)

    def _define_inline(self) -> None:
        """Each key given in rows' own source/quote columns: defined by its first row unless the Citations sheet
        defines it; every other row giving it must agree."""
        for key, givens in self.inline.items():
            defined = self.citations.get(key)
            if defined is not None:
                citation = defined[0]
                for g in givens:
                    self._agrees(key, citation, g)
                continue
            citation = self._inline_citation(key, givens[0])
            self.citations[key] = (citation, givens[0].where)
            for g in givens[1:]:
                self._agrees(key, citation, g)

    def _inline_citation(self, key: str, first: _Inline) -> Citation:
        """The citation a row's own source/quote/confidence/reasoning columns define (problems for what is
        missing)."""
        if first.confidence == "derived" and not first.reasoning:
            self.problems.add("a derived row needs its reasoning (how you reached it)", **first.where.kw())
        if first.quote and not first.source:
            self.problems.add("a quote needs its source (the id of a document in the Sources sheet)",
                              **first.where.kw())
        if first.confidence in ("memo", "external") and not first.source:
            self.problems.add(f"a {first.confidence} row names its source (the id of a document in the Sources "
                              "sheet)", **first.where.kw())
        return Citation(self.settings.citations + key, first.confidence or "derived",
                        (Quote(first.quote, "da"),) if first.quote else (), first.source,
                        reasoning=first.reasoning or ("(missing)" if first.confidence == "derived" else ""),
                        notation=key, reasoning_lang=self.settings.reasoning_lang)

    def _agrees(self, key: str, citation: Citation, given: _Inline) -> None:
        quotes = [q.text for q in citation.quotes]
        differs = []
        if given.source and given.source != citation.document:
            differs.append("source")
        if given.quote and given.quote not in quotes:
            differs.append("quote")
        if given.confidence and given.confidence != citation.confidence:
            differs.append("confidence")
        if given.reasoning and given.reasoning != citation.reasoning:
            differs.append("reasoning")
        if differs:
            self.problems.add(f"citation {key!r} is given differently here ({', '.join(differs)}); a key names one "
                              "citation: use another key, or leave these columns empty", **given.where.kw(), value=key)

    def _record_subjects(self) -> set[str]:
        """Every IRI a record or raw triple states something about (an id other rows may refer to)."""
        out: set[str] = set()
        for _graph, r in self.records:
            if isinstance(r, (Actor, Channel, Event, Tenure, Scenario, OpenQuestion, Interval)):
                out.add(r.iri)
            if isinstance(r, (Event, Tenure)) and (r.interval is not None):
                out.add(r.interval.iri)
            elif isinstance(r, Fact) and isinstance(r.subject, str):
                out.add(r.subject)
        out.update(s for _g, s, _p, _o in self.raw_triples if isinstance(s, str))
        return out

    def _check_references(self) -> None:
        base = self.settings.base
        graphs = set(self.graph_ids.values())
        defined = set(self.defined) | self._record_subjects()
        citation_iris = {c.key for c, _ in self.citations.values()}
        for iri, value, where in self.references:
            if iri.startswith(self.settings.graphs) and iri not in graphs and self._unknown_graph(value, where):
                continue
            if iri in graphs or iri in citation_iris:
                continue
            if iri.startswith(base) and iri not in defined:
                ids = [d.removeprefix(base) for d in defined if d.startswith(base)]
                self.problems.add(f"{value!r} is not defined: no row of the model has this id (a dangling reference)",
                                  **where.kw(), value=value, suggestion=suggest(value, ids) or "")

    def _unknown_graph(self, value: str, where: Where | Place) -> bool:
        """A problem (and True) when a reference to an undeclared graph stands in a scenario column."""
        where = where.resolve() if isinstance(where, Place) else where
        if where.column and _is_graph_column(where.column):
            self.problems.add(f"{value!r} is not a scenario or shared part (Scenarios sheet)", **where.kw(),
                              value=value, suggestion=suggest(value, list(self.graph_ids)) or "")
            return True
        return False

    def _check_labels(self) -> None:
        for iri, where in self.label_needed.items():
            have = self.labels.get(iri, set())
            for lang, name in (("da", "Danish"), ("en", "English")):
                if lang not in have:
                    self.problems.add(f"{iri.removeprefix(self.settings.base)!r} has no {name} label in any row",
                                      **where.kw())

    # -- output ------------------------------------------------------------------------------------

    def build(self) -> Imported:
        """Every record into a :class:`~graf.builder.Builder`; ModelError with every problem if there are any."""
        self.read()
        self.problems.raise_if_any()
        s = self.settings
        unsourced = set(self.fictional) | ({g for g, _r in self.records} if not s.sources_required else set())
        b = Builder(s.statements, "", translation=self.citation_iri(s.translation), unsourced_graphs=unsourced)
        for graph in (self.meta_graph, self.shared_graph):
            b.graphs.setdefault(graph, [])
        for citation, _where in self.citations.values():
            b.add(self.meta_graph, citation)
        for graph, record in self.records:
            try:
                b.add(graph, record)
            except ValueError as exc:  # the checks above should have caught it; say where it came from
                self.problems.add(f"cannot build: {exc}")
        for graph, s_, p, o in self.raw_triples:
            b.raw(graph, s_, p, o)
        self.problems.raise_if_any()
        try:
            b.check()
        except ValueError as exc:
            self.problems.add(str(exc))
            self.problems.raise_if_any()
        return Imported(b, s, self.counts)


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _check_order(ctx: RowContext, column: str, begin: str, end: str) -> None:
    """A problem in ``column`` when a period (both bounds at the same precision) ends before it begins."""
    if begin and end and len(begin) == len(end) and end < begin:
        ctx.problem(column, f"the period ends ({end}) before it begins ({begin})", value=end)


def _is_graph_column(name: str) -> bool:
    return name.casefold() in {"scenario", "scenarie", "graph", "graf", "extends", "bygger på", "preceded by",
                               "afløser", "revision of", "revision af"}


def import_model(raw: RawModel, base: str | None = None) -> Imported:
    """Build the model of ``raw`` (:func:`graf.workbook.files.read_model`); ModelError lists every problem."""
    return ModelImport(raw, base).build()


__all__ = ["Imported", "ModelImport", "PREFIXES", "Settings", "check_base", "default_base", "import_model",
           "inline_key", "slug"]
