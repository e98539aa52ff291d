"""URLs of the coordinator's pages: dashboard, wizard, eligibility panel, directory."""

from django.urls import path

from consortia.views import (
    corrections,
    dashboard,
    directory,
    eligibility,
    exports,
    invitations,
    members,
    sectors,
    wizard,
)

app_name = "consortia"

urlpatterns = [
    path("proposals/", dashboard.dashboard, name="dashboard"),
    path("proposals/new/", wizard.new_proposal, name="proposal-new"),
    path("proposals/import/", exports.proposal_import, name="proposal-import"),
    path("proposals/<int:pk>/exports/", exports.export_request, name="export-request"),
    path("exports/<int:job_id>/", exports.export_job, name="export-job"),
    path("exports/<int:job_id>/download/", exports.export_download, name="export-download"),
    path("exports/<int:job_id>/retry/", exports.export_retry, name="export-retry"),
    path("proposals/<int:pk>/lot/", wizard.step_page, {"step": "lot"}, name="wizard-lot"),
    path(
        "proposals/<int:pk>/project/", wizard.step_page, {"step": "project"}, name="wizard-project"
    ),
    path(
        "proposals/<int:pk>/project/sectors/",
        sectors.sector_suggestions,
        name="sector-suggestions",
    ),
    path(
        "proposals/<int:pk>/applicant/",
        wizard.step_page,
        {"step": "applicant"},
        name="wizard-applicant",
    ),
    path("proposals/<int:pk>/applicant/search/", wizard.applicant_search, name="applicant-search"),
    path("proposals/<int:pk>/partners/", wizard.partners_step, name="wizard-partners"),
    path("proposals/<int:pk>/partners/search/", wizard.partner_search, name="partner-search"),
    path("proposals/<int:pk>/partners/row/", wizard.partner_row, name="partner-row"),
    path("proposals/<int:pk>/review/", wizard.step_page, {"step": "review"}, name="wizard-review"),
    path(
        "proposals/<int:pk>/check/<slug:step>/",
        eligibility.eligibility_check,
        name="eligibility-check",
    ),
    path("proposals/<int:pk>/", members.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/members/", members.members_panel, name="members-panel"),
    path("proposals/<int:pk>/members/invite/", members.invite_all, name="members-invite"),
    path(
        "proposals/<int:pk>/members/<int:membership_id>/invite/",
        members.invite_one,
        name="member-invite",
    ),
    path(
        "proposals/<int:pk>/members/<int:membership_id>/resend/",
        members.resend,
        name="member-resend",
    ),
    path(
        "proposals/<int:pk>/members/<int:membership_id>/revoke/",
        members.revoke,
        name="member-revoke",
    ),
    path(
        "proposals/<int:pk>/members/<int:membership_id>/link/",
        members.copy_link,
        name="member-link",
    ),
    path("proposals/<int:pk>/submit/", members.submit, name="proposal-submit"),
    path("proposals/<int:pk>/withdraw/", members.withdraw, name="proposal-withdraw"),
    path("invitations/respond/", invitations.respond, name="invitation-respond"),
    path("invitations/<str:token>/", invitations.open_invitation, name="invitation"),
    path("invitations/<str:token>/decline/", invitations.decline, name="invitation-decline"),
    path(
        "invitations/<str:token>/new-link/",
        invitations.ask_for_new_link,
        name="invitation-new-link",
    ),
    path("organisations/", directory.organisation_list, name="organisation-list"),
    path("organisations/new/", directory.organisation_create, name="organisation-create"),
    path("organisations/<int:pk>/", directory.organisation_detail, name="organisation-detail"),
    path("organisations/<int:pk>/edit/", directory.organisation_edit, name="organisation-edit"),
    path("organisations/corrections/", corrections.correction_list, name="correction-list"),
    path(
        "organisations/corrections/<int:pk>/accept/",
        corrections.correction_decide,
        {"decision": "accept"},
        name="correction-accept",
    ),
    path(
        "organisations/corrections/<int:pk>/refuse/",
        corrections.correction_decide,
        {"decision": "refuse"},
        name="correction-refuse",
    ),
]
