"""``briefs intl`` (``make intl``): the catalogs updated from the ``.pot`` files, in one stable format.

sphinx-intl's ``update`` merges the messages (Babel's fuzzy matching) but
writes each catalog with location lines (``#: source/x.md:12``, which churn
whenever a page moves a line), wraps at 76 columns (a rule for spaced
languages, not for Chinese), drops a fuzzy entry's previous English, and
moves the header's date on every run.  This step uses the same reading and
merging (``sphinx_intl.catalog``, Babel) and writes:

* no location lines, and no wrapping: one line per message, whatever its language;
* ``#| msgid "..."`` on a fuzzy entry: the English it was translated from;
* the header's dates as they were: a run that changes no message writes nothing,
  so ``make intl`` twice changes nothing.

No Sphinx import.
"""

from __future__ import annotations

import datetime
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polib
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from sphinx_intl.catalog import load_po

from .files import write_atomically
from .safety import INTERFACE_CATALOG

if TYPE_CHECKING:
    from .config import Project

#: The one format of every catalog: no wrapping, no locations, the previous msgid of fuzzy entries.
PO_FORMAT = {"width": 0, "no_location": True, "include_previous": True}


@dataclass(frozen=True)
class Updated:
    path: Path
    status: str  # "created", "updated", "moved", "unchanged"; "removed" (a template), "orphan"
    detail: str = ""


def render(catalog) -> str:  # noqa: ANN001 - a babel Catalog
    buffer = io.BytesIO()
    write_po(buffer, catalog, **PO_FORMAT)
    return _unwrap_previous(buffer.getvalue().decode("utf-8"))


#: The header comment of Sphinx's gettext template, as a catalog made from it starts.
SPHINX_HEADER_COMMENT = (
    "# SOME DESCRIPTIVE TITLE.\n# Copyright (C) {copyright}\n"
    "# This file is distributed under the same license as the {project} package.\n"
    "# FIRST AUTHOR <EMAIL@ADDRESS>, YEAR.\n#"
)


def new_catalog(language: str, project: str, copyright: str, messages: list[tuple[str, str]],
                created: datetime.datetime) -> str:
    """A new catalog of ``(msgid, msgstr)`` pairs, as ``briefs intl`` writes one it creates
    from Sphinx's template: the importer's catalogs then need no rewrite by ``make intl``."""
    catalog = Catalog(header_comment=SPHINX_HEADER_COMMENT.format(copyright=copyright, project=project))
    # The header of Sphinx's template, read as Babel reads a .pot; then the language, as a merge sets it.
    catalog.mime_headers = [
        ("Project-Id-Version", f"{project} "), ("Report-Msgid-Bugs-To", ""),
        ("POT-Creation-Date", created.strftime("%Y-%m-%d %H:%M%z")), ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"), ("Language-Team", "LANGUAGE <LL@li.org>"),
        ("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=UTF-8"), ("Content-Transfer-Encoding", "8bit"),
    ]
    catalog.locale = language
    for msgid, msgstr in messages:
        catalog.add(msgid, msgstr)
    return render(catalog)


def fingerprint(text: str) -> str:
    """What a translator wrote in a catalog: its translated and fuzzy messages, whatever
    the header, order and wrapping (a ``make intl`` that only reformats leaves it)."""
    entries = sorted((e.msgctxt or "", e.msgid, e.msgstr, "fuzzy" in e.flags)
                     for e in polib.pofile(text) if e.msgstr and not e.obsolete)
    return repr(entries)


def _unwrap_previous(text: str) -> str:
    """One line per ``#| msgid``: Babel wraps the previous msgid at 76 columns even
    with ``width=0``, and its continuation lines are not PO (polib and msgfmt refuse
    them; docs/upstream/babel-previous-msgid-wrapped.md)."""
    lines: list[str] = []
    for line in text.split("\n"):
        if (line.startswith("#| ") and lines and lines[-1].startswith("#| ")
                and not line[3:].startswith(("msgid ", "msgctxt ", "msgid_plural "))):
            lines[-1] += " " + line[3:]
        else:
            lines.append(line)
    return "\n".join(lines)


