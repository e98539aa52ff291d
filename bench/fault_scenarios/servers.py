"""The bench's private servers: a redis-server on a free port that it stops and freezes, an
SMTP server that can answer late, the Celery worker and beat as process groups of their own,
and the portal on gunicorn as production serves it."""

import asyncio
import contextlib
import email
import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import redis
from aiosmtpd.controller import Controller
from common import ROOT, gunicorn

from .waiting import until

CELERY = str(ROOT / ".venv/bin/celery")
SMTP_TIMEOUT = 10  # what the workers' SMTP client waits for an answer (MAIL_URL)
LINK = re.compile(r"https?://[^/\s]+(/invitations/[^/\s]+/)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Redis:
    """A redis-server of our own on a free port that keeps nothing on disk."""

    def __init__(self, folder: Path) -> None:
        self.port, self.folder = free_port(), folder
        self.process: subprocess.Popen | None = None
        self.frozen = False

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        with (self.folder / "redis.log").open("a") as log:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--dir", str(self.folder)],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        if until(self.answers, timeout=10) is None:
            raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.thaw()
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def freeze(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)
        self.frozen = True

    def thaw(self) -> None:
        if self.frozen:
            os.kill(self.process.pid, signal.SIGCONT)
            self.frozen = False

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=1, socket_connect_timeout=1)

    def answers(self) -> bool:
        try:
            with self.client() as client:
                return bool(client.ping())
        except redis.RedisError:
            return False

    def consumers(self) -> int:
        """Connections blocked reading a queue: workers consuming."""
        try:
            with self.client() as client:
                return sum(each["cmd"] == "brpop" for each in client.client_list())
        except redis.RedisError:
            return 0


@dataclass
class Mail:
    at: float
    to: str
    subject: str
    link: str


class Mailbox:
    """An aiosmtpd handler that stores each message, then waits ``delay`` seconds before it
    answers 250: longer than the client waits, the client sees a timeout although the
    message was delivered."""

    def __init__(self) -> None:
        self.mails: list[Mail] = []
        self.delay = 0.0

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        texts = [
            part.get_payload(decode=True).decode()
            for part in message.walk()
            if part.get_content_type() == "text/plain"
        ]
        found = LINK.search(" ".join(texts))
        self.mails.append(
            Mail(time.monotonic(), message["To"], message["Subject"], found[1] if found else "")
        )
        await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"

    def to(self, address: str, since: float = 0.0, subject: str = "") -> list[Mail]:
        return [
            mail
            for mail in list(self.mails)
            if mail.to == address and mail.at >= since and subject in mail.subject
        ]


@contextlib.contextmanager
def mail_server(mailbox: Mailbox) -> Iterator[str]:
    """An SMTP server on a free port delivering to ``mailbox``; the workers' MAIL_URL."""
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        yield f"smtp://127.0.0.1:{smtp.port}?timeout={SMTP_TIMEOUT}"
    finally:
        smtp.stop()


def portal(log: Path) -> contextlib.AbstractContextManager[str]:
    """The portal on gunicorn as in production (2 workers, --timeout 30); its base URL."""
    return gunicorn(2, options=["--timeout", "30"], log=log)


def celery(*arguments: str, log: Path) -> subprocess.Popen:
    """A Celery process in a process group of its own, on the bench's environment."""
    with log.open("a") as output:
        return subprocess.Popen(
            [CELERY, "-A", "portal", *arguments],
            cwd=ROOT,
            env=dict(os.environ),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def kill_group(process: subprocess.Popen, how: int = signal.SIGKILL) -> None:
    """``how`` to the whole process group (a worker: its main process and pool children)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, how)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
        return
    kill_group(process)


@dataclass
class Workers:
    """The Celery worker (replaced after a kill) and beat, each a process group of its own."""

    folder: Path
    started: list[subprocess.Popen] = field(default_factory=list)

    def start_worker(self) -> None:
        number = sum("worker" in process.args for process in self.started) + 1
        self.started.append(
            celery(
                "worker", "--concurrency=2", "--loglevel=warning", f"--hostname=bench{number}@%h",
                log=self.folder / f"worker-{number}.log",
            )
        )  # fmt: skip

    def start_beat(self) -> None:
        schedule = self.folder / "beat-schedule"
        self.started.append(
            celery("beat", "--loglevel=warning", "-s", str(schedule), log=self.folder / "beat.log")
        )

    def kill_worker(self) -> None:
        """SIGKILL to the running worker's main process and pool children (not beat)."""
        for process in self.started:
            if "worker" in process.args and process.poll() is None:
                kill_group(process)

    def stop(self) -> None:
        for process in self.started:
            if process.poll() is None:
                kill_group(process, signal.SIGTERM)
