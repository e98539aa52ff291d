"""Per-process figures of the web requests. Each gunicorn worker counts in its own memory, or,
with PROMETHEUS_MULTIPROC_DIR set, in files there that the endpoint adds up, so that any
worker's scrape answers for the whole machine."""

import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse
from prometheus_client import Counter, Histogram, disable_created_metrics

# No "_created" series beside each counter: nothing here reads them.
disable_created_metrics()

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

requests = Counter(
    "portal_http_requests",
    "Requests answered, by view (its URL name), method and status code.",
    ["view", "method", "status"],
)
latency = Histogram(
    "portal_http_request_duration_seconds",
    "Time to answer a request, by view.",
    ["view"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
queries = Counter(
    "portal_db_queries", "Database queries made answering requests, by view.", ["view"]
)
query_time = Counter(
    "portal_db_query_seconds",
    "Time spent in database queries answering requests, by view.",
    ["view"],
)


class QueryTimer:
    """A database execute wrapper: counts and times the request's queries in plain attributes
    (the metrics are written once, at the end)."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


class RequestMetricsMiddleware:
    """Counts and times every request, and its queries. The view label is the URL's name
    (a bounded set: "unmatched" for addresses no URL matches and for static files)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timer = QueryTimer()
        started = time.perf_counter()
        with connection.execute_wrapper(timer):
            response = self.get_response(request)
        elapsed = time.perf_counter() - started
        match = request.resolver_match
        view = match.view_name if match else "unmatched"
        method = request.method if request.method in METHODS else "other"
        requests.labels(view, method, str(response.status_code)).inc()
        latency.labels(view).observe(elapsed)
        if timer.count:
            queries.labels(view).inc(timer.count)
            query_time.labels(view).inc(timer.seconds)
        return response
