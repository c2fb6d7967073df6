"""The Simplified Chinese edition, derived from the zh_TW catalogs with OpenCC at build time.

Asserted on the repository's collection as built (whatever it holds), and on
copies of it changed as a contributor would: an override catalog, an edited
zh_TW translation.
"""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import opencc
import polib
import pytest
import seed
from briefs.editions import sphinx_language
from briefs.languages import hreflang
from bs4 import BeautifulSoup
from conftest import LANGUAGES, REPO, copy_project, sphinx_build

SEED_PAGE = "briefs/2023/graham-2023-what-russia-really-wants.html"
_T2S = opencc.OpenCC("t2s")


def visible(page: Path) -> BeautifulSoup:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup(["script", "style", "noscript"]):
        hidden.decompose()
    return soup


def traditional_left(soup: BeautifulSoup) -> set[str]:
    """The characters of the page's text in its own language that OpenCC would still convert
    (a name marked in another language, such as 繁體中文 in the switcher, is left out)."""
    for other in soup.select("[lang]:not(html)"):
        if other["lang"] not in ("zh-CN", "zh-Hans"):
            other.decompose()
    text = soup.get_text(" ", strip=True)
    return {a for a, b in zip(text, _T2S.convert(text), strict=True) if a != b}


def test_the_seed_page_is_simplified_chinese(site: Path) -> None:
    soup = visible(site / "zh_CN" / SEED_PAGE)
    assert soup.html["lang"] == "zh-CN"
    article = soup.find("article").get_text(" ", strip=True)
    assert "俄罗斯" in article and "俄羅斯" not in article
    # Each Chinese bullet of the seed, as OpenCC tw2sp converts it.
    to_simplified = opencc.OpenCC("tw2sp")
    for bullet in seed.bullets(chinese=True):
        assert seed.normalize(to_simplified.convert(bullet)) in seed.normalize(article)
    # The card: the glossary's names and the labels, converted.
    card = soup.select_one(".brief-card").get_text(" ", strip=True)
    assert "俄罗斯战略自主" in card and "外交事务" in card and "来源" in card


@pytest.mark.parametrize("page", ["index.html", SEED_PAGE, "search.html", "brief-index.html", "keywords/index.html"])
def test_nothing_is_left_in_traditional_characters(site: Path, page: str) -> None:
    assert traditional_left(visible(site / "zh_CN" / page)) == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_links_to_three_languages(site: Path, language: str) -> None:
    for path in sorted((site / language).rglob("*.html")):
        page = path.relative_to(site / language).as_posix()
        if page.startswith("_") or page == "404.html":
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        links = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate", hreflang=True)}
        assert set(links) == {hreflang(code) for code in LANGUAGES} | {"x-default"}, page
        assert links["zh-Hans"].endswith(f"/zh_CN/{page}"), page
        switcher = soup.select(".briefs-languages a")
        assert [a.get_text(strip=True) for a in switcher] == ["English", "繁體中文", "简体中文"], page
        # Each leads to the same page in its language, which exists.
        assert {(path.parent / a["href"]).resolve() for a in switcher} == {(site / code / page).resolve()
                                                                          for code in LANGUAGES}, page
        assert all((site / code / page).is_file() for code in LANGUAGES), page


def test_the_simplified_edition_has_its_own_feed_catalog_and_search_index(site: Path) -> None:
    catalog = json.loads((site / "zh_CN" / "briefs.json").read_text(encoding="utf-8"))
    assert catalog["language"] == "zh_CN" and catalog["briefs"]
    seed_entry = next(b for b in catalog["briefs"] if b["id"] == "graham-2023-what-russia-really-wants")
    assert seed_entry["source_name"] == "外交事务"
    assert [k["name"] for k in seed_entry["keywords"]] == ["俄罗斯战略自主"]
    feed = ET.parse(site / "zh_CN" / "feed.xml").getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"
    atom = {"a": "http://www.w3.org/2005/Atom"}
    entry = next(e for e in feed.findall("a:entry", atom) if e.findtext("a:id", namespaces=atom).endswith(SEED_PAGE))
    assert "外交事务" in entry.findtext("a:summary", namespaces=atom)
    assert entry.find("a:category", atom).get("label") == "俄罗斯战略自主"
    assert list((site / "zh_CN" / "_search" / "c").glob("*.json"))


