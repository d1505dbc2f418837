"""Structural rules of the organisation model and :func:`validate`, which runs them per scenario.

Rules live one family per module (:mod:`graf.rules.entry`, :mod:`~graf.rules.direct`,
:mod:`~graf.rules.chair`, :mod:`~graf.rules.integrity`) and register themselves; nothing outside
this package special-cases a rule. Each scenario is validated on its own graphs only (P5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from graf import waivers as waiver_files
from graf.audit import finding_confidence, finding_subjects, statement_confidences
from graf.errors import UnknownNameError
from graf.report import Finding, Outcome, Report, RuleInfo
from graf.rules import chair, direct, entry, integrity, local  # noqa: F401  (registration)
from graf.rules.base import MAX_WITNESS_NODES, Rule, ScenarioContext, registered
from graf.rules.shacl import USER_RULE, ShaclEngine, ShapesError
from graf.scenarios import Scenario, get_scenario, list_scenarios, require_graphs
from graf.store import EmbeddedStore, Store
from graf.waivers import Waiver

__all__ = ["Rule", "ShaclEngine", "ShapesError", "Waiver", "all_rules", "check_scenarios", "get_rule", "load_waivers",
           "rule_codes", "validate"]


def all_rules() -> list[Rule]:
    """Every registered rule, sorted by id."""
    return registered()


def get_rule(rule_id: str) -> Rule:
    """The rule ``rule_id``; UnknownNameError listing the valid ids otherwise."""
    for rule in registered():
        if rule.id == rule_id:
            return rule
    raise UnknownNameError("rule", rule_id, [r.id for r in registered()])


def rule_codes() -> dict[str, list[str] | None]:
    """Each rule id -> its finding codes (``user-shapes``: any code), for checking waivers."""
    return {**{r.id: sorted(r.codes) for r in registered()}, USER_RULE: None}


def load_waivers(path: str | Path) -> list[Waiver]:
    """The waivers of a Turtle file (see :mod:`graf.waivers`); WaiverError naming the file and line."""
    return waiver_files.load(path, rule_codes())


def _user_rule(files: list[Path]) -> Rule:
    names = ", ".join(str(f) for f in files)
    rule = Rule(
        id=USER_RULE,
        title={"da": "Brugerens SHACL-former", "en": "User SHACL shapes"},
        kind="shacl", severity="violation", source=f"shapes given with --shapes: {names}",
        source_document=names, description="SHACL shapes given by the user, validated with graf's own.",
        check=lambda ctx: ctx.shacl.findings(ctx, rule),
        remediation={"da": "Ret dataene, så de opfylder formen, eller ret formen.",
                     "en": "Correct the data so that they meet the shape, or correct the shape."},
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


def _select_rules(wanted: list[str] | None, shape_files: list[Path], shacl_engine: str
                  ) -> tuple[list[Rule], ShaclEngine]:
    """The rules to run (UnknownNameError on an unknown id) and the SHACL engine for them."""
    if wanted is None:
        selected = all_rules()
    else:
        selected = [get_rule(r) for r in wanted if not (r == USER_RULE and shape_files)]
    engine = ShaclEngine(shape_files, shacl_engine)
    if shape_files and (wanted is None or USER_RULE in wanted):
        selected.append(_user_rule(shape_files))
    return selected, engine


def _choose(store: Store, scenario: str | Scenario | None, scenarios: list[Scenario]) -> list[Scenario]:
    if scenario is None:
        chosen = scenarios
    elif isinstance(scenario, Scenario):
        chosen = [scenario]
    else:
        chosen = [get_scenario(store, scenario, scenarios)]
    require_graphs(store, chosen)
    return chosen


def check_scenarios(store: Store, chosen: list[Scenario], scenarios: list[Scenario], rules: list[Rule],
                    engine: ShaclEngine, *, max_witness: int = MAX_WITNESS_NODES, confidence: bool = True,
                    violations_only: bool = False) -> tuple[list[Finding], dict[str, ScenarioContext]]:
    """Run ``rules`` on each of ``chosen`` (every scenario on its own graphs, with ``scenarios`` to find
    the earlier ones): the findings (with their confidence unless ``confidence`` is False) and the
    scenario contexts used. ``violations_only``: checks that report only warnings or infos are skipped
    (the findings may still include some)."""
    severities = ("violation",) if violations_only else ("violation", "warning", "info")
    contexts: dict[str, ScenarioContext] = {}
    findings: list[Finding] = []
    copyable = local.copyable(chosen, scenarios)
    parts = (local.in_memory(store, chosen, scenarios, facts_only=not engine.user_files)
             if local.on_disk(store) and copyable else [(store, chosen)])
    for where, group in parts:  # on disk: each group of scenarios read into memory first (graf.rules.local)
        for sc in group:
            ctx = contexts.get(sc.name) or ScenarioContext(where, sc, scenarios, contexts, engine, origin=store,
                                                           max_witness=max_witness, severities=severities)
            for rule in rules:
                found = rule.check(ctx)
                findings += _with_confidence(store, found) if confidence else found
            _ = ctx.descriptions  # read now: an in-memory copy is gone after its group
    return findings, contexts


def _outcomes(findings: list[Finding], chosen: list[Scenario], rules: list[Rule]) -> list[Outcome]:
    """Pass or fail per scenario and rule, counting the findings that are not waived."""
    out = []
    for sc in chosen:
        for rule in rules:
            found = [f for f in findings if f.scenario == sc.name and f.rule_id == rule.id and f.counted]
            count = {s: sum(f.severity == s for f in found) for s in ("violation", "warning", "info")}
            out.append(Outcome(sc.name, rule.id, count["violation"] == 0, count["violation"], count["warning"],
                               count["info"]))
    return out


#: fewest scenarios for which validating an on-disk store in several processes pays for starting them
PARALLEL_FROM = 16


def validate(store: Store, scenario: str | Scenario | None = None, rules: Iterable[str] | None = None,
             shapes: Iterable[str | Path] | None = None, shacl_engine: str = "auto", *,
             waivers: Iterable[Waiver] = (), max_witness: int = MAX_WITNESS_NODES,
             today: dt.date | None = None, processes: int = 1) -> Report:
    """Validate every scenario of ``store`` (or only ``scenario``) against the rules.

    ``rules`` restricts the run to these rule ids (UnknownNameError on an unknown id); ``shapes``
    adds SHACL shapes files, reported under the rule ``user-shapes`` unless a shape names its own
    rule with ``grafsh:rule``. ``shacl_engine`` chooses how SHACL runs (``auto``, ``sparql`` or
    ``pyshacl``; see :class:`~graf.rules.shacl.ShaclEngine`); the findings are the same.
    ``waivers`` (:func:`load_waivers`, :func:`graf.waivers.from_graph`) mark the findings they cover
    as waived (not counted) as of ``today`` (default: the current date); ``max_witness`` cuts longer
    witnesses. ``processes``: on an on-disk store with at least :data:`PARALLEL_FROM` scenarios, up to
    this many processes validate the scenarios side by side, each reading the store read-only (the
    report is the same; each scenario and the one it is compared with stay in one process).
    Returns a :class:`~graf.report.Report` (``report.conforms``).
    """
    shape_files = [Path(p) for p in shapes or ()]
    wanted = list(dict.fromkeys(rules)) if rules is not None else None
    selected, engine = _select_rules(wanted, shape_files, shacl_engine)
    scenarios = list_scenarios(store)
    chosen = _choose(store, scenario, scenarios)
    path = getattr(store, "path", None)  # an on-disk EmbeddedStore's folder
    groups = _groups(chosen, processes) if store.prefers_scans and path and len(chosen) >= PARALLEL_FROM else []
    if path and len(groups) > 1:
        findings, labels = _in_processes(Path(path), groups, wanted, shape_files, shacl_engine, max_witness)
    else:
        findings, contexts = check_scenarios(store, chosen, scenarios, selected, engine, max_witness=max_witness)
        labels = _labels(chosen, contexts)
    checked = {(sc.name, rule.id) for sc in chosen for rule in selected}
    findings, notes = waiver_files.apply(findings, waivers, today or dt.date.today(), checked)
    infos: list[RuleInfo] = [r.info() for r in selected]
    return Report(findings, _outcomes(findings, chosen, selected), infos, {sc.name: labels[sc.name] for sc in chosen},
                  notes)


def _labels(chosen: list[Scenario], contexts: dict[str, ScenarioContext]) -> dict[str, dict[str, str]]:
    """Each scenario's labels and descriptions, as the report shows them."""
    return {sc.name: {"da": sc.label("da"), "en": sc.label("en"), "description": contexts[sc.name].description,
                      "description_da": contexts[sc.name].descriptions.get("da", "")}
            for sc in chosen}


