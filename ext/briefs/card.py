"""The ``{brief}`` and ``{brief-listing}`` directives, and what they become.

The directives only parse and validate; they leave placeholder nodes.  When
a page is read, the domain records its brief (``BriefsDomain.process_doc``).  When
a page is resolved for a builder, :func:`render_page` draws, in the build's
language and from the domain's data: the metadata card, the series
navigation, the "Cited by" list and any listing.  Drawn nodes carry no
source, so the gettext builder never offers them for translation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.errors import NoUri
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from .digest import normalize, read_title
from .domain import COMPOSED, SOURCE_TITLE, BriefRecord, BriefsDomain, Listing, brief_listing, brief_metadata
from .i18n import _, format_partial_date
from .metadata import parse_block
from .titles import compose, is_composed

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .glossary import Glossary

logger = logging.getLogger(__name__)


class BriefDirective(SphinxDirective):
    """```` ```{brief} ```` with ``Label: value`` lines as its body."""

    has_content = True
    option_spec: ClassVar[dict] = {}

    def run(self) -> list[nodes.Node]:
        brief, problems = parse_block("\n".join(self.content))
        for problem in problems:
            # self.lineno is the opening fence; the block's lines follow it.
            line = self.lineno if problem.line is None else self.lineno + 1 + problem.line
            logger.warning(problem.message, type="briefs", subtype=problem.kind, location=(self.env.docname, line))
        node = brief_metadata(brief=brief)
        self.set_source_info(node)
        return [node]


class SourceTitle(SphinxTransform):
    """Keep a brief's heading as its page gives it, before any translation: the title of the
    article, which its citation names in every language (citation.py)."""

    default_priority = 15  # before the translation (Locale, 20)

    def apply(self, **kwargs: object) -> None:
        for node in self.document.findall(brief_metadata):
            if isinstance(node.parent, nodes.section) and node.parent.children:
                title = node.parent[0]
                title[SOURCE_TITLE] = normalize(title.astext())


class ComposedTitle(SphinxTransform):
    """The heading of a brief whose digest published no title, composed in the build's
    language (titles.py).  Before the doctree-read event, so that the page's title
    (``<title>``, listings, feeds, cross-references, the PDF) is the composed one."""

    # After the translation (Locale, 20); before the domains (SphinxDomains, 850) and the
    # doctree-read event (880) collect the title.
    default_priority = 840

    def apply(self, **kwargs: object) -> None:
        language = self.config.language
        glossary = self.env.briefs_glossary  # type: ignore[attr-defined]
        for node in self.document.findall(brief_metadata):
            brief = node["brief"]
            section = node.parent
            if not brief.composed_title or not isinstance(section, nodes.section) or not brief.date:
                continue
            title = section[0]
            english = compose(brief, glossary, "en", brief.date_text or "")
            if not is_composed(title.astext(), brief, glossary):
                # A translator's title wins; an English heading that differs was edited.
                if (language or "en") == "en":
                    logger.warning("the heading is not the title composed from the metadata (%r): remove "
                                   "'composed-title: yes' to keep it, or give the heading that title", english,
                                   type="briefs", subtype="composed-title", location=title)
                continue
            shown = english if (language or "en") == "en" else \
                compose(brief, glossary, language, format_partial_date(brief.date, language))
            title[:] = [nodes.Text(shown)]
            title["classes"].append(COMPOSED)


class ListingDirective(SphinxDirective):
    """```` ```{brief-listing} ```` with ``:newest: N`` or a ``:keyword:``, ``:author:``,
    ``:source:`` or ``:year:`` filter; newest first."""

    option_spec: ClassVar[dict] = {
        "newest": directives.positive_int,
        "keyword": directives.unchanged_required,
        "author": directives.unchanged_required,
        "source": directives.unchanged_required,
        "year": directives.positive_int,
    }

    def run(self) -> list[nodes.Node]:
        listing = Listing(**{key.replace("-", "_"): value for key, value in self.options.items()})
        self.env.get_domain("brief").note_listing(self.env.docname, listing)
        node = brief_listing(listing=listing)
        self.set_source_info(node)
        return [node]


# -- reading ----------------------------------------------------------------


# -- what a page shows from other pages ----------------------------------------


def shown_from_elsewhere(domain: BriefsDomain, glossary: Glossary, docname: str) -> dict:
    """Everything a page displays that comes from other pages or the glossary.

    The renderer draws from it, and its digest decides whether an unchanged
    page must be written again after other pages changed.
    """
    shown: dict = {}
    record = domain.record_for(docname)
    if record is not None:
        shown["cited_by"] = [_link_data(r) for r in domain.cited_by(record.id)]
        if record.brief.series:
            shown["series"] = [(r.id, r.title, r.docname, r.brief.part) for r in domain.series(record.brief.series)]
        shown["keywords"] = [(k, glossary.term("keywords", k).names, glossary.find("keywords", k) is not None)
                             for k in record.brief.keywords]
        if record.brief.source:
            shown["source"] = glossary.term("sources", record.brief.source).names
    by_id = domain.by_id()
    cited = sorted(domain.data["citations"].get(docname, {}))
    shown["cited"] = [(i, by_id[i].title, by_id[i].docname) for i in cited if i in by_id]
    listings = domain.data["listings"].get(docname, [])
    if listings:
        shown["listings"] = [[_link_data(r) + (r.brief,) for r in select(domain, glossary, listing)]
                             for listing in listings]
    return shown


def _link_data(item: BriefRecord | str) -> tuple:
    if isinstance(item, BriefRecord):
        return (item.id, item.title, item.docname)
    return (None, None, item)


def select(domain: BriefsDomain, glossary: Glossary, listing: Listing) -> list[BriefRecord]:
    """The briefs a listing shows, newest first."""
    chosen = []
    for record in domain.records():
        brief = record.brief
        if listing.keyword and glossary.term("keywords", listing.keyword).key not in {
            glossary.term("keywords", k).key for k in brief.keywords
        }:
            continue
        if listing.author and listing.author not in brief.authors:
            continue
        if listing.source and glossary.term("sources", listing.source).key != glossary.term(
            "sources", brief.source or ""
        ).key:
            continue
        if listing.year and (brief.date is None or brief.date.year != listing.year):
            continue
        chosen.append(record)
    chosen.sort(key=BriefRecord.sort_key, reverse=True)
    return chosen[: listing.newest] if listing.newest else chosen


# -- drawing ------------------------------------------------------------------


def render_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Draw the page's cards, series navigation, backlinks and listings.

    ``docname`` is the document being written; a LaTeX book assembles many
    pages into one, so each card finds its own page from its source file.
    """
    from .listings import listing_page_name

    domain: BriefsDomain = app.env.get_domain("brief")  # type: ignore[assignment]
    glossary = app.env.briefs_glossary  # type: ignore[attr-defined]
    language = app.config.language
    html = app.builder.format == "html"

    for node in list(doctree.findall(brief_metadata)):
        owner = (app.env.path2doc(node.source) if node.source else None) or docname
        record = domain.record_for(owner)
        section = node.parent
        while section is not None and not isinstance(section, nodes.section):
            section = section.parent
        if html and section is not None and COMPOSED in section[0].get("classes", ()):
            mark = _("title composed from the metadata")
            section[0] += nodes.inline("", mark, classes=["brief-composed-mark", NOT_SEARCHED])
        card = card_for(app, docname, record, glossary, language, html, listing_page_name)
        navigation = series_navigation(app, docname, domain, record)
        node.replace_self([card, *navigation])
        if record is not None:
            citing = [c for c in domain.cited_by(record.id) if getattr(c, "docname", c) != owner]
            if citing:
                (section if section is not None else doctree).append(cited_by_nodes(app, docname, citing))

    for node in list(doctree.findall(brief_listing)):
        records = select(domain, glossary, node["listing"])
        node.replace_self(listing_nodes(app, docname, records, glossary, language))


