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

from graf import iris
from graf.errors import GrafError

if TYPE_CHECKING:
    import pandas as pd

    from graf.sparql import QueryResult

XSD = iris.XSD
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


def _boolean(lexical: str) -> bool:
    return _BOOLEANS[lexical.strip()]


_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}

#: (the datatypes a column's bound values may have, how each lexical form reads (None: as it is), pandas dtype)
_READERS: tuple[tuple[frozenset[str], Any, str], ...] = (
    (INTEGER_TYPES, int, "Int64"),
    (INTEGER_TYPES | FLOAT_TYPES, _float, "Float64"),
    (frozenset({XSD + "boolean"}), _boolean, "boolean"),
    (frozenset({XSD + "string"}), None, "string"),
)


def _column(pandas: Any, terms: list[Any], plain: bool) -> Any:
    """One column as a pandas Series of the type its bound values share."""
    bound = [t for t in terms if t is not None]
    if bound:
        try:
            typed = _typed(pandas, terms, {_datatype(t) for t in bound})
        except (ValueError, KeyError, OverflowError, TypeError):
            typed = None  # a literal that does not read as its datatype: keep the terms
        if typed is not None:
            return typed
    if plain:
        return pandas.array([None if t is None else getattr(t, "value", str(t)) for t in terms], dtype="string")
    return pandas.array(terms, dtype="object")


def _typed(pandas: Any, terms: list[Any], types: set[str | None]) -> Any:
    """The column in the pandas type that the datatypes ``types`` of its bound values share (None if none)."""
    for datatypes, read, dtype in _READERS:
        if types <= datatypes:
            if read is None:
                return pandas.array([None if t is None else t.value for t in terms], dtype=dtype)
            return pandas.array([None if t is None else read(t.value) for t in terms], dtype=dtype)
    if types <= DATE_TYPES:
        text = [None if t is None else t.value for t in terms]
        zoned = any(v is not None and _ZONE.search(v.strip()) for v in text)
        return pandas.to_datetime(pandas.Series(text, dtype="object"), utc=zoned, format="ISO8601").array
    return None


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
        # here, not at the top: loads pandas (start-up)
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
