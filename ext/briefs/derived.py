"""Languages derived from another by conversion: Simplified Chinese from Traditional.

A derived language (``briefs_derived_languages``, e.g. ``zh_CN`` from
``zh_TW`` by OpenCC's ``tw2sp``: 軟體 -> 软件, 網路 -> 网络) has no catalogs to
maintain.  Its build converts its source language's catalogs, page and
interface ones, into its doctree folder and reads them after the optional
override catalogs in ``locale/<language>/`` (a corrected term, nothing else):
Sphinx reads every folder of ``locale_dirs``, the first one found first.  A
Chinese text published in Chinese only (a msgid with no translation) is
converted too.  The card's names, the PDF's words and the search dictionary
come from the source language's, converted, unless the glossary or
``briefs_titles`` give the language's own.

Nothing derived is written to ``source/`` or ``locale/``; the page is read
again when its source catalog changes (``catalogs.changed_catalogs``).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from .digest import is_chinese
from .files import remove_leftovers, write_atomically

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .glossary import Glossary

#: Where a derived build keeps its converted catalogs, in its doctree folder (emptied by a heal).
FOLDER = "briefs-derived-locale"


@functools.lru_cache(maxsize=8)
def converter(conversion: str):  # noqa: ANN201 - opencc.OpenCC, imported when a build needs it
    import opencc

    return opencc.OpenCC(conversion)


def convert(text: str, conversion: str) -> str:
    return converter(conversion).convert(text) if text else text


def origin(config: Config, language: str | None) -> tuple[str, str] | None:
    """``(source language, conversion)`` of a derived language; None for any other."""
    how = config.briefs_derived_languages.get(language or "")
    return (how["from"], how["conversion"]) if how else None


def maintained(config: Config, language: str) -> str:
    """The language whose catalogs translators edit for this one: itself, or its source."""
    found = origin(config, language)
    return found[0] if found else language


def convert_for(config: Config, language: str | None, text: str) -> str:
    """``text`` of the source language in ``language``: converted if it is derived."""
    found = origin(config, language)
    return convert(text, found[1]) if found else text


def check_conversions(app: Sphinx, config: Config) -> None:
    """``config-inited``: an unknown OpenCC configuration stops the build, naming it."""
    from sphinx.errors import ConfigError

    for language, how in config.briefs_derived_languages.items():
        try:
            converter(how["conversion"])
        except Exception as exc:  # noqa: BLE001 - OpenCC raises a bare Exception for an unknown file
            raise ConfigError(f"{Path(app.confdir) / 'conf.py'}: briefs_derived_languages[{language!r}]: "
                              f"OpenCC has no conversion {how['conversion']!r} ({exc})") from exc


def prepare_catalogs(app: Sphinx, config: Config) -> None:
    """``config-inited`` (after a heal, before any catalog is read): a derived build converts
    its source language's catalogs and the extension's, and reads them after its own."""
    found = origin(config, config.language)
    if found is None or not config.locale_dirs:
        return
    from . import i18n
    from .editions import load_interface_catalogs

    source, conversion = found
    root = Path(app.doctreedir) / FOLDER
    target = root / config.language / "LC_MESSAGES"
    folder = Path(app.srcdir, config.locale_dirs[0], source, "LC_MESSAGES")
    sources = {path.relative_to(folder): path for path in sorted(folder.rglob("*.po"))} if folder.is_dir() else {}
    extension_catalog = i18n.LOCALE_DIR / source / "LC_MESSAGES" / f"{i18n.CATALOG}.po"
    if extension_catalog.is_file():
        sources[Path(f"{i18n.CATALOG}.po")] = extension_catalog
    # What each catalog was converted from: one whose source is the same file (path, inode, time,
    # size) is not read again; a catalog moved in or replaced is another file.
    manifest_path = root / "converted.json"
    try:
        before = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {}
    now = {}
    for relative, path in sources.items():
        stat = path.stat()
        key = now[relative.as_posix()] = [str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size, conversion]
        if before.get(relative.as_posix()) != key or not (target / relative).is_file():
            convert_catalog(path, target / relative, conversion, config.language)
    # A catalog whose source is gone (a page moved or deleted) goes too, with its .mo.
    for stale in sorted(target.rglob("*.po")) if target.is_dir() else ():
        if stale.relative_to(target) not in sources:
            stale.unlink()
            stale.with_suffix(".mo").unlink(missing_ok=True)
    remove_leftovers(target, recursive=True)
    root.mkdir(parents=True, exist_ok=True)
    write_atomically(manifest_path, json.dumps(now, sort_keys=True) + "\n")
    i18n.compile_catalogs(root)
    if str(root) not in map(str, config.locale_dirs):
        config.locale_dirs = [*config.locale_dirs, str(root)]
    app.add_message_catalog(i18n.CATALOG, str(root))
    load_interface_catalogs(app)


def convert_catalog(source: Path, target: Path, conversion: str, language: str) -> None:
    """Write ``target``: ``source``'s translations converted, and each untranslated Chinese
    msgid converted as its translation; unchanged bytes are not written again (Sphinx
    compiles a catalog newer than its ``.mo``, and reads its pages again)."""
    catalog = polib.pofile(str(source), wrapwidth=0)
    catalog.metadata["Language"] = language
    for entry in catalog:
        if entry.obsolete:
            continue
        if entry.msgstr_plural:
            entry.msgstr_plural = {n: convert(text, conversion) for n, text in entry.msgstr_plural.items()}
        elif entry.msgstr and "fuzzy" not in entry.flags:
            entry.msgstr = convert(entry.msgstr, conversion)
        elif is_chinese(entry.msgid):
            entry.msgstr = convert(entry.msgid, conversion)
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    text = str(catalog) + "\n"
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, text)


def complete_glossary(glossary: Glossary, config: Config) -> None:
    """Each derived language's names, where the glossary gives none: its source's, converted."""
    for language, how in config.briefs_derived_languages.items():
        for term in glossary.terms():
            if language not in term.names and how["from"] in term.names:
                term.names[language] = convert(term.names[how["from"]], how["conversion"])
    glossary.reindex()
