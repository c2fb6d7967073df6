"""The PDF editions, built for real with XeLaTeX and read back with pdftotext.

Needs TeX Live, the Noto CJK fonts and poppler (``scripts/ensure-tex``
installs them as root; ``make test`` runs it).  Without them these tests
skip, unless BRIEFS_REQUIRE_PDF=1 (CI) makes that a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import opencc
import pytest
import seed
from conftest import REPO

pytestmark = pytest.mark.pdf


def _unavailable(reason: str) -> None:
    if os.environ.get("BRIEFS_REQUIRE_PDF") == "1":
        pytest.fail(f"PDF tests required but {reason}")
    pytest.skip(reason)


def _tools() -> None:
    for tool in ("xelatex", "latexmk", "pdftotext"):
        if shutil.which(tool) is None:
            _unavailable(f"{tool} is not installed (run scripts/ensure-tex)")


def build_pdf(project: Path, language: str, builddir: Path, source: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "BIN": str(Path(sys.executable).parent), "PROJECT": str(project),
           "SOURCE": str(source or project / "source")}
    script = REPO / "scripts" / "build-pdf"
    return subprocess.run([str(script), language, str(builddir)], cwd=project, env=env,
                          capture_output=True, text=True, check=False)


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def squeeze(text: str) -> str:
    """Whitespace and hyphens out: line breaks and hyphenation in the PDF do not matter."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", text)


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    _tools()
    builddir = tmp_path_factory.mktemp("pdf")
    pdfs = {}
    for language in ("en", "zh_TW", "zh_CN"):
        result = build_pdf(REPO, language, builddir)
        assert result.returncode == 0, result.stdout + result.stderr
        pdfs[language] = builddir / "pdf" / language / f"briefs-{language}.pdf"
        log = (builddir / "latex" / language / f"briefs-{language}.log").read_text(encoding="utf-8", errors="replace")
        assert "Missing character" not in log
    return pdfs


def test_english_edition_holds_every_english_bullet(editions) -> None:
    text = squeeze(text_of(editions["en"]))
    for bullet in seed.bullets(chinese=False):
        assert squeeze(bullet) in text, bullet[:40]
    for heading in seed.english_headings():
        assert squeeze(heading) in text


def test_chinese_edition_holds_every_chinese_bullet(editions) -> None:
    text = squeeze(text_of(editions["zh_TW"]))
    for bullet in seed.bullets(chinese=True):
        assert squeeze(bullet) in text, bullet[:20]


def test_chinese_edition_has_chinese_fixed_strings(editions) -> None:
    text = text_of(editions["zh_TW"])
    assert "目錄" in text
    assert "CHAPTER" not in text.upper().replace("CHAPTERS", "")
    assert "Contents" not in text
    assert "政策研究摘要" in text  # the title page, in Chinese


def test_simplified_edition_is_converted_and_set_in_simplified_glyphs(editions) -> None:
    text = squeeze(text_of(editions["zh_CN"]))
    to_simplified = opencc.OpenCC("tw2sp")
    for bullet in seed.bullets(chinese=True):
        assert squeeze(to_simplified.convert(bullet)) in text, bullet[:20]
    assert "目录" in text and "俄羅斯" not in text
    # Noto CJK's OpenType collection shares one CFF font between regions (pdffonts names "jp" for
    # all): the region is the face XeLaTeX was given, which the build found (no missing glyph).
    latex = editions["zh_CN"].parent.parent.parent / "latex"
    assert r"\setCJKmainfont{Noto Serif CJK SC}" in (latex / "zh_CN" / "briefs-zh_CN.tex").read_text(encoding="utf-8")
    assert r"\setCJKmainfont{Noto Serif CJK TC}" in (latex / "zh_TW" / "briefs-zh_TW.tex").read_text(encoding="utf-8")
    info = subprocess.run(["pdfinfo", str(editions["zh_CN"])], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Title:\s+政策研究摘要", info, re.M)


def test_pdf_metadata(editions) -> None:
    info = subprocess.run(["pdfinfo", str(editions["zh_TW"])], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Title:\s+政策研究摘要", info, re.M)
    assert re.search(r"^Author:\s+Briefs contributors", info, re.M)


def test_missing_glyphs_fail_the_build(tmp_path: Path) -> None:
    """A character no font has must stop the build, not vanish from the PDF."""
    _tools()
    project = tmp_path / "project"
    shutil.copytree(REPO, project, ignore=shutil.ignore_patterns(".venv*", "_build", ".git", "*.mo"))
    page = project / "source" / "briefs" / "2023" / "graham-2023-what-russia-really-wants.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n- A glyph no font has: \U0001fae8.\n", encoding="utf-8")
    result = build_pdf(project, "en", tmp_path / "build")
    assert result.returncode != 0
    assert "glyphs missing" in result.stderr


def test_cross_references_are_internal_links_with_titles(tmp_path: Path) -> None:
    """The test collection's briefs cite each other: each citation is a link inside the PDF."""
    _tools()
    from pypdf import PdfReader

    project = tmp_path / "collection"
    shutil.copytree(REPO / "tests" / "roots" / "test-collection", project)
    result = build_pdf(project, "en", tmp_path / "build", source=project)
    assert result.returncode == 0, result.stdout + result.stderr
    tex = (tmp_path / "build" / "latex" / "en" / "briefs-en.tex").read_text(encoding="utf-8")
    assert re.search(r"\\hyperref\[\\detokenize\{briefs/beta:brief-beta\}\]\{\\sphinxcrossref\{.*Beta Brief", tex)
    reader = PdfReader(tmp_path / "build" / "pdf" / "en" / "briefs-en.pdf")
    internal = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if annotation.get("/Subtype") == "/Link" and (
                "/Dest" in annotation or (action is not None and action.get_object().get("/S") == "/GoTo")
            ):
                internal.append(annotation)
    citations = 4  # alpha -> beta, gamma -> alpha and beta, index -> alpha and beta (see the root)
    assert len(internal) >= citations
    assert "Beta Brief" in text_of(tmp_path / "build" / "pdf" / "en" / "briefs-en.pdf")
