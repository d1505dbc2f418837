"""Interactive network maps for planners: one self-contained, offline HTML page per view.

>>> html = render_map(store, "actor:teknik-og-miljoeforvaltningen", scenario="adjusted", lang="en")

Views (:data:`VIEWS`): ``overview`` (every actor of the scenario), ``strategic`` (formal channels
and the entry point), ``operational`` (direct contacts), ``actor:<id>`` (one actor's neighbourhood,
``degree`` 1 or 2; id = IRI or a unique tail of it such as the local name), ``diff:<A>..<B>``
(the overview of B coloured by what changed from scenario A; plain ``diff`` compares a scenario with
the one it is preceded by) and ``findings`` (the validation report drawn on the map). Unknown views,
actors, scenarios or languages raise :class:`~graf.errors.UnknownNameError` listing the valid names.

A page holds one *frame* per scenario of the chosen scenario's family (those linked to it by
``graf:precededBy``, e.g. asis -> draft -> adjusted), laid out once over their union, so flipping
between them moves nothing; the findings view and the whole data set (``--scenario all``) have one.
The page inlines vis-network, its script, its style and the data; it makes no network request.
Views with more than ``max_nodes`` actors are aggregated by kind (:mod:`visualisations.aggregate`),
with one frame, and the page says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from graf.check import model_store
from graf.errors import GrafError, UnknownNameError
from graf.examples import ACTOR_PLACEHOLDER, actor_query
from graf.network import actor_graph
from graf.scenarios import WHOLE_DATA_SET, Scenario, choose_scenario, family, get_scenario, list_scenarios
from graf.store import Store
from graf.timeline import dated, timeline
from visualisations import style, views
from visualisations.aggregate import MAX_NODES, aggregate
from visualisations.model import Frame, build
from visualisations.page import content_security_policy, render_page

VIEWS = ("overview", "strategic", "operational", "actor:<id>", "diff:<A>..<B>", "findings")
LANGUAGES = ("da", "en")
DEGREES = (1, 2)
#: views whose organisational relations (part of, holds post ...) are drawn from the start
STRUCTURE_ON = ("actor", "findings")


@dataclass
class MapSpec:
    """A parsed view name: what to select, in which scenarios, and what to show first."""

    view: str
    name: str
    arg: str
    frames: list[Scenario]
    current: int
    compare: int | None = None


def _validate(store: Store, scenario: str) -> list[Any]:
    try:  # here, not at the top: only the findings view needs the rules
        from graf.rules import validate
    except ImportError as exc:
        raise GrafError("the findings view needs graf.rules.validate, which this installation lacks") from exc
    report = validate(store, scenario=scenario)
    return [f for f in report.findings if getattr(f, "scenario", None) in (None, "", scenario)]


def parse_view(store: Store, view: str = "overview", scenario: str | None = None, degree: int = 1) -> MapSpec:
    """Check ``view``, ``scenario`` and ``degree`` and choose the frames (UnknownNameError naming the valid ones)."""
    name, _, arg = _view_name(view)
    if degree not in DEGREES:
        raise UnknownNameError("degree", str(degree), [str(d) for d in DEGREES])
    scenarios = list_scenarios(store)
    chosen = choose_scenario(store, scenario, scenarios)
    if chosen is WHOLE_DATA_SET and name in ("findings", "diff"):
        raise GrafError(f"the {name} view compares or validates scenarios; choose one of: "
                        + ", ".join(s.name for s in scenarios))
    compare = None
    if name == "diff":
        compare, chosen = _diff_pair(store, view, arg, chosen, scenarios)
    if chosen is WHOLE_DATA_SET or name == "findings":
        frames = [chosen]
    else:
        frames = family(chosen, scenarios, _begins(store, scenarios))
        if compare is not None and compare not in frames:
            frames = [compare, *frames]
    return MapSpec(view, name, arg, frames, frames.index(chosen),
                   frames.index(compare) if compare is not None else None)


def _view_name(view: str) -> tuple[str, str, str]:
    name, sep, arg = view.partition(":")
    if name not in {v.split(":")[0] for v in VIEWS} or (name == "actor" and not arg) or \
            (name in ("overview", "strategic", "operational", "findings") and arg):
        raise UnknownNameError("view", view, VIEWS)
    return name, sep, arg


def _diff_pair(store: Store, view: str, arg: str, chosen: Scenario, scenarios: list[Scenario]
               ) -> tuple[Scenario, Scenario]:
    """The scenarios a diff view compares: ``diff:A..B``, or plain ``diff`` the chosen one and what precedes it."""
    if arg:
        first, sep, second = arg.partition("..")
        if not sep or not first or not second:
            raise UnknownNameError("view", view, VIEWS)
        return get_scenario(store, first, scenarios), get_scenario(store, second, scenarios)
    if chosen.preceded_by:
        return get_scenario(store, chosen.preceded_by, scenarios), chosen
    raise UnknownNameError("view", view, [v for v in VIEWS if v != "diff"])


def _begins(store: Store, scenarios: list[Scenario]) -> dict[str, str]:
    """When each scenario's organisation model begins to be valid (ISO), to order alternatives in time."""
    out: dict[str, str] = {}
    iris = {s.iri: s.name for s in scenarios}
    for item in dated(store):
        if item.kind == "model" and item.iri in iris and item.when.earliest():
            out[iris[item.iri]] = item.when.earliest().isoformat()  # type: ignore[union-attr]
    return out


def _select(spec: MapSpec, store: Store, scenario: Scenario, G: Any, degree: int) -> views.View:
    if spec.name in ("overview", "diff"):
        return views.overview(G)
    if spec.name == "strategic":
        return views.strategic(G)
    if spec.name == "operational":
        return views.operational(G)
    if spec.name == "actor":
        return views.neighbourhood(G, spec.arg, degree)
    return views.findings(G, _validate(store, scenario.name))


