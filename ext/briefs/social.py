"""What a shared link shows: Open Graph tags and the page's description.

sphinxext-opengraph writes the ``og:*`` tags of every page from its doctree.
Of a brief page it would take the card's labels as the description; this
module gives it the brief's summary instead (the first paragraph of its text,
in the page's language), the type ``article`` and the keywords as
``article:tag``, and the same summary as ``<meta name="description">``.  Each
page names its locale and the other languages'; links are absolute from
``html_baseurl``.  Generated image cards (matplotlib, a PNG per page and
language) are off: link previews show the text card (``twitter:card`` summary).
"""

from __future__ import annotations

import contextlib
import html
import io
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .foreign import in_body

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .domain import BriefsDomain


def setup_opengraph(app: Sphinx) -> None:
    """``setup()``: load sphinxext-opengraph, without the line it prints on every start when
    matplotlib (for the image cards, which the collection does not make) is missing."""
    with contextlib.redirect_stdout(io.StringIO()):
        app.setup_extension("sphinxext.opengraph")


def configure(app: Sphinx, config: Config) -> None:
    """``config-inited``, once ``html_baseurl`` is known: absolute links, this build's locales."""
    if not config.ogp_site_url:
        config.ogp_site_url = config.html_baseurl
    if config.ogp_social_cards is None:
        config.ogp_social_cards = {"enable": False}
    language = config.language or "en"
    others = [code for code in config.briefs_languages if code != language]
    tags = [_tag("og:locale", og_locale(language)),
            *(_tag("og:locale:alternate", og_locale(code)) for code in others),
            '<meta name="twitter:card" content="summary" />']
    config.ogp_custom_meta_tags = (*config.ogp_custom_meta_tags, *tags)


def og_locale(code: str) -> str:
    """A Sphinx language code as Open Graph names a locale: ``zh_TW``; ``en`` is ``en_US``."""
    from babel.core import Locale, get_global

    locale = Locale.parse(code)
    if not locale.territory:
        locale = Locale.parse(get_global("likely_subtags").get(locale.language, code))
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``, before sphinxext-opengraph's: a brief page's description and type."""
    domain: BriefsDomain = app.env.get_domain("brief")  # type: ignore[assignment]
    record = domain.record_for(pagename) if doctree is not None else None
    if record is None:
        return
    glossary = app.env.briefs_glossary  # type: ignore[attr-defined]
    meta = dict(context.get("meta") or {})
    meta["og:type"] = "article"
    extra = [_tag("article:tag", glossary.term("keywords", k).name(app.config.language))
             for k in record.brief.keywords]
    summary = brief_summary(doctree, app.config.ogp_description_length)
    if summary:
        meta["og:description"] = summary
        # sphinxext-opengraph adds no description of its own where the page has one.
        extra.insert(0, f'<meta name="description" content="{html.escape(summary)}" />')
    context["meta"] = meta
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(extra)


def brief_summary(doctree: nodes.document, length: int) -> str:
    """The first paragraph of a brief's own text (not its card, series navigation or notes),
    spaces collapsed, cut to ``length`` characters at a word where there are words."""
    for paragraph in doctree.findall(nodes.paragraph):
        if not in_body(paragraph):
            continue
        text = " ".join(paragraph.astext().split())
        if text:
            return shorten(text, length)
    return ""


def shorten(text: str, length: int) -> str:
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    space = cut.rfind(" ")
    if space > length // 2:  # English: at a word; Chinese runs have no spaces to cut at
        cut = cut[:space]
    return cut.rstrip(" ,;:，、；：") + "…"


def _tag(name: str, content: str) -> str:
    return f'<meta property="{name}" content="{html.escape(content)}" />'
