"""``sitemap.xml``: every page a language publishes, with its other languages.

Written from the output folder once the build has finished and stale pages
are gone, so a clean, an incremental and a parallel build write the same
bytes (sphinx-sitemap lists only the pages a build wrote, in the order they
were written: docs/upstream/sphinx-sitemap-incremental.md).  Each address
names its page in every language (``xhtml:link`` alternates, as each page's
``<head>`` does); the site's root gets a sitemap index of the languages'.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from .editions import Layout, layout, published_pages, site_root
from .files import write_atomically
from .languages import alternates

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FILENAME = "sitemap.xml"
#: Pages that are no content of their own: the search page and Sphinx's general index (and the not-found page).
LEFT_OUT = frozenset({"search.html", "genindex.html"})

_URLSET = ('<?xml version="1.0" encoding="utf-8"?>\n'
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')
_INDEX = '<?xml version="1.0" encoding="utf-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'


def _placed(app: Sphinx, exception: Exception | None) -> tuple[Layout, str] | None:
    """The build's layout and the site's absolute address, after a build that succeeded;
    None where there are no absolute addresses (feeds.py warns of a missing html_baseurl)."""
    where = None if exception is not None else layout(app)
    site = site_root(app) if where is not None else None
    return (where, site) if where is not None and site is not None else None


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the language's ``sitemap.xml``, where the site's address is known."""
    if (placed := _placed(app, exception)) is None:
        return
    where, site = placed
    lines = [_URLSET]
    left_out = LEFT_OUT | {f"{app.config.notfound_pagename}.html"}
    for page in published_pages(app):
        if page in left_out:
            continue
        page = quote(page)
        lines.append(f"<url><loc>{escape(site + where.home(where.language) + page)}</loc>")
        lines.extend(f'<xhtml:link rel="alternate" hreflang="{lang}" href={quoteattr(href)}/>'
                     for lang, href in alternates(app, where, page, site) if lang != "x-default")
        lines.append("</url>\n")
    lines.append("</urlset>\n")
    write_atomically(Path(app.outdir) / FILENAME, "".join(lines))


def sitemap_index(sitemaps: list[str]) -> str:
    """A sitemap index of the given absolute addresses (the site root's ``sitemap.xml``)."""
    entries = "".join(f"<sitemap><loc>{escape(url)}</loc></sitemap>\n" for url in sitemaps)
    return f"{_INDEX}{entries}</sitemapindex>\n"


def write_site_index(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: a plain build's site root lists every language's sitemap (each
    language build writes the same bytes)."""
    if (placed := _placed(app, exception)) is None or placed[0].kind != "plain":
        return
    where, site = placed
    urls = [site + where.home(code) + FILENAME for code in app.config.briefs_languages]
    write_atomically(Path(app.outdir).parent / FILENAME, sitemap_index(urls))
