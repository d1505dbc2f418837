"""Run the SHACL shapes (ours in ``ontology/shapes.ttl`` plus the user's ``--shapes``) on one scenario.

Two engines give the same results (``tests/test_shacl_engines.py``): ``sparql`` compiles the
shapes to SPARQL that the store runs on the scenario's graphs (:mod:`graf.rules.shacl_sparql`,
the default: no copy of the data, no rdflib), ``pyshacl`` runs pySHACL on an rdflib copy
(:mod:`graf.rules.shacl_pyshacl`, the reference, used when the shapes need a SHACL feature the
sparql engine does not compile). Each result is mapped to a rule through the ``grafsh:rule`` of
the top-level shape it comes from; shapes without one (the user's) report as ``user-shapes``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graf.errors import GrafError
from graf.report import Finding

USER_RULE = "user-shapes"
ENGINES = ("auto", "sparql", "pyshacl")


class ShapesError(GrafError):
    """A shapes file that is not valid SHACL (names the file and the problem)."""


def shapes_file() -> Path:
    from graf.resources import ontology_dir

    return ontology_dir() / "shapes.ttl"


class ShaclEngine:
    """Our shapes plus the user's, run once per scenario; results cached by scenario name.

    ``engine``: ``sparql`` compiles the shapes to SPARQL run by the store (fast, no copy of the
    data); ``pyshacl`` runs pySHACL on an rdflib copy of the scenario (the reference
    implementation); ``auto`` (default) is ``sparql`` unless the shapes use a feature it does not
    compile, then ``pyshacl`` (``self.fallback`` says which feature).
    """

    def __init__(self, user_shapes: Iterable[str | Path] = (), engine: str = "auto"):
        if engine not in ENGINES:
            from graf.errors import UnknownNameError

            raise UnknownNameError("SHACL engine", engine, ENGINES)
        self.user_files = [Path(p) for p in user_shapes]
        user_graphs = []
        if self.user_files:  # checked against SHACL's own shapes before anything runs
            from graf.rules.shacl_pyshacl import load_user_shapes

            user_graphs = [load_user_shapes(path) for path in self.user_files]
        self.fallback = ""
        self._native: Any = None
        self._pyshacl: Any = None
        if engine != "pyshacl":
            from graf.rules.shacl_sparql import NativeShapes, Unsupported

            try:
                self._native = NativeShapes([shapes_file(), *self.user_files])
            except Unsupported as exc:
                if engine == "sparql":
                    raise ShapesError(f"the sparql SHACL engine does not support {exc}; "
                                      "use --shacl-engine pyshacl") from None
                self.fallback = str(exc)
        if self._native is None:
            from graf.rules.shacl_pyshacl import PyShaclShapes

            self._pyshacl = PyShaclShapes(shapes_file(), user_graphs, USER_RULE)
        self.engine = "sparql" if self._native is not None else "pyshacl"
        self._cache: dict[str, list[dict[str, Any]]] = {}

    def results(self, name: str, ctx: Any) -> list[dict[str, Any]]:
        """The validation results for scenario ``name`` as dicts (rule, focus, path, component ...)."""
        if name in self._cache:
            return self._cache[name]
        if self._native is not None:
            out = self._native.results(ctx.store, ctx.scenario.graphs, USER_RULE)
        else:
            out = self._pyshacl.results(ctx.data)
        out.sort(key=lambda d: (d["rule"], d["focus"], d["path"], d["component"], d["value"], d["code"]))
        self._cache[name] = out
        return out

    def findings(self, ctx: Any, rule: Any) -> list[Finding]:
        """The findings of ``rule`` in the scenario of ``ctx``."""
        G = ctx.graph
        channels = {k for _u, _v, k, d in G.edges(keys=True, data=True) if d["relation"] == "channel"}
        out = []
        for r in self.results(ctx.name, ctx):
            if r["rule"] != rule.id:
                continue
            focus, value = r["focus"], r["value"] if r["value_is_iri"] else ""
            witness = [x for x in (focus, value) if x]
            nodes = [x for x in witness if x in G]
            edges = [x for x in witness if x in channels]
            if focus in G and value in G:
                edges += sorted(G.get_edge_data(focus, value) or {})
                edges += sorted(G.get_edge_data(value, focus) or {})
            messages = dict(r["messages"])
            if r["templates"]:
                names = ctx.labels(witness)
                for lang, template in r["templates"].items():
                    text = template.replace("{$this}", names[focus].get(lang, focus) if focus else "")
                    messages[lang] = text.replace("{?value}", names[value].get(lang, value) if value else "")
            messages.setdefault("en", r["component"])
            messages.setdefault("da", messages["en"])
            detail = {k: r[k] for k in ("focus", "path", "component", "shape", "value")}
            out.append(ctx.finding(rule, r["code"], r["severity"], messages, nodes=nodes, edges=edges,
                                   witness=witness, detail=detail))
        return out
