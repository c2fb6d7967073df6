"""The extension's own words in the reader's language.

Card labels live in the extension's message catalog
(``briefs/locale/<lang>/LC_MESSAGES/briefs.po``); dates are formatted by
Babel for the build's language at the precision they were published with.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import polib
from babel import Locale
from babel.dates import format_date, format_skeleton
from sphinx.locale import get_translation

from .metadata import PartialDate

CATALOG = "briefs"
LOCALE_DIR = Path(__file__).parent / "locale"

_ = get_translation(CATALOG)


def compile_catalogs(locale_dir: Path = LOCALE_DIR) -> None:
    """Compile the extension's ``.po`` files to ``.mo`` where they are stale.

    ``.mo`` files are build products and are never committed; each is written
    to a temporary name and renamed, so builds running side by side are safe.
    """
    for po_path in locale_dir.glob(f"*/LC_MESSAGES/{CATALOG}.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        partial = mo_path.with_name(f".{CATALOG}.{os.getpid()}.mo")
        polib.pofile(str(po_path)).save_as_mofile(str(partial))
        partial.replace(mo_path)


@functools.lru_cache(maxsize=16)
def babel_locale(language: str | None) -> Locale:
    """Parsed once: Babel looks ``zh_TW`` up by walking all its ~1,000 locale
    names, 0.5 ms a time, and a date is formatted on every page."""
    return Locale.parse(language or "en")


def season_name(season: str) -> str:
    names = {
        "spring": _("Spring"),
        "summer": _("Summer"),
        "autumn": _("Autumn"),
        "winter": _("Winter"),
    }
    return names[season]


@functools.lru_cache(maxsize=8192)
def format_partial_date(date: PartialDate, language: str | None) -> str:
    """``October 9, 2023`` / ``2023年10月9日``; ``Winter 2021`` / ``2021年冬季``."""
    locale = babel_locale(language)
    if date.precision == "day":
        return format_date(date.as_date(), format="long", locale=locale)
    if date.precision == "month":
        return format_skeleton("yMMMM", date.as_date(), locale=locale)
    if date.precision == "season":
        # TRANSLATORS: a season of a year, e.g. "Winter 2021"
        return _("{season} {year}").format(season=season_name(date.season), year=date.year)
    return format_skeleton("y", date.as_date(), locale=locale)
