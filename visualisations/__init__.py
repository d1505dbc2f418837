"""Offline, self-contained HTML maps of the actor network (``graf map``)."""

from visualisations.maps import VIEWS, render_map

__all__ = ["VIEWS", "render_map"]
