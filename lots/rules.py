"""The eligibility engine: a frozen consortium and a lot's frozen rules in, a report out.

Pure on purpose (standard library only: no Django, no ORM, no clock, no I/O), so that the
wizard's live panel, the JSON API, the submission guard, admin and exports share one verdict,
and so that it can be tested in microseconds. Adapters in ``consortia/specs.py`` and
``lots/api.py`` build the inputs; ``lots/selectors.py`` builds the rules from a saved lot.

A rule left empty on the lot (``None``, an empty set) is not checked and gives no check in the
report. Check codes are stable: callers and translations key on them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, Decimal
from functools import cached_property

APPLICANT = "applicant"
FULL_PARTNER = "full_partner"
ASSOCIATED_PARTNER = "associated_partner"
ROLES = (APPLICANT, FULL_PARTNER, ASSOCIATED_PARTNER)

# The one list of organisation kinds, in the order people read them: ``lots.choices`` labels
# it, the API and the exports accept it. Retired codes and what became of them: ``lots.kinds``.
KINDS = (
    "enterprise",
    "vet_provider",
    "higher_education",
    "employers_organisation",
    "trade_union",
    "chamber",
    "sector_skills_council",
    "public_authority",
    "research_institute",
    "guidance_service",
    "other",
)


# The one-applicant rule of a call, as the Programme Guides changed it between years.
DIFFERENT_SECTORS = "different_sectors"  # several proposals, each for another sector
ONE_PER_CALL = "one_per_call"  # one proposal per applicant in the call
NO_APPLICANT_RULE = "off"
APPLICANT_RULES = (DIFFERENT_SECTORS, ONE_PER_CALL, NO_APPLICANT_RULE)

ACCEPTED = "accepted"
DECLINED = "declined"
STATUS_WORDS = {"to_invite": "not invited", "invited": "invited"}


@dataclass(frozen=True)
class MemberSpec:
    """One participant as the rules see it. ``key`` identifies the organisation (its id, PIC or
    OID) when known; members without a key are never taken for duplicates. ``name`` is what
    messages call it (the organisation's name, or its place in a request: "the 3rd partner").
    ``status`` is the answer to the invitation (saved consortia only; None where nobody is
    invited, as in the stateless API)."""

    country: str
    kind: str
    role: str
    name: str = ""
    key: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class OtherProposal:
    """Another live proposal (not withdrawn) of the same call with the same applicant, for the
    one-applicant-per-sector rule. ``sector_codes`` is its sector followed by its ancestors;
    ``submitted`` whether it is submitted now."""

    acronym: str
    sector_codes: tuple[str, ...]
    submitted: bool


@dataclass(frozen=True)
class ConsortiumSpec:
    """A consortium, saved or not. ``sector_codes`` is the proposal's sector followed by its
    ancestors in the classification (e.g. NACE division "10" then section "C").
    ``requested_grant_eur`` is in euros (adapters give whole euros). ``other_proposals`` is None
    when unknown (a stateless request), which leaves the one-applicant check out."""

    members: tuple[MemberSpec, ...] = ()
    duration_years: int | None = None
    sector_codes: tuple[str, ...] = ()
    sector_name: str = ""
    requested_grant_eur: Decimal | None = None
    other_proposals: tuple[OtherProposal, ...] | None = None

    @cached_property
    def applicants(self) -> tuple[MemberSpec, ...]:
        return tuple(m for m in self.members if m.role == APPLICANT)

    @cached_property
    def full_members(self) -> tuple[MemberSpec, ...]:
        """The applicant and the full partners, but for those who declined (they are not in
        the consortium): the participants the minima count."""
        return tuple(
            m for m in self.members if m.role in (APPLICANT, FULL_PARTNER) and m.status != DECLINED
        )

    @cached_property
    def declined(self) -> tuple[MemberSpec, ...]:
        """Members who declined their invitation: to be replaced."""
        return tuple(m for m in self.members if m.status == DECLINED)


@dataclass(frozen=True)
class CompositionRule:
    """At least ``min_count`` full members whose kind is one of ``kinds``; with ``per_country``,
    that many in each participating Programme country. Members from Partner countries count
    only with ``partner_countries_count``, as for the lot's full-partner minimum."""

    slug: str
    label: str
    min_count: int
    kinds: frozenset[str]
    per_country: bool = False
    partner_countries_count: bool = False


@dataclass(frozen=True)
class LotRules:
    """A frozen copy of a lot's rules and of its call's Programme countries."""

    programme_countries: frozenset[str]
    allowed_durations: frozenset[int] = frozenset()
    min_programme_countries: int | None = None
    min_full_partners: int | None = None
    partner_country_full_partners_count: bool = False
    compositions: tuple[CompositionRule, ...] = ()
    max_grant_eur: tuple[tuple[int, Decimal], ...] = ()
    allowed_sectors: frozenset[str] = frozenset()
    applicant_rule: str = DIFFERENT_SECTORS
    country_names: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def country_name(self, code: str) -> str:
        return self.country_names.get(code, code)


# A check's parameters for translators: numbers, country codes, names and lists of them.
Params = Mapping[str, object]


@dataclass(frozen=True)
class Check:
    """One rule's result. ``message`` and ``hint`` are the English texts; ``key`` names the
    variant of the text (stable, like ``code``) and ``params`` what fills it in (counts,
    country codes, names), so that an adapter can say the same in another language without
    parsing English (``consortia/check_texts.py``)."""

    code: str
    passed: bool
    message: str
    hint: str = ""
    key: str = field(default="", compare=False)
    params: Params = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Report:
    checks: tuple[Check, ...]

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if not check.passed)

    def get(self, code: str) -> Check | None:
        return next((check for check in self.checks if check.code == code), None)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


