"""A summary of a dataset: graphs, actors per kind, scenarios (what ``graf info`` prints)."""

from __future__ import annotations

from dataclasses import dataclass

from graf.namespaces import FOAF, GRAF, ORG, RDFS
from graf.settings import Settings
from graf.sparql import run_query
from graf.store import GraphInfo, Store

# one UNION branch per top class: Virtuoso refuses a path whose both ends are variables (VALUES ?top)
_UNDER_TOPS = " UNION ".join(f"{{ ?class <{RDFS.subClassOf}>* <{top}> }}"
                             for top in (ORG.Organization, ORG.Post, FOAF.Person, GRAF.ContactChannel))
# (the classes in a subquery with a LIMIT, which Virtuoso evaluates on its own: docs/remote-stores.md)
ACTOR_KINDS = f"""
SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {{
  {{ SELECT DISTINCT ?class WHERE {{ {_UNDER_TOPS} }} LIMIT 1000000 }}
  ?x a ?class .
}} GROUP BY ?class ORDER BY DESC(?n) ?class
"""

SCENARIOS = f"""
SELECT ?model (GROUP_CONCAT(DISTINCT STR(?name); separator=" / ") AS ?names) WHERE {{
  ?model a <{GRAF.OrganisationModel}> .
  OPTIONAL {{ ?model <{GRAF.scenarioName}> ?name }}
}} GROUP BY ?model ORDER BY ?model
"""


@dataclass(frozen=True)
class DatasetSummary:
    graphs: list[GraphInfo]
    actor_kinds: list[tuple[str, int]]
    scenarios: list[tuple[str, str]]


def summarize(store: Store, settings: Settings | None = None) -> DatasetSummary:
    """Graphs with triple counts, instances per actor class, scenarios (IRI, name)."""
    kinds = run_query(store, ACTOR_KINDS, settings)
    scenarios = run_query(store, SCENARIOS, settings)
    return DatasetSummary(
        graphs=store.graphs(),
        actor_kinds=[(r["class"].value, int(r["n"].value)) for r in kinds.records()],
        scenarios=[(r["model"].value, r["names"].value if "names" in r else "") for r in scenarios.records()],
    )
