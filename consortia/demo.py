"""Demo data for trying the portal: a directory of organisations, a coordinator, an admin and
two proposals to the default call, one eligible and one not. Loading twice changes nothing."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from consortia import selectors, services
from consortia.models import Membership, Organisation, Proposal
from consortia.permissions import REVIEWERS_GROUP
from consortia.selectors import latest_mandate
from lots.choices import Role
from lots.models import Lot
from lots.selectors import default_call, nace_sectors

COORDINATOR = ("coordinator@demo.eu", "demo-coordinator")
ADMIN = ("admin@demo.eu", "demo-admin")
REVIEWER = ("reviewer@demo.eu", "demo-reviewer")
PARTNER_PASSWORD = "demo-partner"  # noqa: S105 (printed demo login, like the others)

# (legal name, short name, country, kind, size, city); PIC and OID are numbered in this order.
ORGANISATIONS = [
    ("Berufsbildungszentrum Rhein-Ruhr", "BBZ-RR", "DE", "vet_provider", "", "Essen"),
    ("Stahlwerk Mittelstand GmbH", "SWM", "DE", "enterprise", "medium", "Duisburg"),
    ("Handwerkskammer Niederrhein", "HWK-NR", "DE", "chamber", "", "Düsseldorf"),
    ("Lycée professionnel Jean Monnet", "LP-JM", "FR", "vet_provider", "", "Lyon"),
    ("Soudure Atlantique SAS", "SOATL", "FR", "enterprise", "small", "Nantes"),
    (
        "Observatoire des métiers de la métallurgie",
        "OMM",
        "FR",
        "sector_skills_council",
        "",
        "Paris",
    ),
    ("Istituto Tecnico Superiore Meccatronica", "ITS-MEC", "IT", "vet_provider", "", "Turin"),
    ("Camera di Commercio di Brescia", "CCIAA-BS", "IT", "chamber", "", "Brescia"),
    ("Officine Meccaniche Lombarde SpA", "OML", "IT", "enterprise", "large", "Bergamo"),
    (
        "Centro Integrado de Formación Profesional Bilbao",
        "CIFP-BIO",
        "ES",
        "vet_provider",
        "",
        "Bilbao",
    ),
    (
        "Confederación de Empresarios del Metal",
        "CONFEMETAL",
        "ES",
        "employers_organisation",
        "",
        "Madrid",
    ),
    ("Universidade do Porto", "UPORTO", "PT", "higher_education", "", "Porto"),
    ("Escola Profissional de Aveiro", "EPA", "PT", "vet_provider", "", "Aveiro"),
    ("ROC Techniek Eindhoven", "ROC-TE", "NL", "vet_provider", "", "Eindhoven"),
    ("Stichting Kennis Voedingsindustrie", "SKV", "NL", "sector_skills_council", "", "Wageningen"),
    ("Vlaamse Agrovoedingsfederatie", "VAF", "BE", "employers_organisation", "", "Brussels"),
    ("Bakkerij Van den Berghe NV", "BVDB", "BE", "enterprise", "small", "Ghent"),
    ("Wirtschaftskammer Steiermark", "WKST", "AT", "chamber", "", "Graz"),
    (
        "Österreichisches Institut für Berufsbildungsforschung",
        "ÖIBF",
        "AT",
        "research_institute",
        "",
        "Vienna",
    ),
    ("Zespół Szkół Zawodowych nr 2 Gdańsk", "ZSZ2", "PL", "vet_provider", "", "Gdańsk"),
    ("Fabryka Konstrukcji Stalowych Sp. z o.o.", "FKS", "PL", "enterprise", "large", "Katowice"),
    (
        "Ministerstvo školství, mládeže a tělovýchovy",
        "MŠMT",
        "CZ",
        "public_authority",
        "",
        "Prague",
    ),
    ("Strojírny Brno a.s.", "SBRNO", "CZ", "enterprise", "medium", "Brno"),
    ("Arbetsförmedlingen Vägledning Väst", "AFV", "SE", "guidance_service", "", "Gothenburg"),
    ("Yrkeshögskolan Norrland", "YHN", "SE", "vet_provider", "", "Umeå"),
    ("Teknologiateollisuus ry", "TEKNO", "FI", "employers_organisation", "", "Helsinki"),
    ("Cork Education and Training Board", "CETB", "IE", "vet_provider", "", "Cork"),
    ("Hellenic Welding Institute", "HWI", "GR", "research_institute", "", "Thessaloniki"),
    ("Inspectoratul Școlar Județean Cluj", "ISJ-CJ", "RO", "public_authority", "", "Cluj-Napoca"),
    ("Budapesti Gépipari Szakképző Centrum", "BGSZC", "HU", "vet_provider", "", "Budapest"),
    ("Gospodarska zbornica Slovenije", "GZS", "SI", "chamber", "", "Ljubljana"),
    ("İstanbul Sanayi Odası", "ISO", "TR", "chamber", "", "Istanbul"),  # noqa: RUF001 (Turkish dotless i)
    ("Norsk Industri", "NI", "NO", "employers_organisation", "", "Oslo"),
    ("Tehnička škola Novi Sad", "TSNS", "RS", "vet_provider", "", "Novi Sad"),
    ("Karriereberatung Zürich", "KBZ", "CH", "guidance_service", "", "Zürich"),
    ("Swissmem Berufsbildung", "SWISSMEM", "CH", "employers_organisation", "", "Winterthur"),
    ("Shkolla Profesionale Tirana", "SPT", "AL", "vet_provider", "", "Tirana"),
    ("Kyiv Vocational Centre of Welding", "KVCW", "UA", "vet_provider", "", "Kyiv"),
    ("Agence Marocaine de Formation Agroalimentaire", "AMFA", "MA", "other", "", "Casablanca"),
    ("Food Skills Ireland CLG", "FSI", "IE", "sector_skills_council", "", "Dublin"),
    ("Laiterie Coopérative de Bretagne", "LCB", "FR", "enterprise", "large", "Rennes"),
    ("Panificio Artigiano Romano Srl", "PAR", "IT", "enterprise", "small", "Rome"),
    ("Instituto de Empleo de Andalucía", "IEA", "ES", "public_authority", "", "Seville"),
    ("Fundacja Doradztwa Zawodowego", "FDZ", "PL", "guidance_service", "", "Kraków"),
    ("IG Metall Bezirk Nordrhein-Westfalen", "IGM-NRW", "DE", "trade_union", "", "Düsseldorf"),
]

# The NACE sectors each organisation works in (by short name): the wizard suggests those of
# the proposal's sector first (metal and welding 24, 25, 28; food 10; education 85).
SECTORS = {
    "BBZ-RR": ["25", "85"],
    "SWM": ["24", "25"],
    "HWK-NR": ["25"],
    "LP-JM": ["25", "85"],
    "SOATL": ["25"],
    "OMM": ["24", "25"],
    "ITS-MEC": ["28", "85"],
    "CCIAA-BS": ["25"],
    "OML": ["25", "28"],
    "CIFP-BIO": ["25", "85"],
    "CONFEMETAL": ["24", "25"],
    "UPORTO": ["85"],
    "EPA": ["85"],
    "ROC-TE": ["28", "85"],
    "SKV": ["10"],
    "VAF": ["10"],
    "BVDB": ["10"],
    "WKST": ["94"],
    "ÖIBF": ["72"],
    "ZSZ2": ["25", "85"],
    "FKS": ["25"],
    "MŠMT": ["84", "85"],
    "SBRNO": ["28"],
    "AFV": ["78"],
    "YHN": ["85"],
    "TEKNO": ["25", "28"],
    "CETB": ["85"],
    "HWI": ["25", "72"],
    "ISJ-CJ": ["84", "85"],
    "BGSZC": ["28", "85"],
    "GZS": ["94"],
    "ISO": ["94"],
    "NI": ["24", "25"],
    "TSNS": ["25", "85"],
    "KBZ": ["78"],
    "SWISSMEM": ["28"],
    "SPT": ["85"],
    "KVCW": ["25", "85"],
    "AMFA": ["10", "85"],
    "FSI": ["10"],
    "LCB": ["10"],
    "PAR": ["10"],
    "IEA": ["78", "84"],
    "FDZ": ["78"],
    "IGM-NRW": ["24", "25", "28"],
}

# (acronym, title, lot, sector, years, applicant short name, [(short name, role)], accepted)
PROPOSALS = [
    (
        "WELD-EXCEL",
        "Platform of vocational excellence for advanced welding",
        1,
        "25",
        3,
        "BBZ-RR",
        [
            ("SOATL", Role.FULL_PARTNER),
            ("CCIAA-BS", Role.FULL_PARTNER),
            ("CIFP-BIO", Role.FULL_PARTNER),
            ("FKS", Role.FULL_PARTNER),
            ("KBZ", Role.ASSOCIATED_PARTNER),
        ],
        True,
    ),
    (
        "FOOD-VET",
        "Common curricula for food-processing technicians",
        2,
        "10",
        2,
        "ROC-TE",
        [
            ("VAF", Role.FULL_PARTNER),
            ("WKST", Role.FULL_PARTNER),
            ("AMFA", Role.ASSOCIATED_PARTNER),
        ],
        False,
    ),
]


@dataclass(frozen=True)
class DemoSummary:
    organisations: int
    countries: int
    proposals: list[str]


def demo_user(
    email: str, password: str, *, admin: bool = False, reviewer: bool = False
) -> AbstractBaseUser:
    """A user who signs in by email at once (the address counts as verified)."""
    user, _created = get_user_model().objects.get_or_create(
        username=email, defaults={"email": email}
    )
    user.is_staff = admin or reviewer
    user.is_superuser = admin
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if reviewer:
        user.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    return user


def demo_deadline() -> None:
    """Give the default call a deadline three months ahead (noon, Brussels time) when it has
    none, so that the dashboard's countdown has something to count."""
    call = default_call()
    if call is not None and call.deadline is None:
        day = timezone.localdate() + timedelta(days=90)
        call.deadline = datetime.combine(day, time(12), tzinfo=ZoneInfo("Europe/Brussels"))
        call.save(update_fields=["deadline"])


