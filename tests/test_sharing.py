"""What search engines and shared links read: sitemaps and Open Graph tags.

Asserted on the repository's collection as built, for every brief it holds
(whatever the briefs are), in both languages.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import seed
from briefs.languages import hreflang
from bs4 import BeautifulSoup
from conftest import LANGUAGES, REPO, ROOT_LANGUAGES, build_root

SITE_URL = "https://briefs.example.org/"  # conf.py's briefs_site_url
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
#: Pages that are not content: in no sitemap.
NOT_LISTED = {"search.html", "genindex.html", "404.html"}


def published(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*.html") if not p.relative_to(root).parts[0].startswith("_")}


def sitemap_entries(path: Path) -> dict[str, dict[str, str]]:
    """Each ``<loc>`` with its alternates by hreflang."""
    tree = ET.parse(path)
    entries = {}
    for url in tree.getroot().findall("s:url", NS):
        loc = url.findtext("s:loc", namespaces=NS)
        assert loc not in entries, f"{loc} listed twice"
        entries[loc] = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
    return entries


@pytest.mark.parametrize("language", LANGUAGES)
def test_sitemap_lists_every_page_once_with_its_other_languages(site: Path, language: str) -> None:
    entries = sitemap_entries(site / language / "sitemap.xml")
    base = f"{SITE_URL}{language}/"
    expected = {base + page for page in published(site / language) - NOT_LISTED}
    assert set(entries) == expected
    assert any("/briefs/" in loc for loc in entries)
    for loc, links in entries.items():
        page = loc.removeprefix(base)
        assert links == {hreflang(code): f"{SITE_URL}{code}/{page}" for code in LANGUAGES}, loc
        for code in LANGUAGES:  # every alternate is a page of the site
            assert (site / code / page).is_file(), (loc, code)


def test_site_root_has_a_sitemap_index_of_the_languages(site: Path) -> None:
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    assert [e.text for e in root.findall("s:sitemap/s:loc", NS)] == [f"{SITE_URL}{code}/sitemap.xml" for code in LANGUAGES]


def _meta(soup: BeautifulSoup) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            found.setdefault(key, []).append(tag.get("content"))
    return found


def _first_paragraph(soup: BeautifulSoup) -> str:
    """The text of the brief's first paragraph, as a reader sees it below the card."""
    article = soup.find("article")
    for drawn in article.select(".brief-card, .brief-series-nav, .brief-cited-by, .no-search, h1"):
        drawn.decompose()
    return seed.normalize(article.find("p").get_text())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_brief_has_open_graph_tags_in_its_language(site: Path, language: str) -> None:
    catalog = json.loads((site / language / "briefs.json").read_text(encoding="utf-8"))
    assert catalog["briefs"]
    locale = "en_US" if language == "en" else language
    others = [("en_US" if code == "en" else code) for code in LANGUAGES if code != language]
    for brief in catalog["briefs"]:
        url = brief["urls"][language]
        page = site / url.removeprefix(SITE_URL)
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        meta = _meta(soup)
        assert meta["og:url"] == [url] == [soup.find("link", rel="canonical")["href"]]
        assert meta["og:type"] == ["article"]
        assert meta["og:title"] == [soup.title.get_text().rsplit(" - ", 1)[0]]
        assert meta["og:locale"] == [locale] and meta["og:locale:alternate"] == others
        assert meta["twitter:card"] == ["summary"]
        assert sorted(meta.get("article:tag", [])) == sorted(k["name"] for k in brief["keywords"])
        # The summary: the brief's own first paragraph (not its card), the same for search engines.
        description = meta["og:description"][0]
        assert meta["description"] == [description]
        assert len(description) <= 200
        assert _first_paragraph(soup).startswith(description.removesuffix("…")), url
        for label in ("Author", "Source", "作者", "來源"):
            assert not description.startswith(label)


def test_the_seed_brief_is_described_in_each_language(site: Path) -> None:
    for language, chinese in (("en", False), ("zh_TW", True)):
        page = site / language / "briefs/2023/graham-2023-what-russia-really-wants.html"
        meta = _meta(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser"))
        first = seed.normalize(seed.bullets(chinese=chinese)[0])
        assert meta["og:description"][0].removesuffix("…")[:40] == first[:40]


def test_other_pages_have_open_graph_tags_but_are_no_articles(site: Path) -> None:
    meta = _meta(BeautifulSoup((site / "zh_TW" / "index.html").read_text(encoding="utf-8"), "html.parser"))
    assert meta["og:url"] == [f"{SITE_URL}zh_TW/index.html"]
    assert meta["og:type"] == ["website"]
    assert "article:tag" not in meta


@pytest.mark.parametrize("language", ROOT_LANGUAGES)
def test_a_long_summary_is_cut_between_words_and_escaped(sharing_root: Path, language: str) -> None:
    """A first paragraph longer than a preview, with quotes, ``<`` and ``&``, in each language."""
    page = (sharing_root / language / "briefs" / "long.html").read_text(encoding="utf-8")
    meta = _meta(BeautifulSoup(page, "html.parser"))
    description = meta["og:description"][0]
    assert meta["description"] == [description]
    # The text's quotes and signs stay text: the attribute ends where the parser ends it, nothing is lost.
    start = "Deterrence \"by denial\" holds when 1 < 2 &" if language == "en" else "「拒止式」嚇阻在 1 < 2 且"
    assert description.startswith(start)
    raw = re.findall(r'<meta (?:property="og:description"|name="description") content="([^"]*)"', page)
    assert len(raw) == 2 and all(html.unescape(value) == description for value in raw)
    first = _first_paragraph(BeautifulSoup(page, "html.parser"))
    assert len(first) > 200
    assert description.endswith("…") and len(description) <= 200
    kept = description.removesuffix("…")
    assert first.startswith(kept)
    if language == "en":  # cut at a word: the next character of the paragraph is a space
        assert first[len(kept)] == " " and len(kept) > 150
    else:  # Chinese has no spaces: cut between characters, the whole length used
        assert len(description) == 200
    assert "second point" not in description and "第二點" not in description


@pytest.fixture(scope="module")
def sharing_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_root(REPO / "tests" / "roots" / "test-sharing", tmp_path_factory.mktemp("sharing"))
