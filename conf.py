"""Sphinx configuration of the Briefs collection.

The same file serves every language and version: per-language settings are
decided by the ``briefs`` extension once ``-D language=...`` is known (a test
of ``language`` here would only ever see the default).
"""

import os
from datetime import date
from pathlib import Path

from briefs import before_sphinx_loads_extensions

# Sphinx reads this file before it loads its own extensions, MyST and furo:
# from here, the garbage collector is paused until the environment is loaded
# (briefs/collector.py), and modules they import but a build does not use are
# executed only if used (briefs/upstream.py).
before_sphinx_loads_extensions()

ROOT = Path(__file__).parent

project = "Briefs"
author = "Briefs contributors"
copyright = "2026, Briefs contributors"
# The edition: a release tag when publishing, else the month of the build.
release = version = os.environ.get("BRIEFS_EDITION", date.today().strftime("%Y-%m"))

extensions = ["myst_parser", "briefs"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = []
# Keep the text as published: no "curly" quotes or dashes made up by docutils.
smartquotes = False

# -- Languages ---------------------------------------------------------------
# English is the source language; each other language is a build of its own,
# translated from the gettext catalogs in locale/<lang>/LC_MESSAGES/.
language = "en"
briefs_languages = {"en": "English", "zh_TW": "繁體中文"}
locale_dirs = [str(ROOT / "locale")]
gettext_compact = False  # one catalog per page
gettext_uuid = False
briefs_search_dictionary = "locale/{language}/search-dictionary.txt"
briefs_glossary = "glossary.yaml"

# -- Publishing ----------------------------------------------------------------
# Where the site is served; each language lives in <site>/<language>/.  Feeds,
# the JSON catalog, canonical and hreflang links are absolute from here.
briefs_site_url = os.environ.get("BRIEFS_SITE_URL", "https://briefs.example.org/")

# -- MyST --------------------------------------------------------------------
myst_enable_extensions = ["colon_fence"]

# -- PDF -----------------------------------------------------------------------
# The book's contents page; the extension names the file briefs-<language>.tex.
# Only PDF builds read it (`make pdf` passes -t pdf): in HTML its toctree of
# every brief would make each brief's edit rewrite it.
briefs_book = "book"
briefs_titles = {"en": "Briefs: Digests of Policy Research", "zh_TW": "政策研究摘要"}
if not tags.has("pdf"):  # noqa: F821 - Sphinx provides `tags` to conf.py
    exclude_patterns.append("book.md")

# -- HTML --------------------------------------------------------------------
html_theme = "furo"
# furo's own light code style (a11y-light, from its theme.conf), named by its
# class: by its short name, Pygments finds a plugin style by reading every
# installed package's entry points and importing each plugin style until the
# name matches, 10-15 ms of every build (tests/test_site.py checks the
# stylesheet is still that of furo's style).
pygments_style = "a11y_pygments.a11y_light.style.Theme"
html_title = "Briefs"
html_last_updated_fmt = None
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/languages.html",
        "sidebar/scroll-start.html",
        "sidebar/browse.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}
