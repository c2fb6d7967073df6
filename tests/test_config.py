"""The collection's settings (briefs.config): declared once, validated at config-inited,
and read the same way by the build and by the ``briefs`` command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, sphinx_build

ROOT = REPO / "tests" / "roots" / "test-collection"


@pytest.mark.parametrize(("setting", "message"), [
    ("briefs_feed_length=0", "briefs_feed_length must be at least 1, not 0"),
    ("briefs_site_url=ftp://example.test/", "briefs_site_url must be an http or https address, not 'ftp://example.test/'"),
    ("briefs_pages=../elsewhere", "briefs_pages must be a folder inside the source folder, not '../elsewhere'"),
])
def test_an_invalid_setting_stops_the_build_naming_conf_py_and_the_setting(tmp_path: Path, setting: str,
                                                                           message: str) -> None:
    result = sphinx_build("-b", "html", "-D", setting, "-d", tmp_path / "d", ROOT, tmp_path / "h")
    assert result.returncode == 2
    assert f"{ROOT / 'conf.py'}: {message}" in result.stderr
    assert not (tmp_path / "h" / "index.html").exists()


def test_the_settings_are_registered_once_with_their_defaults(make_app, tmp_path: Path) -> None:
    from dataclasses import fields

    from briefs.config import BriefsConfig

    source = tmp_path / "root"
    shutil.copytree(ROOT, source)
    app = make_app("html", srcdir=source)
    defaults = BriefsConfig()
    assert app.config.briefs_feed_length == defaults.feed_length == 20
    assert app.config.briefs_languages == defaults.languages
    assert app.config.briefs_search_dictionary == "search-dictionary.txt"  # the root's own
    assert {f"briefs_{item.name}" for item in fields(BriefsConfig)} <= {name for name, *_ in app.config}


def run_cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefs.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, check=False)


def test_the_command_reads_the_settings_of_conf_py(tmp_path: Path) -> None:
    """``briefs new`` and ``briefs check`` follow ``briefs_pages`` and ``briefs_glossary``."""
    root = tmp_path / "repo"
    (root / "source").mkdir(parents=True)
    (root / "conf.py").write_text('briefs_pages = "digests"\nbriefs_glossary = "terms.yaml"\n'
                                  'myst_enable_extensions = ["colon_fence"]\n', encoding="utf-8")
    (root / "terms.yaml").write_text("keywords:\n  Deterrence:\n    zh_TW: 嚇阻\n", encoding="utf-8")
    assert run_cli("new", "lee-2026-deterrence", "--year", "2026", "--dest", root, cwd=tmp_path).returncode == 0
    page = root / "source" / "digests" / "2026" / "lee-2026-deterrence.md"
    page.write_text("# Deterrence Now\n\n:::{brief}\nauthors: Ann Lee\nsource: War on the Rocks\n"
                    "date: 2026-01-02\nkeywords: Deterrence, Unknown Thing\n:::\n\n- The point.\n", encoding="utf-8")
    check = run_cli("check", "--dest", root, cwd=tmp_path)
    assert check.returncode == 1
    assert check.stdout.splitlines() == [f"{page}:7: error: keyword 'Unknown Thing' is not in the glossary"]


def test_the_command_names_a_conf_py_it_cannot_use(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text("briefs_feed_length = 'twenty'\n", encoding="utf-8")
    check = run_cli("check", "--dest", tmp_path, cwd=tmp_path)
    assert check.returncode == 2
    assert check.stderr.strip() == (f"briefs check: {tmp_path / 'conf.py'}: "
                                    "briefs_feed_length must be of type int, not str 'twenty'")
