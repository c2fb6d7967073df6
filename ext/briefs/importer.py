"""``briefs import``: a digest in, a MyST page and its zh_TW catalog out.

The page carries the ``{brief}`` block and the English text with its
structure; the catalog carries, for each English message, its Chinese
partner as ``msgstr``, with exactly the message ids Sphinx's gettext builder
extracts from the page.  A block found only in Chinese is written into the
page in Chinese (so English readers still see it).  Before anything is
written, every non-blank input line is looked for in the output; a digest
that would lose a line is refused.  Page and catalog are written together or
not at all.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import difflib
import hashlib
import re
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import polib

from . import digest as digests
from . import glossary as glossaries
from . import intl, titles
from .config import CONF_FILE, Project, ProjectError, load_project
from .digest import Block, Digest, DigestError, normalize
from .files import replacing, write_atomically
from .markup import escape, unescape
from .metadata import PartialDate, key_for_label, parse_block, split_label_line

MARKER = "% briefs-import"

# ---------------------------------------------------------------------------
# Results


@dataclass
class Result:
    """What happened to one input file (the report, and ``--json``)."""

    file: str
    status: str = "failed"  # imported, unchanged, failed
    id: str | None = None
    page: str | None = None
    catalog: str | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    paired: int = 0
    chinese_only: int = 0
    english_only: int = 0
    diff: str | None = None

    def as_json(self) -> dict:
        return {
            "file": self.file, "status": self.status, "id": self.id, "page": self.page, "catalog": self.catalog,
            "error": self.error, "warnings": self.warnings, "paired": self.paired,
            "chinese_only": self.chinese_only, "english_only": self.english_only,
        }


class ImportRefused(Exception):
    """The digest is readable but importing it would lose or overwrite something."""

    def __init__(self, line: int, message: str, diff: str | None = None) -> None:
        super().__init__(message)
        self.line, self.message, self.diff = line, message, diff


# ---------------------------------------------------------------------------
# The collection on disk


@dataclass
class Collection:
    """The repository an import writes into, indexed once per batch."""

    project: Project
    language: str  # the collection's Chinese language, which the catalogs translate into
    pages: dict[str, Path] = field(default_factory=dict)  # id -> page
    imported: dict[str, Path] = field(default_factory=dict)  # digest hash -> page

    @classmethod
    def open(cls, root: Path) -> Collection:
        """The collection at ``root``, as its ``conf.py`` lays it out (ProjectError if it cannot)."""
        project = load_project(root)
        language = project.settings.chinese_language()
        if language is None:
            raise ProjectError(f"{root / CONF_FILE}: briefs_languages has no Chinese language to import into")
        collection = cls(project, language)
        for page in sorted(project.pages_dir.glob("*/*.md")):
            collection.pages[page.stem] = page
            with page.open(encoding="utf-8") as f:
                digest = import_marker(f.readline()).get("digest")
            if digest:
                collection.imported[digest] = page
        return collection

    @property
    def root(self) -> Path:
        return self.project.root

    @property
    def glossary_path(self) -> Path:
        return self.project.glossary_path

    def page_path(self, year: int | str, brief_id: str) -> Path:
        return self.project.page_path(year, brief_id)

    def catalog_path(self, year: int | str, brief_id: str) -> Path:
        return self.project.catalog_path(self.language, year, brief_id)


def import_marker(page_text: str) -> dict[str, str]:
    """The ``% briefs-import`` first line of a page: digest and content hashes."""
    first = page_text.split("\n", 1)[0]
    if not first.startswith(MARKER):
        return {}
    return dict(part.split("=", 1) for part in first[len(MARKER):].split() if "=" in part)


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()[:16]


def _catalog_sha(text: str) -> str:
    """The catalog's translations, not its format: ``make intl`` may rewrite the header."""
    try:
        return _sha(intl.fingerprint(text)) if text else ""
    except OSError:  # polib refuses a catalog it cannot parse: the text is all there is
        return _sha(text)


def _created(catalog_text: str) -> datetime.datetime:
    """A catalog written again keeps its creation date; a new one is made now."""
    match = re.search(r'^"POT-Creation-Date: ([^\\"]+)', catalog_text, re.M)
    if match:
        with contextlib.suppress(ValueError):
            return datetime.datetime.strptime(match.group(1).strip(), "%Y-%m-%d %H:%M%z")
    return datetime.datetime.now(datetime.UTC)


# ---------------------------------------------------------------------------
# Planning a brief


@dataclass
class Planned:
    id: str
    year: str
    page: str
    catalog: polib.POFile
    series: str | None
    new_terms: dict[str, dict[str, dict[str, str]]]
    warnings: list[str]
    paired: int
    chinese_only: int
    english_only: int


