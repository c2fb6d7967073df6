"""Where an HTML build sits in the published site, and its edition switcher.

One rule places every build (:class:`Layout`):

* ``plain`` (``make html``): ``<root>/<language>/``;
* ``site`` (``briefs versions``, ``briefs_edition`` set): ``<root>/<language>/<edition>/``;
* ``readthedocs`` (``READTHEDOCS`` set): ``<root>/<language slug>/<version slug>/``,
  Read the Docs' own layout, with its edition name and canonical URL.

From it each page gets relative links to the same page in another language of
the same edition, to every edition's home (the switcher's links without
JavaScript), a banner on older editions, and the PDF link when that PDF is
published.  ``briefs-editions.js`` makes the edition links keep the reader's
page where the target edition has it (``_static/briefs-pages.js``, written
here), and learns of editions published later from the site's ``versions.js``
(or Read the Docs' Addons data).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .files import write_atomically

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The edition built from the main branch; every other edition is an older one.
LATEST = "latest"
#: Every page of an edition, for the switcher of other editions (in ``_static``).
PAGES_SCRIPT = "briefs-pages.js"
#: The editions of the whole site, beside ``versions.json`` at the site's root.
VERSIONS_SCRIPT = "versions.js"
#: The PDF of a language, beside its HTML home.
PDF_NAME = "briefs-{language}.pdf"


def sphinx_language(code: str) -> str:
    """A language code as Sphinx and gettext name it: ``zh-tw`` (Read the Docs) is ``zh_TW``."""
    from babel.core import parse_locale

    if "-" not in code:
        return code
    try:
        language, territory, script, _variant = parse_locale(code, sep="-")
    except ValueError:
        return code
    return "_".join(part for part in (language, script, territory) if part)


def readthedocs_language(code: str) -> str:
    """A Sphinx language code as Read the Docs names it in its URLs: ``zh_TW`` is ``zh-tw``."""
    return code.lower().replace("_", "-")


def on_readthedocs() -> bool:
    return os.environ.get("READTHEDOCS") == "True"


def adopt_language(app: Sphinx) -> None:
    """``setup()``: build ``-D language=zh-tw`` as ``zh_TW``.

    Sphinx loads its own catalog before any extension runs, and does not map
    the dashed form Read the Docs passes: its interface, the catalogs and the
    search language would silently stay English.  So the code is mapped here
    and Sphinx's translator loaded again for it, as Sphinx loaded it
    (``Sphinx._init_i18n``); an upstream option to normalise ``language``
    would let this go.
    """
    config = app.config
    requested = config.language or "en"
    language = sphinx_language(requested)
    if language == requested:
        return
    config.language = language
    load_interface_catalogs(app)


def load_interface_catalogs(app: Sphinx) -> None:
    """Compile the project's stale ``sphinx.po`` and load Sphinx's translator for the
    configured language again, as Sphinx loaded it at start-up (``Sphinx._init_i18n``)."""
    from sphinx import locale, package_dir
    from sphinx.util.i18n import CatalogRepository

    config = app.config
    repo = CatalogRepository(app.srcdir, config.locale_dirs, config.language, config.source_encoding)
    for catalog in repo.catalogs:
        if catalog.domain == "sphinx" and catalog.is_outdated():
            catalog.write_mo(config.language, config.gettext_allow_fuzzy_translations)
    dirs = [*repo.locale_dirs, None, Path(package_dir) / "locale"]
    # init() adds to a translator already loaded, as fallbacks: load it anew (as Sphinx's tests do).
    locale.translators.pop(("general", "sphinx"), None)
    app.translator, _found = locale.init(dirs, config.language)


def configure(app: Sphinx, config: Config) -> None:
    """``config-inited``: on Read the Docs, the edition and canonical URL are its own."""
    if on_readthedocs():
        name = os.environ.get("READTHEDOCS_VERSION_NAME", "")
        if not config.briefs_edition and name:
            config.briefs_edition = name
        if not config.release and name:
            config.release = config.version = name
        canonical = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
        if canonical and not config.html_baseurl:
            config.html_baseurl = canonical
    if is_older(config) and config.html_theme == "furo":
        # furo draws its announcement bar only when the option is set; page.html fills it.
        config.html_theme_options = {**config.html_theme_options, "announcement": config.briefs_edition}


def is_older(config: Config) -> bool:
    """An edition other than the latest (not a pull-request preview on Read the Docs)."""
    if on_readthedocs():
        return (os.environ.get("READTHEDOCS_VERSION", LATEST) != LATEST
                and os.environ.get("READTHEDOCS_VERSION_TYPE") != "external")
    return bool(config.briefs_edition) and config.briefs_edition != LATEST


@dataclass(frozen=True)
class Layout:
    """The folders of one build below the site's root."""

    kind: str  # "plain", "site" or "readthedocs"
    language: str  # this build's Sphinx language code
    edition: str = ""  # the edition's name ("" for a plain build)
    edition_folder: str = ""  # its folder: the name, or Read the Docs' version slug

    @property
    def depth(self) -> int:
        """How many folders the build's root is below the site's root."""
        return 1 if self.kind == "plain" else 2

    def language_folder(self, language: str) -> str:
        return readthedocs_language(language) if self.kind == "readthedocs" else language

    def home(self, language: str, edition_folder: str | None = None) -> str:
        """The folder of a language (and edition) from the site's root, ending in ``/``."""
        if self.kind == "plain":
            return f"{language}/"
        return f"{self.language_folder(language)}/{edition_folder or self.edition_folder}/"


