"""Database texts in English, French and German (django-modeltranslation): a column per language
for call titles and caveats, lot titles and descriptions, composition labels and sector names,
the English one filled from the existing column; the French and German names of the 109 NACE
Rev. 2 sections and divisions (Eurostat's French and German versions of NACE Rev. 2), and the
default call's title and lots in French and German."""

from django.db import migrations, models

# NACE Rev. 2 by code: (French, German), as Eurostat publishes them (RAMON; the German follows
# the official NACE Rev. 2 wording, which WZ 2008 takes over).
NACE_REV2 = {
    "A": ("Agriculture, sylviculture et pêche", "Land- und Forstwirtschaft, Fischerei"),
    "01": ("Culture et production animale, chasse et services annexes",
           "Landwirtschaft, Jagd und damit verbundene Tätigkeiten"),
    "02": ("Sylviculture et exploitation forestière", "Forstwirtschaft und Holzeinschlag"),
    "03": ("Pêche et aquaculture", "Fischerei und Aquakultur"),
    "B": ("Industries extractives", "Bergbau und Gewinnung von Steinen und Erden"),
    "05": ("Extraction de houille et de lignite", "Kohlenbergbau"),
    "06": ("Extraction d'hydrocarbures", "Gewinnung von Erdöl und Erdgas"),
    "07": ("Extraction de minerais métalliques", "Erzbergbau"),
    "08": ("Autres industries extractives", "Gewinnung von Steinen und Erden, sonstiger Bergbau"),
    "09": ("Services de soutien aux industries extractives",
           "Erbringung von Dienstleistungen für den Bergbau und für die Gewinnung von Steinen "
           "und Erden"),
    "C": ("Industrie manufacturière", "Verarbeitendes Gewerbe/Herstellung von Waren"),
    "10": ("Industries alimentaires", "Herstellung von Nahrungs- und Futtermitteln"),
    "11": ("Fabrication de boissons", "Getränkeherstellung"),
    "12": ("Fabrication de produits à base de tabac", "Tabakverarbeitung"),
    "13": ("Fabrication de textiles", "Herstellung von Textilien"),
    "14": ("Industrie de l'habillement", "Herstellung von Bekleidung"),
    "15": ("Industrie du cuir et de la chaussure", "Herstellung von Leder, Lederwaren und Schuhen"),
    "16": ("Travail du bois et fabrication d'articles en bois et en liège, à l'exception des "
           "meubles ; fabrication d'articles en vannerie et sparterie",
           "Herstellung von Holz-, Flecht-, Korb- und Korkwaren (ohne Möbel)"),
    "17": ("Industrie du papier et du carton", "Herstellung von Papier, Pappe und Waren daraus"),
    "18": ("Imprimerie et reproduction d'enregistrements",
           "Herstellung von Druckerzeugnissen; Vervielfältigung von bespielten Ton-, Bild- und "
           "Datenträgern"),
    "19": ("Cokéfaction et raffinage", "Kokerei und Mineralölverarbeitung"),
    "20": ("Industrie chimique", "Herstellung von chemischen Erzeugnissen"),
    "21": ("Industrie pharmaceutique", "Herstellung von pharmazeutischen Erzeugnissen"),
    "22": ("Fabrication de produits en caoutchouc et en plastique",
           "Herstellung von Gummi- und Kunststoffwaren"),
    "23": ("Fabrication d'autres produits minéraux non métalliques",
           "Herstellung von Glas und Glaswaren, Keramik, Verarbeitung von Steinen und Erden"),
    "24": ("Métallurgie", "Metallerzeugung und -bearbeitung"),
    "25": ("Fabrication de produits métalliques, à l'exception des machines et des équipements",
           "Herstellung von Metallerzeugnissen"),
    "26": ("Fabrication de produits informatiques, électroniques et optiques",
           "Herstellung von Datenverarbeitungsgeräten, elektronischen und optischen Erzeugnissen"),
    "27": ("Fabrication d'équipements électriques", "Herstellung von elektrischen Ausrüstungen"),
    "28": ("Fabrication de machines et équipements n.c.a.", "Maschinenbau"),
    "29": ("Industrie automobile", "Herstellung von Kraftwagen und Kraftwagenteilen"),
    "30": ("Fabrication d'autres matériels de transport", "Sonstiger Fahrzeugbau"),
    "31": ("Fabrication de meubles", "Herstellung von Möbeln"),
    "32": ("Autres industries manufacturières", "Herstellung von sonstigen Waren"),
    "33": ("Réparation et installation de machines et d'équipements",
           "Reparatur und Installation von Maschinen und Ausrüstungen"),
    "D": ("Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné",
          "Energieversorgung"),
    "35": ("Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné",
           "Energieversorgung"),
    "E": ("Production et distribution d'eau ; assainissement, gestion des déchets et dépollution",
          "Wasserversorgung; Abwasser- und Abfallentsorgung und Beseitigung von "
          "Umweltverschmutzungen"),
    "36": ("Captage, traitement et distribution d'eau", "Wasserversorgung"),
    "37": ("Collecte et traitement des eaux usées", "Abwasserentsorgung"),
    "38": ("Collecte, traitement et élimination des déchets ; récupération",
           "Sammlung, Behandlung und Beseitigung von Abfällen; Rückgewinnung"),
    "39": ("Dépollution et autres services de gestion des déchets",
           "Beseitigung von Umweltverschmutzungen und sonstige Entsorgung"),
    "F": ("Construction", "Baugewerbe"),
    "41": ("Construction de bâtiments", "Hochbau"),
    "42": ("Génie civil", "Tiefbau"),
    "43": ("Travaux de construction spécialisés",
           "Vorbereitende Baustellenarbeiten, Bauinstallation und sonstiges Ausbaugewerbe"),
    "G": ("Commerce ; réparation d'automobiles et de motocycles",
          "Handel; Instandhaltung und Reparatur von Kraftfahrzeugen"),
    "45": ("Commerce et réparation d'automobiles et de motocycles",
           "Handel mit Kraftfahrzeugen; Instandhaltung und Reparatur von Kraftfahrzeugen"),
    "46": ("Commerce de gros, à l'exception des automobiles et des motocycles",
           "Großhandel (ohne Handel mit Kraftfahrzeugen)"),
    "47": ("Commerce de détail, à l'exception des automobiles et des motocycles",
           "Einzelhandel (ohne Handel mit Kraftfahrzeugen)"),
    "H": ("Transports et entreposage", "Verkehr und Lagerei"),
    "49": ("Transports terrestres et transport par conduites",
           "Landverkehr und Transport in Rohrfernleitungen"),
    "50": ("Transports par eau", "Schifffahrt"),
    "51": ("Transports aériens", "Luftfahrt"),
    "52": ("Entreposage et services auxiliaires des transports",
           "Lagerei sowie Erbringung von sonstigen Dienstleistungen für den Verkehr"),
    "53": ("Activités de poste et de courrier", "Post-, Kurier- und Expressdienste"),
    "I": ("Hébergement et restauration", "Gastgewerbe"),
    "55": ("Hébergement", "Beherbergung"),
    "56": ("Restauration", "Gastronomie"),
    "J": ("Information et communication", "Information und Kommunikation"),
    "58": ("Édition", "Verlagswesen"),
    "59": ("Production de films cinématographiques, de vidéo et de programmes de télévision ; "
           "enregistrement sonore et édition musicale",
           "Herstellung, Verleih und Vertrieb von Filmen und Fernsehprogrammen; Kinos; "
           "Tonstudios und Verlegen von Musik"),
    "60": ("Programmation et diffusion", "Rundfunkveranstalter"),
    "61": ("Télécommunications", "Telekommunikation"),
    "62": ("Programmation, conseil et autres activités informatiques",
           "Erbringung von Dienstleistungen der Informationstechnologie"),
    "63": ("Services d'information", "Informationsdienstleistungen"),
    "K": ("Activités financières et d'assurance",
          "Erbringung von Finanz- und Versicherungsdienstleistungen"),
    "64": ("Activités des services financiers, hors assurance et caisses de retraite",
           "Erbringung von Finanzdienstleistungen"),
    "65": ("Assurance", "Versicherungen, Rückversicherungen und Pensionskassen (ohne "
           "Sozialversicherung)"),
    "66": ("Activités auxiliaires de services financiers et d'assurance",
           "Mit Finanz- und Versicherungsdienstleistungen verbundene Tätigkeiten"),
    "L": ("Activités immobilières", "Grundstücks- und Wohnungswesen"),
    "68": ("Activités immobilières", "Grundstücks- und Wohnungswesen"),
    "M": ("Activités spécialisées, scientifiques et techniques",
          "Erbringung von freiberuflichen, wissenschaftlichen und technischen Dienstleistungen"),
    "69": ("Activités juridiques et comptables",
           "Rechts- und Steuerberatung, Wirtschaftsprüfung"),
    "70": ("Activités des sièges sociaux ; conseil de gestion",
           "Verwaltung und Führung von Unternehmen und Betrieben; Unternehmensberatung"),
    "71": ("Activités d'architecture et d'ingénierie ; activités de contrôle et analyses "
           "techniques",
           "Architektur- und Ingenieurbüros; technische, physikalische und chemische "
           "Untersuchung"),
    "72": ("Recherche-développement scientifique", "Forschung und Entwicklung"),
    "73": ("Publicité et études de marché", "Werbung und Marktforschung"),
    "74": ("Autres activités spécialisées, scientifiques et techniques",
           "Sonstige freiberufliche, wissenschaftliche und technische Tätigkeiten"),
    "75": ("Activités vétérinaires", "Veterinärwesen"),
    "N": ("Activités de services administratifs et de soutien",
          "Erbringung von sonstigen wirtschaftlichen Dienstleistungen"),
    "77": ("Activités de location et location-bail", "Vermietung von beweglichen Sachen"),
    "78": ("Activités liées à l'emploi", "Vermittlung und Überlassung von Arbeitskräften"),
    "79": ("Activités des agences de voyage, voyagistes, services de réservation et activités "
           "connexes",
           "Reisebüros, Reiseveranstalter und Erbringung sonstiger Reservierungsdienstleistungen"),
    "80": ("Enquêtes et sécurité", "Wach- und Sicherheitsdienste sowie Detekteien"),
    "81": ("Services relatifs aux bâtiments et aménagement paysager",
           "Gebäudebetreuung; Garten- und Landschaftsbau"),
    "82": ("Activités administratives et autres activités de soutien aux entreprises",
           "Erbringung von wirtschaftlichen Dienstleistungen für Unternehmen und Privatpersonen "
           "a. n. g."),
    "O": ("Administration publique et défense ; sécurité sociale obligatoire",
          "Öffentliche Verwaltung, Verteidigung; Sozialversicherung"),
    "84": ("Administration publique et défense ; sécurité sociale obligatoire",
           "Öffentliche Verwaltung, Verteidigung; Sozialversicherung"),
    "P": ("Enseignement", "Erziehung und Unterricht"),
    "85": ("Enseignement", "Erziehung und Unterricht"),
    "Q": ("Santé humaine et action sociale", "Gesundheits- und Sozialwesen"),
    "86": ("Activités pour la santé humaine", "Gesundheitswesen"),
    "87": ("Hébergement médico-social et social", "Heime (ohne Erholungs- und Ferienheime)"),
    "88": ("Action sociale sans hébergement", "Sozialwesen (ohne Heime)"),
    "R": ("Arts, spectacles et activités récréatives", "Kunst, Unterhaltung und Erholung"),
    "90": ("Activités créatives, artistiques et de spectacle",
           "Kreative, künstlerische und unterhaltende Tätigkeiten"),
    "91": ("Bibliothèques, archives, musées et autres activités culturelles",
           "Bibliotheken, Archive, Museen, botanische und zoologische Gärten"),
    "92": ("Organisation de jeux de hasard et d'argent", "Spiel-, Wett- und Lotteriewesen"),
    "93": ("Activités sportives, récréatives et de loisirs",
           "Erbringung von Dienstleistungen des Sports, der Unterhaltung und der Erholung"),
    "S": ("Autres activités de services", "Erbringung von sonstigen Dienstleistungen"),
    "94": ("Activités des organisations associatives",
           "Interessenvertretungen sowie kirchliche und sonstige religiöse Vereinigungen (ohne "
           "Sozialwesen und Sport)"),
    "95": ("Réparation d'ordinateurs et de biens personnels et domestiques",
           "Reparatur von Datenverarbeitungsgeräten und Gebrauchsgütern"),
    "96": ("Autres services personnels",
           "Erbringung von sonstigen überwiegend persönlichen Dienstleistungen"),
    "T": ("Activités des ménages en tant qu'employeurs ; activités indifférenciées des ménages "
          "en tant que producteurs de biens et services pour usage propre",
          "Private Haushalte mit Hauspersonal; Herstellung von Waren und Erbringung von "
          "Dienstleistungen durch private Haushalte für den Eigenbedarf ohne ausgeprägten "
          "Schwerpunkt"),
    "97": ("Activités des ménages en tant qu'employeurs de personnel domestique",
           "Private Haushalte mit Hauspersonal"),
    "98": ("Activités indifférenciées des ménages en tant que producteurs de biens et services "
           "pour usage propre",
           "Herstellung von Waren und Erbringung von Dienstleistungen durch private Haushalte "
           "für den Eigenbedarf ohne ausgeprägten Schwerpunkt"),
    "U": ("Activités extra-territoriales", "Exterritoriale Organisationen und Körperschaften"),
    "99": ("Activités des organisations et organismes extraterritoriaux",
           "Exterritoriale Organisationen und Körperschaften"),
}

