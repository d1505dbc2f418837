"""SHACL Core constraint components, each compiled to SPARQL: the registry the sparql engine reads.

One small class per component (as pySHACL's ``pyshacl/constraints`` has one per component), each
saying which parameters it reads, its default message, and how it compiles in the two places a
shape is used:

* :meth:`Component.checks` - the shape is validated directly (it has targets, or is a
  ``sh:property`` of one that is): add SELECT queries returning one row per validation result;
* :meth:`Component.condition` - the shape is a condition on a node (inside ``sh:node``,
  ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone``, ``sh:qualifiedValueShape``): a SPARQL expression
  true iff the node conforms.

A *value* component (:class:`ValueComponent`: class, datatype, in, pattern ...) is a test on each
value node; the base class builds both forms from :meth:`ValueComponent.test`. :data:`REGISTRY`
lists every component; :data:`PARAMETERS` every SHACL parameter they read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graf.rules.shacl_shapes import SH, XSD

if TYPE_CHECKING:
    from graf.rules.shacl_sparql import ShapeScope

_VALUE_MESSAGE = ("Value {value} of {focus} does not satisfy {component}",
                  "Værdien {value} af {focus} opfylder ikke {component}")


class Unsupported(Exception):
    """The shapes graph uses a SHACL feature this engine does not compile (named in the message)."""


def sparql_string(text: str) -> str:
    """A SPARQL string literal holding ``text``."""
    return str(ox.Literal(text))  # pyoxigraph escapes it (N-Triples escapes are SPARQL's too)


def same_term(x: str, term: Any) -> str:
    """``sameTerm(x, term)`` for a constant ``term``, in a form every engine evaluates right.

    Virtuoso 7 gets ``sameTerm`` with a constant wrong in two places: negated disjunctions
    (``!(sameTerm(?v, a) || sameTerm(?v, b))`` keeps every row) and plain string literals. ``?v = <iri>``
    is the same test for an IRI (an IRI equals nothing else); a literal is compared by its parts.
    """
    if isinstance(term, ox.NamedNode):
        return f"({x} = {term})"
    if isinstance(term, ox.Literal):
        parts = f"isLiteral({x}) && STR({x}) = {sparql_string(term.value)}"
        if term.language:
            parts += f" && LANG({x}) = {sparql_string(term.language)}"
        else:
            parts += f' && LANG({x}) = "" && DATATYPE({x}) = <{term.datatype.value}>'
        return f"COALESCE({parts}, false)"
    return f"sameTerm({x}, {term})"


_NUMERIC = {XSD + t for t in ("integer", "decimal", "float", "double", "int", "long", "short", "byte",
                              "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
                              "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


def comparable(x: str, bound: Any) -> str:
    """A test that ``x`` can be ordered against the literal ``bound`` (SPARQL gives an error otherwise, a
    violation here; Virtuoso 7 compares a string with a number, or a boolean as 1, instead)."""
    if not isinstance(bound, ox.Literal):
        return "true"
    datatype = bound.datatype.value
    if datatype in _NUMERIC:
        return f"(isNumeric({x}) && datatype({x}) != <{XSD}boolean>)"
    if bound.language:
        return f"(lang({x}) = {sparql_string(bound.language)})"
    return f"(isLiteral({x}) && datatype({x}) = <{datatype}>)"


def integer(term: Any, what: str) -> int:
    try:
        return int(term.value)
    except (AttributeError, ValueError):
        raise Unsupported(f"{what} must be an integer, not {term}") from None


def _iri(term: Any) -> str:
    return term.value if isinstance(term, ox.NamedNode) else ""


class Component:
    """One SHACL constraint component: its ``mandatory`` parameters on a shape turn it on."""

    name = ""  # local name without "ConstraintComponent", e.g. "MinCount"
    parameters: tuple[str, ...] = ()  # the SHACL parameters it reads (local names), the first mandatory
    mandatory = 1  # how many of the parameters must be given
    property_only = False  # SHACL allows it on property shapes only
    message: tuple[str, str] = _VALUE_MESSAGE  # default message (English, Danish)

    @property
    def iri(self) -> str:
        return f"{SH}{self.name}ConstraintComponent"

    def checks(self, s: ShapeScope) -> None:  # pragma: no cover - every component overrides one
        raise NotImplementedError

    def condition(self, s: ShapeScope, v: str) -> str:  # pragma: no cover
        raise NotImplementedError


class ValueComponent(Component):
    """A test on each value node; one validation result per value node that fails it."""

    def test(self, s: ShapeScope, param: Any, x: str) -> str:  # pragma: no cover
        """A SPARQL expression: value node ``x`` satisfies this component with parameter ``param``."""
        raise NotImplementedError

    def checks(self, s: ShapeScope) -> None:
        for param in s.params(self.parameters[0]):
            s.value_check(self, self.test(s, param, "?value"))

    def condition(self, s: ShapeScope, v: str) -> str:
        tests = [lambda x, p=p: self.test(s, p, x) for p in s.params(self.parameters[0])]
        return " && ".join(s.every_value(v, t) for t in tests) or "true"


# -- value type ---------------------------------------------------------------------------------------


class ClassComponent(ValueComponent):
    name, parameters = "Class", ("class",)

    def test(self, s: ShapeScope, param: Any, x: str) -> str:
        return s.compiler.has_class(x, param)


_CASTABLE = {XSD + t for t in ("integer", "decimal", "float", "double", "boolean", "date", "dateTime", "time",
                               "gYear", "gYearMonth", "duration", "dayTimeDuration", "yearMonthDuration")}
# derived types the store keeps as their base type ("5"^^xsd:int is stored as "5"^^xsd:integer):
# a value of the base type satisfies the derived one when its value lies in the derived type's range
_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "long": (-2**63, 2**63 - 1), "int": (-2**31, 2**31 - 1), "short": (-2**15, 2**15 - 1), "byte": (-128, 127),
    "unsignedLong": (0, 2**64 - 1), "unsignedInt": (0, 2**32 - 1), "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 255), "nonNegativeInteger": (0, None), "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0), "negativeInteger": (None, -1),
}
DERIVED_INTEGERS = {XSD + name: bounds for name, bounds in _INTEGER_RANGES.items()}


class DatatypeComponent(ValueComponent):
    name, parameters = "Datatype", ("datatype",)

    def test(self, s: ShapeScope, param: Any, x: str) -> str:
        # each cast only under IF, once the datatype is known to match: Virtuoso evaluates both sides of
        # && and a failing cast is an error of the whole query there, not an unbound value
        if not isinstance(param, ox.NamedNode):
            return "false"
        dt = param.value
        if dt in DERIVED_INTEGERS:
            low, high = DERIVED_INTEGERS[dt]
            number = f"<{XSD}integer>(STR({x}))"
            bounds = " && ".join(f"{number} {op} {b}" for op, b in ((">=", low), ("<=", high)) if b is not None)
            same = f"(datatype({x}) = {param} || datatype({x}) = <{XSD}integer>)"
            return (f'COALESCE(IF(isLiteral({x}) && {same} && REGEX(STR({x}), "^[+-]?[0-9]+$"), '
                    f"{bounds or 'true'}, false), false)")
        if dt == XSD + "dateTimeStamp":
            same = f"(datatype({x}) = {param} || datatype({x}) = <{XSD}dateTime>)"
            return f'COALESCE(IF(isLiteral({x}) && {same}, TZ(<{XSD}dateTime>(STR({x}))) != "", false), false)'
        same = f"isLiteral({x}) && datatype({x}) = {param}"  # (IRIs: = is sameTerm, and Virtuoso gets it right)
        if dt in _CASTABLE:  # the store keeps ill-formed literals as written; the cast fails on them
            return f"COALESCE(IF({same}, isLiteral({param}(STR({x}))), false), false)"
        return f"COALESCE({same}, false)"


class NodeKindComponent(ValueComponent):
    name, parameters = "NodeKind", ("nodeKind",)
    KINDS = {"IRI": "isIRI({0})", "BlankNode": "isBlank({0})", "Literal": "isLiteral({0})",
             "BlankNodeOrIRI": "(isBlank({0}) || isIRI({0}))", "BlankNodeOrLiteral": "(isBlank({0}) || isLiteral({0}))",
             "IRIOrLiteral": "(isIRI({0}) || isLiteral({0}))"}

    def test(self, s: ShapeScope, param: Any, x: str) -> str:
        kind = _iri(param).removeprefix(SH)
        if kind not in self.KINDS:
            raise Unsupported(f"sh:nodeKind {param}")
        return self.KINDS[kind].format(x)


# -- value range, string based ------------------------------------------------------------------------


class RangeComponent(ValueComponent):
    """sh:minInclusive, sh:maxExclusive ...: SPARQL's comparison with the parameter."""

    def __init__(self, name: str, parameter: str, operator: str):
        self.name, self.parameters, self.operator = name, (parameter,), operator

    def test(self, s: ShapeScope, param: Any, x: str) -> str:
        return f"COALESCE({comparable(x, param)} && {x} {self.operator} {param}, false)"


