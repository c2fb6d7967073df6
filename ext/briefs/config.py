"""The collection's settings, declared once.

:class:`BriefsConfig` lists every ``briefs_*`` value of ``conf.py`` with its
type, default and validation.  The extension registers them in a loop and
validates them at ``config-inited`` (:func:`validate`); the importer and the
checker read the same values from ``conf.py`` without a build
(:func:`load_project`).  No Sphinx import at module level: the command
imports this module too.
"""

from __future__ import annotations

import contextlib
import re
import runpy
from dataclasses import MISSING, Field, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: An edition's name, which is also its folder: a tag such as v2026.01, or latest.
EDITION_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

#: The layout of a collection, relative to the folder holding ``conf.py``.
CONF_FILE = "conf.py"
SOURCE_DIR = "source"


def _default(item: Field) -> Any:
    return item.default_factory() if item.default_factory is not MISSING else item.default


def _setting(default: Any, rebuild: str, help: str) -> Any:
    factory = (lambda: type(default)(default)) if isinstance(default, (dict, list)) else None
    metadata = {"rebuild": rebuild, "help": help}
    return field(default_factory=factory, metadata=metadata) if factory else field(default=default, metadata=metadata)


@dataclass(frozen=True)
class BriefsConfig:
    """Every ``briefs_<name>`` setting of ``conf.py``: type, default, what a change rebuilds."""

    languages: dict[str, str] = _setting(
        {"en": "English", "zh_TW": "繁體中文"}, "html", "the collection's languages and their names, source first")
    derived_languages: dict[str, dict[str, str]] = _setting(
        {}, "env", "languages converted from another's catalogs with OpenCC ({'zh_CN': {'from': 'zh_TW', "
        "'conversion': 'tw2sp'}}), not translated")
    pages: str = _setting("briefs", "env", "the folder of brief pages in the source folder")
    glossary: str = _setting("glossary.yaml", "env", "the glossary file, relative to conf.py")
    search_dictionary: str = _setting(
        "locale/{language}/search-dictionary.txt", "html", "jieba word list of a Chinese build, relative to conf.py")
    site_url: str = _setting("", "html", "where the site is served (http or https); one folder per language below it")
    feed_length: int = _setting(20, "html", "how many briefs the Atom feed lists")
    book: str = _setting("", "env", "the document that is the PDF edition's contents")
    titles: dict[str, str] = _setting({}, "env", "the PDF edition's title in each language")
    edition: str = _setting(
        "", "html", "the edition this build is, laid out as <site>/<language>/<edition>/ (briefs versions)")
    editions: list[str] = _setting([], "html", "the editions known when this one is built, newest first")
    pdf: bool = _setting(False, "html", "this edition's PDF is published beside its HTML (briefs-<language>.pdf)")
    repository: str = _setting("", "html", "the collection's repository on GitHub (https://github.com/OWNER/NAME)")
    branch: str = _setting("main", "html", "the branch contributors edit (the edit links')")

    def problems(self) -> list[str]:
        """What is wrong with the values, one sentence each (empty when they are valid)."""
        found = []
        for item in fields(self):
            value = getattr(self, item.name)
            expected = type(_default(item))
            if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
                found.append(f"briefs_{item.name} must be of type {expected.__name__}, "
                             f"not {type(value).__name__} {value!r}")
        if found:
            return found
        if not self.languages or not all(isinstance(k, str) and isinstance(v, str) and k and v
                                         for k, v in self.languages.items()):
            found.append(f"briefs_languages must map language codes to names, not {self.languages!r}")
        if self.feed_length < 1:
            found.append(f"briefs_feed_length must be at least 1, not {self.feed_length}")
        if self.site_url and (urlsplit(self.site_url).scheme not in ("http", "https")
                              or not urlsplit(self.site_url).netloc):
            found.append(f"briefs_site_url must be an http or https address, not {self.site_url!r}")
        if self.repository and not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+/?", self.repository):
            found.append(f"briefs_repository must be https://github.com/OWNER/NAME, not {self.repository!r}")
        if self.edition and not EDITION_NAME.fullmatch(self.edition):
            found.append(f"briefs_edition must be a folder name (letters, digits, . _ -), not {self.edition!r}")
        if Path(self.pages).is_absolute() or ".." in Path(self.pages).parts:
            found.append(f"briefs_pages must be a folder inside the source folder, not {self.pages!r}")
        found += self._derived_problems()
        unknown = sorted(set(self.titles) - set(self.languages))
        if unknown:
            found.append(f"briefs_titles names languages briefs_languages does not have: {', '.join(unknown)}")
        return found

    def _derived_problems(self) -> list[str]:
        found = []
        source = next(iter(self.languages), None)
        for code, how in self.derived_languages.items():
            if not isinstance(how, dict) or set(how) != {"from", "conversion"} \
                    or not all(isinstance(v, str) and v for v in how.values()):
                found.append(f"briefs_derived_languages[{code!r}] must be {{'from': <language>, "
                             f"'conversion': <OpenCC configuration>}}, not {how!r}")
            elif code not in self.languages or code == source:
                found.append(f"briefs_derived_languages: {code!r} must be a translated language of briefs_languages")
            elif how["from"] not in self.languages or how["from"] in self.derived_languages:
                found.append(f"briefs_derived_languages[{code!r}]: 'from' must be a language of briefs_languages "
                             f"that is not derived itself, not {how['from']!r}")
        return found

    def chinese_language(self) -> str | None:
        """The collection's Chinese language, which the digests' Chinese text is the translation into."""
        return next((code for code in self.maintained_languages() if code.startswith("zh")), None)

    def maintained_languages(self) -> list[str]:
        return maintained_languages(self.languages, self.derived_languages)