def check_applicant_programme_country(spec: ConsortiumSpec, rules: LotRules) -> Check:
    """Exactly one applicant, established in a Programme country of the call."""
    code = "applicant_programme_country"
    applicants = spec.applicants
    if not applicants:
        return Check(
            code, False, "No applicant yet.", "Choose the applicant organisation.", key="none"
        )
    if len(applicants) > 1:
        return Check(
            code,
            False,
            f"{len(applicants)} applicants; a proposal has exactly one.",
            "Make every organisation but one a full partner.",
            key="several",
            params={"count": len(applicants)},
        )
    country = applicants[0].country
    if country in rules.programme_countries:
        return Check(
            code,
            True,
            f"The applicant is in {rules.country_name(country)}, a Programme country.",
            key="programme",
            params={"country": country},
        )
    return Check(
        code,
        False,
        f"The applicant is in {rules.country_name(country)}, a Partner country of this call.",
        "Choose an applicant established in a Programme country; "
        "the current one can stay as a full partner.",
        key="partner",
        params={"country": country},
    )


def programme_countries_of(spec: ConsortiumSpec, rules: LotRules) -> frozenset[str]:
    """The distinct Programme countries of the applicant and the full partners."""
    return frozenset(m.country for m in spec.full_members) & rules.programme_countries


def counts_as_full_partner(member: MemberSpec, rules: LotRules) -> bool:
    return member.country in rules.programme_countries or rules.partner_country_full_partners_count


def full_partner_count(spec: ConsortiumSpec, rules: LotRules) -> int:
    return sum(1 for m in spec.full_members if counts_as_full_partner(m, rules))


def counts_for_composition(member: MemberSpec, rules: LotRules, rule: CompositionRule) -> bool:
    return member.kind in rule.kinds and (
        member.country in rules.programme_countries or rule.partner_countries_count
    )


def composition_count(spec: ConsortiumSpec, rules: LotRules, rule: CompositionRule) -> Counter[str]:
    """Full members the rule counts, by country."""
    return Counter(m.country for m in spec.full_members if counts_for_composition(m, rules, rule))