class LengthComponent(RangeComponent):
    """sh:minLength, sh:maxLength: the length of the value's string form (blank nodes fail)."""

    def test(self, s: ShapeScope, param: Any, x: str) -> str:
        n = integer(param, "sh:" + self.parameters[0])
        return f"COALESCE(!isBlank({x}) && STRLEN(STR({x})) {self.operator} {n}, false)"


class PatternComponent(ValueComponent):
    name, parameters = "Pattern", ("pattern", "flags")

    def test(self, s: ShapeScope, param: Any, x: str) -> str:
        flags = s.params("flags")
        flag = f", {sparql_string(flags[0].value)}" if flags else ""
        return f"COALESCE(!isBlank({x}) && REGEX(STR({x}), {sparql_string(param.value)}{flag}), false)"


class LanguageInComponent(ValueComponent):
    name, parameters = "LanguageIn", ("languageIn",)

    def test(self, s: ShapeScope, param: Any, x: str) -> str:
        tags = [t.value for t in s.items(param)]
        tests = " || ".join(f"langMatches(lang({x}), {sparql_string(t)})" for t in tags) or "false"
        return f"COALESCE(isLiteral({x}) && ({tests}), false)"


class InComponent(ValueComponent):
    name, parameters = "In", ("in",)

    def test(self, s: ShapeScope, param: Any, x: str) -> str:
        # a blank node of the shapes graph is never a node of the data graph: it matches nothing
        members = [m for m in s.items(param) if not isinstance(m, ox.BlankNode)]
        return "(" + (" || ".join(same_term(x, m) for m in members) or "false") + ")"


