"""What MyST reads as markup in a line of text: the one definition.

The importer escapes it so that a digest's text renders as published
(:func:`escape`); the speed layer skips the parser for a translated message
that holds none of it (:func:`is_plain`).  No Sphinx import.
"""

from __future__ import annotations

import re

#: Characters MyST may read as inline markup anywhere in a line (emphasis, code,
#: links and images, HTML, roles, math, tables, strikethrough, entities, footnotes).
_MARKUP = re.compile(r"([\\`*_\[\]<>{}$|~&#^!])")
#: What may open a block at the start of a line: a list, heading, quote, comment,
#: target, fence or table rule.
_BLOCK_START = re.compile(r"^(?:[-+*#>%(:=]|\d+[.)])")
#: White space MyST may read as layout: line breaks, tabs (code), two spaces (hard break).
_LAYOUT = re.compile(r"[\t\n\r]|  ")


def is_plain(text: str) -> bool:
    """True for one line that MyST turns into exactly one text node holding the same text."""
    return (bool(text) and text == text.strip() and not _MARKUP.search(text)
            and not _BLOCK_START.match(text) and not _LAYOUT.search(text))


def escape(text: str) -> str:
    """Backslash-escape what MyST would read as markup, so that the text renders literally."""
    if is_plain(text):
        return text
    text = _MARKUP.sub(r"\\\1", text)
    if m := re.match(r"^(\d+)([.)])", text):
        return f"{m.group(1)}\\{m.group(2)}{text[m.end():]}"
    return re.sub(r"^([-+=>%:(])", r"\\\1", text)


def unescape(text: str) -> str:
    """The text :func:`escape` was given."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
