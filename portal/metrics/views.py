"""The metrics endpoint, ``GET /metrics`` with ``Authorization: Bearer <METRICS_TOKEN>``.
Without the token, with a wrong one, or when no token is set, it answers the portal's 404 like
any unknown address: nothing tells a stranger that it exists (a 401 or 403 would)."""

import hmac
import os

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from portal.metrics.shared import SharedStateCollector

shared = CollectorRegistry(auto_describe=False)
shared.register(SharedStateCollector())


def metrics(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD") or not holds_token(request):
        raise Http404
    text = generate_latest(per_process()) + generate_latest(shared)
    return HttpResponse(text, content_type=CONTENT_TYPE_LATEST)


def holds_token(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return (
        bool(token) and scheme == "Bearer" and hmac.compare_digest(given.encode(), token.encode())
    )


def per_process() -> CollectorRegistry:
    """This process's figures, or with PROMETHEUS_MULTIPROC_DIR every process's of the
    machine, added up (gunicorn's workers; ``gunicorn.conf.py`` clears the folder at start and
    marks a worker's files when it exits)."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    return registry
