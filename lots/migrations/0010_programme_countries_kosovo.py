# Kosovo (XK, COUNTRIES_OVERRIDE) makes the list of every country three characters longer.

import django_countries.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('lots', '0009_sectors_per_call'),
    ]

    operations = [
        migrations.AlterField(
            model_name='call',
            name='programme_countries',
            field=django_countries.fields.CountryField(blank=True, help_text='Participants from any other country come from Partner countries.', max_length=749, multiple=True),
        ),
        migrations.AlterField(
            model_name='historicalcall',
            name='programme_countries',
            field=django_countries.fields.CountryField(blank=True, help_text='Participants from any other country come from Partner countries.', max_length=749, multiple=True),
        ),
    ]
