"""The one parser of a brief's metadata block.

A metadata block is a run of ``Label: value`` lines.  Labels may be the
canonical keys (``authors``, ``source``, ``date``, ...) or any label a digest
was published with (``作者/Author(s)``, ``原文來源/Source``, ``來源`` ...), with
ASCII or full-width colons and stray (no-break) spaces.  The importer, the
Sphinx extension and ``briefs check`` all call :func:`parse_block`, so a block
means the same thing everywhere.

Nothing here imports Sphinx: the module is plain functions over plain data.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from dateutil import parser as _dateparser

# ---------------------------------------------------------------------------
# The block in a page

#: The opening fence of a ``{brief}`` block, as MyST reads one: three or more
#: backticks or tildes, or colons with MyST's ``colon_fence`` extension.
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,}|:{3,})\{brief\}\s*$")


def find_block(text: str, colon_fence: bool = True) -> tuple[int, str] | None:
    """(1-based line of the opening fence, body) of a page's ``{brief}`` block, or None.

    The block ends at a line of the fence's character, at least as long as the
    opening fence, and nothing else; a block left open runs to the end of the page.
    """
    lines = text.split("\n")
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if match is None or (match["fence"][0] == ":" and not colon_fence):
            continue
        fence = match["fence"]
        for end in range(index + 1, len(lines)):
            closing = lines[end].strip()
            if len(closing) >= len(fence) and closing == fence[0] * len(closing):
                return index + 1, "\n".join(lines[index + 1 : end])
        return index + 1, "\n".join(lines[index + 1 :])
    return None


# ---------------------------------------------------------------------------
# Labels

#: Canonical key -> every label seen for it (compared after :func:`normalize_label`).
LABELS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "authors": ("authors", "author", "author(s)", "作者/author(s)", "作者"),
    "source": ("source", "網站來源/source", "原文來源/source", "來源", "網站來源", "原文來源"),
    "date": ("date", "日期/date", "日期"),
    "keywords": (
        "keywords",
        "keyword",
        "關鍵字/keywords",
        "關鍵字",
        "主題/key topics",
        "key topics",
        "主題",
    ),
    "url": ("url",),
    "digest-url": ("digest-url",),
    "digest-title": ("digest-title",),
    "composed-title": ("composed-title",),
    "series": ("series",),
    "part": ("part",),
}
# Keywords are optional: one generation of digests ("作者: / 來源: / 日期:") has none.
REQUIRED = ("authors", "source", "date")

_LABEL_TO_KEY = {label: key for key, labels in LABELS.items() for label in labels}


def normalize_label(label: str) -> str:
    """Fold width, case and spacing so that every published spelling compares equal."""
    text = unicodedata.normalize("NFKC", label).casefold()
    return re.sub(r"\s+", " ", text).strip()


def key_for_label(label: str) -> str | None:
    """The canonical key of a label, or None when the label is unknown."""
    return _LABEL_TO_KEY.get(normalize_label(label))


def clean_value(value: str) -> str:
    """Strip the trailing spaces and no-break spaces that published values carry."""
    return re.sub(r"\s+", " ", value.replace("\u00a0", " ").replace("\u3000", " ")).strip()


# ---------------------------------------------------------------------------
# Dates with precision

#: The seasons a date may be known to, in a year's order (CSL numbers them 1 to 4).
SEASONS = ("spring", "summer", "autumn", "winter")

_SEASON_WORDS = {
    "spring": "spring",
    "summer": "summer",
    "autumn": "autumn",
    "fall": "autumn",
    "winter": "winter",
    "春": "spring",
    "夏": "summer",
    "秋": "autumn",
    "冬": "winter",
}
_EN_SEASON = re.compile(r"^(spring|summer|autumn|fall|winter)[\s,]+(\d{4})$", re.I)
_ZH_SEASON = re.compile(r"^(\d{4})\s*[/年]?\s*([春夏秋冬])[季天]?$")
_ZH_DATE = re.compile(r"^(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?$")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_YEAR = re.compile(r"\b\d{4}\b")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A publication date known to a day, a month, a season or only a year.

    Digests give ``Winter 2021`` or ``2024/夏`` as often as a full day; the
    precision is kept so that nothing shows a day nobody published.
    """

    year: int
    month: int | None = None
    day: int | None = None
    season: str | None = None

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        if self.season is not None:
            return "season"
        return "year"

    def iso(self) -> str:
        """ISO 8601 text at the date's own precision (a season as ``2021-winter``)."""
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        if self.season is not None:
            return f"{self.year:04d}-{self.season}"
        return f"{self.year:04d}"

    def as_date(self) -> _dt.date:
        """The first day of the date's span, for formatting and sorting only."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def sort_key(self) -> tuple[int, int, int]:
        """Order dates of mixed precision: an undated part sorts first in its span."""
        month = self.month or (3 * (SEASONS.index(self.season) + 1) if self.season else 0)
        return (self.year, month, self.day or 0)


class DateError(ValueError):
    """A date value that none of the published formats explains."""


#: The forms a date may take, named in the message of a date that none explains.
DATE_FORMS = ("October 9, 2023; 9 October 2023; Oct 2023; 2023-10-09; 2023-10; 2023; 10/9/2023 "
              "(month/day/year); Winter 2021; 2023年10月9日; 2023年10月; 2021年冬季")


def _unreadable(message: str) -> DateError:
    return DateError(f"{message} (a date may be written: {DATE_FORMS})")


@functools.lru_cache(maxsize=4096)
def parse_date(text: str) -> PartialDate:
    """Parse every date format digests use, keeping its precision.

    Slashed dates are month/day/year, as the publisher writes them.  Raises
    :class:`DateError` rather than guessing.
    """
    value = unicodedata.normalize("NFKC", clean_value(text))
    if not value:
        raise _unreadable("empty date")
    if m := _EN_SEASON.match(value):
        return PartialDate(int(m.group(2)), season=_SEASON_WORDS[m.group(1).lower()])
    if m := _ZH_SEASON.match(value):
        return PartialDate(int(m.group(1)), season=_SEASON_WORDS[m.group(2)])
    if m := (_ZH_DATE.match(value) or _ISO_DATE.match(value)):
        year, month, day = (int(g) if g else None for g in m.groups())
        return _checked(value, year, month, day)
    return _parse_with_dateutil(value)


def _parse_with_dateutil(value: str) -> PartialDate:
    # Parse twice against two different defaults: a field that comes out the
    # same both times was written in the text, one that differs was filled in.
    if not _YEAR.search(value):
        raise _unreadable(f"no four-digit year in date {value!r}")
    first = _dt.datetime(2001, 1, 1)
    second = _dt.datetime(2002, 2, 2)
    try:
        a = _dateparser.parse(value, default=first, dayfirst=False)
        b = _dateparser.parse(value, default=second, dayfirst=False)
    except (ValueError, OverflowError, TypeError) as exc:
        raise _unreadable(f"unreadable date {value!r}") from exc
    if a.year != b.year or (a.hour, a.minute, a.second) != (0, 0, 0):
        raise _unreadable(f"unreadable date {value!r}")
    month = a.month if a.month == b.month else None
    day = a.day if a.day == b.day else None
    return _checked(value, a.year, month, day)


def _checked(value: str, year: int, month: int | None, day: int | None) -> PartialDate:
    if day is not None and month is None:
        raise DateError(f"date {value!r} has a day but no month")
    try:
        _dt.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise DateError(f"impossible date {value!r}") from exc
    if not 1800 <= year <= 2200:
        raise DateError(f"implausible year in date {value!r}")
    return PartialDate(year, month, day)


# ---------------------------------------------------------------------------
# Lists

_AUTHOR_SEPARATORS = re.compile(r"\s+and\s+|\s*[、,，&;；]\s*")
_KEYWORD_SEPARATORS = re.compile(r"\s*[,，、;；]\s*")


def split_authors(text: str) -> tuple[str, ...]:
    """Split ``A and B``, ``A、B``, ``A, B`` or ``A & B`` into names, kept as written."""
    return tuple(name for name in _AUTHOR_SEPARATORS.split(clean_value(text)) if name)


def split_keywords(text: str) -> tuple[str, ...]:
    """Split keywords on ``,`` ``，`` ``、`` or ``;``."""
    return tuple(word for word in _KEYWORD_SEPARATORS.split(clean_value(text)) if word)


# ---------------------------------------------------------------------------
# The block


@dataclass(frozen=True)
class Problem:
    """Something wrong in a block, at a 0-based line of the block."""

    line: int | None  # None: about the block as a whole (a missing field)
    kind: str  # a warning subtype: syntax, unknown-label, missing, date, url, part, repeated
    message: str


@dataclass(frozen=True)
class Brief:
    """A brief's metadata as plain data: what the block says, parsed."""

    id: str | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None
    date: PartialDate | None = None
    date_text: str | None = None
    keywords: tuple[str, ...] = ()
    url: str | None = None
    digest_url: str | None = None
    digest_title: str | None = None
    #: The page's heading was composed from the metadata (``composed-title: yes``): titles.py.
    composed_title: bool = False
    series: str | None = None
    part: int | None = None
    #: canonical key -> 0-based line of the block where it was given
    lines: dict[str, int] = field(default_factory=dict, compare=False)


