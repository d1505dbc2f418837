"""The result of ``graf validate``: findings, per-rule outcomes, and the four output formats.

A :class:`Report` is plain data. :func:`graf.rules.validate` builds it; the CLI only picks a
format and maps :attr:`Report.conforms` to the exit code (0 conforms, 1 violations). Findings are
sorted (scenario, rule, severity, code, witness ...), so every format is deterministic.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any
from xml.etree import ElementTree as ET

SEVERITIES = ("violation", "warning", "info")
_SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Finding:
    """One problem found by one rule in one scenario.

    ``nodes`` are actor IRIs (node keys of :func:`graf.network.actor_graph`), ``edges`` edge ids
    (a channel IRI or ``"s|p|o"``), ``witness`` the path or the ends of the missing edge (IRIs),
    ``labels`` the Danish and English label of every IRI named. ``code`` says which check of the
    rule fired (e.g. ``no-entry-point``, ``formal-path-bypass``, ``shacl``); ``detail`` carries
    check-specific data (for SHACL results: ``focus``, ``path``, ``component``, ``shape``, ``value``).
    """

    rule_id: str
    scenario: str
    severity: str
    code: str
    title: dict[str, str]
    messages: dict[str, str]
    nodes: tuple[str, ...] = ()
    edges: tuple[str, ...] = ()
    witness: tuple[str, ...] = ()
    source: str = ""
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    detail: dict[str, str] = field(default_factory=dict)
    confidence: str = ""

    @property
    def message(self) -> str:
        """The English message."""
        return self.messages.get("en", "")

    def label(self, iri: str, lang: str = "da") -> str:
        return self.labels.get(iri, {}).get(lang) or iri

    def sort_key(self) -> tuple:
        return (self.scenario, self.rule_id, _SEVERITY_ORDER.get(self.severity, 9), self.code, self.witness,
                self.nodes, self.edges, self.message, tuple(sorted(self.detail.items())))

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["message"] = self.message
        for key in ("nodes", "edges", "witness"):
            out[key] = list(out[key])
        return out


@dataclass(frozen=True)
class Outcome:
    """Whether one rule passed in one scenario (``passed`` = no violation), with finding counts."""

    scenario: str
    rule_id: str
    passed: bool
    violations: int = 0
    warnings: int = 0
    infos: int = 0


@dataclass(frozen=True)
class RuleInfo:
    """What the report says about a rule (copied from the rule object)."""

    id: str
    title: dict[str, str]
    kind: str
    severity: str
    source: str
    source_document: str


@dataclass
class Report:
    """All findings and outcomes of one validation run."""

    findings: list[Finding]
    outcomes: list[Outcome]
    rules: list[RuleInfo]
    scenarios: dict[str, dict[str, str]]  # name -> {da, en, description (en), description_da}

    def __post_init__(self) -> None:
        self.findings = sorted(self.findings, key=Finding.sort_key)
        self.outcomes = sorted(self.outcomes, key=lambda o: (o.scenario, o.rule_id))

    @property
    def conforms(self) -> bool:
        """True when no finding is a violation (warnings and infos do not count)."""
        return not any(f.severity == "violation" for f in self.findings)

    def rule(self, rule_id: str) -> RuleInfo | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def findings_for(self, scenario: str | None = None, rule_id: str | None = None) -> list[Finding]:
        return [f for f in self.findings
                if (scenario is None or f.scenario == scenario) and (rule_id is None or f.rule_id == rule_id)]

    # -- formats --------------------------------------------------------------------------------------

    def to_json(self) -> str:
        data = {
            "conforms": self.conforms,
            "scenarios": self.scenarios,
            "rules": [asdict(r) for r in self.rules],
            "outcomes": [asdict(o) for o in self.outcomes],
            "findings": [f.as_dict() for f in self.findings],
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def to_text(self, lang: str = "da") -> str:
        return render_text(self, lang)

    def to_turtle(self) -> str:
        return render_turtle(self)

    def to_junit(self) -> str:
        suites = ET.Element("testsuites", name="graf validate")
        total = failures = 0
        for scenario in sorted(self.scenarios):
            outcomes = [o for o in self.outcomes if o.scenario == scenario]
            suite = ET.SubElement(suites, "testsuite", name=f"graf validate: {scenario}",
                                  tests=str(len(outcomes)),
                                  failures=str(sum(not o.passed for o in outcomes)), errors="0")
            for o in outcomes:
                total += 1
                case = ET.SubElement(suite, "testcase", classname=f"graf.validate.{scenario}", name=o.rule_id)
                found = self.findings_for(scenario, o.rule_id)
                lines = [_finding_line(f) for f in found]
                if not o.passed:
                    failures += 1
                    violations = [line for f, line in zip(found, lines, strict=True) if f.severity == "violation"]
                    failure = ET.SubElement(case, "failure", type="violation",
                                            message=f"{o.violations} violation(s) of {o.rule_id} in {scenario}")
                    failure.text = "\n".join(violations)
                if lines:
                    ET.SubElement(case, "system-out").text = "\n".join(lines)
        suites.set("tests", str(total))
        suites.set("failures", str(failures))
        ET.indent(suites)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _finding_line(f: Finding) -> str:
    witness = " -> ".join(f"{f.label(i, 'en')} <{i}>" for i in f.witness)
    return f"[{f.severity}] {f.code}: {f.message}" + (f" | witness: {witness}" if witness else "")



def validate(store: Any, scenario: Any = None, rules: Any = None, shapes: Any = None,
             shacl_engine: str = "auto") -> Report:
    """Validate each scenario of ``store`` against the structural rules; see :func:`graf.rules.validate`.

    ``scenario``: a name (default: every scenario, each on its own); ``rules``: rule ids (default: all);
    ``shapes``: extra SHACL shapes files. Returns a :class:`Report`; ``report.conforms`` is False
    when a rule is violated. ``shacl_engine``: ``auto`` (default), ``sparql`` or ``pyshacl``.
    """
    from graf.rules import validate as run

    return run(store, scenario=scenario, rules=rules, shapes=shapes, shacl_engine=shacl_engine)


# -- text ------------------------------------------------------------------------------------------

_WORDS = {
    "da": {"scenario": "Scenarie", "pass": "OK", "fail": "FEJL", "violation": "overtrædelse",
           "warning": "advarsel", "info": "info", "actors": "Aktører", "witness": "Vidne", "edges": "Kanter",
           "source": "Kilde", "confidence": "Sikkerhed", "conforms": "Resultat: alle regler overholdt",
           "fails": "Resultat: regler brudt",
           "counts": "{v} overtrædelse(r), {w} advarsel(er), {i} info", "none": "(ingen scenarier)"},
    "en": {"scenario": "Scenario", "pass": "PASS", "fail": "FAIL", "violation": "violation",
           "warning": "warning", "info": "info", "actors": "Actors", "witness": "Witness", "edges": "Edges",
           "source": "Source", "confidence": "Confidence", "conforms": "Result: conforms",
           "fails": "Result: does not conform",
           "counts": "{v} violation(s), {w} warning(s), {i} info(s)", "none": "(no scenarios)"},
}


_CONFIDENCE_WORDS = {
    "da": {"memo": "notatet", "external": "ekstern kilde", "derived": "udledt", "unsourced": "uden kilde"},
    "en": {"memo": "memo", "external": "external", "derived": "derived", "unsourced": "unsourced"},
}


def render_text(report: Report, lang: str = "da") -> str:
    """A readable report in Danish (``da``) or English (``en``)."""
    w = _WORDS["en" if lang == "en" else "da"]
    lang = "en" if lang == "en" else "da"
    lines: list[str] = []
    width = max((len(r.id) for r in report.rules), default=10)
    for scenario in sorted(report.scenarios):
        label = report.scenarios[scenario].get(lang, scenario)
        lines.append(f"{w['scenario']} {scenario}: {label}")
        info = report.scenarios[scenario]
        description = (info.get("description_da") if lang == "da" else "") or info.get("description")
        if description:
            lines.append(f"  ({description})")
        for o in (o for o in report.outcomes if o.scenario == scenario):
            rule = report.rule(o.rule_id)
            title = rule.title.get(lang, o.rule_id) if rule else o.rule_id
            counts = w["counts"].format(v=o.violations, w=o.warnings, i=o.infos)
            lines.append(f"  {(w['pass'] if o.passed else w['fail']):<4}  {o.rule_id:<{width}}  {title}  ({counts})")
        rank = {"violation": 0, "warning": 1, "info": 2}
        for f in sorted(report.findings_for(scenario), key=lambda f: rank.get(f.severity, 3)):  # stable
            lines.append("")
            lines.append(f"  [{w[f.severity]}] {f.rule_id}: {f.title.get('da', '')} / {f.title.get('en', '')}"
                         f"  ({f.code})")
            lines.append(f"    {f.messages.get(lang) or f.message}")
            actors = list(dict.fromkeys([*f.nodes, *f.witness]))
            if actors:
                lines.append(f"    {w['actors']}:")
                lines += [f"      - {f.label(a, lang)} <{a}>" for a in actors]
            if f.witness:
                lines.append(f"    {w['witness']}: " + " -> ".join(f.label(a, lang) for a in f.witness))
            if f.edges:
                lines.append(f"    {w['edges']}: " + ", ".join(f.edges))
            if f.source:
                lines.append(f"    {w['source']}: \u201c{f.source}\u201d")
            if f.confidence:
                lines.append(f"    {w['confidence']}: {_CONFIDENCE_WORDS[lang].get(f.confidence, f.confidence)}")
        lines.append("")
    if not report.scenarios:
        lines.append(w["none"])
    total = {s: sum(f.severity == s for f in report.findings) for s in SEVERITIES}
    lines.append(f"{w['conforms'] if report.conforms else w['fails']} "
                 f"({w['counts'].format(v=total['violation'], w=total['warning'], i=total['info'])})")
    return "\n".join(lines) + "\n"


# -- turtle ----------------------------------------------------------------------------------------


def render_turtle(report: Report) -> str:
    """A ``sh:ValidationReport``: one ``sh:ValidationResult`` per finding, faithful to SHACL.

    SHACL results keep their exact terms (literals with datatype and language, blank nodes as blank
    nodes), their path structure, source shape, constraint and severity. ``sh:conforms`` is true only
    when there is no result of any severity (graf's exit code counts violations only: see
    :attr:`Report.conforms`). A topology finding has graf's rule as its source shape and constraint
    component (``grafsh:rule-<id>``). graf's own statements about each result are in its namespace
    ``https://w3id.org/graf/shapes#`` (:func:`_graf_properties`), beside SHACL's, plus one
    ``grafsh:Outcome`` per rule and scenario.
    """
    import rdflib
    from rdflib import RDF, BNode, Literal
    from rdflib.namespace import SH, XSD

    from graf.namespaces import GRAFSH

    g = rdflib.Graph()
    g.bind("sh", SH)
    g.bind("grafsh", GRAFSH)
    root = BNode("report")
    g.add((root, RDF.type, SH.ValidationReport))
    g.add((root, SH.conforms, Literal(not report.findings)))
    blank: dict[str, rdflib.BNode] = {}  # one blank node per blank node the findings name
    counter = iter(range(1, 1 << 62))

    def fresh() -> rdflib.BNode:
        return BNode(f"n{next(counter)}")

    for n, f in enumerate(report.findings, 1):
        r = BNode(f"finding{n}")
        g.add((root, SH.result, r))
        g.add((r, RDF.type, SH.ValidationResult))
        for predicate, obj in [*_shacl_properties(f, g, blank, fresh), *_graf_properties(f, g, blank, fresh)]:
            g.add((r, predicate, obj))
    for n, o in enumerate(report.outcomes, 1):
        node = BNode(f"outcome{n}")
        g.add((root, GRAFSH.outcome, node))
        g.add((node, RDF.type, GRAFSH.Outcome))
        g.add((node, GRAFSH.rule, Literal(o.rule_id)))
        g.add((node, GRAFSH.scenario, Literal(o.scenario)))
        g.add((node, GRAFSH.passed, Literal(o.passed)))
        for key in ("violations", "warnings", "infos"):
            g.add((node, GRAFSH[key], Literal(getattr(o, key), datatype=XSD.integer)))
    return g.serialize(format="turtle")


_SEVERITY_IRI = {"violation": "Violation", "warning": "Warning", "info": "Info"}


def _shacl_properties(f: Finding, g: Any, blank: dict, fresh: Any) -> list[tuple[Any, Any]]:
    """SHACL's properties of the result of ``f`` (focus node, path, value, source shape ...)."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import SH

    from graf import terms
    from graf.namespaces import GRAFSH

    d = f.detail if "component" in f.detail else {}  # a SHACL result's detail (topology findings have others)
    focus = d.get("focus") or (f.witness[0] if f.witness else (f.nodes[0] if f.nodes else ""))
    out = [(SH.focusNode, terms.to_rdflib(focus, blank) if focus else Literal(f.scenario)),
           (SH.resultSeverity, URIRef(d.get("severity") or str(SH) + _SEVERITY_IRI[f.severity])),
           (SH.sourceConstraintComponent, terms.to_rdflib(d["component"], blank) if d else GRAFSH[f"rule-{f.rule_id}"]),
           (SH.sourceShape, terms.to_rdflib(d["shape"], blank) if d.get("shape") else GRAFSH[f"rule-{f.rule_id}"])]
    if d.get("constraint"):
        out.append((SH.sourceConstraint, terms.to_rdflib(d["constraint"], blank)))
    if d.get("path"):
        out.append((SH.resultPath, terms.path_to_rdflib(terms.parse_path(d["path"]), g, fresh)))
    if d.get("value"):
        out.append((SH.value, terms.to_rdflib(d["value"], blank)))
    untagged = f.messages.get("")  # an sh:message without a language stays without one
    for lang, text in sorted(f.messages.items()):
        if lang == "":
            out.append((SH.resultMessage, Literal(text)))
        elif text != untagged:
            out.append((SH.resultMessage, Literal(text, lang=lang)))
    return out


