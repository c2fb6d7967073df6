"""``make gettext`` + ``make intl``: catalogs in step with the pages, and stable."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import polib

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
