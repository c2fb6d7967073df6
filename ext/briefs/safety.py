"""The one rule of what a contribution may not put on a reader's page.

A brief needs no raw HTML, and a collection edited by pull request must not
let a page or a catalog's ``msgstr`` carry script to every reader: MyST
passes raw HTML through verbatim.  So any raw HTML is refused (the worst
kinds named: ``<script>``, ``<iframe>``, ``on...=`` handlers ...), and so is
a link or image whose URL runs code or embeds a document (``javascript:``,
``data:``, ``vbscript:``).

:func:`find_unsafe` reads Markdown with MyST's own parser (the checker's
way, no build); :func:`unsafe_html` and :func:`unsafe_url` are the rules the
build applies to the nodes MyST made (``briefs.unsafe_markup``).  No Sphinx
import.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass

#: Elements that run script, style the page or embed other documents.
DANGEROUS_TAGS = frozenset({"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
                            "form", "input", "button", "textarea", "select", "link", "meta", "base", "svg",
                            "math", "template"})
#: URL schemes that run code or carry a whole document.
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")

_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9:-]*)")
_HANDLER = re.compile(r"\bon[a-z]+\s*=", re.IGNORECASE)
_URL_ATTRIBUTE = re.compile(r"""\b(?:href|src|action|formaction|xlink:href)\s*=\s*["']?\s*([^"'\s>]+)""",
                            re.IGNORECASE)


#: Link syntax with an unsafe URL, which MyST leaves as text (it refuses the URL): still refused.
_REFUSED_LINK = re.compile(r"(?:\]\(\s*<?|<|^\s*\[[^\]]*\]:\s*<?)\s*(javascript|vbscript|data)\s*:",
                           re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Unsafe:
    line: int  # 1-based, in the text given
    message: str


def unsafe_url(url: str) -> bool:
    """A URL that runs code or embeds a document, however it is spelt (entities, case, blanks)."""
    cleaned = re.sub(r"[\x00-\x20]+", "", html.unescape(url or "")).lower()
    return cleaned.startswith(DANGEROUS_SCHEMES)


def unsafe_link_text(text: str) -> str | None:
    """Why text that is link syntax with a script or data URL is refused (None if it is not)."""
    match = _REFUSED_LINK.search(text)
    if match is None:
        return None
    return f"unsafe link: a {match.group(1).lower()}: URL"


def unsafe_html(raw: str) -> str:
    """Why a piece of raw HTML may not reach a page (every piece may not)."""
    tags = [name.lower() for name in _TAG.findall(raw)]
    dangerous = sorted({tag for tag in tags if tag in DANGEROUS_TAGS})
    if dangerous:
        return "unsafe HTML: " + ", ".join(f"<{tag}>" for tag in dangerous)
    if _HANDLER.search(raw):
        return "unsafe HTML: an event-handler attribute (on...=)"
    if any(unsafe_url(url) for url in _URL_ATTRIBUTE.findall(raw)):
        return "unsafe HTML: a javascript: or data: URL"
    if tags:
        return "raw HTML is not allowed in a brief: " + ", ".join(f"<{tag}>" for tag in dict.fromkeys(tags))
    return f"raw HTML is not allowed in a brief: {' '.join(raw.split())[:60]!r}"


#: The catalog of the interface (Sphinx's and the theme's strings): its messages are template HTML.
INTERFACE_CATALOG = "sphinx.po"
_HTML_TAG = re.compile(r"<[^<>]+>")


def added_html(msgid: str, msgstr: str) -> list[str]:
    """The HTML tags an interface translation adds to its msgid's (it may carry those only)."""
    return sorted(set(_HTML_TAG.findall(msgstr)) - set(_HTML_TAG.findall(msgid)))


def raw_output(formats: str, content: str) -> str:
    """Why a raw directive's output may not reach a page or the PDF (any format)."""
    if "html" in formats.split():
        return unsafe_html(content)
    return f"raw output is not allowed: {formats}"


@functools.lru_cache(maxsize=4)
def _parser(extensions: frozenset[str]):  # noqa: ANN202 - a MarkdownIt
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)


#: Fenced blocks whose content MyST parses as Markdown again (directives), unlike code.
_DIRECTIVE = re.compile(r"\{[\w:-]+\}")
#: Directives whose content is not Markdown: the brief's metadata, code.
_NOT_MARKDOWN = frozenset({"{brief}", "{code-block}", "{code}", "{literalinclude}", "{math}"})
#: Directives that pass their content to the output as it is (reST's, and MyST's own).
_RAW_DIRECTIVES = frozenset({"{raw}"})
#: reST's raw directive, inside an ``{eval-rst}`` block.
_REST_RAW = re.compile(r"^[ \t]*\.\.[ \t]+raw::[ \t]*(\S*)", re.MULTILINE)


