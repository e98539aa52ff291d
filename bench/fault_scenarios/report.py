"""What the run prints: the Markdown table of the faults, what gunicorn's log counted, and
``manage.py check_integrity``'s verdict."""

import os
import subprocess
import sys
from pathlib import Path

from common import ROOT

from .scenario import Row


def table(rows: list[Row]) -> str:
    lines = [
        "| fault | tried | lost | duplicated | what the user saw |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        cells = [row.fault, row.tried, row.lost, row.duplicated, "<br>".join(row.seen)]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def server_errors(log: Path) -> str:
    said = log.read_text()
    return (
        f"gunicorn's log: {said.count('Internal Server Error')} HTTP 500s, "
        f"{said.count('WORKER TIMEOUT')} worker timeouts"
    )


def check_integrity() -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "check_integrity"],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
    )
    said = (result.stdout + result.stderr).strip() or "(nothing printed)"
    return f"manage.py check_integrity: exit {result.returncode}\n{said}"
