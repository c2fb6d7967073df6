"""Listing pages generated from metadata: by keyword, author, source and year.

They are HTML pages produced at build time (``html-collect-pages``), never
files in ``source/``, and they are the way into the collection: briefs stay
out of furo's sidebar, whose size grows with every page it lists.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .domain import BriefRecord, BriefsDomain, signature
from .files import write_atomically
from .glossary import Glossary, slug
from .i18n import _, format_partial_date

if TYPE_CHECKING:
    from sphinx.application import Sphinx

KINDS = ("keywords", "authors", "sources", "years")


def listing_page_name(kind: str, key: str | int) -> str:
    """The page of one keyword, author, source or year, e.g. ``keywords/russian-strategic-autonomy``."""
    return f"{kind}/{key if kind == 'years' else slug(str(key))}"


def kind_titles() -> dict[str, str]:
    return {
        "keywords": _("Briefs by keyword"),
        "authors": _("Briefs by author"),
        "sources": _("Briefs by source"),
        "years": _("Briefs by year"),
    }


def groups(domain: BriefsDomain, glossary: Glossary, kind: str) -> dict[str, list[BriefRecord]]:
    """Group key -> briefs (newest first); keys are language-independent."""
    found: dict[str, list[BriefRecord]] = defaultdict(list)
    for record in domain.records():
        brief = record.brief
        if kind == "keywords":
            keys = {glossary.term("keywords", k).key for k in brief.keywords}
        elif kind == "authors":
            keys = set(brief.authors)
        elif kind == "sources":
            keys = {glossary.term("sources", brief.source).key} if brief.source else set()
        else:
            keys = {str(brief.date.year)} if brief.date else set()
        for key in keys:
            found[key].append(record)
    for records in found.values():
        records.sort(key=BriefRecord.sort_key, reverse=True)
    return found


def display_name(glossary: Glossary, kind: str, key: str, language: str | None) -> str:
    if kind in ("keywords", "sources"):
        return glossary.term(kind, key).name(language)
    return key


def _entry(app: Sphinx, pagename: str, record: BriefRecord, glossary: Glossary) -> dict[str, Any]:
    brief = record.brief
    language = app.config.language
    return {
        "title": record.title,
        "url": app.builder.get_relative_uri(pagename, record.docname) + "#" + record.anchor,
        "authors": ", ".join(brief.authors),
        "source": glossary.term("sources", brief.source).name(language) if brief.source else "",
        "date": format_partial_date(brief.date, language) if brief.date else "",
        "iso": brief.date.iso() if brief.date else "",
    }


def listing_pages(app: Sphinx) -> dict[str, dict[str, Any]]:
    """Every listing page of the collection: page name -> its template context."""
    domain: BriefsDomain = app.env.get_domain("brief")  # type: ignore[assignment]
    glossary = app.env.briefs_glossary  # type: ignore[attr-defined]
    language = app.config.language
    titles = kind_titles()
    pages: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        grouped = groups(domain, glossary, kind)
        if kind == "years":
            order = sorted(grouped, reverse=True)
        else:
            order = sorted(grouped, key=lambda k: display_name(glossary, kind, k, language).casefold())
        index_name = f"{kind}/index"
        pages[index_name] = {
            "title": str(titles[kind]),
            "briefs_listing": {
                "kind": kind,
                "groups": [
                    {
                        "name": display_name(glossary, kind, key, language),
                        "url": app.builder.get_relative_uri(index_name, listing_page_name(kind, key)),
                        "count": len(grouped[key]),
                    }
                    for key in order
                ],
            },
        }
        for key in order:
            pagename = listing_page_name(kind, key)
            pages[pagename] = {
                "title": display_name(glossary, kind, key, language),
                "briefs_listing": {
                    "kind": kind,
                    "up": {"title": str(titles[kind]), "url": app.builder.get_relative_uri(pagename, index_name)},
                    "entries": [_entry(app, pagename, r, glossary) for r in grouped[key]],
                },
            }
    return pages


def _written_digests(app: Sphinx) -> Path:
    return Path(app.doctreedir) / f"briefs-listings-{app.builder.name}.json"


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """The listing pages to write: those whose content changed since they were
    last written (or whose file is missing).  Writing all of them on every
    build made an incremental build of 1,000 briefs spend half its time here;
    and when no brief's record, the glossary, the configuration, the
    templates or the catalogs changed, the pages are not even computed."""
    if app.builder.name not in ("html", "dirhtml"):
        return
    domain: BriefsDomain = app.env.get_domain("brief")  # type: ignore[assignment]
    try:
        previous = json.loads(_written_digests(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    shared = shared_inputs(app)
    inputs = signature((shared, domain.collection_signature()))
    written = previous.get("pages", {})
    outdir = os.fspath(app.outdir)
    if previous.get("inputs") == inputs and all(
            os.path.isfile(os.path.join(outdir, app.builder.get_target_uri(name))) for name in written):
        app.briefs_listing_pages = set(written)  # type: ignore[attr-defined]  # for outputs.remove_stale_outputs
        return
    pages = listing_pages(app)
    app.briefs_listing_pages = set(pages)  # type: ignore[attr-defined]
    digests = {name: signature((shared, context)) for name, context in pages.items()}
    app.briefs_listing_digests = {"inputs": inputs, "pages": digests}  # type: ignore[attr-defined]  # saved at the end
    for name, context in pages.items():
        if written.get(name) != digests[name] or not _target(app, name).is_file():
            yield name, context, "briefs-listing.html"


def shared_inputs(app: Sphinx) -> str:
    """What every generated page shares: configuration, templates, the interface catalogs."""
    build_info = app.builder.build_info  # type: ignore[attr-defined]
    return signature((build_info.config_hash, build_info.tags_hash, app.builder.templates.newest_template_mtime(),
                      _catalog_mtimes(app)))


def _target(app: Sphinx, pagename: str) -> Path:
    return Path(app.outdir) / app.builder.get_target_uri(pagename)


def _catalog_mtimes(app: Sphinx) -> list[float]:
    return sorted(p.stat().st_mtime for d in app.config.locale_dirs
                  for p in Path(app.srcdir, d).glob(f"{app.config.language}/LC_MESSAGES/sphinx.mo"))


def save_listing_digests(app: Sphinx, exception: Exception | None) -> None:
    digests = getattr(app, "briefs_listing_digests", None)
    if exception is None and digests is not None:
        write_atomically(_written_digests(app), json.dumps(digests, sort_keys=True))
