"""Text in the other language, marked with its ``lang`` (issue 27).

A digest is published in English and Chinese; what one language lacks, its
edition shows in the other, as published (nothing is dropped).  When a page
is resolved, after its card is drawn, every element whose text is mostly in
the other language gets docutils' ``language-<tag>`` class, which the HTML
writer turns into ``lang``.  On an English page a run of Chinese characters
inside English text is marked too (browsers choose the Chinese glyphs by
it).  A brief whose body has such text says so once, under its card, in
the page's language.  Templates mark their texts with ``briefs_lang``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes

from .digest import LATIN, language_of
from .i18n import _
from .metadata import is_web_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The BCP 47 tag of each language of the digests (the Chinese is the publisher's, Traditional).
TAGS = {"en": "en", "zh": "zh-Hant-TW"}
#: The class of the note a brief page with text in the other language has, once.
LANGUAGE_NOTE = "brief-language-note"
#: A run of Chinese characters, with the punctuation between them.
_CHINESE_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff"
                          r"\uf900-\ufaff\uff00-\uffef]*")
#: Drawn parts of a brief page that are not its text: a foreign name there needs no note
#: (and none is the brief's summary, social.py).
NOT_BODY = ("brief-card", "brief-series-nav", "brief-cited-by", "brief-listing", LANGUAGE_NOTE)
#: The note, by the language the page lacks.  English text in the Chinese edition may also be
#: English not translated yet (the catalog cannot tell them apart); Chinese text in the English
#: source was published in Chinese only.
NOTES = {
    "zh": _("Parts of this digest were published in Chinese only and are shown as published."),
    "en": _("Parts of this page are in English only: the digest published them in English only, "
            "or they are not translated yet."),
}


def page_language(language: str | None) -> str:
    return "zh" if (language or "en").startswith("zh") else "en"


def mark_foreign_text(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: mark what is in the other language, and note it on a brief page."""
    page = page_language(app.config.language)
    foreign_in_body = False
    for node in list(doctree.findall(nodes.TextElement)):
        if isinstance(node, nodes.FixedTextElement) or _marked(node.parent):
            continue
        text = node.astext()
        language = None if is_web_url(text.strip()) else language_of(text)  # an address is in no language
        if language is not None and language != page:
            node["classes"].append(f"language-{TAGS[language]}")
            foreign_in_body = foreign_in_body or (isinstance(node, nodes.paragraph) and in_body(node))
        elif page == "en":
            _mark_chinese_runs(node)
    if foreign_in_body:
        _add_note(doctree, page)


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    """``html-page-context``: ``briefs_lang(text)`` for templates, the `` lang="…"`` attribute
    of a text in the other language (listing pages, the status page), else nothing."""
    page = page_language(app.config.language)

    def briefs_lang(text: object) -> str:
        language = language_of(str(text)) if not is_web_url(str(text).strip()) else None
        return f' lang="{TAGS[language]}"' if language is not None and language != page else ""

    context["briefs_lang"] = briefs_lang


#: A tag of an HTML fragment (the formatted references': citeproc-py's <i>, <b>, <span>).
_TAG = re.compile(r"(<[^>]*>)")


def mark_html_runs(fragment: str, language: str | None) -> str:
    """An HTML fragment of text and inline tags, each run of the other language's text wrapped
    in a span with its lang: Chinese runs in an English page, runs with Latin letters in a
    Chinese one (a formatted reference mixes both: its locale's words, the work's title)."""
    page = page_language(language)
    pieces = []
    for piece in _TAG.split(fragment):
        if not piece or piece.startswith("<"):
            pieces.append(piece)
            continue
        last = 0
        for match in _CHINESE_RUN.finditer(piece):
            pieces.append(_wrapped(piece[last:match.start()], page, "en"))
            pieces.append(_wrapped(match.group(), page, "zh"))
            last = match.end()
        pieces.append(_wrapped(piece[last:], page, "en"))
    return "".join(pieces)


def _wrapped(text: str, page: str, language: str) -> str:
    if language == page or not text or (language == "en" and not LATIN.search(text)):
        return text
    # The spaces around a run stay outside it.
    stripped = text.strip()
    start = text.index(stripped)
    return f'{text[:start]}<span lang="{TAGS[language]}">{stripped}</span>{text[start + len(stripped):]}'


def _marked(node: nodes.Node | None) -> bool:
    while node is not None and not isinstance(node, nodes.document):
        if any(c.startswith("language-") for c in node.get("classes", ())) or isinstance(node, nodes.FixedTextElement):
            return True
        node = node.parent
    return False


def in_body(node: nodes.Node) -> bool:
    """Within the brief's own text: in none of the parts the extension draws on the page."""
    while node is not None and not isinstance(node, nodes.document):
        if any(c in NOT_BODY for c in node.get("classes", ())):
            return False
        node = node.parent
    return True


def _mark_chinese_runs(element: nodes.TextElement) -> None:
    """Wrap each run of Chinese in an English element's own text in an inline with its lang."""
    for child in list(element.children):
        if not isinstance(child, nodes.Text) or not _CHINESE_RUN.search(child):
            continue
        pieces: list[nodes.Node] = []
        last = 0
        for match in _CHINESE_RUN.finditer(child):
            if match.start() > last:
                pieces.append(nodes.Text(child[last:match.start()]))
            pieces.append(nodes.inline(match.group(), match.group(), classes=[f"language-{TAGS['zh']}"]))
            last = match.end()
        if last < len(child):
            pieces.append(nodes.Text(child[last:]))
        element.replace(child, pieces)


def _add_note(doctree: nodes.document, page: str) -> None:
    """The note, once, after the brief's card and series navigation."""
    card = next(doctree.findall(lambda n: isinstance(n, nodes.Element) and "brief-card" in n.get("classes", ())),
                None)
    if card is None:
        return
    anchor = card
    following = anchor.parent.index(anchor) + 1
    siblings = anchor.parent.children
    while following < len(siblings) and "brief-series-nav" in siblings[following].get("classes", ()):
        following += 1
    missing = "zh" if page == "en" else "en"
    note = nodes.paragraph("", str(NOTES[missing]), classes=[LANGUAGE_NOTE, "no-search"])
    anchor.parent.insert(following, note)
