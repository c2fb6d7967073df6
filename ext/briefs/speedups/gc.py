"""Python's garbage collector during a build: paused while Sphinx starts, no
full collection while reading, no read doctree kept for writing.

A build creates millions of objects that live as long as it does (the
modules, the loaded environment, every record read), and Python's collector
walks all of them in each full collection while finding little garbage.
So the collector is paused from ``config-inited`` to ``builder-inited``;
what exists then is frozen (:func:`gc.freeze`); the youngest generation is
collected every :data:`YOUNG_THRESHOLD` allocations; no full collection runs
until ``write-started``, where one runs and what was read is frozen; when
the build ends everything is frozen, so Python's exit walks nothing.  A
later build in the same process hands the frozen objects back first.

Sphinx keeps every doctree it read for the writing phase
(``env._write_doc_doctree_cache``): all of them alive at once, walked by
every full collection.  The build keeps none (:class:`NothingKept`); the
writing phase unpickles them, as for pages not read in this build.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from .guard import Speedup

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Collect the youngest generation after this many allocations (Python's default is 700).
YOUNG_THRESHOLD = 10_000
#: The oldest generation's threshold while reading: never reached.
NO_FULL_COLLECTION = 2**30

_paused = False  # by this module, until the environment is loaded
_frozen = False  # objects of a build are frozen in this process
_thresholds: tuple[int, int, int] | None = None  # the process's own, while a build runs


def pause() -> None:
    """Stop collecting until the environment is loaded; a previous build's frozen
    objects are handed back first, and its garbage collected."""
    global _frozen, _paused
    if _frozen:
        gc.unfreeze()
        _frozen = False
        gc.collect()
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume(app: Sphinx) -> None:
    """``builder-inited``: everything alive now lives for the build; collect the rest."""
    global _frozen, _paused, _thresholds
    if _paused:
        _paused = False
        gc.freeze()
        _frozen = True
        gc.enable()
    if _thresholds is None:
        _thresholds = gc.get_threshold()
        young, middle, _ = _thresholds
        gc.set_threshold(max(YOUNG_THRESHOLD, young), middle, NO_FULL_COLLECTION)


class NothingKept(dict):  # type: ignore[type-arg]
    """``env._write_doc_doctree_cache`` that keeps no doctree."""

    def __setitem__(self, docname: str, doctree: object) -> None:
        pass


def keep_no_read_doctrees(app: Sphinx) -> None:
    """``builder-inited``: the writing phase unpickles the doctrees it writes."""
    if isinstance(getattr(app.env, "_write_doc_doctree_cache", None), dict):
        app.env._write_doc_doctree_cache = NothingKept()  # type: ignore[attr-defined]


def freeze_what_was_read(app: Sphinx, builder: object) -> None:
    """``write-started``: collect once, freeze what lives to the end of the build, and
    allow full collections again over what writing creates."""
    global _frozen
    if _thresholds is not None:
        gc.collect()
        gc.freeze()
        _frozen = True
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, _thresholds[2])


def restore(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the process's own thresholds again, and nothing left to walk at exit."""
    global _frozen, _thresholds
    if _thresholds is not None:
        gc.set_threshold(*_thresholds)
        _thresholds = None
        gc.freeze()
        _frozen = True


def apply(app: Sphinx) -> None:
    pause()
    app.connect("builder-inited", resume, priority=100)
    app.connect("builder-inited", keep_no_read_doctrees)
    app.connect("write-started", freeze_what_was_read, priority=100)
    app.connect("build-finished", restore, priority=900)


SPEEDUP = Speedup(
    name="gc",
    verified={"sphinx": ("~=8.2.3", "~=9.2.0")},
    # Sphinx's writing phase takes a read doctree from its cache here, else unpickles it.
    targets={"sphinx.environment:BuildEnvironment.get_and_resolve_doctree": (
        "(self, docname: 'str', builder: 'Builder', doctree: 'nodes.document | None' = None, "
        "prune_toctrees: 'bool' = True, includehidden: 'bool' = False) -> 'nodes.document'",
        "(self, docname: 'str', builder: 'Builder', *, tags: 'Tags' = Ellipsis, doctree: 'nodes.document | None' = None, "
        "prune_toctrees: 'bool' = True, includehidden: 'bool' = False) -> 'nodes.document'",
    )},
    apply=apply,
    report="docs/upstream/sphinx-doctrees-kept-for-writing.md",
)
