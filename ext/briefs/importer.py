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
from . import series as serieses
from .config import CONF_FILE, Project, ProjectError, load_project
from .digest import Block, Digest, DigestError, normalize
from .files import remove_leftovers, replacing, write_atomically
from .markup import escape, unescape
from .metadata import Brief, PartialDate, find_block, key_for_label, parse_block, split_label_line

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
    series: str | None = None
    part: int | None = None
    parts: int | None = None  # how many parts the series has
    order: str | None = None  # what ordered the parts (series.py)
    notes: list[str] = field(default_factory=list)  # about the series: updates, clashes
    diff: str | None = None

    def as_json(self) -> dict:
        return {
            "file": self.file, "status": self.status, "id": self.id, "page": self.page, "catalog": self.catalog,
            "error": self.error, "warnings": self.warnings, "paired": self.paired,
            "chinese_only": self.chinese_only, "english_only": self.english_only,
            "series": self.series, "part": self.part, "parts": self.parts, "order": self.order, "notes": self.notes,
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
    briefs: dict[str, Brief] = field(default_factory=dict)  # id -> its metadata block, parsed
    markers: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> its import marker

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
            text = page.read_text(encoding="utf-8", errors="replace")
            collection.markers[page.stem] = marker = import_marker(text)
            if marker.get("digest"):
                collection.imported[marker["digest"]] = page
            if (found := find_block(text)) is not None:
                collection.briefs[page.stem] = parse_block(found[1])[0]
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


def split_marker(page_text: str) -> tuple[dict[str, str], str]:
    """The import marker of a page and the page below it (the whole page if it has none)."""
    recorded = import_marker(page_text)
    return recorded, page_text.split("\n", 1)[1] if recorded else page_text


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


def read_header(dig: Digest) -> tuple[Brief, list[str]]:
    """The digest's metadata, parsed, and its warnings; a DigestError for a missing or
    unreadable date, a missing field or a bad URL."""
    brief, problems = parse_block(dig.header_text())
    header_line = {i: n for i, (n, _t) in enumerate(dig.header)}
    warnings: list[str] = []
    for problem in problems:
        line = header_line.get(problem.line, dig.header[0][0]) if problem.line is not None else dig.header[0][0]
        if problem.kind in ("date", "missing", "url"):
            raise DigestError(line, problem.message)
        warnings.append(f"line {line}: {problem.message}")
    return brief, warnings


def series_slug(brief: Brief) -> str:
    """The name a new series of parts takes: first author, date, source."""
    assert brief.date is not None
    first_author = brief.authors[0] if brief.authors else "anon"
    return glossaries.slug(f"{_surname(first_author)}-{brief.date.iso()}-{_short_slug(brief.source or '', 3)}")


def plan(dig: Digest, brief: Brief, header_warnings: list[str], taken: set[str], glossary: glossaries.Glossary,
         language: str, series: str | None = None, part: int | None = None, keep_id: str | None = None) -> Planned:
    """Everything the import will write, in memory, or an ImportRefused.  ``series`` and
    ``part`` come from the batch (series.py); ``keep_id`` is the id of the digest's earlier import."""
    assert brief.date is not None  # read_header refused a missing or unreadable date
    date: PartialDate = brief.date
    warnings = list(header_warnings)
    title = dig.title

    # Title: the digest's own English title when it is one, else made from the metadata.
    english_title = None
    if title and not title.chinese and not title.suspect:
        english_title = title.title
    if title and title.suspect:
        warnings.append(f"line {title.lines[0]}: suspect title {title.text!r}: {title.suspect}; kept as digest-title")
    composed = english_title is None
    if composed:
        # Composed as the build recognises it (titles.compose), which adds the part in each language.
        english_title = titles.compose(brief, glossary, "en", brief.date_text or "")
        if not title:
            warnings.append("no title line: the title was made from the metadata")
        elif title.chinese:
            warnings.append(f"line {title.lines[0]}: Chinese title only: the English title was made from the metadata")
    if title and title.source_hint:
        warnings.append(f"line {title.lines[0]}: title names the source as {title.source_hint!r}")

    # Id: a part's is its series' name and number; a digest imported before keeps its id.
    own_title = title is not None and not title.chinese and not title.suspect
    english_keywords = [glossary.term("keywords", k).key for k in brief.keywords]
    english_keywords = [k for k in english_keywords if not digests.is_chinese(k)]
    subject = english_title if own_title else " ".join(english_keywords) or titles.split_source(brief.source or "")[0]
    first_author = brief.authors[0] if brief.authors else "anon"
    base = f"{series}-part-{part}" if series and part else f"{_surname(first_author)}-{date.year}-{_short_slug(subject)}"
    brief_id = keep_id or base
    suffix = 2
    while brief_id in taken:
        brief_id = f"{base}-{suffix}"
        suffix += 1

    # Glossary: new keywords and sources are added, reported if named in one language only.
    new_terms: dict[str, dict[str, dict[str, str]]] = {"keywords": {}, "sources": {}}
    # A term known in one language only is recorded with that language's name; the message names the other.
    for keyword in glossary.unknown_keywords(brief.keywords):
        chinese = digests.is_chinese(keyword)
        new_terms["keywords"][keyword] = {language: keyword} if chinese else {}
        warnings.append(f"keyword {keyword!r} is new to the glossary, without its "
                        f"{'English' if chinese else language} name yet")
    if brief.source and glossary.find("sources", brief.source) is None:  # by either name of a bilingual one
        english, chinese = titles.split_source(brief.source)
        only_chinese = chinese is None and digests.is_chinese(english)
        new_terms["sources"][english] = {language: chinese or english} if chinese or only_chinese else {}
        if not chinese:
            warnings.append(f"source {brief.source!r} is new to the glossary, without its "
                            f"{'English' if only_chinese else language} name yet")

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
    return digests.part_label(dig.title.text) if dig.title else ""


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
    """Write every file or none: all go to temporary names first, then are renamed,
    the first given last (a brief's page, whose import marker records the others);
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


@dataclass
class Read:
    """A digest of the batch, read and its metadata checked (the first pass of an import)."""

    path: Path
    text: str
    dig: Digest
    brief: Brief
    warnings: list[str]
    digest_hash: str
    previous: Path | None  # the page of the digest's earlier import
    rewritable: bool  # no earlier import, or one not edited since (or --force)
    result: Result

    @property
    def file_number(self) -> str | None:
        """The number the file's name starts with ("012_f235fc45.txt"): the publisher's order."""
        match = re.match(r"\d+", self.path.name)
        return match.group() if match else None


def read_digest(path: Path, collection: Collection, force: bool) -> Read | Result:
    """The digest at ``path`` read, or the failed Result saying why it cannot be."""
    result = Result(file=str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        result.error = f"{path}:0: cannot read: {exc.strerror}"
        return result
    try:
        text = digests.decode(data)
        dig = digests.read(text)
        brief, warnings = read_header(dig)
    except DigestError as exc:
        result.error = f"{path}:{exc.line}: {exc.message}"
        return result
    digest_hash = _sha(normalize(text))
    previous = collection.imported.get(digest_hash)
    rewritable = force or previous is None or not _edited(*_page_and_catalog(collection, previous))
    return Read(path, text, dig, brief, warnings, digest_hash, previous, rewritable, result)


def _page_and_catalog(collection: Collection, page: Path) -> tuple[str, str]:
    catalog = collection.catalog_path(page.parent.name, page.stem)
    return page.read_text(encoding="utf-8"), catalog.read_text(encoding="utf-8") if catalog.exists() else ""


def _edited(page_text: str, catalog_text: str | None) -> bool:
    """A page or catalog changed since ``briefs import`` wrote it (or not written by it);
    the page alone where ``catalog_text`` is None."""
    recorded, body = split_marker(page_text)
    if recorded.get("page") != _sha(body):
        return True
    # A catalog hash of the whole text is how imports before the fingerprint recorded it.
    return catalog_text is not None and recorded.get("catalog") not in (_catalog_sha(catalog_text), _sha(catalog_text))


def import_file(
    read: Read, collection: Collection, glossary: glossaries.Glossary,
    series: str | None, part: int | None, force: bool = False,
) -> tuple[Result, Terms, dict[Path, str]]:
    """Plan one digest's import: the result, the glossary terms it adds and the
    files to write (together)."""
    result, dig, text = read.result, read.dig, read.text
    none: Terms = {}
    previous = read.previous
    try:
        taken = set(collection.pages) - ({previous.stem} if previous else set())
        planned = plan(dig, read.brief, read.warnings, taken, glossary, collection.language,
                       series, part, keep_id=previous.stem if previous else None)
        check_nothing_lost(text, dig, planned.page, planned.catalog)
    except (DigestError, ImportRefused) as exc:
        result.error = f"{read.path}:{exc.line}: {exc.message}"
        return result, none, {}

    page_path = collection.page_path(planned.year, planned.id)
    catalog_path = collection.catalog_path(planned.year, planned.id)
    current_catalog = catalog_path.read_text(encoding="utf-8") if catalog_path.exists() else ""
    catalog_text = intl.new_catalog(collection.language, collection.project.name, collection.project.copyright,
                                    [(e.msgid, e.msgstr) for e in planned.catalog], _created(current_catalog))
    fields = {"digest": read.digest_hash, "page": _sha(planned.page), "catalog": _catalog_sha(catalog_text)}
    if read.file_number:
        fields["number"] = read.file_number
    page_text = _marker_line(fields) + planned.page
    result.id = planned.id
    result.page = page_path.relative_to(collection.root).as_posix()
    result.catalog = catalog_path.relative_to(collection.root).as_posix()
    result.warnings = planned.warnings
    result.paired, result.chinese_only, result.english_only = planned.paired, planned.chinese_only, planned.english_only

    if page_path.exists():
        current_page = page_path.read_text(encoding="utf-8")
        catalog_written = _catalog_sha(current_catalog) == _catalog_sha(catalog_text)
        if current_page == page_text and catalog_written:
            result.status = "unchanged"
            # Its terms too, should a run that wrote the page have died before the glossary.
            return result, planned.new_terms, {}
        # The catalog is renamed into place before its page (write_together): a run that died
        # between the two left the catalog this import writes, which is no editor's change.
        if _edited(current_page, None if catalog_written else current_catalog) and not force:
            _recorded, body = split_marker(current_page)
            result.diff = "".join(difflib.unified_diff(
                body.splitlines(keepends=True), planned.page.splitlines(keepends=True),
                fromfile=f"{result.page} (as edited)", tofile=f"{result.page} (as imported now)"))
            result.error = f"{read.path}:0: {result.page} was edited since it was imported; --force overwrites it"
            return result, none, {}
    collection.pages[planned.id] = page_path
    collection.imported[read.digest_hash] = page_path
    result.status = "imported"
    return result, planned.new_terms, {page_path: page_text, catalog_path: catalog_text}


def _marker_line(fields: dict[str, str]) -> str:
    return f"{MARKER} " + " ".join(f"{key}={value}" for key, value in fields.items()) + "\n"


# ---------------------------------------------------------------------------
# Series: parts of one article, across the batch and the collection


def _members(reads: list[Read], collection: Collection, glossary: glossaries.Glossary,
             ) -> tuple[list[serieses.Member], dict[int, serieses.Member], dict[int, str]]:
    """Every brief and digest that may be a part: the members, the batch's (by id() of
    its Read), and the collection's pages (by id() of the member: their brief id)."""
    rewritten = {read.previous.stem: read for read in reads if read.previous and read.rewritable}
    members: list[serieses.Member] = []
    of_read: dict[int, serieses.Member] = {}
    of_page: dict[int, str] = {}
    for arrival, brief_id in enumerate(sorted(collection.briefs, key=serieses.natural_key)):
        brief = collection.briefs[brief_id]
        read = rewritten.get(brief_id)
        member = _member(read.brief if read else brief, read.dig.title if read else digests.read_title(
            brief.digest_title or ""), glossary, arrival, collection.pages[brief_id].relative_to(
            collection.root).as_posix(), _own_id(brief.digest_url, collection.markers[brief_id].get("number")))
        if member is None:
            continue
        member.part, member.series = brief.part, brief.series
        members.append(member)
        if read:
            of_read[id(read)] = member
        else:
            of_page[id(member)] = brief_id
    for arrival, read in enumerate(reads, start=len(collection.briefs)):
        if read.previous is not None:
            continue  # its page is in the collection: a member above
        member = _member(read.brief, read.dig.title, glossary, arrival, read.path.name,
                         _own_id(read.brief.digest_url, read.file_number))
        if member is not None:
            members.append(member)
            of_read[id(read)] = member
    return members, of_read, of_page


