"""URLs of the coordinator's pages: dashboard, wizard, eligibility panel, directory."""

from django.urls import path

from consortia.views import dashboard, directory, eligibility, wizard

app_name = "consortia"

urlpatterns = [
    path("proposals/", dashboard.dashboard, name="dashboard"),
    path("proposals/new/", wizard.new_proposal, name="proposal-new"),
    path("proposals/<int:pk>/lot/", wizard.lot_step, name="wizard-lot"),
    path("proposals/<int:pk>/project/", wizard.project_step, name="wizard-project"),
    path("proposals/<int:pk>/applicant/", wizard.applicant_step, name="wizard-applicant"),
    path("proposals/<int:pk>/applicant/search/", wizard.applicant_search, name="applicant-search"),
    path("proposals/<int:pk>/partners/", wizard.partners_step, name="wizard-partners"),
    path("proposals/<int:pk>/partners/search/", wizard.partner_search, name="partner-search"),
    path("proposals/<int:pk>/partners/row/", wizard.partner_row, name="partner-row"),
    path("proposals/<int:pk>/review/", wizard.review_step, name="wizard-review"),
    path(
        "proposals/<int:pk>/check/<slug:step>/",
        eligibility.eligibility_check,
        name="eligibility-check",
    ),
    path("organisations/", directory.organisation_list, name="organisation-list"),
    path("organisations/new/", directory.organisation_create, name="organisation-create"),
    path("organisations/<int:pk>/", directory.organisation_detail, name="organisation-detail"),
    path("organisations/<int:pk>/edit/", directory.organisation_edit, name="organisation-edit"),
]
