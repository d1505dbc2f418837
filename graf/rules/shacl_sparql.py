"""SHACL shapes compiled to SPARQL and run by the store itself: graf's fast SHACL engine.

pySHACL walks the data graph in Python, one focus node and one constraint at a time, on an rdflib
copy of the scenario: about 1 s for a scenario of 10k triples, and the copy costs as much again.
Here each constraint of a shape becomes one SPARQL SELECT that returns its validation results
(``?this ?value``), evaluated by the store (pyoxigraph, or the remote SPARQL server) on the
scenario's graphs: a few milliseconds per constraint, no copy, no rdflib.

Everything in SHACL Core is compiled: every target, every property path, every constraint
component (:mod:`graf.rules.shacl_components`, one class each), on node and property shapes,
validated directly or used as a condition inside ``sh:node``, ``sh:not``, ``sh:and``, ``sh:or``,
``sh:xone`` and ``sh:qualifiedValueShape``; and SPARQL-based constraints (``sh:sparql`` with
``sh:select``, :mod:`graf.rules.shacl_sparql_constraints`). A shapes graph using anything else
(SHACL-AF rules and custom targets, SPARQL-based constraint components, ``$shapesGraph``,
SHACL-JS, a shape that refers to itself, whose meaning SHACL leaves open) raises
:class:`Unsupported`; ``auto`` then runs pySHACL instead (see :mod:`graf.rules.shacl`), so a
user's shapes are never silently half-checked. ``tests/test_w3c_shacl.py`` runs the W3C SHACL
test suite on this engine; ``tests/test_shacl_engines.py`` checks that both engines report the
same results on every fixture and data set we ship.

The data: focus nodes and values come from the scenario's own graphs, never from the ontology
graph, which takes part only as the class hierarchy of ``sh:class`` and ``sh:targetClass``
(``rdfs:subClassOf`` in the scenario's graphs, the ontology included).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pyoxigraph as ox

from graf import iris, terms
from graf.rules.shacl_components import (
    PARAMETERS,
    Component,
    Unsupported,
    components_of,
    default_messages,
)
from graf.rules.shacl_shapes import RDF, RDFS, SH, ShapesGraph, code_of, rules_of_shapes

__all__ = ["Check", "Compiler", "NativeShapes", "ShapeScope", "Unsupported"]

OWL = iris.OWL
FOCUS = "__GRAF_FOCUS__"
_CLASS_MARK = re.compile(r"__GRAF_CLASS_(IN|VALUES)_(\d+)__")
_SEVERITIES = (SH + "Violation", SH + "Warning", SH + "Info")


@dataclass
class Check:
    """One compiled constraint: a SELECT returning ``?this`` and optionally ``?value``/``?path``."""

    shape: Any  # the sh:sourceShape of its results (a term of the shapes graph)
    constraint: Any  # the SPARQL constraint node (sh:sourceConstraint) or None
    component: str  # full IRI of the constraint component
    severity: str  # IRI of the severity (sh:Violation, sh:Warning, sh:Info or the shape's own)
    path: str  # the result path as text (graf.terms; "" for node shapes)
    query: str  # with FOCUS where the focus nodes go, and class markers (see Compiler.classes)
    focus: str  # a group pattern binding ?this (and the variables ``parents``) to the focus nodes
    parents: str = ""  # variables binding the parent focus nodes of a nested shape's focus node
    defaults: dict[str, str] = field(default_factory=dict)  # default message templates by language
    count: int | None = None
    message_nodes: tuple[Any, ...] = ()  # where its sh:message templates are (default: constraint, then shape)
    bound: dict[str, str] = field(default_factory=dict)  # a component's parameters, for {$name} in messages
    # the same check with the path's (?this, ?value) pairs scanned once and joined to the focus nodes, instead
    # of looked up from each ("": no such form); used where each lookup is a disk read (Store.prefers_scans)
    scan_query: str = ""
    # a count check: its comparison, bound, query prologue and pairs patterns, so that the count checks of one
    # path on the same focus nodes (sh:minCount and sh:maxCount) run as one query (NativeShapes.results)
    counted: tuple[str, int, str, str, str] | None = None


@dataclass(frozen=True)
class Focus:
    """How a shape's focus nodes are found: ``pattern(v)`` binds ``v`` to them.

    Below a property shape, the focus nodes of a nested shape are the value nodes of each of the
    parent's focus nodes: a value node reached from two parent focus nodes is validated (and
    reported) once for each. ``parents`` are the variables ``pattern`` binds to those parent focus
    nodes, so that a check keeps one row per parent.
    """

    pattern: Callable[[str], str]
    parents: tuple[str, ...] = ()


class ShapeScope:
    """One shape as a component compiles it: its path, severity and focus nodes (for checks)."""

    FOCUS = FOCUS

    def __init__(self, compiler: Compiler, shape: Any, focus: Focus | None = None):
        self.compiler, self.shape = compiler, shape
        self.focus = focus.pattern("?this") if focus else ""
        self.parents = " ".join(focus.parents) if focus else ""
        path_node = compiler.g.sh1(shape, "path")
        if path_node is None:
            self.path: str | None = None
            self.path_text = ""
        else:
            try:
                tree = compiler.g.path(path_node)
            except ValueError as exc:
                raise Unsupported(f"the path of {shape}: {exc}") from None
            self.path = terms.path_text(tree, bare_predicate=False)
            self.path_text = terms.path_text(tree)
        self.severity = compiler.severity(shape)

    # -- reading the shape ------------------------------------------------------------------------

    def params(self, key: str) -> list[Any]:
        return self.compiler.g.sh(self.shape, key)

    def is_true(self, key: str) -> bool:
        return self.compiler.g.is_true(self.shape, key)

    def items(self, node: Any) -> list[Any]:
        return self.compiler.items(node)

    # -- building conditions ----------------------------------------------------------------------

    def every_value(self, v: str, test: Callable[[str], str]) -> str:
        """An expression: every value node of focus node ``v`` passes ``test``."""
        if self.path is None:
            return test(v)
        x = self.compiler.var("x")
        return f"NOT EXISTS {{ {v} {self.path} {x} . FILTER(!({test(x)})) }}"

    def values_pattern(self, v: str, x: str) -> str:
        """A pattern binding ``x`` to each value node of ``v`` (``v`` bound before it)."""
        return f"BIND({v} AS {x})" if self.path is None else f"{v} {self.path} {x} ."

    def is_value(self, v: str, y: str) -> str:
        """An expression: ``y`` is a value node of ``v``."""
        return f"sameTerm({v}, {y})" if self.path is None else f"EXISTS {{ {v} {self.path} {y} }}"

    # -- adding checks ----------------------------------------------------------------------------

    def add(self, component: Component, query: str, constraint: Any = None, n: int | None = None,
            messages: tuple[Any, ...] = (), bound: dict[str, str] | None = None, scan_query: str = "",
            counted: tuple[str, int, str, str] | None = None) -> None:
        prologue = self.compiler.prologue()
        self.compiler.checks.append(Check(
            self.shape, constraint, component.iri, self.severity, self.path_text, prologue + query, self.focus,
            self.parents, default_messages(component), n, messages, bound or {},
            prologue + scan_query if scan_query else "", (*counted[:2], prologue, *counted[2:]) if counted else None))

    def pairs(self, cond: str | None = None) -> tuple[str, str]:
        """The path's (?this, ?value) pairs (passing ``cond``) as a pattern looked up from each focus node,
        and as a subquery scanning them once (the focus nodes are then joined to it)."""
        lookup = f"?this {self.path} ?value ." + (f" FILTER({cond})" if cond else "")
        return lookup, f"{{ SELECT ?this ?value WHERE {{ {lookup} }} }}"

    def distinct(self, projection: str, where: str, inner: str = "") -> str:
        """A SELECT of ``projection`` without duplicate rows (``inner``: more variables that tell rows
        apart), but one row for each parent focus node of a nested shape."""
        keys = " ".join(x for x in (self.parents, projection, inner) if x)
        if not self.parents and not inner:
            return f"SELECT DISTINCT {projection} WHERE {{ {where} }}"
        return f"SELECT {projection} WHERE {{ {{ SELECT DISTINCT {keys} WHERE {{ {where} }} }} }}"

    def value_check(self, component: Component, cond: str, **extra: Any) -> None:
        """One result per value node that fails ``cond`` (an expression on ``?value``)."""
        if self.path is None:
            body = f"{FOCUS} BIND(?this AS ?value)"
            self.add(component, self.distinct("?this ?value", f"{body} FILTER(!({cond}))"), **extra)
            return
        # distinct: a value reached along several routes of the path is one value node
        lookup, scan = (self.distinct("?this ?value", f"{FOCUS} {pairs} FILTER(!({cond}))")
                        for pairs in self.pairs())
        self.add(component, lookup, scan_query=scan, **extra)

    def count_check(self, component: Component, op: str, n: int, cond: str | None = None) -> None:
        """One result per focus node whose number of value nodes (passing ``cond``) is ``op n``."""
        pairs = self.pairs(cond)
        lookup, scan = (count_query([(op, n)], self.parents, p) for p in pairs)
        self.add(component, lookup, n=n, scan_query=scan, counted=(op, n, *pairs))


def count_query(bounds: list[tuple[str, int]], parents: str, pairs: str) -> str:
    """The focus nodes whose number of value nodes (the ``?value`` of ``pairs``) breaks any of ``bounds``
    (``("<", 1)``: fewer than one ...), with that number as ``?n``."""
    having = " || ".join(f"COUNT(DISTINCT ?value) {op} {n}" for op, n in bounds)
    return (f"SELECT ?this (COUNT(DISTINCT ?value) AS ?n) WHERE {{ {FOCUS} OPTIONAL {{ {pairs} }} }} "
            f"GROUP BY {parents} ?this HAVING ({having})")


class Compiler:
    """Compile the shapes of a shapes graph into :class:`Check` queries."""

    def __init__(self, g: ShapesGraph):
        from graf.rules.shacl_sparql_constraints import SparqlBasedComponent

        self.g = g
        self.sparql_components = [SparqlBasedComponent(g, node) for node in g.subjects(SH + "parameter")]
        self._fresh = itertools.count()
        self.checks: list[Check] = []
        self.classes: list[str] = []  # class IRIs whose subclasses each scenario's graphs define
        self._inside: list[Any] = []  # the shapes whose condition is being compiled (recursion guard)
        self._prefixes: dict[str, str] = {}  # declared by SPARQL constraints used as conditions

    def var(self, stem: str = "v") -> str:
        return f"?_{stem}{next(self._fresh)}"

    def items(self, node: Any) -> list[Any]:
        try:
            return self.g.items(node)
        except ValueError as exc:
            raise Unsupported(str(exc)) from None

    def declare_prefix(self, prefix: str, namespace: str) -> None:
        if self._prefixes.setdefault(prefix, namespace) != namespace:
            raise Unsupported(f"two namespaces for the prefix {prefix}: in SPARQL constraints used as conditions")

    def prologue(self) -> str:
        return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in self._prefixes.items())

    # -- classes ----------------------------------------------------------------------------------

    def instances(self, v: str, cls: Any) -> str:
        """A pattern matching ``v`` to the instances of ``cls`` (or of its subclasses in the data)."""
        if not isinstance(cls, ox.NamedNode):
            return "FILTER(false)"  # a blank node or literal of the shapes graph has no instances in the data
        t = self.var("t")
        return f"VALUES {t} {{ {self._class_mark(cls, 'VALUES')} }} {v} a {t} ."

    def has_class(self, v: str, cls: Any) -> str:
        """An expression: ``v`` is an instance of ``cls`` (or of one of its subclasses in the data)."""
        if not isinstance(cls, ox.NamedNode):
            return "false"
        t = self.var("t")
        return f"EXISTS {{ {v} a {t} . FILTER({t} IN ({self._class_mark(cls, 'IN')})) }}"

    def _class_mark(self, cls: ox.NamedNode, form: str) -> str:
        if cls.value not in self.classes:
            self.classes.append(cls.value)
        return f"__GRAF_CLASS_{form}_{self.classes.index(cls.value)}__"

    # -- the shapes graph -------------------------------------------------------------------------

    def top_shapes(self) -> list[Any]:
        """Shapes with targets (the ones SHACL validates directly), in a stable order."""
        found: dict[Any, None] = {}
        for key in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"):
            found.update(dict.fromkeys(self.g.subjects(SH + key)))
        for cls in (RDFS + "Class", OWL + "Class"):
            for s in self.g.subjects(RDF + "type", ox.NamedNode(cls)):
                types = {t.value for t in self.g.objects(s, RDF + "type") if isinstance(t, ox.NamedNode)}
                if types & {SH + "NodeShape", SH + "PropertyShape"}:
                    found[s] = None
        return sorted(found, key=str)

    def compile(self) -> list[Check]:
        for shape in self.top_shapes():
            if not self.g.is_true(shape, "deactivated"):
                self._shape(shape, self._targets(shape))
        return self.checks

    def components(self, shape: Any) -> list[Component]:
        """The constraint components ``shape`` uses: SHACL Core's and the SPARQL-based ones it has
        the parameters of; an unknown sh: parameter (SHACL-AF, SHACL-JS ...) is Unsupported."""
        keys = self.g.keys(shape)
        unknown = keys - PARAMETERS
        if unknown:
            raise Unsupported("SHACL parameter(s) " + ", ".join("sh:" + k for k in sorted(unknown)))
        return [*components_of(keys), *(c for c in self.sparql_components if c.applies(self.g, shape))]

    def severity(self, shape: Any) -> str:
        found = self.g.sh1(shape, "severity")
        if found is None:
            return SH + "Violation"
        if not isinstance(found, ox.NamedNode):
            raise Unsupported(f"sh:severity {found} (a severity is an IRI)")
        return found.value

    # -- focus nodes ------------------------------------------------------------------------------

    def _targets(self, shape: Any) -> Focus:
        """The focus nodes of a shape's targets."""
        branches: list[Callable[..., str]] = []  # each called with the variable alone
        for cls in self.g.sh(shape, "targetClass"):
            branches.append(lambda v, c=cls: self.instances(v, c))
        types = {t.value for t in self.g.objects(shape, RDF + "type") if isinstance(t, ox.NamedNode)}
        if types & {RDFS + "Class", OWL + "Class"}:
            branches.append(lambda v, c=shape: self.instances(v, c))
        # a blank node of the shapes graph is never a node of the data graph
        nodes = [n for n in self.g.sh(shape, "targetNode") if not isinstance(n, ox.BlankNode)]
        if nodes:
            values = " ".join(str(n) for n in nodes)
            branches.append(lambda v, vs=values: f"VALUES {v} {{ {vs} }}")
        for p in self.g.sh(shape, "targetSubjectsOf"):
            branches.append(lambda v, p=p: f"{v} {p} [] .")
        for p in self.g.sh(shape, "targetObjectsOf"):
            branches.append(lambda v, p=p: f"[] {p} {v} .")

        made: dict[str, str] = {}

        def pattern(v: str) -> str:  # the same text for the same variable: focus nodes are computed once
            if v not in made:
                union = " UNION ".join("{ " + b(v) + " }" for b in branches) or "FILTER(false)"
                made[v] = f"{{ SELECT DISTINCT {v} WHERE {{ {union} }} }}"
            return made[v]

        return Focus(pattern)

    def _value_focus(self, focus: Focus, path: str) -> Focus:
        """The focus nodes of the shapes nested in a property shape: its value nodes, per parent."""
        parent = self.var("f")
        made: dict[str, str] = {}

        def pattern(v: str) -> str:
            if v not in made:
                keys = " ".join((*focus.parents, parent, v))
                made[v] = f"{{ SELECT DISTINCT {keys} WHERE {{ {focus.pattern(parent)} {parent} {path} {v} . }} }}"
            return made[v]

        return Focus(pattern, (*focus.parents, parent))

    # -- shapes validated directly ----------------------------------------------------------------

    def _shape(self, shape: Any, focus: Focus, seen: tuple[Any, ...] = ()) -> None:
        if shape in seen:
            raise Unsupported(f"a recursive shape ({shape})")
        s = ShapeScope(self, shape, focus)
        for component in self.components(shape):
            if component.property_only and s.path is None:
                raise Unsupported(f"sh:{component.parameters[0]} on a node shape ({shape})")
            component.checks(s)
        for prop in self.g.sh(shape, "property"):
            if self.g.is_true(prop, "deactivated"):
                continue
            # a property shape's focus nodes are its parent's; below a property shape, its value nodes
            inner = focus if s.path is None else self._value_focus(focus, s.path)
            self._shape(prop, inner, (*seen, shape))

    # -- shapes as conditions (inside sh:node, sh:not, sh:qualifiedValueShape ...) ---------------

    def condition(self, shape: Any, v: str) -> str:
        """A SPARQL expression true iff node ``v`` conforms to ``shape`` (its targets play no part)."""
        if shape in self._inside:
            raise Unsupported(f"a recursive shape ({shape})")  # SHACL leaves its meaning open, too
        if self.g.is_true(shape, "deactivated"):
            return "true"
        self._inside.append(shape)
        try:
            s = ShapeScope(self, shape)
            parts = []
            for component in self.components(shape):
                if component.property_only and s.path is None:
                    raise Unsupported(f"sh:{component.parameters[0]} on a node shape ({shape})")
                parts.append(component.condition(s, v))
            for prop in self.g.sh(shape, "property"):
                parts.append(s.every_value(v, partial(self.condition, prop)))
            return "(" + (" && ".join(parts) or "true") + ")"
        finally:
            self._inside.pop()

    def sibling_shapes(self, shape: Any, qualified: Any) -> list[Any]:
        """SHACL's sibling shapes of ``shape`` (for sh:qualifiedValueShapesDisjoint): the qualified
        value shapes of the other property shapes of every shape that has ``shape`` as sh:property."""
        found: dict[Any, None] = {}
        for parent in self.g.subjects(SH + "property", shape):
            for prop in self.g.sh(parent, "property"):
                found.update(dict.fromkeys(self.g.sh(prop, "qualifiedValueShape")))
        found.pop(qualified, None)
        return list(found)


