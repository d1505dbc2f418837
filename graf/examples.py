"""The example queries (``graf/queries/NAME.rq``) and the queries that pages link to.

Each example is one ``.rq`` file whose header comment gives its English and Danish title and
question, and its named parameters (:mod:`graf.parameters`)::

    # title: Where each fact about an actor comes from
    # description: For one actor, which facts are recorded ...?
    # title-da: ...
    # description-da: ...
    # param: actor (actor) = teknik-og-miljoeforvaltningen — an actor id or IRI
    # param-da: actor — en aktørs id eller IRI
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode

from graf import iris, resources
from graf.errors import UnknownNameError
from graf.parameters import Parameter, parse_parameters

_HEADER = re.compile(r"^#\s*(title|description|title-da|description-da):\s*(.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class ExampleQuery:
    """A named query from ``graf/queries/NAME.rq``."""

    name: str
    title: str
    description: str
    text: str
    title_da: str = ""
    description_da: str = ""
    parameters: tuple[Parameter, ...] = field(default=())

    def title_in(self, lang: str) -> str:
        """The title in ``lang`` ("da" or "en"), English where no Danish one is given."""
        return (self.title_da if lang == "da" else "") or self.title

    def description_in(self, lang: str) -> str:
        return (self.description_da if lang == "da" else "") or self.description


def read_example(path: Path) -> ExampleQuery:
    """The example query in the file ``path`` (its name is the file's stem)."""
    text = path.read_text(encoding="utf-8")
    header = dict(_HEADER.findall(text))
    return ExampleQuery(path.stem, header.get("title", path.stem), header.get("description", ""), text,
                        header.get("title-da", ""), header.get("description-da", ""),
                        parse_parameters(text, path.name))


def example_queries(folder: Path | None = None) -> list[ExampleQuery]:
    """Every example query, sorted by name.

    Parameters
    ----------
    folder : Path, optional
        A folder of ``.rq`` files; default: graf's own (``graf/queries``).

    Returns
    -------
    list of ExampleQuery
        Each with its ``name``, ``text``, English and Danish title and question, and ``parameters``
        (bind them with :func:`graf.parameters.bind`).

    Raises
    ------
    graf.errors.GrafError
        A query file whose header or parameter declarations cannot be read.
    """
    folder = folder or resources.queries_dir()
    return [read_example(p) for p in sorted(folder.glob("*.rq"))]


def example_query(name: str, folder: Path | None = None) -> ExampleQuery:
    """The example query ``name``; UnknownNameError (with the valid names) if there is none."""
    queries = {q.name: q for q in example_queries(folder)}
    if name not in queries:
        raise UnknownNameError("example query", name, queries)
    return queries[name]


#: the IRI :func:`actor_query` is written with when a page fills in the actor itself (the maps' script)
ACTOR_PLACEHOLDER = "urn:graf:actor"


def actor_query(iri: str, lang: str = "da") -> str:
    """A query showing what the data say about the resource ``iri``: each property and value, per
    named graph, with the value's label in ``lang`` (the maps' and the actor list's "show this actor in
    SPARQL" links open it in the query editor)."""
    node = str(NamedNode(iri))  # ValueError for a string that is no IRI
    label_lang = "en" if lang == "en" else "da"
    return (
        iris.prefix_lines("skos")
        + "SELECT ?graph ?property ?value ?valueLabel WHERE {\n"
        f"  GRAPH ?graph {{ {node} ?property ?value }}\n"
        f'  OPTIONAL {{ ?value skos:prefLabel ?valueLabel FILTER(lang(?valueLabel) = "{label_lang}") }}\n'
        "}\n"
        "ORDER BY ?graph ?property ?value\n"
    )


def scenario_query(graph: str, lang: str = "da") -> str:
    """A query listing the contact channels of the scenario graph ``graph`` (and the graphs it
    extends): from, to, kind and status, labelled in ``lang`` (linked from the home page)."""
    node = str(NamedNode(graph))
    label_lang = "en" if lang == "en" else "da"
    return (
        iris.prefix_lines("graf", "skos")
        + "SELECT ?from ?to ?kind ?status WHERE {\n"
        f"  {node} graf:extendsGraph* ?g .\n"
        "  GRAPH ?g { ?c a graf:ContactChannel ; graf:channelFrom ?f ; graf:channelTo ?t .\n"
        "             OPTIONAL { ?c graf:channelKind ?k } OPTIONAL { ?c graf:channelStatus ?s } }\n"
        f'  ?f skos:prefLabel ?from FILTER(lang(?from) = "{label_lang}")\n'
        f'  ?t skos:prefLabel ?to FILTER(lang(?to) = "{label_lang}")\n'
        f'  OPTIONAL {{ ?k skos:prefLabel ?kind FILTER(lang(?kind) = "{label_lang}") }}\n'
        f'  OPTIONAL {{ ?s skos:prefLabel ?status FILTER(lang(?status) = "{label_lang}") }}\n'
        "}\n"
        "ORDER BY ?from ?to\n"
    )


__all__ = ["ACTOR_PLACEHOLDER", "ExampleQuery", "actor_query", "example_queries", "example_query", "read_example",
           "scenario_query"]
