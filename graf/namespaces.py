"""graf's IRIs as rdflib terms, for the modules that build graphs with rdflib.

The IRIs themselves are plain strings in :mod:`graf.iris` (which imports nothing; rdflib takes
about 0.5 s to import): modules that only write SPARQL or read pyoxigraph terms use that one.

* ``GRAF``  ontology terms (classes and properties), ``https://w3id.org/graf/def#``
* ``GRAFC`` SKOS concepts of the code lists, ``https://w3id.org/graf/concept/``
* ``GRAFSH`` SHACL shapes and rule ids, ``https://w3id.org/graf/shapes#``
* ``KBH``   the Copenhagen 2010 data set's actors, ``https://w3id.org/graf/id/kbh/``
* ``GRAPH`` named graphs, ``https://w3id.org/graf/graph/``

``GRAF``, ``GRAFC`` are closed: reading a term that the ontology does not define raises
``AttributeError``, so a typo fails at import time instead of producing a silent new IRI.
``tests/test_ontology.py`` checks that these lists and ``ontology/graf.ttl`` agree, and that these
namespaces, rdflib's and :mod:`graf.iris` name the same IRIs.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, TIME, XSD, DefinedNamespace

from graf import iris

BASE = iris.BASE

CV = Namespace(iris.CV)
KBH = Namespace(iris.KBH)
GRAPH = Namespace(iris.GRAPH)
GRAFSH = Namespace(iris.GRAFSH)

ONTOLOGY_GRAPH = URIRef(iris.ONTOLOGY_GRAPH)


class GRAF(DefinedNamespace):
    """graf's own ontology terms (``ontology/graf.ttl``)."""

    _NS = Namespace(iris.GRAF)
    _fail = True

    # the ontology itself
    ontology: URIRef

    # classes: organisations and units
    MunicipalUnit: URIRef
    Municipality: URIRef
    Administration: URIRef
    AdministrativeCentre: URIRef
    PoliticalBody: URIRef
    CityCouncil: URIRef
    Committee: URIRef
    FinanceCommittee: URIRef
    StandingCommittee: URIRef
    LocalCommittee: URIRef
    ManagementBoard: URIRef
    Forum: URIRef
    CoChairedForum: URIRef
    HousingOrganisation: URIRef
    InterestOrganisation: URIRef
    InterestOrganisationDistrict: URIRef
    AdministrationCompany: URIRef
    OrganisationGroup: URIRef
    HousingOrganisationGroup: URIRef
    Estate: URIRef
    EntryPoint: URIRef
    # classes: posts, channels, process, provenance
    MayorPost: URIRef
    LordMayorPost: URIRef
    ChairSeat: URIRef
    ContactChannel: URIRef
    Meeting: URIRef
    Decision: URIRef
    Document: URIRef
    OrganisationModel: URIRef
    SuccessCriterion: URIRef
    AreaBasedInitiative: URIRef
    Position: URIRef
    Agreement: URIRef
    Citation: URIRef
    OpenQuestion: URIRef

    # properties: structure
    oversees: URIRef
    exOfficio: URIRef
    mayDelegateTo: URIRef
    delegatedTo: URIRef
    coChairPost: URIRef
    postHeld: URIRef
    administers: URIRef
    districtOf: URIRef
    hasEntryPoint: URIRef
    realisedBy: URIRef
    # properties: channels
    channelFrom: URIRef
    channelTo: URIRef
    channelKind: URIRef
    channelStatus: URIRef
    via: URIRef
    # properties: process
    concerns: URIRef
    plannedAsOf: URIRef
    validDuring: URIRef
    decidedAt: URIRef
    awaitsApprovalBy: URIRef
    realisedAs: URIRef
    # properties: scenarios
    scenarioName: URIRef
    extendsGraph: URIRef
    precededBy: URIRef
    isSynthetic: URIRef
    resilience: URIRef
    # waivers (accepted exceptions to the rules)
    Waiver: URIRef
    waivedRule: URIRef
    waivedCode: URIRef
    waivedFocus: URIRef
    waivedScenario: URIRef
    waiverReason: URIRef
    waivedBy: URIRef
    waivedUntil: URIRef
    # properties: provenance
    citation: URIRef
    quote: URIRef
    confidence: URIRef
    reasoning: URIRef
    caseNumber: URIRef
    caseHandler: URIRef
    sourceFile: URIRef
    eanNumber: URIRef
    question: URIRef
    about: URIRef


class GRAFC(DefinedNamespace):
    """SKOS concepts of graf's code lists (``ontology/graf.ttl``)."""

    _NS = Namespace(iris.GRAFC)
    _fail = True

    # schemes
    ChannelKind: URIRef
    ChannelStatus: URIRef
    Role: URIRef
    Confidence: URIRef
    # channel kinds (layers)
    formal: URIRef
    operational: URIRef
    # channel status
    open: URIRef
    closed: URIRef
    planned: URIRef
    unknown: URIRef
    # roles
    chair: URIRef
    mayor: URIRef
    lord_mayor: URIRef
    director: URIRef
    member: URIRef
    # confidence of a citation
    memo: URIRef
    external: URIRef
    derived: URIRef


__all__ = [
    "BASE",
    "CV",
    "DCTERMS",
    "FOAF",
    "GRAF",
    "GRAFC",
    "GRAFSH",
    "GRAPH",
    "KBH",
    "ONTOLOGY_GRAPH",
    "ORG",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SH",
    "SKOS",
    "TIME",
    "XSD",
]