def update_catalog(pot: Path, po: Path, language: str) -> Updated:
    """Merge ``pot`` into ``po`` (made if missing) and write it in the one format, if it changed."""
    template = load_po(str(pot))
    if po.is_file():
        catalog = read(po)
        previous = {m.id: m.previous_id for m in catalog if m.fuzzy and m.previous_id}
        catalog.update(template, update_creation_date=False)
        for message in catalog:
            # Still fuzzy, same msgid: Babel's merge forgets the previous msgid it was fuzzy from.
            if message.fuzzy and not message.previous_id and message.id in previous:
                message.previous_id = previous[message.id]
        status = "updated"
    else:
        catalog = template
        catalog.locale = language
        status = "created"
    return _write(po, render(catalog), status)


def format_catalog(po: Path, write: bool = True) -> Updated:
    """``po`` in the one format (as powrap does for python-docs-fr): its messages as they are."""
    return _write(po, render(read(po)), "formatted", write)


def read(po: Path):  # noqa: ANN201 - a babel Catalog
    """A catalog as Babel reads it, with the previous msgids of its fuzzy entries (``#|``)."""
    previous = _previous_msgids(po)
    catalog = load_po(str(po))
    for message in catalog:
        # Babel reads "#| msgid" lines as comments: they are the previous msgids, restored here.
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        if message.id in previous:
            message.previous_id = [previous[message.id]]
    return catalog


def _write(po: Path, text: str, status: str, write: bool = True) -> Updated:
    if po.is_file():
        previous = po.read_text(encoding="utf-8")
        text = _keep_generated_by(text, previous)
        if previous == text:
            return Updated(po, "unchanged")
    if write:
        po.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(po, text)
    return Updated(po, status)


#: The header line Babel writes with its own version, whatever the catalog said.
_GENERATED_BY = re.compile(r'^"Generated-By: [^"\n]*"$', re.MULTILINE)


def _keep_generated_by(text: str, previous: str) -> str:
    """A catalog keeps the ``Generated-By`` it was written with: another Babel rewrites nothing."""
    old = _GENERATED_BY.search(previous)
    return _GENERATED_BY.sub(lambda _m: old.group(0), text, count=1) if old else text


def _previous_msgids(po: Path) -> dict[str, str]:
    """msgid -> the previous msgid of each fuzzy entry (polib reads ``#|`` lines)."""
    return {entry.msgid: entry.previous_msgid for entry in polib.pofile(str(po))
            if entry.previous_msgid and "fuzzy" in entry.flags}


def update_catalogs(pot_dir: Path, locale_dir: Path, languages: list[str],
                    project: Project | None = None) -> list[Updated]:
    """Every ``.pot`` below ``pot_dir`` into ``<locale_dir>/<language>/LC_MESSAGES/`` (same relative path).

    With the ``project``, a catalog follows its page: a template whose page is gone is
    removed, and a page that moved (the same file name in another folder) takes its
    translated catalog along, rather than getting an empty one beside it.  Catalogs
    that still translate no page are reported as ``orphan``.
    """
    results = []
    pots = sorted(pot_dir.rglob("*.pot"))
    if project is not None:
        interface = Path(INTERFACE_CATALOG).with_suffix(".pot").name
        for pot in [p for p in pots if p.name != interface
                    and project.page_of_document(p.relative_to(pot_dir)) is None]:
            pot.unlink()
            pots.remove(pot)
            results.append(Updated(pot, "removed", "its page is gone"))
    for language in languages:
        folder = locale_dir / language / "LC_MESSAGES"
        orphans = {} if project is None else {
            po.relative_to(folder): po for po in sorted(folder.rglob("*.po")) if project.is_orphan(po)}
        for pot in pots:
            po = folder / pot.relative_to(pot_dir).with_suffix(".po")
            moved = _catalog_of_moved_page(po, orphans.values())
            if moved is not None:
                po.parent.mkdir(parents=True, exist_ok=True)
                os.replace(moved, po)
                del orphans[moved.relative_to(folder)]
            result = update_catalog(pot, po, language)
            results.append(Updated(po, "moved", f"from {moved.relative_to(folder).as_posix()}")
                           if moved is not None else result)
        results.extend(Updated(po, "orphan", "belongs to no page") for po in orphans.values())
    return results


def _catalog_of_moved_page(po: Path, orphans) -> Path | None:  # noqa: ANN001 - Paths
    """The one orphan catalog of the same name, translated, where ``po`` has no translation."""
    same = [o for o in orphans if o.name == po.name]
    if len(same) != 1 or (po.is_file() and _translated(po)) or not _translated(same[0]):
        return None
    return same[0]


def _translated(po: Path) -> bool:
    return any(entry.msgstr for entry in polib.pofile(str(po)) if not entry.obsolete)
