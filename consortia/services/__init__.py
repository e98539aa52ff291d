"""Every state change: one function each, the only code that writes. Grouped by flow in the
modules of this package; imported here so that callers write ``services.submit_proposal``."""

from consortia.services.exports import (
    export_given_up,
    import_note,
    import_proposal,
    request_export,
    retry_export,
    run_export,
)
from consortia.services.invitations import (
    DeliveryFailed,
    accept_invitation,
    create_link,
    decline_invitation,
    deliver_invitation,
    invitation_not_sent,
    invite_members,
    request_new_link,
    resend_invitation,
    revoke_invitations,
    send_due_reminders,
)
from consortia.services.notifications import (
    email_coordinator,
    notify_coordinator,
    notify_review,
    send_submission_receipt,
)
from consortia.services.organisations import (
    accept_correction,
    correct_organisation,
    create_organisation,
    refuse_correction,
    update_organisation,
)
from consortia.services.proposals import (
    PartnerRow,
    SavedPartners,
    change_lot,
    claim_version,
    save_partners,
    set_applicant,
    start_proposal,
    update_project,
)
from consortia.services.reviews import email_coordinators, record_review
from consortia.services.submissions import submit_proposal, withdraw_proposal

__all__ = [
    "DeliveryFailed",
    "PartnerRow",
    "SavedPartners",
    "accept_correction",
    "accept_invitation",
    "change_lot",
    "claim_version",
    "correct_organisation",
    "create_link",
    "create_organisation",
    "decline_invitation",
    "deliver_invitation",
    "email_coordinator",
    "email_coordinators",
    "export_given_up",
    "import_note",
    "import_proposal",
    "invitation_not_sent",
    "invite_members",
    "notify_coordinator",
    "notify_review",
    "record_review",
    "refuse_correction",
    "request_export",
    "request_new_link",
    "resend_invitation",
    "retry_export",
    "revoke_invitations",
    "run_export",
    "save_partners",
    "send_due_reminders",
    "send_submission_receipt",
    "set_applicant",
    "start_proposal",
    "submit_proposal",
    "update_organisation",
    "update_project",
    "withdraw_proposal",
]
