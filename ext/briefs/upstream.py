"""Workarounds for upstream defects, described in docs/upstream/ (myst-parser-
translations.md for the MyST ones, sphinx-chinese-search-and-start-up.md for
the search ones).

* ``purge_only_documents_read_before``: before reading a document, Sphinx
  removes what the environment holds of it (``env.clear_doc``), also for a
  document it has never read; Sphinx's standard domain then looks through
  all of its labels for that document, one label a page here: a clean build
  of 10,000 briefs spent 33 s of 176 s there, growing with the square of the
  collection.  A document the environment has never read (not in
  ``env.all_docs``) has nothing in it to remove: no domain records anything
  of a document but while reading it, and ``all_docs`` has every document
  read; its removal is now skipped (Sphinx's ``env-purge-doc`` event is
  still emitted).  Removed and changed documents are removed as before, and
  so is any document while the environment has read none: some domains
  create their containers on first use, there (Sphinx's citation domain, the
  standard domain's terms), and a parallel build's merge expects them (an
  environment pickled after a build has them).

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

* ``update_references_only_where_there_are_some``: for each translated
  message, ``Locale`` runs five reference updates (auto-numbered and named
  footnotes, named references, citations, cross-references), each walking
  both the original node and its translation; with no such reference in
  either, all five change nothing.  They are now skipped for such a message
  (nearly all of a page's: 0.3 s of a zh_TW build of 1,000 briefs), after
  one walk of both that finds none.

* ``match_nodes_by_class_first``: ``NodeMatcher.findall`` (Sphinx) hands
  the matcher to docutils' ``findall`` as a function, so every node of the
  tree costs a Python call; ``Locale`` runs one over the whole document for
  each translated section title.  With one node class, the matcher now
  walks with docutils' class traversal and checks the attributes of what it
  finds: the same nodes in the same order, in less than half the time.

* ``read_page_catalogs_from_po``: Sphinx compiles every page's ``.po`` into
  a ``.mo`` file beside it before a translated build, and then reads the
  ``.mo``.  A collection keeps one catalog per page, so a clean zh_TW build
  of 1,000 briefs wrote 1,000 files into the source tree first (0.9 s, most
  of it creating files; Babel also looked the locale up twice a file).  A
  page's catalog is now read from its ``.po`` with polib when the page is
  read, keeping what the ``.mo`` would have held (translated, not obsolete,
  fuzzy only with ``gettext_allow_fuzzy_translations``); the page depends on
  its ``.po`` instead of the ``.mo``, so editing a translation re-reads the
  page as before; a ``.po`` polib cannot read is a warning naming its file
  and line, and the page stays untranslated (Sphinx warned too, with no
  line).  Interface catalogs (``sphinx.po``) are compiled as before.  polib's
  parser builds its state table for every file it parses; :func:`po_parser`
  builds it once per process (1,000 catalogs: 0.41-0.50 -> 0.35 s).

* ``import_jieba_without_pkg_resources``: jieba imports setuptools'
  ``pkg_resources`` only to open its own dictionary file
  (``pkg_resources.resource_stream``), and that import scans every installed
  distribution: 0.1 s of the 0.14 s ``import jieba`` takes, in every zh_TW
  build, clean or not (Sphinx's Chinese search imports jieba, and
  :class:`briefs.chinese_search.ChineseSearch` extends it, even though it
  cuts words with jieba-rs).  jieba falls back to opening the file by its path when
  ``pkg_resources`` cannot be imported; it is now imported with
  ``pkg_resources`` hidden (``sys.modules["pkg_resources"] = None``, removed
  again right after), so it takes the fallback; the same file is read.  If
  anything imported ``pkg_resources`` before, nothing changes.

* ``write_domain_indices_when_changed``: Sphinx writes every domain index
  page on every build, changed or not; the index of briefs lists every brief
  (3.5 MB of HTML at 10,000).  Only the changed ones are written now
  (:func:`briefs.listings.write_changed_domain_indices`).

* ``checksum_each_asset_once``: every page links the theme's stylesheets
  and scripts with a checksum (``furo.css?v=...``); Sphinx caches the
  checksum of a file, but first resolves its path again for every link of
  every page, one ``lstat`` for each folder of the output path (12,000
  links, 80,000 system calls for 1,000 briefs).  The checksum of each asset
  is now kept for the rest of the build (the assets are copied before the
  first page is written).

* ``prune_search_index``: ``IndexBuilder.prune`` keeps only the given
  pages in every term's set of pages.  Two defects: it intersects with
  ``env.all_docs``, a dict, and ``intersection_update`` walks a non-set
  argument whole each time, so it cost terms x pages (8.7 s of a clean zh_TW
  build of 10,000 briefs); and it leaves the terms it empties behind, so an
  incremental build, which prunes the pages it reads again, wrote the words a
  changed page no longer has as ``"term": []`` where a clean build has no
  entry.  It is now given a set, and emptied terms are dropped.  Unlike the
  others, this one is always applied: incremental output must equal a clean
  build's.

* ``write_search_index_incrementally``: an incremental build read the whole
  search index back into sets of page names, pruned every set twice and
  froze them all again to write one page's change (0.2 s of an edit's
  1.2 s at 1,000 briefs), and lost the index entries of the pages it did
  not write again.  The previous index is now kept in the form it was
  written in and the written pages are merged into it
  (:mod:`briefs.search_index`); the file is a clean build's.

* ``unescaped_search_index``: Sphinx writes ``searchindex.js`` with every
  non-ASCII character escaped (``\u95dc``: six bytes where UTF-8 needs
  three), so a Chinese index was a sixth larger than it needs to be (zh_TW,
  1,000 briefs: 1.16 MB, 0.98 MB unescaped).  The file is UTF-8 either way
  (Sphinx reads it back as such; the search page is UTF-8, which a script
  inherits).  The text is json's (sorted keys, no spaces), made by orjson:
  json took 43 ms of every English build of 1,000 briefs and 68 ms of a
  zh_TW one to encode the index, orjson 7 and 9 (an edit's whole rebuild is
  about 1.3 s).

* ``pickle_each_page_once``: Sphinx pickles the whole environment after
  every build that read a page, and half of it (1.3 of 2.9 MB at 1,000
  briefs) is the pages' tables of contents, docutils nodes: an edit of one
  brief pickled all 1,000 again (0.07 s of a 0.8 s rebuild), and every
  build unpickled them all (0.03 s); the pages' titles and long titles,
  docutils nodes too, took another 12 ms to unpickle.  ``env.tocs``,
  ``env.titles`` and ``env.longtitles`` are now mappings that keep each
  page's value as the bytes it was pickled to, unpickle a value when it is
  looked up and drop its bytes when the page's entry is set or removed; the
  environment's pickle copies the bytes (0.013 s).  Sphinx writes section
  numbers into the tables and titles in place for a numbered toctree; with
  one, every value looked up is pickled again.

* ``write_inventory_when_changed``: ``objects.inv`` is written on every
  build, compressed at zlib's level 9 (0.04 s at 1,000 briefs, most of it
  compressing); it is now written only when what it is made of changed
  (every domain's objects, the project's name and version, the builder's
  URIs) or the file is missing, like the index pages.

* ``import_soupsieve_when_used``: furo imports BeautifulSoup to lay out its
  navigation, and BeautifulSoup imports soupsieve, its CSS selector engine,
  which compiles its regular expressions as it is imported: 35 ms of every
  build's start, for selectors nothing in a build uses (furo, Sphinx, MyST
  and Briefs call ``find_all``, never ``select``).  ``soupsieve`` is now put
  in ``sys.modules`` unexecuted, with a module ``__getattr__`` (PEP 562)
  that executes it, in place, the first time anything asks it for a name;
  ``import soupsieve`` alone does not.  If it was imported before, nothing
  changes.

* ``import_doctest_support_when_used``: the same for ``sphinx.ext.doctest``,
  which Sphinx's code-block transform imports (with ``doctest``,
  ``unittest`` and ``packaging.specifiers``: 7 ms) for two regular
  expressions it uses only on a Python console block.  Sphinx loads that
  transform before any extension of the project, so this one is applied from
  ``conf.py`` (``briefs.before_sphinx_loads_extensions``), with the first.

* ``check_sources_with_plain_paths``: every build, even one that changes
  nothing, finds the sources (``Project.discover``), then asks of each
  page whether its source is newer than its doctree
  (``BuildEnvironment.get_outdated_files``) and than its HTML
  (``StandaloneHTMLBuilder.get_outdated_docs``).  Each of the three builds
  ``pathlib`` objects for every page (a source path joined twice, a
  doctree path, an output path) and costs about 22 ms at 1,000 briefs, a
  tenth of an edit's rebuild; the system calls are a fifth of it.  They now
  do the same checks, in the same order and with the same system calls, on
  strings, the files too (``get_matching_files`` makes a ``Path`` of each
  to join two names: 15 ms, 8 on strings); what they find is what Sphinx
  finds (the project's tables still hold ``Path`` objects).  A source
  Sphinx would warn about (a page with two source files, an unreadable one)
  is left to Sphinx's own discovery.

* ``keep_page_title_texts``: the standard domain lists every page among
  its objects with its title as text, made by ``clean_astext``: a deep copy
  of the title node, read and thrown away.  Sphinx asks for the objects
  twice a build (the search index, the inventory), so a rebuild of 1,000
  briefs copied 2,000 title nodes (9 ms each time) for pages it did not read.
  Each page's title text is now made once, when the page has been read
  (``env-updated``, before the environment is pickled), and kept in the
  environment until the page is read again or removed (``env-purge-doc``);
  the other objects are Sphinx's own code.

* ``feed_each_word_once``: ``IndexBuilder.feed`` stems and filters every
  word of a page as often as it occurs (a zh_TW page of the bench: 422
  words from jieba's search cut, 128 of them distinct), only to add
  the page to the same sets again.  The page's words (and title words) are
  now handed to it once each, in their order; the sets are the same, since
  adding a page to a set twice changes nothing and the title words are
  settled before the words.

* ``drop_debug_records_no_handler_shows``: Sphinx sets its loggers to
  ``DEBUG`` and leaves the choice to its handlers, which show debug messages
  only with ``-vv``; so every ``logger.debug`` call still makes a log record
  and hands it to each handler, to be dropped there.  A zh_TW build logs two
  for each page (``is_translatable`` skipping the importer's comment, in
  each of ``Locale``'s two phases) and every build one for each event it
  emits: 0.13 ms a page of a zh_TW build of 10,000 briefs for the first
  alone.  At ``builder-inited``, once every extension has added its
  handlers, the ``sphinx`` logger's level is raised to the lowest level
  any of its handlers shows, so a record no handler would show is not made.

* ``repr_domxml_only_when_logged``: those two debug messages of
  ``is_translatable`` each carry the node as DOM XML (``repr_domxml``: a
  ``minidom`` document built and serialised, then cut to 80 characters),
  made before the logger is asked, whether or not the message is kept:
  0.04 ms each for the comment.  Within ``sphinx.util.nodes``, where it
  only ever feeds debug messages, it now returns an empty string when that
  module's logger drops debug records; anywhere else, and with ``-vv``, it
  is Sphinx's.

All but ``prune_search_index`` are turned off by
BRIEFS_NO_UPSTREAM_WORKAROUNDS=1, which the tests use to prove the output is
the same with and without them.  The translated-doctree bloat is handled in
:mod:`briefs.doctrees`.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import gettext
import importlib.util
import os
import pickle
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util import logging as sphinx_logging

logger = sphinx_logging.getLogger(__name__)

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
# An asset's checksum for the links of the current build: (output folder, file) -> checksum.
_ASSET_CHECKSUMS: dict[tuple[str, str], str] = {}


def forget(app: Any, exception: Exception | None) -> None:
    """``build-finished``: let the finished build's objects go."""
    _PARSERS.clear()
    _MESSAGE_PARSES.update(path=None, parses={})
    _CATALOG_OPTIONS.update(srcdir=None, config=None)
    _ASSET_CHECKSUMS.clear()


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


