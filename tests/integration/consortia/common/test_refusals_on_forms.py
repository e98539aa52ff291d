"""A service's refusal (``NotAllowed``) shows on every page the same way, as the form's own
errors do: a field's message next to that field (the field marked invalid and described by
it, the error summary leading to it), the general message above the fields."""

import contextlib
import re

import pytest
from django.db import connection
from django.urls import reverse

from consortia import services
from consortia.models import MandateText
from lots.choices import Role
from tests.factories import OrganisationFactory, UserFactory, accept_data, invitee

TAKEN_PIC = "949000123"
PIC_TAKEN = "Organisation with this PIC already exists."

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def pic_taken_when_the_service_starts():
    """Someone else adds an organisation with ``TAKEN_PIC`` after the page's form checked the
    PIC and before the service saves it: when the service's transaction begins."""
    taken = []

    def take_it_first(execute, sql, params, many, context):
        if not taken and sql.startswith("SAVEPOINT"):
            taken.append(OrganisationFactory(legal_name="Quicker", pic=TAKEN_PIC))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(take_it_first):
        yield


def edit_organisation(client, proposal, coordinator):
    user = UserFactory()
    organisation = OrganisationFactory(legal_name="Ours", created_by=user)
    organisation.managers.add(user)
    client.force_login(user)
    data = {"legal_name": "Ours", "country": "DE", "kind": "vet_provider", "pic": TAKEN_PIC}
    with pic_taken_when_the_service_starts():
        response = client.post(reverse("consortia:organisation-edit", args=[organisation.pk]), data)
    return response, "id_pic"


def create_organisation(client, proposal, coordinator):
    client.force_login(UserFactory())
    data = {"legal_name": "New Org", "country": "PL", "kind": "other", "pic": TAKEN_PIC}
    with pic_taken_when_the_service_starts():
        response = client.post(reverse("consortia:organisation-create"), data)
    return response, "id_pic"


def create_partner_inline(client, proposal, coordinator):
    client.force_login(coordinator)
    data = {
        "version": proposal.version,
        "create": "1",
        "new-legal_name": "New Partner",
        "new-country": "PL",
        "new-kind": "other",
        "new-pic": TAKEN_PIC,
        "partners-TOTAL_FORMS": "0",
        "partners-INITIAL_FORMS": "0",
    }
    with pic_taken_when_the_service_starts():
        response = client.post(reverse("consortia:wizard-partners", args=[proposal.pk]), data)
    return response, "id_new-pic"


def accept_after_the_mandate_changed(client, proposal, coordinator):
    partner = proposal.memberships.get(role=Role.FULL_PARTNER)
    link = services.create_link(membership=partner, by=coordinator)
    client.get(link.removeprefix("http://testserver"))
    client.force_login(invitee(partner.contact_email))
    MandateText.objects.create(version="2", text="New text for {organisation}.")
    response = client.post(
        reverse("consortia:invitation-respond"), accept_data(partner.organisation)
    )
    return response, "id_mandate"


REFUSED = {
    "organisation-edit": (edit_organisation, PIC_TAKEN),
    "organisation-create": (create_organisation, PIC_TAKEN),
    "partners-step-create": (create_partner_inline, PIC_TAKEN),
    "invitation-respond": (
        accept_after_the_mandate_changed,
        "The mandate text has changed; read it again and confirm it.",
    ),
}


@pytest.mark.parametrize(("act", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_refusal_of_a_value_is_shown_next_to_its_field(
    client, proposal, coordinator, settings, act, message
):
    settings.PORTAL_BASE_URL = "http://testserver"

    response, field = act(client, proposal, coordinator)

    html = response.content.decode()
    (tag,) = re.findall(rf'<input[^>]* id="{field}"[^>]*>', html)
    described_by = re.search(r'aria-describedby="([^"]*)"', tag).group(1).split()
    feedback = re.search(
        rf'<div id="{field}_error" class="invalid-feedback">(.*?)</div>', html, re.S
    )
    summary = re.findall(r'<a class="alert-link" href="#([^"]+)">([^<]+)</a>', html)
    assert ('aria-invalid="true"' in tag, f"{field}_error" in described_by) == (True, True)
    assert re.sub(r"<[^>]+>", " ", feedback.group(1)).split() == message.split()
    assert [target for target, _ in summary] == [field]
    assert summary[0][1].endswith(f": {message}")
