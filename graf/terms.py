"""RDF terms and SHACL property paths as text: the one syntax graf's findings carry.

A finding travels through JSON, so the RDF terms it names are strings, written so that nothing is
lost (datatype, language, blank node):

* an IRI as itself: ``https://w3id.org/graf/id/kbh/x`` (actor IRIs stay usable as node keys);
* a blank node as ``_:`` and its label;
* a literal in N-Triples syntax: ``"Hello"``, ``"5"^^<http://www.w3.org/2001/XMLSchema#int>``,
  ``"hej"@da``.

An IRI never starts with ``"`` or ``_:`` (its scheme starts with a letter), so the three kinds
cannot be confused. A SHACL property path is written in SPARQL 1.1 property path syntax, every IRI
in angle brackets and every sequence and alternative in parentheses (``^<p>``, ``(<p>/<q>)``,
``(<p>|<q>)*``), except a predicate path, which is its IRI alone (as a focus node is).

:func:`to_rdflib` and :func:`path_to_rdflib` turn the text back into RDF (the Turtle report);
:func:`from_oxigraph` / :func:`from_rdflib` and :func:`read_path` write it from either library.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox

from graf import iris

SH = iris.SH
RDF = iris.RDF
XSD_STRING = iris.XSD_STRING
RDF_LANG_STRING = iris.RDF_LANG_STRING

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNESCAPES = {v[1]: k for k, v in _ESCAPES.items()}
_LITERAL = re.compile(r'^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?$', re.DOTALL)

# -- terms -----------------------------------------------------------------------------------------------


def literal_text(lexical: str, datatype: str | None = None, language: str | None = None) -> str:
    """A literal in N-Triples syntax (``xsd:string`` and ``rdf:langString`` are implied, not written)."""
    quoted = '"' + "".join(_ESCAPES.get(ch, ch) for ch in lexical) + '"'
    if language:
        return f"{quoted}@{language}"
    if datatype and datatype not in (XSD_STRING, RDF_LANG_STRING):
        return f"{quoted}^^<{datatype}>"
    return quoted


def is_iri(text: str) -> bool:
    """True if ``text`` (a term as graf writes it) is an IRI, not a literal or a blank node."""
    return bool(text) and not text.startswith(('"', "_:"))


def is_literal(text: str) -> bool:
    return text.startswith('"')


def parse_literal(text: str) -> tuple[str, str | None, str | None]:
    """``(lexical form, datatype IRI or None, language or None)`` of a literal written by
    :func:`literal_text`; ValueError if ``text`` is not one."""
    match = _LITERAL.match(text)
    if match is None:
        raise ValueError(f"not a literal in N-Triples syntax: {text!r}")
    body = re.sub(r"\\(.)", lambda m: _UNESCAPES.get(m.group(1), m.group(1)), match.group(1))
    return body, match.group(3), match.group(2)


def display(text: str) -> str:
    """A term for people: a literal's lexical form, an IRI or blank node as written."""
    return parse_literal(text)[0] if is_literal(text) else text