def maintained_languages(languages: dict[str, str], derived: dict[str, dict[str, str]]) -> list[str]:
    """The translated languages that have catalogs of their own: all but the source and the derived."""
    return [code for code in list(languages)[1:] if code not in derived]


def register(app: Sphinx) -> None:
    """``setup()``: declare every setting with Sphinx."""
    for item in fields(BriefsConfig):
        default = _default(item)
        app.add_config_value(f"briefs_{item.name}", default, item.metadata["rebuild"],
                             types=frozenset({type(default)}), description=item.metadata["help"])


def validate(app: Sphinx, config: Config) -> None:
    """``config-inited``: an invalid setting stops the build, naming ``conf.py`` and the setting."""
    from sphinx.errors import ConfigError

    settings = BriefsConfig(**{item.name: config[f"briefs_{item.name}"] for item in fields(BriefsConfig)})
    problems = settings.problems()
    if problems:
        raise ConfigError(f"{Path(app.confdir) / CONF_FILE}: " + "; ".join(problems))


class ProjectError(Exception):
    """A collection whose ``conf.py`` cannot be read or holds invalid settings."""


@dataclass(frozen=True)
class Project:
    """A collection on disk, as the importer and the checker see it."""

    root: Path
    settings: BriefsConfig
    locale_dir: Path
    myst_extensions: frozenset[str] = frozenset()
    name: str = "Briefs"  # conf.py's project
    copyright: str = ""  # conf.py's copyright

    @property
    def source_dir(self) -> Path:
        return self.root / SOURCE_DIR

    @property
    def pages_dir(self) -> Path:
        return self.source_dir / self.settings.pages

    @property
    def glossary_path(self) -> Path:
        return self.root / self.settings.glossary

    def page_path(self, year: int | str, brief_id: str) -> Path:
        return self.pages_dir / str(year) / f"{brief_id}.md"

    def catalog_path(self, language: str, year: int | str, brief_id: str) -> Path:
        return self.catalog_of_page(language, self.page_path(year, brief_id))

    def catalog_of_page(self, language: str, page: Path) -> Path:
        """``source/briefs/2023/x.md`` -> ``<locale>/<language>/LC_MESSAGES/briefs/2023/x.po``
        (one catalog per page: ``gettext_compact = False``)."""
        relative = page.resolve().relative_to(self.source_dir.resolve()).with_suffix(".po")
        return self.locale_dir / language / "LC_MESSAGES" / relative

    def page_of_catalog(self, catalog: Path) -> Path | None:
        """The page a catalog translates, if it exists."""
        try:
            parts = catalog.resolve().relative_to(self.locale_dir.resolve()).parts
        except ValueError:
            return None
        return self.page_of_document(Path(*parts[2:]))

    def page_of_document(self, document: Path) -> Path | None:
        """The page of a catalog's or template's path below its folder (``briefs/2023/x.po``,
        ``briefs/2023/x.pot``), if it exists."""
        page = self.source_dir.resolve().joinpath(document).with_suffix(".md")
        return page if page.is_file() else None

    def is_orphan(self, catalog: Path) -> bool:
        """A catalog that translates no page (the interface's, ``sphinx.po``, is of no page)."""
        from .safety import INTERFACE_CATALOG

        return catalog.name != INTERFACE_CATALOG and self.page_of_catalog(catalog) is None


def load_project(root: Path) -> Project:
    """The collection at ``root``: its ``conf.py`` run as Sphinx runs it (with ``tags``, from its
    folder), its ``briefs_*`` settings validated; defaults where there is no ``conf.py``."""
    conf = root / CONF_FILE
    namespace: dict[str, Any] = {}
    if conf.is_file():
        from sphinx.util.tags import Tags

        try:
            with contextlib.chdir(root):
                namespace = runpy.run_path(str(conf), init_globals={"tags": Tags()})
        except Exception as exc:  # noqa: BLE001 - any error of conf.py is the user's to see
            raise ProjectError(f"{conf}: cannot be read: {type(exc).__name__}: {exc}") from exc
    settings = BriefsConfig(**{item.name: namespace[f"briefs_{item.name}"]
                               for item in fields(BriefsConfig) if f"briefs_{item.name}" in namespace})
    problems = settings.problems()
    if problems:
        raise ProjectError(f"{conf}: " + "; ".join(problems))
    # As Sphinx reads it: relative to the source folder.
    locale_dirs = namespace.get("locale_dirs") or ["locales"]
    return Project(root, settings, (root / SOURCE_DIR / locale_dirs[0]).resolve(),
                   frozenset(namespace.get("myst_enable_extensions") or ()), str(namespace.get("project", "Briefs")),
                   str(namespace.get("copyright", "")))
