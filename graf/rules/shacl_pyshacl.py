"""The pySHACL backend of :class:`graf.rules.shacl.ShaclEngine`: the reference SHACL engine.

One pySHACL run per scenario (``inference="none"``, SHACL-AF on) on an rdflib copy of the
scenario's data graphs plus the class hierarchy (:attr:`graf.rules.base.ScenarioContext.data`).
The shapes graph it gets is graf's :class:`~graf.rules.shacl_shapes.ShapesGraph`, read the way graf
reads it: boolean parameters count only when they are the literal ``true`` (pySHACL also takes
``"1"^^xsd:boolean``), literals in the store's canonical form, as the data's are, and the prefixes
an ontology imports declared on it (SHACL reads ``owl:imports`` for ``sh:prefixes``).
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import OWL, SH, XSD

from graf import terms
from graf.rules.base import quiet_ill_typed_literals, to_rdflib
from graf.rules.shacl import ShapesError
from graf.rules.shacl_components import DERIVED_INTEGERS
from graf.rules.shacl_shapes import TRUE, ShapesGraph, code_of, message_templates, rules_of_shapes

_FLAGS = tuple(ox.NamedNode(terms.SH + k) for k in ("deactivated", "closed", "uniqueLang",
                                                     "qualifiedValueShapesDisjoint", "optional"))


def _import_prefixes(g: rdflib.Graph) -> None:
    """Give each ontology named by sh:prefixes the sh:declare of the ontologies it imports
    (owl:imports, transitively), as SHACL reads them; pySHACL reads only its own."""
    for ontology in set(g.objects(None, SH.prefixes)):
        todo, seen = [ontology], set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for decl in list(g.objects(node, SH.declare)):
                g.add((ontology, SH.declare, decl))
            todo += list(g.objects(node, OWL.imports))


def _read_path(g: rdflib.Graph, node: Any) -> str:
    # here, not at the top: loads rdflib (start-up)
    from rdflib.collection import Collection

    tree = terms.read_path(node, lambda n, p: g.value(n, URIRef(p)), lambda n: list(Collection(g, n)),
                           lambda t: str(t) if isinstance(t, URIRef) else None)
    return terms.path_text(tree)


def _register_canonical_datatypes() -> None:
    """Make pySHACL's sh:datatype accept what the store made of a derived XSD type.

    The store keeps ``"5"^^xsd:int`` as ``"5"^^xsd:integer`` and ``xsd:dateTimeStamp`` as
    ``xsd:dateTime``, so the data copy pySHACL sees has no ``xsd:int`` left: a value of the base type
    satisfies the derived type when it lies in its range (as in the sparql engine). pySHACL reads
    its components from one registry (``CONSTRAINT_PARAMETERS_MAP``); graf puts this subclass there
    once, for sh:datatype only; values of any other datatype are checked by pySHACL's own code.
    """
    # here, not at the top: loads pyshacl (start-up)
    from pyshacl import constraints
    from pyshacl.constraints.core.value_constraints import DatatypeConstraintComponent

    if constraints.CONSTRAINT_PARAMETERS_MAP.get(SH.datatype) is not DatatypeConstraintComponent:
        return  # already registered (or pySHACL changed: its own component stays)

    class CanonicalDatatype(DatatypeConstraintComponent):
        def evaluate(self, executor: Any, target_graph: Any, focus_value_nodes: dict[Any, Any],
                     _evaluation_path: list[Any]) -> Any:
            rule = str(self.datatype_rule)
            if rule not in DERIVED_INTEGERS and rule != str(XSD.dateTimeStamp):
                return super().evaluate(executor, target_graph, focus_value_nodes, _evaluation_path)
            reports = []
            for focus, values in focus_value_nodes.items():
                for v in values:
                    if not _satisfies(v, rule):
                        reports.append(self.make_v_result(target_graph, focus, value_node=v))
            return not reports, reports

    constraints.CONSTRAINT_PARAMETERS_MAP[SH.datatype] = CanonicalDatatype


def _satisfies(v: Any, datatype: str) -> bool:
    """``v`` is a value of the derived XSD ``datatype``, written as it or as its base type."""
    if not isinstance(v, Literal):
        return False
    if datatype == str(XSD.dateTimeStamp):
        return (str(v.datatype) in (datatype, str(XSD.dateTime)) and not v.ill_typed
                and getattr(v.value, "tzinfo", None) is not None)
    lexical = str(v)
    if str(v.datatype) not in (datatype, str(XSD.integer)) or not re.fullmatch(r"[+-]?[0-9]+", lexical):
        return False
    low, high = DERIVED_INTEGERS[datatype]
    return (low is None or int(lexical) >= low) and (high is None or int(lexical) <= high)


class PyShaclShapes:
    """A shapes graph for pySHACL, each shape mapped to its rule."""

    def __init__(self, g: ShapesGraph, user_rule: str):
        _register_canonical_datatypes()
        self.g, self.user_rule = g, user_rule
        self.rule_of = rules_of_shapes(g)
        # boolean parameters other than the literal true mean false; then the literals in the form the
        # store gives the data (a store canonicalises them; blank node labels stay)
        kept = [t for t in g.triples if not (t.predicate in _FLAGS and t.object != TRUE)]
        canonical = ox.Store()
        canonical.extend(ox.Quad(t.subject, t.predicate, t.object) for t in kept)
        self.shapes = to_rdflib(canonical)
        _import_prefixes(self.shapes)

    def results(self, data: rdflib.Graph) -> list[dict[str, Any]]:
        # here, not at the top: loads pyshacl (start-up)
        import pyshacl
        from pyshacl.errors import ReportableRuntimeError

        try:
            with quiet_ill_typed_literals():
                _conforms, report, _text = pyshacl.validate(data, shacl_graph=self.shapes, inference="none",
                                                            advanced=True, allow_warnings=True, allow_infos=True)
        except (ReportableRuntimeError, NotImplementedError) as exc:  # shapes pySHACL cannot load or run
            raise ShapesError(f"pySHACL cannot run these shapes: {' '.join(str(exc).split('For reference')[0].split())}"
                              ) from None
        # the report's own results (sh:result), not the nested ones pySHACL also types as results
        # (the sh:detail of an sh:node / sh:not ... failure)
        top = [r for rep in report.subjects(RDF.type, SH.ValidationReport) for r in report.objects(rep, SH.result)]
        return [self._result(report, r) for r in top]

    def _result(self, report: rdflib.Graph, r: Any) -> dict[str, Any]:
        shape, constraint = (terms.from_rdflib(report.value(r, p)) for p in (SH.sourceShape, SH.sourceConstraint))
        nodes = [self._node(constraint), self._node(shape)]
        component = terms.from_rdflib(report.value(r, SH.sourceConstraintComponent))
        focus, value = terms.from_rdflib(report.value(r, SH.focusNode)), terms.from_rdflib(report.value(r, SH.value))
        templates = self.g.messages(nodes)
        if any(re.search(r"\{[?$](?!this\}|value\})\w+\}", t) for t in templates.values()):
            templates = {}  # other variables of a SPARQL constraint: pySHACL's own text has them filled
        if templates:
            messages = {lang: t.replace("{$this}", terms.display(focus)).replace("{?value}", terms.display(value))
                        for lang, t in templates.items()}
        else:
            messages = message_templates([(m.language or "", str(m)) for m in report.objects(r, SH.resultMessage)
                                          if isinstance(m, Literal)])
        path = report.value(r, SH.resultPath)
        return {
            "rule": self.rule_of.get(nodes[1], self.user_rule), "code": code_of(self.g, nodes, component),
            "severity": str(report.value(r, SH.resultSeverity)), "focus": focus,
            "path": _read_path(report, path) if path is not None else "", "component": component,
            "shape": shape, "constraint": constraint, "value": value, "messages": messages, "templates": templates,
        }

    @staticmethod
    def _node(text: str) -> Any:
        """The shapes-graph term of a term written as text (blank nodes keep their canonical label)."""
        if not text:
            return None
        if text.startswith("_:"):
            return ox.BlankNode(text[2:])
        return ox.NamedNode(text) if terms.is_iri(text) else None
