"""The project's own lint rules on the package's layout (used by tests/unit/test_layout.py).

Three rules, each checked on the source with ``ast`` (no import is executed):

* no import circle between modules, function-level imports included, and no import from a higher stage into
  a lower one (``STAGES`` lists the stages bottom-up; a stage may import its own modules and those below);
* no module over ``MAX_LINES`` lines;
* no private name (``_x``) imported from another module.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

MAX_LINES = 400
# Bottom-up. Modules of one rank may import each other only within one stage, except the facts of rank 0.
STAGES: dict[str, int] = {
    "config": 0, "errors": 0, "vietnamese": 0, "period": 0, "document_facts": 0, "tomltext": 0,
    "scheme": 1, "registry": 1,
    "read": 2,
    "validate": 3,
    "score": 4,
    "narrative": 5, "charts": 5, "dossiers": 5,
    "pipeline": 6,
    "sections": 7,
    "render": 8,
    "cli": 9, "synthetic": 9, "synthetic_qd766": 9, "__init__": 9,
}  # fmt: skip


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    target: str  # the imported module, dotted
    names: tuple[str, ...]
    line: int


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def modules(root: Path) -> dict[str, Path]:
    return {module_name(root, p): p for p in sorted(root.rglob("*.py"))}


def imports(root: Path) -> list[Import]:
    """Every import of a package module by a package module, wherever it stands in the file."""
    package = root.name
    known = modules(root)
    found = []
    for name, path in known.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".") if is_package else name.split(".")[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if not target.split(".")[0] == package:
                    continue
                names = tuple(a.name for a in node.names)
                # "from pkg import submodule" imports the submodule
                for alias in names:
                    if f"{target}.{alias}" in known:
                        found.append(Import(name, f"{target}.{alias}", (), node.lineno))
                        names = tuple(n for n in names if n != alias)
                if names:
                    found.append(Import(name, target, names, node.lineno))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == package:
                        found.append(Import(name, alias.name, (), node.lineno))
    return found


def stage_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def layer_violations(root: Path) -> list[str]:
    problems = []
    for imp in imports(root):
        source, target = stage_of(imp.module), stage_of(imp.target)
        if source not in STAGES or target not in STAGES:
            problems.append(f"{imp.module}: stage {source if source not in STAGES else target} is not in STAGES")
            continue
        low, high = STAGES[target], STAGES[source]
        if source != target and (low > high or (low == high and low != 0)):
            problems.append(f"{imp.module}:{imp.line} imports {imp.target} (stage {target}, rank {low}) "
                            f"from stage {source} (rank {high})")  # fmt: skip
    return problems


def cycles(root: Path) -> list[list[str]]:
    """Every import circle between modules (each found once, as the path that closes it)."""
    graph: dict[str, set[str]] = {}
    for imp in imports(root):
        if imp.target != imp.module:
            graph.setdefault(imp.module, set()).add(imp.target)
    found, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                found.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def oversize(root: Path, limit: int = MAX_LINES) -> list[str]:
    return [f"{name}: {n} lines" for name, path in modules(root).items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > limit]  # fmt: skip


def private_imports(root: Path) -> list[str]:
    return [f"{imp.module}:{imp.line} imports {n} from {imp.target}"
            for imp in imports(root) for n in imp.names if n.startswith("_") and not n.startswith("__")]  # fmt: skip
