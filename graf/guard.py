"""Guarded updates and loads: a change that would introduce a new violation in any scenario is refused.

:class:`Guard` keeps a copy of the graphs changes touch (``mirror``, an in-memory store filled on
demand, one graph at a time). A change runs there first: a SPARQL update (:meth:`Guard.update`) or
the statements of files (:meth:`Guard.load`). The graphs it may write are read from its text (every
graph its IRIs and prefixed names name, the default graph, every graph when it writes ``GRAPH ?var``
or ``CLEAR ALL``); comparing them before and after gives the change itself, triple by triple, in the
order the update or file writes them where that order is known. Only the scenarios whose graphs
changed (and those compared with them, ``graf:precededBy``) are validated again, on the mirror;
their violations are compared with what they had before (kept per scenario, computed on first
use). A violation that is new, by rule, code, focus and (for SHACL) path and value, refuses the
change: :class:`GuardRefused` names the rule, the focus nodes, the new findings and the change's
first triple that a new finding is about, and the store is never written. Violations that were
there before do not block. Otherwise the change is applied to the store the ordinary way
(``store.update``, ``store.load``) and becomes the new reference. The guard must be the only writer
of the store while it keeps its copy (``graf serve --guard`` sends every update through it).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pyoxigraph as ox

from graf.errors import GrafError, UpdateRefused
from graf.report import Finding, FindingKey, Outcome, Report
from graf.rules import ShaclEngine, Waiver, all_rules, check_scenarios, get_rule
from graf.rules.base import MAX_WITNESS_NODES
from graf.scenarios import Declarations, Scenario, declarations, from_declarations, may_declare
from graf.sparql import find_service
from graf.sparql_lexer import WORD, tokenize
from graf.store import EmbeddedStore, Store, expand_paths, parse_file
from graf.waivers import apply as apply_waivers

__all__ = ["Change", "Guard", "GuardRefused", "Verdict", "written_graphs"]

#: SPARQL functions whose value differs between the check and the write: a guarded update may not use them
_VOLATILE = ("NOW", "RAND", "UUID", "STRUUID", "BNODE")

# strings and comments (blanked), IRIs and escapes of prefixed names (kept), in one pass
_LEXEME = re.compile(r'(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*)'
                     r'|(?P<esc>\\[_~.\-!$&\'()*+,;=/?#@%])|<(?P<iri>[^<>"{}|^`\\\s]*)>', re.S)
_PREFIX = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:\s*\x00(\d+)\x00", re.I)
_BASE = re.compile(r"\bBASE\s*\x00(\d+)\x00", re.I)
_NAME = re.compile(r"(?<![\w\x00?$:])([A-Za-z][\w.-]*)?:((?:[\w.%-]|[:/#?~!$&'()*+,;=@])*)")
_ANY_GRAPH = re.compile(r"\bGRAPH\s*[?$]|\b(?:CLEAR|DROP)\s+(?:SILENT\s+)?(?:ALL|NAMED)\b|\\[uU]", re.I)


def _lex(text: str) -> tuple[str, list[str]]:
    """``text`` with strings and comments blanked, escapes undone and each IRI replaced by ``\\0n\\0``
    (its index in the returned list)."""
    iris: list[str] = []

    def one(m: re.Match[str]) -> str:
        if m.group("skip") is not None:
            return " "
        if m.group("esc") is not None:
            return str(m.group("esc")[1])
        iris.append(m.group("iri"))
        return f"\x00{len(iris) - 1}\x00"

    return _LEXEME.sub(one, text), iris


def written_graphs(text: str, base_iri: str | None, every_graph: Callable[[], Iterable[str]]) -> set[str | None]:
    """The graphs a SPARQL update may write or read: the default graph (None), every graph an IRI or a
    prefixed name of the text names, and every graph of the store (``every_graph()``) when a graph is
    a variable (``GRAPH ?g``), ``CLEAR``/``DROP ALL``/``NAMED`` is used, or the text hides IRIs behind
    ``\\u`` escapes. A superset: naming a graph is the only way to reach it otherwise."""
    plain, iris = _lex(text)
    if _ANY_GRAPH.search(plain):
        return {None, *every_graph()}
    base = base_iri or ""
    for m in _BASE.finditer(plain):
        base = urljoin(base, iris[int(m.group(1))])
    prefixes = {m.group(1) or "": urljoin(base, iris[int(m.group(2))]) for m in _PREFIX.finditer(plain)}
    found: set[str | None] = {None}
    found |= {urljoin(base, iri) for iri in iris}
    for m in _NAME.finditer(plain):
        if (m.group(1) or "") in prefixes:
            found.add(prefixes[m.group(1) or ""] + m.group(2).rstrip("."))
    return found


def _check_deterministic(text: str) -> None:
    # on the tokens (graf.sparql_lexer): a function call is a bare word and "("; ex:by-rand (1 2) is a name
    tokens = tokenize(text)
    used = sorted({t.keyword for t, after in zip(tokens, tokens[1:], strict=False)
                   if t.kind == WORD and after.text == "(" and t.keyword in _VOLATILE})
    if used:
        raise UpdateRefused(f"a guarded update must give the same result when checked and when written; it uses "
                            f"{', '.join(used)}(): compute the values first and send them as data")


@dataclass(frozen=True)
class Change:
    """One statement a change adds (``added``) or removes, in graph ``graph`` (None: the default graph)."""

    added: bool
    subject: str
    predicate: str
    object: str
    graph: str | None

    @property
    def nquad(self) -> str:
        return f"{self.subject} {self.predicate} {self.object}" + (f" <{self.graph}>" if self.graph else "") + " ."

    def names(self) -> set[str]:
        """The IRIs and blank node ids of its subject and object (as findings name them)."""
        return {_plain(t) for t in (self.subject, self.object) if t.startswith(("<", "_:"))}

    def as_dict(self) -> dict[str, Any]:
        return {"added": self.added, "subject": _plain(self.subject), "predicate": _plain(self.predicate),
                "object": _plain(self.object) if self.object.startswith(("<", "_:")) else self.object,
                "graph": self.graph, "nquad": self.nquad}


def _plain(term: str) -> str:
    return term[1:-1] if term.startswith("<") else term


@dataclass
class Verdict:
    """What the guard found: the change (``changes``), the scenarios validated again, the new violations."""

    changes: list[Change]
    scenarios: list[str]
    new: list[Finding] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not self.new


class GuardRefused(GrafError):
    """A change refused because it would introduce new violations; nothing was written.

    ``findings`` are the new violations, ``first`` the change's first triple that one of them is
    about (None if none names it), ``scenarios`` the scenarios validated again."""

    def __init__(self, verdict: Verdict, first: Change | None):
        self.verdict = verdict
        self.findings = verdict.new
        self.first = first
        rules = sorted({(f.rule_id, f.code) for f in self.findings})
        focus = sorted({x for f in self.findings for x in f.focus})
        where = f"; first offending triple: {first.nquad}" if first else ""
        super().__init__(
            f"refused: the change would introduce {len(self.findings)} new violation(s) of "
            + ", ".join(f"{r} ({c})" for r, c in rules) + f" about {' '.join(f'<{x}>' for x in focus[:8])}"
            + (" …" if len(focus) > 8 else "") + where + "; nothing was changed")

    def report(self) -> Report:
        """The new violations as a validation :class:`~graf.report.Report` (for its text and other formats)."""
        scenarios = sorted({f.scenario for f in self.findings})
        rules = sorted({f.rule_id for f in self.findings})
        outcomes = [Outcome(sc, r, False, sum(f.scenario == sc and f.rule_id == r for f in self.findings))
                    for sc in scenarios for r in rules]
        return Report(self.findings, [o for o in outcomes if o.violations], [get_rule(r).info() for r in rules],
                      {sc: {"da": sc, "en": sc} for sc in scenarios})

    def as_dict(self) -> dict[str, Any]:
        return {"findings": [f.as_dict() for f in self.findings],
                "first_offending_triple": self.first.as_dict() if self.first else None,
                "scenarios": self.verdict.scenarios,
                "rules": sorted({f.rule_id for f in self.findings}),
                "focus": sorted({x for f in self.findings for x in f.focus})}


class Guard:
    """Checks changes to one store before they are written (see the module's docstring).

    ``shapes``, ``shacl_engine``, ``waivers`` and ``max_witness`` are those of
    :func:`graf.rules.validate`: a waived violation does not block.
    """

    def __init__(self, *, shapes: Iterable[str | Path] = (), shacl_engine: str = "auto",
                 waivers: Iterable[Waiver] = (), max_witness: int = MAX_WITNESS_NODES):
        self._engine = ShaclEngine([Path(p) for p in shapes], shacl_engine)
        self._rules = all_rules()
        self._waivers = list(waivers)
        self._max_witness = max_witness
        self._lock = threading.Lock()
        self.mirror = EmbeddedStore()
        self._held: set[str | None] = set()
        self._baseline: dict[ScenarioIdentity, set[FindingKey]] = {}  # scenario identity -> its violations
        self._declarations: Declarations | None = None  # the scenario declarations the store holds (read once)

    # -- the two kinds of change -------------------------------------------------------------------

    def update(self, store: Store, text: str, *, base_iri: str | None = None, allow_service: bool = False,
               **options: Any) -> Verdict:
        """Check the SPARQL update ``text`` and, if it adds no violation, run it on ``store``
        (``options`` go to ``store.update``). GuardRefused otherwise, with nothing written."""
        if not allow_service and find_service(text, update=True):
            raise UpdateRefused("SERVICE and LOAD are refused (they leave the machine); set allow_service")
        _check_deterministic(text)
        store = _embedded(store)
        with self._lock:
            graphs = written_graphs(text, base_iri, store.graph_names)
            return self._guarded(store, graphs, lambda: self.mirror.update(text, base_iri=base_iri, **options),
                                 _data_order(text, base_iri),
                                 # the mirror ran it on every graph it reads, in a trial first: no second trial
                                 lambda: store.update(text, base_iri=base_iri, allow_service=allow_service,
                                                      tried=True, **options))

    def load(self, store: Store, paths: Iterable[str | Path], graph: str | None = None) -> Verdict:
        """Check the statements of ``paths`` (files or folders, as ``store.load`` reads them) and, if they
        add no violation, load them into ``store``. GuardRefused otherwise, with nothing loaded."""
        store = _embedded(store)
        quads = [q for f in expand_paths(paths) for q in parse_file(f, graph)]  # LoadError: file, line
        with self._lock:
            graphs = {None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value for q in quads}
            # committed as the statements checked, in one transaction
            return self._guarded(store, graphs, lambda: self.mirror.extend(quads), [str(q) for q in quads],
                                 lambda: store.extend(quads))

    # -- checking ----------------------------------------------------------------------------------

    def _hold(self, store: EmbeddedStore, graphs: Iterable[str | None]) -> None:
        """Copy into the mirror the graphs it does not hold yet."""
        for g in sorted(set(graphs) - self._held, key=lambda x: x or ""):
            self.mirror.replace_graph(g, store.graph_ntriples(g))
            self._held.add(g)

    def _guarded(self, store: EmbeddedStore, graphs: set[str | None], apply: Callable[[], Any], order: list[str],
                 commit: Callable[[], Any]) -> Verdict:
        """Apply the change to the mirror, find what it changed and the new violations, and commit it to the
        store if there are none; otherwise (or if anything fails) put the mirror back and raise."""
        self._hold(store, graphs)
        before = {g: self.mirror.graph_ntriples(g) for g in graphs}
        apply()
        try:
            changes = _ordered(_diff(self.mirror, before), order)
            if self._declarations is None:
                self._declarations = declarations(store)
            declared = _declarations_after(self._declarations, changes)
            verdict, found = self._verdict(store, changes, declared)
            if not verdict.accepted:
                raise GuardRefused(verdict, _first_offending(verdict))
            commit()
        except BaseException:
            self._restore(before)
            raise
        self._baseline.update(found)  # what the store now holds is the reference
        self._declarations = declared
        return verdict

    def _restore(self, before: dict[str | None, bytes]) -> None:
        for g, data in before.items():
            self.mirror.replace_graph(g, data)

    def _verdict(self, store: EmbeddedStore, changes: list[Change], declared: Declarations
                 ) -> tuple[Verdict, dict[ScenarioIdentity, set[FindingKey]]]:
        """The verdict on ``changes`` (made in the mirror; ``declared``: the scenario declarations then) and
        the violations of each scenario validated."""
        before = from_declarations(self._declarations or set())
        after = from_declarations(declared)
        touched = _touched(before, after, {c.graph for c in changes})
        if not touched:
            return Verdict(changes, []), {}
        found = self._violations(store, touched, after)
        previous = {sc.name: sc for sc in before}
        old = set().union(*(self._known(store, previous[sc.name], before) for sc in touched if sc.name in previous))
        new = [f for f in found if f.key() not in old]
        keys = {_identity(sc): {f.key() for f in found if f.scenario == sc.name} for sc in touched}
        return Verdict(changes, [sc.name for sc in touched], new), keys

    def _violations(self, store: EmbeddedStore, touched: list[Scenario], scenarios: list[Scenario]) -> list[Finding]:
        """The counted violations of ``touched`` in the mirror (its graphs copied in first)."""
        self._hold(store, [g for sc in touched for g in _graphs_of(sc, scenarios, store.graph_names)])
        found, _contexts = check_scenarios(self.mirror, touched, scenarios, self._rules, self._engine,
                                           max_witness=self._max_witness, confidence=False, violations_only=True)
        found = [f for f in found if f.severity == "violation"]
        checked = {(sc.name, r.id) for sc in touched for r in self._rules}
        return [f for f in apply_waivers(found, self._waivers, _today(), checked)[0] if f.counted]

    def _known(self, store: EmbeddedStore, scenario: Scenario, scenarios: list[Scenario]) -> set[FindingKey]:
        """The violations ``scenario`` had before the change (validated on the store on first use)."""
        key = _identity(scenario)
        if key not in self._baseline:
            found, _contexts = check_scenarios(store, [scenario], scenarios, self._rules, self._engine,
                                               max_witness=self._max_witness, confidence=False,
                                               violations_only=True)
            self._baseline[key] = {f.key() for f in found if f.severity == "violation"}
        return self._baseline[key]


def _embedded(store: Store) -> EmbeddedStore:
    if not isinstance(store, EmbeddedStore):
        raise GrafError("the guard (--guard) works on graf's own store (in memory or --store DIR), not on an "
                        "external SPARQL server")
    return store


def _today() -> dt.date:
    return dt.date.today()


def _diff(mirror: EmbeddedStore, before: dict[str | None, bytes]) -> list[Change]:
    """What changed in each graph of ``before`` (its N-Triples then) in the mirror now."""
    out = []
    for g, then in before.items():
        now = mirror.graph_ntriples(g)
        if now == then:
            continue
        old, new = set(then.splitlines()), set(now.splitlines())
        for added, lines in ((True, new - old), (False, old - new)):
            for t in ox.parse(b"\n".join(sorted(lines)), format=ox.RdfFormat.N_TRIPLES):
                out.append(Change(added, str(t.subject), str(t.predicate), str(t.object), g))
    return out


def _ordered(changes: list[Change], order: list[str]) -> list[Change]:
    """``changes`` in the order the update or file writes them (``order``: its quads as N-Quads text,
    where known), the others after them, sorted."""
    position = {line: n for n, line in reversed(list(enumerate(order)))}

    def rank(c: Change) -> tuple[int, bool, str]:
        return (position.get(str(ox.Quad(*_terms(c))), len(position)), not c.added, c.nquad)

    return sorted(changes, key=rank)


def _terms(c: Change) -> tuple[Any, Any, Any, Any]:
    [t] = ox.parse(f"{c.subject} {c.predicate} {c.object} .", format=ox.RdfFormat.N_TRIPLES)
    return t.subject, t.predicate, t.object, ox.NamedNode(c.graph) if c.graph else ox.DefaultGraph()


_DATA = re.compile(r"\b(INSERT|DELETE)\s+DATA\s*\{", re.I)


def _data_order(text: str, base_iri: str | None) -> list[str]:
    """The quads of the update's INSERT DATA and DELETE DATA blocks, in the order written (as N-Quads
    text); empty when they cannot be read that way (the changes are then sorted)."""
    plain, _iris = _lex(text)
    if len(plain) != len(text):  # escapes or IRIs changed the length: positions do not map back
        plain = re.sub(r"<[^<>\s]*>", lambda m: " " * len(m.group()), text)
    head = "\n".join(line for line in text.splitlines() if re.match(r"\s*(PREFIX|BASE)\b", line, re.I))
    out: list[str] = []
    for m in _DATA.finditer(plain):
        depth, end = 1, m.end()
        while end < len(plain) and depth:
            depth += {"{": 1, "}": -1}.get(plain[end], 0)
            end += 1
        try:
            quads = ox.parse(f"{head}\n{text[m.end():end - 1]}", format=ox.RdfFormat.TRIG, base_iri=base_iri)
            out += [str(q) for q in quads]
        except (SyntaxError, ValueError):
            return []
    return out


def _declarations_after(decls: Declarations, changes: list[Change]) -> Declarations:
    """The scenario declarations once ``changes`` are made."""
    out = set(decls)
    for c in changes:
        if may_declare(_plain(c.predicate)):
            s, p, o, _g = _terms(c)
            (out.add if c.added else out.discard)((s, p, o))
    return out


def _graphs_of(scenario: Scenario, scenarios: list[Scenario], every: Callable[[], list[str]]) -> set[str | None]:
    """The graphs validating ``scenario`` reads: its own and those of the scenario it is compared with."""
    out: set[str | None] = set()
    for sc in (scenario, next((s for s in scenarios if s.name == scenario.preceded_by), None)):
        if sc is not None:
            out |= set(sc.graphs) if sc.graphs is not None else {None, *every()}
    return out


#: what defines a scenario for validation: name, IRI, graphs, the scenario it is compared with
ScenarioIdentity = tuple[str, str | None, tuple[str, ...] | None, str | None]


def _identity(sc: Scenario) -> ScenarioIdentity:
    """What defines a scenario for validation (its labels aside)."""
    return (sc.name, sc.iri, sc.graphs, sc.preceded_by)


def _touched(before: list[Scenario], after: list[Scenario], graphs: set[str | None]) -> list[Scenario]:
    """The scenarios of ``after`` to validate again: those that read a changed graph or are new or
    declared differently, and those compared with one of them."""
    old = {_identity(sc) for sc in before}
    direct = {sc.name for sc in after
              if _identity(sc) not in old or sc.graphs is None or graphs & set(sc.graphs)}
    return [sc for sc in after if sc.name in direct or sc.preceded_by in direct]


def _first_offending(verdict: Verdict) -> Change | None:
    """The first change (in the change's order) that a new finding is about."""
    named = set()
    for f in verdict.new:
        named |= {*f.focus, *f.nodes, *f.witness, *f.edges}
        named |= {x for e in f.edges if "|" in e for x in e.split("|")[::2]}
    return next((c for c in verdict.changes if c.names() & named), None)
