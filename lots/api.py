"""JSON API of calls, lots and the stateless eligibility check (django-ninja, OpenAPI 3)."""

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StrictInt,
    field_validator,
)

from lots import catalogue, kinds, rules, selectors
from lots.models import MAX_GRANT_EUR, Lot
from portal.countries import CountryCode
from portal.null_characters import refuse_null_characters

router = Router(tags=["Eligibility"])

MAX_PARTNERS = 500

Kind = Annotated[
    Literal[rules.KINDS],  # type: ignore[valid-type]
    BeforeValidator(kinds.refuse_retired),
    Field(description="'social_partner' is retired: 'employers_organisation' or 'trade_union'."),
]


def pic_code(value: str) -> str:
    code = value.strip()
    if not re.fullmatch(r"[0-9]{9}", code):
        raise ValueError("A PIC has exactly 9 digits, e.g. 949123456.")
    return code


def oid_code(value: str) -> str:
    code = value.strip().upper()
    if not re.fullmatch(r"E[0-9]{8}", code):
        raise ValueError("An OID is E followed by 8 digits, e.g. E10123456.")
    return code


def not_a_boolean(value: object) -> object:
    # JSON true is not 1 euro (pydantic's lax integers would take it), as for `lot`.
    if isinstance(value, bool):
        raise ValueError("Input should be a valid integer")
    return value


PIC = Annotated[str, AfterValidator(pic_code)]
OID = Annotated[str, AfterValidator(oid_code)]
# The bounds come before the validator: after it, the OpenAPI document would lose them.
Euros = Annotated[int, Field(ge=0, le=MAX_GRANT_EUR), BeforeValidator(not_a_boolean)]


class MemberIn(BaseModel):
    """An organisation of the consortium, by what the rules read; its PIC or OID, when given,
    lets the check find the same organisation listed twice."""

    # pydantic's own models, not ninja's Schema: Schema's validator wraps every object of the
    # body to read Django models' attributes, which more than doubled the cost of validating
    # 40 partners. from_attributes keeps the messages Schema gave ("a valid dictionary or
    # object to extract fields from").
    model_config = ConfigDict(extra="forbid", from_attributes=True)

    country: CountryCode
    kind: Kind
    pic: PIC | None = Field(
        None,
        description="Participant Identification Code, 9 digits. Members with the same PIC or "
        "OID are one organisation, listed twice (`unique_organisations`).",
        examples=["949123456"],
    )
    oid: OID | None = Field(
        None, description="Erasmus+ Organisation ID, E and 8 digits.", examples=["E10123456"]
    )


class ApplicantIn(MemberIn):
    """The applicant organisation."""


class PartnerIn(MemberIn):
    role: Literal["full_partner", "associated_partner"]


class EligibilityIn(BaseModel):
    model_config = ConfigDict(extra="forbid", from_attributes=True)

    call: str | None = Field(None, description="A call's slug; the default call when omitted.")
    lot: StrictInt = Field(..., description="The lot's number in the call.", examples=[1])
    duration_years: StrictInt | None = Field(None, examples=[3])
    sector: str | None = Field(
        None,
        description="A sector code of the call: NACE Rev. 2 (e.g. 'C' or '10') if the call "
        "includes it, or one of the call's own sectors.",
    )
    requested_grant_eur: Euros | None = Field(
        None,
        description=f"Whole euros, at most {MAX_GRANT_EUR} (1000000 or 1000000.0; no cents).",
        examples=[3_900_000],
    )
    applicant: ApplicantIn
    partners: list[PartnerIn] = Field(default_factory=list, max_length=MAX_PARTNERS)

    no_null_characters = field_validator("call", "sector")(refuse_null_characters)


class CheckOut(Schema):
    code: str
    passed: bool
    message: str
    hint: str


class EligibilityOut(Schema):
    eligible: bool
    checks: list[CheckOut]


class FieldErrors(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        ..., description="Messages by field path, e.g. 'partners.2.country'."
    )


