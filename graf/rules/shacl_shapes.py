"""The shapes graph both SHACL engines read: parsed once, as written, blank nodes labelled canonically.

The shapes are kept as the files state them, not in a store: a store rewrites literals into
canonical form (``"1"^^xsd:boolean`` becomes ``true``, which SHACL does not take for ``true`` in
``sh:uniqueLang``). Blank nodes get their RDF Dataset Canonicalization (RDFC-1.0) labels, so a
blank-node shape has the same name in both engines and in every run (``_:c14n3`` in a report).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graf import iris, terms
from graf.store import parse_file

SH = iris.SH
RDF = iris.RDF
RDFS = iris.RDFS
XSD = iris.XSD
TRUE = ox.Literal("true", datatype=ox.NamedNode(iris.XSD_BOOLEAN))
GRAFSH = iris.GRAFSH

# shapes nested in a shape (through these parameters, lists for sh:and, sh:or, sh:xone)
NESTING = ("property", "node", "not", "and", "or", "xone", "qualifiedValueShape")
LISTS = ("and", "or", "xone")


class ShapesGraph:
    """Read access to a shapes graph: triples indexed by subject and by predicate."""

    def __init__(self, triples: Iterable[ox.Triple | ox.Quad]):
        self._out: dict[Any, list[tuple[Any, Any]]] = defaultdict(list)
        self._by_predicate: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
        self.triples: list[ox.Triple] = []
        for t in dict.fromkeys(ox.Triple(t.subject, t.predicate, t.object) for t in triples):
            self.triples.append(t)
            self._out[t.subject].append((t.predicate.value, t.object))
            self._by_predicate[t.predicate.value].append((t.subject, t.object))

    @classmethod
    def from_files(cls, files: Iterable[Path]) -> ShapesGraph:
        """The merged shapes of ``files`` (any RDF syntax graf loads; LoadError names file, line, column)."""
        dataset = ox.Dataset()
        for path in files:
            for quad in parse_file(Path(path)):
                dataset.add(ox.Quad(quad.subject, quad.predicate, quad.object))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        return cls(sorted(dataset, key=str))

    def objects(self, s: Any, p: str) -> list[Any]:
        return [o for pred, o in self._out.get(s, ()) if pred == p]

    def value(self, s: Any, p: str) -> Any:
        return next((o for pred, o in self._out.get(s, ()) if pred == p), None)

    def by_predicate(self, p: str) -> list[tuple[Any, Any]]:
        """(subject, object) of every triple with predicate ``p``."""
        return list(self._by_predicate.get(p, ()))

    def subjects(self, p: str, o: Any = None) -> list[Any]:
        return list(dict.fromkeys(s for s, obj in self._by_predicate.get(p, ()) if o is None or obj == o))

    def predicates(self, s: Any) -> list[str]:
        return list(dict.fromkeys(p for p, _o in self._out.get(s, ())))

    def items(self, node: Any) -> list[Any]:
        """The members of the RDF list at ``node``; ValueError if it is not a well-formed list."""
        out: list[Any] = []
        seen = set()
        while node != ox.NamedNode(RDF + "nil"):
            first = self.value(node, RDF + "first")
            if node in seen or first is None:
                raise ValueError(f"{node} is not a well-formed RDF list")
            seen.add(node)
            out.append(first)
            node = self.value(node, RDF + "rest")
        return out

    def sh(self, s: Any, key: str) -> list[Any]:
        """The values of ``sh:key`` on ``s``."""
        return self.objects(s, SH + key)

    def sh1(self, s: Any, key: str) -> Any:
        return self.value(s, SH + key)

    def is_true(self, s: Any, key: str) -> bool:
        """``s`` has ``sh:key true`` (the literal true; SHACL does not read ``"1"^^xsd:boolean`` as true)."""
        return TRUE in self.sh(s, key)

    def keys(self, s: Any) -> set[str]:
        """The SHACL parameters on ``s``: the local names of its ``sh:`` predicates."""
        return {p[len(SH):] for p in self.predicates(s) if p.startswith(SH)}

    def path(self, node: Any) -> terms.Path:
        """The SHACL path at ``node`` as a tree (see :mod:`graf.terms`); ValueError if ill-formed."""
        return terms.read_path(node, self.value, self.items,
                               lambda t: t.value if isinstance(t, ox.NamedNode) else None)

    def nested(self, node: Any) -> list[Any]:
        """The shapes nested directly in ``node`` (sh:property, sh:node, the members of sh:or ...)."""
        out: list[Any] = []
        for key in NESTING:
            for o in self.sh(node, key):
                if isinstance(o, (ox.NamedNode, ox.BlankNode)):
                    out.extend(self.items(o) if key in LISTS else [o])
        return out

    def messages(self, nodes: Iterable[Any]) -> dict[str, str]:
        """The sh:message templates of the first of ``nodes`` that has any (constraint, then shape)."""
        for node in nodes:
            found = [(m.language or "", m.value) for m in self.sh(node, "message") if isinstance(m, ox.Literal)]
            if node is not None and found:
                return message_templates(found)
        return {}


def message_templates(messages: list[tuple[str, str]]) -> dict[str, str]:
    """sh:message literals as (language, text) -> one template per language: the tagged ones, and an
    untagged one under ``""``, which also stands in for Danish and English where no tagged one is given."""
    out: dict[str, str] = {}
    for lang, text in sorted(messages, key=lambda m: (m[0] == "", m)):
        if lang:
            out.setdefault(lang, text)
        else:
            out.setdefault("", text)
            for missing in ("da", "en"):
                out.setdefault(missing, text)
    return out


def claim(rule_of: dict[Any, str], top: Any, rule: str, children: Callable[[Any], Iterable[Any]]) -> None:
    """Map ``top`` and every shape nested in it (``children``) to ``rule``, unless already claimed."""
    todo = [top]
    while todo:
        node = todo.pop()
        if node not in rule_of:
            rule_of[node] = rule
            todo.extend(children(node))


def rules_of_shapes(g: ShapesGraph) -> dict[Any, str]:
    """Each shape -> the ``grafsh:rule`` of the top-level shape it is part of (graf's own shapes)."""
    rule_of: dict[Any, str] = {}
    for top in g.subjects(GRAFSH + "rule"):
        claim(rule_of, top, g.value(top, GRAFSH + "rule").value,
              lambda n: [*g.nested(n), *g.sh(n, "sparql")])
    return rule_of


def code_of(g: ShapesGraph, nodes: Iterator[Any] | Iterable[Any], component: str) -> str:
    """The ``grafsh:code`` of the first of ``nodes`` that has one, else ``shacl-<Component>``."""
    for node in nodes:
        if node is not None:
            code = g.value(node, GRAFSH + "code")
            if code is not None:
                return str(code.value)
    return "shacl-" + component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