def apply_before_extensions() -> None:
    """The workarounds that must precede Sphinx's own extensions (called from ``conf.py``)."""
    if not _enabled():
        return
    import_soupsieve_when_used()
    import_doctest_support_when_used()


def apply() -> None:
    if not _enabled():
        return
    from .search_index import write_search_index_incrementally

    purge_only_documents_read_before()
    fast_myst_documents()
    reuse_myst_parsers()
    parse_each_message_once()
    update_references_only_where_there_are_some()
    match_nodes_by_class_first()
    read_page_catalogs_from_po()
    unescaped_search_index()
    write_search_index_incrementally()
    write_domain_indices_when_changed()
    checksum_each_asset_once()
    pickle_each_page_once()
    write_inventory_when_changed()
    import_soupsieve_when_used()  # again for a conf.py that did not call apply_before_extensions()
    check_sources_with_plain_paths()
    keep_page_title_texts()
    feed_each_word_once()
    repr_domxml_only_when_logged()


def connect(app: Any) -> None:
    """The events the workarounds listen to."""
    if _enabled():
        app.connect("env-purge-doc", forget_title_text)
        app.connect("env-updated", note_title_texts)
        app.connect("builder-inited", drop_debug_records_no_handler_shows, priority=900)


def drop_debug_records_no_handler_shows(app: Any) -> None:
    """``builder-inited``: the ``sphinx`` logger makes no record below what its handlers show."""
    import logging

    namespace = logging.getLogger(sphinx_logging.NAMESPACE)
    if namespace.handlers:
        shown = min(handler.level for handler in namespace.handlers)
        if namespace.level < shown:
            namespace.setLevel(shown)