class CompositionOut(Schema):
    slug: str
    label: str
    min_count: int
    kinds: list[str]
    per_country: bool
    partner_countries_count: bool


class GrantCapOut(Schema):
    duration_years: int
    max_eur: Decimal


class LotOut(Schema):
    number: int
    title: str
    description: str
    allowed_durations: list[int] = Field(
        ..., description="Durations in whole years; empty: any duration (no rule)."
    )
    min_programme_countries: int | None
    min_full_partners: int | None
    partner_country_full_partners_count: bool
    compositions: list[CompositionOut]
    max_grant_eur: list[GrantCapOut]
    sectors: list[str] = Field(
        ..., description="Codes narrowing the call's sectors (a NACE section covers its divisions)."
    )
    deadline: datetime | None


class CountryOut(Schema):
    code: str
    name: str


class SectorOut(Schema):
    code: str
    name: str


class CallOut(Schema):
    slug: str
    title: str
    reference: str
    year: int
    deadline: datetime | None
    is_open: bool
    is_default: bool
    caveat: str
    applicant_rule: Literal[rules.APPLICANT_RULES] = Field(  # type: ignore[valid-type]
        ...,
        description="How many proposals one applicant may submit in the call: several for "
        "different sectors, one, or no limit.",
    )
    programme_countries: list[CountryOut]
    nace_sectors: bool = Field(
        ..., description="Whether the call's sectors include NACE Rev. 2 (sections and divisions)."
    )
    own_sectors: list[SectorOut] = Field(
        ..., description="The sectors the call names itself, besides NACE Rev. 2 or instead."
    )
    lots: list[LotOut]


def lot_out(lot: Lot) -> LotOut:
    return LotOut(
        number=lot.number,
        title=lot.title,
        description=lot.description,
        allowed_durations=sorted(lot.allowed_durations),
        min_programme_countries=lot.min_programme_countries,
        min_full_partners=lot.min_full_partners,
        partner_country_full_partners_count=lot.partner_country_full_partners_count,
        compositions=[
            CompositionOut(
                slug=row.slug,
                label=row.label,
                min_count=row.min_count,
                kinds=list(row.kinds),
                per_country=row.per_country,
                partner_countries_count=row.partner_countries_count,
            )
            for row in lot.compositions.all()
        ],
        max_grant_eur=[
            GrantCapOut(duration_years=cap.duration_years, max_eur=cap.max_eur)
            for cap in lot.grant_caps.all()
        ],
        sectors=[sector.code for sector in lot.sectors.all()],
        deadline=lot.effective_deadline,
    )


@router.get("/calls", response=list[CallOut], url_name="calls", summary="Calls and their lots")
def list_calls(request: HttpRequest) -> list[CallOut]:
    return [
        CallOut(
            slug=call.slug,
            title=call.title,
            reference=call.reference,
            year=call.year,
            deadline=call.deadline,
            is_open=call.is_open,
            is_default=call.is_default,
            caveat=call.caveat,
            applicant_rule=call.applicant_rule,
            programme_countries=[
                CountryOut(code=country.code, name=str(country.name))
                for country in call.programme_countries
            ],
            nace_sectors=call.nace_sectors,
            own_sectors=[
                SectorOut(code=sector.code, name=sector.name) for sector in call.own_sectors.all()
            ],
            lots=[lot_out(lot) for lot in call.lots.all()],
        )
        for call in selectors.calls_with_lots()
    ]


