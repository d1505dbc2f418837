"""The classes and properties of the ontology graph, with their labels (what the query editor completes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graf import iris

if TYPE_CHECKING:
    from graf.store import Store

ONTOLOGY_GRAPH = iris.ONTOLOGY_GRAPH

_TERMS = f"""
{iris.prefix_lines("owl", "rdf", "rdfs")}SELECT DISTINCT ?term ?kind ?label WHERE {{
  GRAPH <{ONTOLOGY_GRAPH}> {{
    VALUES (?type ?kind) {{
      (owl:Class "class") (rdfs:Class "class")
      (owl:ObjectProperty "property") (owl:DatatypeProperty "property") (owl:AnnotationProperty "property")
      (rdf:Property "property")
    }}
    ?term a ?type .
    OPTIONAL {{ ?term rdfs:label ?label }}
  }}
  FILTER(isIRI(?term))
}}
"""


@dataclass
class OntologyTerm:
    """A class or property of the ontology graph; ``labels``: language -> label."""

    iri: str
    kind: str  # "class" or "property"
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        """The label in ``lang``, else the English one, else any, else ''."""
        return self.labels.get(lang) or self.labels.get("en") or next(iter(self.labels.values()), "")


def ontology_terms(store: Store) -> list[OntologyTerm]:
    """Every class and property declared in the ontology graph, sorted by IRI (a term declared both
    ways counts as a class)."""
    found: dict[str, OntologyTerm] = {}
    for row in store.select(_TERMS):
        iri, kind = row["term"].value, row["kind"].value
        term = found.setdefault(iri, OntologyTerm(iri, kind))
        if kind == "class":
            term.kind = "class"
        label = row.get("label")
        if label is not None and getattr(label, "language", None):
            term.labels.setdefault(label.language, label.value)
    return sorted(found.values(), key=lambda t: t.iri)


__all__ = ["OntologyTerm", "ontology_terms"]
