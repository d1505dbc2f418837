"""SHACL-SPARQL constraints (``sh:sparql`` with ``sh:select``): their syntax rules and their SPARQL.

SHACL evaluates such a query once per focus node with ``$this`` pre-bound. graf's sparql engine
runs it once for all focus nodes, joined with them; the two agree under the syntax rules SHACL
sets for pre-binding (SHACL 5.3.1), which graf checks for both engines before anything runs
(:func:`prebinding_problem`): no ``MINUS``, ``VALUES`` or ``SERVICE``, no ``AS ?var`` for a
pre-bound variable, and every subquery returns the pre-bound variables.
``$currentShape`` is replaced by the shape; ``$shapesGraph`` (optional in SHACL) is not supported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graf.rules.shacl_components import Unsupported

if TYPE_CHECKING:
    from graf.rules.shacl_shapes import ShapesGraph
    from graf.rules.shacl_sparql import ShapeScope

_HEAD = re.compile(r"^\s*((?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*)", re.IGNORECASE)
_PROJECTS_THIS = re.compile(r"^\s*SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(?:\*|[^{]*?[?$]this\b)", re.IGNORECASE)
_PREFIX_LINE = re.compile(r"PREFIX\s+([^\s:]*):\s*<([^>]*)>", re.IGNORECASE)
_THIS = re.compile(r"[?$]this\b")
#: variables SHACL pre-binds in a SPARQL-based constraint (5.3.1)
PREBOUND = ("this", "currentShape", "shapesGraph")
OWL_IMPORTS = "http://www.w3.org/2002/07/owl#imports"
SH_ = "http://www.w3.org/ns/shacl#"


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
    head: str  # SELECT ... up to and including the "{" that opens the WHERE group
    body: str  # the rest: the WHERE group's content, its "}" and any solution modifiers
    joinable: bool  # evaluated once for all focus nodes, joined with them, it gives SHACL's results
    subquery: bool  # the WHERE group is a subquery (nothing can go beside it)


def _read(s: ShapeScope, constraint: Any) -> _Query:
    """A constraint's sh:select, substituted and cut where the focus nodes go."""
    from graf.sparql import without_strings

    select = s.compiler.g.sh1(constraint, "select")
    if select is None:
        raise Unsupported("a SPARQL constraint without sh:select (e.g. sh:ask)")
    text = _substitute(s, select.value)
    head = _HEAD.match(text)
    assert head is not None  # the pattern matches the empty string
    declared, query = head.group(1), text[head.end():]
    if not _PROJECTS_THIS.match(query):
        raise Unsupported("a SPARQL constraint whose SELECT does not project $this")
    bare = without_strings(query)
    brace = bare.find("{")
    if brace < 0:
        raise Unsupported("a SPARQL constraint without a WHERE group")
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in declared_prefixes(s.compiler.g, constraint).items())
    subquery = re.match(r"\s*SELECT\b", bare[brace + 1:], re.IGNORECASE) is not None
    return _Query(prefixes + declared, query[:brace + 1], query[brace + 1:], _joinable(bare[brace + 1:]), subquery)


def _joinable(bare: str) -> bool:
    """True if every ``$this`` of a WHERE group (strings blanked) is where a join binds it as
    pre-binding would: in the group itself, in an OPTIONAL group in it, or in a FILTER (NOT) EXISTS
    (SPARQL evaluates those with the row's bindings). A ``$this`` in a nested group, a UNION or a
    subquery is evaluated before the join, unbound."""
    depth, kinds = 1, [""]
    for match in re.finditer(r"(?i)\bOPTIONAL\s*\{|\bEXISTS\s*\{|\{|\}|[?$]this\b", bare):
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


def check_query(s: ShapeScope, constraint: Any) -> str:
    """The query of a SPARQL constraint as a check: ``?this``, ``?value``, ``?path`` ... per result.

    SHACL pre-binds ``$this`` by joining each basic graph pattern of the query with the focus node
    (its "values insertion"). Where every ``$this`` is in the WHERE group itself, an OPTIONAL in it
    or a FILTER (NOT) EXISTS (:func:`_joinable`), the focus nodes go first in the WHERE group only;
    otherwise they go first in every group of the query, which gives the same rows.
    """
    from graf.sparql import without_strings

    q = _read(s, constraint)
    if q.subquery:  # the focus nodes are joined with the subquery's rows, which must return $this
        return f"{q.prologue}\nSELECT * WHERE {{ {s.FOCUS} {{ {q.head} {q.body} }} }}"
    body = q.body
    if not q.joinable:
        bare = without_strings(body)
        groups = [m.end() for m in re.finditer(r"\{", bare)
                  if not re.match(r"\s*SELECT\b", bare[m.end():], re.IGNORECASE)]
        for at in reversed(groups):
            body = f"{body[:at]} {s.FOCUS} {body[at:]}"
    return f"{q.prologue}\nSELECT * WHERE {{ {q.head} {s.FOCUS} {body} }}"


def conforms_condition(s: ShapeScope, constraint: Any, v: str) -> str:
    """An expression: node ``v`` gets no result from the constraint (it is used inside sh:node ...)."""
    q = _read(s, constraint)
    if not q.joinable:
        raise Unsupported("a SPARQL constraint inside sh:node, sh:not ... that uses $this in a nested group")
    for line in q.prologue.splitlines():
        match = _PREFIX_LINE.match(line.strip())
        if match:
            s.compiler.declare_prefix(match.group(1), match.group(2))
        elif line.strip():
            raise Unsupported("BASE in a SPARQL constraint used inside sh:node, sh:not ...")
    renamed = _THIS.sub(v, q.head + q.body)
    return f"NOT EXISTS {{ {{ SELECT {v} WHERE {{ {{ {renamed} }} }} }} }}"


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
    from graf.sparql import without_strings

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
    from graf.sparql import find_service, query_error

    prefixes = {p.value: ns.value for decl in {d for _s, d in g.by_predicate(SH_ + "declare")}
                for p in g.sh(decl, "prefix") for ns in g.sh(decl, "namespace")}
    parameters = tuple(re.split(r"[#/]", p.value)[-1] for param in {o for _s, o in g.by_predicate(SH_ + "parameter")}
                       for p in g.sh(param, "path") if isinstance(p, ox.NamedNode))
    queries = [(n, t, PREBOUND) for n, t in g.by_predicate(SH_ + "select")]
    queries += [(n, t, (*PREBOUND, "value")) for n, t in g.by_predicate(SH_ + "ask")]
    out = []
    for node, text, prebound in sorted(queries, key=lambda q: (str(q[0]), str(q[1]))):
        query = text.value
        if find_service(query):
            out.append((node, "uses SERVICE, which graf refuses (it would leave the machine)"))
        elif re.search(r"[?$]shapesGraph\b", query):
            out.append((node, "uses $shapesGraph, which graf does not support (SHACL makes it optional): "
                              "the shapes are not part of the data graf queries"))
        else:
            try:
                ox.Store().query(query, prefixes=prefixes)
            except SyntaxError as exc:
                out.append((node, f"is not valid SPARQL: {query_error(exc)}"))
                continue
            problem = prebinding_problem(query, (*prebound, *parameters))
            if problem:
                out.append((node, f"cannot be evaluated as SHACL requires: {problem}"))
    return out
