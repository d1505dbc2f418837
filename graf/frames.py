"""Query results as pandas DataFrames (``QueryResult.to_pandas()``; pandas is the extra ``graf[pandas]``).

Each column gets the type its values share: whole numbers (``xsd:integer`` and its subtypes)
become ``Int64``, other numbers (``xsd:decimal``, ``double``, ``float``) ``Float64``, booleans
``boolean``, ``xsd:date`` and ``xsd:dateTime`` ``datetime64`` (UTC when a value has a time zone),
plain strings ``string``. Unbound values are missing (``<NA>`` / ``NaT``). Anything else, IRIs,
blank nodes, language-tagged strings, other datatypes, a mix of kinds, or a literal that does not
read as its datatype, is kept as the pyoxigraph term itself (an ``object`` column), so an IRI stays an
IRI and ``København@da`` keeps its language; ``plain=True`` turns those into their text instead
(a ``string`` column: the IRI, the string without its tag).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graf.errors import GrafError

if TYPE_CHECKING:
    import pandas as pd

    from graf.sparql import QueryResult

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = frozenset(XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))
FLOAT_TYPES = frozenset(XSD + t for t in ("decimal", "double", "float"))
DATE_TYPES = frozenset(XSD + t for t in ("date", "dateTime", "dateTimeStamp"))
_ZONE = re.compile(r"(?:Z|[+-]\d\d:\d\d)$")


def _datatype(term: Any) -> str | None:
    """The datatype IRI of a literal without a language tag; None for anything else."""
    if isinstance(term, ox.Literal) and not term.language:
        return term.datatype.value
    return None


def _float(lexical: str) -> float:
    return {"INF": float("inf"), "-INF": float("-inf"), "NaN": float("nan")}.get(lexical.strip()) or float(lexical)


def _column(pandas: Any, terms: list[Any], plain: bool) -> Any:
    """One column as a pandas Series of the type its bound values share."""
    bound = [t for t in terms if t is not None]
    types = {_datatype(t) for t in bound}
    try:
        if bound and types <= INTEGER_TYPES:
            return pandas.array([None if t is None else int(t.value) for t in terms], dtype="Int64")
        if bound and types <= INTEGER_TYPES | FLOAT_TYPES:
            return pandas.array([None if t is None else _float(t.value) for t in terms], dtype="Float64")
        if bound and types == {XSD + "boolean"}:
            values = {"true": True, "1": True, "false": False, "0": False}
            return pandas.array([None if t is None else values[t.value.strip()] for t in terms], dtype="boolean")
        if bound and types <= DATE_TYPES:
            text = [None if t is None else t.value for t in terms]
            zoned = any(v is not None and _ZONE.search(v.strip()) for v in text)
            return pandas.to_datetime(pandas.Series(text, dtype="object"), utc=zoned, format="ISO8601").array
        if bound and types == {XSD + "string"}:
            return pandas.array([None if t is None else t.value for t in terms], dtype="string")
    except (ValueError, KeyError, OverflowError, TypeError):
        pass  # a literal that does not read as its datatype: keep the terms
    if plain:
        return pandas.array([None if t is None else getattr(t, "value", str(t)) for t in terms], dtype="string")
    return pandas.array(terms, dtype="object")


def to_dataframe(result: QueryResult, *, plain: bool = False) -> pd.DataFrame:
    """The rows of a SELECT result (or the triples of a CONSTRUCT/DESCRIBE result, as columns
    subject, predicate, object) as a DataFrame with typed columns (see the module docstring).

    Raises GrafError for an ASK result (a boolean, not a table) and when pandas is not installed.

    Examples
    --------
    >>> result = run_query(store, "SELECT ?n WHERE { VALUES ?n { 1 2 } }")  # doctest: +SKIP
    >>> result.to_pandas()["n"].dtype  # doctest: +SKIP
    Int64Dtype()
    """
    try:
        import pandas
    except ImportError:
        raise GrafError("pandas is not installed; install graf with it: pip install 'graf[pandas]'") from None
    if result.form == "ASK":
        raise GrafError(f"an ASK result is a boolean ({result.boolean}), not a table; read result.boolean")
    if result.is_graph:
        names = ["subject", "predicate", "object"]
        rows: list[tuple[Any, ...]] = [(t.subject, t.predicate, t.object) for t in result.triples]
    else:
        names, rows = list(result.variables), result.rows
    columns = {name: _column(pandas, [row[i] for row in rows], plain) for i, name in enumerate(names)}
    return pandas.DataFrame(columns, columns=names)


__all__ = ["to_dataframe"]
