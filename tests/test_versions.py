"""Versioned editions (``briefs versions``): a real git history built edition by edition.

The history (``versioned.history``): v2026.01, then a brief added and
v2026.02, then main moved on (``latest``); published, published again with
nothing changed, again after one commit to main, and again after v2026.03 was
tagged.  Every build is a real ``sphinx-build`` of the edition's own tree.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import versioned
from bs4 import BeautifulSoup
from conftest import LANGUAGES, REPO
from versioned import NEW_PAGE, SEED_PAGE

EDITIONS = ["latest", "v2026.03", "v2026.02", "v2026.01"]
SITE_URL = "https://briefs.example.org/"  # conf.py's briefs_site_url
SITEMAPS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def summary(run: subprocess.CompletedProcess) -> str:
    return run.stdout.strip().splitlines()[-1]


def test_versions_json_lists_every_edition_with_its_commit_date_and_files(versioned_site) -> None:
    site, repo = versioned_site.site, versioned_site.repo
    data = json.loads((site / "versions.json").read_text(encoding="utf-8"))
    assert data["latest"] == "latest"
    assert [e["name"] for e in data["editions"]] == EDITIONS
    for edition in data["editions"]:
        ref = "main" if edition["name"] == "latest" else edition["name"]
        assert edition["commit"] == versioned.git(repo, "rev-parse", f"{ref}^{{commit}}")
        assert edition["date"] == versioned.git(repo, "show", "-s", "--format=%cI", edition["commit"])
        assert list(edition["languages"]) == list(LANGUAGES)
        for language, files in edition["languages"].items():
            assert files["home"] == f"{language}/{edition['name']}/index.html"
            assert (site / files["home"]).is_file()
            assert files["pdf"] is None  # built with --formats html
    script = (site / "versions.js").read_text(encoding="utf-8")
    assert json.loads(script[script.index("=") + 1: script.rindex(";")]) == data


def relative_links(page: Path) -> list[str]:
    html = soup(page)
    links = [tag.get("href") for tag in html.select("a[href], link[href]")]
    links += [tag.get("src") for tag in html.select("script[src], img[src]")]
    return [link for link in links if link and not urlsplit(link).scheme and not link.startswith("#")]


def resolve(site: Path, page: Path, path: str) -> Path:
    """A link's file: from the page's folder, or from the site's root where the link is an
    absolute path (the 404 page's links; conf.py serves the site at "/")."""
    return (site / path.lstrip("/") if path.startswith("/") else page.parent / path).resolve()


def test_every_relative_link_of_every_page_resolves(versioned_site) -> None:
    site = versioned_site.site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 8 * 12  # 4 editions x 2 languages, a dozen pages or more each
    broken = []
    for page in pages:
        for link in relative_links(page):
            path = unquote(urlsplit(link).path)
            target = resolve(site, page, path)
            if link.endswith("/"):
                target = target / "index.html"
            if not target.is_file() or not target.is_relative_to(site):
                broken.append(f"{page.relative_to(site)}: {link}")
    assert broken == []


def test_the_site_serves_the_latest_not_found_page_and_a_sitemap_of_the_latest_editions(versioned_site) -> None:
    site = versioned_site.site
    assert (site / "404.html").read_bytes() == (site / LANGUAGES[0] / "latest" / "404.html").read_bytes()
    for language in LANGUAGES:
        for edition in EDITIONS:
            links = {a["href"] for a in soup(site / language / edition / "404.html").select("article a")}
            assert f"/{language}/{edition}/search.html" in links
            locs = [loc.text for loc in ET.parse(site / language / edition / "sitemap.xml").getroot().iter(f"{SITEMAPS}loc")]
            assert f"{SITE_URL}{language}/{edition}/{SEED_PAGE}" in locs
            assert all(loc.startswith(f"{SITE_URL}{language}/{edition}/") for loc in locs)
    index = ET.parse(site / "sitemap.xml").getroot()
    assert [loc.text for loc in index.iter(f"{SITEMAPS}loc")] == [f"{SITE_URL}{code}/latest/sitemap.xml" for code in LANGUAGES]


def test_the_site_sends_the_reader_to_latest_with_plain_links(versioned_site) -> None:
    site = versioned_site.site
    hrefs = [a["href"] for a in soup(site / "index.html").select("li a")]
    assert hrefs == [f"{language}/latest/index.html" for language in LANGUAGES]
    for language in LANGUAGES:
        assert soup(site / language / "index.html").select_one("meta[http-equiv=refresh]")["content"] \
            == "0; url=latest/index.html"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_language_switcher_stays_in_the_edition(versioned_site, language: str) -> None:
    site = versioned_site.site
    for edition in EDITIONS:
        page = site / language / edition / SEED_PAGE
        links = {a["hreflang"]: (page.parent / a["href"]).resolve() for a in soup(page).select(".briefs-languages a")}
        assert links == {code.replace("_", "-"): (site / code / edition / SEED_PAGE).resolve() for code in LANGUAGES}


def test_the_edition_switcher_lists_the_editions_known_at_its_build(versioned_site) -> None:
    """Without JavaScript: each edition's home.  v2026.01 was built before
    v2026.03 was tagged and kept, so only versions.js tells it of v2026.03."""
    site = versioned_site.site
    for edition, known in [("v2026.01", ["latest", "v2026.02", "v2026.01"]), ("v2026.03", EDITIONS)]:
        page = site / "en" / edition / SEED_PAGE
        links = soup(page).select(".briefs-editions a")
        assert [a["data-briefs-edition"] for a in links] == known
        for a in links:
            assert (page.parent / a["href"]).resolve() == (site / "en" / a.text / "index.html").resolve()
        assert [a.text for a in soup(page).select(".briefs-editions a.current")] == [edition]


def test_each_edition_lists_its_own_pages_for_the_switcher(versioned_site) -> None:
    site = versioned_site.site
    for edition, has_new_brief in [("latest", True), ("v2026.02", True), ("v2026.01", False)]:
        script = (site / "en" / edition / "_static" / "briefs-pages.js").read_text(encoding="utf-8")
        pages = json.loads(script[script.index("(") + 1: script.rindex(")")])
        assert SEED_PAGE in pages and "index.html" in pages
        assert (NEW_PAGE in pages) is has_new_brief
        assert (site / "en" / edition / NEW_PAGE).is_file() is has_new_brief
        root = site / "en" / edition
        assert set(pages) == {p.relative_to(root).as_posix() for p in root.rglob("*.html")
                              if not p.relative_to(root).parts[0].startswith("_")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_banner_is_on_every_page_of_older_editions_only(versioned_site, language: str) -> None:
    site = versioned_site.site
    words = {"en": "You are reading the {} edition.", "zh_TW": "您正在閱讀 {} 版次。",
             "zh_CN": "您正在阅读 {} 版次。"}[language]
    for edition in EDITIONS:
        for page in sorted((site / language / edition).rglob("*.html")):
            banner = soup(page).select_one(".briefs-older-edition")
            if edition == "latest":
                assert banner is None, page
                continue
            assert banner is not None, page
            assert words.format(edition) in banner.get_text(" ")
            link = banner.select_one("a")
            assert resolve(site, page, link["href"]) == (site / language / "latest" / "index.html").resolve()


def test_a_second_run_with_nothing_changed_builds_no_edition(versioned_site) -> None:
    first, second = versioned_site.runs[:2]
    count = 3 * len(LANGUAGES)  # v2026.01, v2026.02 and latest in every language
    assert summary(first).startswith(f"{count} built, 0 from the cache, 0 failed")
    assert summary(second).startswith(f"0 built, {count} from the cache, 0 failed")


def test_a_commit_to_main_builds_latest_only_and_a_new_tag_builds_itself_only(versioned_site) -> None:
    after_commit, after_tag = versioned_site.runs[2:]
    assert re.findall(r"^built +(\S+ \S+)", after_commit.stdout, re.M) == [f"latest {code}" for code in LANGUAGES]
    assert re.findall(r"^built +(\S+ \S+)", after_tag.stdout, re.M) == [f"v2026.03 {code}" for code in LANGUAGES]
    assert "Another line on main." in (versioned_site.site / "en" / "latest" / "index.html").read_text(encoding="utf-8")
    assert "Another line on main." not in (versioned_site.site / "en" / "v2026.02" / "index.html").read_text(
        encoding="utf-8")


def test_an_edition_that_cannot_build_is_reported_and_the_others_publish(tmp_path: Path) -> None:
    repo = versioned.new_repository(tmp_path / "repo")
    index = repo / "source" / "index.md"
    good = index.read_text(encoding="utf-8")
    index.write_text(good + "\n```{no-such-directive}\n```\n", encoding="utf-8")
    versioned.commit(repo, "A broken page", tag="v2026.01")
    index.write_text(good, encoding="utf-8")
    versioned.commit(repo, "Fixed")
    run = versioned.versions(repo, "--formats", "html", "--language", "en")
    assert run.returncode == 1
    assert re.search(r"edition v2026\.01 failed: en: source/index\.md:17: WARNING: "
                     r"Unknown directive type: 'no-such-directive'.*; it is not published", run.stderr), run.stderr
    assert not list((repo / "_build" / "editions" / "v2026.01").glob("en/html"))
    run = versioned.versions(repo, "--formats", "html")
    assert run.returncode == 1
    data = json.loads((repo / "_build" / "site" / "versions.json").read_text(encoding="utf-8"))
    assert [e["name"] for e in data["editions"]] == ["latest"]
    assert (repo / "_build" / "site" / "zh_TW" / "latest" / SEED_PAGE).is_file()
    assert not (repo / "_build" / "site" / "en" / "v2026.01").exists()


READTHEDOCS = {
    "READTHEDOCS": "True", "READTHEDOCS_LANGUAGE": "zh-tw", "READTHEDOCS_VERSION": "v2026.02",
    "READTHEDOCS_VERSION_NAME": "v2026.02", "READTHEDOCS_VERSION_TYPE": "tag",
    "READTHEDOCS_CANONICAL_URL": "https://briefs.readthedocs.io/zh-tw/v2026.02/",
}


def readthedocs_page(tmp_path: Path, code: str) -> BeautifulSoup:
    """The seed page of a build as Read the Docs runs it for the project of language ``code``."""
    variables = {**READTHEDOCS, "READTHEDOCS_LANGUAGE": code,
                 "READTHEDOCS_CANONICAL_URL": f"https://briefs.readthedocs.io/{code}/v2026.02/"}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html", "-c", str(REPO), "-D", f"language={code}",
         "-d", str(tmp_path / "d"), str(REPO / "source"), str(tmp_path / "html")],
        capture_output=True, text=True, check=False, env={**os.environ, **variables})
    assert result.returncode == 0, result.stderr
    return soup(tmp_path / "html" / SEED_PAGE)