def repr_domxml_only_when_logged() -> None:
    """``sphinx.util.nodes.repr_domxml``: its debug messages' text only when they are kept."""
    import logging

    from sphinx.util import nodes as sphinx_nodes

    def make(repr_domxml: Any) -> Callable[..., Any]:
        def repr_domxml_when_logged(node: Any, length: int = 80) -> str:
            if (sys._getframe(1).f_globals is sphinx_nodes.__dict__  # an argument of a debug message there
                    and not sphinx_nodes.logger.isEnabledFor(logging.DEBUG)):
                return ""
            return repr_domxml(node, length)

        return repr_domxml_when_logged

    _replace(sphinx_nodes, "repr_domxml", make)


def apply_for_language(language: str | None) -> None:
    """The workarounds of one build language (importing jieba costs an English build 60 ms)."""
    if _enabled() and (language or "").startswith("zh"):
        import_jieba_without_pkg_resources()


def purge_only_documents_read_before() -> None:
    """``BuildEnvironment.clear_doc`` only for a document the environment has read."""
    from sphinx.environment import BuildEnvironment

    def make(clear_doc: Any) -> Callable[..., Any]:
        def clear_doc_if_read(self: Any, docname: str) -> None:
            if docname in self.all_docs or not self.all_docs:
                clear_doc(self, docname)

        return clear_doc_if_read

    _replace(BuildEnvironment, "clear_doc", make)


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


def update_references_only_where_there_are_some() -> None:
    """Skip ``_NodeUpdater``'s reference updates for a message with no reference."""
    from sphinx import addnodes
    from sphinx.transforms.i18n import _NodeUpdater

    references = (nodes.reference, nodes.footnote_reference, nodes.citation_reference, addnodes.pending_xref)

    def has_references(updater: Any) -> bool:
        found = updater.__dict__.get("_briefs_has_references")
        if found is None:  # one walk of both trees, for the five updates of this message
            found = updater._briefs_has_references = any(
                isinstance(node, references) for tree in (updater.node, updater.patch) for node in tree.findall())
        return found

    def make(update: Any) -> Callable[..., Any]:
        def update_if_any_reference(self: Any) -> None:
            if has_references(self):
                update(self)

        return update_if_any_reference

    for name in ("update_autofootnote_references", "update_refnamed_references",
                 "update_refnamed_footnote_references", "update_citation_references", "update_pending_xrefs"):
        _replace(_NodeUpdater, name, make)


def match_nodes_by_class_first() -> None:
    """``NodeMatcher.findall`` with one node class: docutils' class traversal, then the attributes."""
    from sphinx.util.nodes import NodeMatcher

    def make(findall: Any) -> Callable[..., Any]:
        def findall_by_class(self: Any, node: Any) -> Any:
            if len(self.classes) != 1:
                yield from findall(self, node)
                return
            for found in node.findall(self.classes[0]):
                if self.match(found):
                    yield found

        return findall_by_class

    _replace(NodeMatcher, "findall", make)


