"""Suite-wide fixtures: the services the tests meet (a Celery worker, an SMTP server), the
reference data for tests on committed data, and the header that says what the run uses."""

import email
import io
import os
import socket
import threading
from contextlib import contextmanager
from email.message import Message
from importlib import import_module

import kombu.pools
import pytest
import redis
from aiosmtpd.controller import Controller
from celery.contrib.testing.worker import start_worker
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from lots import catalogue
from lots.models import Call
from outbox import publish
from outbox.sweep import sweep
from portal.celery import app as celery_app
from portal.settings import private_storage
from tests.s3 import SeaweedFS


def pytest_report_header(config):
    return (
        f"database: {connection.vendor} ({settings.DATABASES['default'].get('HOST') or 'local'}); "
        f"broker: {settings.CELERY_BROKER_URL.split('://')[0]}; "
        f"cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[1]}"
    )


def published(callbacks):
    """The on-commit callbacks that publish an outbox intent (a task queued), leaving out the
    refresh of stored verdicts that services also run on commit."""
    return [c for c in callbacks if c.__qualname__.startswith("enqueue.")]


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """PBKDF2's deliberate slowness costs half a second a user; tests need no such safety."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache():
    """The rate limits (ours and allauth's) count in the cache, which is Redis under `make
    test` and shared by every test of the run: each test starts with no counts."""
    cache.clear()


@pytest.fixture(autouse=True)
def english_to_start_with():
    """Each test starts in English: a request through the test client leaves its language
    active in the thread (LocaleMiddleware does not switch back), which would otherwise carry
    a French test's language into the next test's services and emails."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries):
    """Counts the queries of a block with the rules already read, as a process serves every
    request but the first after a change to them (``lots.catalogue``)."""

    @contextmanager
    def counted(num, *args, **kwargs):
        catalogue.current()
        with django_assert_num_queries(num, *args, **kwargs) as context:
            yield context

    return counted


@pytest.fixture(autouse=True)
def exports_dir(settings, tmp_path):
    """Exported files go to a folder of the test's own."""
    folder = tmp_path / "exports"
    settings.STORAGES = {
        **settings.STORAGES,
        "exports": {
            "BACKEND": "consortia.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": folder},
        },
    }
    return folder


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """A real S3-compatible server (SeaweedFS) in a process of its own, for the session: the
    first test that asks for it waits about 4 s for it to start."""
    server = SeaweedFS(tmp_path_factory.mktemp("seaweedfs"), free_port)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def s3_exports(settings, s3_server) -> str:
    """Exported files go to an empty bucket of the session's S3 server, under ``exports/``, as
    with S3_BUCKET set; returns the bucket's name."""
    bucket = s3_server.empty_bucket()
    settings.STORAGES = {
        **settings.STORAGES,
        "exports": private_storage("exports", s3=s3_server.options(bucket)),
    }
    return bucket


@pytest.fixture
def reference_data(transactional_db):
    """What the data migrations create (the default call, the sectors and their keywords, the
    mandate text, the Reviewers group), for tests on committed data (live server, worker
    processes): the flush after each such test removes it."""
    if not Call.objects.filter(is_default=True).exists():
        import_module("lots.migrations.0002_reference_data").create_reference_data(apps, None)
        import_module("lots.migrations.0005_sector_keywords_data").fill_keywords(apps, None)
        import_module("lots.migrations.0006_default_call_title").retitle(apps, None)
        translated = import_module("lots.migrations.0011_translated_texts")
        translated.translate_nace(apps, None)
        translated.translate_default_call(apps, None)
        import_module("consortia.migrations.0003_mandate_text_v1").create_mandate(apps, None)
        import_module("consortia.migrations.0018_mandate_languages").translate_mandates(apps, None)
        import_module("consortia.migrations.0006_reviewers_group").create_reviewers(apps, None)
        import_module("consortia.migrations.0007_review_permission").grant_to_reviewers(apps, None)


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """One worker thread for the session (pytest-django reorders tests, so a narrower scope
    would restart it). It has its own database connection: tests that need it to see their
    rows use committed data (``transactional_db``). Messages left by an aborted run are
    purged first."""
    celery_app.control.purge()
    with (
        django_db_blocker.unblock(),
        start_worker(
            celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10
        ) as worker,
    ):
        yield worker


@pytest.fixture
def sweeper(settings):
    """The outbox's sweep in a thread every 0.1 s, as beat runs it every OUTBOX_SWEEP_SECONDS:
    for tests of retries and of work that was not published at first."""
    stop = threading.Event()

    def loop():
        try:
            while not stop.wait(0.1):
                sweep()
        finally:
            connection.close()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=10)


def assert_integrity_clean():
    """``manage.py check_integrity`` finds nothing (it raises with its findings otherwise)."""
    out = io.StringIO()
    try:
        call_command("check_integrity", "--quiet", stdout=out)
    except CommandError as error:
        raise AssertionError(f"{error}\n{out.getvalue()}") from error


class BrokerSwitch:
    """Takes the portal's publishing broker away (a port where nothing listens) and gives it
    back, as a Redis outage does to the web processes."""

    def __init__(self) -> None:
        self.url = celery_app.conf.broker_write_url

    def down(self) -> None:
        self.to(f"redis://127.0.0.1:{free_port()}/0")

    def to(self, url: str) -> None:
        celery_app.conf.broker_write_url = url
        self.new_connections()

    def up(self) -> None:
        celery_app.conf.broker_write_url = self.url
        self.new_connections()
        publish.broker_recovered()

    @staticmethod
    def new_connections() -> None:
        """Celery and kombu keep pools of connections and producers by URL: start afresh."""
        kombu.pools.reset()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_switch():
    switch = BrokerSwitch()
    yield switch
    switch.up()


@pytest.fixture
def broker_down(broker_switch):
    broker_switch.down()


# A Redis database no worker reads, flushed by the tests that use it.
SPARE_BROKER = os.environ.get("KILL_TEST_BROKER_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture
def unread_broker(broker_switch):
    """Publishes go to a Redis database no worker reads: for tests of publishing, so that the
    session's worker does not run their tasks while the test's data is flushed."""
    broker_switch.to(SPARE_BROKER)
    yield redis.Redis.from_url(SPARE_BROKER)
    redis.Redis.from_url(SPARE_BROKER).flushdb()


class Inbox:
    """What an aiosmtpd server received, as parsed messages, with a wait for arrivals."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        with self.arrived:
            self.messages.append(email.message_from_bytes(envelope.content))
            self.arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 20) -> list[Message]:
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self.messages) >= count, timeout):
                raise TimeoutError(f"{len(self.messages)} of {count} messages arrived")
        return self.messages


def free_port() -> int:
    """aiosmtpd's Controller cannot take port 0, so ask the system for a free port first."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_controller():
    controller = Controller(Inbox(), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


def smtp_mailers(port: int) -> dict[str, dict[str, object]]:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


@pytest.fixture
def smtp(smtp_controller, settings):
    """Real SMTP for this test (the test runner swaps every mailer for locmem): mail goes to
    the session's aiosmtpd server; returns its inbox, emptied."""
    settings.MAILERS = smtp_mailers(smtp_controller.port)
    inbox = smtp_controller.handler
    inbox.messages.clear()
    return inbox
