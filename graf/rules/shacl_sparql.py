"""SHACL Core shapes compiled to SPARQL and run by the store itself: graf's fast SHACL engine.

pySHACL walks the data graph in Python, one focus node and one constraint at a time, on an rdflib
copy of the scenario: about 1 s for a scenario of 10k triples, and the copy costs as much again.
Here each constraint of a shape becomes one SPARQL SELECT that returns its violations
(``?this ?value``), evaluated by the store (pyoxigraph, or the remote SPARQL server) on the
scenario's graphs: a few milliseconds per constraint, no copy, no rdflib.

Supported (everything graf's shapes use, and most of SHACL Core): targets (``sh:targetClass``,
``sh:targetNode``, ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``, implicit class targets);
SHACL property paths (predicate, inverse, sequence, alternative, zero-or-more, one-or-more,
zero-or-one); ``sh:property`` (also nested), ``sh:class``, ``sh:datatype``, ``sh:nodeKind``,
``sh:in``, ``sh:hasValue``, ``sh:languageIn``, ``sh:uniqueLang``, ``sh:pattern``/``sh:flags``,
``sh:minLength``/``sh:maxLength``, ``sh:min/maxIn/Exclusive``, ``sh:minCount``/``sh:maxCount``,
``sh:node``, ``sh:not``/``sh:and``/``sh:or``/``sh:xone`` (as conditions), ``sh:qualifiedValueShape``
with ``sh:qualifiedMinCount``/``sh:qualifiedMaxCount``, ``sh:closed``/``sh:ignoredProperties``,
``sh:equals``/``sh:disjoint``, SPARQL-based constraints (``sh:sparql`` with ``sh:select`` and
``sh:prefixes``), ``sh:severity``, ``sh:deactivated``.

A shapes graph using anything else (``sh:lessThan``, ``sh:qualifiedValueShapesDisjoint``,
``$currentShape``/``$shapesGraph`` in SPARQL, SHACL-AF ...) raises :class:`Unsupported`; the
engine then runs pySHACL instead (see :mod:`graf.rules.shacl`), so a user's shapes are never
silently half-checked. ``tests/test_shacl_engines.py`` checks that both engines report the same
results on every fixture and data set we ship.

Semantics notes. A SPARQL-based constraint is evaluated once for all focus nodes, as its query
joined with the focus nodes, rather than once per focus node with ``$this`` pre-bound; the two
agree when ``$this`` is bound by a triple pattern of the query's top-level group, as in graf's
shapes and SHACL's own examples. ``sh:datatype`` checks that a literal's lexical form is valid
for the common XSD datatypes (numbers, boolean, dates and times, durations), not for derived
integer types such as ``xsd:int``; it is stricter than pySHACL 0.40 on ``xsd:gYear``,
``xsd:gYearMonth`` and ``xsd:duration``, whose ill-formed values pySHACL lets pass.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

SH = "http://www.w3.org/ns/shacl#"
RDF_ = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_ = "http://www.w3.org/2000/01/rdf-schema#"
OWL_ = "http://www.w3.org/2002/07/owl#"
GRAFSH_ = "https://w3id.org/graf/shapes#"
FOCUS = "__GRAF_FOCUS__"
_CLASS_MARK = re.compile(r"__GRAF_CLASS_(IN|VALUES)_(\d+)__")

XSD_ = "http://www.w3.org/2001/XMLSchema#"
# datatypes whose lexical forms the store can check (a SPARQL cast to them fails on an ill-formed one)
_CASTABLE = {XSD_ + t for t in ("integer", "decimal", "float", "double", "boolean", "date", "dateTime", "time",
                                "gYear", "gYearMonth", "duration")}
_SEVERITY = {SH + "Violation": "violation", SH + "Warning": "warning", SH + "Info": "info"}

# Parameters we compile; any other sh: predicate on a shape makes the shapes graph unsupported.
_SHAPE_KEYS = {
    "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "path", "property", "class", "datatype",
    "nodeKind", "in", "hasValue", "languageIn", "uniqueLang", "pattern", "flags", "minLength", "maxLength",
    "minInclusive", "maxInclusive", "minExclusive", "maxExclusive", "minCount", "maxCount", "node", "not", "and",
    "or", "xone", "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount", "closed", "ignoredProperties",
    "equals", "disjoint", "sparql", "severity", "message", "deactivated", "name", "description", "order", "group",
    "defaultValue", "declare", "prefixes",
}
# Parameters whose value is a condition on one value node (usable inside sh:node, sh:or, ...).
_VALUE_KEYS = ("class", "datatype", "nodeKind", "in", "hasValue", "languageIn", "pattern", "minLength", "maxLength",
               "minInclusive", "maxInclusive", "minExclusive", "maxExclusive", "node", "not", "and", "or", "xone")
_COMPONENT_NAME = {"minInclusive": "MinInclusive", "maxInclusive": "MaxInclusive", "minExclusive": "MinExclusive",
                   "maxExclusive": "MaxExclusive", "class": "Class", "datatype": "Datatype", "nodeKind": "NodeKind",
                   "in": "In", "hasValue": "HasValue", "languageIn": "LanguageIn", "pattern": "Pattern",
                   "minLength": "MinLength", "maxLength": "MaxLength", "node": "Node", "not": "Not", "and": "And",
                   "or": "Or", "xone": "Xone", "minCount": "MinCount", "maxCount": "MaxCount",
                   "uniqueLang": "UniqueLang", "closed": "Closed", "equals": "Equals", "disjoint": "Disjoint",
                   "sparql": "SPARQL", "qualifiedMinCount": "QualifiedMinCount",
                   "qualifiedMaxCount": "QualifiedMaxCount"}
_DEFAULT_MESSAGE = {
    "MinCount": ("Less than {n} values on {focus}->{path}", "Færre end {n} værdier for {focus}->{path}"),
    "MaxCount": ("More than {n} values on {focus}->{path}", "Flere end {n} værdier for {focus}->{path}"),
    "UniqueLang": ("More than one value shares the same language", "Flere værdier har samme sprog"),
    "QualifiedMinCount": ("Fewer than {n} values conform to the qualified shape",
                          "Færre end {n} værdier opfylder den kvalificerede form"),
    "QualifiedMaxCount": ("More than {n} values conform to the qualified shape",
                          "Flere end {n} værdier opfylder den kvalificerede form"),
    "HasValue": ("{focus}->{path} does not contain the required value", "{focus}->{path} mangler den krævede værdi"),
    "Closed": ("Predicate {path} is not allowed (closed shape)", "Prædikatet {path} er ikke tilladt (lukket form)"),
    "SPARQL": ("The SPARQL constraint reports {focus}", "SPARQL-betingelsen melder {focus}"),
}
_VALUE_MESSAGE = ("Value {value} of {focus} does not satisfy {component}",
                  "Værdien {value} af {focus} opfylder ikke {component}")


class Unsupported(Exception):
    """The shapes graph uses a SHACL feature this engine does not compile (named in the message)."""


@dataclass
class Check:
    """One compiled constraint: a SELECT returning ``?this`` and optionally ``?value``/``?path``."""

    shape: ox.NamedNode | ox.BlankNode  # the sh:sourceShape of its results
    constraint: ox.NamedNode | ox.BlankNode | None  # the SPARQL constraint node (sh:sourceConstraint)
    component: str  # full IRI of the constraint component
    severity: str
    path: str  # the result path as text ("" for node shapes)
    query: str  # with FOCUS where the focus nodes go, and class markers (see Compiler.classes)
    focus: str  # a group pattern binding ?this to the focus nodes
    defaults: dict[str, str] = field(default_factory=dict)  # default message templates by language
    count: int | None = None


def _iri(term: Any) -> str:
    return term.value if isinstance(term, ox.NamedNode) else ""


class _Shapes:
    """Read access to a shapes graph held in a pyoxigraph store."""

    def __init__(self, store: ox.Store):
        self.store = store

    def objects(self, s: Any, p: str) -> list[Any]:
        return [q.object for q in self.store.quads_for_pattern(s, ox.NamedNode(p), None)]

    def value(self, s: Any, p: str) -> Any:
        found = self.objects(s, p)
        return found[0] if found else None

    def subjects(self, p: str, o: Any = None) -> list[Any]:
        return list(dict.fromkeys(q.subject for q in self.store.quads_for_pattern(None, ox.NamedNode(p), o)))

    def items(self, node: Any) -> list[Any]:
        out = []
        nil = ox.NamedNode(RDF_ + "nil")
        seen = set()
        while node is not None and node != nil:
            if node in seen:
                raise Unsupported("a cyclic RDF list in the shapes graph")
            seen.add(node)
            first = self.value(node, RDF_ + "first")
            if first is None:
                raise Unsupported(f"{node} is not an RDF list")
            out.append(first)
            node = self.value(node, RDF_ + "rest")
        return out

    def sh(self, s: Any, key: str) -> list[Any]:
        return self.objects(s, SH + key)

    def sh1(self, s: Any, key: str) -> Any:
        return self.value(s, SH + key)

    def keys(self, s: Any) -> set[str]:
        return {q.predicate.value[len(SH):] for q in self.store.quads_for_pattern(s, None, None)
                if q.predicate.value.startswith(SH)}


def _int(term: Any, what: str) -> int:
    try:
        return int(term.value)
    except (AttributeError, ValueError):
        raise Unsupported(f"{what} must be an integer, not {term}") from None


def _true(term: Any) -> bool:
    return isinstance(term, ox.Literal) and term.value in ("true", "1")


class Compiler:
    """Compile the shapes of a shapes graph into :class:`Check` queries."""

    def __init__(self, shapes: ox.Store):
        self.g = _Shapes(shapes)
        self._fresh = itertools.count()
        self.checks: list[Check] = []
        self.classes: list[str] = []  # class IRIs whose subclasses each scenario's graphs define
        self._inside: list[Any] = []  # the shapes whose condition is being compiled (recursion guard)

    def instances(self, v: str, cls: Any) -> str:
        """A pattern matching ``v`` to the instances of ``cls`` (or of its subclasses in the data)."""
        t = self.var("t")
        return f"VALUES {t} {{ {self._class_mark(cls, 'VALUES')} }} {v} a {t} ."

    def has_class(self, v: str, cls: Any) -> str:
        """An expression: ``v`` is an instance of ``cls`` (or of one of its subclasses in the data)."""
        t = self.var("t")
        return f"EXISTS {{ {v} a {t} . FILTER({t} IN ({self._class_mark(cls, 'IN')})) }}"

    def _class_mark(self, cls: Any, form: str) -> str:
        if not isinstance(cls, ox.NamedNode):
            raise Unsupported(f"the class {cls} (a class must be an IRI)")
        if cls.value not in self.classes:
            self.classes.append(cls.value)
        return f"__GRAF_CLASS_{form}_{self.classes.index(cls.value)}__"

    def var(self, stem: str = "v") -> str:
        return f"?_{stem}{next(self._fresh)}"

    # -- the shapes graph -------------------------------------------------------------------------

    def top_shapes(self) -> list[Any]:
        """Shapes with targets (the ones SHACL validates directly), in a stable order."""
        found: dict[Any, None] = {}
        for key in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"):
            found.update(dict.fromkeys(self.g.subjects(SH + key)))
        for cls in (RDFS_ + "Class", OWL_ + "Class"):
            for s in self.g.subjects(RDF_ + "type", ox.NamedNode(cls)):
                types = {t.value for t in self.g.objects(s, RDF_ + "type")}
                if types & {SH + "NodeShape", SH + "PropertyShape"}:
                    found[s] = None
        return sorted(found, key=str)

    def compile(self) -> list[Check]:
        for shape in self.top_shapes():
            if self._deactivated(shape):
                continue
            self._shape(shape, self._targets(shape))
        return self.checks

    def _deactivated(self, shape: Any) -> bool:
        return _true(self.g.sh1(shape, "deactivated"))

    def _check_keys(self, shape: Any) -> None:
        unknown = self.g.keys(shape) - _SHAPE_KEYS
        if unknown:
            raise Unsupported("SHACL parameter(s) " + ", ".join("sh:" + k for k in sorted(unknown)))

    # -- focus nodes ------------------------------------------------------------------------------

    def _targets(self, shape: Any) -> Callable[[str], str]:
        """A function: variable -> group pattern binding it to the focus nodes of ``shape``."""
        branches: list[Callable[[str], str]] = []
        for cls in self.g.sh(shape, "targetClass"):
            branches.append(lambda v, c=cls: self.instances(v, c))
        types = {t.value for t in self.g.objects(shape, RDF_ + "type")}
        if types & {RDFS_ + "Class", OWL_ + "Class"}:
            branches.append(lambda v, c=shape: self.instances(v, c))
        nodes = self.g.sh(shape, "targetNode")
        if nodes:
            if any(isinstance(n, ox.BlankNode) for n in nodes):
                raise Unsupported("sh:targetNode with a blank node")
            values = " ".join(str(n) for n in nodes)
            branches.append(lambda v, vs=values: f"VALUES {v} {{ {vs} }}")
        for p in self.g.sh(shape, "targetSubjectsOf"):
            branches.append(lambda v, p=p: f"{v} {p} [] .")
        for p in self.g.sh(shape, "targetObjectsOf"):
            branches.append(lambda v, p=p: f"[] {p} {v} .")

        made: dict[str, str] = {}

        def pattern(v: str) -> str:  # the same text for the same variable: focus nodes are computed once
            if v not in made:
                union = " UNION ".join("{ " + b(v) + " }" for b in branches)
                made[v] = f"{{ SELECT DISTINCT {v} WHERE {{ {union} }} }}"
            return made[v]

        return pattern

    # -- paths ------------------------------------------------------------------------------------

    def path(self, node: Any) -> str:
        """The SPARQL property path of a SHACL path node."""
        if isinstance(node, ox.NamedNode):
            return str(node)
        if isinstance(node, ox.Literal) or node is None:
            raise Unsupported(f"sh:path {node}")
        if self.g.value(node, RDF_ + "first") is not None:
            parts = self.g.items(node)
            if len(parts) < 2:
                raise Unsupported("a sequence path of fewer than two steps")
            return "(" + "/".join(self.path(p) for p in parts) + ")"
        for key, fmt in (("inversePath", "^({})"), ("zeroOrMorePath", "({})*"), ("oneOrMorePath", "({})+"),
                         ("zeroOrOnePath", "({})?")):
            inner = self.g.sh1(node, key)
            if inner is not None:
                return fmt.format(self.path(inner))
        alternatives = self.g.sh1(node, "alternativePath")
        if alternatives is not None:
            return "(" + "|".join(self.path(p) for p in self.g.items(alternatives)) + ")"
        raise Unsupported(f"the path {node}")

    def path_text(self, node: Any) -> str:
        """The result path as graf reports it: ``iri``, ``^iri`` or ``(complex path)``."""
        if isinstance(node, ox.NamedNode):
            return node.value
        inverse = self.g.sh1(node, "inversePath")
        if isinstance(inverse, ox.NamedNode):
            return "^" + inverse.value
        return "(complex path)"

    # -- shapes -----------------------------------------------------------------------------------

    def _shape(self, shape: Any, focus: Callable[[str], str], seen: tuple = ()) -> None:
        if shape in seen:
            raise Unsupported(f"a recursive shape ({shape})")
        self._check_keys(shape)
        severity = _SEVERITY.get(_iri(self.g.sh1(shape, "severity")), None)
        if severity is None:
            if self.g.sh1(shape, "severity") is not None:
                raise Unsupported(f"sh:severity {self.g.sh1(shape, 'severity')}")
            severity = "violation"
        path_node = self.g.sh1(shape, "path")
        path = self.path(path_node) if path_node is not None else None
        path_text = self.path_text(path_node) if path_node is not None else ""
        add = _Adder(self, shape, severity, path_text, focus("?this"), path)
        keys = self.g.keys(shape)
        for key in _VALUE_KEYS:
            if key == "hasValue":
                continue  # has_value() below: on a property shape it is about the set of values, not each one
            for param in self.g.sh(shape, key):
                add.value_check(key, self.value_condition(key, param, "?value", shape))
        if path is not None:
            for n in self.g.sh(shape, "minCount"):
                add.count_check("MinCount", "<", _int(n, "sh:minCount"))
            for n in self.g.sh(shape, "maxCount"):
                add.count_check("MaxCount", ">", _int(n, "sh:maxCount"))
            if any(_true(u) for u in self.g.sh(shape, "uniqueLang")):
                add.unique_lang()
            for other in self.g.sh(shape, "equals"):
                add.pair_check("Equals", other)
            for other in self.g.sh(shape, "disjoint"):
                add.pair_check("Disjoint", other)
        elif keys & {"minCount", "maxCount", "uniqueLang", "equals", "disjoint", "qualifiedValueShape"}:
            raise Unsupported("a count, uniqueLang, equals or disjoint constraint on a node shape")
        for has in self.g.sh(shape, "hasValue"):
            add.has_value(has)
        if "qualifiedValueShape" in keys:  # on a property shape (refused above on a node shape)
            qualified = self.g.sh(shape, "qualifiedValueShape")
            if len(qualified) != 1:
                raise Unsupported("several sh:qualifiedValueShape on one shape")
            cond = self.condition(qualified[0], "?value")
            for n in self.g.sh(shape, "qualifiedMinCount"):
                add.count_check("QualifiedMinCount", "<", _int(n, "sh:qualifiedMinCount"), cond)
            for n in self.g.sh(shape, "qualifiedMaxCount"):
                add.count_check("QualifiedMaxCount", ">", _int(n, "sh:qualifiedMaxCount"), cond)
        if any(_true(c) for c in self.g.sh(shape, "closed")):
            add.closed()
        for constraint in self.g.sh(shape, "sparql"):
            if self._deactivated(constraint):
                continue
            add.sparql(constraint)
        for prop in self.g.sh(shape, "property"):
            if self._deactivated(prop):
                continue
            if path is None:
                self._shape(prop, focus, (*seen, shape))
            else:
                self._shape(prop, self._value_focus(focus, path), (*seen, shape))

    def _value_focus(self, focus: Callable[[str], str], path: str) -> Callable[[str], str]:
        made: dict[str, str] = {}

        def pattern(v: str) -> str:
            if v not in made:
                parent = self.var("f")
                made[v] = f"{{ SELECT DISTINCT {v} WHERE {{ {focus(parent)} {parent} {path} {v} . }} }}"
            return made[v]

        return pattern

    # -- conditions on one node (for sh:node, sh:not, qualified shapes ...) -----------------------

    def value_condition(self, key: str, param: Any, v: str, owner: Any = None) -> str:
        """A SPARQL expression true iff node ``v`` satisfies the value-type parameter ``key`` (of the
        shape ``owner``, which gives ``sh:flags`` to ``sh:pattern``)."""
        if key == "class":
            return self.has_class(v, param)
        if key == "datatype":
            same = f"isLiteral({v}) && sameTerm(datatype({v}), {param})"
            if _iri(param) in _CASTABLE:  # the store keeps ill-formed literals; the cast fails on them
                same += f" && isLiteral({param}(STR({v})))"
            return f"COALESCE({same}, false)"
        if key == "nodeKind":
            kinds = {"IRI": f"isIRI({v})", "BlankNode": f"isBlank({v})", "Literal": f"isLiteral({v})",
                     "BlankNodeOrIRI": f"(isBlank({v}) || isIRI({v}))",
                     "BlankNodeOrLiteral": f"(isBlank({v}) || isLiteral({v}))",
                     "IRIOrLiteral": f"(isIRI({v}) || isLiteral({v}))"}
            name = _iri(param)[len(SH):] if _iri(param).startswith(SH) else ""
            if name not in kinds:
                raise Unsupported(f"sh:nodeKind {param}")
            return kinds[name]
        if key == "in":
            members = self.g.items(param)
            if any(isinstance(m, ox.BlankNode) for m in members):
                raise Unsupported("a blank node in sh:in")
            return "(" + (" || ".join(f"sameTerm({v}, {m})" for m in members) or "false") + ")"
        if key == "hasValue":
            return f"sameTerm({v}, {param})"
        if key == "languageIn":
            tags = [t.value for t in self.g.items(param)]
            tests = " || ".join(f"langMatches(lang({v}), {_string(t)})" for t in tags) or "false"
            return f"COALESCE(isLiteral({v}) && ({tests}), false)"
        if key == "pattern":
            flags = self.g.sh(owner, "flags") if owner is not None else []
            return self._pattern_condition(param, flags, v)
        if key in ("minLength", "maxLength"):
            op = ">=" if key == "minLength" else "<="
            return f"COALESCE(!isBlank({v}) && STRLEN(STR({v})) {op} {_int(param, 'sh:' + key)}, false)"
        if key in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
            op = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}[key]
            return f"COALESCE({v} {op} {param}, false)"
        if key == "node":
            return self.condition(param, v)
        if key == "not":
            return f"!({self.condition(param, v)})"
        if key in ("and", "or"):
            parts = [self.condition(s, v) for s in self.g.items(param)]
            joiner = " && " if key == "and" else " || "
            return "(" + (joiner.join(parts) or ("true" if key == "and" else "false")) + ")"
        if key == "xone":
            parts = [f"IF({self.condition(s, v)}, 1, 0)" for s in self.g.items(param)]
            return "(" + (" + ".join(parts) or "0") + " = 1)"
        raise Unsupported(f"sh:{key}")

    def _pattern_condition(self, pattern: Any, flags: list[Any], v: str) -> str:
        flag = f", {_string(flags[0].value)}" if flags else ""
        return f"COALESCE(!isBlank({v}) && REGEX(STR({v}), {_string(pattern.value)}{flag}), false)"

    def condition(self, shape: Any, v: str) -> str:
        """A SPARQL expression true iff node ``v`` conforms to ``shape`` (no targets involved)."""
        if shape in self._inside:
            raise Unsupported(f"a recursive shape ({shape})")  # SHACL leaves its meaning open, too
        self._inside.append(shape)
        try:
            return self._condition(shape, v)
        finally:
            self._inside.pop()

    def _condition(self, shape: Any, v: str) -> str:
        self._check_keys(shape)
        if self.g.sh(shape, "sparql") or self.g.sh(shape, "qualifiedValueShape") or self.g.sh(shape, "closed"):
            raise Unsupported("sh:sparql, sh:qualifiedValueShape or sh:closed inside sh:node/sh:not/sh:and/"
                              "sh:or/sh:xone/sh:qualifiedValueShape")
        if self._deactivated(shape):
            return "true"
        path_node = self.g.sh1(shape, "path")
        parts: list[str] = []
        if path_node is None:
            for key in _VALUE_KEYS:
                for param in self.g.sh(shape, key):
                    parts.append(self.value_condition(key, param, v, shape))
            for prop in self.g.sh(shape, "property"):
                parts.append(self.condition(prop, v))
            return "(" + (" && ".join(parts) or "true") + ")"
        path = self.path(path_node)
        x = self.var("x")
        for key in _VALUE_KEYS:
            params = self.g.sh(shape, key)
            if key == "hasValue":
                parts += [f"EXISTS {{ {v} {path} {p} }}" for p in params]
                continue
            for param in params:
                cond = self.value_condition(key, param, x, shape)
                parts.append(f"NOT EXISTS {{ {v} {path} {x} FILTER(!({cond})) }}")
        for n in self.g.sh(shape, "minCount"):
            parts.append(self._at_least(v, path, _int(n, "sh:minCount")))
        for n in self.g.sh(shape, "maxCount"):
            parts.append("!" + self._at_least(v, path, _int(n, "sh:maxCount") + 1))
        if self.g.sh(shape, "uniqueLang") or self.g.sh(shape, "equals") or self.g.sh(shape, "disjoint"):
            raise Unsupported("sh:uniqueLang, sh:equals or sh:disjoint inside a nested shape")
        for prop in self.g.sh(shape, "property"):
            y = self.var("y")
            parts.append(f"NOT EXISTS {{ {v} {path} {y} FILTER(!({self.condition(prop, y)})) }}")
        return "(" + (" && ".join(parts) or "true") + ")"

    def _at_least(self, v: str, path: str, n: int) -> str:
        if n <= 0:
            return "true"
        if n > 4:
            raise Unsupported("sh:minCount / sh:maxCount above 4 inside a nested shape")
        xs = [self.var("n") for _ in range(n)]
        triples = " ".join(f"{v} {path} {x} ." for x in xs)
        distinct = " && ".join(f"!sameTerm({a}, {b})" for a, b in itertools.combinations(xs, 2))
        return f"EXISTS {{ {triples} {'FILTER(' + distinct + ')' if distinct else ''} }}"

    # -- SPARQL-based constraints -----------------------------------------------------------------

    def prefixes(self, node: Any) -> str:
        """PREFIX lines from the sh:declare of the ontologies named by ``node``'s sh:prefixes."""
        lines = []
        for ontology in self.g.sh(node, "prefixes"):
            for decl in self.g.sh(ontology, "declare"):
                prefix, ns = self.g.sh1(decl, "prefix"), self.g.sh1(decl, "namespace")
                if prefix is None or ns is None:
                    raise Unsupported(f"an sh:declare without sh:prefix or sh:namespace on {ontology}")
                lines.append(f"PREFIX {prefix.value}: <{ns.value}>")
        return "\n".join(dict.fromkeys(lines))


