"""The ``briefs`` command: import digests, scaffold and check briefs.

    briefs import FILE... [--dest ROOT] [--dry-run] [--force] [--json]
    briefs new ID [--year YEAR] [--dest ROOT]
    briefs check [PATH...] [--changed-since REF] [--json] [--dest ROOT]
    briefs intl [--pot-dir DIR] [--language CODE]
    briefs format [PO...] [--check]
    briefs stats [--json] [--language CODE]
    briefs versions [--formats html,pdf] [--edition NAME] [--language CODE] [--list] ...
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import re
import sys
from pathlib import Path

from . import __version__
from .config import ProjectError, load_project
from .git import GitError
from .metadata import DateError, parse_date


def find_root(start: Path) -> Path:
    """The collection's root: the nearest folder upwards holding ``conf.py``."""
    for folder in [start, *start.parents]:
        if (folder / "conf.py").is_file():
            return folder
    return start


def _import(args: argparse.Namespace) -> int:
    from .importer import import_files

    root = (args.dest or find_root(Path.cwd())).resolve()
    results = import_files([Path(f) for f in args.files], root, dry_run=args.dry_run, force=args.force)
    if args.json:
        print(json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=1))
    else:
        for r in results:
            if r.status == "failed":
                continue
            counts = f"{r.paired} paired, {r.chinese_only} Chinese-only, {r.english_only} English-only"
            print(f"{r.status:9} {r.id}  ({counts})")
            print(f"          page:    {r.page}\n          catalog: {r.catalog}")
            if r.series and r.parts and r.parts > 1:
                print(f"          series:  {r.series}, part {r.part} of {r.parts} (ordered by {r.order})")
            elif r.series:
                print(f"          series:  {r.series}, part {r.part}: no other part is in the collection")
            for warning in r.warnings:
                print(f"          warning: {warning}")
            for note in r.notes:
                print(f"          note:    {note}")
        imported = sum(r.status == "imported" for r in results)
        unchanged = sum(r.status == "unchanged" for r in results)
        failed = [r for r in results if r.status == "failed"]
        verb = "would import" if args.dry_run else "imported"
        summary = f"{imported} {verb}, {unchanged} unchanged, {len(failed)} failed"
        if failed:
            summary += ": " + ", ".join(Path(r.file).name for r in failed)
        print(summary)
    for r in results:
        if r.error:
            print(r.error, file=sys.stderr)
        if r.diff:
            print(r.diff, file=sys.stderr, end="")
    return 1 if any(r.status == "failed" for r in results) else 0


def _new(args: argparse.Namespace) -> int:
    from .checker import new_page

    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", args.id):
        print(f"briefs new: {args.id!r} is not an id (lowercase ASCII words joined by '-')", file=sys.stderr)
        return 2
    date = None
    if args.date:
        try:
            date = parse_date(args.date)
        except DateError as exc:
            print(f"briefs new: --date: {exc}", file=sys.stderr)
            return 2
    # The year's folder: as given, else the date's, else the year in the id (surname-2024-...), else this year.
    in_id = re.search(r"(?:^|-)((?:18|19|20|21)\d\d)(?:-|$)", args.id)
    year = args.year or (date.year if date else None) or (int(in_id.group(1)) if in_id else dt.date.today().year)
    project = load_project((args.dest or find_root(Path.cwd())).resolve())
    root = project.root
    try:
        path = new_page(project, args.id, str(year), args.date or "")
    except FileExistsError as exc:
        print(f"briefs new: {exc}", file=sys.stderr)
        return 1
    print(f"created {path.relative_to(root)}: fill in every TODO, then run 'briefs check'")
    return 0


def _check(args: argparse.Namespace) -> int:
    from .checker import check

    project = load_project((args.dest or find_root(Path.cwd())).resolve())
    try:
        findings = check([Path(p) for p in args.paths], project, changed_since=args.changed_since)
    except ValueError as exc:
        print(f"briefs check: {exc}", file=sys.stderr)
        return 2
    # In path and line order, named from the collection's root, as a reviewer reads them.
    findings = sorted((dataclasses.replace(f, path=Path(_relative(f.path.resolve(), project.root))) for f in findings),
                      key=lambda f: (f.path.as_posix(), f.line))
    errors = sum(f.error for f in findings)
    if args.json:
        print(json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=1))
        return 1 if errors else 0
    for finding in findings:
        print(finding)
    print(f"{errors} errors, {len(findings) - errors} notes")
    return 1 if errors else 0