def _surname(author: str) -> str:
    if digests.is_chinese(author):
        return glossaries.slug(author)
    return glossaries.slug(author.split()[-1]) if author.split() else "anon"


def _short_slug(text: str, words: int = 5) -> str:
    kept = [w for w in re.split(r"\W+", text.lower()) if w and w not in {"a", "an", "the", "of", "and", "for"}]
    return glossaries.slug(" ".join(kept[:words]))[:40].rstrip("-") or "brief"


def plan(dig: Digest, existing_ids: set[str], glossary: glossaries.Glossary, language: str) -> Planned:
    """Everything the import will write, in memory, or a DigestError/ImportRefused."""
    brief, problems = parse_block(dig.header_text())
    header_line = {i: n for i, (n, _t) in enumerate(dig.header)}
    warnings: list[str] = []
    for problem in problems:
        line = header_line.get(problem.line, dig.header[0][0]) if problem.line is not None else dig.header[0][0]
        if problem.kind in ("date", "missing", "url"):
            raise DigestError(line, problem.message)
        warnings.append(f"line {line}: {problem.message}")
    assert brief.date is not None  # a missing or unreadable date raised above
    date: PartialDate = brief.date
    title = dig.title
    part = title.part if title else None

    # Title: the digest's own English title when it is one, else made from the metadata.
    english_title = None
    if title and not title.chinese and not title.suspect:
        english_title = title.title
    if title and title.suspect:
        warnings.append(f"line {title.lines[0]}: suspect title {title.text!r}: {title.suspect}; kept as digest-title")
    composed = english_title is None
    if composed:
        # Composed as the build recognises it (titles.compose), which shows it in each language.
        english_title = titles.compose(dataclasses.replace(brief, part=part), glossary, "en", brief.date_text or "")
        if not title:
            warnings.append("no title line: the title was made from the metadata")
        elif title.chinese:
            warnings.append(f"line {title.lines[0]}: Chinese title only: the English title was made from the metadata")
    if title and title.source_hint:
        warnings.append(f"line {title.lines[0]}: title names the source as {title.source_hint!r}")

    # Id and series: parts of one article share authors, source and date.
    first_author = brief.authors[0] if brief.authors else "anon"
    own_title = title is not None and not title.chinese and not title.suspect
    english_keywords = [glossary.term("keywords", k).key for k in brief.keywords]
    english_keywords = [k for k in english_keywords if not digests.is_chinese(k)]
    subject = english_title if own_title else " ".join(english_keywords) or titles.split_source(brief.source or "")[0]
    base = f"{_surname(first_author)}-{date.year}-{_short_slug(subject)}"
    series = None
    if part:
        article = f"{_surname(first_author)}-{date.iso()}-{_short_slug(brief.source or '', 3)}"
        series = glossaries.slug(article)
        base = f"{series}-part-{part}"
    brief_id = base
    suffix = 2
    while brief_id in existing_ids:
        brief_id = f"{base}-{suffix}"
        suffix += 1

    # Glossary: new keywords and sources are added, reported if named in one language only.
    new_terms: dict[str, dict[str, dict[str, str]]] = {"keywords": {}, "sources": {}}
    for keyword in glossary.unknown_keywords(brief.keywords):
        new_terms["keywords"][keyword] = {}
        warnings.append(f"keyword {keyword!r} is new to the glossary, named in one language only")
    if brief.source and glossary.find("sources", brief.source) is None:
        english, chinese = titles.split_source(brief.source)
        if glossary.find("sources", english) is None:
            new_terms["sources"][english] = {language: chinese} if chinese else {}
            if not chinese:
                warnings.append(f"source {brief.source!r} is new to the glossary, named in one language only")

    page, catalog, counts = render(dig, brief_id, english_title, brief, series, part, date, composed)
    for block in dig.repeated:
        warnings.append(f"line {block.lines[0]}: repeated paragraph kept: {block.text[:40]!r}")
    return Planned(brief_id, str(date.year), page, catalog, series, new_terms, warnings, *counts)


# ---------------------------------------------------------------------------
# Rendering


def _metadata_block(dig: Digest, brief, series: str | None, part: int | None, composed: bool) -> list[str]:
    """The ``{brief}`` block: canonical keys, values as published (the parser splits them)."""
    published = {}
    for _line, text in dig.header:
        label, value = split_label_line(text) or ("", "")
        key = key_for_label(label)
        if key and value and key not in published:
            published[key] = value
    lines = ["```{brief}"]
    for key in ("authors", "source", "date", "keywords", "url", "digest-url"):
        if key in published:
            lines.append(f"{key}: {published[key]}")
    if dig.title:
        lines.append(f"digest-title: {dig.title.text}")
    if composed:
        lines.append("composed-title: yes")
    if series:
        lines.append(f"series: {series}")
        lines.append(f"part: {part}")
    lines.append("```")
    return lines


