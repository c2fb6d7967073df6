"""A brief's catalog follows its page (issue 30): moved with it by ``make intl``,
named when it belongs to no page, read again when it is another file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import seed
from conftest import copy_project, sphinx_build
from test_build_modes import assert_same_output
from test_intl import intl

SEED = "graham-2023-what-russia-really-wants"


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    return copy_project(root)


def catalog(root: Path, year: str) -> Path:
    return root / "locale" / "zh_TW" / "LC_MESSAGES" / "briefs" / year / f"{SEED}.po"


def move_page(root: Path, year: str) -> None:
    (root / "source" / "briefs" / year).mkdir(parents=True, exist_ok=True)
    shutil.move(root / "source" / "briefs" / "2023" / f"{SEED}.md", root / "source" / "briefs" / year / f"{SEED}.md")


def build(root: Path, out: Path) -> subprocess.CompletedProcess:
    return sphinx_build("-b", "html", "-D", "language=zh_TW", "-c", root, "-d", out / "doctrees",
                        root / "source", out / "html")


def chinese_shown(out: Path, year: str) -> bool:
    page = (out / "html" / "briefs" / year / f"{SEED}.html").read_text(encoding="utf-8")
    return seed.normalize(seed.bullets(chinese=True)[0])[:30] in seed.normalize(page)


def test_make_intl_moves_the_catalog_with_its_page_and_drops_the_old_template(tmp_path: Path) -> None:
    root = project(tmp_path)
    out, pots = tmp_path / "out", tmp_path / "gettext" / "pot"
    translated = catalog(root, "2023").read_text(encoding="utf-8")
    assert build(root, out).returncode == 0
    intl(root, pots)  # the templates of the page where it was: left in the gettext output
    move_page(root, "2024")
    result = intl(root, pots)
    assert f"moved    locale/zh_TW/LC_MESSAGES/briefs/2024/{SEED}.po (from briefs/2023/{SEED}.po)" in result.stdout
    assert not catalog(root, "2023").exists() and not (pots / "briefs" / "2023" / f"{SEED}.pot").exists()
    assert catalog(root, "2024").read_text(encoding="utf-8") == translated
    # Again: nothing to move, nothing made at the old place.
    assert "0 catalogs written" in intl(root, pots).stdout
    assert not catalog(root, "2023").exists()
    rebuilt = build(root, out)  # incremental, after the build of the page where it was
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert chinese_shown(out, "2024")
    # What a clean build writes, no more: the 2023 folder it left is gone too.
    assert build(root, tmp_path / "clean").returncode == 0
    assert_same_output(out, tmp_path / "clean")
    assert not (out / "html" / "briefs" / "2023").exists()


def test_a_catalog_left_behind_is_named_by_the_build_and_the_checker(tmp_path: Path) -> None:
    root = project(tmp_path)
    move_page(root, "2024")
    left = catalog(root, "2023")
    result = build(root, tmp_path / "out")
    assert result.returncode != 0
    assert f"{left}:1: WARNING: this catalog belongs to no page" in result.stderr
    check = subprocess.run([sys.executable, "-m", "briefs.cli", "check", "--dest", str(root)],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 1
    assert "this catalog belongs to no page" in check.stdout and "[i18n.orphan]" in check.stdout


def test_a_catalog_moved_in_with_an_old_time_is_read_again(tmp_path: Path) -> None:
    """Built once with an untranslated catalog at the page's new place (what the old make intl
    made), then the translated one moved over it, keeping its old modification time."""
    root = project(tmp_path)
    out = tmp_path / "out"
    translated = catalog(root, "2023")
    old_time = translated.stat().st_mtime - 86400
    move_page(root, "2024")
    empty = polib.pofile(str(translated))
    for entry in empty:
        entry.msgstr = ""
    catalog(root, "2024").parent.mkdir(parents=True, exist_ok=True)
    empty.save(str(catalog(root, "2024")))
    os.utime(translated, (old_time, old_time))
    assert build(root, out).returncode != 0  # the translated catalog left behind is named
    os.replace(translated, catalog(root, "2024"))
    assert catalog(root, "2024").stat().st_mtime == old_time
    result = build(root, out)
    assert result.returncode == 0, result.stderr
    assert chinese_shown(out, "2024")
