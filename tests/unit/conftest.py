"""The unit tests run without Django set up and without Celery (``tests/unit/pytest.ini``):
each test fails when, run that way, it or a module it imported configured Django's settings
or imported Celery. Such a test belongs in ``tests/integration``."""

import sys

import pytest


def django_or_celery() -> list[str]:
    """What a unit test must not have loaded."""
    conf = sys.modules.get("django.conf")
    loaded = ["Django's settings"] if conf and conf.settings.configured else []
    return loaded + (["Celery"] if "celery" in sys.modules else [])


@pytest.fixture(autouse=True)
def without_django_and_celery(request):
    yield
    if not request.config.pluginmanager.has_plugin("django"):
        assert django_or_celery() == [], "a unit test (or what it imports) needs them"
