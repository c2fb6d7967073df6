"""The search index of an incremental build, made from the previous build's.

Sphinx's incremental HTML build reads ``searchindex.js`` back whole into sets
of page names (``IndexBuilder.load``), takes the pages it writes again out of
every set, twice (``prune``), and turns every set back into sorted page
numbers (``freeze``) to write the file again.  An edit of one brief of 1,000
spent 0.2 s of its 1.3 s there, and the time grows with the collection.

Here the previous index stays in the form it was written in, page numbers:

* the pages kept are numbered again only when pages were added or removed;
* the pages written again, and the pages removed, leave the terms, titles
  and index entries they had;
* what Sphinx's ``IndexBuilder`` collected from the pages written now (it
  still reads them, with every workaround of :mod:`briefs.upstream`) is put
  in, as its ``freeze`` would.

The previous index is read from a copy kept beside the doctrees in Python's
``marshal`` format (a sixth of the time JSON takes), when the copy is of
``searchindex.js`` as it is (same path, size, modification time, Python);
otherwise from ``searchindex.js`` itself.

A rebuild that writes no page and removes none leaves ``searchindex.js``
and its copy as they are (Sphinx writes the index again on every build).

The file written is the one a clean build writes: the tests compare them byte
for byte.  Sphinx's own path differs from a clean build in two ways, which
this one does not share: the terms a changed page no longer has are written
as ``"term": []`` (:func:`briefs.upstream.prune_search_index` fixes that for
Sphinx's path), and the index entries (``index`` directive) of every page not
written again are lost, since ``load`` does not read them back.

Only Sphinx's JavaScript index (``searchindex.js``) is handled; the JSON and
pickle builders keep Sphinx's code.  See docs/upstream/
sphinx-chinese-search-and-start-up.md, section 18.
"""

from __future__ import annotations

import marshal
import os
import sys
from bisect import bisect_left, insort
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.locale import __
from sphinx.util import logging
from sphinx.util.display import progress_message

from .upstream import search_index_script

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Set

    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.search import IndexBuilder

logger = logging.getLogger(__name__)

# A term's pages as searchindex.js has them: one page's number, or sorted numbers.
Pages = int | list[int]
_FIRST = itemgetter(0)
# Sphinx's own warning (and translation) for an index it cannot read back.
_INCOMPLETE = "search index couldn't be loaded, but not all documents will be built: the index will be incomplete."


@dataclass
class Previous:
    """What the build knows of the index before writing: the previous build's
    index (``None`` if there was none it could read) and the pages whose
    entries it keeps (not written again, still in the project)."""

    index: dict[str, Any] | None
    keep: Set[str]
    unchanged: bool = False
    """No page is written or removed, and the index was read from its copy:
    ``searchindex.js`` and the copy are what the dump would write again."""


def _handles(builder: StandaloneHTMLBuilder) -> bool:
    from sphinx.search import js_index

    return builder.indexer is not None and builder.indexer_format is js_index


def _copy_path(builder: StandaloneHTMLBuilder) -> Path:
    """Where the index is kept between builds in Python's own format (marshal),
    which reads in a sixth of the time JSON takes."""
    return Path(builder.doctreedir, f"briefs-searchindex-{builder.name}.marshal")


def _stamp(path: Path) -> tuple[Any, ...]:
    """What tells the kept copy is of the file at ``path``, as written, by this Python."""
    status = path.stat()
    return (str(path), status.st_size, status.st_mtime_ns, sys.version, marshal.version)


def load_indexer(builder: StandaloneHTMLBuilder, docnames: Set[str]) -> None:
    """Read the previous index, as it was written; the pages about to be
    written will be fed to ``builder.indexer`` as usual."""
    indexer = builder.indexer
    assert indexer is not None
    keep = set(builder.env.all_docs).difference(docnames)
    index, from_copy = read_index(Path(builder.outdir, builder.searchindex_filename), _copy_path(builder),
                                  indexer._env_version)
    if index is None and keep:
        logger.warning(__(_INCOMPLETE))
    unchanged = (from_copy and not docnames and index is not None
                 and set(index["docnames"]).issubset(builder.env.all_docs))
    indexer.briefs_previous = Previous(index, keep, unchanged)  # type: ignore[attr-defined]


