"""The layers of docs/architecture.md, read from the source: no import circles, every module
on a floor, imports only sideways or down, and the rules the floors alone do not say."""

from pathlib import Path

import pytest

from tests.import_graph import FLOORS, Import, circle, floor_of, import_graph, module_files, within

GRAPH = import_graph()
MODULE_LEVEL = [i for i in GRAPH if not i.deferred]


def said(imports: list[Import]) -> str:
    return "\n".join(f"{i.importer} imports {i.imported} (line {i.line})" for i in imports)


def test_no_import_circles() -> None:
    """At module level, and counting the imports inside functions too (``AppConfig.ready``,
    libraries only some processes load): a circle those close would be a known exception,
    listed here with its reason; there is none."""
    for imports in (MODULE_LEVEL, GRAPH):
        found = circle(imports)
        assert found == [], " -> ".join(found)


def test_every_module_stands_on_a_floor() -> None:
    """A new module is given its floor in tests/import_graph.py (and the doc's drawing)."""
    assert [m for m in module_files() if floor_of(m) is None] == []


def test_imports_go_sideways_or_down() -> None:
    floors = {m: floor for m in module_files() if (floor := floor_of(m)) is not None}
    upward = [
        i
        for i in GRAPH
        if {i.importer, i.imported} <= floors.keys() and floors[i.imported] > floors[i.importer]
    ]
    assert upward == [], said(upward)


# (importer, imported, why): what the floors allow but the house does not.
FORBIDDEN = [
    ("lots", "consortia", "lots stands alone: the engine, its admin and the eligibility API"),
    ("outbox", "consortia", "the outbox runs any task by name and knows no domain"),
    ("outbox", "lots", "the outbox runs any task by name and knows no domain"),
    ("consortia.services", "consortia.forms", "services take plain values, never a form"),
    ("consortia.forms", "consortia.services", "forms shape input; the view calls the service"),
    ("consortia.forms", "consortia.queue", "forms shape input; the view calls the service"),
]
ENTRY_POINTS = [
    "consortia.admin",
    "consortia.api",
    "consortia.tasks",
    "consortia.views",
    "lots.admin",
    "lots.api",
    "outbox.tasks",
]
# Known exception: the consortia API answers bad input in the eligibility API's shape
# (``lots.api.FieldErrors``, ``InvalidInput``), so that both APIs' 400s read alike. Moving
# them to a module of their own (e.g. ``portal.api``'s) would end it.
SHARED_WITH = {"lots.api": ("consortia.api",)}


@pytest.mark.parametrize(("importer", "imported", "why"), FORBIDDEN)
def test_forbidden_imports(importer: str, imported: str, why: str) -> None:
    found = [i for i in GRAPH if within(i.importer, importer) and within(i.imported, imported)]
    assert found == [], f"{why}:\n{said(found)}"


def test_the_engine_imports_nothing_of_the_project() -> None:
    assert [i for i in GRAPH if i.importer == "lots.rules"] == []


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_entry_points_import_no_other_kind_of_entry_point(entry: str) -> None:
    """Views, admin, the APIs and tasks each call down into services and reads; a task is
    reached by its name (``consortia.queue``), never imported; the project API
    (``portal.api``) and the URLs gather the entry points, nothing else does."""
    gatherers = ("consortia.urls", "portal.api", "portal.urls", entry, *SHARED_WITH.get(entry, ()))
    found = [
        i
        for i in GRAPH
        if within(i.imported, entry) and not any(within(i.importer, g) for g in gatherers)
    ]
    assert found == [], said(found)


def test_the_graph_reads_every_kind_of_import_and_finds_a_circle(tmp_path: Path) -> None:
    """The reader itself, on a small tree: without it the tests above could pass on a graph
    that saw nothing."""
    (tmp_path / "lots").mkdir()
    (tmp_path / "lots" / "__init__.py").write_text("")
    (tmp_path / "lots" / "a.py").write_text("from lots import b\n")
    (tmp_path / "lots" / "b.py").write_text("import lots.c\n")
    (tmp_path / "lots" / "c.py").write_text("from lots.a import thing\nimport os\n")
    (tmp_path / "lots" / "d.py").write_text("def later():\n    from lots import a  # deferred\n")
    (tmp_path / "lots" / "e.py").write_text("from . import a\nfrom .b import thing\n")
    for package in ("consortia", "outbox", "portal"):
        (tmp_path / package).mkdir()
    graph = import_graph(tmp_path)
    assert [(i.importer, i.imported, i.deferred) for i in graph] == [
        ("lots.a", "lots.b", False),
        ("lots.b", "lots.c", False),
        ("lots.c", "lots.a", False),
        ("lots.d", "lots.a", True),
        ("lots.e", "lots.a", False),
        ("lots.e", "lots.b", False),
    ]
    assert circle(graph) == ["lots.a", "lots.b", "lots.c", "lots.a"]
    assert circle(i for i in graph if i.importer != "lots.c") == []


def test_floors_are_named_once() -> None:
    names = [name for floor in FLOORS for name in floor.modules]
    assert sorted(names) == sorted(set(names))
