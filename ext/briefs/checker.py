"""``briefs check``: what a brief page needs before review, without a build.

It reads each page's ``{brief}`` block with the same parser the extension
uses, and reports ``FILE:LINE: message``: metadata problems and placeholders
left by ``briefs new`` are errors; what needs an editor's eye (a title made
from the metadata, keywords and sources the glossary names in one language
only) are notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import glossary as glossaries
from .config import Project
from .metadata import find_block, parse_block

PLACEHOLDER = "TODO"


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    message: str
    error: bool

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {'error' if self.error else 'note'}: {self.message}"


def check_page(path: Path, glossary: glossaries.Glossary, language: str | None, colon_fence: bool) -> list[Finding]:
    """The findings of one page: its title, its ``{brief}`` block, placeholders, the glossary."""
    text = path.read_text(encoding="utf-8")
    findings: list[Finding] = []
    title_line = next((i + 1 for i, line in enumerate(text.split("\n")) if line.startswith("# ")), None)
    if title_line is None:
        findings.append(Finding(path, 1, "no title (a '# ' line)", True))
    elif PLACEHOLDER in text.split("\n")[title_line - 1]:
        findings.append(Finding(path, title_line, "the title is still a placeholder", True))
    found = find_block(text, colon_fence)
    if found is None:
        findings.append(Finding(path, 1, "no {brief} metadata block", True))
        return findings
    fence_line, body = found
    brief, problems = parse_block(body)
    for problem in problems:
        line = fence_line if problem.line is None else fence_line + 1 + problem.line
        findings.append(Finding(path, line, problem.message, True))
    for number, line in enumerate(body.split("\n")):
        if PLACEHOLDER in line:
            findings.append(Finding(path, fence_line + 1 + number, f"placeholder left: {line.strip()!r}", True))
    for number, line in enumerate(text.split("\n"), start=1):
        if number > fence_line + body.count("\n") + 1 and PLACEHOLDER in line:
            findings.append(Finding(path, number, "placeholder text left in the body", True))
    if brief.digest_title and title_line is not None:
        findings.append(Finding(path, title_line, f"check the title: the digest's own title line was "
                                f"{brief.digest_title!r}", False))
    for problem in glossary.problems(brief.keywords, brief.source, language):
        findings.append(Finding(path, fence_line + 1 + brief.lines.get(problem.field, 0), problem.message,
                                problem.error))
    return findings


def check(paths: list[Path], project: Project) -> list[Finding]:
    """The findings of the pages at ``paths`` (files or folders; default: every brief page)."""
    glossary = glossaries.load(project.glossary_path)
    language = project.settings.chinese_language()
    colon_fence = "colon_fence" in project.myst_extensions
    pages: list[Path] = []
    for path in paths or [project.pages_dir]:
        pages.extend(sorted(path.rglob("*.md")) if path.is_dir() else [path])
    return [finding for page in pages for finding in check_page(page, glossary, language, colon_fence)]


NEW_PAGE = """\
# TODO: the article's title

```{{brief}}
authors: TODO
source: TODO
date: TODO
keywords: TODO
```

- TODO: the first point of the summary.
"""


def new_page(project: Project, brief_id: str, year: str) -> Path:
    """Scaffold an empty brief; ``briefs check`` rejects it until every TODO is gone."""
    path = project.page_path(year, brief_id)
    if path.exists():
        raise FileExistsError(f"{path} exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(NEW_PAGE.format(), encoding="utf-8")
    return path
