"""Translations are checked like pages (issue 30): by the build, as warnings at the
``.po`` file and line (so ``-W`` fails), and by ``briefs check``, as errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest
from conftest import copy_project, sphinx_build
from test_safety import named

SEED = "graham-2023-what-russia-really-wants"
MSGID = f"See {{brief}}`{SEED}`, {{brief}}`the same <{SEED}>` and [the source](https://a.example/), %(count)s times."


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    return copy_project(root)


def build(root: Path, out: Path) -> subprocess.CompletedProcess:
    return sphinx_build("-b", "html", "-D", "language=zh_TW", "-c", root, "-d", out / "doctrees",
                        root / "source", out / "html")


def check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefs.cli", "check", "--dest", str(root)],
                          capture_output=True, text=True, check=False)


def cite_on_the_seed_page(root: Path, msgstr: str) -> tuple[Path, int]:
    """The seed page cites itself; its catalog translates that line as ``msgstr``."""
    page = root / "source" / "briefs" / "2023" / f"{SEED}.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{MSGID}\n", encoding="utf-8")
    path = (root / "locale" / "zh_TW" / "LC_MESSAGES" / "briefs" / "2023" / f"{SEED}.po").resolve()
    catalog = polib.pofile(str(path))
    catalog.append(polib.POEntry(msgid=MSGID, msgstr=msgstr))
    catalog.save(str(path))
    return path, polib.pofile(str(path)).find(MSGID).linenum


KEPT = f"見 {{brief}}`{SEED}`、{{brief}}`同一篇 <{SEED}>` 與[來源](https://a.example/)，%(count)s 次。"


@pytest.mark.parametrize(("msgstr", "expected"), [
    (KEPT, None),  # an explicit title is the translator's to translate
    (KEPT.replace(f"{{brief}}`{SEED}`、", f"{{brief}}`{SEED}、"),  # a backtick dropped
     f"the role of its msgid: {{brief}}`{SEED}`"),
    (KEPT.replace("https://a.example/", "https://b.example/"), "the link target of its msgid: https://a.example/"),
    (KEPT.replace("%(count)s 次", "數次"), "the placeholder of its msgid: %(count)s"),
], ids=["all-kept", "backtick-dropped", "link-target", "placeholder"])
def test_the_build_warns_at_the_catalog_line_of_a_translation_that_loses_markup(
        tmp_path: Path, msgstr: str, expected: str | None) -> None:
    root = project(tmp_path)
    path, line = cite_on_the_seed_page(root, msgstr)
    result = build(root, tmp_path / "out")
    checked = check(root)
    if expected is None:
        assert result.returncode == 0, result.stderr
        assert "[i18n.kept]" not in checked.stdout
        return
    assert f"{path}:{line}: WARNING: msgstr does not keep {expected} [i18n.kept]" in result.stderr
    assert result.returncode != 0
    assert f"{named(path, root)}:{line}: error: msgstr does not keep {expected} [i18n.kept]" in checked.stdout
    # Warned again by the next build: the catalog is still wrong.
    assert "[i18n.kept]" in build(root, tmp_path / "out").stderr


def test_a_translation_citing_no_brief_is_named_at_its_line_with_the_nearest_ids(tmp_path: Path) -> None:
    root = project(tmp_path)
    typo = SEED.replace("really", "realy")
    path, line = cite_on_the_seed_page(root, KEPT.replace(f"{{brief}}`{SEED}`、", f"{{brief}}`{typo}`、"))
    result = build(root, tmp_path / "out")
    expected = f"unknown brief {typo!r} (did you mean {SEED!r}?)"
    assert f"{path}:{line}: WARNING: {expected} [briefs.unknown-brief]" in result.stderr
    assert result.returncode != 0
    checked = check(root)
    assert f"{named(path, root)}:{line}: error: {expected} [briefs.unknown-brief]" in checked.stdout
    assert checked.returncode == 1
