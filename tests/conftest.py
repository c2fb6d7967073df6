"""Shared fixtures: real builds of the repository's own collection."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

REPO = Path(__file__).resolve().parent.parent
#: The repository's languages (conf.py's briefs_languages); zh_CN is derived from zh_TW.
LANGUAGES = ("en", "zh_TW", "zh_CN")
#: A test root's, unless it lists others: briefs_languages' default.
ROOT_LANGUAGES = ("en", "zh_TW")


#: The extensions of a project built with and without the speed layer.
EXTENSIONS = {True: "myst_parser,briefs,briefs.speedups", False: "myst_parser,briefs"}


def sphinx_build(*args: str | os.PathLike, cwd: Path = REPO,
                 speedups: bool | None = None) -> subprocess.CompletedProcess:
    """Run the real ``sphinx-build`` of this environment with ``-W``.  ``speedups``
    lists ``briefs.speedups`` in the extensions or leaves it out (``None``: as ``conf.py`` says)."""
    options = [] if speedups is None else ["-D", f"extensions={EXTENSIONS[speedups]}"]
    command = [sys.executable, "-m", "sphinx", "--no-color", "-W", "--keep-going", *options, *map(str, args)]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def build_root(root: Path, out: Path, languages: tuple[str, ...] = ROOT_LANGUAGES) -> Path:
    """A copy of a test root, with the collection's interface catalog (the search page's and
    the banner's words), built in each language into ``out/<language>/``."""
    project = out / "project"
    shutil.copytree(root, project)
    shutil.copy2(REPO / "locale" / "zh_TW" / "LC_MESSAGES" / "sphinx.po", project / "locale" / "zh_TW" / "LC_MESSAGES")
    for language in languages:
        result = sphinx_build("-b", "html", "-D", f"language={language}", "-d", out / "doctrees" / language,
                              project, out / language)
        assert result.returncode == 0, result.stderr
    return out


def build_site(outroot: Path) -> Path:
    """Build the collection into ``outroot/html/<lang>/``, the languages side by side."""

    def build(language: str) -> subprocess.CompletedProcess:
        return sphinx_build(
            "-b", "html", "-c", REPO, "-d", outroot / "doctrees" / language,
            "-D", f"language={language}", REPO / "source", outroot / "html" / language,
        )

    with ThreadPoolExecutor(max_workers=len(LANGUAGES)) as pool:
        results = list(pool.map(build, LANGUAGES))
    for language, result in zip(LANGUAGES, results, strict=False):
        assert result.returncode == 0, f"{language} build failed:\n{result.stderr}"
        assert "WARNING" not in result.stderr, result.stderr
    return outroot / "html"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's collection, built clean in both languages with -W."""
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Test roots for ``@pytest.mark.sphinx(testroot=...)``: tests/roots/test-*/."""
    return REPO / "tests" / "roots"


def copy_project(destination: Path) -> Path:
    """A copy of the parts of the repository a build reads, to change freely."""
    for name in ("conf.py", "glossary.yaml"):
        shutil.copy2(REPO / name, destination / name)
    for name in ("source", "locale"):
        shutil.copytree(REPO / name, destination / name, ignore=shutil.ignore_patterns("*.mo"))
    return destination


@pytest.fixture(scope="session")
def versioned_site(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201 - a versioned.History
    """A repository with editions v2026.01, v2026.02 (a brief added) and main, published
    with ``briefs versions``; then main changed and v2026.03 tagged, each published again."""
    import versioned

    return versioned.history(tmp_path_factory.mktemp("versions") / "repo")
