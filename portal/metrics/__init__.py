"""Metrics for Prometheus: what each web process counts itself (``http``: requests, latency,
database queries), what every process reads from the shared state at scrape time
(``shared``: the queue, background tasks, exports, invitations), and the endpoint that
serves both to whoever holds METRICS_TOKEN (``views``)."""
