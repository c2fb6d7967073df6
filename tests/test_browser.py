"""The built site in a real headless Chromium: language choice, switching, search.

Needs Debian's chromium (``scripts/ensure-browser`` installs it; ``make test``
runs that).  Without it these tests skip, unless BRIEFS_REQUIRE_BROWSER=1 (CI)
makes a missing browser a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import seed
from opencc import OpenCC

try:
    from playwright.sync_api import expect
except ImportError:  # the fixture skips or fails with the reason
    expect = None

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SEED_PAGE = "briefs/2023/graham-2023-what-russia-really-wants.html"


def _unavailable(reason: str) -> None:
    if os.environ.get("BRIEFS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests required but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    # The names scripts/ensure-browser looks for: Debian's chromium, else Chrome (GitHub's Ubuntu runners).
    executable = next(filter(None, map(shutil.which, ("chromium", "google-chrome", "chromium-browser"))), None)
    if executable is None:
        _unavailable("no chromium on PATH (run scripts/ensure-browser)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The built site over HTTP on the loopback, as a host would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def page_for(chromium):  # type: ignore[no-untyped-def]
    """A fresh browser page per locale; fails the test on any console error (but those of
    addresses containing ``missing``: the browser's note of a 404 a test asks for)."""
    contexts, problems = [], []

    def open_page(locale: str, missing: str | None = None):  # type: ignore[no-untyped-def]
        context = chromium.new_context(locale=locale)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: problems.append(f"{m.type}: {m.text} ({page.url})")
                if m.type == "error" and not (missing and missing in m.location.get("url", "")) else None)
        page.on("pageerror", lambda e: problems.append(f"pageerror: {e} ({page.url})"))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert problems == []


@pytest.mark.parametrize(("locale", "expected"), [
    ("zh-TW", "zh_TW"), ("en-US", "en"), ("fr-FR", "en"), ("zh-CN", "zh_CN"), ("zh-SG", "zh_CN"),
    ("zh-HK", "zh_TW"), ("zh", "zh_TW"),
])
def test_landing_page_goes_to_the_preferred_language(page_for, server: str, locale: str, expected: str) -> None:
    page = page_for(locale)
    page.goto(server + "/")
    page.wait_for_url(f"{server}/{expected}/index.html")


def test_switching_language_both_ways_keeps_the_page(page_for, server: str) -> None:
    page = page_for("en-US")
    page.goto(f"{server}/en/{SEED_PAGE}")
    page.click(".briefs-languages a[hreflang='zh-TW']")
    page.wait_for_url(f"{server}/zh_TW/{SEED_PAGE}")
    assert page.get_attribute("html", "lang") == "zh-TW"
    assert seed.normalize(seed.bullets(chinese=True)[0]) in seed.normalize(page.inner_text("article"))
    page.click(".briefs-languages a[hreflang='en']")
    page.wait_for_url(f"{server}/en/{SEED_PAGE}")
    assert page.get_attribute("html", "lang") == "en"
    # The choice is remembered by the landing page.
    page.goto(server + "/")
    page.wait_for_url(f"{server}/en/index.html")


@pytest.mark.parametrize(
    ("language", "query"),
    [("en", "strategic autonomy"), ("zh_TW", "戰略自主"), ("zh_TW", "關係"), ("zh_TW", "俄羅斯"),
     # Either script finds a brief in either Chinese edition.
     ("zh_TW", "俄罗斯"), ("zh_TW", "战略自主"), ("zh_CN", "俄罗斯"), ("zh_CN", "俄羅斯"), ("zh_CN", "關係")],
)
def test_search_box_finds_the_seed_brief(page_for, server: str, language: str, query: str) -> None:
    page = page_for(language.replace("_", "-"))
    page.goto(f"{server}/{language}/index.html")
    page.fill(".sidebar-search", query)
    page.press(".sidebar-search", "Enter")
    hit = page.locator(f"#search-results ul.search li a[href$='{SEED_PAGE}']")
    hit.wait_for(timeout=15_000)
    summary = page.locator("#search-results .search-summary")
    expected = "找到" if language.startswith("zh") else "Found"
    expect(summary).to_contain_text(expected, timeout=15_000)
    if any("\u4e00" <= c <= "\u9fff" for c in query):
        # The match is highlighted as the page writes it, whichever script the query was typed in.
        marked = page.locator("#search-results ul.search li .highlighted").first.inner_text()
        assert len(marked) == len(query) and OpenCC("t2s").convert(marked) == OpenCC("t2s").convert(query)


