"""JSON API of proposals for signed-in users: the versioned export (its schema is the
``ProposalExport`` component of the OpenAPI document) and the matching import."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from consortia import selectors, services, specs
from consortia.exceptions import NotAllowed
from consortia.exports.data import export_data
from consortia.exports.schema import ProposalExport
from lots.api import FieldErrors, InvalidInput
from lots.models import Lot
from portal.ratelimits import PER_ADDRESS, Throttle

router = Router(tags=["Proposals"], auth=django_auth)


class Imported(Schema):
    id: int
    url: str
    message: str = Field(description="Which lot the draft went into, and why.")


@router.get(
    "/proposals/{proposal_id}/export",
    response=ProposalExport,
    url_name="proposal-export",
    throttle=[PER_ADDRESS, Throttle("export", key="user")],
    summary="A proposal and its consortium as JSON (format consortium-portal/proposal, v1)",
)
def export_proposal(request: HttpRequest, proposal_id: int) -> ProposalExport:
    proposal = get_object_or_404(selectors.proposals_for(request.user), pk=proposal_id)
    return export_data(proposal, specs.evaluate(proposal).report, timezone.now())


@router.post(
    "/proposals/import",
    response={201: Imported, 400: FieldErrors},
    url_name="proposal-import",
    throttle=[PER_ADDRESS, Throttle("import", key="user")],
    summary="A new draft from an export",
    description="Into the lot given by `call` and `lot` (either defaults to the export's), which "
    "must be open; without them, into the lot the export names while its call is open, else the "
    "first open lot (`message` says which). Organisations are matched in the directory by PIC, "
    "OID, or name and country.",
)
def import_proposal(
    request: HttpRequest, payload: ProposalExport, call: str | None = None, lot: int | None = None
) -> Status[Imported]:
    target = None
    if call or lot:
        target = (
            Lot.objects.select_related("call")
            .filter(call__slug=call or payload.lot.call, number=lot or payload.lot.number)
            .first()
        )
        if target is None:
            raise InvalidInput(
                "lot", gettext("No such lot; name an open one with `call` and `lot`.")
            )
    try:
        proposal = services.import_proposal(data=payload, lot=target, by=request.user)
    except NotAllowed as error:
        if error.fields:  # answered 400, each refused value named by its place in the body
            raise ValidationError(error.fields) from error
        raise InvalidInput("lot", error.message) from error
    note = services.import_note(payload, proposal, chosen=target is not None)
    return Status(201, Imported(id=proposal.pk, url=proposal.get_absolute_url(), message=note))
