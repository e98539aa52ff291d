"""The export jobs a user may see."""

from django.db.models import QuerySet

from consortia import permissions
from consortia.models import ExportJob
from consortia.selectors.proposals import User, proposals_for


def exports_for(user: User) -> QuerySet[ExportJob]:
    """The export jobs a user may see and download: of the proposals they take part in, or
    of any proposal for reviewers."""
    jobs = ExportJob.objects.select_related("proposal", "requested_by")
    if permissions.can_review(user):
        return jobs
    return jobs.filter(proposal__in=proposals_for(user).values("pk"))
