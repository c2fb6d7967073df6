"""myst-parser: one docutils settings object and one MarkdownIt parser, reused.

myst-parser builds a throw-away docutils settings object on every parse
(``DocutilsRenderer.setup_render`` evaluates ``make_document()`` as the
default of ``options.get("document", ...)`` even when a document is given):
an ``OptionParser`` with all of docutils' options, about 1.4 ms.  It also
builds a new MarkdownIt parser, with every plugin and a renderer, for each
parse (``create_md_parser``, about 0.9 ms).  A translated page is parsed
once per message, so both dominate a zh_TW build.  The default settings are
now built once per parser class and copied; a parser is built once per MyST
configuration and reused when idle (a nested parse gets a fresh one).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .guard import Speedup, replace

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Parsers kept between parses, by configuration: (config, parser, [busy]).  A parser's
#: renderer holds its document, whose settings hold the environment: dropped when a build ends.
_PARSERS: dict[tuple[int, Any], tuple[Any, Any, list[bool]]] = {}


def _reuse_default_settings() -> None:
    from docutils.frontend import get_default_settings
    from docutils.utils import new_document
    from myst_parser.mdit_to_docutils import base

    defaults: dict[Any, Any] = {}

    def make(_original: Any) -> Callable[..., Any]:
        def make_document(source_path: str = "notset", parser_cls: Any = base.RSTParser) -> Any:
            if parser_cls not in defaults:
                defaults[parser_cls] = get_default_settings(parser_cls)
            return new_document(source_path, settings=copy.copy(defaults[parser_cls]))

        return make_document

    replace(base, "make_document", make)


def _reuse_parsers() -> None:
    from myst_parser.parsers import sphinx_

    def make(create: Any) -> Callable[..., Any]:
        def create_md_parser(config: Any, renderer: Any) -> Any:
            key = (id(config), renderer)
            cached = _PARSERS.get(key)
            if cached is not None and cached[0] is config and not cached[2][0]:
                return cached[1]
            parser = create(config, renderer)
            if cached is None and len(_PARSERS) < 16:
                busy = [False]
                render = parser.render

                def guarded_render(src: str, env: Any = None) -> Any:
                    busy[0] = True
                    try:
                        return render(src, env)
                    finally:
                        busy[0] = False

                parser.render = guarded_render
                _PARSERS[key] = (config, parser, busy)
            return parser

        return create_md_parser

    replace(sphinx_, "create_md_parser", make)


def forget_parsers(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: let the finished build's parsers (and their documents) go."""
    _PARSERS.clear()


def apply(app: Sphinx) -> None:
    _reuse_default_settings()
    _reuse_parsers()
    app.connect("build-finished", forget_parsers, priority=900)


SPEEDUP = Speedup(
    name="myst",
    verified={"myst-parser": ("~=5.2.0",), "docutils": ("~=0.21.2", "~=0.23.0")},
    targets={
        "myst_parser.mdit_to_docutils.base:make_document": (
            "(source_path='notset', parser_cls=<class 'docutils.parsers.rst.Parser'>) -> 'nodes.document'",),
        "myst_parser.parsers.sphinx_:create_md_parser": (
            "(config: 'MdParserConfig', renderer: 'Callable[[MarkdownIt], RendererProtocol]') -> 'MarkdownIt'",),
        "docutils.frontend:get_default_settings": None,
    },
    apply=apply,
    report="docs/upstream/myst-parser-translations.md",
)
