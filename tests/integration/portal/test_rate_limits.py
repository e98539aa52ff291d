"""Abuse limits on requests, with the real values: the request past a limit gets 429 (a page,
or JSON from the API) with Retry-After, nothing is done, and the limit resets when its window
ends; every process counts in the one cache; and when the cache cannot be reached the limits
let everything through, within about a second and never with a 500."""

import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from consortia.models import ExportJob
from tests.factories import PASSWORD, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

CALLS = "/api/v1/calls"


class Clock:
    """The clock the limits read (``time.time``: django-ratelimit's windows, allauth's
    histories), stopped so that a window cannot end mid-test, and moved on demand."""

    def __init__(self, monkeypatch):
        self.now = time.time()
        monkeypatch.setattr(time, "time", lambda: self.now)

    def tick(self, seconds):
        self.now += seconds


@pytest.fixture
def frozen(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def anna():
    return UserFactory(email="anna@example.org")


def over_limit_page(response, counted):
    """The 429 page's promise: what was counted, that nothing was done, when to try again."""
    seconds = int(response["Retry-After"])
    assert response.status_code == 429
    assert "Too many requests: please wait a little" in response.text
    assert f"The portal limits {counted} in a short time" in response.text
    assert "<strong>Nothing was done.</strong>" in response.text
    assert "Try again in " in response.text
    return seconds


def over_limit_json(response):
    seconds = int(response["Retry-After"])
    assert response.status_code == 429
    assert response.json() == {
        "detail": f"Too many requests: try again in {seconds} s.",
        "retry_after": seconds,
    }
    return seconds


# The public API: per client address


def test_api_answers_429_json_past_60_calls_a_minute_then_again(client, frozen):
    within = [client.get(CALLS).status_code for _ in range(60)]
    past = client.get(CALLS)

    seconds = over_limit_json(past)
    assert within == [200] * 60
    assert 1 <= seconds <= 60
    frozen.tick(seconds)
    assert client.get(CALLS).status_code == 200


def test_api_counts_two_clients_of_one_address_together(frozen):
    first, second = Client(), Client()

    statuses = [c.get(CALLS).status_code for _ in range(30) for c in (first, second)]

    assert statuses == [200] * 60
    assert second.get(CALLS).status_code == 429
    assert Client(REMOTE_ADDR="192.0.2.7").get(CALLS).status_code == 200


COUNT_IN_ANOTHER_PROCESS = """
import django
django.setup()
from django.test import RequestFactory
from portal.ratelimits import retry_after
request = RequestFactory().get("/api/v1/calls", REMOTE_ADDR="127.0.0.1")
print([retry_after(request, "api", key="ip") for _ in range(5)])
"""


@pytest.mark.skipif(not django_settings.CACHE_URL, reason="needs the shared cache (CACHE_URL)")
def test_calls_counted_by_another_process_count_here_too(client, settings):
    """gunicorn's workers are processes: a limit counted in each would multiply."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "5/d"}
    environment = {
        **os.environ,
        "RATE_LIMIT_API": "5/d",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }

    other = subprocess.run(  # noqa: S603 (this interpreter, our script)
        [sys.executable, "-c", COUNT_IN_ANOTHER_PROCESS],
        env=environment,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )

    assert other.stdout.strip() == "[None, None, None, None, None]"
    assert client.get(CALLS).status_code == 429


# Exports and imports: per user


@pytest.fixture
def coordinator_client(client, anna):
    client.force_login(anna)
    return client


def test_exports_past_10_a_minute_get_the_429_page_then_pass_again(
    coordinator_client, anna, frozen
):
    proposal = ProposalFactory(owner=anna)
    url = reverse("consortia:export-request", args=[proposal.pk])
    api = f"/api/v1/proposals/{proposal.pk}/export"

    within = [coordinator_client.get(api).status_code for _ in range(5)] + [
        coordinator_client.post(url, {"format": "json"}).status_code for _ in range(5)
    ]
    jobs = ExportJob.objects.count()
    page = coordinator_client.post(url, {"format": "pdf"})
    json_past = coordinator_client.get(api)

    assert within == [200] * 5 + [302] * 5
    seconds = over_limit_page(page, "exports")
    over_limit_json(json_past)
    assert ExportJob.objects.count() == jobs
    frozen.tick(seconds)
    assert coordinator_client.post(url, {"format": "pdf"}).status_code == 302


def test_imports_past_20_an_hour_are_refused_in_page_and_api(coordinator_client, frozen):
    url = reverse("consortia:proposal-import")
    not_json = SimpleUploadedFile("x.json", b"not json")

    within = [
        coordinator_client.post(url, {"file": not_json.open()}).status_code for _ in range(20)
    ]
    page = coordinator_client.post(url, {"file": not_json.open()})
    api = coordinator_client.post(
        "/api/v1/proposals/import", data="{}", content_type="application/json"
    )

    assert within == [400] * 20  # a bad file is answered, and counts
    seconds = over_limit_page(page, "imports")
    assert 1 <= seconds <= 3600
    over_limit_json(api)
    frozen.tick(seconds)
    assert coordinator_client.post(url, {"file": not_json.open()}).status_code == 400


# Sign-in (the portal's and admin's) and sign-up: allauth's limits


def sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def admin_sign_in(client, email, password):
    return client.post(reverse("admin:login"), {"username": email, "password": password})


def test_sixth_wrong_password_for_an_address_gets_429_for_five_minutes(anna, frozen):
    wrong = [sign_in(Client(), "anna@example.org", "wrong").status_code for _ in range(5)]
    locked = sign_in(Client(), "anna@example.org", PASSWORD)

    assert wrong == [200] * 5
    assert over_limit_page(locked, "failed sign-ins with this address") == 300
    frozen.tick(300)
    assert sign_in(Client(), "anna@example.org", PASSWORD).status_code == 302


def test_admin_sign_in_counts_failures_with_the_portals(anna, frozen):
    anna.is_staff = True
    anna.save()

    portal = [sign_in(Client(), "anna@example.org", "wrong").status_code for _ in range(3)]
    admin = [admin_sign_in(Client(), "anna@example.org", "wrong").status_code for _ in range(2)]
    locked = admin_sign_in(Client(), "anna@example.org", PASSWORD)

    assert (portal, admin) == ([200] * 3, [200] * 2)
    over_limit_page(locked, "failed sign-ins with this address")
    frozen.tick(300)
    assert admin_sign_in(Client(), "anna@example.org", PASSWORD).status_code == 302


def test_eleventh_failed_sign_in_from_one_address_gets_429(frozen):
    emails = [f"nobody{n}@example.org" for n in range(11)]

    statuses = [sign_in(Client(), email, "wrong").status_code for email in emails]

    assert statuses == [200] * 10 + [429]


def test_sign_in_page_past_30_posts_a_minute_gets_429(anna, frozen):
    within = [sign_in(Client(), "anna@example.org", PASSWORD).status_code for _ in range(30)]
    past = sign_in(Client(), "anna@example.org", PASSWORD)

    assert within == [302] * 30
    assert over_limit_page(past, "sign-in attempts") == 60


def test_21st_sign_up_from_one_address_in_a_minute_gets_429(frozen):
    def sign_up(n):
        data = {
            "email": f"new{n}@example.org",
            "password1": "a-long-pass",
            "password2": "a-long-pass",
        }
        return Client().post(reverse("account_signup"), data)

    within = [sign_up(n).status_code for n in range(20)]
    past = sign_up(20)

    assert within == [302] * 20
    assert over_limit_page(past, "sign-ups from your address") == 60
    assert not UserFactory._meta.model.objects.filter(email="new20@example.org").exists()
    frozen.tick(60)
    assert sign_up(21).status_code == 302


# Failing open


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cache_at(settings, url):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailOpenRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@contextmanager
def frozen_redis():
    """A server that accepts connections and never answers, as a Redis that hangs. Its thread
    stops, and closes what it accepted, before the server's socket is closed."""
    stop = threading.Event()
    accepted: list[socket.socket] = []

    def accept(server: socket.socket) -> None:
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        server.settimeout(0.1)
        thread = threading.Thread(target=accept, args=[server], daemon=True)
        thread.start()
        try:
            yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
        finally:
            stop.set()
            thread.join()
            for connection in accepted:
                connection.close()


def timed(call):
    start = time.monotonic()
    response = call()
    return response, time.monotonic() - start


def test_with_the_cache_down_every_request_passes_quickly(settings, anna, caplog):
    cache_at(settings, f"redis://127.0.0.1:{free_port()}/0")
    client = Client()
    client.force_login(anna)
    proposal = ProposalFactory(owner=anna)

    api = [timed(lambda: client.get(CALLS)) for _ in range(70)]
    exports = [
        timed(
            lambda: client.post(
                reverse("consortia:export-request", args=[proposal.pk]), {"format": "json"}
            )
        )
        for _ in range(12)
    ]
    signed_in = timed(lambda: sign_in(Client(), "anna@example.org", PASSWORD))

    assert {r.status_code for r, _ in api} == {200}
    assert {r.status_code for r, _ in exports} == {302}
    assert signed_in[0].status_code == 302
    assert max(seconds for _, seconds in [*api, *exports, signed_in]) < 1
    assert "The cache (Redis) failed: ConnectionError" in caplog.text


def test_with_the_cache_frozen_one_request_waits_a_second_and_the_next_none(settings, anna):
    with frozen_redis() as url:
        cache_at(settings, url)

        first, waited = timed(lambda: sign_in(Client(), "anna@example.org", PASSWORD))
        second, then = timed(lambda: Client().get(CALLS))

    assert (first.status_code, second.status_code) == (302, 200)
    assert waited < 1.5
    assert then < 0.5
