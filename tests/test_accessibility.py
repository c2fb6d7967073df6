"""axe-core 4 (the engine of browsers' accessibility audits) on every kind of page, in both languages.

axe-core comes from npm (package.json, installed by ``scripts/ensure-axe``, which
``make test`` runs) and is injected into each built page by Playwright.  No
critical or serious violation is allowed anywhere; a moderate one only where the
cause is furo's own markup (listed in the README, "Accessibility").
"""

from __future__ import annotations

import pytest
import test_browser
from conftest import REPO
from test_browser import SEED_PAGE, _unavailable

pytestmark = pytest.mark.browser

# The browser fixtures of test_browser.py: a headless Chromium, the built site over HTTP, a page per locale.
chromium, server, page_for = test_browser.chromium, test_browser.server, test_browser.page_for

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"

#: Moderate findings whose cause is furo's page.html, not this project: (rule, CSS target).
THEME_FINDINGS = {
    ("landmark-unique", ".sidebar-drawer"),  # furo's two unlabelled <aside>: the drawer and the table of contents
    ("region", ".visually-hidden"),  # furo's "View this page" / "Edit this page" icons, outside any landmark
}

PAGES = {
    "home": "index.html",
    "brief": SEED_PAGE,
    "listing": "keywords/russian-strategic-autonomy.html",
    "index of briefs": "brief-index.html",
    "listings of a kind": "keywords/index.html",
    "translation status": "translation-status.html",
}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        _unavailable("axe-core is not installed (run scripts/ensure-axe)")
    return AXE.read_text(encoding="utf-8")


def violations(page, axe_source: str) -> list[dict]:  # type: ignore[no-untyped-def]
    page.add_script_tag(content=axe_source)
    return page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")


def unexpected(found: list[dict]) -> list[str]:
    """Every violation, node by node, that is serious, critical, or moderate and not the theme's."""
    problems = []
    for violation in found:
        for node in violation["nodes"]:
            target = node["target"][-1]
            theme = any(violation["id"] == rule and css in target for rule, css in THEME_FINDINGS)
            if violation["impact"] in ("serious", "critical") or not theme:
                problems.append(f"{violation['impact']} {violation['id']}: {node['html'][:120]}")
    return problems


@pytest.mark.parametrize("language", ["en", "zh_TW"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_violation_on_any_kind_of_page(page_for, server: str, axe_source: str, language: str, kind: str) -> None:
    page = page_for(language.replace("_", "-"))
    page.goto(f"{server}/{language}/{PAGES[kind]}")
    page.wait_for_load_state("networkidle")
    assert unexpected(violations(page, axe_source)) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", ["en", "zh_TW"])
def test_no_violation_on_any_page_the_site_publishes(chromium, server: str, site, axe_source: str,
                                                     language: str, scheme: str) -> None:
    """Every page of the built site, those the tests above name and the others (the general
    index, each listing, the 404 page), in light and dark mode: one browser page walks them all."""
    context = chromium.new_context(locale=language.replace("_", "-"), color_scheme=scheme)
    page = context.new_page()
    root = site / language
    pages = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")
                   if not p.relative_to(root).parts[0].startswith("_"))
    assert len(pages) > len(PAGES)
    found = {}
    for name in pages:
        page.goto(f"{server}/{language}/{name}")
        page.wait_for_load_state("networkidle")
        if problems := unexpected(violations(page, axe_source)):
            found[name] = problems
    context.close()
    assert found == {}


@pytest.mark.parametrize(("language", "query"), [("en", "russia"), ("zh_TW", "俄羅斯")])
def test_no_violation_on_the_search_page_with_results(page_for, server: str, axe_source: str, language: str,
                                                      query: str) -> None:
    page = page_for(language.replace("_", "-"))
    page.goto(f"{server}/{language}/search.html?q={query}")
    page.locator(f"#search-results ul.search li a[href$='{SEED_PAGE}']").wait_for(timeout=15_000)
    assert unexpected(violations(page, axe_source)) == []


@pytest.mark.parametrize("locale", ["en-US", "zh-TW"])
def test_no_violation_on_the_landing_page(page_for, server: str, axe_source: str, locale: str) -> None:
    """The landing page at the site's root, and the page of the language it chooses."""
    page = page_for(locale)
    page.goto(f"{server}/")
    page.wait_for_load_state("networkidle")
    assert unexpected(violations(page, axe_source)) == []


def test_a_violation_in_the_projects_markup_is_caught(page_for, server: str, axe_source: str) -> None:
    """The check can fail: an unlabelled heading role, as the Browse caption once was."""
    page = page_for("en-US")
    page.goto(f"{server}/en/index.html")
    page.evaluate("document.querySelector('.briefs-browse .caption').removeAttribute('aria-level')")
    assert any("aria-required-attr" in problem for problem in unexpected(violations(page, axe_source)))
