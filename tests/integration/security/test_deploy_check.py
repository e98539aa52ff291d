"""``manage.py check --deploy`` with production values leaves only the two warnings the README
explains (HSTS for subdomains and preloading are each deployment's choice). Run in a child
process, since settings are read from the environment once."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "portal.example.org",
    "BEHIND_TLS_PROXY": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_COOKIES": "true",
    "MAIL_URL": "smtp://mail.example.org:587?tls=1",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
}


def test_deploy_check_leaves_only_the_hsts_choices():
    environment = {**os.environ, **PRODUCTION}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the test run's own, not production's
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 0, done.stderr
    assert sorted(set(re.findall(r"\((\w+\.\w+)\)", done.stderr))) == [
        "security.W005",
        "security.W021",
    ]
