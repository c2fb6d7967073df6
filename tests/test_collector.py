"""The garbage collector during a build (briefs.collector): paused while Sphinx
starts, frozen objects afterwards, the process's thresholds back at the end."""

from __future__ import annotations

import gc

import pytest

THRESHOLDS_BEFORE = gc.get_threshold()


@pytest.mark.sphinx("html", testroot="collection")
def test_collector_runs_during_the_build_and_its_thresholds_come_back(app) -> None:
    from briefs.collector import YOUNG_THRESHOLD

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
    first = SphinxTestApp("html", srcdir=source)
    first.build()
    first.cleanup()
    gone = weakref.ref(first)
    del first
    assert gone() is not None  # frozen: no collection can free it yet
    gc.collect()
    assert gone() is not None
    second = SphinxTestApp("html", srcdir=source)
    try:
        assert gone() is None
    finally:
        second.cleanup()


@pytest.mark.sphinx("html", testroot="collection", freshenv=True)
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
    assert seen["read"] >= 8 and seen["kept"] == 0
    assert seen["frozen"] > frozen_before  # the environment, read in this build
    page = (app.outdir / "briefs" / "gamma.html").read_text(encoding="utf-8")
    assert "Gamma cites" in page


@pytest.mark.sphinx("html", testroot="collection", freshenv=True)
def test_no_full_collection_while_reading_then_python_s_thresholds_for_writing(app) -> None:
    """Reading only grows the environment: full collections over it wait for the
    one at write-started; writing runs with the process's oldest threshold."""
    from briefs.collector import NO_FULL_COLLECTION, YOUNG_THRESHOLD

    seen: dict[str, tuple[int, int, int]] = {}
    app.connect("doctree-read", lambda app, doctree: seen.setdefault("reading", gc.get_threshold()))
    app.connect("write-started", lambda app, builder: seen.setdefault("writing", gc.get_threshold()), priority=900)
    app.build()
    young = max(YOUNG_THRESHOLD, THRESHOLDS_BEFORE[0])
    assert seen["reading"] == (young, THRESHOLDS_BEFORE[1], NO_FULL_COLLECTION)
    assert seen["writing"] == (young, *THRESHOLDS_BEFORE[1:])
    assert gc.get_threshold() == THRESHOLDS_BEFORE


# Counts the collector's runs from the moment the collection's conf.py pauses it
# until builder-inited resumes it, in a real build of the repository's collection.
COUNT_COLLECTIONS = """
import gc, sys
import briefs.collector as collector
from sphinx.cmd.build import main
window = {"open": False, "runs": 0, "paused_from_conf": False}
gc.callbacks.append(lambda phase, info: window.update(runs=window["runs"] + (phase == "start" and window["open"])))
pause, resume = collector.pause_while_sphinx_starts, collector.resume
def paused_from_conf():
    pause()
    window.update(open=True, paused_from_conf=True)
def resumed(app):
    window["open"] = False
    resume(app)
collector.pause_while_sphinx_starts, collector.resume = paused_from_conf, resumed
status = main(["-q", "-b", "html", "-c", sys.argv[1], "-d", sys.argv[2] + "/doctrees", sys.argv[1] + "/source",
               sys.argv[2] + "/html"])
print(window["paused_from_conf"], window["runs"], gc.isenabled())
sys.exit(status)
"""


def test_the_collection_pauses_the_collector_from_conf_py(tmp_path) -> None:  # noqa: ANN001
    """Sphinx reads conf.py before loading its own extensions, MyST and furo:
    the collection's conf.py pauses the collector there, not only setup()."""
    import subprocess
    import sys

    from conftest import copy_project

    project = copy_project(tmp_path)
    result = subprocess.run([sys.executable, "-c", COUNT_COLLECTIONS, str(project), str(tmp_path / "_build")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "0", "True"]  # paused from conf.py, no run until resumed, enabled
