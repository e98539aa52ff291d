"""Fixtures of the integration tests: a real Celery worker on the configured broker."""

import pytest
from celery.contrib.testing.worker import start_worker

from portal.celery import app as celery_app


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """One worker thread for the session (pytest-django reorders tests, so a narrower scope
    would restart it). It has its own database connection: tests that need it to see their
    rows use ``django_db(transaction=True)``."""
    with (
        django_db_blocker.unblock(),
        start_worker(
            celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10
        ) as worker,
    ):
        yield worker
