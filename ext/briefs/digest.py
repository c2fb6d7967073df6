"""Read a digest as published: title, metadata header, Chinese part, English part.

A digest is plain text copied from the publisher's page (see
``digest-format.md``): optional title line(s), ``Label: value`` lines, then a
Chinese part and an English part made of summaries, headings, bullets,
numbered sub-items, lead-in lines and prose.  This module splits it into
typed blocks and pairs the Chinese blocks with the English ones, in order,
kind by kind.  A block without a partner stays unpaired; nothing is dropped.

No Sphinx import: the importer builds pages and catalogs from what it returns.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from .metadata import key_for_label, split_label_line


class DigestError(ValueError):
    """A digest that cannot be read; ``line`` is 1-based (0: the file as a whole)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


# ---------------------------------------------------------------------------
# Bytes to text


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 (BOM, or the NUL pattern) or Big5/CP950.

    Line ends become ``\\n``.  Raises :class:`DigestError` for empty, binary or
    undecodable input rather than guessing.
    """
    if not data.strip():
        raise DigestError(0, "empty file")
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data[len(codecs.BOM_UTF8):], "utf-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16")
    elif _looks_utf16(data):
        # ASCII in UTF-16-LE puts its NUL bytes at odd offsets, in UTF-16-BE at even ones.
        sample = data[:400]
        little = sample[1::2].count(0) >= sample[0::2].count(0)
        text = _strict(data, "utf-16-le" if little else "utf-16-be")
    elif b"\0" in data:
        raise DigestError(0, "binary file (NUL bytes), not a digest")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as utf8_error:
            try:
                text = data.decode("cp950")
            except UnicodeDecodeError as exc:
                # Name the line where UTF-8, the likelier encoding, broke.
                line = data[: utf8_error.start].count(b"\n") + 1
                raise DigestError(line, "undecodable text: neither UTF-8, UTF-16 nor Big5/CP950") from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if control := _CONTROL.search(text):
        line = text[: control.start()].count("\n") + 1
        raise DigestError(line, "control characters: a binary file, not a digest")
    if not text.strip():
        raise DigestError(0, "empty file")
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DigestError(0, f"undecodable {encoding} text") from exc


def _looks_utf16(data: bytes) -> bool:
    sample = data[:200]
    return len(sample) >= 4 and (sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4)


# ---------------------------------------------------------------------------
# Lines to blocks

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_BULLET = re.compile(r"^(?:[•●▪◦·]|-(?=\s))\s*")
# "1. " and "1) " need their space ("1.1" is a number, not an item), unless
# Chinese text follows ("1.中文").  "1、" stays text: the page could not keep it.
_NUMBERED = re.compile(r"^(\d{1,2})(?:[.)]\s+|[.)](?=[\u3400-\u9fff]))(?=\S)")
_SUMMARY = re.compile(r"^(摘要|summary)\s*[:：]\s*(.*)$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.。!！?？;；…」”\"']$")
# A part's label at a title's end: "(Part 2)", "（第三部分）", "(Part II)", a numeral alone
# in brackets, "(二)", "(2)", or unbracketed after a separator, "..., Part Two", "...第三部分".
_PART_NUMBER = r"(\d{1,2}|[一二三四五六七八九十]{1,3}|[ivx]{1,4}|one|two|three|four|five|six|seven|eight|nine|ten)"
_CHINESE_PART_NUMBER = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_TITLE_PART = re.compile(
    r"\s*(?:[(（\[【]\s*(?:part\s*" + _PART_NUMBER + r"|第\s*" + _CHINESE_PART_NUMBER + r"\s*(?:部分?|篇)?|"
    + _CHINESE_PART_NUMBER + r")\s*[)）\]】]"
    r"|(?:\s*[-–—:：,，]\s*|\s+|\b)part\s+" + _PART_NUMBER + r"|\s*第\s*" + _CHINESE_PART_NUMBER + r"\s*部分)\s*$",
    re.I)
_ENGLISH_NUMBERS = {w: n for n, w in enumerate(
    ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"), start=1)}
_ROMAN = {"i": 1, "v": 5, "x": 10}
_SOURCE_PREFIX = re.compile(r"^([A-Za-z][A-Za-z .&'-]{0,40}?)\s*[:：]\s*(.+)$")
_CHINESE_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_FUNCTION_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}

KINDS = ("summary", "heading", "bullet", "subitem", "leadin", "paragraph")


def normalize(text: str) -> str:
    """Whitespace folded: runs of spaces, tabs, no-break and ideographic spaces become one space."""
    return " ".join(text.replace("\u00a0", " ").replace("\u3000", " ").split())


def is_chinese(text: str) -> bool:
    """A digest's line is Chinese if it has any Chinese: lines are in one language or the other."""
    return bool(_CJK.search(text))


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: A Latin letter: what makes a text English (``language_of``, foreign.py).
LATIN = re.compile(r"[A-Za-z]")


