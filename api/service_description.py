"""The SPARQL 1.1 Service Description of the endpoint (GET /sparql without a query)."""

from __future__ import annotations

import pyoxigraph as ox

from graf import iris
from graf.settings import Settings
from graf.store import GraphInfo

SD = iris.SD
FORMATS = iris.FORMATS
RDF_TYPE = ox.NamedNode(iris.RDF_TYPE)
RDFS_COMMENT = ox.NamedNode(iris.RDFS_COMMENT)
RDFS_SEE_ALSO = ox.NamedNode(iris.RDFS_SEE_ALSO)
VOID_TRIPLES = ox.NamedNode(iris.VOID_TRIPLES)
DCT_TITLE = ox.NamedNode(iris.DCT_TITLE)

UNION_NOTE = ("The default graph is the union of all graphs of the dataset (every named graph and the "
              "store's default graph), unless the request gives default-graph-uri or the query FROM. "
              "The WHERE clause of an update reads the store's own default graph, as in SPARQL 1.1 Update.")
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML")
PREFIXES = {"sd": SD, "formats": FORMATS, "rdfs": iris.RDFS, "void": iris.VOID, "dct": iris.DCTERMS}


def _sd(local: str) -> ox.NamedNode:
    return ox.NamedNode(SD + local)


def describe(endpoint: str, settings: Settings, graphs: list[GraphInfo], dataset: str,
             void: str | None = None) -> list[ox.Triple]:
    """Triples describing the service at ``endpoint``; ``void``: the URL of the data set's VoID description."""
    service = ox.NamedNode(endpoint + "#service")
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, DCT_TITLE, ox.Literal(f"graf SPARQL endpoint ({dataset})")),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(service, RDFS_COMMENT, ox.Literal(
            f"Queries are stopped after {settings.query_time_limit_s:g} s (setting query_time_limit_s, answer "
            f"503) and return at most {settings.max_rows} rows (setting max_rows; a cut result has the header "
            "X-Graf-Truncated: true). SERVICE is " + ("allowed." if settings.allow_service else
                                                       "refused (setting allow_service)."))),
    ]
    if settings.update_token:
        triples.append(ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    if settings.allow_service:
        triples.append(ox.Triple(service, _sd("feature"), _sd("BasicFederatedQuery")))
    for name in RESULT_FORMATS:
        triples.append(ox.Triple(service, _sd("resultFormat"), ox.NamedNode(FORMATS + name)))
    dataset_node = ox.BlankNode("dataset")
    default_graph = ox.BlankNode("defaultGraph")
    triples += [
        ox.Triple(service, _sd("defaultDataset"), dataset_node),
        ox.Triple(dataset_node, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset_node, RDFS_COMMENT, ox.Literal(UNION_NOTE, language="en")),
        ox.Triple(dataset_node, _sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, _sd("Graph")),
        ox.Triple(default_graph, RDFS_COMMENT, ox.Literal("union of all graphs", language="en")),
    ]
    if void is not None:  # the data set describes itself (graf.void): graphs, classes, properties, examples
        triples += [ox.Triple(service, RDFS_SEE_ALSO, ox.NamedNode(void)),
                    ox.Triple(dataset_node, RDFS_SEE_ALSO, ox.NamedNode(void))]
    for i, (info, name) in enumerate((g, g.name) for g in graphs if g.name is not None):
        named, graph = ox.BlankNode(f"named{i}"), ox.BlankNode(f"graph{i}")
        triples += [
            ox.Triple(dataset_node, _sd("namedGraph"), named),
            ox.Triple(named, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(named, _sd("name"), ox.NamedNode(name)),
            ox.Triple(named, _sd("graph"), graph),
            ox.Triple(graph, RDF_TYPE, _sd("Graph")),
            ox.Triple(graph, VOID_TRIPLES, ox.Literal(str(info.triples), datatype=ox.NamedNode(iris.XSD_INTEGER))),
        ]
    return triples
