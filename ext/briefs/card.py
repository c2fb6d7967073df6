"""The ``{brief}`` directive and the metadata card it becomes.

The directive only parses and validates: it keeps the parsed
:class:`~briefs.metadata.Brief` on a placeholder node.  The card is drawn
after the doctree is resolved, in the build's language, from nodes that carry
no source, so the gettext builder never offers card text for translation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .i18n import _, format_partial_date
from .metadata import Brief, parse_block

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


class brief_metadata(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """Placeholder for a brief's card; ``node["brief"]`` is the parsed Brief."""


class BriefDirective(SphinxDirective):
    """```` ```{brief} ```` with ``Label: value`` lines as its body."""

    has_content = True
    required_arguments = 0
    optional_arguments = 0
    option_spec: ClassVar[dict] = {}

    def run(self) -> list[nodes.Node]:
        brief, problems = parse_block("\n".join(self.content))
        for problem in problems:
            logger.warning(
                problem.message,
                type="briefs",
                subtype=problem.kind,
                location=(self.env.docname, self.content_offset + problem.line + 1),
            )
        node = brief_metadata(brief=brief)
        self.set_source_info(node)
        return [node]


def _field(label: str, body: nodes.Node | str) -> nodes.field:
    if isinstance(body, str):
        body = nodes.paragraph("", body)
    return nodes.field("", nodes.field_name("", label), nodes.field_body("", body))


def card_for(brief: Brief, language: str | None) -> nodes.container:
    """The card's nodes: a field list any builder can write."""
    fields = nodes.field_list(classes=["brief-card-fields"])
    if brief.authors:
        fields += _field(_("Authors") if len(brief.authors) > 1 else _("Author"), ", ".join(brief.authors))
    if brief.source:
        fields += _field(_("Source"), brief.source)
    if brief.date:
        fields += _field(_("Date"), format_partial_date(brief.date, language))
    if brief.keywords:
        fields += _field(_("Keywords"), ", ".join(brief.keywords))
    if brief.url:
        fields += _field(_("Article"), nodes.paragraph("", "", nodes.reference("", brief.url, refuri=brief.url)))
    if brief.digest_title:
        fields += _field(_("Digest title"), brief.digest_title)
    return nodes.container("", fields, classes=["brief-card"])


def render_cards(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(brief_metadata)):
        node.replace_self(card_for(node["brief"], app.config.language))
