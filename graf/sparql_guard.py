"""What graf decides about a SPARQL text before the engine sees it, decided on tokens.

Does the text use ``SERVICE``? Is it an update, does it ``LOAD``? Does it have its own dataset
(``FROM`` / ``FROM NAMED``, or an update's ``USING`` / ``WITH``)? How deeply does it nest? The
answers come from :func:`graf.sparql_lexer.tokenize`, which reads the text as pyoxigraph 0.5
does, so a keyword inside a string, an IRI, a comment, a variable or a prefixed name is never
taken for the keyword, and a keyword is never missed where the engine sees one.

pyoxigraph 0.5 exposes no parser (no ``Query`` object, no algebra), so graf cannot ask the engine;
these decisions are what the test suite checks against the engine's behaviour
(``tests/test_sparql_guard_property.py``).

Two places where the engine is more lenient than SPARQL 1.1 are closed here:

* Keywords may touch what follows them in pyoxigraph 0.5: ``SERVICEex:svc { ... }`` is a call to
  ``ex:svc`` when the prefix ``SERVICEex`` is not declared. A prefixed name whose prefix starts
  with such a keyword (``SERVICE``, ``FROM``, ``LOAD``, ``WITH``, ``USING``, ``FILTER``,
  ``HAVING``) is therefore handed to the engine with a renamed prefix of the same length
  (``service:`` becomes ``xervice:`` throughout, declarations included), which means the same and
  cannot be split. A bare word that is not a keyword but starts with one (``FILTERregex``,
  ``LIMIT10``) is refused: SPARQL 1.1 does not allow it either.
* Brackets nested deeper than ``max_query_depth`` are refused before parsing: the engine's parser
  recurses once per level and crashes its process (a segmentation fault) at a few thousand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graf.errors import DatasetError, QueryError, QueryTooDeep, UpdateRefused
from graf.settings import Settings
from graf.sparql_lexer import IRI, PNAME, PUNCT, WORD, Token, ascii_upper, line_column, tokenize

#: default of the setting ``max_query_depth``: pyoxigraph 0.5 crashes at about 1,000 nested
#: ``FILTER EXISTS { ... }`` and 2,000-5,000 nested ``{`` or ``(`` (measured, see the README)
DEFAULT_MAX_QUERY_DEPTH: int = Settings.max_query_depth

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")

#: every bare word pyoxigraph 0.5's SPARQL grammar has (keywords, functions, ``a``, booleans)
KEYWORDS = frozenset("""
    A ABS ADD ADJUST ALL AS ASC ASK AVG BASE BIND BNODE BOUND BY CEIL CLEAR COALESCE CONCAT CONSTRUCT
    CONTAINS COPY COUNT CREATE DATA DATATYPE DAY DEFAULT DELETE DESC DESCRIBE DISTINCT DROP ENCODE_FOR_URI
    EXISTS FALSE FILTER FLOOR FROM GRAPH GROUP GROUP_CONCAT HASLANG HASLANGDIR HAVING HOURS IF IN INSERT
    INTO IRI ISBLANK ISIRI ISLITERAL ISNUMERIC ISTRIPLE ISURI LANG LANGDIR LANGMATCHES LATERAL LCASE LIMIT
    LOAD MAX MD5 MIN MINUS MINUTES MONTH MOVE NAMED NOT NOW OBJECT OFFSET OPTIONAL ORDER PREDICATE PREFIX
    RAND REDUCED REGEX REPLACE ROUND SAMETERM SAMPLE SECONDS SELECT SEPARATOR SERVICE SHA1 SHA256 SHA384
    SHA512 SILENT STR STRAFTER STRBEFORE STRDT STRENDS STRLANG STRLANGDIR STRLEN STRSTARTS STRUUID SUBJECT
    SUBSTR SUM TIMEZONE TO TRIPLE TRUE TZ UCASE UNDEF UNION URI USING UUID VALUES VERSION WHERE WITH YEAR
