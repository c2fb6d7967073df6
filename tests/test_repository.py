"""The repository's own conventions: the Python code passes its linter."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_the_python_code_passes_ruff() -> None:
    """``[tool.ruff]`` in pyproject.toml; pre-commit and ``make lint`` run the same check."""
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "ext", "tests", "bench"], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
