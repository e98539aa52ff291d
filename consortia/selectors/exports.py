"""The export jobs a user may see."""

from django.db.models import QuerySet

from consortia import permissions
from consortia.models import ExportJob, Proposal
from consortia.selectors.proposals import User, proposals_for


def exports_for(user: User) -> QuerySet[ExportJob]:
    """The export jobs a user may see and download: of the proposals they take part in, or
    of any proposal for reviewers."""
    jobs = ExportJob.objects.select_related("proposal", "requested_by")
    if permissions.can_review(user):
        return jobs
    return jobs.filter(proposal__in=proposals_for(user).values("pk"))


def other_exports(user: User, job: ExportJob, limit: int = 20) -> QuerySet[ExportJob]:
    """The other export jobs of the job's proposal that the user may see, newest first."""
    return exports_for(user).filter(proposal=job.proposal_id).exclude(pk=job.pk)[:limit]


def recent_exports(proposal: Proposal, limit: int = 10) -> list[ExportJob]:
    """The proposal's latest export jobs, with who asked for them."""
    return list(proposal.exports.select_related("requested_by")[:limit])
