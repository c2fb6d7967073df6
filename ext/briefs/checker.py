"""``briefs check``: what a brief page needs before review, without a build.

It reads each page's ``{brief}`` block with the same parser the extension
uses, and reports ``FILE:LINE: message``: metadata problems and placeholders
left by ``briefs new`` are errors; what needs an editor's eye (a title made
from the metadata, keywords and sources the glossary names in one language
only) are notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import glossary as glossaries
from .metadata import parse_block

PLACEHOLDER = "TODO"
_FENCE = re.compile(r"^(`{3,}|~{3,})\{brief\}\s*$")


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    message: str
    error: bool

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {'error' if self.error else 'note'}: {self.message}"


def brief_block(text: str) -> tuple[int, str] | None:
    """(1-based line of the opening fence, block body) of a page's ``{brief}`` block."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        match = _FENCE.match(line.strip())
        if match:
            fence = match.group(1)
            for end in range(index + 1, len(lines)):
                if lines[end].strip().startswith(fence[0] * len(fence)) and not lines[end].strip().strip(fence[0]):
                    return index + 1, "\n".join(lines[index + 1 : end])
            return index + 1, "\n".join(lines[index + 1 :])
    return None


def check_page(path: Path, glossary: glossaries.Glossary, language: str = "zh_TW") -> list[Finding]:
    text = path.read_text(encoding="utf-8")
    findings: list[Finding] = []
    title_line = next((i + 1 for i, line in enumerate(text.split("\n")) if line.startswith("# ")), None)
    if title_line is None:
        findings.append(Finding(path, 1, "no title (a '# ' line)", True))
    elif PLACEHOLDER in text.split("\n")[title_line - 1]:
        findings.append(Finding(path, title_line, "the title is still a placeholder", True))
    found = brief_block(text)
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
    for keyword in brief.keywords:
        term = glossary.find("keywords", keyword)
        if term is None:
            findings.append(Finding(path, fence_line + 1 + brief.lines.get("keywords", 0),
                                    f"keyword {keyword!r} is not in the glossary", True))
        elif language not in term.names:
            findings.append(Finding(path, fence_line + 1 + brief.lines.get("keywords", 0),
                                    f"keyword {term.key!r} has no {language} name in the glossary", False))
    if brief.source:
        term = glossary.find("sources", brief.source)
        if term is not None and language not in term.names:
            findings.append(Finding(path, fence_line + 1 + brief.lines.get("source", 0),
                                    f"source {term.key!r} has no {language} name in the glossary", False))
    return findings


def check(paths: list[Path], root: Path) -> list[Finding]:
    glossary = glossaries.load(root / "glossary.yaml")
    pages: list[Path] = []
    for path in paths or [root / "source" / "briefs"]:
        pages.extend(sorted(path.rglob("*.md")) if path.is_dir() else [path])
    return [finding for page in pages for finding in check_page(page, glossary)]


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


def new_page(root: Path, brief_id: str, year: str) -> Path:
    """Scaffold an empty brief; ``briefs check`` rejects it until every TODO is gone."""
    path = root / "source" / "briefs" / year / f"{brief_id}.md"
    if path.exists():
        raise FileExistsError(f"{path} exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(NEW_PAGE.format(), encoding="utf-8")
    return path
