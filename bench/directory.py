"""Directory search with 100,000 organisations: p50 and p95 of 200 requests each for the whole
list, a name fragment, a PIC, an OID, a country filter and the wizard's partner search, over
HTTP to gunicorn (one worker, requests one after another).

    .venv/bin/python bench/directory.py [--organisations 100000] [--requests 200]

Uses its own database (portal_bench_directory unless BENCH_DATABASE_URL says otherwise), filled
once with bulk_create. Needs PostgreSQL on 127.0.0.1 (scripts/ensure-services).
"""

import argparse
import itertools
import os
import random
import urllib.parse
import urllib.request

os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_directory"
)
from common import (  # after: it reads the URL above
    collect_static,
    gunicorn,
    print_latency,
    session_cookie,
    setup_django,
)

# Names as they are written in the countries' own languages, accents included.
PATTERNS = {
    "DE": [
        "Handwerkskammer {city}",
        "Berufsschule {city}",
        "{city}er Maschinenbau GmbH",
        "Industrie- und Handelskammer {city}",
        "Bildungswerk der Wirtschaft {city}",
    ],
    "AT": [
        "Arbeiterkammer {city}",
        "Wirtschaftskammer {city}",
        "Höhere Technische Lehranstalt {city}",
    ],
    "FR": [
        "Lycée professionnel {city}",
        "Chambre de métiers et de l'artisanat de {city}",
        "Université de {city}",
        "Société {city} Énergie SA",
        "Fédération régionale du bâtiment {city}",
    ],
    "IT": [
        "Istituto Tecnico Superiore di {city}",
        "Camera di Commercio di {city}",
        "Confartigianato {city}",
        "{city} Meccanica S.p.A.",
    ],
    "ES": [
        "Cámara de Comercio de {city}",
        "Escuela de Formación Profesional {city}",
        "Fundación Laboral de {city}",
        "Confederación de Empresarios de {city}",
    ],
    "PL": [
        "Izba Rzemieślnicza w {city}",
        "Zespół Szkół Zawodowych {city}",
        "Stowarzyszenie Przedsiębiorców {city}",
        "Politechnika {city}",
    ],
    "NL": ["Kamer van Koophandel {city}", "ROC {city}", "{city} Techniek B.V."],
    "FI": ["Ammattiopisto {city}", "{city}n ammattikorkeakoulu", "Kauppakamari {city}"],
    "HU": ["{city} Szakképzési Centrum", "Kereskedelmi és Iparkamara {city}"],
    "PT": ["Escola Profissional de {city}", "Associação Empresarial de {city}"],
}
CITIES = {
    "DE": ["München", "Köln", "Düsseldorf", "Nürnberg", "Lübeck", "Würzburg", "Bremen"],
    "AT": ["Wien", "Graz", "Linz", "Innsbruck"],
    "FR": ["Besançon", "Orléans", "Nîmes", "Angoulême", "Lyon", "Périgueux"],
    "IT": ["Forlì", "Cantù", "Torino", "Napoli", "Bologna"],
    "ES": ["Málaga", "Córdoba", "León", "Cádiz", "Logroño"],
    "PL": ["Łódź", "Kraków", "Gdańsk", "Poznań", "Wrocław"],
    "NL": ["Utrecht", "Den Haag", "Eindhoven", "Groningen"],
    "FI": ["Jyväskylä", "Hämeenlinna", "Oulu", "Tampere"],
    "HU": ["Győr", "Pécs", "Debrecen", "Székesfehérvár"],
    "PT": ["Évora", "Guimarães", "Coimbra", "Braga"],
}
KINDS = ["enterprise", "vet_provider", "chamber", "employers_organisation", "other"]


def seed(total: int) -> tuple[object, int]:
    """The directory of ``total`` organisations (created once), a user and their draft."""
    from django.contrib.auth import get_user_model

    from consortia.models import Organisation, Proposal
    from lots.models import Lot

    if Organisation.objects.count() < total:
        Organisation.objects.all().delete()
        random.seed(13)
        countries = itertools.cycle(PATTERNS)
        batch = []
        for number in range(total):
            country = next(countries)
            city = random.choice(CITIES[country])
            kind = KINDS[number % len(KINDS)]
            batch.append(
                Organisation(
                    legal_name=f"{random.choice(PATTERNS[country]).format(city=city)} {number}",
                    short_name=f"ORG{number}" if number % 3 == 0 else "",
                    country=country,
                    kind=kind,
                    size="small" if kind == "enterprise" else "",
                    pic=str(900_000_000 + number),
                    oid=f"E{10_000_000 + number}" if number % 2 == 0 else None,
                    city=city,
                )
            )
        Organisation.objects.bulk_create(batch, batch_size=5_000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE consortia_organisation")
    user, _ = get_user_model().objects.get_or_create(username="bench@example.org")
    proposal, _ = Proposal.objects.get_or_create(
        owner=user,
        acronym="DIRECTORY",
        defaults={"lot": Lot.objects.get(call__is_default=True, number=2), "duration_years": 3},
    )
    return user, proposal.pk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    arguments = parser.parse_args()
    setup_django()

    collect_static()
    user, proposal = seed(arguments.organisations)
    cookie = session_cookie(user)
    cases = {
        "all": ("/organisations/", {}),
        "name 'kammer'": ("/organisations/", {"q": "kammer"}),
        "name 'Lycee Nimes'": ("/organisations/", {"q": "Lycee Nimes"}),
        "PIC": ("/organisations/", {"q": str(900_000_000 + arguments.organisations // 2)}),
        "OID": ("/organisations/", {"q": f"E{10_000_000 + arguments.organisations // 2}"}),
        "country": ("/organisations/", {"country": "FR"}),
        "country, page 30": ("/organisations/", {"country": "FR", "page": 30}),
        "partner search": (f"/proposals/{proposal}/partners/search/", {"q": "kammer"}),
    }
    with gunicorn(workers=1) as base:
        for name, (path, params) in cases.items():
            url = f"{base}{path}?{urllib.parse.urlencode(params)}"
            print_latency(name, url, cookie, arguments.requests)


if __name__ == "__main__":
    main()
