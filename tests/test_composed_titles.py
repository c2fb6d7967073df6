"""Composed titles in each language (issue 27, item 2).

Real builds of ``tests/roots/test-composed-titles`` in both languages: a brief
whose digest published no title (``composed-title: yes``, the heading the
importer wrote) and one with a published title that cites it.  The composed
title must be the page's title everywhere a title appears, in the build's
language, and marked as composed; a published title wins.  The importer's side:
an untitled digest imported into the collection, built in zh_TW.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, build_root, sphinx_build
from test_importer import DIGESTS, build, collection, import_files

ROOT = REPO / "tests" / "roots" / "test-composed-titles"
COMPOSED = {"en": "Taiwan Strait, Sovereignty: War on the Rocks, March 3, 2024",
            # A keyword with no Chinese name keeps its English one; the source and date are Chinese.
            "zh_TW": "台灣海峽、Sovereignty：岩石上的戰爭，2024年3月3日"}
MARK = {"en": "title composed from the metadata", "zh_TW": "標題由摘要資料組成"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_root(ROOT, tmp_path_factory.mktemp("composed"))


def page(site: Path, language: str, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / language / name).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("language", ["en", "zh_TW"])
def test_the_composed_title_is_the_title_everywhere_in_the_page_language(site: Path, language: str) -> None:
    title = COMPOSED[language]
    brief = page(site, language, "briefs/untitled.html")
    assert brief.title.get_text().startswith(f"{title} - ")
    heading = brief.find("h1")
    assert "brief-composed-title" in heading["class"]
    assert heading.find(string=True, recursive=False).strip() == title
    assert heading.select_one(".brief-composed-mark").get_text() == MARK[language]
    citing = page(site, language, "briefs/titled.html").select_one("a[href^='untitled.html'] .brief-ref")
    assert citing.get_text() == title
    listing = page(site, language, "keywords/sovereignty.html").select_one("article a[href*='untitled.html']")
    assert listing.get_text() == title
    feed = (site / language / "feed.xml").read_text(encoding="utf-8")
    assert f"<title>{title}</title>" in feed
    catalog = json.loads((site / language / "briefs.json").read_text(encoding="utf-8"))
    entries = {entry["id"]: entry for entry in catalog["briefs"]}
    assert (entries["untitled"]["title"], entries["untitled"]["title_composed"]) == (title, True)
    assert entries["titled"]["title_composed"] is False


@pytest.mark.parametrize("language", ["en", "zh_TW"])
def test_a_published_title_is_not_marked(site: Path, language: str) -> None:
    heading = page(site, language, "briefs/titled.html").find("h1")
    assert "brief-composed-title" not in heading.get("class", [])
    assert heading.select(".brief-composed-mark") == []


def test_an_edited_heading_under_composed_title_warns_at_its_line(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT, project)
    titled = project / "briefs" / "titled.md"
    titled.write_text(titled.read_text(encoding="utf-8").replace("keywords: Taiwan Strait\n",
                                                                 "keywords: Taiwan Strait\ncomposed-title: yes\n"),
                      encoding="utf-8")
    result = sphinx_build("-b", "html", "-d", tmp_path / "doctrees", project, tmp_path / "html")
    assert result.returncode != 0
    assert re.search(r"briefs/titled\.md:1: WARNING: the heading is not the title composed from the metadata "
                     r"\('Taiwan Strait: War on the Rocks, April 1, 2024'\).*\[briefs\.composed-title\]", result.stderr)


def test_an_untitled_digest_imports_with_a_title_each_language_composes(tmp_path: Path) -> None:
    root = collection(tmp_path / "repo")
    [result] = import_files([DIGESTS / "no-title-2021.txt"], root)
    assert result.status == "imported", result.error
    text = (root / result.page).read_text(encoding="utf-8")
    assert "composed-title: yes" in text
    english = next(line for line in text.splitlines() if line.startswith("# ")).removeprefix("# ")
    name = Path(result.page).relative_to("source").with_suffix(".html")
    for language in ("en", "zh_TW"):
        out = build(root, language)
        heading = BeautifulSoup((out / name).read_text(encoding="utf-8"), "html.parser").find("h1")
        shown = heading.find(string=True, recursive=False).strip()
        assert "brief-composed-title" in heading["class"]
        if language == "en":
            assert shown == english
        else:
            assert shown != english and re.search(r"\d{4}年", shown), shown


@pytest.mark.pdf
def test_the_pdf_edition_uses_the_composed_title_in_its_language(tmp_path: Path) -> None:
    """Its table of contents, the brief's heading and a cross-reference to it (zh_TW)."""
    from test_pdf import _tools, build_pdf, squeeze, text_of

    _tools()
    project = tmp_path / "project"
    shutil.copytree(ROOT, project)
    shutil.copy2(REPO / "locale" / "zh_TW" / "LC_MESSAGES" / "sphinx.po", project / "locale" / "zh_TW" / "LC_MESSAGES")
    result = build_pdf(project, "zh_TW", tmp_path / "build", source=project)
    assert result.returncode == 0, result.stdout + result.stderr
    text = squeeze(text_of(tmp_path / "build" / "pdf" / "zh_TW" / "briefs-zh_TW.pdf"))
    # Contents, heading, and "另見 …。" in the brief that cites it.
    assert text.count(squeeze(COMPOSED["zh_TW"])) >= 3
    assert f"另見{squeeze(COMPOSED['zh_TW'])}。" in text
    assert squeeze(COMPOSED["en"]) not in text
