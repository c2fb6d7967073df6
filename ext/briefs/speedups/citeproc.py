"""citeproc-py: a style's macros found once, not by an XPath search per use.

Formatting a reference, citeproc-py looks each ``<text macro="...">`` up with
``CitationStylesElement.get_macro``: an XPath search of the whole style,
every time (APA and Chicago call macros some 250 times a reference).  The
macro found for a name in a style's tree is always the same element, so it
is kept, by tree: lxml gives back the same element object for as long as one
is held, and the cache holds the root.  The references are the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .guard import Speedup, replace

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def apply(app: Sphinx) -> None:
    from citeproc.model import CitationStylesElement

    def make(get_macro: Any) -> Callable[..., Any]:
        found: dict[Any, dict[str, Any]] = {}  # style root -> macro name -> element

        def get_macro_once(self: Any, name: str) -> Any:
            macros = found.setdefault(self.get_root(), {})
            if name not in macros:
                macros[name] = get_macro(self, name)
            return macros[name]

        return get_macro_once

    replace(CitationStylesElement, "get_macro", make)


SPEEDUP = Speedup(
    name="citeproc",
    verified={"citeproc-py": ("~=0.11.1",)},
    targets={"citeproc.model:CitationStylesElement.get_macro": ("(self, name)",),
             "citeproc.model:CitationStylesElement.get_root": ("(self)",)},
    apply=apply,
    report="docs/upstream/citeproc-py-macro-lookup.md",
)
