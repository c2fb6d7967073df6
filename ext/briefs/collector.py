"""Python's cyclic garbage collector during a build: not while Sphinx starts.

Starting a build creates millions of objects that live as long as the build:
the modules of Sphinx, docutils, MyST and furo, and the pickled environment
of every document read before.  Each full collection walks all of them, and
the collector ran dozens while they were being created: an incremental build
of 1,000 briefs spent 1.5 s where 0.85 s does (measured by ``make bench``,
"no change" and "edit"; the output is the same).

So the collector is paused until the environment is loaded
(``builder-inited``): from the collection's ``conf.py``, which Sphinx reads
before it loads its own extensions (:func:`pause_while_sphinx_starts`), or
else from the extension's ``setup()``.  What exists then is moved out of
its reach (:func:`gc.freeze`), and it runs for the rest of the build on the
objects the build creates, less often than Python's default (see
:data:`YOUNG_THRESHOLD`).  When the build has finished, everything is
frozen: Python's own collection as the process exits then has nothing to
walk (it took 0.45 s after a rebuild of 1,000 briefs, 10 s after a clean
zh_TW build of 10,000).  A process that starts another build (tests,
servers that rebuild) hands the frozen objects back then
(:func:`gc.unfreeze`) and collects what is garbage.  A build that fails
before ``builder-inited`` leaves the collector paused (``sphinx-build``
exits then anyway).  Parallel builds fork after ``builder-inited``: a
child's collector never touches the frozen objects, which also keeps their
memory pages shared.

Sphinx keeps every doctree it read for the writing phase
(``env._write_doc_doctree_cache``): at 10,000 briefs, 10,000 doctrees alive
at once, which every full collection walked (22 s of a 147 s clean build;
peak memory 990 MB).  The build now keeps none (:class:`NothingKept`): a
read doctree is dropped once pickled, and the writing phase unpickles it
again, as it does for a page not read in this build (about 0.3 ms a page).
When writing starts, what is alive lives to the end of the build, the
environment above all: it is collected once and frozen
(:func:`freeze_what_was_read`).  At 10,000 briefs: 132 s, peak 574 MB; at
1,000, the same time and 129 MB instead of 180 MB.  (Freezing with the
doctrees kept made them immortal: peak 1.29 GB.)

That collection at ``write-started`` is also the only full one while reading
(:data:`NO_FULL_COLLECTION`): Python's own ran 7 (English) and 9 (zh_TW)
more over the growing environment in a clean build of 10,000 briefs, 2.2 s
and 3.6 s, to free next to nothing (the same peak memory without them).
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Collect the youngest generation after this many allocations (Python's
#: default is 700).  A build makes and drops whole doctrees; at 700 the
#: collector ran 2,770 times in a clean build of 1,000 briefs, 13 of them
#: over the whole heap (2.9 s of 18 s); at 10,000, 211 times, once over the
#: whole heap (1.0 s), for 9% more peak memory.
YOUNG_THRESHOLD = 10_000

#: The oldest generation's threshold while reading (Python's default is 10):
#: never reached, so no full collection runs until ``write-started``.  What
#: reading keeps is the environment, which only grows; a full collection
#: walks all of it and finds little garbage (see the module docstring).
NO_FULL_COLLECTION = 2**30

_paused = False  # by this module, until the environment is loaded
_frozen = False  # objects of a build are frozen in this process
_thresholds: tuple[int, int, int] | None = None  # the process's own, while a build runs


def pause_while_sphinx_starts() -> None:
    """Stop collecting from ``conf.py`` on (through ``briefs.before_sphinx_loads_extensions()``).

    Sphinx reads ``conf.py`` before it loads its own extensions, the
    builders, domains and transforms, and then MyST and furo; the extension's
    ``setup()`` comes after them.  Pausing here spares the collector's runs
    over what they import (0.03 s of every build: in an incremental build of
    1,000 briefs the collector took 0.055 s, now 0.02); ``builder-inited``
    resumes it as before.  Without it, :func:`pause` pauses from ``setup()``.
    """
    pause(None)


def pause(app: Sphinx | None) -> None:
    """Stop collecting until the environment is loaded (called from ``setup()``).

    A previous build in this process hands back what it froze first, and its
    garbage is collected now, before it could be frozen again.
    """
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
    """``env._write_doc_doctree_cache`` that keeps no doctree (see the module docstring)."""

    def __setitem__(self, docname: str, doctree: object) -> None:
        pass


def keep_no_read_doctrees(app: Sphinx) -> None:
    """``builder-inited``: the writing phase unpickles the doctrees it writes."""
    if isinstance(getattr(app.env, "_write_doc_doctree_cache", None), dict):
        app.env._write_doc_doctree_cache = NothingKept()  # type: ignore[attr-defined]


def freeze_what_was_read(app: Sphinx, builder: object) -> None:
    """``write-started``: collect once, then freeze what lives to the end of the build;
    full collections again from now on, over what writing creates."""
    global _frozen
    if _thresholds is not None:  # this module runs the collector for the build
        gc.collect()
        gc.freeze()
        _frozen = True
        young, middle, _ = gc.get_threshold()  # as resume() set them
        gc.set_threshold(young, middle, _thresholds[2])


def restore(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the process's own thresholds again, and nothing left to walk at exit."""
    global _frozen, _thresholds
    if _thresholds is not None:
        gc.set_threshold(*_thresholds)
        _thresholds = None
        gc.freeze()
        _frozen = True
