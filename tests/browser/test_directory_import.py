"""An admin loads organisations from a file in the browser: the upload, the preview with each
refused row's reason, the confirmation and the outcome; a large file is applied by the real
worker while its page shows the progress. Each state of these pages meets WCAG 2.1 AA (axe)."""

import pytest
from playwright.sync_api import expect

from consortia import directory_files
from consortia.models import Organisation
from consortia.sample_organisations import sample_rows
from tests.browser.accessibility import axe_violations
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.usefixtures("reference_data")

FILE = "\n".join(
    [
        "legal_name,country,kind,size,pic,oid,city",
        "Berufskolleg Essen,DE,vet_provider,,900000011,,Essen",
        "Lycée Jean Moulin,FR,vet_provider,,900000002,,Villeurbanne",
        "Scuola Sbagliata,IT,vet_provider,,12AB,,Roma",
    ]
)


def choose_file(page, tmp_path, name, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    page.get_by_label("File").set_input_files(path)
    page.get_by_role("button", name="Preview").click()


def test_admin_previews_a_file_sees_why_a_row_is_refused_and_confirms(
    superuser, live_server, tmp_path
):
    OrganisationFactory(legal_name="Lycée Jean Moulin", country="FR", pic="900000002", city="Lyon")
    superuser.goto(f"{live_server.url}/admin/consortia/organisation/")
    superuser.get_by_role("link", name="Import from a file").click()
    form_violations = axe_violations(superuser)

    choose_file(superuser, tmp_path, "organisations.csv", FILE.encode())
    counts = superuser.locator("#import-counts").inner_text()
    refused = superuser.locator("#import-refused").inner_text()
    changes = superuser.locator("#import-changed").inner_text()
    preview_violations = axe_violations(superuser)
    superuser.get_by_role("button", name="Confirm").click()
    outcome = superuser.locator("#import-outcome").inner_text()
    outcome_violations = axe_violations(superuser)

    assert "3 rows: 1 new, 1 changed, 0 unchanged, 1 refused." in counts
    assert "Bad PIC 12AB: a PIC has exactly 9 digits." in refused
    assert "city: Lyon → Villeurbanne" in changes
    assert outcome == "1 organisations added, 1 changed, 1 refused rows skipped."
    assert (form_violations, preview_violations, outcome_violations) == ([], [], [])
    assert Organisation.objects.get(pic="900000002").city == "Villeurbanne"
    assert Organisation.objects.filter(legal_name="Scuola Sbagliata").exists() is False
    superuser.goto(f"{live_server.url}/admin/consortia/organisation/?q=Essen")
    assert superuser.get_by_role("link", name="Berufskolleg Essen").is_visible()


def test_large_file_is_applied_by_the_worker_while_its_page_shows_the_progress(
    superuser, live_server, tmp_path, celery_worker, settings
):
    settings.IMPORT_SYNC_MAX_ROWS = 10
    superuser.goto(f"{live_server.url}/admin/consortia/organisation/import/")

    choose_file(superuser, tmp_path, "big.csv", directory_files.csv_file(sample_rows(40, seed=5)))
    background = superuser.locator("#import-counts").inner_text()
    superuser.get_by_role("button", name="Confirm").click()
    expect(superuser.locator("#import-status")).to_have_text("Done", timeout=30_000)

    assert "applied in the background" in background
    assert superuser.locator("#import-outcome").inner_text() == (
        "40 organisations added, 0 changed, 0 refused rows skipped."
    )
    assert Organisation.objects.count() == 40
    assert axe_violations(superuser) == []
