"""Scenarios: which named graphs make up one organisation model.

A scenario is a named graph typed ``graf:OrganisationModel`` plus every graph it extends
(``graf:extendsGraph``, transitively) plus the ontology graph. It is never the union of all
scenarios (ONTOLOGY-NOTES P5). A data set without any ``graf:OrganisationModel`` has a single
implicit scenario, ``all``, that sees every graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graf import iris
from graf.errors import GrafError, UnknownNameError
from graf.namespaces import GRAF, ONTOLOGY_GRAPH
from graf.store import Store

ALL = "all"

RDF_TYPE = iris.RDF_TYPE
_PREF_LABEL = iris.SKOS_PREF_LABEL
_DECLARING_PREDICATES = {str(GRAF.scenarioName), str(GRAF.extendsGraph), str(GRAF.precededBy), _PREF_LABEL}


@dataclass(frozen=True)
class Scenario:
    """One organisation model: its name, IRI, labels and the graphs that make it up.

    ``graphs`` is ``None`` for the implicit scenario ``all`` (every graph, as a union).
    ``preceded_by`` is the name of the earlier situation it is compared with, if any.
    """

    name: str
    iri: str | None
    labels: dict[str, str] = field(default_factory=dict)
    graphs: tuple[str, ...] | None = None
    preceded_by: str | None = None

    def label(self, lang: str = "da") -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.labels.get("da") or self.name


def _closure(start: str, edges: dict[str, set[str]]) -> list[str]:
    seen: list[str] = []
    todo = [start]
    while todo:
        g = todo.pop()
        if g in seen:
            continue
        seen.append(g)
        todo.extend(sorted(edges.get(g, ())))
    return seen


#: what declares the scenarios: (subject, predicate, object) IRIs and literal values as pyoxigraph terms
Declarations = set[tuple[Any, Any, Any]]

_DECLARING = f"""
PREFIX skos: <{iris.SKOS}>
SELECT ?s ?p ?o WHERE {{
  {{ ?s <{GRAF.scenarioName}> ?o BIND (<{GRAF.scenarioName}> AS ?p) }}
  UNION {{ ?s <{GRAF.extendsGraph}> ?o BIND (<{GRAF.extendsGraph}> AS ?p) }}
  UNION {{ ?s <{GRAF.precededBy}> ?o BIND (<{GRAF.precededBy}> AS ?p) }}
  UNION {{ ?s a <{GRAF.OrganisationModel}> BIND (<{RDF_TYPE}> AS ?p) BIND (<{GRAF.OrganisationModel}> AS ?o) }}
  UNION {{ ?s a <{GRAF.OrganisationModel}> ; skos:prefLabel ?o BIND (skos:prefLabel AS ?p) }}
}}"""


def declarations(store: Store) -> Declarations:
    """The statements that define the data set's scenarios (what :func:`from_declarations` reads)."""
    return {(r["s"], r["p"], r["o"]) for r in store.select(_DECLARING)}


def may_declare(predicate: str) -> bool:
    """True if a statement with this predicate can be one of the :func:`declarations`."""
    return predicate in _DECLARING_PREDICATES or predicate == RDF_TYPE


def list_scenarios(store: Store) -> list[Scenario]:
    """The data set's scenarios, sorted by name (or ``[all]`` if it declares none)."""
    return from_declarations(declarations(store))


def from_declarations(statements: Declarations) -> list[Scenario]:
    """The scenarios these statements declare, sorted by name (``[all]`` if none)."""
    found, extends, preceded = _read(statements)
    if not found:
        return [Scenario(ALL, None, {"da": "Hele datasættet", "en": "Whole data set"})]
    names = {iri: e["name"] or iri.rstrip("/").rsplit("/", 1)[-1] for iri, e in found.items()}
    out = []
    for iri, entry in found.items():
        graphs = (*_closure(iri, extends), str(ONTOLOGY_GRAPH))
        earlier = preceded.get(iri)
        out.append(Scenario(names[iri], iri, entry["labels"], graphs, names.get(earlier) if earlier else None))
    return sorted(out, key=lambda s: s.name)


