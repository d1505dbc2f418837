"""SHACL-SPARQL constraints (``sh:sparql`` with ``sh:select``): their syntax rules and their SPARQL.

SHACL evaluates such a query once per focus node with ``$this`` pre-bound. graf's sparql engine
runs it once for all focus nodes, joined with them; the two agree under the syntax rules SHACL
sets for pre-binding (SHACL 5.3.1), which graf checks for both engines before anything runs
(:func:`prebinding_problem`): no ``MINUS``, ``VALUES`` or ``SERVICE``, no ``AS ?var`` for a
pre-bound variable, and every subquery returns the pre-bound variables.
``$currentShape`` is replaced by the shape; ``$shapesGraph`` (optional in SHACL) is not supported.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graf import iris, terms
from graf.errors import QueryError
from graf.rules.shacl_components import Component, Unsupported
from graf.sparql import query_error, without_strings
from graf.sparql_guard import inspect

if TYPE_CHECKING:
    from graf.rules.shacl_shapes import ShapesGraph
    from graf.rules.shacl_sparql import ShapeScope

_HEAD = re.compile(r"^\s*((?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*)", re.IGNORECASE)
_PROJECTS_THIS = re.compile(r"^\s*SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(?:\*|[^{]*?[?$]this\b)", re.IGNORECASE)
_PREFIX_LINE = re.compile(r"PREFIX\s+([^\s:]*):\s*<([^>]*)>", re.IGNORECASE)
_THIS = re.compile(r"[?$]this\b")
#: variables SHACL pre-binds in a SPARQL-based constraint (5.3.1)
PREBOUND = ("this", "currentShape", "shapesGraph")
OWL_IMPORTS = iris.OWL_IMPORTS
SH_ = iris.SH


def declared_prefixes(g: ShapesGraph, node: Any) -> dict[str, str]:
    """The prefixes declared (sh:declare) by the ontologies named by ``node``'s sh:prefixes and by the
    ontologies they import (owl:imports, transitively)."""
    out: dict[str, str] = {}
    todo, seen = list(g.sh(node, "prefixes")), set()
    while todo:
        ontology = todo.pop(0)
        if ontology in seen:
            continue
        seen.add(ontology)
        for decl in g.sh(ontology, "declare"):
            prefix, ns = g.sh1(decl, "prefix"), g.sh1(decl, "namespace")
            if prefix is None or ns is None:
                raise Unsupported(f"an sh:declare without sh:prefix or sh:namespace on {ontology}")
            out.setdefault(prefix.value, ns.value)
        todo += g.objects(ontology, OWL_IMPORTS)
    return out


def _substitute(s: ShapeScope, text: str) -> str:
    """``$PATH`` and ``$currentShape`` replaced; refuses ``$shapesGraph``."""
    if re.search(r"[?$]shapesGraph\b", text):
        raise Unsupported("$shapesGraph in a SPARQL constraint (the shapes graph is not part of the queried "
                          "data; SHACL makes its support optional)")
    if re.search(r"[?$]currentShape\b", text):
        if not isinstance(s.shape, ox.NamedNode):
            raise Unsupported("$currentShape in a SPARQL constraint of a blank-node shape")
        text = re.sub(r"(?i)\bbound\s*\(\s*[?$]currentShape\s*\)", "true", text)
        text = re.sub(r"[?$]currentShape\b", str(s.shape), text)
    if s.path is not None:
        text = re.sub(r"\$PATH\b", lambda _m: s.path or "", text)
    return text


@dataclass(frozen=True)
class _Query:
    prologue: str  # PREFIX lines (sh:prefixes, then the query's own PREFIX/BASE)
    head: str  # SELECT ... / ASK up to and including the "{" that opens the WHERE group
    body: str  # the rest: the WHERE group's content, its "}" and any solution modifiers
    subquery: bool  # the WHERE group is a subquery (nothing can go beside it)

    def where(self, insert: str, names: tuple[str, ...]) -> str:
        """The query from its SELECT with ``insert`` (the pre-bound variables' values) joined with the
        WHERE group: first in it if every pre-bound variable ``names`` is where a join binds it as
        pre-binding would (:func:`_joinable`), else first in every group of the query (SHACL's
        values insertion, which gives the same rows)."""
        if self.subquery:  # joined with the subquery's rows, which must return the pre-bound variables
            return f"{{ {insert} {{ {self.head} {self.body} }} }}"
        body, bare = self.body, without_strings(self.body)
        if not _joinable(bare, names):
            groups = [m.end() for m in re.finditer(r"\{", bare)
                      if not re.match(r"\s*SELECT\b", bare[m.end():], re.IGNORECASE)]
            for at in reversed(groups):
                body = f"{body[:at]} {insert} {body[at:]}"
        return f"{self.head} {insert} {body}"


def _read(s: ShapeScope, node: Any, key: str = "select") -> _Query:
    """The ``sh:select`` (or ``sh:ask``) of ``node``, substituted and cut where the pre-bound values go."""
    found = s.compiler.g.sh1(node, key)
    if found is None:
        raise Unsupported(f"a SPARQL constraint without sh:{key}")
    text = _substitute(s, found.value)
    head = _HEAD.match(text)
    assert head is not None  # the pattern matches the empty string
    declared, query = head.group(1), text[head.end():]
    if key == "select" and not _PROJECTS_THIS.match(query):
        raise Unsupported("a SPARQL constraint whose SELECT does not project $this")
    bare = without_strings(query)
    brace = bare.find("{")
    if brace < 0:
        raise Unsupported("a SPARQL query without a WHERE group")
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in declared_prefixes(s.compiler.g, node).items())
    subquery = re.match(r"\s*SELECT\b", bare[brace + 1:], re.IGNORECASE) is not None
    return _Query(prefixes + declared, query[:brace + 1], query[brace + 1:], subquery)


def _joinable(bare: str, names: tuple[str, ...] = ("this",)) -> bool:
    """True if every pre-bound variable ``names`` of a WHERE group (strings blanked) is where a join
    binds it as pre-binding would: in the group itself, in an OPTIONAL group in it, or in a FILTER
    (NOT) EXISTS (SPARQL evaluates those with the row's bindings). One in a nested group, a UNION or a
    subquery is evaluated before the join, unbound."""
    depth, kinds = 1, [""]
    variables = "|".join(re.escape(n) for n in names)
    for match in re.finditer(rf"(?i)\bOPTIONAL\s*\{{|\bEXISTS\s*\{{|\{{|\}}|[?$](?:{variables})\b", bare):
        token = match.group().upper()
        if token.endswith("{"):
            kinds.append("EXISTS" if token.startswith("EXISTS") else "OPTIONAL" if token.startswith("OPTIONAL")
                         else "group")
            depth += 1
        elif token == "}":
            kinds.pop()
            depth -= 1
            if depth == 0:
                return True  # the end of the WHERE group
        elif not ("EXISTS" in kinds or depth == 1 or (depth == 2 and kinds[-1] == "OPTIONAL")):
            return False
    return True


def _values(bound: dict[str, Any]) -> str:
    """A VALUES clause binding the variables ``bound`` (name -> term) for one row."""
    if not bound:
        return ""
    if any(isinstance(t, ox.BlankNode) for t in bound.values()):
        raise Unsupported("a blank node as the value of a parameter of a SPARQL-based constraint component")
    return f"VALUES ({' '.join('?' + n for n in bound)}) {{ ({' '.join(str(t) for t in bound.values())}) }}"


def check_query(s: ShapeScope, node: Any, bound: dict[str, Any] | None = None) -> str:
    """The SELECT of a SPARQL constraint (or of a SELECT validator, its parameters ``bound``) as a
    check: ``?this``, ``?value``, ``?path`` ... per result. SHACL pre-binds ``$this`` (and the
    parameters) by joining each basic graph pattern with them; :meth:`_Query.where` does the same."""
    q = _read(s, node)
    bound = bound or {}
    insert = f"{s.FOCUS} {_values(bound)}"
    return f"{q.prologue}\nSELECT * WHERE {{ {q.where(insert, ('this', *bound))} }}"


def conforms_condition(s: ShapeScope, node: Any, v: str, bound: dict[str, Any] | None = None) -> str:
    """An expression: node ``v`` gets no result from the SELECT of ``node`` (used inside sh:node ...)."""
    q = _read(s, node)
    _declare(s, q)
    bound = bound or {}
    query = _THIS.sub(v, q.where(_values(bound), tuple(bound)))
    return f"NOT EXISTS {{ {{ SELECT {v} WHERE {{ {{ {query} }} }} }} }}"


def ask_condition(s: ShapeScope, node: Any, this: str, value: str, bound: dict[str, Any]) -> str:
    """An expression: the ASK of ``node`` is true for focus node ``this`` and value node ``value``
    (SPARQL evaluates EXISTS with the row's bindings, in nested groups too: pre-binding)."""
    q = _read(s, node, "ask")
    if q.subquery:
        raise Unsupported("an ASK validator whose WHERE group is a subquery")
    _declare(s, q)
    group = q.where(_values(bound), tuple(bound))[len(q.head):]
    group = re.sub(r"[?$]value\b", value, _THIS.sub(this, group))
    return f"EXISTS {{ {group}"


def _declare(s: ShapeScope, q: _Query) -> None:
    """The query's prefixes, for the whole query it becomes part of."""
    for line in q.prologue.splitlines():
        match = _PREFIX_LINE.match(line.strip())
        if match:
            s.compiler.declare_prefix(match.group(1), match.group(2))
        elif line.strip():
            raise Unsupported("BASE in a SPARQL query used inside another query")


class SparqlBasedComponent(Component):
    """A SPARQL-based constraint component of the shapes graph (SHACL 6): its parameters (by the local
    names of their paths) and its validators, SELECT (once per focus node) or ASK (per value node)."""

    def __init__(self, g: ShapesGraph, node: Any):
        self.node = node
        params = [(p, g.sh1(p, "path")) for p in g.sh(node, "parameter")]
        if any(not isinstance(path, ox.NamedNode) for _p, path in params):
            raise Unsupported(f"a parameter of {node} without an IRI as sh:path")
        self.paths = [path.value for _p, path in params]
        self.names = [re.split(r"[#/]", path)[-1] for path in self.paths]
        self.required = [path for (p, _), path in zip(params, self.paths, strict=True) if not g.is_true(p, "optional")]
        self.message = ("Value {value} of {focus} does not satisfy {component}",
                        "Værdien {value} af {focus} opfylder ikke {component}")

    @property
    def iri(self) -> str:
        return terms.from_oxigraph(self.node)

    def applies(self, g: ShapesGraph, shape: Any) -> bool:
        return set(self.required) <= set(g.predicates(shape))

    def _bindings(self, s: ShapeScope) -> list[dict[str, Any]]:
        """One dict (parameter name -> value) per combination of the shape's parameter values."""
        given = [(name, s.compiler.g.objects(s.shape, path)) for name, path in zip(self.names, self.paths, strict=True)]
        given = [(name, values) for name, values in given if values]
        return [dict(zip([n for n, _v in given], combo, strict=True))
                for combo in itertools.product(*(values for _n, values in given))]

    def _validator(self, s: ShapeScope) -> tuple[Any, str] | None:
        """The validator for this shape and its kind ("select" or "ask"), or None (SHACL: ignore)."""
        g = s.compiler.g
        for key in ("propertyValidator" if s.path is not None else "nodeValidator", "validator"):
            for validator in g.sh(self.node, key):
                for kind in ("select", "ask"):
                    if g.sh1(validator, kind) is not None:
                        return validator, kind
        if any(g.sh(self.node, k) for k in ("validator", "nodeValidator", "propertyValidator")):
            raise Unsupported(f"a validator of {self.node} that is neither SELECT nor ASK (e.g. SHACL-JS)")
        return None

    def checks(self, s: ShapeScope) -> None:
        found = self._validator(s)
        if found is None:
            return
        validator, kind = found
        for bound in self._bindings(s):
            shown = {n: _display(t) for n, t in bound.items()}
            if kind == "select":
                s.add(self, check_query(s, validator, bound), messages=(s.shape, validator, self.node), bound=shown)
            else:
                s.value_check(self, ask_condition(s, validator, "?this", "?value", bound),
                              messages=(s.shape, validator, self.node), bound=shown)

    def condition(self, s: ShapeScope, v: str) -> str:
        found = self._validator(s)
        if found is None:
            return "true"
        validator, kind = found
        if kind == "select":
            parts = [conforms_condition(s, validator, v, bound) for bound in self._bindings(s)]
        else:
            parts = [s.every_value(v, partial(ask_condition, s, validator, v, bound=bound))
                     for bound in self._bindings(s)]
        return " && ".join(parts) or "true"


def _display(term: Any) -> str:
    return terms.display(terms.from_oxigraph(term))


# -- the syntax rules of pre-binding --------------------------------------------------------------------


def _without_filters(text: str) -> str:
    """``text`` without its FILTER clauses (they bind no variable)."""
    out, i = [], 0
    for match in re.finditer(r"\bFILTER\b", text, re.IGNORECASE):
        if match.start() < i:
            continue
        out.append(text[i:match.start()])
        j = match.end()
        while j < len(text) and text[j] not in "({":
            j += 1  # NOT EXISTS / EXISTS / whitespace up to the bracket
        depth, k = 0, j
        for k in range(j, len(text)):
            depth += {"(": 1, "{": 1, ")": -1, "}": -1}.get(text[k], 0)
            if depth == 0:
                break
        i = k + 1
    out.append(text[i:])
    return "".join(out)


def _subqueries(text: str) -> list[tuple[str, str]]:
    """(projection, body) of every SELECT nested in ``text`` (a query with its strings blanked)."""
    out = []
    for match in list(re.finditer(r"\bSELECT\b", text, re.IGNORECASE))[1:]:
        rest = text[match.end():]
        brace = rest.find("{")
        projection = re.sub(r"\bWHERE\b", "", rest[:brace], flags=re.IGNORECASE) if brace >= 0 else rest
        depth, end = 0, len(rest)
        for k in range(brace, len(rest)):
            depth += {"{": 1, "}": -1}.get(rest[k], 0)
            if depth == 0:
                end = k
                break
        out.append((projection, rest[brace:end + 1]))
    return out


def prebinding_problem(text: str, prebound: tuple[str, ...] = PREBOUND) -> str | None:
    """What in the query ``text`` breaks SHACL's syntax rules for pre-bound variables, or None."""
    bare = without_strings(text)
    for word in ("MINUS", "VALUES", "SERVICE"):
        if re.search(rf"(?<![\w?$:]){word}\b", bare, re.IGNORECASE):
            return f"it uses {word}, which SHACL does not allow in a query with pre-bound variables"
    names = "|".join(prebound)
    rebound = re.search(rf"\bAS\s*[?$]({names})\b", bare, re.IGNORECASE)
    if rebound:
        return f"it assigns the pre-bound variable ?{rebound.group(1)} (AS ?{rebound.group(1)})"
    for projection, body in _subqueries(bare):
        in_scope = _without_filters(body)
        for name in (n for n in prebound if n not in ("currentShape", "shapesGraph")):
            used = re.search(rf"[?$]{name}\b", bare) is not None
            returned = (re.search(rf"[?$]{name}\b", projection) is not None
                        or (projection.strip() == "*" and re.search(rf"[?$]{name}\b", in_scope) is not None))
            if used and not returned:
                return f"a subquery does not return the pre-bound variable ?{name}"
    return None


def query_problems(g: ShapesGraph) -> list[tuple[Any, str]]:
    """(node, problem) for each SPARQL query of the shapes graph (``sh:select``, ``sh:ask``) that does
    not parse, uses SERVICE or $shapesGraph, or breaks SHACL's rules for pre-bound variables."""
    prefixes = {p.value: ns.value for decl in {d for _s, d in g.by_predicate(SH_ + "declare")}
                for p in g.sh(decl, "prefix") for ns in g.sh(decl, "namespace")}
    parameters = tuple(re.split(r"[#/]", p.value)[-1] for param in {o for _s, o in g.by_predicate(SH_ + "parameter")}
                       for p in g.sh(param, "path") if isinstance(p, ox.NamedNode))
    queries: list[tuple[Any, Any, tuple[str, ...]]] = [(n, t, PREBOUND) for n, t in g.by_predicate(SH_ + "select")]
    queries += [(n, t, (*PREBOUND, "value")) for n, t in g.by_predicate(SH_ + "ask")]
    out = []
    for node, text, prebound in sorted(queries, key=lambda q: (str(q[0]), str(q[1]))):
        problem = _query_problem(text.value, prefixes, (*prebound, *parameters))
        if problem:
            out.append((node, problem))
    return out


def _query_problem(query: str, prefixes: dict[str, str], prebound: tuple[str, ...]) -> str | None:
    try:
        found = inspect(query, prefixes=prefixes)
    except QueryError as exc:
        return f"is not valid SPARQL: {exc}"
    if found.service:
        return "uses SERVICE, which graf refuses (it would leave the machine)"
    if re.search(r"[?$]shapesGraph\b", query):
        return ("uses $shapesGraph, which graf does not support (SHACL makes it optional): the shapes are not "
                "part of the data graf queries")
    try:  # the text as graf reads it: that it parses proves no keyword is glued to a prefixed name
        ox.Store().query(found.text, prefixes=found.prefixes(prefixes))
    except SyntaxError as exc:
        return f"is not valid SPARQL: {query_error(exc)}"
    problem = prebinding_problem(query, prebound)
    return f"cannot be evaluated as SHACL requires: {problem}" if problem else None
