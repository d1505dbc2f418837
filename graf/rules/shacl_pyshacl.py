"""The pySHACL backend of :class:`graf.rules.shacl.ShaclEngine`: the reference SHACL engine.

One pySHACL run per scenario (``inference="none"``, ``advanced=False``) on an rdflib copy of the
scenario's triples with the ontology merged in (P4). Also reads and checks users' shapes files
against SHACL's own shapes (shacl-shacl), whichever engine then runs them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import rdflib
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import SH

from graf.errors import LoadError
from graf.namespaces import GRAFSH
from graf.rules.shacl import ShapesError
from graf.rules.shacl_sparql import claim, message_templates

_SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
_NESTING = (SH.property, SH.node, SH["not"], SH["and"], SH["or"], SH.xone, SH.qualifiedValueShape, SH.sparql,
            RDF.first, RDF.rest)


def path_text(g: rdflib.Graph, path: Any) -> str:
    """A SHACL property path as text: ``<iri>``, ``^<iri>`` or the path node's Turtle form."""
    if isinstance(path, URIRef):
        return str(path)
    inverse = g.value(path, SH.inversePath)
    if isinstance(inverse, URIRef):
        return "^" + str(inverse)
    return "(complex path)"


def load_user_shapes(path: Path) -> rdflib.Graph:
    from graf.store import parse_file

    if not path.is_file():
        raise ShapesError(f"{path}: no such shapes file")
    parse_file(path)  # raises LoadError naming the file, line and column
    g = rdflib.Graph()
    try:
        g.parse(str(path), format=rdflib.util.guess_format(str(path)) or "turtle")
    except Exception as exc:  # rdflib raises many kinds; pyoxigraph accepted the syntax already
        raise LoadError(path, f"cannot read as SHACL shapes: {exc}") from None
    _check_shapes(g, path)
    _check_sparql_constraints(g, path)
    return g


def _check_sparql_constraints(shapes: rdflib.Graph, path: Path) -> None:
    """Each sh:select must parse (position in the query's own text) and must not use SERVICE."""
    import pyoxigraph as ox

    from graf.sparql import find_service, query_error

    prefixes = {str(p): str(ns) for decl in shapes.objects(None, SH.declare)
                for p in shapes.objects(decl, SH.prefix) for ns in shapes.objects(decl, SH.namespace)}
    for constraint, text in sorted(shapes.subject_objects(SH.select), key=str):
        shape = next(iter(shapes.subjects(SH.sparql, constraint)), constraint)
        where = f"{path}: the SPARQL constraint of {shape.n3() if isinstance(shape, URIRef) else 'a shape'}"
        if find_service(str(text)):
            raise ShapesError(f"{where} uses SERVICE, which graf refuses (it would leave the machine)")
        try:
            ox.Store().query(str(text), prefixes=prefixes)
        except SyntaxError as exc:
            raise ShapesError(f"{where} is not valid SPARQL: {query_error(exc)}") from None


def _check_shapes(shapes: rdflib.Graph, path: Path) -> None:
    """Check ``shapes`` against SHACL's own shapes (shacl-shacl), then load it into pySHACL."""
    import pyshacl
    from pyshacl.entrypoints import meta_validate
    from pyshacl.errors import ReportableRuntimeError

    try:
        conforms, report, _text = meta_validate(shapes, inference="none")
    except ReportableRuntimeError as exc:
        raise ShapesError(f"{path}: not valid SHACL: {_first_line(exc)}") from None
    if not conforms:
        problems = []
        for r in sorted(report.subjects(RDF.type, SH.ValidationResult), key=str):
            where = report.value(r, SH.resultPath)
            value = report.value(r, SH.value)
            message = report.value(r, SH.resultMessage)
            problems.append(f"{_short(where)} {value.n3() if value is not None else ''}: {message}".strip())
        raise ShapesError(f"{path}: not valid SHACL: " + "; ".join(sorted(set(problems))))
    try:
        pyshacl.validate(rdflib.Graph(), shacl_graph=shapes, inference="none", advanced=False)
    except ReportableRuntimeError as exc:
        raise ShapesError(f"{path}: not valid SHACL: {_first_line(exc)}") from None


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split("For reference")[0].split())


def _short(node: Any) -> str:
    if node is None:
        return ""
    text = str(node)
    return "sh:" + text.rsplit("#", 1)[-1] if text.startswith(str(SH)) else text




class PyShaclShapes:
    """Our shapes plus the user's in one rdflib graph, each shape mapped to its rule."""

    def __init__(self, shapes_file: Path, user_graphs: list[rdflib.Graph], user_rule: str):
        self.user_rule = user_rule
        self.shapes = rdflib.Graph()
        self.shapes.parse(str(shapes_file), format="turtle")
        self.rule_of: dict[Any, str] = {}
        for g in (self.shapes, *user_graphs):
            def children(node: Any, g: rdflib.Graph = g) -> list[Any]:
                return [o for p in _NESTING for o in g.objects(node, p) if isinstance(o, (URIRef, BNode))]

            for top, rule in g.subject_objects(GRAFSH.rule):
                claim(self.rule_of, top, str(rule), children)
        for user in user_graphs:
            self.shapes += user

    def results(self, data: rdflib.Graph) -> list[dict[str, Any]]:
        import pyshacl

        _conforms, report, _text = pyshacl.validate(data, shacl_graph=self.shapes, inference="none",
                                                    advanced=False, allow_warnings=True, allow_infos=True)
        out = []
        # the report's own results (sh:result), not the nested ones pySHACL also types as results
        # (the sh:detail of an sh:node / sh:not ... failure)
        top = [r for rep in report.subjects(RDF.type, SH.ValidationReport) for r in report.objects(rep, SH.result)]
        for r in top:
            source_shape = report.value(r, SH.sourceShape)
            constraint = report.value(r, SH.sourceConstraint)
            code = None
            for node in (constraint, source_shape):
                if node is not None and code is None:
                    code = self.shapes.value(node, GRAFSH.code)
            component = str(report.value(r, SH.sourceConstraintComponent))
            templates: dict[str, str] = {}
            for node in (constraint, source_shape):
                found = [(m.language or "", str(m)) for m in self.shapes.objects(node, SH.message)
                         if isinstance(m, Literal)] if node is not None else []
                if found:
                    templates = message_templates(found)
                    break
            messages: dict[str, str] = {}
            for m in sorted(report.objects(r, SH.resultMessage), key=str):
                lang = m.language if isinstance(m, Literal) and m.language else "en"
                messages.setdefault(lang, str(m))
            path = report.value(r, SH.resultPath)
            value = report.value(r, SH.value)
            out.append({
                "rule": self.rule_of.get(source_shape, self.user_rule),
                "code": str(code) if code else "shacl-" + component.rsplit("#", 1)[-1].removesuffix(
                    "ConstraintComponent"),
                "severity": _SEVERITY.get(report.value(r, SH.resultSeverity), "violation"),
                "focus": str(report.value(r, SH.focusNode)),
                "path": path_text(report, path) if path is not None else "",
                "component": component,
                "shape": str(source_shape) if isinstance(source_shape, URIRef) else "",
                "value": str(value) if value is not None else "",
                "value_is_iri": isinstance(value, URIRef),
                "messages": messages,
                "templates": templates,
            })
        return out