_HEAD = re.compile(r"^\s*((?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*)", re.IGNORECASE)
_PROJECTS_THIS = re.compile(r"^\s*SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(?:\*|[^{]*?[?$]this\b)", re.IGNORECASE)
# SELECT [DISTINCT|REDUCED] variables or * [WHERE] {  -- no expression, string or brace before the WHERE's "{"
_SIMPLE_HEAD = re.compile(r"^\s*SELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?(?:\*|(?:[?$]\w+\s*)+)\s*(?:WHERE\s*)?\{",
                          re.IGNORECASE)
_FORBIDDEN = re.compile(r"[?$](currentShape|shapesGraph)\b")


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


class _Adder:
    """Builds the checks of one shape (its focus pattern, path and severity fixed)."""

    def __init__(self, compiler: Compiler, shape: Any, severity: str, path_text: str, focus: str,
                 path: str | None):
        self.c, self.shape, self.severity, self.path_text = compiler, shape, severity, path_text
        self.focus_text, self.path = focus, path

    def _add(self, component: str, query: str, constraint: Any = None, n: int | None = None) -> None:
        en, da = _DEFAULT_MESSAGE.get(component, _VALUE_MESSAGE)
        self.c.checks.append(Check(self.shape, constraint, f"{SH}{component}ConstraintComponent", self.severity,
                                   self.path_text, query, self.focus_text, {"en": en, "da": da}, n))

    def value_check(self, key: str, cond: str) -> None:
        if self.path is None:
            body = f"{FOCUS} BIND(?this AS ?value)"
        else:
            body = f"{FOCUS} ?this {self.path} ?value ."
        self._add(_COMPONENT_NAME[key], f"SELECT ?this ?value WHERE {{ {body} FILTER(!({cond})) }}")

    def count_check(self, component: str, op: str, n: int, cond: str | None = None) -> None:
        inner = f"?this {self.path} ?value ." + (f" FILTER({cond})" if cond else "")
        query = (f"SELECT ?this WHERE {{ {FOCUS} OPTIONAL {{ {inner} }} }} "
                 f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) {op} {n})")
        self._add(component, query, n=n)

    def has_value(self, value: Any) -> None:
        if self.path is None:
            query = f"SELECT ?this WHERE {{ {FOCUS} FILTER(!sameTerm(?this, {value})) }}"
        else:
            query = f"SELECT ?this WHERE {{ {FOCUS} FILTER NOT EXISTS {{ ?this {self.path} {value} }} }}"
        self._add("HasValue", query)

    def unique_lang(self) -> None:
        query = (f"SELECT ?this WHERE {{ {FOCUS} ?this {self.path} ?value . "
                 f"FILTER(isLiteral(?value) && lang(?value) != \"\") BIND(lang(?value) AS ?lang) }} "
                 f"GROUP BY ?this ?lang HAVING (COUNT(DISTINCT ?value) > 1)")
        self._add("UniqueLang", query)

    def pair_check(self, component: str, other: Any) -> None:
        if not isinstance(other, ox.NamedNode):
            raise Unsupported(f"sh:{component.lower()} {other}")
        if component == "Disjoint":
            query = (f"SELECT ?this ?value WHERE {{ {FOCUS} ?this {self.path} ?value . "
                     f"?this {other} ?value . }}")
        else:  # Equals: values on one side only
            query = (f"SELECT DISTINCT ?this ?value WHERE {{ {FOCUS} "
                     f"{{ ?this {self.path} ?value . FILTER NOT EXISTS {{ ?this {other} ?value }} }} UNION "
                     f"{{ ?this {other} ?value . FILTER NOT EXISTS {{ ?this {self.path} ?value }} }} }}")
        self._add(component, query)

    def closed(self) -> None:
        if self.path is not None:
            raise Unsupported("sh:closed on a property shape")
        allowed = [self.c.g.sh1(p, "path") for p in self.c.g.sh(self.shape, "property")]
        allowed = [str(p) for p in allowed if isinstance(p, ox.NamedNode)]
        for ignored in self.c.g.sh(self.shape, "ignoredProperties"):
            allowed += [str(p) for p in self.c.g.items(ignored)]
        keep = f"FILTER(?path NOT IN ({', '.join(dict.fromkeys(allowed))}))" if allowed else ""
        query = f"SELECT ?this ?value ?path WHERE {{ {FOCUS} ?this ?path ?value . {keep} }}"
        self._add("Closed", query)

    def sparql(self, constraint: Any) -> None:
        select = self.c.g.sh1(constraint, "select")
        if select is None:
            raise Unsupported("a SPARQL constraint without sh:select (e.g. sh:ask)")
        text = select.value
        if _FORBIDDEN.search(text):
            raise Unsupported("$currentShape or $shapesGraph in a SPARQL constraint")
        if self.path is not None:
            text = re.sub(r"\$PATH\b", self.path, text)
        head = _HEAD.match(text)
        assert head is not None
        declared, body = head.group(1), text[head.end():]
        if not _PROJECTS_THIS.match(body):
            raise Unsupported("a SPARQL constraint whose SELECT does not project $this")
        prefixes = self.c.prefixes(constraint)
        projection = "?this ?value ?path" if re.search(r"[?$]path\b", body) else "?this ?value"
        simple = _SIMPLE_HEAD.match(body)
        if simple:  # the focus nodes first in the query's own WHERE: $this is bound as if pre-bound
            body = body[:simple.end()] + f" {FOCUS} " + body[simple.end():]
            query = f"{prefixes}\n{declared}\nSELECT {projection} WHERE {{ {{ {body} }} }}"
        else:  # an unusual projection: join the query's solutions with the focus nodes
            query = f"{prefixes}\n{declared}\nSELECT {projection} WHERE {{ {FOCUS} {{ {body} }} }}"
        self._add("SPARQL", query, constraint=constraint)