def language_of(text: str) -> str | None:
    """What a rendered text is mostly in, ``"zh"`` or ``"en"`` (None: neither, e.g. digits only).

    A Chinese character counts as much as an English word of five letters:
    "Xi Jinping (習近平) said" is English, "北約 NATO 成員國" Chinese.
    """
    han, latin = len(_HAN.findall(text)), len(LATIN.findall(text))
    if not han and not latin:
        return None
    return "zh" if han * 5 >= latin else "en"


@dataclass
class Block:
    """One unit of a digest's body: what it is, its language, its text, its lines."""

    kind: str  # one of KINDS
    lang: str  # "zh" or "en"
    text: str
    lines: list[int]  # 1-based input lines it came from
    number: str | None = None  # a sub-item's number as published
    partner: Block | None = field(default=None, repr=False, compare=False)


@dataclass
class Title:
    lines: list[int]
    text: str  # as published, lines joined by a space
    source_hint: str | None = None
    title: str | None = None  # without source prefix and part suffix
    part: int | None = None
    chinese: bool = False
    suspect: str | None = None  # why the title is not the article's title


@dataclass
class Digest:
    title: Title | None
    header: list[tuple[int, str]]  # (1-based line, raw text) of the label lines
    blocks: list[Block]
    repeated: list[Block]  # blocks whose text appears earlier too (kept)

    def of(self, lang: str) -> list[Block]:
        return [b for b in self.blocks if b.lang == lang]

    def header_text(self) -> str:
        return "\n".join(text for _line, text in self.header)


def read(text: str) -> Digest:
    """Split a decoded digest into title, header and aligned body blocks."""
    lines = text.split("\n")
    numbered = [(i + 1, line) for i, line in enumerate(lines)]
    first_label = next((n for n, line in numbered if _is_label_line(line)), None)
    if first_label is None:
        raise DigestError(0, "no metadata labels (作者/Author(s):, 來源/Source:, 日期/Date: ...)")
    title_lines = [(n, normalize(line)) for n, line in numbered[: first_label - 1] if normalize(line)]
    header: list[tuple[int, str]] = []
    position = first_label - 1
    while position < len(numbered):
        n, line = numbered[position]
        if _is_label_line(line):
            header.append((n, line.strip()))
        elif normalize(line):
            break
        position += 1
    blocks = _blocks(numbered[position:])
    _pair(blocks)
    return Digest(_title(title_lines), header, blocks, _repeated(blocks))


def _is_label_line(line: str) -> bool:
    split = split_label_line(line)
    return split is not None and key_for_label(split[0]) is not None


def _title(lines: list[tuple[int, str]]) -> Title | None:
    if not lines:
        return None
    text = " ".join(t for _n, t in lines)
    title = Title([n for n, _t in lines], text, chinese=is_chinese(text))
    rest = text
    if title.chinese and (m := _SOURCE_PREFIX.match(rest)):
        title.source_hint, rest = m.group(1).strip(), m.group(2).strip()
    if m := _TITLE_PART.search(rest):
        title.part = part_number(next(g for g in m.groups() if g))
        rest = rest[: m.start()].strip()
    title.title = rest
    if not title.chinese:
        words = rest.split()
        if len(lines) > 1:
            title.suspect = "the title is split over lines, as fragments are"
        elif len(words) <= 3:
            title.suspect = "the title is too short to be an article's title"
        elif words[-1].lower() in _FUNCTION_WORDS:
            title.suspect = "the title ends in the middle of a phrase"
        elif rest[:1].islower():
            title.suspect = "the title starts in the middle of a sentence"
    return title


