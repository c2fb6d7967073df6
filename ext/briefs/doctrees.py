"""Keep translated doctrees small: drop references to throw-away documents.

When Sphinx translates a page, it parses each ``msgstr`` as a small document
of its own (``sphinx.transforms.i18n.publish_msgstr``) and moves the parsed
nodes into the page.  With MyST, those nodes keep their ``_document``
attribute pointing at the small document, whose ``settings.env`` is the whole
build environment.  Sphinx strips ``settings.env`` from the page's own
document before pickling it, but not from these, so every translated doctree
pickles a copy of part of the environment: 164 MB of zh_TW doctrees against
6.7 MB in English for 500 pages, and a zh_TW build 2-5x slower.

Pointing those nodes back at the page's document (where they now live) after
the page is read removes the copies; the output is unchanged.  (With
reStructuredText the parser does not keep ``_document`` on the moved nodes,
which is why only MyST projects see this.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx


def adopt_translated_nodes(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: every node's ``_document`` is the page's own document."""
    for node in doctree.findall():
        if getattr(node, "_document", None) not in (None, doctree):
            node._document = doctree
