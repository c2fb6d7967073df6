"""``briefs check``: what a contribution needs before review, without a build.

One line per finding, ``path:line: error|note: message [type]``, with the
type the build's warning would have.  Pages are read with the same parsers
and rules as the build: the ``{brief}`` block (``metadata``), the glossary,
unsafe markup (``safety``), brief ids and ``{brief}`` references across the
collection.  Catalogs (``.po``) are read with polib: parse errors, headers,
unsafe markup in a ``msgstr``, a ``msgstr`` that loses a role, a link target
or a placeholder of its ``msgid``, and untranslated and fuzzy counts.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from . import glossary as glossaries
from .config import Project
from .git import git
from .markup import BRIEF_REFERENCE, lost_markup
from .metadata import find_block, parse_block
from .safety import INTERFACE_CATALOG, added_html, find_includes, find_unsafe, find_unsafe_rst
from .status import CatalogStatus

PLACEHOLDER = "TODO"
@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    message: str
    error: bool
    type: str = "briefs"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {'error' if self.error else 'note'}: {self.message} [{self.type}]"

    def as_json(self) -> dict:
        return {**asdict(self), "path": str(self.path), "severity": "error" if self.error else "note"}


@dataclass(frozen=True)
class Page:
    """What the collection-wide checks need of a page: its id and where it cites."""

    path: Path
    id: str | None  # None for a page that is not a brief
    id_line: int
    references: tuple[tuple[str, int], ...]  # (brief id, line)


def read_page(path: Path, colon_fence: bool) -> Page:
    text = path.read_text(encoding="utf-8")
    found = find_block(text, colon_fence)
    references = tuple((m.group(1), text.count("\n", 0, m.start()) + 1) for m in BRIEF_REFERENCE.finditer(text))
    if found is None:
        return Page(path, None, 1, references)
    fence_line, body = found
    brief, _problems = parse_block(body)
    id_line = fence_line + 1 + brief.lines["id"] if "id" in brief.lines else fence_line
    return Page(path, brief.id or path.stem, id_line, references)


def check_page(path: Path, glossary: glossaries.Glossary, language: str | None, colon_fence: bool,
               extensions: frozenset[str] = frozenset(), source_dir: Path | None = None) -> list[Finding]:
    """The findings of one page: its title, its ``{brief}`` block, placeholders, the glossary,
    unsafe markup (in the files it includes too)."""
    text = path.read_text(encoding="utf-8")
    findings: list[Finding] = [Finding(path, u.line, u.message, True, "briefs.unsafe")
                               for u in find_unsafe(text, extensions)]
    findings += check_includes(path, text, source_dir or path.parent, extensions)
    title_line = next((i + 1 for i, line in enumerate(text.split("\n")) if line.startswith("# ")), None)
    found = find_block(text, colon_fence)
    if found is None:
        return findings  # not a brief: an index or a contents page
    if title_line is None:
        findings.append(Finding(path, 1, "no title (a '# ' line)", True, "briefs.title"))
    elif PLACEHOLDER in text.split("\n")[title_line - 1]:
        findings.append(Finding(path, title_line, "the title is still a placeholder", True, "briefs.placeholder"))
    fence_line, body = found
    brief, problems = parse_block(body)
    for problem in problems:
        line = fence_line if problem.line is None else fence_line + 1 + problem.line
        findings.append(Finding(path, line, problem.message, True, f"briefs.{problem.kind}"))
    for number, line in enumerate(body.split("\n")):
        if PLACEHOLDER in line:
            findings.append(Finding(path, fence_line + 1 + number, f"placeholder left: {line.strip()!r}", True,
                                    "briefs.placeholder"))
    for number, line in enumerate(text.split("\n"), start=1):
        if number > fence_line + body.count("\n") + 1 and PLACEHOLDER in line:
            findings.append(Finding(path, number, "placeholder text left in the body", True, "briefs.placeholder"))
    if brief.digest_title and title_line is not None:
        findings.append(Finding(path, title_line, f"check the title: the digest's own title line was "
                                f"{brief.digest_title!r}", False, "briefs.title"))
    for problem in glossary.problems(brief.keywords, brief.source, language):
        findings.append(Finding(path, fence_line + 1 + brief.lines.get(problem.field, 0), problem.message,
                                problem.error, "briefs.glossary"))
    return findings


def included_files(page: Path, text: str, source_dir: Path,
                   extensions: frozenset[str]) -> list[tuple[int, Path, str]]:
    """``(line, file, markup)`` of each file the page includes, resolved as Sphinx does."""
    if "include" not in text:
        return []  # most pages: no parse
    return [(inc.line, ((source_dir / inc.target.lstrip("/")) if inc.target.startswith("/")
                        else (page.parent / inc.target)).resolve(), inc.markup)
            for inc in find_includes(text, extensions)]


def check_includes(page: Path, text: str, source_dir: Path, extensions: frozenset[str],
                   seen: frozenset[Path] = frozenset()) -> list[Finding]:
    """Unsafe markup in the files a page includes, at their own lines; a missing one at the page's."""
    findings = []
    for line, included, markup in included_files(page, text, source_dir, extensions):
        if included in seen or markup == "literal":
            continue
        if not included.is_file():
            findings.append(Finding(page, line, f"included file not found: {included}", True, "docutils"))
            continue
        content = included.read_text(encoding="utf-8")
        unsafe = find_unsafe(content, extensions) if markup == "markdown" else find_unsafe_rst(content)
        findings += [Finding(included, u.line, u.message, True, "briefs.unsafe") for u in unsafe]
        if markup == "markdown":
            findings += check_includes(included, content, source_dir, extensions, seen | {included})
    return findings