# The default call (0002_reference_data, retitled by 0006) by its English texts: (French, German).
DEFAULT_CALL = {
    "Erasmus+ Sector Skills Alliances": (
        "Erasmus+ Alliances sectorielles pour les compétences",
        "Erasmus+ Allianzen für branchenspezifische Fertigkeiten",
    ),
    "Sector Skills Alliances (default call)": (
        "Alliances sectorielles pour les compétences (appel par défaut)",
        "Allianzen für branchenspezifische Fertigkeiten (Standardaufforderung)",
    ),
    "Sectoral approaches through transnational Platforms of vocational excellence": (
        "Approches sectorielles au moyen de plateformes transnationales d'excellence "
        "professionnelle",
        "Sektorale Ansätze durch transnationale Plattformen der beruflichen Exzellenz",
    ),
    "Pilot projects, with local/regional skills and growth strategies.": (
        "Projets pilotes, en lien avec des stratégies locales ou régionales en matière de "
        "compétences et de croissance.",
        "Pilotprojekte, verknüpft mit lokalen oder regionalen Kompetenz- und "
        "Wachstumsstrategien.",
    ),
    "Design and delivery of VET": (
        "Conception et mise en œuvre de l'EFP",
        "Konzeption und Durchführung der Berufsbildung",
    ),
    "Common training content for one or several related professions, teaching and training "
    "methods, focus on work-based learning.": (
        "Contenus de formation communs pour une ou plusieurs professions apparentées, méthodes "
        "d'enseignement et de formation, accent sur l'apprentissage en milieu professionnel.",
        "Gemeinsame Ausbildungsinhalte für einen oder mehrere verwandte Berufe, Lehr- und "
        "Ausbildungsmethoden, Schwerpunkt auf dem arbeitsbasierten Lernen.",
    ),
    "Implementing a new strategic approach (Blueprint) to sectoral cooperation on skills": (
        "Mise en œuvre d'une nouvelle approche stratégique (« Blueprint ») de la coopération "
        "sectorielle en matière de compétences",
        "Umsetzung eines neuen strategischen Ansatzes (Blueprint) für die branchenspezifische "
        "Zusammenarbeit im Bereich Kompetenzen",
    ),
}

