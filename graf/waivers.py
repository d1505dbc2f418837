"""Waivers: accepted exceptions to the structural rules, written in Turtle.

A waiver names one rule, one finding code and the finding's focus node(s), optionally a scenario,
and says why (``graf:waiverReason``), who accepted it (``graf:waivedBy``) and until when
(``graf:waivedUntil``, an ``xsd:date``)::

    @prefix graf: <https://w3id.org/graf/def#> .
    @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
    @prefix kbh:  <https://w3id.org/graf/id/kbh/> .

    [] a graf:Waiver ;
        graf:waivedRule "single-entry-point" ;
        graf:waivedCode "no-entry-point" ;
        graf:waivedScenario "asis" ;
        graf:waivedFocus kbh:koebenhavns-kommune ;
        graf:waiverReason "Before the reform there was no entry point: the as-is situation is recorded, not planned." ;
        graf:waivedBy "Center for Bydesign" ;
        graf:waivedUntil "2030-12-31"^^xsd:date .

A finding is waived when its rule, code and scenario match and its focus nodes are exactly the
waiver's. Waived findings are reported as waived and not counted; a waiver whose date has passed
waives nothing and is reported as expired, and one that matches no finding of the rules and
scenarios checked is reported as stale (both warnings). The same triples loaded into a named graph
of the store serve ``/validation?waivers=GRAPH`` (:func:`from_graph`). A malformed file is a
:class:`WaiverError` naming the file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graf import iris
from graf.errors import GrafError, LoadError
from graf.report import Finding, WaiverNote
from graf.store import parse_file

GRAF = iris.GRAF
WAIVER = GRAF + "Waiver"
_RDF_TYPE = iris.RDF_TYPE
_XSD_DATE = iris.XSD_DATE
_PROPERTIES = {"waivedRule": "rule", "waivedCode": "code", "waivedScenario": "scenario", "waivedFocus": "focus",
               "waiverReason": "reason", "waivedBy": "by", "waivedUntil": "until"}
_REQUIRED = ("waivedRule", "waivedCode", "waivedFocus", "waiverReason", "waivedBy", "waivedUntil")


class WaiverError(GrafError):
    """A waivers file (or graph) that cannot be used; names the file and line (or the graph and waiver)."""

    def __init__(self, where: str, message: str):
        self.where = where
        self.reason = message
        super().__init__(f"{where}: {message} (fix the waivers; nothing was validated)")


@dataclass(frozen=True)
class Waiver:
    """One accepted exception (see the module's docstring). ``source``: ``file:line`` or the waiver's IRI."""

    rule: str
    code: str
    focus: frozenset[str]
    scenario: str | None
    reason: str
    by: str
    until: dt.date
    source: str

    def matches(self, f: Finding) -> bool:
        return (f.rule_id == self.rule and f.code == self.code and frozenset(f.focus) == self.focus
                and self.scenario in (None, f.scenario))

    def as_dict(self) -> dict[str, str]:
        return {"reason": self.reason, "by": self.by, "until": self.until.isoformat(), "source": self.source}


# -- reading ---------------------------------------------------------------------------------------

#: rule id -> its finding codes (None: any code, e.g. the user's shapes), to check what a waiver names
Codes = Mapping[str, Iterable[str] | None]


def load(path: str | Path, codes: Codes) -> list[Waiver]:
    """The waivers of a Turtle file; WaiverError naming the file and line of the first problem (a
    syntax error, a missing or repeated property, an unknown rule or code, a date that is not one)."""
    path = Path(path)
    if not path.is_file():
        raise WaiverError(str(path), "no such waivers file")
    if path.suffix.lower() not in (".ttl", ".turtle"):
        raise WaiverError(str(path), "a waivers file is Turtle (.ttl)")
    try:
        parse_file(path)  # syntax errors with their line and column
    except LoadError as exc:
        at = f"{path}:{exc.line}" if exc.line is not None else str(path)
        raise WaiverError(at, exc.reason) from None
    parser = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    triples = [(q.subject, q.predicate, q.object) for q in parser]
    text = path.read_text(encoding="utf-8")
    lines = _type_lines(text, parser.prefixes)
    subjects = [s for s, p, o in triples if p.value == _RDF_TYPE and o.value == WAIVER]
    where = {s: f"{path}:{lines[n] if n < len(lines) else '?'}" for n, s in enumerate(subjects)}
    return _waivers(triples, where, codes)


def from_graph(store: Any, graph: str, codes: Codes) -> list[Waiver]:
    """The waivers kept in the named graph ``graph`` of ``store``; WaiverError naming the waiver otherwise."""
    text = f"SELECT ?w ?p ?o WHERE {{ GRAPH <{graph}> {{ ?w a <{WAIVER}> ; ?p ?o }} }}"
    rows = store.select(text)
    triples = [(r["w"], r["p"], r["o"]) for r in rows]
    subjects = list(dict.fromkeys(s for s, _p, _o in triples))
    where = {s: f"<{graph}> {_name(s)}" for s in subjects}
    return _waivers(triples, where, codes)


def _name(term: Any) -> str:
    return f"<{term.value}>" if type(term).__name__ == "NamedNode" else f"_:{term.value}"


def _waivers(triples: list[tuple[Any, Any, Any]], where: dict[Any, str], codes: Codes) -> list[Waiver]:
    values: dict[Any, dict[str, list[Any]]] = {s: {} for s in where}
    for s, p, o in triples:
        if s in values and p.value.startswith(GRAF) and p.value[len(GRAF):] in _PROPERTIES:
            values[s].setdefault(p.value[len(GRAF):], []).append(o)
    return [_waiver(values[s], where[s], codes) for s in where]


def _waiver(props: dict[str, list[Any]], where: str, codes: Codes) -> Waiver:
    for name in _REQUIRED:
        if name not in props:
            raise WaiverError(where, f"the waiver has no graf:{name}")
    for name, found in props.items():
        if name != "waivedFocus" and len(found) > 1:
            raise WaiverError(where, f"the waiver has {len(found)} values of graf:{name}; give one")
    rule, code = props["waivedRule"][0].value, props["waivedCode"][0].value
    if rule not in codes:
        raise WaiverError(where, f"graf:waivedRule: unknown rule {rule!r}; valid names: {', '.join(sorted(codes))}")
    known = codes[rule]
    if known is not None and code not in set(known):
        raise WaiverError(where, f"graf:waivedCode {code!r} is not a code of {rule}; its codes: "
                                 f"{', '.join(sorted(known))}")
    until = props["waivedUntil"][0]
    datatype = getattr(getattr(until, "datatype", None), "value", "")
    try:
        day = dt.date.fromisoformat(until.value) if datatype == _XSD_DATE else None
    except ValueError:
        day = None
    if day is None:
        raise WaiverError(where, f"graf:waivedUntil must be an xsd:date (YYYY-MM-DD), not {until}")
    focus = frozenset(term.value for term in props["waivedFocus"])
    scenario = props["waivedScenario"][0].value if "waivedScenario" in props else None
    return Waiver(rule, code, focus, scenario, props["waiverReason"][0].value, props["waivedBy"][0].value, day,
                  where)


_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*'
    r"|<(?P<iri>[^<>\"{}|^`\\\s]*)>|(?P<pname>[A-Za-z][\w.-]*)?:(?P<local>[\w.-]*)", re.DOTALL)


def _type_lines(text: str, prefixes: dict[str, str]) -> list[int]:
    """The line of each token naming graf:Waiver, in order (strings and comments skipped): the n-th
    waiver typed in the file is typed by the n-th such token."""
    out = []
    for m in _TOKEN.finditer(text):
        if m.group("iri") is not None:
            iri = m.group("iri")
        elif m.group("local") is not None:
            iri = prefixes.get(m.group("pname") or "", "\0") + m.group("local")
        else:
            continue
        if iri == WAIVER:
            out.append(text.count("\n", 0, m.start()) + 1)
    return out


# -- applying --------------------------------------------------------------------------------------

def apply(findings: list[Finding], waivers: Iterable[Waiver], today: dt.date, checked: set[tuple[str, str]]
          ) -> tuple[list[Finding], list[WaiverNote]]:
    """``findings`` with each one a waiver in force covers marked waived, and the warnings about waivers:
    expired ones (they waive nothing) and stale ones (no finding of a rule and scenario in ``checked``,
    pairs of (scenario, rule id), matches them)."""
    waivers = list(waivers)
    used: set[Waiver] = set()
    out = []
    for f in findings:
        match = next((w for w in waivers if w.until >= today and w.matches(f)), None)
        if match is not None:
            used.add(match)
            f = replace(f, waiver=match.as_dict())
        out.append(f)
    notes = []
    for w in waivers:
        if w.until < today:
            notes.append(WaiverNote("waiver-expired", w.source, {
                "en": f"the waiver of {w.rule} {w.code} expired on {w.until.isoformat()}: its findings count again",
                "da": f"undtagelsen for {w.rule} {w.code} udløb {w.until.isoformat()}: dens fund tæller igen"}))
        elif w not in used and any(r == w.rule and w.scenario in (None, s) for s, r in checked):
            notes.append(WaiverNote("waiver-stale", w.source, {
                "en": f"the waiver of {w.rule} {w.code} matches no finding (focus {' '.join(sorted(w.focus))}): "
                      "remove it, or check its focus",
                "da": f"undtagelsen for {w.rule} {w.code} passer ikke på noget fund (fokus "
                      f"{' '.join(sorted(w.focus))}): fjern den, eller ret dens fokus"}))
    return out, notes
