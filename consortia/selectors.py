"""Reads shared by views, admin, exports and tasks; every join and prefetch lives here."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils.dateformat import format as date_format
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from django_countries import countries

from consortia import gap_candidates, permissions, snapshots, tokens
from consortia.models import (
    CORRECTABLE_FIELDS,
    ExportJob,
    Invitation,
    Membership,
    Organisation,
    OrganisationCorrection,
    Proposal,
    Submission,
)
from consortia.search import word_matches
from lots.choices import Role
from lots.models import Call, Lot, Sector
from lots.rules import KINDS, Gap, clashes
from lots.selectors import lots_with_rules, sector_codes

User = AbstractBaseUser | AnonymousUser


class Application(NamedTuple):
    """A live proposal (not withdrawn) seen from its applicant, for the one-applicant-per-sector
    rule. ``sector_codes`` is its sector followed by its ancestors (empty without a sector)."""

    organisation_id: int
    call_id: int
    proposal_id: int
    acronym: str
    sector_codes: tuple[str, ...]
    submitted: bool


def memberships_with_organisations() -> QuerySet[Membership]:
    """Members with their organisation and who confirmed their mandate (the exports show
    both): one query for any number of members."""
    return Membership.objects.select_related("organisation", "mandate_confirmed_by").order_by(
        "position", "pk"
    )


def proposals_with_consortium() -> QuerySet[Proposal]:
    """Proposals with their lot, sector and members: a fixed number of queries for any number
    of proposals and members (the lot's rules come from ``lots.catalogue``)."""
    return Proposal.objects.select_related("lot__call", "sector__parent", "owner").prefetch_related(
        Prefetch("memberships", queryset=memberships_with_organisations()),
    )


def proposals_with_members() -> QuerySet[Proposal]:
    """Proposals with their lot, call, sector and members' organisations, without the lots'
    rules: what lists that read stored verdicts show. A fixed number of queries."""
    return Proposal.objects.select_related("lot__call", "sector__parent", "owner").prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("organisation").order_by("position", "pk"),
        )
    )


def submitted_snapshots(proposal_ids: Iterable[int]) -> dict[int, dict[str, object]]:
    """The snapshot of the current submission of each of the proposals that has one."""
    found: dict[int, dict[str, object]] = {}
    submissions = Submission.objects.filter(
        proposal_id__in=list(proposal_ids), withdrawn_at__isnull=True
    ).order_by("-submitted_at", "-pk")
    for proposal_id, snapshot in submissions.values_list("proposal_id", "snapshot"):
        found.setdefault(proposal_id, snapshot)
    return found


def show_as_submitted(proposals: Iterable[Proposal]) -> None:
    """Give the members of each submitted proposal (prefetched, as from
    ``proposals_with_consortium``) the organisation data of its snapshot, in memory: reviewers
    and exports see what was submitted, whatever the directory says since. One query."""
    submitted = [p for p in proposals if p.status == Proposal.Status.SUBMITTED]
    found = submitted_snapshots(p.pk for p in submitted)
    for proposal in submitted:
        if proposal.pk in found:
            snapshots.show_members_as_submitted(
                list(proposal.memberships.all()), found[proposal.pk]
            )


def proposals_for(user: User) -> QuerySet[Proposal]:
    """The proposals a user takes part in: those they coordinate and those whose invitation
    they accepted for a member organisation."""
    if not user.is_authenticated:
        return Proposal.objects.none()
    return proposals_with_consortium().filter(taking_part(user))


def proposal_list_for(user: User) -> QuerySet[Proposal]:
    """The proposals of ``proposals_for`` as their list shows them: with their lot, call and
    ``member_count``, in one query (their stored verdicts need no members)."""
    if not user.is_authenticated:
        return Proposal.objects.none()
    return (
        Proposal.objects.select_related("lot__call")
        .filter(taking_part(user))
        .annotate(member_count=Count("memberships"))
    )