def _page_order(dig: Digest) -> list[Block]:
    """English blocks in order; a Chinese block without partner goes after the
    English partner of the Chinese block before it."""
    english = dig.of("en")
    placed: dict[int, list[Block]] = {}
    anchor = -1
    index = {id(b): i for i, b in enumerate(english)}
    for block in dig.of("zh"):
        if block.partner is not None:
            anchor = index[id(block.partner)]
        else:
            placed.setdefault(anchor, []).append(block)
    order = list(placed.get(-1, []))
    for i, block in enumerate(english):
        order.append(block)
        order.extend(placed.get(i, []))
    return order


def render(dig: Digest, brief_id: str, title: str, brief, series, part, date,
           composed: bool = False) -> tuple[str, polib.POFile, tuple]:
    order = _page_order(dig)
    body: list[str] = []
    previous: Block | None = None
    for block in order:
        text = escape(block.text)
        listish = block.kind in ("bullet", "subitem")
        if body and not (listish and previous is not None and previous.kind in ("bullet", "subitem")):
            body.append("")
        if block.kind == "heading":
            body.append(f"## {text}")
        elif block.kind == "bullet":
            body.append(f"- {text}")
        elif block.kind == "subitem":
            number = block.number or "1"
            indent = "  " if previous is not None and previous.kind in ("bullet", "subitem") else ""
            body.append(f"{indent}{number}. {text}")
        else:
            body.append(text)
        previous = block
    lines = [f"# {escape(title)}", "", *_metadata_block(dig, brief, series, part, composed), "", *body, ""]
    page = "\n".join(lines)

    catalog = polib.POFile(wrapwidth=0)
    # Every message Sphinx extracts from the page, in page order: the title,
    # then each block.  A Chinese-only block is its own (untranslated) message.
    title_zh = ""
    if dig.title and dig.title.chinese and dig.title.title:
        title_zh = escape(dig.title.title + (" " + _part_suffix(dig) if _part_suffix(dig) else ""))
    entries: dict[str, polib.POEntry] = {}

    def add(msgid: str, msgstr: str, line: int) -> None:
        if msgid in entries:
            if entries[msgid].msgstr != msgstr:
                raise ImportRefused(line, "the same English text has two different Chinese translations")
            return
        entries[msgid] = polib.POEntry(msgid=msgid, msgstr=msgstr)

    add(escape(title), title_zh, dig.title.lines[0] if dig.title else 1)
    paired = chinese_only = english_only = 0
    for block in order:
        if block.lang == "zh":
            chinese_only += 1
            add(escape(block.text), "", block.lines[0])
        elif block.partner is None:
            english_only += 1
            add(escape(block.text), "", block.lines[0])
        else:
            paired += 1
            add(escape(block.text), escape(block.partner.text), block.lines[0])
    for entry in entries.values():
        catalog.append(entry)
    return page, catalog, (paired, chinese_only, english_only)


def _part_suffix(dig: Digest) -> str:
    m = digests._TITLE_PART.search(dig.title.text) if dig.title else None
    return m.group(0).strip() if m else ""


# ---------------------------------------------------------------------------
# Nothing lost

def check_nothing_lost(text: str, dig: Digest, page: str, catalog: polib.POFile) -> None:
    """Every non-blank input line is in the output: body lines (whitespace folded,
    list marker aside) in the page or the catalog, label lines' values in the
    metadata block."""
    haystack = normalize(unescape(page + "\n" + "\n".join(e.msgstr for e in catalog)))
    header = dict(dig.header)
    for number, raw in enumerate(text.split("\n"), start=1):
        line = normalize(raw)
        if not line:
            continue
        if number in header:
            split = split_label_line(raw)
            if split is None or normalize(split[1]) in haystack:
                continue
        elif digests.without_marker(line) in haystack or line in haystack:
            continue
        raise ImportRefused(number, f"this line would be lost: {line[:60]!r}")


# ---------------------------------------------------------------------------
# Writing


def write_together(files: dict[Path, str]) -> None:
    """Write every file or none: all go to temporary names first, then are renamed;
    a failed rename puts back what was there."""
    backups: dict[Path, bytes | None] = {p: (p.read_bytes() if p.exists() else None) for p in files}
    done: list[Path] = []
    with ExitStack() as renames:
        # Each file is renamed onto its target as the stack unwinds, after all were written.
        for path, content in files.items():
            renames.enter_context(replacing(path)).write_text(content, encoding="utf-8")
            done.append(path)
        try:
            renames.close()
        except OSError:
            for path in done:
                if backups[path] is None:
                    path.unlink(missing_ok=True)
                else:
                    write_atomically(path, backups[path])
            raise


