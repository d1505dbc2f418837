"""Named parameters of a query (like Datasette's canned queries), bound as RDF terms.

A query declares its parameters in comment lines of its header::

    # param: actor (actor) = teknik-og-miljoeforvaltningen — an actor id or IRI
    # param-da: actor — en aktørs id eller IRI

``NAME`` is the SPARQL variable the value is bound to (``?actor``), ``(TYPE)`` one of
:data:`TYPES` (default ``string``), ``= DEFAULT`` makes the parameter optional, the text after the
dash describes it (``param-da:`` in Danish). A value is turned into an RDF term here and handed to
the store, which substitutes it for the variable (pyoxigraph's ``substitutions``, SPARQL SEP-0007):
it is never written into the query text, so no value can change what the query does. A SELECT
must therefore project the parameter's variable (``SELECT ?actor ...`` or ``SELECT *``).

An ``actor`` value is an IRI, a prefixed name with graf's prefixes (``kbh:borgerservice``), or an
actor id: the IRI's path under its data set's namespace ``https://w3id.org/graf/id/<data set>/``
(``teknik-og-miljoeforvaltningen`` in the Copenhagen data, as in ``/actors/{id}``), looked up in the
store.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graf import iris
from graf.errors import GrafError, ParameterError

if TYPE_CHECKING:
    from graf.settings import Settings
    from graf.store import Store

XSD = iris.XSD
#: where every graf data set names its actors: ``ID_BASE + "<data set>/" + id``
ID_BASE = iris.ID

#: parameter type -> what a value must look like (said in error messages)
TYPES: dict[str, str] = {
    "actor": "an actor id (e.g. teknik-og-miljoeforvaltningen), a prefixed name (kbh:...) or an IRI",
    "iri": "an IRI (https://...) or a prefixed name with graf's prefixes (graf:Administration)",
    "string": "any text",
    "integer": "a whole number (e.g. 42)",
    "decimal": "a decimal number (e.g. 2.5)",
    "date": "a date YYYY-MM-DD (e.g. 2010-02-25)",
    "boolean": "true or false",
}
#: names a parameter may not take: they mean something else in a request (``?format=``)
RESERVED = frozenset({"format"})

_DECLARATION = re.compile(r"^#\s*param(?P<da>-da)?\s*:(?P<rest>.*)$")
_PARAM = re.compile(
    r"^\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"(?:\s*\(\s*(?P<type>[A-Za-z]+)\s*\))?"
    r"(?:\s*=\s*(?P<default>.*?))?"
    r"\s*(?:(?:—|–|--|\s-)\s*(?P<description>.*?))?\s*$"
)
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ID = re.compile(r"[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*")


@dataclass(frozen=True)
class Parameter:
    """A named parameter: the variable it binds, its type, an optional default, its description."""

    name: str
    type: str = "string"
    default: str | None = None
    description: str = ""
    description_da: str = ""

    @property
    def required(self) -> bool:
        return self.default is None

    def description_in(self, lang: str) -> str:
        """The description in ``lang`` ("da" or "en"), English where no Danish one is given."""
        return (self.description_da if lang == "da" else "") or self.description


def parse_parameters(text: str, source: str = "the query") -> tuple[Parameter, ...]:
    """The parameters declared in the ``# param:`` lines of ``text``, in order.

    Raises GrafError naming ``source`` and the line for a declaration that cannot be read, an
    unknown type, a reserved or repeated name, or a default that does not fit its type.
    """
    found: dict[str, dict[str, Any]] = {}
    danish: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        declaration = _DECLARATION.match(line.strip())
        if not declaration:
            continue
        where = f"{source}, line {number}"
        match = _PARAM.match(declaration["rest"])
        if not match:
            raise GrafError(f"{where}: cannot read the parameter declaration {line.strip()!r}; write "
                            "'# param: NAME (TYPE) = DEFAULT — description' (type and default optional)")
        name = match["name"]
        if declaration["da"]:
            danish[name] = (number, match["description"] or "")
            continue
        found[name] = _check_declaration(where, match, found)
    for name, (number, _) in danish.items():
        if name not in found:
            raise GrafError(f"{source}, line {number}: '# param-da:' describes {name!r}, which no '# param:' "
                            "line declares")
    return tuple(Parameter(**fields, description_da=danish.get(name, (0, ""))[1]) for name, fields in found.items())


def _check_declaration(where: str, match: re.Match[str], found: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The fields of one ``# param:`` declaration; GrafError (at ``where``) for an unknown type, a reserved
    or repeated name, or a default that does not fit its type."""
    name = match["name"]
    kind = (match["type"] or "string").lower()
    if kind not in TYPES:
        raise GrafError(f"{where}: parameter {name!r} has the unknown type {kind!r}; use one of: "
                        f"{', '.join(TYPES)}")
    if name in RESERVED:
        raise GrafError(f"{where}: a parameter may not be called {name!r} (it names the result format)")
    if name in found:
        raise GrafError(f"{where}: parameter {name!r} is declared twice")
    default = match["default"]
    if default is not None and kind != "actor":  # an actor default is looked up when it is used
        try:
            to_term(kind, default)
        except ValueError as exc:
            raise GrafError(f"{where}: the default of parameter {name!r} is not {TYPES[kind]}: {exc}") from None
    return {"name": name, "type": kind, "default": default, "description": match["description"] or ""}