def taking_part(user: User) -> Q:
    """Coordinating the proposal, or a contact whose invitation to it was accepted."""
    member_of = Membership.objects.filter(
        proposal=OuterRef("pk"), contact_user=user, status=Membership.Status.ACCEPTED
    )
    return Q(owner=user) | Exists(member_of)


def exports_for(user: User) -> QuerySet[ExportJob]:
    """The export jobs a user may see and download: of the proposals they take part in, or
    of any proposal for reviewers."""
    jobs = ExportJob.objects.select_related("proposal", "requested_by")
    if permissions.can_review(user):
        return jobs
    return jobs.filter(proposal__in=proposals_for(user).values("pk"))


def proposals_owned_by(user: User) -> QuerySet[Proposal]:
    """The proposals a user coordinates: the only ones the wizard opens for them."""
    if not user.is_authenticated:
        return Proposal.objects.none()
    return proposals_with_consortium().filter(owner=user)


def proposal_lots_owned_by(user: User) -> QuerySet[Proposal]:
    """The proposals a user coordinates with their lot and call, nothing more: what the
    wizard's sector suggestions read."""
    if not user.is_authenticated:
        return Proposal.objects.none()
    return Proposal.objects.filter(owner=user).select_related("lot__call")


def open_lots() -> QuerySet[Lot]:
    return lots_with_rules().filter(call__is_open=True).order_by("call", "number")


def applicant_of(proposal: Proposal) -> Membership | None:
    """The applicant's membership, from the prefetched members."""
    return next((m for m in proposal.memberships.all() if m.role == Role.APPLICANT), None)


def partners_of(proposal: Proposal) -> list[Membership]:
    return [m for m in proposal.memberships.all() if m.role != Role.APPLICANT]


def applications_of(pairs: Iterable[tuple[int, int]]) -> list[Application]:
    """Every live proposal (not withdrawn) whose applicant is one of the (organisation id,
    call id) pairs, in that call. One query for any number of pairs: by the organisations'
    index, the pairs kept here (an OR of 100 pairs made PostgreSQL read every member)."""
    wanted = set(pairs)
    if not wanted:
        return []
    rows = (
        Membership.objects.filter(
            organisation_id__in={organisation_id for organisation_id, _ in wanted},
            proposal__lot__call_id__in={call_id for _, call_id in wanted},
            role=Role.APPLICANT,
        )
        .exclude(proposal__status=Proposal.Status.WITHDRAWN)
        .values_list(
            "organisation_id",
            "proposal__lot__call_id",
            "proposal_id",
            "proposal__acronym",
            "proposal__status",
            "proposal__sector__code",
            "proposal__sector__parent__code",
            "proposal__sector__parent__parent__code",
        )
    )
    return [
        Application(
            organisation_id,
            call_id,
            proposal_id,
            acronym,
            tuple(code for code in codes if code),
            status == Proposal.Status.SUBMITTED,
        )
        for organisation_id, call_id, proposal_id, acronym, status, *codes in rows
        if (organisation_id, call_id) in wanted
    ]


def organisations_matching(
    query: str = "",
    *,
    country: str = "",
    kind: str = "",
    sector: Sector | None = None,
) -> QuerySet[Organisation]:
    """The directory filtered by search words (each in a name or the city, or a PIC or OID:
    ``search.word_matches``) and facets."""
    organisations = Organisation.objects.all()
    for word in query.split():
        organisations = organisations.filter(word_matches(word))
    if country:
        organisations = organisations.filter(country=country)
    if kind:
        organisations = organisations.filter(kind=kind)
    if sector is not None:
        organisations = organisations.filter(
            Q(sectors=sector) | Q(sectors__parent=sector) | Q(sectors=sector.parent_id)
        ).distinct()
    return organisations.order_by("legal_name", "pk")


def organisations_with_sectors() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("created_by").prefetch_related("sectors")


def corrections_for(user: User) -> QuerySet[OrganisationCorrection]:
    """The corrections a user decides on: of the organisations they manage, or of any
    organisation for staff with the change permission."""
    if not user.is_authenticated:
        return OrganisationCorrection.objects.none()
    corrections = OrganisationCorrection.objects.select_related("organisation", "proposed_by")
    if user.has_perm("consortia.change_organisation"):
        return corrections
    return corrections.filter(organisation__managers=user)


