"""graf: a knowledge graph (RDF) of public-sector actors.

The public API; everything else is reachable through its module (``graf.store``,
``graf.sparql`` ...).
"""

from graf import errors
from graf.errors import GrafError
from graf.report import validate
from graf.settings import Settings
from graf.sparql import QueryResult, example_queries, run_query
from graf.store import EmbeddedStore, Store, open_store

__all__ = [
    "EmbeddedStore",
    "GrafError",
    "QueryResult",
    "Settings",
    "Store",
    "errors",
    "example_queries",
    "open_store",
    "run_query",
    "validate",
]