def claim(rule_of: dict[Any, str], top: Any, rule: str, children: Callable[[Any], Iterable[Any]]) -> None:
    """Map ``top`` and every shape nested in it (``children``) to ``rule``, unless already claimed."""
    todo = [top]
    while todo:
        node = todo.pop()
        if node not in rule_of:
            rule_of[node] = rule
            todo.extend(children(node))


def message_templates(messages: list[tuple[str, str]]) -> dict[str, str]:
    """sh:message literals as (language, text) -> one template per language: the tagged ones, and an
    untagged message for Danish and English where no tagged one is given."""
    out: dict[str, str] = {}
    for lang, text in sorted(messages, key=lambda m: (m[0] == "", m)):
        if lang:
            out.setdefault(lang, text)
        else:
            for missing in ("da", "en"):
                out.setdefault(missing, text)
    return out


def iter_messages(shapes: _Shapes, nodes: Iterator[Any]) -> dict[str, str]:
    """The sh:message templates of the first of ``nodes`` that has any (constraint first, then shape)."""
    for node in nodes:
        if node is None:
            continue
        found = [(m.language or "", m.value) for m in shapes.objects(node, SH + "message") if isinstance(m, ox.Literal)]
        if found:
            return message_templates(found)
    return {}


_NESTING = ("property", "node", "not", "and", "or", "xone", "qualifiedValueShape", "sparql")


