"""Briefs: a bilingual collection of policy-brief digests, built with Sphinx.

``briefs`` is both the Sphinx extension (``extensions = ["briefs"]``) and the
``briefs`` command.  It uses public Sphinx, MyST and furo API only; the
opt-in speed layer is the separate extension ``briefs.speedups``, which this
package never imports.  See README.md for the map of modules.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


TEMPLATES = Path(__file__).parent / "templates"
#: Templates that replace furo's own blocks (the search page): added for furo only.
FURO_TEMPLATES = Path(__file__).parent / "templates_furo"
STATIC = Path(__file__).parent / "static"


def _configure(app: Sphinx, config: Config) -> None:
    """Per-language and theme settings, decided once the final config is known."""
    from . import pdf, search

    if str(TEMPLATES) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(TEMPLATES)]
    if config.html_theme == "furo" and str(FURO_TEMPLATES) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(FURO_TEMPLATES)]
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC)]
    if not config.html_favicon:
        config.html_favicon = str(STATIC / "briefs-favicon.svg")
    if not config.template_bridge:
        config.template_bridge = "briefs.interface.TemplateLoader"
    if not config.release:
        # The edition of a build that names none: the month it was built.
        config.release = config.version = date.today().strftime("%Y-%m")
    if config.briefs_book and not app.tags.has("pdf"):
        # Only PDF builds read the book's contents page (a toctree of every brief).
        config.exclude_patterns = [*config.exclude_patterns, f"{config.briefs_book}.*"]
    if config.briefs_site_url and not config.html_baseurl:
        # One site, one folder per language: https://host/path/<language>/
        edition = f"{config.briefs_edition}/" if config.briefs_edition else ""
        config.html_baseurl = config.briefs_site_url.rstrip("/") + f"/{config.language}/{edition}"
    pdf.configure(app, config)
    app.briefs_glossary = _load_glossary(app, config)  # type: ignore[attr-defined]  # read once per build
    search.use_search_dictionary(app, config, app.briefs_glossary)  # type: ignore[attr-defined]


def _load_glossary(app: Sphinx, config: Config):  # noqa: ANN202
    from sphinx.errors import ConfigError

    from . import glossary
    from .derived import complete_glossary

    try:
        found = glossary.load(Path(app.confdir) / config.briefs_glossary)
    except glossary.GlossaryError as exc:
        raise ConfigError(str(exc)) from exc
    complete_glossary(found, config)
    return found


def _builder_inited(app: Sphinx) -> None:
    app.env.briefs_glossary = app.briefs_glossary  # type: ignore[attr-defined]


def _pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    from .checks import pages_to_rewrite

    return pages_to_rewrite(env)


def setup(app: Sphinx) -> dict[str, Any]:
    from . import (
        card,
        catalogs,
        citation,
        config,
        derived,
        domain,
        edit_links,
        editions,
        feeds,
        foreign,
        i18n,
        interface,
        languages,
        listings,
        notfound,
        outputs,
        sanitize,
        search,
        search_index,
        sitemap,
        social,
        translation,
        unfinished,
    )

    # What readers and sharers meet beyond the pages: a 404 page, link previews.
    app.setup_extension("notfound.extension")
    social.setup_opengraph(app)
    config.register(app)
    editions.adopt_language(app)
    app.connect("config-inited", config.validate, priority=100)
    app.connect("config-inited", unfinished.start, priority=150)  # before the saved environment is read
    app.connect("config-inited", derived.check_conversions, priority=160)
    app.connect("config-inited", derived.prepare_catalogs, priority=160)  # after a heal, before catalogs are read
    app.connect("config-inited", editions.configure, priority=400)
    app.connect("config-inited", edit_links.configure)
    app.connect("config-inited", catalogs.refuse_unsafe_interface)
    app.connect("config-inited", _configure)
    app.connect("config-inited", notfound.configure, priority=600)  # from html_baseurl, set above
    app.connect("config-inited", social.configure, priority=600)

    i18n.compile_catalogs()
    app.add_message_catalog(i18n.CATALOG, i18n.LOCALE_DIR)

    app.add_domain(domain.BriefsDomain)
    app.add_role("brief", domain.BriefRole())
    app.add_node(card.brief_metadata)
    app.add_node(card.brief_listing)
    app.add_directive("brief", card.BriefDirective)
    app.add_directive("brief-listing", card.ListingDirective)
    app.add_transform(card.SourceTitle)
    app.add_transform(card.ComposedTitle)

    app.connect("builder-inited", _builder_inited)
    app.connect("builder-inited", interface.add_theme_messages)
    app.connect("builder-inited", i18n.load_date_texts)
    app.connect("env-get-outdated", outputs.note_removed)
    app.connect("env-get-outdated", catalogs.changed_catalogs)
    app.connect("env-before-read-docs", catalogs.check_catalogs)
    app.connect("env-updated", _pages_to_rewrite)
    app.connect("doctree-read", sanitize.remove_unsafe_markup)
    app.connect("doctree-resolved", card.render_page)
    app.connect("doctree-resolved", foreign.mark_foreign_text, priority=600)  # after the card is drawn

    app.add_css_file("briefs.css")
    app.connect("html-collect-pages", listings.collect_pages)
    app.connect("html-collect-pages", translation.collect_pages)
    app.connect("html-collect-pages", search_index.collect_index)
    app.connect("html-page-context", languages.add_language_links)
    app.connect("html-page-context", editions.page_context)
    app.connect("html-page-context", edit_links.page_context)
    app.connect("html-page-context", translation.page_context)
    app.connect("html-page-context", search_index.page_context)
    app.connect("html-page-context", foreign.page_context)
    app.connect("html-page-context", notfound.page_context, priority=450)
    app.connect("html-page-context", social.page_context, priority=450)  # before sphinxext-opengraph's
    app.connect("html-page-context", citation.page_context)
    app.connect("build-finished", search.drop_emptied_terms)
    app.connect("build-finished", feeds.write_feeds)
    app.connect("build-finished", citation.write_collection)
    app.connect("build-finished", languages.write_landing_page)
    app.connect("build-finished", interface.complete_script_translations)
    app.connect("build-finished", outputs.remove_stale_outputs)
    app.connect("build-finished", editions.write_page_list, priority=800)
    app.connect("build-finished", sitemap.write_sitemap, priority=800)  # once stale pages are gone
    app.connect("build-finished", sitemap.write_site_index)
    app.connect("build-finished", notfound.copy_to_site_root)
    app.connect("build-finished", listings.save_listing_digests)
    app.connect("build-finished", i18n.save_date_texts)
    app.connect("build-finished", catalogs.forget_catalogs, priority=900)
    app.connect("build-finished", unfinished.finish, priority=1000)  # the output is whole

    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 4}
