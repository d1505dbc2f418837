"""pyvis for notebook users: a ``pyvis.network.Network`` built from graf's view model, drawn by graf's own page.

>>> net = network(store, view="strategic", scenario="adjusted")   # or graf.maps.network(...)
>>> net.show("strategic.html")                                    # in Jupyter: an IFrame of that file
>>> net                                                           # in a Jupyter cell: the map, inline

The network's nodes and edges are the map's (:func:`visualisations.maps.map_for`): the same positions,
styles, facts and frames; pyvis's own API works on them (``net.nodes``, ``net.get_node``,
``net.add_node`` ...). What pyvis would render is replaced by graf's page
(:func:`visualisations.page.render_page`), because two parts of pyvis are not safe to use here:

* its HTML template puts the nodes into a ``<script>`` unescaped (a label containing ``</script>``
  ends the script and runs what follows) and loads vis-network, Bootstrap and Tom Select from CDNs
  (``cdn_resources="remote"``) or copies them next to the file (``"local"``);
* ``select_menu``, ``filter_menu`` and ``neighborhood_highlight`` build HTML from labels.

So :class:`GrafNetwork` renders with graf's template (everything inline, data in an escaped JSON block,
a Content-Security-Policy that forbids any request), never writes a ``lib/`` folder, and ignores those
three options; ``from_nx`` is not used (it mutates its input and is quadratic), nodes and edges are
filled directly. ``show``, ``write_html``, ``save_graph`` and ``generate_html`` are pyvis's, so they
write and return graf's page.
"""

from __future__ import annotations

import html
from typing import Any

from pyvis.network import Network

from graf.store import Store
from visualisations.maps import map_for
from visualisations.page import render_page

__all__ = ["GrafNetwork", "iframe", "network"]


def iframe(page: str, height: str = "720px") -> str:
    """``page`` inline in an ``<iframe srcdoc>`` (escaped), sandboxed to run its own scripts only: what a
    notebook cell shows (``_repr_html_``)."""
    return (f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" '
            f'style="width: 100%; height: {html.escape(height, quote=True)}; border: 1px solid #d5d8dc"></iframe>')


class GrafNetwork(Network):
    """A pyvis ``Network`` holding a graf map; its HTML is graf's safe, offline page."""

    def __init__(self, data: dict[str, Any], height: str = "720px", width: str = "100%") -> None:
        super().__init__(height=height, width=width, directed=True, cdn_resources="in_line",
                         heading=str(data.get("title", "")))
        self.graf = {k: v for k, v in data.items() if k not in ("nodes", "edges")}
        for node in data["nodes"]:  # directly: pyvis's add_node would rebuild each dict, add_edge is quadratic
            self.nodes.append(node)
            self.node_ids.append(node["id"])
            self.node_map[node["id"]] = node
        self.edges.extend(data["edges"])
        self.toggle_physics(False)

    def page_data(self) -> dict[str, Any]:
        """The map's data with the network's current nodes and edges (what the page draws)."""
        return {**self.graf, "nodes": self.nodes, "edges": self.edges}

    def generate_html(self, name: str = "index.html", local: bool = True, notebook: bool = False) -> str:
        """graf's page of this network (pyvis's ``write_html``, ``show`` and ``save_graph`` write it)."""
        lang = str(self.graf.get("lang", "da"))
        self.html = render_page(self.page_data(), f"{self.graf.get('title', 'graf')} — graf", lang)
        return self.html

    def _repr_html_(self) -> str:
        return iframe(self.generate_html(), self.height)


def network(store: Store, view: str = "overview", scenario: str | None = None, lang: str = "da", degree: int = 1,
            *, height: str = "720px") -> GrafNetwork:
    """The map of ``view`` of ``scenario`` (as :func:`visualisations.maps.render_map` draws it) as a pyvis network.

    Parameters
    ----------
    store : graf.store.Store
        The data set.
    view, scenario, lang, degree
        As for ``graf map``: ``overview``, ``strategic``, ``operational``, ``actor:<id>``, ``diff:<A>..<B>``
        or ``findings``; a scenario name or ``all``; ``da`` or ``en``; 1 or 2.
    height : str
        Height of the map in a notebook cell.

    Returns
    -------
    GrafNetwork
        A ``pyvis.network.Network``; ``show``, ``write_html`` and a notebook cell render graf's page.

    Raises
    ------
    graf.errors.UnknownNameError
        For an unknown view, scenario, actor, language or degree, listing the valid ones.
    """
    return GrafNetwork(map_for(store, view, scenario, lang, degree), height=height)
