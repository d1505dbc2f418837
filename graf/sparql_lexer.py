"""SPARQL text as tokens, read the way the query engine (pyoxigraph 0.5) reads it.

Every place in graf that looks inside query or update text (the guards of :mod:`graf.sparql_guard`,
the protocol's update dataset, the W3C test harness) works on these tokens, never on the raw
text, so a keyword inside a string, an IRI, a comment, a variable (``?from``) or a prefixed name
(``ex:valid-from``, ``ex:self-service``, ``graf:a\\'``) is never taken for the keyword.

The terminals are SPARQL 1.1's (section 19.8) plus the engine's SPARQL 1.2 punctuation
(``<<( )>>``, ``{| |}``, ``~``, ``@en--ltr``). Where pyoxigraph 0.5 reads text differently from
the SPARQL 1.1 grammar, the lexer follows the engine, because what matters is what the engine
runs:

* pyoxigraph 0.5's parser has no separate lexer: after an operand inside an expression, ``<`` is
  always the less-than operator, never the start of an IRI (``FILTER(1<2)`` followed later by
  ``>`` on the same line is code, not the IRI ``<2)...>``). The lexer therefore tracks whether it
  is inside an expression's parentheses (:class:`_Frames`).
* A local name has at most one run of dots inside it (``ex:a.b.c`` is ``ex:a.b`` ``.`` ``c``).
* Keywords are matched case-insensitively in ASCII only and may touch what follows; graf refuses
  or neutralises such contact (see :mod:`graf.sparql_guard`), the lexer reports the words as
  written.
"""

from __future__ import annotations

import re
from typing import NamedTuple, cast

# -- token kinds ----------------------------------------------------------------------------------

IRI = "iri"  # <http://example.org/x>
PNAME = "pname"  # ex:name, ex:, :name
BNODE = "bnode"  # _:b0
VAR = "var"  # ?x, $x
STRING = "string"  # the four string forms, quotes included
LANGTAG = "langtag"  # @en-GB, @ar--rtl
NUMBER = "number"  # 1, -1.5, 2e10
WORD = "word"  # keywords and function names (SELECT, a, true, STRLEN, ...)
PUNCT = "punct"  # { } ( ) [ ] . , ; operators, << >> <<( )>> {| |}
ERROR = "error"  # a character no SPARQL token starts with


class Token(NamedTuple):
    """One token: its kind, its text as written, where it starts and how deep it is nested.

    ``depth`` counts the brackets (``{ ( [ << <<( {|``) open before the token; an opening
    bracket's depth is the depth inside it.
    """

    kind: str
    text: str
    start: int
    depth: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def keyword(self) -> str:
        """The word in upper case (bare words are ASCII, compared as the engine does), else ``""``."""
        return self.text.upper() if self.kind == WORD else ""

    @property
    def prefix(self) -> str:
        """The prefix of a prefixed name (``ex`` for ``ex:name``), else ``""``."""
        return self.text.split(":", 1)[0] if self.kind == PNAME else ""


def ascii_upper(text: str) -> str:
    """``text`` with ASCII letters in upper case (the engine compares keywords this way only)."""
    return text.upper() if text.isascii() else "".join(c.upper() if c.isascii() else c for c in text)


# -- terminals (SPARQL 1.1, section 19.8; ranges as pyoxigraph 0.5 has them) -------------------------

_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
         "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd")
_U = _BASE + "_"
_CHARS = _U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_VARNAME = f"[{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = f"[{_BASE}][{_CHARS}]*(?:\\.+[{_CHARS}]+)*"
_LOCAL = f"(?:[{_U}:0-9]|{_PLX})(?:[{_CHARS}:]|{_PLX})*(?:\\.+(?:[{_CHARS}:]|{_PLX})+)?"
_ESCAPE = r"\\[tbnrf\\\"']|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

# white space and comments, then one token (one match per token); the white space and comments are an
# atomic group, so at the end of the text a comment is never cut short to make its last character a token
_TOKEN = re.compile(
    r"(?>(?:[ \t\r\n]+|#[^\r\n]*)*)"
    r"(?:(?P<iri><(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)"
    r'|(?P<string>"""(?:"{0,2}(?:[^"\\]|' + _ESCAPE + r'))*"""'
    r"|'''(?:'{0,2}(?:[^'\\]|" + _ESCAPE + r"))*'''"
    r'|"(?:[^"\\\r\n]|' + _ESCAPE + r')*"'
    r"|'(?:[^'\\\r\n]|" + _ESCAPE + r")*')"
    rf"|(?P<var>[?$]{_VARNAME})"
    rf"|(?P<bnode>_:[{_U}0-9][{_CHARS}]*(?:\.+[{_CHARS}]+)*)"
    rf"|(?P<pname>(?:{_PREFIX})?:(?:{_LOCAL})?)"
    r"|(?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?)"
    r"|(?P<number>[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+))"
    r"|(?P<word>[A-Za-z][A-Za-z0-9_]*)"
    r"|(?P<punct><<\(|\)>>|<<|>>|\{\||\|\}|\|\||&&|\^\^|<=|>=|!=|[{}()\[\];,.*+\-/|^?!=<>~])"
    r"|(?P<error>.))",
    re.DOTALL,
)
_LESS_THAN = re.compile(r"<=?")

