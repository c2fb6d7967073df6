"""Sphinx's page catalogs read from their ``.po`` files, not compiled to ``.mo`` first.

Before a translated build Sphinx compiles every catalog into a ``.mo`` beside
it (Babel reads the ``.po`` and writes the file), then reads the ``.mo`` as
each page is read.  A collection keeps one catalog per page: a clean zh_TW
build of 1,000 briefs first wrote 1,000 files into the source tree.  The
collection's own check (:mod:`briefs.catalogs`) already reads each changed
``.po`` with polib; page catalogs are now translated from what it read
(:func:`briefs.catalogs.take_catalog`), holding what the ``.mo`` would hold
(translated, not obsolete, fuzzy only with ``gettext_allow_fuzzy_translations``),
and a page depends on its ``.po`` instead of the ``.mo``.  Interface catalogs
(``sphinx.po``) are compiled as before, and so is a page catalog polib cannot
read (the check has warned about it), so the page is what Sphinx makes of it.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefs.catalogs import keep_what_is_read, take_catalog

from .guard import Speedup, replace

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The build's source folder and configuration, for telling page catalogs from others.
_BUILD: dict[str, Any] = {"srcdir": None, "config": None}


def is_page_catalog(domain: str) -> bool:
    """Whether a catalog holds pages' messages (``briefs/2023/x``) rather than
    interface strings (``sphinx``, or another extension's)."""
    srcdir, config = _BUILD["srcdir"], _BUILD["config"]
    if domain == "sphinx" or config is None or not config.gettext_auto_build:
        return False
    if isinstance(config.gettext_compact, str):
        return domain == config.gettext_compact
    if config.gettext_compact and (srcdir / domain).is_dir():
        return True
    # source_suffix is read now: it is complete only once every extension's suffix is merged.
    return any((srcdir / (domain + suffix)).is_file() for suffix in config.source_suffix)


def po_translations(po_path: Path, config: Config) -> gettext.GNUTranslations | None:
    """The translations the compiled ``.mo`` would hold, or None if polib cannot read the ``.po``."""
    try:
        catalog = take_catalog(po_path, config.source_encoding)
    except (OSError, ValueError):
        return None
    messages: dict[Any, str] = {}
    for entry in catalog:
        if entry.obsolete or (entry.fuzzy and not config.gettext_allow_fuzzy_translations):
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


def _compile(po_path: Path, config: Config) -> None:
    """Sphinx's own compilation of one catalog (for one polib cannot read)."""
    from sphinx.util.i18n import CatalogInfo

    domain = po_path.name[: -len(".po")]
    CatalogInfo(str(po_path.parent), domain, config.source_encoding).write_mo(
        config.language, config.gettext_allow_fuzzy_translations)


def _reading_po(init: Any) -> Callable[..., Any]:
    def init_locale(locale_dirs: Any, language: str | None, catalog: str = "sphinx",
                    namespace: str = "general") -> tuple[gettext.NullTranslations, bool]:
        config = _BUILD["config"]
        if not language or not is_page_catalog(catalog):
            return init(locale_dirs, language, catalog, namespace)
        po_paths = [path for directory in locale_dirs if directory is not None
                    if (path := Path(directory, language, "LC_MESSAGES", f"{catalog}.po")).is_file()]
        found = [(path, po_translations(path, config)) for path in po_paths]
        if not found or any(translations is None for _, translations in found):
            for path, translations in found:
                if translations is None:
                    _compile(path, config)
            return init(locale_dirs, language, catalog, namespace)
        first = found[0][1]
        for _, fallback in found[1:]:
            first.add_fallback(fallback)  # type: ignore[union-attr]
        return first, True  # type: ignore[return-value]

    return init_locale


def _compiling_interface_catalogs_only(compile_catalogs: Any) -> Callable[..., Any]:
    def compile_interface_catalogs(self: Any, catalogs: set[Any], message: str) -> None:
        interface = {catalog for catalog in catalogs if not is_page_catalog(catalog.domain)}
        if len(interface) < len(catalogs):
            message = (f"{len(interface)} interface catalogs "
                       f"({len(catalogs) - len(interface)} page catalogs are read from their .po files)")
        compile_catalogs(self, interface, message)

    return compile_interface_catalogs


def _depending_on_po(find_files: Any) -> Callable[..., Any]:
    from sphinx.util.i18n import docname_to_domain

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


def remember_build(app: Sphinx, config: Config) -> None:
    """``config-inited``: the build's source folder and configuration."""
    _BUILD.update(srcdir=Path(app.srcdir), config=config)


def forget_build(app: Sphinx, exception: Exception | None) -> None:
    _BUILD.update(srcdir=None, config=None)


def apply(app: Sphinx) -> None:
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.transforms import i18n

    keep_what_is_read()
    remember_build(app, app.config)
    replace(i18n, "init_locale", _reading_po)
    replace(Builder, "compile_catalogs", _compiling_interface_catalogs_only)
    replace(BuildEnvironment, "find_files", _depending_on_po)
    app.connect("build-finished", forget_build, priority=900)


SPEEDUP = Speedup(
    name="catalogs",
    verified={"sphinx": ("~=8.2.3", "~=9.2.0"), "polib": ("~=1.2.0",)},
    targets={
        "sphinx.transforms.i18n:init_locale": (
            "(locale_dirs: 'Iterable[str | os.PathLike[str] | None]', language: 'str | None', "
            "catalog: 'str' = 'sphinx', namespace: 'str' = 'general') -> 'tuple[NullTranslations, bool]'",),
        "sphinx.builders:Builder.compile_catalogs": ("(self, catalogs: 'set[CatalogInfo]', message: 'str') -> 'None'",),
        "sphinx.environment:BuildEnvironment.find_files": ("(self, config: 'Config', builder: 'Builder') -> 'None'",),
        "sphinx.util.i18n:CatalogInfo.write_mo": None,
    },
    apply=apply,
    report="docs/upstream/sphinx-chinese-search-and-start-up.md#4-a-translated-build-first-writes-a-mo-file-for-every-page",
)