def _intl(args: argparse.Namespace) -> int:
    from .intl import update_catalogs

    project = load_project((args.dest or find_root(Path.cwd())).resolve())
    pot_dir = (args.pot_dir or project.root / "_build" / "gettext").resolve()
    if not pot_dir.is_dir():
        print(f"briefs intl: {pot_dir}: no .pot files (run make gettext first)", file=sys.stderr)
        return 2
    languages = args.language or project.settings.maintained_languages()
    results = update_catalogs(pot_dir, project.locale_dir, languages, project)
    for result in results:
        if result.status == "orphan":
            print(f"{_relative(result.path, project.root)}:1: warning: this catalog belongs to no page: move it "
                  "beside its page's path (or delete it) [i18n.orphan]", file=sys.stderr)
        elif result.status != "unchanged":
            detail = f" ({result.detail})" if result.detail else ""
            print(f"{result.status:8} {_relative(result.path, project.root)}{detail}")
    catalogs = [r for r in results if r.path.suffix == ".po" and r.status != "orphan"]
    changed = sum(r.status != "unchanged" for r in catalogs)
    print(f"{changed} catalogs written, {len(catalogs) - changed} unchanged")
    return 0


def _relative(path: Path, root: Path) -> str:
    """A path as the collection names it: relative to its root where it is inside."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _format(args: argparse.Namespace) -> int:
    from .catalogs import catalog_problem
    from .intl import format_catalog

    project = load_project((args.dest or find_root(Path.cwd())).resolve())
    catalogs = sorted({po.resolve() for path in (args.paths or [project.locale_dir])
                       for po in (sorted(path.rglob("*.po")) if path.is_dir() else [path])})
    problems = [(po, catalog_problem(po)) for po in catalogs]
    for po, problem in problems:
        if problem is not None:
            print(f"{po}:{problem[0] or 1}: error: {problem[1]}", file=sys.stderr)
    if any(problem for _po, problem in problems):
        return 1  # nothing written: fix the catalog first
    results = [format_catalog(po, write=not args.check) for po in catalogs]
    changed = [r for r in results if r.status != "unchanged"]
    for result in changed:
        print(f"{'would format' if args.check else 'formatted'} {result.path}")
    print(f"{len(changed)} catalogs {'to format' if args.check else 'formatted'}, "
          f"{len(results) - len(changed)} unchanged", file=sys.stderr)
    return 1 if args.check and changed else 0


def _stats(args: argparse.Namespace) -> int:
    from .status import collection_status

    project = load_project((args.dest or find_root(Path.cwd())).resolve())
    languages = args.language or project.settings.maintained_languages()  # a derived one's is its source's
    rows = []
    for language in languages:
        for page, catalog, status in collection_status(project, language):
            rows.append({"page": page.relative_to(project.source_dir).as_posix(), "language": language,
                         "catalog": str(catalog) if status is not None else None,
                         "messages": status.total if status else 0, "translated": status.translated if status else 0,
                         "fuzzy": status.fuzzy if status else 0, "untranslated": status.untranslated if status else 0,
                         "percent": status.percent if status else 0})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for language in languages:
        mine = [r for r in rows if r["language"] == language]
        total = sum(r["messages"] for r in mine)
        done = sum(r["translated"] for r in mine)
        print(f"# {language}: {done * 100 // total if total else 100}% ({done}/{total} messages), "
              f"{sum(r['fuzzy'] for r in mine)} fuzzy, {sum(r['untranslated'] for r in mine)} untranslated")
        for r in sorted(mine, key=lambda r: (r["percent"], r["page"])):
            if r["catalog"] is None:
                print(f"- {r['page']:60} no catalog yet")
            elif r["percent"] < 100:
                print(f"- {r['page']:60} {r['percent']:3}% {r['translated']:>4}/{r['messages']:<4} "
                      f"{r['fuzzy']} fuzzy, {r['untranslated']} untranslated")
    return 0


def _versions(args: argparse.Namespace) -> int:
    from . import versions

    root = (args.dest or find_root(Path.cwd())).resolve()
    formats = tuple(f for f in args.formats.split(",") if f)
    unknown = sorted(set(formats) - set(versions.FORMATS))
    if unknown:
        print(f"briefs versions: unknown format {', '.join(unknown)} (known: html, pdf)", file=sys.stderr)
        return 2
    if args.readthedocs:
        try:
            versions.build_readthedocs(root, formats)
        except RuntimeError as exc:
            print(f"briefs versions: the Read the Docs build failed: {exc}", file=sys.stderr)
            return 1
        return 0
    settings = versions.Settings(
        repo=root, site=(args.site or root / "_build" / "site").resolve(),
        cache=(args.cache or root / "_build" / "editions").resolve(), formats=formats,
        site_url=args.site_url or "", main=args.main, jobs=args.jobs,
        only_editions=tuple(args.edition or ()), only_languages=tuple(args.language or ()))
    try:
        if args.list:
            print(json.dumps([{"edition": edition.name, "commit": edition.commit, "language": language}
                              for edition in versions.list_editions(root, args.main)
                              for language in versions.edition_project(root, edition).settings.languages]))
            return 0
        filtered = bool(settings.only_editions or settings.only_languages)
        builds = versions.build_site(settings, assemble=not (filtered or args.no_assemble),
                                     build=not args.assemble_only)
    except (versions.VersionsError, GitError) as exc:
        print(f"briefs versions: {exc}", file=sys.stderr)
        return 2
    for b in builds:
        state = "failed" if b.error else ("built" if b.built else "cached")
        print(f"{state:7} {b.edition.name} {b.language} ({b.edition.commit[:10]})")
    for line in settings.log:
        print(line, file=sys.stderr)
    built = sum(b.built for b in builds)
    print(f"{built} built, {sum(not b.built and not b.error for b in builds)} from the cache, "
          f"{sum(bool(b.error) for b in builds)} failed" + ("" if filtered or args.no_assemble
                                                          else f"; site: {settings.site}"))
    return 1 if settings.log else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="briefs", description="Work with a Briefs collection.")
    parser.add_argument("--version", action="version", version=f"briefs {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    command = commands.add_parser("import", help="turn digests into brief pages and zh_TW catalogs")
    command.add_argument("files", nargs="+", metavar="FILE")
    command.add_argument("--dest", type=Path, help="the collection's root (default: the folder holding conf.py)")
    command.add_argument("--dry-run", action="store_true", help="report what would be written; write nothing")
    command.add_argument("--force", action="store_true", help="overwrite briefs edited since their import")
    command.add_argument("--json", action="store_true", help="print the report as JSON")
    command.set_defaults(run=_import)

    command = commands.add_parser("new", help="scaffold an empty brief to write by hand")
    command.add_argument("id")
    command.add_argument("--year", type=int, help="the folder's year (default: --date's, else the year in the id)")
    command.add_argument("--date", help="the article's date, filled in (and its year the folder's)")
    command.add_argument("--dest", type=Path)
    command.set_defaults(run=_new)

    command = commands.add_parser("check", help="check pages and catalogs without building")
    command.add_argument("paths", nargs="*", metavar="PATH", help="pages, catalogs or folders (default: all)")
    command.add_argument("--dest", type=Path)
    command.add_argument("--changed-since", metavar="REF",
                         help="check what changed since REF (e.g. origin/main) and the pages citing it")
    command.add_argument("--json", action="store_true", help="print the findings as JSON")
    command.set_defaults(run=_check)

    command = commands.add_parser("intl", help="update the catalogs from the .pot files, in one stable format")
    command.add_argument("--dest", type=Path)
    command.add_argument("--pot-dir", type=Path, help="the gettext builder's output (default: _build/gettext)")
    command.add_argument("--language", action="append", help="only this language (default: every translated one)")
    command.set_defaults(run=_intl)

    command = commands.add_parser("format", help="rewrite catalogs in the one format (no wrapping, no locations)")
    command.add_argument("paths", nargs="*", type=Path, metavar="PO", help="catalogs or folders (default: all)")
    command.add_argument("--dest", type=Path)
    command.add_argument("--check", action="store_true", help="write nothing; exit 1 if any would change")
    command.set_defaults(run=_format)

    command = commands.add_parser("stats", help="translation status of every page, as potodo gives it")
    command.add_argument("--dest", type=Path)
    command.add_argument("--language", action="append", help="only this language (default: every translated one)")
    command.add_argument("--json", action="store_true", help="one object per page and language")
    command.set_defaults(run=_stats)

    command = commands.add_parser("versions", help="build every edition (v* tags, main as latest) into one site")
    command.add_argument("--dest", type=Path, help="the repository (default: the folder holding conf.py)")
    command.add_argument("--site", type=Path, help="where the site goes (default: _build/site)")
    command.add_argument("--cache", type=Path, help="the builds kept between runs (default: _build/editions)")
    command.add_argument("--formats", default="html,pdf", help="html, pdf or both (default: html,pdf)")
    command.add_argument("--site-url", help="where the site is served (briefs_site_url)")
    command.add_argument("--main", default="main", help="the branch built as latest (default: main)")
    command.add_argument("--jobs", type=int, default=2, help="builds run side by side (default: 2)")
    command.add_argument("--edition", action="append", help="build only this edition (no site is assembled)")
    command.add_argument("--language", action="append", help="build only this language (no site is assembled)")
    command.add_argument("--no-assemble", action="store_true", help="build into the cache only")
    command.add_argument("--assemble-only", action="store_true",
                         help="assemble the site from the cache, building nothing (a CI matrix's last job)")
    command.add_argument("--list", action="store_true", help="print every build (edition, commit, language) as a JSON array: a CI matrix")
    command.add_argument("--readthedocs", action="store_true",
                         help="the one build Read the Docs asks for, into $READTHEDOCS_OUTPUT")
    command.set_defaults(run=_versions)

    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except ProjectError as exc:
        print(f"briefs {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
