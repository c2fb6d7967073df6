"""A translated build's catalogs, checked before the pages are read.

Sphinx compiles each ``.po`` into a ``.mo`` with Babel, which prints what
it cannot read to the console and carries on: a merge conflict left in a
catalog, or a message defined twice, built with ``-W`` and exit 0.  Every
``.po`` of the build's language that changed since it was last checked is
read with polib; a syntax error or a message defined twice (``msgfmt``
refuses both) is a warning naming the file and line (``i18n.not_readable``).
An interface translation (``sphinx.po``) that adds HTML to its msgid is
refused before the builder starts (:func:`refuse_unsafe_interface`).
A reader of catalogs later in the build (the speed layer's) can ask for what
was read to be kept (:func:`keep_what_is_read`, :func:`take_catalog`), so
that no catalog is parsed twice.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

import polib
from babel.messages.pofile import PoFileError, read_po
from sphinx.util import logging

from .markup import lost_markup
from .safety import INTERFACE_CATALOG, added_html
from .status import CatalogStatus

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: polib's syntax errors: "Syntax error in po file <path> (line N)".
_POLIB_LINE = re.compile(r"\(line (\d+)\)")
#: A line of a catalog that holds a string (a keyword's, or a continuation), obsolete or not ...
_STRING_LINE = re.compile(r'^(?:#~ ?)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"')
#: ... and the whole of such a line, its string closed (polib and Babel read an open one, less its last letter).
_CLOSED_STRING_LINE = re.compile(r'^(?:#~ ?)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"(?:[^"\\]|\\.)*"\s*$')
#: Catalogs read by the check, kept for a later reader: path -> (modification time, catalog).
_KEPT: dict[str, tuple[int, polib.POFile]] = {}
_keeping = False


def keep_what_is_read() -> None:
    """Keep each catalog the check reads, until :func:`take_catalog` takes it or the build ends."""
    global _keeping
    _keeping = True


def take_catalog(path: Path, encoding: str = "utf-8") -> polib.POFile:
    """The catalog at ``path``: as the check read it if it is unchanged since, else read now
    (polib's errors propagate)."""
    mtime = path.stat().st_mtime_ns
    kept = _KEPT.pop(str(path), None)
    return kept[1] if kept is not None and kept[0] == mtime else polib.pofile(str(path), encoding=encoding)


def forget_catalogs(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: no catalog is kept beyond the build."""
    _KEPT.clear()


def catalog_problem(path: Path, encoding: str = "utf-8") -> tuple[int | None, str] | None:
    """(line, problem) of a ``.po`` file a build cannot rely on, or None."""
    return read_catalog(path, encoding)[1]


def read_catalog(path: Path, encoding: str = "utf-8", keep: bool = True,
                 strict: bool = True) -> tuple[polib.POFile | None, tuple[int | None, str] | None]:
    """The catalog and None, or None and (line, problem) if a build cannot rely on it
    (``keep``: for a later reader, if one asked; ``strict``: also what only msgfmt refuses)."""
    try:
        catalog = polib.pofile(str(path), encoding=encoding)
    except (OSError, ValueError) as exc:  # polib's syntax errors are OSErrors; a bad encoding a ValueError
        line = _POLIB_LINE.search(str(exc))
        return None, ((int(line.group(1)), "syntax error") if line else (None, str(exc)))
    problem = _strict_problem(path, encoding) if strict else None
    if problem is not None:
        return None, problem
    seen: set[tuple[str | None, str]] = set()
    for entry in (entry for entry in catalog if not entry.obsolete):  # msgfmt ignores obsolete entries
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            return None, (entry.linenum, f"message {entry.msgid!r} is defined twice")
        seen.add(key)
    if _keeping and keep:
        _KEPT[str(path)] = (path.stat().st_mtime_ns, catalog)
    return catalog, None


def _strict_problem(path: Path, encoding: str) -> tuple[int, str] | None:
    """What ``msgfmt`` refuses that polib reads: an unclosed string, a msgid without its msgstr."""
    data = path.read_bytes()
    lines = data.decode(encoding).split("\n")
    for number, line in enumerate(lines, start=1):
        if _STRING_LINE.match(line) and not _CLOSED_STRING_LINE.match(line):
            return number, "syntax error: a string not closed on its line"
    # Each message has one msgstr (or msgstr[0]); only a catalog that does not needs Babel's strict read.
    if sum(line.startswith("msgid ") for line in lines) == sum(line.startswith(("msgstr ", "msgstr[0]"))
                                                               for line in lines):
        return None
    try:
        read_po(io.BytesIO(data), charset=encoding, abort_invalid=True)
    except PoFileError as exc:
        return exc.lineno + 1, f"syntax error: {str(exc).rsplit(' on ', 1)[0]}"  # Babel counts from 0
    return None


def catalog_path(app: Sphinx | BuildEnvironment, language: str, docname: str, own: bool = False) -> Path:
    """The catalog translators edit for a document in a language (the first of
    ``locale_dirs``; one catalog per page unless ``gettext_compact``): a derived
    language's is its source language's, unless ``own`` (its override catalog).  From the
    application or the environment, which both know the source folder and settings."""
    from sphinx.util.i18n import docname_to_domain

    from .derived import maintained

    domain = docname_to_domain(docname, app.config.gettext_compact)
    language = language if own else maintained(app.config, language)
    return Path(app.srcdir, app.config.locale_dirs[0], language, "LC_MESSAGES", f"{domain}.po")


class _WithoutRefused(gettext.NullTranslations):
    """The interface's translations, less those refused: their msgid is shown instead."""

    def __init__(self, translations: gettext.NullTranslations, refused: frozenset[str]) -> None:
        super().__init__()
        self._translations, self._refused = translations, refused

    def gettext(self, message: str) -> str:
        return message if message in self._refused else self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if singular in self._refused:
            return singular if n == 1 else plural
        return self._translations.ngettext(singular, plural, n)


def refuse_unsafe_interface(app: Sphinx, config: Config) -> None:
    """``config-inited``: the theme renders interface messages (``sphinx.po``) as HTML, so
    a translation may add none to its msgid's.  One that does is a warning at its line
    (``briefs.unsafe``) and is not used: the templates show the English."""
    if not config.language or not config.locale_dirs:
        return
    refused = set()
    for locale_dir in config.locale_dirs:
        path = Path(app.srcdir, locale_dir, config.language, "LC_MESSAGES", INTERFACE_CATALOG)
        catalog, _problem = read_catalog(path, config.source_encoding, keep=False) if path.is_file() else (None, None)
        for entry in catalog or ():
            added = [] if entry.obsolete else added_html(entry.msgid, entry.msgstr)
            if added:
                refused.add(entry.msgid)
                logger.warning("msgstr adds HTML its msgid does not have: %s", ", ".join(added),
                               location=f"{path.resolve()}:{entry.linenum}", type="briefs", subtype="unsafe")
    if refused:
        app.translator = _WithoutRefused(app.translator, frozenset(refused))


def check_catalogs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: warn about each unreadable catalog of the build's language,
    and keep every translated language's status (``briefs.status``) for the status page."""
    if not app.config.language or not app.config.locale_dirs:
        return
    checked: dict[str, int] = getattr(env, "briefs_checked_catalogs", {})
    statuses: dict[str, CatalogStatus] = getattr(env, "briefs_catalog_status", {})
    now: dict[str, int] = {}
    now_status: dict[str, CatalogStatus] = {}
    languages = [code for code in list(app.config.briefs_languages)[1:]]
    for locale_dir in app.config.locale_dirs[:1]:
        for language in languages:
            folder = Path(app.srcdir, locale_dir, language, "LC_MESSAGES")
            for path in sorted(folder.rglob("*.po")) if folder.is_dir() else ():
                key, mtime = str(path), path.stat().st_mtime_ns
                if checked.get(key) == mtime and key in statuses:
                    now[key], now_status[key] = mtime, statuses[key]
                    continue
                # Another language's catalog is read for its status; its own build checks it.
                ours = language == app.config.language
                catalog, problem = read_catalog(path, app.config.source_encoding, keep=ours, strict=ours)
                if catalog is not None:
                    now_status[key] = CatalogStatus.of(catalog)
                if language != app.config.language:
                    now[key] = mtime  # another language's build warns about it
                    continue
                lost = _lost_markup(catalog) if catalog is not None else []
                for line, message in lost:
                    logger.warning(message, location=f"{path.resolve()}:{line}", type="i18n", subtype="kept")
                if problem is None:
                    if not lost:
                        now[key] = mtime  # checked: not again until it changes (a problem, every build)
                    continue
                line, message = problem
                # A location without a line would be read as a docname: the path goes in the message then.
                logger.warning("%s in this catalog", message if line else f"{path}: {message}",
                               location=f"{path}:{line}" if line else None, type="i18n", subtype="not_readable")
    env.briefs_checked_catalogs = now  # type: ignore[attr-defined]
    env.briefs_catalog_status = now_status  # type: ignore[attr-defined]
    warn_orphans(app, env)


def _lost_markup(catalog: polib.POFile) -> list[tuple[int, str]]:
    """``(line, message)`` of each translation that drops or alters a role, a link target or a
    placeholder of its msgid (the checker's rule: ``markup.lost_markup``)."""
    return [(entry.linenum, f"msgstr does not keep the {what} of its msgid: {', '.join(items)}")
            for entry in catalog if entry.msgstr and not entry.obsolete
            for what, items in lost_markup(entry.msgid, entry.msgstr).items()]


def message_location(env: BuildEnvironment, docname: str, found: Callable[[str], bool]) -> str | None:
    """``path:line`` of the first translation in ``docname``'s catalog for which ``found`` holds,
    in a translated build: where a problem of translated text is to be fixed."""
    from .edit_links import is_translated

    if not is_translated(env.config) or not env.config.locale_dirs:
        return None
    path = catalog_path(env, env.config.language, docname).resolve()
    catalog, _problem = read_catalog(path, keep=False) if path.is_file() else (None, None)
    line = next((e.linenum for e in catalog or () if e.msgstr and not e.obsolete and found(e.msgstr)), None)
    return f"{path}:{line}" if line else None


def warn_orphans(app: Sphinx, env: BuildEnvironment) -> None:
    """A catalog of the build's language whose page is gone (moved or deleted) translates
    nothing: warned about, naming it, so that a moved page's translation is not lost unseen."""
    folder = Path(app.srcdir, app.config.locale_dirs[0], app.config.language, "LC_MESSAGES").resolve()
    if app.config.gettext_compact or not folder.is_dir():
        return
    suffixes = list(app.config.source_suffix)
    for path in sorted(folder.rglob("*.po")):
        document = path.relative_to(folder).with_suffix("").as_posix()
        if path.name == INTERFACE_CATALOG or document in env.found_docs:
            continue
        # A page this build leaves out (the PDF edition's contents in HTML) still has its catalog.
        if not any(Path(app.srcdir, document + suffix).is_file() for suffix in suffixes):
            logger.warning("this catalog belongs to no page (was its page moved? 'make intl' moves a catalog "
                           "with its page)", location=f"{path}:1", type="i18n", subtype="orphan")


def changed_catalogs(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                     removed: set[str]) -> list[str]:
    """``env-get-outdated``: the pages whose catalog is another file or has other content than
    when they were read, whatever its modification time (a catalog moved in keeps its own)."""
    from .edit_links import is_translated

    if not is_translated(app.config) or not app.config.locale_dirs:
        return []
    known: dict[str, tuple[tuple, ...]] = getattr(env, "briefs_catalog_files", {})
    now: dict[str, tuple] = {}
    outdated = []
    language = app.config.language
    for docname in sorted(env.found_docs):
        # A derived language's page also follows its own (override) catalog.
        paths = dict.fromkeys([catalog_path(app, language, docname), catalog_path(app, language, docname, own=True)])
        before = known.get(docname, ())
        key = tuple(_file_key(path, before[i] if i < len(before) else None) for i, path in enumerate(paths))
        now[docname] = key
        if docname in known and [k[3:] for k in known[docname]] != [k[3:] for k in key] \
                and docname not in added | changed:
            outdated.append(docname)
    env.briefs_catalog_files = now  # type: ignore[attr-defined]
    return outdated


def _file_key(path: Path, before: tuple | None) -> tuple:
    """(inode, size, mtime, sha256) of a catalog; the same file as before keeps its recorded
    contents, another is read; () when there is none."""
    try:
        stat = path.stat()
    except OSError:
        return ()
    key = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    return before if before and before[:3] == key else (*key, hashlib.sha256(path.read_bytes()).hexdigest())