# -- logical and shape-based ----------------------------------------------------------------------------


class NodeComponent(ValueComponent):
    name, parameters = "Node", ("node",)

    def test(self, s: ShapeScope, param: Any, x: str) -> str:
        return s.compiler.condition(param, x)


class NotComponent(ValueComponent):
    name, parameters = "Not", ("not",)

    def test(self, s: ShapeScope, param: Any, x: str) -> str:
        return f"!({s.compiler.condition(param, x)})"


class AndComponent(ValueComponent):
    name, parameters = "And", ("and",)

    def test(self, s: ShapeScope, param: Any, x: str) -> str:
        return "(" + (" && ".join(s.compiler.condition(m, x) for m in s.items(param)) or "true") + ")"


class OrComponent(ValueComponent):
    name, parameters = "Or", ("or",)

    def test(self, s: ShapeScope, param: Any, x: str) -> str:
        return "(" + (" || ".join(s.compiler.condition(m, x) for m in s.items(param)) or "false") + ")"


class XoneComponent(ValueComponent):
    name, parameters = "Xone", ("xone",)

    def test(self, s: ShapeScope, param: Any, x: str) -> str:
        ones = [f"IF({s.compiler.condition(m, x)}, 1, 0)" for m in s.items(param)]
        return "(" + (" + ".join(ones) or "0") + " = 1)"


