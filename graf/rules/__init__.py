"""Structural rules of the organisation model and :func:`validate`, which runs them per scenario.

Rules live one family per module (:mod:`graf.rules.entry`, :mod:`~graf.rules.direct`,
:mod:`~graf.rules.chair`, :mod:`~graf.rules.integrity`) and register themselves; nothing outside
this package special-cases a rule. Each scenario is validated on its own graphs only (P5).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from graf.audit import finding_confidence, finding_subjects, statement_confidences
from graf.errors import UnknownNameError
from graf.report import Finding, Outcome, Report, RuleInfo
from graf.rules import chair, direct, entry, integrity  # noqa: F401  (registration)
from graf.rules.base import Rule, ScenarioContext, registered
from graf.rules.shacl import USER_RULE, ShaclEngine, ShapesError
from graf.scenarios import Scenario, get_scenario, list_scenarios, require_graphs
from graf.store import Store

__all__ = ["Rule", "ShaclEngine", "ShapesError", "all_rules", "get_rule", "validate"]


def all_rules() -> list[Rule]:
    """Every registered rule, sorted by id."""
    return registered()


def get_rule(rule_id: str) -> Rule:
    """The rule ``rule_id``; UnknownNameError listing the valid ids otherwise."""
    for rule in registered():
        if rule.id == rule_id:
            return rule
    raise UnknownNameError("rule", rule_id, [r.id for r in registered()])


def _user_rule(files: list[Path]) -> Rule:
    names = ", ".join(str(f) for f in files)
    rule = Rule(
        id=USER_RULE,
        title={"da": "Brugerens SHACL-former", "en": "User SHACL shapes"},
        kind="shacl", severity="violation", source=f"shapes given with --shapes: {names}",
        source_document=names, description="SHACL shapes given by the user, validated with graf's own.",
        check=lambda ctx: ctx.shacl.findings(ctx, rule),
    )
    return rule


def _with_confidence(store: Store, found: list[Finding]) -> list[Finding]:
    """Each finding with the weakest confidence of the facts behind it (one query per rule and scenario).

    The statements are looked up in every graph: a finding may name an edge of the earlier scenario
    it compares with (a lost channel), and channel IRIs are unique to their scenario.
    """
    if not found:
        return found
    subjects = {s for f in found for s in finding_subjects(f.nodes, f.edges, f.witness)}
    confidences = statement_confidences(store, None, subjects)
    return [replace(f, confidence=finding_confidence(f.nodes, f.edges, f.witness, confidences)) for f in found]


def validate(store: Store, scenario: str | Scenario | None = None, rules: Iterable[str] | None = None,
             shapes: Iterable[str | Path] | None = None, shacl_engine: str = "auto") -> Report:
    """Validate every scenario of ``store`` (or only ``scenario``) against the rules.

    ``rules`` restricts the run to these rule ids (UnknownNameError on an unknown id); ``shapes``
    adds SHACL shapes files, reported under the rule ``user-shapes`` unless a shape names its own
    rule with ``grafsh:rule``. ``shacl_engine`` chooses how SHACL runs (``auto``, ``sparql`` or
    ``pyshacl``; see :class:`~graf.rules.shacl.ShaclEngine`); the findings are the same.
    Returns a :class:`~graf.report.Report` (``report.conforms``).
    """
    shape_files = [Path(p) for p in shapes or ()]
    wanted = list(dict.fromkeys(rules)) if rules is not None else None
    if wanted is None:
        selected = all_rules()
    else:
        selected = [get_rule(r) for r in wanted if not (r == USER_RULE and shape_files)]
    engine = ShaclEngine(shape_files, shacl_engine)
    if shape_files and (wanted is None or USER_RULE in wanted):
        selected.append(_user_rule(shape_files))
    scenarios = list_scenarios(store)
    if scenario is None:
        chosen = scenarios
    elif isinstance(scenario, Scenario):
        chosen = [scenario]
    else:
        chosen = [get_scenario(store, scenario, scenarios)]
    require_graphs(store, chosen)
    contexts: dict[str, ScenarioContext] = {}
    findings: list[Finding] = []
    outcomes: list[Outcome] = []
    for sc in chosen:
        ctx = contexts.get(sc.name) or ScenarioContext(store, sc, scenarios, contexts, engine)
        for rule in selected:
            found = _with_confidence(store, rule.check(ctx))
            findings += found
            count = {s: sum(f.severity == s for f in found) for s in ("violation", "warning", "info")}
            outcomes.append(Outcome(sc.name, rule.id, count["violation"] == 0, count["violation"],
                                    count["warning"], count["info"]))
    infos: list[RuleInfo] = [r.info() for r in selected]
    labels = {sc.name: {"da": sc.label("da"), "en": sc.label("en"), "description": contexts[sc.name].description,
                           "description_da": contexts[sc.name].descriptions.get("da", "")}
              for sc in chosen}
    return Report(findings, outcomes, infos, labels)