class NativeShapes:
    """Shapes files compiled once; :meth:`results` runs them on a scenario's graphs in a store."""

    def __init__(self, files: list[Any]):
        from graf.store import parse_file

        shapes = ox.Store()
        for path in files:  # any RDF syntax graf loads, by extension (errors name file, line, column)
            shapes.extend(parse_file(Path(path)))
        self.g = _Shapes(shapes)
        compiler = Compiler(shapes)
        self.checks = compiler.compile()
        self.classes = compiler.classes
        self.rule_of: dict[Any, str] = {}
        for top in self.g.subjects(GRAFSH_ + "rule"):
            claim(self.rule_of, top, self.g.value(top, GRAFSH_ + "rule").value, self._children)
        # what a check's results say besides its rows, read from the shapes once, not per scenario
        self._templates = [iter_messages(self.g, iter((c.constraint, c.shape))) for c in self.checks]
        self._codes = [self._code(c) for c in self.checks]

    def _children(self, node: Any) -> list[Any]:
        out = []
        for key in _NESTING:
            for o in self.g.sh(node, key):
                if isinstance(o, (ox.NamedNode, ox.BlankNode)):
                    out.extend(self.g.items(o) if key in ("and", "or", "xone") else [o])
        return out

    def _code(self, check: Check) -> str:
        for node in (check.constraint, check.shape):
            if node is not None:
                code = self.g.value(node, GRAFSH_ + "code")
                if code is not None:
                    return code.value
        return "shacl-" + check.component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")

    def _classes(self, store: Any, graphs: Any) -> dict[str, list[str]]:
        """Each class the checks use -> it and its subclasses in the scenario's graphs (as terms)."""
        out = {}
        for cls in self.classes:
            found = [str(r["s"]) for r in store.select(
                f"SELECT DISTINCT ?s WHERE {{ ?s <{RDFS_}subClassOf>* <{cls}> }}", default_graphs=graphs)
                if isinstance(r.get("s"), ox.NamedNode)]
            out[cls] = list(dict.fromkeys([f"<{cls}>", *found]))
        return out

    def _prepare(self, text: str, classes: dict[str, list[str]]) -> str:
        def mark(m: re.Match) -> str:
            terms = classes[self.classes[int(m.group(2))]]
            return ", ".join(terms) if m.group(1) == "IN" else " ".join(terms)

        return _CLASS_MARK.sub(mark, text)

    def results(self, store: Any, graphs: Any, user_rule: str = "user-shapes") -> list[dict[str, Any]]:
        """The results of every check on the union of ``graphs`` in ``store`` (dicts as pySHACL's).

        Per scenario, first the classes (each with its subclasses in the data) and the focus nodes
        of each shape, once; the checks then start from the focus nodes (``VALUES``), and a shape
        without focus nodes costs nothing more.
        """
        graphs = list(graphs) if graphs else None
        classes = self._classes(store, graphs)
        focus_values: dict[str, str | None] = {}
        out = []
        for check, templates, code in zip(self.checks, self._templates, self._codes, strict=True):
            if check.focus not in focus_values:
                pattern = self._prepare(check.focus, classes)
                nodes = [r["this"] for r in store.select(f"SELECT DISTINCT ?this WHERE {{ {pattern} }}",
                                                         default_graphs=graphs) if "this" in r]
                if not nodes:
                    focus_values[check.focus] = None
                elif all(isinstance(n, ox.NamedNode) for n in nodes):
                    focus_values[check.focus] = "VALUES ?this { " + " ".join(str(n) for n in nodes) + " }"
                else:  # blank nodes cannot be written into a query: keep the pattern
                    focus_values[check.focus] = f"{{ SELECT DISTINCT ?this WHERE {{ {pattern} }} }}"
            focus = focus_values[check.focus]
            if focus is None:
                continue
            query = self._prepare(check.query, classes).replace(FOCUS, focus)
            rule = self.rule_of.get(check.shape, user_rule)
            for row in store.select(query, default_graphs=graphs):
                this, value, path = row.get("this"), row.get("value"), row.get("path")
                if this is None:
                    continue
                path_text = path.value if isinstance(path, ox.NamedNode) else check.path
                names = {"focus": this.value, "value": value.value if value is not None else "",
                         "path": path_text, "n": check.count, "component": check.component.rsplit("#", 1)[-1]}
                if templates and check.constraint is not None:
                    messages = {lang: t.replace("{$this}", names["focus"]).replace("{?value}", names["value"])
                                for lang, t in templates.items()}
                elif templates:
                    messages = dict(templates)
                else:
                    messages = {lang: t.format(**names) for lang, t in check.defaults.items()}
                out.append({
                    "rule": rule, "code": code, "severity": check.severity, "focus": this.value,
                    "path": path_text, "component": check.component,
                    "shape": check.shape.value if isinstance(check.shape, ox.NamedNode) else "",
                    "value": names["value"], "value_is_iri": isinstance(value, ox.NamedNode),
                    "messages": messages, "templates": templates,
                })
        return out
