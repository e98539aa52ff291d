"""The Reviewers group: reviewers view proposals and what belongs to them, and change only a
proposal's review fields (ProposalAdmin keeps the other fields read-only for them)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWER_PERMISSIONS = {
    "consortia": [
        "view_proposal",
        "change_proposal",
        "view_membership",
        "view_organisation",
        "view_invitation",
        "view_submission",
        "view_exportjob",
        "view_mandatetext",
        "view_sentemail",
    ],
    "lots": ["view_call", "view_lot", "view_sector", "view_compositionrequirement", "view_grantcap"],
}


def create_reviewers(apps, schema_editor):
    # Permissions are made after all migrations; make them now so the group can hold them.
    for label in REVIEWER_PERMISSIONS:
        config = apps.get_app_config(label)
        if getattr(config, "models_module", None) is None:  # historical configs have none
            config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Reviewers")
    for label, codenames in REVIEWER_PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=label, codename__in=codenames)
        )


def remove_reviewers(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Reviewers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consortia", "0005_history_and_review"),
        ("lots", "0003_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_reviewers, remove_reviewers)]