def corrections_waiting(organisation: Organisation, user: User) -> bool:
    """Whether corrections ``user`` proposed for the organisation wait for its managers."""
    return organisation.corrections.filter(
        proposed_by_id=user.pk, status=OrganisationCorrection.Status.PENDING
    ).exists()


class CorrectedField(NamedTuple):
    label: str
    current: str
    proposed: str


def corrected_fields(correction: OrganisationCorrection) -> list[CorrectedField]:
    """Each field a correction changes, with the organisation's value and the proposed one,
    as people read them (labels of choices, country names)."""
    organisation = correction.organisation
    proposed = Organisation(**correction.fields)
    rows = []
    for name in [name for name in CORRECTABLE_FIELDS if name in correction.fields]:
        field = Organisation._meta.get_field(name)
        if name == "country":
            shown = [organisation.country.name, proposed.country.name]
        elif field.choices:
            shown = [getattr(o, f"get_{name}_display")() for o in (organisation, proposed)]
        else:
            shown = [getattr(o, name) or "" for o in (organisation, proposed)]
        rows.append(CorrectedField(capfirst(field.verbose_name), *map(str, shown)))
    return rows


def similar_organisations(legal_name: str, country: str) -> QuerySet[Organisation]:
    """Organisations that may be the one being created: same name and country."""
    return Organisation.objects.filter(legal_name__iexact=legal_name.strip(), country=country)


def gap_suggestions(
    gaps: Iterable[Gap], *, exclude: Iterable[int], sector: Sector | None, limit: int = 5
) -> list[Organisation]:
    """Up to ``limit`` directory organisations that would close gaps, none of ``exclude`` (the
    consortium's members). Ranked by: active in the proposal's sector, then the number of gaps
    closed, then spread over countries (a country's second candidate after every other
    country's first), then name. Three queries, whatever the size of the directory: on
    PostgreSQL, the ranking reads only the candidates ``gap_candidates`` finds by index."""
    gaps = list(gaps)
    if not gaps:
        return []
    exclude = list(exclude)
    directory = Organisation.objects.exclude(pk__in=exclude)
    countries = (
        None
        if any(not gap.countries for gap in gaps)
        else set().union(*(gap.countries for gap in gaps))
    )
    kinds = (
        KINDS if any(not gap.kinds for gap in gaps) else set().union(*(gap.kinds for gap in gaps))
    )
    candidates = gap_candidates.candidate_ids(
        countries, kinds, exclude=exclude, sector_pk=sector.pk if sector else None, limit=limit
    )
    if candidates is not None:
        directory = directory.filter(pk__in=candidates)
    closed = sum(
        (Case(When(closes_gap(gap), then=Value(1)), default=Value(0)) for gap in gaps),
        start=Value(0),
    )
    merit = [F("in_sector").desc(), F("gaps_closed").desc()]
    rank_in_country = Window(
        RowNumber(), partition_by=F("country"), order_by=[*merit, "legal_name", "pk"]
    )
    return list(
        directory.annotate(gaps_closed=closed, in_sector=active_in(sector))
        .filter(gaps_closed__gt=0)
        .annotate(rank_in_country=rank_in_country)
        .order_by(*merit, "rank_in_country", "legal_name", "pk")[:limit]
    )


def closes_gap(gap: Gap) -> Q:
    """The organisations that close a gap as full partners (``rules.closes`` in SQL)."""
    condition = Q()
    if gap.countries:
        condition &= Q(country__in=sorted(gap.countries))
    if gap.kinds:
        condition &= Q(kind__in=sorted(gap.kinds))
    return condition


def active_in(sector: Sector | None) -> Exists | Value:
    """Whether an organisation works in the sector, in its section or in one of its divisions
    (as the directory's sector filter matches)."""
    if sector is None:
        return Value(False)
    related = Q(sector=sector) | Q(sector__parent=sector)
    if sector.parent_id is not None:
        related |= Q(sector_id=sector.parent_id)
    links = Organisation.sectors.through.objects.filter(related, organisation_id=OuterRef("pk"))
    return Exists(links)


