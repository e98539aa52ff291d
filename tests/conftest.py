"""Suite-wide fixtures and the header that says which services the run uses."""

import pytest
from django.conf import settings
from django.db import connection


def pytest_report_header(config):
    return (
        f"database: {connection.vendor} ({settings.DATABASES['default'].get('HOST') or 'local'}); "
        f"broker: {settings.CELERY_BROKER_URL.split('://')[0]}"
    )


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """PBKDF2's deliberate slowness costs half a second a user; tests need no such safety."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