def _iri(value: str) -> ox.NamedNode | None:
    """``value`` as an IRI when it is one (``<...>`` allowed) or a prefixed name with graf's prefixes."""
    # here, not at the top: graf.sparql imports this module
    from graf.sparql import PREFIXES

    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES:
        if not re.fullmatch(r"[\w.\-/]*", local):
            raise ValueError(f"{text!r} is not a valid prefixed name")
        return ox.NamedNode(PREFIXES[prefix] + local)
    if colon and (local.startswith("//") or prefix.lower() in ("urn", "mailto", "tag")):
        return ox.NamedNode(text)  # ValueError for a malformed IRI (spaces, <, >, ...)
    return None


def to_term(kind: str, value: str) -> Any:
    """``value`` as the RDF term of a parameter of type ``kind`` (not ``actor`` ids: see :func:`bind`).

    Raises ValueError saying what is wrong.
    """
    text = value.strip()
    if kind == "string":
        return ox.Literal(value)
    if kind in ("iri", "actor"):
        iri = _iri(text)
        if iri is None:
            raise ValueError(f"{value!r} is neither an IRI nor a prefixed name with one of graf's prefixes")
        return iri
    if kind == "integer":
        if not _INTEGER.fullmatch(text):
            raise ValueError(f"{value!r} is not a whole number")
        return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))
    if kind == "decimal":
        if not _DECIMAL.fullmatch(text):
            raise ValueError(f"{value!r} is not a decimal number")
        return ox.Literal(text, datatype=ox.NamedNode(XSD + "decimal"))
    if kind == "date":
        try:
            if not _DATE.fullmatch(text):
                raise ValueError
            day = datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{value!r} is not a date YYYY-MM-DD") from None
        return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if kind == "boolean":
        lowered = text.lower()
        if lowered not in ("true", "false", "1", "0"):
            raise ValueError(f"{value!r} is not true or false")
        return ox.Literal("true" if lowered in ("true", "1") else "false", datatype=ox.NamedNode(XSD + "boolean"))
    raise ValueError(f"unknown parameter type {kind!r}")


_FIND_ACTOR = f"""
SELECT DISTINCT ?x ?tail WHERE {{
  ?x a ?type .
  FILTER(STRSTARTS(STR(?x), "{ID_BASE}") && STRENDS(STR(?x), ?tail))
}}
"""


def resolve_actor_id(store: Store, actor_id: str, settings: Settings | None = None) -> ox.NamedNode:
    """The IRI of the resource whose path under its data set's namespace is ``actor_id``.

    ``teknik-og-miljoeforvaltningen`` -> ``https://w3id.org/graf/id/kbh/teknik-og-miljoeforvaltningen``.
    The id is bound as a term (never written into the lookup query). Raises ValueError when no
    typed resource or more than one has that id.
    """
    # here, not at the top: graf.sparql imports this module
    from graf.sparql import run_query

    if not _ID.fullmatch(actor_id):
        raise ValueError(f"{actor_id!r} is not an actor id (letters, digits, '-', '_', '.', '~' and '/'), "
                         "a prefixed name or an IRI")
    result = run_query(store, _FIND_ACTOR, settings, bindings={"tail": ox.Literal("/" + actor_id)})
    found = sorted({row["x"].value for row in result.records()
                    if row["x"].value[len(ID_BASE):].partition("/")[2] == actor_id})
    if len(found) == 1:
        return ox.NamedNode(found[0])
    if found:
        raise ValueError(f"the id {actor_id!r} is ambiguous; give one of the IRIs: {', '.join(found)}")
    raise ValueError(f"no actor has the id {actor_id!r} (ids are the IRI's path under {ID_BASE}<data set>/; "
                     "see /actors or `graf query labels`)")


def parse_assignments(pairs: Iterable[str]) -> list[tuple[str, str]]:
    """``NAME=VALUE`` strings (the CLI's ``--param``) as pairs; ParameterError for one without '='."""
    out = []
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            raise ParameterError(pair, "write --param NAME=VALUE")
        out.append((name.strip(), value))
    return out


def bind(
    parameters: Sequence[Parameter],
    given: Iterable[tuple[str, str]] | Mapping[str, str],
    store: Store | None = None,
    settings: Settings | None = None,
    *,
    query: str = "the query",
) -> dict[str, Any]:
    """The RDF term for each parameter (variable name -> term), from ``given`` (name, value) pairs.

    Defaults fill what is not given; ``store`` looks up actor ids. Raises ParameterError, naming
    the parameter, for an unknown name, a name given twice, a missing required parameter or a value
    that is not of the parameter's type.
    """
    pairs = list(given.items()) if isinstance(given, Mapping) else list(given)
    declared = {p.name: p for p in parameters}
    values: dict[str, str] = {}
    for name, value in pairs:
        if name not in declared:
            takes = f"it takes: {', '.join(declared)}" if declared else "it takes no parameters"
            raise ParameterError(name, f"{query} has no such parameter; {takes}")
        if name in values:
            raise ParameterError(name, "given more than once; give it once")
        values[name] = value
    bound: dict[str, Any] = {}
    for p in parameters:
        value = values.get(p.name, p.default)
        if value is None:
            raise ParameterError(p.name, f"missing; give {TYPES[p.type]}")
        try:
            term = to_term(p.type, value) if p.type != "actor" or ":" in value else None
            if term is None:
                if store is None:
                    raise ValueError("an actor id needs the store to be looked up; give an IRI")
                term = resolve_actor_id(store, value.strip(), settings)
        except ValueError as exc:
            raise ParameterError(p.name, str(exc)) from None
        bound[p.name] = term
    return bound


__all__ = ["Parameter", "TYPES", "bind", "parse_assignments", "parse_parameters", "resolve_actor_id", "to_term"]
