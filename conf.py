"""Sphinx configuration of the Briefs collection.

The same file serves every language and edition: per-language settings are
decided by the ``briefs`` extension once ``-D language=...`` is known.  Every
``briefs_*`` setting, its default and its check are in ``ext/briefs/config.py``.
"""

project = "Briefs"
author = "Briefs contributors"
copyright = "2026, Briefs contributors"
# The edition (release) is given by `make` (-D release=...: BRIEFS_EDITION, a
# release tag when publishing); a plain sphinx-build names it by the month.

# briefs.speedups is optional: without it the pages are the same, built more slowly.
extensions = ["myst_parser", "briefs", "briefs.speedups"]
source_suffix = {".md": "markdown"}
# Keep the text as published: no "curly" quotes or dashes made up by docutils.
smartquotes = False

# -- Languages ---------------------------------------------------------------
# English is the source language; each other language of briefs_languages is a
# build of its own, translated from the gettext catalogs in
# locale/<lang>/LC_MESSAGES/ (relative to the source folder, as Sphinx reads it).
# The Makefile's LANGUAGES lists the same languages.
locale_dirs = ["../locale"]
gettext_compact = False  # one catalog per page
briefs_languages = {"en": "English", "zh_TW": "繁體中文", "zh_CN": "简体中文"}
# Simplified Chinese is derived, not translated: each zh_CN build converts the zh_TW
# catalogs with OpenCC (Taiwan to mainland, with phrases); locale/zh_CN/ may hold
# override catalogs that correct a converted term (README: "Simplified Chinese").
briefs_derived_languages = {"zh_CN": {"from": "zh_TW", "conversion": "tw2sp"}}

# -- Publishing ----------------------------------------------------------------
# Where the site is served; each language lives in <site>/<language>/.  Feeds,
# the JSON catalog, canonical and hreflang links are absolute from here
# (`make` passes BRIEFS_SITE_URL as -D briefs_site_url=... when it is set).
briefs_site_url = "https://briefs.example.org/"
# Where contributors edit the collection: every page's "Edit this page" leads
# to its MyST file (English) or its catalog (other languages) on this branch.
briefs_repository = "https://github.com/briefs-library/briefs"
briefs_branch = "main"

# -- MyST --------------------------------------------------------------------
myst_enable_extensions = ["colon_fence"]

# -- PDF -----------------------------------------------------------------------
# The book's contents page; the extension names the file briefs-<language>.tex.
# Only builds tagged pdf read it (`make pdf` and `make gettext` pass -t pdf):
# in HTML its toctree of every brief would make each brief's edit rewrite it.
briefs_book = "book"
briefs_titles = {"en": "Briefs: Digests of Policy Research", "zh_TW": "政策研究摘要"}

# -- HTML --------------------------------------------------------------------
html_theme = "furo"
# furo's own light code style (the one its theme.conf names), given by its class.
pygments_style = "a11y_pygments.a11y_light.style.Theme"
html_title = "Briefs"
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/languages.html",
        "sidebar/editions.html",
        "sidebar/scroll-start.html",
        "sidebar/browse.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}
