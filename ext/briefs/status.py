"""Translation status: how much of each page's catalog is translated, as potodo counts it.

One rule for ``briefs stats``, the site's ``translation-status.html`` and a
translated page's banner: a catalog's live messages (obsolete ones aside;
the header is no message), of which translated are those with a ``msgstr``
that are not fuzzy (Sphinx does not use fuzzy ones).  No Sphinx import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polib

if TYPE_CHECKING:
    from .config import Project


@dataclass(frozen=True)
class CatalogStatus:
    total: int
    translated: int
    fuzzy: int

    @property
    def untranslated(self) -> int:
        return self.total - self.translated - self.fuzzy

    @property
    def percent(self) -> int:
        """The share translated, rounded down: 100 only when every message is."""
        return 100 if self.total == 0 else self.translated * 100 // self.total

    @classmethod
    def of(cls, catalog: polib.POFile) -> CatalogStatus:
        live = [entry for entry in catalog if not entry.obsolete]
        fuzzy = sum("fuzzy" in entry.flags for entry in live)
        translated = sum(bool(entry.msgstr) and "fuzzy" not in entry.flags for entry in live)
        return cls(len(live), translated, fuzzy)


#: A page with no catalog yet: nothing of it is translated.
NO_CATALOG = CatalogStatus(0, 0, 0)


def collection_status(project: Project, language: str) -> list[tuple[Path, Path, CatalogStatus | None]]:
    """(page, catalog, status) of every page; status None where the page has no catalog."""
    rows = []
    for page in sorted(project.source_dir.rglob("*.md")):
        catalog = project.catalog_of_page(language, page)
        status = CatalogStatus.of(polib.pofile(str(catalog))) if catalog.is_file() else None
        rows.append((page, catalog, status))
    return rows