def uncounted_for_composition(spec: ConsortiumSpec, rules: LotRules, rule: CompositionRule) -> int:
    """Full members of the rule's kinds left out because they are in Partner countries."""
    return sum(
        1
        for m in spec.full_members
        if m.kind in rule.kinds and not counts_for_composition(m, rules, rule)
    )


def short_countries(spec: ConsortiumSpec, rules: LotRules, rule: CompositionRule) -> list[str]:
    """For a per-country rule: the participating Programme countries below its minimum."""
    per_country = composition_count(spec, rules, rule)
    return [
        c for c in sorted(programme_countries_of(spec, rules)) if per_country[c] < rule.min_count
    ]


def replace_declined(declined: Sequence[MemberSpec], rules: LotRules) -> str:
    """The end of a failing minimum's hint: which members declined and so no longer count."""
    if not declined:
        return ""
    names = ", ".join(f"{m.name or 'a member'} ({rules.country_name(m.country)})" for m in declined)
    if len(declined) == 1:
        return f" {names} declined and no longer counts: replace it."
    return f" {names} declined and no longer count: replace them."


def declined_full_members(spec: ConsortiumSpec) -> list[MemberSpec]:
    return [m for m in spec.declined if m.role in (APPLICANT, FULL_PARTNER)]


def named(members: Sequence[MemberSpec]) -> tuple[tuple[str, str], ...]:
    """Members as (name, country code) pairs, for a check's params."""
    return tuple((m.name, m.country) for m in members)


def check_min_programme_countries(spec: ConsortiumSpec, rules: LotRules) -> Check | None:
    """Enough distinct Programme countries among the applicant and the full partners."""
    required = rules.min_programme_countries
    if required is None:
        return None
    found = programme_countries_of(spec, rules)
    missing = required - len(found)
    message = f"{plural(len(found), 'Programme country', 'Programme countries')}, {required} needed"
    if found:
        message += ": " + ", ".join(sorted(rules.country_name(c) for c in found))
    params: dict[str, object] = {
        "count": len(found),
        "needed": required,
        "countries": tuple(sorted(found)),
    }
    key = "listed" if found else "none"
    if missing <= 0:
        return Check("min_programme_countries", True, message + ".", key=key, params=params)
    more = plural(missing, "more Programme country", "more Programme countries")
    lost = [
        m
        for m in declined_full_members(spec)
        if m.country in rules.programme_countries and m.country not in found
    ]
    return Check(
        "min_programme_countries",
        False,
        message + ".",
        f"Add full partners from {more}; associated partners and Partner countries do not count."
        + replace_declined(lost, rules),
        key=key,
        params={**params, "missing": missing, "declined": named(lost)},
    )


def check_min_full_partners(spec: ConsortiumSpec, rules: LotRules) -> Check | None:
    """Enough full partners, the applicant included (Partner-country ones only if the lot says)."""
    required = rules.min_full_partners
    if required is None:
        return None
    counted = full_partner_count(spec, rules)
    missing = required - counted
    message = f"{plural(counted, 'full partner')}, the applicant included; {required} needed"
    if not rules.partner_country_full_partners_count:
        message += " (Programme countries only)"
    key = "anywhere" if rules.partner_country_full_partners_count else "programme_only"
    params: dict[str, object] = {"count": counted, "needed": required}
    if missing <= 0:
        return Check("min_full_partners", True, message + ".", key=key, params=params)
    hint = f"Add {plural(missing, 'more full partner')}"
    if not rules.partner_country_full_partners_count:
        hint += " from Programme countries"
    lost = [m for m in declined_full_members(spec) if counts_as_full_partner(m, rules)]
    return Check(
        "min_full_partners",
        False,
        message + ".",
        hint + "." + replace_declined(lost, rules),
        key=key,
        params={**params, "missing": missing, "declined": named(lost)},
    )


