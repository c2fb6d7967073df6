"""The ``briefs`` command: import digests, scaffold and check briefs.

    briefs import FILE... [--dest ROOT] [--dry-run] [--force] [--json]
    briefs new ID [--year YEAR] [--dest ROOT]
    briefs check [PATH...] [--dest ROOT]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

from . import __version__
from .config import ProjectError, load_project


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
            for warning in r.warnings:
                print(f"          warning: {warning}")
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
    project = load_project((args.dest or find_root(Path.cwd())).resolve())
    root = project.root
    try:
        path = new_page(project, args.id, str(args.year))
    except FileExistsError as exc:
        print(f"briefs new: {exc}", file=sys.stderr)
        return 1
    print(f"created {path.relative_to(root)}: fill in every TODO, then run 'briefs check'")
    return 0


def _check(args: argparse.Namespace) -> int:
    from .checker import check

    project = load_project((args.dest or find_root(Path.cwd())).resolve())
    findings = check([Path(p) for p in args.paths], project)
    for finding in findings:
        print(finding)
    errors = sum(f.error for f in findings)
    print(f"{errors} errors, {len(findings) - errors} notes", file=sys.stderr)
    return 1 if errors else 0


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
    command.add_argument("--year", type=int, default=dt.date.today().year)
    command.add_argument("--dest", type=Path)
    command.set_defaults(run=_new)

    command = commands.add_parser("check", help="check brief pages without building")
    command.add_argument("paths", nargs="*", metavar="PATH")
    command.add_argument("--dest", type=Path)
    command.set_defaults(run=_check)

    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except ProjectError as exc:
        print(f"briefs {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
