"""What the app keeps on ``app.state`` (loaded once, in the lifespan) and the dependencies that
hand it to the routers."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Query, Request
from starlette.concurrency import run_in_threadpool

from api.errors import ApiError
from graf.errors import UnknownNameError
from graf.settings import Settings
from graf.store import Store

if TYPE_CHECKING:  # imported where used: networkx and graf.scenarios (rdflib) cost `graf serve` ~30 MB
    import networkx as nx

    from graf.scenarios import Scenario


@dataclass
class AppState:
    """The store and the caches derived from it; ``generation`` grows with every update."""

    settings: Settings
    store: Store
    dataset: str
    guard: Any = None  # graf.guard.Guard when the server checks updates (setting guard)
    generation: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _scenarios: tuple[int, list[Scenario]] | None = None
    _graphs: dict[tuple[int, str | None], nx.MultiDiGraph] = field(default_factory=dict)
    _cache: dict[tuple, Any] = field(default_factory=dict)

    def changed(self) -> None:
        """Forget derived data after an update."""
        with self._lock:
            self.generation += 1
            self._scenarios = None
            self._graphs.clear()
            self._cache.clear()

    def cached(self, key: tuple, compute: Any) -> Any:
        """``compute()`` once per ``key`` until the data change (blocking: call from a thread)."""
        full = (self.generation, *key)
        if full not in self._cache:
            value = compute()
            with self._lock:
                self._cache[full] = value
        return self._cache[full]

    def scenarios(self) -> list[Scenario]:
        """The scenarios (cached; blocking: call from a thread)."""
        cached = self._scenarios
        if cached is not None and cached[0] == self.generation:
            return cached[1]
        # here, not at the top: loads rdflib (start-up)
        from graf.scenarios import list_scenarios

        generation = self.generation
        found = list_scenarios(self.store)
        with self._lock:
            self._scenarios = (generation, found)
        return found

    def scenario(self, name: str | None) -> Scenario | None:
        if name is None:
            return None
        # here, not at the top: loads rdflib (start-up)
        from graf.scenarios import get_scenario

        return get_scenario(self.store, name, self.scenarios())

    def actor_graph(self, scenario: Scenario | None) -> nx.MultiDiGraph[str]:
        """The scenario's actor graph (cached per scenario; blocking: call from a thread)."""
        # here, not at the top: loads networkx, rdflib (start-up)
        from graf.network import actor_graph

        key = (self.generation, scenario.name if scenario else None)
        graph = self._graphs.get(key)
        if graph is None:
            graph = actor_graph(self.store, scenario)
            with self._lock:
                self._graphs[key] = graph
        return graph


def get_state(request: Request) -> AppState:
    return request.app.state.graf


State = Annotated[AppState, Depends(get_state)]

#: a ``scenario`` query parameter whose absence means the whole data set (every graph)
AnyScenario = Annotated[str | None, Query(description="scenario name (see /scenarios); default: all graphs")]


async def resolve_scenario(state: AppState, name: str | None, *, param: str = "scenario") -> Scenario | None:
    """The scenario called ``name`` (None or empty -> None); 400 listing the valid names otherwise."""
    if not name:
        return None
    try:
        return await run_in_threadpool(state.scenario, name)
    except UnknownNameError as exc:
        raise ApiError(400, f"{param}: {exc}", "unknown_name", kind=exc.kind, valid=exc.valid) from None


def in_thread(func: Any, *args: Any, **kwargs: Any) -> Any:
    """Shorthand for running blocking library code off the event loop."""
    return run_in_threadpool(func, *args, **kwargs)
