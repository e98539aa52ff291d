"""'social_partner' split into 'employers_organisation' and 'trade_union'. Organisations of
that kind, their history and the pending corrections that propose it become trade unions when
their name (legal or short) says so, employers' organisations otherwise. Submissions' snapshots
are records of what was submitted and stay as they are. Back: both become 'social_partner'.

The rule is a frozen copy of ``lots.kinds`` as it was written, as migrations must be."""

import re
import unicodedata

from django.db import migrations, models

SOCIAL_PARTNER = "social_partner"
EMPLOYERS_ORGANISATION = "employers_organisation"
TRADE_UNION = "trade_union"

TRADE_UNION_WORDS = (
    # Anywhere in a word: languages that compound (Industriegewerkschaft), and stems
    # (intersyndicale, sindacati, sindikata).
    "gewerkschaft",
    "vakbond",
    "vakcentrale",
    "ammattiliit",
    "fackforbund",
    "fackforening",
    "fagforbund",
    "fagforening",
    "fagbevægelse",
    "szakszervezet",
    "arodbiedr",
    "ametiuhing",
    "profsajung",
    "sendika",
    "syndica",
    "sindica",
    "sindaca",
    "sindikat",
    "συνδικ",
    "синдикат",
    "синдикал",
    "профспілк",
    "профсоюз",
    # At the start of a word.
    r"\btrades?[ -]unions?\b",
    r"\blabou?r unions?\b",
    # English "union" only as unions name themselves ("Bakers' Union", "Union of ...
    # Workers"): French employers' federations are often "Union des industries ...".
    r"\bunion(?: of| for|\W*$|\s*\()",
    r"\bunionen\b",
    r"\bworkers?\b",
    r"\bemployees\b",
    r"\btravailleu",
    r"\btrabajador",
    r"\btrabalhador",
    r"\blavorator",
    r"\bwerknemer",
    r"\barbeitnehmer",
    r"\bpracownik",
    r"\bzamestnanc",
    r"\btyontekij",
    r"\bodbor(?:y|ov|ar)",  # odbory, odborový, odborári; not odbor (a department), odborné
    r"\bzwiaz\w* zawodow",
    r"\bsolidarnosc\b",
    r"\bcomisiones obreras\b",
    r"\bforce ouvriere\b",
    r"\b(?:ig|if)[ -]?(?:metall|bce|bau)\b",
    r"\bver\.?di\b",
    r"\bunison\b",
    r"\bindustriall\b",
    # Confederations known by their initials, as whole words.
    r"\b(?:cgt|cfdt|cftc|cgc|unsa|fgtb|abvv|acv|aclvb|fnv|cnv|dgb|ogb|cgil|cisl|uil|ccoo|ugt"
    r"|cgtp|nszz|opzz|cmkos|gsee|adedy|knsb|tuc|ictu|sak|tco|saco|etuc)\b",
)
EMPLOYER_WORDS = (
    "employer",
    "patronal",
    "patronat",
    "empresari",
    "arbeitgeber",
    "werkgever",
    "pracodaw",
    "tyonantaj",
    "arbetsgivar",
    "arbejdsgiver",
    "arbeidsgiver",
    "zamestnavatel",
    "munkaltato",
    "munkaado",
    "delodajal",
    "poslodav",
    "darba devej",
    "tooandja",
    "isveren",
    "εργοδοτ",
    "работодател",
    "роботодав",
    "confindustria",
    "unternehm",
    "entreprise",
    "entrepreneur",
    "fabricant",
    "manufacturer",
    "chamber",
    r"\bempresas\b",
    r"\bimpres[ae]\b",
    r"\bcompanies\b",
    r"\bbusiness",
)
TRADE_UNION_NAME = re.compile("|".join(TRADE_UNION_WORDS), re.MULTILINE)
EMPLOYER_NAME = re.compile("|".join(EMPLOYER_WORDS), re.MULTILINE)


def new_kind(*names):
    text = unicodedata.normalize("NFKD", "\n".join(names).casefold().replace("\u2019", "'"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    union = TRADE_UNION_NAME.search(text) and not EMPLOYER_NAME.search(text)
    return TRADE_UNION if union else EMPLOYERS_ORGANISATION


def split_organisations(model):
    by_kind = {EMPLOYERS_ORGANISATION: [], TRADE_UNION: []}
    rows = model.objects.filter(kind=SOCIAL_PARTNER).values_list("pk", "legal_name", "short_name")
    for pk, legal_name, short_name in rows.iterator():
        by_kind[new_kind(legal_name, short_name)].append(pk)
    for kind, pks in by_kind.items():
        model.objects.filter(pk__in=pks).update(kind=kind)


def split(apps, schema_editor):
    split_organisations(apps.get_model("consortia", "Organisation"))
    split_organisations(apps.get_model("consortia", "HistoricalOrganisation"))
    Correction = apps.get_model("consortia", "OrganisationCorrection")
    pending = Correction.objects.filter(status="pending", fields__kind=SOCIAL_PARTNER)
    for correction in pending.select_related("organisation"):
        organisation, fields = correction.organisation, correction.fields
        fields["kind"] = new_kind(
            fields.get("legal_name", organisation.legal_name),
            fields.get("short_name", organisation.short_name),
        )
        correction.save(update_fields=["fields"])


def join(apps, schema_editor):
    for name in ("Organisation", "HistoricalOrganisation"):
        model = apps.get_model("consortia", name)
        model.objects.filter(kind__in=[EMPLOYERS_ORGANISATION, TRADE_UNION]).update(
            kind=SOCIAL_PARTNER
        )
    Correction = apps.get_model("consortia", "OrganisationCorrection")
    pending = Correction.objects.filter(
        status="pending", fields__kind__in=[EMPLOYERS_ORGANISATION, TRADE_UNION]
    )
    for correction in pending:
        correction.fields["kind"] = SOCIAL_PARTNER
        correction.save(update_fields=["fields"])


class Migration(migrations.Migration):

    dependencies = [
        ('consortia', '0008_organisation_managers_and_corrections'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalorganisation',
            name='kind',
            field=models.CharField(choices=[('enterprise', 'Enterprise'), ('vet_provider', 'VET provider'), ('higher_education', 'Higher education institution'), ('employers_organisation', "Employers' organisation"), ('trade_union', 'Trade union'), ('chamber', 'Chamber, trade or sector association'), ('sector_skills_council', 'Sector skills council'), ('public_authority', 'Public authority (ministry, regional, local)'), ('research_institute', 'Research institute'), ('guidance_service', 'Guidance, counselling or information service'), ('other', 'Other')], max_length=30),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='kind',
            field=models.CharField(choices=[('enterprise', 'Enterprise'), ('vet_provider', 'VET provider'), ('higher_education', 'Higher education institution'), ('employers_organisation', "Employers' organisation"), ('trade_union', 'Trade union'), ('chamber', 'Chamber, trade or sector association'), ('sector_skills_council', 'Sector skills council'), ('public_authority', 'Public authority (ministry, regional, local)'), ('research_institute', 'Research institute'), ('guidance_service', 'Guidance, counselling or information service'), ('other', 'Other')], max_length=30),
        ),
        migrations.RunPython(split, join),
    ]
