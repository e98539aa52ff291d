"""The default call's title without "(default call)": that is the portal's word for it, not a
title people should read in headings, lists and exports."""

from django.db import migrations

OLD = "Sector Skills Alliances (default call)"
NEW = "Erasmus+ Sector Skills Alliances"


def retitle(apps, schema_editor, old=OLD, new=NEW):
    apps.get_model("lots", "Call").objects.filter(is_default=True, title=old).update(title=new)


def restore(apps, schema_editor):
    retitle(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [("lots", "0005_sector_keywords_data")]

    operations = [migrations.RunPython(retitle, restore)]