def from_oxigraph(term: Any) -> str:
    """The text of a pyoxigraph term (``""`` for None)."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        return literal_text(term.value, term.datatype.value, term.language)
    raise TypeError(f"not an RDF term: {term!r}")


def from_rdflib(term: Any) -> str:
    """The text of an rdflib term (``""`` for None)."""
    # here, not at the top: loads rdflib (start-up)
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return "_:" + str(term)
    if isinstance(term, Literal):
        return literal_text(str(term), str(term.datatype) if term.datatype else None, term.language)
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib(text: str, blank_nodes: dict[str, Any] | None = None) -> Any:
    """The rdflib term of ``text``; a blank node is made once per label and kept in ``blank_nodes``."""
    # here, not at the top: loads rdflib (start-up)
    from rdflib import BNode, Literal, URIRef

    if is_literal(text):
        lexical, datatype, language = parse_literal(text)
        return Literal(lexical, lang=language, datatype=URIRef(datatype) if datatype else None)
    if text.startswith("_:"):
        if blank_nodes is None:
            return BNode()
        return blank_nodes.setdefault(text, BNode(f"b{len(blank_nodes) + 1}"))
    return URIRef(text)


# -- SHACL property paths ------------------------------------------------------------------------------
# A path as a small tree: ("predicate", iri) | ("inverse", p) | ("sequence", (p, ...)) |
# ("alternative", (p, ...)) | ("zeroOrMore", p) | ("oneOrMore", p) | ("zeroOrOne", p).

Path = tuple[Any, ...]  # (kind, iri | Path | tuple[Path, ...]): the second element's type depends on the first
_MODIFIERS = {"zeroOrMore": "*", "oneOrMore": "+", "zeroOrOne": "?"}
_UNARY = ("inverse", *_MODIFIERS)  # keys of SHACL's sh:inversePath, sh:zeroOrMorePath ...


def path_text(path: Path, *, bare_predicate: bool = True) -> str:
    """A path in SPARQL property path syntax (a predicate path as its bare IRI unless
    ``bare_predicate`` is False, as a query needs)."""
    kind, arg = path
    if kind == "predicate":
        return arg if bare_predicate else f"<{arg}>"
    if kind in ("sequence", "alternative"):
        joiner = "/" if kind == "sequence" else "|"
        return "(" + joiner.join(path_text(p, bare_predicate=False) for p in arg) + ")"
    inner = path_text(arg, bare_predicate=False)
    if arg[0] not in ("predicate", "sequence", "alternative"):
        inner = f"({inner})"
    return "^" + inner if kind == "inverse" else inner + _MODIFIERS[kind]


_PATH_TOKEN = re.compile(r"\s*(<[^>]*>|[()/|^*+?])")


def parse_path(text: str) -> Path:
    """The tree of a path written by :func:`path_text`; ValueError on anything else."""
    if is_iri(text) and not text.startswith(("<", "(", "^")):
        return ("predicate", text)
    tokens, pos = [], 0
    while pos < len(text.rstrip()):
        match = _PATH_TOKEN.match(text, pos)
        if match is None:
            raise ValueError(f"not a property path: {text!r} (at {pos})")
        tokens.append(match.group(1))
        pos = match.end()
    parser = _PathParser(tokens)
    path = parser.alternative()
    if parser.i != len(tokens):
        raise ValueError(f"not a property path: {text!r}")
    return path


class _PathParser:
    def __init__(self, tokens: list[str]):
        self.tokens, self.i = tokens, 0

    def peek(self) -> str:
        return self.tokens[self.i] if self.i < len(self.tokens) else ""

    def take(self) -> str:
        self.i += 1
        return self.tokens[self.i - 1]

    def alternative(self) -> Path:
        return self._joined("|", "alternative", self.sequence)

    def sequence(self) -> Path:
        return self._joined("/", "sequence", self.element)

    def _joined(self, separator: str, kind: str, part: Callable[[], Path]) -> Path:
        parts = [part()]
        while self.peek() == separator:
            self.take()
            parts.append(part())
        return parts[0] if len(parts) == 1 else (kind, tuple(parts))

    def element(self) -> Path:
        if self.peek() == "^":
            self.take()
            return ("inverse", self.element())
        token = self.take() if self.peek() else ""
        if token.startswith("<"):
            path: Path = ("predicate", token[1:-1])
        elif token == "(":
            path = self.alternative()
            if self.peek() != ")":
                raise ValueError("unbalanced parentheses in a property path")
            self.take()
        else:
            raise ValueError(f"unexpected {token!r} in a property path")
        while self.peek() in ("*", "+", "?"):
            path = ({v: k for k, v in _MODIFIERS.items()}[self.take()], path)
        return path


def read_path(node: Any, value: Callable[[Any, str], Any], items: Callable[[Any], list[Any]],
              iri: Callable[[Any], str | None]) -> Path:
    """The tree of the SHACL path at ``node`` in a graph read through ``value(node, predicate IRI)``,
    ``items(list node)`` and ``iri(term)`` (the IRI of a named node, else None).

    A node that is both a list and another kind of path (ill-formed SHACL) reads as the list.
    ValueError if ``node`` is not a well-formed path.
    """
    name = iri(node)
    if name is not None:
        return ("predicate", name)
    if value(node, RDF + "first") is not None:
        steps = items(node)
        if len(steps) < 2:
            raise ValueError("a sequence path of fewer than two steps")
        return ("sequence", tuple(read_path(s, value, items, iri) for s in steps))
    alternatives = value(node, SH + "alternativePath")
    if alternatives is not None:
        return ("alternative", tuple(read_path(s, value, items, iri) for s in items(alternatives)))
    for kind in _UNARY:
        inner = value(node, SH + kind + "Path")
        if inner is not None:
            return (kind, read_path(inner, value, items, iri))
    raise ValueError(f"{node} is not a SHACL property path")


def path_to_rdflib(path: Path, graph: Any, fresh: Callable[[], Any] | None = None) -> Any:
    """Write ``path`` into the rdflib ``graph`` as SHACL path nodes; returns its root node.

    ``fresh`` makes the blank nodes (default: rdflib's random ones).
    """
    # here, not at the top: loads rdflib (start-up)
    from rdflib import BNode, URIRef

    new = fresh or BNode
    kind, arg = path
    if kind == "predicate":
        return URIRef(arg)
    if kind == "sequence":  # the path node is the list itself
        return rdf_list([path_to_rdflib(p, graph, new) for p in arg], graph, new)
    node = new()
    if kind == "alternative":
        graph.add((node, URIRef(SH + "alternativePath"),
                   rdf_list([path_to_rdflib(p, graph, new) for p in arg], graph, new)))
    else:
        graph.add((node, URIRef(SH + kind + "Path"), path_to_rdflib(arg, graph, new)))
    return node


def rdf_list(items: list[Any], graph: Any, new: Callable[[], Any]) -> Any:
    """Write an rdf:List of ``items`` into ``graph`` (blank nodes from ``new``); returns its head."""
    # here, not at the top: loads rdflib (start-up)
    from rdflib import URIRef

    nil = URIRef(RDF + "nil")
    head = cell = new() if items else nil
    for i, item in enumerate(items):
        following = new() if i < len(items) - 1 else nil
        graph.add((cell, URIRef(RDF + "first"), item))
        graph.add((cell, URIRef(RDF + "rest"), following))
        cell = following
    return head