def check_collection(pages: list[Page], checked: set[Path]) -> list[Finding]:
    """Brief ids used twice, and ``{brief}`` references to no brief, on the checked pages."""
    findings = []
    first: dict[str, Page] = {}
    for page in sorted(pages, key=lambda p: str(p.path)):
        if page.id is None:
            continue
        if page.id in first and (page.path in checked or first[page.id].path in checked):
            findings.append(Finding(page.path, page.id_line, f"duplicate brief id {page.id!r} (also in "
                                    f"{first[page.id].path})", True, "briefs.duplicate-id"))
        first.setdefault(page.id, page)
    for page in pages:
        if page.path in checked:
            findings.extend(Finding(page.path, line, unknown_brief_message(target, first), True,
                                    "briefs.unknown-brief")
                            for target, line in page.references if target not in first)
    return findings


def unknown_brief_message(target: str, known: Iterable[str]) -> str:
    """``unknown brief 'x'``, with the nearest ids of the collection (the build's message too)."""
    nearest = difflib.get_close_matches(target, list(known), n=3, cutoff=0.6)
    return f"unknown brief {target!r}" + (f" (did you mean {', '.join(map(repr, nearest))}?)" if nearest else "")


def check_catalog(path: Path, language: str, extensions: frozenset[str] = frozenset(),
                  known_ids: set[str] | None = None) -> list[Finding]:
    """A catalog: readable, headed, safe, and keeping what its messages must keep.

    A page's messages are Markdown, which may carry no HTML; the interface's
    (``sphinx.po``: the theme's templates) may carry the HTML of their msgid only.
    """
    from .catalogs import read_catalog  # the build's own rule

    catalog, problem = read_catalog(path, keep=False)
    if problem is not None or catalog is None:
        line, message = problem or (1, "unreadable")
        return [Finding(path, line or 1, f"{message} in this catalog", True, "i18n.not_readable")]
    findings = []
    content_type = catalog.metadata.get("Content-Type", "")
    if "charset=utf-8" not in content_type.lower().replace(" ", ""):
        findings.append(Finding(path, 1, f"Content-Type must be UTF-8, not {content_type!r}", True, "i18n.header"))
    if catalog.metadata.get("Language") not in (None, "", language):
        findings.append(Finding(path, 1, f"Language is {catalog.metadata['Language']!r}, not {language!r}",
                                True, "i18n.header"))
    for entry in catalog:
        if entry.obsolete or not entry.msgstr:
            continue
        if path.name == INTERFACE_CATALOG:
            added = added_html(entry.msgid, entry.msgstr)
            if added:
                findings.append(Finding(path, entry.linenum, f"msgstr adds HTML its msgid does not have: "
                                        f"{', '.join(added)}", True, "briefs.unsafe"))
        else:
            for unsafe in find_unsafe(entry.msgstr, extensions):
                findings.append(Finding(path, entry.linenum, f"msgstr: {unsafe.message}", True, "briefs.unsafe"))
        for what, lost in lost_markup(entry.msgid, entry.msgstr).items():
            findings.append(Finding(path, entry.linenum, f"msgstr does not keep the {what} of its msgid: "
                                    f"{', '.join(lost)}", True, "i18n.kept"))
        for match in BRIEF_REFERENCE.finditer(entry.msgstr):
            if known_ids is not None and match.group(1) not in known_ids:
                findings.append(Finding(path, entry.linenum, unknown_brief_message(match.group(1), known_ids),
                                        True, "briefs.unknown-brief"))
    status = CatalogStatus.of(catalog)
    if status.translated < status.total:
        findings.append(Finding(path, 1, f"{status.translated} of {status.total} messages translated, "
                                f"{status.fuzzy} fuzzy, {status.untranslated} untranslated", False, "i18n.status"))
    return findings


