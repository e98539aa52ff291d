"""How accessible the portal is, page by page: axe-core's serious and critical violations on
every page a coordinator, a partner, a reviewer and an admin reach, in English, French and German.

Runs against a portal started with the README's first command (`make run`: demo data, demo
logins), so it measures what a user meets, not a test fixture:

    .venv/bin/python -m tests.browser.axe_report [--base URL]

It prints one line per page and language: the number of violating nodes and the rules. The
suite asserts zero on each of these pages (tests/browser/test_*accessib*); this is the report
behind the figures in the issue notes.
"""

import argparse
import re

from playwright.sync_api import sync_playwright

from tests.browser.accessibility import BLOCKING, axe_results
from tests.browser.chromium import CHROMIUM, CHROMIUM_FLAGS

LANGUAGES = ("en", "fr", "de")
COORDINATOR = ("coordinator@demo.eu", "demo-coordinator")
REVIEWER = ("reviewer@demo.eu", "demo-reviewer")
ADMIN = ("admin@demo.eu", "demo-admin")


def blocking_nodes(page):
    """(nodes, rules) of the serious and critical violations on the page as it stands."""
    violations = [v for v in axe_results(page)["violations"] if v["impact"] in BLOCKING]
    nodes = sum(len(v["nodes"]) for v in violations)
    return nodes, sorted({f"{v['id']}:{len(v['nodes'])}" for v in violations})


def sign_in(page, base, email, password):
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")


def demo_proposal_id(page, acronym):
    """The id of a demo proposal, read off the dashboard: WELD-EXCEL is submitted, FOOD-VET a
    draft waiting for its partners."""
    href = page.locator("#proposals tr", has_text=acronym).locator("a").first.get_attribute("href")
    return re.search(r"/proposals/(\d+)/", href).group(1)


def coordinator_pages(page, base):
    page.goto(f"{base}/proposals/")
    proposal = demo_proposal_id(page, "WELD-EXCEL")
    draft = demo_proposal_id(page, "FOOD-VET")
    pages = {
        "dashboard": "/proposals/",
        "new proposal": "/proposals/new/",
        "import": "/proposals/import/",
        "directory": "/organisations/",
        "directory, no result": "/organisations/?q=zzzzzz",
        "organisation form": "/organisations/new/",
        "corrections": "/organisations/corrections/",
        "proposal detail": f"/proposals/{proposal}/",
    }
    for step in ("lot", "project", "applicant", "partners", "review"):
        pages[f"wizard {step}"] = f"/proposals/{draft}/{step}/"
    page.goto(f"{base}/organisations/")
    first_org = page.locator("a[href*='/organisations/'][href$='/']").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname).filter(p => /\\d+\\/$/.test(p))"
    )
    if first_org:
        pages["organisation detail"] = first_org[0]
    return pages


def invite_a_partner(page, base) -> str:
    """As the coordinator, make an invitation link for the demo draft's first partner."""
    page.goto(f"{base}/proposals/")
    page.goto(f"{base}/proposals/{demo_proposal_id(page, 'FOOD-VET')}/review/")
    page.locator("button[id^='link-']").first.click()
    return page.locator("#invitation-url").input_value()


def reviewer_pages(page, base):
    page.goto(f"{base}/admin/consortia/proposal/")
    draft_row = page.locator("#result_list tr", has_text="FOOD-VET")
    change = draft_row.locator("th a").first.get_attribute("href")
    return {
        "admin index": "/admin/",
        "admin proposals": "/admin/consortia/proposal/",
        "admin proposal": change,
        "admin proposal history": f"{change}history/",
        "admin lots": "/admin/lots/lot/",
        "admin call presets": "/admin/lots/call/presets/",
    }


def report(base: str) -> int:
    total = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)

        def measure(label, pages, credentials=None):
            nonlocal total
            for language in LANGUAGES:
                context = browser.new_context()
                context.add_cookies([{"name": "django_language", "value": language, "url": base}])
                page = context.new_page()
                if credentials:
                    sign_in(page, base, *credentials)
                for name, path in (pages(page) if callable(pages) else pages).items():
                    page.goto(path if path.startswith("http") else f"{base}{path}")
                    page.wait_for_load_state("networkidle")
                    nodes, rules = blocking_nodes(page)
                    total += nodes
                    print(f"{label:12} {language}  {name:26} {nodes:3}  {' '.join(rules)}")
                context.close()

        measure(
            "anonymous",
            {
                "home": "/",
                "sign in": "/accounts/login/",
                "sign up": "/accounts/signup/",
                "password reset": "/accounts/password/reset/",
                "not found": "/no-such-page/",
            },
        )
        measure("coordinator", lambda page: coordinator_pages(page, base), COORDINATOR)
        context = browser.new_context()
        page = context.new_page()
        sign_in(page, base, *COORDINATOR)
        link = invite_a_partner(page, base)
        context.close()
        if link:
            measure("partner", {"invitation": link})
        measure("reviewer", lambda page: reviewer_pages(page, base), REVIEWER)
        measure("admin", lambda page: reviewer_pages(page, base), ADMIN)
        browser.close()
    print(f"total serious+critical nodes: {total}")
    return total


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    arguments = parser.parse_args()
    report(arguments.base.rstrip("/"))
