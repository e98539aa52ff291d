"""Realistic sample organisations for the directory, the same for the same seed: names in each
country's own language and style for each kind, valid and unique PICs and OIDs, sizes for
enterprises, websites and addresses. ``make_sample_organisations`` writes them as a file."""

# ruff: noqa: E501, RUF001 (tables of names, one list a line, in their own alphabets)
import random
import re
import unicodedata
from collections.abc import Iterator

from consortia.directory_files import COLUMNS
from consortia.directory_preview import normalised_name

# Per country: cities, (street pattern, postcode pattern, web domain), family names and
# trades for enterprises with their legal forms, and names per kind ({city}, {name}).
COUNTRIES: dict[str, dict] = {
    "DE": {
        "cities": [
            "München",
            "Köln",
            "Düsseldorf",
            "Nürnberg",
            "Lübeck",
            "Würzburg",
            "Bremen",
            "Leipzig",
            "Dresden",
            "Stuttgart",
        ],
        "address": ("{street}straße {n}", "#####", "de"),
        "streets": ["Haupt", "Bahnhof", "Schiller", "Goethe", "Industrie", "Linden"],
        "names": ["Müller", "Schmidt", "Becker", "Hoffmann", "Krüger", "Weiß", "Schäfer", "Vogel"],
        "trades": [
            "Maschinenbau",
            "Metallbau",
            "Elektrotechnik",
            "Holzbau",
            "Logistik",
            "Präzisionstechnik",
        ],
        "forms": ["GmbH", "GmbH & Co. KG", "AG"],
        "kinds": {
            "vet_provider": [
                "Berufsschule {city}",
                "Berufsbildungszentrum {city}",
                "Staatliche Berufsschule {city}-{quarter}",
            ],
            "higher_education": [
                "Hochschule {city}",
                "Technische Hochschule {city}",
                "Universität {city}",
            ],
            "chamber": ["Handwerkskammer {city}", "Industrie- und Handelskammer {city}"],
            "employers_organisation": [
                "Arbeitgeberverband Metall {city}",
                "Unternehmerverband {city}",
            ],
            "trade_union": ["IG Metall Bezirk {city}", "ver.di Bezirk {city}"],
            "sector_skills_council": ["Fachbeirat Berufsbildung Metall {city}"],
            "public_authority": ["Stadt {city}", "Agentur für Arbeit {city}"],
            "research_institute": [
                "Institut für Berufsbildungsforschung {city}",
                "Fraunhofer-Arbeitsgruppe {city}",
            ],
            "guidance_service": ["Berufsberatung {city}", "Bildungsberatung {city}"],
            "other": ["Bildungswerk der Wirtschaft {city}", "Verein für Berufsbildung {city}"],
        },
    },
    "AT": {
        "cities": ["Wien", "Graz", "Linz", "Innsbruck", "Salzburg", "Klagenfurt", "Wels"],
        "address": ("{street}gasse {n}", "####", "at"),
        "streets": ["Kirchen", "Schul", "Mühl", "Garten", "Berg"],
        "names": ["Gruber", "Huber", "Bauer", "Wagner", "Pichler", "Steiner"],
        "trades": ["Stahlbau", "Holztechnik", "Elektro", "Anlagenbau"],
        "forms": ["GmbH", "KG"],
        "kinds": {
            "vet_provider": [
                "Höhere Technische Lehranstalt {city}",
                "Berufsschule {city}-{quarter}",
            ],
            "higher_education": ["Fachhochschule {city}", "Universität {city}"],
            "chamber": ["Wirtschaftskammer {city}", "Arbeiterkammer {city}"],
            "employers_organisation": ["Industriellenvereinigung {city}"],
            "trade_union": ["Gewerkschaft PRO-GE {city}"],
            "public_authority": ["Magistrat {city}", "Arbeitsmarktservice {city}"],
            "research_institute": ["Institut für Bildungsforschung der Wirtschaft {city}"],
            "guidance_service": ["Bildungsberatung {city}"],
        },
    },
    "FR": {
        "cities": [
            "Besançon",
            "Orléans",
            "Nîmes",
            "Angoulême",
            "Lyon",
            "Périgueux",
            "Rennes",
            "Grenoble",
            "Limoges",
            "Amiens",
        ],
        "address": ("{n} rue {street}", "#####", "fr"),
        "streets": ["Victor Hugo", "de la République", "Jean Jaurès", "Pasteur", "des Écoles"],
        "names": ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard", "Rousseau"],
        "trades": ["Mécanique", "Usinage", "Énergie", "Menuiserie", "Chaudronnerie"],
        "forms": ["SAS", "SARL", "SA"],
        "kinds": {
            "vet_provider": [
                "Lycée professionnel {person} de {city}",
                "Centre de formation d'apprentis de {city}",
                "GRETA {city}",
            ],
            "higher_education": [
                "Université de {city}",
                "IUT de {city}",
                "École nationale d'ingénieurs de {city}",
            ],
            "chamber": [
                "Chambre de métiers et de l'artisanat de {city}",
                "Chambre de commerce et d'industrie de {city}",
            ],
            "employers_organisation": [
                "Union des industries et métiers de la métallurgie de {city}",
                "Fédération régionale du bâtiment de {city}",
            ],
            "trade_union": ["Union départementale CFDT de {city}", "Union locale CGT de {city}"],
            "sector_skills_council": ["Observatoire des métiers de {city}"],
            "public_authority": ["Ville de {city}", "Direction régionale de l'économie de {city}"],
            "research_institute": [
                "Centre d'études et de recherches sur les qualifications de {city}"
            ],
            "guidance_service": [
                "Centre d'information et d'orientation de {city}",
                "Mission locale de {city}",
            ],
            "other": ["Association pour la formation professionnelle de {city}"],
        },
        "people": ["Jean Moulin", "Marie Curie", "Louis Pasteur", "Victor Hugo", "Jules Verne"],
    },
    "BE": {
        "cities": ["Liège", "Namur", "Charleroi", "Mons", "Gent", "Antwerpen", "Leuven"],
        "address": ("Rue {street} {n}", "####", "be"),
        "streets": ["de la Station", "du Moulin", "Royale", "de l'Église"],
        "names": ["Peeters", "Janssens", "Dupont", "Lambert", "Dumont"],
        "trades": ["Métal", "Bouw", "Techniek", "Logistique"],
        "forms": ["SRL", "NV", "BV"],
        "kinds": {
            "vet_provider": [
                "Institut technique de {city}",
                "Centre de compétence de {city}",
                "CVO {city}",
            ],
            "higher_education": ["Haute École de {city}", "Hogeschool {city}"],
            "chamber": ["Chambre de commerce de {city}", "Kamer van Koophandel {city}"],
            "employers_organisation": ["Union wallonne des entreprises {city}"],
            "public_authority": ["Ville de {city}", "Stad {city}"],
            "guidance_service": ["Cité des métiers de {city}"],
        },
    },
    "IT": {
        "cities": [
            "Forlì",
            "Cantù",
            "Torino",
            "Napoli",
            "Bologna",
            "Bergamo",
            "Padova",
            "Lecce",
            "Perugia",
        ],
        "address": ("Via {street} {n}", "#####", "it"),
        "streets": ["Roma", "Garibaldi", "Mazzini", "Dante", "Cavour"],
        "names": ["Rossi", "Bianchi", "Ferrari", "Esposito", "Colombo", "Ricci", "Marino"],
        "trades": ["Meccanica", "Costruzioni", "Impianti", "Automazione", "Tessile"],
        "forms": ["S.r.l.", "S.p.A."],
        "kinds": {
            "vet_provider": [
                "Istituto Tecnico Superiore di {city}",
                "Istituto Professionale {person} di {city}",
                "Centro di Formazione Professionale di {city}",
            ],
            "higher_education": ["Università degli Studi di {city}", "Politecnico di {city}"],
            "chamber": ["Camera di Commercio di {city}", "Confartigianato {city}"],
            "employers_organisation": ["Confindustria {city}", "Unione Industriali di {city}"],
            "trade_union": ["CGIL Camera del Lavoro di {city}", "CISL {city}"],
            "public_authority": ["Comune di {city}", "Provincia di {city}"],
            "research_institute": ["Istituto di Ricerca sulla Formazione di {city}"],
            "guidance_service": ["Centro per l'Impiego di {city}"],
        },
        "people": ["Leonardo da Vinci", "Guglielmo Marconi", "Enrico Fermi", "Maria Montessori"],
    },
    "ES": {
        "cities": [
            "Málaga",
            "Córdoba",
            "León",
            "Cádiz",
            "Logroño",
            "Zaragoza",
            "Bilbao",
            "Valencia",
        ],
        "address": ("Calle {street} {n}", "#####", "es"),
        "streets": ["Mayor", "del Sol", "de Alcalá", "Real", "Nueva"],
        "names": ["García", "Fernández", "López", "Martínez", "Sánchez", "Pérez"],
        "trades": ["Construcciones", "Ingeniería", "Metalúrgica", "Logística"],
        "forms": ["S.L.", "S.A."],
        "kinds": {
            "vet_provider": [
                "Centro Integrado de Formación Profesional de {city}",
                "Instituto de Educación Secundaria {person} de {city}",
            ],
            "higher_education": ["Universidad de {city}"],
            "chamber": ["Cámara de Comercio de {city}"],
            "employers_organisation": [
                "Confederación de Empresarios de {city}",
                "Federación del Metal de {city}",
            ],
            "trade_union": ["Comisiones Obreras de {city}", "UGT {city}"],
            "sector_skills_council": ["Fundación Laboral de la Construcción de {city}"],
            "public_authority": ["Ayuntamiento de {city}", "Diputación de {city}"],
            "guidance_service": ["Servicio de Orientación Laboral de {city}"],
        },
        "people": ["Miguel de Cervantes", "Severo Ochoa", "Clara Campoamor"],
    },
    "PT": {
        "cities": ["Porto", "Braga", "Coimbra", "Aveiro", "Faro", "Évora", "Viseu"],
        "address": ("Rua {street} {n}", "####-###", "pt"),
        "streets": ["Direita", "da Liberdade", "de Santo António", "do Comércio"],
        "names": ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa"],
        "trades": ["Metalomecânica", "Construções", "Cortiças", "Moldes"],
        "forms": ["Lda.", "S.A."],
        "kinds": {
            "vet_provider": [
                "Escola Profissional de {city}",
                "Centro de Formação Profissional de {city}",
            ],
            "higher_education": ["Instituto Politécnico de {city}", "Universidade de {city}"],
            "chamber": ["Associação Comercial e Industrial de {city}"],
            "employers_organisation": ["Associação Empresarial de {city}"],
            "public_authority": ["Câmara Municipal de {city}"],
            "guidance_service": ["Centro Qualifica de {city}"],
        },
    },
    "PL": {
        "cities": [
            "Łódź",
            "Kraków",
            "Gdańsk",
            "Poznań",
            "Wrocław",
            "Lublin",
            "Katowice",
            "Rzeszów",
        ],
        "address": ("ul. {street} {n}", "##-###", "pl"),
        "streets": ["Długa", "Kościuszki", "Mickiewicza", "Polna", "Ogrodowa"],
        "names": ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski"],
        "trades": ["Budownictwo", "Mechanika", "Elektro", "Logistyka"],
        "forms": ["sp. z o.o.", "S.A."],
        "kinds": {
            "vet_provider": [
                "Zespół Szkół Zawodowych nr {number} w {city}",
                "Centrum Kształcenia Zawodowego w {city}",
            ],
            "higher_education": ["Politechnika w {city}", "Uniwersytet w {city}"],
            "chamber": ["Izba Rzemieślnicza w {city}", "Izba Przemysłowo-Handlowa w {city}"],
            "employers_organisation": [
                "Stowarzyszenie Przedsiębiorców w {city}",
                "Pracodawcy Ziemi {city}",
            ],
            "trade_union": ["NSZZ Solidarność Region {city}"],
            "public_authority": ["Urząd Miasta {city}", "Wojewódzki Urząd Pracy w {city}"],
            "guidance_service": ["Centrum Informacji i Planowania Kariery w {city}"],
        },
    },
    "NL": {
        "cities": ["Utrecht", "Den Haag", "Eindhoven", "Groningen", "Zwolle", "Tilburg", "Arnhem"],
        "address": ("{street}straat {n}", "#### AB", "nl"),
        "streets": ["Kerk", "Molen", "School", "Dorps", "Stations"],
        "names": ["de Jong", "Jansen", "de Vries", "van Dijk", "Bakker", "Visser"],
        "trades": ["Techniek", "Installatie", "Bouw", "Metaal"],
        "forms": ["B.V.", "N.V."],
        "kinds": {
            "vet_provider": ["ROC {city}", "Vakschool {city}"],
            "higher_education": ["Hogeschool {city}", "Universiteit {city}"],
            "chamber": ["Kamer van Koophandel {city}"],
            "employers_organisation": ["Ondernemersvereniging {city}"],
            "trade_union": ["FNV Regio {city}"],
            "sector_skills_council": ["Opleidingsfonds Techniek {city}"],
            "public_authority": ["Gemeente {city}"],
            "guidance_service": ["Leerwerkloket {city}"],
        },
    },
    "FI": {
        "cities": ["Tampere", "Oulu", "Turku", "Jyväskylä", "Kuopio", "Lahti"],
        "address": ("{street}katu {n}", "#####", "fi"),
        "streets": ["Koulu", "Kirkko", "Asema", "Teollisuus"],
        "names": ["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Hämäläinen"],
        "trades": ["Konepaja", "Rakennus", "Sähkö", "Metalli"],
        "forms": ["Oy", "Oyj"],
        "kinds": {
            "vet_provider": ["Ammattiopisto {city}", "Koulutuskeskus {city}"],
            "higher_education": ["Ammattikorkeakoulu {city}", "Yliopisto {city}"],
            "chamber": ["Kauppakamari {city}"],
            "trade_union": ["Teollisuusliitto {city}"],
            "public_authority": ["Kaupunki {city}", "TE-toimisto {city}"],
        },
    },
    "CZ": {
        "cities": ["Brno", "Ostrava", "Plzeň", "Olomouc", "Liberec", "Zlín"],
        "address": ("{street} {n}", "### ##", "cz"),
        "streets": ["Masarykova", "Nádražní", "Školní", "Husova"],
        "names": ["Novák", "Svoboda", "Dvořák", "Černý", "Procházka"],
        "trades": ["Strojírny", "Stavby", "Elektro", "Slévárna"],
        "forms": ["s.r.o.", "a.s."],
        "kinds": {
            "vet_provider": ["Střední průmyslová škola {city}", "Střední odborné učiliště {city}"],
            "higher_education": ["Vysoké učení technické {city}", "Univerzita {city}"],
            "chamber": ["Hospodářská komora {city}"],
            "public_authority": ["Statutární město {city}", "Úřad práce {city}"],
        },
    },
    "RO": {
        "cities": ["Cluj-Napoca", "Timișoara", "Iași", "Brașov", "Constanța", "Sibiu"],
        "address": ("Strada {street} {n}", "######", "ro"),
        "streets": ["Mihai Eminescu", "Unirii", "Republicii", "Libertății"],
        "names": ["Popescu", "Ionescu", "Popa", "Dumitru", "Stan"],
        "trades": ["Construcții", "Metal", "Inginerie", "Transport"],
        "forms": ["S.R.L.", "S.A."],
        "kinds": {
            "vet_provider": ["Colegiul Tehnic {city}", "Liceul Tehnologic {city}"],
            "higher_education": ["Universitatea Tehnică din {city}"],
            "chamber": ["Camera de Comerț și Industrie {city}"],
            "public_authority": [
                "Primăria Municipiului {city}",
                "Agenția Județeană pentru Ocuparea Forței de Muncă {city}",
            ],
        },
    },
    "GR": {
        "cities": ["Thessaloniki", "Patra", "Irakleio", "Larisa", "Volos", "Ioannina"],
        "address": ("Odos {street} {n}", "### ##", "gr"),
        "streets": ["Egnatias", "Tsimiski", "Ermou", "Venizelou"],
        "names": ["Papadopoulos", "Georgiou", "Nikolaidis", "Dimitriou"],
        "trades": ["Techniki", "Kataskeves", "Energeiaki", "Metallika"],
        "forms": ["A.E.", "E.P.E."],
        "kinds": {
            "vet_provider": [
                "Institouto Epaggelmatikis Katartisis {city}",
                "Epaggelmatiko Lykeio {city}",
            ],
            "higher_education": ["Panepistimio {city}"],
            "chamber": ["Emporiko kai Viomichaniko Epimelitirio {city}"],
            "public_authority": ["Dimos {city}"],
        },
    },
    "IE": {
        "cities": ["Cork", "Galway", "Limerick", "Waterford", "Sligo", "Athlone"],
        "address": ("{n} {street} Street", "A## ####", "ie"),
        "streets": ["Main", "Church", "Bridge", "O'Connell", "Patrick"],
        "names": ["Murphy", "Kelly", "O'Sullivan", "Walsh", "O'Brien", "Byrne"],
        "trades": ["Engineering", "Construction", "Precision Tooling", "Logistics"],
        "forms": ["Ltd", "DAC"],
        "kinds": {
            "vet_provider": ["{city} Training Centre", "{city} College of Further Education"],
            "higher_education": ["Technological University of {city}", "University of {city}"],
            "chamber": ["{city} Chamber of Commerce"],
            "employers_organisation": ["Ibec {city}"],
            "public_authority": ["{city} City Council", "{city} Education and Training Board"],
            "guidance_service": ["{city} Adult Guidance Service"],
        },
    },
    "NO": {
        "cities": ["Bergen", "Trondheim", "Stavanger", "Tromsø", "Drammen"],
        "address": ("{street}gata {n}", "####", "no"),
        "streets": ["Kirke", "Skole", "Storgata", "Strand"],
        "names": ["Hansen", "Johansen", "Olsen", "Larsen", "Berg"],
        "trades": ["Mekaniske", "Bygg", "Elektro", "Verft"],
        "forms": ["AS", "ASA"],
        "kinds": {
            "vet_provider": ["{city} videregående skole", "Fagskolen i {city}"],
            "higher_education": ["Universitetet i {city}", "Høgskolen i {city}"],
            "chamber": ["Næringsforeningen i {city}"],
            "public_authority": ["{city} kommune"],
        },
    },
    "TR": {
        "cities": ["İzmir", "Bursa", "Kayseri", "Konya", "Eskişehir", "Gaziantep"],
        "address": ("{street} Caddesi No: {n}", "#####", "com.tr"),
        "streets": ["Atatürk", "Cumhuriyet", "İstiklal", "Gazi"],
        "names": ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk"],
        "trades": ["Makina", "İnşaat", "Otomotiv", "Tekstil"],
        "forms": ["A.Ş.", "Ltd. Şti."],
        "kinds": {
            "vet_provider": [
                "{city} Mesleki ve Teknik Anadolu Lisesi",
                "{city} Mesleki Eğitim Merkezi",
            ],
            "higher_education": ["{city} Teknik Üniversitesi"],
            "chamber": ["{city} Ticaret ve Sanayi Odası"],
            "public_authority": [
                "{city} Büyükşehir Belediyesi",
                "{city} İl Milli Eğitim Müdürlüğü",
            ],
        },
    },
    "RS": {
        "cities": ["Novi Sad", "Niš", "Kragujevac", "Subotica", "Čačak"],
        "address": ("{street} {n}", "#####", "rs"),
        "streets": ["Kneza Miloša", "Bulevar oslobođenja", "Njegoševa"],
        "names": ["Jovanović", "Petrović", "Nikolić", "Marković"],
        "trades": ["Metal", "Gradnja", "Elektro"],
        "forms": ["d.o.o.", "a.d."],
        "kinds": {
            "vet_provider": ["Tehnička škola {city}", "Srednja stručna škola {city}"],
            "higher_education": ["Univerzitet u {city}"],
            "chamber": ["Regionalna privredna komora {city}"],
            "public_authority": ["Grad {city}"],
        },
    },
    "XK": {
        "cities": ["Prishtinë", "Prizren", "Pejë", "Gjakovë", "Ferizaj"],
        "address": ("Rruga {street} {n}", "#####", "com"),
        "streets": ["Nënë Tereza", "Skënderbeu", "Agim Ramadani"],
        "names": ["Krasniqi", "Gashi", "Berisha", "Morina", "Hoxha"],
        "trades": ["Ndërtim", "Metal", "Elektro"],
        "forms": ["SH.P.K.", "SH.A."],
        "kinds": {
            "vet_provider": ["Shkolla e Mesme Profesionale {city}", "Qendra e Kompetencës {city}"],
            "higher_education": ["Universiteti i {city}s"],
            "chamber": ["Oda Ekonomike {city}"],
            "public_authority": ["Komuna e {city}s"],
        },
    },
}
# Most organisations are in the big Programme countries, as in the directory of a real call.
COUNTRY_WEIGHTS = {"DE": 14, "FR": 12, "IT": 11, "ES": 10, "PL": 8, "NL": 6, "AT": 5, "BE": 5, "PT": 5, "FI": 4, "CZ": 4, "RO": 4, "GR": 3, "IE": 3, "NO": 2, "TR": 3, "RS": 1, "XK": 1}  # fmt: skip
KIND_WEIGHTS = {"enterprise": 40, "vet_provider": 20, "higher_education": 7, "chamber": 6, "employers_organisation": 5, "trade_union": 4, "sector_skills_council": 2, "public_authority": 6, "research_institute": 3, "guidance_service": 4, "other": 3}  # fmt: skip
PUBLIC_KINDS = {"higher_education", "public_authority", "vet_provider", "guidance_service"}
QUARTERS = ["Nord", "Süd", "Ost", "West", "Mitte"]


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower())[:40].strip("-")


