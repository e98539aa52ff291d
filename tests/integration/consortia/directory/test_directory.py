"""The organisation directory: search and facets, pages, creation with identifier checks, and
editing by its managers or staff with the change permission only."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from consortia.models import Organisation
from lots.models import Sector
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("consortia:organisation-list")


def names(response):
    return [o.legal_name for o in response.context["page"]]


@pytest.fixture
def entries():
    food = Sector.objects.get(code="C")
    bakery = OrganisationFactory(
        legal_name="Bakery Academy", country="FR", kind="vet_provider", pic="949000001"
    )
    bakery.sectors.set([food])
    OrganisationFactory(
        legal_name="Bakers' Union", country="BE", kind="trade_union", oid="E10000001"
    )
    OrganisationFactory(legal_name="Steel Works", country="FR", kind="enterprise", size="large")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "bak"}, ["Bakers' Union", "Bakery Academy"]),
        ({"q": "949000001"}, ["Bakery Academy"]),
        ({"q": "e10000001"}, ["Bakers' Union"]),
        ({"country": "FR"}, ["Bakery Academy", "Steel Works"]),
        ({"kind": "enterprise"}, ["Steel Works"]),
        ({"q": "bak", "country": "BE"}, ["Bakers' Union"]),
    ],
    ids=["name", "pic", "oid", "country", "kind", "combined"],
)
def test_directory_search_and_facets(coordinator_client, entries, params, expected):
    assert names(coordinator_client.get(LIST, params)) == expected


def test_directory_sector_facet_includes_divisions_of_section(coordinator_client, entries):
    division = Sector.objects.get(code="10")

    response = coordinator_client.get(LIST, {"sector": division.pk})

    assert names(response) == ["Bakery Academy"]


def test_directory_pages_by_25_and_keeps_filters(coordinator_client):
    OrganisationFactory.create_batch(30, country="IT")

    first = coordinator_client.get(LIST, {"country": "IT"})
    second = coordinator_client.get(LIST, {"country": "IT", "page": 2})

    assert (len(names(first)), len(names(second))) == (25, 5)
    assert "country=IT&amp;page=2" in first.text


def test_directory_requires_sign_in(client):
    assert client.get(LIST).status_code == 302


def test_create_organisation_records_creator(coordinator_client, coordinator):
    data = {"legal_name": "New Org", "country": "PL", "kind": "enterprise", "size": "small"}

    response = coordinator_client.post(reverse("consortia:organisation-create"), data)

    organisation = Organisation.objects.get(legal_name="New Org")
    assert organisation.created_by == coordinator
    assert response.url == organisation.get_absolute_url()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"pic": "12345"}, "pic", "A PIC has exactly 9 digits, e.g. 949123456."),
        ({"oid": "X1234"}, "oid", "An OID is E followed by 8 digits, e.g. E10123456."),
        ({"kind": "enterprise"}, "size", "Choose the enterprise's size."),
        ({"size": "small"}, "size", "Only enterprises have a size; leave it empty."),
    ],
    ids=["bad-pic", "bad-oid", "enterprise-without-size", "size-for-non-enterprise"],
)
def test_create_organisation_explains_bad_input_next_to_field(
    coordinator_client, data, field, message
):
    base = {"legal_name": "New Org", "country": "PL", "kind": "other"}

    response = coordinator_client.post(reverse("consortia:organisation-create"), {**base, **data})

    assert response.context["form"].errors[field] == [message]
    assert not Organisation.objects.filter(legal_name="New Org").exists()


def test_edit_by_creator_saves(client):
    organisation = OrganisationFactory(created_by=UserFactory())
    client.force_login(organisation.created_by)
    data = {"legal_name": "Renamed", "country": "DE", "kind": "vet_provider"}

    client.post(reverse("consortia:organisation-edit", args=[organisation.pk]), data)

    assert Organisation.objects.get(pk=organisation.pk).legal_name == "Renamed"


@pytest.mark.parametrize("method", ["get", "post"])
def test_edit_by_someone_else_is_404(coordinator_client, method):
    organisation = OrganisationFactory(created_by=UserFactory())

    response = getattr(coordinator_client, method)(
        reverse("consortia:organisation-edit", args=[organisation.pk]), {"legal_name": "Hacked"}
    )

    assert response.status_code == 404
    assert Organisation.objects.get(pk=organisation.pk).legal_name != "Hacked"


def test_edit_by_a_superuser_saves_and_keeps_own_pic(client):
    organisation = OrganisationFactory(pic="949000777")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    data = {"legal_name": "Staff edit", "country": "DE", "kind": "vet_provider", "pic": "949000777"}

    client.post(reverse("consortia:organisation-edit", args=[organisation.pk]), data)

    assert Organisation.objects.get(pk=organisation.pk).legal_name == "Staff edit"


def test_edit_by_staff_with_change_permission_saves_and_keeps_own_pic(client):
    organisation = OrganisationFactory(pic="949000777")
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="change_organisation"))
    client.force_login(staff)
    data = {"legal_name": "Staff edit", "country": "DE", "kind": "vet_provider", "pic": "949000777"}

    client.post(reverse("consortia:organisation-edit", args=[organisation.pk]), data)

    assert Organisation.objects.get(pk=organisation.pk).legal_name == "Staff edit"


@pytest.mark.parametrize("method", ["get", "post"])
def test_edit_by_plain_staff_is_404(client, method):
    organisation = OrganisationFactory(legal_name="Kept", created_by=UserFactory())
    client.force_login(UserFactory(is_staff=True))  # no permission to change organisations
    data = {"legal_name": "Hacked", "country": "DE", "kind": "vet_provider"}

    response = getattr(client, method)(
        reverse("consortia:organisation-edit", args=[organisation.pk]), data
    )

    assert response.status_code == 404
    assert Organisation.objects.get(pk=organisation.pk).legal_name == "Kept"


def test_edit_by_a_manager_who_did_not_create_it_saves(client):
    manager = UserFactory()
    organisation = OrganisationFactory(created_by=UserFactory(), managers=[manager])
    client.force_login(manager)
    data = {"legal_name": "Renamed", "country": "DE", "kind": "vet_provider"}

    client.post(reverse("consortia:organisation-edit", args=[organisation.pk]), data)

    assert Organisation.objects.get(pk=organisation.pk).legal_name == "Renamed"


def test_detail_shows_edit_link_only_to_editors(coordinator_client, coordinator):
    mine = OrganisationFactory(created_by=coordinator)
    theirs = OrganisationFactory()

    edit = f'href="{reverse("consortia:organisation-edit", args=[mine.pk])}"'
    assert edit in coordinator_client.get(mine.get_absolute_url()).text
    assert "/edit/" not in coordinator_client.get(theirs.get_absolute_url()).text
