"""axe-core in the browser tests: inject the vendored script and list what WCAG 2.1 AA forbids.

`axe_violations(page)` runs axe on the page as it stands (after any htmx swap the test waited
for) and returns the serious and critical violations, each as one readable line, so that a
failing assertion names the rule, the elements and how to fix them.
"""

from pathlib import Path

AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA: what EU public-sector sites must meet (EN 301 549).
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")


def axe_results(page, tags=WCAG_AA_TAGS):
    """axe's full result object for the page (violations, passes, incomplete)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the portal's CSP does not block (a
        # script tag would be).
        page.evaluate(AXE_SCRIPT.read_text())
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
        "resultTypes: ['violations']})",
        tags,
    )


def axe_violations(page, impacts=BLOCKING, tags=WCAG_AA_TAGS):
    """The violations of the given impacts, one line each: rule, impact, count, targets, help."""
    lines = []
    for violation in axe_results(page, tags)["violations"]:
        if violation["impact"] not in impacts:
            continue
        targets = [" ".join(node["target"]) for node in violation["nodes"]][:5]
        lines.append(
            f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])} nodes: "
            f"{', '.join(targets)}): {violation['help']}"
        )
    return lines