def digits(rng: random.Random, pattern: str) -> str:
    return "".join(str(rng.randrange(10)) if c == "#" else c for c in pattern)


def organisation_name(rng: random.Random, data: dict, kind: str, city: str) -> str:
    if kind == "enterprise":
        words = [rng.choice(data["names"]), rng.choice(data["trades"])]
        if rng.random() < 0.4:
            words[0] = city
        return f"{' '.join(words)} {rng.choice(data['forms'])}"
    pattern = rng.choice(data["kinds"][kind])
    return pattern.format(
        city=city,
        person=rng.choice(data.get("people", data["names"])),
        quarter=rng.choice(QUARTERS),
        number=rng.randrange(1, 12),
    )


def sample_organisations(count: int, seed: int = 1) -> Iterator[dict[str, str]]:
    """``count`` organisations as file rows; names are unique within their country (as the
    import's similar-name check wants), numbered like branches when the patterns run out."""
    rng = random.Random(seed)  # noqa: S311 (sample data, no secret)
    pics = rng.sample(range(900_000_000, 1_000_000_000), count)
    oids = rng.sample(range(10_000_000, 100_000_000), count)
    countries, weights = zip(*COUNTRY_WEIGHTS.items(), strict=True)
    seen: set[tuple[str, str]] = set()
    for index in range(count):
        country = rng.choices(countries, weights)[0]
        data = COUNTRIES[country]
        kinds = ["enterprise", *data["kinds"]]
        kind = rng.choices(kinds, [KIND_WEIGHTS[kind] for kind in kinds])[0]
        city = rng.choice(data["cities"])
        name = organisation_name(rng, data, kind, city)
        branch = 2
        while (country, normalised_name(name)) in seen:
            name = f"{organisation_name(rng, data, kind, city)} ({branch})"
            branch += 1
        seen.add((country, normalised_name(name)))
        street_pattern, postcode, domain = data["address"]
        yield {
            "legal_name": name,
            "short_name": "".join(w[0] for w in name.split() if w[0].isupper())[:12],
            "country": country,
            "kind": kind,
            "size": rng.choice(["small", "small", "medium", "large"])
            if kind == "enterprise"
            else "",
            "ownership": "public"
            if kind in PUBLIC_KINDS
            else rng.choice(["private", "private", ""]),
            "pic": str(pics[index]),
            "oid": f"E{oids[index]:08d}",
            "website": f"https://www.{slug(name)}.{domain}/",
            "street": street_pattern.format(
                street=rng.choice(data["streets"]), n=rng.randrange(1, 200)
            ),
            "postcode": digits(rng, postcode),
            "city": city,
        }


def sample_rows(count: int, seed: int = 1) -> Iterator[list[str]]:
    """The header, then the organisations, as a directory file has them."""
    yield list(COLUMNS)
    for organisation in sample_organisations(count, seed):
        yield [organisation[column] for column in COLUMNS]