def read_index(path: Path, copy: Path, env_version: int) -> tuple[dict[str, Any] | None, bool]:
    """The index written at ``path`` (from its copy if that is of the file as
    it is), or ``None`` if it is missing, unreadable or of another version
    (what Sphinx treats as no index); and whether it came from the copy."""
    from sphinx.search import js_index

    try:
        stamp = _stamp(path)
    except OSError:
        return None, False
    try:
        copied_stamp, index = marshal.loads(copy.read_bytes())  # marshal.load reads a file object by the object
    except (OSError, EOFError, ValueError, TypeError):
        copied_stamp = None
    if copied_stamp != stamp:
        try:
            with path.open(encoding="utf-8") as file:
                index = js_index.load(file)
        except (OSError, ValueError):
            return None, False
    tables = ("terms", "titleterms", "alltitles", "indexentries")
    if (not isinstance(index, dict) or index.get("envversion") != env_version
            or not all(isinstance(index.get(table), dict) for table in tables)
            or not all(isinstance(index.get(column), list) for column in ("docnames", "filenames", "titles"))
            or not len(index["docnames"]) == len(index["filenames"]) == len(index["titles"])):
        return None, False
    return index, copied_stamp == stamp


def dump_search_index(builder: StandaloneHTMLBuilder) -> None:
    """Write the previous index with the pages written now in it, as a clean
    build would, and keep a copy for the next build."""
    indexer = builder.indexer
    assert indexer is not None
    previous: Previous = indexer.briefs_previous  # type: ignore[attr-defined]
    if previous.unchanged:
        return  # a rebuild with nothing to write: 0.1 s of its 1 s at 1,000 briefs
    path = Path(builder.outdir, builder.searchindex_filename)
    with progress_message(__("dumping search index in %s") % indexer.label()):
        try:
            frozen = merged_index(indexer, previous, builder.env.all_docs)
        except (IndexError, KeyError, TypeError):  # numbers or entries a written index cannot have
            logger.warning(__(_INCOMPLETE), location=str(path))
            frozen = merged_index(indexer, Previous(None, set()), builder.env.all_docs)
        temporary = path.with_name(f"{path.name}.tmp")  # so that a failed write leaves the old index
        temporary.write_bytes(search_index_script(frozen))  # the text of indexer_format.dumps(), as UTF-8
        os.replace(temporary, path)
        copy = _copy_path(builder)
        temporary = copy.with_name(f"{copy.name}.tmp")
        temporary.write_bytes(marshal.dumps((_stamp(path), frozen)))
        os.replace(temporary, copy)


def merged_index(indexer: IndexBuilder, previous: Previous, all_docs: Set[str] | dict[str, Any]) -> dict[str, Any]:
    """The frozen index (``IndexBuilder.freeze``'s form) of the pages kept from
    the previous index and of the pages fed to ``indexer``."""
    old = previous.index or {"docnames": [], "filenames": [], "titles": [], "terms": {}, "titleterms": {},
                             "alltitles": {}, "indexentries": {}}
    fed = sorted(docname for docname in indexer._titles if docname in all_docs)
    fed_set = set(fed)
    kept = {docname for docname in old["docnames"]
            if docname in previous.keep and docname in all_docs and docname not in fed_set}
    docnames = sorted(kept.union(fed))
    number = {docname: index for index, docname in enumerate(docnames)}
    renumbering = Renumbering([number[docname] if docname in kept else None for docname in old["docnames"]])
    position = {docname: index for index, docname in enumerate(old["docnames"])}
    filenames = [old["filenames"][position[docname]] if docname in kept else indexer._filenames.get(docname)
                 for docname in docnames]
    titles = [old["titles"][position[docname]] if docname in kept else indexer._titles[docname]
              for docname in docnames]

    objects = indexer.get_objects(number)  # numbers the object types as freeze does
    return {
        "docnames": docnames,
        "filenames": filenames,
        "titles": titles,
        "terms": merged_terms(old["terms"], renumbering, indexer._mapping, number),
        "titleterms": merged_terms(old["titleterms"], renumbering, indexer._title_mapping, number),
        "objects": objects,
        "objtypes": {index: f"{domain}:{type_}" for (domain, type_), index in indexer._objtypes.items()},
        "objnames": indexer._objnames,
        "envversion": indexer._env_version,
        "alltitles": merged_places(
            old["alltitles"], renumbering,
            ((title, number[docname], anchor) for docname in fed for title, anchor in indexer._all_titles[docname])),
        "indexentries": merged_places(
            old["indexentries"], renumbering,
            ((entry.lower(), number[docname], entry_id, main == "main")
             for docname in fed for entry, entry_id, main in indexer._index_entries.get(docname, ()))),
    }


