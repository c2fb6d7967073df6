"""The extension's own words in the reader's language.

Card labels live in the extension's message catalog
(``briefs/locale/<lang>/LC_MESSAGES/briefs.po``); dates are formatted by
Babel for the build's language at the precision they were published with.

Babel's texts are kept beside the doctrees between builds
(:func:`load_date_texts`, :func:`save_date_texts`): Babel reads its data for
a language the first time it formats a date, about 20 ms, and a rebuild
after an edit formats one date (the edited brief's), which an earlier build
has usually formatted already.  The texts are Babel's, so they are kept for
one Babel version only.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import babel
import polib
from babel import Locale
from babel.dates import format_date, format_skeleton
from sphinx.locale import get_translation

from .files import replacing, write_atomically
from .metadata import PartialDate

if TYPE_CHECKING:
    from sphinx.application import Sphinx

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
        with replacing(mo_path) as partial:
            polib.pofile(str(po_path)).save_as_mofile(str(partial))


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


def format_partial_date(date: PartialDate, language: str | None) -> str:
    """``October 9, 2023`` / ``2023年10月9日``; ``Winter 2021`` / ``2021年冬季``."""
    if date.precision == "season":  # from the catalog, which can change between builds: not kept
        # TRANSLATORS: a season of a year, e.g. "Winter 2021"
        return _("{season} {year}").format(season=season_name(date.season), year=date.year)
    key = f"{language or 'en'} {date.iso()}"  # the ISO text carries the precision
    text = _date_texts.get(key)
    if text is None:
        text = _date_texts[key] = _babel_date_text(date, language)
    return text


def _babel_date_text(date: PartialDate, language: str | None) -> str:
    locale = babel_locale(language)
    if date.precision == "day":
        return format_date(date.as_date(), format="long", locale=locale)
    if date.precision == "month":
        return format_skeleton("yMMMM", date.as_date(), locale=locale)
    return format_skeleton("y", date.as_date(), locale=locale)


# Babel's date texts, "<language> <ISO date>" -> text: those of the build's
# doctree folder, kept from the builds before, and those formatted since.
_date_texts: dict[str, str] = {}
_date_texts_read: dict[str, str] = {}


def _date_texts_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "briefs-date-texts.json"


def load_date_texts(app: Sphinx) -> None:
    """``builder-inited``: the texts kept by the builds before (none if Babel changed since)."""
    global _date_texts, _date_texts_read
    try:
        kept: Any = json.loads(_date_texts_path(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = None
    texts = kept.get("texts") if isinstance(kept, dict) and kept.get("babel") == babel.__version__ else None
    if not isinstance(texts, dict) or not all(isinstance(v, str) for v in texts.values()):
        texts = {}
    _date_texts, _date_texts_read = dict(texts), texts


def save_date_texts(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: keep the texts for the next build, if this one formatted new ones."""
    if _date_texts == _date_texts_read or not Path(app.doctreedir).is_dir():
        return
    path = _date_texts_path(app)
    write_atomically(path, json.dumps({"babel": babel.__version__, "texts": _date_texts},
                                      ensure_ascii=False, indent=0, sort_keys=True))