def test_no_derived_file_is_written_into_the_repository(site: Path) -> None:
    status = subprocess.run(["git", "status", "--porcelain", "--ignored", "source", "locale"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout
    assert "zh_CN" not in status
    assert not (REPO / "locale" / "zh_CN").exists()


def test_read_the_docs_language_code_is_the_simplified_edition() -> None:
    assert sphinx_language("zh-cn") == "zh_CN"


SEED_CATALOG = Path("locale/zh_TW/LC_MESSAGES/briefs/2023/graham-2023-what-russia-really-wants.po")


def _build(project: Path, out: Path) -> BeautifulSoup:
    result = sphinx_build("-b", "html", "-c", project, "-D", "language=zh_CN", "-d", out / "doctrees",
                          project / "source", out / "html")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return visible(out / "html" / SEED_PAGE)


def test_an_override_catalog_corrects_one_term_and_the_rest_stays_converted(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    first = seed.bullets(chinese=True)[0]
    override = project / "locale" / "zh_CN" / "LC_MESSAGES" / "briefs" / "2023" / SEED_CATALOG.name
    override.parent.mkdir(parents=True)
    english = seed.bullets(chinese=False)[0]
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_CN"}
    catalog.append(polib.POEntry(msgid=english, msgstr="莫斯科在被西方孤立后更靠近北京（校订译文）。"))
    catalog.save(str(override))
    article = _build(project, tmp_path / "_out").find("article").get_text(" ", strip=True)
    assert "（校订译文）" in article
    assert seed.normalize(opencc.OpenCC("tw2sp").convert(first)) not in seed.normalize(article)
    second = opencc.OpenCC("tw2sp").convert(seed.bullets(chinese=True)[1])
    assert seed.normalize(second) in seed.normalize(article)


def test_an_edited_zh_tw_translation_reaches_the_simplified_page_on_rebuild(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    out = tmp_path / "_out"
    assert "俄罗斯" in _build(project, out).find("article").get_text()
    catalog = project / SEED_CATALOG
    text = catalog.read_text(encoding="utf-8")
    first = seed.bullets(chinese=True)[0]
    catalog.write_text(text.replace(first[:20], "網路軟體測試：" + first[:20], 1), encoding="utf-8")
    article = _build(project, out).find("article").get_text()
    assert "网络软件测试：" in article  # tw2sp: phrases too (網路 -> 网络, 軟體 -> 软件)
    # The page was read again, not only the catalog compiled: an incremental build equals a clean one.
    clean = _build(project, tmp_path / "_clean").find("article").get_text()
    assert re.sub(r"\s+", " ", clean) == re.sub(r"\s+", " ", article)


def _build_into(project: Path, out: Path, *options: str) -> None:
    result = sphinx_build(*options, "-b", "html", "-c", project, "-D", "language=zh_CN", "-d", out / "doctrees",
                          project / "source", out / "html")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr


def test_incremental_and_parallel_builds_equal_a_clean_serial_one(tmp_path: Path) -> None:
    """A brief moved to another year with its catalog, and a translation edited: the zh_CN build
    after them, and a parallel one, write what a clean serial build writes."""
    from test_build_modes import assert_same_output

    project = copy_project(tmp_path)
    _build_into(project, tmp_path / "incremental")
    page = project / "source" / "briefs" / "2023" / "graham-2023-what-russia-really-wants.md"
    catalog = project / SEED_CATALOG
    (page.parent.parent / "2024").mkdir()
    page.rename(page.parent.parent / "2024" / page.name)
    (catalog.parent.parent / "2024").mkdir()
    moved = catalog.parent.parent / "2024" / catalog.name
    catalog.rename(moved)
    moved.write_text(moved.read_text(encoding="utf-8").replace("莫斯科", "俄國首都", 1), encoding="utf-8")
    _build_into(project, tmp_path / "incremental")
    _build_into(project, tmp_path / "clean")
    _build_into(project, tmp_path / "parallel", "-j", "2")
    assert "俄国首都" in (tmp_path / "clean" / "html" / "briefs" / "2024" / page.with_suffix(".html").name).read_text()
    assert_same_output(tmp_path / "incremental", tmp_path / "clean")
    assert_same_output(tmp_path / "parallel", tmp_path / "clean")
    # The converted catalog of the old path is gone with its page.
    derived = tmp_path / "incremental" / "doctrees" / "briefs-derived-locale" / "zh_CN" / "LC_MESSAGES" / "briefs"
    assert not (derived / "2023").exists() or not list((derived / "2023").glob("*.po"))
