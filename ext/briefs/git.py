"""The one way the collection asks git: a command's output, or :class:`GitError` saying why not."""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitError(ValueError):
    """A git command that failed (not a repository, an unknown ref ...)."""


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise GitError(f"git {' '.join(args)}: {result.stderr.strip() or 'failed'}")
    return result.stdout.strip()
