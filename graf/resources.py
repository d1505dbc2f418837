"""Where the ontology, the default data set and the example queries live.

From a checkout (editable install) they are the top-level folders ``ontology/``, ``data/`` and
``graf/queries/``; in an installed wheel they are bundled under ``graf/_bundled/`` (see
``[tool.hatch.build.targets.wheel.force-include]`` in ``pyproject.toml``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graf.settings import Settings

_PACKAGE = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE / "_bundled"
_CHECKOUT = _PACKAGE.parent

DEFAULT_DATASET = "copenhagen-2010"


def dataset_name(settings: Settings) -> str:
    """What to call the data set of ``settings``: its data folders' names, the store's, or the default's."""
    if settings.data:
        return ", ".join(p.name for p in settings.data)
    if settings.store_dir is not None:
        return f"store {settings.store_dir.name}"
    return DEFAULT_DATASET


def _top_level(name: str) -> Path:
    bundled = _BUNDLED / name
    if bundled.is_dir():
        return bundled
    return _CHECKOUT / name


def ontology_dir() -> Path:
    """The folder of the ontology (``ontology/*.ttl``)."""
    return _top_level("ontology")


def data_root() -> Path:
    """The folder holding the data sets (``data/``)."""
    return _top_level("data")


def default_data_dir() -> Path:
    """The default data set, ``data/copenhagen-2010`` (may not exist yet)."""
    return data_root() / DEFAULT_DATASET


def queries_dir() -> Path:
    """The example queries, ``graf/queries/*.rq``."""
    return _PACKAGE / "queries"
