"""The mandate text in English, French and German (django-modeltranslation's text_en, text_fr,
text_de) with version 1 translated; the language a partner confirmed it in, on the membership."""

from django.db import migrations, models

# Version 1 (0003_mandate_text_v1) in the register of the programme's legal texts: the Erasmus+
# Programme Guide's "partenaire à part entière" / "Vollpartner", "convention de subvention" /
# "Finanzhilfevereinbarung". The German avoids pronouns for the organisation, whose
# grammatical gender its name does not tell.
MANDATE_V1_FR = (
    "Je confirme être habilité(e) à agir au nom de {organisation}. {organisation} participe en "
    "qualité de partenaire à part entière à la proposition {acronym} ({title}) présentée dans "
    "le cadre de l'appel {call} et donne mandat au demandeur, {applicant}, pour soumettre la "
    "proposition en son nom, signer la convention de subvention avec l'Agence si la proposition "
    "est retenue et agir en qualité de point de contact unique avec l'Agence pour le projet. "
    "{organisation} s'engage à mettre en œuvre sa part du projet telle que décrite dans la "
    "proposition."
)
MANDATE_V1_DE = (
    "Ich bestätige, dass ich befugt bin, im Namen von {organisation} zu handeln. {organisation} "
    "beteiligt sich als Vollpartner an dem Antrag {acronym} ({title}) im Rahmen der Aufforderung "
    "{call} und bevollmächtigt den Antragsteller, {applicant}, den Antrag im Namen von "
    "{organisation} einzureichen, im Falle der Auswahl des Antrags die Finanzhilfevereinbarung "
    "mit der Agentur zu unterzeichnen und für das Projekt als einzige Kontaktstelle gegenüber "
    "der Agentur aufzutreten. {organisation} verpflichtet sich, die im Antrag beschriebenen "
    "eigenen Projektaufgaben durchzuführen."
)


def translate_mandates(apps, schema_editor):
    MandateText = apps.get_model("consortia", "MandateText")
    for mandate in MandateText.objects.all():
        mandate.text_en = mandate.text
        if mandate.version == "1":
            mandate.text_fr, mandate.text_de = MANDATE_V1_FR, MANDATE_V1_DE
        mandate.save(update_fields=["text_en", "text_fr", "text_de"])


class Migration(migrations.Migration):

    dependencies = [
        ('consortia', '0017_export_language'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalmembership',
            name='mandate_language',
            field=models.CharField(blank=True, choices=[('en', 'English'), ('fr', 'French'), ('de', 'German')], help_text='The language of the mandate text the partner read and confirmed.', max_length=8, verbose_name='mandate language'),
        ),
        migrations.AddField(
            model_name='mandatetext',
            name='text_de',
            field=models.TextField(help_text='Placeholders: {organisation}, {applicant}, {acronym}, {title}, {call}.', null=True),
        ),
        migrations.AddField(
            model_name='mandatetext',
            name='text_en',
            field=models.TextField(help_text='Placeholders: {organisation}, {applicant}, {acronym}, {title}, {call}.', null=True),
        ),
        migrations.AddField(
            model_name='mandatetext',
            name='text_fr',
            field=models.TextField(help_text='Placeholders: {organisation}, {applicant}, {acronym}, {title}, {call}.', null=True),
        ),
        migrations.AddField(
            model_name='membership',
            name='mandate_language',
            field=models.CharField(blank=True, choices=[('en', 'English'), ('fr', 'French'), ('de', 'German')], help_text='The language of the mandate text the partner read and confirmed.', max_length=8, verbose_name='mandate language'),
        ),
        migrations.RunPython(translate_mandates, migrations.RunPython.noop),
    ]
