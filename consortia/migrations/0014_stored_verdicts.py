"""Stored verdicts (issue 13): each proposal's eligibility, failing checks and Programme
countries, null until computed. Existing proposals are computed by the refresh task, queued
here through the outbox (the sweep publishes it): the migration does not run the engine,
whose code may change after it."""

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def queue_refresh(apps, schema_editor):
    """One intent for every lot that has proposals (``consortia.refresh_lot_verdicts``)."""
    Proposal = apps.get_model("consortia", "Proposal")
    Intent = apps.get_model("outbox", "Intent")
    lot_ids = sorted(set(Proposal.objects.values_list("lot_id", flat=True)))
    if lot_ids:
        Intent.objects.create(
            task="consortia.refresh_lot_verdicts", kwargs={"lot_ids": lot_ids}, due_at=timezone.now()
        )


class Migration(migrations.Migration):

    dependencies = [
        ('consortia', '0013_organisation_by_country_kind'),
        ('lots', '0010_programme_countries_kosovo'),
        ('outbox', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='proposal',
            name='eligible',
            field=models.BooleanField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='proposal',
            name='failing_checks',
            field=models.JSONField(default=list, editable=False),
        ),
        migrations.AddField(
            model_name='proposal',
            name='programme_country_count',
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='proposal',
            name='verdict_at',
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name='proposal',
            index=models.Index(fields=['eligible', '-updated_at', '-id'], name='proposal_by_verdict'),
        ),
        migrations.RunPython(queue_refresh, migrations.RunPython.noop),
    ]
