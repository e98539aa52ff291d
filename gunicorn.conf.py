"""gunicorn's configuration, read from the working directory (the project's root, /app in the
image): responses carry no Server header naming the software."""

from gunicorn.http import wsgi

# gunicorn has no setting for its "Server: gunicorn" line (benoitc/gunicorn#825), so the
# response's default headers are taken without it. test_headers.py checks it on a real server.
_default_headers = wsgi.Response.default_headers


def _without_server(response: wsgi.Response) -> list[str]:
    return [line for line in _default_headers(response) if not line.startswith("Server:")]


wsgi.Response.default_headers = _without_server
