"""``briefs intl`` (``make intl``): catalogs in one stable format, fuzzy entries with their previous English."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import polib
from conftest import copy_project, sphinx_build
from seed import SEED


def intl(root: Path, pot_dir: Path) -> subprocess.CompletedProcess:
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-t", "pdf", "-b", "gettext", "-c", str(root),
                    "-d", str(pot_dir.parent / "doctrees"), str(root / "source"), str(pot_dir)], check=True)
    return subprocess.run([sys.executable, "-m", "briefs.cli", "intl", "--dest", str(root), "--pot-dir", str(pot_dir)],
                          capture_output=True, text=True, check=True)


def test_a_changed_message_is_fuzzy_with_its_previous_english_and_twice_changes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    copy_project(root)
    index = root / "source" / "index.md"
    old = "Each brief names the article's authors, source and date, and its keywords."
    new = "Each brief names the article's authors, its source and date, and its keywords."
    index.write_text(index.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    first = intl(root, tmp_path / "pot")
    assert "catalogs written" in first.stdout
    path = root / "locale" / "zh_TW" / "LC_MESSAGES" / "index.po"
    text = path.read_text(encoding="utf-8")
    entry = polib.pofile(str(path)).find(new)
    assert "fuzzy" in entry.flags and entry.previous_msgid == old
    assert entry.msgstr == "每篇摘要均註明原文的作者、來源、日期與關鍵字。"  # kept, to review
    assert f'#| msgid "{old}"' in text
    # One line per message, whatever its length; no location lines to churn.
    assert f'msgid "{new}"' in text
    for catalog in (root / "locale").rglob("*.po"):
        lines = catalog.read_text(encoding="utf-8").splitlines()
        assert not [line for line in lines if line.startswith("#:")], catalog
    second = intl(root, tmp_path / "pot")
    assert re.fullmatch(r"0 catalogs written, \d+ unchanged", second.stdout.strip())
    assert path.read_text(encoding="utf-8") == text
    # The fuzzy entry is not shown until a translator reviews it, and the build says nothing of it.
    result = sphinx_build("-b", "html", "-c", root, "-D", "language=zh_TW", "-d", tmp_path / "d", root / "source",
                          tmp_path / "html")
    assert result.returncode == 0, result.stderr


def test_an_imported_catalog_is_already_in_the_one_format(tmp_path: Path) -> None:
    """``make intl`` after ``briefs import`` rewrites nothing, so a later re-import sees no edit."""
    root = tmp_path / "project"
    root.mkdir()
    copy_project(root)
    digest = tmp_path / "digest.txt"
    digest.write_bytes(SEED.read_bytes())
    cli = [sys.executable, "-m", "briefs.cli", "import", "--json", str(digest)]
    imported = json.loads(subprocess.run(cli, cwd=root, capture_output=True, text=True, check=True).stdout)
    catalog = root / imported[0]["catalog"]
    written = catalog.read_text(encoding="utf-8")
    assert polib.pofile(written).metadata["Language"] == "zh_TW"
    intl(root, tmp_path / "pot")
    assert catalog.read_text(encoding="utf-8") == written
    again = json.loads(subprocess.run(cli, cwd=root, capture_output=True, text=True, check=False).stdout)
    assert again[0]["status"] == "unchanged", again[0]["error"]
    # A header rewritten by other tools is not a translator's edit either; a changed msgstr is.
    catalog.write_text(written.replace("Generated-By: Babel", "Generated-By: other Babel"), encoding="utf-8")
    assert json.loads(subprocess.run(cli, cwd=root, capture_output=True, text=True).stdout)[0]["status"] == "unchanged"
    entry = next(e for e in polib.pofile(written) if e.msgstr)
    catalog.write_text(written.replace(f'msgstr "{entry.msgstr}"', 'msgstr "改過的譯文"'), encoding="utf-8")
    refused = json.loads(subprocess.run(cli, cwd=root, capture_output=True, text=True).stdout)[0]
    assert refused["status"] == "failed" and "was edited since it was imported" in refused["error"]


def test_briefs_format_rewrites_a_wrapped_catalog_and_refuses_a_broken_one(tmp_path: Path) -> None:
    """As powrap does: a catalog an editor wrapped, with locations, goes back to the one format;
    ``--check`` writes nothing; a catalog that cannot be read is named with its line, and none is written."""
    root = tmp_path / "project"
    root.mkdir()
    copy_project(root)
    catalogs = root / "locale" / "zh_TW" / "LC_MESSAGES"
    index = catalogs / "index.po"
    formatted = index.read_text(encoding="utf-8")
    wrapped = polib.pofile(formatted, wrapwidth=30)
    for entry in wrapped:
        entry.occurrences = [("source/index.md", "12")]
    index.write_text(wrapped.__unicode__(), encoding="utf-8")

    def briefs_format(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "briefs.cli", "format", "--dest", str(root), *args],
                              capture_output=True, text=True, check=False)

    checked = briefs_format("--check")
    assert checked.returncode == 1 and checked.stdout.split() == ["would", "format", str(index)]
    assert "#: source/index.md:12" in index.read_text(encoding="utf-8")  # --check wrote nothing
    assert briefs_format().returncode == 0
    assert index.read_text(encoding="utf-8") == formatted
    assert briefs_format("--check").returncode == 0
    # Written by another Babel: the same messages, so nothing to rewrite (the header keeps its line).
    other_babel = re.sub(r"Generated-By: Babel [0-9.]+", lambda _m: "Generated-By: Babel 0.9.6", formatted)
    assert other_babel != formatted
    index.write_text(other_babel, encoding="utf-8")
    assert briefs_format("--check").returncode == 0
    book = catalogs / "book.po"
    book.write_text(book.read_text(encoding="utf-8") + '\nmsgid "broken\n', encoding="utf-8")
    index.write_text(wrapped.__unicode__(), encoding="utf-8")
    refused = briefs_format()
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"{book}:") and "error:" in refused.stderr.splitlines()[0]
    assert "#: source/index.md:12" in index.read_text(encoding="utf-8")  # nothing written
