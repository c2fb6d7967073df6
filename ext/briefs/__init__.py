"""Briefs: a bilingual collection of policy-brief digests, built with Sphinx.

``briefs`` is both the Sphinx extension (``extensions = ["briefs"]``) and the
``briefs`` command.  See README.md for the map of modules.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


def before_sphinx_loads_extensions() -> None:
    """What ``conf.py`` starts (the collection's ``conf.py`` calls it): Sphinx reads
    ``conf.py`` before it loads its own extensions, MyST and furo, and imports
    what they import; the extension's ``setup()`` comes after all of that."""
    from . import collector, upstream

    collector.pause_while_sphinx_starts()
    upstream.apply_before_extensions()


TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def _configure(app: Sphinx, config: Config) -> None:
    """Per-language and theme settings, decided once the final config is known."""
    from . import pdf, search, upstream

    if str(TEMPLATES) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(TEMPLATES)]
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC)]
    if not config.html_favicon:
        config.html_favicon = str(STATIC / "briefs-favicon.svg")
    if not config.template_bridge:
        config.template_bridge = "briefs.interface.TemplateLoader"
    if config.briefs_site_url and not config.html_baseurl:
        # One site, one folder per language: https://host/path/<language>/
        config.html_baseurl = config.briefs_site_url.rstrip("/") + f"/{config.language}/"
    pdf.configure(app, config)
    upstream.apply_for_language(config.language)
    app.briefs_glossary = _load_glossary(app, config)  # type: ignore[attr-defined]  # read once per build
    search.use_search_dictionary(app, config, app.briefs_glossary)  # type: ignore[attr-defined]


def _load_glossary(app: Sphinx, config: Config):  # noqa: ANN202
    from sphinx.errors import ConfigError

    from . import glossary

    try:
        return glossary.load(Path(app.confdir) / config.briefs_glossary)
    except glossary.GlossaryError as exc:
        raise ConfigError(str(exc)) from exc


def _builder_inited(app: Sphinx) -> None:
    app.env.briefs_glossary = app.briefs_glossary  # type: ignore[attr-defined]


def _check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    from .checks import check_collection

    check_collection(env)


def _pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    from .checks import pages_to_rewrite

    return pages_to_rewrite(env)


def setup(app: Sphinx) -> dict[str, Any]:
    from . import card, collector, doctrees, domain, feeds, i18n, interface, languages, listings, outputs, pdf, search
    from . import upstream

    collector.pause(app)
    upstream.apply()
    upstream.prune_search_index()  # not only faster: an incremental index equals a clean one with it
    upstream.connect(app)

    app.add_config_value("briefs_languages", dict(languages.DEFAULT_LANGUAGES), "html", types=frozenset({dict}))
    app.add_config_value(
        "briefs_search_dictionary", "locale/{language}/search-dictionary.txt", "html", types=frozenset({str})
    )
    app.add_config_value("briefs_glossary", "glossary.yaml", "env", types=frozenset({str}))
    app.add_config_value("briefs_site_url", "", "html", types=frozenset({str}))
    app.add_config_value("briefs_feed_length", 20, "html", types=frozenset({int}))
    app.add_config_value("briefs_book", "", "env", types=frozenset({str}))
    app.add_config_value("briefs_titles", {}, "env", types=frozenset({dict}))
    app.connect("config-inited", _configure)
    app.connect("config-inited", upstream.use_catalog_options)

    i18n.compile_catalogs()
    app.add_message_catalog(i18n.CATALOG, i18n.LOCALE_DIR)

    app.add_domain(domain.BriefsDomain)
    app.add_role("brief", domain.BriefRole())
    app.add_node(card.brief_metadata)
    app.add_node(card.brief_listing)
    app.add_directive("brief", card.BriefDirective)
    app.add_directive("brief-listing", card.ListingDirective)

    app.connect("builder-inited", collector.resume, priority=100)
    app.connect("builder-inited", collector.keep_no_read_doctrees)
    app.connect("write-started", collector.freeze_what_was_read, priority=100)
    app.connect("builder-inited", _builder_inited)
    app.connect("builder-inited", interface.add_theme_messages)
    app.connect("builder-inited", i18n.load_date_texts)
    app.connect("doctree-read", doctrees.adopt_translated_nodes)
    app.connect("doctree-read", card.collect_brief)
    app.connect("doctree-read", card.collect_citations)
    app.connect("env-get-outdated", outputs.note_removed)
    app.connect("env-updated", _pages_to_rewrite)
    app.connect("env-check-consistency", _check_consistency)
    app.connect("doctree-resolved", card.render_page)

    app.add_css_file("briefs.css")
    app.connect("html-collect-pages", listings.collect_pages)
    app.connect("html-page-context", languages.add_language_links)
    app.connect("html-page-context", pdf.pdf_link)
    app.connect("build-finished", feeds.write_feeds)
    app.connect("build-finished", languages.write_landing_page)
    app.connect("build-finished", interface.complete_script_translations)
    app.connect("build-finished", outputs.remove_stale_outputs)
    app.connect("build-finished", listings.save_listing_digests)
    app.connect("build-finished", i18n.save_date_texts)
    app.connect("build-finished", upstream.forget, priority=900)
    app.connect("build-finished", collector.restore, priority=900)

    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