def find_unsafe(text: str, extensions: frozenset[str] = frozenset()) -> list[Unsafe]:
    """Every piece of raw HTML and every unsafe link or image URL in Markdown ``text``,
    as MyST reads it (a page, or a catalog's message)."""
    found: list[Unsafe] = []
    _scan(_parser(frozenset(extensions)).parse(text), 0, extensions, found)
    # An element's opening and closing tags are two pieces: one finding.
    return sorted(dict.fromkeys(found), key=lambda u: u.line)


def _scan(tokens, offset: int, extensions: frozenset[str], found: list[Unsafe]) -> None:  # noqa: ANN001
    for token in tokens:
        line = offset + (token.map[0] + 1 if token.map else 1)
        if token.type == "html_block":
            found.append(Unsafe(line, unsafe_html(token.content)))
        elif token.type in ("fence", "colon_fence") and token.info.split(" ")[0] in _RAW_DIRECTIVES:
            found.append(Unsafe(line, raw_output(token.info.split(" ", 1)[-1].strip(), token.content)))
        elif token.type in ("fence", "colon_fence") and token.info.split(" ")[0] == "{eval-rst}":
            for match in _REST_RAW.finditer(token.content):
                found.append(Unsafe(line + 1 + token.content.count("\n", 0, match.start()),
                                    raw_output(match.group(1), "")))
        elif token.type in ("fence", "colon_fence") and _DIRECTIVE.fullmatch(token.info.split(" ")[0] or "-") \
                and token.info.split(" ")[0] not in _NOT_MARKDOWN:
            body = token.content
            _scan(_parser(frozenset(extensions)).parse(body), line, extensions, found)
        elif token.type == "inline" and token.children:
            for child in token.children:
                if child.type == "html_inline":
                    found.append(Unsafe(line, unsafe_html(child.content)))
                elif child.type == "link_open" and unsafe_url(str(child.attrGet("href") or "")):
                    found.append(Unsafe(line, f"unsafe link: {child.attrGet('href')!r}"))
                elif child.type == "image" and unsafe_url(str(child.attrGet("src") or "")):
                    found.append(Unsafe(line, f"unsafe image: {child.attrGet('src')!r}"))
                elif child.type == "text" and unsafe_link_text(child.content):
                    found.append(Unsafe(line, unsafe_link_text(child.content)))


@dataclass(frozen=True)
class Include:
    line: int  # of the directive, 1-based
    target: str  # as written: relative to the page's folder, or to the source folder if it starts with /
    markup: str  # "markdown", "rst" or "literal" (shown as code: nothing in it can be markup)


#: An include's options that show the file as code.
_LITERAL_OPTION = re.compile(r"^\s*(?::literal:|:code:|literal:\s*true)", re.MULTILINE)
_REST_INCLUDE = re.compile(r"^[ \t]*\.\.[ \t]+include::[ \t]*(\S+)((?:\n[ \t]+:.*)*)", re.MULTILINE)


def find_includes(text: str, extensions: frozenset[str] = frozenset()) -> list[Include]:
    """The files a page pulls into itself (MyST's ``{include}``, reST's ``include``): their
    markup reaches the page as the page's own does."""
    found: list[Include] = []

    def walk(tokens, offset: int) -> None:  # noqa: ANN001 - markdown-it tokens
        for token in tokens:
            if token.type not in ("fence", "colon_fence"):
                continue
            line = offset + token.map[0] + 1
            name, _, argument = token.info.partition(" ")
            if name == "{include}":
                literal = _LITERAL_OPTION.search(token.content)
                found.append(Include(line, argument.strip(), "literal" if literal else "markdown"))
            elif name == "{eval-rst}":
                for match in _REST_INCLUDE.finditer(token.content):
                    literal = _LITERAL_OPTION.search(match.group(2))
                    found.append(Include(line + 1 + token.content.count("\n", 0, match.start()), match.group(1),
                                         "literal" if literal else "rst"))
            elif _DIRECTIVE.fullmatch(name or "-") and name not in _NOT_MARKDOWN:
                walk(_parser(frozenset(extensions)).parse(token.content), line)

    walk(_parser(frozenset(extensions)).parse(text), 0)
    return found


def find_unsafe_rst(text: str) -> list[Unsafe]:
    """reST included into a page: its raw directives (reST passes no other HTML through)."""
    return [Unsafe(text.count("\n", 0, m.start()) + 1, raw_output(m.group(1), "")) for m in _REST_RAW.finditer(text)]
