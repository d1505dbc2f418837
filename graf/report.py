"""The result of ``graf validate``: findings, per-rule outcomes, and the four output formats.

A :class:`Report` is plain data. :func:`graf.rules.validate` builds it; the CLI only picks a
format and maps :attr:`Report.conforms` to the exit code (0 conforms, 1 violations). Findings are
sorted (scenario, rule, severity, code, witness ...), so every format is deterministic.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

if TYPE_CHECKING:  # graf.rules imports this module: the types only
    import datetime as dt
    from collections.abc import Iterable
    from pathlib import Path

    from graf.scenarios import Scenario
    from graf.store import Store
    from graf.waivers import Waiver

SEVERITIES = ("violation", "warning", "info")
_SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}

#: what identifies a finding across runs (:meth:`Finding.key`): scenario, rule, code, focus, path, value
FindingKey = tuple[str, str, str, tuple[str, ...], str, str]


@dataclass(frozen=True)
class Finding:
    """One problem found by one rule in one scenario.

    ``nodes`` are actor IRIs (node keys of :func:`graf.network.actor_graph`), ``edges`` edge ids
    (a channel IRI or ``"s|p|o"``), ``witness`` the path or the ends of the missing edge (IRIs),
    ``labels`` the Danish and English label of every IRI named. ``code`` says which check of the
    rule fired (e.g. ``no-entry-point``, ``formal-path-bypass``, ``shacl``); ``detail`` carries
    check-specific data (for SHACL results: ``focus``, ``path``, ``component``, ``shape``, ``value``).
    ``focus`` are the node(s) the finding is about (a waiver names them; the guard compares them),
    ``remediation`` what to do about it (``da``, ``en``), ``waiver`` the accepted exception that
    covers it, if any (``reason``, ``by``, ``until``, ``source``): a waived finding is reported,
    not counted.
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
    focus: tuple[str, ...] = ()
    remediation: dict[str, str] = field(default_factory=dict)
    waiver: dict[str, str] | None = None

    @property
    def message(self) -> str:
        """The English message."""
        return self.messages.get("en", "")

    def label(self, iri: str, lang: str = "da") -> str:
        return self.labels.get(iri, {}).get(lang) or iri

    def sort_key(self) -> tuple[Any, ...]:
        return (self.scenario, self.rule_id, _SEVERITY_ORDER.get(self.severity, 9), self.code, self.witness,
                self.nodes, self.edges, self.message, tuple(sorted(self.detail.items())))

    @property
    def counted(self) -> bool:
        """False for a waived finding: it is reported, not counted."""
        return self.waiver is None

    def key(self) -> FindingKey:
        """What identifies the finding across runs: scenario, rule, code, focus and (for SHACL) path and
        value; not its messages, labels or witness, which may change while the problem stays the same."""
        return (self.scenario, self.rule_id, self.code, tuple(sorted(self.focus)), self.detail.get("path", ""),
                self.detail.get("value", ""))

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["message"] = self.message
        for key in ("nodes", "edges", "witness", "focus"):
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
    """What the report says about a rule (copied from the rule object): ``codes`` maps each finding
    code to its severity and remediation, ``parameters`` lists what the rule reads and its defaults."""

    id: str
    title: dict[str, str]
    kind: str
    severity: str
    source: str
    source_document: str
    description: str = ""
    remediation: dict[str, str] = field(default_factory=dict)
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    parameters: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class WaiverNote:
    """A warning about a waiver: it matched no finding (``waiver-stale``) or its date has passed
    (``waiver-expired``: its findings count again). ``source`` is where the waiver is written
    (``file:line`` or its IRI)."""

    code: str
    source: str
    messages: dict[str, str]

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": "warning", "source": self.source, "messages": dict(self.messages),
                "message": self.messages.get("en", "")}