# Sphinx's search leaves out elements of this class: the card's labels and the
# links to other briefs are on every page, and are navigation, not content (a
# search for a brief's title found every page citing or listing it, and
# "Authors" found them all).
NOT_SEARCHED = "no-search"


def _field(label: str, body: nodes.Node | str) -> nodes.field:
    if isinstance(body, str):
        body = nodes.paragraph("", body)
    elif not isinstance(body, nodes.paragraph):
        body = nodes.paragraph("", "", body)
    # The class goes on an inline: docutils' HTML writer would copy a
    # field_name's classes to the field's body too (it extends the parent's list).
    name = nodes.field_name("", "", nodes.inline(label, label, classes=[NOT_SEARCHED]))
    return nodes.field("", name, nodes.field_body("", body))


def _joined(items: list[nodes.Node], separator: str) -> nodes.paragraph:
    paragraph = nodes.paragraph()
    for index, item in enumerate(items):
        if index:
            paragraph += nodes.Text(separator)
        paragraph += item
    return paragraph


def card_for(app, docname, record, glossary, language, html, listing_page_name) -> nodes.Element:
    """The metadata card: a field list in HTML, a two-column table elsewhere (LaTeX)."""
    brief = record.brief if record is not None else None
    if brief is None:
        return nodes.container(classes=["brief-card"])
    separator = "、" if (language or "").startswith("zh") else ", "
    rows: list[tuple[str, nodes.Node | str]] = []
    if brief.authors:
        authors = [_listing_link(app, docname, "authors", a, a, html, listing_page_name) for a in brief.authors]
        rows.append((_("Authors") if len(brief.authors) > 1 else _("Author"), _joined(authors, separator)))
    if brief.source:
        term = glossary.term("sources", brief.source)
        rows.append((_("Source"), _joined(
            [_listing_link(app, docname, "sources", term.key, term.name(language), html, listing_page_name)], "")))
    if brief.date:
        rows.append((_("Date"), format_partial_date(brief.date, language)))
    if brief.keywords:
        words = []
        for keyword in brief.keywords:
            term = glossary.term("keywords", keyword)
            words.append(_listing_link(app, docname, "keywords", term.key, term.name(language), html, listing_page_name))
        rows.append((_("Keywords"), _joined(words, separator)))
    if brief.url:
        rows.append((_("Article"), _joined([nodes.reference("", brief.url, refuri=brief.url)], "")))
    if brief.digest_url:
        rows.append((_("Digest"), _joined([nodes.reference("", brief.digest_url, refuri=brief.digest_url)], "")))
    if brief.digest_title and " ".join(brief.digest_title.split()) != " ".join(record.title.split()):
        # A title line cut short in the digest ("Then and") is kept, and called what it is.
        title = read_title(brief.digest_title)
        fragment = title is not None and title.suspect is not None
        rows.append((_("Digest title line (cut short)") if fragment else _("Digest title"), brief.digest_title))
    if html:
        fields = nodes.field_list(classes=["brief-card-fields"])
        for label, body in rows:
            fields += _field(label, body)
        return nodes.container("", fields, classes=["brief-card"])
    return _table(rows)


