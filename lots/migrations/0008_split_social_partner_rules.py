"""'social_partner' split into 'employers_organisation' and 'trade_union'. A composition row
(and its history) that counted social partners counts both instead, so every rule keeps its
meaning. Back: either of the two becomes 'social_partner' again."""

import lots.fields
from django.db import migrations, models

SOCIAL_PARTNER = "social_partner"
SPLIT = ["employers_organisation", "trade_union"]


def replaced(kinds, old, new):
    """``kinds`` with each of ``old`` replaced by ``new`` in its place, without duplicates."""
    result = []
    for kind in kinds:
        for each in new if kind in old else [kind]:
            if each not in result:
                result.append(each)
    return result


def rewrite(apps, old, new):
    for name in ("CompositionRequirement", "HistoricalCompositionRequirement"):
        model = apps.get_model("lots", name)
        changed = []
        for row in model.objects.only("pk", "kinds").iterator():
            kinds = replaced(row.kinds or [], old, new)
            if kinds != row.kinds:
                row.kinds = kinds
                changed.append(row)
        model.objects.bulk_update(changed, ["kinds"], batch_size=500)


def split(apps, schema_editor):
    rewrite(apps, [SOCIAL_PARTNER], SPLIT)


def join(apps, schema_editor):
    rewrite(apps, SPLIT, [SOCIAL_PARTNER])


class Migration(migrations.Migration):

    dependencies = [
        ('lots', '0007_rules_of_past_calls'),
    ]

    operations = [
        migrations.AlterField(
            model_name='compositionrequirement',
            name='kinds',
            field=lots.fields.ChoiceListField(default=list, item_choices=[('enterprise', 'Enterprise'), ('vet_provider', 'VET provider'), ('higher_education', 'Higher education institution'), ('employers_organisation', "Employers' organisation"), ('trade_union', 'Trade union'), ('chamber', 'Chamber, trade or sector association'), ('sector_skills_council', 'Sector skills council'), ('public_authority', 'Public authority (ministry, regional, local)'), ('research_institute', 'Research institute'), ('guidance_service', 'Guidance, counselling or information service'), ('other', 'Other')], verbose_name='kinds'),
        ),
        migrations.AlterField(
            model_name='compositionrequirement',
            name='label',
            field=models.CharField(help_text="Plural, e.g. 'enterprises, chambers or employers' organisations'.", max_length=200),
        ),
        migrations.AlterField(
            model_name='historicalcompositionrequirement',
            name='kinds',
            field=lots.fields.ChoiceListField(default=list, item_choices=[('enterprise', 'Enterprise'), ('vet_provider', 'VET provider'), ('higher_education', 'Higher education institution'), ('employers_organisation', "Employers' organisation"), ('trade_union', 'Trade union'), ('chamber', 'Chamber, trade or sector association'), ('sector_skills_council', 'Sector skills council'), ('public_authority', 'Public authority (ministry, regional, local)'), ('research_institute', 'Research institute'), ('guidance_service', 'Guidance, counselling or information service'), ('other', 'Other')], verbose_name='kinds'),
        ),
        migrations.AlterField(
            model_name='historicalcompositionrequirement',
            name='label',
            field=models.CharField(help_text="Plural, e.g. 'enterprises, chambers or employers' organisations'.", max_length=200),
        ),
        migrations.RunPython(split, join),
    ]