def import_jieba_without_pkg_resources() -> None:
    """Import jieba with ``pkg_resources`` hidden, so that it opens its files by path."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        return
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        with contextlib.suppress(ImportError):  # no jieba: nothing needs it (words are cut by rjieba)
            import jieba  # noqa: F401
    finally:
        if sys.modules.get("pkg_resources", False) is None:
            del sys.modules["pkg_resources"]


def import_soupsieve_when_used() -> None:
    """soupsieve (BeautifulSoup's CSS selectors, imported by furo) executed on first use."""
    _register_unexecuted("soupsieve")


def import_doctest_support_when_used() -> None:
    """``sphinx.ext.doctest`` (imported by Sphinx's code-block transform) executed on first use."""
    _register_unexecuted("sphinx.ext.doctest")


def _register_unexecuted(name: str) -> None:
    """Put module ``name`` in ``sys.modules`` unexecuted; the first name looked up in it executes it."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)  # __spec__, __path__, __file__: what `import` reads

    def execute_on_first_use(attribute: str) -> Any:
        del module.__getattr__  # the module's own names from here on
        try:
            spec.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(name, None)  # as a failed import leaves it: absent
            raise
        return getattr(module, attribute)

    module.__getattr__ = execute_on_first_use  # type: ignore[method-assign]
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)  # as an import of a submodule does


def check_sources_with_plain_paths() -> None:
    """Find the sources and compare their times on strings, not ``pathlib`` objects."""
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.builders.html._build_info import BuildInfo
    from sphinx.environment import BuildEnvironment
    from sphinx.project import EXCLUDE_PATHS, Project
    from sphinx.util.osutil import _last_modified_time

    def make_discover(discover: Any) -> Callable[..., Any]:
        def discover_on_strings(self: Any, exclude_paths: Any = (), include_paths: Any = ("**",)) -> set[str]:
            srcdir = os.fspath(self.srcdir)
            suffixes = list(self.source_suffix)
            found: dict[str, Path] = {}
            for filename in _matching_files(srcdir, include_paths, [*exclude_paths, *EXCLUDE_PATHS]):
                name = filename.rpartition("/")[2]
                suffix = next((s for s in suffixes if name.endswith(s)), None)
                if suffix is None:
                    continue  # not a document
                docname = filename.removesuffix(suffix)
                if docname in found or not os.access(os.path.join(srcdir, filename), os.R_OK):
                    return discover(self, exclude_paths, include_paths)  # Sphinx warns, as it would
                found[docname] = Path(filename)
            self.docnames.clear()
            self._path_to_docname.clear()
            self._docname_to_path.clear()
            for docname, path in found.items():  # one by one, as Sphinx: a set's order is its history
                self.docnames.add(docname)
                self._path_to_docname[path] = docname
                self._docname_to_path[docname] = path
            return self.docnames

        return discover_on_strings

    def make_outdated_files(get_outdated_files: Any) -> Callable[..., Any]:
        def outdated_files_on_strings(self: Any, config_changed: bool) -> tuple[set[str], set[str], set[str]]:
            if config_changed:
                return get_outdated_files(self, config_changed)
            removed = set(self.all_docs) - self.found_docs
            added: set[str] = set()
            changed: set[str] = set()
            srcdir, doctreedir = os.fspath(self.srcdir), os.fspath(self.doctreedir)
            for docname in self.found_docs:
                if docname not in self.all_docs:
                    added.add(docname)
                elif (not os.path.isfile(os.path.join(doctreedir, f"{docname}.doctree"))
                      or docname in self.reread_always):
                    changed.add(docname)
                else:
                    mtime = self.all_docs[docname]
                    if (_last_modified_time(_source_path(self.project, srcdir, docname)) > mtime
                            or _dependency_changed(srcdir, self.dependencies.get(docname, ()), mtime)):
                        changed.add(docname)
            return added, changed, removed

        return outdated_files_on_strings

    def make_outdated_docs(get_outdated_docs: Any) -> Callable[..., Any]:
        def outdated_docs_on_strings(self: Any) -> Iterator[str]:
            srcdir, outdir = os.fspath(self.srcdir), os.fspath(self.outdir)
            build_info_path = os.path.join(outdir, ".buildinfo")
            try:
                same_build_info = self.build_info == BuildInfo.load(Path(build_info_path))
            except ValueError:
                same_build_info = False
            except OSError:
                same_build_info = True  # no build info: Sphinx goes on to the pages
            template_mtime = int(self.templates.newest_template_mtime() * 10**6) if self.templates else 0
            try:
                newer_templates = template_mtime > _last_modified_time(build_info_path)
            except OSError:
                newer_templates = False
            own_paths = type(self).get_output_path is StandaloneHTMLBuilder.get_output_path  # not dirhtml's
            if not same_build_info or newer_templates or not own_paths:  # Sphinx's own reports, every page
                yield from get_outdated_docs(self)
                return
            for docname in self.env.found_docs:
                if docname not in self.env.all_docs:
                    yield docname
                    continue
                try:
                    target_mtime = _last_modified_time(os.path.join(outdir, docname + self.out_suffix))
                except OSError:
                    target_mtime = 0
                try:
                    doc_mtime = _last_modified_time(_source_path(self.env.project, srcdir, docname))
                except OSError:
                    continue  # the source is gone
                if max(doc_mtime, template_mtime) > target_mtime:
                    yield docname

        return outdated_docs_on_strings

    _replace(Project, "discover", make_discover)
    _replace(BuildEnvironment, "get_outdated_files", make_outdated_files)
    _replace(StandaloneHTMLBuilder, "get_outdated_docs", make_outdated_docs)


def _matching_files(dirname: str, include_patterns: Iterable[str], exclude_patterns: Iterable[str]) -> Iterator[str]:
    """``sphinx.util.matching.get_matching_files``, the same names in the same
    order, joined as strings: it makes a ``Path`` of each file and folder to
    join two names (15 ms at 1,000 briefs; 8 ms on strings)."""
    from sphinx.util.matching import compile_matchers

    def normalized(name: str) -> str:
        return unicodedata.normalize("NFC", name)

    top = os.path.realpath(dirname)
    exclude_matchers = compile_matchers(exclude_patterns)
    include_matchers = compile_matchers(include_patterns)
    for root, dirs, files in os.walk(top, followlinks=True):
        relative = os.path.relpath(root, top)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        included = []
        for name in sorted(files):
            entry = normalized(prefix + name)
            if (any(match(entry) for match in include_matchers)
                    and not any(match(entry) for match in exclude_matchers)):
                included.append(entry)
        dirs[:] = [name for name in sorted(dirs)
                   if not any(match(normalized(prefix + name)) for match in exclude_matchers)]
        yield from included


def _source_path(project: Any, srcdir: str, docname: str) -> str:
    """``Project.doc2path(docname, absolute=True)``, as a string."""
    path = project._docname_to_path.get(docname)
    return os.path.join(srcdir, os.fspath(path) if path is not None else docname + project._first_source_suffix)


def _dependency_changed(srcdir: str, dependencies: Any, mtime: int) -> bool:
    """What ``get_outdated_files`` asks of a page's dependencies: one missing or newer."""
    from sphinx.util.osutil import _last_modified_time

    for dependency in dependencies:
        path = os.path.join(srcdir, os.fspath(dependency))  # an absolute dependency stays itself
        try:
            if not os.path.isfile(path) or _last_modified_time(path) > mtime:
                return True
        except OSError:
            return True
    return False


def keep_page_title_texts() -> None:
    """The standard domain's objects, with each page's title text kept between builds."""
    from sphinx.domains.std import StandardDomain

    def make(get_objects: Any) -> Callable[..., Any]:
        def get_objects_with_kept_titles(self: Any) -> Iterator[tuple[str, str, str, str, str, int]]:
            for doc in self.env.all_docs:  # Sphinx's 'doc' objects, first, in the same order
                yield doc, _title_text(self.env, doc), "doc", doc, "", -1
            yield from get_objects(_DomainWithoutPages(self))  # the rest, by Sphinx's code

        return get_objects_with_kept_titles

    _replace(StandardDomain, "get_objects", make)


def _title_texts(env: Any) -> dict[str, str]:
    texts = getattr(env, "briefs_title_texts", None)
    if texts is None:
        texts = env.briefs_title_texts = {}
    return texts


def _title_text(env: Any, docname: str) -> str:
    """The text of a page's title, as the standard domain lists it, made once."""
    from sphinx.util.nodes import clean_astext

    texts = _title_texts(env)
    if docname not in texts:
        texts[docname] = clean_astext(env.titles[docname])
    return texts[docname]


def forget_title_text(app: Any, env: Any, docname: str) -> None:
    """``env-purge-doc``: the page is read again or gone; its title text with it."""
    _title_texts(env).pop(docname, None)


def note_title_texts(app: Any, env: Any) -> None:
    """``env-updated``: the texts of the titles just read, before Sphinx pickles the environment."""
    for doc in env.all_docs:
        if doc in env.titles:
            _title_text(env, doc)


class _DomainWithoutPages:
    """A domain seen through an environment with no pages: its ``get_objects``
    then skips the 'doc' objects, which the caller made."""

    def __init__(self, domain: Any) -> None:
        self._domain = domain
        self.env = _EnvironmentWithoutPages(domain.env)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._domain, name)


