"""The package's import graph: no module imports one that imports it back.

A cycle makes the import order matter and hides which module depends on which. No cycle is
allowed, neither through imports at the top of a module nor through imports inside a function
(or under ``if TYPE_CHECKING:``): a piece two modules share goes in a small module of its own.
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import claimlab

PACKAGE = Path(claimlab.__file__).parent

def import_graph(top_level_only: bool) -> dict[str, set[str]]:
    """Each module of the package and the package modules it imports (at its top, or anywhere)."""
    modules = {path.stem for path in PACKAGE.glob("*.py")} - {"__init__"}
    graph = {}
    for name in sorted(modules):
        tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
        imported: set[str] = set()
        for node in tree.body if top_level_only else ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "claimlab":
                imported |= {alias.name for alias in node.names if alias.name in modules}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("claimlab."):
                imported.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                imported |= {a.name.split(".")[1] for a in node.names if a.name.startswith("claimlab.")}
        graph[name] = imported & modules - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or round a loop (Tarjan's algorithm)."""
    counter, index, low, stack, on_stack, found = itertools.count(), {}, {}, [], set(), []

    def visit(module: str) -> None:
        index[module] = low[module] = next(counter)
        stack.append(module)
        on_stack.add(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(found)


def test_cycles_finds_a_loop_of_three_and_ignores_a_chain():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_imports_at_the_top_of_modules_form_no_cycle():
    assert cycles(import_graph(top_level_only=True)) == []


def test_imports_inside_functions_form_no_cycle_either():
    assert cycles(import_graph(top_level_only=False)) == []


def test_the_scanner_never_imports_what_builds_on_it():
    graph = import_graph(top_level_only=False)
    builds_on_the_scanner = {"highlight", "scan_formats", "command_line", "report"}
    assert not graph["scanner"] & builds_on_the_scanner
    assert not graph["articles"] & {"scanner", "sentences", *builds_on_the_scanner}
    assert "scanner" not in graph["sentences"]