class Renumbering:
    """How the previous index's page numbers become this build's: ``new[n]``
    is page ``n``'s new number, or ``None`` if it leaves the index.

    Numbers follow the pages' names, so the kept pages keep their order, and
    an edit, which adds and removes no page, changes no number: its work is
    then finding the few pages that leave (by bisection), not renumbering
    every page of every term.
    """

    FEW = 16  # pages leaving, up to which bisection beats a pass over each list

    def __init__(self, new: list[int | None]) -> None:
        self.new = new
        self.moved = any(number is not None and number != old for old, number in enumerate(new))
        self.leaving = [old for old, number in enumerate(new) if number is None]
        self._leaving_set = set(self.leaving)

    def pages(self, pages: Pages) -> Pages | None:
        """A term's pages (one number or sorted numbers), renumbered; ``None`` if none is left.
        The value itself when nothing changes."""
        if isinstance(pages, int):
            number = self.new[pages]
            return None if number is None else number
        if self.moved or len(self.leaving) > self.FEW:
            left = [number for page in pages if (number := self.new[page]) is not None]
        else:
            found = [at for page in self.leaving if (at := bisect_left(pages, page)) < len(pages) and pages[at] == page]
            if not found:
                return pages
            left = pages.copy()
            for at in reversed(found):
                del left[at]
        return None if not left else left[0] if len(left) == 1 else left

    def places(self, entries: list[list[Any]]) -> list[list[Any]]:
        """A title's or an index entry's places (page number first), renumbered."""
        if self.moved:
            return [[number, *entry[1:]] for entry in entries if (number := self.new[entry[0]]) is not None]
        if any(entry[0] in self._leaving_set for entry in entries):
            return [entry for entry in entries if entry[0] not in self._leaving_set]
        return entries


def merged_terms(old: dict[str, Pages], renumbering: Renumbering, fed: dict[str, set[str]],
                 number: dict[str, int]) -> dict[str, Pages]:
    """Each term's pages, in freeze's form (one page: its number; more: sorted
    numbers): the previous ones still kept, renumbered, and the pages fed now."""
    terms: dict[str, Pages] = {}
    for term, pages in old.items():
        left = renumbering.pages(pages)
        if left is not None:
            terms[term] = left
    for term, docnames in fed.items():
        added = sorted(number[docname] for docname in docnames if docname in number)
        if not added:
            continue
        existing = terms.get(term)
        if existing is None:
            merged = added
        elif isinstance(existing, int) or len(added) > Renumbering.FEW:
            merged = sorted({existing, *added} if isinstance(existing, int) else set(existing).union(added))
        else:
            merged = existing.copy()
            for page in added:  # a kept page is never fed, so no page is there already
                insort(merged, page)
        terms[term] = merged[0] if len(merged) == 1 else merged
    return terms


def merged_places(old: dict[str, list[list[Any]]], renumbering: Renumbering,
                  fed: Iterable[tuple[Any, ...]]) -> dict[str, list[list[Any]]]:
    """Titles or index entries, each with the places that have it (a page's
    number first), in page order as freeze makes them: the previous places
    still kept, renumbered, and those of the pages fed now, ``(key, number, ...)``."""
    places: dict[str, list[list[Any]]] = {}
    for key, entries in old.items():
        kept = renumbering.places(entries)
        if kept:
            places[key] = kept
    touched = set()
    for key, *place in fed:
        if key not in touched:  # copied once: the kept list may be the previous index's
            places[key] = list(places.get(key, ()))
            touched.add(key)
        places[key].append(place)
    for key in touched:
        places[key].sort(key=_FIRST)  # stable: a page's own places keep their order
    return places


def write_search_index_incrementally() -> None:
    """Put :func:`load_indexer` and :func:`dump_search_index` in place of
    ``StandaloneHTMLBuilder``'s, for the JavaScript index."""
    from sphinx.builders.html import StandaloneHTMLBuilder

    from .upstream import _replace

    def make_load(load: Callable[..., Any]) -> Callable[..., Any]:
        def load_as_written(self: StandaloneHTMLBuilder, docnames: Set[str]) -> None:
            if _handles(self):
                load_indexer(self, docnames)
            else:
                load(self, docnames)

        return load_as_written

    def make_dump(dump: Callable[..., Any]) -> Callable[..., Any]:
        def dump_merged(self: StandaloneHTMLBuilder) -> None:
            if _handles(self) and hasattr(self.indexer, "briefs_previous"):
                dump_search_index(self)
            else:
                dump(self)

        return dump_merged

    _replace(StandaloneHTMLBuilder, "load_indexer", make_load)
    _replace(StandaloneHTMLBuilder, "dump_search_index", make_dump)
