"""Keyboard alone: Tab reaches the search box, the language and edition switchers, the
Browse menu, the card and the search results, each with a visible focus, and Enter
follows them.  The card is a description list (label, value), as screen readers read it."""

from __future__ import annotations

import pytest
import test_browser
from test_browser import SEED_PAGE
from versioned import NEW_PAGE

pytestmark = pytest.mark.browser

chromium, server, page_for = test_browser.chromium, test_browser.server, test_browser.page_for

#: What the focused element is, and whether its focus shows (an outline on it or on the box around it).
FOCUSED = """() => {
  const e = document.activeElement, own = getComputedStyle(e);
  const shown = s => s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const ring = shown(own) || [...document.querySelectorAll(':focus-within')].some(
      b => b !== document.documentElement && b !== document.body && b !== e && shown(getComputedStyle(b)));
  return {text: (e.getAttribute('aria-label') || e.textContent || e.placeholder || '').trim(),
          tag: e.tagName, hreflang: e.getAttribute('hreflang'), href: e.getAttribute('href'),
          classes: e.className.toString(), region: e.closest('nav, form, .brief-card, #search-results, aside')?.className || '',
          inResults: !!e.closest('#search-results'), ring};
}"""


def tab_until(page, wanted, limit: int = 60) -> list[dict]:  # type: ignore[no-untyped-def]
    """Press Tab until ``wanted(focused)``; every element passed on the way, with its focus shown."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused)
        assert focused["ring"], f"no visible focus on {focused}"
        if wanted(focused):
            return seen
    raise AssertionError(f"not reached by Tab in {limit} presses: {[f['text'] for f in seen]}")


def test_tab_order_of_a_brief_page(page_for, server: str) -> None:
    page = page_for("en-US")
    page.goto(f"{server}/en/{SEED_PAGE}")
    seen = tab_until(page, lambda f: "brief-author" in f["classes"])
    order = [f["text"] for f in seen]
    # The search box, the languages, the Browse menu, then the page: in reading order.
    marks = [next(i for i, f in enumerate(seen) if test(f)) for test in (
        lambda f: "sidebar-search" in f["classes"],
        lambda f: f["hreflang"] == "zh-TW",
        lambda f: f["text"] == "Newest briefs",
        lambda f: f["text"] == "Index of briefs",
        lambda f: "brief-author" in f["classes"])]
    assert marks == sorted(marks), order
    assert order[0] == "Skip to content"


def test_enter_on_the_language_switcher_opens_the_other_language(page_for, server: str) -> None:
    page = page_for("en-US")
    page.goto(f"{server}/en/{SEED_PAGE}")
    tab_until(page, lambda f: f["hreflang"] == "zh-TW")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/zh_TW/{SEED_PAGE}")


def test_enter_on_the_browse_menu_opens_a_listing(page_for, server: str) -> None:
    page = page_for("zh-TW")
    page.goto(f"{server}/zh_TW/{SEED_PAGE}")
    tab_until(page, lambda f: f["text"] == "關鍵字" and "briefs-browse" in f["region"])
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/zh_TW/keywords/index.html")


@pytest.mark.parametrize(("language", "query"), [("en", "russia"), ("zh_TW", "俄羅斯")])
def test_search_by_keyboard_alone(page_for, server: str, language: str, query: str) -> None:
    page = page_for(language.replace("_", "-"))
    page.goto(f"{server}/{language}/index.html")
    tab_until(page, lambda f: "sidebar-search" in f["classes"])
    page.keyboard.type(query)
    page.keyboard.press("Enter")
    page.locator(f"#search-results ul.search li a[href$='{SEED_PAGE}']").wait_for(timeout=15_000)
    tab_until(page, lambda f: f["inResults"] and (f["href"] or "").split("#")[0].endswith(SEED_PAGE))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/{language}/{SEED_PAGE}*")


def test_the_edition_switcher_by_keyboard(page_for, versioned_site) -> None:
    page = page_for("en-US")
    page.goto((versioned_site.site / "en" / "latest" / NEW_PAGE).as_uri())
    tab_until(page, lambda f: f["text"] == "v2026.02" and "briefs-editions" in f["region"])
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/v2026.02/**")


def test_the_card_is_a_description_list(page_for, server: str) -> None:
    page = page_for("zh-TW")
    page.goto(f"{server}/zh_TW/{SEED_PAGE}")
    fields = page.evaluate("""() => [...document.querySelectorAll('.brief-card dl > dt')].map(
        dt => [dt.textContent.replace(/[:：]$/, '').trim(), dt.nextElementSibling.tagName])""")
    assert [label for label, _tag in fields][:4] == ["作者", "來源", "日期", "關鍵字"]
    assert {tag for _label, tag in fields} == {"DD"}
