"""Read the W3C SHACL test suite's manifests and compare reports the way the suite prescribes.

The suite (vendored in ``tests/fixtures/w3c-shacl``, see its README) is a tree of manifests; each
test names a data graph, a shapes graph and either the expected ``sh:ValidationReport`` or
``sht:Failure``. For full compliance the actual report, reduced to the predicates the expected
report uses (``sh:conforms``, ``sh:result``, ``sh:focusNode``, ``sh:resultPath`` with its path
structure, ``sh:value``, ``sh:sourceShape``, ``sh:sourceConstraint``,
``sh:sourceConstraintComponent``, ``sh:resultSeverity``, the two ``rdf:type`` triples, and the
``sh:resultMessage`` values the expected report names), must be isomorphic to it (blank nodes
matched by structure): https://w3c.github.io/data-shapes/data-shapes-test-suite/
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import rdflib
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import SH

SUITE = Path(__file__).parent / "fixtures" / "w3c-shacl"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = rdflib.Namespace("http://www.w3.org/ns/shacl-test#")
_KEPT = {SH.focusNode, SH.resultPath, SH.value, SH.sourceShape, SH.sourceConstraint,
         SH.sourceConstraintComponent, SH.resultSeverity}


@dataclass(frozen=True)
class Case:
    """One approved ``sht:Validate`` test of the suite."""

    name: str  # path of its file below the suite, without .ttl (e.g. "core/node/datatype-002")
    data: Path
    shapes: Path
    failure: bool  # the expected outcome is sht:Failure (the shapes graph is ill-formed)
    expected: Graph  # the expected report (empty when failure)


def _file(iri: URIRef) -> Path:
    return Path(unquote(urlparse(str(iri)).path))


def cases(manifest: Path) -> list[Case]:
    """The approved tests reachable from ``manifest`` (through mf:include), in file order."""
    g = Graph().parse(manifest, format="turtle")
    out: list[Case] = []
    for top in g.subjects(RDF.type, MF.Manifest):
        for included in sorted(g.objects(top, MF.include), key=str):
            out += cases(_file(included))
        for entries in g.objects(top, MF.entries):
            for entry in Collection(g, entries):
                if g.value(entry, MF.status) != SHT.approved or (entry, RDF.type, SHT.Validate) not in g:
                    continue
                action, result = g.value(entry, MF.action), g.value(entry, MF.result)
                name = manifest.relative_to(SUITE).with_suffix("").as_posix()
                failure = result == SHT.Failure
                out.append(Case(name, _file(g.value(action, SHT.dataGraph)), _file(g.value(action, SHT.shapesGraph)),
                                failure, Graph() if failure else _report(g, result, None)))
    return out


def _copy_path(source: Graph, node: rdflib.term.Node, into: Graph) -> rdflib.term.Node:
    """Copy the path at ``node`` into ``into`` with fresh blank nodes (paths shared by several
    results, or a blank node used twice in one path, are cloned, as the suite prescribes)."""
    if not isinstance(node, BNode):
        return node
    copy = BNode()
    for p, o in source.predicate_objects(node):
        into.add((copy, p, _copy_path(source, o, into)))
    return copy


def _report(source: Graph, root: rdflib.term.Node, messages: set | None) -> Graph:
    """The part of ``source`` that describes the report ``root``: its conforms flag and results,
    reduced to the compared predicates (and the result messages in ``messages``, if given)."""
    out = Graph()
    out.add((BNode("report"), RDF.type, SH.ValidationReport))
    for conforms in source.objects(root, SH.conforms):
        out.add((BNode("report"), SH.conforms, conforms))
    for n, result in enumerate(source.objects(root, SH.result)):
        r = BNode(f"result{n}")
        out.add((BNode("report"), SH.result, r))
        out.add((r, RDF.type, SH.ValidationResult))
        for p, o in source.predicate_objects(result):
            if p == SH.resultPath:
                out.add((r, p, _copy_path(source, o, out)))
            elif p in _KEPT or (p == SH.resultMessage and (messages is None or o in messages)):
                out.add((r, p, o))
    return out


def actual_report(turtle: str, expected: Graph) -> Graph:
    """graf's Turtle report reduced as the suite prescribes, ready to compare with ``expected``."""
    g = Graph().parse(data=turtle, format="turtle")
    roots = list(g.subjects(RDF.type, SH.ValidationReport))
    assert len(roots) == 1, f"{len(roots)} sh:ValidationReport in the report"
    return _report(g, roots[0], set(expected.objects(None, SH.resultMessage)))


def same_report(actual: Graph, expected: Graph) -> bool:
    return isomorphic(actual, expected)


def describe(g: Graph) -> str:
    """The report as sorted N-Triples with canonical blank node labels (for assertion messages)."""
    canonical = to_isomorphic(g)
    return "\n".join(sorted(line for line in canonical.serialize(format="nt").splitlines() if line.strip()))
