"""The garbage collector during a build (briefs.speedups.gc): paused while Sphinx
starts, frozen objects afterwards, the process's thresholds back at the end."""

from __future__ import annotations

import gc

import pytest

THRESHOLDS_BEFORE = gc.get_threshold()
WITH_SPEEDUPS = {"extensions": ["myst_parser", "briefs", "briefs.speedups"]}


@pytest.mark.sphinx("html", testroot="collection", confoverrides=WITH_SPEEDUPS)
def test_collector_runs_during_the_build_and_its_thresholds_come_back(app) -> None:
    from briefs.speedups.gc import YOUNG_THRESHOLD

    # The application exists: its environment is loaded, builder-inited has run.
    assert gc.isenabled()
    assert gc.get_freeze_count() > 10_000  # modules and environment, out of the collector's way
    assert gc.get_threshold()[0] == max(YOUNG_THRESHOLD, THRESHOLDS_BEFORE[0])
    frozen_at_start = gc.get_freeze_count()
    app.build()
    assert gc.get_threshold() == THRESHOLDS_BEFORE
    assert gc.isenabled()
    # Finished: everything frozen, so the collection at exit has nothing to walk.
    assert gc.get_freeze_count() > frozen_at_start


def test_a_second_build_in_the_process_hands_back_what_the_first_froze(rootdir, tmp_path) -> None:  # noqa: ANN001
    """The first application was frozen with its start-up objects; once it is
    dropped, the next build's start must let the collector free it."""
    import shutil
    import weakref

    from sphinx.testing.util import SphinxTestApp

    source = tmp_path / "root"
    shutil.copytree(rootdir / "test-collection", source)
    first = SphinxTestApp("html", srcdir=source, confoverrides=WITH_SPEEDUPS)
    first.build()
    first.cleanup()
    gone = weakref.ref(first)
    del first
    assert gone() is not None  # frozen: no collection can free it yet
    gc.collect()
    assert gone() is not None
    second = SphinxTestApp("html", srcdir=source, confoverrides=WITH_SPEEDUPS)
    try:
        assert gone() is None
    finally:
        second.cleanup()


@pytest.mark.sphinx("html", testroot="collection", freshenv=True, confoverrides=WITH_SPEEDUPS)
def test_read_doctrees_are_not_kept_and_what_was_read_is_frozen_before_writing(app) -> None:
    """Sphinx kept every doctree it read until it wrote the page (all of them alive
    at once, walked by every full collection); the writing phase unpickles them."""
    seen: dict[str, int] = {}

    def at_write_start(app, builder) -> None:  # noqa: ANN001
        seen["kept"] = len(app.env._write_doc_doctree_cache)
        seen["read"] = len(app.env.all_docs)
        seen["frozen"] = gc.get_freeze_count()

    app.connect("write-started", at_write_start, priority=900)  # after the collector's
    frozen_before = gc.get_freeze_count()
    app.build()
    assert seen["read"] >= 7 and seen["kept"] == 0
    assert seen["frozen"] > frozen_before  # the environment, read in this build
    page = (app.outdir / "briefs" / "gamma.html").read_text(encoding="utf-8")
    assert "Gamma cites" in page


@pytest.mark.sphinx("html", testroot="collection", freshenv=True, confoverrides=WITH_SPEEDUPS)
def test_no_full_collection_while_reading_then_python_s_thresholds_for_writing(app) -> None:
    """Reading only grows the environment: full collections over it wait for the
    one at write-started; writing runs with the process's oldest threshold."""
    from briefs.speedups.gc import NO_FULL_COLLECTION, YOUNG_THRESHOLD

    seen: dict[str, tuple[int, int, int]] = {}
    app.connect("doctree-read", lambda app, doctree: seen.setdefault("reading", gc.get_threshold()))
    app.connect("write-started", lambda app, builder: seen.setdefault("writing", gc.get_threshold()), priority=900)
    app.build()
    young = max(YOUNG_THRESHOLD, THRESHOLDS_BEFORE[0])
    assert seen["reading"] == (young, THRESHOLDS_BEFORE[1], NO_FULL_COLLECTION)
    assert seen["writing"] == (young, *THRESHOLDS_BEFORE[1:])
    assert gc.get_threshold() == THRESHOLDS_BEFORE