class _EnvironmentWithoutPages:
    all_docs: dict[str, int] = {}  # noqa: RUF012 - never written

    def __init__(self, env: Any) -> None:
        self._env = env

    def __getattr__(self, name: str) -> Any:
        return getattr(self._env, name)


def feed_each_word_once() -> None:
    """Give ``IndexBuilder.feed`` each word of a page once, in the page's order."""
    from sphinx.search import IndexBuilder

    def make(word_collector: Any) -> Callable[..., Any]:
        def unique_words(self: Any, doctree: Any) -> Any:
            store = word_collector(self, doctree)
            store.words = list(dict.fromkeys(store.words))
            store.title_words = list(dict.fromkeys(store.title_words))
            return store

        return unique_words

    _replace(IndexBuilder, "_word_collector", make)


def write_domain_indices_when_changed() -> None:
    """Make ``StandaloneHTMLBuilder.write_domain_indices`` skip unchanged index pages."""
    from sphinx.builders.html import StandaloneHTMLBuilder

    from .listings import write_changed_domain_indices

    def make(write_domain_indices: Any) -> Callable[..., Any]:
        def write_changed(self: Any) -> None:
            def write(indices: list[Any]) -> None:
                everything, self.domain_indices = self.domain_indices, indices
                try:
                    write_domain_indices(self)
                finally:
                    self.domain_indices = everything

            write_changed_domain_indices(self, write)

        return write_changed

    _replace(StandaloneHTMLBuilder, "write_domain_indices", make)