def read_title(text: str) -> Title | None:
    """A title line as :func:`read` reads one (its part label, source prefix and doubts)."""
    return _title([(1, text)]) if text.strip() else None


def part_label(text: str) -> str:
    """The part label a title ends with, as published ("(Part 2)"), or ""."""
    m = _TITLE_PART.search(text)
    return m.group(0).strip() if m else ""


def part_number(text: str) -> int:
    """"2", "二", "十二", "II" or "two" as a number."""
    text = text.lower()
    if text.isdigit():
        return int(text)
    if text in _ENGLISH_NUMBERS:
        return _ENGLISH_NUMBERS[text]
    if text[0] in _ROMAN:
        values = [_ROMAN[c] for c in text]
        return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return _chinese_number(text)


def _chinese_number(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CHINESE_NUMBERS.get(text[1:], 0)
    if text.endswith("十"):
        return _CHINESE_NUMBERS.get(text[0], 1) * 10
    if "十" in text:
        tens, ones = text.split("十")
        return _CHINESE_NUMBERS.get(tens, 1) * 10 + _CHINESE_NUMBERS.get(ones, 0)
    return _CHINESE_NUMBERS.get(text, 1)


def without_marker(text: str) -> str:
    """A normalized line without its list marker ("• ", "- ", "1. "), as the page shows it."""
    return _kind(text, "en")[1]


def _kind(text: str, lang: str) -> tuple[str, str, str | None]:
    """(kind, text without its marker, sub-item number) of one normalized line."""
    if m := _SUMMARY.match(text):
        return "summary", text, None
    if m := _BULLET.match(text):
        rest = text[m.end():]
        if n := _NUMBERED.match(rest):
            return "subitem", rest[n.end():], n.group(1)
        return "bullet", rest, None
    if m := _NUMBERED.match(text):
        return "subitem", text[m.end():], m.group(1)
    if text.endswith((":", "：")) and len(text) < 160:
        return "leadin", text, None
    limit = 40 if lang == "zh" else 100
    if len(text) <= limit and not _SENTENCE_END.search(text):
        return "heading", text, None
    return "paragraph", text, None


def _blocks(lines: list[tuple[int, str]]) -> list[Block]:
    blocks: list[Block] = []
    for n, raw in lines:
        text = normalize(raw)
        if not text:
            continue
        lang = "zh" if is_chinese(text) else "en"
        kind, body, number = _kind(text, lang)
        previous = blocks[-1] if blocks else None
        if (
            previous is not None
            and previous.kind == "summary"
            and previous.lang == lang
            and _SUMMARY.match(previous.text)
            and not _SUMMARY.match(previous.text).group(2)
            and kind in ("paragraph", "heading", "leadin")
        ):
            # "摘要:" alone on its line: the paragraph below is the summary.
            previous.text = f"{previous.text} {text}"
            previous.lines.append(n)
            continue
        blocks.append(Block(kind, lang, body if body else text, [n], number))
    return blocks


def _pair(blocks: list[Block]) -> None:
    """Pair the i-th Chinese block of each kind with the i-th English block of that kind."""
    for kind in KINDS:
        chinese = [b for b in blocks if b.kind == kind and b.lang == "zh"]
        english = [b for b in blocks if b.kind == kind and b.lang == "en"]
        for zh, en in zip(chinese, english, strict=False):
            zh.partner, en.partner = en, zh


def _repeated(blocks: list[Block]) -> list[Block]:
    seen: set[tuple[str, str]] = set()
    repeated = []
    for block in blocks:
        key = (block.lang, block.text)
        if key in seen and block.kind in ("paragraph", "bullet", "summary", "subitem"):
            repeated.append(block)
        seen.add(key)
    return repeated