def check_composition(spec: ConsortiumSpec, rules: LotRules, rule: CompositionRule) -> Check:
    """At least N full members of the rule's kinds, overall or in each participating
    Programme country."""
    code = f"composition:{rule.slug}"
    lost = [m for m in declined_full_members(spec) if counts_for_composition(m, rules, rule)]
    label = rule.label[:1].upper() + rule.label[1:]
    params: dict[str, object] = {"label": rule.label, "needed": rule.min_count}
    if not rule.per_country:
        found = composition_count(spec, rules, rule).total()
        message = f"{label}: {found}, at least {rule.min_count} needed"
        left_out = uncounted_for_composition(spec, rules, rule)
        if left_out:
            message += (
                "; 1 in a Partner country does not count"
                if left_out == 1
                else f"; {left_out} in Partner countries do not count"
            )
        key = "overall_anywhere" if rule.partner_countries_count else "overall"
        params.update(count=found, left_out=left_out)
        if found >= rule.min_count:
            return Check(code, True, message + ".", key=key, params=params)
        more = plural(rule.min_count - found, "more full partner")
        where = "" if rule.partner_countries_count else " from Programme countries"
        return Check(
            code,
            False,
            message + ".",
            f"Add {more} of this kind{where}: {rule.label}." + replace_declined(lost, rules),
            key=key,
            params={**params, "missing": rule.min_count - found, "declined": named(lost)},
        )
    message = f"{label} in each participating Programme country, at least {rule.min_count}"
    countries = programme_countries_of(spec, rules)
    if not countries:
        return Check(
            code,
            False,
            f"No Programme country yet. {message}.",
            "Add full partners first.",
            key="per_country_none",
            params=params,
        )
    short = short_countries(spec, rules, rule)
    if not short:
        return Check(
            code,
            True,
            f"{message}: met in all {len(countries)}.",
            key="per_country",
            params={**params, "count": len(countries)},
        )
    names = ", ".join(rules.country_name(c) for c in short)
    still_lost = [m for m in lost if m.country in short]
    return Check(
        code,
        False,
        f"{message}: short in {names}.",
        f"Add {rule.label} as full partners in {names}." + replace_declined(still_lost, rules),
        key="per_country_short",
        params={**params, "countries": tuple(short), "declined": named(still_lost)},
    )


def check_duration(spec: ConsortiumSpec, rules: LotRules) -> Check:
    """The project lasts one of the lot's allowed durations (in whole years). A lot without
    allowed durations has no duration rule: any duration passes, but a project needs one."""
    years = spec.duration_years
    if not rules.allowed_durations:
        if years is None:
            return Check(
                "duration", False, "No duration yet.", "Choose the project's duration.", key="none"
            )
        return Check(
            "duration", True, f"{plural(years, 'year')}.", key="any", params={"years": years}
        )
    choices = tuple(sorted(rules.allowed_durations))
    allowed = " or ".join(plural(y, "year") for y in choices)
    if years is None:
        return Check(
            "duration",
            False,
            "No duration yet.",
            f"Choose {allowed}.",
            key="none_allowed",
            params={"allowed": choices},
        )
    if years in rules.allowed_durations:
        return Check(
            "duration",
            True,
            f"{plural(years, 'year')}, as allowed.",
            key="allowed",
            params={"years": years, "allowed": choices},
        )
    return Check(
        "duration",
        False,
        f"{plural(years, 'year')} is not allowed in this lot.",
        f"Choose {allowed}.",
        key="not_allowed",
        params={"years": years, "allowed": choices},
    )


