"""No unsafe markup reaches a page: raw HTML, script and data URLs (``briefs.unsafe``).

At ``doctree-read``, after the page's translation is in place, every raw
HTML node MyST made (from the page or from a ``msgstr``) becomes the text it
was, and every link or image with an unsafe URL loses it; each is a warning
of type ``briefs.unsafe`` at the page's line, or at the ``.po`` entry it came
from, so ``-W`` fails the build.  The rules are ``briefs.safety``'s, which
``briefs check`` applies too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import polib
from docutils import nodes
from sphinx.util import logging

from .catalogs import catalog_path
from .safety import raw_output, unsafe_link_text, unsafe_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


def remove_unsafe_markup(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    warned: set[tuple] = set()  # an element's opening and closing tags are two nodes: one warning

    def warn(node: nodes.Node, text: str, message: str) -> None:
        if (node.line, message) not in warned:
            warned.add((node.line, message))
            _warn(app, docname, node, text, message)

    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        # Raw output of any format (LaTeX too: the PDF edition) is refused.
        warn(raw, text, raw_output(raw.get("format", ""), text))
        shown = nodes.Text(text)
        if isinstance(raw.parent, nodes.TextElement):
            raw.replace_self(shown)
        else:
            raw.replace_self(nodes.paragraph(text, "", shown))
    for reference in list(doctree.findall(nodes.reference)):
        if unsafe_url(reference.get("refuri", "")):
            warn(reference, reference["refuri"], f"unsafe link: {reference['refuri']!r}")
            reference.replace_self(nodes.inline(reference.astext(), reference.astext()))
    for image in list(doctree.findall(nodes.image)):
        if unsafe_url(image.get("uri", "")):
            warn(image, image["uri"], f"unsafe image: {image['uri'][:60]!r}")
            image.replace_self(nodes.inline(image.get("alt", ""), image.get("alt", "")))
    for text in list(doctree.findall(nodes.Text)):
        refused = unsafe_link_text(text.astext())
        if refused and not isinstance(text.parent, (nodes.literal, nodes.literal_block)):
            warn(text.parent, text.astext(), refused)


def _warn(app: Sphinx, docname: str, node: nodes.Node, text: str, message: str) -> None:
    """At the ``.po`` entry the markup came from, else at its line in the page or the file it includes."""
    location: str | tuple[str, int | None] = (docname, node.line)
    page = Path(app.env.doc2path(docname))
    source = Path(node.source) if node.source else page
    if source != page and source.is_file():
        location = f"{source}:{node.line}"  # an included file's line
    else:
        source = page  # a translated message's node names no file of its own
    if text.strip() not in source.read_text(encoding="utf-8"):
        location = _catalog_location(app, docname, text) or location
    logger.warning(message, type="briefs", subtype="unsafe", location=location)


def _catalog_location(app: Sphinx, docname: str, text: str) -> str | None:
    if not app.config.locale_dirs:
        return None
    path = catalog_path(app, app.config.language, docname)
    for entry in polib.pofile(str(path)) if path.is_file() else ():
        if text.strip() and text.strip() in entry.msgstr:
            return f"{path.resolve()}:{entry.linenum}"
    return None