def test_read_the_docs_variables_and_its_language_code_give_a_zh_TW_build(tmp_path: Path) -> None:
    """Read the Docs runs ``-D language=zh-tw``: the build is zh_TW, named and linked as Read the Docs lays it out."""
    page = readthedocs_page(tmp_path, "zh-tw")
    assert page.html["lang"] == "zh-TW"
    assert page.select_one('link[rel="canonical"]')["href"] == f"https://briefs.readthedocs.io/zh-tw/v2026.02/{SEED_PAGE}"
    # Translated: the catalogs, the card's labels and Sphinx's own interface.
    assert "作者" in page.select_one(".brief-card").get_text() and page.select_one(".briefs-editions")["aria-label"] == "版次"
    languages = {a["hreflang"]: a["href"] for a in page.select(".briefs-languages a")}
    assert languages == {"en": f"../../../../en/v2026.02/{SEED_PAGE}", "zh-TW": f"../../../../zh-tw/v2026.02/{SEED_PAGE}",
                         "zh-CN": f"../../../../zh-cn/v2026.02/{SEED_PAGE}"}
    assert "您正在閱讀 v2026.02 版次。" in page.select_one(".briefs-older-edition").get_text()
    assert page.select_one('meta[name="readthedocs-addons-api-version"]')["content"] == "1"
    assert page.select('a[type="application/pdf"]') == []