class HasValueComponent(ValueComponent):
    """On a node shape a test of the focus node; on a property shape one of the set of values."""

    name, parameters = "HasValue", ("hasValue",)
    message = ("{focus}->{path} does not contain the required value", "{focus}->{path} mangler den krævede værdi")

    def test(self, s: ShapeScope, param: Any, x: str) -> str:
        return "false" if isinstance(param, ox.BlankNode) else same_term(x, param)

    def checks(self, s: ShapeScope) -> None:  # a result names no value: it is about the set of values
        for param in s.params("hasValue"):
            if isinstance(param, ox.BlankNode):
                missing = "true"
            elif s.path is None:
                missing = f"!{same_term('?this', param)}"
            else:
                missing = f"NOT EXISTS {{ ?this {s.path} {param} }}"
            s.add(self, f"SELECT ?this WHERE {{ {s.FOCUS} FILTER({missing}) }}")

    def condition(self, s: ShapeScope, v: str) -> str:
        if s.path is None:
            return super().condition(s, v)
        return " && ".join("false" if isinstance(p, ox.BlankNode) else f"EXISTS {{ {v} {s.path} {p} }}"
                           for p in s.params("hasValue")) or "true"


# -- cardinality and sets of values -------------------------------------------------------------------


#: up to this many distinct values, a count inside a condition is written as that many variables that differ
#: rather than a counting subquery: Virtuoso 7 evaluates a subquery correlated through EXISTS in a way that
#: depends on its plan (sometimes counting another node's values)
_DISTINCT_VARIABLES = 4


def count_condition(s: ShapeScope, v: str, op: str, n: int, test: Callable[[str], str] | None = None) -> str:
    """An expression: the number of distinct values of ``v`` (passing ``test``) ``op`` ``n``."""
    at_least = {">=": n, ">": n + 1, "<": n, "<=": n + 1}[op]  # the test is (not) "at least this many"
    negate = op in ("<", "<=")
    if at_least <= 0:
        return "false" if negate else "true"
    if at_least <= _DISTINCT_VARIABLES:
        xs = [s.compiler.var("x") for _ in range(at_least)]
        each = " ".join(f"{v} {s.path} {x} ." + (f" FILTER({test(x)})" if test else "") for x in xs)
        differ = " && ".join(f"!sameTerm({a}, {b})" for i, a in enumerate(xs) for b in xs[i + 1:])
        found = f"EXISTS {{ {each}{f' FILTER({differ})' if differ else ''} }}"
        return f"!{found}" if negate else found
    x, c = s.compiler.var("x"), s.compiler.var("c")
    inner = f"{v} {s.path} {x} ." + (f" FILTER({test(x)})" if test else "")
    counted = f"{{ SELECT {v} (COUNT(DISTINCT {x}) AS {c}) WHERE {{ {inner} }} GROUP BY {v} }}"
    return ("NOT " if negate else "") + f"EXISTS {{ {counted} FILTER({c} >= {at_least}) }}"


class CountComponent(Component):
    property_only = True
    failing = ""  # the comparison of the count with the parameter that makes a result

    def checks(self, s: ShapeScope) -> None:
        for n in s.params(self.parameters[0]):
            s.count_check(self, self.failing, integer(n, "sh:" + self.parameters[0]))

    def condition(self, s: ShapeScope, v: str) -> str:
        passing = {"<": ">=", ">": "<="}[self.failing]
        return " && ".join(count_condition(s, v, passing, integer(n, "sh:" + self.parameters[0]))
                           for n in s.params(self.parameters[0])) or "true"


