"""What every fault scenario is given (the Bench) and gives back (its Row of the table)."""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import session_cookie

from .browser import Browser
from .servers import Mailbox, Redis, Workers
from .waiting import until


@dataclass
class Row:
    fault: str
    tried: str
    lost: str = "?"
    duplicated: str = "?"
    seen: list[str] = field(default_factory=list)


@dataclass
class Bench:
    base: str
    redis: Redis
    mailbox: Mailbox
    workers: Workers
    exports_dir: Path
    coordinator: Any
    me: Browser
    # Counted again at the end of the run, when late duplicates had minutes to show up.
    finals: list[Callable[[], None]] = field(default_factory=list)

    def another_tab(self) -> Browser:
        """The coordinator in a session of its own."""
        return Browser(self.base, session_cookie(self.coordinator))

    def settled(self, timeout: float = 30) -> None:
        """Wait until the worker finished what is open, so that a fault meets no work of the
        one before (invitations waiting out a backoff aside)."""
        until(lambda: busy_intents() == 0, timeout)


def busy_intents() -> int:
    """Open intents, leaving out those waiting out a backoff after a failed run."""
    from outbox.models import Intent

    open_ = Intent.objects.filter(done_at__isnull=True, given_up_at__isnull=True)
    return open_.exclude(started_at__isnull=True, attempts__gt=0, last_error__gt="").count()


def member_states(browser: Browser, draft) -> dict[str, int]:
    """The invitation states the coordinator's members table shows for the partners, counted."""
    page = browser.get(f"/proposals/{draft.pk}/members/")
    rows = re.findall(r'data-member="([^"]+)" data-state="([^"]+)"', page.text)
    return dict(Counter(state for name, state in rows if name != f"{draft.acronym} School"))