def test_copy_puts_the_references_on_the_clipboard(page_for, server: str) -> None:
    page = page_for("en-US")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page.goto(f"{server}/zh_TW/{SEED_PAGE}")
    style = page.locator(".briefs-cite-style").filter(has_text="APA")
    style.locator("button.briefs-cite-copy").click()
    expect(style.locator("button.briefs-cite-copy")).to_have_text("已複製")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == style.locator(".briefs-cite-text").inner_text().strip()
    assert copied.startswith("Graham, T. (2023). What Russia Really Wants.")


@pytest.fixture(scope="module", params=["file", "http"])
def edition_site(request, versioned_site) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The versioned site opened from disk and from a static host."""
    root = versioned_site.site
    if request.param == "file":
        yield root.as_uri()
        return
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


NEW_PAGE = "briefs/2023/nord-2023-quiet-shifts-in-arctic-security.html"


def test_the_edition_switcher_keeps_the_brief(page_for, edition_site: str) -> None:
    """From a brief every edition has: the same brief in the chosen edition.  The
    old edition, built before v2026.03, lists it (from versions.js)."""
    page = page_for("en-US")
    page.goto(f"{edition_site}/en/v2026.01/{SEED_PAGE}")
    switcher = page.locator(".sidebar-drawer .briefs-editions a")
    expect(switcher).to_have_text(["latest", "v2026.03", "v2026.02", "v2026.01"])
    switcher.filter(has_text="v2026.02").click()
    page.wait_for_url(f"{edition_site}/en/v2026.02/{SEED_PAGE}")
    expect(page.locator(".sidebar-drawer .briefs-editions a.current")).to_have_text("v2026.02")
    page.locator(".sidebar-drawer .briefs-editions a", has_text="v2026.03").click()
    page.wait_for_url(f"{edition_site}/en/v2026.03/{SEED_PAGE}")


def test_a_brief_the_chosen_edition_lacks_leads_to_its_home(page_for, edition_site: str) -> None:
    page = page_for("en-US")
    page.goto(f"{edition_site}/en/latest/{NEW_PAGE}")
    page.locator(".sidebar-drawer .briefs-editions a", has_text="v2026.01").click()
    page.wait_for_url(f"{edition_site}/en/v2026.01/index.html")


def test_the_banner_leads_to_the_same_page_in_latest(page_for, edition_site: str) -> None:
    page = page_for("zh-TW")
    page.goto(f"{edition_site}/zh_TW/v2026.02/{NEW_PAGE}")
    banner = page.locator(".briefs-older-edition")
    expect(banner).to_contain_text("您正在閱讀 v2026.02 版次。")
    banner.locator("a").click()
    page.wait_for_url(f"{edition_site}/zh_TW/latest/{NEW_PAGE}")
    expect(page.locator(".briefs-older-edition")).to_have_count(0)


def test_the_language_switcher_stays_in_the_edition(page_for, edition_site: str) -> None:
    page = page_for("en-US")
    page.goto(f"{edition_site}/en/v2026.02/{SEED_PAGE}")
    page.locator(".sidebar-drawer .briefs-languages a[hreflang=zh-TW]").click()
    page.wait_for_url(f"{edition_site}/zh_TW/v2026.02/{SEED_PAGE}")
    expect(page.locator(".sidebar-drawer .briefs-editions a.current")).to_have_text("v2026.02")


def test_the_site_landing_page_goes_to_latest_in_the_browsers_language(page_for, edition_site: str) -> None:
    page = page_for("zh-TW")
    page.goto(f"{edition_site}/index.html")
    page.wait_for_url(f"{edition_site}/zh_TW/latest/index.html")
