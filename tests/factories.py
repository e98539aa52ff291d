"""factory_boy factories: minimal valid rows, nothing clever."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from consortia.models import Membership, Organisation, Proposal
from lots.choices import Role
from lots.models import Lot, Sector

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.SelfAttribute("username")
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    legal_name = factory.Sequence(lambda n: f"Organisation {n}")
    country = "DE"
    kind = "vet_provider"

    @factory.post_generation
    def managers(self, create, extracted, **kwargs):
        """Its creator manages it, as ``create_organisation`` makes it; or those given."""
        if create and (extracted or self.created_by_id):
            self.managers.add(*(extracted or [self.created_by]))


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    lot = factory.LazyFunction(lambda: Lot.objects.get(call__is_default=True, number=1))
    title = "Skills for welding"
    acronym = factory.Sequence(lambda n: f"PROP-{n}")
    duration_years = 3
    owner = factory.SubFactory(UserFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    proposal = factory.SubFactory(ProposalFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.FULL_PARTNER


def invitee(email):
    """The account of ``email``, verified (as after allauth's confirmation email): the only
    one that may accept an invitation sent to it."""
    user = get_user_model().objects.filter(email__iexact=email).first() or UserFactory(email=email)
    EmailAddress.objects.get_or_create(
        user=user, email=email.lower(), defaults={"verified": True, "primary": True}
    )
    return user


def accept_data(organisation, **extra):
    """The invitation's respond form as a full partner posts it: the organisation's data as
    it is, and the mandate (version 1) confirmed."""
    return {
        "legal_name": organisation.legal_name,
        "kind": organisation.kind,
        "size": organisation.size,
        "mandate_version": "1",
        "mandate": "on",
        **extra,
    }


def ready_proposal(applicant, sector_code, acronym, lot_number=1):
    """A proposal of ``applicant`` to a lot of the default call that passes every rule:
    enough Programme countries, every partner accepted."""
    lot = Lot.objects.get(call__is_default=True, number=lot_number)
    proposal = ProposalFactory(
        owner=UserFactory(), acronym=acronym, sector=Sector.objects.get(code=sector_code), lot=lot
    )
    MembershipFactory(proposal=proposal, organisation=applicant, role=Role.APPLICANT)
    for country in ("FR", "IT", "ES", "PL", "NL", "BE", "AT")[: lot.min_programme_countries - 1]:
        MembershipFactory(
            proposal=proposal,
            organisation=OrganisationFactory(country=country),
            status="accepted",
        )
    return proposal
