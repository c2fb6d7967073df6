"""The page a host serves for a missing address, in each language, read in Chromium.

The test server answers a missing address as Read the Docs does: 404, with
the language's ``404.html`` below ``/<language>/``, else the site's own.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
import test_browser
from bs4 import BeautifulSoup
from conftest import LANGUAGES, REPO
from opencc import OpenCC
from test_accessibility import axe_source, unexpected, violations  # noqa: F401 - axe_source: a fixture

chromium, page_for = test_browser.chromium, test_browser.page_for

#: Each language's words for the page, from the catalogs (nothing typed in twice).
TITLE = "Page not found"


def title_in(language: str) -> str:
    """The title as the catalog translators keep gives it (zh_CN: zh_TW's, converted)."""
    if language == "en":
        return TITLE
    catalog = polib.pofile(str(REPO / "locale" / ("zh_TW" if language == "zh_CN" else language) / "LC_MESSAGES"
                               / "sphinx.po"))
    title = catalog.find(TITLE).msgstr
    return OpenCC("tw2sp").convert(title) if language == "zh_CN" else title


class _NotFoundHandler(test_browser._QuietHandler):
    """Static files; a missing one gets the 404 page of its language folder, with status 404."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.exists():
            return super().send_head()
        first = self.path.lstrip("/").split("/", 1)[0]
        page = Path(self.directory) / first / "404.html"
        page = page if first in LANGUAGES and page.is_file() else Path(self.directory) / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


#: The part of the missing addresses the tests ask for.
MISSING = "/gone/"


@pytest.fixture(scope="module")
def host(site: Path) -> Iterator[str]:
    handler = functools.partial(_NotFoundHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_a_not_found_page_with_absolute_links(site: Path, language: str) -> None:
    soup = BeautifulSoup((site / language / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == language.replace("_", "-")
    assert soup.h1.get_text() == title_in(language)
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert not soup.find(string=re.compile(r"^\s*None\s*$")), "a template printed None"
    local = [t.get("href") or t.get("src") for t in soup.find_all(["a", "link", "script"])
             if (t.get("href") or t.get("src") or "#").split(":")[0] not in ("http", "https", "mailto")
             and not (t.get("href") or t.get("src") or "#").startswith("#")]
    assert local, "no links"
    # Served at any depth, every link of the page goes from the site's root.
    assert all(link.startswith("/") for link in local), [link for link in local if not link.startswith("/")]
    links = {a["href"] for a in soup.select("article a")}
    assert {f"/{language}/index.html", f"/{language}/search.html"} <= links
    switcher = {a["hreflang"]: a["href"] for a in soup.select(".briefs-languages a")}
    assert switcher == {code.replace("_", "-"): f"/{code}/index.html" for code in LANGUAGES}


def test_the_site_root_serves_the_source_languages_page(site: Path) -> None:
    assert (site / "404.html").read_bytes() == (site / LANGUAGES[0] / "404.html").read_bytes()


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_missing_address_shows_the_page_styled_with_ways_on(page_for, host: str, axe_source: str,  # noqa: F811
                                                              language: str) -> None:
    page = page_for(language.replace("_", "-"), missing=MISSING)
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and MISSING not in r.url else None)
    response = page.goto(f"{host}/{language}/briefs/2031{MISSING}russia-really-wants.html")
    assert response.status == 404
    assert page.inner_text("h1") == title_in(language)
    assert failed == []  # styles, scripts and icons found from that depth
    # furo's stylesheet applied, from that depth: the sidebar is laid out as on any page of the site.
    laid_out = "(() => { const s = getComputedStyle(document.querySelector('.sidebar-drawer'));" \
               " return [s.display, s.width, s.backgroundColor]; })()"
    style = page.evaluate(laid_out)
    home = page.context.new_page()
    home.goto(f"{host}/{language}/index.html")
    assert style == home.evaluate(laid_out)
    home.close()
    # The missing address's words are offered as the search.
    assert page.input_value("#briefs-not-found-q") == "russia really wants"
    assert unexpected(violations(page, axe_source)) == []
    page.press("#briefs-not-found-q", "Enter")
    page.wait_for_url(f"{host}/{language}/search.html?q=russia+really+wants")
    page.go_back()
    page.click(f"article a[href='/{language}/index.html']")
    page.wait_for_url(f"{host}/{language}/index.html")


@pytest.mark.browser
def test_outside_any_language_the_site_page_is_served(page_for, host: str) -> None:
    page = page_for("en-US", missing=MISSING)
    response = page.goto(f"{host}{MISSING}no/such/place.html")
    assert response.status == 404
    assert page.inner_text("h1") == TITLE
    page.click(".briefs-languages a[hreflang='zh-TW']")
    page.wait_for_url(f"{host}/zh_TW/index.html")
