"""The W3C SPARQL 1.1 query tests vendored in ``tests/fixtures/w3c-sparql`` (see its README.md):
read the manifests, put every data file in one dataset, and compare answers the way the suite
prescribes (solutions as multisets, in order only under a top-level ORDER BY, blank nodes up to
renaming; graphs up to isomorphism; booleans as they are).

Every data file is a named graph named by its own ``file:`` URL, so a test's dataset is given as
the SPARQL protocol gives one: ``qt:data`` -> default-graph-uri, ``qt:graphData`` ->
named-graph-uri; a query with its own FROM / FROM NAMED names the same graphs by relative IRIs,
resolved against the query file's URL.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graf.errors import GrafError
from graf.sparql_guard import inspect
from graf.sparql_lexer import WORD, tokenize

ROOT = Path(__file__).resolve().parent / "fixtures" / "w3c-sparql"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
QT = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
XSD = "http://www.w3.org/2001/XMLSchema#"
#: a graph no data file is: the default graph of a test without qt:data
NO_DATA = "urn:graf:w3c:no-data"

_KINDS = {"QueryEvaluationTest": "eval", "PositiveSyntaxTest11": "positive-syntax",
          "NegativeSyntaxTest11": "negative-syntax", "CSVResultFormatTest": "csv"}
_DATA_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML}
_RESULT_FORMATS = {".srx": ox.QueryResultsFormat.XML, ".srj": ox.QueryResultsFormat.JSON,
                   ".tsv": ox.QueryResultsFormat.TSV}


@dataclass(frozen=True)
class Case:
    """One test of a manifest."""

    name: str  # "bind/bind01"
    kind: str  # eval | positive-syntax | negative-syntax | csv
    query: Path
    data: tuple[Path, ...] = ()
    graph_data: tuple[Path, ...] = ()
    result: Path | None = None

    @cached_property
    def text(self) -> str:
        return self.query.read_text(encoding="utf-8")

    @property
    def url(self) -> str:
        return self.query.as_uri()

    @cached_property
    def has_own_dataset(self) -> bool:
        """The query names its dataset itself (FROM / FROM NAMED)."""
        try:
            return inspect(self.text).dataset
        except GrafError:  # graf refuses the text (a syntax test): no dataset to give
            return False

    @cached_property
    def ordered(self) -> bool:
        """The query's solutions have an order (ORDER BY at the top level)."""
        return any(t.kind == WORD and t.keyword == "ORDER" and t.depth == 0 for t in tokenize(self.text))

    def dataset(self) -> tuple[list[str], list[str]] | None:
        """The protocol dataset (default graphs, named graphs) of this test; None: the query's own."""
        if self.has_own_dataset:
            return None
        return [p.as_uri() for p in self.data] or [NO_DATA], [p.as_uri() for p in self.graph_data]


def _objects(store: ox.Store, subject: Any, predicate: str) -> list[Any]:
    return [q.object for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None, None)]


def _items(store: ox.Store, head: Any) -> Iterable[Any]:
    while head != ox.NamedNode(RDF + "nil"):
        yield _objects(store, head, RDF + "first")[0]
        head = _objects(store, head, RDF + "rest")[0]


def _path(term: Any) -> Path:
    return Path(ox.NamedNode(term.value).value.removeprefix("file://"))


def load_cases(root: Path = ROOT) -> list[Case]:
    """Every test of every manifest under ``root``, in manifest order."""
    cases = []
    for manifest in sorted(root.glob("*/manifest.ttl")):
        store = ox.Store()
        store.extend(ox.parse(path=str(manifest), format=ox.RdfFormat.TURTLE, base_iri=manifest.as_uri()))
        for entries in _objects(store, None, MF + "entries"):
            for test in _items(store, entries):
                kind = _KINDS[_objects(store, test, RDF + "type")[0].value.split("#")[1]]
                action = _objects(store, test, MF + "action")[0]
                result = _objects(store, test, MF + "result")
                name = f"{manifest.parent.name}/{test.value.split('#')[-1]}"
                if isinstance(action, ox.NamedNode):  # a syntax test: the action is the query
                    cases.append(Case(name, kind, _path(action)))
                    continue
                cases.append(Case(
                    name, kind, _path(_objects(store, action, QT + "query")[0]),
                    tuple(sorted(_path(d) for d in _objects(store, action, QT + "data"))),
                    tuple(sorted(_path(d) for d in _objects(store, action, QT + "graphData"))),
                    _path(result[0]) if result else None))
    return cases


def write_dataset(cases: Iterable[Case], target: Path) -> Path:
    """Every data file of ``cases`` as N-Quads, each in the named graph of its file URL."""
    files = sorted({p for c in cases for p in (*c.data, *c.graph_data)})
    quads = []
    for path in files:
        graph = ox.NamedNode(path.as_uri())
        for triple in ox.parse(path=str(path), format=_DATA_FORMATS[path.suffix], base_iri=path.as_uri()):
            quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
    target.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    return target