def _table(rows: list[tuple[str, nodes.Node | str]]) -> nodes.table:
    table = nodes.table(classes=["brief-card", "colwidths-given"])
    group = nodes.tgroup(cols=2)
    table += group
    group += nodes.colspec(colwidth=25)
    group += nodes.colspec(colwidth=75)
    body = nodes.tbody()
    group += body
    for label, value in rows:
        row = nodes.row()
        row += nodes.entry("", nodes.paragraph("", "", nodes.strong(label, label)))
        row += nodes.entry("", value if isinstance(value, nodes.Node) else nodes.paragraph("", value))
        body += row
    return table


def _listing_link(app, docname, kind, key, text, html, listing_page_name) -> nodes.Node:
    if not html:
        return nodes.Text(text)
    uri = app.builder.get_relative_uri(docname, listing_page_name(kind, key))
    return nodes.reference("", text, refuri=uri, classes=[f"brief-{kind[:-1]}"])


def _ref(app: Sphinx, fromdoc: str, record: BriefRecord, text: str | None = None) -> nodes.Node:
    label = text or record.title
    return _refnode(app, fromdoc, record.docname, record.anchor, label, record.title)


def _refnode(app: Sphinx, fromdoc: str, todoc: str, anchor: str, label: str, title: str) -> nodes.Node:
    """A link, or the plain label where the builder has no page for the target
    (a LaTeX book that leaves that page out)."""
    try:
        return make_refnode(app.builder, fromdoc, todoc, anchor, nodes.inline(label, label), title)
    except NoUri:
        return nodes.inline(label, label)


