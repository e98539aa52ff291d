"""gunicorn's configuration, read from the working directory (the project's root, /app in the
image): responses carry no Server header naming the software, and with
PROMETHEUS_MULTIPROC_DIR set the workers' metrics are kept in that folder, added up by any
worker that answers a scrape (portal/metrics/)."""

import glob
import os

from gunicorn.http import wsgi

from portal import logs

# gunicorn has no setting for its "Server: gunicorn" line (benoitc/gunicorn#825), so the
# response's default headers are taken without it. test_headers.py checks it on a real server.
_default_headers = wsgi.Response.default_headers


def _without_server(response: wsgi.Response) -> list[str]:
    return [line for line in _default_headers(response) if not line.startswith("Server:")]


wsgi.Response.default_headers = _without_server

# gunicorn's own lines as the portal's (JSON unless LOG_FORMAT=text or DEBUG is on).
logconfig_dict = logs.from_environment(
    debug=os.environ.get("DEBUG", "true").strip().lower() in {"1", "true", "yes", "on"}
)


def on_starting(server: object) -> None:
    """The metrics' folder (PROMETHEUS_MULTIPROC_DIR, shared by this server's workers) starts
    empty: a previous run's counts would be added to this one's."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        for stale in glob.glob(os.path.join(folder, "*.db")):
            os.remove(stale)


def child_exit(server: object, worker: object) -> None:
    """A worker that exits: its counts stay in the totals; prometheus_client forgets its
    live gauges (the library's documented hook for multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess  # noqa: PLC0415 (only with the folder set)

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]
