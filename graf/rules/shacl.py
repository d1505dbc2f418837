"""Run the SHACL shapes (ours in ``ontology/shapes.ttl`` plus the user's ``--shapes``) on one scenario.

One pySHACL run per scenario (``inference="none"``, ``advanced=False``) on the scenario's triples
with the ontology merged in (P4). Each result is mapped to a rule through the ``grafsh:rule`` of
the top-level shape it comes from; shapes without one (the user's) report as ``user-shapes``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import rdflib
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import SH

from graf.errors import GrafError, LoadError
from graf.namespaces import GRAFSH
from graf.report import Finding

USER_RULE = "user-shapes"
_SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
_NESTING = (SH.property, SH.node, SH["not"], SH["and"], SH["or"], SH.xone, SH.qualifiedValueShape, SH.sparql,
            RDF.first, RDF.rest)


class ShapesError(GrafError):
    """A shapes file that is not valid SHACL (names the file and the problem)."""


def shapes_file() -> Path:
    from graf.resources import ontology_dir

    return ontology_dir() / "shapes.ttl"


def path_text(g: rdflib.Graph, path: Any) -> str:
    """A SHACL property path as text: ``<iri>``, ``^<iri>`` or the path node's Turtle form."""
    if isinstance(path, URIRef):
        return str(path)
    inverse = g.value(path, SH.inversePath)
    if isinstance(inverse, URIRef):
        return "^" + str(inverse)
    return "(complex path)"


def _load_user_shapes(path: Path) -> rdflib.Graph:
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
    return g


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


class ShaclEngine:
    """Our shapes plus the user's, run once per scenario; results cached by scenario name."""

    def __init__(self, user_shapes: Iterable[str | Path] = ()):
        self.user_files = [Path(p) for p in user_shapes]
        self.shapes = rdflib.Graph()
        self.shapes.parse(str(shapes_file()), format="turtle")
        self.rule_of: dict[Any, str] = {}
        for top, rule in self.shapes.subject_objects(GRAFSH.rule):
            self._claim(self.shapes, top, str(rule))
        for path in self.user_files:
            user = _load_user_shapes(path)
            for top, rule in user.subject_objects(GRAFSH.rule):
                self._claim(user, top, str(rule))
            self.shapes += user
        self._cache: dict[str, list[dict[str, Any]]] = {}

    def _claim(self, g: rdflib.Graph, top: Any, rule: str) -> None:
        todo = [top]
        while todo:
            node = todo.pop()
            if node in self.rule_of:
                continue
            self.rule_of[node] = rule
            for p in _NESTING:
                todo.extend(o for o in g.objects(node, p) if isinstance(o, (URIRef, BNode)))

    def results(self, name: str, data: rdflib.Graph) -> list[dict[str, Any]]:
        """The validation results for scenario ``name`` as dicts (rule, focus, path, component ...)."""
        if name in self._cache:
            return self._cache[name]
        import pyshacl

        _conforms, report, _text = pyshacl.validate(data, shacl_graph=self.shapes, inference="none",
                                                    advanced=False, allow_warnings=True, allow_infos=True)
        out = []
        for r in report.subjects(RDF.type, SH.ValidationResult):
            source_shape = report.value(r, SH.sourceShape)
            constraint = report.value(r, SH.sourceConstraint)
            code = None
            for node in (constraint, source_shape):
                if node is not None and code is None:
                    code = self.shapes.value(node, GRAFSH.code)
            component = str(report.value(r, SH.sourceConstraintComponent))
            templates: dict[str, str] = {}
            for node in (constraint, source_shape):
                for m in self.shapes.objects(node, SH.message) if node is not None else ():
                    if isinstance(m, Literal) and m.language and not templates.get(m.language):
                        templates[m.language] = str(m)
                if templates:
                    break
            messages: dict[str, str] = {}
            for m in sorted(report.objects(r, SH.resultMessage), key=str):
                lang = m.language if isinstance(m, Literal) and m.language else "en"
                messages.setdefault(lang, str(m))
            path = report.value(r, SH.resultPath)
            value = report.value(r, SH.value)
            out.append({
                "rule": self.rule_of.get(source_shape, USER_RULE),
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
        out.sort(key=lambda d: (d["rule"], d["focus"], d["path"], d["component"], d["value"], d["code"]))
        self._cache[name] = out
        return out

    def findings(self, ctx: Any, rule: Any) -> list[Finding]:
        """The findings of ``rule`` in the scenario of ``ctx``."""
        G = ctx.graph
        channels = {k for _u, _v, k, d in G.edges(keys=True, data=True) if d["relation"] == "channel"}
        out = []
        for r in self.results(ctx.name, ctx.data):
            if r["rule"] != rule.id:
                continue
            focus, value = r["focus"], r["value"] if r["value_is_iri"] else ""
            witness = [x for x in (focus, value) if x]
            nodes = [x for x in witness if x in G]
            edges = [x for x in witness if x in channels]
            if focus in G and value in G:
                edges += sorted(G.get_edge_data(focus, value) or {})
                edges += sorted(G.get_edge_data(value, focus) or {})
            messages = dict(r["messages"])
            if r["templates"]:
                names = ctx.labels(witness)
                for lang, template in r["templates"].items():
                    text = template.replace("{$this}", names[focus].get(lang, focus) if focus else "")
                    messages[lang] = text.replace("{?value}", names[value].get(lang, value) if value else "")
            messages.setdefault("en", r["component"])
            messages.setdefault("da", messages["en"])
            detail = {k: r[k] for k in ("focus", "path", "component", "shape", "value")}
            out.append(ctx.finding(rule, r["code"], r["severity"], messages, nodes=nodes, edges=edges,
                                   witness=witness, detail=detail))
        return out
