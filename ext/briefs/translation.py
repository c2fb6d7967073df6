"""Translation status on the site: a page listing every page's, and a banner on each
translated page that is not fully translated, linking to where to translate it.

Both read the status the catalog check kept (``env.briefs_catalog_status``,
``briefs.status``'s rule), as ``briefs stats`` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import edit_links
from .catalogs import catalog_path
from .config import maintained_languages
from .edit_links import is_translated
from .status import NO_CATALOG, CatalogStatus

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

STATUS_PAGE = "translation-status"


def status_of(app: Sphinx, language: str, docname: str) -> CatalogStatus:
    statuses = getattr(app.env, "briefs_catalog_status", {})
    if not app.config.locale_dirs:
        return NO_CATALOG
    return statuses.get(str(catalog_path(app, language, docname)), NO_CATALOG)


def edit_url(app: Sphinx, language: str, docname: str) -> str | None:
    """Where the page's catalog is edited in the repository (None without one)."""
    path = catalog_path(app, language, docname)
    return edit_links.edit_url(app, path) if app.config.briefs_repository and path.is_file() else None


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: the banner of a page not fully translated (translated builds)."""
    if app.builder.format != "html" or not is_translated(app.config) or pagename not in app.env.found_docs:
        return
    status = status_of(app, app.config.language, pagename)
    if status.total and status.percent == 100:
        return
    context["briefs_translation"] = {
        "percent": status.percent, "translated": status.translated, "total": status.total,
        "edit_url": edit_url(app, app.config.language, pagename),
        "status_url": app.builder.get_relative_uri(pagename, STATUS_PAGE),
    }


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: ``translation-status.html``, every page into every translated language."""
    if app.builder.format != "html" or not app.config.locale_dirs:
        return
    # A derived language is translated in its source language's catalogs: its status is theirs.
    config = app.config
    languages = {code: config.briefs_languages[code]
                 for code in maintained_languages(config.briefs_languages, config.briefs_derived_languages)}
    rows = []
    for docname in sorted(app.env.found_docs):
        title = app.env.titles[docname].astext() if docname in app.env.titles else docname
        statuses = [(code, status_of(app, code, docname), edit_url(app, code, docname)) for code in languages]
        rows.append({"docname": docname, "title": title, "url": app.builder.get_relative_uri(STATUS_PAGE, docname),
                     "languages": [{"code": code, "name": languages[code], "percent": s.percent, "total": s.total,
                                    "translated": s.translated, "fuzzy": s.fuzzy, "untranslated": s.untranslated,
                                    "edit_url": url} for code, s, url in statuses]})
    title = app.translator.gettext("Translation status")
    yield STATUS_PAGE, {"title": title, "briefs_status_rows": rows, "briefs_status_languages": languages}, \
        "briefs-status.html"
