"""The package tree spells the pipeline: no module imports a layer above its own, and no cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "vendorctl"

# Higher floors may import lower ones, never the reverse (README, "Code layout").
FLOORS = {
    "cli": 7,
    "jobs": 6,
    "reports": 5,
    "changes": 5,
    "checks": 4,
    "policies": 4,
    "compute": 3,
    "load": 2,
    "model": 1,
}
BASE = {"vendorctl", "vendorctl.__main__", "vendorctl.errors", "vendorctl.diagnostics"}
# Side packages used by jobs: they know nothing of the domain.
LEAVES = {
    "render": {"vendorctl.compute.numbers"},
    "parallel": set(),
}
# Within one floor: the direction one package may import another.
SIDEWAYS = {("reports", "changes"), ("policies", "checks")}


def _modules() -> dict[str, set[str]]:
    """Every module of the package and the vendorctl modules it imports."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join(parts)
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module.startswith("vendorctl"):
                    imported.add(node.module)
                    imported.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                imported.update(a.name for a in node.names if a.name.startswith("vendorctl"))
        found[name] = imported
    return {name: {i for i in deps if i in found and i != name} for name, deps in found.items()}


MODULES = _modules()


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and module not in BASE else ""


def _allowed(source: str, target: str) -> bool:
    src, dst = _package(source), _package(target)
    if dst == "" or src == dst:
        return True
    if src == "":
        return source == "vendorctl.__main__" and dst == "cli"
    if src in LEAVES:
        return target in LEAVES[src]
    if dst in LEAVES:
        return src in ("jobs", "cli") or target in LEAVES[dst] or dst == "render"
    if src not in FLOORS or dst not in FLOORS:
        return False
    if FLOORS[src] == FLOORS[dst]:
        return (src, dst) in SIDEWAYS
    return FLOORS[src] > FLOORS[dst]


def test_every_package_has_a_floor() -> None:
    packages = {_package(m) for m in MODULES} - {""}
    assert packages <= FLOORS.keys() | LEAVES.keys(), packages - FLOORS.keys() - LEAVES.keys()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_upward(module: str) -> None:
    wrong = sorted(t for t in MODULES[module] if not _allowed(module, t))
    assert not wrong, f"{module} imports {wrong}"


def test_no_import_cycle() -> None:
    done: set[str] = set()

    def visit(module: str, stack: list[str]) -> None:
        if module in stack:
            pytest.fail("import cycle: " + " -> ".join([*stack[stack.index(module) :], module]))
        if module in done:
            return
        for target in MODULES[module]:
            # A package's own __init__ re-exporting its modules is not a cycle of ideas.
            if not module.startswith(target + "."):
                visit(target, [*stack, module])
        done.add(module)

    for module in sorted(MODULES):
        visit(module, [])
