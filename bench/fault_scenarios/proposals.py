"""What the faults start from: users, organisations, draft and ready proposals (Django is
imported inside the functions: it is set up only once the servers run)."""

from collections import Counter
from typing import Any


def person(address: str):
    """The account of ``address``, verified: only it answers an invitation sent there."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get_or_create(username=address, email=address)[0]
    EmailAddress.objects.get_or_create(
        user=user, email=address, defaults={"verified": True, "primary": True}
    )
    return user


def organisation(name: str, country: str):
    from consortia.models import Organisation

    return Organisation.objects.create(
        legal_name=name, country=country, kind="enterprise", size="small"
    )


def contact(acronym: str, country: str, number: int = 0) -> str:
    suffix = f"-{number}" if number else ""
    return f"{acronym.lower()}-{country.lower()}{suffix}@example.org"


def proposal(coordinator, acronym: str, countries: list[str], lot: int = 1):
    """A draft with a German applicant and a full partner from each country (contact
    ``<acronym>-<country>@example.org``, a number added when a country comes again)."""
    from consortia.models import Membership, Organisation, Proposal
    from lots.models import Lot

    draft = Proposal.objects.create(
        owner=coordinator,
        lot=Lot.objects.get(call__is_default=True, number=lot),
        acronym=acronym,
        title="Skills for welding",
        duration_years=3,
    )
    applicant = Organisation.objects.create(
        legal_name=f"{acronym} School", country="DE", kind="vet_provider"
    )
    Membership.objects.create(proposal=draft, organisation=applicant, role="applicant")
    seen: Counter[str] = Counter()
    for position, country in enumerate(countries, start=1):
        number = seen[country]
        seen[country] += 1
        name = f"{acronym} {country} {number}" if number else f"{acronym} {country}"
        Membership.objects.create(
            proposal=draft,
            organisation=organisation(name, country),
            role="full_partner",
            contact_email=contact(acronym, country, number),
            position=position,
        )
    return draft


def partners(draft):
    return list(draft.memberships.exclude(role="applicant").order_by("position"))


def accept_through_link(membership, coordinator) -> None:
    """A copied link, accepted by the contact, as the services do it."""
    from consortia import selectors, services

    url = services.create_link(membership=membership, by=coordinator)
    invitation, _problem = selectors.invitation_for_token(url.rstrip("/").rsplit("/", 1)[1])
    services.accept_invitation(
        invitation=invitation,
        by=person(membership.contact_email),
        mandate_version=services.invitations.latest_mandate().version,
        organisation_fields={},
    )


def ready_proposal(coordinator, acronym: str):
    """A proposal that passes every check: three partners who accepted."""
    from consortia import specs

    draft = proposal(coordinator, acronym, ["FR", "IT", "ES"])
    for membership in partners(draft):
        accept_through_link(membership, coordinator)
    assert specs.evaluate(draft).report.passed, f"{acronym} is not ready to submit"
    return draft


def save_and_invite_data(draft, countries: list[str]) -> dict[str, Any]:
    """The partners step with a new row per country (an organisation of the directory and
    its contact), sent with "Save and invite"."""
    data: dict[str, Any] = {
        "version": draft.version,
        "invite": "1",
        "partners-INITIAL_FORMS": 0,
        "partners-TOTAL_FORMS": len(countries),
    }
    for index, country in enumerate(countries):
        data[f"partners-{index}-organisation"] = organisation(
            f"{draft.acronym} {country}", country
        ).pk
        data[f"partners-{index}-role"] = "full_partner"
        data[f"partners-{index}-contact_email"] = contact(draft.acronym, country)
    return data
