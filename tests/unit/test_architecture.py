"""The house's shape, read from its imports: every arrow points inward, the core is pure,
and no folder grows flat past what a newcomer can scan."""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"

# Rings from the inside out: a module may import its own ring and the rings inside it.
RINGS: tuple[tuple[str, ...], ...] = (
    ("app.triage", "app.config", "app.identifiers", "app.periodic"),
    ("app.models", "app.schemas", "app.db", "app.demo"),
    ("app.services",),
    ("app.routers", "app.console", "app.observability", "app.deps", "app.errors",
     "app.ratelimit", "app.api_route", "app.api_docs", "app.limits", "app.jobs"),
    ("app.seed", "app.cli", "app.main"),
)
THIRD_PARTY_KEPT_OUT_OF_THE_CORE = ("fastapi", "starlette", "sqlalchemy", "httpx", "uvicorn")
MOST_MODULES_IN_A_FOLDER = 15


def ring_of(module: str) -> int:
    for depth, ring in enumerate(RINGS):
        if any(module == room or module.startswith(room + ".") for room in ring):
            return depth
    raise AssertionError(f"{module} belongs to no ring: add it to RINGS")


def module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            base = node.module
            # `from app import ratelimit` imports the module app.ratelimit
            names += [f"{base}.{alias.name}" for alias in node.names] if base == "app" else [base]
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


SOURCES = sorted(path for path in APP.rglob("*.py") if path != APP / "__init__.py")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(APP.parent)))
def test_no_import_points_outward(path: Path) -> None:
    here = ring_of(module_name(path))
    outward = [name for name in imports_of(path)
               if name.startswith("app.") and ring_of(name) > here]
    assert outward == [], f"{module_name(path)} (ring {here}) imports outer rings: {outward}"


@pytest.mark.parametrize("path", sorted((APP / "triage").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(APP.parent)))
def test_the_triage_core_imports_nothing_but_itself_and_plain_libraries(path: Path) -> None:
    ours = [name for name in imports_of(path)
            if name.startswith("app.") and not name.startswith("app.triage")]
    frameworks = [name for name in imports_of(path)
                  if name.split(".")[0] in THIRD_PARTY_KEPT_OUT_OF_THE_CORE]
    assert (ours, frameworks) == ([], [])


def test_no_folder_is_flat_past_fifteen_modules() -> None:
    folders = {path.parent for path in SOURCES}
    crowded = {str(folder.relative_to(APP.parent)): count for folder in folders
               if (count := len([p for p in folder.glob("*.py") if p.name != "__init__.py"]))
               > MOST_MODULES_IN_A_FOLDER}
    assert crowded == {}


def test_an_import_that_points_outward_is_caught() -> None:
    assert ring_of("app.services.assessment.assess") < ring_of("app.console.queries.queue")
    assert ring_of("app.triage.recommendation") < ring_of("app.models")