""".split())
# longest first, so that a glued word is reported with the keyword it starts with (ASK, not AS)
_BY_LENGTH = sorted((k for k in KEYWORDS if len(k) > 1), key=len, reverse=True)

#: keywords the engine may read at the start of a prefixed name, followed by the rest of it
GLUE_KEYWORDS = ("SERVICE", "FROM", "LOAD", "WITH", "USING", "FILTER", "HAVING")
_RENAME_FIRST = "xqjkzXQJKZ"  # no SPARQL keyword starts with these letters


@dataclass(frozen=True)
class Inspection:
    """What graf knows of a query or update text (see :func:`inspect`).

    ``text`` is what to give the engine: the text itself, or a copy of the same length in which
    prefixes that start with a keyword are renamed (``renamed`` lists old -> new names). ``used``:
    the prefixes the text's prefixed names use (None: not known).
    """

    text: str
    form: str | None
    service: bool
    load: bool
    dataset: bool
    using: bool
    renamed: tuple[tuple[str, str], ...] = ()
    used: frozenset[str] | None = None

    @property
    def is_update(self) -> bool:
        """True if the first operation is an update (INSERT, DELETE, LOAD, ...)."""
        return self.form in UPDATE_WORDS

    @property
    def query_form(self) -> str | None:
        """SELECT, ASK, CONSTRUCT or DESCRIBE; ``None`` for an update or text that is no query."""
        return self.form if self.form in QUERY_FORMS else None

    def prefixes(self, predeclared: Mapping[str, str] | None) -> dict[str, str]:
        """The ``predeclared`` prefixes the text uses, the renamed ones under their new names: what the
        engine needs beside the text (the others would be sent and read for nothing with every query)."""
        out = dict(predeclared or {})
        for old, new in self.renamed:
            if old in out:
                out[new] = out[old]
        if self.used is None:
            return out
        used = self.used | {new for old, new in self.renamed if old in self.used}
        return {name: iri for name, iri in out.items() if name in used}


def _where(text: str, token: Token) -> tuple[int, int]:
    return line_column(text, token.start)


def _glued(text: str, token: Token) -> QueryError:
    word = token.keyword
    keyword = next(k for k in _BY_LENGTH if word.startswith(k))
    line, column = _where(text, token)
    return QueryError(f"'{token.text}' is not a SPARQL keyword (it starts with {keyword}; a keyword must be "
                      "followed by a space or punctuation)", line, column)


def _too_deep(text: str, token: Token, limit: int) -> QueryTooDeep:
    line, column = _where(text, token)
    return QueryTooDeep(limit, line, column)


def _form(tokens: list[Token]) -> str | None:
    """The first keyword after the prologue (PREFIX, BASE, VERSION declarations)."""
    skip = 0
    for token in tokens:
        if skip:
            skip -= 1
            continue
        word = token.keyword
        if word == "PREFIX":
            skip = 2
        elif word in ("BASE", "VERSION"):
            skip = 1
        else:
            return word or None
    return None


def _renames(names: frozenset[str] | set[str]) -> dict[str, str]:
    """New names (same length, same meaning) for the prefixes of ``names`` that start with a glue
    keyword; a new name is none of ``names``."""
    risky = sorted(n for n in names if ascii_upper(n[:7]).startswith(GLUE_KEYWORDS))
    taken = set(names)
    out: dict[str, str] = {}
    for name in risky:
        for first in _RENAME_FIRST:
            new = first + name[1:]
            if new not in taken:
                out[name] = new
                taken.add(new)
                break
    return out


_DECISIVE = {"SERVICE", "LOAD", "FROM", "USING", "WITH"}
_KEYWORD_STARTS = tuple(_BY_LENGTH)


def _inspect(text: str, predeclared: frozenset[str], max_depth: int) -> Inspection:
    tokens = tokenize(text)
    seen: set[str] = set()
    used: set[str] = set()
    for token in tokens:
        kind, value, _, depth = token
        if kind == WORD:
            word = value.upper()
            if word in _DECISIVE:
                seen.add(word)
            elif word not in KEYWORDS and word.startswith(_KEYWORD_STARTS):
                raise _glued(text, token)
        elif kind == PNAME:
            used.add(value[:value.index(":")])
        elif depth > max_depth and kind == PUNCT:
            raise _too_deep(text, token, max_depth)
    renames = _renames(predeclared | used)
    engine_text = text
    if renames:
        parts, last = [], 0
        for token in tokens:
            if token.kind == PNAME and token.prefix in renames:
                parts += [text[last:token.start], renames[token.prefix][0]]
                last = token.start + 1
        engine_text = "".join(parts) + text[last:]
    return Inspection(engine_text, _form(tokens), "SERVICE" in seen, "LOAD" in seen, "FROM" in seen,
                      bool(seen & {"USING", "WITH"}), tuple(sorted(renames.items())), frozenset(used))


# The HTTP endpoint inspects a query twice (to negotiate its format, then in the store) and clients
# send the same queries again and again; texts up to 64 kB are remembered (at most 512 of them).
_inspect_cached = lru_cache(maxsize=512)(_inspect)
_CACHED_UP_TO = 65_536


def inspect(text: str, *, prefixes: Iterable[str] = (), max_depth: int = DEFAULT_MAX_QUERY_DEPTH) -> Inspection:
    """What ``text`` does, read from its tokens; ``prefixes``: the names of predeclared prefixes.

    Parameters
    ----------
    text : str
        A SPARQL query or update.
    prefixes : iterable of str
        Names of prefixes the engine gets predeclared (they are renamed like declared ones).
    max_depth : int
        The setting ``max_query_depth``: the deepest nesting of brackets allowed.

    Returns
    -------
    Inspection

    Raises
    ------
    QueryTooDeep
        Brackets nested deeper than ``max_depth`` (with the position of the first one).
    QueryError
        A bare word that is a keyword glued to more letters (``LIMIT10``).
    """
    if len(text) <= _CACHED_UP_TO:
        return _inspect_cached(text, frozenset(prefixes), max_depth)
    return _inspect(text, frozenset(prefixes), max_depth)


def inspect_query(text: str, *, allow_service: bool = False, prefixes: Iterable[str] = (),
                  max_depth: int = DEFAULT_MAX_QUERY_DEPTH) -> Inspection:
    """:func:`inspect` a text sent as a query and refuse what must not run.

    Raises
    ------
    UpdateRefused
        For an update (its first keyword after the prologue is INSERT, DELETE, LOAD, ...), and for
        SERVICE unless ``allow_service``.
    QueryTooDeep, QueryError
        As :func:`inspect`.
    """
    found = inspect(text, prefixes=prefixes, max_depth=max_depth)
    if found.is_update:
        raise UpdateRefused("SPARQL updates are refused: queries are read-only; add data with `graf load`")
    if found.service and not allow_service:
        raise UpdateRefused("SERVICE is refused (federated queries leave the machine); set allow_service")
    return found


def inspect_update(text: str, *, allow_service: bool = False,
                   max_depth: int = DEFAULT_MAX_QUERY_DEPTH) -> Inspection:
    """:func:`inspect` an update; SERVICE and LOAD (both leave the machine) are refused unless
    ``allow_service``."""
    found = inspect(text, max_depth=max_depth)
    if (found.service or found.load) and not allow_service:
        raise UpdateRefused("SERVICE and LOAD are refused (they leave the machine); set allow_service")
    return found


def bind_values(text: str, bindings: Mapping[str, Any]) -> str:
    """``text`` with ``bindings`` (variable name -> pyoxigraph term) as a ``VALUES`` block opening its
    WHERE clause, for a server that cannot take bindings beside the query (the SPARQL 1.1 Protocol
    has no way to send them).

    The terms are written by pyoxigraph (``str(term)``, N-Triples form, every character escaped), so
    a value stays one RDF term whatever it holds. The block is joined first in the WHERE clause: every
    pattern, FILTER and BIND of that clause sees the values, as pyoxigraph's substitution does; unlike
    it, a subquery that uses the variable without projecting it does not (graf's example queries use
    none).

    Raises
    ------
    QueryError
        The text has no WHERE clause to put the values in.
    """
    names = list(bindings)
    for name in names:
        if not name.isidentifier():
            raise QueryError(f"?{name} is not a variable name graf binds")
    tokens = tokenize(text)
    opening = _where_clause(tokens)
    if opening is None:
        raise QueryError("the query has no WHERE clause for its parameters' values")
    row = " ".join(str(bindings[n]) for n in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }} "
    return text[:opening.end] + block + text[opening.end:]


def _where_clause(tokens: list[Token]) -> Token | None:
    """The ``{`` that opens the query's WHERE clause: the first outermost one after the keyword WHERE,
    else the first outermost one (the second for a CONSTRUCT, whose first is its template)."""
    outer = [t for t in tokens if t.kind == PUNCT and t.text == "{" and t.depth == 1]
    for token in tokens:
        if token.keyword == "WHERE" and token.depth == 0:
            return next((t for t in outer if t.start > token.start), None)
    skip = 1 if _form(tokens) == "CONSTRUCT" else 0
    return outer[skip] if len(outer) > skip else None


def iri_ref(value: str) -> str:
    """``<value>``; DatasetError if ``value`` cannot be written as one SPARQL IRI."""
    written = f"<{value}>"
    tokens = tokenize(written)
    if len(tokens) != 1 or tokens[0].kind != IRI:
        raise DatasetError(f"not an IRI: {value!r}", "bad_iri")
    return written


def apply_using(text: str, using: Iterable[str], using_named: Iterable[str]) -> str:
    """``text`` with USING/USING NAMED clauses in each DELETE/INSERT ... WHERE operation.

    The SPARQL 1.1 Protocol's ``using-graph-uri``/``using-named-graph-uri`` name the graphs an
    update's WHERE clauses read, as if each DELETE/INSERT ... WHERE operation said ``USING <g>``
    (pyoxigraph has no parameter for it). The clauses go before each top-level ``WHERE`` of such
    an operation.

    Raises
    ------
    DatasetError
        ``bad_iri`` for a graph name that is not an IRI; ``dataset_conflict`` when the update has
        its own USING or WITH (the protocol forbids both).
    """
    using, using_named = list(using), list(using_named)
    if not using and not using_named:
        return text
    clause = " ".join([f"USING {iri_ref(g)}" for g in using] + [f"USING NAMED {iri_ref(g)}" for g in using_named])
    tokens = tokenize(text)
    if any(t.keyword in ("USING", "WITH") for t in tokens):
        raise DatasetError("the update has its own USING/WITH; do not also send using-graph-uri or "
                           "using-named-graph-uri", "dataset_conflict")
    for position in reversed(_template_wheres(tokens)):
        text = text[:position] + clause + " " + text[position:]
    return text


def _template_wheres(tokens: list[Token]) -> list[int]:
    """Where each top-level ``WHERE`` of a DELETE/INSERT {template} WHERE operation starts (a scan of the
    top-level tokens, operation by operation)."""
    head: str | None = None  # first keyword of the current operation (after PREFIX/BASE)
    template_seen = False  # a { ... } at top level before WHERE: DELETE/INSERT {..} WHERE
    found: list[int] = []
    for token in tokens:
        shape = (token.kind, token.text, token.depth)
        if shape == (PUNCT, "{", 1) and head is not None:
            template_seen = True
        elif shape == (PUNCT, ";", 0):
            head, template_seen = None, False
        elif (token.kind, token.depth) == (WORD, 0) and token.keyword not in ("PREFIX", "BASE"):
            if head is None:
                head = token.keyword
            elif token.keyword == "WHERE" and head in ("INSERT", "DELETE") and template_seen:
                found.append(token.start)
    return found


__all__ = ["DEFAULT_MAX_QUERY_DEPTH", "GLUE_KEYWORDS", "KEYWORDS", "QUERY_FORMS", "UPDATE_WORDS",
           "Inspection", "apply_using", "inspect", "inspect_query", "inspect_update", "iri_ref"]
