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
    assert check.stdout.splitlines()[:2] == [
        f"{page.relative_to(root)}:5: error: source 'War on the Rocks' is not in the glossary: add it to terms.yaml "
        "under 'sources:', as 'War on the Rocks: {zh_TW: <its name>}' [briefs.glossary]",
        f"{page.relative_to(root)}:7: error: keyword 'Unknown Thing' is not in the glossary: add it to terms.yaml "
        "under 'keywords:', as 'Unknown Thing: {zh_TW: <its name>}' [briefs.glossary]"]


def test_the_command_names_a_conf_py_it_cannot_use(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text("briefs_feed_length = 'twenty'\n", encoding="utf-8")
    check = run_cli("check", "--dest", tmp_path, cwd=tmp_path)
    assert check.returncode == 2
    assert check.stderr.strip() == (f"briefs check: {tmp_path / 'conf.py'}: "
                                    "briefs_feed_length must be of type int, not str 'twenty'")


def test_a_colon_fenced_brief_builds_and_passes_the_checker(tmp_path: Path) -> None:
    """``:::{brief}`` (MyST's colon_fence, which the collection's conf.py enables) is a
    brief for the build and for ``briefs check`` alike."""
    project = tmp_path / "project"
    shutil.copytree(ROOT, project)
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nmyst_enable_extensions = ["colon_fence"]\n')
    page = project / "briefs" / "delta.md"
    page.write_text("# Delta Brief\n\n:::{brief}\nauthors: Dee Lee\nsource: Center for Strategic and International "
                    "Studies (CSIS)\ndate: 2024-05-01\nkeywords: China\n:::\n\n- Delta text.\n", encoding="utf-8")
    result = sphinx_build("-b", "html", "-d", tmp_path / "d", project, tmp_path / "h")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "h" / "briefs" / "delta.html").read_text(encoding="utf-8")
    assert 'id="brief-delta"' in html and "Dee Lee" in html and "Center for Strategic" in html
    # briefs check reads the project's conf.py: a collection root with conf.py beside source/.
    root = tmp_path / "collection"
    (root / "source" / "briefs").mkdir(parents=True)
    shutil.copy2(project / "conf.py", root / "conf.py")
    shutil.copy2(project / "glossary.yaml", root / "glossary.yaml")
    shutil.copy2(page, root / "source" / "briefs" / "delta.md")
    check = run_cli("check", "--dest", root, cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout == "0 errors, 0 notes\n"
