"""Past calls shipped as presets: JSON files an admin loads with one command or from the call
list, so that nobody types a past call's rules by hand. Each file carries its caveat, saying
which figures are recalled and not verified (``ssa-rules.md``); none is loaded by default.
A text people read (``title``, ``description``, ``caveat``, ``label``, ``name``) is in English,
with its French and German beside it (``title_fr``, ``title_de``); empty: English is shown."""

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal

from django.utils.translation import get_language
from pydantic import BaseModel, ConfigDict, Field

from lots import rules

FOLDER = Path(__file__).parent


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def shown(self, name: str) -> str:
        """The text ``name`` in the active language, English when it has no translation."""
        language = (get_language() or "en").split("-")[0]
        return str(getattr(self, f"{name}_{language}", "") or getattr(self, name))


class CompositionPreset(Strict):
    slug: str
    label: str
    label_fr: str = ""
    label_de: str = ""
    min_count: int = Field(ge=1)
    kinds: list[Literal[rules.KINDS]]  # type: ignore[valid-type]
    per_country: bool = False
    partner_countries_count: bool = False


class GrantCapPreset(Strict):
    duration_years: int = Field(ge=1, le=6)
    max_eur: Decimal = Field(ge=0, decimal_places=0)


class LotPreset(Strict):
    number: int = Field(ge=1)
    title: str
    title_fr: str = ""
    title_de: str = ""
    description: str = ""
    description_fr: str = ""
    description_de: str = ""
    allowed_durations: list[int] = []
    min_programme_countries: int | None = None
    min_full_partners: int | None = None
    partner_country_full_partners_count: bool = False
    compositions: list[CompositionPreset] = []
    grant_caps: list[GrantCapPreset] = []
    sectors: list[str] = Field([], description="Codes of the call's own sectors or of NACE")

    @property
    def shown_title(self) -> str:
        return self.shown("title")


class SectorPreset(Strict):
    code: str
    name: str
    name_fr: str = ""
    name_de: str = ""


class CallPreset(Strict):
    slug: str
    title: str
    title_fr: str = ""
    title_de: str = ""
    reference: str = ""
    year: int
    caveat: str = Field(min_length=1)
    caveat_fr: str = ""
    caveat_de: str = ""
    applicant_rule: Literal[rules.APPLICANT_RULES]  # type: ignore[valid-type]
    nace_sectors: bool = True
    programme_countries: list[str]
    sectors: list[SectorPreset] = []
    lots: list[LotPreset]

    @property
    def shown_title(self) -> str:
        return self.shown("title")

    @property
    def shown_caveat(self) -> str:
        return self.shown("caveat")


@cache
def presets() -> dict[str, CallPreset]:
    """Every preset of this folder by slug, oldest call first."""
    found = [
        CallPreset.model_validate_json(path.read_text(encoding="utf-8"))
        for path in sorted(FOLDER.glob("*.json"))
    ]
    return {preset.slug: preset for preset in sorted(found, key=lambda p: p.year)}
