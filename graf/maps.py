"""Maps from Python (notebooks): ``graf.maps.network(store, view=..., scenario=...)``.

A thin entry point: graf's core knows nothing of HTML, so the map itself is made by
:mod:`visualisations.notebook` (pyvis, with graf's own safe offline page), imported only when called,
the same way the ``graf map`` command imports :mod:`visualisations.maps`. Nothing in ``graf/`` imports
it at module level, so the core stays free of HTML and of pyvis's (and IPython's) import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graf.store import Store
    from visualisations.notebook import GrafNetwork

__all__ = ["network"]


def network(store: Store, view: str = "overview", scenario: str | None = None, lang: str = "da", degree: int = 1,
            *, height: str = "720px") -> GrafNetwork:
    """The map of ``view`` of ``scenario`` as a ``pyvis.network.Network`` (see :func:`visualisations.notebook.network`).

    Parameters
    ----------
    store : Store
        The data set (:func:`graf.open_store`).
    view : str
        ``overview``, ``strategic``, ``operational``, ``formal``, ``informal``, ``diff`` or
        ``actor:NAME`` (``graf map --list`` shows them).
    scenario : str, optional
        The scenario drawn (default: the view's own choice).
    lang : {"da", "en"}
        The labels' language.
    degree : int
        For ``actor:NAME``: how many steps around the actor are shown.
    height : str
        The drawing's CSS height.

    Returns
    -------
    GrafNetwork
        A ``pyvis.network.Network``: a Jupyter cell shows it; ``show(path)`` writes an offline page.

    Raises
    ------
    graf.errors.UnknownNameError
        An unknown view, scenario, actor or language (the message lists the valid ones).

    Examples
    --------
    >>> net = network(store, view="actor:teknik-og-miljoeforvaltningen", lang="en")   # doctest: +SKIP
    >>> net.show("tmf.html")                                                          # doctest: +SKIP
    """
    from visualisations.notebook import network as build  # lazy: the HTML side, and pyvis, only when asked for

    return build(store, view, scenario, lang, degree, height=height)
