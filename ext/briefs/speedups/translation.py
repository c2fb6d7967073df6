"""Sphinx's translation of a page: each translated message parsed once.

Sphinx's ``Locale`` transform parses every translated message twice, once in
each of its two phases (the first only looks for translated section titles),
so half of a translated build's parsing is repeated.  The parse of a message
is kept until the second phase of the same page asks for it again, and a
copy is returned.  A one-line message that MyST reads as plain text
(:func:`briefs.markup.is_plain`) is not parsed at all: it becomes the
paragraph with one text node the parser would have made.

Sphinx 8.2 calls ``publish_msgstr(app, source, source_path, source_line,
config, settings)``, Sphinx 9.2 ``_publish_msgstr(source, source_path,
source_line, *, config, env, registry, settings)``: both are handled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import sphinx
from docutils import nodes

from briefs.markup import is_plain

from .guard import Speedup, replace

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The function Sphinx's Locale transform parses a message with.
_PUBLISH = "sphinx.transforms.i18n:" + ("_publish_msgstr" if sphinx.version_info >= (9,) else "publish_msgstr")
#: MyST extensions that rewrite plain text: with them, no text is plain.
_TEXT_REWRITING = {"linkify", "replacements", "smartquotes"}
#: The parses of the page being translated: its path, and (message, line) -> parse.
_PAGE: dict[str, Any] = {"path": None, "parses": {}}


def is_plain_message(text: str, source_path: str, config: Any) -> bool:
    """True for a message of a MyST page that MyST would turn into exactly one text node."""
    return (source_path.endswith(".md") and is_plain(text)
            and not _TEXT_REWRITING & set(getattr(config, "myst_enable_extensions", ()) or ()))


def _parse_once(source: str, source_path: str, source_line: int, config: Any, publish: Callable[[], Any]) -> Any:
    if _PAGE["path"] != source_path:  # a new page: forget the last one's messages
        _PAGE.update(path=source_path, parses={})
    if is_plain_message(source, source_path, config):
        return nodes.paragraph(source, "", nodes.Text(source))
    key = (source, source_line)
    if key not in _PAGE["parses"]:
        _PAGE["parses"][key] = publish()
    return _PAGE["parses"][key].deepcopy()


def _sphinx_8(publish: Any) -> Callable[..., Any]:
    def publish_msgstr(app: Any, source: str, source_path: str, source_line: int, config: Any, settings: Any) -> Any:
        return _parse_once(source, source_path, source_line, config,
                           lambda: publish(app, source, source_path, source_line, config, settings))

    return publish_msgstr


def _sphinx_9(publish: Any) -> Callable[..., Any]:
    def _publish_msgstr(source: str, source_path: str, source_line: int, *, config: Any, **options: Any) -> Any:
        return _parse_once(source, source_path, source_line, config,
                           lambda: publish(source, source_path, source_line, config=config, **options))

    return _publish_msgstr


def forget_parses(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: a parse holds its document, whose settings hold the environment."""
    _PAGE.update(path=None, parses={})


def apply(app: Sphinx) -> None:
    from sphinx.transforms import i18n

    if hasattr(i18n, "_publish_msgstr"):
        replace(i18n, "_publish_msgstr", _sphinx_9)
    else:
        replace(i18n, "publish_msgstr", _sphinx_8)
    app.connect("build-finished", forget_parses, priority=900)


SPEEDUP = Speedup(
    name="translation",
    verified={"sphinx": ("~=8.2.3", "~=9.2.0")},
    targets={
        _PUBLISH: (
            "(app: 'Sphinx', source: 'str', source_path: 'str', source_line: 'int', config: 'Config', "
            "settings: 'Any') -> 'nodes.Element'",
            "(source: 'str', source_path: 'str', source_line: 'int', *, config: 'Config', env: 'BuildEnvironment', "
            "registry: 'SphinxComponentRegistry', settings: '_DocutilsSettings') -> 'nodes.Element'",
        ),
    },
    apply=apply,
    report="docs/upstream/sphinx-i18n-parses-each-message-twice.md",
)