def check_sector_allowed(spec: ConsortiumSpec, rules: LotRules) -> Check | None:
    """The proposal's sector (or a section above it) is among the lot's sectors."""
    if not rules.allowed_sectors:
        return None
    listed = ", ".join(sorted(rules.allowed_sectors))
    if not spec.sector_codes:
        return Check(
            "sector_allowed",
            False,
            "No sector yet.",
            f"Choose one of the lot's sectors: {listed}.",
            key="none",
            params={"sectors": tuple(sorted(rules.allowed_sectors))},
        )
    sector = spec.sector_name or spec.sector_codes[0]
    params = {"sector": sector, "sectors": tuple(sorted(rules.allowed_sectors))}
    if set(spec.sector_codes) & rules.allowed_sectors:
        return Check(
            "sector_allowed",
            True,
            f"{sector} is one of the lot's sectors.",
            key="allowed",
            params=params,
        )
    return Check(
        "sector_allowed",
        False,
        f"{sector} is not one of the lot's sectors.",
        f"Choose one of: {listed}, or another lot.",
        key="not_allowed",
        params=params,
    )


def eur(amount: Decimal) -> str:
    """'EUR 1,000,000'. An amount with cents is shown with them ('EUR 1,000,000.4'), so that
    an amount over a cap never reads as equal to it."""
    return f"EUR {amount:,f}"


def check_max_grant(spec: ConsortiumSpec, rules: LotRules) -> Check | None:
    """The requested EU grant stays within the lot's maximum for the chosen duration. The hint
    says how much to lower it in whole euros, rounded up: never 0, and enough."""
    if not rules.max_grant_eur:
        return None
    caps = dict(rules.max_grant_eur)
    cap = caps.get(spec.duration_years) if spec.duration_years is not None else None
    if cap is None:
        listed = "; ".join(f"{plural(y, 'year')}: {eur(c)}" for y, c in sorted(caps.items()))
        return Check(
            "max_grant",
            True,
            f"Maximum EU grant by duration: {listed}.",
            key="by_duration",
            params={"caps": tuple(sorted(caps.items()))},
        )
    requested = spec.requested_grant_eur
    years = spec.duration_years or 0
    if requested is None:
        return Check(
            "max_grant",
            True,
            f"Up to {eur(cap)} for {plural(years, 'year')}; no amount requested yet.",
            key="no_amount",
            params={"cap": cap, "years": years},
        )
    if requested <= cap:
        return Check(
            "max_grant",
            True,
            f"{eur(requested)} of at most {eur(cap)}.",
            key="within",
            params={"requested": requested, "cap": cap},
        )
    excess = (requested - cap).to_integral_value(rounding=ROUND_CEILING)
    return Check(
        "max_grant",
        False,
        f"{eur(requested)} requested; the maximum is {eur(cap)}.",
        f"Lower the request by {eur(excess)}.",
        key="over",
        params={"requested": requested, "cap": cap, "excess": excess},
    )


