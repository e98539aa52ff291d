"""The web tier keeps nothing of its own: two web processes (gunicorn, as production runs
``portal.wsgi``) and two Celery workers, each with an empty local folder of its own as if on
four machines, sharing the test database, Redis (broker and cache) and the S3 store. Over real
HTTP a user signs in through web A and is signed in on web B; an export requested through A is
rendered by whichever worker takes it and followed and downloaded through B; the export limit
counts requests through both; the session web A put in the cache is read by B from there; and
no process writes a file to its own disk.

The test writes its timeline (request, pick-up, render, download, in ms) to
``test-results/stateless-timeline.txt`` and prints it."""

import contextlib
import html
import http.client
import os
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from consortia.models import ExportJob
from lots.choices import Role
from outbox.models import Intent
from tests.conftest import SPARE_BROKER, free_port
from tests.export_checks import check_pdf
from tests.factories import MembershipFactory, OrganisationFactory, ProposalFactory, UserFactory

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
TIMELINE = ROOT / "test-results" / "stateless-timeline.txt"
PASSWORD = "stateless-web-tier"  # a test user's
# A day: django-ratelimit counts in fixed windows, and a minute's could end mid-test.
EXPORTS_PER_DAY = 3

pytestmark = pytest.mark.skipif(
    not django_settings.CACHE_URL, reason="needs the shared cache in Redis (CACHE_URL)"
)


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout} s")
        time.sleep(0.05)
    return result


class Machine:
    """A process of the portal with a PORTAL_VAR_DIR of its own, empty at start, in a process
    group of its own; its output in ``<name>.log`` beside that folder."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], tmp: Path) -> None:
        self.name = name
        self.folder = tmp / name
        self.folder.mkdir()
        self.log = tmp / f"{name}.log"
        with self.log.open("w") as output:
            self.process = subprocess.Popen(  # noqa: S603 (our own command line)
                command,
                cwd=ROOT,
                env={**env, "PORTAL_VAR_DIR": str(self.folder)},
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def output(self) -> str:
        return self.log.read_text()

    def files(self) -> list[str]:
        """What is in the process's local folder, folders and files."""
        return sorted(str(path.relative_to(self.folder)) for path in self.folder.rglob("*"))

    def alive(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"{self.name} exited:\n{self.output()[-3000:]}")
        return True

    def terminate(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)

    def wait(self) -> None:
        """Until it has stopped, or SIGKILL after 5 s."""
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


class Web(Machine):
    """gunicorn serving ``portal.wsgi`` as production does, with one worker process: two webs
    are what the test is about."""

    def __init__(self, name: str, env: dict[str, str], tmp: Path) -> None:
        self.port = free_port()
        command = [str(BIN / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{self.port}",
                   "--workers", "1", "--log-level", "warning"]  # fmt: skip
        super().__init__(name, command, env, tmp)

    def ready(self) -> bool:
        with contextlib.suppress(OSError):
            return self.alive() and request(self, "GET", "/health/").status == 200
        return False


class Worker(Machine):
    """``celery -A portal worker`` (prefork, one child), named so that its log says which took
    the export."""

    def __init__(self, name: str, env: dict[str, str], tmp: Path) -> None:
        command = [str(BIN / "celery"), "-A", "portal", "worker", "--concurrency=1",
                   f"--hostname={name}@stateless", "--loglevel=info"]  # fmt: skip
        super().__init__(name, command, env, tmp)

    def ready(self) -> bool:
        return self.alive() and f"{self.name}@stateless ready." in self.output()

    def ran(self, task_id: str) -> bool:
        pattern = rf"Task consortia\.run_export\[{task_id}\] succeeded"
        return re.search(pattern, self.output()) is not None


class Response:
    def __init__(self, status: int, headers, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode()


def request(web: Web, method: str, path: str, cookies=None, data=None, headers=None):
    """One HTTP request to ``web``, as a browser sends it with ``cookies`` (a dict), which
    takes the cookies the answer sets."""
    cookies = {} if cookies is None else cookies
    sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), **(headers or {})}
    body = None
    if data is not None:
        body = urlencode({**data, "csrfmiddlewaretoken": cookies.get("csrftoken", "")})
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection("127.0.0.1", web.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=sent)
        answer = connection.getresponse()
        response = Response(answer.status, answer.headers, answer.read())
    finally:
        connection.close()
    for header in answer.headers.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(header).items():
            cookies[name] = morsel.value
    return response


