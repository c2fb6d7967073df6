"""Workarounds for upstream defects, described in docs/upstream/ (myst-parser-
translations.md for the MyST ones, sphinx-chinese-search-and-start-up.md for
the search ones).

* ``fast_myst_documents``: myst-parser builds a throw-away docutils settings
  object on every parse (``DocutilsRenderer.setup_render`` evaluates
  ``make_document()`` as the default of ``options.get("document", ...)``
  even when a document is given).  That is an OptionParser with all of
  docutils' options, about 1.4 ms, and a translated page is parsed once per
  message: 55% of a zh_TW build.  The default settings are now built once per
  parser class and copied.

* ``reuse_myst_parsers``: ``MystParser.parse`` builds a new MarkdownIt
  parser, with every plugin and a new renderer, for each parse (about 0.9 ms;
  again once per translated message).  A parser is now built once per MyST
  configuration and reused; a parse that starts while the cached parser is
  rendering (a nested parse) gets a fresh one, as before.

* ``parse_each_message_once``: Sphinx's ``Locale`` transform parses every
  translated message twice, once in each of its two phases (the first only
  looks for translated section names), so half of a translated build's
  parsing is repeated.  The parse of a message is now kept until the second
  phase of the same page asks for it again, and a copy is returned.  A
  message of plain text (one line, nothing MyST would read as markup) is
  not parsed at all: it becomes the paragraph with one text node that the
  parser would have made.

* ``stem_only_latin_words``: Sphinx's Chinese search runs the English
  stemmer on every word, Chinese ones included, where no English suffix rule
  can apply; words without a Latin letter are now returned as they are (the
  stemmer's own result for them).

* ``segment_each_text_once``: Sphinx's Chinese search hands every text node
  to jieba, and the same texts come back on every page (the card's labels,
  keyword and source names, dates): of 33,600 texts in 1,000 zh_TW briefs,
  12,000 were distinct, and segmenting them again took 0.9 s of 2.1 s.  Each
  distinct text is now segmented once per build.

* ``unescaped_search_index``: Sphinx writes ``searchindex.js`` with every
  non-ASCII character escaped (``\u95dc``: six bytes where UTF-8 needs
  three), so a Chinese index was a sixth larger than it needs to be (zh_TW,
  1,000 briefs: 1.16 MB, 0.98 MB unescaped).  The file is UTF-8 either way
  (Sphinx reads it back as such; the search page is UTF-8, which a script
  inherits).

All are turned off by BRIEFS_NO_UPSTREAM_WORKAROUNDS=1, which the tests use
to prove the output is the same with and without them.  The
translated-doctree bloat is handled in :mod:`briefs.doctrees`.
"""

from __future__ import annotations

import copy
import functools
import os
import re
from collections.abc import Callable
from typing import Any

from docutils import nodes

# Characters MyST may read as inline markup anywhere in a line, and what may
# start a block (list, heading, quote, comment, target, fence, table).
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]<>!&{}$|~^\n\r\t]|  ")
_BLOCK_START = re.compile(r"^(?:[-+*#>%(:=]|\d+[.)])")
# MyST extensions that rewrite plain text: with them, plain text is not plain.
_TEXT_REWRITING = {"linkify", "replacements", "smartquotes"}


def is_plain_markdown(text: str, source_path: str, config: Any) -> bool:
    """True for a one-line message MyST would turn into exactly one text node."""
    return (
        source_path.endswith(".md")
        and bool(text)
        and text == text.strip()
        and not _INLINE_MARKUP.search(text)
        and not _BLOCK_START.match(text)
        and not _TEXT_REWRITING & set(getattr(config, "myst_enable_extensions", ()) or ())
    )


# What the workarounds keep between parses.  A parser's renderer and a parsed
# message hold their document, whose settings hold the build environment and
# the application: :func:`forget` drops them when a build ends.
_PARSERS: dict[tuple[int, Any], tuple[Any, Any, list[bool]]] = {}
_MESSAGE_PARSES: dict[str, Any] = {"path": None, "parses": {}}


def forget(app: Any, exception: Exception | None) -> None:
    """``build-finished``: let the finished build's objects go."""
    _PARSERS.clear()
    _MESSAGE_PARSES.update(path=None, parses={})


def _enabled() -> bool:
    return os.environ.get("BRIEFS_NO_UPSTREAM_WORKAROUNDS") != "1"


def _replace(owner: Any, name: str, make: Callable[[Any], Callable[..., Any]]) -> None:
    """Put ``make(original)`` in place of ``owner.name``, once: ``setup()`` runs
    again for every build of a process, and a workaround must not wrap itself."""
    original = getattr(owner, name)
    if getattr(original, "briefs_workaround", False):
        return
    replacement = functools.update_wrapper(make(original), original)  # keeps __doc__, sets __wrapped__
    replacement.briefs_workaround = True  # type: ignore[attr-defined]
    setattr(owner, name, replacement)