def and_list(words: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def check_unique_organisations(spec: ConsortiumSpec, rules: LotRules) -> Check | None:
    """The same organisation appears at most once in a consortium. Only members with a key
    are compared; with none (a stateless request without PICs) there is no check, since
    nothing can be known."""
    by_key: dict[str, list[MemberSpec]] = {}
    for m in spec.members:
        if m.key is not None:
            by_key.setdefault(m.key, []).append(m)
    if not by_key:
        return None
    twice = [(key, group) for key, group in sorted(by_key.items()) if len(group) > 1]
    if twice:
        groups = tuple(
            tuple(dict.fromkeys(m.name for m in group if m.name)) or (key,) for key, group in twice
        )
        names = "; ".join(and_list(group) for group in groups)
        return Check(
            "unique_organisations",
            False,
            f"Listed more than once: {names}.",
            "Remove the duplicate rows; an organisation takes one role only.",
            key="twice",
            params={"groups": groups},
        )
    identified = len(by_key)  # no key twice: one member each
    if identified == len(spec.members):
        return Check("unique_organisations", True, "Every organisation appears once.", key="all")
    return Check(
        "unique_organisations",
        True,
        f"Every organisation identified appears once ({identified} of "
        f"{plural(len(spec.members), 'member')} identified).",
        "Identify the others (PIC or OID) to compare them too.",
        key="some",
        params={"identified": identified, "count": len(spec.members)},
    )


def same_sector(codes: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether two sectors (each its code followed by its ancestors') are the same for the
    one-applicant rule: equal, or one a part of the other (section J and its division 62);
    two divisions of one section (62 and 63) are different sectors."""
    return bool(codes) and bool(other) and (codes[0] in other or other[0] in codes)


def clashes(applicant_rule: str, codes: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether another proposal of the same applicant in the same call breaks the call's
    one-applicant rule: any other one (one per call), one for the same sector (different
    sectors), none (off)."""
    if applicant_rule == ONE_PER_CALL:
        return True
    return applicant_rule == DIFFERENT_SECTORS and same_sector(codes, other)


def check_applicant_sector_conflict(spec: ConsortiumSpec, rules: LotRules) -> Check | None:
    """The call's one-applicant rule: one proposal per applicant and sector in a call, one
    proposal per applicant in a call, or none. Fails when another proposal of the same
    applicant that the rule forbids is submitted, whichever was created first; another
    draft only gives a note, since the first of the two to be submitted may go. No check when
    the other proposals are unknown (a stateless request)."""
    if spec.other_proposals is None:
        return None
    if rules.applicant_rule not in (DIFFERENT_SECTORS, ONE_PER_CALL):
        return None
    per_call = rules.applicant_rule == ONE_PER_CALL
    code = "applicant_once_per_call" if per_call else "applicant_sector_conflict"
    scope = "in this call" if per_call else "for this sector in this call"
    clashing = [
        p
        for p in spec.other_proposals
        if clashes(rules.applicant_rule, spec.sector_codes, p.sector_codes)
    ]
    submitted = sorted(p.acronym for p in clashing if p.submitted)
    drafts = sorted(p.acronym for p in clashing if not p.submitted)
    if submitted:
        names = ", ".join(submitted)
        once = (
            "One applicant applies once in this call: choose another applicant"
            if per_call
            else "One applicant applies once per sector in a call: choose another sector or "
            "another applicant"
        )
        return Check(
            code,
            False,
            f"The applicant has submitted {names} {scope} already.",
            f"{once}, or withdraw {names}.",
            key="submitted",
            params={"proposals": tuple(submitted)},
        )
    if drafts:
        names = ", ".join(drafts)
        return Check(
            code,
            True,
            f"The applicant also has a draft {scope}: {names}.",
            "Only one of them can be submitted: the first to be submitted.",
            key="draft",
            params={"proposals": tuple(drafts)},
        )
    if per_call:
        return Check(code, True, "No other proposal of this applicant in this call.", key="none")
    return Check(
        code, True, "No other proposal of this applicant addresses this sector.", key="none"
    )


MEMBERS_ACCEPTED = "members_accepted"  # the code of the check on partners' answers


def check_members_accepted(spec: ConsortiumSpec, rules: LotRules) -> Check | None:
    """Every partner has accepted its invitation and confirmed the mandate (where members
    have a status; the applicant is the coordinator's own organisation). Partners who
    declined are named as the ones to replace."""
    tracked = [m for m in spec.members if m.role != APPLICANT and m.status is not None]
    if not tracked:
        return None
    waiting = [m for m in tracked if m.status not in (ACCEPTED, DECLINED)]
    declined = [m for m in tracked if m.status == DECLINED]
    params: dict[str, object] = {
        "count": len(tracked),
        "waiting": tuple((m.name or m.country, m.status or "") for m in waiting),
        "declined": named(declined),
    }
    if not waiting and not declined:
        return Check(
            MEMBERS_ACCEPTED,
            True,
            f"All {plural(len(tracked), 'partner')} accepted.",
            key="all",
            params=params,
        )
    parts, hints = [], []
    if waiting:
        names = "; ".join(
            f"{m.name or m.country} ({STATUS_WORDS.get(m.status or '', m.status)})" for m in waiting
        )
        parts.append(f"Waiting for {len(waiting)} of {plural(len(tracked), 'partner')}: {names}.")
        hints.append(
            "Invite the partners not invited yet, and resend invitations that failed or expired."
        )
    if declined:
        names = "; ".join(
            f"{m.name or m.country} ({rules.country_name(m.country)})" for m in declined
        )
        parts.append(f"Declined: {names}.")
        hints.append(
            "Replace the partners who declined: remove them on the partners step and add "
            "other organisations."
        )
    key = "_".join(part for part, some in (("waiting", waiting), ("declined", declined)) if some)
    return Check(MEMBERS_ACCEPTED, False, " ".join(parts), " ".join(hints), key, params)


def evaluate(spec: ConsortiumSpec, rules: LotRules) -> Report:
    """Every check the lot asks for, in a stable order: applicant, countries, partners,
    composition, duration, sector, grant, duplicates, conflicts, acceptance."""
    candidates = (
        check_applicant_programme_country(spec, rules),
        check_min_programme_countries(spec, rules),
        check_min_full_partners(spec, rules),
        *(check_composition(spec, rules, rule) for rule in rules.compositions),
        check_duration(spec, rules),
        check_sector_allowed(spec, rules),
        check_max_grant(spec, rules),
        check_unique_organisations(spec, rules),
        check_applicant_sector_conflict(spec, rules),
        check_members_accepted(spec, rules),
    )
    return Report(tuple(check for check in candidates if check is not None))


@dataclass(frozen=True)
class Gap:
    """Organisations that would close a failing check if added as full partners: from one of
    ``countries`` (any country when empty) and of one of ``kinds`` (any kind when empty)."""

    code: str
    countries: frozenset[str]
    kinds: frozenset[str]


def gaps(spec: ConsortiumSpec, rules: LotRules) -> tuple[Gap, ...]:
    """What the consortium lacks for the country, partner and composition minima."""
    present = programme_countries_of(spec, rules)
    found: list[Gap] = []
    if (rules.min_programme_countries or 0) > len(present):
        found.append(
            Gap("min_programme_countries", rules.programme_countries - present, frozenset())
        )
    if (rules.min_full_partners or 0) > full_partner_count(spec, rules):
        anywhere = rules.partner_country_full_partners_count
        found.append(
            Gap(
                "min_full_partners",
                frozenset() if anywhere else rules.programme_countries,
                frozenset(),
            )
        )
    for rule in rules.compositions:
        code = f"composition:{rule.slug}"
        if not rule.per_country and composition_count(spec, rules, rule).total() < rule.min_count:
            anywhere = rule.partner_countries_count
            found.append(
                Gap(code, frozenset() if anywhere else rules.programme_countries, rule.kinds)
            )
        elif rule.per_country and (short := short_countries(spec, rules, rule)):
            found.append(Gap(code, frozenset(short), rule.kinds))
        elif rule.per_country and not present:
            found.append(Gap(code, rules.programme_countries, rule.kinds))
    return tuple(found)


def closes(gap: Gap, member: MemberSpec) -> bool:
    """Whether the member, as a full partner, is one of the organisations the gap asks for."""
    return (not gap.countries or member.country in gap.countries) and (
        not gap.kinds or member.kind in gap.kinds
    )


# Singular nouns for the phrases of ``contribution`` ("a 3rd VET provider"); the UI's kind
# labels are longer and translated, the engine's stay plain.
KIND_NOUNS = {
    "enterprise": "enterprise",
    "vet_provider": "VET provider",
    "higher_education": "higher education institution",
    "employers_organisation": "employers' organisation",
    "trade_union": "trade union",
    "chamber": "chamber",
    "sector_skills_council": "sector skills council",
    "public_authority": "public authority",
    "research_institute": "research institute",
    "guidance_service": "guidance service",
    "other": "organisation of another kind",
}


def kinds_noun(kinds: frozenset[str]) -> str:
    """'VET provider'; 'enterprise, trade union or chamber' (in the order of KINDS)."""
    ordered = [kind for kind in KINDS if kind in kinds] + sorted(kinds.difference(KINDS))
    nouns = [KIND_NOUNS.get(kind, kind) for kind in ordered]
    return nouns[0] if len(nouns) == 1 else f"{', '.join(nouns[:-1])} or {nouns[-1]}"


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, ..., 21st, 22nd, ..., 111th."""
    teens = number % 100 in (11, 12, 13)
    suffix = "th" if teens else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def said_with_vowel(number: int) -> bool:
    """Whether the number, said aloud, starts with a vowel: eight, eleven, eighteen, eighty-,
    eight hundred, eight thousand..."""
    lead = number
    while lead >= 1000:
        lead //= 1000
    return lead in (8, 11, 18) or lead // 10 == 8 or lead // 100 == 8


def nth(number: int, noun: str) -> str:
    """'a VET provider' for the first, then 'a 3rd VET provider', 'an 8th Programme country'.
    The nouns here have no silent h and no 'you' sound, so their first letter tells the article.
    """
    if number == 1:
        return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"
    return f"{'an' if said_with_vowel(number) else 'a'} {ordinal(number)} {noun}"


@dataclass(frozen=True)
class Contribution:
    """What adding one organisation (``key``) as a full partner does for the failing minima:
    a phrase for each gap it closes, in the order of ``gaps``."""

    key: str | None
    phrases: tuple[str, ...]
    # Each phrase's kind and params, for translators: ("country", {"country", "nth"}),
    # ("full_partner", {"nth"}), ("kind", {"kinds", "nth"}), ("kind_in", {"kinds", "nth",
    # "country"}).
    parts: tuple[tuple[str, Params], ...] = field(default=(), compare=False)

    @property
    def sentence(self) -> str:
        """'Adds Latvia, a 6th Programme country; a 3rd VET provider.' (empty if nothing)."""
        return f"Adds {'; '.join(self.phrases)}." if self.phrases else ""


def contribution(spec: ConsortiumSpec, rules: LotRules, candidate: MemberSpec) -> Contribution:
    """What the candidate adds, counted in the consortium with the candidate as a full partner.
    Callers leave out members: a member added again would be counted twice."""
    added = replace(candidate, role=FULL_PARTNER, status=None)
    after = replace(spec, members=(*spec.members, added))
    by_code = {f"composition:{rule.slug}": rule for rule in rules.compositions}
    country = rules.country_name(added.country)
    phrases: list[str] = []
    parts: list[tuple[str, Params]] = []
    for gap in gaps(spec, rules):
        if not closes(gap, added):
            continue
        if gap.code == "min_programme_countries":
            countries = len(programme_countries_of(after, rules))
            phrases.append(f"{country}, {nth(countries, 'Programme country')}")
            parts.append(("country", {"country": added.country, "nth": countries}))
        elif gap.code == "min_full_partners":
            partners = full_partner_count(after, rules)
            phrases.append(nth(partners, "full partner"))
            parts.append(("full_partner", {"nth": partners}))
        else:
            rule = by_code[gap.code]
            found = composition_count(after, rules, rule)
            noun = kinds_noun(rule.kinds)
            kinds = tuple(kind for kind in KINDS if kind in rule.kinds)
            if rule.per_country:
                phrases.append(f"{nth(found[added.country], noun)} in {country}")
                params = {"kinds": kinds, "nth": found[added.country], "country": added.country}
                parts.append(("kind_in", params))
            else:
                phrases.append(nth(found.total(), noun))
                parts.append(("kind", {"kinds": kinds, "nth": found.total()}))
    return Contribution(added.key, tuple(phrases), tuple(parts))