def build_frames(store: Store, spec: MapSpec, degree: int = 1) -> list[Frame]:
    """Each frame's selection, whole actor graph and dates (an actor missing from a frame: that frame is empty)."""
    frames = []
    for i, scenario in enumerate(spec.frames):
        G = actor_graph(store, None if scenario.graphs is None else scenario)
        G.graph["scenario"] = scenario.name
        try:
            selected = _select(spec, store, scenario, G, degree)
        except UnknownNameError:
            if i == spec.current:
                raise
            selected = views.View(G.subgraph([]).copy(), {"da": "", "en": ""})
        graphs = None if scenario.graphs is None else scenario
        frames.append(Frame(scenario, selected, G, dated(store, graphs), timeline(store, graphs)))
    return frames


def _aggregated(frames: list[Frame], current: int, max_nodes: int) -> tuple[list[Frame], int, list[dict[str, str]]]:
    """The frames, or (when their union is above ``max_nodes`` actors) the current one aggregated by kind."""
    nodes = set().union(*(f.view.graph.nodes for f in frames))
    if len(nodes) <= max_nodes:
        return frames, current, []
    frame = frames[current]
    graph, notes = aggregate(frame.view.graph, max_nodes)
    view = replace(frame.view, graph=graph, node_marks={}, edge_marks={}, missing_edges=[])
    return [replace(frame, view=view)], 0, notes


def map_data(frames: list[Frame], current: int, lang: str = "da", *, view: str = "overview", compare: int | None = None,
             subtitle: str = "", filename: str = "graf-map", max_nodes: int = MAX_NODES,
             names: dict[str, str] | None = None) -> dict[str, Any]:
    """The page data (the view model every map is drawn from: :func:`render_map`, the pyvis adapter)."""
    if lang not in LANGUAGES:
        raise UnknownNameError("language", lang, LANGUAGES)
    actors = frames[current].view.graph.number_of_nodes()
    shown, current, notes = _aggregated(frames, current, max_nodes)
    if len(shown) == 1:
        compare = None
    data = build(shown, current, lang, names)
    first = shown[current].view
    title = first.title[lang]
    counts = f"{actors} {style.text('actors', lang)}"
    kind = view.split(":", 1)[0]
    data.update(
        title=title, viewTitle=title, subtitle=f"{subtitle} · {counts}" if subtitle else counts, lang=lang,
        mode=first.mode, view=view, viewKind=kind, compare=compare, strings=style.ui_strings(lang),
        notes=[n[lang] for n in first.notes + notes], actors=actors, aggregated=bool(notes), focus=first.focus,
        filename=filename, structureOn=kind in STRUCTURE_ON,
        actorQuery=actor_query(ACTOR_PLACEHOLDER, lang), actorPlaceholder=f"<{ACTOR_PLACEHOLDER}>",
    )
    return data


def render_view(view: views.View, lang: str = "da", subtitle: str = "", filename: str = "graf-map",
                max_nodes: int = MAX_NODES, names: dict[str, str] | None = None) -> str:
    """The HTML page of one already selected view (no store: its graph alone, one frame)."""
    scenario = Scenario(str(view.graph.graph.get("scenario") or "view"), None, {"da": subtitle, "en": subtitle})
    data = map_data([Frame(scenario, view)], 0, lang, subtitle=subtitle, filename=filename, max_nodes=max_nodes,
                    names=names)
    return render_page(data, f"{data['title']} — graf", lang)


def map_for(store: Store, view: str = "overview", scenario: str | None = None, lang: str = "da", degree: int = 1,
            max_nodes: int = MAX_NODES) -> dict[str, Any]:
    """The page data of ``view`` of ``scenario`` (see :func:`render_map`)."""
    if lang not in LANGUAGES:
        raise UnknownNameError("language", lang, LANGUAGES)
    spec = parse_view(store, view, scenario, degree)
    frames = build_frames(store, spec, degree)
    chosen = spec.frames[spec.current]
    filename = "graf-" + re.sub(r"[^A-Za-z0-9._-]+", "-", f"{view}-{chosen.name}").strip("-")[:80]
    names = {iri: d["label"][lang] for f in frames if f.graph is not None
             for iri, d in f.graph.nodes(data=True)} if frames else {}
    data = map_data(frames, spec.current, lang, view=view, compare=spec.compare, subtitle=chosen.label(lang),
                    filename=filename, max_nodes=max_nodes, names=names)
    if spec.compare is not None and not data["aggregated"]:
        data["title"] = style.text("diff_title", lang).format(a=spec.frames[spec.compare].name, b=chosen.name)
    return data


def render_map(store: Store, view: str = "overview", scenario: str | None = None, lang: str = "da",
               degree: int = 1, max_nodes: int = MAX_NODES) -> str:
    """One self-contained HTML page showing ``view`` of ``scenario`` with labels in ``lang``."""
    data = map_for(store, view, scenario, lang, degree, max_nodes)
    return render_page(data, f"{data['title']} — graf", lang)


def render_model_map(trig: bytes, view: str = "overview", scenario: str | None = None, lang: str = "da") -> str:
    """A map of a model given as TriG (a model checked by ``graf serve``, never loaded into its store)."""
    store, _trig, _counts = model_store(trig, "model.trig")
    try:
        return render_map(store, view, scenario=scenario, lang=lang)
    finally:
        store.close()


__all__ = ["build_frames", "content_security_policy", "map_data", "map_for", "parse_view", "render_map",
           "render_model_map", "render_view"]
