"""Parallel and incremental builds write what a clean serial build writes.

Real ``sphinx-build`` runs on a copy of the ``collection`` test root; every
output file is compared byte for byte (``.buildinfo`` aside: it hashes the
doctree path, which differs between the builds; and ``.buildinfo.bak``, the
copy Sphinx keeps when the configuration changed).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, sphinx_build

ROOT = REPO / "tests" / "roots" / "test-collection"


def build(project: Path, out: Path, language: str, *options: str, speedups: bool = False) -> None:
    result = sphinx_build(*options, "-b", "html", "-D", f"language={language}", "-d", out / "doctrees",
                          project, out / "html", speedups=speedups)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr


def outputs(out: Path) -> dict[str, bytes]:
    html = out / "html"
    # Folders too (as "name/"), so that an empty one a clean build would not have is seen.
    return {
        str(path.relative_to(html)) + ("/" if path.is_dir() else ""): b"" if path.is_dir() else path.read_bytes()
        for path in sorted(html.rglob("*"))
        if path.name not in (".buildinfo", ".buildinfo.bak")
    }


def assert_same_output(actual: Path, expected: Path) -> None:
    got, want = outputs(actual), outputs(expected)
    assert sorted(got) == sorted(want)
    differing = [name for name in want if got[name] != want[name]]
    assert differing == []


def copy_root(destination: Path) -> Path:
    shutil.copytree(ROOT, destination)
    return destination


@pytest.mark.parametrize("speedups", [False, True], ids=["core", "speedups"])
@pytest.mark.parametrize("language", ["en", "zh_TW"])
def test_parallel_build_equals_serial_build(tmp_path: Path, language: str, speedups: bool) -> None:
    project = copy_root(tmp_path / "project")
    build(project, tmp_path / "serial", language, "-j", "1", speedups=speedups)
    build(project, tmp_path / "parallel", language, "-j", "2", speedups=speedups)
    assert_same_output(tmp_path / "parallel", tmp_path / "serial")


def edit_title_and_text(project: Path) -> None:
    beta = project / "briefs" / "beta.md"
    beta.write_text(beta.read_text(encoding="utf-8").replace("# Beta Brief", "# Beta Brief, Revised")
                    .replace("Beta text.", "Beta text, revised."), encoding="utf-8")


def edit_text(project: Path) -> None:
    beta = project / "briefs" / "beta.md"
    beta.write_text(beta.read_text(encoding="utf-8").replace("Beta text.", "Beta text, revised."), encoding="utf-8")


def rename_keyword_in_glossary(project: Path) -> None:
    glossary = project / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("zh_TW: 安全", "zh_TW: 國家安全"), encoding="utf-8")


def change_keywords(project: Path) -> None:
    alpha = project / "briefs" / "alpha.md"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("keywords: China, Taiwan", "keywords: Security"),
                     encoding="utf-8")


def add_brief(project: Path) -> None:
    (project / "briefs" / "delta.md").write_text(
        "# Delta Brief\n\n```{brief}\nauthors: Alice Smith\nsource: Foreign Affairs\ndate: 2025-01-02\n"
        "keywords: China\nseries: dilemma\npart: 4\n```\n\n- Delta cites {brief}`alpha`.\n",
        encoding="utf-8",
    )


def edit_translation(project: Path) -> None:
    catalog = project / "locale" / "zh_TW" / "LC_MESSAGES" / "briefs" / "beta.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("貝塔內文。", "貝塔內文,已修訂。"), encoding="utf-8")


def add_translation(project: Path) -> None:
    (project / "locale" / "zh_TW" / "LC_MESSAGES" / "briefs" / "gamma.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Gamma Brief"\nmsgstr "伽瑪摘要"\n', encoding="utf-8")


def delete_brief(project: Path) -> None:
    (project / "briefs" / "gamma.md").unlink()


def move_brief(project: Path) -> None:
    """To a folder of its own: the folder it leaves in the output is gone too."""
    (project / "briefs" / "2021").mkdir()
    (project / "briefs" / "gamma.md").rename(project / "briefs" / "2021" / "gamma.md")


def change_version(project: Path) -> None:
    """The version is in every page's title bar, in the inventory's header, in the feed."""
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nversion = release = "2.0"\n')


SOURCE_CHANGES = [edit_text, edit_title_and_text, change_keywords, rename_keyword_in_glossary, add_brief, delete_brief, move_brief,
                  change_version]
# A translation change, and the page text that shows it was read again.
CATALOG_CHANGES = {edit_translation: ("briefs/beta.html", "貝塔內文,已修訂。"),
                   add_translation: ("briefs/gamma.html", "伽瑪摘要")}


@pytest.mark.parametrize(
    ("language", "change", "speedups"),
    [(language, change, False) for language in ("en", "zh_TW") for change in SOURCE_CHANGES]
    + [("zh_TW", change, False) for change in CATALOG_CHANGES]
    # With the speed layer, the changes its modules see: text, titles, pages removed, translations.
    + [(language, change, True) for language in ("en", "zh_TW") for change in (edit_title_and_text, delete_brief)]
    + [("zh_TW", edit_translation, True)],
)
def test_incremental_build_equals_clean_build(tmp_path: Path, language: str, change,  # type: ignore[no-untyped-def]
                                              speedups: bool) -> None:
    project = copy_root(tmp_path / "project")
    build(project, tmp_path / "incremental", language, speedups=speedups)
    change(project)
    build(project, tmp_path / "incremental", language, speedups=speedups)
    build(project, tmp_path / "clean", language, speedups=speedups)
    assert_same_output(tmp_path / "incremental", tmp_path / "clean")
    if change in CATALOG_CHANGES:
        page, text = CATALOG_CHANGES[change]
        assert text in (tmp_path / "incremental" / "html" / page).read_text(encoding="utf-8")


def written_at(out: Path, names: list[str]) -> dict[str, int]:
    return {name: (out / "html" / name).stat().st_mtime_ns for name in names}


def test_text_edit_leaves_listings_feeds_and_index_alone(tmp_path: Path) -> None:
    """Listings and feeds are made from the briefs' records only: editing a
    brief's text must not compute or write them again (the incremental build
    of 1,000 briefs spent a quarter of its time there).  (Sphinx writes the
    index of briefs, a domain index, and objects.inv on every build.)"""
    project = copy_root(tmp_path / "project")
    out = tmp_path / "out"
    build(project, out, "en")
    derived = ["keywords/index.html", "keywords/security.html", "authors/carol-wu.html", "feed.xml", "briefs.json"]
    before = written_at(out, derived)
    edit_text(project)
    build(project, out, "en")
    assert "Beta text, revised." in (out / "html" / "briefs" / "beta.html").read_text(encoding="utf-8")
    assert written_at(out, derived) == before
    edit_title_and_text(project)
    build(project, out, "en")
    changed = written_at(out, derived)
    assert {name for name in derived if changed[name] != before[name]} == {
        "keywords/security.html", "authors/carol-wu.html", "feed.xml", "briefs.json"}


def tables_of_contents(out: Path) -> dict[str, object]:
    """Each page's table of contents (with its section numbers) in the pickled environment."""
    import pickle

    with (out / "doctrees" / "environment.pickle").open("rb") as file:
        env = pickle.load(file)
    return {"tocs": {docname: env.tocs[docname].pformat() for docname in sorted(env.tocs)},
            "secnumbers": env.toc_secnumbers}


