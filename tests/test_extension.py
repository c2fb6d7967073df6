"""The briefs extension on small test roots, built with sphinx.testing."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.util.inventory import InventoryFile

ATOM = "{http://www.w3.org/2005/Atom}"


def page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / name).read_text(encoding="utf-8"), "html.parser")


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


def card(app, name: str) -> dict[str, str]:
    fields = page(app, name).select(".brief-card dt, .brief-card dd")
    return {text(dt).rstrip(": "): text(dd) for dt, dd in zip(fields[::2], fields[1::2], strict=False)}


@pytest.fixture
def built(app):  # type: ignore[no-untyped-def]
    app.build()
    assert app._warning.getvalue() == ""
    return app


@pytest.mark.sphinx("html", testroot="collection")
def test_card_in_english(built) -> None:
    assert card(built, "briefs/alpha.html") == {
        "Authors": "Alice Smith , Bob Jones",
        "Source": "Center for Strategic and International Studies (CSIS)",
        "Date": "Winter 2021",
        "Keywords": "China , Taiwan",
        "Article": "https://example.org/alpha",
    }
    assert card(built, "briefs/gamma.html")["Date"] == "May 20, 2024"  # 05/20/2024 is month/day/year
    assert card(built, "briefs/dilemma-1.html")["Date"] == "October 2022"  # no made-up day


@pytest.mark.sphinx("html", testroot="collection", confoverrides={"language": "zh_TW"})
def test_card_in_chinese(built) -> None:
    alpha = card(built, "briefs/alpha.html")
    assert alpha["作者"] == "Alice Smith 、 Bob Jones"
    assert alpha["來源"] == "戰略暨國際研究中心"
    assert alpha["日期"] == "2021年冬季"
    assert alpha["關鍵字"] == "中國 、 臺灣"
    assert card(built, "briefs/beta.html")["日期"] == "2023年5月1日"


@pytest.mark.sphinx("html", testroot="collection")
def test_keywords_link_to_their_listing_page(built) -> None:
    links = page(built, "briefs/beta.html").select(".brief-card a.brief-keyword")
    # Beta names its keyword in Chinese (中國): it lists under the glossary's China.
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("China", "../keywords/china.html"),
        ("Security", "../keywords/security.html"),
    ]
    listing = page(built, "keywords/china.html")
    assert [text(a) for a in listing.select(".brief-listing a")] == ["Beta Brief", "Alpha Brief"]  # newest first


@pytest.mark.sphinx("html", testroot="collection")
def test_listing_pages_by_author_source_and_year(built) -> None:
    out = Path(built.outdir)
    assert [text(a) for a in page(built, "authors/alice-smith.html").select(".brief-listing a")] == [
        "Gamma Brief", "Alpha Brief"]
    assert [text(a) for a in page(built, "years/2022.html").select(".brief-listing a")] == [
        "The Dilemma, Part 3", "The Dilemma, Part 2", "The Dilemma, Part 1"]
    sources = [text(li) for li in page(built, "sources/index.html").select(".briefs-listing-groups li")]
    assert sources == ["Center for Strategic and International Studies (CSIS) (1)", "Foreign Affairs (5)"]
    years = [text(li) for li in page(built, "years/index.html").select(".briefs-listing-groups li")]
    assert years == ["2024 (1)", "2023 (1)", "2022 (3)", "2021 (1)"]
    for link in page(built, "keywords/index.html").select(".briefs-listing-groups a"):
        assert (out / "keywords" / link["href"]).is_file()
    assert not (Path(built.srcdir) / "keywords").exists()  # nothing written into the sources


@pytest.mark.sphinx("html", testroot="collection")
def test_home_page_lists_the_newest(built) -> None:
    assert [text(a) for a in page(built, "index.html").select(".brief-listing a")] == [
        "Gamma Brief", "Beta Brief", "The Dilemma, Part 3"]


@pytest.mark.sphinx("html", testroot="collection", confoverrides={"language": "zh_TW"})
def test_cross_reference_shows_the_title_in_the_build_language(built) -> None:
    alpha = page(built, "briefs/alpha.html")
    ref = alpha.select_one("article li a.reference")
    assert text(ref) == "貝塔摘要"
    assert ref["href"] == "beta.html#brief-beta"
    see = [p for p in page(built, "index.html").select("article p") if text(p).startswith("See")][0]
    assert [text(a) for a in see.select("a.reference")] == ["Alpha Brief", "the second one"]


@pytest.mark.sphinx("html", testroot="collection")
def test_cited_by_backlinks(built) -> None:
    cited = page(built, "briefs/beta.html").select_one(".brief-cited-by")
    assert [text(a) for a in cited.select("a")] == ["Alpha Brief", "Gamma Brief", "Collection"]
    assert page(built, "briefs/gamma.html").select_one(".brief-cited-by") is None


@pytest.mark.sphinx("html", testroot="collection")
def test_series_navigation(built) -> None:
    nav = page(built, "briefs/dilemma-2.html").select_one(".brief-series-nav")
    assert "Part 2 of 3" in text(nav)
    hrefs = [a["href"] for a in nav.select("a")]
    assert hrefs == ["dilemma-1.html#brief-dilemma-1", "dilemma-3.html#brief-dilemma-3",
                     "dilemma-1.html#brief-dilemma-1", "dilemma-3.html#brief-dilemma-3"]
    first = page(built, "briefs/dilemma-1.html").select_one(".brief-series-nav")
    assert "Previous part" not in text(first) and "Next part" in text(first)


@pytest.mark.sphinx("html", testroot="collection")
def test_domain_index(built) -> None:
    index = page(built, "brief-index.html")
    assert [text(a) for a in index.select("table.domainindex-table a")][:2] == ["Gamma Brief", "Beta Brief"]


@pytest.mark.sphinx("html", testroot="collection", confoverrides={"language": "zh_TW"})
def test_atom_feed_and_json_catalog(built) -> None:
    out = Path(built.outdir)
    feed = ET.parse(out / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries][:2] == ["Gamma Brief", "貝塔摘要"]
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert all(re.match(r"https://example\.test/site/zh_TW/briefs/[\w-]+\.html$", link) for link in links)
    catalog = json.loads((out / "briefs.json").read_text(encoding="utf-8"))
    alpha = next(b for b in catalog["briefs"] if b["id"] == "alpha")
    assert alpha["authors"] == ["Alice Smith", "Bob Jones"]
    assert alpha["date"] == {"iso": "2021-winter", "precision": "season", "published": "Winter 2021",
                             "display": "2021年冬季"}
    assert alpha["keywords"] == [{"key": "China", "name": "中國"}, {"key": "Taiwan", "name": "臺灣"}]
    # Not laid out as <site>/<language>/: only this language's URL is known.
    assert alpha["urls"] == {"zh_TW": "https://example.test/site/zh_TW/briefs/alpha.html"}
    assert len(catalog["briefs"]) == 6


@pytest.mark.sphinx("html", testroot="collection")
def test_briefs_are_in_objects_inv(built) -> None:
    with open(Path(built.outdir) / "objects.inv", "rb") as f:
        inventory = InventoryFile.load(f, "https://example.test/", lambda base, uri: base + uri)
    data = inventory if isinstance(inventory, dict) else inventory.data
    assert data["brief:brief"]["alpha"].uri == "https://example.test/briefs/alpha.html#brief-alpha"
    assert data["brief:brief"]["alpha"].display_name == "Alpha Brief"
    assert data["std:label"]["brief-beta"].display_name == "Beta Brief"


@pytest.mark.sphinx("html", testroot="warnings")
def test_every_problem_warns_with_file_line_and_type(app) -> None:
    app.build()
    warnings = app._warning.getvalue()
    expected = [
        ("baddate.md:6", "briefs.date"),
        ("badurl.md:8", "briefs.url"),
        ("missing.md:3", "briefs.missing"),
        ("unknown.md:8", "briefs.unknown-label"),
        ("dup2.md:4", "briefs.duplicate-id"),
        ("index.md:3", "briefs.unknown-brief"),
        ("newkeyword.md:7", "briefs.glossary"),
    ]
    for location, kind in expected:
        assert re.search(rf"{re.escape(location)}: WARNING: .* \[{re.escape(kind)}\]", warnings), (location, kind)
    assert len(warnings.strip().splitlines()) == len(expected)


@pytest.mark.sphinx("html", testroot="warnings", confoverrides={"suppress_warnings": ["briefs.glossary", "briefs.date"]})
def test_warnings_can_be_suppressed_by_type(app) -> None:
    app.build()
    warnings = app._warning.getvalue()
    assert "briefs.glossary" not in warnings and "briefs.date" not in warnings
    assert "briefs.url" in warnings


@pytest.mark.sphinx("latex", testroot="collection", confoverrides={"language": "zh_TW"}, tags=["pdf"])
def test_latex_book_has_card_tables_internal_links_and_the_index(app) -> None:
    app.build()
    assert app._warning.getvalue() == ""
    tex = (Path(app.outdir) / "briefs-zh_TW.tex").read_text(encoding="utf-8")
    assert r"\sphinxstylestrong{作者}" in tex
    assert r"\begin{tabulary}" in tex or r"\begin{tabular}" in tex
    assert r"\hyperref[\detokenize{briefs/beta:brief-beta}]" in tex  # a {brief} reference, inside the book
    assert r"\renewcommand{\indexname}{摘要索引}" in tex
    index = tex[tex.index(r"\renewcommand{\indexname}{摘要索引}"):]
    assert all(title in index for title in ["Alpha Brief", "貝塔摘要", "The Dilemma, Part 3"])


def search_terms(app) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    """The search index's body terms, each with the documents it finds."""
    from sphinx.search import js_index

    index = js_index.loads((Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8"))
    docnames = index["docnames"]
    return {term: {docnames[i] for i in (docs if isinstance(docs, list) else [docs])}
            for term, docs in index["terms"].items()}


@pytest.mark.sphinx("html", testroot="collection")
def test_search_finds_briefs_by_their_content_not_by_navigation(built) -> None:
    """Card labels and the links to other briefs (cited by, series, listings)
    are navigation: a search for a brief's title finds that brief, not every
    page that lists it, and "Authors" finds nothing."""
    terms = search_terms(built)
    assert "author" not in terms and "sourc" not in terms  # the card's labels, stemmed
    assert terms["carol"] == {"briefs/beta"}  # a card's value is content
    assert terms["alpha"] == {"briefs/gamma", "index"}  # cited in their text; beta lists it under "Cited by"
    assert "dilemma" not in terms  # a title (titleterms), and links in every part's series navigation


@pytest.mark.sphinx("html", testroot="collection", confoverrides={"language": "zh_TW"})
def test_chinese_search_leaves_out_the_card_labels(built) -> None:
    terms = search_terms(built)
    assert "作者" not in terms and "來源" not in terms
    assert "中國" in terms  # a keyword's Chinese name, shown on the card


def test_search_stems_with_the_c_snowball_giving_the_same_stems(rootdir: Path) -> None:
    """PyStemmer, a dependency, is what snowballstemmer runs when it is installed
    (Sphinx's English search and the Latin words of Chinese search); its stems are
    the pure-Python Snowball's, so the index is the same, made faster."""
    import sphinx
    from snowballstemmer.english_stemmer import EnglishStemmer
    from snowballstemmer.porter_stemmer import PorterStemmer
    from sphinx.search.en import SearchEnglish

    english = SearchEnglish({})
    assert type(english.stemmer).__module__ == "Stemmer"  # the C extension
    texts = [p.read_text(encoding="utf-8") for p in [*rootdir.rglob("*.md"), *(rootdir.parent.parent / "source").rglob("*.md")]]
    words = {word.lower() for text in texts for word in re.findall(r"[A-Za-z]+", text)}
    assert len(words) > 200
    # Sphinx 8 stems English with Porter's algorithm, Sphinx 9 with Snowball's English (Porter2).
    pure_python = EnglishStemmer() if sphinx.version_info >= (9,) else PorterStemmer()
    assert {w: english.stem(w) for w in words} == {w: pure_python.stemWord(w) for w in words}
    import snowballstemmer

    c_english, python_english = snowballstemmer.stemmer("english"), EnglishStemmer()
    assert {w: c_english.stemWord(w) for w in words} == {w: python_english.stemWord(w) for w in words}


def test_record_digests_are_pickled_with_the_environment_and_follow_each_record(rootdir, tmp_path) -> None:  # noqa: ANN001
    """The collection's digest (what listings, feeds and pages are checked
    against) is made of each record's digest, made once and kept with the
    record in the pickled environment; a record read again has a new one."""
    import shutil

    from sphinx.testing.util import SphinxTestApp

    source = tmp_path / "root"
    shutil.copytree(rootdir / "test-collection", source)
    first = SphinxTestApp("html", srcdir=source)
    first.build()
    before = first.env.get_domain("brief").collection_signature()
    first.cleanup()
    beta = source / "briefs" / "beta.md"
    beta.write_text(beta.read_text(encoding="utf-8").replace("keywords: ", "keywords: Energy, ", 1), encoding="utf-8")

    second = SphinxTestApp("html", srcdir=source)
    try:
        records = second.env.get_domain("brief").data["briefs"]
        assert all("digest" in vars(record) for record in records.values())  # unpickled, not computed
        kept = {docname: record.digest for docname, record in records.items()}
        second.build()
        domain = second.env.get_domain("brief")
        assert domain.data["briefs"]["briefs/beta"].digest != kept["briefs/beta"]
        assert all(domain.data["briefs"][d].digest == kept[d] for d in kept if d != "briefs/beta")
        assert domain.collection_signature() != before
    finally:
        second.cleanup()


def test_babel_date_texts_are_kept_for_the_next_build_with_the_same_babel(rootdir, tmp_path) -> None:  # noqa: ANN001
    """A rebuild takes a date's text from those the builds before kept beside
    the doctrees (Babel takes about 20 ms to read a language's data); texts
    kept by another version of Babel are formatted again."""
    import shutil

    import babel
    from sphinx.testing.util import SphinxTestApp

    source = tmp_path / "root"
    shutil.copytree(rootdir / "test-collection", source)
    beta = source / "briefs" / "beta.md"

    def build_after_editing_beta(run: int) -> SphinxTestApp:
        if run:
            beta.write_text(beta.read_text(encoding="utf-8") + f"\nEdited {run}.\n", encoding="utf-8")
        app = SphinxTestApp("html", srcdir=source, confoverrides={"language": "zh_TW"})
        try:
            app.build()
        finally:
            app.cleanup()
        return app

    first = build_after_editing_beta(0)
    kept_path = Path(first.doctreedir) / "briefs-date-texts.json"
    kept = json.loads(kept_path.read_text(encoding="utf-8"))
    assert kept["babel"] == babel.__version__
    assert kept["texts"]["zh_TW 2023-05-01"] == card(first, "briefs/beta.html")["日期"] == "2023年5月1日"
    assert "zh_TW 2021-winter" not in kept["texts"]  # seasons come from the catalog, which can change

    kept["texts"]["zh_TW 2023-05-01"] = "kept text"  # what only the kept file can show
    kept_path.write_text(json.dumps(kept), encoding="utf-8")
    assert card(build_after_editing_beta(1), "briefs/beta.html")["日期"] == "kept text"

    kept_path.write_text(json.dumps({**kept, "babel": "0.1"}), encoding="utf-8")
    second = build_after_editing_beta(2)
    assert card(second, "briefs/beta.html")["日期"] == "2023年5月1日"
    assert json.loads(kept_path.read_text(encoding="utf-8"))["babel"] == babel.__version__
