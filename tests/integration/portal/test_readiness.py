"""/ready/ says which service this process cannot reach (database, broker, storage, mail), and
answers within about a second when one is down or frozen; /health/ never waits on any."""

import os
import shlex
import signal
import socket
import subprocess
import threading
import time

import pytest
import redis
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from portal import readiness
from tests.conftest import free_port, smtp_mailers

pytestmark = pytest.mark.django_db


def timed_get(client, path):
    started = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - started


def failing(response) -> dict[str, str]:
    """Each failing check's name and error."""
    return {
        name: check["error"] for name, check in response.json()["checks"].items() if not check["ok"]
    }


@pytest.fixture
def closed_port():
    """A port nothing listens on: connecting is refused at once."""
    return free_port()


@pytest.fixture
def frozen_redis():
    """A private Redis process, stopped with SIGSTOP: the kernel still accepts connections on
    its port, but nothing ever answers."""
    port = free_port()
    command = f"redis-server --port {port} --bind 127.0.0.1 --save '' --appendonly no"
    server = subprocess.Popen(shlex.split(command), stdout=subprocess.DEVNULL)  # noqa: S603 (fixed)
    try:
        client = redis.Redis(port=port, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        client.close()
        os.kill(server.pid, signal.SIGSTOP)
        yield port
    finally:
        os.kill(server.pid, signal.SIGCONT)
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def silent_smtp():
    """A server that accepts connections and never sends the SMTP greeting."""
    listener = socket.create_server(("127.0.0.1", 0))
    done = threading.Event()
    accepted = []

    def accept_and_wait():
        listener.settimeout(0.1)
        while not done.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept_and_wait, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    done.set()
    thread.join(timeout=5)
    for connection in accepted:
        connection.close()
    listener.close()


def test_ready_with_every_service_up_answers_ok(client, smtp):
    response, _ = timed_get(client, "/ready/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: (check["ok"], check["kind"]) for name, check in body["checks"].items()} == {
        "database": (True, "postgresql"),
        "broker": (True, "redis"),
        "storage": (True, "PrivateFileSystemStorage"),
        "mail": (True, "smtp"),
    }
    assert all(isinstance(check["ms"], int) for check in body["checks"].values())
    assert (
        response.headers["Cache-Control"]
        == "max-age=0, no-cache, no-store, must-revalidate, private"
    )


def test_ready_with_broker_down_fails_broker_only_and_shows_no_password(
    client, settings, closed_port
):
    settings.CELERY_BROKER_URL = f"redis://:pa55word@127.0.0.1:{closed_port}/0"

    response, _ = timed_get(client, "/ready/")

    assert (response.status_code, response.json()["status"]) == (503, "fail")
    assert failing(response) == {
        "broker": f"ConnectionError: Error 111 connecting to 127.0.0.1:{closed_port}. "
        "Connection refused."
    }
    assert "pa55word" not in response.text


def test_ready_with_frozen_redis_fails_within_2_seconds_and_health_stays_instant(
    client, settings, frozen_redis
):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{frozen_redis}/0"

    ready, ready_seconds = timed_get(client, "/ready/")
    health, health_seconds = timed_get(client, "/health/")

    assert ready.status_code == 503
    assert list(failing(ready)) == ["broker"]
    assert "Timeout" in failing(ready)["broker"]
    assert ready_seconds < 2
    assert (health.status_code, health.text) == (200, "ok")
    assert health_seconds < 0.5


def test_ready_with_silent_smtp_server_fails_mail_within_2_seconds(client, settings, silent_smtp):
    settings.MAILERS = smtp_mailers(silent_smtp)

    response, seconds = timed_get(client, "/ready/")

    assert response.status_code == 503
    assert failing(response) == {
        "mail": "SMTPServerDisconnected: Connection unexpectedly closed: timed out"
    }
    assert seconds < 2


def test_ready_with_smtp_refusing_connections_fails_mail(client, settings, closed_port):
    settings.MAILERS = smtp_mailers(closed_port)

    response, _ = timed_get(client, "/ready/")

    assert failing(response) == {"mail": "ConnectionRefusedError: [Errno 111] Connection refused"}


def test_ready_with_unwritable_storage_fails_storage(client, settings, tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "exports": {
            "BACKEND": "consortia.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": not_a_folder / "exports"},
        },
    }

    response, _ = timed_get(client, "/ready/")

    assert response.status_code == 503
    assert list(failing(response)) == ["storage"]
    assert failing(response)["storage"].startswith("NotADirectoryError: [Errno 20] Not a directory")


def test_ready_probe_leaves_no_file_in_storage(client, exports_dir):
    client.get("/ready/")

    assert list(exports_dir.iterdir()) == []


@pytest.mark.parametrize(
    ("missing", "ok"), [(False, True), (True, False)], ids=["folders-there", "queue-missing"]
)
def test_ready_on_filesystem_broker_needs_its_folders(client, settings, tmp_path, missing, ok):
    folders = {
        key: tmp_path / key for key in ("data_folder_in", "data_folder_out", "control_folder")
    }
    for key, folder in folders.items():
        if not (missing and key == "data_folder_in"):
            folder.mkdir()
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {key: str(folder) for key, folder in folders.items()}

    response, _ = timed_get(client, "/ready/")

    assert response.json()["checks"]["broker"]["ok"] is ok
    assert failing(response) == (
        {} if ok else {"broker": "NotReady: data_folder_in is not a writable folder"}
    )


def test_ready_and_health_read_no_session_or_user(
    client, django_user_model, django_assert_num_queries
):
    client.force_login(django_user_model.objects.create_user("someone", "someone@example.org"))

    # The database check runs on a connection of its own thread, which this does not count.
    with django_assert_num_queries(0):
        ready = client.get("/ready/")
        health = client.get("/health/")

    assert (ready.status_code, health.status_code) == (200, 200)
    assert (ready.cookies, health.cookies) == ({}, {})


def test_ready_on_s3_storage_writes_and_deletes_a_probe_in_the_bucket(
    client, s3_exports, s3_server, monkeypatch
):
    # The process's first use of the bucket builds boto3's client, and the store's first
    # write into a new bucket allocates its volumes: together seconds on a loaded machine,
    # beyond the check's 1.5 s. A running portal's process and bucket did both long before;
    # the checks' time bound is tested above, with services that hang.
    bucket = storages["exports"]
    bucket.delete(bucket.save("warm-up", ContentFile(b"warm")))
    monkeypatch.setattr(readiness, "DEADLINE", 10.0)

    response, _ = timed_get(client, "/ready/")

    storage = response.json()["checks"]["storage"]
    assert (response.status_code, storage.get("kind")) == (200, "PrivateS3Storage"), storage
    assert s3_server.keys(s3_exports) == []
