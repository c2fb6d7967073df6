"""Search recall, as a reader sees it (issue 26): ``search.html?q=`` in Chromium lists
every brief whose text holds the query, and none other, in each language.

The root (``tests/roots/test-search-recall``) holds the terms a word cutter
splits differently in running text than as a query (解放軍, 台灣海峽, 習近平,
蔡英文, 灰色地帶 ...), a look-alike (近平衡), full-width letters and digits, and
English inflections; an author's name and a digest title, which only the card
shows.  What a brief holds is read from its built page (NFKC,
case folded; English words by their Snowball stem), not from a list here.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
import unicodedata
import urllib.parse
from pathlib import Path

import pytest
import snowballstemmer
from bs4 import BeautifulSoup
from conftest import REPO, build_root
from test_browser import _QuietHandler, chromium  # noqa: F401 - the browser fixture

pytestmark = pytest.mark.browser

ROOT = REPO / "tests" / "roots" / "test-search-recall"
QUERIES = {
    "zh_TW": ["解放軍", "台灣海峽", "習近平", "蔡英文", "灰色地帶", "統一", "台灣安全", "近平", "制裁", "NATO", "2023",
              "北京 演習", "再思考", "Chen"],
    "en": ["sanction", "exercise", "Taiwan Strait", "security", "unify", "gray zone", "Chen", "再思考"],
}
_WORD = re.compile(r"\w+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_STEM = snowballstemmer.stemmer("english")


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def holds(text: str, query: str) -> bool:
    """Every space-separated term of the query is in the text: a Chinese one where it stands,
    another as a word with the same stem (in either language's pages)."""
    text = fold(text)
    stems = set(_STEM.stemWords(_WORD.findall(_HAN.sub(" ", text))))
    return all(term in text if _HAN.search(term) else set(_STEM.stemWords(_WORD.findall(term))) <= stems
               for term in fold(query).split())


@pytest.fixture(scope="module")
def recall_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_root(ROOT, tmp_path_factory.mktemp("recall"))


@pytest.fixture(scope="module")
def recall_server(recall_site: Path):  # noqa: ANN201
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(_QuietHandler, directory=str(recall_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def briefs_holding(site: Path, language: str, query: str) -> set[str]:
    found = set()
    for page in sorted((site / language / "briefs").glob("*.html")):
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("article")
        if holds(article.get_text(" "), query):
            found.add(page.stem)
    return found


def listed(chromium, server: str, language: str, query: str, **filters: str) -> set[str]:  # noqa: ANN001, F811
    """The briefs ``search.html`` lists, with no console error and no failed request on the way."""
    context = chromium.new_context(locale=language.split("/")[0].replace("_", "-"))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: errors.append(r.url))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{server}/{language}/search.html?{urllib.parse.urlencode({'q': query, **filters})}")
    page.wait_for_selector("#search-results[aria-busy='false']", state="attached", timeout=20_000)
    hrefs = page.eval_on_selector_all("#search-results ul.search li a", "links => links.map(a => a.href)")
    context.close()
    assert errors == []
    return {Path(urllib.parse.urlparse(h).path).stem for h in hrefs if "/briefs/" in h}


def briefs_filtered(**filters: str) -> set[str]:
    """The briefs whose metadata block has every filter's value (read by the one parser)."""
    from briefs.metadata import find_block, parse_block

    found = set()
    for page in ROOT.glob("briefs/*.md"):
        brief, _ = parse_block(find_block(page.read_text(encoding="utf-8"))[1])
        values = {"keyword": set(brief.keywords), "source": {brief.source}, "year": {str(brief.date.year)}}
        if all(value in values[name] for name, value in filters.items()):
            found.add(page.stem)
    return found


def test_the_recall_collection_holds_what_it_is_for(recall_site: Path) -> None:
    """The root tests what it means to: each hard term is held by some brief, the look-alike too."""
    assert briefs_holding(recall_site, "zh_TW", "習近平") == {"leaders"}
    assert briefs_holding(recall_site, "zh_TW", "近平") == {"leaders", "balance"}
    assert briefs_holding(recall_site, "zh_TW", "NATO") == {"pla"}  # written ＮＡＴＯ
    assert briefs_holding(recall_site, "zh_TW", "台灣安全") == set()
    assert briefs_holding(recall_site, "en", "sanction") == {"gray-zone", "united-front"}
    assert briefs_holding(recall_site, "en", "Chen") == {"leaders"}  # in the card only
    assert briefs_holding(recall_site, "zh_TW", "再思考") == {"balance"}


def test_every_query_lists_exactly_the_briefs_holding_it(chromium, recall_site: Path,  # noqa: F811
                                                         recall_server: str) -> None:
    misses = {}
    for language, queries in QUERIES.items():
        for query in queries:
            expected = briefs_holding(recall_site, language, query)
            got = listed(chromium, recall_server, language, query)
            if got != expected:
                misses[(language, query)] = {"missing": sorted(expected - got), "extra": sorted(got - expected)}
    assert misses == {}


FILTERED = [("en", "", {"source": "Foreign Affairs"}), ("zh_TW", "", {"year": "2023"}),
            ("en", "exercise", {"keyword": "Taiwan Strait"}), ("zh_TW", "統一", {"keyword": "Unification"}),
            ("zh_TW", "", {"keyword": "Gray Zone", "year": "2024"}), ("en", "security", {"year": "2023"})]


@pytest.mark.parametrize(("language", "query", "filters"), FILTERED)
def test_filters_narrow_the_results_to_the_briefs_they_name(chromium, recall_site: Path, recall_server: str,  # noqa: F811
                                                           language: str, query: str, filters: dict) -> None:
    expected = briefs_filtered(**filters)
    if query:
        expected &= briefs_holding(recall_site, language, query)
    assert listed(chromium, recall_server, language, query, **filters) == expected


def test_the_filters_offer_every_value_in_the_page_language(recall_site: Path) -> None:
    """Each filter lists the values the briefs have, by name in the page's language, with counts."""
    page = BeautifulSoup((recall_site / "zh_TW" / "search.html").read_text(encoding="utf-8"), "html.parser")
    options = {select["name"]: [o.get_text() for o in select.find_all("option")[1:]]
               for select in page.select("form.briefs-search-form select")}
    assert options["source"] == ["外交事務 (1)", "岩石上的戰爭 (4)"]
    assert options["year"] == ["2024 (4)", "2023 (1)"]
    assert sorted(options["keyword"]) == sorted(["台灣海峽 (2)", "灰色地帶 (2)", "統一 (2)"])
    assert page.select_one("label[for=briefs-filter-year]").get_text() == "年份"


def test_index_terms_and_their_two_encodings() -> None:
    """The rules the search page mirrors: full-width folded, Chinese as characters and pairs,
    other words stemmed; a term's briefs as gaps when few, as a bitmap when many."""
    import base64

    from briefs.search_index import encode, terms

    assert terms("ＮＡＴＯ在２０２３年") >= {"nato", "2023", "在", "年"}
    assert terms("解放軍") == {"解", "放", "軍", "解放", "放軍"}
    assert "sanction" in terms("Sanctions") and "sanction" in terms("sanctioned")
    assert encode([3, 10, 400], 1000) == [3, 7, 390]
    bitmap = base64.b64decode(encode(list(range(0, 1000, 2)), 1000))
    assert len(bitmap) == 125 and bitmap[0] == 0b01010101


def test_from_a_file_the_search_page_says_it_needs_a_server(chromium, recall_site: Path) -> None:  # noqa: F811
    """A browser lets no page opened from disk fetch the index: the page says so, and fails nothing."""
    context = chromium.new_context(locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: errors.append(r.url))
    page.goto((recall_site / "en" / "search.html").as_uri() + "?q=sanction")
    page.wait_for_selector("#search-results[aria-busy='false']", state="attached", timeout=20_000)
    assert "needs a web server" in page.inner_text(".search-summary")
    assert errors == []
    context.close()


def test_served_as_read_the_docs_serves_it_the_search_still_finds(chromium, recall_site: Path,  # noqa: F811
                                                                   tmp_path: Path) -> None:
    """Read the Docs serves each language and version below /<language>/<version>/: the page
    finds its index there (every path is relative), with no failed request."""
    shutil.copytree(recall_site / "zh_TW", tmp_path / "zh-tw" / "latest")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(tmp_path)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        server = f"http://127.0.0.1:{httpd.server_address[1]}"
        got = listed(chromium, server, "zh-tw/latest", "解放軍")
    finally:
        httpd.shutdown()
    assert got == briefs_holding(recall_site, "zh_TW", "解放軍") != set()