def changed_files(root: Path, since: str) -> list[Path]:
    """The files a pull request touches: changed since ``since`` (merge base), committed or not."""
    def names(*args: str) -> set[str]:
        return {line for line in git(root, *args).split("\n") if line}

    changed = names("diff", "--name-only", "--diff-filter=d", f"{since}...HEAD")
    changed |= names("diff", "--name-only", "--diff-filter=d", "HEAD")
    changed |= names("ls-files", "--others", "--exclude-standard")
    top = Path(git(root, "rev-parse", "--show-toplevel"))
    return sorted(top / name for name in changed)


def check(paths: list[Path], project: Project, changed_since: str | None = None) -> list[Finding]:
    """The findings of the pages and catalogs at ``paths`` (files or folders; default:
    every page and catalog), or of those changed since a git ref and the pages citing them."""
    glossary = glossaries.load(project.glossary_path)
    language = project.settings.chinese_language()
    colon_fence = "colon_fence" in project.myst_extensions
    extensions = frozenset(project.myst_extensions)
    every_page = sorted(project.source_dir.rglob("*.md"))
    pages = {path: read_page(path, colon_fence) for path in every_page}
    if changed_since is not None:
        touched = [path.resolve() for path in changed_files(project.root, changed_since)]
        targets = [p for p in touched if p.suffix in (".md", ".po") and p.is_file()]
        # A changed file that pages include: those pages are checked.
        others = set(touched) - set(targets)
        targets += [page.resolve() for page in every_page if others & {
            file for _line, file, _markup in included_files(page, page.read_text(encoding="utf-8"),
                                                            project.source_dir, extensions)}]
    else:
        targets = []
        for path in paths or [project.source_dir, project.locale_dir]:
            targets.extend(sorted([*path.rglob("*.md"), *path.rglob("*.po")]) if path.is_dir() else [path])
        targets = [t.resolve() for t in targets]
    checked_pages = {p for p in targets if p.suffix == ".md" and p.is_relative_to(project.source_dir.resolve())}
    catalogs = [p for p in targets if p.suffix == ".po"]
    if changed_since is not None:
        # A changed catalog's page, and the pages citing a changed brief, are checked too.
        for catalog in catalogs:
            page = project.page_of_catalog(catalog)
            if page is not None:
                checked_pages.add(page)
        ids = {pages[p].id for p in checked_pages if p in pages and pages[p].id}
        checked_pages |= {path.resolve() for path, page in pages.items()
                          if any(target in ids for target, _line in page.references)}
    findings = [f for page in sorted(checked_pages)
                for f in check_page(page, glossary, language, colon_fence, extensions, project.source_dir)]
    findings += check_collection([Page(p.path.resolve(), p.id, p.id_line, p.references) for p in pages.values()],
                                 checked_pages)
    known_ids = {page.id for page in pages.values() if page.id}
    for catalog in sorted(catalogs):
        catalog_language = _language_of_catalog(project, catalog) or language or ""
        if project.is_orphan(catalog):
            findings.append(Finding(catalog, 1, "this catalog belongs to no page (was its page moved? "
                                    "'make intl' moves a catalog with its page)", True, "i18n.orphan"))
        findings += check_catalog(catalog, catalog_language, extensions, known_ids)
    return list(dict.fromkeys(findings))  # a file included by two checked pages: its findings once


def _language_of_catalog(project: Project, catalog: Path) -> str | None:
    try:
        return catalog.relative_to(project.locale_dir.resolve()).parts[0]
    except ValueError:
        return None


NEW_PAGE = """\
# TODO: the article's title

```{{brief}}
authors: TODO
source: TODO
date: {date}
keywords: TODO
```

- TODO: the first point of the summary.
"""


def new_page(project: Project, brief_id: str, year: str, date: str = "") -> Path:
    """Scaffold an empty brief; ``briefs check`` rejects it until every TODO is gone."""
    path = project.page_path(year, brief_id)
    if path.exists():
        raise FileExistsError(f"{path} exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(NEW_PAGE.format(date=date or "TODO"), encoding="utf-8")
    return path
