"""The speed layer (briefs.speedups): opt-in, guarded, and the same pages with it or without it.

These run on whichever Sphinx the environment has: ``make test`` on the
pinned versions, ``make test-newest`` on the newest releases.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LANGUAGES, REPO, copy_project, sphinx_build

EXT = REPO / "ext" / "briefs"
STEPS_ASIDE = re.compile(r"briefs\.speedups: (\S+) steps aside: (.+)")


def built_files(root: Path) -> dict[Path, object]:
    """Every output file's bytes; the search index by content (the same data may be written differently)."""
    from sphinx.search import js_index

    found: dict[Path, object] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name != ".buildinfo":
            data = path.read_bytes()
            found[path.relative_to(root)] = js_index.loads(data.decode("utf-8")) if path.name == "searchindex.js" else data
    return found


@pytest.fixture(scope="module")
def collection_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, bool], Path]:
    """The repository's collection built clean in each language, with and without the speed layer."""
    base = tmp_path_factory.mktemp("speedups")
    (base / "project").mkdir()
    project = copy_project(base / "project")
    outputs = {}
    for language in LANGUAGES:
        for speedups in (True, False):
            out = base / f"{language}-{'on' if speedups else 'off'}"
            result = sphinx_build("-b", "html", "-c", project, "-D", f"language={language}", "-d", out / "doctrees",
                                  project / "source", out / "html", speedups=speedups)
            assert result.returncode == 0, result.stderr
            outputs[language, speedups] = out
    return outputs


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_are_the_same_with_and_without_the_speedups(collection_builds, language: str) -> None:
    """Every file byte for byte (the search index by content), in both languages."""
    with_, without = collection_builds[language, True], collection_builds[language, False]
    assert built_files(with_ / "html") == built_files(without / "html")


def test_each_speedup_is_applied_or_says_once_why_not(tmp_path: Path) -> None:
    """On this environment's versions: a speedup whose guard finds nothing wrong is applied
    silently; any other says so in one line naming itself and the reason."""
    from briefs.speedups import speedups

    project = copy_project(tmp_path)
    result = subprocess.run([sys.executable, "-m", "sphinx", "--no-color", "-b", "html", "-c", str(project),
                             "-D", "language=zh_TW",
                             "-d", str(tmp_path / "d"), str(project / "source"), str(tmp_path / "h")],
                            cwd=project, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    said = [m.groups() for m in STEPS_ASIDE.finditer(result.stdout)]
    expected = [(name, speedup.refusal()) for name, speedup in speedups().items() if speedup.refusal() is not None]
    assert said == expected


def test_a_speedup_steps_aside_on_versions_and_targets_it_was_not_verified_on() -> None:
    from briefs.speedups import guard
    sphinx_one = guard.Speedup("demo", {"sphinx": ("==1.0",)}, {}, lambda app: None, "")
    assert re.fullmatch(r"verified on sphinx ==1\.0, found \d+\.\d+\.\d+", sphinx_one.refusal() or "")
    missing = guard.Speedup("demo", {}, {"sphinx.environment:BuildEnvironment.no_such_method": None},
                            lambda app: None, "")
    assert missing.refusal() == "sphinx.environment:BuildEnvironment.no_such_method is missing"
    other_signature = guard.Speedup("demo", {}, {"sphinx.environment:BuildEnvironment.get_doctree": ("(self)",)},
                                    lambda app: None, "")
    assert "has the signature (self, docname: 'str')" in (other_signature.refusal() or "")
    absent = guard.Speedup("demo", {"no-such-distribution": (">=1",)}, {}, lambda app: None, "")
    assert absent.refusal() == "no-such-distribution is not installed"


def test_a_speedup_turned_off_is_not_applied_and_an_unknown_one_is_an_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    args = ["-b", "html", "-c", project, "-D", "language=en", "-d", tmp_path / "d", project / "source", tmp_path / "h"]
    result = sphinx_build("-D", "briefs_speedups_disabled=gc", "-v", *args, cwd=project)
    assert result.returncode == 0, result.stderr
    assert "briefs.speedups: gc applied" not in result.stdout
    assert "briefs.speedups: doctrees applied" in result.stdout or "doctrees steps aside" in result.stdout
    result = sphinx_build("-D", "briefs_speedups_disabled=gc,turbo", *args, cwd=project)
    assert result.returncode != 0
    assert "briefs_speedups_disabled names no speedup: turbo" in result.stderr


def test_importing_briefs_loads_no_speedups_module() -> None:
    """The collection never imports the speed layer: not on import, not in any module."""
    core = sorted(p.stem for p in EXT.glob("*.py") if p.stem != "__init__")
    code = (f"import sys, briefs; [__import__('briefs.' + m) for m in {core!r}]; "
            "print([m for m in sys.modules if m.startswith('briefs.speedups')])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
    for path in EXT.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                assert not any("speedups" in name for name in names), f"{path.name} imports the speed layer"


def test_conf_py_is_plain_configuration() -> None:
    """No import, no call: assignments of values Sphinx and the extension read."""
    tree = ast.parse((REPO / "conf.py").read_text(encoding="utf-8"))
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom | ast.Call)]
    assert all(isinstance(node, ast.Assign | ast.Expr) for node in tree.body)


PRETEND_UNVERIFIED = '''
import dataclasses
import briefs.speedups.gc as module

def setup(app):
    module.SPEEDUP = dataclasses.replace(module.SPEEDUP, verified={"sphinx": ("==1.0",)})
    return {"parallel_read_safe": True}
'''


def test_a_build_on_unverified_versions_says_once_which_speedup_stepped_aside(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(REPO / "tests" / "roots" / "test-collection", project)
    (project / "pretend_unverified.py").write_text(PRETEND_UNVERIFIED, encoding="utf-8")
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nimport sys\nsys.path.insert(0, __import__("os").path.dirname(__file__))\n'
                   'extensions = ["myst_parser", "briefs", "pretend_unverified", "briefs.speedups"]\n')
    result = sphinx_build("-b", "html", "-D", "language=zh_TW", "-d", tmp_path / "d", project, tmp_path / "h")
    assert result.returncode == 0, result.stderr
    said = STEPS_ASIDE.findall(result.stdout)
    assert said == [("gc", f"verified on sphinx ==1.0, found {__import__('sphinx').__version__}")]