# -- answers and how they compare -------------------------------------------------------------------------


@dataclass
class Answer:
    """A query's answer in a comparable form: a boolean, solutions, or a canonical graph."""

    boolean: bool | None = None
    variables: frozenset[str] = frozenset()
    rows: list[tuple[tuple[str, Any], ...]] | None = None
    graph: frozenset[Any] | None = None
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        if self.boolean is not None:
            return f"boolean {self.boolean}"
        if self.rows is not None:
            shown = "\n".join("  " + " ".join(f"{v}={t}" for v, t in row) for row in self.rows[:20])
            return f"{len(self.rows)} rows of {sorted(self.variables)}\n{shown}"
        return f"graph of {len(self.graph or ())} triples"


def _row(solution: Any, variables: Iterable[str]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((v, solution[v]) for v in variables if solution[v] is not None))


def answer_of(results: Any) -> Answer:
    """The answer of a pyoxigraph query result (``Store.query`` or ``parse_query_results``)."""
    if isinstance(results, ox.QueryBoolean):
        return Answer(boolean=bool(results))
    if isinstance(results, ox.QuerySolutions):
        variables = [v.value for v in results.variables]
        return Answer(variables=frozenset(variables), rows=[_row(s, variables) for s in results])
    return graph_answer(results)


def graph_answer(triples: Iterable[Any]) -> Answer:
    dataset = ox.Dataset()
    for t in triples:
        dataset.add(ox.Quad(t.subject, t.predicate, t.object))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return Answer(graph=frozenset(dataset))


def expected(case: Case) -> Answer:
    """The answer the suite expects (``mf:result``)."""
    assert case.result is not None
    path = case.result
    if path.suffix in _RESULT_FORMATS:
        return answer_of(ox.parse_query_results(path.read_bytes(), format=_RESULT_FORMATS[path.suffix]))
    if path.suffix == ".csv":
        return csv_answer(path.read_text(encoding="utf-8"))
    triples = list(ox.parse(path=str(path), format=_DATA_FORMATS[path.suffix], base_iri=path.as_uri()))
    if any(t.object == ox.NamedNode(RS + "ResultSet") for t in triples):
        return _result_set(triples)
    return graph_answer(triples)


def _result_set(triples: list[Any]) -> Answer:
    """Solutions written in the suite's RDF result-set vocabulary (``rs:ResultSet``)."""
    graph = ox.Store()
    graph.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    result = next(q.subject for q in graph.quads_for_pattern(None, None, ox.NamedNode(RS + "ResultSet"), None))
    boolean = _objects(graph, result, RS + "boolean")
    if boolean:
        return Answer(boolean=boolean[0].value == "true")
    variables = frozenset(v.value for v in _objects(graph, result, RS + "resultVariable"))
    rows = []
    for solution in _objects(graph, result, RS + "solution"):
        index = _objects(graph, solution, RS + "index")
        row = tuple(sorted((_objects(graph, b, RS + "variable")[0].value, _objects(graph, b, RS + "value")[0])
                           for b in _objects(graph, solution, RS + "binding")))
        rows.append((int(index[0].value) if index else 0, row))
    return Answer(variables=variables, rows=[row for _, row in sorted(rows, key=lambda r: r[0])])


def csv_answer(text: str) -> Answer:
    """SPARQL CSV results as rows of text cells (``_:`` cells are blank nodes)."""
    lines = list(csv.reader(io.StringIO(text)))
    header = lines[0] if lines else []
    rows = []
    for line in lines[1:]:
        cells = [(v, ox.BlankNode(c[2:]) if c.startswith("_:") else c) for v, c in zip(header, line, strict=True)]
        rows.append(tuple(sorted((v, c) for v, c in cells if c != "")))
    return Answer(variables=frozenset(header), rows=rows)


def as_csv(answer: Answer) -> Answer:
    """What an answer looks like in CSV (terms as plain text; the suite's CSV rules)."""
    def cell(term: Any) -> Any:
        return term if isinstance(term, ox.BlankNode) else term.value

    assert answer.rows is not None  # an empty string and no value look the same in CSV
    return Answer(variables=answer.variables,
                  rows=[tuple((v, cell(t)) for v, t in row if cell(t) != "") for row in answer.rows])


_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                                "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
                                "unsignedShort", "unsignedByte")}
_FLOATS = {XSD + "float", XSD + "double"}


def value_key(term: Any) -> Any:
    """A term for comparison: numeric and boolean literals by value within their datatype (the
    suite's results write ``3.0E4`` where an engine may write ``30000``), anything else as is."""
    if not isinstance(term, ox.Literal):
        return term
    datatype = term.datatype.value
    try:
        if datatype in _INTEGERS or datatype == XSD + "decimal":
            return (datatype, Decimal(term.value.strip()))
        if datatype in _FLOATS:
            return (datatype, float(term.value.strip().replace("INF", "inf")))
    except (ArithmeticError, ValueError):
        return term
    if datatype == XSD + "boolean" and term.value in ("0", "1", "true", "false"):
        return (datatype, term.value in ("1", "true"))
    return term


