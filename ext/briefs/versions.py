"""``briefs versions``: every edition, in every language, as one static site.

An edition is a release tag (``v*``) or the main branch (``latest``).  Each is
built from its own tree (a ``git worktree`` at its commit: its own
``conf.py``, extension and catalogs; the tools are this environment's), HTML
and PDF for each language, into a cache keyed by commit and build settings;
the site is then assembled from the cache::

    _build/editions/<edition>/<language>/{key.json,html/}   one build, kept
    _build/site/<language>/<edition>/                       the published site
    _build/site/versions.json, versions.js, index.html

A build that fails is reported with its edition, language and error; that
edition is left out of the site and the others still publish.  The site is
written beside the old one and swapped in whole.  No Sphinx import here:
every build is a ``sphinx-build`` process of its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .config import EDITION_NAME, ProjectError, load_project
from .editions import LATEST, PDF_NAME, VERSIONS_SCRIPT, readthedocs_language, sphinx_language
from .files import copy_atomically, replace_folder, restore_folder, write_atomically
from .git import GitError, git
from .languages import landing_page
from .sitemap import FILENAME as SITEMAP
from .sitemap import sitemap_index

#: The release tags that are editions.
TAG_PATTERN = "v*"
#: The tools whose versions are part of a build's cache key.
TOOLS = ("sphinx", "myst-parser", "docutils", "furo", "sphinx-intl", "babel", "rjieba")
#: A terminal colour code, as a build run with colours writes them into its log.
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
#: The formats an edition is published in.
FORMATS = ("html", "pdf")


class VersionsError(Exception):
    """The repository's editions cannot be listed (not a git repository, no main branch)."""


@dataclass(frozen=True)
class Edition:
    name: str  # "latest" or the tag, also its folder
    commit: str
    date: str  # the commit's date, ISO 8601


@dataclass
class Build:
    """One edition in one language: its cache entry and what became of it."""

    edition: Edition
    language: str
    folder: Path
    key: str
    settings: str  # settings_key: the key without the commit
    built: bool = False  # built by this run (not taken from the cache)
    error: str = ""

    @property
    def html(self) -> Path:
        return self.folder / "html"

    def cached(self) -> bool:
        try:
            return json.loads((self.folder / "key.json").read_text(encoding="utf-8"))["key"] == self.key
        except (OSError, ValueError, KeyError):
            return False


@dataclass
class Settings:
    repo: Path
    site: Path
    cache: Path
    formats: tuple[str, ...] = FORMATS
    site_url: str = ""
    main: str = "main"
    jobs: int = 2
    only_editions: tuple[str, ...] = ()
    only_languages: tuple[str, ...] = ()
    log: list[str] = field(default_factory=list)


def list_editions(repo: Path, main: str = "main") -> list[Edition]:
    """``latest`` (the main branch, or ``origin/<main>``), then the tags, newest first."""
    editions = []
    for ref in (main, f"origin/{main}"):
        try:
            commit = git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        except GitError:
            continue
        editions.append(Edition(LATEST, commit, git(repo, "show", "-s", "--format=%cI", commit)))
        break
    else:
        raise VersionsError(f"{repo}: no branch {main!r} (nor origin/{main}) to build as {LATEST!r}")
    for tag in git(repo, "tag", "--list", TAG_PATTERN, "--sort=-v:refname").split():
        if not EDITION_NAME.fullmatch(tag):
            continue
        commit = git(repo, "rev-parse", f"{tag}^{{commit}}")
        editions.append(Edition(tag, commit, git(repo, "show", "-s", "--format=%cI", commit)))
    return editions


def edition_project(repo: Path, edition: Edition):  # noqa: ANN201 - a config.Project
    """The edition's ``conf.py`` as it is at its commit (its languages and title)."""
    try:
        text = git(repo, "show", f"{edition.commit}:conf.py")
    except GitError as exc:
        raise VersionsError(f"{edition.name}: {exc}") from exc
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "conf.py").write_text(text, encoding="utf-8")
        try:
            return load_project(Path(folder))
        except ProjectError as exc:
            raise VersionsError(f"{edition.name}: {exc}") from exc


