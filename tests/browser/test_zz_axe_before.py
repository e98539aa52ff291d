import pytest
from tests.browser.accessibility import axe_violations
from tests.browser.conftest import three_partner_draft

pytestmark = pytest.mark.usefixtures("reference_data")


def test_before(page, live_server, sign_in):
    proposal = three_partner_draft("WELD")
    sign_in(proposal.owner)
    out = []
    for lang in ["en", "fr", "de"]:
        page.context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
        for step in ["lot", "project", "applicant", "partners"]:
            page.goto(f"{live_server.url}/proposals/{proposal.pk}/{step}/")
            v = axe_violations(page)
            out.append(f"{lang} {step}: {len(v)} {v}")
        page.goto(f"{live_server.url}/proposals/{proposal.pk}/partners/")
        page.locator("#id_partners-0-contact_email").fill("bad")
        page.get_by_role("button", name="Save and continue", exact=True).click()
        page.wait_for_load_state()
        v = axe_violations(page)
        out.append(f"{lang} partners-errors: {len(v)} {v}")
        page.goto(f"{live_server.url}/proposals/new/")
        v = axe_violations(page)
        out.append(f"{lang} new: {len(v)} {v}")
    open("/tmp/wizard-scratch/axe-before.txt", "w").write("\n".join(out))
