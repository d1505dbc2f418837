"""Run the SHACL shapes (ours in ``ontology/shapes.ttl`` plus the user's ``--shapes``) on one scenario.

Two engines give the same results (``tests/test_shacl_engines.py``, and the W3C SHACL test suite in
``tests/test_w3c_shacl.py``): ``sparql`` compiles the shapes to SPARQL that the store runs on the
scenario's graphs (:mod:`graf.rules.shacl_sparql`, the default: no copy of the data, no rdflib),
``pyshacl`` runs pySHACL on an rdflib copy (:mod:`graf.rules.shacl_pyshacl`, the reference, used
when the shapes need a feature the sparql engine does not compile). Both read one shapes graph
(:class:`~graf.rules.shacl_shapes.ShapesGraph`). Each result is mapped to a rule through the
``grafsh:rule`` of the top-level shape it comes from; shapes without one (the user's) report as
``user-shapes``. Results name RDF terms as :mod:`graf.terms` text.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graf import iris, terms
from graf.errors import GrafError, UnknownNameError
from graf.report import Finding
from graf.resources import ontology_dir
from graf.rules.shacl_shapes import ShapesGraph
from graf.rules.shacl_sparql import NativeShapes, Unsupported, fill
from graf.rules.shacl_sparql_constraints import query_problems
from graf.store import EmbeddedStore

USER_RULE = "user-shapes"
ENGINES = ("auto", "sparql", "pyshacl")
SH = iris.SH
#: graf's grade of a SHACL severity; any other severity IRI counts as a violation
GRADES = {SH + "Violation": "violation", SH + "Warning": "warning", SH + "Info": "info"}


class ShapesError(GrafError):
    """A shapes file that is not valid SHACL (names the file and the problem)."""


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def check_shapes_file(path: Path) -> None:
    """Check a user's shapes file before anything runs: it exists, parses (LoadError names the line
    and column), is well-formed SHACL (SHACL's own shapes graph, shacl-shacl, run by the sparql
    engine), and its SPARQL queries parse and keep SHACL's rules for pre-bound variables.
    Raises ShapesError naming the file and the problem."""
    if not path.is_file():
        raise ShapesError(f"{path}: no such shapes file")
    g = ShapesGraph.from_files([path])
    for node, problem in query_problems(g):
        shape = next(iter(g.subjects(SH + "sparql", node)), node)
        name = f"<{shape.value}>" if terms.is_iri(terms.from_oxigraph(shape)) else "a shape"
        raise ShapesError(f"{path}: the SPARQL constraint of {name} {problem}")
    problems = sorted({f"{_short(r['path'])} {r['messages'].get('en', '')}".strip()
                       for r in _shacl_shacl().results(_store_of(path), None, None)})
    if problems:
        raise ShapesError(f"{path}: not valid SHACL: " + "; ".join(problems))


def _short(text: str) -> str:
    return "sh:" + text[len(SH):] if text.startswith(SH) else text


def _store_of(path: Path) -> Any:
    store = EmbeddedStore()
    store.load([path])
    return store


@functools.cache
def _shacl_shacl() -> Any:
    """SHACL's own shapes graph for shapes graphs (as pySHACL ships it), compiled once."""
    # here, not at the top: loads pyshacl (start-up)
    import pyshacl

    return NativeShapes(ShapesGraph.from_files([Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"]))


class ShaclEngine:
    """Our shapes plus the user's, run once per scenario; results cached by scenario name.

    ``engine``: ``sparql`` compiles the shapes to SPARQL run by the store (fast, no copy of the
    data); ``pyshacl`` runs pySHACL on an rdflib copy of the scenario (the reference
    implementation); ``auto`` (default) is ``sparql`` unless the shapes use a feature it does not
    compile (SHACL-AF, SPARQL-based constraint components ...), then ``pyshacl``
    (``self.fallback`` says which feature).
    """

    def __init__(self, user_shapes: Iterable[str | Path] = (), engine: str = "auto"):
        if engine not in ENGINES:
            raise UnknownNameError("SHACL engine", engine, ENGINES)

        self.user_files = [Path(p) for p in user_shapes]
        for path in self.user_files:  # checked against SHACL's own shapes before anything runs
            check_shapes_file(path)
        graph = ShapesGraph.from_files([shapes_file(), *self.user_files])
        self.fallback = ""
        self._native: Any = None
        self._pyshacl: Any = None
        if engine != "pyshacl":
            try:
                self._native = NativeShapes(graph)
            except Unsupported as exc:
                if engine == "sparql":
                    raise ShapesError(f"the sparql SHACL engine does not support {exc}; "
                                      "use --shacl-engine pyshacl") from None
                self.fallback = str(exc)
        if self._native is None:
            # here, not at the top: graf.rules.shacl_pyshacl imports this module
            from graf.rules.shacl_pyshacl import PyShaclShapes

            self._pyshacl = PyShaclShapes(graph, USER_RULE)
        self.engine = "sparql" if self._native is not None else "pyshacl"
        self._cache: dict[str, list[dict[str, Any]]] = {}

    def results(self, name: str, ctx: Any) -> list[dict[str, Any]]:
        """The validation results for scenario ``name`` as dicts (rule, focus, path, component ...)."""
        if name in self._cache:
            return self._cache[name]
        if self._native is not None:
            out: list[dict[str, Any]] = self._native.results(ctx.store, ctx.data_graphs, ctx.hierarchy_graphs,
                                                             USER_RULE)
        else:
            out = self._pyshacl.results(ctx.data)
        out.sort(key=lambda d: tuple(d[k] for k in ("rule", "focus", "path", "component", "value", "code",
                                                     "shape", "constraint", "severity")))
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
            witness = [x for x in (r["focus"], r["value"] if terms.is_iri(r["value"]) else "") if x]
            detail = {k: r[k] for k in ("focus", "path", "value", "shape", "component", "constraint", "severity")}
            out.append(ctx.finding(rule, r["code"], GRADES.get(r["severity"], "violation"), _messages(ctx, r, witness),
                                   nodes=[x for x in witness if x in G], edges=_edges(G, channels, witness),
                                   witness=witness, detail=detail))
        return out


def _edges(G: Any, channels: set[str], witness: list[str]) -> list[str]:
    """The edges of the actor graph a result names: a channel it is about, or those between its ends."""
    edges = [x for x in witness if x in channels]
    if len(witness) == 2 and all(x in G for x in witness):
        focus, value = witness
        edges += sorted(G.get_edge_data(focus, value) or {})
        edges += sorted(G.get_edge_data(value, focus) or {})
    return edges


def _messages(ctx: Any, r: dict[str, Any], witness: list[str]) -> dict[str, str]:
    """A result's messages by language; sh:message templates get the labels of ``{$this}`` and
    ``{?value}`` (other variables of a SPARQL constraint as bound); at least English and Danish."""
    messages = dict(r["messages"])
    if r["templates"]:
        names = ctx.labels(witness)
        focus, value = r["focus"], r["value"] if terms.is_iri(r["value"]) else ""
        for lang, template in r["templates"].items():
            label = lang or "en"
            text = template.replace("{$this}", names[focus].get(label, focus) if focus else "")
            text = text.replace("{?value}", names[value].get(label, value) if value else terms.display(r["value"]))
            messages[lang] = fill(text, r.get("bindings", {}))
    messages.setdefault("en", r["component"])
    messages.setdefault("da", messages["en"])
    return messages