def layout(app: Sphinx) -> Layout | None:
    """This build's layout; None when it is not one language of the collection's site."""
    config = app.config
    language = config.language or "en"
    if app.builder.format != "html" or language not in config.briefs_languages:
        return None
    if on_readthedocs():
        return Layout("readthedocs", language, config.briefs_edition,
                      os.environ.get("READTHEDOCS_VERSION") or LATEST)
    if config.briefs_edition:
        return Layout("site", language, config.briefs_edition, config.briefs_edition)
    return Layout("plain", language) if Path(app.outdir).name == language else None


def to_build_root(app: Sphinx, pagename: str) -> str:
    """The relative path from a page up to its build's root (``""`` or ``"../../"``);
    from the not-found page, which is served at any address, the absolute path."""
    if is_not_found_page(app, pagename):
        return app.config.notfound_urls_prefix
    return "../" * app.builder.get_target_uri(pagename).count("/")


def to_site_root(app: Sphinx, pagename: str, where: Layout) -> str:
    """The relative path from a page up to the site's root, above every language
    (the absolute path from the not-found page)."""
    if is_not_found_page(app, pagename):
        prefix, home = app.config.notfound_urls_prefix, where.home(where.language)
        return prefix[: -len(home)] if prefix.endswith("/" + home) else "/"
    return to_build_root(app, pagename) + "../" * where.depth


def is_not_found_page(app: Sphinx, pagename: str) -> bool:
    """The page a host serves for a missing address (sphinx-notfound-page's ``404``)."""
    return pagename == getattr(app.config, "notfound_pagename", None)


def site_root(app: Sphinx) -> str | None:
    """The site's absolute address, from ``html_baseurl`` ending in the build's own
    folders (``/zh_TW/`` or ``/zh_TW/v2026.01/``); None when it is not laid out so."""
    where = layout(app)
    base = app.config.html_baseurl.rstrip("/") + "/"
    if where is None or not base.endswith("/" + where.home(where.language)):
        return None
    return base[: -len(where.home(where.language))]


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: the edition switcher, the older edition's banner, the PDF link."""
    where = layout(app)
    if where is None:
        return
    config = app.config
    to_site = to_site_root(app, pagename, where)
    if config.briefs_pdf and where.kind == "readthedocs":
        # Read the Docs serves a version's PDF from its downloads, not beside the HTML.
        context["briefs_pdf"] = f"{to_site}_/downloads/{where.home(where.language)}pdf/"
    elif config.briefs_pdf:
        context["briefs_pdf"] = to_build_root(app, pagename) + PDF_NAME.format(language=where.language)
    if where.kind == "plain":
        return
    names = list(config.briefs_editions) or [where.edition]
    if where.edition not in names:
        names.insert(0, where.edition)
    entries = [{"name": name, "current": name == where.edition,
                "url": to_site + where.home(where.language, name) + "index.html"}
               for name in names] if where.kind == "site" else [
                {"name": where.edition, "current": True, "url": to_build_root(app, pagename) + "index.html"}]
    context["briefs_edition"] = {
        "name": where.edition,
        "entries": entries,
        "older": is_older(config),
        "latest_url": to_site + where.home(where.language, LATEST) + "index.html",
        "page": app.builder.get_target_uri(pagename),
        "site_root": to_site,
        "language_folder": where.language_folder(where.language),
        "readthedocs": where.kind == "readthedocs",
        "versions_script": to_site + VERSIONS_SCRIPT if where.kind == "site" else "",
    }
    if where.kind == "readthedocs":
        # Asks Read the Docs' Addons to hand its data (versions) to page scripts.
        context["metatags"] = context.get("metatags", "") + '\n<meta name="readthedocs-addons-api-version" content="1">'


def write_page_list(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: every page this edition publishes, for other editions' switchers.

    Read from the output folder once stale pages are gone, so a clean, an
    incremental and a parallel build list the same pages.
    """
    where = None if exception is not None else layout(app)
    if where is None or where.kind == "plain":
        return
    pages = published_pages(app)
    write_atomically(Path(app.outdir) / "_static" / PAGES_SCRIPT,
                     f"briefsPages({json.dumps(pages, ensure_ascii=False, separators=(',', ':'))});\n")


def published_pages(app: Sphinx) -> list[str]:
    """Every HTML page in the output folder, from its root, sorted (once a build has finished
    and stale pages are gone: the same list after a clean, an incremental or a parallel build)."""
    outdir = Path(app.outdir)
    return sorted(p.relative_to(outdir).as_posix() for p in outdir.rglob("*.html")
                  if not p.relative_to(outdir).parts[0].startswith("_"))
