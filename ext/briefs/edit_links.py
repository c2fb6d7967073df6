""""Edit this page": the file a contributor changes, in the repository.

furo draws the edit button from ``source_edit_link``; it is set from
``briefs_repository`` and ``briefs_branch``.  The English build links to the
MyST page, a translated build to the page's catalog (``.po``), where its
translation is made; a page with no catalog yet, or made by the build
(listings, the index), has no edit link.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .catalogs import catalog_path
from .derived import maintained

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def is_translated(config: Config) -> bool:
    return (config.language or "en") != next(iter(config.briefs_languages))


def edit_url(app: Sphinx, path: Path) -> str:
    """Where a file of the collection (or a folder, ending in ``/``) is edited in the repository."""
    within = Path(os.path.relpath(path.resolve(), Path(app.confdir).resolve())).as_posix()
    return f"{app.config.briefs_repository.rstrip('/')}/edit/{app.config.briefs_branch}/{within}"


def configure(app: Sphinx, config: Config) -> None:
    """``config-inited``: furo's ``source_edit_link``, to the page or to its catalog."""
    if not config.briefs_repository or "source_edit_link" in config.html_theme_options:
        return
    if is_translated(config) and config.locale_dirs:
        # A derived language's pages are translated in its source language's catalogs.
        folder = Path(app.srcdir, config.locale_dirs[0], maintained(config, config.language), "LC_MESSAGES")
    else:
        folder = Path(app.srcdir)
    config.html_theme_options = {**config.html_theme_options, "source_edit_link": edit_url(app, folder) + "/{filename}"}


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: a translated page's file is its catalog, if it has one."""
    config = app.config
    if not config.briefs_repository or not is_translated(config) or not context.get("page_source_suffix"):
        return
    has_catalog = bool(config.locale_dirs) and catalog_path(app, config.language, pagename).is_file()
    context["page_source_suffix"] = ".po" if has_catalog else ""
