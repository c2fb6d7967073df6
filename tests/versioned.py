"""A scratch git repository of the collection with editions, for ``briefs versions``.

It holds the project's own files (as committed, and any new ones not yet
committed), so each edition is built by the extension of its own tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: What an edition's tree needs to build: the project, not its tests or tools.
TREE = ("conf.py", "glossary.yaml", "pyproject.toml", "Makefile", "ext", "scripts", "source", "locale")
DIGESTS = REPO / "tests" / "data" / "digests"
GIT_ENV = {"GIT_AUTHOR_NAME": "Briefs tests", "GIT_AUTHOR_EMAIL": "tests@briefs.invalid",
           "GIT_COMMITTER_NAME": "Briefs tests", "GIT_COMMITTER_EMAIL": "tests@briefs.invalid"}


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
                            env={**os.environ, **GIT_ENV})
    return result.stdout.strip()


def project_files() -> list[str]:
    listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "--cached", "--others", "--exclude-standard",
                             *TREE], capture_output=True, text=True, check=True).stdout.split("\n")
    return [name for name in listed if name and (REPO / name).is_file()]


def new_repository(root: Path) -> Path:
    """The collection as it is, committed on ``main``."""
    root.mkdir(parents=True)
    for name in project_files():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, root / name)
    # The history adds this brief after the first edition: the base has it not, whatever the collection holds.
    added = Path(NEW_PAGE).with_suffix("")
    (root / "source" / added).with_suffix(".md").unlink(missing_ok=True)
    (root / "locale" / "zh_TW" / "LC_MESSAGES" / added).with_suffix(".po").unlink(missing_ok=True)
    (root / ".gitignore").write_text("_build/\n.venv/\n*.mo\n__pycache__/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit(root, "The collection")
    return root


def commit(repo: Path, message: str, tag: str | None = None) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    if tag:
        git(repo, "tag", "-a", tag, "-m", f"Edition {tag}")
    return git(repo, "rev-parse", "HEAD")


def import_digest(repo: Path, name: str) -> None:
    result = subprocess.run([sys.executable, "-m", "briefs.cli", "import", str(DIGESTS / name), "--dest", str(repo)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def versions(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``briefs versions`` in the repository, as ``make versions`` runs it."""
    return subprocess.run([sys.executable, "-m", "briefs.cli", "versions", "--dest", str(repo), *args],
                          capture_output=True, text=True, check=False, env={**os.environ, **(env or {})})


#: The brief the history adds after the first edition, and one every edition has.
NEW_PAGE = "briefs/2023/nord-2023-quiet-shifts-in-arctic-security.html"
SEED_PAGE = "briefs/2023/graham-2023-what-russia-really-wants.html"


@dataclass
class History:
    repo: Path
    runs: list[subprocess.CompletedProcess]  # first, nothing changed, main changed, v2026.03 tagged

    @property
    def site(self) -> Path:
        return self.repo / "_build" / "site"


def history(repo: Path) -> History:
    new_repository(repo)
    git(repo, "tag", "-a", "v2026.01", "-m", "Edition v2026.01")
    import_digest(repo, "iso-date.txt")
    commit(repo, "A brief on the Arctic", tag="v2026.02")
    index = repo / "source" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nA line added on main.\n", encoding="utf-8")
    commit(repo, "Main moves on")
    runs = []

    def run() -> None:
        runs.append(versions(repo, "--formats", "html"))
        assert runs[-1].returncode == 0, runs[-1].stdout + runs[-1].stderr

    run()
    run()
    index.write_text(index.read_text(encoding="utf-8") + "\nAnother line on main.\n", encoding="utf-8")
    commit(repo, "Main moves on again")
    run()
    git(repo, "tag", "-a", "v2026.03", "-m", "Edition v2026.03")
    run()
    return History(repo, runs)