def _read(statements: Declarations) -> tuple[dict[str, dict[str, Any]], dict[str, set[str]], dict[str, str]]:
    """The models (name, labels), what each graph extends and what each model is preceded by."""
    found: dict[str, dict[str, Any]] = {}  # model IRI -> {"name": ..., "labels": {lang: label}}
    extends: dict[str, set[str]] = {}
    preceded: dict[str, str] = {}
    models = {s.value for s, p, o in statements if p.value == RDF_TYPE and o.value == str(GRAF.OrganisationModel)}
    for iri in sorted(models):
        found[iri] = {"name": None, "labels": {}}
    for s, p, o in sorted(statements, key=lambda t: (t[0].value, t[1].value, str(t[2]))):
        if p.value == str(GRAF.extendsGraph):
            extends.setdefault(s.value, set()).add(o.value)
        elif p.value == str(GRAF.precededBy):
            preceded[s.value] = o.value
        elif s.value in models and p.value == str(GRAF.scenarioName):
            found[s.value]["name"] = o.value
        elif s.value in models and p.value == _PREF_LABEL and getattr(o, "language", None):
            found[s.value]["labels"][o.language] = o.value
    return found, extends, preceded


def require_graphs(store: Store, scenarios: list[Scenario]) -> None:
    """Raise GrafError if a scenario's own named graph holds no data.

    A ``graf:OrganisationModel``'s IRI must be the IRI of the named graph that holds the model;
    declared on any other IRI, the scenario would silently be checked or drawn as empty.
    """
    present = {g.name for g in store.graphs() if g.name and g.triples}
    missing = [s for s in scenarios if s.iri and s.iri not in present]
    if missing:
        names = ", ".join(f"'{s.name}' (<{s.iri}>)" for s in missing)
        raise GrafError(f"no named graph holds the data of scenario {names}: a graf:OrganisationModel's IRI "
                        "must be the IRI of the named graph that holds the model (see data/example-municipality)")


def get_scenario(store: Store, name: str, scenarios: list[Scenario] | None = None) -> Scenario:
    """The scenario called ``name``; UnknownNameError listing the valid names otherwise."""
    scenarios = scenarios if scenarios is not None else list_scenarios(store)
    for s in scenarios:
        if s.name == name:
            return s
    raise UnknownNameError("scenario", name, [s.name for s in scenarios])


#: the scenario a map or a measure shows when none is named
DEFAULT_SCENARIO = "adjusted"
#: the whole data set as one scenario: the union of every graph (e.g. the national overview of a model with one
#: scenario per municipality)
WHOLE_DATA_SET = Scenario(ALL, None, {"da": "Hele datasættet", "en": "Whole data set"})


def default_scenario(scenarios: list[Scenario]) -> Scenario:
    """The scenario named :data:`DEFAULT_SCENARIO` if there is one, else the first."""
    for s in scenarios:
        if s.name == DEFAULT_SCENARIO:
            return s
    return scenarios[0]


def choose_scenario(store: Store, name: str | None, scenarios: list[Scenario] | None = None) -> Scenario:
    """The scenario ``name`` (default: :func:`default_scenario`); ``all`` is :data:`WHOLE_DATA_SET` unless a
    scenario has that name. UnknownNameError lists the valid names (``all`` among them)."""
    scenarios = scenarios if scenarios is not None else list_scenarios(store)
    if not name:
        return default_scenario(scenarios)
    if name == ALL and not any(s.name == ALL for s in scenarios):
        return WHOLE_DATA_SET
    try:
        return get_scenario(store, name, scenarios)
    except UnknownNameError as exc:
        raise UnknownNameError("scenario", name, [*[s.name for s in scenarios], ALL]) from exc


def family(scenario: Scenario, scenarios: list[Scenario], begins: dict[str, str] | None = None) -> list[Scenario]:
    """``scenario`` and every scenario linked to it by ``graf:precededBy`` either way (transitively), in order:
    earlier before later (what a scenario is preceded by comes first; among alternatives, the one whose
    ``begins`` value, e.g. the ISO date its validity begins, is smaller), then by name. These are the
    situations a map lets one flip between."""
    by_name = {s.name: s for s in scenarios}
    if scenario.name not in by_name:
        return [scenario]
    links: dict[str, set[str]] = {s.name: set() for s in scenarios}
    for s in scenarios:
        if s.preceded_by in by_name:
            links[s.name].add(s.preceded_by)
            links[s.preceded_by].add(s.name)
    found = set(_closure(scenario.name, links))
    depth: dict[str, int] = {}

    def level(name: str, seen: tuple[str, ...] = ()) -> int:
        if name not in depth:
            earlier = by_name[name].preceded_by
            depth[name] = 0 if earlier not in by_name or earlier in seen else 1 + level(earlier, (*seen, name))
        return depth[name]

    return sorted((by_name[n] for n in found), key=lambda s: (level(s.name), (begins or {}).get(s.name, "~"), s.name))
