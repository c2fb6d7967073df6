"""What MyST reads as markup in a line of text: the one definition.

The importer escapes it so that a digest's text renders as published
(:func:`escape`); the speed layer skips the parser for a translated message
that holds none of it (:func:`is_plain`); a translation must keep the roles,
link targets and placeholders of its English (:func:`lost_markup`, the
build's and the checker's rule).  No Sphinx import.
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


#: A role: its name and content (the target, or ``title <target>``).
_ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
_EXPLICIT_TARGET = re.compile(r"<([^<>]+)>\s*$")
#: What a translation must keep of its msgid, by what it is called in a message.
_KEPT = {
    "link target": re.compile(r"\]\(([^)\s]+)"),
    "placeholder": re.compile(r"%\([\w]+\)[sd]|%[sd]|\$\{\w+\}"),
}
#: A ``{brief}`` role's target (the brief id) in a line of text.
BRIEF_REFERENCE = re.compile(r"\{brief\}`(?:[^`<]*<)?([a-z0-9-]+)>?`")


def _roles(text: str) -> set[str]:
    """Each role as ``{name}`target```: an explicit title is the translator's to translate."""
    found = set()
    for name, content in _ROLE.findall(text):
        target = _EXPLICIT_TARGET.search(content)
        found.add(f"{{{name}}}`{target.group(1) if target else content}`")
    return found


def lost_markup(msgid: str, msgstr: str) -> dict[str, list[str]]:
    """What ``msgstr`` drops or alters of its ``msgid``'s roles (name and target), link
    targets and placeholders, by kind (empty: all kept)."""
    lost = {"role": sorted(_roles(msgid) - _roles(msgstr))}
    for what, rule in _KEPT.items():
        lost[what] = sorted(set(rule.findall(msgid)) - set(rule.findall(msgstr)))
    return {what: items for what, items in lost.items() if items}
