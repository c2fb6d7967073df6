"""A phone's width and furo's dark mode: readable, no horizontal scroll, contrast that passes axe.

Each page is opened at 390 px (an iPhone's CSS width) in light and in dark
mode (the reader's ``prefers-color-scheme``, which furo's default "auto"
follows): the card, the language and edition switchers (in furo's drawer, as
a phone shows them), the series navigation, the search results and the older
edition's banner.  A screenshot of each is kept in
``_build/test-artifacts/devices/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import test_browser
from conftest import REPO, build_root
from test_accessibility import axe_source  # noqa: F401 - a fixture
from test_browser import SEED_PAGE
from versioned import NEW_PAGE

pytestmark = pytest.mark.browser

chromium, server = test_browser.chromium, test_browser.server
PHONE = {"width": 390, "height": 844}
ARTIFACTS = REPO / "_build" / "test-artifacts" / "devices"


@pytest.fixture(scope="module")
def series_site(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test collection, whose 'dilemma' briefs are a series of three."""
    return build_root(rootdir / "test-collection", tmp_path_factory.mktemp("series-site"))


@pytest.fixture(params=["light", "dark"])
def phone(request, chromium):  # type: ignore[no-untyped-def]
    """A page at a phone's width in light or dark mode; fails the test on any console error."""
    context = chromium.new_context(viewport=PHONE, color_scheme=request.param, device_scale_factor=2)
    page = context.new_page()
    page.scheme = request.param
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    yield page
    context.close()
    assert problems == []


def check(page, axe_source: str, name: str, *selectors: str) -> None:  # noqa: F811 - axe_source: a fixture
    """Each selector shown within the width, no horizontal scroll, axe's contrast and serious rules pass."""
    page.wait_for_load_state("networkidle")
    theme = "dark" if page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") else "light"
    assert theme == page.scheme
    for selector in selectors:
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["width"] > 0, f"{selector} is not shown"
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5, f"{selector} overflows: {box}"
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"horizontal scroll: {width}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{page.scheme}.png"), full_page=True)
    page.add_script_tag(content=axe_source)
    found = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
    serious = [(v["id"], n["html"][:100]) for v in found if v["impact"] in ("serious", "critical") for n in v["nodes"]]
    assert serious == []


def open_drawer(page) -> None:  # type: ignore[no-untyped-def]
    """furo's navigation drawer, as a phone reader opens it (the menu button)."""
    page.locator(".mobile-header label.nav-overlay-icon").click()
    page.locator(".sidebar-drawer").first.wait_for(state="visible")
    page.wait_for_timeout(400)  # furo slides the drawer in


@pytest.mark.parametrize("language", ["en", "zh_TW"])
def test_a_brief_and_its_switchers(phone, server: str, axe_source: str, language: str) -> None:  # noqa: F811
    phone.goto(f"{server}/{language}/{SEED_PAGE}")
    check(phone, axe_source, f"brief-{language}", ".brief-card", "article h1")
    open_drawer(phone)
    check(phone, axe_source, f"brief-{language}-menu", ".sidebar-drawer .briefs-languages", ".briefs-browse")


@pytest.mark.parametrize("language", ["en", "zh_TW"])
def test_series_navigation(phone, series_site: Path, axe_source: str, language: str) -> None:  # noqa: F811
    phone.goto((series_site / language / "briefs" / "dilemma-2.html").as_uri())
    check(phone, axe_source, f"series-{language}", ".brief-series-nav", ".brief-card")


@pytest.mark.parametrize(("language", "query"), [("en", "russia"), ("zh_TW", "俄羅斯")])
def test_search_results(phone, server: str, axe_source: str, language: str, query: str) -> None:  # noqa: F811
    phone.goto(f"{server}/{language}/search.html?q={query}")
    phone.locator(f"#search-results ul.search li a[href$='{SEED_PAGE}']").wait_for(timeout=15_000)
    check(phone, axe_source, f"search-{language}", "#search-results ul.search li", ".briefs-search-form")


def test_an_older_editions_banner_and_edition_switcher(phone, versioned_site, axe_source: str) -> None:  # noqa: F811
    phone.goto((versioned_site.site / "zh_TW" / "v2026.02" / NEW_PAGE).as_uri())
    check(phone, axe_source, "older-edition", ".briefs-older-edition")
    open_drawer(phone)
    check(phone, axe_source, "older-edition-menu", ".sidebar-drawer .briefs-editions")