class MinCountComponent(CountComponent):
    name, parameters, failing = "MinCount", ("minCount",), "<"
    message = ("Less than {n} values on {focus}->{path}", "Færre end {n} værdier for {focus}->{path}")


class MaxCountComponent(CountComponent):
    name, parameters, failing = "MaxCount", ("maxCount",), ">"
    message = ("More than {n} values on {focus}->{path}", "Flere end {n} værdier for {focus}->{path}")


class QualifiedCountComponent(CountComponent):
    """Counts the values that conform to sh:qualifiedValueShape (and, with
    sh:qualifiedValueShapesDisjoint true, to none of the sibling shapes)."""

    def _test(self, s: ShapeScope) -> Callable[[str], str]:
        qualified = s.params("qualifiedValueShape")
        if len(qualified) != 1:
            raise Unsupported(f"{len(qualified)} values of sh:qualifiedValueShape on one shape")
        siblings = s.compiler.sibling_shapes(s.shape, qualified[0]) if s.is_true("qualifiedValueShapesDisjoint") else []

        def test(x: str) -> str:
            parts = [s.compiler.condition(qualified[0], x), *(f"!({s.compiler.condition(q, x)})" for q in siblings)]
            return " && ".join(parts)

        return test

    def checks(self, s: ShapeScope) -> None:
        test = self._test(s)
        for n in s.params(self.parameters[0]):
            s.count_check(self, self.failing, integer(n, "sh:" + self.parameters[0]), test("?value"))

    def condition(self, s: ShapeScope, v: str) -> str:
        passing = {"<": ">=", ">": "<="}[self.failing]
        test = self._test(s)
        return " && ".join(count_condition(s, v, passing, integer(n, "sh:" + self.parameters[0]), test)
                           for n in s.params(self.parameters[0])) or "true"


class QualifiedMinCountComponent(QualifiedCountComponent):
    name, failing, mandatory = "QualifiedMinCount", "<", 2
    parameters = ("qualifiedMinCount", "qualifiedValueShape", "qualifiedValueShapesDisjoint")
    message = ("Fewer than {n} values conform to the qualified shape",
               "Færre end {n} værdier opfylder den kvalificerede form")


class QualifiedMaxCountComponent(QualifiedCountComponent):
    name, failing, mandatory = "QualifiedMaxCount", ">", 2
    parameters = ("qualifiedMaxCount", "qualifiedValueShape", "qualifiedValueShapesDisjoint")
    message = ("More than {n} values conform to the qualified shape",
               "Flere end {n} værdier opfylder den kvalificerede form")


class UniqueLangComponent(Component):
    name, parameters, property_only = "UniqueLang", ("uniqueLang",), True
    message = ("More than one value shares the same language", "Flere værdier har samme sprog")

    def checks(self, s: ShapeScope) -> None:
        if s.is_true("uniqueLang"):
            s.add(self, f"SELECT ?this WHERE {{ {s.FOCUS} ?this {s.path} ?value . "
                        f"FILTER(isLiteral(?value) && lang(?value) != \"\") BIND(LCASE(lang(?value)) AS ?lang) }} "
                        f"GROUP BY {s.parents} ?this ?lang HAVING (COUNT(DISTINCT ?value) > 1)")

    def condition(self, s: ShapeScope, v: str) -> str:
        if not s.is_true("uniqueLang"):
            return "true"
        x, y = s.compiler.var("x"), s.compiler.var("y")
        return (f"NOT EXISTS {{ {v} {s.path} {x} . {v} {s.path} {y} . FILTER(!sameTerm({x}, {y}) && isLiteral({x}) "
                f"&& isLiteral({y}) && lang({x}) != \"\" && LCASE(lang({x})) = LCASE(lang({y}))) }}")


# -- property pairs -----------------------------------------------------------------------------------