def settings_key(edition: Edition, language: str, settings: Settings) -> str:
    """How a build is made, besides its commit: a different key builds again.

    The list of editions is not part of it: a new tag would build every
    edition again.  An edition's switcher lists the editions known when it
    was built, and learns of later ones from ``versions.js``.
    """
    tools = {}
    for name in TOOLS:
        try:
            tools[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            tools[name] = None
    return _digest({"edition": edition.name, "language": language, "formats": sorted(settings.formats),
                    "site_url": settings.site_url, "python": sys.version, "tools": tools})


def cache_key(commit: str, how: str) -> str:
    """A build's key: its commit and how it is made (:func:`settings_key`)."""
    return _digest({"commit": commit, "settings": how})


def _digest(parts: dict) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def sphinx_command(tree: Path, language: str, edition: str, names: list[str], site_url: str,
                   builder: str, doctrees: Path, out: Path, *extra: str) -> list[str]:
    """One ``sphinx-build`` of an edition's tree, every warning an error (as ``make html``)."""
    command = [sys.executable, "-m", "sphinx", "--no-color", "-W", "--keep-going", "-q", "-b", builder, "-c", str(tree),
               "-D", f"language={language}", "-D", f"release={edition}", "-D", f"version={edition}", *extra]
    if names:
        command += ["-D", f"briefs_edition={edition}", "-D", f"briefs_editions={','.join(names)}"]
    if site_url:
        command += ["-D", f"briefs_site_url={site_url}"]
    return [*command, "-d", str(doctrees), str(tree / "source"), str(out)]


def build_language(tree: Path, language: str, edition: str, names: list[str], settings: Settings,
                   work: Path, html_out: Path) -> None:
    """The PDF (if asked for), then the HTML that links to it.  Raises ``RuntimeError``."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(tree / "ext"),
                                                                       os.environ.get("PYTHONPATH")]))}
    pdf_options: list[str] = []
    if "pdf" in settings.formats:
        script = tree / "scripts" / "build-pdf"
        run([str(script), language, str(work)], work / "pdf.log", env={
            **env, "BIN": str(Path(sys.executable).parent), "PROJECT": str(tree),
            "BRIEFS_EDITION": edition, "BRIEFS_SITE_URL": settings.site_url})
        pdf_options = ["-D", "briefs_pdf=1"]
    run(sphinx_command(tree, language, edition, names, settings.site_url, "html", work / "doctrees",
                       html_out, *pdf_options), work / "html.log", env=env)
    if pdf_options:
        name = PDF_NAME.format(language=language)
        shutil.copy2(work / "pdf" / language / name, html_out / name)


def run(command: list[str], log: Path, env: dict[str, str]) -> None:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        result = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, env=env, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{first_error(log)} (the whole log: {log})")


def first_error(log: Path) -> str:
    """The first line of a failed build's log that says what went wrong."""
    text = ANSI_ESCAPE.sub("", log.read_text(encoding="utf-8", errors="replace"))  # build-pdf's colours
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for marker in ("ERROR", "WARNING", "Error", "error:", "!"):
        for line in lines:
            if marker in line:
                return line
    return lines[-1] if lines else "failed without output"


def build_one(build: Build, tree: Path, names: list[str], settings: Settings) -> None:
    """Build into ``<folder>.partial`` and swap it in, so the cache never holds half a build."""
    work = build.folder.with_name(build.folder.name + ".partial")
    shutil.rmtree(work, ignore_errors=True)
    try:
        build_language(tree, build.language, build.edition.name, names, settings, work, work / "html")
    except (RuntimeError, OSError) as exc:
        # Named as in the repository: the worktree is gone once the run ends.
        build.error = str(exc).replace(f"{tree}{os.sep}", "")
        return
    for scratch in ("doctrees", "latex"):
        shutil.rmtree(work / scratch, ignore_errors=True)
    write_atomically(work / "key.json", json.dumps({"key": build.key, "commit": build.edition.commit,
                                                     "settings": build.settings}) + "\n")
    replace_folder(work, build.folder)
    build.built = True


def worktree(repo: Path, edition: Edition, folder: Path) -> Path:
    """A checkout of the edition's commit (made again if an earlier run left one)."""
    remove_worktree(repo, folder)
    git(repo, "worktree", "prune")
    git(repo, "worktree", "add", "--detach", "--force", str(folder), edition.commit)
    return folder


def remove_worktree(repo: Path, folder: Path) -> None:
    if folder.exists():
        with contextlib.suppress(GitError):
            git(repo, "worktree", "remove", "--force", str(folder))
        shutil.rmtree(folder, ignore_errors=True)


def build_site(settings: Settings, *, assemble: bool = True, build: bool = True) -> list[Build]:
    """Build what the cache lacks, then assemble the site.  Returns every build considered."""
    repo = settings.repo.resolve()
    editions = list_editions(repo, settings.main)
    names = [edition.name for edition in editions]
    restore_folder(settings.site)  # a run killed as it swapped the site in
    projects = {}
    builds: list[Build] = []
    failed_editions: dict[str, str] = {}
    for edition in editions:
        if settings.only_editions and edition.name not in settings.only_editions:
            continue
        try:
            projects[edition.name] = project = edition_project(repo, edition)
        except VersionsError as exc:
            failed_editions[edition.name] = str(exc)
            continue
        for language in project.settings.languages:
            if settings.only_languages and language not in settings.only_languages:
                continue
            how = settings_key(edition, language, settings)
            restore_folder(settings.cache / edition.name / language)
            builds.append(Build(edition, language, settings.cache / edition.name / language,
                                cache_key(edition.commit, how), how))
    wanted = [b for b in builds if not b.cached()]
    if build and wanted:
        trees = {}
        try:
            for name in dict.fromkeys(b.edition.name for b in wanted):
                edition = next(e for e in editions if e.name == name)
                trees[name] = worktree(repo, edition, settings.cache / name / "tree")
            with ThreadPoolExecutor(max_workers=max(1, settings.jobs)) as pool:
                list(pool.map(lambda b: build_one(b, trees[b.edition.name], names, settings), wanted))
        finally:
            for tree in trees.values():
                remove_worktree(repo, tree)
    elif wanted:
        for b in wanted:
            b.error = "not in the cache"
    for b in builds:
        if b.error:
            failed_editions.setdefault(b.edition.name, f"{b.language}: {b.error}")
    published = []
    for edition in editions:
        if edition.name not in projects:
            if edition.name in failed_editions:
                settings.log.append(f"briefs versions: edition {edition.name} failed: {failed_editions[edition.name]}")
            continue
        if edition.name not in failed_editions:
            published.append(edition)
            continue
        # As Read the Docs does: the last good build of a failed edition stays published.
        previous = last_good_commit([b for b in builds if b.edition.name == edition.name])
        error = f"briefs versions: edition {edition.name} failed: {failed_editions[edition.name]}"
        if previous:
            published.append(Edition(edition.name, previous, git(repo, "show", "-s", "--format=%cI", previous)))
            settings.log.append(f"{error}; its last good build ({previous[:10]}) stays published")
        else:
            settings.log.append(f"{error}; it is not published")
    if assemble and published:
        assemble_site(settings, published, projects, builds)
    elif assemble:
        settings.log.append(f"briefs versions: no edition to publish; {settings.site} is left as it was")
    return builds


def last_good_commit(builds: list[Build]) -> str | None:
    """The commit every language of an edition was last built from with the same
    settings, if they agree."""
    commits = set()
    for build in builds:
        try:
            kept = json.loads((build.folder / "key.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if kept.get("settings") != build.settings:
            return None
        commits.add(kept.get("commit"))
    return commits.pop() if len(commits) == 1 else None


def assemble_site(settings: Settings, editions: list[Edition], projects: dict, builds: list[Build]) -> None:
    """Lay the cached builds out as ``<language>/<edition>/`` with ``versions.json``; swap it in whole."""
    site = settings.site
    partial = site.with_name(site.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    by_key = {(b.edition.name, b.language): b for b in builds}
    entries = []
    for edition in editions:
        languages = {}
        for language in projects[edition.name].settings.languages:
            build = by_key[edition.name, language]
            home = f"{language}/{edition.name}/"
            shutil.copytree(build.html, partial / home, copy_function=_link)
            pdf = home + PDF_NAME.format(language=language)
            languages[language] = {"home": home + "index.html", "pdf": pdf if (partial / pdf).is_file() else None}
        entries.append({"name": edition.name, "commit": edition.commit, "date": edition.date,
                        "languages": languages})
    versions = {"latest": LATEST, "editions": entries}
    text = json.dumps(versions, ensure_ascii=False, indent=1)
    write_atomically(partial / "versions.json", text + "\n")
    write_atomically(partial / VERSIONS_SCRIPT, f"window.briefsVersions = {text};\n")
    if editions:
        newest = projects[editions[0].name]
        site_languages = dict(newest.settings.languages)
        home = f"{editions[0].name}/"
        write_atomically(partial / "index.html", landing_page(newest.name, site_languages, home))
        for language in site_languages:
            write_atomically(partial / language / "index.html", redirect_page(f"{home}index.html"))
        # For hosts that serve only the site's own 404.html: the newest edition's, in the source language.
        not_found = partial / next(iter(site_languages)) / home / "404.html"
        if not_found.is_file():
            copy_atomically(not_found, partial / "404.html")
        site_url = settings.site_url or newest.settings.site_url
        sitemaps = [f"{language}/{home}{SITEMAP}" for language in site_languages]
        if site_url and all((partial / path).is_file() for path in sitemaps):
            base = site_url.rstrip("/") + "/"
            write_atomically(partial / SITEMAP, sitemap_index([base + path for path in sitemaps]))
    replace_folder(partial, site)


def redirect_page(target: str) -> str:
    """``<language>/index.html``: on to the language's newest edition, with or without JavaScript."""
    url = html.escape(target)
    return (f'<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>Briefs</title>\n'
            f'<meta http-equiv="refresh" content="0; url={url}">\n<link rel="canonical" href="{url}">\n'
            f'</head>\n<body>\n<p><a href="{url}">{url}</a></p>\n</body>\n</html>\n')


def _link(source: str, destination: str) -> None:
    """Hard-link an unchanged file into the site (copy where links cannot be made)."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def build_readthedocs(root: Path, formats: tuple[str, ...] = FORMATS) -> None:
    """One Read the Docs build: this checkout, the language Read the Docs names
    (``zh-tw`` is ``zh_TW``), into ``$READTHEDOCS_OUTPUT/html/`` and ``pdf/``.
    The edition and canonical URL come from its variables (``briefs.editions``)."""
    language = sphinx_language(os.environ.get("READTHEDOCS_LANGUAGE", "en"))
    output = Path(os.environ["READTHEDOCS_OUTPUT"])
    edition = os.environ.get("READTHEDOCS_VERSION_NAME", LATEST)
    work = Path(tempfile.mkdtemp(prefix="briefs-readthedocs-"))
    settings = Settings(repo=root, site=output, cache=work, formats=formats)
    build_language(root, language, edition, [], settings, work, output / "html")
    if "pdf" in formats:
        # Read the Docs publishes the one file of pdf/ as the version's download.
        name = PDF_NAME.format(language=language)
        (output / "pdf").mkdir(parents=True, exist_ok=True)
        (output / "html" / name).replace(output / "pdf" / name)
    shutil.rmtree(work, ignore_errors=True)
    print(f"Read the Docs: {readthedocs_language(language)}/{edition} built into {output}")