def test_read_the_docs_zh_cn_is_the_simplified_edition(tmp_path: Path) -> None:
    """The third project, "Simplified Chinese" (``zh-cn``): built as zh_CN, converted from zh_TW."""
    page = readthedocs_page(tmp_path, "zh-cn")
    assert page.html["lang"] == "zh-CN"
    assert page.select_one('link[rel="canonical"]')["href"] == f"https://briefs.readthedocs.io/zh-cn/v2026.02/{SEED_PAGE}"
    assert "俄罗斯" in page.find("article").get_text() and "来源" in page.select_one(".brief-card").get_text()
    alternates = {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate", hreflang=True)}
    assert alternates["zh-Hans"] == f"https://briefs.readthedocs.io/zh-cn/v2026.02/{SEED_PAGE}"
    assert "您正在阅读 v2026.02 版次。" in page.select_one(".briefs-older-edition").get_text()


@pytest.mark.parametrize("formats", ["html", pytest.param("html,pdf", marks=pytest.mark.pdf)])
def test_the_read_the_docs_build_command_writes_where_read_the_docs_reads(tmp_path: Path, formats: str) -> None:
    if "pdf" in formats:
        from test_pdf import _tools

        _tools()
    output = tmp_path / "output"
    result = subprocess.run([sys.executable, "-m", "briefs.cli", "versions", "--readthedocs", "--formats", formats,
                             "--dest", str(REPO)], capture_output=True, text=True, check=False,
                            env={**os.environ, **READTHEDOCS, "READTHEDOCS_VERSION": "latest",
                                 "READTHEDOCS_VERSION_NAME": "latest", "READTHEDOCS_OUTPUT": str(output),
                                 "READTHEDOCS_CANONICAL_URL": "https://briefs.readthedocs.io/zh-tw/latest/"})
    assert result.returncode == 0, result.stderr
    page = soup(output / "html" / SEED_PAGE)
    assert page.html["lang"] == "zh-TW" and page.select(".briefs-older-edition") == []
    links = [a["href"] for a in page.select('.briefs-browse a[type="application/pdf"]')]
    if "pdf" in formats:
        # One file in pdf/, which Read the Docs serves as the version's download.
        assert [p.name for p in (output / "pdf").iterdir()] == ["briefs-zh_TW.pdf"]
        assert not list((output / "html").glob("*.pdf"))
        assert links == ["../../../../_/downloads/zh-tw/latest/pdf/"]
        # Reference managers' connectors save the same PDF with the brief.
        assert page.select_one('meta[name="citation_pdf_url"]')["content"] == \
            "https://briefs.readthedocs.io/_/downloads/zh-tw/latest/pdf/"
    else:
        assert not (output / "pdf").exists() and links == []
        assert page.select('meta[name="citation_pdf_url"]') == []


@pytest.mark.pdf
def test_each_page_links_to_the_pdf_of_its_own_edition_and_language(tmp_path: Path) -> None:
    """HTML and PDF: versions.json names each PDF, and every page links to its own."""
    from test_pdf import _tools, text_of

    _tools()
    repo = versioned.new_repository(tmp_path / "repo")
    versioned.git(repo, "tag", "-a", "v2026.01", "-m", "Edition v2026.01")
    versioned.import_digest(repo, "iso-date.txt")
    versioned.commit(repo, "A brief on the Arctic")
    run = versioned.versions(repo, "--formats", "html,pdf")
    assert run.returncode == 0, run.stdout + run.stderr
    site = repo / "_build" / "site"
    data = json.loads((site / "versions.json").read_text(encoding="utf-8"))
    for edition in data["editions"]:
        for language, files in edition["languages"].items():
            pdf = site / files["pdf"]
            assert files["pdf"] == f"{language}/{edition['name']}/briefs-{language}.pdf"
            assert pdf.read_bytes().startswith(b"%PDF-")
            # The PDF is the edition's own: its title page names it; only newer editions have the new brief.
            text = text_of(pdf)
            assert edition["name"] in text
            assert ("Quiet Shifts in Arctic Security" in text) is (edition["name"] == "latest")
            for page in sorted((site / language / edition["name"]).rglob("*.html")):
                links = soup(page).select('.briefs-browse a[type="application/pdf"]')
                assert [resolve(site, page, a["href"]) for a in links] == [pdf.resolve()], page


def test_builds_made_one_per_machine_assemble_into_the_same_site(tmp_path: Path) -> None:
    """The CI matrix: each (edition, language) built on its own, the caches brought
    together, the site assembled without building anything."""
    repo = versioned.new_repository(tmp_path / "repo")
    versioned.git(repo, "tag", "-a", "v2026.01", "-m", "Edition v2026.01")
    versioned.commit(repo, "Main moves on")
    listed = versioned.versions(repo, "--list")
    builds = json.loads(listed.stdout)
    assert [(b["edition"], b["language"]) for b in builds] == [
        (e, code) for e in ("latest", "v2026.01") for code in LANGUAGES]
    merged = tmp_path / "cache"
    for number, build in enumerate(builds):
        cache = tmp_path / f"machine-{number}"
        run = versioned.versions(repo, "--formats", "html", "--cache", str(cache),
                                 "--edition", build["edition"], "--language", build["language"])
        assert run.returncode == 0, run.stderr
        assert not (repo / "_build" / "site").exists()
        (merged / build["edition"]).mkdir(parents=True, exist_ok=True)
        (cache / build["edition"] / build["language"]).rename(merged / build["edition"] / build["language"])
    incomplete = versioned.versions(repo, "--formats", "html,pdf", "--cache", str(merged), "--assemble-only")
    assert incomplete.returncode == 1 and "not in the cache" in incomplete.stderr  # other settings: other builds
    assert "no edition to publish" in incomplete.stderr and not (repo / "_build" / "site").exists()
    run = versioned.versions(repo, "--formats", "html", "--cache", str(merged), "--assemble-only")
    assert run.returncode == 0, run.stderr
    assert summary(run).startswith(f"0 built, {2 * len(LANGUAGES)} from the cache, 0 failed")
    data = json.loads((repo / "_build" / "site" / "versions.json").read_text(encoding="utf-8"))
    assert [e["name"] for e in data["editions"]] == ["latest", "v2026.01"]
    for code in LANGUAGES:
        assert (repo / "_build" / "site" / code / "v2026.01" / SEED_PAGE).is_file()


def test_a_failed_build_of_latest_leaves_its_last_good_build_published(tmp_path: Path) -> None:
    repo = versioned.new_repository(tmp_path / "repo")
    good_commit = versioned.git(repo, "rev-parse", "HEAD")
    assert versioned.versions(repo, "--formats", "html").returncode == 0
    index = repo / "source" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n```{no-such-directive}\n```\n", encoding="utf-8")
    versioned.commit(repo, "A broken page on main")
    run = versioned.versions(repo, "--formats", "html")
    assert run.returncode == 1
    assert "edition latest failed: en: source/index.md:17: WARNING: Unknown directive type" in run.stderr
    assert f"its last good build ({good_commit[:10]}) stays published" in run.stderr
    data = json.loads((repo / "_build" / "site" / "versions.json").read_text(encoding="utf-8"))
    assert [(e["name"], e["commit"]) for e in data["editions"]] == [("latest", good_commit)]
    assert (repo / "_build" / "site" / "en" / "latest" / SEED_PAGE).is_file()
