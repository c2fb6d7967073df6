"""Sphinx's environment: no purge of documents it has never read.

Before reading a document, Sphinx removes what the environment holds of it
(``BuildEnvironment.clear_doc``), also for a document it has never read, and
its standard domain then looks through every label for that document: a
clean build does this once a page over all the labels found so far, which
grows with the square of the collection.  A document not in
``env.all_docs`` has nothing to remove (domains record a document only
while reading it), so its removal is skipped; Sphinx's ``env-purge-doc``
event is still emitted.  While the environment has read nothing at all,
every removal runs as before: some domains create their containers on first
use there, and a parallel build's merge expects them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .guard import Speedup, replace

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def apply(app: Sphinx) -> None:
    from sphinx.environment import BuildEnvironment

    def make(clear_doc: Any) -> Callable[..., Any]:
        def clear_doc_if_read(self: Any, docname: str) -> None:
            if docname in self.all_docs or not self.all_docs:
                clear_doc(self, docname)

        return clear_doc_if_read

    replace(BuildEnvironment, "clear_doc", make)


SPEEDUP = Speedup(
    name="purge",
    verified={"sphinx": ("~=8.2.3", "~=9.2.0")},
    targets={"sphinx.environment:BuildEnvironment.clear_doc": ("(self, docname: 'str') -> 'None'",)},
    apply=apply,
    report="docs/upstream/sphinx-chinese-search-and-start-up.md#6-a-clean-build-looks-through-every-label-before-reading-each-page",
)
