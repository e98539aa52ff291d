"""Figures of the house, for clean-ups such as issue 16: the tree's duplicates (the
``duplicates`` tool, when installed), the largest modules and templates, and the import
graph's floors and circles (tests/import_graph.py). Reads files only: no database, no Django.

    python3 bench/house.py [--most N]
"""

import argparse
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.import_graph import FLOORS, PACKAGES, circle, floor_of, import_graph, module_files  # noqa: E402


def lines(path: Path) -> int:
    return len(path.read_text().splitlines())


def largest(paths: list[Path], most: int) -> list[str]:
    sized = sorted(((lines(p), p.relative_to(ROOT)) for p in paths), reverse=True)
    return [f"{count:6d}  {path}" for count, path in sized[:most]]


def duplicates(most: int) -> list[str]:
    tool = shutil.which("duplicates")
    if tool is None:
        return ["(the duplicates tool is not installed here)"]
    found = subprocess.run(
        [tool, "--most", str(most), "--seconds", "120"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.splitlines()


def floors() -> list[str]:
    graph = import_graph()
    modules = module_files()
    on_floor = Counter(floor_of(m) for m in modules)
    rows = []
    for index in reversed(range(len(FLOORS))):
        floor = FLOORS[index]
        rows.append(f"{index}  {floor.name} ({on_floor[index]}): {floor.what}")
    module_level = circle(i for i in graph if not i.deferred)
    deferred = [i for i in graph if i.deferred]
    rows += [
        f"{len(modules)} modules, {len({(i.importer, i.imported) for i in graph})} "
        "module-to-module imports "
        f"({len(deferred)} inside functions: "
        + ", ".join(f"{i.importer} -> {i.imported}" for i in deferred)
        + ")",
        "a circle at module level: " + (" -> ".join(module_level) or "none"),
        "a circle counting imports inside functions: " + (" -> ".join(circle(graph)) or "none"),
    ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--most", type=int, default=15)
    most = parser.parse_args().most
    python = list(module_files().values())
    migrations = [p for package in PACKAGES for p in (ROOT / package).rglob("migrations/*.py")]
    templates = sorted((ROOT / "templates").rglob("*.html")) + sorted(
        (ROOT / "templates").rglob("*.txt")
    )
    sections = {
        "Duplicates (the whole tree)": duplicates(most),
        f"Largest Python modules of {', '.join(PACKAGES)} (no migrations), by lines": largest(
            python, most
        ),
        "Largest templates, by lines": largest(templates, most),
        "Floors of the import graph, top to bottom": floors(),
    }
    totals = (
        f"{sum(map(lines, python))} lines of Python in {len(python)} modules "
        f"(and {sum(map(lines, migrations))} in {len(migrations)} migrations); "
        f"{sum(map(lines, templates))} lines in {len(templates)} templates"
    )
    for title, rows in sections.items():
        print(f"## {title}", *rows, "", sep="\n")
    print(totals)


if __name__ == "__main__":
    main()