_LINE = re.compile(r"^\s*([^:：]+?)\s*[:：]\s?(.*)$")


def split_label_line(line: str) -> tuple[str, str] | None:
    """``(label, value)`` of a ``Label: value`` line (value cleaned), or None."""
    match = _LINE.match(line.lstrip("\ufeff"))
    if not match:
        return None
    return match.group(1).strip(), clean_value(match.group(2))


def parse_block(text: str) -> tuple[Brief, list[Problem]]:
    """Parse a metadata block into a :class:`Brief` and the problems found.

    Never raises on any text: every flaw becomes a :class:`Problem` with the
    0-based line of the block it stands on (None for the block as a whole),
    so callers can point at file and line.
    """
    values: dict[str, str] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines()):
        if not clean_value(raw):
            continue
        split = split_label_line(raw)
        if split is None:
            problems.append(Problem(number, "syntax", f"not a 'Label: value' line: {raw.strip()!r}"))
            continue
        label, value = split
        key = key_for_label(label)
        if key is None:
            problems.append(Problem(number, "unknown-label", f"unknown label {label.strip()!r}"))
            continue
        if key in values:
            problems.append(Problem(number, "repeated", f"{key!r} is given twice"))
            continue
        values[key] = value
        lines[key] = number

    def at(key: str) -> int:
        return lines.get(key, 0)

    for key in REQUIRED:
        if not values.get(key):
            problems.append(Problem(lines.get(key), "missing", f"required field {key!r} is missing"))

    date = None
    if values.get("date"):
        try:
            date = parse_date(values["date"])
        except DateError as exc:
            problems.append(Problem(at("date"), "date", str(exc)))

    for key in ("url", "digest-url"):
        if values.get(key) and not is_web_url(values[key]):
            problems.append(Problem(at(key), "url", f"{key} must be an http(s) URL: {values[key]!r}"))

    part = None
    if values.get("part"):
        if values["part"].isdecimal() and int(values["part"]) >= 1:  # isdigit() takes "¹", int() does not
            part = int(values["part"])
        else:
            problems.append(Problem(at("part"), "part", f"part must be a number from 1: {values['part']!r}"))

    composed = values.get("composed-title", "").strip().lower()
    if composed not in ("", "yes"):
        problems.append(Problem(at("composed-title"), "syntax", f"composed-title must be yes: {composed!r}"))

    brief = Brief(
        id=values.get("id") or None,
        authors=split_authors(values.get("authors", "")),
        source=values.get("source") or None,
        date=date,
        date_text=values.get("date") or None,
        keywords=split_keywords(values.get("keywords", "")),
        url=values.get("url") if "url" in values and is_web_url(values["url"]) else None,
        digest_url=values.get("digest-url") if is_web_url(values.get("digest-url", "")) else None,
        digest_title=values.get("digest-title") or None,
        composed_title=composed == "yes",
        series=values.get("series") or None,
        part=part,
        lines=lines,
    )
    return brief, problems


def is_web_url(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in text
