"""Text in the other language carries its ``lang`` (issue 27, item 3).

A real build of ``tests/roots/test-foreign-text`` in both languages: a brief
whose digest gave one line in Chinese only and one in English only, a Chinese
name inside an English sentence, a keyword with no Chinese name and a Chinese
digest title; and a brief published wholly in both languages.  The language
of a text is judged here by a stricter rule than the extension's (Han
characters and no Latin letters, or the reverse), so the test does not
restate the code.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString
from conftest import REPO, build_root

ROOT = REPO / "tests" / "roots" / "test-foreign-text"
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
PAGE_LANG = {"en": "en", "zh_TW": "zh-TW"}
NOTES = {"en": "Parts of this digest were published in Chinese only and are shown as published.",
         "zh_TW": "本頁部分內容只有英文：摘要原本僅以英文發表，或尚未翻譯。"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_root(ROOT, tmp_path_factory.mktemp("foreign"))


def strictly(text: str) -> str | None:
    """"zh" for Han and no Latin letter, "en" for the reverse, None for both or neither."""
    han, latin = bool(_HAN.search(text)), bool(_LATIN.search(text))
    return "zh" if han and not latin else "en" if latin and not han else None


def lang_of(node) -> str:  # noqa: ANN001
    """The language a browser gives a text: its nearest ``lang``."""
    return next(parent["lang"] for parent in node.parents if parent.has_attr("lang"))


def article(site: Path, language: str, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / language / "briefs" / f"{page}.html").read_text(encoding="utf-8"),
                         "html.parser").find("article")


PAGES = ["briefs/mixed.html", "briefs/plain.html", "keywords/index.html", "keywords/sovereignty.html",
         "authors/index.html", "sources/war-on-the-rocks.html", "years/2024.html", "translation-status.html"]


@pytest.mark.parametrize("language", ["en", "zh_TW"])
@pytest.mark.parametrize("page", PAGES)
def test_every_text_carries_the_lang_of_its_language(site: Path, language: str, page: str) -> None:
    """Brief pages and the pages made from templates (listings, translation status) alike."""
    html = BeautifulSoup((site / language / page).read_text(encoding="utf-8"), "html.parser").find("article")
    wrong = []
    for text in html.find_all(string=True):
        if not isinstance(text, NavigableString) or text.parent.name in ("script", "style"):
            continue
        judged = strictly(text)
        # zh-TW and zh-Hant-TW are both Chinese: the language subtag is what is judged.
        if judged is not None and lang_of(text).split("-")[0] != judged:
            wrong.append((text.strip(), lang_of(text)))
    assert wrong == []


def test_what_each_edition_lacks_is_marked_where_it_stands(site: Path) -> None:
    english = article(site, "en", "mixed")
    chinese_only = english.find(string=re.compile("本段僅以中文發表"))
    assert chinese_only.parent.name == "p" and chinese_only.parent["lang"] == "zh-Hant-TW"
    name = english.find(string="習近平")
    assert name.parent.name == "span" and name.parent["lang"] == "zh-Hant-TW"
    assert lang_of(english.find(string=re.compile("Xi Jinping"))) == "en"
    chinese = article(site, "zh_TW", "mixed")
    english_only = chinese.find(string="Only the English digest gave this line.")
    assert english_only.parent["lang"] == "en"
    assert chinese.find(string="Sovereignty").parent["lang"] == "en"  # a keyword with no Chinese name


@pytest.mark.parametrize("language", ["en", "zh_TW"])
def test_a_brief_with_such_text_says_so_once_in_the_page_language(site: Path, language: str) -> None:
    notes = article(site, language, "mixed").select(".brief-language-note")
    assert [n.get_text() for n in notes] == [NOTES[language]]
    assert "lang" not in notes[0].attrs
    assert article(site, language, "plain").select(".brief-language-note") == []


def test_search_still_finds_text_in_the_other_language(site: Path) -> None:
    fragments = [json.loads(p.read_text(encoding="utf-8")) for p in (site / "en" / "_search" / "f").glob("*.json")]
    (mixed,) = [f for f in fragments if f["url"].endswith("mixed.html")]
    assert "本段僅以中文發表" in mixed["text"]
    assert "published in Chinese only" not in mixed["text"]