@pytest.fixture
def four_machines(reference_data, s3_server, tmp_path):
    """Webs A and B and workers 1 and 2, started at once, on the test database, a Redis
    database for the broker that no other worker reads, the suite's cache and an empty
    bucket; stopped after the test."""
    redis.Redis.from_url(SPARE_BROKER).flushdb()
    bucket = s3_server.empty_bucket()
    database = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"EXPORTS_DIR", "PORTAL_VAR_DIR"}},
        "DJANGO_SETTINGS_MODULE": "tests.integration.deploy.production_settings",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CELERY_BROKER_URL": SPARE_BROKER,
        "CACHE_URL": django_settings.CACHE_URL,
        **s3_server.environment(bucket),
        "DEBUG": "false",
        "SECRET_KEY": "stateless-web-tier-test",
        "SECURE_COOKIES": "false",  # plain HTTP here
        "MAIL_URL": "console:",
        "RATE_LIMIT_EXPORT": f"{EXPORTS_PER_DAY}/d",
    }  # fmt: skip
    began = time.monotonic()
    machines = [
        Web("web-a", env, tmp_path),
        Web("web-b", env, tmp_path),
        Worker("worker-1", env, tmp_path),
        Worker("worker-2", env, tmp_path),
    ]
    try:
        wait_for(lambda: all(m.ready() for m in machines), timeout=60, what="four machines up")
        yield machines, bucket, time.monotonic() - began
    finally:
        for machine in machines:
            machine.terminate()
        for machine in machines:
            machine.wait()
        redis.Redis.from_url(SPARE_BROKER).flushdb()


def coordinator_with_a_proposal():
    """A verified coordinator whose password the processes can check (theirs are production's
    hashers, not the suite's fast one), with a Lot 1 draft of three members."""
    user = UserFactory(email="stateless@example.org", username="stateless@example.org")
    user.password = make_production_password(PASSWORD)
    user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    proposal = ProposalFactory(owner=user, acronym="STATELESS")
    MembershipFactory(
        proposal=proposal,
        organisation=OrganisationFactory(legal_name="Applicant School", country="DE"),
        role=Role.APPLICANT,
    )
    for position, country in enumerate(["FR", "IT"], start=1):
        MembershipFactory(
            proposal=proposal,
            organisation=OrganisationFactory(legal_name=f"Partner {country}", country=country),
            contact_email=f"{country.lower()}@example.org",
            position=position,
        )
    return user, proposal


def make_production_password(password: str) -> str:
    hasher = PBKDF2PasswordHasher()
    return hasher.encode(password, hasher.salt())


def sign_in(web: Web, email: str) -> dict[str, str]:
    cookies: dict[str, str] = {}
    request(web, "GET", "/accounts/login/", cookies)
    answer = request(
        web, "POST", "/accounts/login/", cookies, {"login": email, "password": PASSWORD}
    )
    assert answer.status == 302, answer.text[:2000]
    return cookies


def status_of(web: Web, job_id: int, cookies) -> str:
    part = request(web, "GET", f"/exports/{job_id}/", cookies, headers={"HX-Request": "true"})
    return re.search(r'data-status="(\w+)"', part.text)[1]


