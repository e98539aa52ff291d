"""A Celery worker starts and answers in both modes: Redis (tests, production) and the embedded
filesystem broker (make run)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[3]
CELERY = str(Path(sys.executable).parent / "celery")


@pytest.mark.django_db
def test_worker_on_configured_broker_answers_ping(celery_worker):
    replies = celery_app.control.ping(timeout=5, limit=1)

    assert [list(reply.values()) for reply in replies] == [[{"ok": "pong"}]]


def test_embedded_worker_on_filesystem_broker_answers_ping(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    env["PORTAL_VAR_DIR"] = str(tmp_path)
    worker = subprocess.Popen(  # noqa: S603 (our own command line)
        [CELERY, "-A", "portal", "worker", "--pool=solo", "--loglevel=warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        answer = ""
        deadline = time.monotonic() + 30
        while "pong" not in answer and time.monotonic() < deadline:
            answer = subprocess.run(  # noqa: S603
                [CELERY, "-A", "portal", "inspect", "ping", "--timeout", "1"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            ).stdout
    finally:
        worker.terminate()
        worker.wait(timeout=10)

    assert "pong" in answer
    assert (tmp_path / "celery" / "queue").is_dir()
