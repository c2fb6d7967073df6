"""A build killed at any moment is healed by the next one (issue 29).

Real ``sphinx-build`` runs on a synthetic collection (``bench/collection.py``)
are killed with SIGKILL, the whole process group, when their own progress
line shows the phase: reading, writing, the additional pages, the search
index, the inventory (before the build-finished handlers).  The next build
must exit 0 with ``-W`` and write what a clean build writes, byte for byte;
the one after it stays incremental.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO
from test_build_modes import assert_same_output

sys.path.insert(0, str(REPO / "bench"))

import collection  # noqa: E402

#: Briefs in the synthetic collection: each phase lasts long enough to be caught in.
COUNT = 120


def command(project: Path, out: Path, language: str, *options: str) -> list[str]:
    return [sys.executable, "-m", "sphinx", "--no-color", "-W", "--keep-going", *options, "-b", "html",
            "-D", f"language={language}", "-c", str(project), "-d", str(out / "doctrees"),
            str(project / "source"), str(out / "html")]


def run_and_kill(args: list[str], when: str) -> str:
    """Run a command; SIGKILL its process group as soon as it prints a line matching ``when``.
    Returns the line it was killed at."""
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    killed_at = ""
    for line in process.stdout:
        if re.search(when, line):
            os.killpg(process.pid, signal.SIGKILL)
            killed_at = line.strip()
            break
    process.stdout.close()
    process.wait()
    assert killed_at, f"the build ended before {when!r}"
    assert process.returncode == -signal.SIGKILL
    return killed_at


def build(project: Path, out: Path, language: str, *options: str) -> subprocess.CompletedProcess:
    result = subprocess.run(command(project, out, language, *options), capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("interrupted") / "project"
    collection.make(root, COUNT)
    return root


@pytest.fixture(scope="module")
def clean(project: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A clean build of each language, to compare with."""
    builds = {}
    for language in ("en", "zh_TW"):
        out = tmp_path_factory.mktemp(f"clean-{language}")
        build(project, out, language)
        builds[language] = out
    return builds


#: (language, the progress line it is killed at, sphinx-build options)
KILLS = [
    ("en", r"reading sources\.\.\. \[ *[4-6]\d%\]", ()),
    ("zh_TW", r"reading sources\.\.\. \[ *[4-6]\d%\]", ("-j", "2")),
    ("zh_TW", r"writing output\.\.\. \[ *[4-6]\d%\]", ()),
    ("en", r"writing output\.\.\. \[ *[4-6]\d%\]", ("-j", "2")),
    ("en", r"^writing additional pages", ()),
    ("zh_TW", r"^dumping search index", ()),
    ("zh_TW", r"^dumping object inventory", ()),
]


@pytest.mark.parametrize(("language", "when", "options"), KILLS,
                         ids=[f"{k[0]}-{k[1].split(chr(92))[0].strip('^ ')}{'-j2' if k[2] else ''}" for k in KILLS])
def test_a_build_after_a_killed_one_equals_a_clean_build(project: Path, clean: dict[str, Path], tmp_path: Path,
                                                         language: str, when: str, options: tuple[str, ...]) -> None:
    out = tmp_path / "out"
    run_and_kill(command(project, out, language, *options), when)
    healed = build(project, out, language, *options)
    assert "did not finish" in healed.stdout
    assert_same_output(out, clean[language])
    # The next build finds nothing to do: incremental again.
    again = build(project, out, language, *options)
    assert "did not finish" not in again.stdout
    assert "0 added, 0 changed, 0 removed" in again.stdout


def test_a_killed_incremental_build_is_healed_too(project: Path, tmp_path: Path) -> None:
    """Edited after a finished build, killed while writing the pages the edit touches."""
    edited = tmp_path / "edited"
    shutil.copytree(project, edited, ignore=shutil.ignore_patterns("_build", "_digests"))
    out, reference = tmp_path / "out", tmp_path / "reference"
    build(edited, out, "zh_TW")
    page = sorted((edited / "source" / "briefs").rglob("*.md"))[3]
    page.write_text(page.read_text(encoding="utf-8") + "\n- A point added after the first build.\n",
                    encoding="utf-8")
    run_and_kill(command(edited, out, "zh_TW"), r"writing output\.\.\. \[")
    assert "did not finish" in build(edited, out, "zh_TW").stdout
    build(edited, reference, "zh_TW")
    assert_same_output(out, reference)


