"""The authorisation matrix's parts: the project's URL patterns (walked from the resolver),
the roles, a world of objects to point the URLs at, and how a response is classed."""

import contextlib
import re
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from consortia.models import ExportJob, Invitation, Membership, OrganisationCorrection
from consortia.permissions import REVIEWERS_GROUP
from consortia.services.invitations import emailed_token
from lots.choices import Role
from lots.models import Lot
from tests.factories import MembershipFactory, OrganisationFactory, ProposalFactory, UserFactory

ROLES = [
    "anonymous",
    "stranger",
    "other_coordinator",
    "invited_partner",
    "accepted_partner",
    "owner",
    "reviewer",
    "plain_staff",
    "superuser",
]


@dataclass(frozen=True)
class Pattern:
    route: str
    name: str
    arguments: tuple[str, ...]


def patterns(resolver=None, prefix="", namespace="", arguments=()):
    """Every URL pattern of the project: its full route, namespaced name and the names of
    its arguments."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        own = tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from patterns(entry, prefix + str(entry.pattern), inner, arguments + own)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            yield Pattern(prefix + str(entry.pattern), name, arguments + own)


def user(email, **fields):
    person = UserFactory(email=email, **fields)
    EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
    return person


def world():
    """The owner's draft with an applicant, an accepted and an invited partner, a done
    export; another coordinator's draft; a user for each role."""
    people = {
        "stranger": user("stranger@example.org"),
        "other_coordinator": user("other@example.org"),
        "invited_partner": user("invited@example.org"),
        "accepted_partner": user("accepted@example.org"),
        "owner": user("owner@example.org"),
        "reviewer": user("reviewer@example.org", is_staff=True),
        "plain_staff": user("staff@example.org", is_staff=True),
        "superuser": user("root@example.org", is_staff=True, is_superuser=True),
    }
    people["reviewer"].groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    lot = Lot.objects.get(call__is_default=True, number=1)
    proposal = ProposalFactory(owner=people["owner"], lot=lot, acronym="MATRIX")
    applicant = OrganisationFactory(
        legal_name="Owner School", country="DE", created_by=people["owner"]
    )
    MembershipFactory(proposal=proposal, organisation=applicant, role=Role.APPLICANT)
    MembershipFactory(
        proposal=proposal,
        organisation=OrganisationFactory(legal_name="Accepted Ltd", country="FR"),
        contact_email="accepted@example.org",
        contact_user=people["accepted_partner"],
        status=Membership.Status.ACCEPTED,
        position=1,
    )
    invited = MembershipFactory(
        proposal=proposal,
        organisation=OrganisationFactory(legal_name="Invited Ltd", country="IT"),
        contact_email="invited@example.org",
        status=Membership.Status.INVITED,
        position=2,
    )
    invitation = Invitation.objects.create(
        membership=invited,
        email=invited.contact_email,
        status=Invitation.Status.SENT,
        sent_at=timezone.now(),
        expires_at=timezone.now() + timezone.timedelta(days=14),
        created_by=people["owner"],
    )
    token, invitation.token_hash = emailed_token(invitation)
    invitation.save(update_fields=["token_hash"])
    ProposalFactory(owner=people["other_coordinator"], lot=lot, acronym="OTHER")
    elsewhere = OrganisationFactory(legal_name="Elsewhere Ltd", country="ES")
    job = ExportJob.objects.create(
        proposal=proposal, format="json", requested_by=people["owner"], status="done"
    )
    job.file.save("matrix.json", ContentFile(b"{}"), save=False)
    job.filename = "matrix.json"
    job.save()
    correction = OrganisationCorrection.objects.create(
        organisation=applicant, fields={"city": "Bonn"}, proposed_by=people["stranger"]
    )
    values = {
        "correction": correction.pk,
        "pk": proposal.pk,
        "proposal_id": proposal.pk,
        "membership_id": invited.pk,
        "job_id": job.pk,
        "token": token,
        "step": "partners",
        "organisation": applicant.pk,
        "other_organisation": elsewhere.pk,
    }
    return people, values


# Arguments of admin's and allauth's URLs: any value of the right shape will do.
OTHER_ARGUMENTS = {
    "object_id": "1",
    "id": "1",
    "content_type_id": "1",
    "app_label": "consortia",
    "key": "x",
    "uidb36": "x",
    "format": "csv",  # the directory's export in the admin
}


def url_for(pattern: Pattern, values) -> str:
    """The pattern's URL pointing at the world's objects (the directory's routes at the
    owner's organisation, the corrections' at its pending correction)."""
    if not pattern.name:  # favicon.ico, and admin's catch-all regex: any path
        return "/" + re.sub(r"\(\?P<\w+>[^)]*\)", "anything", pattern.route).strip("^$")
    known = {**OTHER_ARGUMENTS, **values}
    if pattern.route.startswith("organisations/corrections/"):
        known["pk"] = values["correction"]
    elif pattern.route.startswith("organisations/"):
        known["pk"] = values["organisation"]
    if pattern.arguments:
        return reverse(pattern.name, kwargs={name: known[name] for name in pattern.arguments})
    for count in range(3):  # patterns of unnamed groups (simple-history's): "1" for each
        with contextlib.suppress(NoReverseMatch):
            return reverse(pattern.name, args=["1"] * count)
    raise NoReverseMatch(pattern.name)


def classify(response) -> str:
    """o: served (or sent on elsewhere), l: sent to sign in, n: refused (401, 403, 404),
    m: method not allowed, X: server error."""
    status = response.status_code
    if status >= 500:
        return "X"
    if status in (301, 302, 303) and "login" in response.get("Location", ""):
        return "l"
    if status in (401, 403, 404):
        return "n"
    if status == 405:
        return "m"
    return "o"
