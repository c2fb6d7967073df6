"""The repository's collection, built for real in both languages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
import seed
from bs4 import BeautifulSoup
from conftest import LANGUAGES, REPO

SEED_PAGE = "briefs/2023/graham-2023-what-russia-really-wants.html"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article_text(path: Path) -> str:
    return seed.normalize(soup(path).find("article").get_text(" "))


def search_terms(build: Path) -> dict[str, list[int]]:
    """Each term of Sphinx's index with the documents (numbers) it is in, in a body or a title."""
    text = (build / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    terms: dict[str, list[int]] = {}
    for table in (index["terms"], index["titleterms"]):
        for term, found in table.items():
            terms.setdefault(term, []).extend(found if isinstance(found, list) else [found])
    return terms


def test_english_page_has_every_english_bullet_and_heading(site: Path) -> None:
    text = article_text(site / "en" / SEED_PAGE)
    for bullet in seed.bullets(chinese=False):
        assert seed.normalize(bullet) in text
    # The brief's own headings (its citation, drawn after them, has one too).
    headings = [h.get_text(" ").strip("¶ ") for h in soup(site / "en" / SEED_PAGE).select("article h2")
                if not h.find_parent(class_="briefs-cite")]
    assert headings == seed.english_headings()


def test_chinese_page_has_every_chinese_bullet_verbatim(site: Path) -> None:
    items = [seed.normalize(li.get_text(" ")) for li in soup(site / "zh_TW" / SEED_PAGE).select("article li")]
    assert items[: len(seed.bullets(chinese=True))] == [seed.normalize(b) for b in seed.bullets(chinese=True)]


def test_chinese_page_shows_no_english_bullet(site: Path) -> None:
    text = article_text(site / "zh_TW" / SEED_PAGE)
    for bullet in seed.bullets(chinese=False):
        assert seed.normalize(bullet) not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_switcher_link_leads_to_the_same_page_in_that_language(site: Path, language: str) -> None:
    pages = sorted((site / language).rglob("*.html"))
    assert len(pages) >= 4
    for page in pages:
        if page.name == "404.html":
            continue  # served at any address, it leads to each language's home (test_not_found.py)
        links = soup(page).select(".briefs-languages a")
        assert [a["hreflang"] for a in links] == [code.replace("_", "-") for code in LANGUAGES], page
        current = [a for a in links if "current" in a.get("class", [])]
        assert [a["hreflang"] for a in current] == [language.replace("_", "-")], page
        for link in links:
            target = (page.parent / link["href"]).resolve()
            other = link["href"].split("/")[link["href"].split("/").count("..")]
            assert target.is_file(), f"{page}: {link['href']}"
            assert target == (site / other / page.relative_to(site / language)).resolve()


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_lang_and_hreflang_alternates(site: Path, language: str) -> None:
    page = soup(site / language / SEED_PAGE)
    assert page.html["lang"] == language.replace("_", "-")
    alternates = {link["hreflang"]: link["href"] for link in page.select('head link[rel="alternate"]')}
    assert set(alternates) == {"en", "zh-TW", "zh-Hans", "x-default"}
    site_url = "https://briefs.example.org/"  # conf.py's default briefs_site_url
    for hreflang, href in alternates.items():
        assert href.startswith(site_url), href
        assert (site / href.removeprefix(site_url)).is_file(), hreflang
    assert alternates["zh-TW"] == f"{site_url}zh_TW/{SEED_PAGE}"
    assert alternates["en"] == f"{site_url}en/{SEED_PAGE}"
    assert alternates["zh-Hans"] == f"{site_url}zh_CN/{SEED_PAGE}"


def test_landing_page_lists_every_language_without_javascript(site: Path) -> None:
    page = soup(site / "index.html")
    hrefs = [a["href"] for a in page.select("body a")]
    assert hrefs == [f"{language}/index.html" for language in LANGUAGES]
    assert all((site / href).is_file() for href in hrefs)


@pytest.mark.parametrize("term", ["俄羅斯", "關係", "戰略自主", "俄中關係"])
def test_chinese_terms_are_in_the_chinese_search_index(site: Path, term: str) -> None:
    terms = search_terms(site / "zh_TW")
    docnames = json.loads(
        (site / "zh_TW" / "searchindex.js").read_text(encoding="utf-8").split("(", 1)[1].rsplit(")", 1)[0]
    )["docnames"]
    found = terms.get(term)
    assert found is not None, term
    assert "briefs/2023/graham-2023-what-russia-really-wants" in {docnames[i] for i in found}


def test_english_search_index_has_chinese_terms_only_from_text_shown_in_chinese(site: Path) -> None:
    """The English edition indexes English; Chinese only where a page shows text in Chinese
    (published in Chinese only, marked with its lang), whatever briefs the collection holds."""
    terms = search_terms(site / "en")
    text = (site / "en" / "searchindex.js").read_text(encoding="utf-8")
    docnames = json.loads(text[text.index("(") + 1 : text.rindex(")")])["docnames"]
    assert "russia" in terms
    chinese_text: dict[int, str] = {}
    for term, found in terms.items():
        if not re.search(r"[\u4e00-\u9fff]", term):
            continue
        for number in found:
            if number not in chinese_text:
                page = soup(site / "en" / f"{docnames[number]}.html")
                chinese_text[number] = " ".join(e.get_text() for e in page.select('article [lang^="zh"]'))
        # Sphinx's English splitter may join a Chinese run to a Latin word beside it ("夏title"): the run counts.
        runs = re.findall(r"[\u4e00-\u9fff]+", term)
        assert any(all(run in chinese_text[number] for run in runs) for number in found), term


def _interface_messages() -> list[polib.POEntry]:
    catalog = polib.pofile(str(REPO / "locale" / "zh_TW" / "LC_MESSAGES" / "sphinx.po"))
    return [entry for entry in catalog if not entry.obsolete]


def test_interface_catalog_is_complete() -> None:
    untranslated = [entry.msgid for entry in _interface_messages() if not entry.msgstr or entry.fuzzy]
    assert untranslated == []


def _visible_strings(page: Path) -> str:
    document = soup(page)
    for element in document(["script", "style"]):
        element.decompose()
    attributes = [
        value
        for tag in document.find_all(True)
        for name, value in tag.attrs.items()
        if name in ("aria-label", "title", "alt", "placeholder") and isinstance(value, str)
    ]
    return seed.normalize(document.get_text(" ") + " | " + " | ".join(attributes))


def test_chinese_build_shows_no_english_interface_string(site: Path) -> None:
    plain = [e.msgid.strip() for e in _interface_messages() if not re.search(r"[%<&\n]", e.msgid)]
    assert {"Back to top", "Skip to content", "On this page", "Contents", "Search"} <= set(plain)
    for page in [SEED_PAGE, "index.html", "search.html", "genindex.html"]:
        shown = _visible_strings(site / "zh_TW" / page)
        leaked = [m for m in plain if re.search(rf"(?<![\w-]){re.escape(m)}(?![\w-])", shown)]
        assert leaked == [], page
        assert "回到頂端" in shown and "搜尋" in shown


def test_english_build_keeps_english_interface(site: Path) -> None:
    shown = _visible_strings(site / "en" / SEED_PAGE)
    assert "Back to top" in shown and "回到頂端" not in shown


def test_card_shows_metadata_in_each_language(site: Path) -> None:
    en = seed.normalize(soup(site / "en" / SEED_PAGE).select_one(".brief-card").get_text(" "))
    zh = seed.normalize(soup(site / "zh_TW" / SEED_PAGE).select_one(".brief-card").get_text(" "))
    assert "Thomas Graham" in en and "Foreign Affairs" in en and "October 9, 2023" in en
    assert "Then and" in en
    assert "作者" in zh and "2023年10月9日" in zh and "Thomas Graham" in zh


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_plain_build_links_to_no_pdf_and_no_edition(site: Path, language: str) -> None:
    """``make html`` publishes no PDF, so no page links to one (``briefs versions`` does);
    it is no edition of a versioned site, so it has no edition switcher and no banner."""
    pages = sorted((site / language).rglob("*.html"))
    assert len(pages) >= 4
    for page in pages:
        html = soup(page)
        assert html.select('a[type="application/pdf"]') == [], page
        assert not any(a["href"].endswith(".pdf") for a in html.select("a[href]")), page
        assert html.select(".briefs-editions, .briefs-older-edition") == [], page


@pytest.mark.parametrize("language", LANGUAGES)
def test_code_is_highlighted_in_furos_own_style(site: Path, language: str) -> None:
    """conf.py names furo's default light style by its class (a faster lookup
    than its name): the stylesheet written is still that of the style furo's
    theme.conf names."""
    import configparser

    import furo
    from pygments.formatters import HtmlFormatter
    from pygments.styles import get_style_by_name

    theme = configparser.ConfigParser()
    theme.read(Path(furo.__file__).parent / "theme" / "furo" / "theme.conf")
    furos_style = get_style_by_name(theme["theme"]["pygments_style"])
    written = (site / language / "_static" / "pygments.css").read_text(encoding="utf-8")
    rules = HtmlFormatter(style=furos_style).get_style_defs(".highlight").splitlines()
    assert rules and all(rule in written for rule in rules)


@pytest.mark.parametrize(("language", "suffix"), [("en", ".md"), ("zh_TW", ".po")])
def test_edit_this_page_leads_to_the_file_to_edit(site: Path, language: str, suffix: str) -> None:
    """The English page's MyST file, a translated page's catalog: files of this repository."""
    from briefs.config import load_project

    settings = load_project(REPO).settings
    base = f"{settings.repository}/edit/{settings.branch}/"
    edited = {}
    for page in sorted((site / language).rglob("*.html")):
        link = soup(page).select_one('a[rel="edit"]')
        if link is not None:
            assert link["href"].startswith(base), page
            edited[page.relative_to(site / language).as_posix()] = link["href"][len(base):]
    assert SEED_PAGE in edited and "index.html" in edited
    assert "keywords/index.html" not in edited  # made by the build: nothing to edit
    for page, path in edited.items():
        assert path.endswith(suffix) and (REPO / path).is_file(), (page, path)
    if language == "zh_TW":
        assert edited[SEED_PAGE] == f"locale/zh_TW/LC_MESSAGES/{SEED_PAGE[:-5]}.po"