@dataclass
class Report:
    """All findings and outcomes of one validation run (``waiver_notes``: warnings about waivers)."""

    findings: list[Finding]
    outcomes: list[Outcome]
    rules: list[RuleInfo]
    scenarios: dict[str, dict[str, str]]  # name -> {da, en, description (en), description_da}
    waiver_notes: list[WaiverNote] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.findings = sorted(self.findings, key=Finding.sort_key)
        self.outcomes = sorted(self.outcomes, key=lambda o: (o.scenario, o.rule_id))

    @property
    def conforms(self) -> bool:
        """True when no counted finding is a violation (warnings, infos and waived findings do not count)."""
        return not any(f.severity == "violation" and f.counted for f in self.findings)

    @property
    def waived(self) -> list[Finding]:
        """The findings an accepted waiver covers (reported, not counted)."""
        return [f for f in self.findings if not f.counted]

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
            "waivers": [n.as_dict() for n in self.waiver_notes],
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def to_text(self, lang: str = "da") -> str:
        return render_text(self, lang)

    def to_turtle(self) -> str:
        return render_turtle(self)

    def to_junit(self) -> str:
        """JUnit XML: one test suite per scenario, one test case per rule; a rule with violations
        fails, with one line per violation (message, witness, what to do); waived findings and
        waiver warnings are in the test case's and the suite's output."""
        suites = ET.Element("testsuites", name="graf validate")
        total = failures = 0
        for scenario in sorted(self.scenarios):
            outcomes = [o for o in self.outcomes if o.scenario == scenario]
            suite = ET.SubElement(suites, "testsuite", name=f"graf validate: {scenario}",
                                  tests=str(len(outcomes)),
                                  failures=str(sum(not o.passed for o in outcomes)), errors="0")
            for o in outcomes:
                total += 1
                failures += not o.passed
                _junit_case(suite, scenario, o, self.findings_for(scenario, o.rule_id))
        if self.waiver_notes:
            ET.SubElement(suites, "system-err").text = "\n".join(
                f"[warning] {n.code}: {n.messages.get('en', '')} ({n.source})" for n in self.waiver_notes)
        suites.set("tests", str(total))
        suites.set("failures", str(failures))
        ET.indent(suites)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _junit_case(suite: ET.Element, scenario: str, o: Outcome, found: list[Finding]) -> None:
    case = ET.SubElement(suite, "testcase", classname=f"graf.validate.{scenario}", name=o.rule_id)
    lines = [_finding_line(f) for f in found]
    if not o.passed:
        violations = [line for f, line in zip(found, lines, strict=True) if f.severity == "violation" and f.counted]
        failure = ET.SubElement(case, "failure", type="violation",
                                message=f"{o.violations} violation(s) of {o.rule_id} in {scenario}")
        failure.text = "\n".join(violations)
    if lines:
        ET.SubElement(case, "system-out").text = "\n".join(lines)


def _finding_line(f: Finding) -> str:
    witness = " -> ".join(f"{f.label(i, 'en')} <{i}>" for i in f.witness)
    line = f"[{f.severity if f.counted else 'waived ' + f.severity}] {f.code}: {f.message}"
    if witness:
        line += f" | witness: {witness}"
    if f.remediation.get("en"):
        line += f" | what to do: {f.remediation['en']}"
    if f.waiver:
        line += f" | waived until {f.waiver.get('until', '')} by {f.waiver.get('by', '')}: {f.waiver.get('reason', '')}"
    return line


def validate(store: Store, scenario: str | Scenario | None = None, rules: Iterable[str] | None = None,
             shapes: Iterable[str | Path] | None = None, shacl_engine: str = "auto", *,
             waivers: Iterable[Waiver] = (), max_witness: int | None = None,
             today: dt.date | None = None) -> Report:
    """Validate each scenario of ``store`` against the structural rules (SHACL shapes and topology rules).

    Parameters
    ----------
    store : Store
        The data set: :func:`graf.open_store`'s store, in memory, on disk or on a SPARQL server.
    scenario : str or Scenario, optional
        One scenario (its name, e.g. ``"adjusted"``); default: every scenario, each on its own graphs.
    rules : iterable of str, optional
        Rule ids to run (``graf rules`` lists them); default: all.
    shapes : iterable of str or Path, optional
        Extra SHACL shapes files, reported under the rule ``user-shapes`` unless a shape names its own.
    shacl_engine : {"auto", "sparql", "pyshacl"}
        How SHACL runs; the findings are the same.
    waivers : iterable of Waiver
        Accepted exceptions (:func:`graf.rules.load_waivers`): their findings are reported as waived
        and not counted.
    max_witness : int, optional
        Cut witnesses (paths) longer than this many nodes; default 200.
    today : datetime.date, optional
        The date waivers are checked against; default: the current date.

    Returns
    -------
    Report
        Every finding, sorted, with each rule's outcome per scenario; ``report.conforms`` is False
        when a violation is counted. ``report.to_json()``, ``to_turtle()``, ``to_junit()`` and
        :func:`render_text` write it.

    Raises
    ------
    graf.errors.UnknownNameError
        An unknown scenario or rule id (the message lists the valid ones).
    graf.rules.shacl.ShapesError
        A shapes file that does not parse, or that the chosen SHACL engine cannot run.
    graf.errors.GrafError
        The store failed a validation query (a remote server's error, a time limit ...).

    See Also
    --------
    graf.rules.validate : the same, with ``processes`` for large on-disk stores.
    """
    # here, not at the top: loads networkx, rdflib (start-up)
    from graf.rules import validate as run
    from graf.rules.base import MAX_WITNESS_NODES

    return run(store, scenario=scenario, rules=rules, shapes=shapes, shacl_engine=shacl_engine, waivers=waivers,
               max_witness=max_witness or MAX_WITNESS_NODES, today=today)