def test_numbered_toctree_incremental_builds_keep_what_clean_builds_keep(tmp_path: Path) -> None:
    """Sphinx writes section numbers into the kept tables of contents in place:
    numbers that shift when a page is put in front, then an edit elsewhere, leave the
    environment with the tables a clean build makes, and the numbered pages
    as a clean build writes them.  (Pages Sphinx does not rewrite keep their
    old sidebar, with or without Briefs: see the README.)"""
    project = copy_root(tmp_path / "project")
    numbered = project / "numbered.md"
    numbered.write_text("# Numbered\n\n```{toctree}\n:numbered:\n\nbriefs/alpha\nbriefs/beta\n```\n", encoding="utf-8")
    with (project / "index.md").open("a", encoding="utf-8") as index:
        index.write("\n```{toctree}\n:hidden:\n\nnumbered\n```\n")
    build(project, tmp_path / "incremental", "en")
    numbered.write_text(numbered.read_text(encoding="utf-8").replace("\nbriefs/alpha", "\nbriefs/gamma\nbriefs/alpha"),
                        encoding="utf-8")
    for change in (None, edit_text):
        if change:
            change(project)
        build(project, tmp_path / "incremental", "en")
        shutil.rmtree(tmp_path / "clean", ignore_errors=True)
        build(project, tmp_path / "clean", "en")
        assert tables_of_contents(tmp_path / "incremental") == tables_of_contents(tmp_path / "clean")
        for page in ("numbered.html", "briefs/alpha.html", "briefs/beta.html", "briefs/gamma.html"):
            assert (tmp_path / "incremental" / "html" / page).read_bytes() == \
                (tmp_path / "clean" / "html" / page).read_bytes(), page
    kept = tables_of_contents(tmp_path / "incremental")
    assert kept["secnumbers"]["briefs/alpha"] == {"": (2,)}  # gamma came first: alpha moved from 1 to 2
    assert 'secnumber="2"' in kept["tocs"]["briefs/alpha"]