# -- briefs import ---------------------------------------------------------------

import synthetic  # noqa: E402
from briefs.importer import split_marker  # noqa: E402

#: Digests in the batch: a run long enough to be killed while it writes.
BATCH = 400
#: When each killed run is killed, as a share of a whole run's time.
KILL_AT = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
_CREATED = re.compile(rb'^"POT-Creation-Date: .*$', re.M)


def import_command(root: Path, digests: list[Path]) -> list[str]:
    return [sys.executable, "-m", "briefs.cli", "import", "--dest", str(root), *map(str, digests)]


def collection_files(root: Path) -> dict[str, bytes]:
    """The files an import writes, a catalog's creation time aside (a run's own minute)."""
    files = {"glossary.yaml": (root / "glossary.yaml").read_bytes()}
    for folder in ("source", "locale"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.suffix != ".mo":
                files[path.relative_to(root).as_posix()] = _CREATED.sub(b"", path.read_bytes())
    return files


def assert_whole(root: Path) -> int:
    """Every page is as its import marker records it, with its catalog beside it (the
    catalog is renamed into place first); returns how many pages there are."""
    import polib

    pages = sorted((root / "source" / "briefs").rglob("*.md"))
    for page in pages:
        recorded, body = split_marker(page.read_text(encoding="utf-8"))
        assert recorded.get("page") == hashlib.sha256(body.encode("utf-8")).hexdigest()[:16], page
        catalog = root / "locale" / "zh_TW" / "LC_MESSAGES" / page.relative_to(root / "source").with_suffix(".po")
        polib.pofile(str(catalog))  # whole: parses
    return len(pages)


def test_a_killed_import_leaves_whole_files_and_the_next_run_completes_it(tmp_path: Path) -> None:
    pool = synthetic.keyword_pool()
    # A glossary without some of the keywords: the run adds them to glossary.yaml, last.
    digests = synthetic.write_digests(tmp_path / "digests", BATCH)
    clean = collection.skeleton(tmp_path / "clean", pool[: len(pool) // 2])
    started = time.monotonic()
    subprocess.run(import_command(clean, digests), capture_output=True, check=True)
    whole_run = time.monotonic() - started
    expected = collection_files(clean)
    assert (clean / "glossary.yaml").read_bytes() != synthetic.glossary_yaml(pool[: len(pool) // 2]).encode()

    partial_runs = 0
    for share in KILL_AT:
        root = collection.skeleton(tmp_path / f"killed-{share}", pool[: len(pool) // 2])
        process = subprocess.Popen(import_command(root, digests), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            process.wait(timeout=whole_run * share)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        pages = assert_whole(root)
        partial_runs += 0 < pages < BATCH or (pages == BATCH and collection_files(root) != expected)
        rerun = subprocess.run(import_command(root, digests), capture_output=True, text=True, check=False)
        assert rerun.returncode == 0, rerun.stdout + rerun.stderr
        assert collection_files(root) == expected, share
    # Some of the runs were killed with their work half done (else this test proves nothing).
    assert partial_runs > 0


def test_a_reimport_killed_between_its_catalog_and_its_page_is_completed(tmp_path: Path) -> None:
    """The state a kill leaves between the two renames of a re-import (the catalog is renamed
    first): the new catalog beside the page as an earlier import wrote it.  That is no
    editor's change: the next run writes the page, as a whole run would have."""
    from briefs.importer import _catalog_sha, _marker_line, _sha

    digest = REPO / "tests" / "data" / "digests" / "seed.txt"
    done = collection.skeleton(tmp_path / "done")
    subprocess.run(import_command(done, [digest]), capture_output=True, check=True)
    page = next((done / "source" / "briefs").rglob("*.md"))
    catalog = done / "locale" / "zh_TW" / "LC_MESSAGES" / page.relative_to(done / "source").with_suffix(".po")
    new_page, new_catalog = page.read_text(encoding="utf-8"), catalog.read_text(encoding="utf-8")

    # What an earlier import wrote: another page and catalog, each recorded by the page's marker.
    recorded, body = split_marker(new_page)
    old_body = body.replace("- ", "- Earlier: ", 1)
    old_catalog = new_catalog.replace('msgstr "', 'msgstr "較早：', 2)  # the header's, then a message's
    assert old_body != body and _catalog_sha(old_catalog) != _catalog_sha(new_catalog)
    killed = collection.skeleton(tmp_path / "killed")
    (killed / page.relative_to(done)).parent.mkdir(parents=True)
    (killed / page.relative_to(done)).write_text(
        _marker_line({**recorded, "page": _sha(old_body), "catalog": _catalog_sha(old_catalog)}) + old_body,
        encoding="utf-8")
    (killed / catalog.relative_to(done)).parent.mkdir(parents=True)
    (killed / catalog.relative_to(done)).write_text(new_catalog, encoding="utf-8")

    rerun = subprocess.run(import_command(killed, [digest]), capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert collection_files(killed) == collection_files(done)


# -- briefs versions -------------------------------------------------------------

import versioned  # noqa: E402


def versions_killed_when(repo: Path, ready) -> bool:  # noqa: ANN001 - a predicate of the repository
    """Run ``briefs versions`` and SIGKILL its process group once ``ready(repo)`` holds;
    False if the run ended first."""
    process = subprocess.Popen([sys.executable, "-m", "briefs.cli", "versions", "--formats", "html",
                                "--dest", str(repo)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    while process.poll() is None:
        if ready(repo):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.002)
    return False


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_whole_site(site: Path) -> None:
    """Every edition ``versions.json`` lists has its home in every language."""
    import json

    data = json.loads((site / "versions.json").read_text(encoding="utf-8"))
    for edition in data["editions"]:
        for files in edition["languages"].values():
            assert (site / files["home"]).is_file(), files["home"]


def building_latest(repo: Path) -> bool:
    """A build of latest is under way and has written pages."""
    return any((repo / "_build" / "editions" / "latest").glob("*.partial/html/briefs"))


def assembling(repo: Path) -> bool:
    return (repo / "_build" / "site.partial").exists()


def test_a_killed_versions_run_leaves_the_last_site_and_the_next_run_completes_it(tmp_path: Path) -> None:
    repo = versioned.new_repository(tmp_path / "repo")
    versioned.git(repo, "tag", "-a", "v2026.01", "-m", "Edition v2026.01")
    assert versioned.versions(repo, "--formats", "html").returncode == 0
    site = repo / "_build" / "site"
    before = site_files(site)
    versioned.import_digest(repo, "iso-date.txt")
    versioned.commit(repo, "A brief on the Arctic")

    # Killed while latest is built again: the published site is the last one, whole.
    assert versions_killed_when(repo, building_latest)
    assert site_files(site) == before
    # Killed while the site is assembled (a short moment: tried a few times).
    caught = 0
    for _ in range(3):
        if versions_killed_when(repo, assembling):
            caught += 1
            # The site published is a whole one: the last, or the new one if the swap was done
            # (or, killed between the swap's two renames, the last one beside it, put back next run).
            published = site if site.is_dir() else site.with_name("site.old")
            assert_whole_site(published)
    assert caught, "never caught assembling"

    healed = versioned.versions(repo, "--formats", "html")
    assert healed.returncode == 0, healed.stdout + healed.stderr
    after = site_files(site)
    assert any("quiet-shifts-in-arctic-security" in name for name in after)
    shutil.rmtree(repo / "_build")
    clean = versioned.versions(repo, "--formats", "html")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert site_files(site) == after


def test_a_catalog_a_dead_build_left_half_compiled_is_compiled_again(project: Path, clean: dict[str, Path],
                                                                      tmp_path: Path) -> None:
    """Sphinx writes a ``.mo`` in place and trusts one newer than its ``.po``: the state a build
    killed while compiling leaves (its mark, a cut ``.mo``) is healed by the next build."""
    from briefs.unfinished import MARK

    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("_build", "_digests"))
    out = tmp_path / "out"
    build(copy, out, "zh_TW")
    compiled = copy / "locale" / "zh_TW" / "LC_MESSAGES" / "sphinx.mo"
    compiled.write_bytes(compiled.read_bytes()[:40])  # cut short, and newer than its .po
    (out / "doctrees" / MARK).write_text("a build started and was killed\n", encoding="utf-8")
    build(copy, out, "zh_TW")
    assert_same_output(out, clean["zh_TW"])