class NativeShapes:
    """A shapes graph compiled once; :meth:`results` runs it on a scenario's graphs in a store."""

    def __init__(self, g: ShapesGraph):
        self.g = g
        compiler = Compiler(g)
        self.checks = compiler.compile()
        self.classes = compiler.classes
        self.rule_of = rules_of_shapes(g)
        # what a check's results say besides its rows, read from the shapes once, not per scenario
        self._templates = [g.messages(c.message_nodes or (c.constraint, c.shape)) for c in self.checks]
        self._codes = [code_of(g, (c.constraint, c.shape), c.component) for c in self.checks]
        # count checks of one path on the same focus nodes (sh:minCount and sh:maxCount ...) run as one query
        self._count_groups: dict[int, list[int]] = {}
        first: dict[tuple[str, str, tuple[str, str, str]], int] = {}
        for i, c in enumerate(self.checks):
            if c.counted is not None:
                key = (c.focus, c.parents, c.counted[2:])
                self._count_groups.setdefault(first.setdefault(key, i), []).append(i)

    def _classes(self, store: Any, graphs: Sequence[Any] | None) -> dict[str, list[str]]:
        """Each class the checks use -> it and its subclasses in ``graphs`` (as terms)."""
        out = {}
        for cls in self.classes:
            found = [str(r["s"]) for r in store.select(
                f"SELECT DISTINCT ?s WHERE {{ ?s <{RDFS}subClassOf>* <{cls}> }}", default_graphs=graphs)
                if isinstance(r.get("s"), ox.NamedNode)]
            out[cls] = list(dict.fromkeys([f"<{cls}>", *found]))
        return out

    def _prepare(self, text: str, classes: dict[str, list[str]]) -> str:
        def mark(m: re.Match[str]) -> str:
            found = classes[self.classes[int(m.group(2))]]
            return ", ".join(found) if m.group(1) == "IN" else " ".join(found)

        return _CLASS_MARK.sub(mark, text)

    def _focus_rows(self, store: Any, check: Check, pattern: str, data: Sequence[Any] | None) -> list[list[Any]]:
        """The focus nodes of ``check``, each with its parent focus nodes (``check.parents``)."""
        variables = f"?this {check.parents}".strip().split()
        rows = [[r.get(v[1:]) for v in variables]
                for r in store.select(f"SELECT {' '.join(variables)} WHERE {{ {pattern} }}", default_graphs=data)]
        return [row for row in rows if row[0] is not None]

    @staticmethod
    def _values(check: Check, rows: list[list[Any]], pattern: str) -> str:
        """The focus nodes as a VALUES clause in a subquery (or ``pattern`` itself if one is a blank node).

        In a subquery: Virtuoso starts a ``*``/``+`` path only from a variable bound before it ("transitive
        start not given" with a plain VALUES block); the other engines read both the same.
        """
        if any(isinstance(t, ox.BlankNode) for row in rows for t in row):  # cannot be written into a query
            return pattern
        if not check.parents:
            values = "VALUES ?this { " + " ".join(str(row[0]) for row in rows) + " }"
            return f"{{ SELECT ?this WHERE {{ {values} }} }}"
        cells = " ".join("(" + " ".join(map(str, row)) + ")" for row in rows)
        return f"{{ SELECT ?this {check.parents} WHERE {{ VALUES (?this {check.parents}) {{ {cells} }} }} }}"

    def results(self, store: Any, data: Sequence[Any] | None, hierarchy: Sequence[Any] | None,
                user_rule: str = "user-shapes") -> list[dict[str, Any]]:
        """The results of every check on the graphs ``data`` of ``store`` (dicts, terms as graf.terms text).

        ``data`` are the scenario's graphs without the ontology; ``hierarchy`` the graphs whose
        ``rdfs:subClassOf`` make the class hierarchy (the scenario's graphs with the ontology).
        Per scenario, first the classes and the focus nodes of each shape, once; the checks then
        start from the focus nodes (``VALUES``), and a shape without focus nodes costs nothing more.
        """
        classes = self._classes(store, hierarchy)
        scans = store.prefers_scans
        focus_values: dict[str, str | None] = {}  # per focus pattern: its focus nodes as VALUES, once
        out: list[dict[str, Any]] = []
        for i, (check, templates, code) in enumerate(zip(self.checks, self._templates, self._codes, strict=True)):
            if check.counted is not None and i not in self._count_groups:
                continue  # run with the first count check of its group
            if check.focus not in focus_values:
                pattern = self._prepare(check.focus, classes)
                rows = self._focus_rows(store, check, pattern, data)
                focus_values[check.focus] = self._values(check, rows, pattern) if rows else None
            focus = focus_values[check.focus]
            if focus is None:
                continue
            if check.counted is not None:
                out += self._counts(store, data, self._count_groups[i], focus, classes, scans, user_rule)
                continue
            text = check.scan_query if scans and check.scan_query else check.query
            query = self._prepare(text, classes).replace(FOCUS, focus)
            rule = self.rule_of.get(check.shape, user_rule)
            out += [self._result(check, row, rule, code, templates)
                    for row in store.select(query, default_graphs=data) if row.get("this") is not None]
        return out

    def _counts(self, store: Any, data: Sequence[Any] | None, group: list[int], focus: str,
                classes: dict[str, list[str]], scans: bool, user_rule: str) -> list[dict[str, Any]]:
        """The results of a group of count checks (one path, the same focus nodes), from one query."""
        checks = [self.checks[j] for j in group]
        _op, _n, prologue, lookup, scan = checks[0].counted  # type: ignore[misc]
        bounds = [(c.counted[0], c.counted[1]) for c in checks]  # type: ignore[index]
        text = prologue + count_query(bounds, checks[0].parents, scan if scans else lookup)
        rows = [r for r in store.select(self._prepare(text, classes).replace(FOCUS, focus), default_graphs=data)
                if r.get("this") is not None]
        out = []
        for j, check in zip(group, checks, strict=True):
            op, n = check.counted[0], check.counted[1]  # type: ignore[index]
            rule = self.rule_of.get(check.shape, user_rule)
            for row in rows:
                count = int(row["n"].value) if "n" in row else 0
                if count < n if op == "<" else count > n:
                    out.append(self._result(check, {k: v for k, v in row.items() if k != "n"}, rule,
                                            self._codes[j], self._templates[j]))
        return out

    def _result(self, check: Check, row: dict[str, Any], rule: str, code: str,
                templates: dict[str, str]) -> dict[str, Any]:
        focus, value, path = (terms.from_oxigraph(row.get(k)) for k in ("this", "value", "path"))
        sparql = check.constraint is not None or bool(check.message_nodes)  # SHACL-SPARQL: bindings matter
        if sparql and not value and not check.path:  # SHACL: the value node, here the focus node
            value = focus
        path_text = path if terms.is_iri(path) else check.path
        bound = {**check.bound, **{k: terms.display(terms.from_oxigraph(t)) for k, t in row.items()}} if sparql else {}
        if sparql and isinstance(row.get("message"), ox.Literal):  # ?message: the query's own message
            templates = {row["message"].language or "": row["message"].value}
        if templates:  # {?var} and {$var} of SHACL-SPARQL: the row's bindings
            messages = {lang: fill(t, bound) for lang, t in templates.items()}
        else:
            names = {"focus": terms.display(focus), "value": terms.display(value), "path": path_text,
                     "n": check.count, "component": check.component.rsplit("#", 1)[-1]}
            messages = {lang: t.format(**names) for lang, t in check.defaults.items()}
        return {
            "rule": rule, "code": code, "severity": check.severity, "focus": focus, "path": path_text,
            "component": check.component, "shape": terms.from_oxigraph(check.shape),
            "constraint": terms.from_oxigraph(check.constraint), "value": value,
            "messages": messages, "templates": templates, "bindings": bound,
        }


def fill(template: str, bound: dict[str, str]) -> str:
    """A SPARQL constraint's message with its ``{?var}`` / ``{$var}`` replaced by ``bound[var]``."""
    return re.sub(r"\{[?$](\w+)\}", lambda m: bound.get(m.group(1), m.group()), template)