def _groups(chosen: list[Scenario], processes: int) -> list[list[str]]:
    """``chosen`` split into at most ``processes`` balanced groups of scenario names; a scenario stays with
    the one it is compared with (``preceded_by``), which its rules read too."""
    if processes < 2:
        return []
    families: dict[str, list[str]] = {}
    for sc in chosen:
        families.setdefault(sc.preceded_by or sc.name, []).append(sc.name)
    groups: list[list[str]] = [[] for _ in range(min(processes, len(families)))]
    for family in sorted(families.values(), key=len, reverse=True):
        min(groups, key=len).extend(family)
    return [g for g in groups if g]


def _in_processes(path: Path, groups: list[list[str]], wanted: list[str] | None, shape_files: list[Path],
                  shacl_engine: str, max_witness: int) -> tuple[list[Finding], dict[str, dict[str, str]]]:
    """Each group validated by its own process (spawned: the parent may run threads); waivers and
    outcomes are applied by the caller on the findings of all of them."""
    # here, not at the top: only validation in several processes needs them (start-up)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    findings: list[Finding] = []
    labels: dict[str, dict[str, str]] = {}
    with ProcessPoolExecutor(len(groups), mp_context=multiprocessing.get_context("spawn")) as pool:
        parts = [pool.submit(_validate_group, str(path), g, wanted, [str(f) for f in shape_files], shacl_engine,
                             max_witness)
                 for g in groups]
        for part in parts:
            found, named = part.result()
            findings += found
            labels.update(named)
    return findings, labels


def _validate_group(path: str, names: list[str], wanted: list[str] | None, shape_files: list[str],
                    shacl_engine: str, max_witness: int) -> tuple[list[Finding], dict[str, dict[str, str]]]:
    """In a validation process: the scenarios ``names`` of the on-disk store at ``path``, read-only."""
    store = EmbeddedStore(path, read_only=True)
    try:
        selected, engine = _select_rules(wanted, [Path(f) for f in shape_files], shacl_engine)
        scenarios = list_scenarios(store)
        chosen = [get_scenario(store, name, scenarios) for name in names]
        findings, contexts = check_scenarios(store, chosen, scenarios, selected, engine, max_witness=max_witness)
        return findings, _labels(chosen, contexts)
    finally:
        store.close()