# -- text ------------------------------------------------------------------------------------------

_WORDS = {
    "da": {"scenario": "Scenarie", "pass": "OK", "fail": "FEJL", "violation": "overtrædelse",
           "warning": "advarsel", "info": "info", "actors": "Aktører", "witness": "Vidne", "edges": "Kanter",
           "source": "Kilde", "confidence": "Sikkerhed", "conforms": "Resultat: alle regler overholdt",
           "fails": "Resultat: regler brudt", "focus": "Fokus", "remedy": "Det kan du gøre",
           "waived": "Undtaget", "waiver": "Undtagelse", "until": "til", "by": "af",
           "waivers": "Undtagelser", "waived_count": "{n} undtaget",
           "counts": "{v} overtrædelse(r), {w} advarsel(er), {i} info", "none": "(ingen scenarier)"},
    "en": {"scenario": "Scenario", "pass": "PASS", "fail": "FAIL", "violation": "violation",
           "warning": "warning", "info": "info", "actors": "Actors", "witness": "Witness", "edges": "Edges",
           "source": "Source", "confidence": "Confidence", "conforms": "Result: conforms",
           "fails": "Result: does not conform", "focus": "Focus", "remedy": "What to do",
           "waived": "Waived", "waiver": "Waiver", "until": "until", "by": "by",
           "waivers": "Waivers", "waived_count": "{n} waived",
           "counts": "{v} violation(s), {w} warning(s), {i} info(s)", "none": "(no scenarios)"},
}


_CONFIDENCE_WORDS = {
    "da": {"memo": "notatet", "external": "ekstern kilde", "derived": "udledt", "unsourced": "uden kilde"},
    "en": {"memo": "memo", "external": "external", "derived": "derived", "unsourced": "unsourced"},
}

_RANK = {"violation": 0, "warning": 1, "info": 2}


def render_text(report: Report, lang: str = "da") -> str:
    """A readable report in Danish (``da``) or English (``en``): per scenario the rules' outcomes,
    then each finding (waived ones last, marked), then the waiver warnings and the total."""
    lang = "en" if lang == "en" else "da"
    w = _WORDS[lang]
    lines: list[str] = []
    for scenario in sorted(report.scenarios):
        lines += _text_scenario(report, scenario, lang)
        found = sorted(report.findings_for(scenario), key=lambda f: (not f.counted, _RANK.get(f.severity, 3)))
        for f in found:  # sorted() is stable: the report's order within each group
            lines += ["", *_text_finding(f, lang)]
        lines.append("")
    if not report.scenarios:
        lines.append(w["none"])
    if report.waiver_notes:
        lines.append(f"{w['waivers']}:")
        lines += [f"  [{w['warning']}] {n.code}: {n.messages.get(lang) or n.messages.get('en', '')} ({n.source})"
                  for n in report.waiver_notes]
        lines.append("")
    counted = [f for f in report.findings if f.counted]
    total = {s: sum(f.severity == s for f in counted) for s in SEVERITIES}
    summary = w["counts"].format(v=total["violation"], w=total["warning"], i=total["info"])
    if report.waived:
        summary += ", " + w["waived_count"].format(n=len(report.waived))
    lines.append(f"{w['conforms'] if report.conforms else w['fails']} ({summary})")
    return "\n".join(lines) + "\n"


def _text_scenario(report: Report, scenario: str, lang: str) -> list[str]:
    """The scenario's heading, description and one line per rule (pass or fail, with counts)."""
    w = _WORDS[lang]
    info = report.scenarios[scenario]
    lines = [f"{w['scenario']} {scenario}: {info.get(lang, scenario)}"]
    description = (info.get("description_da") if lang == "da" else "") or info.get("description")
    if description:
        lines.append(f"  ({description})")
    width = max((len(r.id) for r in report.rules), default=10)
    for o in (o for o in report.outcomes if o.scenario == scenario):
        rule = report.rule(o.rule_id)
        title = rule.title.get(lang, o.rule_id) if rule else o.rule_id
        counts = w["counts"].format(v=o.violations, w=o.warnings, i=o.infos)
        lines.append(f"  {(w['pass'] if o.passed else w['fail']):<4}  {o.rule_id:<{width}}  {title}  ({counts})")
    return lines


