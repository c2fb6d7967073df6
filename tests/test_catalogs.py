"""``make gettext`` + ``make intl``: catalogs in step with the pages, and stable."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
import seed
from conftest import REPO, copy_project, sphinx_build

SEED_CATALOG = "zh_TW/LC_MESSAGES/briefs/2023/graham-2023-what-russia-really-wants.po"


def fingerprint(locale: Path) -> dict[str, str]:
    return {
        str(path.relative_to(locale)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(locale.rglob("*.po"))
    }


def extract_and_update(project: Path) -> None:
    """What ``make intl`` does: extract .pot files, then ``sphinx-intl update``."""
    result = sphinx_build("-t", "pdf", "-b", "gettext", "-c", project, project / "source", project / "_build" / "gettext")
    assert result.returncode == 0, result.stderr
    subprocess.run(
        [sys.executable, "-m", "sphinx_intl", "update", "-p", project / "_build" / "gettext",
         "-d", project / "locale", "-l", "zh_TW"],
        cwd=project, check=True, capture_output=True,
    )


def test_intl_twice_changes_no_byte_of_the_committed_catalogs(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    committed = fingerprint(REPO / "locale")
    extract_and_update(project)
    assert fingerprint(project / "locale") == committed, "catalogs are out of step with the pages"
    extract_and_update(project)
    assert fingerprint(project / "locale") == committed


def test_intl_keeps_translations_when_a_page_changes(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    page = project / "source" / "briefs" / "2023" / "graham-2023-what-russia-really-wants.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n- A new bullet, not yet translated.\n", encoding="utf-8")
    extract_and_update(project)
    catalog = polib.pofile(str(project / "locale" / SEED_CATALOG))
    assert catalog.find("A new bullet, not yet translated.").msgstr == ""
    translated = [entry.msgstr for entry in catalog.translated_entries()]
    assert translated == seed.bullets(chinese=True)


def test_seed_catalog_carries_the_chinese_text_verbatim() -> None:
    catalog = polib.pofile(str(REPO / "locale" / SEED_CATALOG))
    assert [entry.msgstr for entry in catalog.translated_entries()] == seed.bullets(chinese=True)


ROOT = REPO / "tests" / "roots" / "test-collection"


# Lines added after a blank line; the problem, and which added line it is on.
@pytest.mark.parametrize(("added", "problem", "on"), [
    (['msgid "Beta text, again."', "<<<<<<< HEAD"], "syntax error", 2),  # a merge conflict left in
    (['msgid "Beta text."', 'msgstr "又一個譯文。"'], "message 'Beta text.' is defined twice", 1),
    (['msgid "Gamma text."', 'msgstr "未關閉的譯文'], "syntax error: a string not closed on its line", 2),
], ids=["merge-conflict", "defined-twice", "string-not-closed"])
@pytest.mark.parametrize("speedups", [False, True], ids=["core", "speedups"])
def test_a_broken_catalog_is_a_warning_naming_its_file_and_line(tmp_path: Path, added: list[str], problem: str,
                                                                on: int, speedups: bool) -> None:
    """Babel, which compiles the catalogs, prints what it cannot read and carries on;
    the build warns with the catalog's file and line, so -W fails."""
    project = tmp_path / "project"
    shutil.copytree(ROOT, project)
    catalog = project / "locale" / "zh_TW" / "LC_MESSAGES" / "briefs" / "beta.po"
    lines = catalog.read_text(encoding="utf-8").splitlines()
    catalog.write_text("\n".join([*lines, "", *added, ""]), encoding="utf-8")
    args = ["-b", "html", "-D", "language=zh_TW", "-d", tmp_path / "doctrees", project, tmp_path / "html"]
    result = sphinx_build(*args, speedups=speedups)
    assert result.returncode != 0
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert warnings == [f"{catalog}:{len(lines) + 1 + on}: WARNING: {problem} in this catalog [i18n.not_readable]"]
    # Fixed, it is checked again (the next build reads the pages as before).
    catalog.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = sphinx_build(*args, speedups=speedups)
    assert result.returncode == 0, result.stderr


def test_catalog_problems_are_what_msgfmt_refuses(tmp_path: Path) -> None:
    from briefs.catalogs import catalog_problem

    catalog = tmp_path / "x.po"
    catalog.write_text('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', encoding="utf-8")
    assert catalog_problem(catalog) == (4, "message 'a' is defined twice")
    catalog.write_text('msgctxt "x"\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', encoding="utf-8")
    assert catalog_problem(catalog) is None  # another context: another message
    catalog.write_text('#~ msgid "a"\n#~ msgstr "old"\n\nmsgid "a"\nmsgstr "c"\n', encoding="utf-8")
    assert catalog_problem(catalog) is None  # an obsolete entry is no definition
    catalog.write_bytes(b'msgid "a"\nmsgstr "\xff"\n')
    assert catalog_problem(catalog) is not None
    # polib reads these (an open string less its last letter); msgfmt refuses them.
    catalog.write_text('msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d\n', encoding="utf-8")
    assert catalog_problem(catalog) == (5, "syntax error: a string not closed on its line")
    catalog.write_text('msgid "a"\nmsgstr "b \\"quoted\\" \\\\"\n', encoding="utf-8")
    assert catalog_problem(catalog) is None  # escaped quotes and a closing one
    catalog.write_text('msgid "a"\nmsgstr "b"\n\nmsgid "lonely"\n', encoding="utf-8")
    assert catalog_problem(catalog) == (4, "syntax error: missing msgstr for msgid 'lonely'")