Terms = dict[str, dict[str, dict[str, str]]]


def import_file(
    path: Path, collection: Collection, glossary: glossaries.Glossary, force: bool = False,
) -> tuple[Result, Terms, dict[Path, str]]:
    """Plan one digest's import: the result, the glossary terms it adds and the
    files to write (together)."""
    result = Result(file=str(path))
    none: Terms = {}
    try:
        data = path.read_bytes()
    except OSError as exc:
        result.error = f"{path}:0: cannot read: {exc.strerror}"
        return result, none, {}
    try:
        text = digests.decode(data)
        dig = digests.read(text)
        digest_hash = _sha(normalize(text))
        # A digest imported before keeps its id, whatever ids were taken since.
        previous = collection.imported.get(digest_hash)
        taken = set(collection.pages) - ({previous.stem} if previous else set())
        planned = plan(dig, taken, glossary, collection.language)
        check_nothing_lost(text, dig, planned.page, planned.catalog)
    except (DigestError, ImportRefused) as exc:
        result.error = f"{path}:{exc.line}: {exc.message}"
        return result, none, {}

    page_path = collection.page_path(planned.year, planned.id)
    catalog_path = collection.catalog_path(planned.year, planned.id)
    current_catalog = catalog_path.read_text(encoding="utf-8") if catalog_path.exists() else ""
    catalog_text = intl.new_catalog(collection.language, collection.project.name, collection.project.copyright,
                                    [(e.msgid, e.msgstr) for e in planned.catalog], _created(current_catalog))
    marker = f"{MARKER} digest={digest_hash} page={_sha(planned.page)} catalog={_catalog_sha(catalog_text)}\n"
    page_text = marker + planned.page
    result.id = planned.id
    result.page = page_path.relative_to(collection.root).as_posix()
    result.catalog = catalog_path.relative_to(collection.root).as_posix()
    result.warnings = planned.warnings
    result.paired, result.chinese_only, result.english_only = planned.paired, planned.chinese_only, planned.english_only

    if page_path.exists():
        current_page = page_path.read_text(encoding="utf-8")
        if current_page == page_text and _catalog_sha(current_catalog) == _catalog_sha(catalog_text):
            result.status = "unchanged"
            return result, none, {}
        recorded = import_marker(current_page)
        body = current_page.split("\n", 1)[1] if recorded else current_page
        # A catalog hash of the whole text is how imports before the fingerprint recorded it.
        edited = (recorded.get("page") != _sha(body)
                  or recorded.get("catalog") not in (_catalog_sha(current_catalog), _sha(current_catalog)))
        if edited and not force:
            result.diff = "".join(difflib.unified_diff(
                body.splitlines(keepends=True), planned.page.splitlines(keepends=True),
                fromfile=f"{result.page} (as edited)", tofile=f"{result.page} (as imported now)"))
            result.error = f"{path}:0: {result.page} was edited since it was imported; --force overwrites it"
            return result, none, {}
    collection.pages[planned.id] = page_path
    collection.imported[digest_hash] = page_path
    result.status = "imported"
    return result, planned.new_terms, {page_path: page_text, catalog_path: catalog_text}


def import_files(paths: list[Path], root: Path, dry_run: bool = False, force: bool = False) -> list[Result]:
    """Import a batch; each file succeeds or fails alone.

    Digests are planned one after another (ids and series depend on the ones
    before), in memory; then each one's page and catalog are written together
    by a pool of writer threads: creating files is what takes the time.
    New glossary terms are known in memory at once and written at the end.
    """
    collection = Collection.open(root)
    glossary = glossaries.load(collection.glossary_path)
    added: Terms = {"keywords": {}, "sources": {}}
    results: list[Result] = []
    pending: list[tuple[Result, dict[Path, str]]] = []
    for path in paths:
        result, terms, files = import_file(path, collection, glossary, force=force)
        results.append(result)
        if files and not dry_run:
            pending.append((result, files))
        for kind, new in terms.items():
            for key, names in new.items():
                added[kind].setdefault(key, names)
                getattr(glossary, kind)[key] = glossaries.Term(key, dict(names))
        if any(terms.values()):
            glossary.reindex()
    with ThreadPoolExecutor(max_workers=4) as writers:
        writes = [(result, writers.submit(write_together, files)) for result, files in pending]
    for result, write in writes:
        if (error := write.exception()) is not None:
            result.status, result.error = "failed", f"{result.file}:0: cannot write: {error}"
    if not dry_run:
        for kind, terms in added.items():
            if terms:
                glossaries.add_terms(collection.glossary_path, kind, terms)
    return results
