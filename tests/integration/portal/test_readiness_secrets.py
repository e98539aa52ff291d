"""A failing readiness check says why without showing a password or a URL that holds one."""

import pytest

from portal.readiness import describe


@pytest.fixture
def secrets_in_settings(settings, monkeypatch):
    settings.CELERY_BROKER_URL = "redis://:br0ker@redis.internal:6379/0"
    # Overriding DATABASES warns (an error here); these tests open no connection.
    monkeypatch.setitem(settings.DATABASES["default"], "PASSWORD", "d4tabase")
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "mail.internal", "username": "portal", "password": "m4il"},
        }
    }


@pytest.mark.parametrize(
    ("error", "described"),
    [
        (
            ValueError("cannot read redis://:br0ker@redis.internal:6379/0"),
            "ValueError: cannot read ***",
        ),
        (RuntimeError("AUTH br0ker refused"), "RuntimeError: AUTH *** refused"),
        (RuntimeError("password d4tabase or m4il"), "RuntimeError: password *** or ***"),
        (TimeoutError(), "TimeoutError"),
    ],
    ids=["broker-url", "broker-password", "other-passwords", "no-message"],
)
def test_describe_blanks_out_secrets(secrets_in_settings, error, described):
    assert describe(error) == described
