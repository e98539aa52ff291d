"""Fixtures of the fault tests: a private Redis that a test stops, starts again, freezes and
thaws; the web side (this process) publishing to it; Celery workers with beat as processes of
their own on the test database, sweeping every second; an SMTP server that can answer late."""

import asyncio
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import timedelta
from email.message import Message
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from consortia.models import Invitation, Membership, Proposal
from lots.choices import Role
from outbox.models import Intent
from outbox.publish import broker_recovered
from portal.celery import app
from tests.conftest import Inbox, assert_integrity_clean, free_port
from tests.factories import MembershipFactory, OrganisationFactory, ProposalFactory, UserFactory

ROOT = Path(__file__).resolve().parents[3]
CELERY = str(Path(sys.executable).parent / "celery")
REDIS_SERVER = "redis-server"
# The outbox's clock in the tests, for this process (which writes the intents) and the
# workers alike: beat sweeps every second; a published intent no worker began is published
# again after 2 s (doubling with each publish); a failed invitation is tried again after 0.5 s.
SWEEP_SECONDS = 1
PICKUP_SECONDS = 2
RETRY_BACKOFF_SECONDS = 0.5
# What the SMTP client waits for an answer (MAIL_URL's timeout) in the workers.
SMTP_TIMEOUT = 1


def wait_for(condition, timeout=20.0, interval=0.05):
    """Poll ``condition`` until it returns something true; that value."""
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"not met within {timeout} s")
        time.sleep(interval)
    return result