class InvalidInput(Exception):
    """Input that passed the schema but names something that does not exist; answered 400."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.errors = {field: [message]}


def requested_lot(
    payload: EligibilityIn, found: catalogue.Catalogue
) -> tuple[catalogue.CallEntry, catalogue.LotEntry]:
    if payload.call is None:
        call = found.default_call
        if call is None:
            raise InvalidInput("call", "No default call is set: name a call.")
    else:
        call = found.calls.get(payload.call)
        if call is None:
            raise InvalidInput("call", f"Unknown call {payload.call!r}.")
    lot = call.lots.get(payload.lot)
    if lot is None:
        numbers = ", ".join(str(number) for number in call.lots)
        raise InvalidInput("lot", f"No lot {payload.lot} in {call.slug}; its lots: {numbers}.")
    return call, lot


def requested_sector(
    payload: EligibilityIn, call: catalogue.CallEntry, found: catalogue.Catalogue
) -> catalogue.SectorEntry | None:
    """The sector of ``call`` with the requested code (the lot's own narrowing is a check)."""
    if payload.sector is None:
        return None
    if sector := found.sector(call, payload.sector):
        return sector
    own = ", ".join(call.own_sectors)
    if not own:
        use = "a NACE Rev. 2 code"
    elif call.nace_sectors:
        use = f"a NACE Rev. 2 code or one of the call's own: {own}"
    else:
        use = f"one of the call's sectors: {own}"
    raise InvalidInput("sector", f"Unknown sector {payload.sector!r} in {call.slug}: use {use}.")


def organisation_keys(members: Sequence[MemberIn]) -> list[str | None]:
    """The engine's key of each member ("pic:949123456"): members sharing a PIC or an OID are
    one organisation, also when one gives both and another only one of them; None for a
    member with neither, which is compared with nobody."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    identities = [
        [f"{name}:{value}" for name, value in (("pic", m.pic), ("oid", m.oid)) if value]
        for m in members
    ]
    for first, *others in filter(None, identities):
        for other in others:
            parent[root(other)] = root(first)
    return [root(ids[0]) if ids else None for ids in identities]


def consortium_spec(
    payload: EligibilityIn, sector_codes: tuple[str, ...], sector_name: str
) -> rules.ConsortiumSpec:
    """The engine's view of a request: members are named by their place ("the applicant",
    "the 3rd partner"); the applicant's other proposals are unknown."""
    members = [payload.applicant, *payload.partners]
    keys = organisation_keys(members)
    roles = [rules.APPLICANT, *(p.role for p in payload.partners)]
    names = ["the applicant", *(f"the {rules.ordinal(n)} partner" for n in range(1, len(members)))]
    grant = payload.requested_grant_eur
    return rules.ConsortiumSpec(
        members=tuple(
            rules.MemberSpec(country=m.country, kind=m.kind, role=role, name=name, key=key)
            for m, role, name, key in zip(members, roles, names, keys, strict=True)
        ),
        duration_years=payload.duration_years,
        sector_codes=sector_codes,
        sector_name=sector_name,
        requested_grant_eur=None if grant is None else Decimal(grant),
    )


STATELESS = (
    "Stateless: nothing is saved. Checks whose rule the lot leaves empty are omitted, and so are "
    "the checks a request cannot decide: `applicant_sector_conflict` and "
    "`applicant_once_per_call` (the applicant's other proposals are not known here) and "
    "`members_accepted` (nobody is invited). "
    "`unique_organisations` is present when members give a `pic` or an `oid`, and compares "
    'those members only. Messages name members by their place: "the applicant", "the 3rd '
    'partner" (the third of `partners`).'
)


@router.post(
    "/eligibility",
    response={200: EligibilityOut, 400: FieldErrors},
    url_name="eligibility",
    summary="Check a consortium against a lot's rules",
    description=STATELESS,
)
def check_eligibility(request: HttpRequest, payload: EligibilityIn) -> EligibilityOut:
    found = catalogue.current()
    call, lot = requested_lot(payload, found)
    sector = requested_sector(payload, call, found)
    spec = consortium_spec(
        payload,
        found.sector_codes(sector.pk if sector else None),
        sector.name if sector else "",
    )
    report = rules.evaluate(spec, replace(lot.rules, country_names=selectors.country_names()))
    return EligibilityOut(
        eligible=report.passed,
        checks=[
            CheckOut(code=c.code, passed=c.passed, message=c.message, hint=c.hint)
            for c in report.checks
        ],
    )
