"""The web side starts without the file renderers: WeasyPrint and openpyxl take most of a second
to import, and only the process that renders an export needs them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# What a web process does at start and on its first requests: set up Django (which loads every
# admin module), the URLs, the views and the services, and resolve a URL of the exports.
WEB_START = """
import sys
import django
django.setup()
import consortia.services
import consortia.views
import portal.urls
from django.urls import resolve
resolve("/exports/1/download/")
print(sorted(name for name in ("weasyprint", "openpyxl") if name in sys.modules))
"""


def test_web_start_imports_no_file_renderer():
    result = subprocess.run(  # noqa: S603 (this interpreter, our own code)
        [sys.executable, "-c", WEB_START],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == "[]"