class PairComponent(Component):
    """Compares the value nodes with the values of another property at the focus node."""

    def _other(self, param: Any) -> str:
        if not isinstance(param, ox.NamedNode):
            raise Unsupported(f"sh:{self.parameters[0]} {param} (the value must be an IRI)")
        return str(param)

    def checks(self, s: ShapeScope) -> None:
        for param in s.params(self.parameters[0]):
            s.add(self, self.query(s, self._other(param)))

    def condition(self, s: ShapeScope, v: str) -> str:
        return " && ".join(self.holds(s, v, self._other(p)) for p in s.params(self.parameters[0])) or "true"

    def query(self, s: ShapeScope, other: str) -> str:  # pragma: no cover
        raise NotImplementedError

    def holds(self, s: ShapeScope, v: str, other: str) -> str:  # pragma: no cover
        raise NotImplementedError


class EqualsComponent(PairComponent):
    name, parameters = "Equals", ("equals",)

    def query(self, s: ShapeScope, other: str) -> str:
        values = s.values_pattern("?this", "?value")
        only_values = f"{{ {s.FOCUS} {values} FILTER NOT EXISTS {{ ?this {other} ?value }} }}"
        only_other = f"{{ {s.FOCUS} ?this {other} ?value . FILTER(!{s.is_value('?this', '?value')}) }}"
        return s.distinct("?this ?value", f"{only_values} UNION {only_other}")

    def holds(self, s: ShapeScope, v: str, other: str) -> str:
        x, y = s.compiler.var("x"), s.compiler.var("y")
        return (f"(NOT EXISTS {{ {s.values_pattern(v, x)} FILTER NOT EXISTS {{ {v} {other} {x} }} }} && "
                f"NOT EXISTS {{ {v} {other} {y} . FILTER(!{s.is_value(v, y)}) }})")


class DisjointComponent(PairComponent):
    name, parameters = "Disjoint", ("disjoint",)

    def query(self, s: ShapeScope, other: str) -> str:
        return s.distinct("?this ?value", f"{s.FOCUS} {s.values_pattern('?this', '?value')} ?this {other} ?value .")

    def holds(self, s: ShapeScope, v: str, other: str) -> str:
        x = s.compiler.var("x")
        return f"NOT EXISTS {{ {s.values_pattern(v, x)} {v} {other} {x} . }}"


class LessThanComponent(PairComponent):
    """One result per pair of a value node and a value of the other property that is not smaller."""

    name, parameters, property_only, operator = "LessThan", ("lessThan",), True, "<"

    def query(self, s: ShapeScope, other: str) -> str:
        o = s.compiler.var("o")
        return s.distinct("?this ?value", f"{s.FOCUS} ?this {s.path} ?value . ?this {other} {o} . "
                                          f"FILTER(!COALESCE(?value {self.operator} {o}, false))", inner=o)

    def holds(self, s: ShapeScope, v: str, other: str) -> str:
        x, o = s.compiler.var("x"), s.compiler.var("o")
        return (f"NOT EXISTS {{ {v} {s.path} {x} . {v} {other} {o} . "
                f"FILTER(!COALESCE({x} {self.operator} {o}, false)) }}")


class LessThanOrEqualsComponent(LessThanComponent):
    name, parameters, operator = "LessThanOrEquals", ("lessThanOrEquals",), "<="


# -- closed shapes, SPARQL-based constraints -------------------------------------------------------------