def invitations_with_proposal() -> QuerySet[Invitation]:
    return Invitation.objects.select_related(
        "membership__organisation",
        "membership__proposal__lot__call",
        "membership__proposal__owner",
    )


INVITATION_PROBLEMS = {
    "tampered": _("This link has been altered or is incomplete."),
    "unknown": _("This link is no longer valid: a newer invitation replaced it."),
    "revoked": _("This invitation was withdrawn by the coordinator."),
    "answered": _("Your organisation has answered already, through another invitation link."),
    "used": _("This invitation has been answered already; a link works only once."),
    "expired": _("This invitation has expired."),
}


def invitation_problem(invitation: Invitation) -> str | None:
    """Why a link can no longer be used (a key of INVITATION_PROBLEMS), or None."""
    if invitation.status == Invitation.Status.REVOKED:
        answered = (Membership.Status.ACCEPTED, Membership.Status.DECLINED)
        return "answered" if invitation.membership.status in answered else "revoked"
    if invitation.status in (Invitation.Status.ACCEPTED, Invitation.Status.DECLINED):
        return "used"
    if invitation.is_expired:
        return "expired"
    return None


def invitation_for_token(token: str) -> tuple[Invitation | None, str | None]:
    """The invitation a link's token opens, and why it cannot be used (None when it can)."""
    try:
        stored = tokens.token_hash(token)
    except signing.BadSignature:
        return None, "tampered"
    invitation = invitations_with_proposal().filter(token_hash=stored).first()
    if invitation is None:
        return None, "unknown"
    return invitation, invitation_problem(invitation)


def pending_email_invitations(now: datetime) -> QuerySet[Invitation]:
    """First invitation emails still waiting for an answer, with the deadline that applies."""
    return (
        invitations_with_proposal()
        .filter(
            channel=Invitation.Channel.EMAIL,
            status=Invitation.Status.SENT,
            reminder_of__isnull=True,
            expires_at__gt=now,
            membership__status=Membership.Status.INVITED,
        )
        .annotate(
            deadline=Coalesce(
                "membership__proposal__lot__deadline", "membership__proposal__lot__call__deadline"
            )
        )
    )


def memberships_with_invitations(proposal: Proposal) -> list[Membership]:
    """The members of a proposal, each with its invitations newest first (two queries)."""
    return list(
        memberships_with_organisations()
        .filter(proposal=proposal)
        .prefetch_related(
            Prefetch("invitations", queryset=Invitation.objects.order_by("-created_at", "-pk"))
        )
    )


def long_date(moment: datetime) -> str:
    """A day as the active language writes it in full ("5 March 2030", "5 mars 2030",
    "5. März 2030"), in Brussels time."""
    return date_format(localtime(moment), pgettext("date format", "j F Y"))


@dataclass(frozen=True)
class InvitationState:
    """What the coordinator sees of a member: a code, its label, and a detail (an error,
    a reason, a date)."""

    code: str
    label: str
    detail: str = ""


def answer_undone(membership: Membership) -> bool:
    """Whether a member not invited got there from an answer, the last thing that happened
    to its invitations (only a new role or contact, in ``services.save_partners``, undoes
    one), rather than from a revoked invitation sent after it."""
    invitations = membership.invitations.all()
    answered = [i.responded_at for i in invitations if i.responded_at is not None]
    return bool(answered) and all(i.created_at <= max(answered) for i in invitations)