def _text_finding(f: Finding, lang: str) -> list[str]:
    """One finding: severity, rule, code, message, actors, witness, edges, source, confidence, what to do."""
    w = _WORDS[lang]
    mark = w[f.severity] if f.counted else f"{w['waived']}: {w[f.severity]}"
    lines = [f"  [{mark}] {f.rule_id}: {f.title.get('da', '')} / {f.title.get('en', '')}  ({f.code})",
             f"    {f.messages.get(lang) or f.message}"]
    actors = list(dict.fromkeys([*f.nodes, *f.witness]))
    if actors:
        lines.append(f"    {w['actors']}:")
        lines += [f"      - {f.label(a, lang)} <{a}>" for a in actors]
    if f.focus:
        lines.append(f"    {w['focus']}: " + " ".join(f"<{x}>" for x in f.focus))
    if f.witness:
        lines.append(f"    {w['witness']}: " + " -> ".join(f.label(a, lang) for a in f.witness))
    if f.edges:
        lines.append(f"    {w['edges']}: " + ", ".join(f.edges))
    if f.source:
        lines.append(f"    {w['source']}: \u201c{f.source}\u201d")
    if f.confidence:
        lines.append(f"    {w['confidence']}: {_CONFIDENCE_WORDS[lang].get(f.confidence, f.confidence)}")
    if f.remediation:
        lines.append(f"    {w['remedy']}: {f.remediation.get(lang) or f.remediation.get('en', '')}")
    if f.waiver:
        lines.append(f"    {w['waiver']} ({f.waiver.get('source', '')}, {w['by']} {f.waiver.get('by', '')}, "
                     f"{w['until']} {f.waiver.get('until', '')}): {f.waiver.get('reason', '')}")
    return lines


# -- turtle ----------------------------------------------------------------------------------------


def render_turtle(report: Report) -> str:
    """A ``sh:ValidationReport``: one ``sh:ValidationResult`` per counted finding, faithful to SHACL.

    SHACL results keep their exact terms (literals with datatype and language, blank nodes as blank
    nodes), their path structure, source shape, constraint and severity. ``sh:conforms`` is true only
    when there is no counted result of any severity (graf's exit code counts violations only: see
    :attr:`Report.conforms`). A topology finding has graf's rule as its source shape and constraint
    component (``grafsh:rule-<id>``). graf's own statements about each result are in its namespace
    ``https://w3id.org/graf/shapes#`` (:func:`_graf_properties`), beside SHACL's;
    ``grafsh:remediation`` (what to do, ``@da`` and ``@en``) sits beside ``sh:resultMessage``. A
    waived finding is a ``grafsh:WaivedResult`` linked with ``grafsh:waivedResult`` (not
    ``sh:result``: it does not count) and carries its waiver; each warning about a waiver is a
    ``grafsh:WaiverNote``. Plus one ``grafsh:Outcome`` per rule and scenario.
    """
    # here, not at the top: loads rdflib (start-up)
    import rdflib
    from rdflib import RDF, BNode, Literal
    from rdflib.namespace import SH, XSD

    from graf.namespaces import GRAFSH

    g = rdflib.Graph()
    g.bind("sh", SH)
    g.bind("grafsh", GRAFSH)
    root = BNode("report")
    g.add((root, RDF.type, SH.ValidationReport))
    g.add((root, SH.conforms, Literal(not any(f.counted for f in report.findings))))
    blank: dict[str, rdflib.BNode] = {}  # one blank node per blank node the findings name
    counter = iter(range(1, 1 << 62))

    def fresh() -> rdflib.BNode:
        return BNode(f"n{next(counter)}")

    for n, f in enumerate(report.findings, 1):
        r = BNode(f"finding{n}")
        g.add((root, SH.result if f.counted else GRAFSH.waivedResult, r))
        g.add((r, RDF.type, SH.ValidationResult if f.counted else GRAFSH.WaivedResult))
        for predicate, obj in [*_shacl_properties(f, g, blank, fresh), *_graf_properties(f, g, blank, fresh)]:
            g.add((r, predicate, obj))
    for n, note in enumerate(report.waiver_notes, 1):
        _attach(g, root, GRAFSH.waiverNote, BNode(f"waiverNote{n}"), GRAFSH.WaiverNote, [
            (GRAFSH.code, Literal(note.code)), (GRAFSH.waiverSource, Literal(note.source)),
            *((SH.resultMessage, Literal(text, lang=lang)) for lang, text in sorted(note.messages.items()))])
    for n, o in enumerate(report.outcomes, 1):
        _attach(g, root, GRAFSH.outcome, BNode(f"outcome{n}"), GRAFSH.Outcome, [
            (GRAFSH.rule, Literal(o.rule_id)), (GRAFSH.scenario, Literal(o.scenario)),
            (GRAFSH.passed, Literal(o.passed)),
            *((GRAFSH[key], Literal(getattr(o, key), datatype=XSD.integer))
              for key in ("violations", "warnings", "infos"))])
    return g.serialize(format="turtle")


