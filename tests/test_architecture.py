"""The shape of the code: graf's modules import each other without cycles, and keep their privates.

Read from the source (AST), as a linter would: an import counts when it runs at module level (not
inside a function, not under ``if TYPE_CHECKING:``); ``from graf import x`` imports the module
``graf.x`` when there is one. The packages a module sits in (which Python runs first) count only
where it imports from them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PACKAGES = ("graf", "api", "visualisations")


def module_files(package: str) -> dict[str, Path]:
    """Dotted module name -> file, for every module of ``package``."""
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = {name: path for package in PACKAGES for name, path in module_files(package).items()}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def module_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """The import statements that run when the module is imported."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.Import | ast.ImportFrom):
                found.append(node)
            elif isinstance(node, ast.If):
                if not _is_type_checking(node):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                    visit(block)
            elif isinstance(node, ast.With):
                visit(node.body)

    visit(tree.body)
    return found


def imported_modules(node: ast.Import | ast.ImportFrom) -> list[tuple[str, str | None]]:
    """(module, name taken from it or None) for each module of the project an import statement loads."""
    if isinstance(node, ast.Import):
        return [(alias.name, None) for alias in node.names if alias.name in MODULES]
    if node.level or node.module is None:
        raise AssertionError(f"relative import at line {node.lineno}: graf uses absolute imports")
    out = []
    for alias in node.names:
        sub = f"{node.module}.{alias.name}"
        if sub in MODULES:
            out.append((sub, None))
        elif node.module in MODULES:
            out.append((node.module, alias.name))
    return out


def import_graph(package: str) -> dict[str, set[str]]:
    """Module -> the modules of ``package`` it imports at module level."""
    graph: dict[str, set[str]] = {}
    for name, path in module_files(package).items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        graph[name] = {
            target for node in module_level_imports(tree) for target, _ in imported_modules(node)
            if target.split(".")[0] == package and target != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a list of modules (first == last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_a_cycle_and_accepts_a_tree():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


@pytest.mark.parametrize("package", PACKAGES)
def test_the_module_import_graph_has_no_cycle(package):
    cycle = find_cycle(import_graph(package))
    assert cycle is None, "import cycle at module level: " + " -> ".join(cycle or ())


def test_no_module_imports_another_ones_private_names():
    """A name shared between modules is public (``graf.sparql_guard.inspect``, not ``graf.sparql._inspect``)."""
    private = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom) or getattr(node, "level", 0):
                continue
            for target, taken in imported_modules(node):
                parts = target.split(".") + ([taken] if taken else [])
                if any(p.startswith("_") and not p.startswith("__") for p in parts) and target != name:
                    private.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {'.'.join(parts)}")
    assert not private, "\n".join(private)


def test_the_plain_iri_module_imports_nothing():
    tree = ast.parse((ROOT / "graf" / "iris.py").read_text(encoding="utf-8"))
    imports = [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
    assert [ast.unparse(node) for node in imports] == ["from __future__ import annotations"]