def write_inventory_when_changed() -> None:
    """Make ``StandaloneHTMLBuilder.dump_inventory`` skip an unchanged ``objects.inv``."""
    from sphinx.builders.html import INVENTORY_FILENAME, StandaloneHTMLBuilder

    from .domain import signature

    def make(dump_inventory: Any) -> Callable[..., Any]:
        def dump_when_changed(self: Any) -> None:
            # What the inventory is made of: every domain's objects, the
            # project's name and version, and how the builder makes URIs.
            objects = [(domain.name, sorted(domain.get_objects())) for domain in self.env.domains.sorted()]
            digest = signature((self.config.project, self.config.version, type(self).__qualname__,
                                getattr(self, "link_suffix", None), objects))
            record = Path(self.doctreedir) / f"briefs-inventory-{self.name}.digest"
            with contextlib.suppress(OSError):
                if (Path(self.outdir) / INVENTORY_FILENAME).is_file() and record.read_text() == digest:
                    return
            dump_inventory(self)
            record.write_text(digest)

        return dump_when_changed

    _replace(StandaloneHTMLBuilder, "dump_inventory", make)


def checksum_each_asset_once() -> None:
    """Remember each asset's checksum (and the path resolution before it) for the build."""
    from sphinx.builders import html

    def make(file_checksum: Any) -> Callable[..., Any]:
        def checksum_once(outdir: Any, filename: Any) -> str:
            key = (os.fspath(outdir), os.fspath(filename))
            if key not in _ASSET_CHECKSUMS:
                _ASSET_CHECKSUMS[key] = file_checksum(outdir, filename)
            return _ASSET_CHECKSUMS[key]

        return checksum_once

    _replace(html, "_file_checksum", make)


def prune_search_index() -> None:
    """``IndexBuilder.prune`` with the pages as a set, dropping the terms it empties."""
    from sphinx.search import IndexBuilder

    def make(prune: Any) -> Callable[..., Any]:
        def prune_to_a_set(self: Any, docnames: Any) -> None:
            prune(self, docnames if isinstance(docnames, (set, frozenset)) else set(docnames))
            for mapping in (self._mapping, self._title_mapping):
                for term in [term for term, pages in mapping.items() if not pages]:
                    del mapping[term]

        return prune_to_a_set

    _replace(IndexBuilder, "prune", make)


class PickledByDocument(MutableMapping):
    """A per-page table of the environment (``env.tocs``, ``env.titles``,
    ``env.longtitles``) kept as each page's pickled value.

    A value is unpickled when it is first looked up, and its bytes are kept
    until the page's entry is set or removed: an incremental build unpickles
    only the values it shows and pickles only those of the pages it read.  A
    mapping rather than a ``dict``, so that no method can bypass the
    unpickling.
    """

    def __init__(self, values: Mapping[str, Any] = (), pickled: Mapping[str, bytes] = ()) -> None:
        self._values: dict[str, Any] = dict(values)
        self._pickled: dict[str, bytes] = dict(pickled)

    def forget_pickles_of_values_looked_up(self) -> None:
        """Drop the bytes of every value unpickled so far (it may have been changed in place)."""
        for docname in self._values:
            self._pickled.pop(docname, None)

    def __getitem__(self, docname: str) -> Any:
        try:
            return self._values[docname]
        except KeyError:
            value = self._values[docname] = pickle.loads(self._pickled[docname])
            return value

    def __setitem__(self, docname: str, value: Any) -> None:
        self._pickled.pop(docname, None)
        self._values[docname] = value

    def __delitem__(self, docname: str) -> None:
        if docname not in self:
            raise KeyError(docname)
        self._pickled.pop(docname, None)
        self._values.pop(docname, None)

    def __contains__(self, docname: object) -> bool:
        return docname in self._values or docname in self._pickled

    def __iter__(self) -> Iterator[str]:
        yield from self._values
        yield from (docname for docname in self._pickled if docname not in self._values)

    def __len__(self) -> int:
        return len(self._values.keys() | self._pickled.keys())

    def _pickle_values(self) -> dict[str, bytes]:
        """Every page's bytes: those kept, and the values set or changed since pickled."""
        for docname, value in self._values.items():
            if docname not in self._pickled:
                self._pickled[docname] = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        return self._pickled

    def __reduce__(self) -> tuple[Any, tuple[dict[str, bytes]]]:
        return PickledByDocument._unpickled, (self._pickle_values(),)

    @classmethod
    def _unpickled(cls, pickled: dict[str, bytes]) -> PickledByDocument:
        return cls(pickled=pickled)


class LongTitlesByDocument(PickledByDocument):
    """``env.longtitles`` pickled page by page, beside ``env.titles``: a page's
    long title is most often its title node itself (``TitleCollector``), and
    stays that one node, not an equal copy, when the two are pickled apart
    (Sphinx numbers the title in place, and the page's ``<title>`` is read
    from the long title).  Such a page's bytes are ``IS_THE_TITLE``."""

    IS_THE_TITLE = b""  # no pickle is empty

    def __init__(self, titles: PickledByDocument, values: Mapping[str, Any] = (),
                 pickled: Mapping[str, bytes] = ()) -> None:
        super().__init__(values, pickled)
        self._titles = titles

    def __getitem__(self, docname: str) -> Any:
        if docname not in self._values and self._pickled.get(docname) == self.IS_THE_TITLE:
            self._values[docname] = self._titles[docname]
        return super().__getitem__(docname)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        for docname, value in self._values.items():
            if docname in self._titles._values and value is self._titles._values[docname]:
                self._pickled[docname] = self.IS_THE_TITLE
        return LongTitlesByDocument._unpickled_beside, (self._titles, self._pickle_values())

    @classmethod
    def _unpickled_beside(cls, titles: PickledByDocument, pickled: dict[str, bytes]) -> LongTitlesByDocument:
        return cls(titles, pickled=pickled)