# Each model's translated fields (lots.translation).
FIELDS = {
    "Sector": ("name",),
    "Call": ("title", "caveat"),
    "Lot": ("title", "description"),
    "CompositionRequirement": ("label",),
}


def copy_english(apps, schema_editor):
    """The existing texts become the English ones."""
    for model_name, names in FIELDS.items():
        model = apps.get_model("lots", model_name)
        for name in names:
            model.objects.update(**{f"{name}_en": models.F(name)})


def translate_nace(apps, schema_editor):
    Sector = apps.get_model("lots", "Sector")
    for sector in Sector.objects.filter(call__isnull=True, code__in=NACE_REV2):
        sector.name_fr, sector.name_de = NACE_REV2[sector.code]
        sector.save(update_fields=["name_fr", "name_de"])


def translate_default_call(apps, schema_editor):
    for model_name, names in (("Call", ("title",)), ("Lot", ("title", "description"))):
        model = apps.get_model("lots", model_name)
        for name in names:
            for english, (french, german) in DEFAULT_CALL.items():
                model.objects.filter(**{f"{name}_en": english}).update(
                    **{f"{name}_fr": french, f"{name}_de": german}
                )



class Migration(migrations.Migration):

    dependencies = [
        ('lots', '0010_programme_countries_kosovo'),
    ]

    operations = [
        migrations.AddField(
            model_name='call',
            name='caveat_de',
            field=models.TextField(blank=True, help_text='Shown with the rules, e.g. that the figures are unverified.', null=True),
        ),
        migrations.AddField(
            model_name='call',
            name='caveat_en',
            field=models.TextField(blank=True, help_text='Shown with the rules, e.g. that the figures are unverified.', null=True),
        ),
        migrations.AddField(
            model_name='call',
            name='caveat_fr',
            field=models.TextField(blank=True, help_text='Shown with the rules, e.g. that the figures are unverified.', null=True),
        ),
        migrations.AddField(
            model_name='call',
            name='title_de',
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='call',
            name='title_en',
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='call',
            name='title_fr',
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='compositionrequirement',
            name='label_de',
            field=models.CharField(help_text="Plural, e.g. 'enterprises, chambers or employers' organisations'.", max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='compositionrequirement',
            name='label_en',
            field=models.CharField(help_text="Plural, e.g. 'enterprises, chambers or employers' organisations'.", max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='compositionrequirement',
            name='label_fr',
            field=models.CharField(help_text="Plural, e.g. 'enterprises, chambers or employers' organisations'.", max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='lot',
            name='description_de',
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='lot',
            name='description_en',
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='lot',
            name='description_fr',
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='lot',
            name='title_de',
            field=models.CharField(max_length=300, null=True),
        ),
        migrations.AddField(
            model_name='lot',
            name='title_en',
            field=models.CharField(max_length=300, null=True),
        ),
        migrations.AddField(
            model_name='lot',
            name='title_fr',
            field=models.CharField(max_length=300, null=True),
        ),
        migrations.AddField(
            model_name='sector',
            name='name_de',
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='sector',
            name='name_en',
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='sector',
            name='name_fr',
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='historicalcall',
            name='caveat_de',
            field=models.TextField(blank=True, help_text='Shown with the rules, e.g. that the figures are unverified.', null=True),
        ),
        migrations.AddField(
            model_name='historicalcall',
            name='caveat_en',
            field=models.TextField(blank=True, help_text='Shown with the rules, e.g. that the figures are unverified.', null=True),
        ),
        migrations.AddField(
            model_name='historicalcall',
            name='caveat_fr',
            field=models.TextField(blank=True, help_text='Shown with the rules, e.g. that the figures are unverified.', null=True),
        ),
        migrations.AddField(
            model_name='historicalcall',
            name='title_de',
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='historicalcall',
            name='title_en',
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='historicalcall',
            name='title_fr',
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='historicalcompositionrequirement',
            name='label_de',
            field=models.CharField(help_text="Plural, e.g. 'enterprises, chambers or employers' organisations'.", max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='historicalcompositionrequirement',
            name='label_en',
            field=models.CharField(help_text="Plural, e.g. 'enterprises, chambers or employers' organisations'.", max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='historicalcompositionrequirement',
            name='label_fr',
            field=models.CharField(help_text="Plural, e.g. 'enterprises, chambers or employers' organisations'.", max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='historicallot',
            name='description_de',
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='historicallot',
            name='description_en',
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='historicallot',
            name='description_fr',
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='historicallot',
            name='title_de',
            field=models.CharField(max_length=300, null=True),
        ),
        migrations.AddField(
            model_name='historicallot',
            name='title_en',
            field=models.CharField(max_length=300, null=True),
        ),
        migrations.AddField(
            model_name='historicallot',
            name='title_fr',
            field=models.CharField(max_length=300, null=True),
        ),
        migrations.RunPython(copy_english, migrations.RunPython.noop),
        migrations.RunPython(translate_nace, migrations.RunPython.noop),
        migrations.RunPython(translate_default_call, migrations.RunPython.noop),
    ]
