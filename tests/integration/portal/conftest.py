"""Fixtures of the portal tests."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts sends per address in the cache (one confirmation email per address every
    few minutes), which would otherwise carry over from one test to the next."""
    cache.clear()
