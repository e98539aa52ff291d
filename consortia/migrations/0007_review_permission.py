"""The review_proposal permission, held by the Reviewers group: who reviews (sees every
proposal's exports, records outcomes) is this permission, never is_staff alone."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant_to_reviewers(apps, schema_editor):
    # Permissions are made after all migrations; make this one now so the group can hold it.
    config = apps.get_app_config("consortia")
    if getattr(config, "models_module", None) is None:  # historical configs have none
        config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Reviewers")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="consortia", codename="review_proposal")
    )


def take_from_reviewers(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="consortia", codename="review_proposal"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("consortia", "0006_reviewers_group")]

    operations = [
        migrations.AlterModelOptions(
            name="proposal",
            options={
                "ordering": ["-updated_at", "-pk"],
                "permissions": [("review_proposal", "Can review proposals and read every export")],
            },
        ),
        migrations.RunPython(grant_to_reviewers, take_from_reviewers),
    ]
