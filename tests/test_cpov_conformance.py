"""What graf says about public organisations conforms to the EU CPOV application profile's own SHACL shapes.

A test suite we did not write: ``ontology/vocab/cpov-ap-shacl.ttl`` (SEMICeu/CPOV 2.1.2), validated with
pySHACL and RDFS inference over graf's ontology, W3C ORG and the CPOV vocabulary.
"""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Dataset, Graph

ROOT = Path(__file__).parent.parent


def turtle(path: Path) -> Graph:
    return Graph().parse(data=path.read_text(encoding="utf-8"), format="turtle")


@pytest.mark.parametrize("scenario", ["asis", "draft", "adjusted"])
def test_copenhagen_scenario_conforms_to_the_cpov_profile(scenario: str) -> None:
    ds = Dataset(default_union=True)
    graphs = ["meta", "base", scenario] + ([] if scenario == "asis" else ["reform"])
    for name in graphs:
        ds.parse(data=(ROOT / "data" / "copenhagen-2010" / f"{name}.trig").read_text(encoding="utf-8"), format="trig")
    data = Graph()
    for triple in ds.triples((None, None, None)):
        data.add(triple)
    ontology = turtle(ROOT / "ontology" / "graf.ttl") + turtle(ROOT / "ontology" / "org.ttl")
    ontology += turtle(ROOT / "ontology" / "vocab" / "cpov-ap.ttl")
    shapes = turtle(ROOT / "ontology" / "vocab" / "cpov-ap-shacl.ttl")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
    assert conforms, text