def _member(brief: Brief, title: digests.Title | None, glossary: glossaries.Glossary, arrival: int, name: str,
            own_id: tuple | None) -> serieses.Member | None:
    key = serieses.article_key(brief, glossary)
    if key is None:
        return None
    published = title.title if title and not title.suspect else None
    return serieses.Member(name, key, arrival, series_slug(brief), label=title.part if title else None,
                           own_id=own_id, title=published, url=brief.url)


def _own_id(digest_url: str | None, file_number: str | None) -> tuple | None:
    if digest_url:
        return ("url", *serieses.natural_key(digest_url))
    return ("file", int(file_number)) if file_number else None


def with_series(page_text: str, series: str, part: int) -> str:
    """The page with its metadata block's ``series``/``part`` lines set, nothing else changed;
    an import marker's page hash follows, so the page still counts as not edited."""
    recorded, body = split_marker(page_text)
    fence, block = find_block(body) or (0, "")
    lines = body.split("\n")
    old = block.split("\n") if block else []
    kept = [line for line in old if key_for_label((split_label_line(line) or ("", ""))[0]) not in ("series", "part")]
    lines[fence:fence + len(old)] = [*kept, f"series: {series}", f"part: {part}"]
    body = "\n".join(lines)
    return _marker_line({**recorded, "page": _sha(body)}) + body if recorded else body