def _graf_properties(f: Finding, g: Any, blank: dict, fresh: Any) -> list[tuple[Any, Any]]:
    """graf's own statements about the result of ``f``, in its namespace (add new ones here):
    ``grafsh:rule`` (rule id), ``grafsh:scenario``, ``grafsh:code`` (the check that fired),
    ``grafsh:source`` (the quoted sentence), ``grafsh:confidence`` (the weakest confidence of the facts
    behind it), ``grafsh:node`` (actor IRIs), ``grafsh:edge`` (edge ids, literals), ``grafsh:witness``
    (an rdf:List of terms, in path order)."""
    from rdflib import Literal, URIRef

    from graf import terms
    from graf.namespaces import GRAFSH

    out = [(GRAFSH.rule, Literal(f.rule_id)), (GRAFSH.scenario, Literal(f.scenario)),
           (GRAFSH.code, Literal(f.code)), (GRAFSH.source, Literal(f.source, lang="da"))]
    if f.confidence:
        out.append((GRAFSH.confidence, Literal(f.confidence)))
    out += [(GRAFSH.node, URIRef(node)) for node in f.nodes]
    out += [(GRAFSH.edge, Literal(edge)) for edge in f.edges]
    if f.witness:
        out.append((GRAFSH.witness, terms.rdf_list([terms.to_rdflib(x, blank) for x in f.witness], g, fresh)))
    return out