class ClosedComponent(Component):
    """Value nodes have no property other than the shape's own property paths and sh:ignoredProperties."""

    name, parameters = "Closed", ("closed", "ignoredProperties")
    message = ("Predicate {path} is not allowed (closed shape)", "Prædikatet {path} er ikke tilladt (lukket form)")

    def _allowed(self, s: ShapeScope) -> str:
        g = s.compiler.g
        allowed = [str(p) for p in (g.sh1(prop, "path") for prop in g.sh(s.shape, "property"))
                   if isinstance(p, ox.NamedNode)]
        for ignored in s.params("ignoredProperties"):
            allowed += [str(p) for p in s.items(ignored) if isinstance(p, ox.NamedNode)]
        return ", ".join(dict.fromkeys(allowed))

    def checks(self, s: ShapeScope) -> None:
        if not s.is_true("closed"):
            return
        allowed = self._allowed(s)
        keep = f"FILTER(?path NOT IN ({allowed}))" if allowed else ""
        node = "?this" if s.path is None else s.compiler.var("n")
        values = "" if s.path is None else f"?this {s.path} {node} ."
        s.add(self, s.distinct("?this ?value ?path", f"{s.FOCUS} {values} {node} ?path ?value . {keep}",
                               inner="" if s.path is None else node))

    def condition(self, s: ShapeScope, v: str) -> str:
        if not s.is_true("closed"):
            return "true"
        allowed = self._allowed(s)
        p, o = s.compiler.var("p"), s.compiler.var("o")
        keep = f"FILTER({p} NOT IN ({allowed}))" if allowed else ""
        return s.every_value(v, lambda x: f"NOT EXISTS {{ {x} {p} {o} . {keep} }}")


class SparqlComponent(Component):
    """SPARQL-based constraints (``sh:sparql`` with ``sh:select``); see :mod:`graf.rules.shacl_sparql_constraints`."""

    name, parameters = "SPARQL", ("sparql",)
    message = ("The SPARQL constraint reports {focus}", "SPARQL-betingelsen melder {focus}")

    def checks(self, s: ShapeScope) -> None:
        # here, not at the top: graf.rules.shacl_sparql_constraints imports this module
        from graf.rules.shacl_sparql_constraints import check_query

        for constraint in s.params("sparql"):
            if not s.compiler.g.is_true(constraint, "deactivated"):
                s.add(self, check_query(s, constraint), constraint=constraint)

    def condition(self, s: ShapeScope, v: str) -> str:
        # here, not at the top: graf.rules.shacl_sparql_constraints imports this module
        from graf.rules.shacl_sparql_constraints import conforms_condition

        return " && ".join(conforms_condition(s, c, v) for c in s.params("sparql")
                           if not s.compiler.g.is_true(c, "deactivated")) or "true"


REGISTRY: tuple[Component, ...] = (
    ClassComponent(), DatatypeComponent(), NodeKindComponent(), MinCountComponent(), MaxCountComponent(),
    RangeComponent("MinExclusive", "minExclusive", ">"), RangeComponent("MinInclusive", "minInclusive", ">="),
    RangeComponent("MaxExclusive", "maxExclusive", "<"), RangeComponent("MaxInclusive", "maxInclusive", "<="),
    LengthComponent("MinLength", "minLength", ">="), LengthComponent("MaxLength", "maxLength", "<="),
    PatternComponent(), LanguageInComponent(), UniqueLangComponent(),
    EqualsComponent(), DisjointComponent(), LessThanComponent(), LessThanOrEqualsComponent(),
    NotComponent(), AndComponent(), OrComponent(), XoneComponent(), NodeComponent(),
    QualifiedMinCountComponent(), QualifiedMaxCountComponent(), ClosedComponent(), HasValueComponent(),
    InComponent(), SparqlComponent(),
)
#: SHACL parameters that are no constraint by themselves (targets, the path, nesting, annotations)
OTHER_PARAMETERS = frozenset({
    "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "path", "property", "severity", "message",
    "deactivated", "name", "description", "order", "group", "defaultValue", "declare", "prefixes",
    "qualifiedValueShape", "qualifiedValueShapesDisjoint", "flags", "ignoredProperties",
    "select",  # a node can be both a shape and the SPARQL constraint of one
})
PARAMETERS = frozenset(p for c in REGISTRY for p in c.parameters) | OTHER_PARAMETERS


def components_of(keys: set[str]) -> list[Component]:
    """The components a shape with these SHACL parameters uses, in registry order."""
    return [c for c in REGISTRY if set(c.parameters[:c.mandatory]) <= keys]


def default_messages(component: Component) -> dict[str, str]:
    en, da = component.message
    return {"en": en, "da": da}