def _join_series(article: serieses.Article, of_page: dict[int, str], collection: Collection,
                 files: dict[Path, str]) -> list[str]:
    """Set the series of the collection's parts (their pages as imported) into ``files``; the
    report's lines for what cannot be set (pages edited since import)."""
    lines = []
    for member, part, _reason in article.parts:
        brief_id = of_page.get(id(member))
        if brief_id is None:
            continue
        brief = collection.briefs[brief_id]
        if (brief.series, brief.part) == (article.series, part):
            continue
        page = collection.pages[brief_id]
        text, catalog = _page_and_catalog(collection, page)
        if import_marker(text) and not _edited(text, catalog):
            files[page] = with_series(text, article.series, part)
            lines.append(f"updated {member.name}: series {article.series}, part {part}")
        else:
            lines.append(f"{member.name} was edited since it was imported: add to its metadata block "
                         f"'series: {article.series}' and 'part: {part}'")
    return lines


def import_files(paths: list[Path], root: Path, dry_run: bool = False, force: bool = False) -> list[Result]:
    """Import a batch; each file succeeds or fails alone.

    Three passes: every digest is read; the parts of one article (series.py) are
    found among the batch and the collection; then each digest is planned in
    memory, one after another (ids depend on the ones before).  Each one's page
    and catalog, with the series lines of the collection's parts it joins, are
    written together by a pool of writer threads: creating files is what takes
    the time.  New glossary terms are known in memory at once and written at the end.
    """
    collection = Collection.open(root)
    if not dry_run:  # what an import killed before its renames left half-written
        for folder, recursive in ((collection.project.source_dir, True), (collection.project.locale_dir, True),
                                  (collection.glossary_path.parent, False)):
            remove_leftovers(folder, recursive)
    glossary = glossaries.load(collection.glossary_path)
    reads = [read_digest(path, collection, force) for path in paths]
    # A digest given twice is imported once.
    first_of: dict[str, Read] = {}
    repeats: dict[int, tuple[Read, Read]] = {}  # id() of a repeat -> (it, the first)
    for read in reads:
        if isinstance(read, Read) and first_of.setdefault(read.digest_hash, read) is not read:
            repeats[id(read)] = read, first_of[read.digest_hash]
    readable = [read for read in reads if isinstance(read, Read) and id(read) not in repeats]
    members, of_read, of_page = _members(readable, collection, glossary)
    articles = serieses.articles(members)
    article_of = {id(member): article for article in articles for member, _part, _reason in article.parts}

    added: Terms = {"keywords": {}, "sources": {}}
    results: list[Result] = []
    pending: dict[int, tuple[Result, dict[Path, str]]] = {}
    by_member: dict[int, Result] = {}
    for read in reads:
        if isinstance(read, Result):
            results.append(read)
            continue
        if id(read) in repeats:
            results.append(read.result)
            continue
        member = of_read.get(id(read))
        article = article_of.get(id(member)) if member else None
        series = part = None
        if article is not None:
            series, part = article.series, article.part_of(member)
            read.result.series, read.result.part, read.result.parts = series, part, len(article.parts)
            read.result.order = article.order
        result, terms, files = import_file(read, collection, glossary, series, part, force=force)
        results.append(result)
        if member is not None:
            by_member[id(member)] = result
        if files and not dry_run:
            pending[id(result)] = (result, files)
        for kind, new in terms.items():
            for key, names in new.items():
                added[kind].setdefault(key, names)
                getattr(glossary, kind)[key] = glossaries.Term(key, dict(names))
        if any(terms.values()):
            glossary.reindex()
    for article in articles:
        # The first part imported carries the article's notes and the updates of the others.
        carrier = next((by_member[id(m)] for m, _p, _r in article.parts
                        if id(m) in by_member and by_member[id(m)].status != "failed"), None)
        if carrier is None:
            continue
        updates: dict[Path, str] = {}
        carrier.notes.extend(_join_series(article, of_page, collection, updates))
        carrier.notes.extend(article.notes)
        if updates and not dry_run:
            pending.setdefault(id(carrier), (carrier, {}))[1].update(updates)
    for repeated, first in repeats.values():
        repeat = repeated.result
        repeat.status, repeat.id, repeat.page, repeat.catalog = "unchanged", first.result.id, first.result.page, \
            first.result.catalog
        repeat.warnings = [f"the same digest as {first.path}, earlier in this batch: imported once"]
        if first.result.status == "failed":
            repeat.status, repeat.error = "failed", f"{repeat.file}:0: the same digest as {first.path}, which failed"
    with ThreadPoolExecutor(max_workers=4) as writers:
        writes = [(result, writers.submit(write_together, files)) for result, files in pending.values()]
    for result, write in writes:
        if (error := write.exception()) is not None:
            result.status, result.error = "failed", f"{result.file}:0: cannot write: {error}"
    if not dry_run:
        for kind, terms in added.items():
            if terms:
                glossaries.add_terms(collection.glossary_path, kind, terms)
    return results