def demo_organisations() -> dict[str, Organisation]:
    by_short_name = {}
    for number, (legal_name, short_name, country, kind, size, city) in enumerate(ORGANISATIONS):
        pic = f"{999_100_000 + number:09d}"
        organisation = Organisation.objects.filter(pic=pic).first()
        if organisation is None:
            organisation = services.create_organisation(
                by=None,
                legal_name=legal_name,
                short_name=short_name,
                country=country,
                kind=kind,
                size=size,
                city=city,
                pic=pic,
                oid=f"E{10_100_000 + number:08d}",
                sectors=nace_sectors().filter(code__in=SECTORS[short_name]),
            )
        by_short_name[short_name] = organisation
    return by_short_name


def demo_proposal(
    coordinator: AbstractBaseUser,
    organisations: dict[str, Organisation],
    acronym: str,
    title: str,
    lot_number: int,
    sector_code: str,
    years: int,
    applicant: str,
    partners: list[tuple[str, str]],
    accepted: bool,
) -> Proposal:
    existing = Proposal.objects.filter(owner=coordinator, acronym=acronym).first()
    if existing is not None:
        return existing
    proposal = services.start_proposal(
        lot=Lot.objects.get(call=default_call(), number=lot_number), by=coordinator
    )
    services.update_project(
        proposal=proposal,
        version=proposal.version,
        by=coordinator,
        title=title,
        acronym=acronym,
        sector=nace_sectors().get(code=sector_code),
        occupational_profiles="",
        duration_years=years,
    )
    services.set_applicant(
        proposal=proposal,
        organisation=organisations[applicant],
        version=proposal.version,
        by=coordinator,
    )
    rows = [
        services.PartnerRow(
            organisation=organisations[short_name],
            role=role,
            contact_email=f"contact@{short_name.lower()}.example.org",
        )
        for short_name, role in partners
    ]
    services.save_partners(proposal=proposal, rows=rows, version=proposal.version, by=coordinator)
    if accepted:
        for membership in proposal.memberships.exclude(role=Role.APPLICANT):
            accept_as_partner(membership, coordinator)
        services.submit_proposal(proposal=proposal, by=coordinator)
    return proposal


def accept_as_partner(membership: Membership, coordinator: AbstractBaseUser) -> None:
    """The partner's contact accepts through a copied invitation link, as a user would."""
    contact = demo_user(membership.contact_email, PARTNER_PASSWORD)
    token = services.create_link(membership=membership, by=coordinator).rstrip("/").split("/")[-1]
    invitation, _problem = selectors.invitation_for_token(token)
    services.accept_invitation(
        invitation=invitation,
        by=contact,
        mandate_version=latest_mandate().version,
        organisation_fields={},
    )


@transaction.atomic
def load_demo() -> DemoSummary:
    demo_deadline()
    coordinator = demo_user(*COORDINATOR)
    demo_user(*ADMIN, admin=True)
    demo_user(*REVIEWER, reviewer=True)
    organisations = demo_organisations()
    proposals = [demo_proposal(coordinator, organisations, *row) for row in PROPOSALS]
    return DemoSummary(
        organisations=len(organisations),
        countries=len({str(o.country) for o in organisations.values()}),
        proposals=[p.acronym for p in proposals],
    )
