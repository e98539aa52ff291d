"""Browser tests: real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright
against the live server. A failing test leaves a screenshot under test-results/."""

import os
import secrets
import urllib.request
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress

from lots.choices import Role
from lots.models import Lot
from tests.browser.chromium import CHROMIUM, CHROMIUM_FLAGS
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    ProposalFactory,
    UserFactory,
)

# Playwright's sync API runs an event loop in this thread; the ORM calls of the tests are
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def three_partner_draft(acronym):
    """A Lot 1 draft of a new coordinator: a German applicant, and partners from France,
    Italy and Spain whose contacts are contact@<country>.example.org."""
    proposal = ProposalFactory(
        owner=UserFactory(), lot=Lot.objects.get(call__is_default=True, number=1), acronym=acronym
    )
    MembershipFactory(
        proposal=proposal,
        organisation=OrganisationFactory(legal_name="Berlin Welding School", country="DE"),
        role=Role.APPLICANT,
    )
    for name, country in [("Lyon Metal", "FR"), ("Torino Chamber", "IT"), ("Bilbao Centre", "ES")]:
        MembershipFactory(
            proposal=proposal,
            organisation=OrganisationFactory(legal_name=name, country=country),
            contact_email=f"contact@{country.lower()}.example.org",
        )
    return proposal


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture
def page(page):
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def sign_in(page, live_server):
    """Sign a verified user in through the sign-in form."""

    def sign_in_as(user=None):
        user = user or UserFactory()
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email").fill(user.email)
        page.locator("#id_password").fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_url(f"{live_server.url}/proposals/")
        return user

    return sign_in_as


def admin_sign_in(page, live_server, user):
    """Sign ``user`` in through admin's sign-in form (by email, as it asks); returns the page."""
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


@pytest.fixture
def superuser(page, live_server):
    """The page, signed in to admin as a superuser."""
    return admin_sign_in(page, live_server, UserFactory(is_staff=True, is_superuser=True))


@pytest.fixture(scope="module")
def metrics_file(request):
    """test-results/metrics-after-journey.txt, emptied once for the module."""
    path = Path(request.config.getoption("output")) / "metrics-after-journey.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("")
    return path


@pytest.fixture
def metrics_after_journey(request, settings, live_server, metrics_file):
    """After the test, a scrape of the live server's metrics endpoint (with its token, as
    Prometheus does), appended to ``metrics_file`` before the test's data is flushed: what an
    operator would see after that journey. Request counters add up over the module's tests
    (one process); the rows (exports, invitations, tasks) are that test's."""
    settings.METRICS_TOKEN = token = secrets.token_urlsafe()
    yield
    scrape = urllib.request.Request(
        f"{live_server.url}/metrics", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(scrape, timeout=10) as response:
        text = response.read().decode()
    with metrics_file.open("a") as out:
        out.write(f"# after {request.node.nodeid}\n{text}\n")
