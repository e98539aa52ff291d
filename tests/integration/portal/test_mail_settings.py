"""MAIL_URL becomes Django 6.1's MAILERS."""

import pytest

from portal.settings import mailers_from_url


def test_smtp_url_with_credentials_and_tls():
    mailers = mailers_from_url("smtp://user%40x:p%2Fw@mail.example.org:587?tls=1&timeout=5")

    assert mailers == {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "mail.example.org",
                "port": 587,
                "use_tls": True,
                "use_ssl": False,
                "timeout": 5.0,
                "username": "user@x",
                "password": "p/w",
            },
        }
    }


def test_file_url_writes_to_folder():
    assert mailers_from_url("file:///srv/outbox") == {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": "/srv/outbox"},
        }
    }


def test_unknown_scheme_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="smtp, file or console"):
        mailers_from_url("pigeon://loft")