_OPENERS = {"{", "(", "[", "<<", "<<(", "{|"}
_CLOSERS = {"}", ")", "]", ">>", ")>>", "|}"}
#: tokens that end an operand: after one of them, inside an expression, ``<`` compares
_OPERAND_ENDS = {VAR, NUMBER, STRING, LANGTAG, IRI, PNAME, BNODE, ")", "]", ")>>", ">>", "TRUE", "FALSE"}

# -- where expressions are: the frames of open brackets ----------------------------------------------------

_CLAUSE, _GROUP_DATA, _EXPR, _OTHER = "clause", "data", "expr", "other"
# what the words of a clause frame (top level, { }, {| |}) say the next "(" opens
_NONE, _SELECT, _CONSTRAINT, _ONCE, _VALUES = "none", "select", "constraint", "once", "values"
_CLAUSE_WORDS = {
    "SELECT": _SELECT, "FILTER": _ONCE, "BIND": _ONCE, "HAVING": _CONSTRAINT, "ORDER": _CONSTRAINT,
    "GROUP": _CONSTRAINT, "VALUES": _VALUES,
    **{w: _NONE for w in ("WHERE", "LIMIT", "OFFSET", "FROM", "CONSTRUCT", "DESCRIBE", "ASK", "INSERT",
                          "DELETE", "DATA", "WITH", "USING", "GRAPH", "OPTIONAL", "MINUS", "UNION",
                          "SERVICE", "LATERAL", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
                          "PREFIX", "BASE", "VERSION")},
}


class _Frames:
    """The open brackets, and what each ``(`` opens: an expression, or a list of terms (a
    collection, a path group, VALUES) where ``<`` starts an IRI."""

    def __init__(self) -> None:
        # each frame: [kind, clause state, whether it is the "(" of a FILTER/BIND]
        self.stack: list[list[str | bool]] = [[_CLAUSE, _NONE, False]]

    def in_expression(self) -> bool:
        return self.stack[-1][0] == _EXPR

    def word(self, upper: str) -> None:
        frame = self.stack[-1]
        if frame[0] == _CLAUSE and upper in _CLAUSE_WORDS and frame[1] != _ONCE:
            frame[1] = _CLAUSE_WORDS[upper]

    def open(self, text: str) -> int:
        top = self.stack[-1]
        once = False
        if text == "{":
            frame_kind = _GROUP_DATA if top[0] == _CLAUSE and top[1] == _VALUES else _CLAUSE
            if top[0] == _CLAUSE:
                top[1] = _NONE
        elif text == "{|":
            frame_kind = _CLAUSE
        elif text == "(":
            if top[0] == _EXPR:
                frame_kind = _EXPR
            elif top[0] == _CLAUSE and top[1] in (_SELECT, _CONSTRAINT, _ONCE):
                frame_kind, once = _EXPR, top[1] == _ONCE
            else:
                frame_kind = _OTHER  # collections, path groups, VALUES variables and rows
        else:  # "[", "<<", "<<(": terms, never an expression
            frame_kind = _OTHER
        self.stack.append([frame_kind, _NONE, once])
        return len(self.stack) - 1

    def close(self) -> int:
        if len(self.stack) == 1:
            return 0
        closed = self.stack.pop()
        top = self.stack[-1]
        if top[0] == _CLAUSE and (closed[0] in (_CLAUSE, _GROUP_DATA) or closed[2]):
            top[1] = _NONE  # after a group, a VALUES block or a FILTER's "(...)": triples again
        return len(self.stack) - 1


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text`` (comments and white space left out), each with its nesting depth.

    Never fails: a character no token starts with becomes an ``ERROR`` token of one character.
    """
    tokens: list[Token] = []
    frames = _Frames()
    previous = ""  # kind of the last token, or the text of the last punctuation token or boolean
    depth, position = 0, 0
    append, match, openers, closers = tokens.append, _TOKEN.match, _OPENERS, _CLOSERS
    while True:
        found = match(text, position)
        if found is None:  # only white space and comments were left
            return tokens
        kind = cast(str, found.lastgroup)  # every alternative of _TOKEN is a named group
        start = found.start(kind)
        value = found.group(kind)
        position = found.end()
        if value[0] == "<" and previous in _OPERAND_ENDS and frames.in_expression():
            # after an operand, inside an expression, the engine reads "<" as less-than, never an IRI
            found = _LESS_THAN.match(text, start)
            kind, value, position = PUNCT, found.group(), found.end()  # type: ignore[union-attr]
        if kind == PUNCT:
            if value in openers:
                depth = frames.open(value)
            elif value in closers:
                append(Token(kind, value, start, depth))
                depth = frames.close()
                previous = value
                continue
            previous = value
        elif kind == WORD:
            upper = value.upper()  # a bare word is ASCII letters, digits and _
            frames.word(upper)
            previous = upper if upper in ("TRUE", "FALSE") else WORD
        else:
            previous = kind
        append(Token(kind, value, start, depth))


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text`` (columns count characters)."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


__all__ = ["BNODE", "ERROR", "IRI", "LANGTAG", "NUMBER", "PNAME", "PUNCT", "STRING", "Token", "VAR", "WORD",
           "ascii_upper", "line_column", "tokenize"]
