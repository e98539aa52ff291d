"""The shipped presets of past calls: each loads (by the command, or from admin's call list),
closed and with its caveat, and its every minimum holds exactly: a consortium at each minimum
passes, one below it fails that check and no other."""

import pytest
from django.core.management import call_command

from lots.models import Call, Lot
from lots.presets import presets
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SLUGS = list(presets())


def consortium_at_minima(lot, **changes):
    """An API request for ``lot`` meeting each of its minima exactly, with ``changes`` (one
    fewer Programme country, one fewer full partner, one fewer of a composition's kinds, or
    one euro above the cap)."""
    countries = sorted(str(code) for code in lot.call.programme_countries)
    needed_countries = lot.min_programme_countries - changes.get("countries_short", 0)
    full = lot.min_full_partners - changes.get("partners_short", 0)
    kinds = []
    for row in lot.compositions.order_by("slug"):
        count = row.min_count - (1 if changes.get("composition_short") == row.slug else 0)
        kinds += [row.kinds[0]] * count
    kinds += ["other"] * (full - len(kinds))
    members = [
        {"country": countries[i % needed_countries], "kind": kind} for i, kind in enumerate(kinds)
    ]
    years = min(lot.allowed_durations)
    cap = lot.grant_caps.get(duration_years=years).max_eur
    sector = lot.sectors.first()
    return {
        "call": lot.call.slug,
        "lot": lot.number,
        "duration_years": years,
        "sector": sector.code if sector else "25",
        "requested_grant_eur": int(cap) + changes.get("over_cap", 0),
        "applicant": members[0],
        "partners": [{**member, "role": "full_partner"} for member in members[1:]],
    }


def failing(client, body):
    response = client.post("/api/v1/eligibility", body, content_type="application/json")
    assert response.status_code == 200, response.content
    return {check["code"] for check in response.json()["checks"] if not check["passed"]}


@pytest.mark.parametrize("slug", SLUGS)
def test_the_command_loads_a_preset_closed_with_its_caveat(slug, capsys):
    call_command("load_call_preset", slug)

    call = Call.objects.get(slug=slug)
    assert (call.is_open, call.is_default) == (False, False)
    assert "not verified" in call.caveat
    assert call.lots.count() == len(presets()[slug].lots)
    assert "Loaded" in capsys.readouterr().out


def test_loading_a_preset_twice_changes_nothing(capsys):
    slug = SLUGS[0]
    call_command("load_call_preset", slug)
    call_command("load_call_preset", slug)

    assert Call.objects.filter(slug=slug).count() == 1
    assert "loaded already" in capsys.readouterr().out


@pytest.mark.parametrize("slug", SLUGS)
def test_every_minimum_of_every_preset_lot_holds_exactly(client, slug):
    call_command("load_call_preset", slug)

    for lot in Lot.objects.filter(call__slug=slug):
        assert failing(client, consortium_at_minima(lot)) == set(), lot
        assert failing(client, consortium_at_minima(lot, countries_short=1)) == {
            "min_programme_countries"
        }, lot
        assert failing(client, consortium_at_minima(lot, partners_short=1)) == {
            "min_full_partners"
        }, lot
        for row in lot.compositions.all():
            below = consortium_at_minima(lot, composition_short=row.slug)
            assert failing(client, below) == {f"composition:{row.slug}"}, (lot, row.slug)
        assert failing(client, consortium_at_minima(lot, over_cap=1)) == {"max_grant"}, lot


def test_an_admin_loads_a_preset_from_the_call_list(admin_client):
    page = admin_client.get("/admin/lots/call/presets/").content.decode()
    assert "not verified" in page
    assert admin_client.get("/admin/lots/call/").content.decode().count("Load a past call") == 1

    response = admin_client.post("/admin/lots/call/presets/", {"preset": SLUGS[-1]}, follow=True)

    call = Call.objects.get(slug=SLUGS[-1])
    assert response.redirect_chain[-1][0] == f"/admin/lots/call/{call.pk}/change/"
    assert "closed" in response.content.decode()
    assert "Loaded" in admin_client.get("/admin/lots/call/presets/").content.decode()


def test_an_unknown_preset_is_a_404_and_a_reviewer_may_not_load_one(admin_client, client):
    assert admin_client.post("/admin/lots/call/presets/", {"preset": "nope"}).status_code == 404
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.post("/admin/lots/call/presets/", {"preset": SLUGS[0]}).status_code == 403
    assert not Call.objects.filter(slug=SLUGS[0]).exists()


def test_copying_a_call_keeps_its_lots_rules_and_own_sectors(admin_client):
    call_command("load_call_preset", SLUGS[0])
    original = Call.objects.get(slug=SLUGS[0])

    response = admin_client.post(
        "/admin/lots/call/",
        {"action": "copy_calls", "_selected_action": [original.pk]},
        follow=True,
    )

    copy = Call.objects.get(slug=f"{original.slug}-copy")
    assert "Copied" in response.content.decode()
    assert (copy.year, copy.is_open, copy.applicant_rule) == (
        original.year + 1,
        False,
        original.applicant_rule,
    )
    assert list(copy.programme_countries) == list(original.programme_countries)

    def rules_of(call):
        return [
            (
                lot.number,
                lot.allowed_durations,
                lot.min_programme_countries,
                lot.min_full_partners,
                [
                    (r.slug, r.min_count, r.kinds, r.partner_countries_count)
                    for r in lot.compositions.all()
                ],
                [(c.duration_years, c.max_eur) for c in lot.grant_caps.all()],
                sorted(s.name for s in lot.sectors.all()),
            )
            for lot in call.lots.all()
        ]

    assert rules_of(copy) == rules_of(original)
    copied_sectors = {s.call_id for lot in copy.lots.all() for s in lot.sectors.all()}
    assert copied_sectors <= {copy.pk, None}
    assert original.own_sectors.count() == copy.own_sectors.count() > 0
