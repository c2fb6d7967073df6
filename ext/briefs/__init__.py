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

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def _configure(app: Sphinx, config: Config) -> None:
    """Per-language and theme settings, decided once the final config is known."""
    from . import languages

    if str(TEMPLATES) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(TEMPLATES)]
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC)]
    if not config.html_favicon:
        config.html_favicon = str(STATIC / "briefs-favicon.svg")
    if not config.template_bridge:
        config.template_bridge = "briefs.interface.TemplateLoader"
    languages.use_search_dictionary(app, config)


def setup(app: Sphinx) -> dict[str, Any]:
    from . import card, i18n, interface, languages

    app.add_config_value("briefs_languages", dict(languages.DEFAULT_LANGUAGES), "html", types=frozenset({dict}))
    app.add_config_value(
        "briefs_search_dictionary", "locale/{language}/search-dictionary.txt", "html", types=frozenset({str})
    )
    app.connect("config-inited", _configure)

    i18n.compile_catalogs()
    app.add_message_catalog(i18n.CATALOG, i18n.LOCALE_DIR)

    app.add_node(card.brief_metadata)
    app.add_directive("brief", card.BriefDirective)
    app.connect("doctree-resolved", card.render_cards)

    app.add_css_file("briefs.css")
    app.connect("builder-inited", interface.add_theme_messages)
    app.connect("html-page-context", languages.add_language_links)
    app.connect("build-finished", languages.write_landing_page)
    app.connect("build-finished", interface.complete_script_translations)

    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