def series_navigation(app: Sphinx, docname: str, domain: BriefsDomain, record: BriefRecord | None) -> list[nodes.Node]:
    """"Part N of M", with links to every part and to the previous and next one."""
    if record is None or not record.brief.series:
        return []
    parts = domain.series(record.brief.series)
    if len(parts) < 2:  # the other parts are not in the collection (yet)
        return []
    position = next(i for i, r in enumerate(parts) if r.docname == record.docname)
    paragraph = nodes.paragraph(classes=["brief-series"])
    paragraph += nodes.strong(text=_("Part {part} of {total}").format(part=position + 1, total=len(parts)))
    paragraph += nodes.Text(" · ")
    for index, part in enumerate(parts):
        if index:
            paragraph += nodes.Text(" ")
        number = str(part.brief.part or index + 1)
        paragraph += nodes.strong(text=number) if part is record else _ref(app, docname, part, number)
    links = []
    if position > 0:
        links.append(_ref(app, docname, parts[position - 1], _("← Previous part: {title}").format(
            title=parts[position - 1].title)))
    if position + 1 < len(parts):
        links.append(_ref(app, docname, parts[position + 1], _("Next part: {title} →").format(
            title=parts[position + 1].title)))
    if links:
        paragraph += nodes.Text(" · ")
        paragraph += _joined(links, " · ").children
    return [nodes.container("", paragraph, classes=["brief-series-nav", NOT_SEARCHED])]


def cited_by_nodes(app: Sphinx, docname: str, citing: list) -> nodes.Element:
    container = nodes.container(classes=["brief-cited-by", NOT_SEARCHED])
    container += nodes.rubric(text=_("Cited by"))
    items = nodes.bullet_list()
    for item in citing:
        if isinstance(item, BriefRecord):
            items += nodes.list_item("", nodes.paragraph("", "", _ref(app, docname, item)))
        else:
            title = app.env.titles[item].astext() if item in app.env.titles else item
            items += nodes.list_item("", nodes.paragraph("", "", _refnode(app, docname, item, "", title, title)))
    container += items
    return container


def listing_nodes(app: Sphinx, docname: str, records: list[BriefRecord], glossary, language) -> nodes.Element:
    items = nodes.bullet_list(classes=["brief-listing", NOT_SEARCHED])
    for record in records:
        paragraph = nodes.paragraph()
        paragraph += _ref(app, docname, record)
        details = [", ".join(record.brief.authors)]
        if record.brief.source:
            details.append(glossary.term("sources", record.brief.source).name(language))
        if record.brief.date:
            details.append(format_partial_date(record.brief.date, language))
        paragraph += nodes.Text(" — " + " · ".join(d for d in details if d))
        items += nodes.list_item("", paragraph)
    if not records:
        items += nodes.list_item("", nodes.paragraph(text=_("No briefs yet.")))
    return items