def test_two_webs_and_two_workers_share_sessions_exports_limits_and_nothing_on_disk(
    four_machines, s3_server
):
    (web_a, web_b, *workers), bucket, started_in = four_machines
    user, proposal = coordinator_with_a_proposal()

    cookies = sign_in(web_a, user.email)
    dashboard_b = request(web_b, "GET", "/proposals/", cookies)
    anonymous_b = request(web_b, "GET", "/proposals/")

    assert (dashboard_b.status, anonymous_b.status) == (200, 302)
    assert "STATELESS" in html.unescape(dashboard_b.text)

    requested_at = timezone.now()
    queued = request(
        web_a, "POST", f"/proposals/{proposal.pk}/exports/", cookies, {"format": "pdf"}
    )
    job_id = int(re.fullmatch(r"/exports/(\d+)/", queued.headers["Location"])[1])
    wait_for(lambda: status_of(web_b, job_id, cookies) == "done", timeout=60, what="export done")
    seen_done_at = timezone.now()
    downloaded = request(web_b, "GET", f"/exports/{job_id}/download/", cookies)
    downloaded_at = timezone.now()

    job = ExportJob.objects.get(pk=job_id)
    intent = Intent.objects.get(task="consortia.run_export", kwargs__job_id=job_id)
    task_id = re.search(
        r"Task consortia\.run_export\[([\w-]+)\] received", "".join(w.output() for w in workers)
    )[1]
    # The worker logs "succeeded" once the task returns, which may be after B saw the job done.
    rendered_by = wait_for(
        lambda: [worker.name for worker in workers if worker.ran(task_id)], 10, "task logged"
    )
    assert (queued.status, downloaded.status, len(rendered_by)) == (302, 200, 1)
    assert downloaded.headers["Content-Type"] == "application/pdf"
    check_pdf(downloaded.body, proposal)
    stored = f"exports/{job.file.name}"
    assert s3_server.keys(bucket) == [stored]

    # The export limit (3 a day) counts the requests through both webs: the first above,
    # then B, A, and the fourth and fifth are refused whichever web they reach.
    answers = [
        request(
            web, "POST", f"/proposals/{proposal.pk}/exports/", cookies, {"format": "json"}
        ).status
        for web in (web_b, web_a, web_b, web_a)
    ]
    assert answers == [302, 302, 429, 429]
    wait_for(
        lambda: not ExportJob.objects.exclude(status__in=["done", "failed"]).exists(),
        timeout=30,
        what="the JSON exports done",
    )
    # The session as web A wrote it to the cache: with its database row gone, web B (which
    # reads the cache first, the cached_db engine) still knows who is signed in.
    Session.objects.all().delete()
    from_cache_b = request(web_b, "GET", "/proposals/", cookies)
    assert from_cache_b.status == 200
    assert "STATELESS" in html.unescape(from_cache_b.text)

    # Only the empty folders every process of the portal makes at start (portal/apps.py).
    assert {machine.name: machine.files() for machine in (web_a, web_b, *workers)} == {
        name: ["media", "static"] for name in ("web-a", "web-b", "worker-1", "worker-2")
    }

    def ms(moment: datetime) -> str:
        return f"{(moment - requested_at).total_seconds() * 1000:8.0f} ms"

    timeline = "\n".join([
        f"Two webs (gunicorn), two workers (celery), {datetime.now(UTC):%Y-%m-%d %H:%M} UTC,"
        f" all four started and ready in {started_in:.1f} s",
        f"{ms(requested_at)}  export requested through web-a (PDF, 3 members)",
        f"{ms(job.created_at)}  job {job.pk} saved by web-a",
        f"{ms(intent.published_at)}  task published to Redis",
        f"{ms(job.started_at)}  picked up by {rendered_by[0]}",
        f"{ms(job.finished_at)}  rendered and stored in the bucket ({len(downloaded.body)} bytes)",
        f"{ms(seen_done_at)}  status 'done' seen through web-b (polling every 50 ms)",
        f"{ms(downloaded_at)}  downloaded through web-b, {len(downloaded.body)} bytes",
        f"Then export requests through web-b, web-a, web-b, web-a (limit {EXPORTS_PER_DAY}/d,"
        f" one already counted): {' '.join(map(str, answers))}",
    ])  # fmt: skip
    TIMELINE.parent.mkdir(exist_ok=True)
    TIMELINE.write_text(timeline + "\n")
    print(timeline)
