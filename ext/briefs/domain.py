"""The ``brief`` domain: every brief of the collection, keyed by document.

Like Sphinx's own domains, it keeps plain data only (no doctree nodes), drops
a document's entries when the document is re-read (:meth:`clear_doc`) and
merges what parallel readers collected (:meth:`merge_domaindata`).  Listings,
backlinks, series navigation, feeds and the index are all computed from it.
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, Index, IndexEntry, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from .catalogs import message_location
from .checker import unknown_brief_message
from .i18n import _
from .markup import BRIEF_REFERENCE
from .metadata import Brief

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


#: The attribute of a brief's heading that keeps its text as the page gives it (card.SourceTitle).
SOURCE_TITLE = "briefs-source-title"


class brief_metadata(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """Placeholder for a brief's card; ``node["brief"]`` is the parsed Brief."""


class brief_listing(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for a listing; ``node["listing"]`` says which briefs."""


#: The class of a heading composed from the metadata (card.ComposedTitle).
COMPOSED = "brief-composed-title"


@dataclass(frozen=True)
class BriefRecord:
    """What the collection knows of one brief page."""

    id: str
    docname: str
    title: str
    line: int
    brief: Brief
    #: The title is composed from the metadata (card.ComposedTitle), not the article's.
    title_composed: bool = False
    #: The page's heading as its source gives it (the article's title, before any translation).
    source_title: str = ""

    @property
    def anchor(self) -> str:
        return anchor_for(self.id)

    @functools.cached_property
    def digest(self) -> str:
        """A digest of the record, made once: it is kept in the instance, and so
        pickled with the environment (the collection's digest is made of these)."""
        return signature(self)

    def line_of(self, key: str) -> int:
        """The page line of a field of the block (the block's first line if absent)."""
        return self.line + 1 + self.brief.lines[key] if key in self.brief.lines else self.line

    def sort_key(self) -> tuple:
        """Newest first when sorted in reverse; undated briefs last."""
        date = self.brief.date.sort_key() if self.brief.date else (0, 0, 0)
        return (date, self.id)


def anchor_for(brief_id: str) -> str:
    """The language-independent target of a brief (``brief-<id>``), never a heading id."""
    return f"brief-{brief_id}"


@dataclass(frozen=True)
class Listing:
    """A ``{brief-listing}`` in a page: which briefs it shows."""

    newest: int | None = None
    keyword: str | None = None
    author: str | None = None
    source: str | None = None
    year: int | None = None


class BriefRole(XRefRole):
    """``{brief}`ID``` or ``{brief}`text <ID>```: a link showing the brief's title."""

    def __init__(self) -> None:
        super().__init__(warn_dangling=False)

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.name = "brief:brief"  # resolve in this domain whatever name the role was used by
        return super().run()

    def process_link(
        self, env: BuildEnvironment, refnode: nodes.Element, has_explicit_title: bool, title: str, target: str
    ) -> tuple[str, str]:
        return title, target.strip()


class BriefIndex(Index):
    """The index of briefs, by year of publication (HTML page and PDF index)."""

    name = "index"
    localname = _("Index of briefs")
    shortname = _("briefs")

    def generate(self, docnames: Iterable[str] | None = None) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        domain: BriefsDomain = self.domain  # type: ignore[assignment]
        wanted = set(docnames) if docnames is not None else None
        groups: dict[str, list[IndexEntry]] = defaultdict(list)
        for record in sorted(domain.records(), key=BriefRecord.sort_key, reverse=True):
            if wanted is not None and record.docname not in wanted:
                continue
            year = str(record.brief.date.year) if record.brief.date else "—"
            groups[year].append(
                IndexEntry(record.title, 0, record.docname, record.anchor, ", ".join(record.brief.authors),
                           "", record.brief.source or "")
            )
        return sorted(groups.items(), reverse=True), False


class BriefsDomain(Domain):
    name = "brief"
    label = "Briefs"
    object_types = {"brief": ObjType("brief", "brief")}  # noqa: RUF012 - Sphinx API
    roles = {"brief": BriefRole()}  # noqa: RUF012
    indices = [BriefIndex]  # noqa: RUF012
    initial_data = {  # noqa: RUF012
        "briefs": {},  # docname -> BriefRecord
        "citations": {},  # docname -> {brief id: line}
        "listings": {},  # docname -> [Listing]
        "signatures": {},  # docname -> digest of what the page shows from other pages
        "pages_inputs": "",  # digest of what those signatures were computed from
        "texts": {},  # docname -> the brief's text as the build's language shows it (search_index)
    }
    data_version = 3

    _view: CollectionView | None = None
    _signature: str | None = None

    def _changed(self) -> None:
        """Forget what was computed from the data."""
        self._view = None
        self._signature = None

    # -- storage ------------------------------------------------------------

    def add_brief(self, record: BriefRecord) -> None:
        self.data["briefs"][record.docname] = record
        self._changed()

    def note_citation(self, docname: str, brief_id: str, line: int) -> None:
        self.data["citations"].setdefault(docname, {}).setdefault(brief_id, line)
        self._changed()

    def note_listing(self, docname: str, listing: Listing) -> None:
        self.data["listings"].setdefault(docname, []).append(listing)

    def clear_doc(self, docname: str) -> None:
        for key in ("briefs", "citations", "listings", "texts"):
            self.data[key].pop(docname, None)
        self._changed()

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """Record the page's brief and the briefs it cites (links into other projects excepted)."""
        self._record_brief(env, docname, document)
        for ref in document.findall(addnodes.pending_xref):
            if ref.get("refdomain") == "brief" and "inventory" not in ref and not ref.get("intersphinx"):
                self.note_citation(docname, ref["reftarget"], ref.line or 1)

    def _record_brief(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """The page's brief, with its ``brief-<id>`` target; kept out of the toctree check,
        since briefs are reached through listings."""
        placeholders = list(document.findall(brief_metadata))
        if not placeholders:
            return
        for extra in placeholders[1:]:
            logger.warning("a page holds one brief; this block is ignored", type="briefs", subtype="repeated",
                           location=extra)
            extra.parent.remove(extra)
        node = placeholders[0]
        section = next(document.findall(nodes.section), None)
        brief_id = node["brief"].id or docname.rsplit("/", 1)[-1]
        title = section[0].astext() if section is not None and section.children else brief_id
        composed = section is not None and bool(section.children) and COMPOSED in section[0]["classes"]
        source_title = section[0].get(SOURCE_TITLE, title) if section is not None and section.children else title
        self.add_brief(BriefRecord(brief_id, docname, title, node.line or 1, node["brief"], composed, source_title))
        self.data["texts"][docname] = section.astext() if section is not None else ""
        if section is not None:
            anchor = anchor_for(brief_id)
            section["ids"].insert(0, anchor)
            std = env.domains.standard_domain
            std.anonlabels[anchor] = (docname, anchor)
            std.labels[anchor] = (docname, anchor, title)
        env.metadata[docname].setdefault("orphan", True)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            for key in ("briefs", "citations", "listings", "texts"):
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]
        self._changed()

    # -- queries ------------------------------------------------------------

    def records(self) -> Iterator[BriefRecord]:
        return iter(self.data["briefs"].values())

    def view(self) -> CollectionView:
        """Lookups over the whole collection, built once per change of the data."""
        if self._view is None:
            self._view = CollectionView.of(self.data)
        return self._view

    def collection_signature(self) -> str:
        """A digest of what listings and feeds are made from: every brief's record, and the glossary
        (computed once per change of the data: listings, feeds and pages all ask)."""
        if self._signature is None:
            records = [(d, self.data["briefs"][d].digest) for d in sorted(self.data["briefs"])]
            self._signature = signature((records, self.env.briefs_glossary))  # type: ignore[attr-defined]
        return self._signature

    def by_id(self) -> dict[str, BriefRecord]:
        """Each id's brief; of duplicates, the first document in name order wins."""
        return self.view().by_id

    def record_for(self, docname: str) -> BriefRecord | None:
        return self.data["briefs"].get(docname)

    def cited_by(self, brief_id: str) -> list[BriefRecord | str]:
        """Pages citing a brief: their BriefRecord, or the docname of a page that is not a brief."""
        return [self.data["briefs"].get(d, d) for d in self.view().citing.get(brief_id, [])]

    def series(self, name: str) -> list[BriefRecord]:
        """The parts of a series, in part order."""
        return self.view().series.get(name, [])

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for record in self.by_id().values():
            yield record.id, record.title, "brief", record.docname, record.anchor, 1

    def resolve_xref(
        self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str, target: str,
        node: pending_xref, contnode: nodes.Element,
    ) -> nodes.reference | None:
        record = self.by_id().get(target)
        if record is None:
            return None
        if not node.get("refexplicit"):
            contnode = nodes.inline(record.title, record.title, classes=["brief-ref"])
        return make_refnode(builder, fromdocname, record.docname, record.anchor, contnode, record.title)

    def resolve_any_xref(
        self, env: BuildEnvironment, fromdocname: str, builder: Builder, target: str,
        node: pending_xref, contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        ref = self.resolve_xref(env, fromdocname, builder, "brief", target, node, contnode)
        return [("brief:brief", ref)] if ref is not None else []

    # -- consistency --------------------------------------------------------

    def check_consistency(self) -> None:
        """Warn once per build about what no single page shows: duplicate ids, citations of
        unknown briefs, keywords missing from the glossary."""
        seen: dict[str, BriefRecord] = {}
        for docname in sorted(self.data["briefs"]):
            record = self.data["briefs"][docname]
            if record.id in seen:
                logger.warning(
                    "duplicate brief id %r (also in %s)", record.id, seen[record.id].docname,
                    type="briefs", subtype="duplicate-id", location=(docname, record.line_of("id")),
                )
            else:
                seen[record.id] = record
        for docname in sorted(self.data["citations"]):
            for brief_id, line in sorted(self.data["citations"][docname].items()):
                if brief_id not in seen:
                    # Cited in a translation: named at its catalog's line, where it is to be fixed.
                    in_catalog = message_location(self.env, docname, lambda text, target=brief_id: any(
                        m.group(1) == target for m in BRIEF_REFERENCE.finditer(text)))
                    logger.warning(unknown_brief_message(brief_id, seen), type="briefs", subtype="unknown-brief",
                                   location=in_catalog or (docname, line))
        glossary = self.env.briefs_glossary  # type: ignore[attr-defined]
        for docname in sorted(self.data["briefs"]):
            record = self.data["briefs"][docname]
            for problem in glossary.problems(record.brief.keywords, record.brief.source, None):
                logger.warning(problem.message, type="briefs", subtype="glossary",
                               location=(docname, record.line_of(problem.field)))


@dataclass(frozen=True)
class CollectionView:
    """Indexes over the domain's data, so that no page scans the whole collection."""

    by_id: dict[str, BriefRecord]
    citing: dict[str, list[str]]
    series: dict[str, list[BriefRecord]]

    @classmethod
    def of(cls, data: dict[str, Any]) -> CollectionView:
        by_id: dict[str, BriefRecord] = {}
        series: dict[str, list[BriefRecord]] = defaultdict(list)
        for docname in sorted(data["briefs"]):
            record = data["briefs"][docname]
            by_id.setdefault(record.id, record)
            if record.brief.series:
                series[record.brief.series].append(record)
        for parts in series.values():
            parts.sort(key=lambda r: (r.brief.part or 0, r.id))
        citing: dict[str, list[str]] = defaultdict(list)
        for docname in sorted(data["citations"]):
            for brief_id in data["citations"][docname]:
                citing[brief_id].append(docname)
        return cls(by_id, dict(citing), dict(series))


def signature(value: object) -> str:
    """A short digest of what a page shows from other pages."""
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()[:16]
