"""Every IRI graf uses, as plain strings: namespaces, the terms the code names, the query prefixes.

This module imports nothing, so any module can use it at no cost (rdflib, behind
:mod:`graf.namespaces`, takes about 0.5 s to import). Where rdflib is used, :mod:`graf.namespaces`
makes its terms from these strings; ``tests/test_ontology.py`` checks that both agree with rdflib's
own namespaces and with ``ontology/graf.ttl``.

The project's own vocabulary lives under ``https://w3id.org/graf/`` (:data:`BASE`):

* :data:`GRAF`   ontology terms (classes and properties), ``https://w3id.org/graf/def#``
* :data:`GRAFC`  SKOS concepts of the code lists, ``https://w3id.org/graf/concept/``
* :data:`GRAFSH` SHACL shapes and rule ids, ``https://w3id.org/graf/shapes#``
* :data:`ID`     ids of actors (:data:`KBH`: the Copenhagen 2010 data set's, ``https://w3id.org/graf/id/kbh/``)
* :data:`GRAPH`  named graphs, ``https://w3id.org/graf/graph/``
"""

from __future__ import annotations

# -- W3C and other vocabularies ----------------------------------------------------------------------------
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
TIME = "http://www.w3.org/2006/time#"
SH = "http://www.w3.org/ns/shacl#"
LOCN = "http://www.w3.org/ns/locn#"
CV = "http://data.europa.eu/m8g/"
VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"

# -- graf's own --------------------------------------------------------------------------------------------
BASE = "https://w3id.org/graf/"
GRAF = BASE + "def#"
GRAFC = BASE + "concept/"
GRAFSH = BASE + "shapes#"
ID = BASE + "id/"
KBH = ID + "kbh/"
GRAPH = BASE + "graph/"
DATASET = BASE + "dataset/"
ONTOLOGY_GRAPH = GRAPH + "ontology"

# -- terms the code names ----------------------------------------------------------------------------------
RDF_TYPE = RDF + "type"
RDF_LANG_STRING = RDF + "langString"
RDFS_SUBCLASS_OF = RDFS + "subClassOf"
RDFS_COMMENT = RDFS + "comment"
RDFS_SEE_ALSO = RDFS + "seeAlso"
OWL_IMPORTS = OWL + "imports"
SKOS_PREF_LABEL = SKOS + "prefLabel"
SKOS_ALT_LABEL = SKOS + "altLabel"
XSD_STRING = XSD + "string"
XSD_BOOLEAN = XSD + "boolean"
XSD_INTEGER = XSD + "integer"
XSD_DATE = XSD + "date"
DCT_TITLE = DCTERMS + "title"
VOID_TRIPLES = VOID + "triples"

#: prefixes used to compact IRIs in tables, to write Turtle and predeclared in queries
PREFIXES: dict[str, str] = {
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "org": ORG,
    "prov": PROV,
    "dct": DCTERMS,
    "foaf": FOAF,
    "time": TIME,
    "sh": SH,
    "cv": CV,
    "graf": GRAF,
    "grafc": GRAFC,
    "grafsh": GRAFSH,
    "kbh": KBH,
    "graph": GRAPH,
}


def prefix_lines(*names: str) -> str:
    """SPARQL ``PREFIX`` declarations of some of :data:`PREFIXES`, one a line.

    >>> prefix_lines("rdfs")
    'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\\n'
    """
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names)