def invitation_state(membership: Membership) -> InvitationState:
    """The member's invitation as the coordinator sees it (from prefetched invitations)."""
    latest = next(
        (i for i in membership.invitations.all() if i.status != Invitation.Status.REVOKED), None
    )
    if membership.status == Membership.Status.ACCEPTED:
        return InvitationState("accepted", _("Accepted"))
    if membership.status == Membership.Status.DECLINED:
        reason = latest.decline_reason if latest else ""
        return InvitationState("declined", _("Declined"), reason)
    if membership.status == Membership.Status.TO_INVITE:
        again = _("answered before its role or contact changed: invite it again")
        return InvitationState(
            "not_invited", _("Not invited"), again if answer_undone(membership) else ""
        )
    if latest is None:
        return InvitationState("not_invited", _("Not invited"))
    if latest.status == Invitation.Status.FAILED:
        if latest.is_expired:
            return InvitationState("failed", _("Failed"), latest.last_error)
        retrying = _("%(error)s; tried again by itself until the link expires") % {
            "error": latest.last_error
        }
        return InvitationState("failed", _("Failed"), retrying)
    if latest.status == Invitation.Status.QUEUED:
        retrying = _("retrying after: %(error)s") % {"error": latest.last_error}
        return InvitationState("sending", _("Sending"), retrying if latest.last_error else "")
    if latest.is_expired:
        return InvitationState(
            "expired", _("Expired"), _("on %(date)s") % {"date": long_date(latest.expires_at)}
        )
    return InvitationState(
        "sent", _("Sent"), _("expires %(date)s") % {"date": long_date(latest.expires_at)}
    )


def applications_for(proposals: Iterable[Proposal]) -> list[Application]:
    """``applications_of`` the applicants of saved proposals, in their calls."""
    return applications_of(
        (applicant.organisation_id, p.lot.call_id)
        for p in proposals
        if (applicant := applicant_of(p)) is not None
    )


def sector_conflicts(
    proposals: Iterable[Proposal], applications: Sequence[Application]
) -> dict[int, list[str]]:
    """For each proposal, the other live proposals of the same call with the same applicant
    that the call's one-applicant rule forbids (for the same sector, a section and its own
    divisions counting as one, or any), whichever came first: admin shows the conflict on
    both. From ``applications_for(proposals)``."""
    by_applicant: dict[tuple[int, int], list[Application]] = defaultdict(list)
    for other in applications:
        by_applicant[other.organisation_id, other.call_id].append(other)
    conflicts: dict[int, list[str]] = {}
    for proposal in proposals:
        applicant = applicant_of(proposal)
        if applicant is None:
            conflicts[proposal.pk] = []
            continue
        codes, rule = sector_codes(proposal.sector), proposal.lot.call.applicant_rule
        conflicts[proposal.pk] = sorted(
            other.acronym
            for other in by_applicant[applicant.organisation_id, proposal.lot.call_id]
            if other.proposal_id != proposal.pk and clashes(rule, codes, other.sector_codes)
        )
    return conflicts


def review_overview() -> dict[str, object]:
    """What the admin home shows: proposals by call and lot, status and outcome, and the
    Programme countries that submitted proposals cover (and do not)."""
    by_lot = (
        Proposal.objects.values("lot__call__title", "lot__number", "status")
        .annotate(count=Count("pk"))
        .order_by("lot__call__title", "lot__number", "status")
    )
    by_status = dict(
        Proposal.objects.values_list("status").annotate(count=Count("pk")).order_by("status")
    )
    by_outcome = dict(
        Proposal.objects.filter(status=Proposal.Status.SUBMITTED)
        .values_list("review_outcome")
        .annotate(count=Count("pk"))
        .order_by("review_outcome")
    )
    covered = set(
        Membership.objects.filter(
            proposal__status=Proposal.Status.SUBMITTED,
            role__in=[Role.APPLICANT, Role.FULL_PARTNER],
        ).values_list("organisation__country", flat=True)
    )
    programme = {
        str(country)
        for call in Call.objects.filter(
            lots__proposals__status=Proposal.Status.SUBMITTED
        ).distinct()
        for country in call.programme_countries
    }
    return {
        "by_lot": list(by_lot),
        "by_status": [
            (Proposal.Status(s).label, by_status.get(s, 0)) for s in Proposal.Status.values
        ],
        "by_outcome": [
            (Proposal.Outcome(o).label if o else _("Not reviewed"), count)
            for o, count in sorted(by_outcome.items())
        ],
        "covered": sorted(countries.name(c) for c in programme & covered),
        "not_covered": sorted(countries.name(c) for c in programme - covered),
    }
