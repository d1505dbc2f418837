"""Interactive network maps for planners: one self-contained, offline HTML page per view.

>>> html = render_map(store, "actor:teknik-og-miljoeforvaltningen", scenario="adjusted", lang="en")

Views (:data:`VIEWS`): ``overview`` (every actor of the scenario), ``strategic`` (formal channels
and the entry point), ``operational`` (direct contacts), ``actor:<id>`` (one actor's neighbourhood,
``degree`` 1 or 2; id = IRI or a unique tail of it such as the local name), ``diff:<A>..<B>``
(what changed from scenario A to B; plain ``diff`` compares a scenario with the one it is preceded
by) and ``findings`` (the validation report drawn on the map). Unknown views, actors, scenarios
or languages raise :class:`~graf.errors.UnknownNameError` listing the valid names.

The page inlines vis-network, its script, its style and the data; it makes no network request.
Positions are computed here (:mod:`visualisations.layout`), physics is off, so the same data
gives the same picture. Views with more than ``max_nodes`` actors are aggregated by kind
(:mod:`visualisations.aggregate`) and the page says so.
"""

from __future__ import annotations

import re
from typing import Any

import networkx as nx

from graf.errors import GrafError, UnknownNameError
from graf.examples import ACTOR_PLACEHOLDER, actor_query
from graf.network import actor_graph
from graf.scenarios import WHOLE_DATA_SET, Scenario, choose_scenario, get_scenario, list_scenarios
from graf.store import Store
from visualisations import style, views
from visualisations.aggregate import MAX_NODES, aggregate
from visualisations.model import build
from visualisations.page import content_security_policy, render_page

VIEWS = ("overview", "strategic", "operational", "actor:<id>", "diff:<A>..<B>", "findings")
LANGUAGES = ("da", "en")
DEGREES = (1, 2)
def _validate(store: Store, scenario: str) -> list[Any]:
    try:
        from graf.rules import validate
    except ImportError as exc:
        raise GrafError("the findings view needs graf.rules.validate, which this installation lacks") from exc
    report = validate(store, scenario=scenario)
    return [f for f in report.findings if getattr(f, "scenario", None) in (None, "", scenario)]


def build_view(store: Store, view: str = "overview", scenario: str | None = None, degree: int = 1
               ) -> tuple[views.View, Scenario, dict[str, dict[str, str]]]:
    """Select the actors and edges of ``view``; also return the scenario and IRI -> labels (by language)."""
    name, _, arg = view.partition(":")
    if name not in {v.split(":")[0] for v in VIEWS} or (name in ("actor",) and not arg) or \
            (name in ("overview", "strategic", "operational", "findings") and arg):
        raise UnknownNameError("view", view, VIEWS)
    if degree not in DEGREES:
        raise UnknownNameError("degree", str(degree), [str(d) for d in DEGREES])
    scenarios = list_scenarios(store)
    chosen = choose_scenario(store, scenario, scenarios)
    if chosen is WHOLE_DATA_SET and name in ("findings", "diff"):
        raise GrafError(f"the {name} view compares or validates scenarios; choose one of: "
                        + ", ".join(s.name for s in scenarios))
    if name == "diff":
        if arg:
            first, sep, second = arg.partition("..")
            if not sep or not first or not second:
                raise UnknownNameError("view", view, VIEWS)
            a, b = get_scenario(store, first, scenarios), get_scenario(store, second, scenarios)
        else:
            if not chosen.preceded_by:
                raise UnknownNameError("view", view, [v for v in VIEWS if v != "diff"])
            a, b = get_scenario(store, chosen.preceded_by, scenarios), chosen
        GA, GB = actor_graph(store, a), actor_graph(store, b)
        result = views.diff(GA, GB, (a.name, b.name))
        return result, b, {**_names(GA), **_names(GB)}
    G = actor_graph(store, chosen)
    if name == "overview":
        result = views.overview(G)
    elif name == "strategic":
        result = views.strategic(G)
    elif name == "operational":
        result = views.operational(G)
    elif name == "actor":
        result = views.neighbourhood(G, arg, degree)
    else:
        result = views.findings(G, _validate(store, chosen.name))
    return result, chosen, _names(G)


def _names(G: nx.MultiDiGraph) -> dict[str, dict[str, str]]:
    return {n: d["label"] for n, d in G.nodes(data=True)}


def render_view(view: views.View, lang: str = "da", subtitle: str = "", filename: str = "graf-map",
                max_nodes: int = MAX_NODES, names: dict[str, str] | None = None) -> str:
    """The HTML page of an already selected view (used by :func:`render_map` and the benchmark)."""
    if lang not in LANGUAGES:
        raise UnknownNameError("language", lang, LANGUAGES)
    actors = view.graph.number_of_nodes()
    graph, notes = aggregate(view.graph, max_nodes)
    if graph is not view.graph:
        view = views.View(graph, view.title, view.mode, view.node_marks, view.edge_marks, view.previous_status,
                          [], view.findings, view.focus, view.notes)
    data = build(view, lang, names)
    title = view.title[lang]
    counts = f"{actors} {style.text('actors', lang)}"
    data.update(
        title=title, subtitle=f"{subtitle} · {counts}" if subtitle else counts, lang=lang, mode=view.mode,
        strings=style.ui_strings(lang), notes=[n[lang] for n in view.notes + notes], actors=actors,
        aggregated=bool(notes), focus=view.focus, filename=filename,
        actorQuery=actor_query(ACTOR_PLACEHOLDER, lang), actorPlaceholder=f"<{ACTOR_PLACEHOLDER}>",
        findings=[{**f, "title": f["title"][lang], "message": f["message"][lang]} for f in view.findings],
    )
    return render_page(data, f"{title} — graf", lang)


def render_map(store: Store, view: str = "overview", scenario: str | None = None, lang: str = "da",
               degree: int = 1, max_nodes: int = MAX_NODES) -> str:
    """One self-contained HTML page showing ``view`` of ``scenario`` with labels in ``lang``."""
    if lang not in LANGUAGES:
        raise UnknownNameError("language", lang, LANGUAGES)
    selected, chosen, names = build_view(store, view, scenario, degree)
    filename = "graf-" + re.sub(r"[^A-Za-z0-9._-]+", "-", f"{view}-{chosen.name}").strip("-")[:80]
    return render_view(selected, lang, chosen.label(lang), filename, max_nodes,
                       {iri: labels[lang] for iri, labels in names.items()})


__all__ = ["build_view", "content_security_policy", "default_scenario", "render_map", "render_view"]