def _keys(rows: list[tuple]) -> list[tuple]:
    return [tuple((v, value_key(t)) for v, t in row) for row in rows]


def same(expected: Answer, actual: Answer, ordered: bool = False) -> bool:
    """True if ``actual`` is ``expected`` up to blank node names (and row order unless ``ordered``);
    numeric and boolean literals compare by value."""
    if expected.boolean is not None or actual.boolean is not None:
        return expected.boolean == actual.boolean
    if expected.graph is not None or actual.graph is not None:
        return expected.graph == actual.graph
    if expected.variables != actual.variables or expected.rows is None or actual.rows is None:
        return False
    if len(expected.rows) != len(actual.rows):
        return False
    want, got = _keys(expected.rows), _keys(actual.rows)
    if ordered:
        mapping: tuple[dict, dict] = ({}, {})
        return all(_extend(mapping, e, a) is not None and _bind(mapping, e, a) for e, a in zip(want, got, strict=True))
    if Counter(r for r in want if not _has_bnode(r)) != Counter(r for r in got if not _has_bnode(r)):
        return False
    return _match([r for r in want if _has_bnode(r)], [r for r in got if _has_bnode(r)], ({}, {}))


def _has_bnode(row: tuple) -> bool:
    return any(isinstance(t, ox.BlankNode) for _, t in row)


def _extend(mapping: tuple[dict, dict], e: tuple, a: tuple) -> list[tuple[Any, Any]] | None:
    """The blank node pairs matching row ``e`` to row ``a`` adds to ``mapping``; None if they differ."""
    if [v for v, _ in e] != [v for v, _ in a]:
        return None
    forward, backward = mapping
    new: list[tuple[Any, Any]] = []
    for (_, x), (_, y) in zip(e, a, strict=True):
        if isinstance(x, ox.BlankNode) and isinstance(y, ox.BlankNode):
            if forward.get(x, y) != y or backward.get(y, x) != x:
                return None
            if x not in forward and (x, y) not in new:
                if any(p == x or q == y for p, q in new):
                    return None
                new.append((x, y))
        elif x != y:
            return None
    return new


def _bind(mapping: tuple[dict, dict], e: tuple, a: tuple) -> bool:
    for x, y in _extend(mapping, e, a) or []:
        mapping[0][x], mapping[1][y] = y, x
    return True


def _match(expected_rows: list, actual_rows: list, mapping: tuple[dict, dict]) -> bool:
    """Backtracking: each expected row to a distinct actual row under one blank node bijection."""
    if not expected_rows:
        return not actual_rows
    first, rest = expected_rows[0], expected_rows[1:]
    for i, candidate in enumerate(actual_rows):
        new = _extend(mapping, first, candidate)
        if new is None:
            continue
        for x, y in new:
            mapping[0][x], mapping[1][y] = y, x
        if _match(rest, actual_rows[:i] + actual_rows[i + 1:], mapping):
            return True
        for x, y in new:
            del mapping[0][x], mapping[1][y]
    return False


# -- running a case on pyoxigraph directly: the reference ------------------------------------------------


def run_reference(store: ox.Store, case: Case) -> Any:
    """Evaluate ``case`` on pyoxigraph as the suite prescribes; the raw result (or SyntaxError)."""
    if case.kind.endswith("syntax"):
        return ox.Store().query(case.text, base_iri=case.url)
    dataset = case.dataset()
    if dataset is None:
        return store.query(case.text, base_iri=case.url)
    default, named = dataset
    return store.query(case.text, base_iri=case.url, default_graph=[ox.NamedNode(g) for g in default],
                       named_graphs=[ox.NamedNode(g) for g in named])


def reference_answer(store: ox.Store, case: Case) -> Answer | None:
    """pyoxigraph's answer to an evaluation test (CSV tests: as CSV text); None for a syntax error."""
    try:
        results = run_reference(store, case)
    except SyntaxError:
        return None
    if case.kind == "csv":
        return csv_answer(results.serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8"))
    return answer_of(results)


def reference_passes(store: ox.Store, case: Case) -> bool:
    """Whether pyoxigraph itself passes ``case`` (a syntax test asks only whether the query parses)."""
    try:
        answer = reference_answer(store, case)
    except Exception:  # an evaluation error (e.g. an unknown custom function): the query parsed
        return case.kind == "positive-syntax"
    if case.kind == "positive-syntax":
        return answer is not None
    if case.kind == "negative-syntax":
        return answer is None
    return answer is not None and same(expected(case), answer, case.ordered)