def _attach(g: Any, root: Any, link: Any, node: Any, cls: Any, properties: list[tuple[Any, Any]]) -> None:
    """Add ``node`` of class ``cls`` to the report ``root`` through ``link``, with its ``properties``."""
    # here, not at the top: loads rdflib (start-up)
    from rdflib import RDF

    g.add((root, link, node))
    g.add((node, RDF.type, cls))
    for predicate, obj in properties:
        g.add((node, predicate, obj))


_SEVERITY_IRI = {"violation": "Violation", "warning": "Warning", "info": "Info"}


def _shacl_properties(f: Finding, g: Any, blank: dict[str, Any], fresh: Any) -> list[tuple[Any, Any]]:
    """SHACL's properties of the result of ``f`` (focus node, path, value, source shape ...)."""
    # here, not at the top: loads rdflib (start-up)
    from rdflib import Literal, URIRef
    from rdflib.namespace import SH

    from graf import terms
    from graf.namespaces import GRAFSH

    d = f.detail if "component" in f.detail else {}  # a SHACL result's detail (topology findings have others)
    focus = d.get("focus") or (f.focus[0] if f.focus else (f.nodes[0] if f.nodes else ""))
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


def _graf_properties(f: Finding, g: Any, blank: dict[str, Any], fresh: Any) -> list[tuple[Any, Any]]:
    """graf's own statements about the result of ``f``, in its namespace (add new ones here):
    ``grafsh:rule`` (rule id), ``grafsh:scenario``, ``grafsh:code`` (the check that fired),
    ``grafsh:source`` (the quoted sentence), ``grafsh:confidence`` (the weakest confidence of the facts
    behind it), ``grafsh:remediation`` (what to do, ``@da`` and ``@en``), ``grafsh:focus`` (what the
    finding is about), ``grafsh:node`` (actor IRIs), ``grafsh:edge`` (edge ids, literals),
    ``grafsh:witness`` (an rdf:List of terms, in path order), and for a waived finding
    ``grafsh:waiverReason``, ``grafsh:waivedBy``, ``grafsh:waivedUntil``, ``grafsh:waiverSource``."""
    # here, not at the top: loads rdflib (start-up)
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from graf import terms
    from graf.namespaces import GRAFSH

    out: list[tuple[Any, Any]] = [(GRAFSH.rule, Literal(f.rule_id)), (GRAFSH.scenario, Literal(f.scenario)),
           (GRAFSH.code, Literal(f.code)), (GRAFSH.source, Literal(f.source, lang="da"))]
    if f.confidence:
        out.append((GRAFSH.confidence, Literal(f.confidence)))
    out += [(GRAFSH.remediation, Literal(text, lang=lang)) for lang, text in sorted(f.remediation.items())]
    out += [(GRAFSH.focus, terms.to_rdflib(x, blank)) for x in f.focus]
    out += [(GRAFSH.node, URIRef(node)) for node in f.nodes]
    out += [(GRAFSH.edge, Literal(edge)) for edge in f.edges]
    if f.witness:
        out.append((GRAFSH.witness, terms.rdf_list([terms.to_rdflib(x, blank) for x in f.witness], g, fresh)))
    if f.waiver:
        out += [(GRAFSH.waiverReason, Literal(f.waiver.get("reason", ""))),
                (GRAFSH.waivedBy, Literal(f.waiver.get("by", ""))),
                (GRAFSH.waivedUntil, Literal(f.waiver.get("until", ""), datatype=XSD.date)),
                (GRAFSH.waiverSource, Literal(f.waiver.get("source", "")))]
    return out
