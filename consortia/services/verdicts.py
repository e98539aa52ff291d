"""Stored verdicts: each proposal's eligibility, failing checks and Programme countries as the
lists and filters read them (``Proposal.eligible``, ``failing_checks``,
``programme_country_count``, ``verdict_at``). Only this module writes them: after every change
to a proposal, its members or their organisations (on commit), and in batches by a task when
a lot's rules change."""

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from consortia import queue, selectors, specs
from consortia.models import Membership, Proposal
from lots import rules
from lots.choices import Role

logger = logging.getLogger(__name__)

# Proposals computed per transaction: a fixed number of queries each, row locks held briefly.
BATCH = 200


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    failing_checks: list[str]
    programme_country_count: int


def verdict_of(evaluation: specs.Evaluation) -> Verdict:
    return Verdict(
        eligible=evaluation.report.passed,
        failing_checks=[check.code for check in evaluation.report.failed],
        programme_country_count=len(
            rules.programme_countries_of(evaluation.spec, evaluation.rules)
        ),
    )


def verdicts_of(proposals: Sequence[Proposal]) -> dict[int, Verdict]:
    """Today's verdict of each proposal (from ``selectors.proposals_with_consortium``) as the
    admin page reports it: a submitted proposal's members with its snapshot's organisation
    data. Two queries however many proposals there are."""
    selectors.show_as_submitted(proposals)
    evaluations = specs.evaluate_all(proposals)
    return {pk: verdict_of(evaluation) for pk, evaluation in evaluations.items()}


def show_verdicts(proposals: Sequence[Proposal]) -> None:
    """Give proposals whose verdict was never stored (made before stored verdicts, or whose
    first refresh has not run yet) their verdict, evaluated now and kept in memory: a list
    never shows a missing verdict as a wrong one. No query when every verdict is stored, a
    fixed number otherwise (the missing ones are read again with their lots' rules)."""
    missing = [p for p in proposals if p.verdict_at is None]
    if not missing:
        return
    verdicts = verdicts_of(
        list(selectors.proposals_with_consortium().filter(pk__in=[p.pk for p in missing]))
    )
    for proposal in missing:
        verdict = verdicts[proposal.pk]
        proposal.eligible = verdict.eligible
        proposal.failing_checks = verdict.failing_checks
        proposal.programme_country_count = verdict.programme_country_count


def refresh_verdicts(proposal_ids: Iterable[int]) -> int:
    """Compute and store the verdicts of these proposals, BATCH at a time; returns how many.

    Each batch locks its proposal rows (in id order) before reading them, so that of two
    refreshes racing over one proposal the later writer has read every change committed
    before it: a change's own refresh runs after its commit and waits for the lock."""
    ids = sorted(set(proposal_ids))
    for start in range(0, len(ids), BATCH):
        refresh_batch(ids[start : start + BATCH])
    return len(ids)


@transaction.atomic
def refresh_batch(proposal_ids: Sequence[int]) -> None:
    locked = list(
        Proposal.objects.select_for_update()
        .filter(pk__in=proposal_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    proposals = list(selectors.proposals_with_consortium().filter(pk__in=locked))
    now = timezone.now()
    # One UPDATE per distinct verdict (a batch has few): cheaper than bulk_update's CASE per
    # row, and like it leaves updated_at, version and the change history alone, since a
    # verdict is derived, not a change anyone made.
    by_verdict: dict[tuple[bool, tuple[str, ...], int], list[int]] = defaultdict(list)
    for pk, verdict in verdicts_of(proposals).items():
        key = (verdict.eligible, tuple(verdict.failing_checks), verdict.programme_country_count)
        by_verdict[key].append(pk)
    for (eligible, failing, count), ids in by_verdict.items():
        Proposal.objects.filter(pk__in=ids).update(
            eligible=eligible,
            failing_checks=list(failing),
            programme_country_count=count,
            verdict_at=now,
        )


def applicant_calls(proposal_ids: Iterable[int]) -> set[tuple[int, int]]:
    """The (applicant organisation, call) of each of these proposals that has an applicant."""
    return set(
        Membership.objects.filter(proposal_id__in=list(proposal_ids), role=Role.APPLICANT)
        .values_list("organisation_id", "proposal__lot__call_id")
        .distinct()
    )


def proposals_of_applicants(pairs: Iterable[tuple[int, int]]) -> set[int]:
    """Every proposal, withdrawn ones too, whose applicant is one of the (organisation,
    call) pairs, in that call: the call's one-applicant rule makes their verdicts depend on
    one another."""
    condition = Q()
    for organisation_id, call_id in set(pairs):
        condition |= Q(organisation_id=organisation_id, proposal__lot__call_id=call_id)
    if not condition:
        return set()
    return set(
        Membership.objects.filter(condition, role=Role.APPLICANT).values_list(
            "proposal_id", flat=True
        )
    )


def refresh_after_commit(proposal_ids: Iterable[int]) -> None:
    """Refresh these proposals' verdicts once the current transaction commits, and those of
    their applicants' other proposals in the same call, both the applicants they have now and
    those they have at commit. Call it before the change (a new proposal: once it has an
    id); a refresh that fails is logged, and the lists evaluate that proposal meanwhile only if
    it never had a verdict, so the next change or rules refresh corrects it."""
    ids = {pk for pk in proposal_ids if pk is not None}
    if not ids:
        return
    before = applicant_calls(ids)

    def refresh() -> None:
        refresh_verdicts(ids | proposals_of_applicants(before | applicant_calls(ids)))

    transaction.on_commit(refresh, robust=True)


def refresh_members_after_commit(organisation_ids: Iterable[int]) -> None:
    """An organisation's country, kind or name changes the verdict of every proposal it is a
    member of: a few are refreshed after commit, many by the refresh task (queued in the
    change's transaction, so a broker outage loses nothing)."""
    proposal_ids = sorted(
        set(
            Membership.objects.filter(organisation_id__in=list(organisation_ids)).values_list(
                "proposal_id", flat=True
            )
        )
    )
    if len(proposal_ids) > BATCH:
        queue.refresh_verdicts(proposal_ids)
    else:
        refresh_after_commit(proposal_ids)


def rules_changed(*, lot_ids: Sequence[int]) -> None:
    """A lot's rules (or its call's, or a sector's) changed: queue the refresh of every
    proposal of these lots, in the transaction of the change."""
    if lot_ids:
        queue.refresh_lot_verdicts(sorted(set(lot_ids)))


def refresh_lot_verdicts(*, lot_ids: Sequence[int]) -> int:
    """Recompute and store the verdict of every proposal of these lots, in batches (the
    rules-change task); returns how many."""
    ids = Proposal.objects.filter(lot_id__in=list(lot_ids)).values_list("pk", flat=True)
    return refresh_verdicts(ids.order_by("pk"))


def refresh_proposal_verdicts(*, proposal_ids: Sequence[int]) -> int:
    """Recompute and store these proposals' verdicts (the task of a large organisation
    change); returns how many."""
    return refresh_verdicts(proposal_ids)
