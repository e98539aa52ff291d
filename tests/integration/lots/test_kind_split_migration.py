"""The migration that splits 'social_partner' in composition rows: a row that counted social
partners counts employers' organisations and trade unions, in its place; and back."""

from django.utils import timezone

MIGRATION = ("lots", "0008_split_social_partner_rules")
ENTERPRISE_SIDE = ["enterprise", "social_partner", "chamber"]
SPLIT_ENTERPRISE_SIDE = ["enterprise", "employers_organisation", "trade_union", "chamber"]


def lot(apps):
    call = apps.get_model("lots", "Call").objects.create(slug="kinds", title="Kinds", year=2026)
    return apps.get_model("lots", "Lot").objects.create(call=call, number=1, title="Lot 1")


def rows(apps, lot, kinds_by_slug):
    for slug, kinds in kinds_by_slug.items():
        row = apps.get_model("lots", "CompositionRequirement").objects.create(
            lot=lot, slug=slug, label=slug, min_count=1, kinds=kinds
        )
        apps.get_model("lots", "HistoricalCompositionRequirement").objects.create(
            id=row.pk,
            lot=lot,
            slug=slug,
            label=slug,
            min_count=1,
            kinds=kinds,
            history_date=timezone.now(),
            history_type="+",
        )


def kinds_by_slug(apps, model):
    return dict(apps.get_model("lots", model).objects.values_list("slug", "kinds"))


def test_split_counts_both_where_social_partners_counted(migrator):
    apps = migrator.before(*MIGRATION)
    rows(
        apps,
        lot(apps),
        {
            "enterprise-side": ENTERPRISE_SIDE,
            "social": ["social_partner"],
            "vet": ["vet_provider"],
        },
    )

    apps = migrator.after(*MIGRATION)

    expected = {
        "enterprise-side": SPLIT_ENTERPRISE_SIDE,
        "social": ["employers_organisation", "trade_union"],
        "vet": ["vet_provider"],
    }
    assert (
        kinds_by_slug(apps, "CompositionRequirement"),
        kinds_by_slug(apps, "HistoricalCompositionRequirement"),
    ) == (expected, expected)


def test_reverse_makes_either_a_social_partner_again(migrator):
    apps = migrator.after(*MIGRATION)
    rows(
        apps,
        lot(apps),
        {
            "enterprise-side": SPLIT_ENTERPRISE_SIDE,
            "unions": ["trade_union", "vet_provider"],
            "vet": ["vet_provider"],
        },
    )

    apps = migrator.before(*MIGRATION)

    expected = {
        "enterprise-side": ENTERPRISE_SIDE,
        "unions": ["social_partner", "vet_provider"],
        "vet": ["vet_provider"],
    }
    assert (
        kinds_by_slug(apps, "CompositionRequirement"),
        kinds_by_slug(apps, "HistoricalCompositionRequirement"),
    ) == (expected, expected)
