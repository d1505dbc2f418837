"""Response models of the REST API (shown in the OpenAPI description at /docs)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Lang = Literal["da", "en"]


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str


class ErrorBody(BaseModel):
    """Every error of the API has this shape (extra fields may add detail)."""

    error: ErrorDetail


class ActorRef(BaseModel):
    id: str = Field(description="short id (the IRI's last segment); /actors/{id}")
    iri: str
    label: str


class ActorSummary(ActorRef):
    kind: str = Field(description="IRI of the most specific class")
    kind_label: str
    entry_point: bool
    municipal_unit: bool
    housing: bool


class Source(BaseModel):
    predicate: str = ""
    object: str = ""
    citation: str
    key: str
    quote: str
    confidence: str
    reasoning: str
    document: str


class Channel(BaseModel):
    id: str = Field(description="the channel's IRI")
    source: ActorRef = Field(description="channelFrom")
    target: ActorRef = Field(description="channelTo")
    layer: str = Field(description="formal | operational")
    status: str = Field(description="open | closed | planned | unknown")
    via: list[str]


class Relation(BaseModel):
    id: str = Field(description="edge id 's|p|o'")
    relation: str
    predicate: str
    direction: Literal["out", "in"]
    other: ActorRef


class ActorDetail(ActorSummary):
    labels: dict[str, str]
    kinds: list[str]
    scenario: str | None
    relations: list[Relation]
    channels: list[Channel]
    sources: list[Source]


class ScenarioInfo(BaseModel):
    name: str
    iri: str | None
    labels: dict[str, str]
    graphs: list[str] | None = Field(description="graph IRIs making up the scenario (None: all)")
    preceded_by: str | None


class ChannelKey(BaseModel):
    source: str
    target: str
    layer: str


class ChannelChange(ChannelKey):
    before: dict[str, str | list[str]]
    after: dict[str, str | list[str]]


class ScenarioDiff(BaseModel):
    a: str
    b: str
    added: list[Channel] = Field(description="channels in b, not in a (matched by from, to, kind)")
    removed: list[Channel] = Field(description="channels in a, not in b")
    changed: list[ChannelChange] = Field(description="same (from, to, kind), other status or via")


class QueryParameterModel(BaseModel):
    name: str = Field(description="the query parameter (?name=...) and the SPARQL variable it is bound to")
    type: str = Field(description="actor | iri | string | integer | decimal | date | boolean")
    required: bool
    default: str | None = None
    description: str = ""
    description_da: str = ""


class ExampleQueryModel(BaseModel):
    name: str
    title: str
    description: str
    title_da: str = Field("", description="Danish title (empty: none given)")
    description_da: str = Field("", description="Danish one-line description")
    text: str
    parameters: list[QueryParameterModel] = Field(
        default_factory=list, description="named parameters; GET /queries/{name}?NAME=VALUE runs the query with them")