def pickle_each_page_once() -> None:
    """Make ``BuildEnvironment.__getstate__`` hand over the tables of contents,
    titles and long titles as :class:`PickledByDocument` mappings."""
    from sphinx.environment import BuildEnvironment

    def make(getstate: Any) -> Callable[..., Any]:
        def getstate_with_pages_pickled_once(self: Any) -> dict[str, Any]:
            if not isinstance(self.tocs, PickledByDocument):
                self.tocs = PickledByDocument(self.tocs)
            if not isinstance(self.titles, PickledByDocument):
                self.titles = PickledByDocument(self.titles)
            if not isinstance(self.longtitles, LongTitlesByDocument):
                self.longtitles = LongTitlesByDocument(self.titles, self.longtitles)
            if self.numbered_toctrees:
                # Section numbers are written into the tables of contents and
                # the titles in place (TocTreeCollector.assign_section_numbers).
                self.tocs.forget_pickles_of_values_looked_up()
                self.titles.forget_pickles_of_values_looked_up()
            return getstate(self)

        return getstate_with_pages_pickled_once

    _replace(BuildEnvironment, "__getstate__", make)


def unescaped_search_index() -> None:
    """Write the search index as UTF-8 text rather than ASCII escapes, encoded by orjson."""
    from sphinx.search import _JavaScriptIndex

    def make(_original: Any) -> Callable[..., Any]:
        def dumps(self: Any, data: Any) -> str:
            return search_index_script(data).decode("utf-8")

        return dumps

    _replace(_JavaScriptIndex, "dumps", make)


def search_index_script(data: Any) -> bytes:
    """``searchindex.js`` as UTF-8, what ``_JavaScriptIndex.dumps`` returns as
    text: the incremental dump writes these bytes as they are (decoding them
    to text and encoding the text again took 8-10 ms of a rebuild of 1,000
    briefs)."""
    from sphinx.search import _JavaScriptIndex

    return (_JavaScriptIndex.PREFIX.encode("utf-8") + search_index_utf8(data)
            + _JavaScriptIndex.SUFFIX.encode("utf-8"))


def search_index_utf8(data: Any) -> bytes:
    """``json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=False)``,
    the same text as UTF-8, with each of the index's tables encoded by orjson
    (at 1,000 briefs, 43 -> 7 ms in English, 68 -> 9 ms in zh_TW).

    orjson sorts keys as strings, ``json`` sorts them as they are: a table
    with keys that are not strings (``objtypes``, numbered) is left to
    ``json``, as is anything orjson will not encode.
    """
    import json

    import orjson

    def plain(value: Any) -> bytes:
        return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode("utf-8")

    if not isinstance(data, dict) or not all(isinstance(key, str) for key in data):
        return plain(data)
    tables = []
    for key in sorted(data):
        value = data[key]
        try:
            encoded = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
        except TypeError:  # keys that are not strings, or a type orjson does not take
            encoded = plain(value)
        tables.append(plain(key) + b":" + encoded)
    return b"{" + b",".join(tables) + b"}"


# The build whose catalogs are being read (set at config-inited: Sphinx calls
# ``init_locale`` without the configuration).
_CATALOG_OPTIONS: dict[str, Any] = {"srcdir": None, "config": None}


def use_catalog_options(app: Any, config: Any) -> None:
    """``config-inited``: remember the build's source folder and configuration."""
    _CATALOG_OPTIONS.update(srcdir=Path(app.srcdir), config=config)


def is_page_catalog(domain: str) -> bool:
    """Whether a catalog holds pages' messages (``briefs/2023/x``), rather than
    interface strings (``sphinx``, or another extension's)."""
    srcdir, config = _CATALOG_OPTIONS["srcdir"], _CATALOG_OPTIONS["config"]
    if domain == "sphinx" or config is None or not config.gettext_auto_build:
        return False
    if isinstance(config.gettext_compact, str):
        return domain == config.gettext_compact
    if config.gettext_compact and (srcdir / domain).is_dir():
        return True
    # source_suffix is read now: it is complete only once every extension's suffix is merged.
    return any((srcdir / (domain + suffix)).is_file() for suffix in config.source_suffix)


_PO_PARSER: list[type] = []  # polib's parser class, with its state table made once


def po_parser() -> type:
    """polib's ``.po`` parser, whose state table is made once per process.

    polib's ``_POFileParser`` builds its table of transitions (about 100,
    each looking its handler up by name) for every file it parses: at 10,000
    page catalogs, a tenth of what reading them costs.  This subclass builds
    it once, keeps each transition's handler by name and next state, and
    gives each new parser a view of it that binds a handler to the parser
    the first time the parser takes that transition (a page's catalog takes
    a handful of the 100), and drops it when the file is parsed.  The parsing
    is polib's (``polib.pofile`` is this parser's ``parse()``).
    """
    if not _PO_PARSER:
        import polib

        class Transitions(dict):  # type: ignore[type-arg]
            """One parser's transitions: (handler bound to the parser, next state), made on first use."""

            def __init__(self, parser: Any, table: dict[tuple[str, str], tuple[str, str]]) -> None:
                super().__init__()
                self.parser, self.table = parser, table

            def __missing__(self, key: tuple[str, str]) -> tuple[Any, str]:
                name, state = self.table[key]  # a KeyError is polib's syntax error, as in its own table
                self[key] = bound = (getattr(self.parser, name), state)
                return bound

        class CatalogParser(polib._POFileParser):  # type: ignore[name-defined,misc]
            table: dict[tuple[str, str], tuple[str, str]] = {}  # noqa: RUF012 - one per process

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)  # its add() calls do nothing once the table is made
                if not CatalogParser.table:
                    CatalogParser.table = {key: (action.__name__, state)
                                           for key, (action, state) in self.transitions.items()}
                else:
                    self.transitions = Transitions(self, CatalogParser.table)

            def parse(self) -> Any:
                try:
                    return super().parse()
                finally:
                    # The bound handlers refer to the parser: with them gone, the parser, the
                    # catalog and its entries are freed as the caller lets go of them, not left
                    # as a cycle for the collector to find (66 objects a page's catalog).
                    self.transitions = {}

            def add(self, symbol: str, states: list[str], next_state: str) -> None:
                if not CatalogParser.table:
                    super().add(symbol, states, next_state)

        _PO_PARSER.append(CatalogParser)
    return _PO_PARSER[0]


