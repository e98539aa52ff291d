"""Suite-wide fixtures and the header that says which services the run uses."""

from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

from lots.models import Call


def pytest_report_header(config):
    return (
        f"database: {connection.vendor} ({settings.DATABASES['default'].get('HOST') or 'local'}); "
        f"broker: {settings.CELERY_BROKER_URL.split('://')[0]}"
    )


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """PBKDF2's deliberate slowness costs half a second a user; tests need no such safety."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reference_data(transactional_db):
    """The default call and the sectors, for tests on committed data (live server, worker):
    the flush after each such test removes what the data migration created."""
    if not Call.objects.filter(is_default=True).exists():
        migration = import_module("lots.migrations.0002_reference_data")
        migration.create_reference_data(apps, None)