def apply() -> None:
    if not _enabled():
        return
    fast_myst_documents()
    reuse_myst_parsers()
    parse_each_message_once()
    unescaped_search_index()


def apply_for_language(language: str | None) -> None:
    """The workarounds of one build language (importing jieba costs an English build 60 ms)."""
    if _enabled() and (language or "").startswith("zh"):
        stem_only_latin_words()
        segment_each_text_once()


def fast_myst_documents() -> None:
    """Make ``myst_parser.mdit_to_docutils.base.make_document`` reuse default settings."""
    try:
        from docutils.frontend import get_default_settings
        from docutils.utils import new_document
        from myst_parser.mdit_to_docutils import base
    except ImportError:
        return
    defaults: dict[Any, Any] = {}

    def make(_original: Any) -> Callable[..., Any]:
        def make_document(source_path: str = "notset", parser_cls: Any = base.RSTParser) -> Any:
            if parser_cls not in defaults:
                defaults[parser_cls] = get_default_settings(parser_cls)
            return new_document(source_path, settings=copy.copy(defaults[parser_cls]))

        return make_document

    _replace(base, "make_document", make)


def reuse_myst_parsers() -> None:
    """Make ``myst_parser.parsers.sphinx_.create_md_parser`` return a cached parser when idle."""
    try:
        from myst_parser.parsers import sphinx_
    except ImportError:
        return
    parsers = _PARSERS

    def make(create: Any) -> Callable[..., Any]:
        def create_md_parser(config: Any, renderer: Any) -> Any:
            key = (id(config), renderer)
            cached = parsers.get(key)
            if cached is not None and cached[0] is config and not cached[2][0]:
                return cached[1]
            parser = create(config, renderer)
            if cached is None and len(parsers) < 16:
                busy = [False]
                render = parser.render

                def guarded_render(src: str, env: Any = None) -> Any:
                    busy[0] = True
                    try:
                        return render(src, env)
                    finally:
                        busy[0] = False

                parser.render = guarded_render
                parsers[key] = (config, parser, busy)
            return parser

        return create_md_parser

    _replace(sphinx_, "create_md_parser", make)


def parse_each_message_once() -> None:
    """Memoize ``sphinx.transforms.i18n.publish_msgstr`` within one page."""
    from sphinx.transforms import i18n

    page = _MESSAGE_PARSES

    def make(publish: Any) -> Callable[..., Any]:
        def publish_msgstr(app: Any, source: str, source_path: str, source_line: int, config: Any,
                           settings: Any) -> Any:
            if page["path"] != source_path:  # a new page: forget the last one's messages
                page["path"], page["parses"] = source_path, {}
            if is_plain_markdown(source, source_path, config):
                return nodes.paragraph(source, "", nodes.Text(source))
            key = (source, source_line)
            if key not in page["parses"]:
                page["parses"][key] = publish(app, source, source_path, source_line, config, settings)
            return page["parses"][key].deepcopy()

        return publish_msgstr

    _replace(i18n, "publish_msgstr", make)


_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def stem_only_latin_words() -> None:
    """Skip the English stemmer for words with no Latin letter in Chinese search."""
    try:
        from sphinx.search.zh import SearchChinese
    except ImportError:
        return

    def make(stem: Any) -> Callable[..., Any]:
        def stem_latin(self: Any, word: str) -> str:
            if not _LATIN_LETTER.search(word):
                return word.lower()
            return stem(self, word)

        return stem_latin

    _replace(SearchChinese, "stem", make)


def segment_each_text_once() -> None:
    """Remember jieba's segmentation of each text for the rest of the build."""
    try:
        from sphinx.search.zh import SearchChinese
    except ImportError:
        return

    def make(split: Any) -> Callable[..., Any]:
        def split_once(self: Any, text: str) -> list[str]:
            # Per instance: split() also records the text's Latin words in
            # self.latin_terms, which a new instance must collect again.
            known: dict[str, list[str]] = self.__dict__.setdefault("_briefs_segmented", {})
            words = known.get(text)
            if words is None:
                words = known[text] = split(self, text)
            return list(words)

        return split_once

    _replace(SearchChinese, "split", make)


def unescaped_search_index() -> None:
    """Write the search index as UTF-8 text rather than ASCII escapes."""
    import json

    from sphinx.search import _JavaScriptIndex

    def make(_original: Any) -> Callable[..., Any]:
        def dumps(self: Any, data: Any) -> str:
            return (self.PREFIX + json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
                    + self.SUFFIX)

        return dumps

    _replace(_JavaScriptIndex, "dumps", make)
