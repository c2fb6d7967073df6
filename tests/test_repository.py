"""The repository's own conventions: the linter, the workflows' schema, the pre-commit hooks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib
from conftest import REPO


def test_the_python_code_passes_ruff() -> None:
    """``[tool.ruff]`` in pyproject.toml; pre-commit and ``make lint`` run the same check."""
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "ext", "tests", "bench"], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflows_follow_githubs_schema_and_a_broken_one_is_caught(tmp_path) -> None:  # noqa: ANN001
    """The workflows only run on GitHub: their schema is what can be checked here (pre-commit runs it too)."""
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]
    workflows = sorted(str(p) for p in (REPO / ".github" / "workflows").glob("*.yml"))
    assert workflows
    result = subprocess.run([*command, *workflows], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    rtd = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.readthedocs",
                          str(REPO / ".readthedocs.yaml")], capture_output=True, text=True, check=False)
    assert rtd.returncode == 0, rtd.stdout + rtd.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text((REPO / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8")
                      .replace("runs-on:", "run-on:", 1), encoding="utf-8")
    assert subprocess.run([*command, str(broken)], capture_output=True, check=False).returncode == 1


def test_pre_commit_runs_every_hook_and_stops_a_bad_catalog(tmp_path) -> None:  # noqa: ANN001
    """``pre-commit run`` in a clone: every hook passes on the repository as it is; a catalog that
    an editor wrapped is rewritten (and the commit stopped), one with script in a msgstr is refused."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    (clone / ".venv").symlink_to(Path(sys.executable).parent.parent)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    def pre_commit(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", *args], cwd=clone, env=env,
                              capture_output=True, text=True, check=False)

    clean = pre_commit("--all-files")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    catalog = clone / "locale" / "zh_TW" / "LC_MESSAGES" / "index.po"
    formatted = catalog.read_text(encoding="utf-8")
    wrapped = polib.pofile(formatted, wrapwidth=30)
    catalog.write_text(wrapped.__unicode__(), encoding="utf-8")
    assert catalog.read_text(encoding="utf-8") != formatted
    stopped = pre_commit("--files", str(catalog))
    assert stopped.returncode == 1 and "files were modified by this hook" in stopped.stdout
    assert catalog.read_text(encoding="utf-8") == formatted
    entry = next(e for e in polib.pofile(formatted) if e.msgstr)
    catalog.write_text(formatted.replace(f'msgstr "{entry.msgstr}"', 'msgstr "<script>x</script>"'),
                       encoding="utf-8")
    refused = pre_commit("--files", str(catalog))
    assert refused.returncode == 1 and "error: msgstr: unsafe HTML: <script> [briefs.unsafe]" in refused.stdout