def po_translations(po_path: Path) -> gettext.GNUTranslations | None:
    """The translations Sphinx's compiled ``.mo`` would hold, read from the ``.po``;
    None, with a warning naming the file and line, if polib cannot read it."""
    config = _CATALOG_OPTIONS["config"]
    try:
        catalog = po_parser()(str(po_path), encoding=config.source_encoding).parse()  # as polib.pofile() parses
    except (OSError, ValueError) as exc:  # polib's syntax errors are OSErrors; UnicodeDecodeError a ValueError
        line = re.search(r"\(line (\d+)\)", str(exc))  # polib: "Syntax error in po file <path> (line N)"
        _catalog_warning(po_path, int(line.group(1)) if line else None, "syntax error" if line else str(exc))
        return None
    messages: dict[Any, str] = {}
    seen: set[tuple[str, str]] = set()
    for entry in catalog:
        if entry.obsolete:
            continue
        if (entry.msgctxt, entry.msgid) in seen:  # msgfmt refuses a catalog with these; polib keeps both
            _catalog_warning(po_path, entry.linenum, f"message {entry.msgid!r} is defined twice")
            return None
        seen.add((entry.msgctxt, entry.msgid))
        if entry.fuzzy and not config.gettext_allow_fuzzy_translations:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
            if any(forms):
                messages.update({(key, n): form for n, form in enumerate(forms)})
        elif entry.msgstr:
            messages[key] = entry.msgstr
    translations = gettext.GNUTranslations()  # no file: filled below as _parse() would
    translations._catalog = messages  # type: ignore[attr-defined]
    plural = catalog.metadata.get("Plural-Forms", "")
    if "plural=" in plural:
        translations.plural = gettext.c2py(plural.split("plural=", 1)[1].strip().rstrip(";"))  # type: ignore[attr-defined]
    return translations


def _catalog_warning(po_path: Path, line: int | None, problem: str) -> None:
    # A location without a line would be taken for a docname: the path goes in the message then.
    logger.warning("%s in this catalog; the page stays untranslated", problem if line else f"{po_path}: {problem}",
                   location=f"{po_path}:{line}" if line else None, type="i18n", subtype="not_readable")


def read_page_catalogs_from_po() -> None:
    """Read pages' catalogs from their ``.po`` files; compile only the others."""
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.transforms import i18n
    from sphinx.util.i18n import docname_to_domain

    def make_init(init: Any) -> Callable[..., Any]:
        def init_locale(locale_dirs: Any, language: str | None, catalog: str = "sphinx",
                        namespace: str = "general") -> tuple[gettext.NullTranslations, bool]:
            if not language or not is_page_catalog(catalog):
                return init(locale_dirs, language, catalog, namespace)
            po_paths = [path for directory in locale_dirs if directory is not None
                        if (path := Path(directory, language, "LC_MESSAGES", f"{catalog}.po")).is_file()]
            if not po_paths:  # no .po: perhaps a .mo someone compiled by hand
                return init(locale_dirs, language, catalog, namespace)
            found = [t for path in po_paths if (t := po_translations(path)) is not None]
            if not found:
                return gettext.NullTranslations(), False
            for fallback in found[1:]:
                found[0].add_fallback(fallback)
            return found[0], True

        return init_locale

    def make_compile(compile_catalogs: Any) -> Callable[..., Any]:
        def compile_interface_catalogs(self: Any, catalogs: set[Any], message: str) -> None:
            interface = {catalog for catalog in catalogs if not is_page_catalog(catalog.domain)}
            if len(interface) < len(catalogs):
                message = (f"{len(interface)} interface catalogs "
                           f"({len(catalogs) - len(interface)} page catalogs are read from their .po files)")
            compile_catalogs(self, interface, message)

        return compile_interface_catalogs

    def make_find_files(find_files: Any) -> Callable[..., Any]:
        def find_files_depending_on_po(self: Any, config: Any, builder: Any) -> None:
            find_files(self, config, builder)
            if not (builder.use_message_catalog and config.language):
                return
            for docname, dependencies in self.dependencies.items():
                domain = docname_to_domain(docname, config.gettext_compact)
                compiled = [d for d in dependencies
                            if os.fspath(d).replace(os.sep, "/").endswith(f"/LC_MESSAGES/{domain}.mo")]
                if compiled and is_page_catalog(domain):
                    for dependency in compiled:
                        dependencies.discard(dependency)
                        dependencies.add(type(dependency)(os.fspath(dependency)[:-3] + ".po"))

        return find_files_depending_on_po

    _replace(i18n, "init_locale", make_init)
    _replace(Builder, "compile_catalogs", make_compile)
    _replace(BuildEnvironment, "find_files", make_find_files)

