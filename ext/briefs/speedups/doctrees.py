"""Translated MyST doctrees without the throw-away documents of their messages.

When Sphinx translates a page it parses each ``msgstr`` as a small document
and moves the parsed nodes into the page.  With MyST those nodes keep
``_document`` pointing at the small document, whose settings hold the whole
build environment, so every translated doctree pickles part of the
environment (zh_TW doctrees 25 times the size of the English ones, and a
zh_TW build several times slower).  After a page is read, its nodes are
pointed back at the page's own document, where they now live.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .guard import Speedup

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx


def adopt_translated_nodes(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: every node's ``_document`` is the page's own document."""
    for node in doctree.findall():
        if getattr(node, "_document", None) not in (None, doctree):
            node._document = doctree


def apply(app: Sphinx) -> None:
    app.connect("doctree-read", adopt_translated_nodes)


SPEEDUP = Speedup(
    name="doctrees",
    verified={"docutils": ("~=0.21.2", "~=0.23.0"), "myst-parser": ("~=5.2.0",)},
    # The attribute behind Node.document, which the moved nodes keep.
    targets={"docutils.nodes:Node.document": None},
    apply=apply,
    report="docs/upstream/myst-parser-translations.md",
)
