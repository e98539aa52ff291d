"""The first mandate text partners confirm when they accept an invitation."""

from django.db import migrations

MANDATE_V1 = (
    "I confirm that I am authorised to act for {organisation}. {organisation} takes part as a "
    "full partner in the proposal {acronym} ({title}) to the call {call}, and mandates the "
    "applicant, {applicant}, to submit the proposal on its behalf, to sign the grant agreement "
    "with the Agency if the proposal is selected, and to act as the single point of contact "
    "with the Agency for the project. {organisation} commits to carry out its part of the "
    "project as described in the proposal."
)


def create_mandate(apps, schema_editor):
    apps.get_model("consortia", "MandateText").objects.create(version="1", text=MANDATE_V1)


def remove_mandate(apps, schema_editor):
    apps.get_model("consortia", "MandateText").objects.filter(version="1").delete()


class Migration(migrations.Migration):
    dependencies = [("consortia", "0002_invitations_mandates_submissions")]

    operations = [migrations.RunPython(create_mandate, remove_mandate)]
