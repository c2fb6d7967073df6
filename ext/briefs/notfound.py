"""The page a host serves for a missing address, in each language.

sphinx-notfound-page writes ``404.html`` and makes its links absolute, since
a host serves it at any depth (``/en/briefs/2023/gone.html``).  This module
sets it up for the collection's layout: the absolute prefix is the build's own
folders (``/en/``, ``/en/latest/``, Read the Docs' ``/zh-tw/latest/``), the
page is ``briefs-404.html`` (a link home and to search, a search form, the
language switcher to each language's home) with a translated title and
``noindex``, and a plain build's source language also serves it as the
site's ``404.html``, for hosts that read only that one (GitHub Pages).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sphinx.locale import get_translation

from .edit_links import is_translated
from .editions import is_not_found_page, layout
from .files import copy_atomically

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The template of the page, in ``templates/``.
TEMPLATE = "briefs-404.html"
#: The catalog of the templates' words (the project's ``sphinx.po``), which the page's title is in.
template_text = get_translation("sphinx")


def configure(app: Sphinx, config: Config) -> None:
    """``config-inited``, once ``html_baseurl`` is known: where the page's links point."""
    config.notfound_template = TEMPLATE
    config.notfound_urls_prefix = urls_prefix(config)


def urls_prefix(config: Config) -> str:
    """The absolute path of this build's root: the path of ``html_baseurl`` (which ends in the
    build's language and edition folders), else ``/<language>/[<edition>/]``."""
    if config.html_baseurl:
        path = urlsplit(config.html_baseurl).path or "/"
        return path if path.endswith("/") else path + "/"
    edition = f"{config.briefs_edition}/" if config.briefs_edition else ""
    return f"/{config.language or 'en'}/{edition}"


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``, after sphinx-notfound-page's and before the theme's: the
    not-found page's title, kept out of search engines."""
    if not is_not_found_page(app, pagename):
        return
    context["title"] = template_text("Page not found")
    context["metatags"] = context.get("metatags", "") + '\n<meta name="robots" content="noindex">'
    # Sphinx's scripts find the build's root here; relative, it would be wrong at any depth.
    context["content_root"] = app.config.notfound_urls_prefix
    # sphinx-notfound-page's toctree() gives None where there is no tree, which furo prints as "None"
    # (readthedocs/sphinx-notfound-page#253; its pull request #264, returning "", lets this go).
    toctree = context.get("toctree")
    if toctree is not None:
        context["toctree"] = lambda *args, **kwargs: toctree(*args, **kwargs) or ""


def copy_to_site_root(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: a plain build's source language is also the site's ``404.html``
    (its links are absolute, so it serves from there as it is)."""
    where = None if exception is not None else layout(app)
    page = Path(app.outdir) / f"{app.config.notfound_pagename}.html"
    if where is None or where.kind != "plain" or is_translated(app.config):
        return
    if page.is_file():
        copy_atomically(page, Path(app.outdir).parent / page.name)
