"""The migration that splits 'social_partner': organisations, their history and pending
corrections become trade unions or employers' organisations by name, and back."""

from django.utils import timezone

MIGRATION = ("consortia", "0009_split_social_partner")


def organisation(apps, legal_name, kind, short_name=""):
    return apps.get_model("consortia", "Organisation").objects.create(
        legal_name=legal_name, short_name=short_name, country="DE", kind=kind
    )


def record(apps, organisation, legal_name, kind):
    """A history row of the organisation, as it once was."""
    return apps.get_model("consortia", "HistoricalOrganisation").objects.create(
        id=organisation.pk,
        legal_name=legal_name,
        country="DE",
        kind=kind,
        created_at=organisation.created_at,
        updated_at=organisation.updated_at,
        history_date=timezone.now(),
        history_type="~",
    )


def correction(apps, organisation, status, **fields):
    return apps.get_model("consortia", "OrganisationCorrection").objects.create(
        organisation=organisation, fields=fields, status=status
    )


def kinds_by_name(apps, model):
    rows = apps.get_model("consortia", model).objects.values_list("legal_name", "kind")
    return dict(rows)


def test_split_gives_social_partners_the_kind_their_name_says(migrator):
    apps = migrator.before(*MIGRATION)
    organisation(apps, "IG Metall Bezirk Küste", "social_partner")
    organisation(apps, "Fédération générale du travail de Belgique", "social_partner", "FGTB")
    organisation(apps, "Norsk Industri", "social_partner", "NI")
    organisation(apps, "Union des industries et métiers de la métallurgie", "social_partner")
    organisation(apps, "Berufskolleg Essen", "vet_provider")

    apps = migrator.after(*MIGRATION)

    assert kinds_by_name(apps, "Organisation") == {
        "IG Metall Bezirk Küste": "trade_union",
        "Fédération générale du travail de Belgique": "trade_union",
        "Norsk Industri": "employers_organisation",
        "Union des industries et métiers de la métallurgie": "employers_organisation",
        "Berufskolleg Essen": "vet_provider",
    }


def test_split_gives_each_history_row_the_kind_its_own_name_says(migrator):
    apps = migrator.before(*MIGRATION)
    industry = organisation(apps, "Norsk Industri", "social_partner")
    record(apps, industry, "Bakers' Union", "social_partner")
    record(apps, industry, "Norsk Industri", "social_partner")
    record(apps, industry, "Norsk Industri Skole", "vet_provider")

    apps = migrator.after(*MIGRATION)

    assert kinds_by_name(apps, "HistoricalOrganisation") == {
        "Bakers' Union": "trade_union",
        "Norsk Industri": "employers_organisation",
        "Norsk Industri Skole": "vet_provider",
    }


def test_split_rewrites_pending_corrections_and_keeps_decided_ones(migrator):
    apps = migrator.before(*MIGRATION)
    school = organisation(apps, "Bakers' School", "vet_provider")
    renamed = correction(apps, school, "pending", legal_name="Bakers' Union", kind="social_partner")
    kind_only = correction(apps, school, "pending", kind="social_partner")
    refused = correction(apps, school, "refused", legal_name="Unite", kind="social_partner")

    apps = migrator.after(*MIGRATION)

    Correction = apps.get_model("consortia", "OrganisationCorrection")
    assert [Correction.objects.get(pk=c.pk).fields for c in (renamed, kind_only, refused)] == [
        {"legal_name": "Bakers' Union", "kind": "trade_union"},
        {"kind": "employers_organisation"},
        {"legal_name": "Unite", "kind": "social_partner"},
    ]


def test_reverse_makes_both_social_partners_again(migrator):
    apps = migrator.after(*MIGRATION)
    union = organisation(apps, "IG BCE", "trade_union")
    organisation(apps, "Gesamtmetall", "employers_organisation")
    organisation(apps, "Berufskolleg Essen", "vet_provider")
    record(apps, union, "IG BCE", "trade_union")
    pending = correction(apps, union, "pending", kind="employers_organisation")

    apps = migrator.before(*MIGRATION)

    assert (
        kinds_by_name(apps, "Organisation"),
        kinds_by_name(apps, "HistoricalOrganisation"),
        apps.get_model("consortia", "OrganisationCorrection").objects.get(pk=pending.pk).fields,
    ) == (
        {
            "IG BCE": "social_partner",
            "Gesamtmetall": "social_partner",
            "Berufskolleg Essen": "vet_provider",
        },
        {"IG BCE": "social_partner"},
        {"kind": "social_partner"},
    )
