"""The JSON export of a proposal, version 1: the schema, documented in the OpenAPI document
(``/api/v1/openapi.json``, component ``ProposalExport``) and read back by the import."""

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from lots.kinds import RETIRED
from lots.models import MAX_GRANT_EUR
from lots.rules import APPLICANT, KINDS, MEMBERS_ACCEPTED, ROLES
from portal.countries import CountryCode
from portal.null_characters import refuse_null_characters

FORMAT = "consortium-portal/proposal"
VERSION = 1

# Retired kinds stay valid: files exported before, and submitted proposals, which show what
# was submitted. The import reads them as ``lots.kinds.current_kind`` says.
Kind = Literal[KINDS + tuple(RETIRED)]  # type: ignore[valid-type]
Role = Literal[ROLES]  # type: ignore[valid-type]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    no_null_characters = field_validator("*")(refuse_null_characters)


class OrganisationData(Strict):
    legal_name: str = Field(min_length=1, max_length=250)
    short_name: str = ""
    country: CountryCode
    kind: Kind = Field(
        description="'social_partner' (retired) is imported as 'trade_union' when the name "
        "says so, as 'employers_organisation' otherwise."
    )
    size: Literal["", "small", "medium", "large"] = ""
    ownership: Literal["", "public", "private"] = ""
    pic: str | None = Field(None, pattern=r"^[0-9]{9}$")
    oid: str | None = Field(None, pattern=r"^E[0-9]{8}$")
    website: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""


class MandateData(Strict):
    version: str
    confirmed_at: datetime
    confirmed_by: str | None = None


class MemberData(Strict):
    role: Role
    organisation: OrganisationData
    contact_name: str = ""
    contact_email: str = Field("", max_length=254)
    status: Literal["to_invite", "invited", "accepted", "declined"] = "to_invite"
    mandate: MandateData | None = None

    @property
    def is_applicant(self) -> bool:
        return self.role == APPLICANT


class LotData(Strict):
    call: str = Field(description="The call's slug")
    call_title: str = ""
    number: int
    title: str = ""


class ProjectData(Strict):
    acronym: str = Field("", max_length=30)
    title: str = Field("", max_length=300)
    sector: str | None = Field(
        None, description="The sector's code: NACE Rev. 2, or one the call names itself"
    )
    occupational_profiles: str = ""
    duration_years: int | None = Field(None, ge=1, le=6)
    requested_grant_eur: Decimal | None = Field(
        None, ge=0, le=MAX_GRANT_EUR, decimal_places=0, description="Whole euros"
    )
    status: Literal["draft", "submitted", "withdrawn"] = "draft"


class CheckData(Strict):
    code: str
    passed: bool
    message: str
    hint: str = ""

    @property
    def is_gap(self) -> bool:
        """Failed, and about the consortium's composition rather than partners' answers."""
        return not self.passed and self.code != MEMBERS_ACCEPTED


class EligibilityData(Strict):
    eligible: bool
    checks: list[CheckData]


class ProposalExport(Strict):
    """A proposal and its consortium, as exported; importing it creates a draft."""

    format: Literal["consortium-portal/proposal"] = FORMAT
    version: Literal[1] = VERSION
    exported_at: datetime
    lot: LotData
    project: ProjectData
    members: list[MemberData] = Field(max_length=500)
    eligibility: EligibilityData | None = Field(
        None, description="The report at the time of export; ignored by the import."
    )
