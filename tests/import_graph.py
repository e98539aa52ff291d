"""The project's import graph, read from the source with ``ast`` (nothing is imported, Django
is not set up), and the floors its modules stand on. ``tests/unit/test_layers.py`` asserts
them; ``bench/house.py`` prints them; docs/architecture.md draws them.

An import names the deepest project module it reaches: ``from consortia.services import
limits`` is an edge to ``consortia.services.limits``, ``from consortia import services`` one to
the package ``consortia.services`` (its ``__init__``). The parent packages Python runs on the
way are not edges, as in import-linter, or every package facade would be a circle. Imports
by a dotted string (``INSTALLED_APPS``, ``MIDDLEWARE``, ``import_string``) are not seen."""

import ast
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("lots", "consortia", "outbox", "portal")


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int
    # Inside a function: runs when the function is first called (``AppConfig.ready``, a heavy
    # library only some processes need), not when the module is loaded.
    deferred: bool


@dataclass(frozen=True)
class Floor:
    name: str
    what: str
    modules: tuple[str, ...]  # a name covers the module and, for a package, its modules


# Bottom to top: a module imports only modules of its own floor or of floors below it.
FLOORS = (
    Floor("engine", "the eligibility rules: pure Python, no Django, no I/O", ("lots.rules",)),
    Floor(
        "platform",
        "portal's cross-cutting pieces that know no domain",
        (
            "portal",
            "portal.accounts",
            "portal.admin",
            "portal.apps",
            "portal.auth_backends",
            "portal.backups",
            "portal.breaker",
            "portal.cache",
            "portal.celery",
            "portal.countries",
            "portal.formats",
            "portal.forms",
            "portal.languages",
            "portal.logs",
            "portal.models",
            "portal.null_characters",
            "portal.ratelimits",
            "portal.readiness",
            "portal.request_ids",
            "portal.sentry",
            "portal.settings",
        ),
    ),
    Floor(
        "data",
        "models, their vocabulary and the files they keep",
        (
            "lots.choices",
            "lots.fields",
            "lots.kinds",
            "lots.models",
            "lots.presets",
            "lots.translation",
            "consortia.exceptions",
            "consortia.models",
            "consortia.s3",
            "consortia.storage",
            "consortia.tokens",
            "consortia.translation",
            "outbox.models",
        ),
    ),
    Floor(
        "reads",
        "selectors, permissions, the catalogue, the adapters to the engine, emails and files",
        (
            "lots.catalogue",
            "lots.sector_search",
            "lots.selectors",
            "consortia.check_texts",
            "consortia.directory_files",
            "consortia.directory_preview",
            "consortia.display",
            "consortia.emails",
            "consortia.exports",
            "consortia.gap_candidates",
            "consortia.permissions",
            "consortia.search",
            "consortia.selectors",
            "consortia.snapshots",
            "consortia.specs",
        ),
    ),
    Floor(
        "queue",
        "background work asked for by name: an outbox intent, published after commit",
        ("consortia.queue", "outbox.publish", "outbox.sweep", "outbox.worker"),
    ),
    Floor(
        "services",
        "the only writes, one function per state change",
        ("lots.services", "lots.signals", "consortia.services"),
    ),
    Floor(
        "entry points",
        "views, forms, admin, the API, tasks, commands, URLs, middleware, metrics",
        (
            "lots.admin",
            "lots.api",
            "lots.apps",
            "lots.management",
            "consortia.admin",
            "consortia.api",
            "consortia.apps",
            "consortia.demo",
            "consortia.forms",
            "consortia.integrity",
            "consortia.management",
            "consortia.sample_organisations",
            "consortia.tasks",
            "consortia.templatetags",
            "consortia.urls",
            "consortia.views",
            "outbox.admin",
            "outbox.apps",
            "outbox.management",
            "outbox.middleware",
            "outbox.tasks",
            "portal.api",
            "portal.asgi",
            "portal.management",
            "portal.metrics",
            "portal.middleware",
            "portal.urls",
            "portal.views",
            "portal.wsgi",
        ),
    ),
)


def within(module: str, name: str) -> bool:
    return module == name or module.startswith(name + ".")


def floor_of(module: str) -> int | None:
    """The index of the module's floor in FLOORS: the one whose name covers it most closely
    (``portal.metrics`` before ``portal``); None when no floor names it."""
    named = [
        (len(name), index)
        for index, floor in enumerate(FLOORS)
        for name in floor.modules
        if within(module, name)
    ]
    return max(named)[1] if named else None


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the project's packages by dotted name (a package by its own), but the
    migrations (generated, they stand outside the layers) and empty files (package markers)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if "migrations" in parts or path.stat().st_size == 0:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def deepest(name: str, modules: Iterable[str]) -> str | None:
    """The project module a dotted name reaches: itself, else its nearest parent."""
    known = set(modules)
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


class ImportVisitor(ast.NodeVisitor):
    def __init__(self, module: str, modules: dict[str, Path]) -> None:
        self.module, self.modules = module, modules
        self.package = (
            module if modules[module].name == "__init__.py" else module.rpartition(".")[0]
        )
        self.functions = 0
        self.found: list[Import] = []

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.functions += 1
        self.generic_visit(node)
        self.functions -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def add(self, name: str, line: int) -> None:
        if name.split(".")[0] in PACKAGES and (target := deepest(name, self.modules)):
            self.found.append(Import(self.module, target, line, deferred=self.functions > 0))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.add(alias.name, node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            anchor = self.package.rsplit(".", node.level - 1)[0] if node.level > 1 else self.package
            base = f"{anchor}.{base}" if base else anchor
        for alias in node.names:
            # ``from package import module`` names the module; ``from module import name``
            # names something inside the module.
            self.add(f"{base}.{alias.name}", node.lineno)


def import_graph(root: Path = ROOT) -> list[Import]:
    """Every import of a project module by a project module, in file order."""
    modules = module_files(root)
    imports = []
    for module, path in modules.items():
        visitor = ImportVisitor(module, modules)
        visitor.visit(ast.parse(path.read_text(), filename=str(path)))
        imports.extend(i for i in visitor.found if i.imported != module)
    return imports


def circle(imports: Iterable[Import]) -> list[str]:
    """An import circle, ``[a, b, ..., a]`` where each module imports the next, starting from
    its first module by name; ``[]`` when there is none. One at a time (``graphlib``'s)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for edge in imports:
        graph[edge.importer].add(edge.imported)
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        # graphlib lists each module before the one that imports it.
        found = list(reversed(error.args[1]))[:-1]
        first = found.index(min(found))
        return [*found[first:], *found[:first], found[first]]
    return []