class RedisServer:
    """A redis-server of the test's own on a fixed port that keeps nothing on disk: what it
    holds is lost when it stops."""

    def __init__(self, port: int, folder: Path) -> None:
        self.port = port
        self.folder = folder
        self.process: subprocess.Popen | None = None
        self.frozen = False

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=1, socket_connect_timeout=1)

    def start(self) -> None:
        log = (self.folder / "redis.log").open("a")
        self.process = subprocess.Popen(  # noqa: S603 (our own command line)
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        log.close()
        wait_for(self.answers, timeout=10)

    def answers(self) -> bool:
        try:
            with self.client() as client:
                return client.ping()
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process is None:
            return
        self.thaw()
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def freeze(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)
        self.frozen = True

    def thaw(self) -> None:
        if self.frozen:
            os.kill(self.process.pid, signal.SIGCONT)
            self.frozen = False

    def queued(self) -> list[str]:
        """The tasks of the messages waiting in Celery's default queue."""
        with self.client() as client:
            return [json.loads(body)["headers"]["task"] for body in client.lrange("celery", 0, -1)]

    def consumers(self) -> int:
        """Connections blocked reading a queue: workers consuming."""
        with self.client() as client:
            return sum(each["cmd"] == "brpop" for each in client.client_list())


@pytest.fixture
def private_redis(tmp_path):
    folder = tmp_path / "redis"
    folder.mkdir()
    server = RedisServer(free_port(), folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def web_broker(private_redis, settings):
    """This process, the web side, publishes to the private Redis: its broker URL for
    writing, with the connection and producer pools made afresh for it (and closed after),
    the publish breaker closed, and the outbox's clock of the workers."""
    settings.OUTBOX_PICKUP_SECONDS = PICKUP_SECONDS
    settings.CELERY_BROKER_URL = private_redis.url  # what /ready/ checks
    saved = app.conf.get("broker_write_url"), app._pool, app.amqp._producer_pool
    app.conf.broker_write_url = private_redis.url
    app._pool = app.amqp._producer_pool = None
    broker_recovered()
    assert app.connection_for_write().port == private_redis.port
    yield private_redis
    for pool in (app.amqp._producer_pool, app._pool):
        if pool is not None:
            pool.force_close_all()
    app.conf.broker_write_url, app._pool, app.amqp._producer_pool = saved
    broker_recovered()


class SlowInbox(Inbox):
    """An SMTP server's handler that stores each message, then waits ``delay`` seconds before
    it answers 250: when that is longer than the client waits, the client sees a timeout
    although the message was delivered."""

    delay = 0.0

    async def handle_DATA(self, server, session, envelope):
        answer = await super().handle_DATA(server, session, envelope)
        await asyncio.sleep(self.delay)
        return answer


@pytest.fixture
def mail_server():
    """An aiosmtpd server of the test's own; its handler is a ``SlowInbox``."""
    controller = Controller(SlowInbox(), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def inbox(mail_server) -> SlowInbox:
    return mail_server.handler


class Worker:
    """A Celery process (``celery worker --pool=solo`` by default, or ``celery beat``) in a
    process group of its own, on the test database, the private Redis and the test's SMTP
    server."""

    def __init__(self, env: dict[str, str], log: Path, command=("worker", "--pool=solo")) -> None:
        with log.open("a") as output:
            self.process = subprocess.Popen(  # noqa: S603 (our own command line)
                [CELERY, "-A", "portal", *command, "--loglevel=warning"],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole process group (a prefork worker's pool children too)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """A warm shutdown, or SIGKILL when it takes more than a few seconds."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        self.kill()


@pytest.fixture
def start_worker(private_redis, mail_server, exports_dir, tmp_path, reference_data):
    """Starts a worker (call it again for another), and with the first one beat, in a process
    of its own as in production; all are stopped after the test. Their output is in
    ``tmp_path/worker-N.log`` and ``tmp_path/beat.log``."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CELERY_BROKER_URL": private_redis.url,
        "EXPORTS_DIR": str(exports_dir),
        "MAIL_URL": f"smtp://127.0.0.1:{mail_server.port}?timeout={SMTP_TIMEOUT}",
        "PORTAL_BASE_URL": "http://testserver",
        "OUTBOX_SWEEP_SECONDS": str(SWEEP_SECONDS),
        "OUTBOX_PICKUP_SECONDS": str(PICKUP_SECONDS),
        "INVITATION_RETRY_BACKOFF_SECONDS": str(RETRY_BACKOFF_SECONDS),
        "LOG_LEVEL": "WARNING",
    }  # fmt: skip
    processes: list[Worker] = []

    def start() -> Worker:
        if not processes:
            processes.append(Worker(env, tmp_path / "beat.log", command=("beat",)))
        worker = Worker(env, tmp_path / f"worker-{len(processes)}.log")
        processes.append(worker)
        return worker

    yield start
    for process in processes:
        process.stop()


@pytest.fixture
def coordinator(reference_data):
    return UserFactory(email="coordinator@example.org", username="coordinator@example.org")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def organisation(name: str, country: str):
    return OrganisationFactory(legal_name=name, country=country, kind="enterprise", size="small")


def draft(coordinator, acronym: str, countries=(), status="to_invite"):
    """A Lot 1 proposal with a German applicant and a full partner from each country, whose
    contact is ``<acronym>-<country>@example.org``."""
    proposal = ProposalFactory(owner=coordinator, acronym=acronym)
    MembershipFactory(
        proposal=proposal,
        organisation=OrganisationFactory(legal_name=f"{acronym} School", country="DE"),
        role=Role.APPLICANT,
    )
    for position, country in enumerate(countries, start=1):
        member = MembershipFactory(
            proposal=proposal,
            organisation=organisation(f"{acronym} {country}", country),
            contact_email=contact(acronym, country),
            status=status,
            position=position,
        )
        if status == Membership.Status.ACCEPTED:  # as accepting by link leaves it
            Invitation.objects.create(
                membership=member,
                email=member.contact_email,
                status=Invitation.Status.ACCEPTED,
                sent_at=timezone.now(),
                responded_at=timezone.now(),
                expires_at=timezone.now() + timedelta(days=14),
            )
    return proposal


def contact(acronym: str, country: str) -> str:
    return f"{acronym.lower()}-{country.lower()}@example.org"


def save_and_invite(client, proposal, countries):
    """The partners step posted with "Save and invite": the partners as they are, plus a new
    row per country (an organisation from the directory and its contact); followed to the page
    it leads to."""
    rows = [
        (member.organisation_id, member.contact_email)
        for member in proposal.memberships.exclude(role=Role.APPLICANT).order_by("position")
    ] + [
        (
            organisation(f"{proposal.acronym} {country}", country).pk,
            contact(proposal.acronym, country),
        )
        for country in countries
    ]
    data = {
        "version": Proposal.objects.get(pk=proposal.pk).version,
        "invite": "1",
        "partners-INITIAL_FORMS": 0,
        "partners-TOTAL_FORMS": len(rows),
    }
    for index, (organisation_id, email) in enumerate(rows):
        data[f"partners-{index}-organisation"] = organisation_id
        data[f"partners-{index}-role"] = Role.FULL_PARTNER
        data[f"partners-{index}-contact_email"] = email
    url = reverse("consortia:wizard-partners", args=[proposal.pk])
    return client.post(url, data, follow=True)


def member_states(client, proposal) -> dict[str, str]:
    """Each partner's invitation state in the members table of the review step."""
    page = client.get(reverse("consortia:members-panel", args=[proposal.pk]))
    states = dict(re.findall(r'data-member="([^"]+)" data-state="([^"]+)"', page.text))
    del states[proposal.memberships.get(role=Role.APPLICANT).organisation.legal_name]
    return states


LINK = re.compile(r"http://testserver(/invitations/[^/\s]+/)")


def link_in(message: Message) -> str:
    """The invitation link's path in an email."""
    return LINK.search(message.get_payload(decode=True).decode())[1]


def open_intents() -> list[str]:
    return [str(intent) for intent in Intent.objects.filter(done_at__isnull=True)]


QUEUED = "The background queue is not reachable at the moment"


def timed(request):
    """A request's response, with the seconds it took as ``response.seconds``."""
    began = time.monotonic()
    response = request()
    response.seconds = time.monotonic() - began
    return response


def one_email_each(inbox, acronym: str, countries=("FR", "IT", "ES")) -> None:
    """Once all is done and the sweeps went on a while: exactly one email per partner, and
    every invitation sent."""
    all_done()
    time.sleep(2 * SWEEP_SECONDS + PICKUP_SECONDS)  # sweeps go on: nothing more is sent
    assert sorted(m["To"] for m in inbox.messages) == sorted(
        contact(acronym, country) for country in countries
    )
    assert set(Invitation.objects.values_list("status", flat=True)) == {"sent"}


def all_done(timeout: float = 20.0) -> None:
    """Wait until every intent is done (none open, none given up)."""
    with contextlib.suppress(TimeoutError):
        wait_for(lambda: not open_intents(), timeout)
    assert open_intents() == []
    assert_integrity_clean()
